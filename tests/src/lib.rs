//! Test-only crate: the tests live in `tests/tests/`, calling the generator and the
//! generated crates the way users do.

pub mod botocore;
pub mod moto;

/// The README's Rust examples, compiled (not run) as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExamples;
