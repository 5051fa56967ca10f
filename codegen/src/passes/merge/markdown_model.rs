//! Builds a [`Service`] from Markdown pages alone.
//!
//! - Data type pages become structures (unions when the page says so) named as
//!   documented ([`Naming::Documented`]).
//! - Each operation gets an input `<Operation>Request` and an output
//!   `<Operation>Response` ([`Naming::Derived`]: the pages do not name them).
//! - `Valid Values:` make enum shapes, named by a derived rule: the member name in
//!   PascalCase, else `<Owner><Member>`, else that with the first free number appended;
//!   an existing enum with the same values under one of those names is reused. Names
//!   that pages or links spell out are never taken by derived names.
//! - A shape a link names but no page documents is kept as an empty structure under its
//!   documented name and listed in [`MarkdownModel::undocumented`], with a warning.
//! - Errors become error shapes with their HTTP status codes.
//! - REST operations get their [`HttpBinding`] and member [`Location`]s from the Request
//!   Syntax: `{Label}` (or a bare path segment equal to a URI parameter's name) binds a
//!   label, `key=Name` a query parameter, `Header: Name` a header. The stored URI keeps
//!   the path with `{Label}`s and the query literals that bind no member. The success
//!   status comes from `HTTP/1.1 201` or "sends back an HTTP 201 response"; a status line
//!   that names a member instead (`HTTP/1.1 StatusCode`) binds that member to the status
//!   code ([`Location::StatusCode`]).
//! - Entries without a `Type:` line are typed by what their other lines say, never by a
//!   silent guess: see [`untyped`].

mod http;
mod samples;
pub mod untyped;

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::diagnostics::Diagnostic;
use crate::ir::{
    HttpBinding, Location, Member, Metadata, Naming, Operation, Service, Shape, ShapeKind,
    SourceLoc, SyntaxSamples, TypeRef,
};
use crate::parse::markdown::{
    DataTypePage, Entry, ErrorEntry, MarkdownPages, OperationPage, Page, PageKind,
};
use http::uri_template;
use untyped::{untyped_target, Untyped};

/// A service built from Markdown pages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MarkdownModel {
    /// The model.
    pub service: Service,
    /// Shapes that links name but no page documents: their names are known, their
    /// members are not.
    pub undocumented: BTreeSet<String>,
    /// Members whose entry has no `Type:` line, by (shape, member), and how they were
    /// typed: the merge takes the reST type for them without a conflict.
    pub untyped: BTreeMap<(String, String), Untyped>,
}

/// Builds the model of service `name` from its Markdown pages. `metadata` holds the
/// wire facts the pages do not state (from `service.toml`).
pub fn service_from_markdown(
    name: &str,
    metadata: Metadata,
    pages: &MarkdownPages,
) -> (MarkdownModel, Vec<Diagnostic>) {
    let mut builder = Builder {
        reserved: reserved_names(pages),
        shapes: BTreeMap::new(),
        diagnostics: Vec::new(),
        untyped: BTreeMap::new(),
    };
    let mut service = Service {
        name: name.to_string(),
        title: title(name, &metadata),
        ..Service::default()
    };
    for page in pages.pages.values() {
        if let PageKind::DataType(data) = &page.kind {
            builder.data_type(page, data);
        }
    }
    for page in pages.pages.values() {
        if let PageKind::Operation(op) = &page.kind {
            let operation = builder.operation(page, op);
            service.operations.insert(operation.name.clone(), operation);
        }
    }
    let undocumented = builder.undocumented();
    builder.uid(&mut service, pages);
    service.metadata = metadata;
    service.shapes = builder.shapes;
    (
        MarkdownModel {
            service,
            undocumented,
            untyped: builder.untyped,
        },
        builder.diagnostics,
    )
}

/// `Device Farm` gives `DeviceFarm`; without a service id, the service name.
fn title(name: &str, metadata: &Metadata) -> String {
    metadata.service_id.as_deref().map_or_else(
        || name.to_upper_camel_case(),
        |id| id.split_whitespace().collect(),
    )
}

/// Names that pages or links spell out: derived names must not take them.
fn reserved_names(pages: &MarkdownPages) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = pages.pages.keys().cloned().collect();
    let mut note = |entry: &Entry| {
        if let Some(target) = &entry.target {
            named_in(target, &mut names);
        }
    };
    for page in pages.pages.values() {
        match &page.kind {
            PageKind::DataType(data) => data.members.iter().for_each(&mut note),
            PageKind::Operation(op) => {
                op.request.iter().chain(&op.response).for_each(&mut note);
            }
        }
    }
    for page in pages.pages.values() {
        if let PageKind::Operation(op) = &page.kind {
            names.extend(op.errors.iter().map(|e| e.name.clone()));
        }
    }
    names
}

fn named_in(target: &TypeRef, out: &mut BTreeSet<String>) {
    match target {
        TypeRef::Named { name } | TypeRef::EventStream { name } => {
            out.insert(name.clone());
        }
        TypeRef::List { member } => named_in(member, out),
        TypeRef::Map { key, value } => {
            named_in(key, out);
            named_in(value, out);
        }
        _ => {}
    }
}

struct Builder {
    reserved: BTreeSet<String>,
    shapes: BTreeMap<String, Shape>,
    untyped: BTreeMap<(String, String), Untyped>,
    diagnostics: Vec<Diagnostic>,
}

impl Builder {
    fn warn(&mut self, kind: &'static str, at: &SourceLoc, message: String) {
        self.diagnostics.push(Diagnostic::warning(
            kind,
            at.file.as_str(),
            at.line,
            at.column,
            message,
        ));
    }

    fn data_type(&mut self, page: &Page, data: &DataTypePage) {
        let members = data
            .members
            .iter()
            .map(|entry| self.member(&page.name, entry, false))
            .collect();
        let kind = if data.union {
            ShapeKind::Union { members }
        } else {
            ShapeKind::Structure { members }
        };
        self.shapes.insert(
            page.name.clone(),
            Shape {
                name: page.name.clone(),
                docs: page.docs.clone(),
                kind,
                deprecated: page.deprecated.clone(),
                source: page.source.clone(),
                naming: Naming::Documented,
                traits: Default::default(),
            },
        );
    }

    fn operation(&mut self, page: &Page, op: &OperationPage) -> Operation {
        let input = self.derived_name(&format!("{}Request", page.name));
        let output = self.derived_name(&format!("{}Response", page.name));
        let request_line = op
            .request_syntax
            .as_ref()
            .and_then(|s| s.request_line.as_ref());

        let mut input_members: Vec<Member> = Vec::new();
        for entry in &op.request {
            let mut member = self.member(&input, entry, false);
            member.location = self.request_location(entry, op.request_syntax.as_ref());
            input_members.push(member);
        }
        let status = http::status_member(op);
        let mut output_members: Vec<Member> = Vec::new();
        for entry in &op.response {
            let is_status = status == Some(entry.name.as_str());
            let mut member = self.member(&output, entry, is_status);
            member.location = if is_status {
                Location::StatusCode
            } else {
                self.response_location(entry, op.response_syntax.as_ref())
            };
            output_members.push(member);
        }
        let http = request_line.map(|line| HttpBinding {
            method: line.method.clone(),
            uri: uri_template(line, &op.request),
            response_code: self.response_code(page, op),
            host_prefix: None,
        });
        let syntax = SyntaxSamples {
            request: self.sample(op.request_syntax.as_ref(), &input_members, &input),
            response: self.sample(op.response_syntax.as_ref(), &output_members, &output),
        };
        for (name, members) in [(&input, input_members), (&output, output_members)] {
            self.shapes.insert(
                name.clone(),
                Shape {
                    name: name.clone(),
                    docs: String::new(),
                    kind: ShapeKind::Structure { members },
                    deprecated: None,
                    source: page.source.clone(),
                    naming: Naming::Derived,
                    traits: Default::default(),
                },
            );
        }
        let errors = op.errors.iter().map(|e| self.error(e)).collect();
        Operation {
            name: page.name.clone(),
            snake_name: page.name.to_snake_case(),
            docs: page.docs.clone(),
            input,
            output,
            errors,
            examples: op.examples.clone(),
            syntax,
            deprecated: page.deprecated.clone(),
            http,
            // The pages do not say which requests may be compressed: the wire facts do.
            request_compression: Vec::new(),
            http_checksum: Default::default(),
            // Only the wire facts say which operations go unsigned.
            unsigned: false,
            endpoint: Default::default(),
            expect_continue: Default::default(),
            source: page.source.clone(),
        }
    }

    /// The first of `base`, `base2`, `base3`... that no shape or documented name uses.
    fn derived_name(&mut self, base: &str) -> String {
        let taken = |name: &str| self.reserved.contains(name) || self.shapes.contains_key(name);
        if !taken(base) {
            self.reserved.insert(base.to_string());
            return base.to_string();
        }
        let mut n = 2u32;
        loop {
            let candidate = format!("{base}{n}");
            if !taken(&candidate) {
                self.reserved.insert(candidate.clone());
                return candidate;
            }
            n += 1;
        }
    }

    /// The member an entry documents; `status` when it is bound to the status code.
    fn member(&mut self, owner: &str, entry: &Entry, status: bool) -> Member {
        // A URI parameter shown under its label is named by its anchor.
        let name = entry
            .anchor_member
            .clone()
            .unwrap_or_else(|| entry.name.clone());
        let mut target = match &entry.target {
            Some(target) => target.clone(),
            // URI, header and status members often have no `Type:` line.
            None => {
                let (target, how) = untyped_target(entry, status);
                if how == Untyped::Unreadable {
                    self.warn(
                        "missing-type",
                        &entry.source,
                        format!(
                            "`{}` has no readable `Type:` line; read as String",
                            entry.name
                        ),
                    );
                }
                self.untyped.insert((owner.to_string(), name.clone()), how);
                target
            }
        };
        if !entry.valid_values.is_empty() {
            let name = self.enum_shape(owner, entry);
            if !replace_string(&mut target, &name) {
                self.warn(
                    "values-without-string",
                    &entry.source,
                    format!(
                        "`{}` lists valid values but its type has no string to hold them",
                        entry.name
                    ),
                );
            }
        }
        Member {
            name,
            target,
            required: entry.required.unwrap_or(false),
            docs: entry.docs.clone(),
            boxed: false,
            deprecated: entry.deprecated.clone(),
            constraints: entry.constraints.clone(),
            location: Location::Body,
            wire_name: None,
            traits: Default::default(),
            source: entry.source.clone(),
        }
    }

    /// Names (and creates if needed) the enum of an entry's valid values.
    fn enum_shape(&mut self, owner: &str, entry: &Entry) -> String {
        let member = entry.name.to_upper_camel_case();
        let candidates = [member.clone(), format!("{owner}{member}")];
        for candidate in &candidates {
            if let Some(shape) = self.shapes.get(candidate) {
                if matches!(&shape.kind, ShapeKind::Enum { values } if *values == entry.valid_values)
                {
                    return candidate.clone();
                }
            }
        }
        let free = candidates
            .iter()
            .find(|c| !self.reserved.contains(*c) && !self.shapes.contains_key(*c))
            .cloned();
        let name = match free {
            Some(name) => {
                self.reserved.insert(name.clone());
                name
            }
            None => self.derived_name(&format!("{owner}{member}")),
        };
        self.shapes.insert(
            name.clone(),
            Shape {
                name: name.clone(),
                docs: String::new(),
                kind: ShapeKind::Enum {
                    values: entry.valid_values.clone(),
                },
                deprecated: None,
                source: entry.source.clone(),
                naming: Naming::Derived,
                traits: Default::default(),
            },
        );
        name
    }

    fn error(&mut self, error: &ErrorEntry) -> String {
        // Error members state no type: the reference only documents strings there.
        let members: Vec<Member> = error
            .members
            .iter()
            .map(|entry| {
                let typed = Entry {
                    target: Some(entry.target.clone().unwrap_or(TypeRef::String)),
                    ..entry.clone()
                };
                self.member(&error.name, &typed, false)
            })
            .collect();
        let shape = Shape {
            name: error.name.clone(),
            docs: error.docs.clone(),
            kind: ShapeKind::Error {
                members,
                http_status: error.http_status,
                code: None,
            },
            deprecated: None,
            source: error.source.clone(),
            naming: Naming::Documented,
            traits: Default::default(),
        };
        match self.shapes.get(&error.name) {
            None => {
                self.shapes.insert(error.name.clone(), shape);
            }
            Some(seen) => {
                let seen_status = match &seen.kind {
                    ShapeKind::Error { http_status, .. } => *http_status,
                    _ => None,
                };
                if seen_status != error.http_status {
                    let message = format!(
                        "error `{}` has status {:?} here and {:?} at {}:{}; the first is kept",
                        error.name,
                        error.http_status,
                        seen_status,
                        seen.source.file,
                        seen.source.line
                    );
                    self.warn("conflicting-error", &error.source, message);
                }
            }
        }
        error.name.clone()
    }

    /// Shapes that links name but no page documents: kept empty, reported.
    fn undocumented(&mut self) -> BTreeSet<String> {
        let mut linked: BTreeMap<String, SourceLoc> = BTreeMap::new();
        for shape in self.shapes.values() {
            for member in shape.kind.members() {
                let mut names = BTreeSet::new();
                named_in(&member.target, &mut names);
                for name in names {
                    linked.entry(name).or_insert_with(|| member.source.clone());
                }
            }
        }
        let mut missing = BTreeSet::new();
        for (name, at) in linked {
            if self.shapes.contains_key(&name) {
                continue;
            }
            self.warn(
                "missing-type-page",
                &at,
                format!("`{name}` is linked here but has no page (`API_{name}.md`); its members are unknown"),
            );
            self.shapes.insert(
                name.clone(),
                Shape {
                    name: name.clone(),
                    docs: String::new(),
                    kind: ShapeKind::Structure {
                        members: Vec::new(),
                    },
                    deprecated: None,
                    source: at,
                    naming: Naming::Documented,
                    traits: Default::default(),
                },
            );
            missing.insert(name);
        }
        missing
    }

    /// The service uid from the See Also links; pages that disagree are reported.
    fn uid(&mut self, service: &mut Service, pages: &MarkdownPages) {
        for page in pages.pages.values() {
            let Some(uid) = &page.uid else { continue };
            match &service.uid {
                None => {
                    service.api_version =
                        uid.get(uid.len().saturating_sub(10)..).map(str::to_string);
                    service.uid = Some(uid.clone());
                }
                Some(seen) if seen != uid => {
                    let message = format!("this page links to service `{uid}`, others to `{seen}`");
                    self.warn("conflicting-uid", &page.source, message);
                }
                Some(_) => {}
            }
        }
    }
}

/// Replaces the innermost string of `target` (the string itself, a list's items, a
/// map's values) by the enum `name`. False when there is no string to replace.
fn replace_string(target: &mut TypeRef, name: &str) -> bool {
    match target {
        TypeRef::String => {
            *target = TypeRef::Named {
                name: name.to_string(),
            };
            true
        }
        TypeRef::List { member } => replace_string(member, name),
        TypeRef::Map { value, .. } => replace_string(value, name),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Width;

    #[test]
    fn enums_replace_the_innermost_string() {
        let mut target = TypeRef::List {
            member: Box::new(TypeRef::String),
        };
        assert!(replace_string(&mut target, "Color"));
        assert_eq!(
            target,
            TypeRef::List {
                member: Box::new(TypeRef::Named {
                    name: "Color".into()
                })
            }
        );
        let mut number = TypeRef::Integer { width: Width::W32 };
        assert!(!replace_string(&mut number, "Color"));
    }
}
