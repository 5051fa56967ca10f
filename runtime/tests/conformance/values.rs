//! A case's `params` as a value the codecs write through the schema traits, and a
//! response read through them back into JSON, as botocore's runner sees both.

use std::str::FromStr;

use sdk_runtime::schema::{
    EntryWriter, ItemWriter, MemberWriter, ReadError, Schema, ShapeKind, ValueReader, ValueWriter,
    WriteError, WriteList, WriteMap, WriteStruct, WriteValue,
};
use sdk_runtime::DateTime;
use serde_json::{Map, Number, Value};

use super::ordered::Json;

/// A structure of `params`, walked by its schema.
pub struct Params<'a> {
    /// The structure's schema.
    pub schema: &'static Schema,
    /// Its members as the case gives them.
    pub value: &'a Json,
}

impl WriteStruct for Params<'_> {
    fn schema(&self) -> &'static Schema {
        self.schema
    }

    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        let entries = self.value.entries();
        if let Some((key, _)) = entries
            .iter()
            .find(|(key, _)| !self.schema.members.iter().any(|m| m.name == key))
        {
            return Err(fail(self.schema.name, format!("no member {key:?}")));
        }
        for (index, member) in self.schema.members.iter().enumerate() {
            match self.value.get(member.name) {
                None | Some(Json::Null) => {}
                Some(value) => w.member(
                    index,
                    &Param {
                        schema: member.target,
                        value,
                    },
                )?,
            }
        }
        Ok(())
    }
}

fn fail(member: &'static str, reason: impl Into<String>) -> WriteError {
    WriteError {
        member,
        reason: reason.into(),
    }
}

/// One value of `params`, of the given schema.
struct Param<'a> {
    schema: &'static Schema,
    value: &'a Json,
}

impl Param<'_> {
    fn mismatch(&self) -> WriteError {
        fail(
            self.schema.name,
            format!("{:?} is not a {:?}", self.value, self.schema.kind),
        )
    }

    fn float(&self) -> Result<f64, WriteError> {
        match self.value {
            Json::Number(n) => n.as_f64().ok_or_else(|| self.mismatch()),
            // botocore's runner turns these strings into floats before serializing.
            Json::String(s) if s == "NaN" => Ok(f64::NAN),
            Json::String(s) if s == "Infinity" => Ok(f64::INFINITY),
            Json::String(s) if s == "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(self.mismatch()),
        }
    }
}

impl WriteValue for Param<'_> {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        let value = self.value;
        match self.schema.kind {
            ShapeKind::Boolean => match value {
                Json::Bool(b) => w.boolean(*b),
                _ => Err(self.mismatch()),
            },
            ShapeKind::Byte
            | ShapeKind::Short
            | ShapeKind::Integer
            | ShapeKind::Long
            | ShapeKind::IntEnum => match value {
                Json::Number(n) => w.integer(n.as_i64().ok_or_else(|| self.mismatch())?),
                _ => Err(self.mismatch()),
            },
            ShapeKind::Float => w.float32(self.float()? as f32),
            ShapeKind::Double => w.float64(self.float()?),
            ShapeKind::BigInteger | ShapeKind::BigDecimal => match value {
                Json::Number(n) => w.string(&n.to_string()),
                Json::String(s) => w.string(s),
                _ => Err(self.mismatch()),
            },
            ShapeKind::String | ShapeKind::Enum => match value {
                Json::String(s) => w.string(s),
                _ => Err(self.mismatch()),
            },
            // The suites give blobs as their text.
            ShapeKind::Blob => match value {
                Json::String(s) => w.blob(s.as_bytes()),
                _ => Err(self.mismatch()),
            },
            // Seconds since the epoch, as botocore's runner passes them (it also takes
            // timestamp text).
            ShapeKind::Timestamp => {
                let time = match value {
                    Json::Number(n) => n
                        .as_f64()
                        .and_then(|secs| DateTime::try_from_secs_f64(secs).ok()),
                    Json::String(s) => DateTime::from_str(s).ok(),
                    _ => None,
                };
                w.timestamp(&time.ok_or_else(|| self.mismatch())?)
            }
            ShapeKind::Document => w.document(
                &serde_json::from_value(value.to_value()).expect("any JSON value is a document"),
            ),
            ShapeKind::List => match value {
                Json::Array(items) => w.list(&ParamList {
                    schema: self.schema.members[0].target,
                    items,
                }),
                _ => Err(self.mismatch()),
            },
            ShapeKind::Map => match value {
                Json::Object(entries) => w.map(&ParamMap {
                    schema: self.schema.members[1].target,
                    entries,
                }),
                _ => Err(self.mismatch()),
            },
            ShapeKind::Structure | ShapeKind::Union => match value {
                Json::Object(_) => w.structure(&Params {
                    schema: self.schema,
                    value,
                }),
                _ => Err(self.mismatch()),
            },
        }
    }
}

struct ParamList<'a> {
    schema: &'static Schema,
    items: &'a [Json],
}

impl WriteList for ParamList<'_> {
    fn len(&self) -> usize {
        self.items.len()
    }

    fn write_items(&self, w: &mut dyn ItemWriter) -> Result<(), WriteError> {
        self.items.iter().try_for_each(|value| {
            w.item(&Param {
                schema: self.schema,
                value,
            })
        })
    }
}

struct ParamMap<'a> {
    schema: &'static Schema,
    entries: &'a [(String, Json)],
}

impl WriteMap for ParamMap<'_> {
    fn len(&self) -> usize {
        self.entries.len()
    }

    fn write_entries(&self, w: &mut dyn EntryWriter) -> Result<(), WriteError> {
        self.entries.iter().try_for_each(|(key, value)| {
            w.entry(
                key,
                &Param {
                    schema: self.schema,
                    value,
                },
            )
        })
    }
}

/// Reads the value `r` is at, of `schema`, into JSON as botocore's runner compares
/// it: blobs as their UTF-8 text, timestamps as seconds since the epoch, non-finite
/// floats as `"NaN"`, `"Infinity"`, `"-Infinity"`, members by their model names.
pub fn read(schema: &'static Schema, r: &mut dyn ValueReader) -> Result<Value, ReadError> {
    Ok(match schema.kind {
        ShapeKind::Boolean => Value::Bool(r.boolean()?),
        ShapeKind::Byte
        | ShapeKind::Short
        | ShapeKind::Integer
        | ShapeKind::Long
        | ShapeKind::IntEnum => Value::Number(r.integer()?.into()),
        ShapeKind::Float | ShapeKind::Double => float(r.float()?),
        ShapeKind::BigInteger | ShapeKind::BigDecimal | ShapeKind::String | ShapeKind::Enum => {
            Value::String(r.string()?)
        }
        ShapeKind::Blob => Value::String(String::from_utf8_lossy(&r.blob()?).into_owned()),
        ShapeKind::Timestamp => float(r.timestamp()?.as_secs_f64()),
        ShapeKind::Document => serde_json::to_value(r.document()?).expect("a document is JSON"),
        ShapeKind::List => {
            let item = schema.members[0].target;
            let mut items = Vec::new();
            r.list(&mut |r| {
                items.push(read(item, r)?);
                Ok(())
            })?;
            Value::Array(items)
        }
        ShapeKind::Map => {
            let value = schema.members[1].target;
            let mut entries = Map::new();
            r.map(&mut |key, r| {
                entries.insert(key, read(value, r)?);
                Ok(())
            })?;
            Value::Object(entries)
        }
        ShapeKind::Structure | ShapeKind::Union => {
            let mut members = Map::new();
            read_members(schema, r, &mut members)?;
            Value::Object(members)
        }
    })
}

/// Reads the members of the structure `r` is at into `members`.
pub fn read_members(
    schema: &'static Schema,
    r: &mut dyn ValueReader,
    members: &mut Map<String, Value>,
) -> Result<(), ReadError> {
    r.structure(schema, &mut |index, r| {
        let member = schema
            .members
            .get(index)
            .ok_or_else(|| ReadError::new(format!("{}: no member {index}", schema.name)))?;
        members.insert(member.name.to_owned(), read(member.target, r)?);
        Ok(())
    })
}

fn float(value: f64) -> Value {
    match Number::from_f64(value) {
        Some(n) => Value::Number(n),
        None if value.is_nan() => Value::String("NaN".into()),
        None if value > 0.0 => Value::String("Infinity".into()),
        None => Value::String("-Infinity".into()),
    }
}
