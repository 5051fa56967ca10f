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
//! Members pair by name, except a URI label the Markdown pages name apart from the
//! member boto3 prints (`{ARN}` for `Resource`): it is matched by the docs' text, then by
//! the required reST members left unmatched, in request-line order, else reported.
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
//! 6. A Markdown member without a `Type:` line states no type: the reST type is taken
//!    without a conflict. A number whose width neither source states is reported.
//!
//! Every warning is a [`Diagnostic`] at the Markdown place, naming the reST place in its
//! message.

mod build;
mod labels;
mod markdown_model;
mod naming;
mod shapes;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

use serde::Serialize;

pub use markdown_model::untyped::Untyped;
pub use markdown_model::{service_from_markdown, MarkdownModel};

use crate::diagnostics::Diagnostic;
use crate::ir::{Metadata, Naming, Service, SourceLoc, TypeRef};
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
        diagnostics.extend(model.untyped_diagnostics());
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
        untyped: &markdown.untyped,
        label_inputs: label_inputs(&markdown.service),
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
    /// Markdown members without a `Type:` line: the reST type is taken for them.
    untyped: &'a BTreeMap<(String, String), Untyped>,
    /// Markdown input shapes of REST operations: the operation and its URI template.
    label_inputs: BTreeMap<String, (String, String)>,
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
}

/// Which model a shape name belongs to.
#[derive(Clone, Copy)]
enum Side {
    Rest,
    Markdown,
}

/// The Markdown input shape of each REST operation, with the operation and its URI.
fn label_inputs(md: &Service) -> BTreeMap<String, (String, String)> {
    md.operations
        .values()
        .filter_map(|op| {
            let http = op.http.as_ref()?;
            Some((op.input.clone(), (op.name.clone(), http.uri.to_string())))
        })
        .collect()
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
