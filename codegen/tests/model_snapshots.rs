//! Snapshots of the model recovered from single seed pages and from the small
//! fixture services in `fixtures/rst/` (one per hard case).

use std::path::{Path, PathBuf};

use codegen::diagnostics::{Diagnostic, Severity};
use codegen::ir::{Metadata, Service, TypeRef};
use codegen::parse::rst::{parse_page, Page};
use codegen::passes::build_service;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate lives in the workspace")
        .to_path_buf()
}

/// Parses a page of the workspace under the name it has in its service directory.
fn page(path: &str, name_in_service: &str) -> ((String, Page), Vec<Diagnostic>) {
    let text = std::fs::read_to_string(workspace().join(path)).expect("readable page");
    let (page, diagnostics) = parse_page(name_in_service, &text);
    ((name_in_service.to_owned(), page), diagnostics)
}

/// The model of some pages on their own, with every diagnostic as text.
fn model(pages: &[(&str, &str)]) -> (Service, Vec<String>) {
    let mut parsed = Vec::new();
    let mut diagnostics = Vec::new();
    for (path, name) in pages {
        let (page, found) = page(path, name);
        parsed.push(page);
        diagnostics.extend(found);
    }
    let (service, found) = build_service("", &parsed, Metadata::default());
    diagnostics.extend(found);
    assert!(
        diagnostics.iter().all(|d| d.severity != Severity::Error),
        "{diagnostics:#?}"
    );
    (
        service,
        diagnostics.iter().map(ToString::to_string).collect(),
    )
}

#[test]
fn seed_get_remote_access_session() {
    let (service, diagnostics) = model(&[(
        "tests/fixtures/seeds/devicefarm-client-get_remote_access_session.rst",
        "client/get_remote_access_session.rst",
    )]);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert_eq!(service.operations.len(), 1);
    insta::assert_yaml_snapshot!(service);
}

#[test]
fn seed_create_remote_access_session() {
    let (service, diagnostics) = model(&[(
        "tests/fixtures/seeds/devicefarm-client-create_remote_access_session.rst",
        "client/create_remote_access_session.rst",
    )]);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    insta::assert_yaml_snapshot!(service);
}

/// A paginator page says nothing alone: it is read against its client page.
#[test]
fn seed_describe_sessions_paginator() {
    let (service, diagnostics) = model(&[
        (
            "docs-input/appstream/client/describe_sessions.rst",
            "client/describe_sessions.rst",
        ),
        (
            "tests/fixtures/seeds/appstream-paginator-DescribeSessions.rst",
            "paginator/DescribeSessions.rst",
        ),
    ]);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let paginator = &service.paginators["DescribeSessions"];
    assert_eq!(paginator.input_token, ["NextToken"]);
    assert_eq!(paginator.limit_key.as_deref(), Some("Limit"));
    insta::assert_yaml_snapshot!(service);
}

/// The paginator page parsed alone: its page description.
#[test]
fn seed_paginator_page() {
    let ((_, page), diagnostics) = page(
        "tests/fixtures/seeds/appstream-paginator-DescribeSessions.rst",
        "paginator/DescribeSessions.rst",
    );
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    insta::assert_yaml_snapshot!(page);
}

fn fixture(case: &str) -> (Service, Vec<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rst")
        .join(case);
    let loaded = codegen::load_service(&dir).unwrap_or_else(|e| panic!("{case}: {e}"));
    let diagnostics = loaded.diagnostics.iter().map(ToString::to_string).collect();
    (loaded.service, diagnostics)
}

#[test]
fn recursion() {
    let (service, diagnostics) = fixture("recursion");
    // `list_records` has recursive members the docs cannot place for certain.
    insta::assert_yaml_snapshot!("recursion_diagnostics", diagnostics);
    insta::assert_yaml_snapshot!(service);
}

/// `{'... recursive ...'}` may stand for a map or a list as well as a structure, and
/// where the docs fit more than one enclosing shape the model says which it took.
#[test]
fn recursion_returns_to_maps_and_lists_and_says_when_unsure() {
    let (service, diagnostics) = fixture("recursion");
    let target = |shape: &str, member: &str| {
        let members = service.shapes[shape].kind.members();
        match members.iter().find(|m| m.name == member) {
            Some(m) => m.target.clone(),
            None => panic!("{shape} has no {member}"),
        }
    };
    let named = |name: &str| TypeRef::Named { name: name.into() };
    let map_of_descriptors = TypeRef::Map {
        key: Box::new(TypeRef::String),
        value: Box::new(named("Descriptor")),
    };
    // The map the descriptor is a value of, not the descriptor.
    assert_eq!(target("Descriptor", "AdditionalData"), map_of_descriptors);
    assert_eq!(target("Descriptor", "SubDescriptors"), map_of_descriptors);
    // A `(list)` marker: the list the section is an element of.
    assert_eq!(
        target("Section", "Subsections"),
        TypeRef::List {
            member: Box::new(named("Section"))
        }
    );
    // No evidence: a member stands for a structure further up rather than the
    // structure it is a member of, which holds no list or map of itself.
    assert_eq!(target("Condition", "Then"), named("Record"));

    let unsure: Vec<&String> = diagnostics
        .iter()
        .filter(|d| d.contains("ambiguous-recursion"))
        .collect();
    assert_eq!(unsure.len(), 2, "{diagnostics:#?}");
    assert!(
        unsure[0].starts_with("client/list_records.rst:50:45: warning")
            && unsure[0].contains("`AdditionalData`")
            && unsure[0].contains("took the map `Descriptors`, not the elements of `Records`"),
        "{}",
        unsure[0]
    );
    assert!(
        unsure[1].starts_with("client/list_records.rst:62:31: warning")
            && unsure[1].contains("`Then`")
            && unsure[1].contains("took the elements of `Records`, not the structure `Condition`"),
        "{}",
        unsure[1]
    );
}

#[test]
fn unions() {
    let (service, diagnostics) = fixture("unions");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    insta::assert_yaml_snapshot!(service);
}

#[test]
fn collections() {
    let (service, diagnostics) = fixture("collections");
    // `get_report` has sections boto3 did not render.
    insta::assert_yaml_snapshot!("collections_diagnostics", diagnostics);
    insta::assert_yaml_snapshot!(service);
}

#[test]
fn collisions() {
    let (service, diagnostics) = fixture("collisions");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    insta::assert_yaml_snapshot!(service);
}

#[test]
fn lifecycle() {
    let (service, diagnostics) = fixture("lifecycle");
    insta::assert_yaml_snapshot!("lifecycle_diagnostics", diagnostics);
    insta::assert_yaml_snapshot!(service);
}
