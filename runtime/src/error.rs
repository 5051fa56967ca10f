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
#[derive(Debug)]
pub enum CallError {
    /// The service answered with an error: code, message, HTTP status, request id.
    Service(RawServiceError),
    /// The response could not be read (garbled or unexpected body).
    Response(MalformedResponse),
    /// No response: the connection could not be made or broke.
    Transport(TransportError),
    /// A timeout expired.
    Timeout(TimeoutError),
    /// The request could not be built: configuration, credentials or input.
    Construction(ConstructionError),
}

// The error types' `Display` and `Error` impls are written out rather than derived: a
// derive macro would put a proc-macro crate (and `syn`) on every app's build path.
// The wrapping variants are transparent: the inner error's message and source.
impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Service(raw) => write!(f, "service error: {}", raw.meta()),
            CallError::Response(error) => error.fmt(f),
            CallError::Transport(error) => error.fmt(f),
            CallError::Timeout(error) => error.fmt(f),
            CallError::Construction(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for CallError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CallError::Service(_) => None,
            CallError::Response(error) => error.source(),
            CallError::Transport(error) => error.source(),
            CallError::Timeout(error) => error.source(),
            CallError::Construction(error) => error.source(),
        }
    }
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeoutError {
    kind: TimeoutKind,
    limit: Duration,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} timeout of {:?} expired",
            kind_name(&self.kind),
            self.limit
        )
    }
}

impl std::error::Error for TimeoutError {}

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
#[derive(Debug)]
#[non_exhaustive]
pub enum ConstructionError {
    /// No region was configured.
    MissingRegion,
    /// No credentials could be had.
    Credentials(CredentialsError),
    /// The endpoint URL is not usable.
    Endpoint(InvalidUrl),
    /// The region is not a valid host label.
    InvalidRegion(InvalidRegion),
    /// No HTTP client was configured and the default one is compiled out.
    NoHttpClient,
    /// The input could not be serialized.
    Input(RequestError),
    /// The client answers from test stubs (`sdk_runtime::test_util::Stubs`, feature
    /// `test-util`), and none was registered for this operation.
    NotStubbed {
        /// The service id (`Device Farm`).
        service: &'static str,
        /// The operation's wire name (`ListDevices`).
        operation: &'static str,
    },
}

impl fmt::Display for ConstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstructionError::MissingRegion => f.write_str(
                "no region: set AWS_REGION, a `region` in the shared config profile, or the \
                 builder's region",
            ),
            ConstructionError::Credentials(error) => write!(f, "no credentials: {error}"),
            ConstructionError::Endpoint(error) => error.fmt(f),
            ConstructionError::InvalidRegion(error) => error.fmt(f),
            ConstructionError::NoHttpClient => f.write_str(
                "no HTTP client: enable the `default-https-client` feature of sdk-runtime or \
                 set one on the config builder",
            ),
            ConstructionError::Input(error) => error.fmt(f),
            ConstructionError::NotStubbed { service, operation } => write!(
                f,
                "no stub for {service} {operation}: register one with Stubs::on"
            ),
        }
    }
}

impl std::error::Error for ConstructionError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConstructionError::Credentials(error) => Some(error),
            ConstructionError::Endpoint(error) => error.source(),
            ConstructionError::InvalidRegion(error) => error.source(),
            ConstructionError::Input(error) => error.source(),
            ConstructionError::MissingRegion
            | ConstructionError::NoHttpClient
            | ConstructionError::NotStubbed { .. } => None,
        }
    }
}

/// Why configuration could not be loaded from the environment.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// A shared config or credentials file exists but could not be read.
    ReadFile {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The selected profile is in neither file.
    MissingProfile(String),
    /// A setting has a value that cannot be used.
    InvalidSetting {
        /// Where the setting came from: the variable or profile key.
        name: String,
        /// The value (shown escaped and shortened in the message).
        value: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::ReadFile { path, source } => write!(f, "cannot read {path}: {source}"),
            ConfigError::MissingProfile(name) => write!(
                f,
                "profile `{name}` is not in the shared config or credentials file"
            ),
            ConfigError::InvalidSetting {
                name,
                value,
                reason,
            } => write!(f, "invalid {name} {}: {reason}", quoted(value)),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::ReadFile { source, .. } => Some(source),
            ConfigError::MissingProfile(_) | ConfigError::InvalidSetting { .. } => None,
        }
    }
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
