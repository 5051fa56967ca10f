//! Reads one page's blocks into a [`Page`], with a diagnostic for every line it does
//! not understand.

use super::attributes::{apply_bounds, is_attribute, parse_attribute, Attribute};
use super::blocks::{read_blocks, Block, Line, Pos};
use super::page::{
    DataTypePage, Entry, ErrorEntry, OperationPage, Page, PageKind, Placement, SyntaxBlock,
};
use super::syntax::parse_syntax;
use super::types::parse_type;
use crate::diagnostics::Diagnostic;
use crate::ir::{Example, SourceLoc, TypeRef};

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
/// is not a reference page at all (no `#` title, or neither operation nor data type).
pub fn read_page(file: &str, text: &str) -> (Option<Page>, Vec<Diagnostic>) {
    let mut reader = PageReader {
        file,
        diagnostics: Vec::new(),
    };
    let page = reader.page(&read_blocks(text));
    (page, reader.diagnostics)
}

struct PageReader<'f> {
    file: &'f str,
    diagnostics: Vec<Diagnostic>,
}

/// A `##` section and the blocks under it.
struct Section<'b> {
    title: String,
    pos: Pos,
    blocks: &'b [Block],
}

impl PageReader<'_> {
    fn loc(&self, pos: Pos) -> SourceLoc {
        SourceLoc {
            file: self.file.to_string(),
            line: pos.line,
            column: pos.column,
        }
    }

    fn warn(&mut self, kind: &'static str, pos: Pos, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(
            kind, self.file, pos.line, pos.column, message,
        ));
    }

    fn error(&mut self, kind: &'static str, pos: Pos, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(
            kind, self.file, pos.line, pos.column, message,
        ));
    }

    fn page(&mut self, blocks: &[Block]) -> Option<Page> {
        let Some(title_at) = blocks
            .iter()
            .position(|b| matches!(b, Block::Heading { level: 1, .. }))
        else {
            self.error(
                "missing-title",
                Pos::default(),
                "expected a `# Name` heading naming the operation or data type",
            );
            return None;
        };
        let (name, title_pos) = match &blocks[title_at] {
            Block::Heading { text, pos, .. } => (text.clone(), *pos),
            _ => return None,
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            self.error(
                "bad-title",
                title_pos,
                format!("`{name}` is not an operation or data type name"),
            );
            return None;
        }
        let body = &blocks[title_at + 1..];
        let first_section = body
            .iter()
            .position(|b| matches!(b, Block::Heading { level: 2, .. }))
            .unwrap_or(body.len());
        let (docs, deprecated) = self.docs(&lines_of(&body[..first_section]));
        let sections = split_sections(&body[first_section..]);

        let is_operation = sections
            .iter()
            .any(|s| OPERATION_SECTIONS.contains(&s.title.as_str()));
        let is_type = sections.iter().any(|s| s.title == "Contents");
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
        Some(Page {
            name,
            docs,
            deprecated,
            uid,
            source: self.loc(title_pos),
            kind,
        })
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
                "Examples" => page.examples = self.examples(section),
                "See Also" => *uid = self.see_also(section),
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
    fn docs(&mut self, lines: &[&Line]) -> (String, Option<String>) {
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

    /// Reads the entries of a section. Intro sentences between entries say where the
    /// following entries travel (`The response returns the following HTTP headers.`)
    /// and, in Response Elements, the success status.
    fn entries(
        &mut self,
        section: &Section<'_>,
        mut placement: Placement,
        status: &mut Option<u16>,
    ) -> Vec<Entry> {
        let mut entries: Vec<Entry> = Vec::new();
        let mut open: Option<OpenEntry<'_>> = None;
        for line in lines_of(section.blocks) {
            if let Some(name) = entry_name(line) {
                if let Some(done) = open.take() {
                    entries.push(self.finish_entry(done));
                }
                match name {
                    Ok(name) => {
                        if entries.iter().any(|e| e.name == name) {
                            self.warn(
                                "duplicate-entry",
                                line.pos,
                                format!("`{name}` is documented twice in `{}`", section.title),
                            );
                        }
                        open = Some(OpenEntry::new(name, placement.clone(), line.pos));
                    }
                    Err(bad) => self.warn(
                        "bad-entry-name",
                        line.pos,
                        format!("`{bad}` is not a member name"),
                    ),
                }
                continue;
            }
            if let Some(next) = intro_placement(line, status) {
                if let Some(done) = open.take() {
                    entries.push(self.finish_entry(done));
                }
                if let Some(next) = next {
                    placement = next;
                }
                continue;
            }
            match &mut open {
                Some(entry) if is_attribute(&line.plain()) => {
                    entry.attributes.push(line);
                }
                Some(entry) if entry.attributes.is_empty() => entry.docs.push(line),
                Some(_) if !line.is_blank() => {
                    self.warn(
                        "stray-text",
                        line.pos,
                        format!(
                            "text after the attribute lines of an entry: `{}`",
                            line.plain().trim()
                        ),
                    );
                }
                Some(_) | None => {}
            }
        }
        if let Some(done) = open.take() {
            entries.push(self.finish_entry(done));
        }
        entries
    }

    fn finish_entry(&mut self, open: OpenEntry<'_>) -> Entry {
        let (docs, deprecated) = self.docs(&open.docs);
        let mut entry = Entry {
            name: open.name,
            docs,
            deprecated,
            placement: open.placement,
            source: self.loc(open.pos),
            ..Entry::default()
        };
        for line in open.attributes {
            self.attribute(&mut entry, line);
        }
        entry
    }

    fn attribute(&mut self, entry: &mut Entry, line: &Line) {
        let plain = line.plain();
        let code = line.code_spans().next();
        let attribute = match parse_attribute(&plain, &line.with_links(), code) {
            Ok(attribute) => attribute,
            Err(message) => {
                self.warn("unreadable-attribute", line.pos, message);
                return;
            }
        };
        let collection = matches!(
            entry.target,
            Some(TypeRef::List { .. } | TypeRef::Map { .. })
        );
        match attribute {
            Attribute::Type(text) => match parse_type(&text) {
                Some(target) => entry.target = Some(target),
                None => self.warn(
                    "unknown-type",
                    line.pos,
                    format!("cannot read type `{text}` of `{}`", entry.name),
                ),
            },
            // On lists, lengths and patterns constrain the items, which the model does
            // not describe separately.
            Attribute::Length(_) | Attribute::Pattern(_) if collection => {}
            Attribute::Length(bounds) | Attribute::Count(bounds) => {
                apply_bounds(&mut entry.constraints, bounds);
            }
            Attribute::Range { min, max } => {
                entry.constraints.min_value = min.or(entry.constraints.min_value.take());
                entry.constraints.max_value = max.or(entry.constraints.max_value.take());
            }
            Attribute::Pattern(pattern) => entry.constraints.pattern = Some(pattern),
            Attribute::ValidValues(values) => entry.valid_values = values,
            Attribute::Required(required) => entry.required = Some(required),
            Attribute::Element => {}
        }
    }

    /// The Errors section: `** Name **`, docs, `** member **` entries, then
    /// `HTTP Status Code: 400`, which closes the error.
    fn errors(&mut self, section: &Section<'_>) -> Vec<ErrorEntry> {
        let mut errors: Vec<ErrorEntry> = Vec::new();
        let mut current: Option<(ErrorEntry, Vec<&Line>)> = None;
        let mut member: Option<OpenEntry<'_>> = None;
        for line in lines_of(section.blocks) {
            let plain = line.plain();
            if let Some(name) = entry_name(line) {
                let name = match name {
                    Ok(name) => name,
                    Err(bad) => {
                        self.warn(
                            "bad-entry-name",
                            line.pos,
                            format!("`{bad}` is not an error or member name"),
                        );
                        continue;
                    }
                };
                let starts_error = match &current {
                    None => true,
                    Some((error, _)) => error.http_status.is_some() || looks_like_error(&name),
                };
                if let (Some(done), Some((error, _))) = (member.take(), &mut current) {
                    error.members.push(self.finish_entry(done));
                }
                if starts_error {
                    if let Some(done) = current.take() {
                        errors.push(self.finish_error(done));
                    }
                    let error = ErrorEntry {
                        name,
                        source: self.loc(line.pos),
                        ..ErrorEntry::default()
                    };
                    current = Some((error, Vec::new()));
                } else {
                    member = Some(OpenEntry::new(name, Placement::Body, line.pos));
                }
                continue;
            }
            if let Some(code) = plain.trim().strip_prefix("HTTP Status Code:") {
                if let (Some(done), Some((error, _))) = (member.take(), &mut current) {
                    error.members.push(self.finish_entry(done));
                }
                match (code.trim().parse::<u16>(), &mut current) {
                    (Ok(code), Some((error, _))) => error.http_status = Some(code),
                    _ => self.warn(
                        "unreadable-status",
                        line.pos,
                        format!("cannot read `{}` as the status of an error", plain.trim()),
                    ),
                }
                continue;
            }
            match (&mut member, &mut current) {
                (Some(entry), _) => entry.docs.push(line),
                (None, Some((_, docs))) => docs.push(line),
                // Text before the first error is the pointer to the common errors.
                (None, None) => {}
            }
        }
        if let (Some(done), Some((error, _))) = (member.take(), &mut current) {
            error.members.push(self.finish_entry(done));
        }
        if let Some(done) = current.take() {
            errors.push(self.finish_error(done));
        }
        errors
    }

    fn finish_error(&mut self, (mut error, docs): (ErrorEntry, Vec<&Line>)) -> ErrorEntry {
        error.docs = self.docs(&docs).0;
        if error.http_status.is_none() {
            let pos = Pos {
                line: error.source.line,
                column: error.source.column,
            };
            self.warn(
                "missing-status",
                pos,
                format!("error `{}` has no `HTTP Status Code:` line", error.name),
            );
        }
        error
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

/// An entry being read.
struct OpenEntry<'l> {
    name: String,
    placement: Placement,
    pos: Pos,
    docs: Vec<&'l Line>,
    attributes: Vec<&'l Line>,
}

impl<'l> OpenEntry<'l> {
    fn new(name: String, placement: Placement, pos: Pos) -> Self {
        Self {
            name,
            placement,
            pos,
            docs: Vec::new(),
            attributes: Vec::new(),
        }
    }
}

/// ` ** [name](#anchor) ** ` or ` ** name ** `: `Some(Ok(name))`; a line framed by
/// `**` whose inside is not a name gives `Some(Err(text))`.
fn entry_name(line: &Line) -> Option<Result<String, String>> {
    let plain = line.plain();
    let inner = plain.trim().strip_prefix("**")?.strip_suffix("**")?.trim();
    let valid = !inner.is_empty()
        && inner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '@' | '$'));
    Some(if valid {
        Ok(inner.to_string())
    } else {
        Err(inner.to_string())
    })
}

/// Sentences between entries. `Some(Some(p))` switches the placement of the entries
/// that follow, `Some(None)` is an intro sentence that changes nothing, `None` is not
/// an intro sentence.
fn intro_placement(line: &Line, status: &mut Option<u16>) -> Option<Option<Placement>> {
    let plain = line.plain();
    let text = plain.trim();
    if let Some(rest) =
        text.strip_prefix("If the action is successful, the service sends back an HTTP ")
    {
        *status = rest.split_whitespace().next().and_then(|s| s.parse().ok());
        return Some(None);
    }
    if text.starts_with("The response returns the following HTTP headers") {
        return Some(Some(Placement::Header));
    }
    if text.starts_with("The response returns the following as the HTTP body")
        || (text.starts_with("The request accepts the following binary data"))
        || (text.starts_with("The response returns the following binary data"))
    {
        return Some(Some(Placement::Payload));
    }
    if text.starts_with("The request accepts the following data in JSON format")
        || text.starts_with("The following data is returned in JSON format")
    {
        return Some(Some(Placement::Body));
    }
    if text.starts_with("The request uses the following URI parameters")
        || text.starts_with("The request does not have a request body")
        || text.starts_with("For information about the parameters that are common")
        || text.starts_with("This data type is a UNION")
    {
        return Some(None);
    }
    None
}

fn looks_like_error(name: &str) -> bool {
    ["Exception", "Fault", "Error"]
        .iter()
        .any(|suffix| name.ends_with(suffix))
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

fn lines_of(blocks: &[Block]) -> Vec<&Line> {
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
