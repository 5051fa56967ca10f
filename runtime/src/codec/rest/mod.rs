//! The HTTP bindings of the REST protocols (restJson1, later restXml): where each
//! member of an operation's input travels in the request (URI labels, query string,
//! headers, payload, body) and where each member of its output comes from in the
//! response (status code, headers, payload, body).
//!
//! It matches botocore's `BaseRestSerializer` and `BaseRestParser`. The body format is
//! a parameter ([`BodyCodec`]): the JSON codec for restJson1, an XML one for restXml.
//! The host prefix is not written here: every protocol, RPC or REST, fills it the
//! same way from the operation's template and its host-label members.

mod read;
mod text;

pub use read::RestResponse;

use crate::percent::{self, Safe};
use crate::schema::{
    Location, Member, MemberWriter, OperationSchema, ShapeKind, UriSegment, ValueReader,
    ValueWriter, WriteError, WriteStruct, WriteValue,
};
use crate::schema::{ReadError, Schema};
use text::{member_text, Place};

/// The body format of a REST protocol.
pub trait BodyCodec {
    /// The body of the structure `value` (only its body members are offered).
    fn write_struct(&self, value: &dyn WriteStruct) -> Result<Vec<u8>, WriteError>;
    /// A payload member's value (a structure, union or document) as the whole body.
    fn write_payload(
        &self,
        member: &'static Member,
        value: &dyn WriteValue,
    ) -> Result<Vec<u8>, WriteError>;
    /// The body sent for an unset structure payload, or for an input whose body
    /// members are all unset (`{}` in JSON).
    fn empty_body(&self) -> &'static [u8];
    /// The `Content-Type` of a body this codec wrote; empty for none (restXml).
    fn content_type(&self) -> &'static str;
    /// Calls `read` positioned on the value of `body`; an empty body reads as an empty
    /// structure.
    fn read(
        &self,
        body: &[u8],
        read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError>;
}

/// A REST request before the client adds host, signing and transport headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestRequest {
    /// HTTP method.
    pub method: &'static str,
    /// Path and query string, percent-encoded (`/functions/my%20fn?Qualifier=1`).
    pub uri: String,
    /// Headers, with names as the model spells them, in input member order; then
    /// `Content-Type` when the codec wrote the body.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// Writes the request of `op` for `input`: the HTTP binding from the operation, each
/// set member to its location, the body with `codec`.
pub fn write_request(
    op: &'static OperationSchema,
    input: &dyn WriteStruct,
    codec: &dyn BodyCodec,
) -> Result<RestRequest, WriteError> {
    let http = op.http.ok_or_else(|| WriteError {
        member: op.name,
        reason: "the operation has no HTTP binding".to_owned(),
    })?;
    let schema = input.schema();
    let mut parts = Partition {
        schema,
        codec,
        labels: Vec::new(),
        query: Vec::new(),
        query_maps: Vec::new(),
        headers: Vec::new(),
        payload: None,
        body_members: false,
    };
    input.write_members(&mut parts)?;

    let mut uri = String::new();
    for segment in http.path {
        match segment {
            UriSegment::Literal(text) => uri.push_str(text),
            UriSegment::Label(name) | UriSegment::Greedy(name) => {
                let greedy = matches!(segment, UriSegment::Greedy(_));
                let value = parts
                    .labels
                    .iter()
                    .find(|(label, _)| label == name)
                    .map(|(_, value)| value.as_str())
                    .filter(|value| !value.is_empty())
                    .ok_or_else(|| WriteError {
                        member: name,
                        reason: "a URI label must be set and not empty".to_owned(),
                    })?;
                percent_encode_into(&mut uri, value, greedy);
            }
        }
    }
    let mut query: Vec<String> = http
        .query
        .iter()
        .map(|(key, value)| match value {
            Some(value) => format!("{key}={value}"),
            None => (*key).to_owned(),
        })
        .collect();
    // A named query member wins over a query map entry of the same key, as in Smithy.
    let named: Vec<&str> = parts.query.iter().map(|(k, _)| k.as_str()).collect();
    let from_maps = parts
        .query_maps
        .iter()
        .filter(|(key, _)| !named.contains(&key.as_str()));
    for (key, values) in parts.query.iter().chain(from_maps) {
        for value in values {
            let mut pair = String::new();
            percent_encode_into(&mut pair, key, false);
            pair.push('=');
            percent_encode_into(&mut pair, value, false);
            query.push(pair);
        }
    }
    if !query.is_empty() {
        uri.push('?');
        uri.push_str(&query.join("&"));
    }

    let mut headers = parts.headers;
    let (body, streaming) = match parts.payload {
        Some(Payload::Raw(bytes)) => (bytes, true),
        Some(Payload::Encoded(bytes)) => (bytes, false),
        None => match schema
            .members
            .iter()
            .find(|m| m.location == Location::Payload)
        {
            Some(m) if is_raw_payload(m) => (Vec::new(), true),
            Some(_) => (codec.empty_body().to_vec(), false),
            None if parts.body_members => (codec.write_struct(&BodyMembers(input))?, false),
            None if schema.members.iter().any(|m| m.location == Location::Body) => {
                (codec.empty_body().to_vec(), false)
            }
            None => (Vec::new(), false),
        },
    };
    let has_content_type = headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
    if !streaming && !body.is_empty() && !has_content_type && !codec.content_type().is_empty() {
        headers.push(("Content-Type".to_owned(), codec.content_type().to_owned()));
    }
    Ok(RestRequest {
        method: http.method,
        uri,
        headers,
        body,
    })
}

/// A blob or string payload travels as the raw body, without a content type.
fn is_raw_payload(member: &Member) -> bool {
    matches!(
        member.target.kind,
        ShapeKind::Blob | ShapeKind::String | ShapeKind::Enum
    )
}

enum Payload {
    /// A blob or string: the bytes as they are.
    Raw(Vec<u8>),
    /// A structure, union or document written by the body codec.
    Encoded(Vec<u8>),
}

/// Sorts set members by location.
struct Partition<'c> {
    schema: &'static Schema,
    codec: &'c dyn BodyCodec,
    labels: Vec<(&'static str, String)>,
    query: Vec<(String, Vec<String>)>,
    query_maps: Vec<(String, Vec<String>)>,
    headers: Vec<(String, String)>,
    payload: Option<Payload>,
    body_members: bool,
}

impl Partition<'_> {
    fn place(&mut self, member: &'static Member, value: &dyn WriteValue) -> Result<(), WriteError> {
        match member.location {
            Location::Body => self.body_members = true,
            Location::Label(name) | Location::GreedyLabel(name) => {
                let mut text = Vec::new();
                member_text(member, value, Place::Label, &mut text)?;
                self.labels.push((name, text.concat()));
            }
            Location::Query(name) => {
                let mut values = Vec::new();
                member_text(member, value, Place::Query, &mut values)?;
                self.query.push((name.to_owned(), values));
            }
            Location::QueryMap => {
                let entries = text::map_entries(member, value, Place::Query)?;
                self.query_maps.extend(entries);
            }
            Location::Header(name) => {
                let mut values = Vec::new();
                member_text(member, value, Place::Header, &mut values)?;
                // An empty list sends no header (botocore).
                if let Some(text) = values.pop() {
                    check_header(member.name, name, &text)?;
                    self.headers.push((name.to_owned(), text));
                }
            }
            Location::PrefixHeaders(prefix) => {
                for (key, values) in text::map_entries(member, value, Place::Header)? {
                    let name = format!("{prefix}{key}");
                    let text = values.concat();
                    check_header(member.name, &name, &text)?;
                    self.headers.push((name, text));
                }
            }
            Location::Payload => {
                let payload = if is_raw_payload(member) {
                    Payload::Raw(raw_bytes(member, value)?)
                } else {
                    Payload::Encoded(self.codec.write_payload(member, value)?)
                };
                self.payload = Some(payload);
            }
            // Only responses have a status code.
            Location::StatusCode => {}
        }
        Ok(())
    }
}

impl MemberWriter for Partition<'_> {
    fn member(&mut self, index: usize, value: &dyn WriteValue) -> Result<(), WriteError> {
        let member = self.schema.members.get(index).ok_or(WriteError {
            member: self.schema.name,
            reason: format!("no member at index {index}"),
        })?;
        self.place(member, value)
    }
}

/// The input with only its body members, for the body codec.
struct BodyMembers<'a>(&'a dyn WriteStruct);

impl WriteStruct for BodyMembers<'_> {
    fn schema(&self) -> &'static Schema {
        self.0.schema()
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        let members = self.0.schema().members;
        let mut only_body = OnlyBody { members, inner: w };
        self.0.write_members(&mut only_body)
    }
}

struct OnlyBody<'w> {
    members: &'static [Member],
    inner: &'w mut dyn MemberWriter,
}

impl MemberWriter for OnlyBody<'_> {
    fn member(&mut self, index: usize, value: &dyn WriteValue) -> Result<(), WriteError> {
        match self.members.get(index) {
            Some(member) if member.location == Location::Body => self.inner.member(index, value),
            _ => Ok(()),
        }
    }
}

/// The bytes of a blob or string payload.
fn raw_bytes(member: &'static Member, value: &dyn WriteValue) -> Result<Vec<u8>, WriteError> {
    struct Raw(Option<Vec<u8>>, &'static str);
    impl Raw {
        fn wrong(&self) -> WriteError {
            WriteError {
                member: self.1,
                reason: "a raw payload is a blob or a string".to_owned(),
            }
        }
    }
    impl ValueWriter for Raw {
        fn boolean(&mut self, _: bool) -> Result<(), WriteError> {
            Err(self.wrong())
        }
        fn integer(&mut self, _: i64) -> Result<(), WriteError> {
            Err(self.wrong())
        }
        fn float32(&mut self, _: f32) -> Result<(), WriteError> {
            Err(self.wrong())
        }
        fn float64(&mut self, _: f64) -> Result<(), WriteError> {
            Err(self.wrong())
        }
        fn string(&mut self, value: &str) -> Result<(), WriteError> {
            self.0 = Some(value.as_bytes().to_vec());
            Ok(())
        }
        fn blob(&mut self, value: &[u8]) -> Result<(), WriteError> {
            self.0 = Some(value.to_vec());
            Ok(())
        }
        fn stream(&mut self, value: &crate::wire::ByteStream) -> Result<(), WriteError> {
            // A file or a stream is sent by the client as it is read (it takes it from
            // the input), not copied into the body here.
            self.0 = Some(value.bytes().map(<[u8]>::to_vec).unwrap_or_default());
            Ok(())
        }
        fn timestamp(&mut self, _: &crate::wire::DateTime) -> Result<(), WriteError> {
            Err(self.wrong())
        }
        fn document(&mut self, _: &crate::wire::Document) -> Result<(), WriteError> {
            Err(self.wrong())
        }
        fn list(&mut self, _: &dyn crate::schema::WriteList) -> Result<(), WriteError> {
            Err(self.wrong())
        }
        fn map(&mut self, _: &dyn crate::schema::WriteMap) -> Result<(), WriteError> {
            Err(self.wrong())
        }
        fn structure(&mut self, _: &dyn WriteStruct) -> Result<(), WriteError> {
            Err(self.wrong())
        }
    }
    let mut raw = Raw(None, member.name);
    value.write_value(&mut raw)?;
    Ok(raw.0.unwrap_or_default())
}

/// Header values and names that would break the request line by line are refused
/// rather than sent: a CR, LF or NUL in a value, or a name that is not an HTTP token.
fn check_header(member: &'static str, name: &str, value: &str) -> Result<(), WriteError> {
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(token) {
        return Err(WriteError {
            member,
            reason: format!("{name:?} is not a valid header name"),
        });
    }
    if value.bytes().any(|b| matches!(b, b'\r' | b'\n' | b'\0')) {
        return Err(WriteError {
            member,
            reason: format!("the value of header {name} holds a line break or NUL"),
        });
    }
    Ok(())
}

/// Percent-encodes `text` as botocore's `percent_encode` does (Python's `quote` with
/// `-._~` safe): every byte of its UTF-8 but ASCII letters, digits and `-._~`, and
/// `/` too when `keep_slash` (greedy labels).
pub fn percent_encode_into(out: &mut String, text: &str, keep_slash: bool) {
    const WITH_SLASH: Safe = Safe::UNRESERVED.with_all(b"/");
    let safe = if keep_slash {
        &WITH_SLASH
    } else {
        &Safe::UNRESERVED
    };
    percent::encode_into(out, text, safe, false);
}
