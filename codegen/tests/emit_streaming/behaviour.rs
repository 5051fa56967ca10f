//! Uses the generated crate's streaming payloads the way a caller would: uploads from
//! bytes, a file and a stream; a download read as it arrives. Compiled inside the
//! generated crate by `emit_streaming.rs`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use sdk_runtime::http::{BoxFuture, Headers, HttpClient, HttpRequest, HttpResponse};
use sdk_runtime::wire::ByteStream;
use sdk_runtime::TransportError;
use sdk_tapes::operation::get_tape::{self, GetTapeInput, GetTapeOutput};
use sdk_tapes::operation::put_tape::{self, PutTapeInput};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

/// What the transport received: method, URL, headers and the whole body.
type Seen = (String, String, Headers, Vec<u8>);

/// A transport that records each request and answers `GET` with the body the test
/// writes into `download` (once the caller holds the output) and `PUT` with the size
/// of the body it received.
#[derive(Clone, Debug, Default)]
struct Replay(Arc<State>);

#[derive(Debug, Default)]
struct State {
    seen: Mutex<Vec<Seen>>,
    download: Mutex<Option<tokio::io::DuplexStream>>,
}

impl Replay {
    /// Records a request; the answer to an upload: the size of the body received.
    fn record(&self, method: String, url: String, headers: Headers, body: Vec<u8>) -> String {
        let size = body.len();
        self.0
            .seen
            .lock()
            .unwrap()
            .push((method, url, headers, body));
        format!(r#"{{"Size": {size}}}"#)
    }
}

/// Bytes in memory go through `send`, files and streams through `send_streaming`.
impl HttpClient for Replay {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        assert_eq!(request.method, "PUT", "a download always streams");
        let answer = self.record(request.method, request.url, request.headers, request.body);
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                headers: Headers::default(),
                body: answer.into_bytes(),
            })
        })
    }

    fn send_streaming(
        &self,
        request: HttpRequest<ByteStream>,
    ) -> BoxFuture<'_, Result<HttpResponse<ByteStream>, TransportError>> {
        Box::pin(async move {
            let HttpRequest {
                method,
                url,
                headers,
                body,
            } = request;
            let body = body.collect(usize::MAX).await.expect("the request body");
            let get = method == "GET";
            let answer = self.record(method, url, headers, body.to_vec());
            let mut headers = Headers::default();
            let body = if get {
                headers.insert("Content-Type", "audio/mpeg");
                let reader = self.0.download.lock().unwrap().take().expect("a download");
                ByteStream::from_async_read(reader, None)
            } else {
                ByteStream::from(answer.into_bytes())
            };
            Ok(HttpResponse {
                status: 200,
                headers,
                body,
            })
        })
    }
}

fn client(replay: &Replay) -> sdk_tapes::Client {
    sdk_tapes::Client::from_config(
        sdk_tapes::Config::builder()
            .region("us-east-1")
            .credentials(sdk_tapes::Credentials::new("AKID", "secret", None))
            .endpoint_url("https://tapes.example.com")
            .retry(sdk_runtime::RetryConfig::disabled())
            .http_client(replay.clone()),
    )
}

fn last(replay: &Replay) -> Seen {
    replay.0.seen.lock().unwrap().pop().expect("a request")
}

#[test]
fn labels_are_required_arguments_and_payloads_leave_the_body_empty() {
    // `Name` is a label: a required argument although the docs do not say so.
    let input = GetTapeInput::new("a b");
    let parts = get_tape::request(&input).expect("a request");
    assert_eq!(parts.path, "/tapes/a%20b");
    let put = PutTapeInput::new("t").body(b"bytes".to_vec());
    assert_eq!(put.body.bytes(), Some(&b"bytes"[..]));
    let parts = put_tape::request(&put).expect("a request");
    assert_eq!(parts.path, "/tapes/t");
    assert_eq!(parts.body, b"bytes");
    // Unset, the payload is an empty body, never JSON.
    let empty = PutTapeInput::new("t");
    assert!(empty.body.is_empty());
    assert!(put_tape::request(&empty)
        .expect("a request")
        .body
        .is_empty());
}

#[test]
fn inputs_and_outputs_holding_a_stream_clone_compare_and_print() {
    let input = PutTapeInput::new("t").label("l").body("text");
    assert_eq!(input.clone(), input);
    assert_ne!(input, PutTapeInput::new("t").label("l").body("other"));
    let debug = format!("{input:?}");
    assert!(
        debug.contains("ByteStream") && !debug.contains("text"),
        "{debug}"
    );
    let output = GetTapeOutput::new().content_type("audio/mpeg");
    assert_eq!(output.clone(), output);
    assert!(output.body.is_empty());
}

#[tokio::test]
async fn uploads_send_bytes_files_and_streams() {
    let replay = Replay::default();
    let client = client(&replay);

    let out = client
        .put_tape("bytes")
        .label("in memory")
        .body(b"abc".to_vec())
        .send()
        .await
        .expect("sent");
    assert_eq!(out.size, Some(3));
    let (method, url, headers, body) = last(&replay);
    assert_eq!(
        (method.as_str(), url.as_str()),
        ("PUT", "https://tapes.example.com/tapes/bytes")
    );
    assert_eq!(headers.get("x-tape-label"), Some("in memory"));
    assert_eq!(body, b"abc");

    let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let path = std::env::temp_dir().join(format!("sdk-tapes-upload-{}", std::process::id()));
    std::fs::write(&path, &content).expect("write the file");
    let file = ByteStream::from_path(&path).expect("the file");
    let out = client
        .put_tape("file")
        .body(file)
        .send()
        .await
        .expect("sent");
    std::fs::remove_file(&path).ok();
    assert_eq!(out.size, Some(200_000));
    let (_, _, headers, body) = last(&replay);
    assert!(body == content, "the file's bytes are sent as they are");
    // A file is hashed before it is sent, so its payload is signed.
    let hash = headers.get("x-amz-content-sha256").expect("a payload hash");
    assert_eq!(hash.len(), 64, "{hash}");

    let stream = ByteStream::from_async_read(&b"streamed bytes"[..], None);
    let input = PutTapeInput::new("stream").body(stream);
    let out = client.send(input).await.expect("sent");
    assert_eq!(out.size, Some(14));
    let (_, _, headers, body) = last(&replay);
    assert_eq!(body, b"streamed bytes");
    assert_eq!(
        headers.get("x-amz-content-sha256"),
        Some("UNSIGNED-PAYLOAD")
    );
}

#[tokio::test]
async fn downloads_are_handed_over_before_their_body_arrives() {
    let replay = Replay::default();
    let client = client(&replay);
    let (mut writer, reader) = tokio::io::duplex(16);
    *replay.0.download.lock().unwrap() = Some(reader);

    // The server has sent no byte of the body yet: the output comes after the headers.
    let out = tokio::time::timeout(Duration::from_secs(10), client.get_tape("t").send())
        .await
        .expect("the output before the body")
        .expect("a download");
    assert_eq!(out.content_type.as_deref(), Some("audio/mpeg"));
    let (method, url, _, body) = last(&replay);
    assert_eq!(
        (method.as_str(), url.as_str()),
        ("GET", "https://tapes.example.com/tapes/t")
    );
    assert!(body.is_empty());

    let sent: Vec<u8> = (0..100_000u32).map(|i| (i % 253) as u8).collect();
    let writing = {
        let sent = sent.clone();
        tokio::spawn(async move {
            writer.write_all(&sent).await.expect("write the body");
        })
    };
    let mut read = Vec::new();
    out.body
        .into_async_read()
        .read_to_end(&mut read)
        .await
        .expect("read the body");
    writing.await.expect("the writer");
    assert!(read == sent, "the body arrives whole, in order");

    // collect reads it into memory, within the caller's limit.
    let (mut writer, reader) = tokio::io::duplex(16);
    *replay.0.download.lock().unwrap() = Some(reader);
    let out = client.get_tape("t").send().await.expect("a download");
    tokio::spawn(async move { writer.write_all(b"0123456789").await });
    let err = out
        .body
        .collect(5)
        .await
        .expect_err("longer than the limit");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
}
