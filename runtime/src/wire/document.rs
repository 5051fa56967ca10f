//! [`Document`]: an untyped JSON value, for `document` shapes, with its own small
//! reader and writer ([`Document::from_json`], `Display`).
//!
//! The runtime's own type rather than `serde_json::Value`: every app would otherwise
//! build serde and serde_json (a few seconds of a clean build) for a shape few services
//! use. Its variants and accessors are those of `serde_json::Value`, objects keep their
//! keys sorted as serde_json's default map does, and with the `serde` feature it
//! converts to and from any serde format.

use std::collections::BTreeMap;
use std::fmt;

mod json;
pub(crate) mod lex;
#[cfg(feature = "serde")]
mod serde;

pub use json::DocumentParseError;

/// The members of a JSON object, sorted by key.
pub type Map = BTreeMap<String, Document>;

/// An untyped JSON document (`document` shapes).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Document {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number: an integer or a finite float.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Document>),
    /// An object.
    Object(Map),
}

/// A JSON number as read: an integer when it is written as one and fits 64 bits, else
/// the nearest double (as Python reads it). Never NaN or infinite.
#[derive(Clone, Copy, PartialEq)]
pub struct Number(N);

#[derive(Clone, Copy, PartialEq)]
enum N {
    PosInt(u64),
    /// Always below zero.
    NegInt(i64),
    /// Always finite.
    Float(f64),
}

impl Number {
    /// `value` as a number, or `None` when it is NaN or infinite (JSON has no such
    /// number).
    pub fn from_f64(value: f64) -> Option<Number> {
        value.is_finite().then_some(Number(N::Float(value)))
    }

    /// The value as an `i64`, when it is an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            N::PosInt(u) => i64::try_from(u).ok(),
            N::NegInt(i) => Some(i),
            N::Float(_) => None,
        }
    }

    /// The value as a `u64`, when it is an integer at least zero.
    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            N::PosInt(u) => Some(u),
            N::NegInt(_) | N::Float(_) => None,
        }
    }

    /// The value as an `f64` (integers beyond 2^53 rounded).
    pub fn as_f64(&self) -> Option<f64> {
        Some(match self.0 {
            N::PosInt(u) => u as f64,
            N::NegInt(i) => i as f64,
            N::Float(f) => f,
        })
    }

    /// Whether the number is an integer that fits an `i64`.
    pub fn is_i64(&self) -> bool {
        self.as_i64().is_some()
    }

    /// Whether the number is an integer that fits a `u64`.
    pub fn is_u64(&self) -> bool {
        matches!(self.0, N::PosInt(_))
    }

    /// Whether the number was read or made as a float.
    pub fn is_f64(&self) -> bool {
        matches!(self.0, N::Float(_))
    }
}

impl fmt::Display for Number {
    /// Integers in full; floats in their shortest form that reads back the same, with
    /// an exponent when very large or small (`1.5`, `100.0`, `1e16`, `1e-7`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            N::PosInt(u) => write!(f, "{u}"),
            N::NegInt(i) => write!(f, "{i}"),
            N::Float(x) => write!(f, "{x:?}"),
        }
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Number({self})")
    }
}

impl Eq for Number {}

macro_rules! from_unsigned {
    ($($t:ty)*) => {$(
        impl From<$t> for Number {
            fn from(value: $t) -> Self {
                Number(N::PosInt(value.into()))
            }
        }
        impl From<$t> for Document {
            fn from(value: $t) -> Self {
                Document::Number(value.into())
            }
        }
    )*};
}

macro_rules! from_signed {
    ($($t:ty)*) => {$(
        impl From<$t> for Number {
            fn from(value: $t) -> Self {
                let value = i64::from(value);
                Number(match u64::try_from(value) {
                    Ok(u) => N::PosInt(u),
                    Err(_) => N::NegInt(value),
                })
            }
        }
        impl From<$t> for Document {
            fn from(value: $t) -> Self {
                Document::Number(value.into())
            }
        }
    )*};
}

from_unsigned!(u8 u16 u32 u64);
from_signed!(i8 i16 i32 i64);

impl From<f64> for Document {
    /// A number, or `null` for NaN and the infinities (as serde_json converts them).
    fn from(value: f64) -> Self {
        Number::from_f64(value).map_or(Document::Null, Document::Number)
    }
}

impl From<f32> for Document {
    /// A number (the `f32` widened exactly), or `null` for NaN and the infinities.
    fn from(value: f32) -> Self {
        Document::from(f64::from(value))
    }
}

impl From<bool> for Document {
    fn from(value: bool) -> Self {
        Document::Bool(value)
    }
}

impl From<String> for Document {
    fn from(value: String) -> Self {
        Document::String(value)
    }
}

impl From<&str> for Document {
    fn from(value: &str) -> Self {
        Document::String(value.to_owned())
    }
}

impl From<Number> for Document {
    fn from(value: Number) -> Self {
        Document::Number(value)
    }
}

impl From<Map> for Document {
    fn from(value: Map) -> Self {
        Document::Object(value)
    }
}

impl<T: Into<Document>> From<Vec<T>> for Document {
    fn from(value: Vec<T>) -> Self {
        Document::Array(value.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Document>> From<Option<T>> for Document {
    /// The value, or `null`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Document::Null, Into::into)
    }
}

impl<K: Into<String>, V: Into<Document>> FromIterator<(K, V)> for Document {
    /// An object of the pairs (a later key replaces an earlier one).
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        Document::Object(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl Document {
    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Document::Null)
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Document::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Document::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Document::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The number as an `i64`, if this is an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_number().and_then(Number::as_i64)
    }

    /// The number as a `u64`, if this is an integer at least zero.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_number().and_then(Number::as_u64)
    }

    /// The number as an `f64`, if this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        self.as_number().and_then(Number::as_f64)
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&Vec<Document>> {
        match self {
            Document::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The elements, mutable, if this is an array.
    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Document>> {
        match self {
            Document::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Document::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The members, mutable, if this is an object.
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Document::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The member `key` of an object (`None` for a missing key or another value).
    pub fn get(&self, key: &str) -> Option<&Document> {
        self.as_object().and_then(|map| map.get(key))
    }

    /// Element `index` of an array (`None` out of range or for another value).
    pub fn get_index(&self, index: usize) -> Option<&Document> {
        self.as_array().and_then(|items| items.get(index))
    }

    /// Reads a document from JSON text: exactly one value, whitespace around it.
    /// Integers that fit 64 bits stay integers, other numbers are the nearest double
    /// (as Python reads them); nesting deeper than 128 is refused.
    pub fn from_json(text: impl AsRef<[u8]>) -> Result<Document, DocumentParseError> {
        json::parse(text.as_ref())
    }

    /// The document as compact JSON text (also what `Display` writes).
    pub fn to_json(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Document {
    /// Compact JSON: no spaces, object keys in order, strings with JSON's escapes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        json::write(self, f)
    }
}

impl std::str::FromStr for Document {
    type Err = DocumentParseError;

    /// [`Document::from_json`].
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Document::from_json(text)
    }
}

/// The `null` that indexing hands out for a missing key or index.
static NULL: Document = Document::Null;

impl std::ops::Index<&str> for Document {
    type Output = Document;

    /// The member `key`, or `null` when there is none (as `serde_json::Value` indexes).
    fn index(&self, key: &str) -> &Document {
        self.get(key).unwrap_or(&NULL)
    }
}

impl std::ops::Index<usize> for Document {
    type Output = Document;

    /// Element `index`, or `null` when there is none.
    fn index(&self, index: usize) -> &Document {
        self.get_index(index).unwrap_or(&NULL)
    }
}
