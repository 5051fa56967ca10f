//! How an operation pages through its results, as data the client drives generically.
//!
//! Generated crates implement [`Paginate`] on the marker type of every paginated
//! operation; a client loop sets the token, sends, reads the next token and stops when
//! the service returns none (or fails when it returns a token already sent, see
//! [`crate::paginator`]).

use crate::protocol::Operation;
use crate::schema::WriteValue;

/// A paginated operation: where its tokens, page size and result items live.
pub trait Paginate: Operation {
    /// What identifies the next page (the token member's type, usually `String`).
    /// Written through the schema traits, so that the paginator can recognize a token
    /// it has already sent.
    type Token: Clone + PartialEq + WriteValue;
    /// The element type of the first documented result key.
    type Item;

    /// The input member that sets the page size, when the operation has one.
    const LIMIT_KEY: Option<&'static str>;

    /// Asks for the page after `token` (`None`: the first page).
    fn set_token(input: &mut Self::Input, token: Option<Self::Token>);

    /// Sets the page size; does nothing when [`Paginate::LIMIT_KEY`] is `None`.
    fn set_page_size(input: &mut Self::Input, size: u32);

    /// The token of the page after `output`; `None` on the last page.
    fn next_token(output: &Self::Output) -> Option<Self::Token>;

    /// Takes the items of the first result key out of a page, leaving it empty.
    fn take_items(output: &mut Self::Output) -> Vec<Self::Item>;
}
