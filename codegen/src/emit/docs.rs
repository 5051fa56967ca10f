//! Doc text: Markdown from the model, made safe for rustdoc, as `#[doc]` attributes.
//!
//! Foreign doc text breaks rustdoc in known ways: code blocks without a language are
//! compiled as Rust doctests, `[text]` is taken for an intra-doc link, `<Name>` for an
//! unclosed HTML tag, and bare URLs are linted. [`clean`] finds those constructs with a
//! Markdown parser and rewrites only them, leaving the rest of the text byte for byte.
//! Text from the model goes through [`foreign`] or [`foreign_or`]; text the emitters
//! write themselves (with intra-doc links) does not.

use std::ops::Range;

use proc_macro2::TokenStream;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use quote::quote;

/// One `#[doc = "..."]` per line of `markdown` (outer attributes). The text is used as
/// is: model text must have gone through [`foreign`] first.
pub fn attrs(markdown: &str) -> TokenStream {
    let lines = doc_lines(markdown);
    quote!(#(#[doc = #lines])*)
}

/// One `#![doc = "..."]` per line of `markdown` (inner attributes: module docs).
pub fn inner_attrs(markdown: &str) -> TokenStream {
    let lines = doc_lines(markdown);
    quote!(#(#![doc = #lines])*)
}

/// `markdown` as the lines of doc comments: a leading space like `/// text`, no
/// trailing whitespace, tabs expanded, no leading or trailing blank lines.
fn doc_lines(markdown: &str) -> Vec<String> {
    let lines: Vec<&str> = markdown.lines().map(str::trim_end).collect();
    let first = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let last = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(first, |i| i + 1);
    lines[first..last]
        .iter()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {}", line.replace('\t', "    "))
            }
        })
        .collect()
}

/// Doc text from the model, cleaned for rustdoc.
pub fn foreign(markdown: &str) -> String {
    clean(markdown)
}

/// Doc text from the model, cleaned, unless it is blank; then `fallback` (written by
/// the emitters): every generated item is documented.
pub fn foreign_or(docs: &str, fallback: impl FnOnce() -> String) -> String {
    if docs.trim().is_empty() {
        fallback()
    } else {
        clean(docs)
    }
}

/// The first paragraph of `markdown`: a summary for an item that links to the rest.
pub fn summary(markdown: &str) -> String {
    markdown
        .trim()
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// `text` as an inline code span, with a delimiter longer than any backtick run in it.
pub fn code(text: &str) -> String {
    let ticks = "`".repeat(longest_backtick_run(text) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// A fenced `text` block holding `content` verbatim, with a fence longer than any run
/// of backticks in it.
pub fn text_block(content: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(content).max(2) + 1);
    format!("{fence}text\n{}\n{fence}", content.trim_end())
}

/// Rewrites the constructs of `markdown` that rustdoc would misread.
pub fn clean(markdown: &str) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut link_depth = 0usize;
    let mut in_code = false;
    let mut indented: Option<(Range<usize>, String)> = None;
    for (event, range) in Parser::new_ext(markdown, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if is_rust_info(&info) => {
                in_code = true;
                edits.push(retag_fence(markdown, range.start));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => in_code = true,
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                in_code = true;
                indented = Some((range, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                if let Some((block, content)) = indented.take() {
                    edits.push(fence_indented(markdown, block, &content));
                }
            }
            Event::Text(text) if in_code => {
                if let Some((_, content)) = indented.as_mut() {
                    content.push_str(&text);
                }
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => link_depth += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => link_depth = link_depth.saturating_sub(1),
            // Text whose source differs from its value holds escapes or entities
            // already; it is left alone.
            Event::Text(text) if markdown.get(range.clone()) == Some(&*text) => {
                // An escaped character starts a text event of its own, after the backslash.
                let after_backslash = markdown
                    .get(..range.start)
                    .is_some_and(|s| s.ends_with('\\'));
                let first = text.chars().next().map_or(0, char::len_utf8);
                let (kept, rest) = text.split_at(if after_backslash { first } else { 0 });
                let escaped = format!("{kept}{}", escape_text(rest, link_depth > 0));
                if escaped != *text {
                    edits.push((range, escaped));
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                edits.push((range, html.replace('<', "&lt;").replace('>', "&gt;")));
            }
            _ => {}
        }
    }
    apply(markdown, edits)
}

/// True for the info strings rustdoc compiles as Rust: none, `rust`, or only rustdoc
/// attributes.
fn is_rust_info(info: &str) -> bool {
    const RUSTDOC_ATTRS: &[&str] = &[
        "rust",
        "ignore",
        "should_panic",
        "no_run",
        "compile_fail",
        "test_harness",
        "standalone_crate",
        "edition2015",
        "edition2018",
        "edition2021",
        "edition2024",
    ];
    info.split([',', ' ', '\t'])
        .filter(|token| !token.is_empty())
        .all(|token| RUSTDOC_ATTRS.contains(&token) || token.starts_with("ignore-"))
}

/// Replaces the info string of the fence opening at `start` with `text`.
fn retag_fence(markdown: &str, start: usize) -> (Range<usize>, String) {
    let line_end = markdown[start..]
        .find('\n')
        .map_or(markdown.len(), |i| start + i);
    let line = &markdown[start..line_end];
    let indent = line.len() - line.trim_start().len();
    let fence_char = line.trim_start().chars().next().unwrap_or('`');
    let fence_len = line[indent..]
        .chars()
        .take_while(|&c| c == fence_char)
        .count();
    let fence_end = start + indent + fence_len * fence_char.len_utf8();
    (fence_end..line_end, "text".to_owned())
}

/// An indented code block rewritten as a fenced `text` block at the same depth.
fn fence_indented(markdown: &str, block: Range<usize>, content: &str) -> (Range<usize>, String) {
    let line_start = markdown[..block.start].rfind('\n').map_or(0, |i| i + 1);
    let first_line = &markdown[line_start..];
    let indent = first_line.len() - first_line.trim_start_matches(' ').len();
    let pad = " ".repeat(indent.saturating_sub(4));
    let body: String = content
        .lines()
        .map(|line| format!("{pad}{line}\n"))
        .collect();
    let fence = "`".repeat(3.max(longest_backtick_run(content) + 1));
    let mut replacement = format!("{pad}{fence}text\n{body}{pad}{fence}");
    if markdown[..block.end].ends_with('\n') {
        replacement.push('\n');
    }
    (line_start..block.end, replacement)
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// Escapes brackets (never links here) and wraps bare URLs outside links in `<>`.
fn escape_text(text: &str, in_link: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let url_start = if in_link { None } else { find_url(rest) };
        let (before, url, after) = match url_start {
            Some(start) => {
                let len = url_len(&rest[start..]);
                (
                    &rest[..start],
                    Some(&rest[start..start + len]),
                    &rest[start + len..],
                )
            }
            None => (rest, None, ""),
        };
        for c in before.chars() {
            if matches!(c, '[' | ']') {
                out.push('\\');
            }
            out.push(c);
        }
        if let Some(url) = url {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        rest = after;
    }
    out
}

fn find_url(text: &str) -> Option<usize> {
    ["https://", "http://"]
        .iter()
        .filter_map(|scheme| text.find(scheme))
        .min()
}

/// Length of the URL at the start of `text`: up to whitespace or a character that
/// cannot end it, without trailing sentence punctuation.
fn url_len(text: &str) -> usize {
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
        .unwrap_or(text.len());
    text[..end]
        .trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '\''])
        .len()
}

/// Applies non-overlapping edits (sorted here) to `text`.
fn apply(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, replacement) in edits {
        if range.start < at || text.get(range.clone()).is_none() {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_without_a_language_become_text() {
        assert_eq!(
            clean("a\n\n```\nx = 1\n```\n"),
            "a\n\n```text\nx = 1\n```\n"
        );
        assert_eq!(clean("```rust,ignore\nx\n```"), "```text\nx\n```");
        assert_eq!(clean("```json\n{}\n```"), "```json\n{}\n```");
        assert_eq!(clean("~~~\nx\n~~~"), "~~~text\nx\n~~~");
        assert_eq!(
            clean("```\na[0] <b> https://x.y\n```"),
            "```text\na[0] <b> https://x.y\n```"
        );
    }

    #[test]
    fn indented_code_becomes_a_text_fence() {
        assert_eq!(
            clean("Call it:\n\n    client.get(arn='x')\n    print(1)\n\nDone."),
            "Call it:\n\n```text\nclient.get(arn='x')\nprint(1)\n```\n\nDone."
        );
    }

    #[test]
    fn stray_brackets_are_escaped_but_links_and_code_kept() {
        assert_eq!(clean("Maximum [3] apps"), "Maximum \\[3\\] apps");
        assert_eq!(
            clean("See [the guide](https://example.com/a_b)."),
            "See [the guide](https://example.com/a_b)."
        );
        assert_eq!(clean("Use `a[0]`."), "Use `a[0]`.");
        assert_eq!(clean("already \\[escaped\\]"), "already \\[escaped\\]");
    }

    #[test]
    fn bare_urls_are_wrapped() {
        assert_eq!(
            clean("Go to https://aws.amazon.com/devicefarm."),
            "Go to <https://aws.amazon.com/devicefarm>."
        );
        assert_eq!(clean("<https://x.y/z>"), "<https://x.y/z>");
    }

    #[test]
    fn html_looking_text_is_escaped() {
        assert_eq!(clean("Use <VPC-ID> here"), "Use &lt;VPC-ID&gt; here");
    }

    #[test]
    fn own_text_keeps_its_intra_doc_links() {
        assert_eq!(doc_lines("See [`types`]."), vec![" See [`types`]."]);
        assert_eq!(foreign("See [`types`]."), "See \\[`types`\\].");
        assert_eq!(foreign_or(" \n", || "fallback".into()), "fallback");
    }

    #[test]
    fn doc_lines_trim_and_indent() {
        assert_eq!(
            doc_lines("\n\nFirst\tline  \n\nSecond\n\n"),
            vec![" First    line", "", " Second"]
        );
        assert!(doc_lines("").is_empty());
    }

    #[test]
    fn code_spans_outgrow_backtick_runs() {
        assert_eq!(code("ml.m5"), "`ml.m5`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
    }

    #[test]
    fn text_blocks_outgrow_backtick_runs() {
        assert_eq!(text_block("a ``` b"), "````text\na ``` b\n````");
        assert_eq!(text_block("x\n"), "```text\nx\n```");
    }
}
