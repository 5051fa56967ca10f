//! The members of a request or response tree: a syntax literal's entries and the
//! documented items merged, member by member, into draft shapes for the structures and
//! enums they hold.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::ancestors::{self, Frame, Marker, Via};
use super::{Builder, Place};
use crate::ir::{SourceLoc, TypeRef, Width};
use crate::parse::rst::{Entry, Lit, LitKind, Param, ParamType};
use crate::passes::draft::{DraftKind, DraftMember, DraftShape, DraftType, NameSource, ShapeId};
use crate::passes::naming::{element_hint, pascal};

impl Builder<'_> {
    /// Members of a structure from its literal entries and documented items.
    pub(super) fn members(
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
        // The parameter docs' place of each member: one the syntax leaves out goes where
        // the docs list it, as the model orders it (botocore's handlers hide some, as
        // EC2 CopySnapshot's PresignedUrl), not last, since protocols write members in
        // this order.
        let mut places: Vec<Option<usize>> = Vec::new();
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
            places.push(found);
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
            let at = places
                .iter()
                .position(|place| place.is_some_and(|p| p > i))
                .unwrap_or(members.len());
            members.insert(at, self.member(file, owner, name, None, Some(doc), stack));
            places.insert(at, Some(i));
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
