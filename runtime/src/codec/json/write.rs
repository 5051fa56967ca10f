//! Writing a value as JSON, byte for byte as boto3 writes it.
//!
//! boto3 builds a Python dict and prints it with `json.dumps`' defaults: `", "` between
//! items, `": "` after keys, everything outside printable ASCII escaped as `\uXXXX`
//! (UTF-16 surrogate pairs above the BMP), floats as Python's `repr`, and non-finite
//! floats as the strings `"NaN"`, `"Infinity"` and `"-Infinity"` (botocore's
//! `_handle_float`). Members come in model order, map entries in the map's order.

use std::io::Write as _;

use base64::Engine as _;

use super::JsonOptions;
use crate::codec::repr::{self, non_finite, write_document, write_string, Separators};
use crate::codec::timestamp::timestamp_text;
use crate::schema::{
    EntryWriter, ItemWriter, Location, Member, MemberWriter, TimestampFormat, ValueWriter,
    WriteError, WriteList, WriteMap, WriteStruct, WriteValue,
};
use crate::wire::{DateTime, Document};

/// Writes values as JSON into a buffer; [`super::write_struct`] and
/// [`super::write_value`] are the usual entry points.
#[derive(Debug)]
pub struct JsonWriter {
    out: Vec<u8>,
    options: JsonOptions,
    /// The member whose value is being written (its target is the value's schema);
    /// `None` at the top.
    member: Option<&'static Member>,
    /// True until the top-level structure has been entered: [`JsonOptions::body_only`]
    /// filters that structure's members only.
    top: bool,
}

impl JsonWriter {
    /// A writer with an empty buffer.
    pub fn new(options: JsonOptions) -> Self {
        Self {
            out: Vec::with_capacity(128),
            options,
            member: None,
            top: true,
        }
    }

    /// A writer positioned on `member`: the next value written is that member's value
    /// (its timestamps take the member's format, its lists the member's element).
    pub fn for_member(member: &'static Member, options: JsonOptions) -> Self {
        Self {
            member: Some(member),
            top: false,
            ..Self::new(options)
        }
    }

    /// The bytes written so far.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }

    /// The member at `index` of the current member's target (a list's element, a
    /// map's value), to write a nested value as.
    fn nested(&self, index: usize, what: &'static str) -> Result<&'static Member, WriteError> {
        self.member
            .and_then(|m| m.target.members.get(index))
            .ok_or_else(|| WriteError {
                member: self.member.map_or("(top)", |m| m.name),
                reason: format!("a {what} written where the schema has none"),
            })
    }

    /// Writes `value` as the value of `member`, restoring the position afterwards.
    fn value_of(
        &mut self,
        member: &'static Member,
        value: &dyn WriteValue,
    ) -> Result<(), WriteError> {
        let outer = self.member.replace(member);
        let result = value.write_value(self);
        self.member = outer;
        result
    }

    fn timestamp_format(&self) -> TimestampFormat {
        if self.options.epoch_timestamps {
            return TimestampFormat::EpochSeconds;
        }
        self.member
            .and_then(|m| {
                m.traits
                    .timestamp_format
                    .or(m.target.traits.timestamp_format)
            })
            .unwrap_or(TimestampFormat::EpochSeconds)
    }
}

impl ValueWriter for JsonWriter {
    fn boolean(&mut self, value: bool) -> Result<(), WriteError> {
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
        Ok(())
    }

    fn integer(&mut self, value: i64) -> Result<(), WriteError> {
        write!(self.out, "{value}").expect("writing to a Vec cannot fail");
        Ok(())
    }

    fn float32(&mut self, value: f32) -> Result<(), WriteError> {
        match non_finite(f64::from(value)) {
            Some(name) => write_string(&mut self.out, name),
            // The shortest digits of the `f32` itself: what a caller setting `1.1f32` means.
            None => self
                .out
                .extend_from_slice(repr::python_float(format!("{value:e}")).as_bytes()),
        }
        Ok(())
    }

    fn float64(&mut self, value: f64) -> Result<(), WriteError> {
        match non_finite(value) {
            Some(name) => write_string(&mut self.out, name),
            None => self.out.extend_from_slice(repr::f64_repr(value).as_bytes()),
        }
        Ok(())
    }

    fn string(&mut self, value: &str) -> Result<(), WriteError> {
        write_string(&mut self.out, value);
        Ok(())
    }

    fn blob(&mut self, value: &[u8]) -> Result<(), WriteError> {
        self.out.push(b'"');
        let encoded = base64::engine::general_purpose::STANDARD.encode(value);
        self.out.extend_from_slice(encoded.as_bytes());
        self.out.push(b'"');
        Ok(())
    }

    fn timestamp(&mut self, value: &DateTime) -> Result<(), WriteError> {
        let format = self.timestamp_format();
        let text = timestamp_text(value, format);
        // Seconds since the epoch are a JSON number; the other formats are strings.
        match format {
            TimestampFormat::EpochSeconds => self.out.extend_from_slice(text.as_bytes()),
            TimestampFormat::DateTime | TimestampFormat::HttpDate => {
                write_string(&mut self.out, &text)
            }
        }
        Ok(())
    }

    fn document(&mut self, value: &Document) -> Result<(), WriteError> {
        write_document(&mut self.out, value, Separators::DUMPS);
        Ok(())
    }

    fn list(&mut self, value: &dyn WriteList) -> Result<(), WriteError> {
        let element = self.nested(0, "list")?;
        self.out.push(b'[');
        value.write_items(&mut Items {
            w: self,
            element,
            first: true,
        })?;
        self.out.push(b']');
        Ok(())
    }

    fn map(&mut self, value: &dyn WriteMap) -> Result<(), WriteError> {
        let entry_value = self.nested(1, "map")?;
        self.out.push(b'{');
        value.write_entries(&mut Entries {
            w: self,
            value: entry_value,
            first: true,
        })?;
        self.out.push(b'}');
        Ok(())
    }

    fn structure(&mut self, value: &dyn WriteStruct) -> Result<(), WriteError> {
        let body_only = std::mem::replace(&mut self.top, false) && self.options.body_only;
        self.out.push(b'{');
        value.write_members(&mut Members {
            w: self,
            schema_members: value.schema().members,
            shape: value.schema().name,
            body_only,
            first: true,
        })?;
        self.out.push(b'}');
        Ok(())
    }
}

/// The members of one structure.
struct Members<'w> {
    w: &'w mut JsonWriter,
    schema_members: &'static [Member],
    shape: &'static str,
    body_only: bool,
    first: bool,
}

impl MemberWriter for Members<'_> {
    fn member(&mut self, index: usize, value: &dyn WriteValue) -> Result<(), WriteError> {
        let member = self.schema_members.get(index).ok_or_else(|| WriteError {
            member: self.shape,
            reason: format!("no member at index {index}"),
        })?;
        if self.body_only && member.location != Location::Body {
            return Ok(());
        }
        if !std::mem::take(&mut self.first) {
            self.w.out.extend_from_slice(b", ");
        }
        let key = match member.traits.json_name {
            Some(name) if self.w.options.json_names => name,
            _ => member.name,
        };
        write_string(&mut self.w.out, key);
        self.w.out.extend_from_slice(b": ");
        self.w.value_of(member, value)
    }
}

/// The elements of one list.
struct Items<'w> {
    w: &'w mut JsonWriter,
    element: &'static Member,
    first: bool,
}

impl ItemWriter for Items<'_> {
    fn item(&mut self, value: &dyn WriteValue) -> Result<(), WriteError> {
        if !std::mem::take(&mut self.first) {
            self.w.out.extend_from_slice(b", ");
        }
        self.w.value_of(self.element, value)
    }
}

/// The entries of one map.
struct Entries<'w> {
    w: &'w mut JsonWriter,
    value: &'static Member,
    first: bool,
}

impl EntryWriter for Entries<'_> {
    fn entry(&mut self, key: &str, value: &dyn WriteValue) -> Result<(), WriteError> {
        if !std::mem::take(&mut self.first) {
            self.w.out.extend_from_slice(b", ");
        }
        write_string(&mut self.w.out, key);
        self.w.out.extend_from_slice(b": ");
        self.w.value_of(self.value, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(text: &str) -> String {
        let mut out = Vec::new();
        write_string(&mut out, text);
        String::from_utf8(out).unwrap()
    }

    // The expected strings are what CPython 3 prints for `json.dumps(value)`.
    #[test]
    fn strings_escape_as_python_does() {
        assert_eq!(
            string("é😀\u{7f}\u{1}\n\t\"\\/~ plain"),
            r#""\u00e9\ud83d\ude00\u007f\u0001\n\t\"\\/~ plain""#
        );
        assert_eq!(
            string("\u{2028}\u{d7ff}\u{e000}\u{ffff}\u{8}\u{c}\r"),
            r#""\u2028\ud7ff\ue000\uffff\b\f\r""#
        );
    }

    #[test]
    fn documents_are_written_python_style() {
        let doc =
            Document::from_json(r#"{"b": [1, -2, 1.5, 1e16, "é"], "a": {}, "c": null}"#).unwrap();
        let mut out = Vec::new();
        write_document(&mut out, &doc, Separators::DUMPS);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"a": {}, "b": [1, -2, 1.5, 1e+16, "\u00e9"], "c": null}"#
        );
    }
}
