//! Reads one page's blocks into a [`Page`], with a diagnostic for every line it does
//! not understand.

use super::blocks::{read_blocks, Block, Line, Pos};
use super::page::{AnyPage, DataTypePage, OperationPage, Page, PageKind, Placement, SyntaxBlock};
use super::syntax::parse_syntax;
use crate::diagnostics::Diagnostic;
use crate::ir::{Example, SourceLoc};

/// Sections of an operation page.
const OPERATION_SECTIONS: &[&str] = &[
    "Request Syntax",
    "URI Request Parameters",
    "Request Parameters",
    "Request Body",
    "Response Syntax",
    "Response Elements",
    "Errors",
];

/// Reads a page. `file` is how diagnostics and sources name it. `None` when the page
/// is not a reference page at all (no `#` title, neither operation nor data type, or an
/// index page: [`read_any_page`] reads those).
pub fn read_page(file: &str, text: &str) -> (Option<Page>, Vec<Diagnostic>) {
    let (page, diagnostics) = read_any_page(file, text);
    match page {
        Some(AnyPage::Reference(page)) => (Some(page), diagnostics),
        Some(AnyPage::Index(_)) | None => (None, diagnostics),
    }
}

/// Reads an operation, data type or index page. A page with neither the sections of an
/// operation or data type nor links to such pages is reported and gives `None`.
pub fn read_any_page(file: &str, text: &str) -> (Option<AnyPage>, Vec<Diagnostic>) {
    let mut reader = PageReader {
        file,
        diagnostics: Vec::new(),
    };
    let page = reader.page(&read_blocks(text));
    (page, reader.diagnostics)
}

/// Reads one page; the entry readers are in [`super::entries`].
pub(super) struct PageReader<'f> {
    file: &'f str,
    diagnostics: Vec<Diagnostic>,
}

/// A `##` section and the blocks under it.
pub(super) struct Section<'b> {
    pub(super) title: String,
    pub(super) pos: Pos,
    pub(super) blocks: &'b [Block],
}

impl PageReader<'_> {
    pub(super) fn loc(&self, pos: Pos) -> SourceLoc {
        SourceLoc {
            file: self.file.to_string(),
            line: pos.line,
            column: pos.column,
        }
    }

    pub(super) fn warn(&mut self, kind: &'static str, pos: Pos, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(
            kind, self.file, pos.line, pos.column, message,
        ));
    }

    fn error(&mut self, kind: &'static str, pos: Pos, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(
            kind, self.file, pos.line, pos.column, message,
        ));
    }

    fn page(&mut self, blocks: &[Block]) -> Option<AnyPage> {
        let Some(title_at) = blocks
            .iter()
            .position(|b| matches!(b, Block::Heading { level: 1, .. }))
        else {
            self.error(
                "missing-title",
                Pos { line: 1, column: 1 },
                "expected a `# Name` heading naming the operation or data type",
            );
            return None;
        };
        let (name, title_pos) = match &blocks[title_at] {
            Block::Heading { text, pos, .. } => (text.clone(), *pos),
            _ => return None,
        };
        let body = &blocks[title_at + 1..];
        let first_section = body
            .iter()
            .position(|b| matches!(b, Block::Heading { level: 2, .. }))
            .unwrap_or(body.len());
        let sections = split_sections(&body[first_section..]);
        let is_operation = sections
            .iter()
            .any(|s| OPERATION_SECTIONS.contains(&s.title.as_str()));
        let is_type = sections.iter().any(|s| s.title == "Contents");
        if !is_operation && !is_type {
            if let Some(index) = self.index(&name, title_pos, body) {
                return Some(AnyPage::Index(index));
            }
        }
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            self.error(
                "bad-title",
                title_pos,
                format!("`{name}` is not an operation or data type name"),
            );
            return None;
        }
        let (mut docs, mut deprecated) = self.docs(&lines_of(&body[..first_section]));
        // Older pages put the intro in a `## Description` section.
        for section in sections.iter().filter(|s| s.title == "Description") {
            let (more, more_deprecated) = self.docs(&lines_of(section.blocks));
            if !docs.is_empty() && !more.is_empty() {
                docs.push_str("\n\n");
            }
            docs.push_str(&more);
            deprecated = deprecated.or(more_deprecated);
        }

        let mut uid = None;
        let kind = if is_operation {
            PageKind::Operation(Box::new(self.operation(&sections, &mut uid)))
        } else if is_type {
            PageKind::DataType(self.data_type(&sections, &mut uid))
        } else {
            self.error(
                "unknown-page-kind",
                title_pos,
                format!(
                    "page `{name}` has neither operation sections ({}) nor `## Contents`",
                    OPERATION_SECTIONS.join(", ")
                ),
            );
            return None;
        };
        Some(AnyPage::Reference(Page {
            name,
            docs,
            deprecated,
            uid,
            source: self.loc(title_pos),
            kind,
        }))
    }

    fn operation(&mut self, sections: &[Section<'_>], uid: &mut Option<String>) -> OperationPage {
        let mut page = OperationPage::default();
        for section in sections {
            match section.title.as_str() {
                "Request Syntax" => page.request_syntax = self.syntax(section),
                "Response Syntax" => page.response_syntax = self.syntax(section),
                "URI Request Parameters" => {
                    let entries = self.entries(section, Placement::Uri, &mut None);
                    page.request.extend(entries);
                }
                "Request Parameters" | "Request Body" => {
                    let entries = self.entries(section, Placement::Body, &mut None);
                    page.request.extend(entries);
                }
                "Response Elements" => {
                    let mut status = None;
                    page.response = self.entries(section, Placement::Body, &mut status);
                    page.success_status = status;
                }
                "Errors" => page.errors = self.errors(section),
                "Examples" | "Example" => page.examples = self.examples(section),
                "See Also" => *uid = self.see_also(section),
                "Description" => {}
                _ => self.unknown_section(section),
            }
        }
        page
    }

    fn data_type(&mut self, sections: &[Section<'_>], uid: &mut Option<String>) -> DataTypePage {
        let mut page = DataTypePage::default();
        for section in sections {
            match section.title.as_str() {
                "Contents" => {
                    page.union = lines_of(section.blocks)
                        .iter()
                        .any(|l| l.plain().contains("is a UNION"));
                    page.members = self.entries(section, Placement::Body, &mut None);
                }
                "See Also" => *uid = self.see_also(section),
                "Description" => {}
                _ => self.unknown_section(section),
            }
        }
        page
    }

    fn unknown_section(&mut self, section: &Section<'_>) {
        self.warn(
            "unknown-section",
            section.pos,
            format!("section `{}` is not read", section.title),
        );
    }

    /// Intro or entry docs: Markdown paragraphs, bullets kept as a list, and the
    /// "has been deprecated" line taken out as the deprecation note.
    pub(super) fn docs(&mut self, lines: &[&Line]) -> (String, Option<String>) {
        let mut out = String::new();
        let mut deprecated = None;
        let mut previous_bullet = false;
        for line in lines {
            if line.is_blank() {
                continue;
            }
            let plain = line.plain();
            let plain = plain.trim();
            if plain.starts_with("This ") && plain.ends_with("has been deprecated.") {
                deprecated = Some(plain.to_string());
                continue;
            }
            if !out.is_empty() {
                out.push_str(if line.bullet && previous_bullet {
                    "\n"
                } else {
                    "\n\n"
                });
            }
            if line.bullet {
                out.push_str("- ");
            }
            out.push_str(&line.markdown());
            previous_bullet = line.bullet;
        }
        (out, deprecated)
    }

    fn syntax(&mut self, section: &Section<'_>) -> Option<SyntaxBlock> {
        let Some((text, pos)) = section.blocks.iter().find_map(|b| match b {
            Block::Code { text, pos } => Some((text, *pos)),
            _ => None,
        }) else {
            self.warn(
                "missing-syntax",
                section.pos,
                format!("section `{}` has no code block", section.title),
            );
            return None;
        };
        match parse_syntax(text) {
            Ok(mut block) => {
                block.source = self.loc(pos);
                Some(block)
            }
            Err(err) => {
                let at = Pos {
                    line: pos.line.saturating_add(to_u32(err.line)),
                    column: to_u32(err.column + 1),
                };
                self.warn(
                    "unreadable-syntax",
                    at,
                    format!("{}: {}", section.title, err.message),
                );
                None
            }
        }
    }

    /// `### Title`, prose, then a sample request and response in code blocks.
    fn examples(&mut self, section: &Section<'_>) -> Vec<Example> {
        let mut examples = Vec::new();
        let mut current: Option<(Example, Pos)> = None;
        let mut expect_output = false;
        for block in section.blocks {
            match block {
                Block::Heading {
                    level: 3,
                    text,
                    pos,
                } => {
                    if let Some(done) = current.take() {
                        self.push_example(&mut examples, done);
                    }
                    current = Some((
                        Example {
                            title: text.clone(),
                            ..Example::default()
                        },
                        *pos,
                    ));
                    expect_output = false;
                }
                Block::Heading { text, .. } => expect_output = text.contains("Response"),
                Block::Code { text, .. } => {
                    if let Some((example, _)) = &mut current {
                        if expect_output || !example.input.is_empty() {
                            example.output = Some(text.trim_end().to_string());
                        } else {
                            example.input = text.trim_end().to_string();
                        }
                    }
                }
                Block::Line(_) | Block::FrontMatter { .. } => {}
            }
        }
        if let Some(done) = current.take() {
            self.push_example(&mut examples, done);
        }
        examples
    }

    fn push_example(&mut self, examples: &mut Vec<Example>, (example, pos): (Example, Pos)) {
        if example.input.is_empty() {
            self.warn(
                "empty-example",
                pos,
                format!("example `{}` has no sample request", example.title),
            );
        } else {
            examples.push(example);
        }
    }

    /// The service uid from the SDK links: `.../goto/boto3/devicefarm-2015-06-23/Op`.
    fn see_also(&mut self, section: &Section<'_>) -> Option<String> {
        let mut found: Option<String> = None;
        for line in lines_of(section.blocks) {
            for (_, dest) in line.links() {
                let Some((_, tail)) = dest.split_once("/goto/") else {
                    continue;
                };
                let parts: Vec<&str> = tail.split('/').collect();
                let Some(uid) = parts.len().checked_sub(2).and_then(|at| parts.get(at)) else {
                    continue;
                };
                if !is_uid(uid) {
                    continue;
                }
                match &found {
                    None => found = Some((*uid).to_string()),
                    Some(seen) if seen != uid => self.warn(
                        "conflicting-uid",
                        line.pos,
                        format!("link names service `{uid}`, earlier links `{seen}`"),
                    ),
                    Some(_) => {}
                }
            }
        }
        found
    }
}

/// `devicefarm-2015-06-23`: a name, a dash and a date.
fn is_uid(text: &str) -> bool {
    let Some(date) = text.len().checked_sub(10).and_then(|at| text.get(at..)) else {
        return false;
    };
    let bytes = date.as_bytes();
    text.len() > 11
        && text.as_bytes().get(text.len() - 11) == Some(&b'-')
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

pub(super) fn lines_of(blocks: &[Block]) -> Vec<&Line> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Line(line) => Some(line),
            _ => None,
        })
        .collect()
}

fn split_sections(blocks: &[Block]) -> Vec<Section<'_>> {
    let mut sections = Vec::new();
    let mut at = 0;
    while at < blocks.len() {
        let (title, pos) = match &blocks[at] {
            Block::Heading {
                level: 2,
                text,
                pos,
            } => (text.clone(), *pos),
            _ => {
                at += 1;
                continue;
            }
        };
        let end = blocks[at + 1..]
            .iter()
            .position(|b| matches!(b, Block::Heading { level: 1 | 2, .. }))
            .map_or(blocks.len(), |n| at + 1 + n);
        sections.push(Section {
            title,
            pos,
            blocks: &blocks[at + 1..end],
        });
        at = end;
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_are_a_name_and_a_date() {
        assert!(is_uid("devicefarm-2015-06-23"));
        assert!(!is_uid("2015-06-23"));
        assert!(!is_uid("devicefarm-2015-0x-23"));
        assert!(!is_uid("boto3"));
    }
}
