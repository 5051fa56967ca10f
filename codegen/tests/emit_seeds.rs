//! Generated code for the seed pages, built with the real parser and passes: one
//! snapshot per generated file that holds a seed operation, and the crates must build
//! under clippy and rustdoc with warnings denied and pass their syntax round trip.

mod emit_support;

use std::collections::BTreeMap;
use std::path::PathBuf;

use codegen::diagnostics::Severity;
use codegen::emit::generate_crate;
use codegen::ir::{Metadata, Service};
use codegen::parse::rst::parse_page;
use codegen::passes::build_service;
use emit_support::{snapshot_settings, workspace_root, GeneratedCrate};

/// The model of some pages (workspace path, name in the service directory) of one
/// service, with the wire facts of its `service.toml`.
fn model(service: &str, pages: &[(&str, &str)]) -> Service {
    let root = workspace_root();
    let mut parsed = Vec::new();
    for (path, name) in pages {
        let text = std::fs::read_to_string(root.join(path)).expect("readable page");
        let (page, diagnostics) = parse_page(name, &text);
        assert!(
            diagnostics.iter().all(|d| d.severity != Severity::Error),
            "{diagnostics:#?}"
        );
        parsed.push((name.to_string(), page));
    }
    let toml = std::fs::read_to_string(root.join("docs-input").join(service).join("service.toml"))
        .expect("readable service.toml");
    let metadata: Metadata = toml::from_str(&toml).expect("valid service.toml");
    let (model, diagnostics) = build_service(service, &parsed, metadata);
    assert!(
        diagnostics.iter().all(|d| d.severity != Severity::Error),
        "{diagnostics:#?}"
    );
    model
}

fn devicefarm_seeds() -> Service {
    model(
        "devicefarm",
        &[
            (
                "tests/fixtures/seeds/devicefarm-client-get_remote_access_session.rst",
                "client/get_remote_access_session.rst",
            ),
            (
                "tests/fixtures/seeds/devicefarm-client-create_remote_access_session.rst",
                "client/create_remote_access_session.rst",
            ),
        ],
    )
}

/// A paginator page is read against its client page.
fn appstream_seeds() -> Service {
    model(
        "appstream",
        &[
            (
                "docs-input/appstream/client/describe_sessions.rst",
                "client/describe_sessions.rst",
            ),
            (
                "tests/fixtures/seeds/appstream-paginator-DescribeSessions.rst",
                "paginator/DescribeSessions.rst",
            ),
        ],
    )
}

fn files(service: &Service, crate_name: &str) -> BTreeMap<PathBuf, String> {
    generate_crate(service, &snapshot_settings(crate_name)).unwrap_or_else(|e| panic!("{e}"))
}

fn file<'f>(files: &'f BTreeMap<PathBuf, String>, path: &str) -> &'f str {
    files
        .get(&PathBuf::from(path))
        .unwrap_or_else(|| panic!("{path} not generated; files: {:?}", files.keys()))
}

#[test]
fn get_remote_access_session() {
    let files = files(&devicefarm_seeds(), "sdk-devicefarm");
    insta::assert_snapshot!(file(&files, "src/operation/get_remote_access_session.rs"));
}

#[test]
fn create_remote_access_session() {
    let files = files(&devicefarm_seeds(), "sdk-devicefarm");
    insta::assert_snapshot!(file(
        &files,
        "src/operation/create_remote_access_session.rs"
    ));
}

#[test]
fn devicefarm_seed_types_and_errors() {
    let files = files(&devicefarm_seeds(), "sdk-devicefarm");
    insta::assert_snapshot!("devicefarm_seed_types", file(&files, "src/types.rs"));
    insta::assert_snapshot!("devicefarm_seed_errors", file(&files, "src/types/error.rs"));
    insta::assert_snapshot!("devicefarm_seed_lib", file(&files, "src/lib.rs"));
    insta::assert_snapshot!("devicefarm_seed_cargo", file(&files, "Cargo.toml"));
    insta::assert_snapshot!(
        "devicefarm_seed_roundtrip",
        file(&files, "tests/syntax_roundtrip.rs")
    );
}

#[test]
fn describe_sessions_with_its_paginator() {
    let files = files(&appstream_seeds(), "sdk-appstream");
    insta::assert_snapshot!(file(&files, "src/operation/describe_sessions.rs"));
}

#[test]
fn seed_crates_build_document_and_round_trip() {
    for (service, name) in [
        (devicefarm_seeds(), "sdk-devicefarm"),
        (appstream_seeds(), "sdk-appstream"),
    ] {
        let krate = GeneratedCrate::write(&service, name, &[]);
        krate.clippy();
        krate.doc();
        krate.test();
    }
}
