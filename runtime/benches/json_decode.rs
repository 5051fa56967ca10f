//! Decoding a 1 MB DynamoDB `Scan` response (1,000 items with nested maps, lists,
//! sets and binary): the schema reader (`codec::json::JsonReader` with the glue a
//! generated crate emits) against the serde path generated crates used before it
//! (derived `Deserialize`, unions read through a `serde_json::Value` map), interleaved
//! in one run.
//!
//! `cargo bench -p sdk-runtime --bench json_decode`

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use sdk_runtime::codec::json;
use sdk_runtime::schema::{
    prelude, Location, Member, MemberTraits, ReadError, ReadValue, Schema, ShapeKind, ShapeTraits,
    ValueReader,
};
use sdk_runtime::Blob;
use serde::de::{self, Deserializer};
use serde::Deserialize;

const fn member(name: &'static str, target: &'static Schema) -> Member {
    Member {
        name,
        target,
        location: Location::Body,
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
    &[member("member", &prelude::STRING)],
);
static BLOBS: Schema = shape(
    "Blobs",
    ShapeKind::List,
    &[member("member", &prelude::BLOB)],
);
static ITEM: Schema = shape(
    "Item",
    ShapeKind::Map,
    &[member("key", &prelude::STRING), member("value", &VALUE)],
);
static VALUES: Schema = shape("Values", ShapeKind::List, &[member("member", &VALUE)]);
static ITEMS: Schema = shape("Items", ShapeKind::List, &[member("member", &ITEM)]);
static VALUE: Schema = shape(
    "AttributeValue",
    ShapeKind::Union,
    &[
        member("S", &prelude::STRING),
        member("N", &prelude::STRING),
        member("B", &prelude::BLOB),
        member("SS", &STRINGS),
        member("NS", &STRINGS),
        member("BS", &BLOBS),
        member("M", &ITEM),
        member("L", &VALUES),
        member("NULL", &prelude::BOOLEAN),
        member("BOOL", &prelude::BOOLEAN),
    ],
);
static SCAN_OUTPUT: Schema = shape(
    "ScanOutput",
    ShapeKind::Structure,
    &[
        member("Items", &ITEMS),
        member("Count", &prelude::INTEGER),
        member("ScannedCount", &prelude::INTEGER),
        member("LastEvaluatedKey", &ITEM),
    ],
);

#[allow(clippy::upper_case_acronyms, dead_code)]
#[derive(Debug)]
enum AttributeValue {
    S(String),
    N(String),
    B(Blob),
    SS(Vec<String>),
    NS(Vec<String>),
    BS(Vec<Blob>),
    M(BTreeMap<String, AttributeValue>),
    L(Vec<AttributeValue>),
    NULL(bool),
    BOOL(bool),
}

/// The serde path's union, as generated crates read it: the object into a map of
/// `Value`s, then the one set member's value from its `Value`.
#[derive(Debug)]
struct SerdeValue(AttributeValue);

impl<'de> Deserialize<'de> for SerdeValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        fn value<T: de::DeserializeOwned, E: de::Error>(v: serde_json::Value) -> Result<T, E> {
            serde_json::from_value(v).map_err(E::custom)
        }
        let object = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        let (tag, v) = object
            .into_iter()
            .find(|(name, value)| name != "__type" && !value.is_null())
            .ok_or_else(|| de::Error::custom("no member"))?;
        Ok(SerdeValue(match tag.as_str() {
            "S" => AttributeValue::S(value(v)?),
            "N" => AttributeValue::N(value(v)?),
            "B" => AttributeValue::B(value(v)?),
            "SS" => AttributeValue::SS(value(v)?),
            "NS" => AttributeValue::NS(value(v)?),
            "BS" => AttributeValue::BS(value(v)?),
            "M" => AttributeValue::M(
                value::<BTreeMap<String, SerdeValue>, _>(v)?
                    .into_iter()
                    .map(|(k, v)| (k, v.0))
                    .collect(),
            ),
            "L" => AttributeValue::L(
                value::<Vec<SerdeValue>, _>(v)?
                    .into_iter()
                    .map(|v| v.0)
                    .collect(),
            ),
            "NULL" => AttributeValue::NULL(value(v)?),
            _ => AttributeValue::BOOL(value(v)?),
        }))
    }
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
struct SerdeScanOutput {
    #[serde(rename = "Items", default)]
    items: Option<Vec<BTreeMap<String, SerdeValue>>>,
    #[serde(rename = "Count", default)]
    count: Option<i32>,
    #[serde(rename = "ScannedCount", default)]
    scanned_count: Option<i32>,
    #[serde(rename = "LastEvaluatedKey", default)]
    last_evaluated_key: Option<BTreeMap<String, SerdeValue>>,
}

/// What a generated crate's glue does for the union.
impl ReadValue for AttributeValue {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let mut out = None;
        r.structure(&VALUE, &mut |i, r| {
            out = Some(match i {
                0 => AttributeValue::S(ReadValue::read_value(r)?),
                1 => AttributeValue::N(ReadValue::read_value(r)?),
                2 => AttributeValue::B(ReadValue::read_value(r)?),
                3 => AttributeValue::SS(ReadValue::read_value(r)?),
                4 => AttributeValue::NS(ReadValue::read_value(r)?),
                5 => AttributeValue::BS(ReadValue::read_value(r)?),
                6 => AttributeValue::M(ReadValue::read_value(r)?),
                7 => AttributeValue::L(ReadValue::read_value(r)?),
                8 => AttributeValue::NULL(ReadValue::read_value(r)?),
                _ => AttributeValue::BOOL(ReadValue::read_value(r)?),
            });
            Ok(())
        })?;
        out.ok_or_else(|| ReadError::new("no member"))
    }
}

#[allow(dead_code)]
#[derive(Debug, Default)]
struct ScanOutput {
    items: Option<Vec<BTreeMap<String, AttributeValue>>>,
    count: Option<i32>,
    scanned_count: Option<i32>,
    last_evaluated_key: Option<BTreeMap<String, AttributeValue>>,
}

impl ReadValue for ScanOutput {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let mut out = ScanOutput::default();
        r.structure(&SCAN_OUTPUT, &mut |i, r| {
            match i {
                0 => out.items = Some(ReadValue::read_value(r)?),
                1 => out.count = Some(ReadValue::read_value(r)?),
                2 => out.scanned_count = Some(ReadValue::read_value(r)?),
                _ => out.last_evaluated_key = Some(ReadValue::read_value(r)?),
            }
            Ok(())
        })?;
        Ok(out)
    }
}

/// A `Scan` page of `n` items of about 1 KB each.
fn scan_body(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id": {{"S": "item-{i:06}"}}, "price": {{"N": "{}.{:03}"}}, "blob": {{"B": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}}, "tags": {{"SS": ["red", "green", "blue", "caf\u00e9"]}}, "scores": {{"NS": ["1", "2.5", "-3e10"]}}, "bins": {{"BS": ["AQID", "BAUG"]}}, "ok": {{"BOOL": true}}, "gone": {{"NULL": true}}, "text": {{"S": "{}"}}, "nested": {{"M": {{"name": {{"S": "n{i}"}}, "count": {{"N": "{i}"}}, "list": {{"L": [{{"S": "a"}}, {{"N": "1"}}, {{"M": {{"deep": {{"M": {{"x": {{"S": "y"}}, "z": {{"L": [{{"BOOL": false}}, {{"NULL": true}}]}}}}}}}}}}]}}, "when": {{"S": "2024-01-01T00:00:00Z"}}}}}}}}"#,
                i * 7,
                i % 1000,
                "lorem ipsum dolor sit amet ".repeat(16),
            )
        })
        .collect();
    format!(
        r#"{{"Items": [{}], "Count": {n}, "ScannedCount": {n}, "LastEvaluatedKey": {{"id": {{"S": "item-{n:06}"}}}}}}"#,
        items.join(", ")
    )
}

/// Calls per second of `f` over about `time`.
fn rate(time: Duration, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut calls = 0u32;
    while start.elapsed() < time {
        f();
        calls += 1;
    }
    f64::from(calls) / start.elapsed().as_secs_f64()
}

fn main() {
    let body = scan_body(1_000);
    let small = scan_body(1);
    // Both paths read the same thing.
    let ours = json::read_body(body.as_bytes(), false, |r| ScanOutput::read_value(r)).unwrap();
    let theirs: SerdeScanOutput = serde_json::from_slice(body.as_bytes()).unwrap();
    assert_eq!(
        format!("{:?}", ours.items),
        format!(
            "{:?}",
            theirs.items.map(|v| v
                .into_iter()
                .map(|m| m
                    .into_iter()
                    .map(|(k, v)| (k, v.0))
                    .collect::<BTreeMap<_, _>>())
                .collect::<Vec<_>>())
        )
    );
    println!("body: {} bytes, 1,000 items", body.len());
    for (name, text) in [("1 MB Scan", &body), ("1-item Scan", &small)] {
        let (mut schema, mut serde) = (Vec::new(), Vec::new());
        for _ in 0..5 {
            schema.push(rate(Duration::from_millis(400), || {
                let out = json::read_body(text.as_bytes(), false, |r| ScanOutput::read_value(r));
                black_box(out.unwrap());
            }));
            serde.push(rate(Duration::from_millis(400), || {
                let out: SerdeScanOutput = serde_json::from_slice(text.as_bytes()).unwrap();
                black_box(out);
            }));
        }
        let best = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
        println!(
            "{name}: schema reader {:.0} decodes/s, serde path {:.0} decodes/s: {:.2}x",
            best(&schema),
            best(&serde),
            best(&schema) / best(&serde)
        );
    }
}
