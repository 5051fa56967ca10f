//! Parameter documentation: `:type x:` / `:param x:` fields and the nested
//! bullet trees (`- **name** *(type) --* **[REQUIRED]**`) of request
//! parameters and of the Response Structure.
//!
//! In these trees an item's doc text is indented two columns deeper than its
//! `- ` and comes before its children, which sit at that same indentation. A
//! map's key is an unnamed item whose only child is the value's item.

use super::blocks;
use super::lines::Line;
use super::Sink;

/// The type an item declares, as boto3 prints it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamType {
    /// `string`.
    String,
    /// `integer` (also long).
    Integer,
    /// `float` (also double).
    Float,
    /// `boolean`.
    Boolean,
    /// `datetime`.
    Datetime,
    /// `bytes`.
    Bytes,
    /// `list`.
    List,
    /// `dict`: a structure or a map.
    Dict,
    /// `` :ref:`document<document>` ``: any JSON value.
    Document,
    /// `JSON serializable`: a JSON value carried in a header.
    JsonValue,
    /// `bytes or seekable file-like object`: a streaming request body.
    StreamingInput,
    /// `` :class:`.StreamingBody` ``: a streaming response body.
    StreamingOutput,
    /// `` :class:`.EventStream` ``.
    EventStream,
    /// Anything else, verbatim.
    Other(String),
}

impl ParamType {
    /// Reads a type as written between the parentheses or after `:type x:`.
    pub fn parse(text: &str) -> Self {
        // boto3's hand-written pages sometimes italicise the type: `(*dict*)`.
        match text.trim().trim_matches('*') {
            "string" | "str" => Self::String,
            "integer" | "int" | "long" => Self::Integer,
            "float" | "double" => Self::Float,
            "boolean" | "bool" => Self::Boolean,
            "datetime" | "timestamp" => Self::Datetime,
            "bytes" | "blob" => Self::Bytes,
            "list" => Self::List,
            "dict" | "map" | "structure" => Self::Dict,
            ":ref:`document<document>`" | "document" => Self::Document,
            "JSON serializable" => Self::JsonValue,
            "bytes or seekable file-like object" => Self::StreamingInput,
            ":class:`.StreamingBody`" => Self::StreamingOutput,
            ":class:`.EventStream`" => Self::EventStream,
            other => Self::Other(other.to_owned()),
        }
    }
}

impl std::fmt::Display for ParamType {
    /// The type as boto3 writes it (`dict`, `str or dict`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::String => "string",
            Self::Integer => "integer",
            Self::Float => "float",
            Self::Boolean => "boolean",
            Self::Datetime => "datetime",
            Self::Bytes => "bytes",
            Self::List => "list",
            Self::Dict => "dict",
            Self::Document => "document",
            Self::JsonValue => "JSON serializable",
            Self::StreamingInput => "bytes or seekable file-like object",
            Self::StreamingOutput => "StreamingBody",
            Self::EventStream => "EventStream",
            Self::Other(other) => other,
        })
    }
}

/// One documented parameter or response member.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Param {
    /// Member name; `None` for list elements, map keys and values.
    pub name: Option<String>,
    /// Declared type.
    pub ty: ParamType,
    /// `**[REQUIRED]**` was present.
    pub required: bool,
    /// What the doc text says, converted.
    pub doc: DocText,
    /// Nested items: structure members, the list element, the map key.
    pub children: Vec<Param>,
    /// 1-based line of the item.
    pub line: u32,
    /// 1-based column of the item.
    pub column: u32,
}

/// Doc text of one item with the facts read out of it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct DocText {
    /// The prose as Markdown (without boto3's tagged-union note).
    pub markdown: String,
    /// Values from "Allowed values include:" / "Valid values" lists, in order.
    pub allowed_values: Vec<String>,
    /// Member names from a "This is a Tagged Union structure" note.
    pub union_members: Option<Vec<String>>,
    /// The text of a warning or danger note that says "deprecated".
    pub deprecated: Option<String>,
}

/// Parses every item of a bullet tree in `lines` (items at the shallowest
/// indentation; anything else before the first item is reported).
pub fn parse_items(lines: &[Line<'_>], sink: &mut Sink<'_>) -> Vec<Param> {
    let mut items = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.is_blank() {
            i += 1;
            continue;
        }
        match parse_header(&line) {
            Some(header) => {
                let end = item_end(lines, i + 1, line.indent);
                items.push(item(header, &line, &lines[i + 1..end], sink));
                i = end;
            }
            None => {
                sink.warning(
                    "unexpected-text",
                    line.number,
                    line.column(),
                    format!(
                        "expected a parameter item `- **name** *(type) --*`, found `{}`",
                        short(line.text)
                    ),
                );
                i = body_end(lines, i + 1, line.indent);
            }
        }
    }
    items
}

/// The item's parts found on its first line.
pub struct Header<'a> {
    /// `**name**`, when present.
    pub name: Option<&'a str>,
    /// The declared type.
    pub ty: ParamType,
    /// `**[REQUIRED]**` follows the type.
    pub required: bool,
    /// Doc text written on the same line.
    pub rest: &'a str,
}

/// Reads `- **name** *(type) --* **[REQUIRED]** rest` (name and required optional;
/// special types are written `(:class:`.StreamingBody`) --` without the stars).
pub fn parse_header<'a>(line: &Line<'a>) -> Option<Header<'a>> {
    let mut rest = line.text.strip_prefix("- ")?.trim_start();
    let mut name = None;
    if let Some(after) = rest.strip_prefix("**") {
        let end = after.find("**")?;
        name = Some(&after[..end]);
        rest = after[end + 2..].trim_start();
    }
    let (ty, after) = if let Some(after) = rest.strip_prefix("*(") {
        let end = after.find(") --*")?;
        (&after[..end], &after[end + ") --*".len()..])
    } else if let Some(after) = rest.strip_prefix('(') {
        let end = after.find(") --")?;
        (&after[..end], &after[end + ") --".len()..])
    } else {
        return None;
    };
    let (required, rest) = strip_required(after);
    Some(Header {
        name,
        ty: ParamType::parse(ty),
        required,
        rest,
    })
}

/// Splits a leading `**[REQUIRED]**` off `text`.
pub fn strip_required(text: &str) -> (bool, &str) {
    let text = text.trim_start();
    match text.strip_prefix("**[REQUIRED]**") {
        Some(rest) => (true, rest.trim()),
        None => (false, text.trim()),
    }
}

/// The end of the block that starts at a line indented `indent`: the first
/// later non-blank line not indented deeper.
pub fn body_end(lines: &[Line<'_>], from: usize, indent: usize) -> usize {
    let mut end = from;
    while end < lines.len() {
        let line = lines[end];
        if !line.is_blank() && line.indent <= indent {
            break;
        }
        end += 1;
    }
    end
}

/// The end of an item's body: the next item at its level or above. Text lines
/// that are not indented deeper still belong to the item: boto3 copies doc
/// strings with their own line breaks, which can break the indentation.
fn item_end(lines: &[Line<'_>], from: usize, indent: usize) -> usize {
    let mut end = from;
    while end < lines.len() {
        let line = lines[end];
        if !line.is_blank() && line.indent <= indent && parse_header(&line).is_some() {
            break;
        }
        end += 1;
    }
    end
}

/// Builds an item from its header and body (doc text, then child items).
pub fn item(header: Header<'_>, line: &Line<'_>, body: &[Line<'_>], sink: &mut Sink<'_>) -> Param {
    let first_child = body
        .iter()
        .position(|l| l.text.starts_with("- ") && parse_header(l).is_some())
        .unwrap_or(body.len());
    for line in &body[..first_child] {
        // Looks like an item but is not one: its member would be lost.
        if line.text.starts_with("- **") || line.text.starts_with("- *(") {
            sink.warning(
                "unexpected-text",
                line.number,
                line.column(),
                format!(
                    "expected a parameter item `- **name** *(type) --*`, found `{}`",
                    short(line.text)
                ),
            );
        }
    }
    let doc = if sink.wants_docs() {
        doc_text(header.rest, line, &body[..first_child])
    } else {
        DocText::default()
    };
    let children = if sink.enter() {
        let children = parse_items(&body[first_child..], sink);
        sink.leave();
        children
    } else {
        sink.warning(
            "too-deep",
            line.number,
            line.column(),
            "parameter items nest deeper than any boto3 page; the deeper ones are skipped"
                .to_owned(),
        );
        Vec::new()
    };
    Param {
        name: header.name.map(str::to_owned),
        ty: header.ty,
        required: header.required,
        doc,
        children,
        line: line.number,
        column: line.column(),
    }
}

/// Converts an item's doc lines (plus text on its first line), taking out the
/// tagged-union note, allowed-value lists and deprecation notes.
pub fn doc_text(first: &str, at: &Line<'_>, lines: &[Line<'_>]) -> DocText {
    let mut union_members = None;
    let mut deprecated = None;
    // Lines of the tagged-union note (and the example after it), to leave out.
    let mut skip: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let Some(directive) = line.text.strip_prefix(".. ") else {
            i += 1;
            continue;
        };
        let end = body_end(lines, i + 1, line.indent);
        if union_members.is_none() && line.text.contains("This is a Tagged Union structure") {
            let mut members = code_spans(directive);
            members.retain(|m| m != "SDK_UNKNOWN_MEMBER");
            union_members = Some(members);
            // In responses the note ends in `::` and an example of the
            // unknown member, indented below it: all left out.
            skip = Some((i, end));
        } else {
            let name = directive.split("::").next().unwrap_or("").trim();
            if matches!(name, "warning" | "danger" | "important" | "caution") {
                let note = blocks::to_markdown(&lines[i..end]);
                if note.to_ascii_lowercase().contains("deprecated") {
                    deprecated = Some(strip_label(&note));
                }
            }
        }
        i = end;
    }
    let (markdown, allowed_values) = if first.is_empty() && skip.is_none() {
        (blocks::to_markdown(lines), allowed_values(lines))
    } else {
        let mut kept: Vec<Line<'_>> = Vec::with_capacity(lines.len() + 1);
        if !first.is_empty() {
            kept.push(Line {
                number: at.number,
                indent: at.indent + 2,
                text: first,
            });
        }
        match skip {
            Some((from, to)) => {
                kept.extend_from_slice(&lines[..from]);
                kept.extend_from_slice(&lines[to..]);
            }
            None => kept.extend_from_slice(lines),
        }
        (blocks::to_markdown(&kept), allowed_values(&kept))
    };
    DocText {
        markdown,
        allowed_values,
        union_members,
        deprecated,
    }
}

/// `> **Warning:** text` → `text`.
fn strip_label(note: &str) -> String {
    let text = note.trim_start_matches('>').trim_start();
    let text = text
        .split_once(":**")
        .map_or(text, |(_, rest)| rest)
        .trim_start();
    text.replace("\n> ", "\n").replace("\n>", "\n")
}

/// The texts of all ``` ``code`` ``` spans in `text`, in order.
fn code_spans(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("``") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("``") else { break };
        out.push(after[..end].to_owned());
        rest = &after[end + 2..];
    }
    out
}

/// Values listed after "Allowed values include:" (bullets) or in a sentence
/// starting "Valid values" (code spans).
fn allowed_values(lines: &[Line<'_>]) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_list = false;
    for line in lines {
        if line.is_blank() {
            continue;
        }
        let text = line.text;
        if text.starts_with("Allowed values include") || text.ends_with("Valid values:") {
            in_list = true;
            continue;
        }
        if in_list {
            if let Some(value) = text.strip_prefix("* ") {
                let value = value.trim().trim_matches('`').trim_end_matches('.');
                if !value.is_empty() && !value.contains(' ') {
                    out.push(value.to_owned());
                    continue;
                }
            }
            in_list = false;
        }
        if let Some(at) = text.find("Valid values") {
            let sentence = &text[at..];
            let sentence = sentence.split(". ").next().unwrap_or(sentence);
            out.extend(code_spans(sentence));
        }
    }
    out
}

/// The first characters of `text`, for messages.
pub fn short(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::rst::lines::split;

    fn items(text: &str) -> (Vec<Param>, usize) {
        let mut diagnostics = Vec::new();
        let mut sink = Sink::new("t.rst", &mut diagnostics);
        let items = parse_items(&split(text), &mut sink);
        (items, diagnostics.len())
    }

    #[test]
    fn nested_items_with_docs_and_required() {
        let text = "\
- **deviceProxy** *(dict) --* 

  The device proxy.

  - **host** *(string) --* **[REQUIRED]** 

    Hostname.

  - **port** *(integer) --* **[REQUIRED]** 
- **tags** *(list) --* 

  - *(string) --* 
";
        let (items, problems) = items(text);
        assert_eq!(problems, 0);
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].doc.markdown, "The device proxy.");
        let host = &items[0].children[0];
        assert_eq!(
            (host.name.as_deref(), &host.ty, host.required),
            (Some("host"), &ParamType::String, true)
        );
        assert_eq!(host.doc.markdown, "Hostname.");
        assert_eq!(items[1].children[0].name, None);
    }

    #[test]
    fn special_types_and_allowed_values() {
        let text = "\
- **Body** (:class:`.StreamingBody`) -- 

  Object data.

- **formFactor** *(string) --* 

  The form factor.

  Allowed values include:

  * PHONE
  * TABLET
";
        let (items, _) = items(text);
        assert_eq!(items[0].ty, ParamType::StreamingOutput);
        assert_eq!(items[1].doc.allowed_values, ["PHONE", "TABLET"]);
    }

    #[test]
    fn tagged_union_note_is_read_and_removed() {
        let text = "\
- **Value** *(dict) --* 

  The value.

  .. note::    This is a Tagged Union structure. Only one of the     following top level keys will be set: ``S``, ``N``.     If a client receives an unknown member it will     set ``SDK_UNKNOWN_MEMBER`` as the top level key,     which maps to the name or tag of the unknown     member. The structure of ``SDK_UNKNOWN_MEMBER`` is     as follows::

            'SDK_UNKNOWN_MEMBER': {'name': 'UnknownMemberName'}


  - **S** *(string) --* 
";
        let (items, _) = items(text);
        let doc = &items[0].doc;
        assert_eq!(doc.markdown, "The value.");
        assert_eq!(
            doc.union_members.as_deref(),
            Some(&["S".to_owned(), "N".to_owned()][..])
        );
        assert_eq!(items[0].children.len(), 1);
    }

    #[test]
    fn badly_indented_doc_lines_stay_with_their_item() {
        let text = "\
- *(dict) --* 

    The value must match method.request.{location}
  , where 
    {location}
   is a place.

    - **Name** *(string) --* 
";
        let (items, problems) = items(text);
        assert_eq!((items.len(), problems), (1, 0));
        assert_eq!(
            items[0].doc.markdown,
            "The value must match method.request.{location} , where {location} is a place."
        );
        assert_eq!(items[0].children.len(), 1);
    }

    #[test]
    fn stray_text_is_reported() {
        let (items, problems) = items("not an item\n- **a** *(string) --* \n");
        assert_eq!((items.len(), problems), (1, 1));
    }
}
