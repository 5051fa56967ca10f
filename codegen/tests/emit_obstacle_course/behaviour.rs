//! Uses the generated obstacle-course crate the way a caller would. Compiled inside the
//! generated crate by `emit_obstacle_course.rs`.

use sdk_obstacle::operation::list_things::{ListThings, ListThingsInput, ListThingsOutput};
use sdk_obstacle::operation::naming::{self, NamingError, NamingInput, NamingOutput};
use sdk_obstacle::operation::r#type_::Type2;
use sdk_obstacle::types::{Choice, Quality, Tree};
use sdk_runtime::codec::json::{read_body, write_struct, JsonOptions};
use sdk_runtime::paginate::Paginate;
use sdk_runtime::protocol::Operation;
use sdk_runtime::schema::{ReadValue, WriteStruct};
use serde_json::json;

/// `value` read through the runtime's JSON codec, as responses are read.
fn read<T: ReadValue>(value: serde_json::Value) -> Result<T, sdk_runtime::schema::ReadError> {
    read_body(value.to_string().as_bytes(), false, |r| T::read_value(r))
}

/// `value` written through the runtime's JSON codec, as requests are written.
fn write(value: &dyn WriteStruct) -> Result<serde_json::Value, sdk_runtime::schema::WriteError> {
    let bytes = write_struct(value, JsonOptions::default())?;
    Ok(serde_json::from_slice(&bytes).expect("the codec writes JSON"))
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn inputs_take_required_members_then_chain_setters() {
    let input = NamingInput::new("t", Quality::_1080p, vec!["a".to_string()])
        .self_2(false)
        .heap_size(5)
        .heap_size_2(6)
        .new_value(1.5)
        .clone_value(sdk_obstacle::Blob::from("hi"))
        .is_default(true)
        .choice(Choice::Subtree(Box::new(
            Tree::new("root").parent(Tree::new("up")),
        )));
    let parts = naming::request(&input).expect("serializable");
    assert_eq!((parts.method, parts.path.as_str()), ("POST", "/"));
    let headers: Vec<(&str, &str)> = parts
        .headers
        .iter()
        .map(|(name, value)| (&**name, value.as_str()))
        .collect();
    assert_eq!(
        headers,
        [
            ("content-type", "application/x-amz-json-1.0"),
            ("x-amz-target", "Obstacle_20240101.Naming"),
        ]
    );
    let body: serde_json::Value = serde_json::from_slice(&parts.body).expect("JSON body");
    assert_eq!(
        body,
        json!({
            "type": "t", "match": "1080p", "Self": ["a"], "self": false, "heapSize": 5,
            "HeapSize": 6, "new": 1.5, "clone": "aGk=", "isDefault": true,
            "choice": {"subtree": {"name": "root", "parent": {"name": "up"}}}
        })
    );
}

#[test]
fn enums_name_every_value_and_keep_unknown_ones() {
    let cases = [
        ("1080p", Quality::_1080p),
        ("*", Quality::Star),
        ("ml.m5.large", Quality::MlM5Large),
        ("ML_M5_LARGE", Quality::MlM5Large2),
        ("UNKNOWN", Quality::UnknownValue),
        ("Unknown", Quality::UnknownValue2),
        ("AWS_AD", Quality::AwsAd),
        ("self", Quality::Self_),
        ("type", Quality::Type),
        ("", Quality::Empty),
    ];
    for (wire, variant) in cases {
        assert_eq!(Quality::from(wire), variant);
        assert_eq!(variant.as_str(), wire);
        assert_eq!(wire.parse::<Quality>(), Ok(variant.clone()));
        assert_eq!(read::<Quality>(json!(wire)), Ok(variant.clone()));
    }
    assert_eq!(Quality::VALUES.len(), 11);
    let later: Quality = read(json!("8k")).expect("any string reads");
    assert!(matches!(later, Quality::Unknown(_)));
    assert_eq!(later.to_string(), "8k");
    assert_eq!(later.as_str(), "8k");
}

#[test]
fn documented_errors_land_in_their_variants_with_metadata() {
    let hdrs = headers(&[("x-amzn-RequestId", "r-1")]);
    let err = naming::response(
        400,
        &hdrs,
        br#"{"__type":"com.amazon.obstacle#NotFoundException","message":"gone"}"#,
    )
    .expect_err("an error status");
    match &err {
        NamingError::NotFoundException(e) => {
            assert_eq!(e.details().message.as_deref(), Some("gone"));
            assert_eq!(e.meta().request_id(), Some("r-1"));
        }
        other => panic!("expected NotFoundException, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "NotFoundException: gone (HTTP 400, request id r-1)"
    );
    assert_eq!(err.meta().map(|m| m.status()), Some(400));

    // A member is read by its model name only, as botocore reads it; the message in
    // either casing is in the metadata.
    let err = naming::response(
        400,
        &[],
        br#"{"__type":"ValidationException","message":"bad"}"#,
    )
    .expect_err("an error status");
    match err {
        NamingError::ValidationException(e) => {
            assert_eq!(e.details().message, None);
            assert_eq!(e.meta().message(), Some("bad"));
        }
        other => panic!("expected ValidationException, got {other:?}"),
    }

    // An error shape named like a shared variant gets a suffixed variant.
    let hdrs = headers(&[("X-Amzn-ErrorType", "Unhandled:http://internal.example/")]);
    let err = naming::response(409, &hdrs, b"").expect_err("an error status");
    assert!(matches!(err, NamingError::Unhandled2(_)), "{err:?}");
}

#[test]
fn undocumented_and_unreadable_responses_are_errors_not_panics() {
    let hdrs = headers(&[("x-amzn-requestid", "r-2")]);
    let err = naming::response(500, &hdrs, br#"{"__type":"InternalFailure"}"#)
        .expect_err("an error status");
    match &err {
        NamingError::Unhandled(meta) => {
            assert_eq!(meta.code(), Some("InternalFailure"));
            assert_eq!(meta.status(), 500);
        }
        other => panic!("expected Unhandled, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "InternalFailure (HTTP 500, request id r-2)"
    );

    let err = naming::response(200, &hdrs, b"{\"String\":").expect_err("garbled");
    assert!(matches!(err, NamingError::MalformedResponse(_)), "{err:?}");

    let empty = naming::response(200, &[], b"").expect("an empty body is an empty output");
    assert_eq!(empty, NamingOutput::new());
}

#[test]
fn unions_read_the_set_member_and_tolerate_new_ones() {
    let choice: Choice = read(json!({"type": 7})).expect("reads");
    assert_eq!(choice, Choice::Type(7));
    assert_eq!(write(&choice), Ok(json!({"type": 7})));
    let choice: Choice = read(json!({"Unknown": "x"})).expect("reads");
    assert_eq!(choice, Choice::UnknownValue("x".into()));
    let later: Choice = read(json!({"laterMember": 1})).expect("reads");
    assert_eq!(later, Choice::Unknown);
    assert!(write(&later).is_err(), "an unknown member cannot be sent");
    assert!(
        read::<Choice>(json!({"type": 7, "Unknown": "x"})).is_err(),
        "a union sets one member"
    );
}

#[test]
fn markers_describe_operations() {
    assert_eq!(<Type2 as Operation>::NAME, "Type");
    assert_eq!(
        <Type2 as Operation>::SERVICE.target_prefix,
        "Obstacle_20240101"
    );
    assert_eq!(sdk_obstacle::SERVICE.json_version, "1.0");
}

#[test]
fn paginators_move_tokens_page_sizes_and_items() {
    let mut input = ListThingsInput::new();
    ListThings::set_token(&mut input, Some("t1".into()));
    ListThings::set_page_size(&mut input, u32::MAX);
    assert_eq!(input.next_token.as_deref(), Some("t1"));
    assert_eq!(input.max_results, Some(i32::MAX));
    assert_eq!(ListThings::LIMIT_KEY, Some("maxResults"));

    let mut page: ListThingsOutput = read(json!({
        "things": [{"Some": "a"}, {"Some": "b", "None": "c"}],
        "nextToken": "t2"
    }))
    .expect("reads");
    assert_eq!(ListThings::next_token(&page).as_deref(), Some("t2"));
    let items = ListThings::take_items(&mut page);
    assert_eq!(items.len(), 2);
    assert_eq!(items[1].none.as_deref(), Some("c"));
    assert!(ListThings::take_items(&mut page).is_empty());
}

/// A transport that keeps the requests it is given and answers `200` with `body`.
#[derive(Clone, Debug)]
struct Canned {
    body: &'static str,
    sent: std::sync::Arc<std::sync::Mutex<Vec<sdk_runtime::http::HttpRequest>>>,
}

impl sdk_runtime::http::HttpClient for Canned {
    fn send(
        &self,
        request: sdk_runtime::http::HttpRequest,
    ) -> sdk_runtime::http::BoxFuture<
        '_,
        Result<sdk_runtime::http::HttpResponse, sdk_runtime::TransportError>,
    > {
        if let Ok(mut sent) = self.sent.lock() {
            sent.push(request);
        }
        let body = self.body.as_bytes().to_vec();
        Box::pin(async move {
            Ok(sdk_runtime::http::HttpResponse {
                status: 200,
                headers: Default::default(),
                body,
            })
        })
    }
}

/// A client sending through a canned transport, without timers (no async runtime).
fn canned_client(body: &'static str) -> (sdk_obstacle::Client, Canned) {
    let canned = Canned {
        body,
        sent: Default::default(),
    };
    let client = sdk_obstacle::Client::from_config(
        sdk_obstacle::Config::builder()
            .region("us-east-1")
            .credentials(sdk_obstacle::Credentials::new(
                "AKID",
                "not-to-be-printed",
                None,
            ))
            .attempt_timeout(None)
            .retry(sdk_runtime::RetryConfig::disabled())
            .http_client(canned.clone()),
    );
    (client, canned)
}

/// Runs a future whose I/O is all ready (the canned transport).
fn ready<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

fn sent_bodies(canned: &Canned) -> Vec<(String, serde_json::Value)> {
    let sent = canned.sent.lock().map(|s| s.clone()).unwrap_or_default();
    sent.iter()
        .map(|r| {
            let target = r.headers.get("x-amz-target").unwrap_or_default().to_owned();
            (target, serde_json::from_slice(&r.body).unwrap_or_default())
        })
        .collect()
}

#[test]
fn the_client_takes_required_members_then_optional_setters() {
    let (client, canned) = canned_client(r#"{"result": "Ok"}"#);
    let out = ready(
        client
            .naming("t", Quality::_1080p, vec!["a".to_string()])
            .self_2(true)
            .new_value(2.5)
            .is_default(false)
            .add(3)
            .send(),
    )
    .expect("a 200 answer");
    assert_eq!(out.result, Some(sdk_obstacle::types::Result::Ok));
    // Keyword-named operations get escaped method names and still send their wire name.
    ready(client.type_().x("y").send()).expect("Type");
    ready(client.match_().send()).expect("Match");
    // A whole input goes through `Client::send`.
    let input = NamingInput::new("u", Quality::Star, Vec::<String>::new());
    ready(client.send(input)).expect("a whole input");
    assert_eq!(
        sent_bodies(&canned),
        [
            (
                "Obstacle_20240101.Naming".to_owned(),
                json!({"type": "t", "match": "1080p", "Self": ["a"], "self": true,
                       "new": 2.5, "isDefault": false, "add": 3})
            ),
            ("Obstacle_20240101.Type".to_owned(), json!({"x": "y"})),
            ("Obstacle_20240101.Match".to_owned(), json!({})),
            (
                "Obstacle_20240101.Naming".to_owned(),
                json!({"type": "u", "match": "*", "Self": []})
            ),
        ]
    );
}

#[test]
fn calls_give_back_their_input_and_report_errors_in_the_operation_enum() {
    let (client, _) = canned_client("not json");
    let call = client.list_things().max_results(5);
    assert_eq!(call.as_input().max_results, Some(5));
    let input: ListThingsInput = call.clone().into_input();
    assert_eq!(input.max_results, Some(5));
    let err = ready(call.send()).expect_err("a garbled answer");
    assert!(
        matches!(
            err,
            sdk_obstacle::operation::list_things::ListThingsError::MalformedResponse(_)
        ),
        "{err:?}"
    );
    // Clients print no secrets.
    assert!(!format!("{client:?}").contains("not-to-be-printed"));
}

/// With the `serde` feature, types (de)serialize with their wire names; serde is not
/// the wire path, so without it they do not implement serde's traits at all.
#[cfg(feature = "serde")]
#[test]
fn serde_feature_uses_wire_names() {
    let tree = Tree::new("root").parent(Tree::new("up"));
    let value = serde_json::to_value(&tree).expect("serializes");
    assert_eq!(value, json!({"name": "root", "parent": {"name": "up"}}));
    let back: Tree = serde_json::from_value(value).expect("deserializes");
    assert_eq!(back, tree);
    assert_eq!(serde_json::to_value(Quality::Star).ok(), Some(json!("*")));
}

#[test]
fn debug_redacts_sensitive_members() {
    let tree = Tree::new("root").secret("hunter2").parent(Tree::new("up"));
    let shown = format!("{tree:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(
        shown.contains(r#"secret: "*** Sensitive Data Redacted ***""#),
        "{shown}"
    );
    assert!(shown.contains(r#"name: "root""#), "{shown}");
    assert!(shown.contains(r#"name: "up""#), "{shown}");
}
