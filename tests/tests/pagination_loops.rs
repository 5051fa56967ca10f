//! A listing whose structured next tokens come round again ends with an error instead
//! of paging forever: DynamoDB `Query` pages by `LastEvaluatedKey`, a map of attribute
//! values, through a transport that answers from memory.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use futures_util::TryStreamExt as _;
use sdk_dynamodb::operation::query::QueryError;
use sdk_runtime::http::{BoxFuture, Headers, HttpClient, HttpRequest, HttpResponse};
use sdk_runtime::{Config, Credentials, TransportError};

/// Page `n` (from 0) holds one item and names `keys[n % keys.len()]` as the next key.
#[derive(Debug)]
struct Table {
    keys: &'static [&'static str],
    sent: Arc<AtomicUsize>,
}

impl HttpClient for Table {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let n = self.sent.fetch_add(1, Ordering::SeqCst);
        let key = self.keys[n % self.keys.len()];
        let body = format!(
            r#"{{"Items":[{{"n":{{"N":"{n}"}}}}],"LastEvaluatedKey":{{"pk":{{"S":"{key}"}},"sk":{{"N":"1"}}}}}}"#
        );
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                headers: Headers::new(),
                body: body.into_bytes(),
            })
        })
    }
}

#[tokio::test]
async fn structured_tokens_that_come_round_again_end_the_listing_with_an_error() {
    let sent = Arc::new(AtomicUsize::new(0));
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .http_client(Table {
            keys: &["a", "b", "c"],
            sent: sent.clone(),
        })
        .build();
    let client = sdk_dynamodb::Client::from_config(config);
    let mut items = client.query("things").into_paginator().items();
    let mut numbers = Vec::new();
    let error = loop {
        match items.try_next().await {
            Ok(Some(mut item)) => numbers.push(item.remove("n").and_then(|v| v.n)),
            Ok(None) => panic!("the listing ended without an error"),
            Err(e) => break e,
        }
        assert!(numbers.len() < 100, "the listing does not stop");
    };
    // Keys a, b, c, then a again: the fourth page's key was sent for the second page.
    let expected: Vec<_> = (0..4).map(|n| Some(n.to_string())).collect();
    assert_eq!(numbers, expected);
    assert_eq!(sent.load(Ordering::SeqCst), 4);
    match error {
        QueryError::MalformedResponse(e) => assert!(
            e.reason
                .ends_with("the next token of page 4 was already sent for page 2"),
            "{e}"
        ),
        other => panic!("expected a pagination error, got {other:?}"),
    }
    assert!(items.try_next().await.unwrap().is_none());
}
