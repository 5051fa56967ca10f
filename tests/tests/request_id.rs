//! The request id AWS gives every response, on outputs as on errors: read from the
//! `x-amzn-RequestId` header (or `x-amz-request-id`) by the generated client, and by the
//! pure `response` functions, without changing an output's value or its JSON.

use sdk_runtime::codec::json::{self, JsonOptions};
use sdk_runtime::http::{HttpRequest, HttpResponse};
use sdk_runtime::protocol::Operation as _;
use sdk_runtime::schema::ReadValue;
use sdk_runtime::test_util::{ReplayClient, ReplayEvent};
use sdk_secretsmanager::operation::get_secret_value::{GetSecretValue, GetSecretValueOutput};
use sdk_secretsmanager::operation::list_secrets::ListSecrets;
use sdk_secretsmanager::{Client, Config, Credentials, RequestId};

fn answer(headers: &[(&str, &str)], body: &str) -> ReplayEvent {
    ReplayEvent::new(
        HttpRequest {
            method: "POST".into(),
            url: "https://secretsmanager.us-east-1.amazonaws.com/".into(),
            headers: Default::default(),
            body: Vec::new(),
        },
        HttpResponse {
            status: 200,
            headers: headers.iter().copied().collect(),
            body: body.as_bytes().to_vec(),
        },
    )
}

fn client(events: Vec<ReplayEvent>) -> Client {
    Client::from_config(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
            .http_client(ReplayClient::new(events)),
    )
}

#[tokio::test]
async fn outputs_carry_the_request_id_of_their_response() {
    let client = client(vec![
        answer(
            &[("x-amzn-RequestId", "a1b2c3")],
            r#"{"Name": "db", "SecretString": "hunter2"}"#,
        ),
        // Services that answer as S3 does name it x-amz-request-id.
        answer(&[("X-Amz-Request-Id", "s3-style")], r#"{"SecretList": []}"#),
        answer(&[], r#"{"Name": "db"}"#),
    ]);

    let out = client.get_secret_value("db").send().await.unwrap();
    assert_eq!(out.request_id(), Some("a1b2c3"));
    assert_eq!(out.secret_string.as_deref(), Some("hunter2"));

    let page = client.list_secrets().send().await.unwrap();
    assert_eq!(page.request_id(), Some("s3-style"));

    let out = client.get_secret_value("db").send().await.unwrap();
    assert_eq!(out.request_id(), None);
}

#[tokio::test]
async fn every_page_of_a_paginator_carries_its_own_request_id() {
    let client = client(vec![
        answer(
            &[("x-amzn-requestid", "page-1")],
            r#"{"SecretList": [{"Name": "a"}], "NextToken": "t"}"#,
        ),
        answer(
            &[("x-amzn-requestid", "page-2")],
            r#"{"SecretList": [{"Name": "b"}]}"#,
        ),
    ]);
    let pages = client
        .list_secrets()
        .into_paginator()
        .collect()
        .await
        .unwrap();
    let ids: Vec<_> = pages.iter().map(|p| p.request_id()).collect();
    assert_eq!(ids, [Some("page-1"), Some("page-2")]);
}

#[test]
fn the_pure_response_function_reads_it_too() {
    let headers = [("x-amzn-RequestId".to_owned(), "pure-1".to_owned())];
    let out = GetSecretValue::response(200, &headers, br#"{"Name": "db"}"#).unwrap();
    assert_eq!(out.request_id(), Some("pure-1"));
    let out = ListSecrets::response(200, &[], b"{}").unwrap();
    assert_eq!(out.request_id(), None);
}

#[test]
fn the_request_id_is_not_part_of_the_value_nor_of_its_json() {
    let headers = [("x-amzn-RequestId".to_owned(), "req-9".to_owned())];
    let read = GetSecretValue::response(200, &headers, br#"{"Name": "db"}"#).unwrap();
    // Equal to the same members built by hand, whatever response it came from.
    assert_eq!(read, GetSecretValueOutput::new().name("db"));
    // Written by the JSON codec as the members only, and read back without one.
    let json = json::write_struct(&read, JsonOptions::default()).unwrap();
    assert_eq!(json, br#"{"Name": "db"}"#);
    let back: GetSecretValueOutput = json::read_body(&json, false, |r| {
        <GetSecretValueOutput as ReadValue>::read_value(r)
    })
    .unwrap();
    assert_eq!(back, read);
    assert_eq!(back.request_id(), None);
    // Debug shows it: logs of an output name the request to quote to AWS support.
    assert!(format!("{read:?}").contains("req-9"), "{read:?}");
}
