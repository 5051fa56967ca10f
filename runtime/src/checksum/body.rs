//! Bodies with checksums: `aws-chunked` uploads with the checksum in a trailer (sent
//! with `Transfer-Encoding: chunked`, as botocore sends them), and
//! response bodies checked as they are read.

use std::collections::VecDeque;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

use super::{Checksum, ChecksumAlgorithm};
use crate::protocol::HttpRequestParts;
use crate::wire::ByteStream;

/// The largest chunk of an in-memory body, as botocore's `AwsChunkedWrapper`.
const CHUNK: usize = 1024 * 1024;

/// The headers of an `aws-chunked` upload with the checksum in a trailer.
pub(super) fn trailer_headers(
    parts: &mut HttpRequestParts,
    algorithm: ChecksumAlgorithm,
    decoded_length: Option<u64>,
) {
    let headers = &mut parts.headers;
    match headers
        .iter_mut()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-encoding"))
    {
        Some((_, value)) => value.push_str(",aws-chunked"),
        None => headers.push(("Content-Encoding".into(), "aws-chunked".to_owned())),
    }
    headers.push(("X-Amz-Trailer".into(), algorithm.header().to_owned()));
    // As botocore sends it: chunked, the length only as the decoded one (a stream of
    // unknown length takes the `Content-Length` the caller gave).
    let given = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<u64>().ok());
    let decoded_length = decoded_length.or(given);
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case("content-length"));
    headers.push(("Transfer-Encoding".into(), "chunked".to_owned()));
    if let Some(length) = decoded_length {
        headers.push(("X-Amz-Decoded-Content-Length".into(), length.to_string()));
    }
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case("x-amz-content-sha256"));
    headers.push((
        "X-Amz-Content-SHA256".into(),
        "STREAMING-UNSIGNED-PAYLOAD-TRAILER".to_owned(),
    ));
}

/// The closing chunk: no data, then the checksum trailer.
fn trailer(algorithm: ChecksumAlgorithm, checksum: Checksum) -> Bytes {
    Bytes::from(format!(
        "0\r\n{}:{}\r\n\r\n",
        algorithm.header(),
        checksum.finish_base64()
    ))
}

/// `body` sent `aws-chunked` in chunks of 1 MiB, the checksum in the trailer: the
/// bytes botocore sends for a body in memory.
pub(crate) fn aws_chunked_bytes(body: &[u8], algorithm: ChecksumAlgorithm) -> Vec<u8> {
    let mut checksum = Checksum::new(algorithm);
    let mut out = Vec::with_capacity(body.len() + body.len() / CHUNK * 12 + 64);
    for chunk in body.chunks(CHUNK) {
        checksum.update(chunk);
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(&trailer(algorithm, checksum));
    out
}

/// `upload` sent `aws-chunked` as it is read, in chunks of 1 MiB as botocore reads a
/// file for them (so at most one chunk is held), the checksum in the trailer. Its
/// length is left unknown, so it goes out with `Transfer-Encoding: chunked`, as
/// botocore sends it.
pub(crate) fn aws_chunked_stream(upload: ByteStream, algorithm: ChecksumAlgorithm) -> ByteStream {
    let stream = AwsChunked {
        inner: upload,
        algorithm,
        checksum: Some(Checksum::new(algorithm)),
        pending: VecDeque::new(),
        pending_len: 0,
        queue: VecDeque::new(),
    };
    ByteStream::from_stream(stream, None)
}

struct AwsChunked {
    inner: ByteStream,
    algorithm: ChecksumAlgorithm,
    /// Taken when the trailer is written.
    checksum: Option<Checksum>,
    /// Pieces read and not yet framed: less than a chunk, plus the last piece read.
    pending: VecDeque<Bytes>,
    pending_len: usize,
    /// Pieces ready to send: size lines, data, line ends, the trailer.
    queue: VecDeque<Bytes>,
}

impl AwsChunked {
    /// Frames the first `len` pending bytes as one chunk, splitting a piece (without
    /// copying it) where the chunk ends.
    fn frame(&mut self, len: usize) {
        self.queue.push_back(Bytes::from(format!("{len:x}\r\n")));
        let mut left = len;
        while left > 0 {
            let Some(mut piece) = self.pending.pop_front() else {
                break;
            };
            if piece.len() > left {
                self.pending.push_front(piece.split_off(left));
            }
            left -= piece.len();
            self.queue.push_back(piece);
        }
        self.pending_len -= len;
        self.queue.push_back(Bytes::from_static(b"\r\n"));
    }
}

impl Stream for AwsChunked {
    type Item = io::Result<Bytes>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(piece) = this.queue.pop_front() {
                return Poll::Ready(Some(Ok(piece)));
            }
            if this.checksum.is_none() {
                return Poll::Ready(None);
            }
            if this.pending_len >= CHUNK {
                this.frame(CHUNK);
                continue;
            }
            match ready!(Pin::new(&mut this.inner).poll_next(cx)) {
                Some(Ok(piece)) if piece.is_empty() => {}
                Some(Ok(piece)) => {
                    if let Some(checksum) = this.checksum.as_mut() {
                        checksum.update(&piece);
                    }
                    this.pending_len += piece.len();
                    this.pending.push_back(piece);
                }
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => {
                    if this.pending_len > 0 {
                        this.frame(this.pending_len);
                    }
                    let checksum = this.checksum.take().expect("checked above");
                    this.queue.push_back(trailer(this.algorithm, checksum));
                }
            }
        }
    }
}

/// The checksum of a replayable upload (a file), read once for it, and in the same
/// pass its SHA-256 (hex), the payload hash it is signed with: the file is then read
/// once more, to send it, and no more.
pub(super) async fn checksum_of_stream(
    algorithm: ChecksumAlgorithm,
    upload: &ByteStream,
) -> io::Result<(String, String)> {
    let mut body = upload.clone();
    let mut checksum = Checksum::new(algorithm);
    let mut sha256 = ring::digest::Context::new(&ring::digest::SHA256);
    while let Some(piece) = body.next().await {
        let piece = piece?;
        checksum.update(&piece);
        sha256.update(&piece);
    }
    let hash = sha256.finish();
    let hex = hash.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    Ok((checksum.finish_base64(), hex))
}

/// `body` checked against the first checksum header of `headers` among
/// `algorithms`, as it is read: its end is an error when they differ. The body as it
/// is when no such header is there, or the checksum is a multipart one (`...-N`).
pub(crate) fn validated(
    body: ByteStream,
    headers: &[(String, String)],
    algorithms: &[ChecksumAlgorithm],
) -> ByteStream {
    let found = algorithms.iter().find_map(|&algorithm| {
        let value = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(algorithm.header()))?;
        Some((algorithm, value.1.trim().to_owned()))
    });
    let Some((algorithm, expected)) = found.filter(|(_, value)| !value.contains('-')) else {
        return body;
    };
    let len = body.len();
    let stream = Validated {
        inner: body,
        algorithm,
        checksum: Some(Checksum::new(algorithm)),
        expected,
    };
    ByteStream::from_stream(stream, len)
}

struct Validated {
    inner: ByteStream,
    algorithm: ChecksumAlgorithm,
    checksum: Option<Checksum>,
    expected: String,
}

impl Stream for Validated {
    type Item = io::Result<Bytes>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let Some(checksum) = this.checksum.as_mut() else {
            return Poll::Ready(None);
        };
        match ready!(Pin::new(&mut this.inner).poll_next(cx)) {
            Some(Ok(piece)) => {
                checksum.update(&piece);
                Poll::Ready(Some(Ok(piece)))
            }
            Some(Err(e)) => Poll::Ready(Some(Err(e))),
            None => {
                let actual = this.checksum.take().expect("checked above").finish_base64();
                if actual == this.expected {
                    return Poll::Ready(None);
                }
                Poll::Ready(Some(Err(io::Error::other(format!(
                    "the response body does not match its checksum: {} is {}, the body read gives {actual}",
                    this.algorithm.header(),
                    this.expected
                )))))
            }
        }
    }
}
