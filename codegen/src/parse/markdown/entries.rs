//! Member and error entries: the ` ** name ** ` lines of a section, their docs and
//! attribute lines, and the intro sentences between them that say where the entries
//! travel.

use super::attributes::{apply_bounds, is_attribute, parse_attribute, Attribute};
use super::blocks::{Line, Piece, Pos};
use super::page::{Entry, ErrorEntry, Placement};
use super::reader::{lines_of, PageReader, Section};
use super::types::parse_type;
use crate::diagnostics::excerpt;
use crate::ir::TypeRef;

impl PageReader<'_> {
    /// Reads the entries of a section. Intro sentences between entries say where the
    /// following entries travel (`The response returns the following HTTP headers.`)
    /// and, in Response Elements, the success status.
    pub(super) fn entries(
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
                        let mut entry = OpenEntry::new(name, placement.clone(), line.pos);
                        entry.anchor_member = anchor_member(line, &entry.name);
                        open = Some(entry);
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
                            excerpt(line.plain().trim())
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
            anchor_member: open.anchor_member,
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
            // A member of an event stream that is one of its errors: the error shape of
            // the member's name.
            Attribute::Type(text) if text.trim() == "Exception" => {
                entry.target = Some(TypeRef::Named {
                    name: entry.name.clone(),
                });
            }
            Attribute::Type(text) => match parse_type(&text) {
                Some(target) => entry.target = Some(target),
                None => self.warn(
                    "unknown-type",
                    line.pos,
                    format!("cannot read type `{}` of `{}`", excerpt(&text), entry.name),
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
    pub(super) fn errors(&mut self, section: &Section<'_>) -> Vec<ErrorEntry> {
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
}

/// An entry being read.
struct OpenEntry<'l> {
    name: String,
    anchor_member: Option<String>,
    placement: Placement,
    pos: Pos,
    docs: Vec<&'l Line>,
    attributes: Vec<&'l Line>,
}

impl<'l> OpenEntry<'l> {
    fn new(name: String, placement: Placement, pos: Pos) -> Self {
        Self {
            name,
            anchor_member: None,
            placement,
            pos,
            docs: Vec::new(),
            attributes: Vec::new(),
        }
    }
}

/// ` ** [name](#anchor) ** ` or ` ** name ** `: `Some(Ok(name))`; a line framed by
/// `**` whose inside is not a name gives `Some(Err(text))`. Older pages write
/// ` **name**` (strong text), see [`strong_name`].
fn entry_name(line: &Line) -> Option<Result<String, String>> {
    let plain = line.plain();
    let Some(inner) = plain
        .trim()
        .strip_prefix("**")
        .and_then(|rest| rest.strip_suffix("**"))
    else {
        return strong_name(line).map(Ok);
    };
    let inner = inner.trim();
    Some(if is_name(inner) {
        Ok(inner.to_string())
    } else {
        Err(inner.to_string())
    })
}

/// ` **DomainName**` or ` **[DomainName](#anchor)**`: a line of one strong name after
/// a space. Strong lines at the start of a line (`**Note**`, `**Destinations**`) head
/// paragraphs of the docs, and strong text that is not a name (` **If the item
/// exists:**`) is emphasis; both stay docs.
fn strong_name(line: &Line) -> Option<String> {
    if line.pos.column <= 1 || line.bullet {
        return None;
    }
    let pieces: Vec<&Piece> = line
        .pieces
        .iter()
        .filter(|piece| match piece {
            Piece::Anchor(_) => false,
            Piece::Text(text) => !text.trim().is_empty(),
            _ => true,
        })
        .collect();
    let inner = match pieces.as_slice() {
        [Piece::Mark("**"), Piece::Text(text) | Piece::Link { text, .. }, Piece::Mark("**")] => {
            text.trim()
        }
        _ => return None,
    };
    (is_name(inner) && !inner.ends_with(':')).then(|| inner.to_string())
}

/// The member an entry's anchor names when it is not `name`: the last part of
/// `SSS-TagResource-request-Resource` or `SSS-Type-Layer-Arn`.
fn anchor_member(line: &Line, name: &str) -> Option<String> {
    line.pieces.iter().find_map(|piece| {
        let Piece::Anchor(anchor) = piece else {
            return None;
        };
        let parts: Vec<&str> = anchor.split('-').collect();
        let kind = parts
            .iter()
            .rev()
            .skip(1)
            .any(|p| matches!(*p, "request" | "response" | "Type"));
        let member = parts.last()?;
        (kind && parts.len() >= 3 && *member != name && is_name(member)).then(|| member.to_string())
    })
}

fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '@' | '$'))
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
