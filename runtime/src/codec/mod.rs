//! The codecs: one writer and one reader per wire format, over the schema traits
//! ([`crate::schema`]), shared by every generated crate.
//!
//! Each format is behind a cargo feature, so that an application builds only the
//! formats its services speak.

#[cfg(feature = "json")]
pub mod json;
#[cfg(feature = "query")]
pub mod query;
// Python's float `repr`, also for the XML and query writers (their other items serve
// JSON bodies and REST headers only).
#[cfg(any(feature = "json", feature = "rest", feature = "xml"))]
#[cfg_attr(not(any(feature = "json", feature = "rest")), allow(dead_code))]
pub(crate) mod repr;
// Base64 as botocore reads XML blobs and EC2's console output (the latter in any build).
pub(crate) mod python_base64;
#[cfg(feature = "rest")]
pub mod rest;
// How every writer prints a timestamp.
#[cfg(any(feature = "json", feature = "rest", feature = "xml"))]
pub(crate) mod timestamp;
#[cfg(feature = "xml")]
pub mod xml;
