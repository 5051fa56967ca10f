//! What a server says reaches error messages escaped and cut short: a hostile message
//! can neither forge log lines, drive a terminal (ANSI escapes), nor flood a log. The
//! raw text stays available from the accessors.

#![cfg(feature = "default-https-client")] // They go through the default transport.

mod support;

use std::time::Duration;

use sdk_runtime::protocol::ServiceSpec;
use sdk_runtime::{CallError, Config, Credentials, Handle, RetryConfig};
use support::things::{ListThings, ListThingsInput};
use support::{within, FaultServer, Reply};

static SPEC: ServiceSpec = ServiceSpec {
    service_id: "Text Test",
    signing_name: "texttest",
    endpoint_prefix: "texttest",
    target_prefix: "TextTest_20240101",
    json_version: "1.1",
    api_version: "2024-01-01",
    protocol: sdk_runtime::schema::Protocol::AwsJson1_1,
    query_compatible: false,
    default_headers: &[],
};

const LIMIT: Duration = Duration::from_secs(15);

async fn list_things(server: &FaultServer) -> CallError {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(server.url())
        .retry(RetryConfig::disabled())
        .build();
    Handle::new(&config, &SPEC)
        .send::<ListThings>(&ListThingsInput::default())
        .await
        .unwrap_err()
}

/// True when `shown` has no character a terminal or log would act on.
fn is_inert(shown: &str) -> bool {
    !shown
        .chars()
        .any(|c| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
}

#[tokio::test]
async fn control_characters_from_the_server_are_escaped_in_display() {
    within(LIMIT, async {
        let hostile =
            "line one\r\nFAKE LOG LINE\u{1b}[2J\u{1b}[31mred\u{7}\u{0}\u{9b}1m\u{202e}txt";
        let body = serde_json::json!({"__type": "Bad\u{1b}[0mCode", "message": hostile});
        let reply =
            Reply::json(400, &body.to_string()).with_header("x-amzn-RequestId", "req\u{9b}2J-1");
        let server = FaultServer::start(vec![reply]).await;
        let error = list_things(&server).await;
        let meta = error.as_service_error().expect("a service error").meta();
        // The accessors keep what the server sent.
        assert_eq!(meta.message(), Some(hostile));
        assert_eq!(meta.code(), Some("Bad\u{1b}[0mCode"));
        assert_eq!(meta.request_id(), Some("req\u{9b}2J-1"));

        let shown = error.to_string();
        assert!(is_inert(&shown), "{shown:?}");
        assert_eq!(
            shown,
            "service error: Bad\\u{1b}[0mCode: line one\\r\\nFAKE LOG LINE\\u{1b}[2J\\u{1b}[31mred\
             \\u{7}\\u{0}\\u{9b}1m\\u{202e}txt (HTTP 400, request id req\\u{9b}2J-1)"
        );
        assert_eq!(shown.lines().count(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_20_mb_message_is_shown_in_a_few_hundred_characters() {
    within(LIMIT, async {
        let message = "\u{1b}[31mx\r\n".repeat(20_000_000 / 8);
        let body = serde_json::json!({"__type": "Flood", "message": message});
        let server = FaultServer::start(vec![Reply::json(400, &body.to_string())]).await;
        let error = list_things(&server).await;
        let meta = error.as_service_error().expect("a service error").meta();
        assert!(meta.message().unwrap().len() <= 4 * 1024 + 3);
        let shown = error.to_string();
        assert!(is_inert(&shown), "{shown:?}");
        assert!(
            shown.chars().count() < 4 * 512,
            "{} characters",
            shown.len()
        );
        assert!(shown.contains("…"), "{shown}");
        assert!(
            shown.ends_with("(HTTP 400, request id req-fault)"),
            "{shown}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_malformed_response_shows_server_text_escaped() {
    within(LIMIT, async {
        // The reader names the path of what it could not read, keys as the server sent them.
        let key = format!("\u{1b}]0;title\u{7}{}", "y".repeat(5000));
        let body = format!("{{{}: x}}", serde_json::Value::String(key));
        let server = FaultServer::start(vec![Reply::json(200, &body)]).await;
        let error = list_things(&server).await;
        let CallError::Response(malformed) = &error else {
            panic!("expected a malformed response, got {error:?}");
        };
        assert!(malformed.reason.contains('\u{1b}'), "the reason stays raw");
        let shown = error.to_string();
        assert!(is_inert(&shown), "{shown:?}");
        assert!(shown.contains("\\u{1b}]0;title\\u{7}"), "{shown}");
        assert!(shown.chars().count() < 1024, "{} characters", shown.len());
    })
    .await;
}
