//! The crates of the two services in `docs-input` build cleanly (clippy, rustdoc) and
//! their syntax round trip passes over every operation.

mod emit_support;

use emit_support::{load, GeneratedCrate};

#[test]
fn devicefarm_builds_documents_and_round_trips() {
    let krate = GeneratedCrate::write(&load("devicefarm"), "sdk-devicefarm", &[]);
    krate.clippy();
    krate.doc();
    krate.test();
}

#[test]
fn appstream_builds_documents_and_round_trips() {
    let krate = GeneratedCrate::write(&load("appstream"), "sdk-appstream", &[]);
    krate.clippy();
    krate.doc();
    krate.test();
}
