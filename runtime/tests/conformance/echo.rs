//! A writer that turns what a value hands it back into JSON: checks, without any codec,
//! that every case's `params` fit the schema the loader built.

use sdk_runtime::schema::{
    EntryWriter, ItemWriter, MemberWriter, ValueWriter, WriteError, WriteList, WriteMap,
    WriteStruct, WriteValue,
};
use sdk_runtime::{DateTime, Document};
use serde_json::{Map, Number, Value};

/// Writes `value` as JSON: members by model name, blobs as text, timestamps as
/// seconds, non-finite floats as their botocore names.
pub fn echo(value: &dyn WriteStruct) -> Result<Value, WriteError> {
    let mut out = Echo(Value::Null);
    out.structure(value)?;
    Ok(out.0)
}

struct Echo(Value);

fn float(value: f64) -> Value {
    match Number::from_f64(value) {
        Some(n) => Value::Number(n),
        None if value.is_nan() => Value::String("NaN".into()),
        None if value > 0.0 => Value::String("Infinity".into()),
        None => Value::String("-Infinity".into()),
    }
}

fn nested(value: &dyn WriteValue) -> Result<Value, WriteError> {
    let mut inner = Echo(Value::Null);
    value.write_value(&mut inner)?;
    Ok(inner.0)
}

impl ValueWriter for Echo {
    fn boolean(&mut self, value: bool) -> Result<(), WriteError> {
        self.0 = Value::Bool(value);
        Ok(())
    }
    fn integer(&mut self, value: i64) -> Result<(), WriteError> {
        self.0 = Value::Number(value.into());
        Ok(())
    }
    fn float32(&mut self, value: f32) -> Result<(), WriteError> {
        // The shortest text of the f32, read as f64: 1.1f32 echoes as 1.1.
        self.0 = float(value.to_string().parse().unwrap_or(f64::NAN));
        Ok(())
    }
    fn float64(&mut self, value: f64) -> Result<(), WriteError> {
        self.0 = float(value);
        Ok(())
    }
    fn string(&mut self, value: &str) -> Result<(), WriteError> {
        self.0 = Value::String(value.to_owned());
        Ok(())
    }
    fn blob(&mut self, value: &[u8]) -> Result<(), WriteError> {
        self.0 = Value::String(String::from_utf8_lossy(value).into_owned());
        Ok(())
    }
    fn timestamp(&mut self, value: &DateTime) -> Result<(), WriteError> {
        self.0 = float(value.as_secs_f64());
        Ok(())
    }
    fn document(&mut self, value: &Document) -> Result<(), WriteError> {
        self.0 = serde_json::to_value(value).expect("a document is JSON");
        Ok(())
    }
    fn list(&mut self, value: &dyn WriteList) -> Result<(), WriteError> {
        struct Items(Vec<Value>);
        impl ItemWriter for Items {
            fn item(&mut self, value: &dyn WriteValue) -> Result<(), WriteError> {
                self.0.push(nested(value)?);
                Ok(())
            }
        }
        let mut items = Items(Vec::new());
        value.write_items(&mut items)?;
        self.0 = Value::Array(items.0);
        Ok(())
    }
    fn map(&mut self, value: &dyn WriteMap) -> Result<(), WriteError> {
        struct Entries(Map<String, Value>);
        impl EntryWriter for Entries {
            fn entry(&mut self, key: &str, value: &dyn WriteValue) -> Result<(), WriteError> {
                self.0.insert(key.to_owned(), nested(value)?);
                Ok(())
            }
        }
        let mut entries = Entries(Map::new());
        value.write_entries(&mut entries)?;
        self.0 = Value::Object(entries.0);
        Ok(())
    }
    fn structure(&mut self, value: &dyn WriteStruct) -> Result<(), WriteError> {
        struct Members(&'static [sdk_runtime::schema::Member], Map<String, Value>);
        impl MemberWriter for Members {
            fn member(&mut self, index: usize, value: &dyn WriteValue) -> Result<(), WriteError> {
                self.1.insert(self.0[index].name.to_owned(), nested(value)?);
                Ok(())
            }
        }
        let mut members = Members(value.schema().members, Map::new());
        value.write_members(&mut members)?;
        self.0 = Value::Object(members.1);
        Ok(())
    }
}
