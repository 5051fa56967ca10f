//! Waiters end to end: `Client::wait_until_*` of the generated crates against a moto
//! server, each after the call that makes the resource, as a user writes it.
//!
//! Needs `MOTO_SERVER` (set by `cargo xtask test`).

use std::time::Duration;

use sdk_runtime::waiter::WaiterErrorKind;
use tests::moto::MotoServer;

macro_rules! client {
    ($krate:ident, $server:expr) => {
        $krate::Client::from_config(
            $krate::Config::builder()
                .endpoint_url($server.endpoint())
                .region("us-east-1")
                .credentials($krate::Credentials::new("testing", "testing", None)),
        )
    };
}

#[tokio::test]
async fn dynamodb_table_exists_after_create_table() {
    use sdk_dynamodb::types::{
        AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
        TableStatus,
    };
    let server = MotoServer::start();
    let client = client!(sdk_dynamodb, server);
    client
        .create_table("orders")
        .attribute_definitions(vec![AttributeDefinition::new("pk", ScalarAttributeType::S)])
        .key_schema(vec![KeySchemaElement::new("pk", KeyType::Hash)])
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .expect("create table");

    let done = client
        .wait_until_table_exists("orders")
        .max_wait(Duration::from_secs(60))
        .send()
        .await
        .expect("the table becomes active");
    let table = done
        .into_output()
        .and_then(|out| out.table)
        .expect("a table");
    assert_eq!(table.table_status, Some(TableStatus::Active));

    // A table that is not there: ResourceNotFoundException means retry, so the wait
    // runs out of time rather than failing at once.
    let missing = client
        .wait_until_table_exists("nowhere")
        .max_wait(Duration::from_secs(1))
        .send()
        .await
        .expect_err("no such table");
    assert_eq!(missing.waiter, "TableExists");
    assert!(
        matches!(missing.kind, WaiterErrorKind::Timeout { .. }),
        "{missing}"
    );
    assert_eq!(missing.attempts, 1);
}

#[tokio::test]
async fn s3_object_exists_after_put_and_not_exists_after_delete() {
    let server = MotoServer::start();
    let client = client!(sdk_s3, server);
    client.create_bucket("photos").send().await.expect("bucket");
    client
        .put_object("photos", "a.txt")
        .body(b"hello".to_vec())
        .send()
        .await
        .expect("put");

    let exists = client
        .wait_until_object_exists("photos", "a.txt")
        .send()
        .await
        .expect("the object exists");
    assert_eq!(exists.attempts, 1);
    assert_eq!(exists.into_output().and_then(|o| o.content_length), Some(5));

    client
        .delete_object("photos", "a.txt")
        .send()
        .await
        .expect("delete");
    // ObjectNotExists succeeds on HeadObject's 404: the outcome holds that error.
    let gone = client
        .wait_until_object_not_exists("photos", "a.txt")
        .send()
        .await
        .expect("the object is gone");
    let error = gone.response.expect_err("a 404 is the success");
    assert_eq!(error.meta().map(|m| m.status()), Some(404));
}

#[tokio::test]
async fn ec2_instance_running_after_run_instances() {
    let server = MotoServer::start();
    let client = client!(sdk_ec2, server);
    let run = client
        .run_instances(1, 1)
        .image_id("ami-03cf127a")
        .send()
        .await
        .expect("run instances");
    let id = run
        .instances
        .and_then(|i| i.into_iter().next())
        .and_then(|i| i.instance_id)
        .expect("an instance id");

    let running = client
        .wait_until_instance_running()
        .instance_ids(vec![id.clone()])
        .max_wait(Duration::from_secs(60))
        .send()
        .await
        .expect("the instance runs");
    let state = running
        .into_output()
        .and_then(|o| o.reservations)
        .and_then(|r| r.into_iter().next())
        .and_then(|r| r.instances)
        .and_then(|i| i.into_iter().next())
        .and_then(|i| i.state)
        .and_then(|s| s.name);
    assert_eq!(state, Some(sdk_ec2::types::InstanceStateName::Running));

    // Terminated: InstanceRunning's failure acceptor ends the wait at once.
    client
        .terminate_instances(vec![id.clone()])
        .send()
        .await
        .expect("terminate");
    let failed = client
        .wait_until_instance_running()
        .instance_ids(vec![id])
        .send()
        .await
        .expect_err("a terminated instance never runs");
    assert!(
        matches!(failed.kind, WaiterErrorKind::FailureState { .. }),
        "{failed}"
    );
}

#[tokio::test]
async fn lambda_function_active_after_create_function() {
    use sdk_lambda::types::{FunctionCode, Runtime, State};
    let server = MotoServer::start();
    let role = server.create_iam_role("waiter-role");
    let client = client!(sdk_lambda, server);
    // The smallest zip archive: an end-of-central-directory record, no files.
    let mut empty_zip = vec![0x50, 0x4b, 0x05, 0x06];
    empty_zip.resize(22, 0);
    client
        .create_function(
            "echo",
            role,
            FunctionCode::new().zip_file(sdk_lambda::Blob::new(empty_zip)),
        )
        .runtime(Runtime::Python312)
        .handler("index.handler")
        .send()
        .await
        .expect("create function");

    let active = client
        .wait_until_function_active_v2("echo")
        .send()
        .await
        .expect("the function becomes active");
    let state = active
        .into_output()
        .and_then(|o| o.configuration)
        .and_then(|c| c.state);
    assert_eq!(state, Some(State::Active));
}

/// Every acceptor path of the services' waiters is an expression the runtime evaluates
/// (a JMESPath subset), so no emitted waiter fails on its own path. No server needed.
#[test]
fn every_acceptor_path_of_the_services_parses() {
    use codegen::ir::Matcher;
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input");
    let mut paths = 0;
    for entry in std::fs::read_dir(&docs).expect("docs-input") {
        let dir = entry.expect("an entry").path();
        if !dir.join("wire.toml").is_file() {
            continue;
        }
        let service = codegen::load_service(&dir).expect("loads").service;
        for waiter in service.waiters.values() {
            for acceptor in &waiter.acceptors {
                if let Matcher::Path { path, .. }
                | Matcher::PathAll { path, .. }
                | Matcher::PathAny { path, .. } = &acceptor.matcher
                {
                    sdk_runtime::waiter::path::Expression::parse(path)
                        .unwrap_or_else(|e| panic!("{}: {path}: {e}", waiter.name));
                    paths += 1;
                }
            }
        }
    }
    assert!(paths > 100, "{paths} paths");
}
