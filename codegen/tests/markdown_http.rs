//! REST facts of the Markdown reference, alone and merged with the reST pages: members
//! the pages give no type, members bound to the status code, success codes, and URI
//! labels named apart from the members boto3 prints.
//!
//! `fixtures/markdown/gadgets/` is an invented REST service in the forms of the
//! published Lambda reference, with boto3-style reST pages beside its `markdown/` folder.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diagnostics::Diagnostic;
use codegen::ir::{Location, Member, Metadata, Service, TypeRef, Width};
use codegen::passes::merge::with_markdown;

fn gadgets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/markdown/gadgets")
}

fn metadata(dir: &Path) -> Metadata {
    let text = std::fs::read_to_string(dir.join("service.toml")).unwrap_or_else(|e| panic!("{e}"));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{e}"))
}

/// The model of the Markdown pages alone, and its diagnostics.
fn markdown_only() -> (Service, Vec<Diagnostic>) {
    let dir = gadgets();
    with_markdown(&dir, "gadgets", metadata(&dir), None).unwrap_or_else(|e| panic!("{e}"))
}

/// The reST pages merged with the Markdown pages, as `load_service` reads the folder.
fn merged() -> (Service, Vec<Diagnostic>) {
    let loaded = codegen::load_service(&gadgets()).unwrap_or_else(|e| panic!("{e}"));
    (loaded.service, loaded.diagnostics)
}

fn members<'a>(service: &'a Service, shape: &str) -> &'a [Member] {
    service
        .shapes
        .get(shape)
        .unwrap_or_else(|| panic!("no shape {shape}"))
        .kind
        .members()
}

fn member<'a>(service: &'a Service, shape: &str, name: &str) -> &'a Member {
    members(service, shape)
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no member {name} in {shape}"))
}

fn input<'a>(service: &'a Service, op: &str) -> &'a str {
    &service.operations[op].input
}

fn output<'a>(service: &'a Service, op: &str) -> &'a str {
    &service.operations[op].output
}

/// Diagnostics of `kind` whose message names `name` in backquotes.
fn naming<'a>(diagnostics: &'a [Diagnostic], kind: &str, name: &str) -> Vec<&'a Diagnostic> {
    let quoted = format!("`{name}`");
    diagnostics
        .iter()
        .filter(|d| d.kind == kind && d.message.contains(&quoted))
        .collect()
}

const UNKNOWN_INT: TypeRef = TypeRef::Integer {
    width: Width::Unknown,
};

#[test]
fn members_without_a_type_line_get_no_silent_guess() {
    let (service, diagnostics) = markdown_only();
    let list = input(&service, "ListGadgets");
    // A value range says number, nothing says how wide: unknown, and said so.
    assert_eq!(member(&service, list, "MaxItems").target, UNKNOWN_INT);
    assert_eq!(naming(&diagnostics, "unknown-width", "MaxItems").len(), 1);
    // Nothing says what `Marker` is: read as a string, and said so.
    assert_eq!(member(&service, list, "Marker").target, TypeRef::String);
    assert_eq!(naming(&diagnostics, "untyped-member", "Marker").len(), 1);
    // A length constraint or valid values say string; a binary-data section says blob.
    let run = input(&service, "RunGadget");
    assert!(naming(&diagnostics, "untyped-member", "GadgetName").is_empty());
    assert!(naming(&diagnostics, "untyped-member", "RunMode").is_empty());
    assert_eq!(member(&service, run, "Payload").target, TypeRef::Blob);
    assert!(naming(&diagnostics, "untyped-member", "Payload").is_empty());

    // Merged, the reST pages give the type: `TagKeys` is a list, without a conflict; the
    // width stays unknown, said once.
    let (service, diagnostics) = merged();
    let untag = input(&service, "UntagGadget");
    assert_eq!(
        member(&service, untag, "TagKeys").target,
        TypeRef::List {
            member: Box::new(TypeRef::String)
        }
    );
    assert!(naming(&diagnostics, "merge-type-conflict", "TagKeys").is_empty());
    assert!(naming(&diagnostics, "untyped-member", "TagKeys").is_empty());
    let list = input(&service, "ListGadgets");
    assert_eq!(member(&service, list, "MaxItems").target, UNKNOWN_INT);
    assert_eq!(naming(&diagnostics, "unknown-width", "MaxItems").len(), 1);
    // Where the Markdown pages state the width, it is kept.
    assert_eq!(
        member(&service, input(&service, "CreateGadget"), "Size").target,
        TypeRef::Integer { width: Width::W64 }
    );
}

#[test]
fn status_code_members_and_success_codes_reach_the_model() {
    for (variant, (service, _)) in [("markdown", markdown_only()), ("merged", merged())] {
        let status = member(&service, output(&service, "RunGadget"), "StatusCode");
        assert_eq!(status.location, Location::StatusCode, "{variant}");
        assert!(
            matches!(status.target, TypeRef::Integer { .. }),
            "{variant}: {:?}",
            status.target
        );
        let run_log = member(&service, output(&service, "RunGadget"), "RunLog");
        assert_eq!(
            run_log.location,
            Location::Header("X-Amz-Run-Log".into()),
            "{variant}"
        );
        let code = |op: &str| {
            service.operations[op]
                .http
                .as_ref()
                .and_then(|h| h.response_code)
        };
        assert_eq!(code("ListGadgets"), Some(200), "{variant}");
        assert_eq!(code("CreateGadget"), Some(201), "{variant}");
        assert_eq!(code("CopyGadget"), Some(202), "{variant}");
        assert_eq!(code("TagGadget"), Some(204), "{variant}");
        // `HTTP/1.1 StatusCode` states no single code.
        assert_eq!(code("RunGadget"), None, "{variant}");
    }
}

/// `codegen ir` prints success codes and status members as botocore's models do.
#[test]
fn codegen_ir_prints_response_codes_and_status_locations() {
    let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("ir")
        .arg(gadgets())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"));
    let service = &json["service"];
    assert_eq!(
        service["operations"]["CreateGadget"]["http"],
        serde_json::json!({"method": "POST", "requestUri": "/2020-01-01/gadgets", "responseCode": 201})
    );
    let run_output = service["operations"]["RunGadget"]["output"]["shape"]
        .as_str()
        .unwrap_or_default();
    let status = &service["shapes"][run_output]["members"]["StatusCode"];
    assert_eq!(status["location"], "statusCode");
    assert!(status.get("locationName").is_none());
    assert_eq!(
        service["operations"]["TagGadget"]["http"]["requestUri"],
        "/2020-01-01/tags/{ARN}"
    );
}

/// The members of `op`'s input bound to URI labels, as (member, label).
fn labels(service: &Service, op: &str) -> Vec<(String, String)> {
    members(service, input(service, op))
        .iter()
        .filter_map(|m| match &m.location {
            Location::Label(label) | Location::GreedyLabel(label) => {
                Some((m.name.clone(), label.clone()))
            }
            _ => None,
        })
        .collect()
}

fn names(service: &Service, op: &str) -> Vec<String> {
    members(service, input(service, op))
        .iter()
        .map(|m| m.name.clone())
        .collect()
}

#[test]
fn uri_labels_named_apart_from_their_members_merge_into_one_member() {
    let pair = |member: &str, label: &str| (member.to_string(), label.to_string());
    // The anchor (`SSS-TagGadget-request-Resource`) names the member shown as `ARN`.
    let (service, _) = markdown_only();
    assert_eq!(labels(&service, "TagGadget"), [pair("Resource", "ARN")]);
    assert_eq!(
        service.operations["TagGadget"]
            .http
            .as_ref()
            .map(|h| h.uri.to_string()),
        Some("/2020-01-01/tags/{ARN}".to_owned())
    );

    let (service, diagnostics) = merged();
    let matched = |op: &str| {
        diagnostics
            .iter()
            .filter(|d| d.kind == "merge-label-member" && d.message.contains(&format!("`{op}`")))
            .count()
    };
    // Named alike by the anchor: one member, nothing to match.
    assert_eq!(labels(&service, "TagGadget"), [pair("Resource", "ARN")]);
    assert_eq!(names(&service, "TagGadget"), ["Resource", "Tags"]);
    assert_eq!(matched("TagGadget"), 0);
    // The reST docs name the label ("The gadget's ARN.").
    assert_eq!(
        labels(&service, "ListGadgetTags"),
        [pair("Resource", "ARN")]
    );
    assert_eq!(names(&service, "ListGadgetTags"), ["Resource"]);
    assert!(member(&service, input(&service, "ListGadgetTags"), "Resource").required);
    // The one required member left unmatched.
    assert_eq!(labels(&service, "UntagGadget"), [pair("Resource", "ARN")]);
    assert_eq!(names(&service, "UntagGadget"), ["Resource", "TagKeys"]);
    // Two labels, two required members left: paired in request-line order.
    assert_eq!(
        labels(&service, "CopyGadget"),
        [pair("Source", "From"), pair("Destination", "To")]
    );
    assert_eq!(names(&service, "CopyGadget"), ["Source", "Destination"]);
    for (op, labels) in [("ListGadgetTags", 1), ("UntagGadget", 1), ("CopyGadget", 2)] {
        assert_eq!(matched(op), labels, "{op}: {diagnostics:#?}");
    }
    // Two labels, three candidates: a conflict, and still no member twice.
    assert_eq!(
        names(&service, "MoveGadget"),
        ["Source", "Target", "Region"]
    );
    assert_eq!(
        diagnostics
            .iter()
            .filter(|d| d.kind == "merge-label-conflict" && d.message.contains("MoveGadget"))
            .count(),
        2,
        "{diagnostics:#?}"
    );
}
