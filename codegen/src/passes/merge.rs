//! Merges the Markdown API Reference into the model read from the boto3 reST pages, and
//! builds a model from Markdown pages alone ([`service_from_markdown`]).
//!
//! # Layout
//!
//! A service folder may hold a `markdown/` folder of `API_*.md` pages next to the
//! reST pages; a folder with only `service.toml` and `markdown/` is a service described
//! in Markdown alone.
//!
//! # Matching
//!
//! Operations match by name. Shapes match by *position*: the reST names are derived
//! from members (`Cpu`), the Markdown ones are real (`CPU`), so a name says nothing.
//! Starting from each operation's input and output, the two member trees are walked
//! together: members pair by wire name, and where both sides reach a named shape
//! (through lists and maps too) those two shapes are the same shape. Errors pair by
//! name (both sources spell exception names out), and a Markdown data type page that
//! no walk reaches pairs with the reST shape of the same name, if there is one.
//!
//! # The rule
//!
//! 1. A fact only one source states comes from that source. Markdown states shape
//!    names, numeric widths (`Long`, `Double`), constraints, required flags of response
//!    members, HTTP status codes of errors, HTTP bindings and member locations. The reST
//!    pages state boto3 method names, paginators, waiters, Python examples and syntax
//!    samples; docs and deprecations come from reST, else from Markdown.
//! 2. A name spelled out by a source (`Documented`) beats a derived one, and a name
//!    from Markdown beats one from reST: names are what the Markdown pages are for.
//! 3. When both sources state a fact and disagree (a member's type, a shape's kind, an
//!    input member's required flag), a warning names both places and **reST wins**:
//!    its pages are pinned to one botocore release (`boto3.pin`), the Markdown pages
//!    carry no version.
//! 4. Something present in one source only (a member, an enum value, an error of an
//!    operation, an operation) is **kept** and reported: dropping a documented member
//!    loses data, while an extra optional member or enum value costs nothing on the
//!    wire. Enum values keep the reST order, Markdown-only values follow.
//! 5. Two reST shapes that Markdown says are one shape become one when their members
//!    agree; otherwise both stay, reported. A shape that must give up its name to a
//!    documented one takes the first free `<Name>2`, `<Name>3`..., reported.
//!
//! Every warning is a [`Diagnostic`] at the Markdown place, naming the reST place in its
//! message.

mod markdown_model;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

use serde::Serialize;

pub use markdown_model::{service_from_markdown, MarkdownModel};

use crate::diagnostics::Diagnostic;
use crate::ir::{
    Member, Metadata, Naming, Operation, Service, Shape, ShapeKind, SourceLoc, TypeRef, Width,
};
use crate::parse::markdown::{read_pages, MarkdownError};

/// The merged model and what the merge found.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    /// The merged model.
    pub service: Service,
    /// Conflicts and one-sided facts, as warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// What Markdown added.
    pub summary: MergeSummary,
}

/// Counts and names of the facts the Markdown pages added to the reST model.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MergeSummary {
    /// Shapes renamed to their documented names: reST name to Markdown name.
    pub renamed: BTreeMap<String, String>,
    /// Members whose numeric width Markdown stated.
    pub widths: usize,
    /// Members that gained constraints.
    pub constraints: usize,
    /// Members that became required.
    pub required: usize,
    /// Errors that gained an HTTP status code.
    pub statuses: usize,
    /// Operations that gained an HTTP binding.
    pub http_bindings: usize,
    /// Members, enum values, errors and operations only Markdown documents.
    pub markdown_only: usize,
    /// Markdown shapes matched to a reST shape, by their Markdown name.
    pub matched: BTreeSet<String>,
}

/// The folder of a service folder that holds its Markdown pages.
pub const MARKDOWN_DIR: &str = "markdown";

/// True when service folder `dir` has a `markdown/` folder.
pub fn has_markdown(dir: &Path) -> bool {
    dir.join(MARKDOWN_DIR).is_dir()
}

/// Reads the `markdown/` pages of service folder `dir` and merges them into `rest`, the
/// model from the reST pages; with no reST model, builds the service from the Markdown
/// pages alone, named `name` with `metadata`. Diagnostics name files relative to `dir`
/// (`markdown/API_CPU.md`). Err only when the folder cannot be read.
pub fn with_markdown(
    dir: &Path,
    name: &str,
    metadata: Metadata,
    rest: Option<Service>,
) -> Result<(Service, Vec<Diagnostic>), MarkdownError> {
    let (pages, mut diagnostics) = read_pages(&dir.join(MARKDOWN_DIR), MARKDOWN_DIR)?;
    let metadata = rest.as_ref().map_or(metadata, |s| s.metadata.clone());
    let (model, found) = service_from_markdown(name, metadata, &pages);
    diagnostics.extend(found);
    let Some(rest) = rest else {
        return Ok((model.service, diagnostics));
    };
    let merged = merge(rest, &model);
    // A linked shape without a page is no gap when the reST pages give its members.
    diagnostics.retain(|d| {
        d.kind != "missing-type-page"
            || !merged
                .summary
                .matched
                .iter()
                .any(|name| d.message.starts_with(&format!("`{name}`")))
    });
    diagnostics.extend(merged.diagnostics);
    Ok((merged.service, diagnostics))
}

/// Merges the Markdown model into the reST model by the rule in the module docs.
pub fn merge(rest: Service, markdown: &MarkdownModel) -> Merged {
    let mut merger = Merger {
        rest: &rest,
        md: &markdown.service,
        undocumented: &markdown.undocumented,
        pairs: BTreeMap::new(),
        md_first: BTreeMap::new(),
        input_side: BTreeSet::new(),
        visited: BTreeSet::new(),
        diagnostics: Vec::new(),
        summary: MergeSummary::default(),
        rest_final: BTreeMap::new(),
        md_final: BTreeMap::new(),
    };
    merger.pair_all();
    merger.summary.matched = merger.md_first.keys().cloned().collect();
    merger.name_all();
    let service = merger.build();
    Merged {
        service,
        diagnostics: merger.diagnostics,
        summary: merger.summary,
    }
}

struct Merger<'a> {
    rest: &'a Service,
    md: &'a Service,
    undocumented: &'a BTreeSet<String>,
    /// reST shape to the Markdown shape at the same position (first found).
    pairs: BTreeMap<String, String>,
    /// Markdown shape to the first reST shape paired with it.
    md_first: BTreeMap<String, String>,
    /// reST shapes reached from an operation input.
    input_side: BTreeSet<String>,
    visited: BTreeSet<(String, String, bool)>,
    diagnostics: Vec<Diagnostic>,
    summary: MergeSummary,
    /// Final names of reST shapes (absent: dropped as an alias of another).
    rest_final: BTreeMap<String, String>,
    /// Final names of Markdown shapes that are paired or imported.
    md_final: BTreeMap<String, String>,
}

fn loc_text(at: &SourceLoc) -> String {
    format!("{}:{}:{}", at.file, at.line, at.column)
}

impl Merger<'_> {
    /// A warning at the Markdown place `md`, naming the reST place `rest`.
    fn conflict(&mut self, kind: &'static str, md: &SourceLoc, rest: &SourceLoc, message: String) {
        self.diagnostics.push(Diagnostic::warning(
            kind,
            md.file.as_str(),
            md.line,
            md.column,
            format!("{message} (reST: {})", loc_text(rest)),
        ));
    }

    // ---- pairing -------------------------------------------------------------------

    fn pair_all(&mut self) {
        let mut queue = VecDeque::new();
        for (name, rest_op) in &self.rest.operations {
            let Some(md_op) = self.md.operations.get(name) else {
                continue;
            };
            queue.push_back((rest_op.input.clone(), md_op.input.clone(), true));
            queue.push_back((rest_op.output.clone(), md_op.output.clone(), false));
        }
        self.walk(&mut queue);
        // Errors and pages no walk reached pair by name.
        for (name, md_shape) in &self.md.shapes {
            let by_name = md_shape.naming == Naming::Documented
                && !self.md_first.contains_key(name)
                && self.rest.shapes.contains_key(name)
                && !self.pairs.contains_key(name);
            if by_name {
                queue.push_back((name.clone(), name.clone(), false));
            }
        }
        self.walk(&mut queue);
    }

    fn walk(&mut self, queue: &mut VecDeque<(String, String, bool)>) {
        while let Some((r, m, input)) = queue.pop_front() {
            if !self.visited.insert((r.clone(), m.clone(), input)) {
                continue;
            }
            let (Some(rest_shape), Some(md_shape)) =
                (self.rest.shapes.get(&r), self.md.shapes.get(&m))
            else {
                continue;
            };
            match self.pairs.get(&r) {
                Some(seen) if *seen != m => {
                    let message = format!(
                        "reST shape `{r}` sits where Markdown has both `{seen}` and `{m}`; `{seen}` is kept"
                    );
                    self.conflict(
                        "merge-ambiguous-shape",
                        &md_shape.source,
                        &rest_shape.source,
                        message,
                    );
                    continue;
                }
                Some(_) => {}
                None => {
                    self.pairs.insert(r.clone(), m.clone());
                    self.md_first.entry(m.clone()).or_insert_with(|| r.clone());
                }
            }
            if input {
                self.input_side.insert(r.clone());
            }
            if self.undocumented.contains(&m) {
                continue;
            }
            for rest_member in rest_shape.kind.members() {
                let md_member = md_shape
                    .kind
                    .members()
                    .iter()
                    .find(|x| x.name == rest_member.name);
                if let Some(md_member) = md_member {
                    pair_types(&rest_member.target, &md_member.target, input, queue);
                }
            }
        }
    }

    // ---- naming --------------------------------------------------------------------

    fn name_all(&mut self) {
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
    fn fresh(
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
    fn same_members(&self, a: &str, b: &str) -> bool {
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
    fn imports(&self) -> BTreeSet<String> {
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

    // ---- building ------------------------------------------------------------------

    fn build(&mut self) -> Service {
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

    fn final_name(&self, name: &str, side: Side) -> String {
        let map = match side {
            Side::Rest => &self.rest_final,
            Side::Markdown => &self.md_final,
        };
        map.get(name).cloned().unwrap_or_else(|| name.to_string())
    }

    fn rename(&self, target: &TypeRef, side: Side) -> TypeRef {
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

    fn rename_members(&self, kind: &mut ShapeKind, side: Side) {
        if let ShapeKind::Structure { members }
        | ShapeKind::Union { members }
        | ShapeKind::Error { members, .. } = kind
        {
            for member in members {
                member.target = self.rename(&member.target, side);
            }
        }
    }

    fn rest_only(&self, shape: &Shape) -> Shape {
        let mut shape = shape.clone();
        self.rename_members(&mut shape.kind, Side::Rest);
        shape
    }

    fn rename_operation(&self, op: &Operation, side: Side) -> Operation {
        Operation {
            input: self.final_name(&op.input, side),
            output: self.final_name(&op.output, side),
            errors: op.errors.iter().map(|e| self.final_name(e, side)).collect(),
            ..op.clone()
        }
    }

    fn merge_operation(&mut self, rest: &Operation, md: &Operation) -> Operation {
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

    fn merge_shape(&mut self, rest: &Shape, md: &Shape, input: bool) -> Shape {
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
                },
                ShapeKind::Error {
                    members: m,
                    http_status: ms,
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
        }
    }

    fn merge_members(
        &mut self,
        rest_shape: &Shape,
        rest: &[Member],
        md_shape: &Shape,
        md: &[Member],
        input: bool,
    ) -> Vec<Member> {
        let mut out = Vec::new();
        for r in rest {
            match md.iter().find(|m| m.name == r.name) {
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
            if rest.iter().any(|r| r.name == m.name) {
                continue;
            }
            self.summary.markdown_only += 1;
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

    fn merge_member(&mut self, rest: &Member, md: &Member, input: bool, owner: &str) -> Member {
        let target = match self.merge_type(&rest.target, &md.target) {
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
            source: rest.source.clone(),
        }
    }

    /// The merged type, or both sides described when they disagree.
    fn merge_type(&self, rest: &TypeRef, md: &TypeRef) -> Result<TypeRef, (String, String)> {
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

    fn describe(&self, target: &TypeRef, side: Side) -> String {
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

/// Which model a shape name belongs to.
#[derive(Clone, Copy)]
enum Side {
    Rest,
    Markdown,
}

fn pair_types(
    rest: &TypeRef,
    md: &TypeRef,
    input: bool,
    queue: &mut VecDeque<(String, String, bool)>,
) {
    match (rest, md) {
        (TypeRef::List { member: r }, TypeRef::List { member: m }) => {
            pair_types(r, m, input, queue)
        }
        (TypeRef::Map { key: rk, value: rv }, TypeRef::Map { key: mk, value: mv }) => {
            pair_types(rk, mk, input, queue);
            pair_types(rv, mv, input, queue);
        }
        (
            TypeRef::Named { name: r } | TypeRef::EventStream { name: r },
            TypeRef::Named { name: m },
        ) => {
            queue.push_back((r.clone(), m.clone(), input));
        }
        _ => {}
    }
}

fn named_refs(target: &TypeRef, out: &mut Vec<String>) {
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
