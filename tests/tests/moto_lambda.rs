//! Lambda end to end: the generated restJson1 client against a moto server.
//!
//! Needs `MOTO_SERVER` (set by `cargo xtask test`).

use std::collections::BTreeMap;

use sdk_lambda::operation::get_function::GetFunctionError;
use sdk_lambda::types::{FunctionCode, Runtime};
use sdk_lambda::{Blob, Client, Config, Credentials};
use tests::moto::MotoServer;

fn client(server: &MotoServer) -> Client {
    Client::from_config(
        Config::builder()
            .endpoint_url(server.endpoint())
            .region("us-east-1")
            .credentials(Credentials::new("testing", "testing", None)),
    )
}

/// A zip archive of one file, stored without compression: what `CreateFunction`
/// uploads, built in memory.
fn zip(name: &str, content: &[u8]) -> Vec<u8> {
    let crc = crc32(content);
    let size = u32::try_from(content.len()).expect("a small file");
    let name_len = u16::try_from(name.len()).expect("a short name");
    let mut out = Vec::new();
    // Local file header.
    out.extend_from_slice(&0x0403_4b50_u32.to_le_bytes());
    out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]); // version, flags, stored, time
    out.extend_from_slice(&[0x21, 0]); // date: 1980-01-01
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&name_len.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(content);
    let central = out.len();
    // Central directory header.
    out.extend_from_slice(&0x0201_4b50_u32.to_le_bytes());
    out.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&name_len.to_le_bytes());
    out.extend_from_slice(&[0; 12]); // extra, comment, disk, attributes
    out.extend_from_slice(&0u32.to_le_bytes()); // offset of the local header
    out.extend_from_slice(name.as_bytes());
    let central_len = u32::try_from(out.len() - central).expect("small");
    // End of central directory.
    out.extend_from_slice(&0x0605_4b50_u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
    out.extend_from_slice(&central_len.to_le_bytes());
    out.extend_from_slice(&u32::try_from(central).expect("small").to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// CRC-32 (IEEE), as zip stores it.
fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |crc, &byte| {
        (0..8).fold(crc ^ u32::from(byte), |c, _| {
            if c & 1 == 1 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            }
        })
    })
}

#[test]
fn the_zip_checksum_is_crc32() {
    // The check value of CRC-32/ISO-HDLC.
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
}

async fn create_function(client: &Client, role: &str, name: &str, publish: bool) -> String {
    let code = zip(
        "index.py",
        b"def handler(event, context):\n    return event\n",
    );
    let created = client
        .create_function(name, role, FunctionCode::new().zip_file(Blob::new(code)))
        .runtime(Runtime::Python312)
        .handler("index.handler")
        .description("echoes its event")
        .timeout(30)
        .memory_size(256)
        .publish(publish)
        .tags(BTreeMap::from([("team".to_owned(), "core".to_owned())]))
        .send()
        .await
        .expect("create function");
    assert_eq!(created.function_name.as_deref(), Some(name));
    assert_eq!(created.runtime, Some(Runtime::Python312));
    assert_eq!(created.handler.as_deref(), Some("index.handler"));
    assert_eq!(created.timeout, Some(30));
    assert_eq!(created.memory_size, Some(256));
    created.function_arn.expect("a function ARN")
}

#[tokio::test]
async fn a_function_is_created_read_versioned_aliased_tagged_and_shared() {
    let server = MotoServer::start();
    let role = server.create_iam_role("lambda-role");
    let client = client(&server);
    let arn = create_function(&client, &role, "echo", true).await;

    // Read back: a label in the path, the configuration and tags in the body.
    let got = client.get_function("echo").send().await.expect("get");
    let configuration = got.configuration.expect("a configuration");
    assert_eq!(configuration.function_arn.as_deref(), Some(arn.as_str()));
    assert_eq!(configuration.role.as_deref(), Some(role.as_str()));
    assert_eq!(
        configuration.description.as_deref(),
        Some("echoes its event")
    );
    assert!(configuration.code_size.is_some_and(|size| size > 0));
    assert_eq!(
        got.tags.expect("tags").get("team").map(String::as_str),
        Some("core")
    );
    // A query parameter: the published version by qualifier.
    let version_one = client
        .get_function("echo")
        .qualifier("1")
        .send()
        .await
        .expect("get version 1");
    assert_eq!(
        version_one.configuration.and_then(|c| c.version).as_deref(),
        Some("1")
    );

    // Versions: `$LATEST`, 1 (published on create) and 2. As on AWS, publishing code
    // that has not changed since the last version gives that version back.
    let unchanged = client
        .publish_version("echo")
        .send()
        .await
        .expect("publish unchanged");
    assert_eq!(unchanged.version.as_deref(), Some("1"));
    let code = zip("index.py", b"def handler(event, context):\n    return 2\n");
    let updated = client
        .update_function_code("echo")
        .zip_file(Blob::new(code))
        .send()
        .await
        .expect("update code");
    assert_eq!(updated.version.as_deref(), Some("$LATEST"));
    let published = client
        .publish_version("echo")
        .description("second")
        .send()
        .await
        .expect("publish");
    assert_eq!(published.version.as_deref(), Some("2"));
    assert_eq!(published.description.as_deref(), Some("second"));
    let versions = client
        .list_versions_by_function("echo")
        .send()
        .await
        .expect("versions");
    let versions: Vec<String> = versions
        .versions
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| v.version)
        .collect();
    assert_eq!(versions, ["$LATEST", "1", "2"]);

    // Aliases.
    let alias = client
        .create_alias("echo", "live", "1")
        .description("what callers use")
        .send()
        .await
        .expect("create alias");
    assert_eq!(alias.alias_arn.as_deref(), Some(&*format!("{arn}:live")));
    let read = client
        .get_alias("echo", "live")
        .send()
        .await
        .expect("alias");
    assert_eq!(read.function_version.as_deref(), Some("1"));
    assert_eq!(read.description.as_deref(), Some("what callers use"));
    let aliases = client.list_aliases("echo").send().await.expect("aliases");
    let names: Vec<String> = aliases
        .aliases
        .unwrap_or_default()
        .into_iter()
        .filter_map(|a| a.name)
        .collect();
    assert_eq!(names, ["live"]);

    // Tags by ARN: the ARN is a label, its `:` percent-encoded.
    client
        .tag_resource(
            arn.as_str(),
            BTreeMap::from([("env".to_owned(), "test".to_owned())]),
        )
        .send()
        .await
        .expect("tag");
    let tags = client
        .list_tags(arn.as_str())
        .send()
        .await
        .expect("list tags")
        .tags
        .unwrap_or_default();
    assert_eq!(
        tags,
        BTreeMap::from([
            ("env".to_owned(), "test".to_owned()),
            ("team".to_owned(), "core".to_owned()),
        ])
    );

    // A resource policy: one statement added, read back as JSON text.
    let added = client
        .add_permission(
            "echo",
            "s3-invoke",
            "lambda:InvokeFunction",
            "s3.amazonaws.com",
        )
        .send()
        .await
        .expect("add permission");
    assert!(added.statement.is_some_and(|s| s.contains("s3-invoke")));
    let policy = client
        .get_policy("echo")
        .send()
        .await
        .expect("policy")
        .policy
        .expect("a policy document");
    let policy: serde_json::Value = serde_json::from_str(&policy).expect("JSON policy");
    assert_eq!(policy["Statement"][0]["Sid"], "s3-invoke");
    assert_eq!(
        policy["Statement"][0]["Principal"]["Service"],
        "s3.amazonaws.com"
    );
}

#[tokio::test]
async fn functions_are_listed_through_the_paginator() {
    let server = MotoServer::start();
    let role = server.create_iam_role("lambda-role");
    let client = client(&server);
    for i in 0..5 {
        create_function(&client, &role, &format!("fn-{i}"), false).await;
    }
    let functions = client
        .list_functions()
        .max_items(2)
        .into_paginator()
        .items()
        .collect()
        .await
        .expect("list");
    let mut names: Vec<String> = functions
        .into_iter()
        .filter_map(|f| f.function_name)
        .collect();
    names.sort();
    assert_eq!(names, ["fn-0", "fn-1", "fn-2", "fn-3", "fn-4"]);
}

#[tokio::test]
async fn a_missing_function_is_a_typed_error() {
    let server = MotoServer::start();
    let client = client(&server);
    match client.get_function("nope").send().await {
        Err(GetFunctionError::ResourceNotFoundException(e)) => {
            let message = e.to_string();
            assert!(message.contains("Function not found"), "{message}");
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
}
