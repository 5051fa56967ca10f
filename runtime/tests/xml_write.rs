//! restXml request bodies as botocore's `RestXMLSerializer` writes them, through the
//! public protocol entry point: a model snippet (as botocore's protocol suites state
//! one) becomes schema data, its parameters a value written through the schema traits.

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
pub fn request(protocol: &str, shapes: &str, given: &str, params: &str) -> HttpRequestParts {
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

const GIVEN: &str = r#"{"name": "Op", "http": {"method": "PUT", "requestUri": "/{Bucket}"},
    "input": {"shape": "Input", "locationName": "OpRequest",
              "xmlNamespace": {"uri": "https://example.com/doc/"}}}"#;

// The expected bytes are what the pinned botocore writes for the same model and params.
#[test]
fn body_members_as_elementtree_prints_them() {
    let shapes = r#"{
        "Input": {"type": "structure", "members": {
            "Bucket": {"shape": "S", "location": "uri", "locationName": "Bucket"},
            "Type": {"shape": "S", "xmlAttribute": true, "locationName": "xsi:type"},
            "Text": {"shape": "S"},
            "Empty": {"shape": "S", "locationName": "Nothing"},
            "Flat": {"shape": "Flat"},
            "Wrapped": {"shape": "Wrapped"},
            "Tags": {"shape": "Tags"},
            "When": {"shape": "T"},
            "Epoch": {"shape": "T", "timestampFormat": "unixTimestamp"},
            "Ratio": {"shape": "D"},
            "On": {"shape": "B"},
            "Data": {"shape": "Bl"},
            "Ns": {"shape": "S", "xmlNamespace": {"prefix": "baz", "uri": "http://foo.com"}}
        }},
        "S": {"type": "string"},
        "T": {"type": "timestamp"},
        "D": {"type": "double"},
        "B": {"type": "boolean"},
        "Bl": {"type": "blob"},
        "Flat": {"type": "list", "member": {"shape": "S", "locationName": "ignored"},
                 "flattened": true},
        "Wrapped": {"type": "list", "member": {"shape": "S", "locationName": "Item"}},
        "Tags": {"type": "map", "key": {"shape": "S", "locationName": "K"},
                 "value": {"shape": "S"}}
    }"#;
    let params = r#"{"Bucket": "b", "Type": "a\"<&>\n\t\r", "Text": "x < y & \"z\" > 'w'\r\n",
        "Empty": "", "Flat": ["1", "2"], "Wrapped": [], "Tags": {"k": "v", "é": ""},
        "When": "2018-01-09T20:51:21.250Z", "Epoch": "2018-01-09T20:51:21Z",
        "Ratio": 1e16, "On": false, "Data": "hi", "Ns": "n"}"#;
    let parts = request("rest-xml", shapes, GIVEN, params);
    assert_eq!(parts.path, "/b");
    assert_eq!(
        body(&parts),
        concat!(
            r#"<OpRequest xmlns="https://example.com/doc/" xsi:type="a&quot;&lt;&amp;&gt;&#10;&#09;&#13;">"#,
            "<Text>x &lt; y &amp; \"z\" &gt; 'w'\r\n</Text><Nothing />",
            "<Flat>1</Flat><Flat>2</Flat><Wrapped />",
            "<Tags><entry><K>k</K><value>v</value></entry><entry><K>é</K><value /></entry></Tags>",
            "<When>2018-01-09T20:51:21.250000Z</When><Epoch>1515531081</Epoch>",
            "<Ratio>1e+16</Ratio><On>false</On><Data>aGk=</Data>",
            r#"<Ns xmlns:baz="http://foo.com">n</Ns></OpRequest>"#
        )
    );
    // botocore's RestXMLSerializer sets no Content-Type.
    assert!(parts.headers.is_empty(), "{:?}", parts.headers);
}

/// S3's `CreateBucket`: a structure payload named and namespaced by its member.
mod create_bucket {
    use sdk_runtime::schema::prelude::STRING;
    use sdk_runtime::schema::{
        HttpBinding, HttpChecksum, Location, Member, MemberTraits, OperationSchema, Schema,
        ShapeKind, ShapeTraits, UriSegment,
    };

    const fn member(name: &'static str, target: &'static Schema, location: Location) -> Member {
        Member {
            name,
            target,
            location,
            traits: MemberTraits::NONE,
        }
    }

    static RULES: Schema = Schema {
        name: "Rules",
        kind: ShapeKind::Map,
        members: &[
            member("key", &STRING, Location::Body),
            member("value", &STRING, Location::Body),
        ],
        traits: ShapeTraits {
            xml_flattened: true,
            ..ShapeTraits::NONE
        },
    };

    static CONFIG: Schema = Schema {
        name: "Config",
        kind: ShapeKind::Structure,
        members: &[
            Member {
                traits: MemberTraits {
                    xml_name: Some("LocationConstraint"),
                    ..MemberTraits::NONE
                },
                ..member("Location", &STRING, Location::Body)
            },
            member("Rules", &RULES, Location::Body),
        ],
        traits: ShapeTraits::NONE,
    };

    pub static INPUT: Schema = Schema {
        name: "Input",
        kind: ShapeKind::Structure,
        members: &[
            member("Bucket", &STRING, Location::Label("Bucket")),
            member("Type", &STRING, Location::Header("Content-Type")),
            Member {
                traits: MemberTraits {
                    xml_name: Some("CreateBucketConfiguration"),
                    xml_namespace: Some(("", "http://s3.amazonaws.com/doc/2006-03-01/")),
                    ..MemberTraits::NONE
                },
                ..member("Config", &CONFIG, Location::Payload)
            },
        ],
        traits: ShapeTraits::NONE,
    };

    pub static OP: OperationSchema = OperationSchema {
        name: "CreateBucket",
        input: &INPUT,
        output: &INPUT,
        http: Some(HttpBinding {
            method: "PUT",
            path: &[UriSegment::Literal("/"), UriSegment::Label("Bucket")],
            query: &[],
            code: 200,
            host_prefix: None,
        }),
        request_compression: &[],
        checksum: HttpChecksum::NONE,
    };
}

#[test]
fn a_structure_payload_is_the_body_and_an_unset_one_sends_nothing() {
    let parse = |text: &str| serde_json::from_str::<Json>(text).expect("valid JSON");
    let metadata = parse(r#"{"protocol": "rest-xml", "apiVersion": "2006-03-01"}"#);
    let service = model::build(&metadata, &parse("{}"), &parse(r#"{"name": "X"}"#))
        .expect("the model loads")
        .service;
    let send = |params: &str| {
        let params = parse(params);
        let input = Params {
            schema: &create_bucket::INPUT,
            value: &params,
        };
        write_request(service, &create_bucket::OP, &input).expect("the request is written")
    };
    let parts = send(
        r#"{"Bucket": "b", "Type": "text/xml", "Config": {"Location": "eu-west-1", "Rules": {"a": "1"}}}"#,
    );
    assert_eq!(parts.path, "/b");
    assert_eq!(
        body(&parts),
        concat!(
            r#"<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#,
            "<LocationConstraint>eu-west-1</LocationConstraint>",
            "<Rules><key>a</key><value>1</value></Rules></CreateBucketConfiguration>"
        )
    );
    // A member bound to Content-Type is the only one.
    assert_eq!(
        parts.headers,
        vec![("Content-Type".into(), "text/xml".to_owned())]
    );
    let unset = send(r#"{"Bucket": "b"}"#);
    assert!(unset.body.is_empty());
    assert!(unset.headers.is_empty());
}

#[test]
fn a_flattened_list_declares_its_namespace_on_the_enclosing_element() {
    // A list of flattened lists, and a map whose values are flattened lists: botocore
    // puts each flattened list's xmlns on the wrapper or entry element around it.
    let shapes = r#"{
        "Input": {"type": "structure", "members": {
            "Outer": {"shape": "Outer"}, "Map": {"shape": "Map"}}},
        "S": {"type": "string"},
        "Outer": {"type": "list", "member": {"shape": "Inner", "flattened": true,
                                            "locationName": "item"}},
        "Inner": {"type": "list", "member": {"shape": "S"}, "xmlNamespace": "http://foo.com"},
        "Map": {"type": "map", "key": {"shape": "S"},
                "value": {"shape": "Inner", "flattened": true}}
    }"#;
    let given = r#"{"name": "Op", "http": {"method": "POST", "requestUri": "/"},
        "input": {"shape": "Input", "locationName": "OpRequest"}}"#;
    let parts = request(
        "rest-xml",
        shapes,
        given,
        r#"{"Outer": [["a", "b"], []], "Map": {"k": ["c"]}}"#,
    );
    assert_eq!(
        body(&parts),
        concat!(
            r#"<OpRequest><Outer xmlns="http://foo.com"><item>a</item><item>b</item></Outer>"#,
            r#"<Map><entry xmlns="http://foo.com"><key>k</key><value>c</value></entry></Map>"#,
            "</OpRequest>"
        )
    );
}

#[test]
fn rest_xml_requests_equal_botocores_for_random_models_and_inputs() {
    let seed = random::seed();
    let Some(problems) = random::differences("rest-xml", seed, 300) else {
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
