//! Streams of pages and of result items, driven by an operation's [`Paginate`] description.
//!
//! Paging stops when the service returns no next token, an empty one, or the token it
//! was just given (some services repeat it on their last page), so a stream always ends.
//! After an error the stream yields that error and ends.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::Stream;

use crate::client::Handle;
use crate::error::CallError;
use crate::http::BoxFuture;
use crate::paginate::Paginate;

type PageResult<Op> =
    Result<<Op as crate::protocol::Operation>::Output, <Op as crate::protocol::Operation>::Error>;

/// A stream of the pages of a paginated operation.
///
/// Configure it with [`Paginator::page_size`], [`Paginator::max_items`] and
/// [`Paginator::starting_token`] before polling; [`Paginator::items`] turns it into a
/// stream of result items.
#[must_use = "streams do nothing unless polled"]
pub struct Paginator<Op: Paginate> {
    handle: Handle,
    input: Op::Input,
    page_size: Option<u32>,
    max_items: Option<usize>,
    state: State<Op>,
}

enum State<Op: Paginate> {
    /// The next request to send, with the token it carries (`None` first).
    Next(Option<Op::Token>),
    /// A request in flight, with the token it was sent with.
    InFlight(BoxFuture<'static, PageResult<Op>>, Option<Op::Token>),
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
                State::Done => return Poll::Ready(None),
                State::Next(token) => {
                    let token = token.take();
                    let mut input = this.input.clone();
                    Op::set_token(&mut input, token.clone());
                    if let Some(size) = this.page_size {
                        Op::set_page_size(&mut input, size);
                    }
                    let handle = this.handle.clone();
                    let request = Box::pin(async move { handle.send::<Op>(&input).await });
                    this.state = State::InFlight(request, token);
                }
                State::InFlight(request, sent) => {
                    let result = ready!(request.as_mut().poll(cx));
                    this.state = match &result {
                        Ok(page) => match Op::next_token(page) {
                            Some(next)
                                if next != Op::Token::default() && Some(&next) != sent.as_ref() =>
                            {
                                State::Next(Some(next))
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

/// A stream of the result items of every page, from [`Paginator::items`].
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
