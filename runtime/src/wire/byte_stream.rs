//! [`ByteStream`]: the body of a streaming blob member (`StreamingBody`), sent or
//! received without being held in memory whole.

use std::fmt;
use std::future::Future as _;
use std::io;
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{ready, Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use tokio::io::{AsyncRead, ReadBuf};

/// How much of a file one read takes.
const FILE_CHUNK: usize = 64 * 1024;

type BoxStream = Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send>>;

/// A body of bytes that is sent or read piece by piece: in memory, a file, or any
/// async stream, with or without a known length.
///
/// As a request member (an upload), the client sends it without copying it into
/// memory: bytes and files can be sent again when an attempt is retried, a stream only
/// once. As a response member (a download), it is the live response body after its
/// headers: read it with [`next`](Self::next), [`collect`](Self::collect) (bounded by
/// the caller) or [`into_async_read`](Self::into_async_read).
///
/// Clones share a stream: whichever clone reads it first gets its bytes.
#[derive(Clone)]
pub struct ByteStream {
    inner: Inner,
    len: Option<u64>,
}

#[derive(Clone)]
enum Inner {
    Bytes(Bytes),
    File { path: Arc<Path>, state: FileState },
    Stream(Arc<Mutex<Option<BoxStream>>>),
}

/// Where the reading of a file body is.
enum FileState {
    NotOpened,
    Idle(std::fs::File, u64),
    Reading(tokio::task::JoinHandle<(std::fs::File, io::Result<Vec<u8>>, u64)>),
    Done,
}

impl Clone for FileState {
    /// A clone reads the file from its start.
    fn clone(&self) -> Self {
        Self::NotOpened
    }
}

impl ByteStream {
    /// A body of these bytes.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        Self {
            len: Some(bytes.len() as u64),
            inner: Inner::Bytes(bytes),
        }
    }

    /// The file at `path`, as long as it is now. It is opened when the body is sent
    /// (again for each attempt) and read in chunks off the async threads.
    pub fn from_path(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref();
        let len = std::fs::metadata(path)?.len();
        Ok(Self {
            len: Some(len),
            inner: Inner::File {
                path: Arc::from(path),
                state: FileState::NotOpened,
            },
        })
    }

    /// The items of `stream`; `len` is its total length when known (it is sent as the
    /// `Content-Length`; without it the body is sent chunked). Sent once: an attempt
    /// that fails after it started is not retried.
    pub fn from_stream<S, E>(stream: S, len: Option<u64>) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let mapped = MapErr(Box::pin(stream));
        Self {
            len,
            inner: Inner::Stream(Arc::new(Mutex::new(Some(Box::pin(mapped))))),
        }
    }

    /// The bytes of `reader` up to its end; `len` as for [`from_stream`](Self::from_stream).
    pub fn from_async_read<R>(reader: R, len: Option<u64>) -> Self
    where
        R: AsyncRead + Send + 'static,
    {
        Self::from_stream(ReaderStream(Box::pin(reader)), len)
    }

    /// The length, when known before reading.
    pub fn len(&self) -> Option<u64> {
        self.len
    }

    /// True when the length is known to be zero.
    pub fn is_empty(&self) -> bool {
        self.len == Some(0)
    }

    /// The bytes, when the body is in memory.
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.inner {
            Inner::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// The bytes, when the body is in memory, without copying them.
    pub(crate) fn into_vec(self) -> Option<Vec<u8>> {
        match self.inner {
            Inner::Bytes(bytes) => Some(Vec::from(bytes)),
            _ => None,
        }
    }

    /// The file, when the body is one.
    pub fn path(&self) -> Option<&Path> {
        match &self.inner {
            Inner::File { path, .. } => Some(path),
            _ => None,
        }
    }

    /// True when the body can be sent again (bytes and files; not a stream).
    pub fn is_replayable(&self) -> bool {
        !matches!(self.inner, Inner::Stream(_))
    }

    /// The next piece of the body, `None` at its end.
    pub async fn next(&mut self) -> Option<io::Result<Bytes>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads the whole body into memory, failing with [`io::ErrorKind::InvalidData`]
    /// once it is longer than `limit` bytes (a known longer length fails at once).
    pub async fn collect(mut self, limit: usize) -> io::Result<Bytes> {
        let too_long = || {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the body is longer than the limit of {limit} bytes"),
            )
        };
        if let Inner::Bytes(bytes) = &self.inner {
            return if bytes.len() > limit {
                Err(too_long())
            } else {
                Ok(bytes.clone())
            };
        }
        if self.len.is_some_and(|len| len > limit as u64) {
            return Err(too_long());
        }
        let capacity = self.len.map_or(0, |len| len as usize);
        let mut all = Vec::with_capacity(capacity);
        while let Some(piece) = self.next().await {
            let piece = piece?;
            if piece.len() > limit - all.len() {
                return Err(too_long());
            }
            all.extend_from_slice(&piece);
        }
        Ok(Bytes::from(all))
    }

    /// The body as tokio's [`AsyncRead`], e.g. for `tokio::io::copy` into a file.
    pub fn into_async_read(self) -> ByteStreamReader {
        ByteStreamReader {
            stream: self,
            pending: Bytes::new(),
        }
    }
}

impl Default for ByteStream {
    /// An empty body.
    fn default() -> Self {
        Self::from_bytes(Bytes::new())
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from_bytes(bytes)
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        Self::from_bytes(bytes)
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        Self::from_bytes(bytes)
    }
}

impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> Self {
        Self::from_bytes(text.as_bytes())
    }
}

impl fmt::Debug for ByteStream {
    /// The kind and length, never the bytes (a body may be large or secret).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.inner {
            Inner::Bytes(_) => "bytes",
            Inner::File { .. } => "file",
            Inner::Stream(_) => "stream",
        };
        f.debug_struct("ByteStream")
            .field("kind", &kind)
            .field("len", &self.len)
            .finish()
    }
}

impl PartialEq for ByteStream {
    /// Bodies in memory compare by their bytes, files by path, streams by identity
    /// (a clone equals its original): a stream's bytes are not known before it is read.
    fn eq(&self, other: &Self) -> bool {
        match (&self.inner, &other.inner) {
            (Inner::Bytes(a), Inner::Bytes(b)) => a == b,
            (Inner::File { path: a, .. }, Inner::File { path: b, .. }) => a == b,
            (Inner::Stream(a), Inner::Stream(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Stream for ByteStream {
    type Item = io::Result<Bytes>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match &mut this.inner {
            Inner::Bytes(bytes) if bytes.is_empty() => Poll::Ready(None),
            Inner::Bytes(bytes) => Poll::Ready(Some(Ok(std::mem::take(bytes)))),
            Inner::File { path, state } => poll_file(path, state, this.len, cx),
            Inner::Stream(shared) => {
                let mut slot = shared.lock().unwrap_or_else(PoisonError::into_inner);
                match slot.as_mut() {
                    Some(stream) => {
                        let item = ready!(stream.as_mut().poll_next(cx));
                        if item.is_none() {
                            *slot = None;
                        }
                        Poll::Ready(item)
                    }
                    None => Poll::Ready(None),
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, None)
    }
}

/// The next chunk of a file body: each read runs on tokio's blocking threads, so a
/// slow disk never stalls the async ones. Reading stops at the length the body had
/// when it was made, so that a growing file sends what its `Content-Length` said.
fn poll_file(
    path: &Path,
    state: &mut FileState,
    len: Option<u64>,
    cx: &mut Context<'_>,
) -> Poll<Option<io::Result<Bytes>>> {
    loop {
        match std::mem::replace(state, FileState::Done) {
            FileState::NotOpened => match std::fs::File::open(path) {
                Ok(file) => *state = FileState::Idle(file, len.unwrap_or(u64::MAX)),
                Err(e) => return Poll::Ready(Some(Err(e))),
            },
            FileState::Idle(_, 0) | FileState::Done => return Poll::Ready(None),
            FileState::Idle(mut file, left) => {
                let size = FILE_CHUNK.min(usize::try_from(left).unwrap_or(FILE_CHUNK));
                *state = FileState::Reading(tokio::task::spawn_blocking(move || {
                    use std::io::Read as _;
                    let mut chunk = vec![0; size];
                    let read = file.read(&mut chunk).map(|n| {
                        chunk.truncate(n);
                        chunk
                    });
                    (file, read, left)
                }));
            }
            FileState::Reading(mut task) => {
                let (file, read, left) = match Pin::new(&mut task).poll(cx) {
                    Poll::Pending => {
                        *state = FileState::Reading(task);
                        return Poll::Pending;
                    }
                    Poll::Ready(Ok(done)) => done,
                    Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(io::Error::other(e)))),
                };
                return match read {
                    Ok(chunk) if chunk.is_empty() => match len {
                        Some(_) => Poll::Ready(Some(Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            format!("{} became shorter while it was sent", path.display()),
                        )))),
                        None => Poll::Ready(None),
                    },
                    Ok(chunk) => {
                        *state = FileState::Idle(file, left - chunk.len() as u64);
                        Poll::Ready(Some(Ok(Bytes::from(chunk))))
                    }
                    Err(e) => Poll::Ready(Some(Err(e))),
                };
            }
        }
    }
}

/// A stream with its errors made `io::Error`s.
struct MapErr<S>(Pin<Box<S>>);

impl<S, E> Stream for MapErr<S>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let item = ready!(self.0.as_mut().poll_next(cx));
        Poll::Ready(item.map(|r| r.map_err(io::Error::other)))
    }
}

/// An [`AsyncRead`] as a stream of chunks.
struct ReaderStream(Pin<Box<dyn AsyncRead + Send>>);

impl Stream for ReaderStream {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let mut chunk = vec![0; FILE_CHUNK];
        let mut buf = ReadBuf::new(&mut chunk);
        ready!(self.0.as_mut().poll_read(cx, &mut buf))?;
        let n = buf.filled().len();
        if n == 0 {
            return Poll::Ready(None);
        }
        chunk.truncate(n);
        Poll::Ready(Some(Ok(Bytes::from(chunk))))
    }
}

/// A [`ByteStream`] read through tokio's [`AsyncRead`] ([`ByteStream::into_async_read`]).
#[derive(Debug)]
pub struct ByteStreamReader {
    stream: ByteStream,
    pending: Bytes,
}

impl AsyncRead for ByteStreamReader {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        while this.pending.is_empty() {
            match ready!(Pin::new(&mut this.stream).poll_next(cx)) {
                Some(piece) => this.pending = piece?,
                None => return Poll::Ready(Ok(())),
            }
        }
        let n = this.pending.len().min(buf.remaining());
        buf.put_slice(&this.pending.split_to(n));
        Poll::Ready(Ok(()))
    }
}

impl crate::schema::WriteValue for ByteStream {
    fn write_value(
        &self,
        w: &mut dyn crate::schema::ValueWriter,
    ) -> Result<(), crate::schema::WriteError> {
        w.stream(self)
    }
}

impl crate::schema::ReadValue for ByteStream {
    fn read_value(
        r: &mut dyn crate::schema::ValueReader,
    ) -> Result<Self, crate::schema::ReadError> {
        r.stream()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt as _;

    fn chunks(pieces: &[&'static str]) -> impl Stream<Item = Result<Bytes, io::Error>> {
        struct Iter(std::vec::IntoIter<&'static str>);
        let pieces: Vec<&'static str> = pieces.to_owned();
        impl Stream for Iter {
            type Item = Result<Bytes, io::Error>;
            fn poll_next(
                mut self: Pin<&mut Self>,
                _: &mut Context<'_>,
            ) -> Poll<Option<Self::Item>> {
                Poll::Ready(self.0.next().map(|s| Ok(Bytes::from_static(s.as_bytes()))))
            }
        }
        Iter(pieces.into_iter())
    }

    #[tokio::test]
    async fn collect_is_bounded_by_the_caller() {
        let body = ByteStream::from_stream(chunks(&["abc", "def", "g"]), None);
        let err = body.clone().collect(6).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        let known = ByteStream::from_stream(chunks(&["abc"]), Some(100));
        assert!(
            known.collect(99).await.is_err(),
            "a known length past the limit"
        );
        let body = ByteStream::from_stream(chunks(&["abc", "def", "g"]), None);
        assert_eq!(&body.collect(7).await.unwrap()[..], b"abcdefg");
        assert!(ByteStream::from("12345").collect(4).await.is_err());
    }

    #[tokio::test]
    async fn files_are_read_in_chunks_and_again_by_each_clone() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::io::Write::write_all(&mut file, &content).unwrap();
        let body = ByteStream::from_path(file.path()).unwrap();
        assert_eq!(body.len(), Some(200_000));
        assert!(body.is_replayable());
        let mut reader = body.clone().into_async_read();
        let mut read = Vec::new();
        reader.read_to_end(&mut read).await.unwrap();
        assert_eq!(read, content);
        assert_eq!(body.collect(usize::MAX).await.unwrap(), content);
    }

    #[tokio::test]
    async fn a_stream_is_read_once_whichever_clone_reads_it() {
        let body = ByteStream::from_stream(chunks(&["ab", "c"]), None);
        assert!(!body.is_replayable());
        let twin = body.clone();
        assert_eq!(body, twin);
        assert_eq!(&twin.collect(10).await.unwrap()[..], b"abc");
        assert!(body.collect(10).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn an_async_reader_becomes_a_body() {
        let body = ByteStream::from_async_read(&b"hello reader"[..], None);
        let mut text = String::new();
        body.into_async_read()
            .read_to_string(&mut text)
            .await
            .unwrap();
        assert_eq!(text, "hello reader");
    }
}
