//! The poll loop: botocore's `Waiter.wait` with a limit on the time it takes.

use std::fmt;
use std::time::Duration;

use super::accept::Answer;
use super::path::PathError;
use super::tree::{to_value, Value};
use super::{Acceptor, AcceptorState, WaiterSchema};
use crate::client::Handle;
use crate::error::CallError;
use crate::protocol::{CommonError, ErrorMetadata, Operation};
use crate::schema::WriteStruct;

/// What an operation's error says of the service's answer, for error and status
/// acceptors: the metadata of a service error, `None` for any other failure (no
/// answer, an unreadable one, a request never sent). Generated error enums implement
/// it with their `meta()`.
pub trait ErrorCode {
    /// The service error's code, message and HTTP status, when the service answered
    /// with one.
    fn error_meta(&self) -> Option<&ErrorMetadata>;
}

impl ErrorCode for CommonError {
    fn error_meta(&self) -> Option<&ErrorMetadata> {
        self.meta()
    }
}

/// How a wait ended well.
#[derive(Debug)]
pub struct WaiterOutcome<O, E> {
    /// The answer a success acceptor matched: an output, or the service error of a
    /// waiter that waits for one (`ObjectNotExists` succeeds on a 404).
    pub response: Result<O, E>,
    /// How many times the operation was called.
    pub attempts: u32,
    /// How long the wait took.
    pub elapsed: Duration,
}

impl<O, E> WaiterOutcome<O, E> {
    /// The output of the last attempt, when it was a successful answer.
    pub fn into_output(self) -> Option<O> {
        self.response.ok()
    }
}

/// Why a wait failed, with the waiter's name, the attempts made and the time taken.
#[derive(Debug)]
pub struct WaiterError<E> {
    /// The waiter (`TableExists`).
    pub waiter: &'static str,
    /// How many times the operation was called.
    pub attempts: u32,
    /// How long the wait took.
    pub elapsed: Duration,
    /// What happened.
    pub kind: WaiterErrorKind<E>,
}

/// What ended a wait without success.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterErrorKind<E> {
    /// A failure acceptor matched: the resource will not reach the state. Holds the
    /// service error when the acceptor matched one.
    FailureState {
        /// The acceptor that matched.
        acceptor: &'static Acceptor,
        /// The service error it matched, if it matched an error.
        error: Option<E>,
    },
    /// The call failed and no acceptor expects it: a service error no acceptor names,
    /// or no answer at all (after the client's own retries).
    Operation(E),
    /// The waiter's attempts were all made without success.
    MaxAttempts {
        /// The acceptor the last state came from, if any matched.
        last: Option<&'static Acceptor>,
    },
    /// The next attempt would start after the caller's maximum wait.
    Timeout {
        /// The caller's limit.
        max_wait: Duration,
    },
    /// An acceptor's path is no expression this runtime evaluates.
    Path(PathError),
    /// The output could not be turned into the tree paths search.
    Output(String),
}

impl<E: fmt::Display> fmt::Display for WaiterError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "waiter {} failed after {} attempt{} in {:.1?}: ",
            self.waiter,
            self.attempts,
            if self.attempts == 1 { "" } else { "s" },
            self.elapsed
        )?;
        match &self.kind {
            WaiterErrorKind::FailureState { acceptor, .. } => {
                write!(f, "terminal failure state: {}", acceptor.explanation())
            }
            WaiterErrorKind::Operation(e) => write!(f, "{e}"),
            WaiterErrorKind::MaxAttempts { last: None } => f.write_str("max attempts exceeded"),
            WaiterErrorKind::MaxAttempts { last: Some(a) } => write!(
                f,
                "max attempts exceeded; previously accepted state: {}",
                a.explanation()
            ),
            WaiterErrorKind::Timeout { max_wait } => {
                write!(f, "the maximum wait of {max_wait:?} would be exceeded")
            }
            WaiterErrorKind::Path(e) => write!(f, "{e}"),
            WaiterErrorKind::Output(e) => write!(f, "the output could not be searched: {e}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for WaiterError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            WaiterErrorKind::Operation(e) => Some(e),
            WaiterErrorKind::FailureState { error: Some(e), .. } => Some(e),
            WaiterErrorKind::Path(e) => Some(e),
            _ => None,
        }
    }
}

/// Calls `Op` with `input` until an acceptor of `waiter` decides, `waiter.max_attempts`
/// times at most, `waiter.delay_secs` apart, and never starting an attempt that would
/// begin after `max_wait` (give [`super::default_max_wait`] for botocore's bound).
///
/// The delay is slept with tokio's timer, so tests with paused time run at once.
pub async fn wait<Op>(
    handle: &Handle,
    input: &Op::Input,
    waiter: &'static WaiterSchema,
    max_wait: Duration,
) -> Result<WaiterOutcome<Op::Output, Op::Error>, WaiterError<Op::Error>>
where
    Op: Operation,
    Op::Output: WriteStruct,
    Op::Error: From<CallError> + ErrorCode,
{
    let start = tokio::time::Instant::now();
    let delay = Duration::from_secs(waiter.delay_secs);
    let mut attempts = 0;
    let mut last = None;
    let fail = |attempts, kind| WaiterError {
        waiter: waiter.name,
        attempts,
        elapsed: start.elapsed(),
        kind,
    };
    loop {
        let response = handle.send::<Op>(input).await;
        attempts += 1;
        let matched = match matching(waiter.acceptors, &response, Op::SCHEMA) {
            Ok(matched) => matched,
            Err(kind) => return Err(fail(attempts, kind)),
        };
        match matched {
            Some(acceptor) => {
                last = Some(acceptor);
                match acceptor.state {
                    AcceptorState::Success => {
                        return Ok(WaiterOutcome {
                            response,
                            attempts,
                            elapsed: start.elapsed(),
                        })
                    }
                    AcceptorState::Failure => {
                        let error = response.err();
                        return Err(fail(
                            attempts,
                            WaiterErrorKind::FailureState { acceptor, error },
                        ));
                    }
                    AcceptorState::Retry => {}
                }
            }
            None => {
                if let Err(e) = response {
                    return Err(fail(attempts, WaiterErrorKind::Operation(e)));
                }
            }
        }
        if attempts >= waiter.max_attempts {
            return Err(fail(attempts, WaiterErrorKind::MaxAttempts { last }));
        }
        if start.elapsed() + delay > max_wait {
            return Err(fail(attempts, WaiterErrorKind::Timeout { max_wait }));
        }
        tokio::time::sleep(delay).await;
    }
}

/// The first acceptor the answer matches. An answer that is no service error (no
/// answer at all, or an unreadable one) matches nothing, so that the wait ends with it.
fn matching<O: WriteStruct, E: ErrorCode>(
    acceptors: &'static [Acceptor],
    response: &Result<O, E>,
    op: &crate::schema::OperationSchema,
) -> Result<Option<&'static Acceptor>, WaiterErrorKind<E>> {
    // The tree only for outputs, and only when an acceptor reads a path.
    let tree = match response {
        Ok(output) if acceptors.iter().any(|a| a.matcher.reads_path()) => {
            to_value(output).map_err(|e| WaiterErrorKind::Output(e.to_string()))?
        }
        _ => Value::Null,
    };
    let answer = match response {
        // The status of a successful answer is the operation's success status.
        Ok(_) => Answer::Output {
            tree: &tree,
            status: op.http.map_or(200, |http| http.code),
        },
        Err(e) => match e.error_meta() {
            Some(meta) => Answer::Error(meta),
            None => return Ok(None),
        },
    };
    for acceptor in acceptors {
        if acceptor
            .matcher
            .matches(answer)
            .map_err(WaiterErrorKind::Path)?
        {
            return Ok(Some(acceptor));
        }
    }
    Ok(None)
}
