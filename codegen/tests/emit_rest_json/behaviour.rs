//! Uses the generated restJson1 crate the way a caller would. Compiled inside the
//! generated crate by `emit_rest_json.rs`.

use std::future::Future as _;

use sdk_things::operation::get_thing::{self, GetThingError, GetThingRequest};
use sdk_things::operation::put_thing::{self, PutThingRequest};

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn header<'p>(parts: &'p sdk_runtime::protocol::HttpRequestParts, name: &str) -> Option<&'p str> {
    parts
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn labels_query_and_headers_leave_the_body() {
    let input = GetThingRequest::new("my fn").qualifier("v1").trace("t-1");
    let parts = get_thing::request(&input).expect("a request");
    assert_eq!(parts.method, "GET");
    assert_eq!(parts.path, "/2015-03-31/things/my%20fn?Qualifier=v1");
    assert_eq!(header(&parts, "x-trace"), Some("t-1"));
    assert!(
        parts.body.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&parts.body)
    );
}

#[test]
fn greedy_labels_keep_slashes_and_body_members_are_json() {
    let input = PutThingRequest::new("a/b c").description("d");
    let parts = put_thing::request(&input).expect("a request");
    assert_eq!(parts.method, "POST");
    assert_eq!(parts.path, "/things/a/b%20c?put");
    let body: serde_json::Value = serde_json::from_slice(&parts.body).expect("JSON");
    assert_eq!(body, serde_json::json!({"Description": "d"}));
}

#[test]
fn responses_read_headers_and_body() {
    let out = get_thing::response(
        200,
        &headers(&[("X-Version", "7"), ("x-amzn-requestid", "r-1")]),
        br#"{"Description": "hello"}"#,
    )
    .expect("an output");
    assert_eq!(out.version.as_deref(), Some("7"));
    assert_eq!(out.description.as_deref(), Some("hello"));
    use sdk_things::RequestId as _;
    assert_eq!(out.request_id(), Some("r-1"));
    let put = put_thing::response(201, &[], br#"{"Arn": "arn:x"}"#).expect("an output");
    assert_eq!(put.arn.as_deref(), Some("arn:x"));
}

#[test]
fn errors_land_in_their_variants() {
    let err = get_thing::response(
        404,
        &headers(&[
            (
                "x-amzn-errortype",
                "ResourceNotFoundException:http://internal/",
            ),
            ("X-Resource", "things/a"),
        ]),
        br#"{"message": "no such thing"}"#,
    )
    .expect_err("an error status");
    match err {
        GetThingError::ResourceNotFoundException(e) => {
            assert_eq!(e.details().message.as_deref(), Some("no such thing"));
            assert_eq!(e.details().resource.as_deref(), Some("things/a"));
            assert_eq!(e.meta().status(), 404);
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
}

/// A transport answering every request with one canned error response.
#[derive(Debug)]
struct NotFound;

impl sdk_runtime::http::HttpClient for NotFound {
    fn send(
        &self,
        _request: sdk_runtime::http::HttpRequest,
    ) -> sdk_runtime::http::BoxFuture<
        '_,
        Result<sdk_runtime::http::HttpResponse, sdk_runtime::TransportError>,
    > {
        let mut headers = sdk_runtime::http::Headers::default();
        headers.insert("x-amzn-errortype", "ResourceNotFoundException");
        headers.insert("x-resource", "things/b");
        Box::pin(async move {
            Ok(sdk_runtime::http::HttpResponse {
                status: 404,
                headers,
                body: br#"{"message": "gone"}"#.to_vec(),
            })
        })
    }
}

#[test]
fn the_client_reads_error_members_from_headers() {
    let client = sdk_things::Client::from_config(
        sdk_things::Config::builder()
            .region("us-east-1")
            .credentials(sdk_things::Credentials::new("AKID", "secret", None))
            .attempt_timeout(None)
            .retry(sdk_runtime::RetryConfig::disabled())
            .http_client(NotFound),
    );
    let call = client.get_thing("a").send();
    let mut call = std::pin::pin!(call);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let err = loop {
        if let std::task::Poll::Ready(out) = call.as_mut().poll(&mut cx) {
            break out.expect_err("a 404");
        }
    };
    match err {
        GetThingError::ResourceNotFoundException(e) => {
            assert_eq!(e.details().message.as_deref(), Some("gone"));
            assert_eq!(e.details().resource.as_deref(), Some("things/b"));
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
}
