//! JSON bodies over the schema traits: awsJson 1.0/1.1 and restJson1 write and read
//! their bodies here.
//!
//! [`write_struct`] writes a structure as boto3 writes it, byte for byte (so requests
//! and their signatures compare equal to boto3's); [`JsonReader`] reads a body token by
//! token straight into generated types, with bounded nesting and errors that name the
//! JSON path.

mod blob;
mod read;
mod write;

pub use read::JsonReader;
pub use write::JsonWriter;

use crate::schema::{Member, ReadError, ValueWriter as _, WriteError, WriteStruct, WriteValue};

/// How a structure is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JsonOptions {
    /// Keys are restJson1's `jsonName` where a member has one, not its name.
    pub json_names: bool,
    /// Only the top-level structure's members bound to the body
    /// ([`crate::schema::Location::Body`]) are written: REST protocols put the others
    /// in the URI, query and headers.
    pub body_only: bool,
    /// Every timestamp as seconds since the epoch, whatever format its member states:
    /// how the docs' JSON syntax skeletons show instants, which the generated
    /// round-trip tests of every protocol compare with.
    pub epoch_timestamps: bool,
}

/// `value` as a JSON object.
pub fn write_struct(value: &dyn WriteStruct, options: JsonOptions) -> Result<Vec<u8>, WriteError> {
    let mut writer = JsonWriter::new(options);
    writer.structure(value)?;
    Ok(writer.into_bytes())
}

/// `value` as JSON, written as the value of `member` (a payload member, a header
/// holding JSON): its timestamps take the member's format, its lists the element's.
pub fn write_value(
    member: &'static Member,
    value: &dyn WriteValue,
    options: JsonOptions,
) -> Result<Vec<u8>, WriteError> {
    let mut writer = JsonWriter::for_member(member, options);
    value.write_value(&mut writer)?;
    Ok(writer.into_bytes())
}

/// Reads a body with `read`, which is positioned on its one JSON value; only
/// whitespace may follow it.
pub fn read_body<T>(
    body: &[u8],
    json_names: bool,
    read: impl FnOnce(&mut JsonReader<'_>) -> Result<T, ReadError>,
) -> Result<T, ReadError> {
    let mut reader = JsonReader::new(body).with_json_names(json_names);
    let value = read(&mut reader)?;
    reader.finish()?;
    Ok(value)
}
