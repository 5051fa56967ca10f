//! Why a call failed, one case per kind of failure.
//!
//! [`CallError`] is what the untyped [`crate::client::Handle::call_raw`] returns. Generated
//! per-operation error enums implement `From<CallError>`: they sort
//! [`CallError::Service`] by error code into their documented variants (plus
//! `Unhandled`) and keep the other cases as variants of their own, so that one `match`
//! covers everything.

use std::fmt;
use std::time::Duration;

use crate::config::InvalidRegion;
use crate::credentials::CredentialsError;
use crate::endpoint::InvalidUrl;
use crate::http::TransportError;
use crate::protocol::{MalformedResponse, RawServiceError, RequestError, ServiceFailure};

/// Everything that can go wrong in a call.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// The service answered with an error: code, message, HTTP status, request id.
    #[error("service error: {}", .0.meta())]
    Service(RawServiceError),
    /// The response could not be read (garbled or unexpected body).
    #[error(transparent)]
    Response(MalformedResponse),
    /// No response: the connection could not be made or broke.
    #[error(transparent)]
    Transport(TransportError),
    /// A timeout expired.
    #[error(transparent)]
    Timeout(TimeoutError),
    /// The request could not be built: configuration, credentials or input.
    #[error(transparent)]
    Construction(ConstructionError),
}

impl CallError {
    /// The service error, when the service answered with one.
    pub fn as_service_error(&self) -> Option<&RawServiceError> {
        match self {
            CallError::Service(raw) => Some(raw),
            _ => None,
        }
    }
}

impl From<ServiceFailure> for CallError {
    fn from(failure: ServiceFailure) -> Self {
        match failure {
            ServiceFailure::Service(raw) => CallError::Service(raw),
            ServiceFailure::Malformed(malformed) => CallError::Response(malformed),
        }
    }
}

impl From<RequestError> for CallError {
    fn from(error: RequestError) -> Self {
        CallError::Construction(ConstructionError::Input(error))
    }
}

impl From<TransportError> for CallError {
    fn from(error: TransportError) -> Self {
        CallError::Transport(error)
    }
}

impl From<TimeoutError> for CallError {
    fn from(error: TimeoutError) -> Self {
        CallError::Timeout(error)
    }
}

impl From<ConstructionError> for CallError {
    fn from(error: ConstructionError) -> Self {
        CallError::Construction(error)
    }
}

/// Which deadline passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutKind {
    /// Connecting (TCP and TLS) took too long.
    Connect,
    /// One attempt (send and read the whole response) took too long.
    Attempt,
    /// The whole operation, retries included, took too long.
    Operation,
}

/// A timeout expired.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} timeout of {limit:?} expired", kind_name(.kind))]
pub struct TimeoutError {
    kind: TimeoutKind,
    limit: Duration,
}

fn kind_name(kind: &TimeoutKind) -> &'static str {
    match kind {
        TimeoutKind::Connect => "connect",
        TimeoutKind::Attempt => "attempt",
        TimeoutKind::Operation => "operation",
    }
}

impl TimeoutError {
    /// The `kind` deadline of `limit` passed.
    pub fn new(kind: TimeoutKind, limit: Duration) -> Self {
        Self { kind, limit }
    }

    /// Which deadline passed.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// The deadline's length.
    pub fn limit(&self) -> Duration {
        self.limit
    }
}

/// A request that could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConstructionError {
    /// No region was configured.
    #[error(
        "no region: set AWS_REGION, a `region` in the shared config profile, or the builder's region"
    )]
    MissingRegion,
    /// No credentials could be had.
    #[error("no credentials: {0}")]
    Credentials(#[source] CredentialsError),
    /// The endpoint URL is not usable.
    #[error(transparent)]
    Endpoint(InvalidUrl),
    /// The region is not a valid host label.
    #[error(transparent)]
    InvalidRegion(InvalidRegion),
    /// No HTTP client was configured and the default one is compiled out.
    #[error(
        "no HTTP client: enable the `default-https-client` feature of sdk-runtime or set one on the config builder"
    )]
    NoHttpClient,
    /// The input could not be serialized.
    #[error(transparent)]
    Input(RequestError),
    /// The client answers from test stubs (`sdk_runtime::test_util::Stubs`, feature
    /// `test-util`), and none was registered for this operation.
    #[error("no stub for {service} {operation}: register one with Stubs::on")]
    NotStubbed {
        /// The service id (`Device Farm`).
        service: &'static str,
        /// The operation's wire name (`ListDevices`).
        operation: &'static str,
    },
}

/// Why configuration could not be loaded from the environment.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A shared config or credentials file exists but could not be read.
    #[error("cannot read {path}: {source}")]
    ReadFile {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The selected profile is in neither file.
    #[error("profile `{0}` is not in the shared config or credentials file")]
    MissingProfile(String),
    /// A setting has a value that cannot be used.
    #[error("invalid {name} {}: {reason}", quoted(.value))]
    InvalidSetting {
        /// Where the setting came from: the variable or profile key.
        name: String,
        /// The value (shown escaped and shortened in the message).
        value: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// Longest part of a configured value that error messages repeat.
const SHOWN_CHARS: usize = 128;

/// `text` for an error message: quoted, control characters and quotes escaped (as Rust
/// string literals write them), and cut after [`SHOWN_CHARS`] characters, so that a
/// hostile value can neither forge lines of a log nor flood it.
pub(crate) fn quoted(text: &str) -> String {
    let mut chars = text.chars();
    let shown: String = chars.by_ref().take(SHOWN_CHARS).collect();
    match chars.count() {
        0 => format!("{shown:?}"),
        more => format!("{shown:?}... ({more} more characters)"),
    }
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(kind_name(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::ErrorMetadata;

    #[test]
    fn messages_say_what_failed() {
        let meta = ErrorMetadata::new(
            Some("ThrottlingException".into()),
            Some("Rate exceeded".into()),
            400,
            Some("req-1".into()),
        );
        let service = CallError::Service(RawServiceError::new(meta, Vec::new()));
        assert_eq!(
            service.to_string(),
            "service error: ThrottlingException: Rate exceeded (HTTP 400, request id req-1)"
        );
        assert_eq!(
            service.as_service_error().map(RawServiceError::code),
            Some("ThrottlingException")
        );
        let timeout = CallError::from(TimeoutError::new(
            TimeoutKind::Attempt,
            Duration::from_millis(50),
        ));
        assert_eq!(timeout.to_string(), "attempt timeout of 50ms expired");
        assert!(CallError::from(ConstructionError::MissingRegion)
            .to_string()
            .contains("AWS_REGION"));
    }

    #[test]
    fn configured_values_are_shown_escaped_and_cut() {
        assert_eq!(
            quoted("us-east-1\r\n\x1b[2J\""),
            r#""us-east-1\r\n\u{1b}[2J\"""#
        );
        let long = quoted(&"a".repeat(10_000));
        assert!(
            long.ends_with(r#"aaa"... (9872 more characters)"#),
            "{long}"
        );
        assert!(long.len() < 200);
    }
}
