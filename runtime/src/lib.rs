//! Runtime shared by every generated SDK crate.
//!
//! Generated crates are mostly data (types, operation descriptions); the logic they
//! need lives here once: wire value types, the awsJson protocol, and the client
//! machinery.
#![deny(missing_docs)]

pub mod paginate;
pub mod protocol;
pub mod wire;

pub use wire::{Blob, DateTime, Document};
