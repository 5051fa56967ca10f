//! `Expect: 100-continue`, as botocore's connection honours it: the head goes out, the
//! body waits for the server's `100 Continue` (or [`CONTINUE_WAIT`], for servers that
//! never send one), and a final response that comes first is returned with the body
//! never read. That connection, its request left unfinished, is then closed rather
//! than pooled.

use std::future::Future as _;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use hyper::body::{Body, Bytes, Frame, SizeHint};

use super::body::RequestBody;

/// How long a body waits for `100 Continue` before it is sent anyway: botocore's wait.
/// A server that ignores the header never sends one, and RFC 9110 (10.1.1) asks
/// clients not to wait indefinitely for it.
pub(super) const CONTINUE_WAIT: Duration = Duration::from_secs(1);

/// Before the server's go-ahead: the body is held back.
const WAITING: u8 = 0;
/// `100 Continue` came, or the wait ran out: the body is sent.
const SENDING: u8 = 1;
/// The final response came first: the body is dropped unread.
const ANSWERED: u8 = 2;
/// ... and that response was read (or dropped): the connection is closed.
const FINISHED: u8 = 3;

/// The state a gated body shares with the callback that sees the `100 Continue` and
/// with the exchange that receives the final response.
struct Shared {
    state: AtomicU8,
    /// The connection task, polling the body.
    waker: Mutex<Option<Waker>>,
}

impl Shared {
    /// Moves from `from` to `to` and wakes the body, unless another move came first.
    fn shift(&self, from: u8, to: u8) -> bool {
        let moved = self
            .state
            .compare_exchange(from, to, Ordering::AcqRel, Ordering::Acquire)
            .is_ok();
        if moved {
            let waker = self
                .waker
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            if let Some(waker) = waker {
                waker.wake();
            }
        }
        moved
    }
}

/// A request body held back until the server's go-ahead.
pub(super) struct Gate {
    shared: Arc<Shared>,
    /// Dropped, unread, when the final response comes first.
    body: Option<RequestBody>,
    /// The size announced in the head, kept once the body is dropped.
    size: SizeHint,
    /// Started at the first poll, when the head is on its way.
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
    open: bool,
}

/// A request whose body waits for `100 Continue`; see [`Expecting::answered`].
pub(super) struct Expecting(Arc<Shared>);

/// A connection whose body the final response came before: closed once this is
/// dropped, after that response's body was read.
pub(super) struct Unsent(Arc<Shared>);

/// Gates the body of `request` when its headers carry `Expect: 100-continue` and it
/// has a body to hold back; other requests are left as they are.
pub(super) fn gate(request: &mut hyper::Request<RequestBody>) -> Option<Expecting> {
    let expects = request
        .headers()
        .get(hyper::header::EXPECT)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
    if !expects || request.body().is_end_stream() {
        return None;
    }
    let shared = Arc::new(Shared {
        state: AtomicU8::new(WAITING),
        waker: Mutex::new(None),
    });
    let body = std::mem::replace(request.body_mut(), RequestBody::Whole(None));
    *request.body_mut() = RequestBody::Gated(Box::new(Gate {
        shared: Arc::clone(&shared),
        size: body.size_hint(),
        body: Some(body),
        timer: None,
        open: false,
    }));
    let seen = Arc::clone(&shared);
    hyper::ext::on_informational(request, move |response| {
        if response.status() == hyper::StatusCode::CONTINUE {
            seen.shift(WAITING, SENDING);
        }
    });
    Some(Expecting(shared))
}

impl Expecting {
    /// At the final response's head: `Some` when it came before the body was sent, which
    /// is then never read and its connection not reused.
    pub(super) fn answered(self) -> Option<Unsent> {
        self.0.shift(WAITING, ANSWERED).then_some(Unsent(self.0))
    }
}

impl Drop for Unsent {
    fn drop(&mut self) {
        self.0.shift(ANSWERED, FINISHED);
    }
}

impl Gate {
    /// Whether the body may go: `Ready(Err)` ends a connection whose request stays
    /// unfinished.
    fn poll_open(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        // The waker first, then the state: a move in between wakes this task.
        *self
            .shared
            .waker
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(cx.waker().clone());
        loop {
            match self.shared.state.load(Ordering::Acquire) {
                SENDING => return Poll::Ready(Ok(())),
                WAITING => {
                    let timer = self
                        .timer
                        .get_or_insert_with(|| Box::pin(tokio::time::sleep(CONTINUE_WAIT)));
                    std::task::ready!(timer.as_mut().poll(cx));
                    // Unless the answer came meanwhile: then the state says what to do.
                    if self.shared.shift(WAITING, SENDING) {
                        return Poll::Ready(Ok(()));
                    }
                }
                ANSWERED => {
                    self.body = None;
                    self.timer = None;
                    // Kept open until the caller has read the answer on it.
                    return Poll::Pending;
                }
                _ => {
                    self.body = None;
                    return Poll::Ready(Err(io::Error::other(
                        "the server answered before the request body was sent",
                    )));
                }
            }
        }
    }
}

impl Body for Gate {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let this = self.get_mut();
        if !this.open {
            if let Err(e) = std::task::ready!(this.poll_open(cx)) {
                return Poll::Ready(Some(Err(e)));
            }
            this.open = true;
            this.timer = None;
        }
        match this.body.as_mut() {
            Some(body) => Pin::new(body).poll_frame(cx),
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.open && self.body.as_ref().is_some_and(Body::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.size
    }
}
