//! Building the merged service: shapes under their final names, operations merged.

use std::collections::BTreeMap;

use super::{Merger, Side};
use crate::diagnostics::Diagnostic;
use crate::ir::{Operation, Service, Shape, ShapeKind, TypeRef};

impl Merger<'_> {
    pub(super) fn build(&mut self) -> Service {
        let mut service = Service {
            shapes: BTreeMap::new(),
            operations: BTreeMap::new(),
            ..self.rest.clone()
        };
        if service.uid.is_none() {
            service.uid.clone_from(&self.md.uid);
            service.api_version.clone_from(&self.md.api_version);
        } else if self.md.uid.is_some() && self.md.uid != self.rest.uid {
            self.diagnostics.push(Diagnostic::warning(
                "merge-uid-conflict",
                "markdown",
                0,
                0,
                format!(
                    "Markdown pages name service {:?}, reST {:?}; reST is kept",
                    self.md.uid, self.rest.uid
                ),
            ));
        }
        if service.docs.is_empty() {
            service.docs.clone_from(&self.md.docs);
        }
        let rest_shapes: Vec<(String, Shape)> = self
            .rest
            .shapes
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (r, rest_shape) in rest_shapes {
            let Some(name) = self.rest_final.get(&r).cloned() else {
                continue;
            };
            if service.shapes.contains_key(&name) {
                continue; // an alias folded into an earlier shape
            }
            let shape = match self.pairs.get(&r).cloned() {
                Some(m) if !self.undocumented.contains(&m) && self.md_first.get(&m) == Some(&r) => {
                    let md_shape = self.md.shapes[&m].clone();
                    self.merge_shape(&rest_shape, &md_shape, self.input_side.contains(&r))
                }
                _ => self.rest_only(&rest_shape),
            };
            service.shapes.insert(name.clone(), Shape { name, ..shape });
        }
        let imports: Vec<(String, String)> = self
            .md_final
            .iter()
            .filter(|(m, _)| !self.md_first.contains_key(*m))
            .map(|(m, name)| (m.clone(), name.clone()))
            .collect();
        for (m, name) in imports {
            let mut shape = self.md.shapes[&m].clone();
            shape.name.clone_from(&name);
            self.rename_members(&mut shape.kind, Side::Markdown);
            service.shapes.insert(name, shape);
        }
        for (name, rest_op) in &self.rest.operations {
            let op = match self.md.operations.get(name) {
                Some(md_op) => self.merge_operation(rest_op, md_op),
                None => self.rename_operation(rest_op, Side::Rest),
            };
            service.operations.insert(name.clone(), op);
        }
        for (name, md_op) in &self.md.operations {
            if self.rest.operations.contains_key(name) {
                continue;
            }
            self.summary.markdown_only += 1;
            self.diagnostics.push(Diagnostic::warning(
                "merge-operation-missing",
                md_op.source.file.as_str(),
                md_op.source.line,
                md_op.source.column,
                format!("operation `{name}` is documented in Markdown only; it is kept"),
            ));
            let op = self.rename_operation(md_op, Side::Markdown);
            service.operations.insert(name.clone(), op);
        }
        service
    }

    pub(super) fn final_name(&self, name: &str, side: Side) -> String {
        let map = match side {
            Side::Rest => &self.rest_final,
            Side::Markdown => &self.md_final,
        };
        map.get(name).cloned().unwrap_or_else(|| name.to_string())
    }

    pub(super) fn rename(&self, target: &TypeRef, side: Side) -> TypeRef {
        match target {
            TypeRef::Named { name } => TypeRef::Named {
                name: self.final_name(name, side),
            },
            TypeRef::EventStream { name } => TypeRef::EventStream {
                name: self.final_name(name, side),
            },
            TypeRef::List { member } => TypeRef::List {
                member: Box::new(self.rename(member, side)),
            },
            TypeRef::Map { key, value } => TypeRef::Map {
                key: Box::new(self.rename(key, side)),
                value: Box::new(self.rename(value, side)),
            },
            other => other.clone(),
        }
    }

    pub(super) fn rename_members(&self, kind: &mut ShapeKind, side: Side) {
        if let ShapeKind::Structure { members }
        | ShapeKind::Union { members }
        | ShapeKind::Error { members, .. } = kind
        {
            for member in members {
                member.target = self.rename(&member.target, side);
            }
        }
    }

    pub(super) fn rest_only(&self, shape: &Shape) -> Shape {
        let mut shape = shape.clone();
        self.rename_members(&mut shape.kind, Side::Rest);
        shape
    }

    pub(super) fn rename_operation(&self, op: &Operation, side: Side) -> Operation {
        Operation {
            input: self.final_name(&op.input, side),
            output: self.final_name(&op.output, side),
            errors: op.errors.iter().map(|e| self.final_name(e, side)).collect(),
            ..op.clone()
        }
    }

    pub(super) fn merge_operation(&mut self, rest: &Operation, md: &Operation) -> Operation {
        let mut op = self.rename_operation(rest, Side::Rest);
        if op.docs.is_empty() {
            op.docs.clone_from(&md.docs);
        }
        if op.deprecated.is_none() {
            op.deprecated.clone_from(&md.deprecated);
        }
        if op.examples.is_empty() {
            op.examples.clone_from(&md.examples);
        }
        if op.syntax.request.is_none() && op.syntax.response.is_none() {
            op.syntax = md.syntax.clone();
        }
        if md.http.is_some() {
            self.summary.http_bindings += 1;
            op.http.clone_from(&md.http);
        }
        for error in &md.errors {
            let name = self.final_name(error, Side::Markdown);
            if !op.errors.contains(&name) {
                self.summary.markdown_only += 1;
                let message = format!(
                    "operation `{}` lists error `{error}` in Markdown only; it is kept",
                    md.name
                );
                self.conflict("merge-error-list", &md.source, &rest.source, message);
                op.errors.push(name);
            }
        }
        for error in &rest.errors {
            if !md
                .errors
                .iter()
                .any(|e| self.final_name(e, Side::Markdown) == self.final_name(error, Side::Rest))
            {
                let message = format!(
                    "operation `{}` lists error `{error}` in reST only; it is kept",
                    rest.name
                );
                self.conflict("merge-error-list", &md.source, &rest.source, message);
            }
        }
        op
    }
}
