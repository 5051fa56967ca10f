//! An operation that accepts compressed bodies and streams its upload: the client sends
//! the file or stream as it is, never a gzip of the empty in-memory body the protocol
//! left in its place, while bytes in memory are compressed as any body.
#![cfg(feature = "default-https-client")] // The loopback server is reached over it.
#![allow(dead_code)] // The shared tape service also has a download this file does not use.

#[path = "streaming/loopback.rs"]
mod loopback;
#[path = "streaming/tapes.rs"]
mod tapes;

use std::io::Write as _;

use loopback::{respond, serve, Seen};
use sdk_runtime::protocol::{Operation, ServiceSpec};
use sdk_runtime::schema::{HttpBinding, OperationSchema};
use sdk_runtime::wire::ByteStream;
use sdk_runtime::{Config, Credentials, Handle};
use tapes::{PutTapeInput, PutTapeOutput, TapeError, PUT_INPUT, PUT_OUTPUT, SERVICE, TAPE_PATH};

/// `PutTape` of the tape service, accepting gzip bodies.
static PUT_GZIP_SCHEMA: OperationSchema = OperationSchema {
    name: "PutTape",
    input: &PUT_INPUT,
    output: &PUT_OUTPUT,
    http: Some(HttpBinding {
        method: "PUT",
        path: TAPE_PATH,
        query: &[],
        code: 200,
        host_prefix: None,
    }),
    request_compression: &["gzip"],
    checksum: sdk_runtime::schema::HttpChecksum::NONE,
};

struct PutTapeGzip;

impl Operation for PutTapeGzip {
    const SCHEMA: &'static OperationSchema = &PUT_GZIP_SCHEMA;
    const SERVICE: &'static ServiceSpec = &SERVICE;
    type Input = PutTapeInput;
    type Output = PutTapeOutput;
    type Error = TapeError;
}

/// Sends `body` with every body compressed (minimum size 0); returns the output and
/// the request the server read.
async fn put(body: ByteStream) -> (PutTapeOutput, Seen) {
    let (url, seen) = serve(|_, request, socket| {
        let size = format!(r#"{{"Size": {}}}"#, request.body.len());
        respond(socket, 200, "", size.as_bytes())
    });
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None))
        .endpoint_url(&url)
        .request_min_compression_size_bytes(0)
        .build();
    let handle = Handle::new(&config, &SERVICE);
    let input = PutTapeInput {
        name: "tape".to_owned(),
        body,
    };
    let output = handle.send::<PutTapeGzip>(&input).await.unwrap();
    let request = seen.lock().unwrap()[0].clone();
    (output, request)
}

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 251) as u8).collect()
}

#[tokio::test]
async fn a_file_upload_is_sent_as_it_is_not_as_a_gzipped_empty_body() {
    let content = pattern(100_000);
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(&content).unwrap();
    let (output, request) = put(ByteStream::from_path(file.path()).unwrap()).await;
    assert_eq!(output.size, Some(100_000));
    assert_eq!(request.header("content-encoding"), None, "{}", request.head);
    assert_eq!(request.header("content-length"), Some("100000"));
    assert!(request.body == content);
}

#[tokio::test]
async fn a_stream_upload_is_sent_as_it_is_not_as_a_gzipped_empty_body() {
    let content = pattern(50_000);
    let pieces: Vec<std::io::Result<bytes::Bytes>> = content
        .chunks(10_000)
        .map(|c| Ok(bytes::Bytes::copy_from_slice(c)))
        .collect();
    let stream = ByteStream::from_stream(futures_stream(pieces), None);
    let (output, request) = put(stream).await;
    assert_eq!(output.size, Some(50_000));
    assert_eq!(request.header("content-encoding"), None, "{}", request.head);
    assert!(request.body == content);
}

#[tokio::test]
async fn bytes_in_memory_are_compressed_as_any_body() {
    let content = vec![b'a'; 20_000];
    let (output, request) = put(ByteStream::from(content)).await;
    assert_eq!(request.header("content-encoding"), Some("gzip"));
    // Twenty thousand equal bytes gzip to a few dozen.
    assert!(output.size.is_some_and(|size| size < 1_000), "{output:?}");
}

/// A stream of `pieces`, of unknown length.
fn futures_stream(
    pieces: Vec<std::io::Result<bytes::Bytes>>,
) -> impl futures_core::Stream<Item = std::io::Result<bytes::Bytes>> + Send + 'static {
    struct Pieces(std::collections::VecDeque<std::io::Result<bytes::Bytes>>);
    impl futures_core::Stream for Pieces {
        type Item = std::io::Result<bytes::Bytes>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.pop_front())
        }
    }
    Pieces(pieces.into())
}
