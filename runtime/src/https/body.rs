//! The bodies the default transport sends and hands over: a request body whole or
//! streamed, and a response body that gives its connection back to the pool once read.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use hyper::body::{Body, Bytes, Frame, SizeHint};

use super::expect::Gate;
use super::{After, Inner};
use crate::http::{TransportError, TransportErrorKind};
use crate::wire::ByteStream;

/// A request body as hyper sends it: whole, or piece by piece from a [`ByteStream`]
/// whose length (when known) becomes the `Content-Length`, else it is sent chunked;
/// either held back for `100 Continue` when the request expects it.
pub(super) enum RequestBody {
    Whole(Option<Bytes>),
    Stream(ByteStream),
    Gated(Box<Gate>),
}

impl RequestBody {
    pub(super) fn whole(bytes: Vec<u8>) -> Self {
        // As `http_body_util::Full`: an empty body is at its end from the start.
        Self::Whole(Some(Bytes::from(bytes)).filter(|b| !b.is_empty()))
    }
}

impl Body for RequestBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        match self.get_mut() {
            Self::Whole(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Self::Stream(stream) => {
                let piece =
                    std::task::ready!(futures_core::Stream::poll_next(Pin::new(stream), cx));
                Poll::Ready(piece.map(|r| r.map(Frame::data)))
            }
            Self::Gated(gate) => Pin::new(gate.as_mut()).poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            Self::Whole(bytes) => bytes.is_none(),
            Self::Stream(stream) => stream.is_empty(),
            Self::Gated(gate) => gate.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Self::Whole(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Self::Stream(stream) => stream.len().map(SizeHint::with_exact).unwrap_or_default(),
            Self::Gated(gate) => gate.size_hint(),
        }
    }
}

/// A response body handed to the caller while it arrives; read to its end, it gives
/// its connection back to the pool (or closes it, see [`After`]).
pub(super) struct PooledBody {
    pub(super) body: hyper::body::Incoming,
    pub(super) pool: Option<(Arc<Inner>, After)>,
}

impl futures_core::Stream for PooledBody {
    type Item = Result<Bytes, TransportError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            match std::task::ready!(Pin::new(&mut self.body).poll_frame(cx)) {
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        return Poll::Ready(Some(Ok(data)));
                    }
                }
                Some(Err(e)) => {
                    self.pool = None;
                    return Poll::Ready(Some(Err(TransportError::new(
                        TransportErrorKind::Io,
                        "reading the response body failed",
                    )
                    .with_source(e))));
                }
                None => {
                    if let Some((inner, after)) = self.pool.take() {
                        inner.release(after);
                    }
                    return Poll::Ready(None);
                }
            }
        }
    }
}
