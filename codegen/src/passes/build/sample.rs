//! The JSON skeletons of syntax literals (see [`crate::ir::SyntaxSamples`]).

use serde_json::{json, Map, Value};

use crate::parse::rst::{Lit, LitKind};

/// `datetime(2015, 1, 1)` in epoch seconds.
const SAMPLE_TIMESTAMP: i64 = 1_420_070_400;
/// `b'bytes'` in base64.
const SAMPLE_BLOB: &str = "Ynl0ZXM=";

/// The JSON skeleton of a syntax literal (see [`crate::ir::SyntaxSamples`]).
/// Recursive references, streaming bodies and event streams are left out:
/// they have no JSON form of their own.
pub fn sample(lit: &Lit) -> Option<Value> {
    Some(match &lit.kind {
        LitKind::String => json!("string"),
        LitKind::Enum(values) => json!(values.first()?),
        LitKind::Integer => json!(123),
        LitKind::Float => json!(123.0),
        LitKind::Boolean => json!(true),
        LitKind::Timestamp => json!(SAMPLE_TIMESTAMP),
        LitKind::Blob => json!(SAMPLE_BLOB),
        LitKind::Document => json!({}),
        LitKind::BlobOrFile
        | LitKind::StreamingBody
        | LitKind::Recursive
        | LitKind::EventStream(_) => return None,
        LitKind::Structure(entries) => {
            let mut object = Map::new();
            for entry in entries {
                if let Some(value) = sample(&entry.value) {
                    object.insert(entry.name.clone(), value);
                }
            }
            Value::Object(object)
        }
        LitKind::Map(value) => {
            let mut object = Map::new();
            if let Some(value) = sample(value) {
                object.insert("string".to_owned(), value);
            }
            Value::Object(object)
        }
        LitKind::List(element) => Value::Array(sample(element).into_iter().collect()),
    })
}
