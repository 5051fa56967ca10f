//! What a failed call carries: the service's error metadata, the modeled error shape,
//! or why a response could not be read.
//!
//! Payloads are boxed so that the generated per-operation error enums stay a few words
//! wide whatever the error shapes hold (`Result<Output, Error>` is returned everywhere).

use std::fmt;

use super::shown::Shown;
use super::ServiceSpec;
use crate::schema::{ReadValue, Schema};

/// What the service said about an error: its code, message, HTTP status and request id.
#[derive(Clone, PartialEq, Eq)]
pub struct ErrorMetadata(Box<MetadataFields>);

#[derive(Clone, PartialEq, Eq)]
struct MetadataFields {
    code: Option<String>,
    message: Option<String>,
    status: u16,
    request_id: Option<String>,
}

/// The most bytes of each server text (code, message, request id) an error keeps.
const KEPT_TEXT_BYTES: usize = 4 * 1024;

/// `text`, cut to at most [`KEPT_TEXT_BYTES`] on a character boundary, with `…` after
/// a cut: errors are kept, logged and passed around, so they hold no more than a
/// reader needs of whatever the server sent.
fn kept(mut text: String) -> String {
    if text.len() > KEPT_TEXT_BYTES {
        let mut end = KEPT_TEXT_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
        text.shrink_to_fit();
    }
    text
}

impl ErrorMetadata {
    /// Metadata of an error response with the given HTTP status. Texts longer than
    /// 4 KiB are cut there, on a character boundary, with `…` after them.
    pub fn new(
        code: Option<String>,
        message: Option<String>,
        status: u16,
        request_id: Option<String>,
    ) -> Self {
        Self(Box::new(MetadataFields {
            code: code.map(kept),
            message: message.map(kept),
            status,
            request_id: request_id.map(kept),
        }))
    }

    /// The error code (`NotFoundException`), when the response names one.
    pub fn code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }

    /// The human-readable message, when the response has one.
    pub fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.0.status
    }

    /// The request id (`x-amzn-RequestId`), to quote to AWS support.
    pub fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }
}

impl fmt::Debug for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorMetadata")
            .field("code", &self.0.code)
            .field("message", &self.0.message)
            .field("status", &self.0.status)
            .field("request_id", &self.0.request_id)
            .finish()
    }
}

impl fmt::Display for ErrorMetadata {
    /// `NotFoundException: no such device (HTTP 404, request id 1234)`. What the server
    /// sent is shown with control characters escaped (`\n`, `\u{1b}`) and cut after
    /// 512 characters (`…`); the accessors give it as sent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code() {
            Some(code) => write!(f, "{}", Shown(code))?,
            None => f.write_str("unknown error")?,
        }
        if let Some(message) = self.message() {
            write!(f, ": {}", Shown(message))?;
        }
        write!(f, " (HTTP {}", self.status())?;
        if let Some(id) = self.request_id() {
            write!(f, ", request id {}", Shown(id))?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for ErrorMetadata {}

/// A documented error: the error shape `E` as the service sent it, with its metadata.
#[derive(Clone, PartialEq)]
pub struct ServiceError<E>(Box<(E, ErrorMetadata)>);

impl<E> ServiceError<E> {
    /// Pairs an error shape with the metadata of the response that carried it.
    pub fn new(details: E, meta: ErrorMetadata) -> Self {
        Self(Box::new((details, meta)))
    }

    /// The error shape: its documented members.
    pub fn details(&self) -> &E {
        &self.0 .0
    }

    /// Code, message, HTTP status and request id.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.0 .1
    }

    /// Takes the error shape and the metadata apart.
    pub fn into_parts(self) -> (E, ErrorMetadata) {
        *self.0
    }
}

impl<E: fmt::Debug> fmt::Debug for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("details", self.details())
            .field("meta", self.meta())
            .finish()
    }
}

impl<E> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.meta(), f)
    }
}

impl<E: fmt::Debug> std::error::Error for ServiceError<E> {}

/// A response that is neither a readable output nor a readable error. Its message shows
/// the reason and request id as [`ErrorMetadata`]'s shows server text: escaped and cut
/// short.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MalformedResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The request id, when the headers carry one.
    pub request_id: Option<String>,
    /// What could not be read.
    pub reason: String,
}

impl fmt::Display for MalformedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed response (HTTP {}", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {}", Shown(id))?;
        }
        write!(f, "): {}", Shown(&self.reason))
    }
}

// Written out, not derived: see `crate::error`.
impl std::error::Error for MalformedResponse {}

/// An input that could not be turned into a request.
#[derive(Debug)]
pub struct RequestError {
    /// The operation's wire name.
    pub operation: &'static str,
    /// Why serialization failed: a [`crate::schema::WriteError`] from the schema
    /// codecs, or another source error.
    pub source: Box<dyn std::error::Error + Send + Sync>,
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot serialize the {} request: {}",
            self.operation, self.source
        )
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

impl RequestError {
    /// The error of `operation`, failed for `source`.
    pub fn new(
        operation: &'static str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self {
            operation,
            source: source.into(),
        }
    }
}

/// An error response before it is matched to an operation's documented errors.
#[derive(Clone, PartialEq, Eq)]
pub struct RawServiceError {
    meta: ErrorMetadata,
    body: Vec<u8>,
    /// The response's headers, where REST protocols bind error members.
    headers: Vec<(String, String)>,
}

impl RawServiceError {
    /// An error response with its metadata already read from `body` and the headers.
    pub fn new(meta: ErrorMetadata, body: Vec<u8>) -> Self {
        Self {
            meta,
            body,
            headers: Vec::new(),
        }
    }

    /// Keeps the response's headers, from which [`RawServiceError::modeled`] reads
    /// members bound to headers.
    pub fn with_headers(mut self, headers: &[(String, String)]) -> Self {
        if self.headers.is_empty() {
            self.headers = headers.to_vec();
        }
        self
    }

    /// The error code, or `""` when the response names none (matches no documented error).
    pub fn code(&self) -> &str {
        self.meta.code().unwrap_or_default()
    }

    /// Code, message, HTTP status and request id.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }

    /// The metadata alone, for errors no operation documents.
    pub fn into_meta(self) -> ErrorMetadata {
        self.meta
    }

    /// Reads the error shape `E` (whose schema is `error`) from the response, as
    /// `service`'s protocol carries it. When the response does not fit `E`, the
    /// metadata is handed back so that the caller still learns code and message.
    pub fn modeled<E: ReadValue>(
        self,
        service: &ServiceSpec,
        error: &'static Schema,
    ) -> Result<ServiceError<E>, ErrorMetadata> {
        let mut details = None;
        let read = super::read_error(
            service,
            error,
            self.meta.status(),
            &self.headers,
            &self.body,
            &mut |r| {
                details = Some(E::read_value(r)?);
                Ok(())
            },
        );
        match (read, details) {
            (Ok(()), Some(details)) => Ok(ServiceError::new(details, self.meta)),
            _ => Err(self.meta),
        }
    }
}

impl fmt::Debug for RawServiceError {
    /// The body's length, not its bytes: it may be as long as the body limit.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawServiceError")
            .field("meta", &self.meta)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// Why a response did not produce an output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServiceFailure {
    /// The service answered with an error status.
    Service(RawServiceError),
    /// The response could not be read.
    Malformed(MalformedResponse),
}

impl From<MalformedResponse> for ServiceFailure {
    fn from(error: MalformedResponse) -> Self {
        ServiceFailure::Malformed(error)
    }
}

impl fmt::Display for ServiceFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServiceFailure::Service(raw) => raw.meta().fmt(f),
            ServiceFailure::Malformed(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for ServiceFailure {}

/// The error of an operation that documents no error of its own (every EC2 operation):
/// the failures every operation shares, with the variants, conversions and accessors a
/// generated operation error enum has after its documented ones. Generated crates name
/// it per operation (`pub type DescribeInstancesError = CommonError;`), so that each
/// such operation does not repeat the same enum and impls.
#[derive(Debug)]
#[non_exhaustive]
pub enum CommonError {
    /// An error the operation does not document: its code, message, HTTP status and
    /// request id.
    Unhandled(ErrorMetadata),
    /// The response was neither a readable output nor a readable error.
    MalformedResponse(MalformedResponse),
    /// No response: the connection could not be made or broke.
    Transport(crate::TransportError),
    /// A timeout expired.
    Timeout(crate::TimeoutError),
    /// The request could not be built: configuration, credentials or input.
    Construction(crate::ConstructionError),
}

impl CommonError {
    /// Code, message, HTTP status and request id, when the service answered with an
    /// error.
    pub fn meta(&self) -> Option<&ErrorMetadata> {
        match self {
            Self::Unhandled(meta) => Some(meta),
            _ => None,
        }
    }
}

impl From<RawServiceError> for CommonError {
    fn from(raw: RawServiceError) -> Self {
        Self::Unhandled(raw.into_meta())
    }
}

impl From<ServiceFailure> for CommonError {
    fn from(failure: ServiceFailure) -> Self {
        match failure {
            ServiceFailure::Service(raw) => Self::from(raw),
            ServiceFailure::Malformed(malformed) => Self::MalformedResponse(malformed),
        }
    }
}

impl From<crate::CallError> for CommonError {
    fn from(error: crate::CallError) -> Self {
        match error {
            crate::CallError::Service(raw) => Self::from(raw),
            crate::CallError::Response(malformed) => Self::MalformedResponse(malformed),
            crate::CallError::Transport(error) => Self::Transport(error),
            crate::CallError::Timeout(error) => Self::Timeout(error),
            crate::CallError::Construction(error) => Self::Construction(error),
        }
    }
}

impl From<RequestError> for CommonError {
    fn from(error: RequestError) -> Self {
        Self::Construction(crate::ConstructionError::Input(error))
    }
}

impl fmt::Display for CommonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unhandled(error) => fmt::Display::fmt(error, f),
            Self::MalformedResponse(error) => fmt::Display::fmt(error, f),
            Self::Transport(error) => fmt::Display::fmt(error, f),
            Self::Timeout(error) => fmt::Display::fmt(error, f),
            Self::Construction(error) => fmt::Display::fmt(error, f),
        }
    }
}

impl std::error::Error for CommonError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        let error: &dyn std::error::Error = match self {
            Self::Unhandled(error) => error,
            Self::MalformedResponse(error) => error,
            Self::Transport(error) => error,
            Self::Timeout(error) => error,
            Self::Construction(error) => error,
        };
        // As a generated operation error: the wrapped error's source.
        error.source()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_keep_a_few_kib_of_each_server_text() {
        let long = "é".repeat(10_000);
        let meta = ErrorMetadata::new(
            Some(long.clone()),
            Some(long.clone()),
            500,
            Some(long.clone()),
        );
        for kept in [meta.code(), meta.message(), meta.request_id()] {
            let kept = kept.unwrap();
            assert_eq!(kept.len(), 4 * 1024 + '…'.len_utf8());
            assert!(long.starts_with(kept.trim_end_matches('…')));
        }
        let short = ErrorMetadata::new(None, Some("x".repeat(4096)), 400, None);
        assert_eq!(short.message().map(str::len), Some(4096));
    }

    #[cfg(feature = "json")]
    #[test]
    fn modeled_reads_the_error_shape_or_hands_back_the_metadata() {
        use crate::schema::{
            prelude, Location, Member, MemberTraits, ReadError, ReadValue, Schema, ShapeKind,
            ShapeTraits, ValueReader,
        };

        static NOT_FOUND: Schema = Schema {
            name: "NotFoundException",
            kind: ShapeKind::Structure,
            members: &[Member {
                name: "message",
                target: &prelude::STRING,
                location: Location::Body,
                traits: MemberTraits::NONE,
            }],
            traits: ShapeTraits::NONE,
        };
        static SPEC: ServiceSpec = ServiceSpec {
            service_id: "Test",
            signing_name: "test",
            endpoint_prefix: "test",
            target_prefix: "Test",
            json_version: "1.1",
            api_version: "2024-01-01",
            protocol: crate::schema::Protocol::AwsJson1_1,
            query_compatible: false,
            default_headers: &[],
        };

        #[derive(Debug)]
        struct NotFound {
            message: Option<String>,
        }
        impl ReadValue for NotFound {
            fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
                let mut message = None;
                r.structure(&NOT_FOUND, &mut |index, r| {
                    if index == 0 {
                        message = Some(String::read_value(r)?);
                    }
                    Ok(())
                })?;
                Ok(Self { message })
            }
        }

        let raw = |body: &str| {
            let meta = ErrorMetadata::new(Some("NotFoundException".into()), None, 400, None);
            RawServiceError::new(meta, body.as_bytes().to_vec())
        };
        let modeled: ServiceError<NotFound> =
            raw(r#"{"__type":"NotFoundException","message":"m"}"#)
                .modeled(&SPEC, &NOT_FOUND)
                .unwrap();
        assert_eq!(modeled.details().message.as_deref(), Some("m"));
        assert_eq!(modeled.meta().code(), Some("NotFoundException"));

        let meta = raw(r#"{"__type":"NotFoundException","message":7}"#)
            .modeled::<NotFound>(&SPEC, &NOT_FOUND)
            .unwrap_err();
        assert_eq!(meta.code(), Some("NotFoundException"));
    }

    #[test]
    fn debug_of_a_raw_error_shows_the_body_length_not_its_bytes() {
        let meta = ErrorMetadata::new(Some("X".into()), None, 500, None);
        let raw = RawServiceError::new(meta, vec![b' '; 1 << 20]);
        let shown = format!("{raw:?}");
        assert!(shown.contains("body_len: 1048576"), "{shown}");
        assert!(shown.len() < 200, "{shown}");
    }
}
