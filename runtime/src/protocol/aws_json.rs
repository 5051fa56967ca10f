//! awsJson 1.0 and 1.1 over the schema codecs: every request is a `POST /` of the
//! input as a JSON object, naming the operation in `X-Amz-Target`; an error names its
//! code in the `X-Amzn-ErrorType` header or the body's `__type` (or `code`), and an
//! awsQueryCompatible service's in `x-amzn-query-error`.

use super::json_error::ErrorKeys;
use super::meta::header;
use super::{
    ErrorMetadata, HttpRequestParts, MalformedResponse, RawServiceError, RequestError,
    ServiceFailure, ServiceSpec,
};
use crate::codec::json::{self, JsonOptions, JsonReader};
use crate::schema::{OperationSchema, ReadError, Schema, ValueReader, WriteStruct};

/// Bodies are written with member names as keys: botocore's JSON serializer uses a
/// member's serialized name, which awsJson models never set apart from its name.
const OPTIONS: JsonOptions = JsonOptions {
    json_names: false,
    body_only: false,
    epoch_timestamps: false,
};

/// The request parts of `op` with `input` as its body.
pub(crate) fn write_request(
    service: &ServiceSpec,
    op: &'static OperationSchema,
    input: &dyn WriteStruct,
) -> Result<HttpRequestParts, RequestError> {
    let body = json::write_struct(input, OPTIONS).map_err(|e| RequestError::new(op.name, e))?;
    let mut headers = vec![
        (
            "content-type".into(),
            format!("application/x-amz-json-{}", service.json_version),
        ),
        (
            "x-amz-target".into(),
            format!("{}.{}", service.target_prefix, op.name),
        ),
    ];
    if service.query_compatible {
        // botocore's `_handle_query_compatible_trait`.
        headers.push(("x-amzn-query-mode".into(), "true".to_owned()));
    }
    Ok(HttpRequestParts {
        method: "POST",
        path: "/".into(),
        headers,
        body,
        // The dispatcher fills it, as for every protocol.
        host_prefix: None,
    })
}

/// Reads a success response (`dispatch::response_error` tells errors): `read` is called
/// positioned on the output object.
pub(crate) fn read_success(
    op: &'static OperationSchema,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
) -> Result<(), ServiceFailure> {
    read_object(op.output, body, read).map_err(|e| {
        ServiceFailure::Malformed(MalformedResponse {
            status,
            request_id: super::meta::request_id(headers).map(str::to_owned),
            reason: e.reason,
        })
    })
}

/// Reads the members of a modeled error `error` from an error body.
pub(crate) fn read_error(
    error: &'static Schema,
    body: &[u8],
    read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    // An error body is read leniently: an empty or blank one has nothing set.
    if body.iter().all(u8::is_ascii_whitespace) {
        return read(&mut JsonReader::new(b"{}"));
    }
    read_object(error, body, read)
}

/// Reads `body` as the JSON object of `shape`.
///
/// A body of no bytes is `{}`, as botocore and the AWS SDKs read it (services send it
/// for outputs whose members are all unset). A blank body is what operations that
/// answer nothing may send; it reads only as a shape without members. Anything but an
/// object is an error, never a value with every member unset.
fn read_object(
    shape: &'static Schema,
    body: &[u8],
    read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        if !body.is_empty() && !shape.members.is_empty() {
            return Err(ReadError::new(
                "the body holds no JSON value where the JSON object of the output was expected",
            ));
        }
        return read(&mut JsonReader::new(b"{}"));
    }
    json::read_body(body, false, |r| read(r))
}

/// Error metadata from the headers and, when it is a readable JSON object, the body.
pub(crate) fn service_error(
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> RawServiceError {
    // A body that is not a JSON object names nothing.
    let keys = ErrorKeys::read(body).unwrap_or_default();
    let code = header(headers, "x-amzn-errortype")
        .or(keys.type_.as_deref())
        .or(keys.code.as_deref())
        .map(super::meta::sanitize_error_code)
        .filter(|code| !code.is_empty());
    // awsQueryCompatible: `Code;Fault` names the awsQuery error code.
    let code = match header(headers, "x-amzn-query-error").and_then(|v| v.split_once(';')) {
        Some((query_code, _fault)) if !query_code.is_empty() && code.is_some() => Some(query_code),
        _ => code,
    };
    let request_id = super::meta::request_id(headers).map(str::to_owned);
    let message = keys.message.or(keys.upper_message).or(keys.error_message);
    let meta = ErrorMetadata::new(code.map(str::to_owned), message, status, request_id);
    RawServiceError::new(meta, body.to_vec())
}
