//! The value of a string enum that this version of a generated crate does not know.

use std::fmt;

/// An enum value the service sent that was not documented when the crate was
/// generated. Generated enums keep it in their `Unknown` variant so that it round-trips.
///
/// Match on the known variants instead of constructing this: a value that a later
/// version documents moves to its own variant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Keeps a value that matched no documented one (used by generated `From<&str>`).
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
