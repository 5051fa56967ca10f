//! The object-safe traits through which the protocol codecs write and read generated
//! types, and their errors: generated glue implements [`WriteValue`] and [`ReadValue`],
//! each codec a [`ValueWriter`] and a [`ValueReader`].

use super::Schema;
use crate::wire::{ByteStream, DateTime, Document};

/// Why a value could not be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteError {
    /// The member (or shape) being written.
    pub member: &'static str,
    /// What was wrong.
    pub reason: String,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.member, self.reason)
    }
}

// Written out, not derived: see `crate::error`.
impl std::error::Error for WriteError {}

/// Why a value could not be read from a response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    /// What was wrong, naming where when the codec knows.
    pub reason: String,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for ReadError {}

impl ReadError {
    /// An error with this reason.
    pub fn new(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
        }
    }
}

/// A value a codec can write. The runtime implements it for scalars, [`Vec`],
/// [`std::collections::BTreeMap`], [`Option`] and [`Box`]; generated crates for their
/// structures, unions and enums.
pub trait WriteValue {
    /// Writes the value through `w`; the codec knows the schema it is at.
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError>;
}

/// The indexes of the members `input` sets, in model order.
pub(crate) fn set_members(input: &dyn WriteStruct) -> Result<Vec<usize>, WriteError> {
    struct Set(Vec<usize>);
    impl MemberWriter for Set {
        fn member(&mut self, index: usize, _: &dyn WriteValue) -> Result<(), WriteError> {
            self.0.push(index);
            Ok(())
        }
    }
    let mut set = Set(Vec::new());
    input.write_members(&mut set)?;
    Ok(set.0)
}

/// A structure or union that hands its set members to a [`MemberWriter`].
pub trait WriteStruct {
    /// The shape's schema.
    fn schema(&self) -> &'static Schema;
    /// Calls `w.member` once per set member, in model order, with the member's
    /// index in [`Schema::members`].
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError>;
}

/// Receives the set members of a structure.
pub trait MemberWriter {
    /// One set member: its index in the schema's members, and its value.
    fn member(&mut self, index: usize, value: &dyn WriteValue) -> Result<(), WriteError>;
}

/// The elements of a list, written in order.
pub trait WriteList {
    /// Number of elements.
    fn len(&self) -> usize;
    /// True without elements.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Calls `w.item` once per element, in order.
    fn write_items(&self, w: &mut dyn ItemWriter) -> Result<(), WriteError>;
}

/// Receives list elements.
pub trait ItemWriter {
    /// One element.
    fn item(&mut self, value: &dyn WriteValue) -> Result<(), WriteError>;
}

/// The entries of a map, written in the map's order.
pub trait WriteMap {
    /// Number of entries.
    fn len(&self) -> usize;
    /// True without entries.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Calls `w.entry` once per entry.
    fn write_entries(&self, w: &mut dyn EntryWriter) -> Result<(), WriteError>;
}

/// Receives map entries.
pub trait EntryWriter {
    /// One entry: its key as text and its value.
    fn entry(&mut self, key: &str, value: &dyn WriteValue) -> Result<(), WriteError>;
}

/// What a codec offers a value to write itself. The schema the value is written as is
/// the one the codec is at (the member's target).
pub trait ValueWriter {
    /// A boolean.
    fn boolean(&mut self, value: bool) -> Result<(), WriteError>;
    /// Any integer (byte, short, integer, long, int enum).
    fn integer(&mut self, value: i64) -> Result<(), WriteError>;
    /// A 32-bit float (written as the shortest text that reads back as it).
    fn float32(&mut self, value: f32) -> Result<(), WriteError>;
    /// A 64-bit float.
    fn float64(&mut self, value: f64) -> Result<(), WriteError>;
    /// Text (strings, string enums, big numbers).
    fn string(&mut self, value: &str) -> Result<(), WriteError>;
    /// Bytes.
    fn blob(&mut self, value: &[u8]) -> Result<(), WriteError>;
    /// A timestamp, in the format the schema or the location says.
    fn timestamp(&mut self, value: &DateTime) -> Result<(), WriteError>;
    /// A document.
    fn document(&mut self, value: &Document) -> Result<(), WriteError>;
    /// A list.
    fn list(&mut self, value: &dyn WriteList) -> Result<(), WriteError>;
    /// A map.
    fn map(&mut self, value: &dyn WriteMap) -> Result<(), WriteError>;
    /// A structure or union.
    fn structure(&mut self, value: &dyn WriteStruct) -> Result<(), WriteError>;
    /// A streaming blob. Only a REST payload sends a file or a stream as it is (the
    /// client takes it from the input); elsewhere a body in memory is a blob, and any
    /// other is refused rather than read whole.
    fn stream(&mut self, value: &ByteStream) -> Result<(), WriteError> {
        match value.bytes() {
            Some(bytes) => self.blob(bytes),
            None => Err(WriteError {
                member: "StreamingBlob",
                reason: "a file or stream body can only be an operation's payload".to_owned(),
            }),
        }
    }
}

/// A value a codec can build. The runtime implements it for scalars, [`Vec`],
/// [`std::collections::BTreeMap`] and [`Box`]; generated crates for their structures,
/// unions and enums.
///
/// A type implements [`ReadValue::read_value`], or [`ReadValue::unset`] and
/// [`ReadValue::read_into`] to be read in place (generated structures whose members are
/// all optional).
pub trait ReadValue: Sized {
    /// Reads the value the codec is at. The default reads into [`ReadValue::unset`]'s
    /// value, and fails for a type without one.
    #[inline]
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let Some(mut out) = Self::unset() else {
            return Err(ReadError::new(format!(
                "`{}` cannot be read: it has no unset value",
                std::any::type_name::<Self>()
            )));
        };
        Self::read_into(r, &mut out)?;
        Ok(out)
    }

    /// The value with every member unset, for a type that reads itself in place
    /// ([`ReadValue::read_into`]); `None`, the default, for the others. Lists and maps
    /// put it where the element will stay and read into it there: a large structure
    /// (DynamoDB's `AttributeValue` is about 200 bytes, Lambda's function
    /// configuration about 1 KB) is then not built on the stack and copied on.
    #[inline]
    fn unset() -> Option<Self> {
        None
    }

    /// Reads the value the codec is at into `out`, which holds [`ReadValue::unset`]'s
    /// value where the type has one. The default reads a value and moves it in.
    #[inline]
    fn read_into(r: &mut dyn ValueReader, out: &mut Self) -> Result<(), ReadError> {
        *out = Self::read_value(r)?;
        Ok(())
    }
}

/// A map key read from text (strings and string enums).
pub trait MapKey: Sized {
    /// The key as it travels.
    fn as_key(&self) -> &str;
    /// The key from the text that travelled.
    fn from_key(key: String) -> Self;
}

/// What a codec offers a value to read itself from. A member whose value is absent
/// (or JSON `null`) is never offered: the caller leaves its field unset.
pub trait ValueReader {
    /// A boolean.
    fn boolean(&mut self) -> Result<bool, ReadError>;
    /// Any integer; the caller narrows it.
    fn integer(&mut self) -> Result<i64, ReadError>;
    /// A float (`NaN`, `Infinity` and `-Infinity` included).
    fn float(&mut self) -> Result<f64, ReadError>;
    /// Text.
    fn string(&mut self) -> Result<String, ReadError>;
    /// Bytes.
    fn blob(&mut self) -> Result<Vec<u8>, ReadError>;
    /// A streaming blob: the live response body where the client streams it (a
    /// streaming payload), else the blob read into memory.
    fn stream(&mut self) -> Result<ByteStream, ReadError> {
        self.blob().map(ByteStream::from)
    }
    /// A timestamp, in the format the schema or the location says.
    fn timestamp(&mut self) -> Result<DateTime, ReadError>;
    /// A document.
    fn document(&mut self) -> Result<Document, ReadError>;
    /// A list: `item` is called once per element, positioned on it.
    fn list(
        &mut self,
        item: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError>;
    /// A map: `entry` is called once per entry with its key, positioned on its value.
    fn map(
        &mut self,
        entry: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError>;
    /// A structure or union of `schema`: `member` is called once per member present,
    /// with its index in [`Schema::members`], positioned on its value. Unknown members
    /// are skipped.
    fn structure(
        &mut self,
        schema: &'static Schema,
        member: &mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError>;
}
