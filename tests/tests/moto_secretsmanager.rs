//! Secrets Manager end to end: the generated client against a moto server.
//!
//! Needs `MOTO_SERVER` (set by `cargo xtask test`).

use futures_util::TryStreamExt as _;
use sdk_secretsmanager::operation::get_secret_value::GetSecretValueError;
use sdk_secretsmanager::{Client, Config, Credentials};
use tests::moto::MotoServer;

fn client(server: &MotoServer) -> Client {
    Client::from_config(
        Config::builder()
            .endpoint_url(server.endpoint())
            .region("us-east-1")
            .credentials(Credentials::new("testing", "testing", None)),
    )
}

#[tokio::test]
async fn a_secret_is_created_read_changed_listed_and_deleted() {
    let server = MotoServer::start();
    let client = client(&server);

    let created = client
        .create_secret("app/database")
        .description("the app's database password")
        .secret_string("first")
        .send()
        .await
        .expect("create");
    assert_eq!(created.name.as_deref(), Some("app/database"));
    let arn = created.arn.expect("an ARN");

    let read = client
        .get_secret_value("app/database")
        .send()
        .await
        .expect("get");
    assert_eq!(read.secret_string.as_deref(), Some("first"));
    assert_eq!(read.arn.as_deref(), Some(arn.as_str()));

    let put = client
        .put_secret_value(arn.as_str())
        .secret_string("second")
        .send()
        .await
        .expect("put value");
    assert!(put.version_id.is_some());
    let read = client
        .get_secret_value(arn.as_str())
        .send()
        .await
        .expect("get after put");
    assert_eq!(read.secret_string.as_deref(), Some("second"));

    // A new value makes a new version, which needs a `ClientRequestToken`: the call
    // fills it (moto refuses the update without one).
    let updated = client
        .update_secret("app/database")
        .description("changed by hand")
        .secret_string("third")
        .send()
        .await
        .expect("update");
    assert!(updated.version_id.is_some());
    let described = client
        .describe_secret("app/database")
        .send()
        .await
        .expect("describe");
    assert_eq!(described.description.as_deref(), Some("changed by hand"));
    let read = client
        .get_secret_value("app/database")
        .send()
        .await
        .expect("get after update");
    assert_eq!(read.secret_string.as_deref(), Some("third"));

    let deleted = client
        .delete_secret("app/database")
        .force_delete_without_recovery(true)
        .send()
        .await
        .expect("delete");
    assert_eq!(deleted.arn.as_deref(), Some(arn.as_str()));
    let gone = client.get_secret_value("app/database").send().await;
    assert!(
        matches!(gone, Err(GetSecretValueError::ResourceNotFoundException(_))),
        "{gone:?}"
    );
}

#[tokio::test]
async fn listing_pages_through_every_secret() {
    let server = MotoServer::start();
    let client = client(&server);
    let mut names: Vec<String> = (1..=7).map(|i| format!("listed/secret-{i}")).collect();
    for name in &names {
        client
            .create_secret(name.as_str())
            .secret_string("value")
            .send()
            .await
            .expect("create");
    }

    let pages: Vec<_> = client
        .list_secrets()
        .into_paginator()
        .page_size(3)
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(pages.len(), 3, "7 secrets in pages of 3");
    // moto ends the listing with `"NextToken": null` (and sends `null` for unset
    // members): read as no token, it ends the stream.
    assert!(pages.last().is_some_and(|page| page.next_token.is_none()));

    let mut listed: Vec<String> = client
        .list_secrets()
        .into_paginator()
        .page_size(2)
        .items()
        .map_ok(|secret| secret.name.unwrap_or_default())
        .try_collect()
        .await
        .expect("items");
    listed.sort();
    names.sort();
    assert_eq!(listed, names);

    let first_five: Vec<_> = client
        .list_secrets()
        .into_paginator()
        .page_size(2)
        .max_items(5)
        .items()
        .try_collect()
        .await
        .expect("at most five items");
    assert_eq!(first_five.len(), 5);
}

#[tokio::test]
async fn a_missing_secret_is_the_documented_error() {
    let server = MotoServer::start();
    let client = client(&server);
    let error = client
        .get_secret_value("no/such/secret")
        .send()
        .await
        .expect_err("there is no such secret");
    let GetSecretValueError::ResourceNotFoundException(not_found) = &error else {
        panic!("expected ResourceNotFoundException, got {error:?}");
    };
    let meta = not_found.meta();
    assert_eq!(meta.code(), Some("ResourceNotFoundException"));
    // AWS answers 400, moto 404: either is the client's fault.
    assert!((400..500).contains(&meta.status()), "{meta:?}");
    assert!(
        error.to_string().contains("ResourceNotFoundException"),
        "{error}"
    );
}
