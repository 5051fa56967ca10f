//! Streaming payloads through the client and the default transport, against a
//! loopback HTTP/1.1 server: a download is handed over after its headers and read as
//! it arrives, an upload is sent from a file or from a stream of unknown length
//! without being read into memory, and retries and timeouts end where the body is
//! handed over.

#[path = "streaming/loopback.rs"]
mod loopback;
#[path = "streaming/tapes.rs"]
mod tapes;

use std::io::Write as _;
#[cfg(feature = "tracing")]
use std::sync::Arc;
use std::sync::{mpsc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use loopback::{respond, serve};
use sdk_runtime::wire::ByteStream;
use sdk_runtime::{CallError, Config, Credentials, Handle, RetryConfig};
use tapes::{GetTape, GetTapeInput, PutTape, PutTapeInput, PutTapeOutput, TapeError, SERVICE};
use tokio::io::AsyncReadExt as _;

fn handle(
    url: &str,
    configure: impl FnOnce(sdk_runtime::ConfigBuilder) -> sdk_runtime::ConfigBuilder,
) -> Handle {
    let builder = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None))
        .endpoint_url(url)
        .retry(
            RetryConfig::standard()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(1)),
        );
    Handle::new(&configure(builder).build(), &SERVICE)
}

fn sha256_hex(bytes: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, bytes)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 251) as u8).collect()
}

// ---- downloads ----

#[tokio::test]
async fn a_download_is_handed_over_after_the_headers_and_read_as_it_arrives() {
    let (go_on, wait) = mpsc::channel::<()>();
    let wait = Mutex::new(wait);
    let (first, rest) = (pattern(1000), pattern(300_000));
    let (first_sent, rest_sent) = (first.clone(), rest.clone());
    let (url, seen) = serve(move |_, _, socket| {
        let len = first_sent.len() + rest_sent.len();
        write!(
            socket,
            "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nContent-Length: {len}\r\n\r\n"
        )?;
        socket.write_all(&first_sent)?;
        socket.flush()?;
        // The rest only once the caller holds the output: the call cannot have
        // waited for the whole body.
        wait.lock().unwrap().recv().unwrap();
        socket.write_all(&rest_sent)?;
        socket.flush()
    });
    let handle = handle(&url, |b| b);
    let input = GetTapeInput {
        name: "tape one".to_owned(),
    };
    let call = handle.send::<GetTape>(&input);
    let output = tokio::time::timeout(Duration::from_secs(10), call)
        .await
        .expect("the output comes before the whole body")
        .unwrap();
    go_on.send(()).unwrap();
    assert_eq!(output.content_type.as_deref(), Some("audio/mpeg"));
    assert_eq!(output.body.len(), Some(301_000));
    let mut read = Vec::new();
    output
        .body
        .into_async_read()
        .read_to_end(&mut read)
        .await
        .unwrap();
    assert_eq!(read, [first, rest].concat());
    let seen = seen.lock().unwrap();
    assert!(
        seen[0].head.starts_with("GET /tapes/tape%20one HTTP/1.1"),
        "{}",
        seen[0].head
    );
}

#[tokio::test]
async fn a_download_is_retried_until_handed_over_and_never_after() {
    let (url, seen) = serve(|n, _, socket| match n {
        0 => respond(socket, 500, "", br#"{"message": "try again"}"#),
        // Announces more than it sends, then hangs up mid-body.
        _ => {
            write!(socket, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")?;
            socket.write_all(&[b'x'; 5000])?;
            socket.flush()?;
            socket.shutdown(std::net::Shutdown::Both)?;
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
    });
    let handle = handle(&url, |b| b);
    let input = GetTapeInput {
        name: "t".to_owned(),
    };
    let output = handle.send::<GetTape>(&input).await.unwrap();
    let read = output.body.collect(1 << 20).await;
    assert!(
        read.is_err(),
        "a broken body is the reader's error: {read:?}"
    );
    // The 500 was retried; the broken body was not.
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn the_attempt_timeout_ends_when_the_body_is_handed_over() {
    let (url, _) = serve(|_, _, socket| {
        write!(socket, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n")?;
        for piece in [b"ab", b"cd"] {
            socket.write_all(piece)?;
            socket.flush()?;
            std::thread::sleep(Duration::from_millis(400));
        }
        Ok(())
    });
    let handle = handle(&url, |b| {
        b.attempt_timeout(Some(Duration::from_millis(200)))
            .operation_timeout(Some(Duration::from_millis(300)))
    });
    let input = GetTapeInput {
        name: "slow".to_owned(),
    };
    let output = handle.send::<GetTape>(&input).await.unwrap();
    let body = output.body.collect(100).await.unwrap();
    assert_eq!(&body[..], b"abcd");
}

#[tokio::test]
async fn an_error_response_of_a_download_is_read_whole_for_its_code() {
    let (url, _) = serve(|_, _, socket| {
        respond(
            socket,
            404,
            "x-amzn-errortype: NoSuchTape:http://internal/\r\n",
            br#"{"message": "no tape"}"#,
        )
    });
    let handle = handle(&url, |b| b);
    let input = GetTapeInput {
        name: "gone".to_owned(),
    };
    match handle.send::<GetTape>(&input).await {
        Err(TapeError::Call(CallError::Service(raw))) => {
            assert_eq!(raw.meta().code(), Some("NoSuchTape"));
            assert_eq!(raw.meta().message(), Some("no tape"));
        }
        other => panic!("expected the service's error, got {other:?}"),
    }
}

// ---- uploads ----

#[tokio::test]
async fn an_upload_from_a_file_is_sent_with_its_length_and_hash_and_resent_on_retry() {
    let content = pattern(1_500_000);
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(&content).unwrap();
    let (url, seen) = serve(|n, request, socket| match n {
        0 => respond(socket, 503, "", b"{}"),
        _ => respond(
            socket,
            200,
            "",
            format!(r#"{{"Size": {}}}"#, request.body.len()).as_bytes(),
        ),
    });
    let handle = handle(&url, |b| b);
    let input = PutTapeInput {
        name: "from-file".to_owned(),
        body: ByteStream::from_path(file.path()).unwrap(),
    };
    let output = handle.send::<PutTape>(&input).await.unwrap();
    assert_eq!(
        output,
        PutTapeOutput {
            size: Some(1_500_000)
        }
    );
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2, "a file is sent again by a retry");
    for request in seen.iter() {
        assert!(request.head.starts_with("PUT /tapes/from-file HTTP/1.1"));
        assert_eq!(request.header("content-length"), Some("1500000"));
        assert_eq!(
            request.header("x-amz-content-sha256"),
            Some(sha256_hex(&content).as_str())
        );
        let authorization = request.header("authorization").unwrap();
        assert!(
            authorization.contains("x-amz-content-sha256"),
            "{authorization}"
        );
        assert!(request.body == content);
    }
}

/// A stream of pieces made on demand, its length unknown to the client.
fn generated(pieces: usize, size: usize) -> ByteStream {
    struct Pieces {
        left: usize,
        size: usize,
    }
    impl futures_core::Stream for Pieces {
        type Item = Result<Bytes, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            if self.left == 0 {
                return std::task::Poll::Ready(None);
            }
            self.left -= 1;
            let piece = Bytes::from(vec![b'0' + (self.left % 10) as u8; self.size]);
            std::task::Poll::Ready(Some(Ok(piece)))
        }
    }
    ByteStream::from_stream(Pieces { left: pieces, size }, None)
}

#[tokio::test]
async fn an_upload_from_a_stream_of_unknown_length_is_sent_chunked_and_unsigned() {
    let (url, seen) = serve(|_, request, socket| {
        respond(
            socket,
            200,
            "",
            format!(r#"{{"Size": {}}}"#, request.body.len()).as_bytes(),
        )
    });
    let handle = handle(&url, |b| b);
    let input = PutTapeInput {
        name: "from-stream".to_owned(),
        body: generated(40, 10_000),
    };
    let output = handle.send::<PutTape>(&input).await.unwrap();
    assert_eq!(output.size, Some(400_000));
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].header("transfer-encoding"), Some("chunked"));
    assert_eq!(seen[0].header("content-length"), None);
    assert_eq!(
        seen[0].header("x-amz-content-sha256"),
        Some("UNSIGNED-PAYLOAD")
    );
    let expected: Vec<u8> = (0..40)
        .rev()
        .flat_map(|left| vec![b'0' + (left % 10) as u8; 10_000])
        .collect();
    assert!(seen[0].body == expected);
}

#[tokio::test]
async fn an_upload_from_a_stream_is_not_retried_once_sent() {
    let (url, seen) = serve(|_, _, socket| respond(socket, 503, "", b"{}"));
    let handle = handle(&url, |b| b);
    let input = PutTapeInput {
        name: "once".to_owned(),
        body: generated(3, 10),
    };
    match handle.send::<PutTape>(&input).await {
        Err(TapeError::Call(CallError::Service(raw))) => assert_eq!(raw.meta().status(), 503),
        other => panic!("expected the 503, got {other:?}"),
    }
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "nothing is left of the stream to resend"
    );
}

#[tokio::test]
async fn bytes_in_memory_travel_in_the_body_as_a_blob_payload_does() {
    let (url, seen) = serve(|_, request, socket| {
        respond(
            socket,
            200,
            "",
            format!(r#"{{"Size": {}}}"#, request.body.len()).as_bytes(),
        )
    });
    let handle = handle(&url, |b| b);
    let input = PutTapeInput {
        name: "bytes".to_owned(),
        body: ByteStream::from("twelve bytes"),
    };
    assert_eq!(handle.send::<PutTape>(&input).await.unwrap().size, Some(12));
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].body, b"twelve bytes");
    assert_eq!(
        seen[0].header("x-amz-content-sha256"),
        None,
        "hashed as any body"
    );
}

// ---- tracing ----

/// Records the fields of each new span as `name field=value ...`.
#[cfg(feature = "tracing")]
#[derive(Clone, Default)]
struct Spans(Arc<Mutex<Vec<String>>>);

#[cfg(feature = "tracing")]
impl tracing::Subscriber for Spans {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        struct Fields(String);
        impl tracing::field::Visit for Fields {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                self.0.push_str(&format!(" {}={value:?}", field.name()));
            }
            fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
                self.0.push_str(&format!(" {}={value}", field.name()));
            }
        }
        let mut fields = Fields(span.metadata().name().to_owned());
        span.record(&mut fields);
        let mut spans = self.0.lock().unwrap();
        spans.push(fields.0);
        tracing::span::Id::from_u64(spans.len() as u64)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// restJson1 has no `X-Amz-Target` header: the span takes the operation's name from
/// the call.
#[cfg(feature = "tracing")]
#[tokio::test]
async fn the_call_span_names_a_rest_json_operation() {
    let spans = Spans::default();
    let _guard = tracing::dispatcher::set_default(&tracing::Dispatch::new(spans.clone()));
    let (url, _) = serve(|_, _, socket| respond(socket, 200, "", b"{\"Size\": 1}"));
    let handle = handle(&url, |b| b);
    let input = PutTapeInput {
        name: "traced".to_owned(),
        body: ByteStream::from("x"),
    };
    handle.send::<PutTape>(&input).await.unwrap();
    let spans = spans.0.lock().unwrap();
    assert_eq!(
        spans[0], "call service=Tapes operation=PutTape",
        "{spans:?}"
    );
}
