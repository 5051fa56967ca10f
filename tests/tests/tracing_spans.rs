//! The `tracing` feature as a user turns it on (`sdk-secretsmanager` with
//! `features = ["tracing"]`): a subscriber sees a `call` span per operation call with
//! the service and operation, an `attempt` span per attempt with its number and HTTP
//! status, and a `retrying` event between attempts. The subscriber here is a small
//! hand-written one that records span names and fields.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use sdk_runtime::http::{HttpRequest, HttpResponse};
use sdk_runtime::test_util::{ReplayClient, ReplayEvent};
use sdk_secretsmanager::{Client, Config, Credentials, RetryConfig};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// What the subscriber saw, in order: `new call service=... operation=...`,
/// `record attempt status=500`, `event attempt=1 delay_ms=...`, ...; span ids are
/// indexes into `names`.
#[derive(Clone, Default)]
struct Seen {
    lines: Arc<Mutex<Vec<String>>>,
    names: Arc<Mutex<Vec<&'static str>>>,
}

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() != "message" {
            self.0.push_str(&format!(" {}={value:?}", field.name()));
        }
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push_str(&format!(" {}={value}", field.name()));
    }
}

impl Subscriber for Seen {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("sdk_runtime")
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Fields(String::new());
        span.record(&mut fields);
        let name = span.metadata().name();
        self.lines
            .lock()
            .unwrap()
            .push(format!("new {name}{}", fields.0));
        let mut names = self.names.lock().unwrap();
        names.push(name);
        Id::from_u64(names.len() as u64)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let name = self.names.lock().unwrap()[span.into_u64() as usize - 1];
        let mut fields = Fields(String::new());
        values.record(&mut fields);
        self.lines
            .lock()
            .unwrap()
            .push(format!("record {name}{}", fields.0));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        self.lines
            .lock()
            .unwrap()
            .push(format!("event{}", fields.0));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn event(status: u16, body: &str) -> ReplayEvent {
    ReplayEvent::new(
        HttpRequest {
            method: "POST".into(),
            url: "https://secretsmanager.us-east-1.amazonaws.com/".into(),
            headers: Default::default(),
            body: Vec::new(),
        },
        HttpResponse {
            status,
            headers: Default::default(),
            body: body.as_bytes().to_vec(),
        },
    )
}

#[test]
fn calls_and_attempts_are_spans_and_retries_are_events() {
    let seen = Seen::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let _guard = tracing::subscriber::set_default(seen.clone());
    let client = Client::from_config(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
            .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
            .http_client(ReplayClient::new([
                event(500, r#"{"__type": "InternalServiceError"}"#),
                event(200, r#"{"Name": "db"}"#),
            ])),
    );
    runtime
        .block_on(client.get_secret_value("db").send())
        .unwrap();

    let lines = seen.lines.lock().unwrap().clone();
    let retrying: Vec<_> = lines.iter().filter(|l| l.starts_with("event")).collect();
    assert_eq!(retrying.len(), 1, "{lines:#?}");
    assert!(
        retrying[0].starts_with("event attempt=1 delay_ms="),
        "{lines:#?}"
    );
    let spans: Vec<_> = lines.iter().filter(|l| !l.starts_with("event")).collect();
    assert_eq!(
        spans,
        [
            "new call service=Secrets Manager operation=GetSecretValue",
            "new attempt attempt=1",
            "record attempt status=500",
            "new attempt attempt=2",
            "record attempt status=200",
        ],
        "{lines:#?}"
    );
}
