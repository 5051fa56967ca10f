//! The XML reader and the XML protocols' responses through the public API: outputs of
//! awsQuery, ec2Query and restXml, their errors (S3's among them), hostile bodies, and
//! edge inputs compared with the pinned botocore's parser where it is installed.

#[path = "pinned/mod.rs"]
mod pinned;

#[path = "xml_codec/model.rs"]
mod model;

use sdk_runtime::codec::xml::{self, XmlDocument};
use sdk_runtime::protocol::{self, ServiceFailure, ServiceSpec};
use sdk_runtime::schema::{
    HttpBinding, HttpChecksum, Location, Member, MemberTraits, OperationSchema, Protocol,
    ReadError, Schema, ShapeKind, ShapeTraits,
};
use serde_json::{json, Value};

fn spec(protocol: Protocol, service_id: &'static str) -> ServiceSpec {
    ServiceSpec {
        service_id,
        signing_name: "test",
        endpoint_prefix: "test",
        target_prefix: "",
        json_version: "",
        api_version: "2024-01-01",
        protocol,
        query_compatible: false,
        default_headers: &[],
    }
}

static DESCRIBE: OperationSchema = OperationSchema {
    name: "DescribeThings",
    input: &model::OUTPUT,
    output: &model::OUTPUT,
    http: None,
    request_compression: &[],
    checksum: HttpChecksum::NONE,
};

/// `body` read as a restXml-style document whose root is the output.
fn read_doc(body: &str) -> Result<Value, ReadError> {
    xml::read_document(body.as_bytes(), |r| model::read(r, &model::OUTPUT))
}

/// A response of `op` read by `service`'s protocol.
fn respond(
    service: &ServiceSpec,
    op: &'static OperationSchema,
    status: u16,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<Value, ServiceFailure> {
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut out = None;
    protocol::read_response(service, op, status, &headers, body.as_bytes(), &mut |r| {
        out = Some(model::read(r, op.output)?);
        Ok(())
    })?;
    Ok(out.expect("read was called"))
}

/// The service error a response is, with its modeled `Throttled` members.
fn error_of(
    service: &ServiceSpec,
    status: u16,
    headers: &[(&str, &str)],
    body: &str,
) -> (Option<String>, Option<String>, u16, Option<String>, Value) {
    let Err(ServiceFailure::Service(raw)) = respond(service, &DESCRIBE, status, headers, body)
    else {
        panic!("not a service error: {body}");
    };
    let meta = raw.meta().clone();
    let mut modeled = Value::Null;
    let owned: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    // A body that does not parse has no modeled members.
    let _ = protocol::read_error(
        service,
        &model::THROTTLED,
        status,
        &owned,
        body.as_bytes(),
        &mut |r| {
            modeled = model::read(r, &model::THROTTLED)?;
            Ok(())
        },
    );
    (
        meta.code().map(str::to_owned),
        meta.message().map(str::to_owned),
        meta.status(),
        meta.request_id().map(str::to_owned),
        modeled,
    )
}

const LISTS: &str = r#"<Output xmlns="https://example.com/doc/2024-01-01/">
  <ItemSet>
    <member><Name>a</Name><Size>1</Size></member>
    <item><Name>b</Name><Size>-2</Size></item>
  </ItemSet>
  <Tags>ignored: not the element name</Tags>
  <Tag>x</Tag>
  <Unknown><Tag>not a member</Tag></Unknown>
  <Tag>y</Tag>
  <Attrs>
    <entry><Name>k1</Name><Count>1</Count></entry>
    <entry><Count>2</Count><Name>k2</Name></entry>
  </Attrs>
  <Pair><key>p</key><value>P</value></Pair>
  <Pair><key>q</key><value>Q</value></Pair>
</Output>"#;

#[test]
fn lists_and_maps_wrapped_and_flattened() {
    assert_eq!(
        read_doc(LISTS).unwrap(),
        json!({
            "Items": [{"Name": "a", "Size": 1}, {"Name": "b", "Size": -2}],
            "Tags": ["x", "y"],
            "Attrs": {"k1": 1, "k2": 2},
            "Pairs": {"p": "P", "q": "Q"},
        })
    );
    // Empty collections are present and empty; absent ones are unset.
    assert_eq!(
        read_doc("<Output><ItemSet/><Attrs></Attrs></Output>").unwrap(),
        json!({"Items": [], "Attrs": {}})
    );
}

#[test]
fn scalars_entities_cdata_namespaces_and_attributes() {
    let body =
        "<o:Output xmlns:o=\"urn:o\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
        <o:Item xsi:type=\"CanonicalUser\">\
        <Name>a &amp; b &#x263A;&#33; <![CDATA[<raw> & ]]>c\r\nd</Name>\
        <Size> 42 </Size><Flag>true</Flag><When>2014-04-29T18:30:38+01:00</When>\
        <Data>aGVs\nbG8=</Data><Ratio>-Infinity</Ratio>\
        <Big>123456789012345678901234567890</Big></o:Item></o:Output>";
    assert_eq!(
        read_doc(body).unwrap(),
        json!({"Item": {
            "Name": "a & b \u{263A}! <raw> & c\nd",
            "Size": 42,
            "Flag": true,
            "When": 1398792638.0,
            "Data": "aGVsbG8=",
            "Ratio": "-Infinity",
            "Big": "123456789012345678901234567890",
            "Kind": "CanonicalUser",
        }})
    );
    // Empty elements are empty strings; anything but `true` is false.
    assert_eq!(
        read_doc("<Output><Item><Name/><Flag>True</Flag></Item></Output>").unwrap(),
        json!({"Item": {"Name": "", "Flag": false}})
    );
}

#[test]
fn malformed_bodies_are_errors_naming_where_never_panics() {
    let e = read_doc("<Output><Item><Size>twelve</Size></Item></Output>").unwrap_err();
    assert!(e.reason.contains("Output/Item/Size"), "{e}");
    let e =
        read_doc("<Output><ItemSet><m><Size>1</Size></m><m><Size>x</Size></m></ItemSet></Output>")
            .unwrap_err();
    assert!(e.reason.contains("Output/ItemSet/m[1]/Size"), "{e}");
    for bad in [
        "",
        "<Output>",
        "<Output></Item>",
        "<Output><Item></Output>",
        "<Output/><Output/>",
        "<Output>&bogus;</Output>",
        "text",
        "<Output a='1' a='2'/>",
    ] {
        assert!(read_doc(bad).is_err(), "{bad:?} was read");
    }
    // Every prefix of a document fails cleanly or reads; none panics.
    for end in 0..LISTS.len() {
        if LISTS.is_char_boundary(end) {
            let _ = read_doc(&LISTS[..end]);
        }
    }
    let e = XmlDocument::parse(b"<a>\xff</a>").unwrap_err();
    assert!(e.reason.contains("UTF-8"), "{e}");
    // Nesting is bounded, so a deep document cannot exhaust the stack.
    let deep = "<a>".repeat(100_000);
    let e = XmlDocument::parse(deep.as_bytes()).unwrap_err();
    assert!(e.reason.contains("deeper than 256"), "{e}");
    let fine = format!("{}{}", "<a>".repeat(200), "</a>".repeat(200));
    assert!(XmlDocument::parse(fine.as_bytes()).is_ok());
}

#[test]
fn query_and_ec2_outputs() {
    let query = spec(Protocol::AwsQuery, "Test");
    let body = r#"<DescribeThingsResponse xmlns="https://example.com/">
        <DescribeThingsResult><Item><Name>q</Name></Item></DescribeThingsResult>
        <ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata>
    </DescribeThingsResponse>"#;
    assert_eq!(
        respond(&query, &DESCRIBE, 200, &[], body).unwrap(),
        json!({"Item": {"Name": "q"}})
    );
    // Only the result wrapper holds the output.
    let bare = "<DescribeThingsResponse><Item><Name>q</Name></Item></DescribeThingsResponse>";
    assert_eq!(
        respond(&query, &DESCRIBE, 200, &[], bare).unwrap(),
        json!({})
    );

    let ec2 = spec(Protocol::Ec2Query, "EC2");
    let body = r#"<DescribeThingsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
        <requestId>r</requestId><Item><Name>e</Name></Item></DescribeThingsResponse>"#;
    assert_eq!(
        respond(&ec2, &DESCRIBE, 200, &[], body).unwrap(),
        json!({"Item": {"Name": "e"}})
    );
    // A malformed output is a malformed response, not a service error.
    let failure = respond(&ec2, &DESCRIBE, 200, &[], "<Resp><Item><Size>x</Size>").unwrap_err();
    assert!(
        matches!(failure, ServiceFailure::Malformed(_)),
        "{failure:?}"
    );
}

#[test]
fn errors_of_each_protocol() {
    let query = spec(Protocol::AwsQuery, "Test");
    let body = r#"<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
        <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>
        <RetryAfter>3</RetryAfter></Error><RequestId>body-id</RequestId></ErrorResponse>"#;
    assert_eq!(
        error_of(&query, 400, &[("x-amzn-RequestId", "header-id")], body),
        (
            Some("Throttling".into()),
            Some("Rate exceeded".into()),
            400,
            Some("body-id".into()),
            json!({"Message": "Rate exceeded", "RetryAfter": 3})
        )
    );

    let ec2 = spec(Protocol::Ec2Query, "EC2");
    let body = r#"<Response><Errors><Error><Code>InvalidInstanceID.Malformed</Code>
        <Message>Invalid id: "i-1"</Message></Error></Errors>
        <RequestID>ec2-id</RequestID></Response>"#;
    assert_eq!(
        error_of(&ec2, 400, &[], body),
        (
            Some("InvalidInstanceID.Malformed".into()),
            Some("Invalid id: \"i-1\"".into()),
            400,
            Some("ec2-id".into()),
            json!({"Message": "Invalid id: \"i-1\""})
        )
    );

    let route53 = spec(Protocol::RestXml, "Route 53");
    let body = r#"<?xml version="1.0"?>
        <ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error>
        <Type>Sender</Type><Code>NoSuchHostedZone</Code><Message>No hosted zone</Message>
        </Error><RequestId>r53-id</RequestId></ErrorResponse>"#;
    assert_eq!(
        error_of(&route53, 404, &[("x-amzn-RequestId", "header-id")], body),
        (
            Some("NoSuchHostedZone".into()),
            Some("No hosted zone".into()),
            404,
            Some("r53-id".into()),
            json!({"Message": "No hosted zone"})
        )
    );

    // S3's bare <Error>: the request id is the header's.
    let s3 = spec(Protocol::RestXml, "S3");
    let body = "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>\
        <Key>k</Key><RequestId>body-id</RequestId><HostId>h</HostId></Error>";
    let headers = [("x-amz-request-id", "s3-id"), ("x-amz-id-2", "h")];
    assert_eq!(
        error_of(&s3, 404, &headers, body),
        (
            Some("NoSuchKey".into()),
            Some("The specified key does not exist.".into()),
            404,
            Some("s3-id".into()),
            json!({"Message": "The specified key does not exist."})
        )
    );
}

#[test]
fn bodies_that_name_no_error_are_coded_by_status() {
    for protocol in [Protocol::AwsQuery, Protocol::Ec2Query, Protocol::RestXml] {
        let service = spec(protocol, "S3");
        for (status, body, code, message) in [
            (503, "", "503", "Service Unavailable"),
            (
                502,
                "<html><body>Bad gateway</body></html>",
                "502",
                "Bad Gateway",
            ),
            // S3 answers HEAD with no body.
            (404, "", "404", "Not Found"),
            (400, "<Error><Code>cut off", "400", "Bad Request"),
        ] {
            let (got_code, got_message, got_status, _, _) =
                error_of(&service, status, &[("x-amz-request-id", "id")], body);
            assert_eq!(
                (got_code.as_deref(), got_message.as_deref(), got_status),
                (Some(code), Some(message), status),
                "{protocol:?} {status} {body:?}"
            );
        }
    }
}

static STRING_PAYLOAD: Schema = Schema {
    name: "GetObjectOutput",
    kind: ShapeKind::Structure,
    members: &[Member {
        name: "Body",
        target: &sdk_runtime::schema::prelude::BLOB,
        location: Location::Payload,
        traits: MemberTraits::NONE,
    }],
    traits: ShapeTraits::NONE,
};

static LOCATION_OUTPUT: Schema = Schema {
    name: "GetBucketLocationOutput",
    kind: ShapeKind::Structure,
    members: &[Member {
        name: "LocationConstraint",
        target: &sdk_runtime::schema::prelude::STRING,
        location: Location::Body,
        traits: MemberTraits::NONE,
    }],
    traits: ShapeTraits::NONE,
};

const fn rest_op(name: &'static str, output: &'static Schema) -> OperationSchema {
    OperationSchema {
        name,
        input: &model::OUTPUT,
        output,
        http: Some(HttpBinding {
            method: "PUT",
            path: &[],
            query: &[],
            code: 200,
            host_prefix: None,
        }),
        request_compression: &[],
        checksum: HttpChecksum::NONE,
    }
}

static NOTHING: Schema = Schema {
    name: "Unit",
    kind: ShapeKind::Structure,
    members: &[],
    traits: ShapeTraits::NONE,
};

static COPY_OBJECT: OperationSchema = rest_op("CopyObject", &model::OUTPUT);
static PUT_BUCKET_ACL: OperationSchema = rest_op("PutBucketAcl", &NOTHING);
static GET_OBJECT: OperationSchema = rest_op("GetObject", &STRING_PAYLOAD);
static GET_BUCKET_LOCATION: OperationSchema = rest_op("GetBucketLocation", &LOCATION_OUTPUT);

#[test]
fn s3_errors_in_200_responses_and_the_bare_location() {
    let s3 = spec(Protocol::RestXml, "S3");
    let error = "<Error><Code>InternalError</Code><Message>try again</Message></Error>";
    let Err(ServiceFailure::Service(raw)) = respond(&s3, &COPY_OBJECT, 200, &[], error) else {
        panic!("a 200 with an <Error> body is an error");
    };
    assert_eq!(
        (raw.meta().code(), raw.meta().status()),
        (Some("InternalError"), 500)
    );
    // A cut-off body too; a blob payload is the object's bytes, whatever they are.
    assert!(respond(&s3, &COPY_OBJECT, 200, &[], "<CopyObjectResult><ETag>").is_err());
    assert_eq!(
        respond(&s3, &GET_OBJECT, 200, &[], error).unwrap(),
        json!({"Body": base64_of(error)})
    );
    // As botocore, an operation without output members is left alone.
    assert_eq!(
        respond(&s3, &PUT_BUCKET_ACL, 200, &[], error).unwrap(),
        json!({})
    );
    // Other services' 200 responses are outputs.
    let route53 = spec(Protocol::RestXml, "Route 53");
    assert_eq!(
        respond(&route53, &COPY_OBJECT, 200, &[], error).unwrap(),
        json!({})
    );

    let located = r#"<?xml version="1.0" encoding="UTF-8"?>
<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>"#;
    assert_eq!(
        respond(&s3, &GET_BUCKET_LOCATION, 200, &[], located).unwrap(),
        json!({"LocationConstraint": "eu-west-1"})
    );
    let us_east_1 = r#"<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>"#;
    assert_eq!(
        respond(&s3, &GET_BUCKET_LOCATION, 200, &[], us_east_1).unwrap(),
        json!({})
    );
}

fn base64_of(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// Edge inputs, each read by the reader and by the pinned botocore's `RestXMLParser`
/// with the same model: the same values, or both refuse it.
#[test]
fn edge_inputs_read_as_botocore_reads_them() {
    let Some(python) = pinned::python() else {
        eprintln!("skipped: the pinned botocore is not installed (cargo xtask import-docs)");
        return;
    };
    let item = |inner: &str| format!("<Output><Item>{inner}</Item></Output>");
    let mut bodies: Vec<String> = [
        "<Name>a &amp; b &lt;&gt;&quot;&apos; &#x263A;&#33;</Name>",
        "<Name><![CDATA[<raw> & ]]>tail</Name>",
        "<Name>a\r\nb\rc</Name>",
        "<Name>  spaced  </Name>",
        "<Name>a<b/>after</Name>",
        "<Name/><Size>0</Size>",
        "<Size> 42 </Size>",
        "<Size>+7</Size>",
        "<Size>-9223372036854775808</Size>",
        "<Size>1_000</Size>",
        "<Size>1.0</Size>",
        "<Size></Size>",
        "<Flag>true</Flag>",
        "<Flag>True</Flag>",
        "<Flag>1</Flag>",
        "<Flag/>",
        "<Ratio>NaN</Ratio>",
        "<Ratio>Infinity</Ratio>",
        "<Ratio>-Infinity</Ratio>",
        "<Ratio>inf</Ratio>",
        "<Ratio>1e400</Ratio>",
        "<Ratio> 2.5e-3 </Ratio>",
        "<Ratio>0x10</Ratio>",
        "<When>2014-04-29T18:30:38Z</When>",
        "<When>2014-04-29T18:30:38.123+01:00</When>",
        "<When>1398796238</When>",
        "<When>1398796238.5</When>",
        "<When>Tue, 29 Apr 2014 18:30:38 GMT</When>",
        "<Data>aGVsbG8=</Data>",
        "<Data>aGVs\nbG8=</Data>",
        "<Data></Data>",
        "<Big>123456789012345678901234567890</Big>",
    ]
    .iter()
    .map(|inner| item(inner))
    .collect();
    bodies.extend(
        [
            LISTS,
            "<o:Output xmlns:o=\"urn:o\"><o:Item xmlns=\"urn:i\"><Name>n</Name></o:Item></o:Output>",
            "<Output xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><Item xsi:type=\"Group\"/></Output>",
            "<Output><Item xmlns:xsi=\"urn:x\"><xsi:type>an element, no attribute</xsi:type></Item></Output>",
            "<Output><ItemSet/><Attrs/><Tag/></Output>",
            "<Output><Attrs><entry><Name>k</Name><Other>1</Other></entry></Attrs></Output>",
        ]
        .map(str::to_owned),
    );
    let theirs = botocore_parse(&python, &bodies);
    let mut differences = Vec::new();
    for (body, theirs) in bodies.iter().zip(theirs) {
        let ours = match read_doc(body) {
            Ok(value) => value,
            Err(_) => json!("error"),
        };
        if !same(&ours, &theirs) {
            differences.push(format!("{body}\n  ours:     {ours}\n  botocore: {theirs}"));
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} differ:\n{}",
        differences.len(),
        bodies.len(),
        differences.join("\n")
    );
}

/// Equal, floats within a microsecond's relative error (Python prints timestamps from
/// a `datetime`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x - y).abs() <= 1e-6 * x.abs().max(1.0)
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        _ => a == b,
    }
}

/// Each body parsed by botocore's `RestXMLParser` as the model's output, printed as
/// `model::read` prints values (`"error"` where botocore refuses it).
fn botocore_parse(python: &std::path::Path, bodies: &[String]) -> Vec<Value> {
    const SCRIPT: &str = r#"
import base64, json, math, sys
from botocore.model import ShapeResolver
from botocore.parsers import RestXMLParser

S = {"shape": "String"}
shapes = {
    "String": {"type": "string"}, "Long": {"type": "long"}, "Integer": {"type": "integer"},
    "Boolean": {"type": "boolean"}, "Timestamp": {"type": "timestamp"},
    "Blob": {"type": "blob"}, "Double": {"type": "double"}, "Big": {"type": "string"},
    "Item": {"type": "structure", "members": {
        "Name": S, "Size": {"shape": "Long"}, "Flag": {"shape": "Boolean"},
        "When": {"shape": "Timestamp"}, "Data": {"shape": "Blob"},
        "Ratio": {"shape": "Double"}, "Big": {"shape": "Big"},
        "Kind": {"shape": "String", "locationName": "xsi:type", "xmlAttribute": True}}},
    "Items": {"type": "list", "member": {"shape": "Item"}},
    "TagList": {"type": "list", "member": {"shape": "String", "locationName": "Tag"},
                "flattened": True},
    "Attrs": {"type": "map", "key": {"shape": "String", "locationName": "Name"},
              "value": {"shape": "Integer", "locationName": "Count"}},
    "FlatMap": {"type": "map", "key": S, "value": S, "flattened": True},
    "Output": {"type": "structure", "members": {
        "Item": {"shape": "Item"}, "Items": {"shape": "Items", "locationName": "ItemSet"},
        "Tags": {"shape": "TagList"}, "Attrs": {"shape": "Attrs"},
        "Pairs": {"shape": "FlatMap", "locationName": "Pair"}}},
}
shape = ShapeResolver(shapes).get_shape_by_name("Output")

def plain(v):
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items() if k != "ResponseMetadata"}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, bytes):
        return base64.b64encode(v).decode()
    if hasattr(v, "timestamp"):
        return v.timestamp()
    if isinstance(v, float) and math.isnan(v):
        return "NaN"
    if isinstance(v, float) and math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v

out = []
for body in json.load(sys.stdin):
    try:
        parsed = RestXMLParser().parse(
            {"status_code": 200, "headers": {}, "body": body.encode()}, shape)
        out.append(plain(parsed))
    except Exception:
        out.append("error")
print(json.dumps(out))
"#;
    use std::io::Write as _;
    let mut child = std::process::Command::new(python)
        .args(["-c", SCRIPT])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(bodies).unwrap().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "botocore failed");
    serde_json::from_slice(&output.stdout).expect("botocore printed JSON")
}
