//! Reading XML documents through the schema traits, as botocore's XML parsers
//! (`BaseXMLResponseParser` and its query, EC2 and restXml kinds) read them.
//!
//! A structure's members are its child elements named by the member's XML name (else
//! its name), namespaces ignored, or its attributes for `xmlAttribute` members. A
//! wrapped list is one element whose children, whatever their names, are the items; a
//! flattened list is the repeated elements themselves, named by the member (or by the
//! list's element name when it has one). Maps are `entry` elements of `key` and `value`
//! (or the names the model gives); a flattened map repeats its entries in place. An
//! empty element is an empty string. Booleans are `true` or anything else (false);
//! numbers are read as Python's `int` and `float` read them; timestamps take any of
//! the three formats (ISO 8601 first unless the model says otherwise); blobs are
//! base64, read as Python's `b64decode` reads it.

use super::tree::Element;
use crate::schema::{Member, ReadError, Schema, ShapeKind, ValueReader};
use crate::wire::{http_date, DateTime, Document};

/// Where a reader is: one element, or the repeated elements of a flattened list or map.
#[derive(Clone, Debug)]
enum At<'d> {
    One(Element<'d>),
    Flat(Vec<Element<'d>>),
}

/// A [`ValueReader`] over elements of an [`super::XmlDocument`].
#[derive(Debug)]
pub struct XmlReader<'d> {
    at: At<'d>,
    /// The member whose value this is: its target's schema and its traits (timestamp
    /// format, list and map names). Unknown at a body's root until a structure is read.
    member: Option<&'static Member>,
}

impl<'d> XmlReader<'d> {
    /// A reader on `element`, read as the value of `member` when it is known.
    pub fn new(element: Element<'d>, member: Option<&'static Member>) -> Self {
        Self {
            at: At::One(element),
            member,
        }
    }

    /// The one element of a scalar, structure or wrapped collection; the first of
    /// repeated ones (botocore reads a structure from the first).
    fn element(&self) -> Option<Element<'d>> {
        match &self.at {
            At::One(e) => Some(*e),
            At::Flat(list) => list.first().copied(),
        }
    }

    fn fail(&self, reason: String) -> ReadError {
        if let Some(e) = self.element() {
            e.document().failed_at(e);
        }
        ReadError::new(reason)
    }

    /// The text of a scalar.
    fn text(&self) -> Result<&'d str, ReadError> {
        match self.element() {
            Some(e) => Ok(e.text()),
            None => Err(ReadError::new("no element to read")),
        }
    }

    fn schema(&self) -> Option<&'static Schema> {
        self.member.map(|m| m.target)
    }

    fn collection(&self, kind: &str) -> Result<&'static Schema, ReadError> {
        self.schema()
            .filter(|s| s.members.len() >= if kind == "map" { 2 } else { 1 })
            .ok_or_else(|| self.fail(format!("a {kind} whose schema is not known here")))
    }
}

/// True when `member` is a list or map written without a wrapping element.
fn is_flattened(member: &Member) -> bool {
    matches!(member.target.kind, ShapeKind::List | ShapeKind::Map)
        && (member.traits.xml_flattened || member.target.traits.xml_flattened)
}

/// The element name `member` is read from inside a structure: its XML name, else its
/// target shape's (botocore's shape references inherit the shape's `locationName`),
/// else its name.
fn element_name(member: &'static Member) -> &'static str {
    xml_name(member).unwrap_or(member.name)
}

/// The XML name a member has of its own or from its target shape.
fn xml_name(member: &Member) -> Option<&'static str> {
    member.traits.xml_name.or(member.target.traits.xml_name)
}

/// The name a flattened list's items carry in botocore's models when the list's element
/// has one (botocore's `_member_key_name`: SQS's `<Message>` items of `Messages`).
/// Smithy names them after the structure member instead, which is read when no item
/// carries the element's name.
fn flattened_item_name(member: &'static Member) -> Option<&'static str> {
    if member.target.kind != ShapeKind::List {
        return None;
    }
    xml_name(member.target.members.first()?)
}

/// A map's key or value element name: the model's, else `key` / `value`.
fn entry_name(member: &Member, default: &'static str) -> &'static str {
    xml_name(member).unwrap_or(default)
}

impl ValueReader for XmlReader<'_> {
    fn boolean(&mut self) -> Result<bool, ReadError> {
        // botocore: `text == 'true'`; anything else reads as false.
        Ok(self.text()? == "true")
    }

    fn integer(&mut self) -> Result<i64, ReadError> {
        let text = self.text()?;
        parse_int(text).ok_or_else(|| self.fail(format!("{:?} is not an integer", shown(text))))
    }

    fn float(&mut self) -> Result<f64, ReadError> {
        let text = self.text()?;
        parse_float(text).ok_or_else(|| self.fail(format!("{:?} is not a number", shown(text))))
    }

    fn string(&mut self) -> Result<String, ReadError> {
        self.text().map(str::to_owned)
    }

    fn blob(&mut self) -> Result<Vec<u8>, ReadError> {
        let text = self.text()?;
        decode_blob(text).map_err(|e| self.fail(e.reason))
    }

    fn timestamp(&mut self) -> Result<DateTime, ReadError> {
        let text = self.text()?;
        read_timestamp(text)
            .ok_or_else(|| self.fail(format!("{:?} is not a timestamp", shown(text))))
    }

    fn document(&mut self) -> Result<Document, ReadError> {
        // XML has no documents: an element reads as its text, or as nothing when it
        // holds elements.
        match self.element() {
            Some(e) if !e.has_children() => Ok(Document::String(e.text().to_owned())),
            _ => Ok(Document::Null),
        }
    }

    fn list(
        &mut self,
        item: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let schema = self.collection("list")?;
        let element = &schema.members[0];
        let items: Vec<Element<'_>> = match &self.at {
            At::Flat(items) => items.clone(),
            // A flattened list read alone (a list's item, a map's value) is one item.
            At::One(item) if self.member.is_some_and(is_flattened) => vec![*item],
            At::One(wrapper) => wrapper.children().collect(),
        };
        for e in items {
            item(&mut XmlReader::new(e, Some(element))).inspect_err(|_| {
                e.document().failed_at(e);
            })?;
        }
        Ok(())
    }

    fn map(
        &mut self,
        entry: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let schema = self.collection("map")?;
        let (key_member, value_member) = (&schema.members[0], &schema.members[1]);
        let (key_name, value_name) = (
            entry_name(key_member, "key"),
            entry_name(value_member, "value"),
        );
        let entries: Vec<Element<'_>> = match &self.at {
            At::Flat(entries) => entries.clone(),
            At::One(entry) if self.member.is_some_and(is_flattened) => vec![*entry],
            At::One(wrapper) => wrapper.children().collect(),
        };
        for e in entries {
            let (mut key, mut value) = (None, None);
            for part in e.children() {
                if part.name() == key_name {
                    key = Some(part);
                } else if part.name() == value_name {
                    value = Some(part);
                } else {
                    e.document().failed_at(part);
                    return Err(ReadError::new(format!(
                        "unknown element {:?} in a map entry",
                        part.name()
                    )));
                }
            }
            let (Some(key), Some(value)) = (key, value) else {
                e.document().failed_at(e);
                return Err(ReadError::new(format!(
                    "a map entry needs a {key_name} and a {value_name}"
                )));
            };
            entry(
                key.text().to_owned(),
                &mut XmlReader::new(value, Some(value_member)),
            )
            .inspect_err(|_| e.document().failed_at(value))?;
        }
        Ok(())
    }

    fn structure(
        &mut self,
        schema: &'static Schema,
        member: &mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let Some(node) = self.element() else {
            return Ok(());
        };
        for (index, m) in schema.members.iter().enumerate() {
            let name = element_name(m);
            let mut reader = if is_flattened(m) {
                let named = |name: &str| -> Vec<Element<'_>> {
                    node.children().filter(|c| c.name() == name).collect()
                };
                let mut items = flattened_item_name(m).map(named).unwrap_or_default();
                if items.is_empty() {
                    items = named(name);
                }
                if items.is_empty() {
                    continue;
                }
                XmlReader {
                    at: At::Flat(items),
                    member: Some(m),
                }
            } else if let Some(child) = node.child(name) {
                XmlReader::new(child, Some(m))
            } else if m.traits.xml_attribute {
                let Some(value) = node.attribute(name) else {
                    continue;
                };
                let result = member(index, &mut AttributeText { text: value });
                result.inspect_err(|_| node.document().failed_at(node))?;
                continue;
            } else {
                continue;
            };
            let first = reader.element();
            member(index, &mut reader).inspect_err(|_| {
                if let Some(e) = first {
                    e.document().failed_at(e);
                }
            })?;
        }
        Ok(())
    }
}

/// The value of an attribute member: text only.
struct AttributeText<'t> {
    text: &'t str,
}

fn attribute_only<T>() -> Result<T, ReadError> {
    Err(ReadError::new("an XML attribute holds text only"))
}

impl ValueReader for AttributeText<'_> {
    fn boolean(&mut self) -> Result<bool, ReadError> {
        Ok(self.text == "true")
    }
    fn integer(&mut self) -> Result<i64, ReadError> {
        parse_int(self.text)
            .ok_or_else(|| ReadError::new(format!("{:?} is not an integer", shown(self.text))))
    }
    fn float(&mut self) -> Result<f64, ReadError> {
        parse_float(self.text)
            .ok_or_else(|| ReadError::new(format!("{:?} is not a number", shown(self.text))))
    }
    fn string(&mut self) -> Result<String, ReadError> {
        Ok(self.text.to_owned())
    }
    fn blob(&mut self) -> Result<Vec<u8>, ReadError> {
        decode_blob(self.text)
    }
    fn timestamp(&mut self) -> Result<DateTime, ReadError> {
        read_timestamp(self.text)
            .ok_or_else(|| ReadError::new(format!("{:?} is not a timestamp", shown(self.text))))
    }
    fn document(&mut self) -> Result<Document, ReadError> {
        Ok(Document::String(self.text.to_owned()))
    }
    fn list(
        &mut self,
        _: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        attribute_only()
    }
    fn map(
        &mut self,
        _: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        attribute_only()
    }
    fn structure(
        &mut self,
        _: &'static Schema,
        _: &mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        attribute_only()
    }
}

/// At most 64 characters of server text, for an error message.
fn shown(text: &str) -> String {
    text.chars().take(64).collect()
}

/// An integer as Python's `int(text)` reads it: surrounding whitespace, a sign, and
/// underscores between digits allowed.
pub(crate) fn parse_int(text: &str) -> Option<i64> {
    let t = text.trim();
    let (negative, digits) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let bytes = digits.as_bytes();
    let well_placed = !bytes.is_empty()
        && bytes.first()?.is_ascii_digit()
        && bytes.last()?.is_ascii_digit()
        && bytes
            .windows(2)
            .all(|w| w[0].is_ascii_digit() || w[1].is_ascii_digit())
        && bytes.iter().all(|b| b.is_ascii_digit() || *b == b'_');
    if !well_placed {
        return None;
    }
    let mut value: i64 = 0;
    for &b in bytes.iter().filter(|b| b.is_ascii_digit()) {
        let digit = i64::from(b - b'0');
        value = value.checked_mul(10)?;
        value = if negative {
            value.checked_sub(digit)?
        } else {
            value.checked_add(digit)?
        };
    }
    Some(value)
}

/// A float as Python's `float(text)` reads it: whitespace around, `nan`, `inf` and
/// `infinity` in any case with an optional sign.
pub(crate) fn parse_float(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.contains('_') {
        let bytes = t.as_bytes();
        // Python allows one underscore between two digits only.
        let ok = bytes
            .windows(3)
            .all(|w| w[1] != b'_' || (w[0].is_ascii_digit() && w[2].is_ascii_digit()))
            && !t.starts_with('_')
            && !t.ends_with('_');
        if !ok {
            return None;
        }
        return t.replace('_', "").parse().ok();
    }
    // Rust reads `inf`, `infinity` and `nan` without case too; Python has no hex floats
    // here and neither has Rust.
    t.parse().ok()
}

/// A timestamp as botocore's `parse_timestamp` reads one, whatever format the model
/// states (ISO 8601 by default in XML): epoch seconds when the text is a number, else
/// ISO 8601 (with any offset) or an HTTP date.
pub(crate) fn read_timestamp(text: &str) -> Option<DateTime> {
    let text = text.trim();
    match parse_float(text) {
        Some(secs) => DateTime::try_from_secs_f64(secs).ok(),
        None => text
            .parse::<DateTime>()
            .ok()
            .or_else(|| http_date::parse(text).ok()),
    }
}

/// Base64 as botocore's XML parser reads it (see [`crate::codec::python_base64`]).
fn decode_blob(text: &str) -> Result<Vec<u8>, ReadError> {
    crate::codec::python_base64::decode_blob(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::{decode_blob, parse_float, parse_int};

    /// As botocore's parser: Python's `b64decode`, lenient on what S3's and others'
    /// blobs carry (line breaks, unused bits), strict on non-ASCII text and padding.
    #[test]
    fn blobs_read_as_python_b64decode_reads_them() {
        assert_eq!(decode_blob("QUJD\nREVG").unwrap(), b"ABCDEF");
        assert_eq!(decode_blob("QR==").unwrap(), b"A");
        assert!(decode_blob("QQ").is_err());
        assert!(decode_blob("QQ==\u{e9}").is_err());
    }

    #[test]
    fn integers_read_as_python_int_reads_them() {
        assert_eq!(parse_int(" 42\n"), Some(42));
        assert_eq!(parse_int("+7"), Some(7));
        assert_eq!(parse_int("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_int("9223372036854775808"), None);
        assert_eq!(parse_int("1_000"), Some(1000));
        for bad in ["", "-", "1.0", "_1", "1_", "1__0", "0x10", "1e3"] {
            assert_eq!(parse_int(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn floats_read_as_python_float_reads_them() {
        assert!(parse_float("NaN").unwrap().is_nan());
        assert!(parse_float("nan").unwrap().is_nan());
        assert_eq!(parse_float("Infinity"), Some(f64::INFINITY));
        assert_eq!(parse_float("-Infinity"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_float("-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_float(" 1.5e3 "), Some(1500.0));
        assert_eq!(parse_float("1_0.5"), Some(10.5));
        for bad in ["", "1__0", "_1", "abc", "1.5x"] {
            assert_eq!(parse_float(bad), None, "{bad:?}");
        }
    }
}
