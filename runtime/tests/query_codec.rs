//! awsQuery and ec2Query forms as botocore's `QuerySerializer` and `EC2Serializer`
//! write them (and its request encodes them), through the public protocol entry point.

#![cfg(all(feature = "rest-json", feature = "rest-xml", feature = "ec2-query"))]

#[path = "conformance/mod.rs"]
#[allow(dead_code)]
mod conformance;
#[path = "xml_write/random.rs"]
mod random;

use conformance::model;
use conformance::ordered::Json;
use conformance::values::Params;
use sdk_runtime::protocol::{write_request, HttpRequestParts};

/// The request of the operation `given` over `shapes` for `params`.
fn request(protocol: &str, shapes: &str, given: &str, params: &str) -> HttpRequestParts {
    let parse = |text: &str| serde_json::from_str::<Json>(text).expect("valid JSON");
    let metadata = parse(&format!(
        r#"{{"protocol": "{protocol}", "apiVersion": "2020-01-01"}}"#
    ));
    let built = model::build(&metadata, &parse(shapes), &parse(given)).expect("the model loads");
    let params = parse(params);
    write_request(
        built.service,
        built.operation,
        &Params {
            schema: built.operation.input,
            value: &params,
        },
    )
    .expect("the request is written")
}

fn body(parts: &HttpRequestParts) -> &str {
    std::str::from_utf8(&parts.body).expect("UTF-8")
}

const SHAPES: &str = r#"{
    "Input": {"type": "structure", "members": {
        "Name": {"shape": "S"},
        "Tags": {"shape": "Tags"},
        "Flat": {"shape": "Flat"},
        "Renamed": {"shape": "Renamed", "locationName": "Other"},
        "Empty": {"shape": "Flat"},
        "Attributes": {"shape": "Attributes"},
        "When": {"shape": "T"},
        "Ratio": {"shape": "D"},
        "On": {"shape": "B"},
        "Data": {"shape": "Bl"},
        "Filter": {"shape": "S", "locationName": "filter", "queryName": "FilterName"},
        "lower": {"shape": "S", "locationName": "lowerName"}
    }},
    "S": {"type": "string"},
    "T": {"type": "timestamp"},
    "D": {"type": "double"},
    "B": {"type": "boolean"},
    "Bl": {"type": "blob"},
    "Tag": {"type": "structure", "members": {"Key": {"shape": "S"}, "Value": {"shape": "S"}}},
    "Tags": {"type": "list", "member": {"shape": "Tag"}},
    "Flat": {"type": "list", "member": {"shape": "S"}, "flattened": true},
    "Renamed": {"type": "list", "member": {"shape": "S", "locationName": "Item"},
                "flattened": true},
    "Attributes": {"type": "map", "key": {"shape": "S", "locationName": "Name"},
                   "value": {"shape": "S", "locationName": "Value"}}
}"#;

const PARAMS: &str = r#"{"Name": "a b+c/d~é*", "Tags": [{"Key": "k", "Value": "v"}, {"Key": "x"}],
    "Flat": ["1", "2"], "Renamed": ["r"], "Empty": [], "Attributes": {"Policy": "{}"},
    "When": "2018-01-09T20:51:21.5Z", "Ratio": 0.1, "On": true, "Data": "hi",
    "Filter": "f", "lower": "l"}"#;

const GIVEN: &str = r#"{"name": "DoThing", "input": {"shape": "Input"}}"#;

// The expected forms are what the pinned botocore sends for the same model and params.
#[test]
fn aws_query_forms_as_botocore_sends_them() {
    let parts = request("query", SHAPES, GIVEN, PARAMS);
    assert_eq!((parts.method, parts.path.as_str()), ("POST", "/"));
    assert_eq!(
        parts.headers,
        vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded; charset=utf-8".to_owned()
        )]
    );
    assert_eq!(
        body(&parts),
        concat!(
            "Action=DoThing&Version=2020-01-01&Name=a+b%2Bc%2Fd~%C3%A9%2A",
            "&Tags.member.1.Key=k&Tags.member.1.Value=v&Tags.member.2.Key=x",
            "&Flat.1=1&Flat.2=2&Item.1=r&Empty=",
            "&Attributes.entry.1.Name=Policy&Attributes.entry.1.Value=%7B%7D",
            "&When=2018-01-09T20%3A51%3A21.500000Z&Ratio=0.1&On=true&Data=aGk%3D",
            "&filter=f&lowerName=l"
        )
    );
}

#[test]
fn ec2_query_forms_as_botocore_sends_them() {
    let parts = request("ec2", SHAPES, GIVEN, PARAMS);
    assert_eq!(
        body(&parts),
        concat!(
            "Action=DoThing&Version=2020-01-01&Name=a+b%2Bc%2Fd~%C3%A9%2A",
            "&Tags.1.Key=k&Tags.1.Value=v&Tags.2.Key=x",
            "&Flat.1=1&Flat.2=2&Other.1=r",
            "&Attributes.entry.1.Name=Policy&Attributes.entry.1.Value=%7B%7D",
            "&When=2018-01-09T20%3A51%3A21.500000Z&Ratio=0.1&On=true&Data=aGk%3D",
            "&FilterName=f&LowerName=l"
        )
    );
}

#[test]
fn host_prefixes_fill_for_the_query_protocols() {
    let shapes = r#"{"Input": {"type": "structure", "members": {
        "Account": {"shape": "S", "hostLabel": true}}}, "S": {"type": "string"}}"#;
    let given = r#"{"name": "DoThing", "input": {"shape": "Input"},
        "endpoint": {"hostPrefix": "{Account}.data-"}}"#;
    for protocol in ["query", "ec2"] {
        let parts = request(protocol, shapes, given, r#"{"Account": "123"}"#);
        assert_eq!(
            parts.host_prefix.as_deref(),
            Some("123.data-"),
            "{protocol}"
        );
    }
}

fn random_cases(protocol: &str) {
    let seed = random::seed();
    let Some(problems) = random::differences(protocol, seed, 300) else {
        return;
    };
    assert!(
        problems.is_empty(),
        "{} of 300 differ (RANDOM_SEED={seed}):\n{}",
        problems.len(),
        problems
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn aws_query_requests_equal_botocores_for_random_models_and_inputs() {
    random_cases("query");
}

#[test]
fn ec2_query_requests_equal_botocores_for_random_models_and_inputs() {
    random_cases("ec2");
}
