//! An output as a tree of JMESPath values, keyed by the model's member names, as
//! botocore's parsed response is the dict acceptor paths search.

use crate::schema::{
    EntryWriter, ItemWriter, MemberWriter, ValueWriter, WriteError, WriteList, WriteMap,
    WriteStruct, WriteValue,
};
use crate::wire::{DateTime, Document};

/// A JMESPath value: what an acceptor path reads and returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// No value (an unset member, a missing key).
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// Any number; integers of outputs are exact up to 2^53.
    Number(f64),
    /// Text, string enums included.
    String(String),
    /// A list, or a projection's result.
    List(Vec<Value>),
    /// A structure (its set members in model order) or a map.
    Object(Vec<(String, Value)>),
    /// A timestamp: botocore's `datetime`, equal to no literal of a waiter model.
    Timestamp(DateTime),
    /// Bytes: botocore's `bytes`, equal to no literal of a waiter model.
    Blob(Vec<u8>),
}

impl Value {
    /// The value of `key` in an object; null for a missing key or a non-object.
    pub fn get(&self, key: &str) -> &Value {
        match self {
            Value::Object(entries) => entries
                .iter()
                .find(|(k, _)| k == key)
                .map_or(&Value::Null, |(_, v)| v),
            _ => &Value::Null,
        }
    }

    /// JMESPath truthiness: false, null, empty strings, lists and objects are false.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::String(s) => !s.is_empty(),
            Value::List(items) => !items.is_empty(),
            Value::Object(entries) => !entries.is_empty(),
            Value::Number(_) | Value::Timestamp(_) | Value::Blob(_) => true,
        }
    }

    /// The value of a JSON literal or document.
    pub fn from_json(json: &Document) -> Value {
        match json {
            Document::Null => Value::Null,
            Document::Bool(b) => Value::Bool(*b),
            Document::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            Document::String(s) => Value::String(s.clone()),
            Document::Array(items) => Value::List(items.iter().map(Value::from_json).collect()),
            Document::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }
}

/// The tree of `output`: each set member under its model name (`TableStatus`).
pub fn to_value(output: &dyn WriteStruct) -> Result<Value, WriteError> {
    let mut tree = TreeWriter(Value::Null);
    tree.structure(output)?;
    Ok(tree.0)
}

/// Builds the value it is handed.
struct TreeWriter(Value);

fn write(value: &dyn WriteValue) -> Result<Value, WriteError> {
    let mut tree = TreeWriter(Value::Null);
    value.write_value(&mut tree)?;
    Ok(tree.0)
}

struct Members<'a> {
    schema: &'static crate::schema::Schema,
    entries: &'a mut Vec<(String, Value)>,
}

impl MemberWriter for Members<'_> {
    fn member(&mut self, index: usize, value: &dyn WriteValue) -> Result<(), WriteError> {
        let name = self.schema.members.get(index).map_or("", |m| m.name);
        self.entries.push((name.to_owned(), write(value)?));
        Ok(())
    }
}

struct Items<'a>(&'a mut Vec<Value>);

impl ItemWriter for Items<'_> {
    fn item(&mut self, value: &dyn WriteValue) -> Result<(), WriteError> {
        self.0.push(write(value)?);
        Ok(())
    }
}

struct Entries<'a>(&'a mut Vec<(String, Value)>);

impl EntryWriter for Entries<'_> {
    fn entry(&mut self, key: &str, value: &dyn WriteValue) -> Result<(), WriteError> {
        self.0.push((key.to_owned(), write(value)?));
        Ok(())
    }
}

impl ValueWriter for TreeWriter {
    fn boolean(&mut self, value: bool) -> Result<(), WriteError> {
        self.0 = Value::Bool(value);
        Ok(())
    }
    fn integer(&mut self, value: i64) -> Result<(), WriteError> {
        self.0 = Value::Number(value as f64);
        Ok(())
    }
    fn float32(&mut self, value: f32) -> Result<(), WriteError> {
        self.0 = Value::Number(f64::from(value));
        Ok(())
    }
    fn float64(&mut self, value: f64) -> Result<(), WriteError> {
        self.0 = Value::Number(value);
        Ok(())
    }
    fn string(&mut self, value: &str) -> Result<(), WriteError> {
        self.0 = Value::String(value.to_owned());
        Ok(())
    }
    fn blob(&mut self, value: &[u8]) -> Result<(), WriteError> {
        self.0 = Value::Blob(value.to_vec());
        Ok(())
    }
    fn timestamp(&mut self, value: &DateTime) -> Result<(), WriteError> {
        self.0 = Value::Timestamp(*value);
        Ok(())
    }
    fn document(&mut self, value: &Document) -> Result<(), WriteError> {
        self.0 = Value::from_json(value);
        Ok(())
    }
    fn list(&mut self, value: &dyn WriteList) -> Result<(), WriteError> {
        let mut items = Vec::with_capacity(value.len());
        value.write_items(&mut Items(&mut items))?;
        self.0 = Value::List(items);
        Ok(())
    }
    fn map(&mut self, value: &dyn WriteMap) -> Result<(), WriteError> {
        let mut entries = Vec::with_capacity(value.len());
        value.write_entries(&mut Entries(&mut entries))?;
        self.0 = Value::Object(entries);
        Ok(())
    }
    fn structure(&mut self, value: &dyn WriteStruct) -> Result<(), WriteError> {
        let mut entries = Vec::new();
        value.write_members(&mut Members {
            schema: value.schema(),
            entries: &mut entries,
        })?;
        self.0 = Value::Object(entries);
        Ok(())
    }
    fn stream(&mut self, value: &crate::wire::ByteStream) -> Result<(), WriteError> {
        // A streamed body is no part of what acceptors read; botocore's is a stream too.
        let _ = value;
        self.0 = Value::Null;
        Ok(())
    }
}
