//! Uses the generated restXml crate the way a caller would. Compiled inside the
//! generated crate by `emit_rest_xml.rs`.

use sdk_bucketeer::operation::list_things::{self, ListThingsError, ListThingsRequest};
use sdk_bucketeer::operation::put_config::{self, PutConfig, PutConfigRequest};
use sdk_bucketeer::types::{Rule, ThingConfig};
use sdk_runtime::protocol::Operation as _;

#[test]
fn payloads_are_the_xml_botocore_writes() {
    let config = ThingConfig::new()
        .id("c-1")
        .rules(vec![Rule::new().name("r1"), Rule::new().name("r2")])
        .tags(vec!["t1".to_owned()]);
    let parts = put_config::request(&PutConfigRequest::new("b", config)).expect("a request");
    assert_eq!((parts.method, parts.path.as_str()), ("PUT", "/b?config"));
    assert_eq!(
        String::from_utf8_lossy(&parts.body),
        "<ThingConfiguration xmlns=\"http://things.example/doc/2006-03-01/\" id=\"c-1\">\
         <Rule><Name>r1</Name></Rule><Rule><Name>r2</Name></Rule>\
         <Tags><Tag>t1</Tag></Tags></ThingConfiguration>"
    );
}

#[test]
fn the_checksum_trait_is_in_the_operation_schema() {
    assert!(PutConfig::SCHEMA.checksum.required);
    assert!(
        !sdk_bucketeer::operation::list_things::ListThings::SCHEMA
            .checksum
            .required
    );
}

#[test]
fn labels_and_query_members_leave_the_body() {
    let input = ListThingsRequest::new("b").prefix("p/").max_keys(2);
    let parts = list_things::request(&input).expect("a request");
    assert_eq!(parts.method, "GET");
    assert!(parts.path.starts_with("/b?list-type=2&"), "{}", parts.path);
    assert!(parts.path.contains("prefix=p%2F"), "{}", parts.path);
    assert!(parts.path.contains("max-keys=2"), "{}", parts.path);
    assert!(parts.body.is_empty());
}

#[test]
fn outputs_read_flattened_lists_and_headers() {
    let headers = vec![("x-amz-request-charged".to_owned(), "requester".to_owned())];
    let out = list_things::response(
        200,
        &headers,
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
          <ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name>\
          <KeyCount>2</KeyCount><Contents><Key>a</Key><Size>3</Size></Contents>\
          <Contents><Key>b</Key><Size>4</Size></Contents><IsTruncated>false</IsTruncated>\
          </ListBucketResult>",
    )
    .expect("an output");
    assert_eq!(out.name.as_deref(), Some("b"));
    assert_eq!(out.key_count, Some(2));
    assert_eq!(out.is_truncated, Some(false));
    assert_eq!(out.request_charged.as_deref(), Some("requester"));
    let contents = out.contents.unwrap_or_default();
    let keys: Vec<_> = contents
        .iter()
        .map(|o| (o.key.as_deref(), o.size))
        .collect();
    assert_eq!(keys, [(Some("a"), Some(3)), (Some("b"), Some(4))]);
}

#[test]
fn bare_error_bodies_select_their_variant() {
    let err = list_things::response(
        404,
        &[],
        b"<Error><Code>NoSuchBucket</Code><Message>gone</Message><RequestId>r-3</RequestId></Error>",
    )
    .expect_err("an error status");
    match err {
        ListThingsError::NoSuchBucket(e) => {
            assert_eq!(e.meta().code(), Some("NoSuchBucket"));
            assert_eq!(e.meta().message(), Some("gone"));
            assert_eq!(e.meta().status(), 404);
        }
        other => panic!("expected NoSuchBucket, got {other:?}"),
    }
}

#[test]
fn s3_calls_can_be_presigned() {
    use std::future::Future as _;
    let client = sdk_bucketeer::Client::from_config(
        sdk_bucketeer::Config::builder()
            .region("us-west-2")
            .credentials(sdk_bucketeer::Credentials::new("AKID", "secret", None)),
    );
    let call = client
        .list_things("my-bucket")
        .prefix("p")
        .presigned(std::time::Duration::from_secs(60));
    let mut call = std::pin::pin!(call);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let presigned = loop {
        if let std::task::Poll::Ready(out) = call.as_mut().poll(&mut cx) {
            break out.expect("a presigned request");
        }
    };
    assert_eq!(presigned.method, "GET");
    assert!(
        presigned
            .uri
            .starts_with("https://my-bucket.s3.amazonaws.com/?list-type=2&prefix=p&"),
        "{}",
        presigned.uri
    );
    for part in [
        "X-Amz-Expires=60",
        "X-Amz-Credential=AKID%2F",
        "X-Amz-Signature=",
    ] {
        assert!(presigned.uri.contains(part), "{part}: {}", presigned.uri);
    }
}
