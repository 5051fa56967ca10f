//! Emitters: from [`crate::ir::Service`] to the files of a Rust crate.
