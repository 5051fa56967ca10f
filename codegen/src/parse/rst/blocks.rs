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
    nested(lines, 0)
}

/// Lists and notes nest no deeper than this; deeper text becomes plain
/// paragraphs (a garbled page must not exhaust the stack).
const MAX_DEPTH: usize = 32;

fn nested(lines: &[Line<'_>], depth: usize) -> String {
    let mut writer = Writer {
        depth,
        ..Writer::default()
    };
    writer.collect(lines);
    writer.out
}

/// The kinds of Markdown block, for the separator between two of them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Item,
    Other,
}

/// Writes blocks straight into one string: list items are separated by a
/// newline, everything else by a blank line.
#[derive(Default)]
struct Writer {
    out: String,
    last: Option<Kind>,
    /// Reused for joining the lines of a paragraph.
    scratch: String,
    /// How deep in lists and notes this writer is.
    depth: usize,
}

impl Writer {
    fn start(&mut self, kind: Kind) {
        if self.last.is_some() {
            let tight = kind == Kind::Item && self.last == Some(Kind::Item);
            self.out.push_str(if tight { "\n" } else { "\n\n" });
        }
        self.last = Some(kind);
    }

    fn collect(&mut self, lines: &[Line<'_>]) {
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            if line.is_blank() {
                i += 1;
                continue;
            }
            let deep = self.depth >= MAX_DEPTH;
            if let Some(directive) = line.text.strip_prefix(".. ").filter(|_| !deep) {
                i = self.directive_block(lines, i, directive);
            } else if let Some((marker, rest)) = list_marker(line.text).filter(|_| !deep) {
                i = self.list_item(lines, i, marker, rest);
            } else {
                i = self.paragraph(lines, i);
            }
        }
    }

    fn code(&mut self, code: &str) {
        self.start(Kind::Other);
        self.out.push_str("```text\n");
        self.out.push_str(code);
        self.out.push_str("\n```");
    }

    fn quote(&mut self, label: &str, body: &str) {
        self.start(Kind::Other);
        self.out.push_str("> ");
        self.out.push_str(label);
        for (i, line) in body.split('\n').enumerate() {
            if i > 0 {
                self.out.push_str("\n>");
            }
            if !line.is_empty() {
                self.out.push(' ');
                self.out.push_str(line);
            }
        }
    }

    fn list_item(&mut self, lines: &[Line<'_>], at: usize, marker: &str, first: &str) -> usize {
        let line = lines[at];
        let end = end_of_body(lines, at + 1, line.indent);
        let body = if first.is_empty() {
            nested(&lines[at + 1..end], self.depth + 1)
        } else {
            let mut body_lines = Vec::with_capacity(end - at);
            body_lines.push(Line {
                number: line.number,
                indent: line.indent + 2,
                text: first.trim_start(),
            });
            body_lines.extend_from_slice(&lines[at + 1..end]);
            nested(&body_lines, self.depth + 1)
        };
        self.start(Kind::Item);
        self.out.push_str(marker);
        for (i, text) in body.split('\n').enumerate() {
            if i > 0 {
                self.out.push('\n');
                if !text.is_empty() {
                    self.out.extend(std::iter::repeat_n(' ', marker.len()));
                }
            }
            self.out.push_str(text);
        }
        end
    }

    fn directive_block(&mut self, lines: &[Line<'_>], at: usize, directive: &str) -> usize {
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
            let argument = argument.trim();
            let text = if argument.is_empty() {
                nested(body, self.depth + 1)
            } else {
                let mut inner: Vec<Line<'_>> = Vec::with_capacity(body.len() + 1);
                inner.push(Line {
                    number: line.number,
                    indent: line.indent + 3,
                    text: argument,
                });
                inner.extend_from_slice(body);
                nested(&inner, self.depth + 1)
            };
            self.quote(label, &text);
        } else if matches!(name.trim(), "code-block" | "code" | "sourcecode") {
            if let Some(code) = literal_text(body) {
                self.code(&code);
            }
        } else {
            // Other directives (toctree, py:...) carry no prose worth keeping here.
        }
        end
    }

    fn paragraph(&mut self, lines: &[Line<'_>], at: usize) -> usize {
        let indent = lines[at].indent;
        let mut end = at;
        self.scratch.clear();
        while end < lines.len() {
            let line = lines[end];
            // A less indented line without a blank line before it still
            // continues the paragraph: doc strings keep their own line breaks.
            if line.is_blank() {
                break;
            }
            if end > at && (line.text.starts_with(".. ") || list_marker(line.text).is_some()) {
                break;
            }
            // Runs of spaces collapse, as they do when reST is rendered.
            for word in line.text.split_whitespace() {
                if !self.scratch.is_empty() {
                    self.scratch.push(' ');
                }
                self.scratch.push_str(word);
            }
            end += 1;
        }
        let literal_follows = self.scratch.ends_with("::");
        if literal_follows {
            self.scratch.truncate(self.scratch.len() - 2);
            let trimmed = self.scratch.trim_end().len();
            self.scratch.truncate(trimmed);
            // `Example::` reads as `Example:`; a lone `::` disappears.
            if !self.scratch.is_empty() && !self.scratch.ends_with(' ') {
                self.scratch.push(':');
            }
        }
        if !self.scratch.is_empty() {
            self.start(Kind::Other);
            let from = self.out.len();
            inline::to_markdown(&self.scratch, &mut self.out);
            escape_line_start(&mut self.out, from);
        }
        if literal_follows {
            let body_end = end_of_body(lines, end, indent);
            if let Some(code) = literal_text(&lines[end..body_end]) {
                self.code(&code);
            }
            return body_end;
        }
        end
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

/// Text that Markdown would read as a heading, list or quote at the start of a
/// paragraph (which starts at byte `from`) gets a backslash.
fn escape_line_start(out: &mut String, from: usize) {
    let md = &out[from..];
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
        out.insert(from, '\\');
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
    fn deep_nesting_is_bounded() {
        let deep: String = (0..200)
            .map(|i| format!("{}* level {i}\n", " ".repeat(i * 2)))
            .collect();
        let md = md(&deep);
        assert!(md.starts_with("- level 0"));
        assert!(md.contains("level 199"));
    }

    #[test]
    fn line_starts_that_markdown_would_misread() {
        assert_eq!(md("# of items"), "\\# of items");
        assert_eq!(md("2. is a number"), "1. is a number");
        assert_eq!(md("1990. A year"), "\\1990. A year");
    }
}
