//! Whether an answer matches an acceptor, as botocore's `AcceptorConfig` decides.

use super::path::{Expression, PathError};
use super::tree::Value;
use super::{Expected, Matcher};
use crate::protocol::ErrorMetadata;

/// One answer of the polled operation, as acceptors see it.
#[derive(Clone, Copy, Debug)]
pub enum Answer<'a> {
    /// A successful answer: its output as a tree and its HTTP status.
    Output {
        /// The output, keyed by the model's member names.
        tree: &'a Value,
        /// The HTTP status.
        status: u16,
    },
    /// A service error.
    Error(&'a ErrorMetadata),
}

impl Matcher {
    /// Whether `answer` matches. Path matchers read only outputs (botocore skips them
    /// on errors); an error in the path expression is returned, not taken as no match.
    pub fn matches(&self, answer: Answer<'_>) -> Result<bool, PathError> {
        let (path, expected) = match self {
            Matcher::Status(code) => {
                return Ok(*code
                    == match answer {
                        Answer::Output { status, .. } => status,
                        Answer::Error(meta) => meta.status(),
                    })
            }
            Matcher::Error(code) => {
                return Ok(matches!(answer, Answer::Error(meta) if meta.code() == Some(code)))
            }
            Matcher::AnyError(expected) => {
                return Ok(matches!(answer, Answer::Error(_)) == *expected)
            }
            Matcher::Path { path, expected }
            | Matcher::PathAll { path, expected }
            | Matcher::PathAny { path, expected } => (path, expected),
        };
        let Answer::Output { tree, .. } = answer else {
            return Ok(false);
        };
        let result = Expression::parse(path)?.search(tree)?;
        Ok(match self {
            Matcher::Path { .. } => python_equal(&result, expected),
            // pathAll and pathAny need a non-empty list.
            Matcher::PathAll { .. } => match &result {
                Value::List(items) => {
                    !items.is_empty() && items.iter().all(|i| python_equal(i, expected))
                }
                _ => false,
            },
            _ => match &result {
                Value::List(items) => items.iter().any(|i| python_equal(i, expected)),
                _ => false,
            },
        })
    }
}

/// Python's `==` between a path's result and the expected value, as botocore compares
/// them: a boolean equals the number it counts as (`True == 1`).
fn python_equal(value: &Value, expected: &Expected) -> bool {
    match (value, expected) {
        (Value::String(s), Expected::String(e)) => s == e,
        (Value::Bool(b), Expected::Bool(e)) => b == e,
        (Value::Number(n), Expected::Number(e)) => n == e,
        (Value::Bool(b), Expected::Number(e)) => f64::from(u8::from(*b)) == *e,
        (Value::Number(n), Expected::Bool(e)) => *n == f64::from(u8::from(*e)),
        _ => false,
    }
}
