//! What a waiter's answers mean: botocore's acceptors, which the wire-facts file gives
//! (the pages state only the operation, the delay and the attempts). The vocabulary
//! mirrors `sdk_runtime::waiter` (`Acceptor`, `AcceptorState`, `Matcher`, `Expected`).

use serde::Serialize;

/// One acceptor: a state the waiter enters when its matcher matches an answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Acceptor {
    /// The state entered on a match.
    pub state: AcceptorState,
    /// What the answer is matched against.
    pub matcher: Matcher,
}

/// botocore's `state`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AcceptorState {
    /// The wait ends with the output.
    Success,
    /// The wait ends with an error.
    Failure,
    /// Poll again after the delay.
    Retry,
}

/// botocore's `matcher` with its `argument` and `expected`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Matcher {
    /// `path`: the value at the JMESPath expression equals `expected`.
    Path {
        /// The expression over the output, with model member names.
        path: String,
        /// The value it must equal.
        expected: Expected,
    },
    /// `pathAll`: every item of the list at the expression equals `expected`.
    PathAll {
        /// The expression.
        path: String,
        /// The value every item must equal.
        expected: Expected,
    },
    /// `pathAny`: some item of the list at the expression equals `expected`.
    PathAny {
        /// The expression.
        path: String,
        /// The value one item must equal.
        expected: Expected,
    },
    /// `status`: the answer's HTTP status.
    Status(u16),
    /// `error` with a code: a service error of that code.
    Error(String),
    /// `error` with `true` (any service error) or `false` (a successful answer).
    AnyError(bool),
}

/// A JSON value a path's result is compared with.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Expected {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
}
