//! Test-only crate: the tests live in `tests/tests/`, calling the generator and the
//! generated crates the way users do.

pub mod moto;
