//! Test doubles as a user's tests use them: a generated client over a replaying
//! transport, and a generated client answering from typed stubs. No network.

use sdk_runtime::http::{HttpRequest, HttpResponse};
use sdk_runtime::test_util::{service_error, ReplayClient, ReplayEvent, Stubs};
use sdk_runtime::ConstructionError;
use sdk_secretsmanager::operation::get_secret_value::{
    GetSecretValue, GetSecretValueError, GetSecretValueOutput,
};
use sdk_secretsmanager::operation::list_secrets::{ListSecrets, ListSecretsOutput};
use sdk_secretsmanager::types::error::ResourceNotFoundException;
use sdk_secretsmanager::types::SecretListEntry;
use sdk_secretsmanager::{Client, Config, Credentials};

const ENDPOINT: &str = "https://secretsmanager.us-east-1.amazonaws.com/";

fn recorded_request(target: &str, body: &str) -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        url: ENDPOINT.into(),
        headers: [
            ("content-type", "application/x-amz-json-1.1"),
            ("x-amz-target", target),
            // Signed at a different time: never compared.
            ("x-amz-date", "20000101T000000Z"),
        ]
        .into_iter()
        .collect(),
        body: body.as_bytes().to_vec(),
    }
}

fn response(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: [("x-amzn-requestid", "req-1")].into_iter().collect(),
        body: body.as_bytes().to_vec(),
    }
}

fn replaying(events: Vec<ReplayEvent>) -> (Client, ReplayClient) {
    let replay = ReplayClient::new(events);
    let client = Client::from_config(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
            .http_client(replay.clone()),
    );
    (client, replay)
}

#[tokio::test]
async fn replay_answers_in_order_and_checks_the_requests_sent() {
    let (client, replay) = replaying(vec![
        ReplayEvent::new(
            recorded_request(
                "secretsmanager.GetSecretValue",
                // Member order and spacing differ from what is sent: compared as JSON.
                r#"{ "VersionStage": "AWSCURRENT", "SecretId": "db-password" }"#,
            ),
            response(200, r#"{"Name":"db-password","SecretString":"hunter2"}"#),
        ),
        ReplayEvent::new(
            recorded_request("secretsmanager.GetSecretValue", r#"{"SecretId":"gone"}"#),
            response(
                400,
                r#"{"__type":"ResourceNotFoundException","Message":"Secrets Manager can't find the specified secret."}"#,
            ),
        ),
    ]);

    let out = client
        .get_secret_value("db-password")
        .version_stage("AWSCURRENT")
        .send()
        .await
        .unwrap();
    assert_eq!(out.secret_string.as_deref(), Some("hunter2"));
    let err = client.get_secret_value("gone").send().await.unwrap_err();
    match err {
        GetSecretValueError::ResourceNotFoundException(e) => {
            assert_eq!(e.meta().request_id(), Some("req-1"))
        }
        other => panic!("{other:?}"),
    }
    replay.assert_requests_match(&[]);

    let sent = replay.actual_requests();
    assert_eq!(sent.len(), 2);
    assert!(sent[0].headers.get("authorization").is_some());
}

#[tokio::test]
async fn replay_reports_every_difference_and_requests_beyond_the_recording() {
    let (client, replay) = replaying(vec![ReplayEvent::new(
        recorded_request("secretsmanager.GetSecretValue", r#"{"SecretId":"a"}"#),
        response(200, "{}"),
    )]);
    client.list_secrets().send().await.unwrap();
    let beyond = client.get_secret_value("b").send().await.unwrap_err();
    match &beyond {
        GetSecretValueError::Transport(e) => {
            assert!(
                e.to_string()
                    .contains("request 2 sent, but only 1 recorded"),
                "{e}"
            )
        }
        other => panic!("{other:?}"),
    }

    let mismatch = replay.check_requests(&[]).unwrap_err().to_string();
    assert!(
        mismatch.contains("2 requests sent, 1 recorded"),
        "{mismatch}"
    );
    assert!(
        mismatch.contains(
            r#"header x-amz-target: sent "secretsmanager.ListSecrets", recorded "secretsmanager.GetSecretValue""#
        ),
        "{mismatch}"
    );
    assert!(
        mismatch.contains(r#"body: sent "{}", recorded "{\"SecretId\":\"a\"}""#),
        "{mismatch}"
    );
    // Ignoring the header leaves the other differences.
    let mismatch = replay
        .check_requests(&["X-Amz-Target"])
        .unwrap_err()
        .to_string();
    assert!(!mismatch.contains("x-amz-target"), "{mismatch}");
    assert!(mismatch.contains("body:"), "{mismatch}");

    let panicked = std::panic::catch_unwind(|| replay.assert_requests_match(&[]));
    assert!(panicked.is_err());
}

#[tokio::test]
async fn stubs_answer_typed_outputs_and_documented_errors_without_any_setup() {
    let stubs = Stubs::new().on::<GetSecretValue>(|input| match input.secret_id.as_str() {
        "db-password" => Ok(GetSecretValueOutput::new()
            .name("db-password")
            .secret_string("hunter2")),
        _ => Err(GetSecretValueError::ResourceNotFoundException(
            service_error(
                "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret.",
                ResourceNotFoundException::new(),
            ),
        )),
    });
    // No region, credentials or transport: stubbed calls send nothing.
    let client = Client::from_config(Config::builder().stubs(stubs.clone()));

    let out = client.get_secret_value("db-password").send().await.unwrap();
    assert_eq!(out.secret_string.as_deref(), Some("hunter2"));

    let err = client.get_secret_value("other").send().await.unwrap_err();
    let GetSecretValueError::ResourceNotFoundException(e) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(e.meta().code(), Some("ResourceNotFoundException"));
    assert_eq!(
        err.to_string(),
        "ResourceNotFoundException: Secrets Manager can't find the specified secret. \
         (HTTP 400, request id stub)"
    );
    assert_eq!(stubs.calls::<GetSecretValue>(), 2);

    // An operation without a stub fails, naming it, instead of reaching the network.
    let err = client.list_secrets().send().await.unwrap_err();
    let shown = err.to_string();
    assert!(
        matches!(
            &err,
            sdk_secretsmanager::operation::list_secrets::ListSecretsError::Construction(
                ConstructionError::NotStubbed {
                    operation: "ListSecrets",
                    ..
                }
            )
        ),
        "{err:?}"
    );
    assert_eq!(
        shown,
        "no stub for Secrets Manager ListSecrets: register one with Stubs::on"
    );
    assert_eq!(stubs.calls::<ListSecrets>(), 0);
}

#[tokio::test]
async fn stubbed_pages_go_through_the_paginator_without_futures_util() {
    let stubs = Stubs::new().on::<ListSecrets>(|input| {
        let (names, next): (&[&str], _) = match input.next_token.as_deref() {
            None => (&["a", "b"], Some("page-2")),
            Some("page-2") => (&["c"], None),
            Some(other) => panic!("unexpected token {other}"),
        };
        let entries: Vec<_> = names
            .iter()
            .map(|name| SecretListEntry::new().name(*name))
            .collect();
        let page = ListSecretsOutput::new().secret_list(entries);
        Ok(match next {
            Some(token) => page.next_token(token),
            None => page,
        })
    });
    let client = Client::from_config(Config::builder().stubs(stubs.clone()));

    let names: Vec<String> = client
        .list_secrets()
        .into_paginator()
        .items()
        .collect()
        .await
        .unwrap()
        .into_iter()
        .filter_map(|entry| entry.name)
        .collect();
    assert_eq!(names, ["a", "b", "c"]);

    let mut pages = client.list_secrets().into_paginator();
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.next_token.as_deref(), Some("page-2"));
    assert_eq!(
        pages
            .next()
            .await
            .unwrap()
            .unwrap()
            .secret_list
            .unwrap()
            .len(),
        1
    );
    assert!(pages.next().await.is_none());
    assert_eq!(stubs.calls::<ListSecrets>(), 4);
}
