//! The awsJson reST fixture services (`fixtures/rst/`, one per hard case: unions,
//! recursion, name collisions, lifecycle) loaded as `cargo xtask codegen` loads
//! `docs-input/`, generated, and proven by the crate's own tests: whatever shapes a
//! service documents, its syntax round trip passes.

mod emit_support;

use std::path::Path;

use emit_support::GeneratedCrate;

/// Generates the fixture service `case` and runs the generated crate's tests.
fn generate_and_test(case: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rst")
        .join(case);
    let mut service = codegen::load_service(&dir)
        .unwrap_or_else(|e| panic!("{case}: {e}"))
        .service;
    // Some fixtures leave out the service id, which no model test needs but requests
    // do; `import-docs` always writes it.
    let title = service.title.clone();
    service.metadata.service_id.get_or_insert(title);
    GeneratedCrate::write(&service, &format!("sdk-{case}"), &[]).test();
}

/// A union must have exactly one member set, though the Request and Response Syntax
/// show all of them.
#[test]
fn unions() {
    generate_and_test("unions");
}

#[test]
fn recursion() {
    generate_and_test("recursion");
}

#[test]
fn collisions() {
    generate_and_test("collisions");
}

#[test]
fn lifecycle() {
    generate_and_test("lifecycle");
}
