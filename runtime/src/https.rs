//! The default transport: hyper 1's pooled HTTP/1.1 client over tokio, with TLS by
//! rustls (ring) and Mozilla's root certificates from `webpki-roots`.

use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http_body_util::{BodyExt as _, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use crate::http::{
    BoxFuture, Headers, HttpClient, HttpRequest, HttpResponse, TransportError, TransportErrorKind,
};

type BoxError = Box<dyn StdError + Send + Sync>;

/// How long an idle pooled connection is kept.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The default [`HttpClient`]: keeps connections alive and reuses them.
#[derive(Clone)]
pub struct HyperClient {
    client: Result<Client<Connector, Full<Bytes>>, Arc<str>>,
}

impl fmt::Debug for HyperClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperClient").finish_non_exhaustive()
    }
}

impl HyperClient {
    /// A client whose connection attempts (TCP and TLS) give up after `connect_timeout`.
    pub fn new(connect_timeout: Option<Duration>) -> Self {
        let client = tls_config().map(|tls| {
            let mut http = HttpConnector::new();
            http.enforce_http(false);
            http.set_nodelay(true);
            let connector = Connector {
                http,
                tls: tokio_rustls::TlsConnector::from(Arc::new(tls)),
                timeout: connect_timeout,
            };
            Client::builder(TokioExecutor::new())
                .pool_timer(TokioTimer::new())
                .pool_idle_timeout(IDLE_TIMEOUT)
                .build(connector)
        });
        Self {
            client: client.map_err(|e| Arc::from(e.to_string())),
        }
    }
}

fn tls_config() -> Result<rustls::ClientConfig, rustls::Error> {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    Ok(rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_root_certificates(roots)
    .with_no_client_auth())
}

impl HttpClient for HyperClient {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let client = self.client.as_ref().map_err(|e| {
                TransportError::new(TransportErrorKind::Other, format!("TLS setup failed: {e}"))
            })?;
            let response = client
                .request(to_hyper(request)?)
                .await
                .map_err(request_error)?;
            let (parts, body) = response.into_parts();
            let body = body.collect().await.map_err(|e| {
                TransportError::new(TransportErrorKind::Io, "reading the response body failed")
                    .with_source(e)
            })?;
            let headers = parts
                .headers
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect::<Headers>();
            Ok(HttpResponse {
                status: parts.status.as_u16(),
                headers,
                body: body.to_bytes().to_vec(),
            })
        })
    }
}

fn to_hyper(request: HttpRequest) -> Result<hyper::Request<Full<Bytes>>, TransportError> {
    let mut builder = hyper::Request::builder()
        .method(request.method.as_str())
        .uri(request.url.as_str());
    for (name, value) in request.headers.iter() {
        builder = builder.header(name, value);
    }
    builder
        .body(Full::new(Bytes::from(request.body)))
        .map_err(|e| {
            TransportError::new(
                TransportErrorKind::Other,
                "the request cannot be sent over HTTP",
            )
            .with_source(e)
        })
}

/// Sorts a failed exchange: no connection, our connect timeout, or a broken connection.
fn request_error(error: hyper_util::client::legacy::Error) -> TransportError {
    let timed_out = {
        let mut source: Option<&(dyn StdError + 'static)> = Some(&error);
        let mut found = false;
        while let Some(e) = source {
            found |= e.is::<ConnectTimedOut>();
            source = e.source();
        }
        found
    };
    let (kind, message) = if timed_out {
        (TransportErrorKind::ConnectTimeout, "connecting timed out")
    } else if error.is_connect() {
        (TransportErrorKind::Connect, "cannot connect")
    } else {
        (
            TransportErrorKind::Io,
            "the connection failed during the exchange",
        )
    };
    TransportError::new(kind, message).with_source(error)
}

#[derive(Debug)]
struct ConnectTimedOut(Duration);

impl fmt::Display for ConnectTimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no connection within {:?}", self.0)
    }
}

impl StdError for ConnectTimedOut {}

/// Opens TCP connections, adding TLS for `https`, under one timeout.
#[derive(Clone)]
struct Connector {
    http: HttpConnector,
    tls: tokio_rustls::TlsConnector,
    timeout: Option<Duration>,
}

impl tower_service::Service<hyper::Uri> for Connector {
    type Response = TokioIo<MaybeTls>;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<Self::Response, BoxError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.http.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, uri: hyper::Uri) -> Self::Future {
        let https = uri.scheme() == Some(&hyper::http::uri::Scheme::HTTPS);
        // The certificate is checked against the host name (brackets off for IPv6).
        let host = uri
            .host()
            .unwrap_or_default()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let connecting = self.http.call(uri);
        let tls = self.tls.clone();
        let timeout = self.timeout;
        Box::pin(async move {
            let connect = async move {
                let tcp = connecting.await?.into_inner();
                if !https {
                    return Ok::<_, BoxError>(MaybeTls::Plain(tcp));
                }
                let name = rustls::pki_types::ServerName::try_from(host)?;
                Ok(MaybeTls::Tls(Box::new(tls.connect(name, tcp).await?)))
            };
            let stream = match timeout {
                Some(limit) => tokio::time::timeout(limit, connect)
                    .await
                    .map_err(|_| Box::new(ConnectTimedOut(limit)) as BoxError)??,
                None => connect.await?,
            };
            Ok(TokioIo::new(stream))
        })
    }
}

/// A plain or TLS connection.
enum MaybeTls {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl Connection for MaybeTls {
    fn connected(&self) -> Connected {
        Connected::new()
    }
}

impl AsyncRead for MaybeTls {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            MaybeTls::Plain(s) => Pin::new(s).poll_read(cx, buf),
            MaybeTls::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for MaybeTls {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            MaybeTls::Plain(s) => Pin::new(s).poll_write(cx, buf),
            MaybeTls::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            MaybeTls::Plain(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            MaybeTls::Tls(s) => Pin::new(s.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            MaybeTls::Plain(s) => s.is_write_vectored(),
            MaybeTls::Tls(s) => s.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            MaybeTls::Plain(s) => Pin::new(s).poll_flush(cx),
            MaybeTls::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            MaybeTls::Plain(s) => Pin::new(s).poll_shutdown(cx),
            MaybeTls::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}
