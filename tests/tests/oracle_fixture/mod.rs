//! The recorded fixtures of the boto3 oracle (`cargo xtask oracle`) and what sending
//! them takes: the recording's configuration and a transport that keeps the request and
//! answers a given response. Shared by the request and response oracle tests.

#![allow(dead_code)] // each test uses its part

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use base64::Engine as _;
use sdk_runtime::clock::FixedClock;
use sdk_runtime::codec::json::JsonReader;
use sdk_runtime::http::{BoxFuture, Headers, HttpClient, HttpRequest, HttpResponse};
use sdk_runtime::schema::ReadValue;
use sdk_runtime::{Config, Credentials, RetryConfig, TransportError};
use serde::Deserialize;

/// 2015-08-30T12:36:00Z, the recorder's clock.
pub const ORACLE_TIME: u64 = 1_440_938_160;

/// One service's recording.
#[derive(Deserialize)]
pub struct Fixture {
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    pub time: String,
    pub cases: Vec<Case>,
    /// Calls boto3 itself refused (`"<operation> example-<n>: <why>"`), not recorded.
    #[serde(default)]
    pub skipped: Vec<String>,
    #[serde(default)]
    pub responses: Vec<RecordedResponse>,
    #[serde(default)]
    pub responses_skipped: Vec<String>,
}

/// One recorded call: its parameters and boto3's request.
#[derive(Deserialize)]
pub struct Case {
    pub operation: String,
    pub case: String,
    /// The parameters as JSON, every member in one object (absent without an input).
    #[serde(default)]
    pub params: Option<serde_json::Value>,
    pub request: Recorded,
}

impl Case {
    /// The parameters as JSON text (`{}` for an operation without input).
    pub fn params_text(&self) -> String {
        self.params
            .as_ref()
            .map_or_else(|| "{}".to_owned(), serde_json::Value::to_string)
    }
}

/// A request as boto3 sent it.
#[derive(Deserialize)]
pub struct Recorded {
    pub method: String,
    pub url: String,
    pub headers: BTreeMap<String, String>,
    pub body: String,
    #[serde(default)]
    pub body_base64: Option<String>,
}

impl Recorded {
    /// The body's bytes.
    pub fn body_bytes(&self) -> Vec<u8> {
        match &self.body_base64 {
            Some(encoded) => base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .expect("recorded base64"),
            None => self.body.clone().into_bytes(),
        }
    }
}

/// A response for an all-members output and the output botocore parsed from it.
#[derive(Deserialize)]
pub struct RecordedResponse {
    pub operation: String,
    pub response: WireResponse,
    pub output: serde_json::Value,
}

/// An HTTP response as recorded.
#[derive(Deserialize)]
pub struct WireResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    #[serde(default)]
    pub body_base64: Option<String>,
}

impl WireResponse {
    /// As the transport hands it to the client.
    pub fn to_http(&self) -> HttpResponse {
        let body = match &self.body_base64 {
            Some(encoded) => base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .expect("recorded base64"),
            None => self.body.clone().into_bytes(),
        };
        let mut headers = Headers::new();
        for (name, value) in &self.headers {
            headers.insert(name, value.as_str());
        }
        HttpResponse {
            status: self.status,
            headers,
            body,
        }
    }
}

/// Reads `service`'s fixture.
pub fn fixture(service: &str) -> Fixture {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join("oracle")
        .join(format!("{service}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// A future made by `make` in a function of its own, on the heap. The dispatch
/// functions of the oracle tests have an arm per operation (830 for EC2): each arm
/// hands over a closure, so that no arm's future is built in the dispatcher's frame,
/// which in a debug build would hold all of them at once.
pub fn boxed<'a, T, F: std::future::Future<Output = T> + 'a>(
    make: impl FnOnce() -> F,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = T> + 'a>> {
    Box::pin(make())
}

/// A value of a generated type read from the recorded JSON form (every member in one
/// object, by member name), through the runtime's schema JSON reader.
pub fn read_json<T: ReadValue>(text: &str) -> Result<T, String> {
    let mut reader = JsonReader::new(text.as_bytes()).with_json_names(false);
    let value = T::read_value(&mut reader).and_then(|value| reader.finish().map(|()| value));
    value.map_err(|e| format!("{text} does not read as the type: {e}"))
}

/// A transport that keeps every request and answers each with `answer`.
#[derive(Clone, Debug)]
pub struct Capture {
    sent: Arc<Mutex<Vec<HttpRequest>>>,
    answer: Arc<HttpResponse>,
}

impl Default for Capture {
    /// Answers `200 {}`.
    fn default() -> Self {
        Self::answering(HttpResponse {
            status: 200,
            headers: Headers::new(),
            body: b"{}".to_vec(),
        })
    }
}

impl HttpClient for Capture {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        if let Ok(mut sent) = self.sent.lock() {
            sent.push(request);
        }
        let answer = (*self.answer).clone();
        Box::pin(async move { Ok(answer) })
    }
}

impl Capture {
    /// A transport answering every request with `answer`.
    pub fn answering(answer: HttpResponse) -> Self {
        Self {
            sent: Arc::default(),
            answer: Arc::new(answer),
        }
    }

    /// The requests sent so far.
    pub fn take(&self) -> Vec<HttpRequest> {
        self.sent
            .lock()
            .map(|mut sent| std::mem::take(&mut *sent))
            .unwrap_or_default()
    }
}

/// The client configuration of the recording, sending through `capture`.
pub fn config(fixture: &Fixture, capture: &Capture, endpoint: Option<&str>) -> Config {
    let mut builder = Config::builder()
        .region(fixture.region.as_str())
        .credentials(Credentials::new(
            &fixture.access_key_id,
            &fixture.secret_access_key,
            None,
        ))
        .time_source(FixedClock(UNIX_EPOCH + Duration::from_secs(ORACLE_TIME)))
        .retry(RetryConfig::disabled())
        .http_client(capture.clone());
    if let Some(url) = endpoint {
        builder = builder.endpoint_url(url);
    }
    builder.build()
}
