//! Responses: every output location, payloads, malformed headers, error codes, and
//! hostile headers and bodies that must not panic.

use crate::fixtures::*;

/// Outputs as JSON values, compared with `json!` literals.
type Json = serde_json::Value;

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
fn read_dyn(schema: &'static Schema, r: &mut dyn ValueReader) -> Result<Json, ReadError> {
    Ok(match schema.kind {
        ShapeKind::Boolean => Json::Bool(r.boolean()?),
        ShapeKind::Byte
        | ShapeKind::Short
        | ShapeKind::Integer
        | ShapeKind::Long
        | ShapeKind::IntEnum => r.integer()?.into(),
        ShapeKind::Float | ShapeKind::Double => r.float()?.into(),
        ShapeKind::String | ShapeKind::Enum | ShapeKind::BigInteger | ShapeKind::BigDecimal => {
            Json::String(r.string()?)
        }
        ShapeKind::Blob => r.blob()?.into(),
        ShapeKind::Timestamp => Json::String(r.timestamp()?.to_string()),
        ShapeKind::Document => serde_json::to_value(r.document()?).expect("a document is JSON"),
        ShapeKind::List => {
            let mut items = Vec::new();
            r.list(&mut |r| {
                items.push(read_dyn(schema.members[0].target, r)?);
                Ok(())
            })?;
            Json::Array(items)
        }
        ShapeKind::Map => {
            let mut map = serde_json::Map::new();
            r.map(&mut |key, r| {
                map.insert(key, read_dyn(schema.members[1].target, r)?);
                Ok(())
            })?;
            Json::Object(map)
        }
        ShapeKind::Structure | ShapeKind::Union => {
            let mut map = serde_json::Map::new();
            r.structure(schema, &mut |i, r| {
                let member = &schema.members[i];
                map.insert(member.name.to_owned(), read_dyn(member.target, r)?);
                Ok(())
            })?;
            Json::Object(map)
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
) -> Result<Json, ServiceFailure> {
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
