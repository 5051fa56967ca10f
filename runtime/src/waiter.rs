//! Waiters: an operation called until its answer says a resource reached a state.
//!
//! A generated crate describes each waiter of its service as a static
//! [`WaiterSchema`] (the operation, the delay between attempts, the number of attempts
//! and the acceptors, as botocore's `waiters-2.json` gives them); [`wait`] polls as
//! botocore's `Waiter.wait` does: the first attempt at once, then one per delay, each
//! answer matched against the acceptors in order. The first acceptor that matches
//! decides: success ends the wait with the output, failure ends it with an error naming
//! the acceptor, retry (or no match on a successful answer) waits for the next attempt.
//! A service error no acceptor matches ends the wait with that error, as in botocore.
//!
//! Acceptor paths are JMESPath expressions over the output with the model's member
//! names (`Table.TableStatus`, `Reservations[].Instances[].State.Name`), evaluated by
//! [`path`] over a tree of the output built through [`WriteStruct`].
//!
//! ```
//! use sdk_runtime::waiter::{Acceptor, AcceptorState, Answer, Expected, Matcher, Value, WaiterSchema};
//!
//! // What a generated crate emits for EC2's `InstanceRunning` (abridged); its client's
//! // `wait_until_instance_running` calls `sdk_runtime::waiter::wait::<DescribeInstances>`
//! // with it, the input and the caller's maximum wait.
//! static INSTANCE_RUNNING: WaiterSchema = WaiterSchema {
//!     name: "InstanceRunning",
//!     operation: "DescribeInstances",
//!     delay_secs: 15,
//!     max_attempts: 40,
//!     acceptors: &[
//!         Acceptor {
//!             state: AcceptorState::Success,
//!             matcher: Matcher::PathAll {
//!                 path: "Reservations[].Instances[].State.Name",
//!                 expected: Expected::String("running"),
//!             },
//!         },
//!         Acceptor {
//!             state: AcceptorState::Retry,
//!             matcher: Matcher::Error("InvalidInstanceID.NotFound"),
//!         },
//!     ],
//! };
//!
//! // How an answer is matched: here an output's tree given as JSON.
//! let output = Value::from_json(&sdk_runtime::Document::from_json(r#"{"Reservations": [
//!     {"Instances": [{"State": {"Name": "running"}}, {"State": {"Name": "pending"}}]}
//! ]}"#).expect("JSON"));
//! let answer = Answer::Output { tree: &output, status: 200 };
//! let running = &INSTANCE_RUNNING.acceptors[0];
//! assert!(!running.matcher.matches(answer)?);
//! # Ok::<(), sdk_runtime::waiter::path::PathError>(())
//! ```

use std::time::Duration;

#[cfg(doc)]
use crate::schema::WriteStruct;

mod accept;
pub mod path;
mod poll;
mod tree;

pub use accept::Answer;
pub use poll::{wait, ErrorCode, WaiterError, WaiterErrorKind, WaiterOutcome};
pub use tree::{to_value, Value};

/// One waiter of a service, as data (`TableExists`).
#[derive(Debug)]
pub struct WaiterSchema {
    /// The waiter's name (`TableExists`).
    pub name: &'static str,
    /// The wire name of the operation it polls (`DescribeTable`).
    pub operation: &'static str,
    /// Seconds between attempts.
    pub delay_secs: u64,
    /// How many times the operation is called at most.
    pub max_attempts: u32,
    /// What each answer is matched against, in order; the first match decides.
    pub acceptors: &'static [Acceptor],
}

/// What an answer matching [`Acceptor::matcher`] means.
#[derive(Debug)]
pub struct Acceptor {
    /// The state the waiter enters on a match.
    pub state: AcceptorState,
    /// What the answer is matched against.
    pub matcher: Matcher,
}

/// The states of a waiter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptorState {
    /// The resource is there: the wait ends with the output.
    Success,
    /// The resource will never get there: the wait ends with an error.
    Failure,
    /// Not yet: try again after the delay.
    Retry,
}

/// How an answer is matched (botocore's `matcher`, `argument` and `expected`).
#[derive(Debug)]
pub enum Matcher {
    /// The value at `path` (a JMESPath expression over the output) equals `expected`.
    Path {
        /// The expression (`Table.TableStatus`).
        path: &'static str,
        /// The value it must equal.
        expected: Expected,
    },
    /// The value at `path` is a non-empty list whose every item equals `expected`.
    PathAll {
        /// The expression (`Reservations[].Instances[].State.Name`).
        path: &'static str,
        /// The value every item must equal.
        expected: Expected,
    },
    /// The value at `path` is a list with at least one item equal to `expected`.
    PathAny {
        /// The expression.
        path: &'static str,
        /// The value one item must equal.
        expected: Expected,
    },
    /// The HTTP status of the answer, successful or not.
    Status(u16),
    /// A service error with this code (`ResourceNotFoundException`).
    Error(&'static str),
    /// `true`: any service error; `false`: no service error (any successful answer).
    AnyError(bool),
}

/// A value a path's result is compared with: the JSON values of the waiter models.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Expected {
    /// A string (`"ACTIVE"`).
    String(&'static str),
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(f64),
}

impl Acceptor {
    /// What the acceptor checks, in botocore's words, for error messages.
    pub fn explanation(&self) -> String {
        match &self.matcher {
            Matcher::Path { path, expected } => {
                format!("for expression \"{path}\" we matched expected path: {expected}")
            }
            Matcher::PathAll { path, expected } => {
                format!("for expression \"{path}\" all members matched expected path: {expected}")
            }
            Matcher::PathAny { path, expected } => format!(
                "for expression \"{path}\" we matched expected path: {expected} at least once"
            ),
            Matcher::Status(code) => format!("matched expected HTTP status code: {code}"),
            Matcher::Error(code) => format!("matched expected service error code: {code}"),
            Matcher::AnyError(true) => "matched a service error".to_owned(),
            Matcher::AnyError(false) => "matched a successful response".to_owned(),
        }
    }
}

impl Matcher {
    /// Whether the matcher reads the output through a path expression.
    pub fn reads_path(&self) -> bool {
        matches!(
            self,
            Matcher::Path { .. } | Matcher::PathAll { .. } | Matcher::PathAny { .. }
        )
    }
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expected::String(s) => write!(f, "\"{s}\""),
            Expected::Bool(b) => write!(f, "{b}"),
            Expected::Number(n) => write!(f, "{n}"),
        }
    }
}

/// The longest a wait may take when the caller gives no limit: the waiter's attempts
/// times its delay, as botocore waits.
pub fn default_max_wait(waiter: &WaiterSchema) -> Duration {
    Duration::from_secs(waiter.delay_secs * u64::from(waiter.max_attempts))
}
