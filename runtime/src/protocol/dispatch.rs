//! One entry point per direction for every protocol: the client and generated crates
//! call these with an operation's schema, and the service's protocol picks the codec.
//!
//! A protocol whose codec is not built in (its cargo feature is off, or it is not
//! written yet) fails the call with an error that says so, never with a wrong request.

use super::{HttpRequestParts, MalformedResponse, RequestError, ServiceFailure, ServiceSpec};
use crate::schema::{
    MemberWriter, OperationSchema, Protocol, ReadError, Schema, ValueReader, ValueWriter,
    WriteError, WriteList, WriteMap, WriteStruct, WriteValue,
};
use crate::wire::{DateTime, Document};

mod params;

/// The request parts of `op` with `input`: method, path, headers and body as the
/// service's protocol writes them. Idempotency-token members the caller left unset
/// are filled with fresh tokens first ([`super::idempotency_token`]), and members
/// botocore's handlers change are changed alike (`params`).
#[cfg_attr(
    not(any(feature = "json", feature = "rest-xml", feature = "query")),
    allow(unused_variables)
)]
pub fn write_request(
    service: &ServiceSpec,
    op: &'static OperationSchema,
    input: &dyn WriteStruct,
) -> Result<HttpRequestParts, RequestError> {
    let filled = WithTokens(input);
    let input: &dyn WriteStruct = if needs_tokens(op.input) {
        &filled
    } else {
        input
    };
    let trimmed = params::LastSegments(input);
    let input: &dyn WriteStruct = if params::trims(op.input) {
        &trimmed
    } else {
        input
    };
    #[cfg_attr(
        not(any(feature = "json", feature = "rest-xml", feature = "query")),
        allow(unused_mut)
    )]
    let mut parts: HttpRequestParts = match service.protocol {
        #[cfg(feature = "json")]
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            super::aws_json::write_request(service, op, input)
        }
        #[cfg(feature = "rest-json")]
        Protocol::RestJson1 => super::rest_json::write_request(service, op, input),
        #[cfg(feature = "rest-xml")]
        Protocol::RestXml => super::rest_xml::write_request(service, op, input),
        #[cfg(feature = "query")]
        Protocol::AwsQuery => super::query::write_request(service, op, input),
        #[cfg(feature = "ec2-query")]
        Protocol::Ec2Query => super::query::write_request(service, op, input),
        // Reached only where a protocol's feature is off.
        #[allow(unreachable_patterns)]
        other => Err(RequestError::new(op.name, not_built(other))),
    }?;
    // The same for RPC and REST protocols (botocore's `_expand_host_prefix`).
    if let Some(template) = op.http.and_then(|http| http.host_prefix) {
        let prefix = host_prefix(template, input).map_err(|e| RequestError::new(op.name, e))?;
        parts.host_prefix = Some(prefix);
    }
    // botocore's `before-call.<service>` handlers (`add_accept_header`): after the
    // members, so that a member bound to the same header wins, and before signing.
    for &(name, value) in service.default_headers {
        if !parts
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            parts.headers.push((name.into(), value.to_owned()));
        }
    }
    Ok(parts)
}

/// Reads a response of `op`. On a success status `read` is called positioned on the
/// output structure; on an error status the service's error comes back with its code,
/// message and request id, for the operation to match against its modeled errors.
/// The request is taken to be `op`'s as [`write_request`] wrote it, its default values
/// filled in ([`super::Operation::response_to`] knows whether they were).
pub fn read_response(
    service: &ServiceSpec,
    op: &'static OperationSchema,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
) -> Result<(), ServiceFailure> {
    read_response_to(service, op, true, status, headers, body, read)
}

/// [`read_response`] of a request that filled in its members' default values itself
/// (`filled`), or whose caller set them: only the former has the output's url-encoded
/// members decoded (botocore decodes only what it asked to be encoded).
pub(crate) fn read_response_to(
    service: &ServiceSpec,
    op: &'static OperationSchema,
    filled: bool,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
) -> Result<(), ServiceFailure> {
    if let Some(raw) = response_error(service, Some(op), status, headers, body) {
        return Err(ServiceFailure::Service(raw));
    }
    read_success_to(service, op, filled, status, headers, body, read)
}

/// [`read_response_to`] of a response [`response_error`] found no error in (the client
/// asks it of every attempt), so that it is asked once: `read` is called positioned on
/// the output structure.
#[cfg_attr(
    not(any(feature = "json", feature = "rest-xml", feature = "query")),
    allow(unused_variables)
)]
pub(crate) fn read_success_to(
    service: &ServiceSpec,
    op: &'static OperationSchema,
    filled: bool,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
) -> Result<(), ServiceFailure> {
    let url = filled
        && params::url_encoded(op).is_some_and(|(member, value)| {
            top_level_text(service, member, body).as_deref() == Some(value)
        });
    let mut decoding = |r: &mut dyn ValueReader| read(&mut params::Decoding::new(r, url));
    let read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError> =
        if url || params::decodes(op.output) {
            &mut decoding
        } else {
            read
        };
    match service.protocol {
        #[cfg(feature = "json")]
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            super::aws_json::read_success(op, status, headers, body, read)
        }
        #[cfg(feature = "rest-json")]
        Protocol::RestJson1 => super::rest_json::read_success(status, headers, body, read),
        #[cfg(feature = "rest-xml")]
        Protocol::RestXml => {
            super::xml_read::read_success(service, op, status, headers, body, read)
        }
        #[cfg(feature = "query")]
        Protocol::AwsQuery => {
            super::xml_read::read_success(service, op, status, headers, body, read)
        }
        #[cfg(feature = "ec2-query")]
        Protocol::Ec2Query => {
            super::xml_read::read_success(service, op, status, headers, body, read)
        }
        // Reached only where a protocol's feature is off.
        #[allow(unreachable_patterns)]
        other => Err(ServiceFailure::Malformed(MalformedResponse {
            status,
            request_id: super::meta::request_id(headers).map(str::to_owned),
            reason: not_built(other),
        })),
    }
}

/// Reads the members of the modeled error `error` from an error response (its body,
/// and for REST protocols its headers); `read` is called positioned on the error
/// structure.
#[cfg_attr(
    not(any(feature = "json", feature = "rest-xml", feature = "query")),
    allow(unused_variables)
)]
pub fn read_error(
    service: &ServiceSpec,
    error: &'static Schema,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    let _ = (status, headers);
    match service.protocol {
        #[cfg(feature = "json")]
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            super::aws_json::read_error(error, body, read)
        }
        #[cfg(feature = "rest-json")]
        Protocol::RestJson1 => super::rest_json::read_error(error, status, headers, body, read),
        #[cfg(feature = "rest-xml")]
        Protocol::RestXml => {
            super::xml_read::read_error(service, error, status, headers, body, read)
        }
        #[cfg(feature = "query")]
        Protocol::AwsQuery => {
            super::xml_read::read_error(service, error, status, headers, body, read)
        }
        #[cfg(feature = "ec2-query")]
        Protocol::Ec2Query => {
            super::xml_read::read_error(service, error, status, headers, body, read)
        }
        #[allow(unreachable_patterns)]
        other => Err(ReadError::new(not_built(other))),
    }
}

/// The host prefix `template` (`{AccountId}.`, `sync-`) with its labels filled from
/// the input's host-label members, each of which must be letters, digits, hyphens and
/// dots only (botocore's `HOST_PREFIX_RE`), so that no input can redirect a request.
fn host_prefix(template: &str, input: &dyn WriteStruct) -> Result<String, WriteError> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let (name, after) = rest[open + 1..].split_once('}').ok_or_else(|| WriteError {
            member: "hostPrefix",
            reason: format!("unclosed label in host prefix {template:?}"),
        })?;
        let value = host_label(input, name)?;
        let valid = !value.is_empty()
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        if !valid {
            return Err(WriteError {
                member: "hostPrefix",
                reason: format!("the host label {name} holds {value:?}: only letters, digits, hyphens and dots may"),
            });
        }
        out.push_str(&value);
        rest = after;
    }
    out.push_str(rest);
    Ok(out)
}

/// The text of the input member `name`, a string (taken by a writer of its own, so
/// that every protocol has it, whichever codecs are built).
fn host_label(input: &dyn WriteStruct, name: &str) -> Result<String, WriteError> {
    member_text(input, name)?.ok_or_else(|| WriteError {
        member: "hostPrefix",
        reason: format!("the host label {name} is not set"),
    })
}

/// The text of the input's string member `name`, if set.
pub(crate) fn member_text(
    input: &dyn WriteStruct,
    name: &str,
) -> Result<Option<String>, WriteError> {
    struct Find<'n> {
        schema: &'static Schema,
        name: &'n str,
        found: Option<String>,
    }
    impl MemberWriter for Find<'_> {
        fn member(&mut self, index: usize, value: &dyn WriteValue) -> Result<(), WriteError> {
            let Some(member) = self.schema.members.get(index) else {
                return Ok(());
            };
            if member.name != self.name {
                return Ok(());
            }
            let mut text = Text(None, member.name);
            value.write_value(&mut text)?;
            self.found = text.0;
            Ok(())
        }
    }
    let mut find = Find {
        schema: input.schema(),
        name,
        found: None,
    };
    input.write_members(&mut find)?;
    Ok(find.found)
}

/// Takes a string value; anything else is refused (a host label is a string).
struct Text(Option<String>, &'static str);

impl Text {
    fn not_string(&self) -> Result<(), WriteError> {
        Err(WriteError {
            member: self.1,
            reason: "a host label must be a string".to_owned(),
        })
    }
}

impl ValueWriter for Text {
    fn string(&mut self, value: &str) -> Result<(), WriteError> {
        self.0 = Some(value.to_owned());
        Ok(())
    }
    fn boolean(&mut self, _: bool) -> Result<(), WriteError> {
        self.not_string()
    }
    fn integer(&mut self, _: i64) -> Result<(), WriteError> {
        self.not_string()
    }
    fn float32(&mut self, _: f32) -> Result<(), WriteError> {
        self.not_string()
    }
    fn float64(&mut self, _: f64) -> Result<(), WriteError> {
        self.not_string()
    }
    fn blob(&mut self, _: &[u8]) -> Result<(), WriteError> {
        self.not_string()
    }
    fn timestamp(&mut self, _: &DateTime) -> Result<(), WriteError> {
        self.not_string()
    }
    fn document(&mut self, _: &Document) -> Result<(), WriteError> {
        self.not_string()
    }
    fn list(&mut self, _: &dyn WriteList) -> Result<(), WriteError> {
        self.not_string()
    }
    fn map(&mut self, _: &dyn WriteMap) -> Result<(), WriteError> {
        self.not_string()
    }
    fn structure(&mut self, _: &dyn WriteStruct) -> Result<(), WriteError> {
        self.not_string()
    }
}

/// The service's error in an error response, read by the service's protocol: what
/// the client reports when it has no operation schema at hand ([`crate::Handle`]).
pub(crate) fn service_error(
    service: &ServiceSpec,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> super::RawServiceError {
    match service.protocol {
        #[cfg(feature = "rest-json")]
        // REST errors may bind members to headers: the modeled error reads them.
        Protocol::RestJson1 => {
            super::rest_json::service_error(status, headers, body).with_headers(headers)
        }
        #[cfg(feature = "json")]
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            super::aws_json::service_error(status, headers, body)
        }
        // REST errors may bind members to headers: the modeled error reads them.
        #[cfg(feature = "rest-xml")]
        Protocol::RestXml => {
            super::xml_read::service_error(service, status, headers, body).with_headers(headers)
        }
        #[cfg(feature = "query")]
        Protocol::AwsQuery => super::xml_read::service_error(service, status, headers, body),
        #[cfg(feature = "ec2-query")]
        Protocol::Ec2Query => super::xml_read::service_error(service, status, headers, body),
        #[allow(unreachable_patterns)]
        _ => {
            let request_id = super::meta::request_id(headers).map(str::to_owned);
            let meta = super::ErrorMetadata::new(None, None, status, request_id);
            super::RawServiceError::new(meta, body.to_vec())
        }
    }
}

/// The service's error in a response of `op` (`None` for an untyped call), if the
/// response is one: any status outside 2xx, and a success the protocol reads as an
/// error, which is reported as botocore reports it (S3's 200 with an `<Error>` body
/// becomes a 500, so that the client retries it as botocore does). `None` for a
/// success. The one place that tells: the client asks it of every attempt's response,
/// and [`read_response`] of a response read by hand.
#[cfg_attr(not(feature = "rest-xml"), allow(unused_variables))]
pub(crate) fn response_error(
    service: &ServiceSpec,
    op: Option<&OperationSchema>,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> Option<super::RawServiceError> {
    if !(200..300).contains(&status) {
        return Some(service_error(service, status, headers, body));
    }
    let hidden = match service.protocol {
        #[cfg(feature = "rest-xml")]
        Protocol::RestXml => {
            op.is_some_and(|op| super::xml_read::error_in_success(service, op, status, body))
        }
        _ => false,
    };
    hidden.then(|| service_error(service, 500, headers, body))
}

/// Whether [`response_error`] needs the body of a success response of `op` to tell
/// (else a streamed success body may stay unread).
#[cfg_attr(not(feature = "rest-xml"), allow(unused_variables))]
pub(crate) fn hides_errors(service: &ServiceSpec, op: &OperationSchema) -> bool {
    match service.protocol {
        #[cfg(feature = "rest-xml")]
        Protocol::RestXml => super::xml_read::hides_errors(service, op),
        _ => false,
    }
}

/// The text of the output's top-level body member `member` in `body`, found without
/// reading the output (restXml only: the protocol of the one service with url-encoded
/// members).
#[cfg_attr(not(feature = "rest-xml"), allow(unused_variables))]
fn top_level_text(
    service: &ServiceSpec,
    member: &crate::schema::Member,
    body: &[u8],
) -> Option<String> {
    match service.protocol {
        #[cfg(feature = "rest-xml")]
        Protocol::RestXml => {
            super::xml_read::root_child_text(body, member.traits.xml_name.unwrap_or(member.name))
        }
        _ => None,
    }
}

/// Why a protocol cannot be used.
fn not_built(protocol: Protocol) -> String {
    format!("the {protocol:?} protocol is not built in with this feature set")
}

/// True when the caller set a member of `op`'s input that has a default value.
pub(crate) fn sets_default_members(op: &OperationSchema, input: &dyn WriteStruct) -> bool {
    struct Sets {
        schema: &'static Schema,
        found: bool,
    }
    impl MemberWriter for Sets {
        fn member(&mut self, index: usize, _: &dyn WriteValue) -> Result<(), WriteError> {
            let member = self.schema.members.get(index);
            self.found |= member.is_some_and(|m| m.traits.default_value.is_some());
            Ok(())
        }
    }
    if !op
        .input
        .members
        .iter()
        .any(|m| m.traits.default_value.is_some())
    {
        return false;
    }
    let mut sets = Sets {
        schema: input.schema(),
        found: false,
    };
    // Writing members to this writer cannot fail.
    let _ = input.write_members(&mut sets);
    sets.found
}

/// True when the structure has an idempotency-token member, or one with a default
/// value.
fn needs_tokens(input: &Schema) -> bool {
    input
        .members
        .iter()
        .any(|m| m.traits.idempotency_token || m.traits.default_value.is_some())
}

/// The input with a fresh token in every idempotency-token member left unset, in its
/// place in model order, and its default value in every member with one left unset,
/// after the others (botocore's handlers fill them before serializing).
struct WithTokens<'a>(&'a dyn WriteStruct);

impl WriteStruct for WithTokens<'_> {
    fn schema(&self) -> &'static Schema {
        self.0.schema()
    }

    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        let mut filling = Filling {
            w,
            schema: self.0.schema(),
            next: 0,
            given: Vec::new(),
        };
        self.0.write_members(&mut filling)?;
        let schema = filling.schema;
        filling.fill_to(schema.members.len())?;
        // Defaults after every member given, as botocore's handlers add them to the
        // parameters (the query string keeps that order).
        for (index, member) in schema.members.iter().enumerate() {
            if let Some(value) = member.traits.default_value {
                if !filling.given.contains(&index) {
                    filling.w.member(index, &value.to_owned())?;
                }
            }
        }
        Ok(())
    }
}

/// Passes members on, writing tokens for the unset ones before them.
struct Filling<'w> {
    w: &'w mut dyn MemberWriter,
    schema: &'static Schema,
    /// The first member not yet written or passed over.
    next: usize,
    /// The members with a default value the caller gave.
    given: Vec<usize>,
}

impl Filling<'_> {
    fn fill_to(&mut self, end: usize) -> Result<(), WriteError> {
        for index in self.next..end {
            let traits = &self.schema.members[index].traits;
            if traits.idempotency_token {
                let token = super::idempotency_token();
                self.w.member(index, &token)?;
            }
        }
        self.next = self.next.max(end);
        Ok(())
    }
}

impl MemberWriter for Filling<'_> {
    fn member(&mut self, index: usize, value: &dyn WriteValue) -> Result<(), WriteError> {
        self.fill_to(index.min(self.schema.members.len()))?;
        self.next = self.next.max(index + 1);
        if self
            .schema
            .members
            .get(index)
            .is_some_and(|m| m.traits.default_value.is_some())
        {
            self.given.push(index);
        }
        self.w.member(index, value)
    }
}
