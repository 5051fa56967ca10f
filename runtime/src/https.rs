//! The default transport: HTTP/1.1 on hyper's connection API over tokio, with TLS by
//! rustls (ring), trusting the roots [`crate::tls`] describes, and optionally through
//! the proxies of a [`ProxyConfig`].
//!
//! Connections are kept alive in a small pool per scheme, host and port. The pool is
//! written here rather than taken from hyper-util's client, which would add six crates
//! (futures-util, tower-service, tracing, ...) to every SDK build for features a
//! one-request-at-a-time JSON client does not use.
//!
//! A request whose headers carry `Expect: 100-continue` (S3 uploads) sends its head,
//! then waits for the server's `100 Continue` before sending the body, or sends it
//! after one second without one, as botocore does. A final response that comes first
//! (a 403, a redirect) is returned without the body being read or sent; its
//! connection is then closed rather than reused.

mod body;
mod expect;
mod stream;

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use http_body_util::BodyExt as _;
use hyper::body::Body;
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use crate::endpoint::{Scheme, Url};
use crate::http::{
    BoxFuture, Headers, HttpClient, HttpRequest, HttpResponse, TransportError, TransportErrorKind,
    DEFAULT_MAX_RESPONSE_BODY,
};
use crate::proxy::{Proxy, ProxyConfig};
use crate::tls::CaBundle;
use crate::wire::ByteStream;
use body::{PooledBody, RequestBody};
use expect::{Expecting, Unsent};
use stream::MaybeTls;

/// How long an idle connection is kept for reuse.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Idle connections kept per host.
const MAX_IDLE_PER_HOST: usize = 16;

type Sender = SendRequest<RequestBody>;

/// Where a connection goes: scheme, host, port.
type PoolKey = (bool, String, u16);

/// What becomes of a connection once its response is read.
enum After {
    /// Back to the pool.
    Pool(PoolKey, Sender),
    /// Closed: the server answered before the request body was sent.
    Close(Unsent),
}

/// The default [`HttpClient`]: keeps connections alive and reuses them.
#[derive(Clone)]
pub struct HyperClient(Arc<Inner>);

struct Inner {
    tls: Result<tokio_rustls::TlsConnector, String>,
    connect_timeout: Option<Duration>,
    proxy: ProxyConfig,
    idle: Mutex<HashMap<PoolKey, Vec<(Sender, Instant)>>>,
}

impl fmt::Debug for HyperClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperClient")
            .field("connect_timeout", &self.0.connect_timeout)
            .field("proxy", &self.0.proxy)
            .finish_non_exhaustive()
    }
}

impl HyperClient {
    /// A client whose connection attempts (TCP, proxy tunnel and TLS) give up after
    /// `connect_timeout`, trusting the default roots (see [`crate::tls`]).
    pub fn new(connect_timeout: Option<Duration>) -> Self {
        Self::trusting(connect_timeout, None)
    }

    /// A client trusting exactly the certificate authorities of `bundle`.
    pub fn with_ca_bundle(connect_timeout: Option<Duration>, bundle: &CaBundle) -> Self {
        Self::trusting(connect_timeout, Some(bundle))
    }

    fn trusting(connect_timeout: Option<Duration>, bundle: Option<&CaBundle>) -> Self {
        match crate::tls::client_config(bundle) {
            Ok(config) => Self::with_tls_config(connect_timeout, config),
            Err(e) => Self::with_tls(connect_timeout, Err(e.to_string())),
        }
    }

    /// A client with its own TLS configuration, e.g. trusting a private certificate
    /// authority.
    pub fn with_tls_config(
        connect_timeout: Option<Duration>,
        config: rustls::ClientConfig,
    ) -> Self {
        let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
        Self::with_tls(connect_timeout, Ok(connector))
    }

    fn with_tls(
        connect_timeout: Option<Duration>,
        tls: Result<tokio_rustls::TlsConnector, String>,
    ) -> Self {
        Self(Arc::new(Inner {
            tls,
            connect_timeout,
            proxy: ProxyConfig::default(),
            idle: Mutex::new(HashMap::new()),
        }))
    }

    /// This client sending requests through `proxy`'s proxies (with no connection
    /// pooled yet).
    pub fn with_proxy(self, proxy: ProxyConfig) -> Self {
        Self(Arc::new(Inner {
            tls: self.0.tls.clone(),
            connect_timeout: self.0.connect_timeout,
            proxy,
            idle: Mutex::new(HashMap::new()),
        }))
    }
}

impl HttpClient for HyperClient {
    /// Sends `request`, reading at most [`DEFAULT_MAX_RESPONSE_BODY`] bytes of body.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(self.0.send(
            with_body(request, RequestBody::whole),
            DEFAULT_MAX_RESPONSE_BODY,
        ))
    }

    /// Sends `request`; stops reading once the body is longer than `max_body`, and does
    /// not start when its `Content-Length` is.
    fn send_limited(
        &self,
        request: HttpRequest,
        max_body: usize,
    ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(
            self.0
                .send(with_body(request, RequestBody::whole), max_body),
        )
    }

    /// Sends the body as it is read, and returns at the response headers with the body
    /// still on the connection, which goes back to the pool once the body is read to
    /// its end (and is closed if the body is dropped before).
    fn send_streaming(
        &self,
        request: HttpRequest<ByteStream>,
    ) -> BoxFuture<'_, Result<HttpResponse<ByteStream>, TransportError>> {
        Box::pin(async move {
            let (after, response) = self
                .0
                .exchange(with_body(request, RequestBody::Stream))
                .await?;
            let (parts, body) = response.into_parts();
            let len = body.size_hint().exact();
            let body = PooledBody {
                body,
                pool: Some((Arc::clone(&self.0), after)),
            };
            Ok(HttpResponse {
                status: parts.status.as_u16(),
                headers: headers_of(&parts.headers),
                body: ByteStream::from_stream(body, len),
            })
        })
    }
}

/// `request` with its body made `body`.
fn with_body<A, B>(request: HttpRequest<A>, body: impl FnOnce(A) -> B) -> HttpRequest<B> {
    HttpRequest {
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: body(request.body),
    }
}

impl Inner {
    async fn send(
        &self,
        request: HttpRequest<RequestBody>,
        max_body: usize,
    ) -> Result<HttpResponse, TransportError> {
        let (after, response) = self.exchange(request).await?;
        self.finish(after, response, max_body).await
    }

    /// Sends `request` on a pooled connection or a new one, and returns at the
    /// response headers. A forwarding proxy's 407, which no AWS service sends, is an
    /// error. A body expecting `100 Continue` waits for it (see [`expect`]).
    async fn exchange(
        &self,
        request: HttpRequest<RequestBody>,
    ) -> Result<(After, hyper::Response<hyper::body::Incoming>), TransportError> {
        let url = Url::parse(&request.url).map_err(|e| {
            TransportError::new(TransportErrorKind::Other, "the request URL is invalid")
                .with_source(e)
        })?;
        let key = (
            url.scheme() == Scheme::Https,
            url.host().to_owned(),
            url.port_or_default(),
        );
        // Requests to http endpoints go to their proxy whole; https ones through a tunnel.
        let proxy = self.proxy.proxy_for(&url);
        let forward = proxy.filter(|_| url.scheme() == Scheme::Http);
        let mut outgoing = to_hyper(request, &url, forward)?;
        let expecting = expect::gate(&mut outgoing);
        if let Some(mut sender) = self.checkout(&key) {
            // A pooled connection that closed meanwhile (the server dropped it while
            // idle) fails here or gives the request back unsent: use a new one then.
            if sender.ready().await.is_ok() {
                match sender.try_send_request(outgoing).await {
                    Ok(response) => return refused_by(forward, expecting, key, sender, response),
                    Err(mut e) => match e.take_message() {
                        Some(unsent) => outgoing = unsent,
                        None => return Err(exchange_error(e.into_error())),
                    },
                }
            }
        }
        let mut sender = self.connect(&url, proxy).await?;
        let response = sender
            .send_request(outgoing)
            .await
            .map_err(exchange_error)?;
        refused_by(forward, expecting, key, sender, response)
    }

    /// Reads the whole response, then pools the connection if it stays open. A body
    /// past `max_body` is an error; its connection, left mid-body, is dropped.
    async fn finish(
        &self,
        after: After,
        response: hyper::Response<hyper::body::Incoming>,
        max_body: usize,
    ) -> Result<HttpResponse, TransportError> {
        let (parts, body) = response.into_parts();
        let body = read_body(body, max_body, parts.status.as_u16()).await?;
        self.release(after);
        Ok(HttpResponse {
            status: parts.status.as_u16(),
            headers: headers_of(&parts.headers),
            body,
        })
    }

    fn checkout(&self, key: &PoolKey) -> Option<Sender> {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        let senders = idle.get_mut(key)?;
        while let Some((sender, since)) = senders.pop() {
            if since.elapsed() < IDLE_TIMEOUT && !sender.is_closed() {
                return Some(sender);
            }
        }
        None
    }

    /// Once a response is read: its connection back to the pool, or closed.
    fn release(&self, after: After) {
        match after {
            After::Pool(key, sender) => self.checkin(key, sender),
            // Dropped, it lets the held-back body end the connection.
            After::Close(unsent) => drop(unsent),
        }
    }

    fn checkin(&self, key: PoolKey, sender: Sender) {
        if sender.is_closed() {
            return;
        }
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        let senders = idle.entry(key).or_default();
        senders.retain(|(s, since)| since.elapsed() < IDLE_TIMEOUT && !s.is_closed());
        if senders.len() < MAX_IDLE_PER_HOST {
            senders.push((sender, Instant::now()));
        }
    }

    /// Opens a connection (TCP, to `proxy` if any, a CONNECT tunnel through it for
    /// `https`, TLS for `https`, HTTP/1.1 handshake) under the connect timeout, and
    /// drives it on the runtime.
    async fn connect(&self, url: &Url, proxy: Option<&Proxy>) -> Result<Sender, TransportError> {
        let connecting = async {
            // The certificate is checked against the host name (brackets off for IPv6).
            let host = unbracket(url.host());
            let tcp = match proxy {
                Some(proxy) => TcpStream::connect((unbracket(proxy.host()), proxy.port()))
                    .await
                    .map_err(|e| {
                        connect_error(&format!("cannot connect to the proxy {proxy}"), e)
                    })?,
                None => TcpStream::connect((host, url.port_or_default()))
                    .await
                    .map_err(|e| connect_error("cannot connect", e))?,
            };
            if let (Some(proxy), Scheme::Https) = (proxy, url.scheme()) {
                let authority = format!("{}:{}", url.host(), url.port_or_default());
                crate::proxy::connect_tunnel(&tcp, proxy, &authority).await?;
            }
            // Small requests and responses: do not wait to fill packets.
            let _ = tcp.set_nodelay(true);
            let stream = match url.scheme() {
                Scheme::Http => MaybeTls::Plain(tcp),
                Scheme::Https => {
                    let tls = self.tls.as_ref().map_err(|e| {
                        TransportError::new(
                            TransportErrorKind::Other,
                            format!("TLS setup failed: {e}"),
                        )
                    })?;
                    let name =
                        rustls::pki_types::ServerName::try_from(host.to_owned()).map_err(|e| {
                            TransportError::new(TransportErrorKind::Tls, "invalid TLS server name")
                                .with_source(e)
                        })?;
                    let stream = tls.connect(name, tcp).await.map_err(handshake_error)?;
                    MaybeTls::Tls(Box::new(stream))
                }
            };
            http1::handshake(TokioIo::new(stream))
                .await
                .map_err(|e| connect_error("HTTP handshake failed", e))
        };
        let (sender, connection) = match self.connect_timeout {
            Some(limit) => tokio::time::timeout(limit, connecting)
                .await
                .map_err(|_| {
                    TransportError::new(
                        TransportErrorKind::ConnectTimeout,
                        format!("no connection within {limit:?}"),
                    )
                })??,
            None => connecting.await?,
        };
        // Ends when the connection closes: the server hangs up, or the sender is dropped.
        tokio::spawn(connection);
        Ok(sender)
    }
}

/// Reads a body of at most `max_body` bytes frame by frame, so that no more than the
/// limit (and one frame) is ever held. A `Content-Length` past the limit fails at once.
async fn read_body(
    mut body: hyper::body::Incoming,
    max_body: usize,
    status: u16,
) -> Result<Vec<u8>, TransportError> {
    let too_large = || TransportError::response_too_large(max_body, status);
    let announced = body.size_hint().lower();
    if announced > max_body as u64 {
        return Err(too_large());
    }
    // The announced length (within the limit) sizes the buffer once.
    let mut read = Vec::with_capacity(announced as usize);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            TransportError::new(TransportErrorKind::Io, "reading the response body failed")
                .with_source(e)
        })?;
        if let Ok(data) = frame.into_data() {
            if data.len() > max_body - read.len() {
                return Err(too_large());
            }
            read.extend_from_slice(&data);
        }
    }
    Ok(read)
}

/// The exchange, unless a forwarding proxy refused it (407).
fn refused_by(
    forward: Option<&Proxy>,
    expecting: Option<Expecting>,
    key: PoolKey,
    sender: Sender,
    response: hyper::Response<hyper::body::Incoming>,
) -> Result<(After, hyper::Response<hyper::body::Incoming>), TransportError> {
    // First, so that a body held back is dropped whatever the answer.
    let after = match expecting.and_then(Expecting::answered) {
        Some(unsent) => After::Close(unsent),
        None => After::Pool(key, sender),
    };
    match (forward, response.status().as_u16()) {
        (Some(proxy), 407) => Err(crate::proxy::forward_refused(proxy)),
        _ => Ok((after, response)),
    }
}

fn headers_of(headers: &hyper::HeaderMap) -> Headers {
    headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// A host name as it is resolved: an IPv6 literal without its brackets.
fn unbracket(host: &str) -> &str {
    host.trim_start_matches('[').trim_end_matches(']')
}

fn connect_error(
    message: &str,
    source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> TransportError {
    TransportError::new(TransportErrorKind::Connect, message).with_source(source)
}

/// A failed TLS handshake: [`TransportErrorKind::Tls`] when rustls refused the
/// server (its certificate, or no common protocol), which no retry changes;
/// [`TransportErrorKind::Connect`] when the connection broke during it. tokio-rustls
/// hands rustls' error over inside the `io::Error`.
fn handshake_error(error: io::Error) -> TransportError {
    let refused = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        .filter(|e| is_permanent(e))
        .map(|reason| format!("TLS handshake failed: {reason}"));
    match refused {
        Some(message) => TransportError::new(TransportErrorKind::Tls, message).with_source(error),
        None => connect_error("TLS handshake failed", error),
    }
}

/// rustls errors that mean this server cannot be talked to as configured.
fn is_permanent(error: &rustls::Error) -> bool {
    matches!(
        error,
        rustls::Error::InvalidCertificate(_)
            | rustls::Error::NoCertificatesPresented
            | rustls::Error::UnsupportedNameType
            | rustls::Error::InvalidCertRevocationList(_)
            | rustls::Error::PeerIncompatible(_)
    )
}

fn exchange_error(error: hyper::Error) -> TransportError {
    TransportError::new(
        TransportErrorKind::Io,
        "the connection failed during the exchange",
    )
    .with_source(error)
}

/// The hyper request: origin-form URI and a `Host` header, which the connection API
/// leaves to its caller; to a forwarding proxy, the absolute URI and the proxy's
/// credentials.
fn to_hyper(
    request: HttpRequest<RequestBody>,
    url: &Url,
    forward: Option<&Proxy>,
) -> Result<hyper::Request<RequestBody>, TransportError> {
    let path = if url.path().is_empty() {
        "/"
    } else {
        url.path()
    };
    let mut target = match url.query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_owned(),
    };
    if forward.is_some() {
        target = format!("http://{}{target}", url.host_header());
    }
    let mut builder = hyper::Request::builder()
        .method(request.method.as_str())
        .uri(target);
    if !request.headers.contains("host") {
        builder = builder.header("host", url.host_header());
    }
    if let Some(credentials) = forward.and_then(Proxy::authorization) {
        builder = builder.header("proxy-authorization", credentials);
    }
    for (name, value) in request.headers.iter() {
        builder = builder.header(name, value);
    }
    builder.body(request.body).map_err(|e| {
        TransportError::new(
            TransportErrorKind::Other,
            "the request cannot be sent over HTTP",
        )
        .with_source(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::CertificateError;

    fn handshake(error: rustls::Error) -> TransportError {
        handshake_error(io::Error::new(io::ErrorKind::InvalidData, error))
    }

    #[test]
    fn refused_certificates_are_tls_errors_that_are_not_retried() {
        for reason in [
            CertificateError::UnknownIssuer,
            CertificateError::Expired,
            CertificateError::NotValidForName,
            CertificateError::BadSignature,
        ] {
            let error = handshake(rustls::Error::InvalidCertificate(reason.clone()));
            assert_eq!(error.kind(), TransportErrorKind::Tls, "{reason:?}");
            assert!(!error.is_retryable(), "{reason:?}");
            assert!(error.to_string().contains("certificate"), "{error}");
        }
        let none_shared = rustls::PeerIncompatible::NoCipherSuitesInCommon;
        let error = handshake(rustls::Error::PeerIncompatible(none_shared));
        assert_eq!(error.kind(), TransportErrorKind::Tls);
    }

    #[test]
    fn a_connection_broken_during_the_handshake_is_retried() {
        let reset = handshake_error(io::Error::from(io::ErrorKind::ConnectionReset));
        assert_eq!(reset.kind(), TransportErrorKind::Connect);
        assert!(reset.is_retryable());
        let garbled = handshake(rustls::Error::DecryptError);
        assert_eq!(garbled.kind(), TransportErrorKind::Connect);
    }
}
