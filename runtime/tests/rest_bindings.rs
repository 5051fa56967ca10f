//! restJson1 through the public protocol entry points, with hand-written schemas: every
//! member location of requests and responses, error codes, host prefixes through the
//! client, agreement with botocore's percent-encoding and HTTP-dates on random inputs
//! (when the pinned botocore is installed), and hostile responses that must not panic.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};

use sdk_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use sdk_runtime::protocol::{
    read_error, read_response, write_request, ServiceFailure, ServiceSpec,
};
use sdk_runtime::schema::prelude::{BLOB, BOOLEAN, DOCUMENT, DOUBLE, INTEGER, STRING, TIMESTAMP};
use sdk_runtime::schema::{
    HttpBinding, Location, Member, MemberTraits, MemberWriter, OperationSchema, Protocol,
    ReadError, Schema, ShapeKind, ShapeTraits, UriSegment, ValueReader, ValueWriter, WriteError,
    WriteStruct, WriteValue,
};
use sdk_runtime::wire::http_date;
use sdk_runtime::{Blob, Config, Credentials, DateTime, Document, Handle};

static SERVICE: ServiceSpec = ServiceSpec {
    service_id: "Things",
    signing_name: "things",
    endpoint_prefix: "things",
    target_prefix: "",
    json_version: "1.1",
    api_version: "2024-01-01",
    protocol: Protocol::RestJson1,
    query_compatible: false,
};

const fn at(name: &'static str, target: &'static Schema, location: Location) -> Member {
    Member {
        name,
        target,
        location,
        traits: MemberTraits::NONE,
    }
}

const fn shape(name: &'static str, kind: ShapeKind, members: &'static [Member]) -> Schema {
    Schema {
        name,
        kind,
        members,
        traits: ShapeTraits::NONE,
    }
}

static STRINGS: Schema = shape(
    "Strings",
    ShapeKind::List,
    &[at("member", &STRING, Location::Body)],
);
static TIMES: Schema = shape(
    "Times",
    ShapeKind::List,
    &[at("member", &TIMESTAMP, Location::Body)],
);
static STRING_MAP: Schema = shape(
    "StringMap",
    ShapeKind::Map,
    &[
        at("key", &STRING, Location::Body),
        at("value", &STRING, Location::Body),
    ],
);
static LIST_MAP: Schema = shape(
    "ListMap",
    ShapeKind::Map,
    &[
        at("key", &STRING, Location::Body),
        at("value", &STRINGS, Location::Body),
    ],
);

static PUT_INPUT: Schema = shape(
    "PutThingInput",
    ShapeKind::Structure,
    &[
        at("Name", &STRING, Location::Label("Name")),
        at("Key", &STRING, Location::GreedyLabel("Key")),
        at("Tags", &STRINGS, Location::Query("tag")),
        at("Since", &TIMESTAMP, Location::Query("since")),
        at("Flag", &BOOLEAN, Location::Query("flag")),
        at("Extra", &LIST_MAP, Location::QueryMap),
        at("Items", &STRINGS, Location::Header("X-Items")),
        at("When", &TIMESTAMP, Location::Header("X-When")),
        at("Meta", &STRING_MAP, Location::PrefixHeaders("x-meta-")),
        Member {
            traits: MemberTraits {
                json_name: Some("count_"),
                ..MemberTraits::NONE
            },
            ..at("Count", &INTEGER, Location::Body)
        },
        at("Note", &STRING, Location::Body),
        at("Ratio", &DOUBLE, Location::Header("X-Ratio")),
        Member {
            traits: MemberTraits {
                json_value: true,
                ..MemberTraits::NONE
            },
            ..at("Doc", &DOCUMENT, Location::Header("X-Doc"))
        },
        at("Times", &TIMES, Location::Header("X-Times")),
        Member {
            traits: MemberTraits {
                host_label: true,
                ..MemberTraits::NONE
            },
            ..at("Account", &STRING, Location::Body)
        },
    ],
);
static EMPTY: Schema = shape("Empty", ShapeKind::Structure, &[]);

static PUT: OperationSchema = OperationSchema {
    name: "PutThing",
    input: &PUT_INPUT,
    output: &EMPTY,
    http: Some(HttpBinding {
        method: "PUT",
        path: &[
            UriSegment::Literal("/things/"),
            UriSegment::Label("Name"),
            UriSegment::Literal("/files/"),
            UriSegment::Greedy("Key"),
        ],
        query: &[("op", Some("put")), ("x", None)],
        code: 200,
        host_prefix: Some("{Account}-api."),
    }),
    request_compression: &[],
};

/// A structure value: its schema and the set members by index.
struct Obj {
    schema: &'static Schema,
    set: Vec<(usize, Box<dyn WriteValue>)>,
}

impl Obj {
    fn new(schema: &'static Schema) -> Self {
        Self {
            schema,
            set: Vec::new(),
        }
    }
    fn with(mut self, name: &str, value: impl WriteValue + 'static) -> Self {
        let index = self
            .schema
            .members
            .iter()
            .position(|m| m.name == name)
            .unwrap_or_else(|| panic!("no member {name}"));
        self.set.push((index, Box::new(value)));
        self.set.sort_by_key(|(i, _)| *i);
        self
    }
}

impl WriteStruct for Obj {
    fn schema(&self) -> &'static Schema {
        self.schema
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        self.set
            .iter()
            .try_for_each(|(i, v)| w.member(*i, v.as_ref()))
    }
}

impl WriteValue for Obj {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        w.structure(self)
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn t(text: &str) -> DateTime {
    text.parse().unwrap()
}

fn header<'a>(
    headers: &'a [(std::borrow::Cow<'static, str>, String)],
    name: &str,
) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn every_request_location_is_written_as_botocore_writes_it() {
    let input = Obj::new(&PUT_INPUT)
        .with("Name", "a b".to_owned())
        .with("Key", "dir/x+y ü.txt".to_owned())
        .with("Tags", strings(&["a", "b,c", "d&e=f"]))
        .with("Since", t("2019-12-16T23:48:18.5Z"))
        .with("Flag", true)
        .with(
            "Extra",
            BTreeMap::from([
                ("tag".to_owned(), strings(&["from-map"])),
                ("k".to_owned(), strings(&["v1", "v 2"])),
            ]),
        )
        .with("Items", strings(&["plain", "with,comma", "with\"quote"]))
        .with("When", t("2019-12-16T23:48:18.999Z"))
        .with(
            "Meta",
            BTreeMap::from([("color".to_owned(), "blue".to_owned())]),
        )
        .with("Count", 3i32)
        .with("Ratio", f64::NAN)
        .with("Doc", serde_json::json!({"a": [1, 2.5, "é"]}))
        .with(
            "Times",
            vec![t("2019-12-16T23:48:18Z"), t("1970-01-01T00:00:00Z")],
        )
        .with("Account", "acct-1".to_owned());
    let parts = write_request(&SERVICE, &PUT, &input).unwrap();
    assert_eq!(parts.method, "PUT");
    assert_eq!(
        parts.path,
        "/things/a%20b/files/dir/x%2By%20%C3%BC.txt?op=put&x\
         &tag=a&tag=b%2Cc&tag=d%26e%3Df&since=2019-12-16T23%3A48%3A18.500000Z&flag=true\
         &k=v1&k=v%202"
    );
    assert_eq!(
        header(&parts.headers, "X-Items"),
        Some(r#"plain,"with,comma","with\"quote""#)
    );
    assert_eq!(
        header(&parts.headers, "X-When"),
        Some("Mon, 16 Dec 2019 23:48:18 GMT")
    );
    assert_eq!(header(&parts.headers, "x-meta-color"), Some("blue"));
    assert_eq!(header(&parts.headers, "X-Ratio"), Some("NaN"));
    // `json.dumps(value, separators=(',', ':'))`, base64: {"a":[1,2.5,"\u00e9"]}
    assert_eq!(
        header(&parts.headers, "X-Doc"),
        Some("eyJhIjpbMSwyLjUsIlx1MDBlOSJdfQ==")
    );
    assert_eq!(
        header(&parts.headers, "X-Times"),
        Some("Mon, 16 Dec 2019 23:48:18 GMT,Thu, 01 Jan 1970 00:00:00 GMT")
    );
    assert_eq!(
        header(&parts.headers, "Content-Type"),
        Some("application/json")
    );
    assert_eq!(
        String::from_utf8(parts.body).unwrap(),
        r#"{"count_": 3, "Account": "acct-1"}"#
    );
    assert_eq!(parts.host_prefix.as_deref(), Some("acct-1-api."));
}

#[test]
fn labels_must_be_set_and_not_empty_and_host_labels_must_be_host_text() {
    let missing = Obj::new(&PUT_INPUT)
        .with("Key", "k".to_owned())
        .with("Account", "a".to_owned());
    let err = write_request(&SERVICE, &PUT, &missing).unwrap_err();
    assert!(err.to_string().contains("Name"), "{err}");
    let empty = Obj::new(&PUT_INPUT)
        .with("Name", String::new())
        .with("Key", "k".to_owned())
        .with("Account", "a".to_owned());
    assert!(write_request(&SERVICE, &PUT, &empty).is_err());
    let good = Obj::new(&PUT_INPUT)
        .with("Name", "n".to_owned())
        .with("Key", "k".to_owned())
        .with("Account", "my-acct.1".to_owned());
    let parts = write_request(&SERVICE, &PUT, &good).unwrap();
    assert_eq!(parts.host_prefix.as_deref(), Some("my-acct.1-api."));
    // Without its host label, the host prefix cannot be written.
    let unlabelled = Obj::new(&PUT_INPUT)
        .with("Name", "n".to_owned())
        .with("Key", "k".to_owned());
    assert!(write_request(&SERVICE, &PUT, &unlabelled).is_err());
}

#[test]
fn a_space_in_a_host_label_is_refused() {
    let input = Obj::new(&PUT_INPUT)
        .with("Name", "n".to_owned())
        .with("Key", "k".to_owned())
        .with("Account", "a b".to_owned());
    let err = write_request(&SERVICE, &PUT, &input).unwrap_err();
    assert!(err.to_string().contains("host label"), "{err}");
}

#[test]
fn header_values_that_would_split_the_request_are_refused() {
    for bad in ["a\r\nx-injected: 1", "a\nb", "nul\0"] {
        let input = Obj::new(&PUT_INPUT)
            .with("Name", "n".to_owned())
            .with("Key", "k".to_owned())
            .with("Account", "a".to_owned())
            .with("Items", strings(&[bad]));
        assert!(write_request(&SERVICE, &PUT, &input).is_err(), "{bad:?}");
        let input = Obj::new(&PUT_INPUT)
            .with("Name", "n".to_owned())
            .with("Key", "k".to_owned())
            .with("Account", "a".to_owned())
            .with("Meta", BTreeMap::from([(bad.to_owned(), "v".to_owned())]));
        assert!(write_request(&SERVICE, &PUT, &input).is_err(), "{bad:?}");
    }
}

static CONFIG: Schema = shape(
    "Config",
    ShapeKind::Structure,
    &[Member {
        traits: MemberTraits {
            json_name: Some("sizeInBytes"),
            ..MemberTraits::NONE
        },
        ..at("Size", &INTEGER, Location::Body)
    }],
);
static UPLOAD_INPUT: Schema = shape(
    "UploadInput",
    ShapeKind::Structure,
    &[
        at("Data", &BLOB, Location::Payload),
        at("Type", &STRING, Location::Header("Content-Type")),
    ],
);
static CONFIG_INPUT: Schema = shape(
    "ConfigInput",
    ShapeKind::Structure,
    &[at("Config", &CONFIG, Location::Payload)],
);
static HEADER_ONLY_INPUT: Schema = shape(
    "HeaderOnlyInput",
    ShapeKind::Structure,
    &[at("Id", &STRING, Location::Header("X-Id"))],
);

const fn op(
    name: &'static str,
    method: &'static str,
    path: &'static [UriSegment],
    input: &'static Schema,
    output: &'static Schema,
) -> OperationSchema {
    OperationSchema {
        name,
        input,
        output,
        http: Some(HttpBinding {
            method,
            path,
            query: &[],
            code: 200,
            host_prefix: None,
        }),
        request_compression: &[],
    }
}

static UPLOAD: OperationSchema = op(
    "Upload",
    "POST",
    &[UriSegment::Literal("/upload")],
    &UPLOAD_INPUT,
    &EMPTY,
);
static SET_CONFIG: OperationSchema = op(
    "SetConfig",
    "PUT",
    &[UriSegment::Literal("/config")],
    &CONFIG_INPUT,
    &EMPTY,
);
static GET_NOTHING: OperationSchema = op(
    "GetNothing",
    "GET",
    &[UriSegment::Literal("/nothing")],
    &HEADER_ONLY_INPUT,
    &EMPTY,
);

#[test]
fn payloads_and_empty_bodies_follow_botocore() {
    // A blob payload is the raw body, without a content type of its own.
    let input = Obj::new(&UPLOAD_INPUT).with("Data", Blob::new(vec![0u8, 159, 255]));
    let parts = write_request(&SERVICE, &UPLOAD, &input).unwrap();
    assert_eq!(parts.body, [0, 159, 255]);
    assert_eq!(header(&parts.headers, "Content-Type"), None);
    let typed = Obj::new(&UPLOAD_INPUT)
        .with("Data", Blob::from("x"))
        .with("Type", "image/png".to_owned());
    let parts = write_request(&SERVICE, &UPLOAD, &typed).unwrap();
    assert_eq!(header(&parts.headers, "content-type"), Some("image/png"));
    let unset = write_request(&SERVICE, &UPLOAD, &Obj::new(&UPLOAD_INPUT)).unwrap();
    assert!(unset.body.is_empty() && unset.headers.is_empty());

    // A structure payload is that structure's JSON; unset, `{}`.
    let input = Obj::new(&CONFIG_INPUT).with("Config", Obj::new(&CONFIG).with("Size", 25i32));
    let parts = write_request(&SERVICE, &SET_CONFIG, &input).unwrap();
    assert_eq!(parts.body, br#"{"sizeInBytes": 25}"#);
    assert_eq!(
        header(&parts.headers, "Content-Type"),
        Some("application/json")
    );
    let parts = write_request(&SERVICE, &SET_CONFIG, &Obj::new(&CONFIG_INPUT)).unwrap();
    assert_eq!(parts.body, b"{}");

    // No body members: no body and no content type.
    let input = Obj::new(&HEADER_ONLY_INPUT).with("Id", "t-1".to_owned());
    let parts = write_request(&SERVICE, &GET_NOTHING, &input).unwrap();
    assert!(parts.body.is_empty());
    assert_eq!(parts.headers, [("X-Id".into(), "t-1".to_owned())]);
    assert_eq!(parts.path, "/nothing");
}

// ---- responses ----

static THING: Schema = shape(
    "Thing",
    ShapeKind::Structure,
    &[
        at("Status", &INTEGER, Location::StatusCode),
        at("Items", &STRINGS, Location::Header("X-Items")),
        at("When", &TIMESTAMP, Location::Header("X-When")),
        at("Times", &TIMES, Location::Header("X-Times")),
        at("Meta", &STRING_MAP, Location::PrefixHeaders("X-Meta-")),
        at("Flag", &BOOLEAN, Location::Header("X-Flag")),
        Member {
            traits: MemberTraits {
                json_name: Some("count_"),
                ..MemberTraits::NONE
            },
            ..at("Count", &INTEGER, Location::Body)
        },
        at("Note", &STRING, Location::Body),
        Member {
            traits: MemberTraits {
                json_value: true,
                ..MemberTraits::NONE
            },
            ..at("Doc", &DOCUMENT, Location::Header("X-Doc"))
        },
    ],
);
static GET_THING: OperationSchema = op(
    "GetThing",
    "GET",
    &[UriSegment::Literal("/thing")],
    &EMPTY,
    &THING,
);
static DOWNLOAD_OUTPUT: Schema = shape(
    "DownloadOutput",
    ShapeKind::Structure,
    &[
        at("Data", &BLOB, Location::Payload),
        at("Type", &STRING, Location::Header("Content-Type")),
    ],
);
static DOWNLOAD: OperationSchema = op(
    "Download",
    "GET",
    &[UriSegment::Literal("/download")],
    &EMPTY,
    &DOWNLOAD_OUTPUT,
);
static CONFIG_OUTPUT: Schema = shape(
    "ConfigOutput",
    ShapeKind::Structure,
    &[at("Config", &CONFIG, Location::Payload)],
);
static GET_CONFIG: OperationSchema = op(
    "GetConfig",
    "GET",
    &[UriSegment::Literal("/config")],
    &EMPTY,
    &CONFIG_OUTPUT,
);

/// Any value read through the schema, as a document: structures and maps as objects,
/// timestamps as RFC 3339 text, blobs as their bytes.
fn read_dyn(schema: &'static Schema, r: &mut dyn ValueReader) -> Result<Document, ReadError> {
    Ok(match schema.kind {
        ShapeKind::Boolean => Document::Bool(r.boolean()?),
        ShapeKind::Byte
        | ShapeKind::Short
        | ShapeKind::Integer
        | ShapeKind::Long
        | ShapeKind::IntEnum => r.integer()?.into(),
        ShapeKind::Float | ShapeKind::Double => r.float()?.into(),
        ShapeKind::String | ShapeKind::Enum | ShapeKind::BigInteger | ShapeKind::BigDecimal => {
            Document::String(r.string()?)
        }
        ShapeKind::Blob => r.blob()?.into(),
        ShapeKind::Timestamp => Document::String(r.timestamp()?.to_string()),
        ShapeKind::Document => r.document()?,
        ShapeKind::List => {
            let mut items = Vec::new();
            r.list(&mut |r| {
                items.push(read_dyn(schema.members[0].target, r)?);
                Ok(())
            })?;
            Document::Array(items)
        }
        ShapeKind::Map => {
            let mut map = serde_json::Map::new();
            r.map(&mut |key, r| {
                map.insert(key, read_dyn(schema.members[1].target, r)?);
                Ok(())
            })?;
            Document::Object(map)
        }
        ShapeKind::Structure | ShapeKind::Union => {
            let mut map = serde_json::Map::new();
            r.structure(schema, &mut |i, r| {
                let member = &schema.members[i];
                map.insert(member.name.to_owned(), read_dyn(member.target, r)?);
                Ok(())
            })?;
            Document::Object(map)
        }
    })
}

fn owned(headers: &[(&str, &str)]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn response(
    op: &'static OperationSchema,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Document, ServiceFailure> {
    let mut out = None;
    read_response(&SERVICE, op, status, &owned(headers), body, &mut |r| {
        out = Some(read_dyn(op.output, r)?);
        Ok(())
    })?;
    Ok(out.expect("read was called"))
}

#[test]
fn every_response_location_is_read() {
    let out = response(
        &GET_THING,
        201,
        &[
            ("x-items", r#"a, "b,c", "\"d\"""#),
            ("x-when", "Mon, 16 Dec 2019 23:48:18 GMT"),
            (
                "x-times",
                "Mon, 16 Dec 2019 23:48:18 GMT, Thu, 01 Jan 1970 00:00:00 GMT",
            ),
            ("x-meta-color", "blue"),
            ("X-META-Size", "L"),
            ("x-flag", "false"),
            ("x-doc", "eyJhIjpbMSwyLjUsIlx1MDBlOSJdfQ=="),
            ("x-amzn-requestid", "req-1"),
        ],
        br#"{"count_": 7, "Count": 1, "Note": "hi", "Items": ["not from the body"]}"#,
    )
    .unwrap();
    assert_eq!(
        out,
        serde_json::json!({
            "Status": 201,
            "Items": ["a", "b,c", "\"d\""],
            "When": "2019-12-16T23:48:18Z",
            "Times": ["2019-12-16T23:48:18Z", "1970-01-01T00:00:00Z"],
            "Meta": {"color": "blue", "Size": "L"},
            "Flag": false,
            "Count": 7,
            "Note": "hi",
            "Doc": {"a": [1, 2.5, "é"]},
        })
    );
    // No headers and an empty body: only the status and the (empty) prefix map.
    let out = response(&GET_THING, 200, &[], b"").unwrap();
    assert_eq!(out, serde_json::json!({"Status": 200, "Meta": {}}));
}

#[test]
fn payload_members_take_the_whole_body() {
    let body = [0u8, 1, 254, 255];
    let out = response(&DOWNLOAD, 200, &[("Content-Type", "image/png")], &body).unwrap();
    assert_eq!(
        out,
        serde_json::json!({"Data": [0, 1, 254, 255], "Type": "image/png"})
    );
    let out = response(&GET_CONFIG, 200, &[], br#"{"sizeInBytes": 25}"#).unwrap();
    assert_eq!(out, serde_json::json!({"Config": {"Size": 25}}));
}

#[test]
fn malformed_header_values_are_malformed_responses() {
    for (name, value) in [
        ("x-flag", "yes"),
        ("x-when", "yesterday"),
        ("x-doc", "not base64!"),
    ] {
        match response(&GET_THING, 200, &[(name, value)], b"{}") {
            Err(ServiceFailure::Malformed(e)) => {
                assert!(e.reason.to_lowercase().contains(name), "{e}")
            }
            other => panic!("{name}: {other:?}"),
        }
    }
}

static NOT_FOUND: Schema = shape(
    "NotFound",
    ShapeKind::Structure,
    &[
        at("Message", &STRING, Location::Body),
        at("Resource", &STRING, Location::Header("X-Resource")),
    ],
);

#[test]
fn error_codes_come_from_the_header_then_code_then_type() {
    let code = |headers: &[(&str, &str)], body: &str| match response(
        &GET_THING,
        404,
        headers,
        body.as_bytes(),
    ) {
        Err(ServiceFailure::Service(raw)) => (
            raw.meta().code().map(str::to_owned),
            raw.meta().message().map(str::to_owned),
        ),
        other => panic!("{other:?}"),
    };
    let uri = "NotFound:http://internal.amazon.com/coral/com.amazon.coral.validate/";
    assert_eq!(
        code(&[("X-Amzn-Errortype", uri)], r#"{"code": "Other"}"#)
            .0
            .as_deref(),
        Some("NotFound")
    );
    assert_eq!(
        code(
            &[],
            r#"{"code": "aws.protocoltests.restjson#NotFound", "__type": "X"}"#
        ),
        (Some("NotFound".to_owned()), None)
    );
    assert_eq!(
        code(&[], r#"{"Code": "NotFound", "Message": "gone"}"#),
        (Some("NotFound".to_owned()), Some("gone".to_owned()))
    );
    assert_eq!(
        code(&[], r#"{"__type": "ns#NotFound:extra", "message": "m"}"#),
        (Some("NotFound".to_owned()), Some("m".to_owned()))
    );
    // Not JSON: no code, the text as the message (botocore's rule).
    assert_eq!(
        code(&[], "<html>bad gateway</html>"),
        (None, Some("<html>bad gateway</html>".to_owned()))
    );

    // A modeled error's members come from the body and from headers.
    let mut out = None;
    read_error(
        &SERVICE,
        &NOT_FOUND,
        404,
        &owned(&[("x-resource", "thing-1")]),
        br#"{"Message": "gone"}"#,
        &mut |r| {
            out = Some(read_dyn(&NOT_FOUND, r)?);
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(
        out.unwrap(),
        serde_json::json!({"Message": "gone", "Resource": "thing-1"})
    );
}

// ---- the client applies the host prefix ----

#[derive(Debug, Default, Clone)]
struct Capture(Arc<Mutex<Vec<HttpRequest>>>);

impl HttpClient for Capture {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.lock().unwrap().push(request);
        Box::pin(async {
            Ok(HttpResponse {
                status: 200,
                headers: Default::default(),
                body: b"{}".to_vec(),
            })
        })
    }
}

#[tokio::test]
async fn the_client_puts_the_host_prefix_before_the_endpoint_host() {
    let capture = Capture::default();
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None))
        .endpoint_url("https://things.example.com/base")
        .http_client(capture.clone())
        .build();
    let handle = Handle::new(&config, &SERVICE);
    let input = Obj::new(&PUT_INPUT)
        .with("Name", "n1".to_owned())
        .with("Key", "a/b".to_owned())
        .with("Account", "acct".to_owned());
    let parts = write_request(&SERVICE, &PUT, &input).unwrap();
    handle.call_raw("PutThing", parts).await.unwrap();
    let sent = capture.0.lock().unwrap();
    assert_eq!(
        sent[0].url,
        "https://acct-api.things.example.com/base/things/n1/files/a/b?op=put&x"
    );
}

// ---- against botocore ----

/// The Python of the pinned botocore, as `tests/tests/timestamps.rs` finds it.
fn pinned_python() -> Option<PathBuf> {
    if let Some(python) = std::env::var_os("BOTOCORE_PYTHON") {
        return Some(python.into());
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let pin = std::fs::read_to_string(root.join("docs-input/boto3.pin")).ok()?;
    let key = pin
        .lines()
        .map(|line| line.split('#').next().unwrap_or_default())
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ");
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let env = target.join("boto3-env").join(format!("{hash:016x}"));
    let installed = std::fs::read_to_string(env.join("installed.pin")).ok()?;
    let python = env.join("bin").join("python");
    (installed == key && python.exists()).then_some(python)
}

/// A small xorshift generator: fresh cases per run, the seed printed on failure.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn text(&mut self) -> String {
        const PICKS: &[char] = &[
            'a', 'Z', '0', ' ', '/', '%', '+', '~', '-', '.', '_', '?', '#', '&', '=', ',', '"',
            ':', '@', '!', '*', '(', '\'', 'é', '€', '😹', '\u{7f}', '\t',
        ];
        let len = self.next() % 12;
        (0..len)
            .map(|_| PICKS[(self.next() % PICKS.len() as u64) as usize])
            .collect()
    }
}

fn seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1
}

#[test]
fn labels_query_and_http_dates_match_botocore_on_random_inputs() {
    let Some(python) = pinned_python() else {
        eprintln!("skipped: the pinned botocore is not installed (cargo xtask import-docs)");
        return;
    };
    let seed = seed();
    let mut rng = Rng(seed);
    let texts: Vec<String> = (0..2000).map(|_| rng.text()).collect();
    let times: Vec<i64> = (0..2000)
        .map(|_| (rng.next() % 253_402_300_800) as i64 - 62_135_596_800 / 2)
        .collect();
    let script = r#"
import json, sys
from botocore.utils import percent_encode
from email.utils import formatdate
cases = json.load(sys.stdin)
print(json.dumps({
  "label": [percent_encode(t) for t in cases["texts"]],
  "greedy": [percent_encode(t, safe='/~') for t in cases["texts"]],
  "date": [formatdate(s, usegmt=True) for s in cases["times"]],
}))
"#;
    let mut child = Command::new(python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let cases = serde_json::json!({"texts": texts, "times": times});
    serde_json::to_writer(child.stdin.take().unwrap(), &cases).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let want: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for (i, text) in texts.iter().enumerate() {
        for (kind, greedy) in [("label", false), ("greedy", true)] {
            let mut ours = String::new();
            sdk_runtime::codec::rest::percent_encode_into(&mut ours, text, greedy);
            assert_eq!(ours, want[kind][i], "seed {seed}: {kind} of {text:?}");
        }
    }
    for (i, secs) in times.iter().enumerate() {
        let ours = http_date::format(&DateTime::from_secs(*secs));
        assert_eq!(ours, want["date"][i], "seed {seed}: {secs}");
        assert_eq!(
            http_date::parse(&ours),
            Ok(DateTime::from_secs(*secs)),
            "seed {seed}"
        );
    }
}

// ---- hostile responses ----

#[test]
fn hostile_headers_and_bodies_never_panic() {
    let seed = seed();
    let mut rng = Rng(seed);
    let pieces: &[&[u8]] = &[
        b"{",
        b"}",
        b"\"",
        b",",
        b"\\",
        b"count_",
        b":",
        b"[",
        b"]",
        b"1e999",
        b"-",
        b"null",
        b"\xff",
        b"\xc3",
        b" ",
        b"true",
        b"\"Note\"",
        b"\"__type\"",
        b"#",
    ];
    for _ in 0..5000 {
        let body: Vec<u8> = (0..rng.next() % 20)
            .flat_map(|_| pieces[(rng.next() % pieces.len() as u64) as usize].to_vec())
            .collect();
        let value = rng.text() + if rng.next() % 2 == 0 { "," } else { "\"" };
        let names = [
            "x-items",
            "x-when",
            "x-times",
            "x-meta-",
            "x-flag",
            "x-doc",
            "content-type",
        ];
        let name = names[(rng.next() % names.len() as u64) as usize];
        let status = [200, 204, 400, 404, 500][(rng.next() % 5) as usize];
        for op in [&GET_THING, &DOWNLOAD, &GET_CONFIG] {
            let _ = response(op, status, &[(name, &value)], &body);
        }
        let _ = read_error(
            &SERVICE,
            &NOT_FOUND,
            404,
            &owned(&[(name, &value)]),
            &body,
            &mut |r| read_dyn(&NOT_FOUND, r).map(drop),
        );
    }
}
