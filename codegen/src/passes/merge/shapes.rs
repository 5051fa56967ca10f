//! Merging one shape, member and type: the rule of the module docs, fact by fact.

use std::collections::BTreeMap;

use super::labels::LabelMatch;
use super::markdown_model::untyped::untyped_warning;
use super::{Merger, Side};
use crate::ir::{Member, Naming, Shape, ShapeKind, TypeRef, Width};

impl Merger<'_> {
    pub(super) fn merge_shape(&mut self, rest: &Shape, md: &Shape, input: bool) -> Shape {
        let naming = if md.naming == Naming::Documented || rest.naming == Naming::Documented {
            Naming::Documented
        } else {
            Naming::Derived
        };
        let kind = match (&rest.kind, &md.kind) {
            (ShapeKind::Structure { members: r }, ShapeKind::Structure { members: m }) => {
                ShapeKind::Structure {
                    members: self.merge_members(rest, r, md, m, input),
                }
            }
            (ShapeKind::Union { members: r }, ShapeKind::Union { members: m }) => {
                ShapeKind::Union {
                    members: self.merge_members(rest, r, md, m, input),
                }
            }
            (
                ShapeKind::Error {
                    members: r,
                    http_status: rs,
                    code: rc,
                },
                ShapeKind::Error {
                    members: m,
                    http_status: ms,
                    code: mc,
                },
            ) => {
                if rs.is_none() && ms.is_some() {
                    self.summary.statuses += 1;
                } else if rs.is_some() && ms.is_some() && rs != ms {
                    let message = format!(
                        "error `{}` has status {ms:?} in Markdown and {rs:?} in reST; Markdown is kept",
                        md.name
                    );
                    self.conflict("merge-status-conflict", &md.source, &rest.source, message);
                }
                ShapeKind::Error {
                    members: self.merge_members(rest, r, md, m, input),
                    http_status: ms.or(*rs),
                    code: mc.clone().or_else(|| rc.clone()),
                }
            }
            (ShapeKind::Enum { values: r }, ShapeKind::Enum { values: m }) => {
                let mut values = r.clone();
                let extra: Vec<String> = m.iter().filter(|v| !r.contains(v)).cloned().collect();
                let missing: Vec<&String> = r.iter().filter(|v| !m.contains(v)).collect();
                if !extra.is_empty() || !missing.is_empty() {
                    self.summary.markdown_only += extra.len();
                    let message = format!(
                        "enum `{}` differs: Markdown only {extra:?}, reST only {missing:?}; all values are kept",
                        rest.name
                    );
                    self.conflict("merge-enum-values", &md.source, &rest.source, message);
                }
                values.extend(extra);
                ShapeKind::Enum { values }
            }
            (r, m) => {
                let message = format!(
                    "`{}` is {} in reST and {} in Markdown; reST is kept",
                    md.name,
                    kind_word(r),
                    kind_word(m)
                );
                self.conflict("merge-kind-conflict", &md.source, &rest.source, message);
                return self.rest_only(rest);
            }
        };
        Shape {
            name: rest.name.clone(),
            docs: if rest.docs.is_empty() {
                md.docs.clone()
            } else {
                rest.docs.clone()
            },
            kind,
            deprecated: rest.deprecated.clone().or_else(|| md.deprecated.clone()),
            source: rest.source.clone(),
            naming,
            traits: rest.traits.clone(),
        }
    }

    pub(super) fn merge_members(
        &mut self,
        rest_shape: &Shape,
        rest: &[Member],
        md_shape: &Shape,
        md: &[Member],
        input: bool,
    ) -> Vec<Member> {
        let labels = if input {
            self.match_labels(md_shape, rest)
        } else {
            BTreeMap::new()
        };
        let matched = |m: &Member, r: &Member| {
            m.name == r.name || labels.get(&m.name) == Some(&LabelMatch::Member(r.name.clone()))
        };
        let mut out = Vec::new();
        for r in rest {
            match md.iter().find(|m| matched(m, r)) {
                Some(m) => out.push(self.merge_member(r, m, input, &md_shape.name)),
                None => {
                    let message = format!(
                        "member `{}` of `{}` is documented in reST only; it is kept",
                        r.name, md_shape.name
                    );
                    self.conflict("merge-member-missing", &md_shape.source, &r.source, message);
                    let mut member = r.clone();
                    member.target = self.rename(&r.target, Side::Rest);
                    out.push(member);
                }
            }
        }
        // The reST pages list exceptions without their members: nothing to disagree with.
        let silent = rest.is_empty() && matches!(rest_shape.kind, ShapeKind::Error { .. });
        for m in md {
            if rest.iter().any(|r| r.name == m.name) || labels.contains_key(&m.name) {
                continue;
            }
            self.summary.markdown_only += 1;
            if let Some(how) = self.untyped.get(&(md_shape.name.clone(), m.name.clone())) {
                self.diagnostics
                    .extend(untyped_warning(&md_shape.name, m, *how));
            }
            if !silent {
                let message = format!(
                    "member `{}` of `{}` is documented in Markdown only; it is kept",
                    m.name, md_shape.name
                );
                self.conflict(
                    "merge-member-missing",
                    &m.source,
                    &rest_shape.source,
                    message,
                );
            }
            let mut member = m.clone();
            member.target = self.rename(&m.target, Side::Markdown);
            out.push(member);
        }
        out
    }

    pub(super) fn merge_member(
        &mut self,
        rest: &Member,
        md: &Member,
        input: bool,
        owner: &str,
    ) -> Member {
        let untyped = self
            .untyped
            .contains_key(&(owner.to_string(), md.name.clone()));
        let target = match self.merge_type(&rest.target, &md.target) {
            // A Markdown member without a `Type:` line states no type to disagree with.
            _ if untyped => {
                let target = self.rename(&rest.target, Side::Rest);
                if let TypeRef::Integer {
                    width: Width::Unknown,
                }
                | TypeRef::Float {
                    width: Width::Unknown,
                } = target
                {
                    let message = format!(
                        "neither source states the width of `{}` of `{owner}`; emitted as 64 bits",
                        md.name
                    );
                    self.conflict("unknown-width", &md.source, &rest.source, message);
                }
                target
            }
            Ok(target) => target,
            Err((r, m)) => {
                let message = format!(
                    "member `{}` of `{owner}` is {m} in Markdown and {r} in reST; reST is kept",
                    md.name
                );
                self.conflict("merge-type-conflict", &md.source, &rest.source, message);
                self.rename(&rest.target, Side::Rest)
            }
        };
        if width_of(&rest.target) == Some(Width::Unknown)
            && width_of(&md.target).is_some_and(|w| w != Width::Unknown)
        {
            self.summary.widths += 1;
        }
        let required = if input {
            if rest.required != md.required {
                let message = format!(
                    "input member `{}` of `{owner}` is {} in Markdown and {} in reST; reST is kept",
                    md.name,
                    required_word(md.required),
                    required_word(rest.required)
                );
                self.conflict("merge-required-conflict", &md.source, &rest.source, message);
            }
            rest.required
        } else {
            if md.required && !rest.required {
                self.summary.required += 1;
            }
            rest.required || md.required
        };
        let constraints = if md.constraints.is_empty() {
            rest.constraints.clone()
        } else {
            if rest.constraints.is_empty() {
                self.summary.constraints += 1;
            } else if rest.constraints != md.constraints {
                let message = format!(
                    "constraints of `{}` of `{owner}` differ; Markdown is kept",
                    md.name
                );
                self.conflict(
                    "merge-constraints-conflict",
                    &md.source,
                    &rest.source,
                    message,
                );
            }
            md.constraints.clone()
        };
        Member {
            name: rest.name.clone(),
            target,
            required,
            docs: if rest.docs.is_empty() {
                md.docs.clone()
            } else {
                rest.docs.clone()
            },
            boxed: rest.boxed,
            deprecated: rest.deprecated.clone().or_else(|| md.deprecated.clone()),
            constraints,
            location: md.location.clone(),
            wire_name: rest.wire_name.clone(),
            traits: rest.traits.clone(),
            source: rest.source.clone(),
        }
    }

    /// The merged type, or both sides described when they disagree.
    pub(super) fn merge_type(
        &self,
        rest: &TypeRef,
        md: &TypeRef,
    ) -> Result<TypeRef, (String, String)> {
        let merged = match (rest, md) {
            (TypeRef::Integer { width: r }, TypeRef::Integer { width: m }) => TypeRef::Integer {
                width: known(*m, *r),
            },
            (TypeRef::Float { width: r }, TypeRef::Float { width: m }) => TypeRef::Float {
                width: known(*m, *r),
            },
            (TypeRef::List { member: r }, TypeRef::List { member: m }) => TypeRef::List {
                member: Box::new(self.merge_type(r, m)?),
            },
            (TypeRef::Map { key: rk, value: rv }, TypeRef::Map { key: mk, value: mv }) => {
                // Enum keys are a reST refinement the Markdown `String to ... map` hides.
                let key = match (&**rk, &**mk) {
                    (TypeRef::Named { .. }, TypeRef::String) => self.rename(rk, Side::Rest),
                    _ => self.merge_type(rk, mk)?,
                };
                TypeRef::Map {
                    key: Box::new(key),
                    value: Box::new(self.merge_type(rv, mv)?),
                }
            }
            (TypeRef::Named { name: r }, TypeRef::Named { name: m }) => {
                let same_kind = match (self.rest.shapes.get(r), self.md.shapes.get(m)) {
                    (Some(a), Some(b)) => {
                        matches!(a.kind, ShapeKind::Enum { .. })
                            == matches!(b.kind, ShapeKind::Enum { .. })
                    }
                    _ => true,
                };
                if !same_kind {
                    return Err((
                        self.describe(rest, Side::Rest),
                        self.describe(md, Side::Markdown),
                    ));
                }
                self.rename(rest, Side::Rest)
            }
            (TypeRef::StreamingBlob, TypeRef::Blob) => TypeRef::StreamingBlob,
            (r, m) if r == m => r.clone(),
            (r, m) => {
                return Err((
                    self.describe(r, Side::Rest),
                    self.describe(m, Side::Markdown),
                ))
            }
        };
        Ok(merged)
    }

    pub(super) fn describe(&self, target: &TypeRef, side: Side) -> String {
        let shapes = match side {
            Side::Rest => &self.rest.shapes,
            Side::Markdown => &self.md.shapes,
        };
        match target {
            TypeRef::Named { name } => match shapes.get(name).map(|s| &s.kind) {
                Some(ShapeKind::Enum { .. }) => format!("enum `{name}`"),
                _ => format!("`{name}`"),
            },
            TypeRef::List { member } => format!("a list of {}", self.describe(member, side)),
            TypeRef::Map { value, .. } => format!("a map to {}", self.describe(value, side)),
            TypeRef::String => "a string".into(),
            TypeRef::Boolean => "a boolean".into(),
            TypeRef::Integer { .. } => "an integer".into(),
            TypeRef::Float { .. } => "a float".into(),
            TypeRef::Timestamp => "a timestamp".into(),
            TypeRef::Blob => "a blob".into(),
            TypeRef::StreamingBlob => "a streaming blob".into(),
            TypeRef::Document => "a document".into(),
            TypeRef::EventStream { name } => format!("an event stream of `{name}`"),
        }
    }
}

fn known(preferred: Width, fallback: Width) -> Width {
    if preferred == Width::Unknown {
        fallback
    } else {
        preferred
    }
}

fn width_of(target: &TypeRef) -> Option<Width> {
    match target {
        TypeRef::Integer { width } | TypeRef::Float { width } => Some(*width),
        TypeRef::List { member } => width_of(member),
        TypeRef::Map { value, .. } => width_of(value),
        _ => None,
    }
}

fn kind_word(kind: &ShapeKind) -> &'static str {
    match kind {
        ShapeKind::Structure { .. } => "a structure",
        ShapeKind::Union { .. } => "a union",
        ShapeKind::Error { .. } => "an error",
        ShapeKind::Enum { .. } => "an enum",
    }
}

fn required_word(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}
