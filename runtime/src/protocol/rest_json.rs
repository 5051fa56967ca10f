//! restJson1: the REST bindings ([`crate::codec::rest`]) with JSON bodies whose keys
//! are the members' `jsonName`s, as botocore's `RestJSONSerializer` and
//! `RestJSONParser`. An error names its code in the `x-amzn-errortype` header, else in
//! the body's `code` (or `Code`), else in its `__type`.

use super::json_error::ErrorKeys;
use super::meta::header;
use std::borrow::Cow;

use super::{
    ErrorMetadata, HttpRequestParts, MalformedResponse, RawServiceError, RequestError,
    ServiceFailure, ServiceSpec,
};
use crate::codec::json::{self, JsonOptions, JsonReader};
use crate::codec::rest::{self, BodyCodec, RestResponse};
use crate::schema::{
    Member, OperationSchema, ReadError, Schema, ValueReader, WriteError, WriteStruct, WriteValue,
};

/// JSON bodies as restJson1 writes them: `jsonName` keys, `{}` for an empty body.
struct JsonBody;

impl BodyCodec for JsonBody {
    fn write_struct(&self, value: &dyn WriteStruct) -> Result<Vec<u8>, WriteError> {
        let options = JsonOptions {
            json_names: true,
            body_only: true,
            epoch_timestamps: false,
        };
        json::write_struct(value, options)
    }

    fn write_payload(
        &self,
        member: &'static Member,
        value: &dyn WriteValue,
    ) -> Result<Vec<u8>, WriteError> {
        let options = JsonOptions {
            json_names: true,
            body_only: false,
            epoch_timestamps: false,
        };
        json::write_value(member, value, options)
    }

    fn empty_body(&self) -> &'static [u8] {
        b"{}"
    }

    fn content_type(&self) -> &'static str {
        "application/json"
    }

    fn read(
        &self,
        body: &[u8],
        read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        // botocore reads an empty (or blank) body as `{}`.
        if body.iter().all(u8::is_ascii_whitespace) {
            return read(&mut JsonReader::new(b"{}").with_json_names(true));
        }
        json::read_body(body, true, |r| read(r))
    }
}

/// The request parts of `op` with `input`.
pub(crate) fn write_request(
    _service: &ServiceSpec,
    op: &'static OperationSchema,
    input: &dyn WriteStruct,
) -> Result<HttpRequestParts, RequestError> {
    // botocore sends no `x-amzn-query-mode` header with restJson1, only with awsJson.
    let request =
        rest::write_request(op, input, &JsonBody).map_err(|e| RequestError::new(op.name, e))?;
    Ok(HttpRequestParts {
        method: request.method,
        path: request.uri,
        headers: request
            .headers
            .into_iter()
            .map(|(name, value)| (Cow::Owned(name), value))
            .collect(),
        body: request.body,
        // The dispatcher fills it, as for every protocol.
        host_prefix: None,
    })
}

/// Reads a success response (`dispatch::response_error` tells errors): `read` is called
/// positioned on the output structure (status, header, payload and body members).
pub(crate) fn read_success(
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
) -> Result<(), ServiceFailure> {
    read(&mut RestResponse::new(status, headers, body, &JsonBody)).map_err(|e| {
        ServiceFailure::Malformed(MalformedResponse {
            status,
            request_id: super::meta::request_id(headers).map(str::to_owned),
            reason: e.reason,
        })
    })
}

/// Reads the members of the modeled error `error` from its headers and body.
pub(crate) fn read_error(
    _error: &'static Schema,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    read(&mut RestResponse::new(status, headers, body, &JsonBody))
}

/// Error metadata as botocore's `RestJSONParser` finds it: the code from the
/// `x-amzn-errortype` header, else the body's `code` or `Code`, else its `__type`
/// (replaced by an awsQueryCompatible `x-amzn-query-error` code), each stripped of a
/// namespace (`...#`) and a suffix (`:...`); the message from `message` or `Message`.
pub(crate) fn service_error(
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> RawServiceError {
    // A body that is not a JSON object names nothing; botocore then takes its text as
    // the message.
    let (keys, text) = match ErrorKeys::read(body) {
        Some(keys) => (keys, None),
        None => {
            let text = String::from_utf8_lossy(body).into_owned();
            (
                ErrorKeys::default(),
                (!text.trim().is_empty()).then_some(text),
            )
        }
    };
    let from_type = keys
        .type_
        .as_deref()
        .map(super::meta::sanitize_error_code)
        .map(
            |code| match header(headers, "x-amzn-query-error").and_then(|v| v.split_once(';')) {
                Some((query_code, _fault)) if !query_code.is_empty() => query_code,
                _ => code,
            },
        );
    let code = header(headers, "x-amzn-errortype")
        .or(keys.code.as_deref())
        .or(keys.upper_code.as_deref())
        .map(super::meta::sanitize_error_code)
        .or(from_type)
        .filter(|code| !code.is_empty())
        .map(str::to_owned);
    let request_id = super::meta::request_id(headers).map(str::to_owned);
    let message = keys.message.or(keys.upper_message).or(text);
    let meta = ErrorMetadata::new(code, message, status, request_id);
    RawServiceError::new(meta, body.to_vec())
}
