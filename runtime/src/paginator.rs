//! Streams of pages and of result items, driven by an operation's [`Paginate`] description.
//!
//! Paging ends when the service returns no next token or an empty one. A next token
//! already sent in the same listing (the one just sent, or any before it: `A, B, A`)
//! would only fetch pages again, forever: the page that carries it is yielded, then a
//! [`CallError::Response`] saying which pages repeat, and the stream ends. boto3 raises
//! `PaginationError` in the same place; an error rather than a quiet end, because the
//! listing may be incomplete. After any error the stream yields that error and ends.

use std::collections::{HashMap, VecDeque};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::Stream;

use crate::client::Handle;
use crate::error::CallError;
use crate::http::BoxFuture;
use crate::paginate::Paginate;
use crate::protocol::MalformedResponse;

mod fingerprint;

use fingerprint::{fingerprint, Fingerprint};

type PageResult<Op> =
    Result<<Op as crate::protocol::Operation>::Output, <Op as crate::protocol::Operation>::Error>;

/// A stream of the pages of a paginated operation.
///
/// Configure it with [`Paginator::page_size`], [`Paginator::max_items`] and
/// [`Paginator::starting_token`] before polling; [`Paginator::items`] turns it into a
/// stream of result items. [`Paginator::next`] and [`Paginator::collect`] read it
/// without a stream library; it is also a [`Stream`] for `futures`' combinators.
#[must_use = "streams do nothing unless polled"]
pub struct Paginator<Op: Paginate> {
    handle: Handle,
    input: Op::Input,
    page_size: Option<u32>,
    max_items: Option<usize>,
    state: State<Op>,
    /// Pages requested so far.
    pages: usize,
    /// The tokens sent so far, by [`fingerprint`], with the page each was sent for.
    sent: HashMap<Fingerprint, usize>,
}

enum State<Op: Paginate> {
    /// The next request to send, with the token it carries (`None` first).
    Next(Option<Op::Token>),
    /// A request in flight.
    InFlight(BoxFuture<'static, PageResult<Op>>),
    /// The error to yield after the page whose next token was sent before.
    Failed(Op::Error),
    Done,
}

// Nothing is pinned in place: the only future is boxed.
impl<Op: Paginate> Unpin for Paginator<Op> {}

impl<Op: Paginate> Paginator<Op> {
    pub(crate) fn new(handle: Handle, input: Op::Input) -> Self {
        Self {
            handle,
            input,
            page_size: None,
            max_items: None,
            state: State::Next(None),
            pages: 0,
            sent: HashMap::new(),
        }
    }

    /// Asks for pages of at most `size` items (ignored by operations without a limit).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    /// Stops [`Paginator::items`] after `count` items.
    pub fn max_items(mut self, count: usize) -> Self {
        self.max_items = Some(count);
        self
    }

    /// Starts from the page this token names (a token from an earlier listing).
    pub fn starting_token(mut self, token: Op::Token) -> Self {
        if let State::Next(_) = self.state {
            self.state = State::Next(Some(token));
        }
        self
    }

    /// A stream of the items of each page, in order.
    pub fn items(self) -> Items<Op> {
        Items {
            remaining: self.max_items,
            pages: self,
            buffer: VecDeque::new(),
        }
    }
}

impl<Op> Stream for Paginator<Op>
where
    Op: Paginate + 'static,
    Op::Input: Clone + Send + Sync + 'static,
    Op::Output: Send + 'static,
    Op::Error: From<CallError> + Send + 'static,
    Op::Token: Default + Send + 'static,
{
    type Item = PageResult<Op>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            match &mut this.state {
                State::Failed(_) | State::Done => {
                    return match std::mem::replace(&mut this.state, State::Done) {
                        State::Failed(error) => Poll::Ready(Some(Err(error))),
                        _ => Poll::Ready(None),
                    };
                }
                State::Next(token) => {
                    let token = token.take();
                    this.pages += 1;
                    if let Some(print) = token.as_ref().and_then(fingerprint) {
                        this.sent.entry(print).or_insert(this.pages);
                    }
                    let mut input = this.input.clone();
                    Op::set_token(&mut input, token);
                    if let Some(size) = this.page_size {
                        Op::set_page_size(&mut input, size);
                    }
                    let handle = this.handle.clone();
                    let request = Box::pin(async move { handle.send::<Op>(&input).await });
                    this.state = State::InFlight(request);
                }
                State::InFlight(request) => {
                    let result = ready!(request.as_mut().poll(cx));
                    this.state = match &result {
                        Ok(page) => match Op::next_token(page) {
                            Some(next) if next != Op::Token::default() => {
                                match fingerprint(&next).and_then(|print| this.sent.get(&print)) {
                                    Some(&first) => State::Failed(loop_error(this.pages, first)),
                                    None => State::Next(Some(next)),
                                }
                            }
                            _ => State::Done,
                        },
                        Err(_) => State::Done,
                    };
                    return Poll::Ready(Some(result));
                }
            }
        }
    }
}

impl<Op> Paginator<Op>
where
    Op: Paginate,
    Self: Stream<Item = PageResult<Op>>,
{
    /// The next page; `None` after the last one, and after an error.
    pub async fn next(&mut self) -> Option<PageResult<Op>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every page, or the first error.
    pub async fn collect(mut self) -> Result<Vec<Op::Output>, Op::Error> {
        let mut pages = Vec::new();
        while let Some(page) = self.next().await {
            pages.push(page?);
        }
        Ok(pages)
    }
}

/// Page `page` named as the next token the one page `first` was fetched with.
fn loop_error<E: From<CallError>>(page: usize, first: usize) -> E {
    CallError::Response(MalformedResponse {
        // The page itself was a success; the trait does not see its exact status.
        status: 200,
        request_id: None,
        reason: format!(
            "pagination loops: the next token of page {page} was already sent for page {first}"
        ),
    })
    .into()
}

/// A stream of the result items of every page, from [`Paginator::items`].
/// [`Items::next`] and [`Items::collect`] read it without a stream library.
#[must_use = "streams do nothing unless polled"]
pub struct Items<Op: Paginate> {
    pages: Paginator<Op>,
    buffer: VecDeque<Op::Item>,
    remaining: Option<usize>,
}

impl<Op: Paginate> Unpin for Items<Op> {}

impl<Op> Stream for Items<Op>
where
    Paginator<Op>: Stream<Item = PageResult<Op>>,
    Op: Paginate,
{
    type Item = Result<Op::Item, Op::Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.remaining == Some(0) {
                return Poll::Ready(None);
            }
            if let Some(item) = this.buffer.pop_front() {
                if let Some(left) = &mut this.remaining {
                    *left -= 1;
                }
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(mut page)) => this.buffer.extend(Op::take_items(&mut page)),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl<Op> Items<Op>
where
    Op: Paginate,
    Self: Stream<Item = Result<Op::Item, Op::Error>>,
{
    /// The next item; `None` after the last one (or `max_items`), and after an error.
    pub async fn next(&mut self) -> Option<Result<Op::Item, Op::Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every item, or the first error.
    pub async fn collect(mut self) -> Result<Vec<Op::Item>, Op::Error> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}
