//! The proxy protocol: a CONNECT tunnel opened on a TCP connection, read with bounds,
//! and the errors of a proxy's refusals.

use std::io;

use tokio::net::TcpStream;

use super::Proxy;
use crate::error::quoted;
use crate::http::{TransportError, TransportErrorKind};

/// Longest answer head read from a proxy to a CONNECT request (8 KiB).
pub const MAX_CONNECT_RESPONSE_HEAD: usize = 8 * 1024;

/// Asks `proxy`, connected on `tcp`, for a tunnel to `authority` (`host:port`), and
/// reads its answer head, at most [`MAX_CONNECT_RESPONSE_HEAD`] bytes. A 2xx opens the
/// tunnel; 407 and the other 4xx are [`TransportErrorKind::Proxy`] errors (not retried:
/// the proxy's rules or credentials do not change between attempts); 5xx (the proxy
/// could not reach the host) are connect errors, retried.
pub(crate) async fn connect_tunnel(
    tcp: &TcpStream,
    proxy: &Proxy,
    authority: &str,
) -> Result<(), TransportError> {
    let broken = |e: io::Error| {
        TransportError::new(
            TransportErrorKind::Connect,
            format!("the connection to the proxy {proxy} broke"),
        )
        .with_source(e)
    };
    let mut request = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
    if let Some(credentials) = proxy.authorization() {
        request.push_str(&format!("Proxy-Authorization: {credentials}\r\n"));
    }
    request.push_str("\r\n");
    write_all(tcp, request.as_bytes()).await.map_err(broken)?;

    let mut head = Vec::with_capacity(512);
    let end = loop {
        if let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        if head.len() >= MAX_CONNECT_RESPONSE_HEAD {
            return Err(TransportError::new(
                TransportErrorKind::Proxy,
                format!(
                    "the proxy {proxy} answered CONNECT with a head longer than \
                     {MAX_CONNECT_RESPONSE_HEAD} bytes"
                ),
            ));
        }
        let mut chunk = [0u8; 1024];
        let room = (MAX_CONNECT_RESPONSE_HEAD - head.len()).min(chunk.len());
        tcp.readable().await.map_err(broken)?;
        match tcp.try_read(&mut chunk[..room]) {
            Ok(0) => {
                return Err(broken(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "closed before answering CONNECT",
                )))
            }
            Ok(n) => head.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(broken(e)),
        }
    };
    let status_line = head
        .split(|b| *b == b'\n')
        .next()
        .map(|line| String::from_utf8_lossy(line).trim_end().to_owned())
        .unwrap_or_default();
    let status = status_line
        .strip_prefix("HTTP/1.")
        .and_then(|rest| rest.get(2..5))
        .filter(|code| code.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|code| code.parse::<u16>().ok());
    let answered = || {
        format!(
            "the proxy {proxy} answered CONNECT {authority} with {}",
            quoted(&status_line)
        )
    };
    match status {
        // The server speaks first in TLS only after the client: nothing may follow.
        Some(200..=299) if end == head.len() => Ok(()),
        Some(200..=299) => Err(TransportError::new(
            TransportErrorKind::Proxy,
            format!("{}, then sent data before the tunnel was used", answered()),
        )),
        Some(407) => Err(TransportError::new(
            TransportErrorKind::Proxy,
            format!("{}: {}", answered(), credentials_hint(proxy)),
        )),
        Some(400..=499) => Err(TransportError::new(
            TransportErrorKind::Proxy,
            format!("{}: it refuses the tunnel", answered()),
        )),
        Some(_) => Err(TransportError::new(TransportErrorKind::Connect, answered())),
        None => Err(TransportError::new(
            TransportErrorKind::Proxy,
            format!("{}, which is not an HTTP/1 answer", answered()),
        )),
    }
}

/// Writes all of `bytes` (without tokio's `io-util` feature).
async fn write_all(tcp: &TcpStream, mut bytes: &[u8]) -> io::Result<()> {
    while !bytes.is_empty() {
        tcp.writable().await?;
        match tcp.try_write(bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The error of a 407 answer from a forwarding proxy (requests to `http` endpoints).
pub(crate) fn forward_refused(proxy: &Proxy) -> TransportError {
    TransportError::new(
        TransportErrorKind::Proxy,
        format!(
            "the proxy {proxy} answered HTTP 407 Proxy Authentication Required: {}",
            credentials_hint(proxy)
        ),
    )
}

fn credentials_hint(proxy: &Proxy) -> &'static str {
    if proxy.has_credentials() {
        "it did not accept the user name and password of the proxy URL"
    } else {
        "it requires credentials: give them in the proxy URL (http://user:password@host:port)"
    }
}
