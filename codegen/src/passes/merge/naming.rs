//! Naming: which reST and Markdown shapes become one, and the name each shape keeps.

use std::collections::BTreeSet;

use super::Merger;
use crate::diagnostics::Diagnostic;
use crate::ir::{Naming, Shape, ShapeKind, SourceLoc, TypeRef};

impl Merger<'_> {
    pub(super) fn name_all(&mut self) {
        let mut taken: BTreeSet<String> = BTreeSet::new();
        // Documented Markdown names first, in reST name order.
        let mut later: Vec<String> = Vec::new();
        for r in self.rest.shapes.keys() {
            match self.pairs.get(r) {
                Some(m) if self.md_first.get(m) != Some(r) => {
                    if self.same_members(r, self.md_first.get(m).map_or("", String::as_str)) {
                        continue; // an alias: resolved below
                    }
                    later.push(r.clone());
                    let (md_shape, rest_shape) = (&self.md.shapes[m], &self.rest.shapes[r]);
                    let message = format!(
                        "Markdown shape `{m}` matches reST shapes `{}` and `{r}`, whose members differ; `{r}` keeps its own name",
                        self.md_first.get(m).map_or("", String::as_str)
                    );
                    self.conflict(
                        "merge-split-shape",
                        &md_shape.source,
                        &rest_shape.source,
                        message,
                    );
                }
                Some(m) if self.md.shapes[m].naming == Naming::Documented => {
                    if r != m {
                        self.summary.renamed.insert(r.clone(), m.clone());
                    }
                    self.rest_final.insert(r.clone(), m.clone());
                    taken.insert(m.clone());
                }
                _ => later.push(r.clone()),
            }
        }
        for r in later {
            let name = self.fresh(&r, &taken, "reST", &self.rest.shapes[&r].source.clone());
            taken.insert(name.clone());
            self.rest_final.insert(r, name);
        }
        // Aliases take the name of the shape they fold into.
        for (r, m) in &self.pairs {
            if let Some(first) = self.md_first.get(m) {
                if first != r && !self.rest_final.contains_key(r) {
                    if let Some(name) = self.rest_final.get(first).cloned() {
                        self.rest_final.insert(r.clone(), name);
                    }
                }
            }
        }
        for (m, r) in &self.md_first {
            if let Some(name) = self.rest_final.get(r) {
                self.md_final.insert(m.clone(), name.clone());
            }
        }
        // Markdown shapes reached from what only Markdown documents are imported.
        for m in self.imports() {
            let name = self.fresh(&m, &taken, "Markdown", &self.md.shapes[&m].source.clone());
            taken.insert(name.clone());
            self.md_final.insert(m, name);
        }
    }

    /// `base` if free, else the first free `base2`, `base3`..., reported.
    pub(super) fn fresh(
        &mut self,
        base: &str,
        taken: &BTreeSet<String>,
        side: &str,
        at: &SourceLoc,
    ) -> String {
        if !taken.contains(base) {
            return base.to_string();
        }
        let mut n = 2u32;
        let name = loop {
            let candidate = format!("{base}{n}");
            if !taken.contains(&candidate) && !self.rest.shapes.contains_key(&candidate) {
                break candidate;
            }
            n += 1;
        };
        self.diagnostics.push(Diagnostic::warning(
            "merge-name-collision",
            at.file.as_str(),
            at.line,
            at.column,
            format!(
                "{side} shape `{base}` gives its name to a documented shape and becomes `{name}`"
            ),
        ));
        name
    }

    /// True when two reST shapes have the same kind and member names and types.
    pub(super) fn same_members(&self, a: &str, b: &str) -> bool {
        let (Some(a), Some(b)) = (self.rest.shapes.get(a), self.rest.shapes.get(b)) else {
            return false;
        };
        let outline = |shape: &Shape| -> (
            std::mem::Discriminant<ShapeKind>,
            Vec<(String, TypeRef)>,
            Vec<String>,
        ) {
            let values = match &shape.kind {
                ShapeKind::Enum { values } => values.clone(),
                _ => Vec::new(),
            };
            let members = shape
                .kind
                .members()
                .iter()
                .map(|m| (m.name.clone(), m.target.clone()))
                .collect();
            (std::mem::discriminant(&shape.kind), members, values)
        };
        outline(a) == outline(b)
    }

    /// Markdown shapes to import: unpaired shapes reached from Markdown-only operations,
    /// from Markdown-only members of paired shapes, and unpaired documented pages.
    pub(super) fn imports(&self) -> BTreeSet<String> {
        let mut seeds: Vec<String> = Vec::new();
        for (name, op) in &self.md.operations {
            if !self.rest.operations.contains_key(name) {
                seeds.push(op.input.clone());
                seeds.push(op.output.clone());
                seeds.extend(op.errors.iter().cloned());
            }
        }
        for (m, r) in &self.md_first {
            let (Some(md_shape), Some(rest_shape)) =
                (self.md.shapes.get(m), self.rest.shapes.get(r))
            else {
                continue;
            };
            for member in md_shape.kind.members() {
                if !rest_shape
                    .kind
                    .members()
                    .iter()
                    .any(|x| x.name == member.name)
                {
                    named_refs(&member.target, &mut seeds);
                }
            }
        }
        for (name, shape) in &self.md.shapes {
            if shape.naming == Naming::Documented && !self.undocumented.contains(name) {
                seeds.push(name.clone());
            }
        }
        let mut out = BTreeSet::new();
        while let Some(m) = seeds.pop() {
            if self.md_final.contains_key(&m)
                || !self.md.shapes.contains_key(&m)
                || !out.insert(m.clone())
            {
                continue;
            }
            for member in self.md.shapes[&m].kind.members() {
                named_refs(&member.target, &mut seeds);
            }
        }
        out
    }
}

pub(super) fn named_refs(target: &TypeRef, out: &mut Vec<String>) {
    match target {
        TypeRef::Named { name } | TypeRef::EventStream { name } => out.push(name.clone()),
        TypeRef::List { member } => named_refs(member, out),
        TypeRef::Map { key, value } => {
            named_refs(key, out);
            named_refs(value, out);
        }
        _ => {}
    }
}
