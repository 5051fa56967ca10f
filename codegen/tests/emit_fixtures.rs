//! The reST fixture services (`fixtures/rst/`, one per hard case: unions, recursion,
//! name collisions, lifecycle, string page sizes) loaded as `cargo xtask codegen` loads
//! `docs-input/`, generated, and proven by the crate's own tests: whatever shapes a
//! service documents, its syntax round trip passes.

mod emit_support;

use std::path::Path;

use emit_support::GeneratedCrate;

/// Generates the fixture service `case` and runs the generated crate's tests, with
/// `extra` files (tests that use the crate as callers do).
fn generate_and_test(case: &str) {
    generate_and_test_with(case, &[]);
}

fn generate_and_test_with(case: &str, extra: &[(&str, &str)]) {
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
    GeneratedCrate::write(&service, &format!("sdk-{case}"), extra).test();
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

/// Limit keys typed as strings (glacier, apigatewayv2, greengrass): the paginator sends
/// the page size as its digits, optional or required.
#[test]
fn paging() {
    generate_and_test_with(
        "paging",
        &[("tests/paging.rs", include_str!("emit_fixtures/paging.rs"))],
    );
}
