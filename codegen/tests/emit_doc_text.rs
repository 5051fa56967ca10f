//! Doc text as rustdoc shows it: a call's setter carries the member's whole docs, and
//! the backslashes of the source docs (regular expressions, Windows paths) survive.
//! Generated from the real DynamoDB `PutItem` page, with a pattern written into one
//! member's docs as botocore writes it, and the rustdoc Markdown rendered to text.

mod emit_support;

use std::path::PathBuf;

use codegen::diagnostics::Severity;
use codegen::emit::generate_crate;
use codegen::ir::Metadata;
use codegen::parse::rst::parse_page;
use codegen::passes::build_service;
use emit_support::{snapshot_settings, workspace_root};
use pulldown_cmark::{Event, Parser};

/// The generated `src/operation/put_item.rs` of a page whose `ReturnValues` docs start
/// with `extra`.
fn put_item_module(extra: &str) -> String {
    let root = workspace_root();
    let dir = root.join("docs-input/dynamodb");
    let page = std::fs::read_to_string(dir.join("client/put_item.rst")).unwrap();
    let anchor = "    Use ``ReturnValues`` if you want";
    assert!(page.contains(anchor));
    let page = page.replacen(
        anchor,
        &format!("    {extra} Use ``ReturnValues`` if you want"),
        1,
    );
    let (parsed, diagnostics) = parse_page("client/put_item.rst", &page);
    assert!(diagnostics.iter().all(|d| d.severity != Severity::Error));
    let toml = std::fs::read_to_string(dir.join("service.toml")).unwrap();
    let metadata: Metadata = toml::from_str(&toml).unwrap();
    let (model, _) = build_service(
        "dynamodb",
        &[("client/put_item.rst".to_owned(), parsed)],
        metadata,
    );
    let mut files = generate_crate(&model, &snapshot_settings("sdk-dynamodb")).unwrap();
    files
        .remove(&PathBuf::from("src/operation/put_item.rs"))
        .unwrap()
}

/// The doc comment starting at the line that starts with `first`, as the text rustdoc
/// renders (markup dropped, code spans kept).
fn rendered_doc(module: &str, first: &str) -> String {
    let lines: Vec<&str> = module.lines().map(str::trim_start).collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with(first))
        .unwrap_or_else(|| panic!("no doc line starting with {first}"));
    let markdown: String = lines[start..]
        .iter()
        .map_while(|l| l.strip_prefix("///"))
        .map(|l| format!("{}\n", l.strip_prefix(' ').unwrap_or(l)))
        .collect();
    let mut text = String::new();
    for event in Parser::new(&markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_call_setter_shows_the_members_whole_docs() {
    let module = put_item_module("");
    let setter = rendered_doc(&module, "/// Sets `ReturnValues`:");
    assert!(
        setter.starts_with("Sets ReturnValues: Use ReturnValues if you want"),
        "{setter}"
    );
    // The list after "the valid values are:", and the note after it.
    assert!(
        setter.contains("the valid values are: NONE - If ReturnValues is not specified"),
        "{setter}"
    );
    assert!(
        setter.contains("ALL_OLD - If PutItem overwrote an attribute name-value pair"),
        "{setter}"
    );
    assert!(
        setter.contains("does not recognize any values other than NONE or ALL_OLD"),
        "{setter}"
    );
}

#[test]
fn backslashes_of_the_source_docs_are_shown() {
    let module = put_item_module(
        r"For example, for numbers you can specify AllowedPattern=^\d+$ or a path like C:\\Windows\\[x].",
    );
    let setter = rendered_doc(&module, "/// Sets `ReturnValues`:");
    assert!(
        setter.contains(r"AllowedPattern=^\d+$ or a path like C:\\Windows\\[x]."),
        "{setter}"
    );
    let field = rendered_doc(&module, "/// For example, for numbers");
    assert!(field.contains(r"AllowedPattern=^\d+$"), "{field}");
}
