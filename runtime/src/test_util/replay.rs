//! A transport that answers from a recording and checks what was sent.

use std::fmt::{self, Write as _};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::http::{
    BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError, TransportErrorKind,
};

/// Headers that differ on every run even for the same call, so never compared: the
/// signature and its time, and the id naming each call.
pub const VARYING_HEADERS: &[&str] = &["authorization", "x-amz-date", "amz-sdk-invocation-id"];

/// One recorded exchange: the request a client is expected to send, and the response
/// it gets for it.
#[derive(Clone, Debug)]
pub struct ReplayEvent {
    request: HttpRequest,
    response: HttpResponse,
}

impl ReplayEvent {
    /// The exchange of `request` for `response`.
    pub fn new(request: HttpRequest, response: HttpResponse) -> Self {
        Self { request, response }
    }

    /// The request expected.
    pub fn request(&self) -> &HttpRequest {
        &self.request
    }

    /// The response given.
    pub fn response(&self) -> &HttpResponse {
        &self.response
    }
}

/// An [`HttpClient`] that answers the `n`-th request with the `n`-th recorded response,
/// whatever the request, and keeps the requests so that a test can compare them with
/// the recording afterwards ([`ReplayClient::assert_requests_match`]).
///
/// A request beyond the recording fails with a transport error of kind
/// [`TransportErrorKind::Other`] (not retried). Clones share the recording and the
/// requests: keep one to check, give another to the configuration.
#[derive(Clone, Debug)]
pub struct ReplayClient(Arc<Mutex<State>>);

#[derive(Debug)]
struct State {
    events: Vec<ReplayEvent>,
    sent: Vec<HttpRequest>,
}

impl ReplayClient {
    /// A client that answers with `events` in order.
    pub fn new(events: impl IntoIterator<Item = ReplayEvent>) -> Self {
        Self(Arc::new(Mutex::new(State {
            events: events.into_iter().collect(),
            sent: Vec::new(),
        })))
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock left whole values behind.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The requests sent so far, in order, as the transport got them (signed).
    pub fn actual_requests(&self) -> Vec<HttpRequest> {
        self.state().sent.clone()
    }

    /// Compares the requests sent with the recorded ones: as many, and each with the
    /// recorded method, URL and body, and every recorded header sent with the recorded
    /// value (names compared without case). Headers the recording leaves out are not
    /// checked, nor those in [`VARYING_HEADERS`] and `ignore_headers`. Bodies that are
    /// JSON on both sides are compared as JSON values (member order and spacing aside).
    pub fn check_requests(&self, ignore_headers: &[&str]) -> Result<(), RequestMismatch> {
        let state = self.state();
        let mut problems = Vec::new();
        if state.sent.len() != state.events.len() {
            problems.push(format!(
                "{} requests sent, {} recorded",
                state.sent.len(),
                state.events.len()
            ));
        }
        for (i, (sent, event)) in state.sent.iter().zip(&state.events).enumerate() {
            let differences = differences(sent, &event.request, ignore_headers);
            if !differences.is_empty() {
                let mut text = format!("request {} differs from the recording:", i + 1);
                for difference in differences {
                    let _ = write!(text, "\n  {difference}");
                }
                problems.push(text);
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(RequestMismatch(problems.join("\n")))
        }
    }

    /// [`check_requests`](Self::check_requests), panicking with the differences.
    #[track_caller]
    pub fn assert_requests_match(&self, ignore_headers: &[&str]) {
        if let Err(mismatch) = self.check_requests(ignore_headers) {
            panic!("{mismatch}");
        }
    }
}

impl HttpClient for ReplayClient {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let mut state = self.state();
        let index = state.sent.len();
        state.sent.push(request);
        let answer = match state.events.get(index) {
            Some(event) => Ok(event.response.clone()),
            None => Err(TransportError::new(
                TransportErrorKind::Other,
                format!(
                    "replay: request {} sent, but only {} recorded",
                    index + 1,
                    state.events.len()
                ),
            )),
        };
        Box::pin(async move { answer })
    }
}

/// Requests sent that differ from the recording; its message lists every difference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestMismatch(String);

impl fmt::Display for RequestMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RequestMismatch {}

/// What differs between the request `sent` and the `recorded` one.
fn differences(sent: &HttpRequest, recorded: &HttpRequest, ignore: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    if sent.method != recorded.method {
        found.push(format!(
            "method: sent {}, recorded {}",
            sent.method, recorded.method
        ));
    }
    if sent.url != recorded.url {
        found.push(format!("url: sent {}, recorded {}", sent.url, recorded.url));
    }
    let ignored = |name: &str| {
        VARYING_HEADERS
            .iter()
            .chain(ignore)
            .any(|i| i.eq_ignore_ascii_case(name))
    };
    for (name, value) in recorded.headers.iter().filter(|(n, _)| !ignored(n)) {
        match sent.headers.get(name) {
            Some(sent) if sent == value => {}
            Some(sent) => found.push(format!("header {name}: sent {sent:?}, recorded {value:?}")),
            None => found.push(format!("header {name}: not sent, recorded {value:?}")),
        }
    }
    if !same_body(&sent.body, &recorded.body) {
        found.push(format!(
            "body: sent {}, recorded {}",
            shown(&sent.body),
            shown(&recorded.body)
        ));
    }
    found
}

fn same_body(sent: &[u8], recorded: &[u8]) -> bool {
    let json = |body: &[u8]| crate::wire::Document::from_json(body).ok();
    match (json(sent), json(recorded)) {
        (Some(a), Some(b)) => a == b,
        _ => sent == recorded,
    }
}

/// A body as text when it is UTF-8, else its length.
fn shown(body: &[u8]) -> String {
    match std::str::from_utf8(body) {
        Ok(text) => format!("{text:?}"),
        Err(_) => format!("{} bytes", body.len()),
    }
}
