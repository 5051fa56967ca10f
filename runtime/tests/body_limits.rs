//! The client against servers that send too much or the wrong thing: bodies past the
//! configured limit stop being read at the limit, and bodies that are not the JSON
//! object an operation answers with are malformed responses, never outputs.
//!
//! Memory is checked through what the server managed to send: a client that stops at
//! its limit leaves the rest of a large body unsent (only socket buffers take more).

#![cfg(feature = "default-https-client")] // They go through the default transport.

mod support;

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sdk_runtime::http::{
    BoxFuture, Headers, HttpClient, HttpRequest, HttpResponse, TransportError, TransportErrorKind,
};
use sdk_runtime::protocol::ServiceSpec;
use sdk_runtime::{CallError, Config, ConfigBuilder, Credentials, Handle, RetryConfig};
use support::things::{DeleteThing, ListThings, ListThingsInput, ListThingsOutput, Nothing};
use support::{within, FaultServer, Reply};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

static SPEC: ServiceSpec = ServiceSpec {
    service_id: "Limit Test",
    signing_name: "limittest",
    endpoint_prefix: "limittest",
    target_prefix: "LimitTest_20240101",
    json_version: "1.1",
    api_version: "2024-01-01",
    protocol: sdk_runtime::schema::Protocol::AwsJson1_1,
    query_compatible: false,
    default_headers: &[],
};

const LIMIT: Duration = Duration::from_secs(15);
/// The body limit of these tests.
const MAX_BODY: usize = 1 << 20;
/// What a streaming server sends at most: far past the limit, yet cheap to produce.
const STREAMED: u64 = 64 << 20;
/// What a client that stopped at the limit lets through: the limit, hyper's read
/// buffer and both sockets' buffers, with room to spare.
const BOUNDED: u64 = 24 << 20;

fn builder(url: &str) -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(url)
        .max_response_body(MAX_BODY)
        .retry(
            RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(5))
                .with_max_backoff(Duration::from_millis(20)),
        )
}

async fn list_things(handle: &Handle) -> Result<ListThingsOutput, CallError> {
    handle.send::<ListThings>(&ListThingsInput::default()).await
}

/// The transport error of `result`, which must be one.
fn transport_error<T: std::fmt::Debug>(result: Result<T, CallError>) -> TransportError {
    match result {
        Err(CallError::Transport(e)) => e,
        other => panic!("expected a transport error, got {other:?}"),
    }
}

/// How a [`Streamer`] sends its body after the head.
#[derive(Clone, Copy)]
enum Framing {
    /// Announces this many bytes, then sends them.
    Length(u64),
    /// Chunked, [`STREAMED`] bytes in all, as if it never ended.
    Chunked,
}

/// A server on 127.0.0.1 that answers every request with a head, `prefix`, then
/// spaces, produced as they are sent; it counts connections and body bytes sent.
struct Streamer {
    url: String,
    connections: Arc<AtomicUsize>,
    sent: Arc<AtomicU64>,
    done: Arc<AtomicBool>,
    task: JoinHandle<()>,
}

impl Streamer {
    async fn start(status: u16, framing: Framing, prefix: &'static [u8]) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let sent = Arc::new(AtomicU64::new(0));
        let done = Arc::new(AtomicBool::new(false));
        let (c, s, d) = (connections.clone(), sent.clone(), done.clone());
        let task = tokio::spawn(async move {
            // One connection at a time, at most four: attempts are sequential.
            for _ in 0..4 {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                c.fetch_add(1, Ordering::SeqCst);
                d.store(false, Ordering::SeqCst);
                if read_request(&mut socket).await {
                    let _ = stream(&mut socket, status, framing, prefix, &s).await;
                }
                drop(socket);
                d.store(true, Ordering::SeqCst);
            }
        });
        Self {
            url,
            connections,
            sent,
            done,
            task,
        }
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Body bytes sent, once the current connection has ended.
    async fn sent_when_done(&self) -> u64 {
        while !self.done.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.sent.load(Ordering::SeqCst)
    }
}

impl Drop for Streamer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one request: head, then `Content-Length` bytes. False when the client left.
async fn read_request(socket: &mut TcpStream) -> bool {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        match socket.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) if buffer.len() + n <= 64 * 1024 => buffer.extend_from_slice(&chunk[..n]),
            Ok(_) => return false,
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let mut have = buffer.len() - head_end;
    while have < length {
        match socket.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => have += n,
        }
    }
    true
}

async fn stream(
    socket: &mut TcpStream,
    status: u16,
    framing: Framing,
    prefix: &[u8],
    sent: &AtomicU64,
) -> std::io::Result<()> {
    let framing_header = match framing {
        Framing::Length(n) => format!("Content-Length: {n}"),
        Framing::Chunked => "Transfer-Encoding: chunked".to_owned(),
    };
    let head = format!(
        "HTTP/1.1 {status} Streamed\r\nContent-Type: application/x-amz-json-1.1\r\n\
         x-amzn-RequestId: req-stream\r\n{framing_header}\r\nConnection: close\r\n\r\n"
    );
    socket.write_all(head.as_bytes()).await?;
    let total = match framing {
        Framing::Length(n) => n,
        Framing::Chunked => STREAMED,
    };
    let spaces = vec![b' '; 64 * 1024];
    let mut written = 0u64;
    while written < total {
        let piece: &[u8] = if written == 0 { prefix } else { &spaces };
        let piece = &piece[..piece.len().min((total - written) as usize)];
        if let Framing::Chunked = framing {
            socket
                .write_all(format!("{:x}\r\n", piece.len()).as_bytes())
                .await?;
        }
        socket.write_all(piece).await?;
        if let Framing::Chunked = framing {
            socket.write_all(b"\r\n").await?;
        }
        written += piece.len() as u64;
        sent.store(written, Ordering::SeqCst);
    }
    if let Framing::Chunked = framing {
        socket.write_all(b"0\r\n\r\n").await?;
    }
    socket.flush().await
}

#[tokio::test]
async fn a_length_past_the_limit_is_refused_before_reading_and_not_retried() {
    within(LIMIT, async {
        // What a 2 GiB body of whitespace announces; the server produces it only as
        // fast as the client reads.
        let server = Streamer::start(200, Framing::Length(2 << 30), b" ").await;
        let handle = Handle::new(&builder(&server.url).build(), &SPEC);
        let error = transport_error(list_things(&handle).await);
        assert_eq!(error.kind(), TransportErrorKind::ResponseTooLarge);
        assert!(!error.is_retryable());
        assert!(error.to_string().contains("1048576"), "{error}");
        assert_eq!(server.connections(), 1);
        let sent = server.sent_when_done().await;
        assert!(sent < BOUNDED, "the server sent {sent} bytes");
    })
    .await;
}

#[tokio::test]
async fn an_endless_chunked_body_stops_at_the_limit() {
    within(LIMIT, async {
        let server = Streamer::start(200, Framing::Chunked, b"{\"items\": []}").await;
        let handle = Handle::new(&builder(&server.url).build(), &SPEC);
        let error = transport_error(list_things(&handle).await);
        assert_eq!(error.kind(), TransportErrorKind::ResponseTooLarge);
        assert!(error.to_string().contains("1048576"), "{error}");
        assert_eq!(server.connections(), 1, "a body too large is not retried");
        let sent = server.sent_when_done().await;
        assert!(sent < BOUNDED, "the server sent {sent} bytes");
    })
    .await;
}

#[tokio::test]
async fn a_large_error_body_stops_at_the_limit_and_is_not_retried() {
    within(LIMIT, async {
        // A 500 is retried when it can be read; one too large to read is not.
        let prefix = b"{\"__type\": \"InternalFailure\", \"message\": \"";
        let server = Streamer::start(500, Framing::Length(200 << 20), prefix).await;
        let handle = Handle::new(&builder(&server.url).build(), &SPEC);
        let error = transport_error(list_things(&handle).await);
        assert_eq!(error.kind(), TransportErrorKind::ResponseTooLarge);
        assert!(error.to_string().contains("HTTP 500"), "{error}");
        assert_eq!(server.connections(), 1);
        let sent = server.sent_when_done().await;
        assert!(sent < BOUNDED, "the server sent {sent} bytes");
    })
    .await;
}

#[tokio::test]
async fn a_body_at_the_limit_is_read() {
    within(LIMIT, async {
        let body = format!("{{\"items\": [\"a\"]}}{}", " ".repeat(MAX_BODY - 16));
        assert_eq!(body.len(), MAX_BODY);
        let over = format!("{body} ");
        let server =
            FaultServer::start(vec![Reply::json(200, &body), Reply::json(200, &over)]).await;
        let handle = Handle::new(&builder(server.url()).build(), &SPEC);
        assert_eq!(list_things(&handle).await.unwrap().items, ["a"]);
        let error = transport_error(list_things(&handle).await);
        assert_eq!(error.kind(), TransportErrorKind::ResponseTooLarge);
        assert_eq!(server.requests().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn the_error_keeps_a_few_kib_of_a_long_server_message() {
    within(LIMIT, async {
        let message = "é".repeat(256 * 1024);
        let server =
            FaultServer::start(vec![Reply::error(400, "ValidationException", &message)]).await;
        let handle = Handle::new(&builder(server.url()).build(), &SPEC);
        let error = list_things(&handle).await.unwrap_err();
        let meta = error.as_service_error().expect("a service error").meta();
        assert_eq!(meta.code(), Some("ValidationException"));
        let kept = meta.message().unwrap();
        assert!(kept.len() <= 4 * 1024 + 3, "{} bytes kept", kept.len());
        assert!(kept.starts_with("éé") && kept.ends_with('…'), "{kept}");
    })
    .await;
}

#[tokio::test]
async fn bodies_that_are_not_the_expected_object_are_malformed() {
    within(LIMIT, async {
        let whitespace = " \r\n\t".repeat(64 * 1024);
        let bodies = [whitespace.as_str(), "[]", "\"x\"", "null", "1"];
        let server = FaultServer::start(bodies.iter().map(|b| Reply::json(200, b)).collect()).await;
        let handle = Handle::new(&builder(server.url()).build(), &SPEC);
        for body in bodies {
            match list_things(&handle).await {
                Err(CallError::Response(malformed)) => {
                    assert_eq!(malformed.status, 200);
                    assert_eq!(malformed.request_id.as_deref(), Some("req-fault"));
                }
                other => panic!(
                    "{:?}: expected malformed, got {other:?}",
                    &body[..body.len().min(8)]
                ),
            }
        }
        assert_eq!(server.requests().len(), bodies.len(), "nothing is retried");
    })
    .await;
}

/// A body of no bytes is `{}` to botocore and the AWS SDKs: services send it for
/// outputs whose members are all unset.
#[tokio::test]
async fn a_body_of_no_bytes_is_an_output_with_nothing_set() {
    within(LIMIT, async {
        let server = FaultServer::start(vec![Reply::json(200, "")]).await;
        let handle = Handle::new(&builder(server.url()).build(), &SPEC);
        let output = list_things(&handle)
            .await
            .expect("an output with nothing set");
        assert_eq!(output, ListThingsOutput::default());
    })
    .await;
}

#[tokio::test]
async fn an_operation_that_answers_nothing_takes_an_empty_body_but_not_a_list() {
    within(LIMIT, async {
        let server = FaultServer::start(vec![
            Reply::json(200, ""),
            Reply::json(200, "{}"),
            Reply::json(200, "[]"),
        ])
        .await;
        let handle = Handle::new(&builder(server.url()).build(), &SPEC);
        let delete = || handle.send::<DeleteThing>(&Nothing);
        assert_eq!(delete().await.unwrap(), Nothing);
        assert_eq!(delete().await.unwrap(), Nothing);
        assert!(matches!(delete().await, Err(CallError::Response(_))));
    })
    .await;
}

/// A user's transport that answers every request with a body of `size` bytes.
#[derive(Debug)]
struct Oversized {
    size: usize,
    calls: AtomicUsize,
}

impl HttpClient for Oversized {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let mut body = b"{}".to_vec();
        body.resize(self.size, b' ');
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                headers: Headers::new(),
                body,
            })
        })
    }
}

#[tokio::test]
async fn the_limit_applies_to_a_custom_http_client() {
    let client = Arc::new(Oversized {
        size: MAX_BODY + 1,
        calls: AtomicUsize::new(0),
    });
    #[derive(Debug)]
    struct Shared(Arc<Oversized>);
    impl HttpClient for Shared {
        fn send(
            &self,
            request: HttpRequest,
        ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
            self.0.send(request)
        }
    }
    let config = builder("http://127.0.0.1:9")
        .http_client(Shared(client.clone()))
        .build();
    let handle = Handle::new(&config, &SPEC);
    let error = transport_error(list_things(&handle).await);
    assert_eq!(error.kind(), TransportErrorKind::ResponseTooLarge);
    assert_eq!(client.calls.load(Ordering::SeqCst), 1);
}
