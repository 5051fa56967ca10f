//! awsJson requests and responses through `protocol::{write_request, read_response,
//! read_error}`.

use super::model::{Everything, Inner, EVERYTHING, INNER};
use super::{respond, write, OP, SERVICE};
use sdk_runtime::protocol::{self, ServiceFailure, ServiceSpec};
use sdk_runtime::schema::{Protocol, ReadValue};

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn a_request_is_a_post_of_the_input_naming_the_operation() {
    let input = Everything {
        flag: Some(true),
        token: Some("given".into()),
        ..Everything::default()
    };
    let parts = protocol::write_request(&SERVICE, &OP, &input).unwrap();
    assert_eq!((parts.method, parts.path.as_str()), ("POST", "/"));
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(
        headers,
        [
            ("content-type".into(), "application/x-amz-json-1.1".into()),
            ("x-amz-target".into(), "Test_20240101.DoEverything".into()),
        ]
    );
    assert_eq!(parts.body, br#"{"Flag": true, "Token": "given"}"#);
    let empty = protocol::write_request(&SERVICE, &OP, &Inner::default()).unwrap();
    assert_eq!(empty.body, b"{}");
}

#[test]
fn an_unset_idempotency_token_is_filled_in_model_order() {
    let input = Everything {
        flag: Some(true),
        nested: Some(Box::default()),
        ..Everything::default()
    };
    let parts = protocol::write_request(&SERVICE, &OP, &input).unwrap();
    let body = String::from_utf8(parts.body).unwrap();
    let token = body
        .strip_prefix(r#"{"Flag": true, "Token": ""#)
        .and_then(|rest| rest.strip_suffix(r#"", "Nested": {}}"#))
        .unwrap_or_else(|| panic!("{body}"));
    assert_eq!(token.len(), 36, "{token}");
    // Only the top level gets one, and a fresh one per request.
    let again = protocol::write_request(&SERVICE, &OP, &input).unwrap();
    assert_ne!(String::from_utf8(again.body).unwrap(), body);
    // Without the dispatcher, nothing is added.
    assert_eq!(write(&input), r#"{"Flag": true, "Nested": {}}"#);
}

#[test]
fn query_compatible_services_say_so_and_other_protocols_fail_clearly() {
    let compatible = ServiceSpec {
        query_compatible: true,
        default_headers: &[],
        json_version: "1.0",
        ..SERVICE
    };
    let parts = protocol::write_request(&compatible, &OP, &Everything::default()).unwrap();
    let names: Vec<String> = parts.headers.iter().map(|(k, _)| k.to_string()).collect();
    assert_eq!(names, ["content-type", "x-amz-target", "x-amzn-query-mode"]);
    assert_eq!(parts.headers[2].1, "true");
    assert_eq!(parts.headers[0].1, "application/x-amz-json-1.0");

    // A REST protocol needs the operation's HTTP binding: without one the request is
    // refused, never sent as some other protocol's.
    let xml = ServiceSpec {
        protocol: Protocol::RestXml,
        ..SERVICE
    };
    let err = protocol::write_request(&xml, &OP, &Everything::default()).unwrap_err();
    assert!(err.to_string().contains("no HTTP binding"), "{err}");
    // A JSON body where XML is expected is malformed, whatever the status says.
    let failure = protocol::read_response(&xml, &OP, 200, &[], b"{}", &mut |r| {
        r.structure(&EVERYTHING, &mut |_, _| Ok(()))
    });
    assert!(
        matches!(failure, Err(ServiceFailure::Malformed(_))),
        "{failure:?}"
    );
}

#[test]
fn empty_and_blank_success_bodies() {
    assert_eq!(respond(b"").unwrap(), Everything::default());
    assert_eq!(respond(b" {} ").unwrap(), Everything::default());
    // Blank where the output has members is malformed; without members it is nothing.
    assert!(matches!(
        respond(b" \r\n"),
        Err(ServiceFailure::Malformed(_))
    ));
    static EMPTY: sdk_runtime::schema::Schema = sdk_runtime::schema::Schema {
        name: "Empty",
        kind: sdk_runtime::schema::ShapeKind::Structure,
        members: &[],
        traits: sdk_runtime::schema::ShapeTraits::NONE,
    };
    static NOTHING: sdk_runtime::schema::OperationSchema = sdk_runtime::schema::OperationSchema {
        name: "Nothing",
        input: &EMPTY,
        output: &EMPTY,
        http: None,
        request_compression: &[],
        checksum: sdk_runtime::schema::HttpChecksum::NONE,
    };
    let mut called = false;
    protocol::read_response(&SERVICE, &NOTHING, 200, &[], b" \n", &mut |r| {
        called = true;
        r.structure(&EMPTY, &mut |_, _| unreachable!())
    })
    .unwrap();
    assert!(called);
}

#[test]
fn a_malformed_success_body_keeps_status_and_request_id() {
    let hdrs = headers(&[("X-Amzn-RequestId", "req-1")]);
    for body in [&b"{\"Flag\":"[..], b"<html>", b"\xff\xfe", b"[]", b"null"] {
        let failure = protocol::read_response(&SERVICE, &OP, 200, &hdrs, body, &mut |r| {
            Everything::read_value(r).map(drop)
        });
        match failure {
            Err(ServiceFailure::Malformed(m)) => {
                assert_eq!((m.status, m.request_id.as_deref()), (200, Some("req-1")));
            }
            other => panic!("{body:?}: {other:?}"),
        }
    }
}

/// The service error of an error response.
fn failure(status: u16, hdrs: &[(&str, &str)], body: &str) -> protocol::RawServiceError {
    let result = protocol::read_response(
        &SERVICE,
        &OP,
        status,
        &headers(hdrs),
        body.as_bytes(),
        &mut |_| panic!("read on an error status"),
    );
    match result {
        Err(ServiceFailure::Service(raw)) => raw,
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[test]
fn error_codes_messages_and_request_ids() {
    let raw = failure(
        400,
        &[],
        r#"{"__type":"com.amazon.x#NotFound","message":"gone"}"#,
    );
    assert_eq!(
        (raw.code(), raw.meta().message()),
        ("NotFound", Some("gone"))
    );
    let raw = failure(
        400,
        &[("x-amzn-errortype", "Header:http://internal.amazon.com/x")],
        r#"{"__type":"Body","Message":"upper","errorMessage":"third"}"#,
    );
    assert_eq!(
        (raw.code(), raw.meta().message()),
        ("Header", Some("upper"))
    );
    let raw = failure(400, &[], r#"{"code":"Throttling","errorMessage":"slow"}"#);
    assert_eq!(
        (raw.code(), raw.meta().message()),
        ("Throttling", Some("slow"))
    );
    let raw = failure(500, &[("X-AMZN-REQUESTID", "abc")], "{}");
    assert_eq!((raw.code(), raw.meta().request_id()), ("", Some("abc")));
    // Members of other types are skipped; a garbled body keeps the header's code.
    let raw = failure(
        400,
        &[],
        r#"{"__type":"X","message":7,"Message":{"a":"b"}}"#,
    );
    assert_eq!((raw.code(), raw.meta().message()), ("X", None));
    let raw = failure(503, &[("X-Amzn-ErrorType", "Busy")], "<html>busy</html>");
    assert_eq!(raw.meta().to_string(), "Busy (HTTP 503)");
    // awsQueryCompatible: the awsQuery code from `x-amzn-query-error`.
    let raw = failure(
        400,
        &[(
            "x-amzn-query-error",
            "AWS.SimpleQueueService.NonExistentQueue;Sender",
        )],
        r#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"m"}"#,
    );
    assert_eq!(raw.code(), "AWS.SimpleQueueService.NonExistentQueue");
}

#[test]
fn modeled_errors_read_their_members_from_the_body() {
    let read = |body: &[u8]| {
        let mut out = None;
        protocol::read_error(&SERVICE, &INNER, 400, &[], body, &mut |r| {
            out = Some(Inner::read_value(r)?);
            Ok(())
        })
        .map(|()| out.unwrap())
    };
    let inner = read(br#"{"__type":"X","Name":"n","Size":2,"message":"m"}"#).unwrap();
    assert_eq!(inner.name.as_deref(), Some("n"));
    assert_eq!(inner.size, Some(2));
    assert_eq!(read(b"").unwrap(), Inner::default());
    assert_eq!(read(b"  ").unwrap(), Inner::default());
    assert!(read(br#"{"Size":"x"}"#).is_err());
}

#[test]
fn host_prefixes_take_only_host_safe_labels() {
    use sdk_runtime::schema::{HttpBinding, OperationSchema, UriSegment};
    static PREFIXED: OperationSchema = OperationSchema {
        name: "DoEverything",
        input: &super::model::EVERYTHING,
        output: &super::model::EVERYTHING,
        http: Some(HttpBinding {
            method: "POST",
            path: &[UriSegment::Literal("/")],
            query: &[],
            code: 200,
            host_prefix: Some("data-{Text}."),
        }),
        request_compression: &[],
        checksum: sdk_runtime::schema::HttpChecksum::NONE,
    };
    let with = |text: &str| Everything {
        text: Some(text.into()),
        ..Everything::default()
    };
    let parts = protocol::write_request(&SERVICE, &PREFIXED, &with("a-1.b")).unwrap();
    assert_eq!(parts.host_prefix.as_deref(), Some("data-a-1.b."));
    for bad in ["", "evil.com/", "a b", "é", "x:80"] {
        let err = protocol::write_request(&SERVICE, &PREFIXED, &with(bad)).unwrap_err();
        assert!(err.to_string().contains("host label Text"), "{err}");
    }
    let err = protocol::write_request(&SERVICE, &PREFIXED, &Everything::default()).unwrap_err();
    assert!(err.to_string().contains("not set"), "{err}");
    let plain = protocol::write_request(&SERVICE, &OP, &with("x")).unwrap();
    assert_eq!(plain.host_prefix, None);
}
