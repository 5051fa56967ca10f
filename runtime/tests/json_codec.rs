//! The JSON codec through its public API: a model with every kind of shape written
//! and read back, byte for byte as boto3 writes it (and as values as serde does), random
//! values, hostile bodies, and awsJson requests and responses through the protocol
//! dispatcher.

#[path = "json_codec/model.rs"]
mod model;

use std::collections::BTreeMap;

use model::{Choice, Color, Everything, Inner, EVERYTHING};
use sdk_runtime::codec::json::{self, JsonOptions};
use sdk_runtime::protocol::{self, ServiceFailure, ServiceSpec};
use sdk_runtime::schema::{OperationSchema, Protocol, ReadError, ReadValue};
use sdk_runtime::{Blob, DateTime, Document};

static SERVICE: ServiceSpec = ServiceSpec {
    service_id: "Test",
    signing_name: "test",
    endpoint_prefix: "test",
    target_prefix: "Test_20240101",
    json_version: "1.1",
    api_version: "2024-01-01",
    protocol: Protocol::AwsJson1_1,
    query_compatible: false,
    default_headers: &[],
};

static OP: OperationSchema = OperationSchema {
    name: "DoEverything",
    input: &EVERYTHING,
    output: &EVERYTHING,
    http: None,
    request_compression: &[],
    checksum: sdk_runtime::schema::HttpChecksum::NONE,
};

fn write(value: &Everything) -> String {
    String::from_utf8(json::write_struct(value, JsonOptions::default()).unwrap()).unwrap()
}

fn read(body: &[u8]) -> Result<Everything, ReadError> {
    json::read_body(body, false, |r| Everything::read_value(r))
}

/// `body` read as a 200 response of [`OP`].
fn respond(body: &[u8]) -> Result<Everything, ServiceFailure> {
    let mut out = None;
    protocol::read_response(&SERVICE, &OP, 200, &[], body, &mut |r| {
        out = Some(Everything::read_value(r)?);
        Ok(())
    })?;
    Ok(out.expect("read was called"))
}

/// `body`, a JSON text, and the value the model's serde derive (the opt-in `serde`
/// feature of generated types) makes of `value`, as JSON values: the writer agrees with
/// serde on every member, its bytes with CPython.
fn same_as_serde(body: &str, value: &Everything) -> bool {
    let mut written: serde_json::Value = serde_json::from_str(body).unwrap();
    // Through text, so that an `f32` is its own shortest digits on both sides.
    let mut serde: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap();
    // Of two shortest digit strings equally near an `f32`, serde and Python may take
    // different ones: both read back as the same `f32`, which is what is compared.
    fn f32s_as_f32(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(o) => {
                for (key, item) in o.iter_mut() {
                    match item.as_f64() {
                        Some(f) if key == "F32" => *item = serde_json::json!(f as f32),
                        _ => f32s_as_f32(item),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(f32s_as_f32),
            _ => {}
        }
    }
    f32s_as_f32(&mut written);
    f32s_as_f32(&mut serde);
    written == serde
}

fn sample() -> Everything {
    let mut tags = BTreeMap::new();
    tags.insert("clé".to_owned(), "naïve \"quoted\"".to_owned());
    tags.insert("a".to_owned(), String::new());
    Everything {
        flag: Some(true),
        byte: Some(-128),
        short: Some(32767),
        int: Some(-7),
        long: Some(i64::MIN),
        f32: Some(1.1),
        f64: Some(1e16),
        text: Some("é😀\u{7f}\u{1}\n\t\"\\/~ plain".to_owned()),
        color: Some(Color::DarkBlue),
        data: Some(Blob::from("hello")),
        when: Some(DateTime::from_secs_and_nanos(1, 3_691_000)),
        when_iso: None,
        when_http: None,
        doc: Some(Document::from_json(r#"{"k": [1, 2.5, null, true, "ü", {}]}"#).unwrap()),
        inner: Some(Inner {
            name: Some("n".into()),
            size: Some(3),
        }),
        items: Some(vec![
            Inner::default(),
            Inner {
                name: None,
                size: Some(-1),
            },
        ]),
        maps: Some(vec![tags, BTreeMap::new()]),
        choice: Some(Choice::B(Blob::from(&[0u8, 255, 1][..]))),
        times: Some(vec![
            DateTime::from_secs(0),
            DateTime::from_secs_and_nanos(-2, 500_000_000),
        ]),
        nested: Some(Box::new(Everything {
            choice: Some(Choice::S("inner".into())),
            ..Everything::default()
        })),
        token: None,
    }
}

// What CPython prints for `json.dumps` of the same dict, as boto3 sends it.
const SAMPLE: &str = r#"{"Flag": true, "Byte": -128, "Short": 32767, "Int": -7, "Long": -9223372036854775808, "F32": 1.1, "F64": 1e+16, "Text": "\u00e9\ud83d\ude00\u007f\u0001\n\t\"\\/~ plain", "Color": "dark blue", "Data": "aGVsbG8=", "When": 1.003691, "Doc": {"k": [1, 2.5, null, true, "\u00fc", {}]}, "Inner": {"Name": "n", "Size": 3}, "Items": [{}, {"Size": -1}], "Maps": [{"a": "", "cl\u00e9": "na\u00efve \"quoted\""}, {}], "Choice": {"B": "AP8B"}, "Times": [0, -1.5], "Nested": {"Choice": {"S": "inner"}}}"#;

#[test]
fn every_kind_is_written_as_boto3_writes_it_and_reads_back() {
    let value = sample();
    assert_eq!(write(&value), SAMPLE);
    assert!(same_as_serde(SAMPLE, &value));
    assert_eq!(read(SAMPLE.as_bytes()).unwrap(), value);
    assert_eq!(respond(SAMPLE.as_bytes()).unwrap(), value);
}

#[test]
fn timestamps_take_the_member_s_format_and_read_in_any() {
    let t = DateTime::from_secs_and_nanos(1_515_531_081, 123_456_000);
    let value = Everything {
        when: Some(t),
        when_iso: Some(t),
        when_http: Some(t),
        ..Everything::default()
    };
    let body = write(&value);
    assert_eq!(
        body,
        r#"{"When": 1515531081.123456, "WhenIso": "2018-01-09T20:51:21.123456Z", "WhenHttp": "Tue, 09 Jan 2018 20:51:21 GMT"}"#
    );
    let back = read(body.as_bytes()).unwrap();
    assert_eq!((back.when, back.when_iso), (Some(t), Some(t)));
    assert_eq!(back.when_http, Some(DateTime::from_secs(1_515_531_081)));
    // Whatever the model says, botocore reads numbers, numeric text, ISO 8601 and
    // HTTP-dates alike.
    let whole = Some(DateTime::from_secs(1_515_531_081));
    for text in [
        "1515531081",
        "\"1515531081\"",
        "\"2018-01-09T20:51:21Z\"",
        "\"2018-01-09T21:51:21+01:00\"",
        "\"Tue, 09 Jan 2018 20:51:21 GMT\"",
        "1515531081.0",
    ] {
        for key in ["When", "WhenIso", "WhenHttp"] {
            let body = format!("{{\"{key}\": {text}}}");
            let back = read(body.as_bytes()).unwrap();
            let got = back.when.or(back.when_iso).or(back.when_http);
            assert_eq!(got, whole, "{body}");
        }
    }
    for bad in ["\"soon\"", "true", "1e300", "\"NaN\""] {
        let body = format!("{{\"When\": {bad}}}");
        assert!(read(body.as_bytes()).is_err(), "{body}");
    }
}

#[test]
fn restjson_names_are_used_only_when_asked() {
    let value = Everything {
        text: Some("x".into()),
        ..Everything::default()
    };
    let options = JsonOptions {
        json_names: true,
        ..JsonOptions::default()
    };
    let body = json::write_struct(&value, options).unwrap();
    assert_eq!(body, br#"{"text": "x"}"#);
    assert_eq!(write(&value), r#"{"Text": "x"}"#);
    let back = json::read_body(&body, true, |r| Everything::read_value(r)).unwrap();
    assert_eq!(back, value);
    // Read by the other naming, the key is an unknown member.
    assert_eq!(read(&body).unwrap(), Everything::default());
}

#[test]
fn body_only_leaves_out_members_bound_elsewhere() {
    let value = Everything {
        flag: Some(false),
        token: Some("t".into()),
        ..Everything::default()
    };
    let options = JsonOptions {
        body_only: true,
        ..JsonOptions::default()
    };
    assert_eq!(
        json::write_struct(&value, options).unwrap(),
        br#"{"Flag": false}"#
    );
    assert_eq!(write(&value), r#"{"Flag": false, "Token": "t"}"#);
}

#[test]
fn floats_edge_values() {
    let body = |f32: f32, f64: f64| {
        write(&Everything {
            f32: Some(f32),
            f64: Some(f64),
            ..Everything::default()
        })
    };
    assert_eq!(body(3.0e-6, 5e-324), r#"{"F32": 3e-06, "F64": 5e-324}"#);
    assert_eq!(
        body(16_777_216.0, -0.0),
        r#"{"F32": 16777216.0, "F64": -0.0}"#
    );
    assert_eq!(
        body(f32::NAN, f64::NEG_INFINITY),
        r#"{"F32": "NaN", "F64": "-Infinity"}"#
    );
    assert_eq!(
        body(f32::INFINITY, 1.7976931348623157e308),
        r#"{"F32": "Infinity", "F64": 1.7976931348623157e+308}"#
    );
    let back = read(br#"{"F32": "Infinity", "F64": "NaN"}"#).unwrap();
    assert_eq!(back.f32, Some(f32::INFINITY));
    assert!(back.f64.unwrap().is_nan());
    let back = read(br#"{"F32": -Infinity, "F64": NaN}"#).unwrap();
    assert_eq!(back.f32, Some(f32::NEG_INFINITY));
    // Integers in float members, and whole floats in integer members.
    let back = read(br#"{"F64": 100, "Int": 1.0, "Long": 2e3}"#).unwrap();
    assert_eq!(
        (back.f64, back.int, back.long),
        (Some(100.0), Some(1), Some(2000))
    );
    for bad in [r#"{"Int": 1.5}"#, r#"{"Byte": 128}"#, r#"{"F64": "1.5"}"#] {
        assert!(read(bad.as_bytes()).is_err(), "{bad}");
    }
}

#[test]
fn null_and_unknown_members_are_skipped() {
    let body = br#"{"Flag": null, "New": {"deep": [1, {"x": null}], "s": "\u00e9"},
        "Items": [null, {"Size": 1, "Later": true}], "Maps": [{"a": null, "b": "c"}],
        "__type": "x", "Text": "kept"}"#;
    let value = read(body).unwrap();
    assert_eq!(value.flag, None);
    assert_eq!(value.text.as_deref(), Some("kept"));
    assert_eq!(
        value.items,
        Some(vec![Inner {
            name: None,
            size: Some(1)
        }])
    );
    let mut map = BTreeMap::new();
    map.insert("b".to_owned(), "c".to_owned());
    assert_eq!(value.maps, Some(vec![map]));
}

#[test]
fn errors_name_the_json_path() {
    let err = read(br#"{"Items": [{}, {"Size": "big"}]}"#).unwrap_err();
    assert!(err.reason.contains("(at Items[1].Size)"), "{err}");
    let err = read(br#"{"Nested": {"Maps": [{"k": 7}]}}"#).unwrap_err();
    assert!(err.reason.contains("(at Nested.Maps[0].k)"), "{err}");
    assert!(err.reason.contains("expected a string at byte"), "{err}");
    let err = read(br#"{"Byte": 300}"#).unwrap_err();
    assert!(
        err.reason.contains("300") && err.reason.contains("Byte"),
        "{err}"
    );
}

#[path = "json_codec/botocore.rs"]
mod botocore;
#[path = "json_codec/hostile.rs"]
mod hostile;
#[path = "json_codec/random.rs"]
mod random;
#[path = "json_codec/requests.rs"]
mod requests;
