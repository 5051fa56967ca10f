//! Values as the text of a URI label, a query parameter or a header, as botocore's
//! `BaseRestSerializer` writes them.

use base64::Engine as _;

use crate::codec::repr;
use crate::codec::timestamp::timestamp_text;
use crate::schema::{
    EntryWriter, ItemWriter, Member, Schema, ShapeKind, TimestampFormat, ValueWriter, WriteError,
    WriteList, WriteMap, WriteStruct, WriteValue,
};
use crate::wire::{DateTime, Document};

/// Where a text value goes: each place has its default timestamp format and its
/// rules for lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Place {
    /// A URI label: one scalar.
    Label,
    /// A query parameter: a scalar, or a list whose items repeat the parameter.
    Query,
    /// A header: a scalar, or a list joined with commas.
    Header,
}

/// Writes the value of `member` (whose target is `schema`) as text into `out`: one
/// string for a scalar, one per item for a query list, none for an empty header list.
pub(super) fn member_text(
    member: &'static Member,
    value: &dyn WriteValue,
    place: Place,
    out: &mut Vec<String>,
) -> Result<(), WriteError> {
    let mut writer = TextWriter {
        member,
        schema: member.target,
        place,
        out,
        nested: false,
    };
    value.write_value(&mut writer)
}

struct TextWriter<'o> {
    /// The member whose traits apply (the list's element member inside a list).
    member: &'static Member,
    /// The schema being written.
    schema: &'static Schema,
    place: Place,
    out: &'o mut Vec<String>,
    /// Inside a list: lists of lists have no text form.
    nested: bool,
}

impl TextWriter<'_> {
    fn fail(&self, reason: impl Into<String>) -> WriteError {
        WriteError {
            member: self.member.name,
            reason: reason.into(),
        }
    }

    fn push(&mut self, text: String) -> Result<(), WriteError> {
        self.out.push(text);
        Ok(())
    }

    /// The format the member, else its shape, states; else the place's default.
    fn timestamp_format(&self) -> TimestampFormat {
        self.member
            .traits
            .timestamp_format
            .or(self.schema.traits.timestamp_format)
            .unwrap_or(match self.place {
                Place::Header => TimestampFormat::HttpDate,
                Place::Label | Place::Query => TimestampFormat::DateTime,
            })
    }
}

impl ValueWriter for TextWriter<'_> {
    fn boolean(&mut self, value: bool) -> Result<(), WriteError> {
        if self.member.traits.json_value {
            return self.push(json_value_header(&Document::Bool(value)));
        }
        self.push(if value { "true" } else { "false" }.to_owned())
    }

    fn integer(&mut self, value: i64) -> Result<(), WriteError> {
        self.push(value.to_string())
    }

    fn float32(&mut self, value: f32) -> Result<(), WriteError> {
        self.push(repr::f32_text(value))
    }

    fn float64(&mut self, value: f64) -> Result<(), WriteError> {
        self.push(repr::f64_text(value))
    }

    fn string(&mut self, value: &str) -> Result<(), WriteError> {
        if self.member.traits.json_value {
            return self.push(json_value_header(&Document::String(value.to_owned())));
        }
        self.push(value.to_owned())
    }

    fn blob(&mut self, value: &[u8]) -> Result<(), WriteError> {
        self.push(base64::engine::general_purpose::STANDARD.encode(value))
    }

    fn timestamp(&mut self, value: &DateTime) -> Result<(), WriteError> {
        let format = self.timestamp_format();
        // botocore turns a header's timestamp into whole seconds before formatting it.
        let value = match self.place {
            Place::Header => DateTime::from_secs(value.secs()),
            Place::Label | Place::Query => *value,
        };
        self.push(timestamp_text(&value, format))
    }

    fn document(&mut self, value: &Document) -> Result<(), WriteError> {
        if self.member.traits.json_value {
            return self.push(json_value_header(value));
        }
        match value {
            Document::String(text) => self.push(text.clone()),
            Document::Bool(b) => self.boolean(*b),
            Document::Number(n) => self.push(n.to_string()),
            _ => Err(self.fail("a document other than a scalar has no text form here")),
        }
    }

    fn list(&mut self, value: &dyn WriteList) -> Result<(), WriteError> {
        if self.nested || self.place == Place::Label {
            return Err(self.fail("a list cannot be written here"));
        }
        let Some(element) = self.schema.members.first() else {
            return Err(self.fail("list schema without an element member"));
        };
        let mut items = Vec::with_capacity(value.len());
        {
            let mut item_writer = Items {
                writer: TextWriter {
                    member: element,
                    schema: element.target,
                    place: self.place,
                    out: &mut items,
                    nested: true,
                },
            };
            value.write_items(&mut item_writer)?;
        }
        match self.place {
            Place::Query => self.out.extend(items),
            // botocore leaves an empty header list out.
            Place::Header if items.is_empty() => {}
            Place::Header => {
                let quote = matches!(element.target.kind, ShapeKind::String | ShapeKind::Enum);
                let joined: Vec<String> = items
                    .into_iter()
                    .map(|item| if quote { quoted(item) } else { item })
                    .collect();
                self.out.push(joined.join(","));
            }
            Place::Label => unreachable!("refused above"),
        }
        Ok(())
    }

    fn map(&mut self, _: &dyn WriteMap) -> Result<(), WriteError> {
        Err(self.fail("a map cannot be written here"))
    }

    fn structure(&mut self, _: &dyn WriteStruct) -> Result<(), WriteError> {
        Err(self.fail("a structure cannot be written here"))
    }
}

struct Items<'o> {
    writer: TextWriter<'o>,
}

impl ItemWriter for Items<'_> {
    fn item(&mut self, value: &dyn WriteValue) -> Result<(), WriteError> {
        value.write_value(&mut self.writer)
    }
}

/// The entries of a map of strings (or of lists of strings, for query maps) as
/// `(key, values)` pairs.
pub(super) fn map_entries(
    member: &'static Member,
    value: &dyn WriteValue,
    place: Place,
) -> Result<Vec<(String, Vec<String>)>, WriteError> {
    let mut grab = MapGrab {
        member,
        place,
        entries: None,
    };
    value.write_value(&mut grab)?;
    grab.entries.ok_or_else(|| WriteError {
        member: member.name,
        reason: "expected a map".to_owned(),
    })
}

/// Takes a map's entries and nothing else.
struct MapGrab {
    member: &'static Member,
    place: Place,
    entries: Option<Vec<(String, Vec<String>)>>,
}

impl MapGrab {
    fn not_a_map(&self) -> WriteError {
        WriteError {
            member: self.member.name,
            reason: "expected a map".to_owned(),
        }
    }
}

impl ValueWriter for MapGrab {
    fn boolean(&mut self, _: bool) -> Result<(), WriteError> {
        Err(self.not_a_map())
    }
    fn integer(&mut self, _: i64) -> Result<(), WriteError> {
        Err(self.not_a_map())
    }
    fn float32(&mut self, _: f32) -> Result<(), WriteError> {
        Err(self.not_a_map())
    }
    fn float64(&mut self, _: f64) -> Result<(), WriteError> {
        Err(self.not_a_map())
    }
    fn string(&mut self, _: &str) -> Result<(), WriteError> {
        Err(self.not_a_map())
    }
    fn blob(&mut self, _: &[u8]) -> Result<(), WriteError> {
        Err(self.not_a_map())
    }
    fn timestamp(&mut self, _: &DateTime) -> Result<(), WriteError> {
        Err(self.not_a_map())
    }
    fn document(&mut self, _: &Document) -> Result<(), WriteError> {
        Err(self.not_a_map())
    }
    fn list(&mut self, _: &dyn WriteList) -> Result<(), WriteError> {
        Err(self.not_a_map())
    }
    fn structure(&mut self, _: &dyn WriteStruct) -> Result<(), WriteError> {
        Err(self.not_a_map())
    }
    fn map(&mut self, value: &dyn WriteMap) -> Result<(), WriteError> {
        let schema = self.member.target;
        let Some(value_member) = schema.members.get(1) else {
            return Err(WriteError {
                member: self.member.name,
                reason: "map schema without a value member".to_owned(),
            });
        };
        let mut entries = Entries {
            value_member,
            place: self.place,
            entries: Vec::with_capacity(value.len()),
        };
        value.write_entries(&mut entries)?;
        self.entries = Some(entries.entries);
        Ok(())
    }
}

struct Entries {
    value_member: &'static Member,
    place: Place,
    entries: Vec<(String, Vec<String>)>,
}

impl EntryWriter for Entries {
    fn entry(&mut self, key: &str, value: &dyn WriteValue) -> Result<(), WriteError> {
        let mut values = Vec::new();
        member_text(self.value_member, value, self.place, &mut values)?;
        self.entries.push((key.to_owned(), values));
        Ok(())
    }
}

/// A header list item in double quotes, with inner quotes escaped, when it holds a
/// comma or a quote (botocore's `_escape_header_list_string`).
fn quoted(item: String) -> String {
    if item.contains([',', '"']) {
        format!("\"{}\"", item.replace('"', "\\\""))
    } else {
        item
    }
}

/// A `jsonvalue` header: `json.dumps(value, separators=(',', ':'))`, base64-encoded.
fn json_value_header(value: &Document) -> String {
    let mut text = Vec::new();
    repr::write_document(&mut text, value, repr::Separators::COMPACT);
    base64::engine::general_purpose::STANDARD.encode(text)
}
