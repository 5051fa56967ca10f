//! `tracing` spans of calls and attempts (feature `tracing`): a `call` span per
//! operation call with `service` and `operation`, inside it an `attempt` span per
//! attempt with `attempt` (1, 2, ...) and, once known, `status` (the HTTP status, or
//! `transport`/`timeout`/`construction` when no response came), and a `retrying`
//! event before each retry with the attempt that failed and the delay. All at the
//! `DEBUG` level, under the target `sdk_runtime`. Without the feature none of this is
//! compiled.

use std::time::Duration;

use tracing::field::Empty;
use tracing::Span;

use crate::error::CallError;
use crate::http::HttpResponse;
use crate::protocol::ServiceSpec;

/// The span of one call of `operation` (its wire name, whatever the protocol).
pub(crate) fn call_span(service: &ServiceSpec, operation: &str) -> Span {
    tracing::debug_span!(
        target: "sdk_runtime",
        "call",
        service = service.service_id,
        operation,
    )
}

/// The span of attempt number `attempt`; its `status` is recorded by [`record_outcome`].
pub(crate) fn attempt_span(attempt: u32) -> Span {
    tracing::debug_span!(target: "sdk_runtime", "attempt", attempt, status = Empty)
}

/// Records how an attempt ended on its span.
pub(crate) fn record_outcome<B>(span: &Span, outcome: &Result<HttpResponse<B>, CallError>) {
    match outcome {
        Ok(response) => span.record("status", response.status),
        Err(CallError::Service(raw)) => span.record("status", raw.meta().status()),
        Err(CallError::Response(malformed)) => span.record("status", malformed.status),
        Err(CallError::Transport(_)) => span.record("status", "transport"),
        Err(CallError::Timeout(_)) => span.record("status", "timeout"),
        Err(CallError::Construction(_)) => span.record("status", "construction"),
    };
}

/// An event before a retry: which attempt failed, and how long until the next.
pub(crate) fn retrying(attempt: u32, delay: Duration) {
    tracing::debug!(
        target: "sdk_runtime",
        attempt,
        delay_ms = delay.as_millis() as u64,
        "retrying",
    );
}
