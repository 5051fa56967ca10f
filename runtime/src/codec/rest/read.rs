//! A REST response as a [`ValueReader`] positioned on the output (or error) structure:
//! its `structure` offers the members bound to the status code and to headers first,
//! then the payload or the body's members, so that one generated `ReadValue` per
//! structure serves every protocol.

use base64::Engine as _;

use super::BodyCodec;
use crate::schema::{Location, Member, ReadError, Schema, ShapeKind, TimestampFormat, ValueReader};
use crate::wire::{http_date, DateTime, Document};

/// An HTTP response, read as the structure its members are bound to.
pub struct RestResponse<'r> {
    status: u16,
    headers: &'r [(String, String)],
    body: &'r [u8],
    codec: &'r dyn BodyCodec,
}

impl<'r> RestResponse<'r> {
    /// A response with this status, headers and body, whose body `codec` reads.
    pub fn new(
        status: u16,
        headers: &'r [(String, String)],
        body: &'r [u8],
        codec: &'r dyn BodyCodec,
    ) -> Self {
        Self {
            status,
            headers,
            body,
            codec,
        }
    }
}

fn not_a_structure<T>() -> Result<T, ReadError> {
    Err(ReadError::new(
        "a REST response is read as a structure of its bound members",
    ))
}

impl ValueReader for RestResponse<'_> {
    fn boolean(&mut self) -> Result<bool, ReadError> {
        not_a_structure()
    }
    fn integer(&mut self) -> Result<i64, ReadError> {
        not_a_structure()
    }
    fn float(&mut self) -> Result<f64, ReadError> {
        not_a_structure()
    }
    fn string(&mut self) -> Result<String, ReadError> {
        not_a_structure()
    }
    fn blob(&mut self) -> Result<Vec<u8>, ReadError> {
        not_a_structure()
    }
    fn timestamp(&mut self) -> Result<DateTime, ReadError> {
        not_a_structure()
    }
    fn document(&mut self) -> Result<Document, ReadError> {
        not_a_structure()
    }
    fn list(
        &mut self,
        _: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        not_a_structure()
    }
    fn map(
        &mut self,
        _: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        not_a_structure()
    }

    fn structure(
        &mut self,
        schema: &'static Schema,
        member: &mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let mut payload = None;
        for (index, m) in schema.members.iter().enumerate() {
            match m.location {
                Location::StatusCode => {
                    let text = self.status.to_string();
                    member(index, &mut HeaderText::new(m, &text))?;
                }
                Location::Header(name) => {
                    let found = self
                        .headers
                        .iter()
                        .find(|(key, _)| key.eq_ignore_ascii_case(name));
                    if let Some((_, value)) = found {
                        let read = member(index, &mut HeaderText::new(m, value));
                        // botocore's `handle_expires_header` drops a header whose text does
                        // not parse, but passes an empty one on to its parser, which fails.
                        match read {
                            Err(_) if m.traits.lenient && !value.is_empty() => {}
                            read => read.map_err(|e| in_header(name, e))?,
                        }
                    }
                }
                Location::PrefixHeaders(prefix) => {
                    // Always present, empty when no header matches, as botocore has it.
                    let mut map = PrefixHeaders {
                        member: m,
                        prefix,
                        headers: self.headers,
                    };
                    member(index, &mut map)?;
                }
                Location::Payload => payload = Some((index, m)),
                _ => {}
            }
        }
        match payload {
            Some((index, m)) => match m.target.kind {
                ShapeKind::Blob => member(index, &mut RawBody(self.body)),
                ShapeKind::String | ShapeKind::Enum => member(index, &mut RawBody(self.body)),
                // A union is exactly one member: no body is no union, not an empty one
                // (a structure payload still reads an empty body as `{}`, as botocore).
                ShapeKind::Union if self.body.iter().all(u8::is_ascii_whitespace) => Ok(()),
                _ => self.codec.read(self.body, &mut |r| member(index, r)),
            },
            None => {
                if !schema.members.iter().any(|m| from_body(m.location)) {
                    return Ok(());
                }
                self.codec.read(self.body, &mut |r| {
                    r.structure(schema, &mut |index, r| match schema
                        .members
                        .get(index)
                        .map(|m| m.location)
                    {
                        Some(location) if from_body(location) => member(index, r),
                        // A key named like a member bound elsewhere is not that
                        // member: read past it whatever it holds.
                        _ => r.document().map(drop),
                    })
                })
            }
        }
    }
}

/// True for a response member read from the body: a request's locations (URI labels,
/// query string) mean nothing in a response, and botocore's `BaseRestParser` reads such
/// members from the body as it reads unbound ones.
fn from_body(location: Location) -> bool {
    matches!(
        location,
        Location::Body
            | Location::Label(_)
            | Location::GreedyLabel(_)
            | Location::Query(_)
            | Location::QueryMap
    )
}

fn in_header(name: &str, e: ReadError) -> ReadError {
    ReadError::new(format!("header {name}: {}", e.reason))
}

/// The text of a header (or of the status code, or of one item of a header list).
struct HeaderText<'t> {
    member: &'static Member,
    schema: &'static Schema,
    text: &'t str,
}

impl<'t> HeaderText<'t> {
    fn new(member: &'static Member, text: &'t str) -> Self {
        Self {
            member,
            schema: member.target,
            text,
        }
    }

    fn wrong(&self, what: &str) -> ReadError {
        let shown: String = self.text.chars().take(64).collect();
        ReadError::new(format!("{shown:?} is not {what}"))
    }

    /// The JSON a `jsonvalue` header holds: base64 of JSON text.
    fn json_value(&self) -> Result<Document, ReadError> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(self.text.trim())
            .map_err(|_| self.wrong("base64"))?;
        Document::from_json(&bytes).map_err(|_| self.wrong("base64 of JSON"))
    }
}

impl ValueReader for HeaderText<'_> {
    fn boolean(&mut self) -> Result<bool, ReadError> {
        match self.text.trim() {
            t if t.eq_ignore_ascii_case("true") => Ok(true),
            t if t.eq_ignore_ascii_case("false") => Ok(false),
            _ => Err(self.wrong("a boolean")),
        }
    }

    fn integer(&mut self) -> Result<i64, ReadError> {
        let t = self.text.trim();
        t.strip_prefix('+')
            .unwrap_or(t)
            .parse()
            .map_err(|_| self.wrong("an integer"))
    }

    fn float(&mut self) -> Result<f64, ReadError> {
        match self.text.trim() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            t if t
                .bytes()
                .any(|b| b.is_ascii_alphabetic() && !b"eE".contains(&b)) =>
            {
                Err(self.wrong("a number"))
            }
            t => t.parse().map_err(|_| self.wrong("a number")),
        }
    }

    fn string(&mut self) -> Result<String, ReadError> {
        if self.member.traits.json_value {
            return match self.json_value()? {
                Document::String(text) => Ok(text),
                other => Ok(other.to_string()),
            };
        }
        Ok(self.text.to_owned())
    }

    fn blob(&mut self) -> Result<Vec<u8>, ReadError> {
        base64::engine::general_purpose::STANDARD
            .decode(self.text.trim())
            .map_err(|_| self.wrong("base64"))
    }

    fn timestamp(&mut self) -> Result<DateTime, ReadError> {
        let format = self
            .member
            .traits
            .timestamp_format
            .or(self.schema.traits.timestamp_format)
            .unwrap_or(TimestampFormat::HttpDate);
        read_timestamp(self.text.trim(), format).ok_or_else(|| self.wrong("a timestamp"))
    }

    fn document(&mut self) -> Result<Document, ReadError> {
        if self.member.traits.json_value {
            return self.json_value();
        }
        Ok(Document::String(self.text.to_owned()))
    }

    fn list(
        &mut self,
        item: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let Some(element) = self.schema.members.first() else {
            return Err(ReadError::new("list schema without an element member"));
        };
        let http_dates = element.target.kind == ShapeKind::Timestamp
            && element
                .traits
                .timestamp_format
                .or(element.target.traits.timestamp_format)
                .unwrap_or(TimestampFormat::HttpDate)
                == TimestampFormat::HttpDate;
        for text in split_header_list(self.text, http_dates) {
            item(&mut HeaderText::new(element, &text))?;
        }
        Ok(())
    }

    fn map(
        &mut self,
        _: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        Err(self.wrong("a map"))
    }

    fn structure(
        &mut self,
        _: &'static Schema,
        _: &mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        Err(self.wrong("a structure"))
    }
}

/// A timestamp in `format`, or in any other format when it does not fit (botocore
/// reads any of them wherever it finds a timestamp).
pub(super) fn read_timestamp(text: &str, format: TimestampFormat) -> Option<DateTime> {
    let epoch = || {
        let secs: f64 = text.parse().ok()?;
        DateTime::try_from_secs_f64(secs).ok()
    };
    let iso = || iso_8601(text);
    let http = || http_date::parse(text).ok();
    match format {
        TimestampFormat::EpochSeconds => epoch().or_else(iso).or_else(http),
        TimestampFormat::DateTime => iso().or_else(http).or_else(epoch),
        TimestampFormat::HttpDate => http().or_else(iso).or_else(epoch),
    }
}

/// ISO 8601 as botocore's date parser reads it in a header: RFC 3339, or without an
/// offset (UTC, as botocore sends such a naive datetime back), or a date alone (its
/// midnight).
fn iso_8601(text: &str) -> Option<DateTime> {
    text.parse()
        .or_else(|_| format!("{text}Z").parse())
        .or_else(|_| format!("{text}T00:00:00Z").parse())
        .ok()
}

/// The items of a header list: split on commas outside double quotes, each trimmed
/// and unquoted; an HTTP-date list splits on every other comma, as each date holds one.
fn split_header_list(text: &str, http_dates: bool) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars();
    let mut quoted = false;
    let mut was_quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted => quoted = false,
            '"' if current.trim().is_empty() => {
                current.clear();
                quoted = true;
                was_quoted = true;
            }
            '\\' if quoted => current.extend(chars.next()),
            ',' if !quoted => {
                items.push(finish(&mut current, was_quoted));
                was_quoted = false;
            }
            c => current.push(c),
        }
    }
    items.push(finish(&mut current, was_quoted));
    if http_dates {
        items = items.chunks(2).map(|pair| pair.join(", ")).collect();
    }
    items
}

fn finish(current: &mut String, was_quoted: bool) -> String {
    let item = std::mem::take(current);
    if was_quoted {
        item
    } else {
        item.trim().to_owned()
    }
}

/// The headers whose names start with a prefix, as a map of the rest of the name to
/// the value.
struct PrefixHeaders<'h> {
    member: &'static Member,
    prefix: &'static str,
    headers: &'h [(String, String)],
}

impl ValueReader for PrefixHeaders<'_> {
    fn boolean(&mut self) -> Result<bool, ReadError> {
        Err(not_map())
    }
    fn integer(&mut self) -> Result<i64, ReadError> {
        Err(not_map())
    }
    fn float(&mut self) -> Result<f64, ReadError> {
        Err(not_map())
    }
    fn string(&mut self) -> Result<String, ReadError> {
        Err(not_map())
    }
    fn blob(&mut self) -> Result<Vec<u8>, ReadError> {
        Err(not_map())
    }
    fn timestamp(&mut self) -> Result<DateTime, ReadError> {
        Err(not_map())
    }
    fn document(&mut self) -> Result<Document, ReadError> {
        Err(not_map())
    }
    fn list(
        &mut self,
        _: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        Err(not_map())
    }
    fn structure(
        &mut self,
        _: &'static Schema,
        _: &mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        Err(not_map())
    }

    fn map(
        &mut self,
        entry: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let Some(value_member) = self.member.target.members.get(1) else {
            return Err(ReadError::new("map schema without a value member"));
        };
        let prefix = self.prefix.as_bytes();
        for (name, value) in self.headers {
            let bytes = name.as_bytes();
            if bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix) {
                // The prefix is ASCII, so the rest starts on a character boundary.
                let key = name[prefix.len()..].to_owned();
                entry(key, &mut HeaderText::new(value_member, value))
                    .map_err(|e| in_header(name, e))?;
            }
        }
        Ok(())
    }
}

fn not_map() -> ReadError {
    ReadError::new("prefix headers are read as a map")
}

/// The whole body as a blob or as text.
struct RawBody<'b>(&'b [u8]);

impl ValueReader for RawBody<'_> {
    fn boolean(&mut self) -> Result<bool, ReadError> {
        Err(not_raw())
    }
    fn integer(&mut self) -> Result<i64, ReadError> {
        Err(not_raw())
    }
    fn float(&mut self) -> Result<f64, ReadError> {
        Err(not_raw())
    }
    fn string(&mut self) -> Result<String, ReadError> {
        String::from_utf8(self.0.to_vec()).map_err(|_| ReadError::new("the body is not UTF-8"))
    }
    fn blob(&mut self) -> Result<Vec<u8>, ReadError> {
        Ok(self.0.to_vec())
    }
    fn timestamp(&mut self) -> Result<DateTime, ReadError> {
        Err(not_raw())
    }
    fn document(&mut self) -> Result<Document, ReadError> {
        Err(not_raw())
    }
    fn list(
        &mut self,
        _: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        Err(not_raw())
    }
    fn map(
        &mut self,
        _: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        Err(not_raw())
    }
    fn structure(
        &mut self,
        _: &'static Schema,
        _: &mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        Err(not_raw())
    }
}

fn not_raw() -> ReadError {
    ReadError::new("a raw payload is a blob or a string")
}

#[cfg(test)]
mod tests {
    use super::split_header_list;

    #[test]
    fn header_lists_split_outside_quotes_and_dates_pair_up() {
        assert_eq!(split_header_list("a, b,c", false), ["a", "b", "c"]);
        assert_eq!(
            split_header_list(r#""b,c", "\"def\"", a"#, false),
            ["b,c", "\"def\"", "a"]
        );
        assert_eq!(
            split_header_list(
                "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT",
                true
            ),
            [
                "Mon, 16 Dec 2019 23:48:18 GMT",
                "Mon, 16 Dec 2019 23:48:18 GMT"
            ]
        );
        assert_eq!(split_header_list("", false), [""]);
    }
}
