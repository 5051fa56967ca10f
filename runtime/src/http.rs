//! Plain HTTP request and response values, and the trait a transport implements.
//!
//! The rest of the runtime builds, signs and parses these values without doing any
//! I/O; only an [`HttpClient`] touches the network, so tests and users can swap it.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::wire::ByteStream;

/// A boxed, sendable future: keeps [`HttpClient`] object-safe.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Header names and values in insertion order. Names compare case-insensitively.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    /// No headers.
    pub fn new() -> Self {
        Self::default()
    }

    /// The first value of `name`, if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// True when `name` is present.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets `name` to `value`, replacing every earlier value of it.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        self.remove(&name);
        self.0.push((name, value.into()));
    }

    /// Adds a value for `name`, keeping earlier ones.
    pub fn append(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }

    /// Removes every value of `name`.
    pub fn remove(&mut self, name: &str) {
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// Names and values in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The name/value pairs.
    pub fn as_slice(&self) -> &[(String, String)] {
        &self.0
    }

    /// Number of name/value pairs.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no headers.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Headers {
    /// Values of headers that carry secrets are hidden.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.iter() {
            if is_sensitive(name) {
                map.entry(&name, &"** redacted **");
            } else {
                map.entry(&name, &value);
            }
        }
        map.finish()
    }
}

/// Headers whose values must never reach logs.
fn is_sensitive(name: &str) -> bool {
    [
        "authorization",
        "proxy-authorization",
        "x-amz-security-token",
    ]
    .iter()
    .any(|s| name.eq_ignore_ascii_case(s))
}

impl<N: Into<String>, V: Into<String>> FromIterator<(N, V)> for Headers {
    fn from_iter<T: IntoIterator<Item = (N, V)>>(iter: T) -> Self {
        Self(
            iter.into_iter()
                .map(|(n, v)| (n.into(), v.into()))
                .collect(),
        )
    }
}

/// An HTTP request ready to send: absolute URL, headers, and the body: whole bytes,
/// or a [`ByteStream`] sent piece by piece ([`HttpClient::send_streaming`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest<B = Vec<u8>> {
    /// `POST`, `GET`, ...
    pub method: String,
    /// Absolute `http` or `https` URL.
    pub url: String,
    /// Headers; transports add `Content-Length` (for a stream of known length) and
    /// `Host` when absent.
    pub headers: Headers,
    /// The body.
    pub body: B,
}

/// An HTTP response: with its whole body read, or with a [`ByteStream`] of the body
/// still arriving ([`HttpClient::send_streaming`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse<B = Vec<u8>> {
    /// Status code.
    pub status: u16,
    /// Response headers.
    pub headers: Headers,
    /// The body.
    pub body: B,
}

/// Why a transport could not produce a response.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|source| source as _)
    }
}

/// What kind of transport failure happened. [`Connect`](Self::Connect),
/// [`Io`](Self::Io) and [`ConnectTimeout`](Self::ConnectTimeout) are worth a retry; the
/// others are not ([`TransportError::is_retryable`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection: DNS, refused, unreachable, a TLS handshake broken off.
    Connect,
    /// The connection failed while sending or receiving, e.g. closed mid-body.
    Io,
    /// Connecting took longer than the transport's connect timeout.
    ConnectTimeout,
    /// TLS cannot be set up with this server: its certificate was refused (unknown
    /// issuer, expired, not valid for the host name) or it shares no protocol version
    /// with the client. Not retried: the next attempt would meet the same certificate.
    Tls,
    /// The response body is longer than the limit
    /// ([`crate::ConfigBuilder::max_response_body`]); reading stopped there. Not
    /// retried: the same request would most likely bring the same body, and each retry
    /// would read up to the limit again.
    ResponseTooLarge,
    /// The proxy refused to carry the request: it answered 407 (credentials missing or
    /// refused), 403 or another 4xx, or not as an HTTP proxy answers. Not retried: the
    /// proxy's rules and the credentials stay the same between attempts.
    Proxy,
    /// Anything else, such as a request the transport cannot express.
    Other,
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Connect => "connection failed",
            Self::Io => "connection broke",
            Self::ConnectTimeout => "connect timed out",
            Self::Tls => "TLS refused",
            Self::ResponseTooLarge => "response too large",
            Self::Proxy => "proxy refused",
            Self::Other => "transport error",
        })
    }
}

/// The default of [`crate::ConfigBuilder::max_response_body`]: 64 MiB.
///
/// Far above any JSON answer of the services (a DynamoDB `BatchGetItem` page holds at
/// most 16 MB of items, a Kinesis `GetRecords` page 10 MB of data, about 14 MB once
/// base64-encoded), yet small enough that a broken or hostile server cannot make a
/// client buffer gigabytes.
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 64 * 1024 * 1024;

impl TransportError {
    /// A failure of the given kind.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// Attaches the underlying error.
    pub fn with_source(
        mut self,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The error of a response body longer than `limit` bytes; `status` is the
    /// response's HTTP status.
    pub fn response_too_large(limit: usize, status: u16) -> Self {
        Self::new(
            TransportErrorKind::ResponseTooLarge,
            format!(
                "the body of the HTTP {status} response is longer than the limit of {limit} bytes \
                 (see max_response_body in the client configuration)"
            ),
        )
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// True for failures a retry may cure: broken, refused or slow connections.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Connect
                | TransportErrorKind::Io
                | TransportErrorKind::ConnectTimeout
        )
    }
}

/// Sends HTTP requests. The default is [`crate::https::HyperClient`] (feature
/// `default-https-client`); implement this to use another stack or to fake one in tests.
pub trait HttpClient: Send + Sync + fmt::Debug + 'static {
    /// Sends `request` and reads the whole response. Timeouts are applied by the caller.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;

    /// Sends `request` and reads a response body of at most `max_body` bytes; a longer
    /// one is an error of kind [`TransportErrorKind::ResponseTooLarge`]. This is what
    /// clients call.
    ///
    /// The provided method reads the whole body with [`send`](Self::send) and checks
    /// its length afterwards, which bounds what reaches the caller but not what `send`
    /// buffered: a transport that reads bodies incrementally should override it and stop
    /// reading at the limit, as [`crate::https::HyperClient`] does.
    fn send_limited(
        &self,
        request: HttpRequest,
        max_body: usize,
    ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let sent = self.send(request);
        Box::pin(async move { check_body_length(sent.await?, max_body) })
    }

    /// Sends a request whose body is a [`ByteStream`] and returns once the response
    /// headers are in, with the body left to the caller to read: what clients call
    /// for operations with a streaming member (uploads and downloads), so that neither
    /// body is held in memory whole. Unlike [`send_limited`](Self::send_limited) no
    /// limit applies: the caller decides how much of the body to read.
    ///
    /// The provided method reads the request body into memory, sends it with
    /// [`send`](Self::send) and hands back the response read whole: right for test
    /// doubles, but a transport that streams should override it, as
    /// [`crate::https::HyperClient`] does.
    fn send_streaming(
        &self,
        request: HttpRequest<ByteStream>,
    ) -> BoxFuture<'_, Result<HttpResponse<ByteStream>, TransportError>> {
        Box::pin(async move {
            let body = request.body.collect(usize::MAX).await.map_err(|e| {
                TransportError::new(TransportErrorKind::Io, "reading the request body failed")
                    .with_source(e)
            })?;
            let whole = HttpRequest {
                method: request.method,
                url: request.url,
                headers: request.headers,
                body: body.to_vec(),
            };
            let response = self.send(whole).await?;
            Ok(HttpResponse {
                status: response.status,
                headers: response.headers,
                body: ByteStream::from(response.body),
            })
        })
    }
}

/// `response`, unless its body is longer than `max_body` bytes.
pub(crate) fn check_body_length(
    response: HttpResponse,
    max_body: usize,
) -> Result<HttpResponse, TransportError> {
    if response.body.len() > max_body {
        return Err(TransportError::response_too_large(
            max_body,
            response.status,
        ));
    }
    Ok(response)
}

/// A cloneable, shared [`HttpClient`].
#[derive(Clone, Debug)]
pub struct SharedHttpClient(Arc<dyn HttpClient>);

impl SharedHttpClient {
    /// Shares `client`.
    pub fn new(client: impl HttpClient) -> Self {
        Self(Arc::new(client))
    }

    /// Sends `request`.
    pub fn send(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.send(request)
    }

    /// Sends `request`, reading at most `max_body` bytes of response body.
    pub fn send_limited(
        &self,
        request: HttpRequest,
        max_body: usize,
    ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.send_limited(request, max_body)
    }

    /// Sends `request` with a streamed body, returning the response with its body
    /// unread ([`HttpClient::send_streaming`]).
    pub fn send_streaming(
        &self,
        request: HttpRequest<ByteStream>,
    ) -> BoxFuture<'_, Result<HttpResponse<ByteStream>, TransportError>> {
        self.0.send_streaming(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_case_insensitive_and_insert_replaces() {
        let mut h = Headers::new();
        h.append("X-Amz-Target", "a");
        h.append("x-amz-target", "b");
        assert_eq!(h.get("X-AMZ-TARGET"), Some("a"));
        h.insert("X-Amz-Target", "c");
        assert_eq!(h.len(), 1);
        assert_eq!(h.get("x-amz-target"), Some("c"));
        h.remove("X-AMZ-target");
        assert!(h.is_empty());
    }

    #[test]
    fn debug_hides_secret_headers() {
        let h: Headers = [
            ("Authorization", "AWS4-HMAC-SHA256 Signature=abc"),
            ("X-Amz-Security-Token", "token-secret"),
            ("Content-Type", "application/x-amz-json-1.1"),
        ]
        .into_iter()
        .collect();
        let shown = format!("{h:?}");
        assert!(!shown.contains("abc"), "{shown}");
        assert!(!shown.contains("token-secret"), "{shown}");
        assert!(shown.contains("application/x-amz-json-1.1"), "{shown}");
    }
}
