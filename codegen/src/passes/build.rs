//! Build pass: pages → a [`Draft`] service.
//!
//! Every client page with an "AWS API Documentation" link becomes an
//! operation named by that link. Its input is the structure `{Op}Input`
//! (always present, empty without parameters), its output `{Op}Output` (empty
//! when the method returns `None`); `{Op}Request` and `{Op}Response` when an
//! exception already has one of those names. Nested structures and enums become
//! unnamed draft shapes, one per appearance.
//!
//! The Request/Response Syntax literal and the parameter docs describe the
//! same tree. The literal decides members, their order and enum values; the
//! docs add types, `**[REQUIRED]**` and doc text. A member found in only one
//! of them is kept and reported. Without a literal the docs alone decide.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;

mod ancestors;
mod members;
mod sample;

use self::ancestors::Via;
use self::sample::sample;
use super::draft::{Draft, DraftKind, DraftShape, NameSource, ShapeId};
use super::real_names::ShapeNames;
use crate::diagnostics::Diagnostic;
use crate::ir::{Metadata, Naming, Operation, SourceLoc, SyntaxSamples};
use crate::parse::rst::{IndexPage, Lit, LitKind, MethodPage, Page, Returns};

/// boto3 client methods that exist in every client and call no API.
pub const HELPERS: &[&str] = &[
    "can_paginate",
    "close",
    "get_paginator",
    "get_waiter",
    "generate_presigned_url",
    "generate_presigned_post",
];

/// Methods boto3 adds to some clients on top of the API (S3's managed transfers, the
/// auth token generators of RDS and DSQL), which call other operations or none and are
/// no operation themselves.
pub const INJECTED: &[&str] = &[
    "copy",
    "download_file",
    "download_fileobj",
    "upload_file",
    "upload_fileobj",
    "generate_db_auth_token",
    "generate_db_connect_auth_token",
    "generate_db_connect_admin_auth_token",
];

/// The client pages that document operations, by operation wire name.
pub fn operation_pages<'p>(
    pages: &[&'p (String, Page)],
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, (&'p str, &'p MethodPage)> {
    let mut out: BTreeMap<String, (&str, &MethodPage)> = BTreeMap::new();
    for (file, page) in pages {
        let Page::ClientMethod(method) = page else {
            continue;
        };
        if HELPERS.contains(&method.method.as_str()) {
            continue;
        }
        let Some(api) = &method.api else {
            if INJECTED.contains(&method.method.as_str()) {
                // Documented without an API link, as boto3 documents what it adds.
                continue;
            }
            diagnostics.push(Diagnostic::warning(
                "not-an-operation",
                file,
                method.source.line,
                method.source.column,
                format!(
                    "`{}` has no \"AWS API Documentation\" link, so it is not taken as an operation",
                    method.qualified_name
                ),
            ));
            continue;
        };
        if let Some((first, _)) = out.get(&api.operation) {
            diagnostics.push(Diagnostic::warning(
                "duplicate-operation",
                file,
                api.source.line,
                api.source.column,
                format!(
                    "operation `{}` is already documented in {first}",
                    api.operation
                ),
            ));
            continue;
        }
        out.insert(api.operation.clone(), (file.as_str(), method));
    }
    out
}

/// Builds the draft of one service from its parsed pages (sorted by file).
pub fn build(
    name: &str,
    pages: &[&(String, Page)],
    metadata: Metadata,
    diagnostics: &mut Vec<Diagnostic>,
) -> Draft {
    build_named(name, pages, metadata, &ShapeNames::default(), diagnostics)
}

/// [`build`], with the real names of nested shapes, which settle which enclosing shape a
/// `{'... recursive ...'}` marker stands for where the pages cannot.
pub fn build_named(
    name: &str,
    pages: &[&(String, Page)],
    metadata: Metadata,
    names: &ShapeNames,
    diagnostics: &mut Vec<Diagnostic>,
) -> Draft {
    let mut draft = Draft::default();
    draft.service.name = name.to_owned();
    draft.service.metadata = metadata;
    if let Some(index) = pages.iter().find_map(|(_, p)| match p {
        Page::ServiceIndex(index) => Some(index),
        _ => None,
    }) {
        apply_index(&mut draft, index);
    }
    let operations = operation_pages(pages, diagnostics);
    service_identity(&mut draft, &operations, diagnostics);
    let errors = operations
        .values()
        .flat_map(|(_, page)| page.exceptions.iter().map(|e| e.name.clone()))
        .collect();
    let mut builder = Builder {
        errors,
        shapes: Vec::new(),
        request: true,
        diagnostics,
        names,
        root: None,
    };
    for (wire, (file, page)) in &operations {
        let operation = builder.operation(wire, file, page);
        draft.service.operations.insert(wire.clone(), operation);
    }
    draft.shapes = builder.shapes;
    draft
}

fn apply_index(draft: &mut Draft, index: &IndexPage) {
    draft.service.title = index.title.clone();
    draft.service.docs = index.docs.clone();
}

/// Title, uid and API version from the pages (service.toml only fills gaps).
fn service_identity(
    draft: &mut Draft,
    operations: &BTreeMap<String, (&str, &MethodPage)>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let service = &mut draft.service;
    let mut uid: Option<&str> = None;
    let mut pages: Vec<&(&str, &MethodPage)> = operations.values().collect();
    pages.sort_by_key(|(file, _)| *file);
    for (file, page) in pages {
        if service.title.is_empty() && !page.service_title.is_empty() {
            service.title = page.service_title.clone();
        }
        let Some(api) = &page.api else { continue };
        match uid {
            None => uid = Some(&api.uid),
            Some(first) if first != api.uid => diagnostics.push(Diagnostic::warning(
                "uid-mismatch",
                *file,
                api.source.line,
                api.source.column,
                format!(
                    "API link names service `{}`, other pages name `{first}`",
                    api.uid
                ),
            )),
            Some(_) => {}
        }
    }
    service.uid = uid.map(str::to_owned);
    if let Some(uid) = &service.uid {
        service.api_version = api_version(uid);
    }
}

/// `devicefarm-2015-06-23` → `2015-06-23`.
pub fn api_version(uid: &str) -> Option<String> {
    let date = uid.get(uid.len().checked_sub(10)?..)?;
    let bytes = date.as_bytes();
    let shaped = bytes.iter().enumerate().all(|(i, b)| match i {
        4 | 7 => *b == b'-',
        _ => b.is_ascii_digit(),
    });
    (shaped && uid.len() > 10 && uid.as_bytes()[uid.len() - 11] == b'-').then(|| date.to_owned())
}

struct Builder<'d> {
    /// Exception names, which input and output names must not take.
    errors: BTreeSet<String>,
    shapes: Vec<DraftShape>,
    /// Converting a request (true) or a response (false).
    request: bool,
    diagnostics: &'d mut Vec<Diagnostic>,
    /// Real names of nested shapes (the wire-facts file's `[names]`).
    names: &'d ShapeNames,
    /// The real names of what the members of the input or output being converted hold.
    root: Option<&'d BTreeMap<String, toml::Spanned<String>>>,
}

/// Where a value sits, for naming the shapes it creates.
struct Place<'a> {
    file: &'a str,
    /// The PascalCase base name a shape created here wants.
    hint: String,
    /// The member name (or the list's / map's member name) it hangs from.
    member: &'a str,
    parent: ShapeId,
    /// A list element or map value (boto3 prints the shape's own docs
    /// there) or a member.
    via: Via,
    /// For elements and values: the docs of the list or map member.
    holder_docs: &'a str,
}

impl Builder<'_> {
    fn warn(&mut self, kind: &'static str, file: &str, line: u32, column: u32, message: String) {
        self.diagnostics
            .push(Diagnostic::warning(kind, file, line, column, message));
    }

    fn push(&mut self, shape: DraftShape) -> ShapeId {
        self.shapes.push(shape);
        self.shapes.len() - 1
    }

    fn fixed(&mut self, name: String, docs: String, source: SourceLoc) -> ShapeId {
        self.push(DraftShape {
            kind: DraftKind::Structure(Vec::new()),
            docs,
            member_docs: String::new(),
            deprecated: None,
            source,
            request: self.request,
            name: NameSource::Fixed {
                name,
                naming: Naming::Derived,
            },
        })
    }

    fn operation(&mut self, wire: &str, file: &str, page: &MethodPage) -> Operation {
        // Without rendered parameter docs a request shows no required flags
        // either: its shapes may then join documented ones, like responses.
        self.request = !page.params_omitted;
        // An exception may already be called `{Op}Input` (say `InvalidInput`
        // for an operation `Invalid`): then the pair is `{Op}Request` /
        // `{Op}Response`.
        let clash = [format!("{wire}Input"), format!("{wire}Output")]
            .iter()
            .any(|n| self.errors.contains(n));
        let (input_name, output_name) = if clash {
            (format!("{wire}Request"), format!("{wire}Response"))
        } else {
            (format!("{wire}Input"), format!("{wire}Output"))
        };
        let input = self.fixed(input_name.clone(), String::new(), page.source.clone());
        let tables = self.names.operations.get(wire);
        self.root = tables.map(|t| &t.input);
        let mut stack = Vec::new();
        let entries = match &page.request {
            Some(Lit {
                kind: LitKind::Structure(entries),
                ..
            }) => Some(entries.as_slice()),
            _ => None,
        };
        // Without rendered parameter docs there is nothing to compare with.
        let params = (!page.params_omitted).then_some(&page.params[..]);
        let members = self.members(file, input, entries, params, &mut stack);
        self.shapes[input].kind = DraftKind::Structure(members);

        let output_docs = match &page.returns {
            Returns::Value {
                structure: Some(root),
                ..
            } => root.doc.markdown.clone(),
            _ => String::new(),
        };
        self.request = false;
        self.root = tables.map(|t| &t.output);
        let output = self.fixed(output_name.clone(), output_docs, page.source.clone());
        if let Returns::Value {
            syntax,
            structure,
            structure_omitted,
        } = &page.returns
        {
            let entries = match syntax {
                Some(Lit {
                    kind: LitKind::Structure(entries),
                    ..
                }) => Some(entries.as_slice()),
                Some(other) => {
                    self.warn(
                        "unexpected-response",
                        file,
                        other.line,
                        other.column,
                        "expected the Response Syntax to be a dict".to_owned(),
                    );
                    None
                }
                None => None,
            };
            let children = structure
                .as_ref()
                .filter(|_| !structure_omitted)
                .map(|s| &s.children[..]);
            let members = self.members(file, output, entries, children, &mut stack);
            self.shapes[output].kind = DraftKind::Structure(members);
        }
        Operation {
            name: wire.to_owned(),
            snake_name: page.method.clone(),
            docs: page.docs.clone(),
            input: input_name,
            output: output_name,
            errors: page.exceptions.iter().map(|e| e.name.clone()).collect(),
            examples: page.examples.clone(),
            syntax: SyntaxSamples {
                request: page.request.as_ref().and_then(sample),
                response: match &page.returns {
                    Returns::Value {
                        syntax: Some(lit), ..
                    } => sample(lit),
                    Returns::Nothing => Some(json!({})),
                    _ => None,
                },
            },
            deprecated: page.deprecated.clone(),
            http: None,
            // Only the wire facts say which requests may be compressed.
            request_compression: Vec::new(),
            http_checksum: Default::default(),
            // Only the wire facts say which operations go unsigned.
            unsigned: false,
            endpoint: Default::default(),
            expect_continue: Default::default(),
            source: page.source.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_version_is_the_date_suffix() {
        assert_eq!(
            api_version("devicefarm-2015-06-23").as_deref(),
            Some("2015-06-23")
        );
        assert_eq!(api_version("2015-06-23"), None);
        assert_eq!(api_version("devicefarm"), None);
    }
}
