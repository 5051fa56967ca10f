//! What generated glue calls per member. Each member costs the generated crate's build
//! one call of these, without a `?` or a closure of its own: type and borrow checking
//! of the glue is a large part of that build.

use super::{MemberWriter, ReadError, ReadValue, ValueReader, WriteError, WriteValue};

/// Reads the value the codec is at into a member slot (an optional member, or a
/// required one before it is checked).
#[inline]
pub fn read_some<T: ReadValue>(
    r: &mut dyn ValueReader,
    slot: &mut Option<T>,
) -> Result<(), ReadError> {
    *slot = Some(T::read_value(r)?);
    Ok(())
}

/// A member that is always written (required), as [`write_members`] takes it.
#[inline]
pub fn set<T: WriteValue>(value: &T) -> Option<&dyn WriteValue> {
    Some(value)
}

/// An optional member, as [`write_members`] takes it: `None` when unset.
#[inline]
pub fn optional<T: WriteValue>(value: &Option<T>) -> Option<&dyn WriteValue> {
    value.as_ref().map(|value| value as &dyn WriteValue)
}

/// Hands a structure's set members to `w`, each by its index in the schema's members
/// (its place in `members`), in that order; unset ones (`None`) are skipped.
pub fn write_members(
    w: &mut dyn MemberWriter,
    members: &[Option<&dyn WriteValue>],
) -> Result<(), WriteError> {
    for (index, value) in members.iter().enumerate() {
        if let Some(value) = value {
            w.member(index, *value)?;
        }
    }
    Ok(())
}
