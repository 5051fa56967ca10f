//! reST body elements → Markdown: paragraphs, bullet and enumerated lists,
//! admonitions (`.. note::`, `.. warning::`, ...) and literal blocks.
//!
//! The input is a slice of page lines; indentation decides nesting, as in reST.
//! Paragraph lines are joined with spaces (the page wraps them, Markdown
//! does not need to); literal blocks become fenced `text` blocks so that the
//! code is never read as a Rust doctest.

use super::inline;
use super::lines::Line;

/// Converts doc text lines into Markdown.
pub fn to_markdown(lines: &[Line<'_>]) -> String {
    let mut blocks = Vec::new();
    collect(lines, &mut blocks);
    render(&blocks)
}

/// One Markdown block, before joining.
enum Block {
    Paragraph(String),
    Item { marker: &'static str, body: String },
    Code(String),
    Quote(String),
}

fn render(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut previous_item = false;
    for block in blocks {
        let is_item = matches!(block, Block::Item { .. });
        if !out.is_empty() {
            out.push_str(if is_item && previous_item {
                "\n"
            } else {
                "\n\n"
            });
        }
        match block {
            Block::Paragraph(text) => out.push_str(text),
            Block::Item { marker, body } => {
                out.push_str(marker);
                push_indented(&mut out, body, marker.len());
            }
            Block::Code(code) => {
                out.push_str("```text\n");
                out.push_str(code);
                out.push_str("\n```");
            }
            Block::Quote(body) => {
                for (i, line) in body.split('\n').enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    out.push('>');
                    if !line.is_empty() {
                        out.push(' ');
                        out.push_str(line);
                    }
                }
            }
        }
        previous_item = is_item;
    }
    out
}

/// Appends `body`, indenting every line after the first by `width` spaces.
fn push_indented(out: &mut String, body: &str, width: usize) {
    for (i, line) in body.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.extend(std::iter::repeat_n(' ', width));
            }
        }
        out.push_str(line);
    }
}

fn collect(lines: &[Line<'_>], blocks: &mut Vec<Block>) {
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.is_blank() {
            i += 1;
            continue;
        }
        if let Some(directive) = line.text.strip_prefix(".. ") {
            i = directive_block(lines, i, directive, blocks);
        } else if let Some((marker, rest)) = list_marker(line.text) {
            i = list_item(lines, i, marker, rest, blocks);
        } else {
            i = paragraph(lines, i, blocks);
        }
    }
}

/// `* text`, `- text`, `+ text`, `#. text`, `1. text`.
fn list_marker(text: &str) -> Option<(&'static str, &str)> {
    for bullet in ["* ", "- ", "+ "] {
        if let Some(rest) = text.strip_prefix(bullet) {
            return Some(("- ", rest));
        }
    }
    if text == "*" || text == "-" {
        return Some(("- ", ""));
    }
    if let Some(rest) = text.strip_prefix("#. ") {
        return Some(("1. ", rest));
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 4 {
        if let Some(rest) = text[digits..].strip_prefix(". ") {
            return Some(("1. ", rest));
        }
    }
    None
}

/// Index of the first line after `start` that is not blank and not indented
/// deeper than `indent`.
fn end_of_body(lines: &[Line<'_>], start: usize, indent: usize) -> usize {
    let mut end = start;
    let mut last_content = start;
    while end < lines.len() {
        let line = lines[end];
        if !line.is_blank() {
            if line.indent <= indent {
                break;
            }
            last_content = end + 1;
        }
        end += 1;
    }
    last_content.max(start)
}

fn list_item(
    lines: &[Line<'_>],
    at: usize,
    marker: &'static str,
    first: &str,
    blocks: &mut Vec<Block>,
) -> usize {
    let line = lines[at];
    let end = end_of_body(lines, at + 1, line.indent);
    let mut body_lines = Vec::with_capacity(end - at);
    if !first.is_empty() {
        body_lines.push(Line {
            number: line.number,
            indent: line.indent + 2,
            text: first.trim_start(),
        });
    }
    body_lines.extend_from_slice(&lines[at + 1..end]);
    blocks.push(Block::Item {
        marker,
        body: to_markdown(&body_lines),
    });
    end
}

fn directive_block(
    lines: &[Line<'_>],
    at: usize,
    directive: &str,
    blocks: &mut Vec<Block>,
) -> usize {
    let line = lines[at];
    let end = end_of_body(lines, at + 1, line.indent);
    let Some((name, argument)) = directive.split_once("::") else {
        // `.. text` without `::` is a reST comment.
        return end;
    };
    let body = &lines[at + 1..end];
    let label = match name.trim() {
        "note" | "tip" | "hint" | "seealso" => Some("**Note:**"),
        "warning" | "caution" | "attention" => Some("**Warning:**"),
        "danger" | "important" | "error" => Some("**Important:**"),
        _ => None,
    };
    if let Some(label) = label {
        let mut inner: Vec<Line<'_>> = Vec::with_capacity(body.len() + 1);
        let argument = argument.trim();
        if !argument.is_empty() {
            inner.push(Line {
                number: line.number,
                indent: line.indent + 3,
                text: argument,
            });
        }
        inner.extend_from_slice(body);
        let text = to_markdown(&inner);
        blocks.push(Block::Quote(if text.is_empty() {
            label.to_owned()
        } else {
            format!("{label} {text}")
        }));
    } else if matches!(name.trim(), "code-block" | "code" | "sourcecode") {
        if let Some(code) = literal_text(body) {
            blocks.push(Block::Code(code));
        }
    } else {
        // Other directives (toctree, py:...) carry no prose worth keeping here.
    }
    end
}

fn paragraph(lines: &[Line<'_>], at: usize, blocks: &mut Vec<Block>) -> usize {
    let indent = lines[at].indent;
    let mut end = at;
    let mut text = String::new();
    while end < lines.len() {
        let line = lines[end];
        if line.is_blank() || (end > at && line.indent < indent) {
            break;
        }
        if end > at && (line.text.starts_with(".. ") || list_marker(line.text).is_some()) {
            break;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(line.text);
        end += 1;
    }
    let literal_follows = text.ends_with("::");
    if literal_follows {
        text.truncate(text.len() - 2);
        let trimmed = text.trim_end().len();
        text.truncate(trimmed);
        // `Example::` reads as `Example:`; a lone `::` disappears.
        if !text.is_empty() && !text.ends_with(' ') {
            text.push(':');
        }
    }
    if !text.is_empty() {
        let mut md = String::with_capacity(text.len());
        inline::to_markdown(&text, &mut md);
        escape_line_start(&mut md);
        blocks.push(Block::Paragraph(md));
    }
    if literal_follows {
        let body_end = end_of_body(lines, end, indent);
        if let Some(code) = literal_text(&lines[end..body_end]) {
            blocks.push(Block::Code(code));
        }
        return body_end;
    }
    end
}

/// Text that Markdown would read as a heading, list or quote at the start of a
/// paragraph gets a backslash.
fn escape_line_start(md: &mut String) {
    let first = md.as_bytes().first().copied();
    let needs = match first {
        Some(b'#' | b'>' | b'=' | b'|') => true,
        Some(b'-' | b'+') => md.as_bytes().get(1).is_none_or(|b| *b == b' '),
        Some(b'0'..=b'9') => {
            let digits = md.bytes().take_while(u8::is_ascii_digit).count();
            matches!(md.as_bytes().get(digits), Some(b'.' | b')'))
        }
        _ => false,
    };
    if needs {
        md.insert(0, '\\');
    }
}

/// The lines of a literal block, dedented, without leading or trailing blank lines.
pub fn literal_text(lines: &[Line<'_>]) -> Option<String> {
    let first = lines.iter().position(|l| !l.is_blank())?;
    let last = lines.iter().rposition(|l| !l.is_blank())?;
    let body = &lines[first..=last];
    let base = body
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| l.indent)
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for (i, line) in body.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if !line.is_blank() {
            out.extend(std::iter::repeat_n(' ', line.indent - base));
            out.push_str(line.text);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::rst::lines::split;

    fn md(text: &str) -> String {
        to_markdown(&split(text))
    }

    #[test]
    fn paragraphs_are_joined_and_separated() {
        assert_eq!(md("  one\n  two\n\n   \n  three\n"), "one two\n\nthree");
    }

    #[test]
    fn bullet_lists_are_tight() {
        let text = "Any of:\n\n \n\n* PENDING.\n \n* RUNNING.\n\nAfter.";
        assert_eq!(md(text), "Any of:\n\n- PENDING.\n- RUNNING.\n\nAfter.");
    }

    #[test]
    fn admonitions_and_literals() {
        let text =
            ".. note::\n\n  Users' emails are case-sensitive.\n\nExample::\n\n  a = 1\n    b\n";
        assert_eq!(
            md(text),
            "> **Note:** Users' emails are case-sensitive.\n\nExample:\n\n```text\na = 1\n  b\n```"
        );
    }

    #[test]
    fn note_text_on_the_directive_line() {
        let text = ".. note::    This is a Tagged Union structure.";
        assert_eq!(md(text), "> **Note:** This is a Tagged Union structure.");
    }

    #[test]
    fn line_starts_that_markdown_would_misread() {
        assert_eq!(md("# of items"), "\\# of items");
        assert_eq!(md("2. is a number"), "1. is a number");
        assert_eq!(md("1990. A year"), "\\1990. A year");
    }
}
