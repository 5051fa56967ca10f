//! `Expect: 100-continue` on the default transport, against raw loopback servers that
//! choose the interim response: the body waits for `100 Continue` (or one second, for
//! a server that never sends it), is never read when the server answers first, and
//! requests without the header send their body at once.

#![cfg(feature = "default-https-client")]

#[path = "pinned/mod.rs"]
mod pinned;

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use sdk_runtime::http::{HttpClient, HttpRequest};
use sdk_runtime::https::HyperClient;
use sdk_runtime::wire::ByteStream;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

/// Every test ends within this, whatever the transport does.
const LIMIT: Duration = Duration::from_secs(10);
/// Long enough for a body sent at once to have arrived on loopback, well under the
/// transport's one-second wait.
const QUIET: Duration = Duration::from_millis(250);

const DENIED: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>\
<Message>Access Denied</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>";

/// A request as the server read it: the head, and the body bytes that came with it.
struct Incoming {
    socket: TcpStream,
    head: String,
    early: Vec<u8>,
}

impl Incoming {
    async fn read(mut socket: TcpStream) -> Option<Self> {
        let mut read = Vec::new();
        let mut buf = [0; 8192];
        loop {
            if let Some(end) = read.windows(4).position(|w| w == b"\r\n\r\n") {
                let early = read.split_off(end + 4);
                let head = String::from_utf8(read).unwrap();
                return Some(Self {
                    socket,
                    head,
                    early,
                });
            }
            let n = socket.read(&mut buf).await.unwrap();
            if n == 0 {
                return None;
            }
            read.extend_from_slice(&buf[..n]);
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    fn path(&self) -> &str {
        self.head.split(' ').nth(1).unwrap_or_default()
    }

    fn content_length(&self) -> usize {
        self.header("content-length").unwrap().parse().unwrap()
    }

    /// Whether body bytes arrived with the head or within [`QUIET`] after it.
    async fn body_came_unasked(&mut self) -> bool {
        if !self.early.is_empty() {
            return true;
        }
        let mut buf = [0; 8192];
        match tokio::time::timeout(QUIET, self.socket.read(&mut buf)).await {
            Ok(Ok(n)) => {
                self.early.extend_from_slice(&buf[..n]);
                n > 0
            }
            Ok(Err(e)) => panic!("{e}"),
            Err(_) => false,
        }
    }

    /// The whole body (its `Content-Length`), and when its first byte arrived.
    async fn body(&mut self) -> (Vec<u8>, Instant) {
        let len = self.content_length();
        let mut body = std::mem::take(&mut self.early);
        let mut first = Instant::now();
        if body.is_empty() && len > 0 {
            let mut buf = [0; 8192];
            let n = self.socket.read(&mut buf).await.unwrap();
            first = Instant::now();
            body.extend_from_slice(&buf[..n]);
        }
        let mut rest = vec![0; len - body.len()];
        self.socket.read_exact(&mut rest).await.unwrap();
        body.extend_from_slice(&rest);
        (body, first)
    }

    /// Answers; `200 OK` closes the connection (this server reads one request per
    /// connection), other answers leave it to the client.
    async fn answer(&mut self, status: &str, body: &str) {
        let close = if status == "200 OK" {
            "Connection: close\r\n"
        } else {
            ""
        };
        let response = format!(
            "HTTP/1.1 {status}\r\n{close}Content-Type: application/xml\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        self.socket.write_all(response.as_bytes()).await.unwrap();
    }
}

/// A server on 127.0.0.1 handing each request (one per connection, each on a task of
/// its own) to `serve`, which returns what it found; the results arrive on the
/// receiver as the requests end.
async fn server<T, F, Fut>(serve: F) -> (String, tokio::sync::mpsc::UnboundedReceiver<T>)
where
    T: Send + 'static,
    F: Fn(Incoming) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/bucket/key", listener.local_addr().unwrap());
    let (found, results) = tokio::sync::mpsc::unbounded_channel();
    let serve = Arc::new(serve);
    tokio::spawn(async move {
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            let (serve, found) = (Arc::clone(&serve), found.clone());
            tokio::spawn(async move {
                if let Some(request) = Incoming::read(socket).await {
                    let _ = found.send(serve(request).await);
                }
            });
        }
    });
    (url, results)
}

fn put(url: &str, expect: bool, body: Vec<u8>) -> HttpRequest {
    let mut headers: sdk_runtime::http::Headers = [("content-type", "application/octet-stream")]
        .into_iter()
        .collect();
    if expect {
        headers.insert("Expect", "100-continue");
    }
    HttpRequest {
        method: "PUT".into(),
        url: url.to_owned(),
        headers,
        body,
    }
}

fn streamed(request: HttpRequest, body: ByteStream) -> HttpRequest<ByteStream> {
    HttpRequest {
        method: request.method,
        url: request.url,
        headers: request.headers,
        body,
    }
}

/// Bytes that differ from run to run.
fn random_bytes(len: usize) -> Vec<u8> {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64
        | 1;
    let mut x = seed;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// A stream of chunks that records how often it was polled and whether it was dropped.
struct Watched {
    chunks: Vec<Bytes>,
    polls: Arc<AtomicUsize>,
    dropped: Arc<AtomicBool>,
}

impl Watched {
    fn new(body: &[u8]) -> (Self, Arc<AtomicUsize>, Arc<AtomicBool>) {
        let polls = Arc::new(AtomicUsize::new(0));
        let dropped = Arc::new(AtomicBool::new(false));
        let chunks = body
            .chunks(16 * 1024)
            .rev()
            .map(Bytes::copy_from_slice)
            .collect();
        let watched = Self {
            chunks,
            polls: Arc::clone(&polls),
            dropped: Arc::clone(&dropped),
        };
        (watched, polls, dropped)
    }
}

impl futures_core::Stream for Watched {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.polls.fetch_add(1, Ordering::SeqCst);
        Poll::Ready(self.chunks.pop().map(Ok))
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        self.dropped.store(true, Ordering::SeqCst);
    }
}

async fn read_all(body: ByteStream) -> Vec<u8> {
    body.collect(1 << 20).await.unwrap().to_vec()
}

#[tokio::test]
async fn the_body_waits_for_100_continue_and_follows_it_at_once() {
    tokio::time::timeout(LIMIT, async {
        let (url, mut found) = server(|mut request| async move {
            let unasked = request.body_came_unasked().await;
            let asked = Instant::now();
            request
                .socket
                .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                .await
                .unwrap();
            let (body, first) = request.body().await;
            request.answer("200 OK", "").await;
            (unasked, first - asked, body)
        })
        .await;
        let client = HyperClient::new(Some(Duration::from_secs(2)));
        let sent = random_bytes(300_000);

        let started = Instant::now();
        let response = client.send(put(&url, true, sent.clone())).await.unwrap();
        let elapsed = started.elapsed();
        assert_eq!(response.status, 200);
        let (unasked, after_100, body) = found.recv().await.unwrap();
        assert!(!unasked, "the body came before the 100 Continue");
        assert!(body == sent, "the body arrived altered");
        assert!(
            after_100 < QUIET,
            "the body followed 100 Continue after {after_100:?}"
        );
        assert!(elapsed < Duration::from_millis(800), "took {elapsed:?}");

        let (watched, polls, _) = Watched::new(&sent);
        let stream = ByteStream::from_stream(watched, Some(sent.len() as u64));
        let started = Instant::now();
        let response = client
            .send_streaming(streamed(put(&url, true, Vec::new()), stream))
            .await
            .unwrap();
        assert_eq!(response.status, 200);
        assert!(read_all(response.body).await.is_empty());
        let elapsed = started.elapsed();
        let (unasked, after_100, body) = found.recv().await.unwrap();
        assert!(!unasked, "the streamed body came before the 100 Continue");
        assert!(body == sent, "the streamed body arrived altered");
        assert!(
            after_100 < QUIET,
            "the body followed 100 Continue after {after_100:?}"
        );
        assert!(elapsed < Duration::from_millis(800), "took {elapsed:?}");
        assert!(polls.load(Ordering::SeqCst) > 0);
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn a_final_answer_before_100_continue_is_returned_without_sending_the_body() {
    tokio::time::timeout(LIMIT, async {
        // The server answers right after the head, then waits to see whether any body
        // byte comes, or the client closes the connection.
        let (url, mut found) = server(|mut request| async move {
            request.answer("403 Forbidden", DENIED).await;
            let mut buf = [0; 8192];
            let mut body = std::mem::take(&mut request.early).len();
            let closed = loop {
                match tokio::time::timeout(Duration::from_secs(3), request.socket.read(&mut buf))
                    .await
                {
                    Ok(Ok(0)) | Ok(Err(_)) => break true,
                    Ok(Ok(n)) => body += n,
                    Err(_) => break false,
                }
            };
            (body, closed)
        })
        .await;
        let client = HyperClient::new(Some(Duration::from_secs(2)));
        let sent = random_bytes(2_000_000);

        let (watched, polls, dropped) = Watched::new(&sent);
        let stream = ByteStream::from_stream(watched, Some(sent.len() as u64));
        let started = Instant::now();
        let response = client
            .send_streaming(streamed(put(&url, true, Vec::new()), stream))
            .await
            .unwrap();
        assert_eq!(response.status, 403);
        assert_eq!(read_all(response.body).await, DENIED.as_bytes());
        let elapsed = started.elapsed();
        assert!(elapsed < Duration::from_millis(800), "took {elapsed:?}");
        let (body_bytes, closed) = found.recv().await.unwrap();
        assert_eq!(body_bytes, 0, "body bytes were sent");
        assert!(closed, "the connection was kept open");
        assert_eq!(polls.load(Ordering::SeqCst), 0, "the body stream was read");
        assert!(
            dropped.load(Ordering::SeqCst),
            "the body stream is still held"
        );

        // Whole bodies too; the next request goes over a new connection.
        let started = Instant::now();
        let response = client.send(put(&url, true, sent.clone())).await.unwrap();
        assert_eq!(response.status, 403);
        assert_eq!(response.body, DENIED.as_bytes());
        assert!(started.elapsed() < Duration::from_millis(800));
        let (body_bytes, closed) = found.recv().await.unwrap();
        assert_eq!(body_bytes, 0, "body bytes were sent");
        assert!(closed, "the connection was kept open");
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn a_server_that_never_sends_100_continue_gets_the_body_after_a_second() {
    tokio::time::timeout(LIMIT, async {
        let (url, mut found) = server(|mut request| async move {
            let headed = Instant::now();
            let (body, first) = request.body().await;
            request.answer("200 OK", "").await;
            (first - headed, body)
        })
        .await;
        let client = HyperClient::new(Some(Duration::from_secs(2)));
        let sent = random_bytes(100_000);
        let response = client.send(put(&url, true, sent.clone())).await.unwrap();
        assert_eq!(response.status, 200);
        let (waited, body) = found.recv().await.unwrap();
        assert!(body == sent, "the body arrived altered");
        assert!(
            waited >= Duration::from_millis(900) && waited < Duration::from_secs(3),
            "the body came {waited:?} after the head"
        );

        let (watched, polls, _) = Watched::new(&sent);
        let stream = ByteStream::from_stream(watched, Some(sent.len() as u64));
        let response = client
            .send_streaming(streamed(put(&url, true, Vec::new()), stream))
            .await
            .unwrap();
        assert_eq!(response.status, 200);
        let (waited, body) = found.recv().await.unwrap();
        assert!(body == sent, "the streamed body arrived altered");
        assert!(
            waited >= Duration::from_millis(900) && waited < Duration::from_secs(3),
            "the streamed body came {waited:?} after the head"
        );
        assert!(polls.load(Ordering::SeqCst) > 0);
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn without_the_header_the_body_is_sent_at_once() {
    tokio::time::timeout(LIMIT, async {
        let (url, mut found) = server(|mut request| async move {
            let unasked = request.body_came_unasked().await;
            let expect = request.header("expect").map(str::to_owned);
            let (body, _) = request.body().await;
            request.answer("200 OK", "").await;
            (unasked, expect, body)
        })
        .await;
        let client = HyperClient::new(Some(Duration::from_secs(2)));
        let sent = random_bytes(300_000);
        let response = client.send(put(&url, false, sent.clone())).await.unwrap();
        assert_eq!(response.status, 200);
        let (unasked, expect, body) = found.recv().await.unwrap();
        assert!(unasked, "the body was held back");
        assert_eq!(expect, None);
        assert!(body == sent, "the body arrived altered");

        let (watched, _, _) = Watched::new(&sent);
        let stream = ByteStream::from_stream(watched, Some(sent.len() as u64));
        let response = client
            .send_streaming(streamed(put(&url, false, Vec::new()), stream))
            .await
            .unwrap();
        assert_eq!(response.status, 200);
        let (unasked, _, body) = found.recv().await.unwrap();
        assert!(unasked, "the streamed body was held back");
        assert!(body == sent, "the streamed body arrived altered");
    })
    .await
    .unwrap();
}

/// What a server saw of an upload sent with `Expect: 100-continue`, and what the client
/// returned.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    server: &'static str,
    /// Whether body bytes came before the server's go-ahead (a silent server gives none).
    unasked: bool,
    /// Body bytes the server received.
    received: usize,
    /// A silent server: the body came after about a second.
    waited: bool,
    /// The client's status and response body length.
    returned: (u16, usize),
}

/// The three servers by the end of the path: `-continue` sends `100 Continue` after
/// a pause, `-refuse` answers 403 at once, `-silent` reads the body without either.
async fn three_servers() -> (
    String,
    tokio::sync::mpsc::UnboundedReceiver<(&'static str, bool, usize, bool)>,
) {
    server(|mut request| async move {
        let mode = request.path().rsplit('-').next().unwrap().to_owned();
        match mode.as_str() {
            "continue" => {
                let unasked = request.body_came_unasked().await;
                request
                    .socket
                    .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                    .await
                    .unwrap();
                let (body, _) = request.body().await;
                request.answer("200 OK", "").await;
                ("continue", unasked, body.len(), false)
            }
            "refuse" => {
                request.answer("403 Forbidden", DENIED).await;
                let mut received = std::mem::take(&mut request.early).len();
                let mut buf = [0; 8192];
                let wait = Duration::from_millis(1500);
                while let Ok(Ok(n @ 1..)) =
                    tokio::time::timeout(wait, request.socket.read(&mut buf)).await
                {
                    received += n;
                }
                ("refuse", false, received, false)
            }
            _ => {
                let headed = Instant::now();
                let (body, first) = request.body().await;
                request.answer("200 OK", "").await;
                let waited = first - headed >= Duration::from_millis(900);
                ("silent", false, body.len(), waited)
            }
        }
    })
    .await
}

const BOTOCORE_PUTS: &str = r#"
import io, json, sys
from botocore.awsrequest import AWSRequest
from botocore.httpsession import URLLib3Session
out = []
for url, size in json.load(sys.stdin):
    # A file, as botocore makes an S3 upload's body (bytes would go out with the head),
    # and header values encoded as its endpoint encodes them (prepare_request).
    request = AWSRequest(method="PUT", url=url, data=io.BytesIO(bytes(size)),
                         headers={"Expect": b"100-continue", "Content-Length": b"%d" % size})
    response = URLLib3Session().send(request.prepare())
    out.append([response.status_code, len(response.content)])
print(json.dumps(out))
"#;

#[tokio::test]
async fn each_server_sees_the_body_when_botocore_would_send_it() {
    let Some(python) = pinned::python() else {
        eprintln!("skipped: the pinned botocore is not installed (cargo xtask import-docs)");
        return;
    };
    tokio::time::timeout(Duration::from_secs(60), async {
        let (url, mut found) = three_servers().await;
        let size = 1 + random_bytes(3).iter().fold(0, |n, &b| n * 256 + b as usize) % 400_000;
        let modes = ["continue", "refuse", "silent"];
        let cases: Vec<_> = modes.iter().map(|m| (format!("{url}-{m}"), size)).collect();
        let seen = |returned: Vec<(u16, usize)>, found: Vec<_>| {
            found
                .into_iter()
                .zip(returned)
                .map(|((server, unasked, received, waited), returned)| Seen {
                    server,
                    unasked,
                    received,
                    waited,
                    returned,
                })
                .collect::<Vec<_>>()
        };

        let input = serde_json::to_vec(&cases).unwrap();
        let output = tokio::task::spawn_blocking(move || {
            let mut child = std::process::Command::new(python)
                .args(["-c", BOTOCORE_PUTS])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            std::io::Write::write_all(&mut child.stdin.take().unwrap(), &input).unwrap();
            child.wait_with_output().unwrap()
        })
        .await
        .unwrap();
        assert!(output.status.success(), "botocore's uploads failed");
        let returned: Vec<(u16, usize)> = serde_json::from_slice(&output.stdout).unwrap();
        // Reports come as connections end: in the order of the cases, as the statuses.
        let mut reports = Vec::new();
        for _ in &modes {
            reports.push(found.recv().await.unwrap());
        }
        reports.sort_by_key(|r| modes.iter().position(|m| *m == r.0));
        let botocore = seen(returned, reports);

        let client = HyperClient::new(Some(Duration::from_secs(2)));
        let mut returned = Vec::new();
        let mut reports = Vec::new();
        for (url, size) in &cases {
            let response = client
                .send(put(url, true, random_bytes(*size)))
                .await
                .unwrap();
            returned.push((response.status, response.body.len()));
            reports.push(found.recv().await.unwrap());
        }
        let ours = seen(returned, reports);
        assert_eq!(ours, botocore);
    })
    .await
    .unwrap();
}
