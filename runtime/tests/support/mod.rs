//! A scripted HTTP server on 127.0.0.1 that misbehaves on purpose.
//!
//! Each request gets the next scripted reply; the connection is then closed unless the
//! reply keeps it alive. Requests past the script get 599. The server accepts at most
//! the scripted number of connections plus a few, stops by itself after [`LIFETIME`],
//! and stops at once when dropped.

#![allow(dead_code)] // Each test crate uses a different part.

pub mod things;

use std::collections::VecDeque;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// How long a server lives at most.
pub const LIFETIME: Duration = Duration::from_secs(20);
/// Connections answered 599 once the script is used up.
const EXTRA: usize = 3;
/// Largest request head read.
const MAX_HEAD: usize = 64 * 1024;

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What to answer one connection with.
#[derive(Clone, Debug)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Announce this many body bytes but send `body` and close.
    claimed_length: Option<usize>,
    /// Wait this long before answering.
    delay: Duration,
    /// Keep the connection open for the next request.
    keep_alive: bool,
    /// Close the connection without announcing it (`Connection: close` left out).
    silent_close: bool,
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: &str) -> Self {
        Self {
            status,
            headers: vec![
                ("Content-Type".into(), "application/x-amz-json-1.1".into()),
                ("x-amzn-RequestId".into(), "req-fault".into()),
            ],
            body: body.as_bytes().to_vec(),
            claimed_length: None,
            delay: Duration::ZERO,
            keep_alive: false,
            silent_close: false,
        }
    }

    /// An awsJson error response.
    pub fn error(status: u16, code: &str, message: &str) -> Self {
        Self::json(
            status,
            &format!(r#"{{"__type":"com.amazonaws.test#{code}","message":"{message}"}}"#),
        )
    }

    /// A 200 whose body is not JSON.
    pub fn garbled() -> Self {
        Self::json(200, r#"{"items": [1, 2,"#)
    }

    /// A 200 that announces more body than it sends, then closes.
    pub fn truncated() -> Self {
        let mut reply = Self::json(200, r#"{"items": ["#);
        reply.claimed_length = Some(1000);
        reply
    }

    /// This reply with a header set to `value` (raw bytes as UTF-8), replacing it if
    /// it was there.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.into(), value.into()));
        self
    }

    /// This reply, leaving the connection open.
    pub fn keep_alive(mut self) -> Self {
        self.keep_alive = true;
        self
    }

    /// This reply, then a hang-up the client was not told about (as when a server
    /// drops an idle keep-alive connection).
    pub fn then_hang_up(mut self) -> Self {
        self.silent_close = true;
        self
    }

    /// This reply, after `delay`.
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    fn bytes(&self) -> Vec<u8> {
        let reason = if self.status == 200 { "OK" } else { "Scripted" };
        let mut out = format!("HTTP/1.1 {} {reason}\r\n", self.status);
        for (name, value) in &self.headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        let length = self.claimed_length.unwrap_or(self.body.len());
        out.push_str(&format!("Content-Length: {length}\r\n"));
        if !self.keep_alive && !self.silent_close {
            out.push_str("Connection: close\r\n");
        }
        out.push_str("\r\n");
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// A running scripted server.
pub struct FaultServer {
    url: String,
    log: Arc<Mutex<Vec<Recorded>>>,
    connections: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl FaultServer {
    /// Starts serving `script`, one reply per connection, in order.
    pub async fn start(script: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let log = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let task = tokio::spawn(serve(
            listener,
            script,
            Arc::clone(&log),
            Arc::clone(&connections),
        ));
        Self {
            url,
            log,
            connections,
            task,
        }
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.log.lock().map(|log| log.clone()).unwrap_or_default()
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    listener: TcpListener,
    script: Vec<Reply>,
    log: Arc<Mutex<Vec<Recorded>>>,
    connections: Arc<AtomicUsize>,
) {
    let max_connections = script.len() + EXTRA;
    let replies = Arc::new(Mutex::new(VecDeque::from(script)));
    // Connection tasks live in the set, so they end when the server does.
    let mut tasks = JoinSet::new();
    let accept_all = async {
        for _ in 0..max_connections {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            connections.fetch_add(1, Ordering::SeqCst);
            tasks.spawn(answer(socket, Arc::clone(&replies), Arc::clone(&log)));
        }
        // Let the last connections finish.
        while tasks.join_next().await.is_some() {}
    };
    let _ = tokio::time::timeout(LIFETIME, accept_all).await;
}

async fn answer(
    mut socket: TcpStream,
    replies: Arc<Mutex<VecDeque<Reply>>>,
    log: Arc<Mutex<Vec<Recorded>>>,
) {
    while let Some(request) = read_request(&mut socket).await {
        if let Ok(mut log) = log.lock() {
            log.push(request);
        }
        let reply = replies
            .lock()
            .ok()
            .and_then(|mut replies| replies.pop_front())
            .unwrap_or_else(|| Reply::error(599, "ScriptExhausted", "no more scripted replies"));
        tokio::time::sleep(reply.delay).await;
        if socket.write_all(&reply.bytes()).await.is_err() || !reply.keep_alive {
            break;
        }
    }
    let _ = socket.shutdown().await;
}

async fn read_request(socket: &mut TcpStream) -> Option<Recorded> {
    let mut buffer = Vec::new();
    let head_end = loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            break end;
        }
        if buffer.len() > MAX_HEAD {
            return None;
        }
        let mut chunk = [0u8; 4096];
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let (method, path) = (
        request_line.next()?.to_owned(),
        request_line.next()?.to_owned(),
    );
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = [0u8; 4096];
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Recorded {
        method,
        path,
        headers,
        body,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Runs a test body, failing it if it takes longer than `limit` instead of hanging.
pub async fn within<T>(limit: Duration, test: impl Future<Output = T>) -> T {
    tokio::time::timeout(limit, test)
        .await
        .unwrap_or_else(|_| panic!("test did not finish within {limit:?}"))
}
