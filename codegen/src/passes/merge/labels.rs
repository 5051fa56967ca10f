//! URI labels the Markdown pages name apart from the member boto3 prints.
//!
//! The Markdown pages name a URI parameter after its label (`POST /tags/ARN`, ` ** ARN
//! ** `), boto3 after the member (`Resource`): paired by name they would become two
//! members, one in the URI and one in the body. A Markdown member bound to a label
//! that no reST member is named after is matched instead to a reST member no Markdown
//! member is named after and which is required (labels always are), by, in order:
//!
//! 1. the docs' text: the reST docs are the Markdown docs, or name the label as a word
//!    ("The function's Amazon Resource Name (ARN).");
//! 2. what is left: as many labels as required reST members remain, paired in the
//!    order of the labels in the request line and of the members on the reST page.
//!
//! Each match is reported (`merge-label-member`) and makes one member: the reST name,
//! bound to the label. When what is left does not pair up, each label left is a
//! conflict (`merge-label-conflict`): the reST members are kept and the label member is
//! dropped, never kept beside them.

use std::collections::BTreeMap;

use super::Merger;
use crate::diagnostics::Diagnostic;
use crate::ir::{Location, Member, Shape, TypeRef};

/// What became of a Markdown label member with no reST namesake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum LabelMatch {
    /// It is this reST member.
    Member(String),
    /// No single reST member: dropped, reported.
    Conflict,
}

impl Merger<'_> {
    /// Matches the label members of `md_shape`, a Markdown operation input, to the reST
    /// members `rest`, by the rule in the module docs. Keys are Markdown member names.
    pub(super) fn match_labels(
        &mut self,
        md_shape: &Shape,
        rest: &[Member],
    ) -> BTreeMap<String, LabelMatch> {
        let mut out = BTreeMap::new();
        let Some((op, uri)) = self.label_inputs.get(&md_shape.name).cloned() else {
            return out;
        };
        let md = md_shape.kind.members();
        let mut labels: Vec<(&Member, &str)> = md
            .iter()
            .filter_map(|m| match &m.location {
                Location::Label(label) | Location::GreedyLabel(label)
                    if !rest.iter().any(|r| r.name == m.name) =>
                {
                    Some((m, label.as_str()))
                }
                _ => None,
            })
            .collect();
        if labels.is_empty() {
            return out;
        }
        labels.sort_by_key(|(_, label)| label_position(&uri, label));
        let mut candidates: Vec<&Member> = rest
            .iter()
            .filter(|r| r.required && scalar(&r.target) && !md.iter().any(|m| m.name == r.name))
            .collect();
        if candidates.is_empty() {
            return out; // Markdown-only members, reported as such.
        }
        let mut left: Vec<(&Member, &str)> = Vec::new();
        for (m, label) in labels {
            let by_docs: Vec<usize> = (0..candidates.len())
                .filter(|&i| {
                    same_text(&candidates[i].docs, &m.docs) || names(&candidates[i].docs, label)
                })
                .collect();
            if let [only] = by_docs[..] {
                let r = candidates.remove(only);
                self.label_member(&op, m, label, r, "its reST docs name the label");
                out.insert(m.name.clone(), LabelMatch::Member(r.name.clone()));
            } else {
                left.push((m, label));
            }
        }
        if left.len() == candidates.len() {
            let why = if left.len() == 1 {
                "the one required reST member left"
            } else {
                "the order of the labels in the request line"
            };
            for ((m, label), r) in left.into_iter().zip(candidates) {
                self.label_member(&op, m, label, r, why);
                out.insert(m.name.clone(), LabelMatch::Member(r.name.clone()));
            }
            return out;
        }
        let names: Vec<String> = candidates.iter().map(|r| format!("`{}`", r.name)).collect();
        let labels_left = left.len();
        for (m, label) in left {
            let message = format!(
                "URI label `{label}` of `{op}` matches no single reST member: {labels_left} label(s) left for {} required reST member(s) ({}); the reST members are kept and the label stays unbound",
                candidates.len(),
                names.join(", ")
            );
            self.label_warning("merge-label-conflict", m, message);
            out.insert(m.name.clone(), LabelMatch::Conflict);
        }
        out
    }

    fn label_member(&mut self, op: &str, md: &Member, label: &str, rest: &Member, why: &str) {
        let message = format!(
            "URI label `{label}` of `{op}` is reST member `{}` ({why}); merged as one member bound to the label",
            rest.name
        );
        self.label_warning("merge-label-member", md, message);
    }

    fn label_warning(&mut self, kind: &'static str, md: &Member, message: String) {
        let at = &md.source;
        self.diagnostics.push(Diagnostic::warning(
            kind,
            at.file.as_str(),
            at.line,
            at.column,
            message,
        ));
    }
}

/// Where `{label}` (or `{label+}`) sits in `uri`; labels not found sort last.
fn label_position(uri: &str, label: &str) -> usize {
    [format!("{{{label}}}"), format!("{{{label}+}}")]
        .iter()
        .filter_map(|needle| uri.find(needle.as_str()))
        .min()
        .unwrap_or(usize::MAX)
}

/// Types a URI label can carry.
fn scalar(target: &TypeRef) -> bool {
    !matches!(
        target,
        TypeRef::List { .. }
            | TypeRef::Map { .. }
            | TypeRef::Document
            | TypeRef::EventStream { .. }
    )
}

/// The words of a text, for comparing docs across the two sources' markup.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn same_text(a: &str, b: &str) -> bool {
    let a = words(a);
    !a.is_empty() && a == words(b)
}

/// True when `docs` has `label` as a word, in its own case: `ARN` in "... Name (ARN)".
fn names(docs: &str, label: &str) -> bool {
    docs.split(|c: char| !c.is_alphanumeric())
        .any(|word| word == label)
}
