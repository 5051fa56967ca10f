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

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::{json, Map, Value};

mod ancestors;

use self::ancestors::{Frame, Marker, Via};
use super::draft::{Draft, DraftKind, DraftMember, DraftShape, DraftType, NameSource, ShapeId};
use super::naming::{element_hint, pascal};
use super::real_names::ShapeNames;
use crate::diagnostics::Diagnostic;
use crate::ir::{Metadata, Naming, Operation, SourceLoc, SyntaxSamples, TypeRef, Width};
use crate::parse::rst::{
    Entry, IndexPage, Lit, LitKind, MethodPage, Page, Param, ParamType, Returns,
};

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
            source: page.source.clone(),
        }
    }

    /// Members of a structure from its literal entries and documented items.
    fn members(
        &mut self,
        file: &str,
        owner: ShapeId,
        entries: Option<&[Entry]>,
        docs: Option<&[Param]>,
        stack: &mut Vec<Frame>,
    ) -> Vec<DraftMember> {
        let documented = docs.is_some();
        let docs = docs.unwrap_or(&[]);
        let mut used = vec![false; docs.len()];
        // The documented items of each name, in order: each literal entry takes the
        // first one left (a scan per entry was quadratic in the members).
        let mut unused: BTreeMap<&str, VecDeque<usize>> = BTreeMap::new();
        for (i, doc) in docs.iter().enumerate() {
            if let Some(name) = doc.name.as_deref() {
                unused.entry(name).or_default().push_back(i);
            }
        }
        let mut members = Vec::new();
        for entry in entries.unwrap_or(&[]) {
            let found = unused
                .get_mut(entry.name.as_str())
                .and_then(VecDeque::pop_front);
            if let Some(i) = found {
                used[i] = true;
            } else if documented {
                self.warn(
                    "member-undocumented",
                    file,
                    entry.line,
                    entry.column,
                    format!(
                        "`{}` is in the syntax literal but not in the parameter docs",
                        entry.name
                    ),
                );
            }
            let doc = found.map(|i| &docs[i]);
            members.push(self.member(file, owner, &entry.name, Some(&entry.value), doc, stack));
        }
        for (i, doc) in docs.iter().enumerate() {
            if used[i] {
                continue;
            }
            let Some(name) = doc.name.as_deref() else {
                self.warn(
                    "unnamed-member",
                    file,
                    doc.line,
                    doc.column,
                    "expected `- **name** *(type) --*` for a structure member".to_owned(),
                );
                continue;
            };
            if entries.is_some() {
                self.warn(
                    "member-not-in-syntax",
                    file,
                    doc.line,
                    doc.column,
                    format!(
                        "`{name}` is documented but not in the syntax literal; typed from its docs"
                    ),
                );
            }
            members.push(self.member(file, owner, name, None, Some(doc), stack));
        }
        members
    }

    fn member(
        &mut self,
        file: &str,
        owner: ShapeId,
        name: &str,
        lit: Option<&Lit>,
        doc: Option<&Param>,
        stack: &mut Vec<Frame>,
    ) -> DraftMember {
        let place = Place {
            file,
            hint: pascal(name),
            member: name,
            parent: owner,
            via: Via::Member,
            holder_docs: "",
        };
        let target = self.value(&place, lit, doc, stack);
        // Where it is documented, else where the syntax literal shows it.
        let (line, column) = doc
            .map(|d| (d.line, d.column))
            .or(lit.map(|l| (l.line, l.column)))
            .unwrap_or((0, 0));
        DraftMember {
            name: name.to_owned(),
            target,
            required: doc.is_some_and(|d| d.required),
            docs: doc.map(|d| d.doc.markdown.clone()).unwrap_or_default(),
            deprecated: doc.and_then(|d| d.doc.deprecated.clone()),
            source: SourceLoc {
                file: file.to_owned(),
                line,
                column,
            },
        }
    }

    /// The type of one value, creating draft shapes for structures and enums.
    fn value(
        &mut self,
        place: &Place<'_>,
        lit: Option<&Lit>,
        doc: Option<&Param>,
        stack: &mut Vec<Frame>,
    ) -> DraftType {
        let Some(lit) = lit else {
            return self.docs_only(place, doc, stack);
        };
        let scalar = |t| DraftType::Scalar(t);
        let declared = doc.map(|d| &d.ty);
        // Shapes are placed where they are documented, else at the literal.
        let at = doc.map_or((lit.line, lit.column), |d| (d.line, d.column));
        let ty = match &lit.kind {
            LitKind::String => scalar(TypeRef::String),
            LitKind::Enum(values) => self.enumeration(place, values.clone(), doc, at.0, at.1),
            LitKind::Integer => scalar(TypeRef::Integer {
                width: Width::Unknown,
            }),
            LitKind::Float => scalar(TypeRef::Float {
                width: Width::Unknown,
            }),
            LitKind::Boolean => scalar(TypeRef::Boolean),
            LitKind::Timestamp => scalar(TypeRef::Timestamp),
            LitKind::Blob => scalar(TypeRef::Blob),
            LitKind::BlobOrFile | LitKind::StreamingBody => scalar(TypeRef::StreamingBlob),
            LitKind::Document => scalar(TypeRef::Document),
            LitKind::Structure(entries) => {
                let id = self.structure(place, Some(entries), doc, at.0, at.1, stack);
                DraftType::Shape(id)
            }
            LitKind::EventStream(inner) => {
                let entries = match &inner.kind {
                    LitKind::Structure(entries) => Some(entries.as_slice()),
                    _ => None,
                };
                let id = self.structure(place, entries, doc, at.0, at.1, stack);
                if let DraftKind::Structure(members) = &mut self.shapes[id].kind {
                    let members = std::mem::take(members);
                    self.shapes[id].kind = DraftKind::Union(members);
                }
                DraftType::EventStream(id)
            }
            LitKind::List(element) => {
                let child = doc.and_then(|d| d.children.first());
                let inner = Place {
                    hint: element_hint(place.member, "Item"),
                    via: Via::ListElement,
                    holder_docs: doc.map_or("", |d| d.doc.markdown.as_str()),
                    ..*place
                };
                DraftType::List(Box::new(self.value(&inner, Some(element), child, stack)))
            }
            LitKind::Map(value) => {
                let child = doc
                    .and_then(|d| d.children.first())
                    .and_then(|key| key.children.first());
                let inner = Place {
                    hint: element_hint(place.member, "Value"),
                    via: Via::MapValue,
                    holder_docs: doc.map_or("", |d| d.doc.markdown.as_str()),
                    ..*place
                };
                let value = self.value(&inner, Some(value), child, stack);
                DraftType::Map(
                    Box::new(DraftType::Scalar(TypeRef::String)),
                    Box::new(value),
                )
            }
            LitKind::Recursive => self.recursive(place, doc, lit, stack),
        };
        if let Some(declared) = declared {
            if !agrees(declared, &lit.kind) {
                self.warn(
                    "type-mismatch",
                    place.file,
                    lit.line,
                    lit.column,
                    format!(
                        "`{}` is documented as `{declared}` but the syntax literal shows {}",
                        place.member,
                        lit_name(&lit.kind)
                    ),
                );
            }
        }
        ty
    }

    fn enumeration(
        &mut self,
        place: &Place<'_>,
        values: Vec<String>,
        doc: Option<&Param>,
        line: u32,
        column: u32,
    ) -> DraftType {
        let id = self.push(DraftShape {
            kind: DraftKind::Enum(values),
            docs: String::new(),
            member_docs: doc.map(|d| d.doc.markdown.clone()).unwrap_or_default(),
            deprecated: None,
            source: SourceLoc {
                file: place.file.to_owned(),
                line,
                column,
            },
            request: self.request,
            name: NameSource::Derived {
                hint: place.hint.clone(),
                parent: place.parent,
            },
        });
        DraftType::Shape(id)
    }

    fn structure(
        &mut self,
        place: &Place<'_>,
        entries: Option<&[Entry]>,
        doc: Option<&Param>,
        line: u32,
        column: u32,
        stack: &mut Vec<Frame>,
    ) -> ShapeId {
        let docs = doc.map(|d| d.doc.markdown.clone()).unwrap_or_default();
        let id = self.push(DraftShape {
            kind: DraftKind::Structure(Vec::new()),
            docs: if place.via == Via::Member {
                String::new()
            } else {
                docs.clone()
            },
            member_docs: docs.clone(),
            deprecated: None,
            source: SourceLoc {
                file: place.file.to_owned(),
                line,
                column,
            },
            request: self.request,
            name: NameSource::Derived {
                hint: place.hint.clone(),
                parent: place.parent,
            },
        });
        let names = match (entries, doc) {
            (Some(entries), _) => entries.iter().map(|e| e.name.clone()).collect(),
            (None, Some(doc)) => doc.children.iter().filter_map(|c| c.name.clone()).collect(),
            (None, None) => BTreeSet::new(),
        };
        let real = self.real_name(stack, place.member);
        stack.push(Frame {
            id,
            real,
            member: place.member.to_owned(),
            via: place.via,
            docs,
            holder_docs: place.holder_docs.to_owned(),
            names,
            union: doc.is_some_and(|d| d.doc.union_members.is_some()),
            collects_itself: entries.is_some_and(|entries| {
                entries.iter().any(|e| match &e.value.kind {
                    LitKind::List(inner) | LitKind::Map(inner) => inner.kind == LitKind::Recursive,
                    _ => false,
                })
            }),
        });
        let children = doc.map(|d| &d.children[..]);
        let members = self.members(place.file, id, entries, children, stack);
        stack.pop();
        let union = doc.is_some_and(|d| d.doc.union_members.is_some());
        self.shapes[id].kind = if union {
            DraftKind::Union(members)
        } else {
            DraftKind::Structure(members)
        };
        id
    }

    /// The real name of what `member` of the innermost structure on `stack` holds (of
    /// the input or output itself when the stack is empty).
    fn real_name(&self, stack: &[Frame], member: &str) -> Option<String> {
        let name = match stack.last() {
            None => self.root?.get(member).map(|n| n.get_ref()),
            Some(frame) => self.names.shapes.get(frame.real.as_ref()?)?.get(member),
        };
        name.cloned()
    }

    /// `{'... recursive ...'}` stands for a shape already being printed
    /// higher up: a structure, or a list or map of one (boto3 marks the first
    /// shape that repeats along the path, whatever its type). See
    /// [`ancestors::pick`] for which one; when several fit, it says so.
    fn recursive(
        &mut self,
        place: &Place<'_>,
        doc: Option<&Param>,
        lit: &Lit,
        stack: &[Frame],
    ) -> DraftType {
        let real = self.real_name(stack, place.member);
        let marker = Marker {
            member: place.member,
            via: place.via,
            doc,
            real: real.as_deref(),
        };
        match ancestors::pick(&marker, stack) {
            Some(pick) => {
                if !pick.rivals.is_empty() {
                    self.warn(
                        "ambiguous-recursion",
                        place.file,
                        lit.line,
                        lit.column,
                        format!(
                            "`{}` is `{{'... recursive ...'}}` and the docs fit more than one \
                             enclosing shape: took {}, not {}",
                            place.member,
                            pick.chosen,
                            pick.rivals.join(", ")
                        ),
                    );
                }
                pick.target
            }
            None => {
                self.warn(
                    "unresolved-recursion",
                    place.file,
                    lit.line,
                    lit.column,
                    "`{'... recursive ...'}` has no enclosing structure to refer to; typed as a document"
                        .to_owned(),
                );
                DraftType::Scalar(TypeRef::Document)
            }
        }
    }

    /// The type of a documented item that has no literal.
    fn docs_only(
        &mut self,
        place: &Place<'_>,
        doc: Option<&Param>,
        stack: &mut Vec<Frame>,
    ) -> DraftType {
        let Some(doc) = doc else {
            return DraftType::Scalar(TypeRef::Document);
        };
        let scalar = DraftType::Scalar;
        match &doc.ty {
            ParamType::String if !doc.doc.allowed_values.is_empty() => self.enumeration(
                place,
                doc.doc.allowed_values.clone(),
                Some(doc),
                doc.line,
                doc.column,
            ),
            ParamType::String => scalar(TypeRef::String),
            ParamType::Integer => scalar(TypeRef::Integer {
                width: Width::Unknown,
            }),
            ParamType::Float => scalar(TypeRef::Float {
                width: Width::Unknown,
            }),
            ParamType::Boolean => scalar(TypeRef::Boolean),
            ParamType::Datetime => scalar(TypeRef::Timestamp),
            ParamType::Bytes => scalar(TypeRef::Blob),
            ParamType::StreamingInput | ParamType::StreamingOutput => {
                scalar(TypeRef::StreamingBlob)
            }
            ParamType::Document | ParamType::JsonValue => scalar(TypeRef::Document),
            ParamType::List => {
                let inner = Place {
                    hint: element_hint(place.member, "Item"),
                    via: Via::ListElement,
                    holder_docs: &doc.doc.markdown,
                    ..*place
                };
                let element = self.docs_only(&inner, doc.children.first(), stack);
                DraftType::List(Box::new(element))
            }
            ParamType::Dict if doc.children.first().is_some_and(|c| c.name.is_none()) => {
                let inner = Place {
                    hint: element_hint(place.member, "Value"),
                    via: Via::MapValue,
                    holder_docs: &doc.doc.markdown,
                    ..*place
                };
                let value = doc.children.first().and_then(|k| k.children.first());
                let value = self.docs_only(&inner, value, stack);
                DraftType::Map(Box::new(scalar(TypeRef::String)), Box::new(value))
            }
            ParamType::Dict => DraftType::Shape(self.structure(
                place,
                None,
                Some(doc),
                doc.line,
                doc.column,
                stack,
            )),
            ParamType::EventStream => {
                let id = self.structure(place, None, Some(doc), doc.line, doc.column, stack);
                if let DraftKind::Structure(members) = &mut self.shapes[id].kind {
                    let members = std::mem::take(members);
                    self.shapes[id].kind = DraftKind::Union(members);
                }
                DraftType::EventStream(id)
            }
            ParamType::Other(other) => {
                self.warn(
                    "unknown-type",
                    place.file,
                    doc.line,
                    doc.column,
                    format!(
                        "`{}` has type `{other}`, which is not a boto3 type; typed as a document",
                        place.member
                    ),
                );
                scalar(TypeRef::Document)
            }
        }
    }
}

/// Whether the documented type agrees with the literal.
fn agrees(declared: &ParamType, lit: &LitKind) -> bool {
    use LitKind as L;
    use ParamType as P;
    match lit {
        L::String | L::Enum(_) => matches!(declared, P::String),
        L::Integer => matches!(declared, P::Integer),
        L::Float => matches!(declared, P::Float),
        L::Boolean => matches!(declared, P::Boolean),
        L::Timestamp => matches!(declared, P::Datetime),
        L::Blob => matches!(declared, P::Bytes),
        L::BlobOrFile => matches!(declared, P::StreamingInput | P::Bytes),
        L::StreamingBody => matches!(declared, P::StreamingOutput | P::Bytes),
        L::Document => matches!(declared, P::Document | P::JsonValue),
        L::Structure(_) | L::Map(_) => matches!(declared, P::Dict),
        L::List(_) => matches!(declared, P::List),
        L::EventStream(_) => matches!(declared, P::EventStream | P::Dict),
        L::Recursive => matches!(declared, P::Dict | P::List),
    }
}

fn lit_name(kind: &LitKind) -> &'static str {
    match kind {
        LitKind::String => "a string",
        LitKind::Enum(_) => "an enum",
        LitKind::Integer => "an integer",
        LitKind::Float => "a float",
        LitKind::Boolean => "a boolean",
        LitKind::Timestamp => "a datetime",
        LitKind::Blob => "bytes",
        LitKind::BlobOrFile => "a streaming body",
        LitKind::StreamingBody => "a streaming body",
        LitKind::Document => "a document",
        LitKind::Structure(_) => "a dict",
        LitKind::Map(_) => "a map",
        LitKind::List(_) => "a list",
        LitKind::EventStream(_) => "an event stream",
        LitKind::Recursive => "a recursive reference",
    }
}

/// `datetime(2015, 1, 1)` in epoch seconds.
const SAMPLE_TIMESTAMP: i64 = 1_420_070_400;
/// `b'bytes'` in base64.
const SAMPLE_BLOB: &str = "Ynl0ZXM=";

/// The JSON skeleton of a syntax literal (see [`crate::ir::SyntaxSamples`]).
/// Recursive references, streaming bodies and event streams are left out:
/// they have no JSON form of their own.
pub fn sample(lit: &Lit) -> Option<Value> {
    Some(match &lit.kind {
        LitKind::String => json!("string"),
        LitKind::Enum(values) => json!(values.first()?),
        LitKind::Integer => json!(123),
        LitKind::Float => json!(123.0),
        LitKind::Boolean => json!(true),
        LitKind::Timestamp => json!(SAMPLE_TIMESTAMP),
        LitKind::Blob => json!(SAMPLE_BLOB),
        LitKind::Document => json!({}),
        LitKind::BlobOrFile
        | LitKind::StreamingBody
        | LitKind::Recursive
        | LitKind::EventStream(_) => return None,
        LitKind::Structure(entries) => {
            let mut object = Map::new();
            for entry in entries {
                if let Some(value) = sample(&entry.value) {
                    object.insert(entry.name.clone(), value);
                }
            }
            Value::Object(object)
        }
        LitKind::Map(value) => {
            let mut object = Map::new();
            if let Some(value) = sample(value) {
                object.insert("string".to_owned(), value);
            }
            Value::Object(object)
        }
        LitKind::List(element) => Value::Array(sample(element).into_iter().collect()),
    })
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
