//! Members whose entry has no `Type:` line. The published pages leave it out for most
//! URI, header and status members; what the other lines say is all there is.
//!
//! Nothing is guessed silently: a value range or the status code makes a number whose
//! width no line states ([`Width::Unknown`], emitted as 64 bits), and an entry that
//! says nothing at all is read as a string. Both are reported by
//! [`MarkdownModel::untyped_diagnostics`] when the Markdown pages are the only source;
//! merged with reST, the reST type is taken instead and only a width neither source
//! states is reported.

use crate::diagnostics::Diagnostic;
use crate::ir::{Member, TypeRef, Width};
use crate::parse::markdown::{Entry, Placement};

use super::MarkdownModel;

/// How a member whose entry has no `Type:` line was typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Untyped {
    /// Its other lines say what it is: a length, pattern or valid values (a string),
    /// a binary-data section (a blob).
    Implied,
    /// A value range or the status code says number; no line states its width.
    Number,
    /// Nothing says what it is: read as a string.
    Guessed,
    /// A body member, which should have had a `Type:` line: read as a string and
    /// already reported (`missing-type`).
    Unreadable,
}

/// The type of an entry without a `Type:` line, and how sure it is. `status` is true for
/// the member bound to the response's status code.
pub fn untyped_target(entry: &Entry, status: bool) -> (TypeRef, Untyped) {
    let c = &entry.constraints;
    if status || c.min_value.is_some() || c.max_value.is_some() {
        let decimal = [&c.min_value, &c.max_value]
            .iter()
            .any(|bound| bound.as_deref().is_some_and(|b| b.contains('.')));
        let target = if decimal {
            TypeRef::Float {
                width: Width::Unknown,
            }
        } else {
            TypeRef::Integer {
                width: Width::Unknown,
            }
        };
        return (target, Untyped::Number);
    }
    match entry.placement {
        Placement::Payload => (TypeRef::Blob, Untyped::Implied),
        Placement::Body => (TypeRef::String, Untyped::Unreadable),
        Placement::Uri | Placement::Header => {
            let stated = !entry.valid_values.is_empty()
                || c.min_length.is_some()
                || c.max_length.is_some()
                || c.pattern.is_some();
            let how = if stated {
                Untyped::Implied
            } else {
                Untyped::Guessed
            };
            (TypeRef::String, how)
        }
    }
}

/// The warning for a member read without a `Type:` line, if it needs one.
pub fn untyped_warning(owner: &str, member: &Member, how: Untyped) -> Option<Diagnostic> {
    let (kind, message) = match how {
        Untyped::Number => (
            "unknown-width",
            format!(
                "`{}` of `{owner}` has no `Type:` line: a number of unknown width, emitted as 64 bits",
                member.name
            ),
        ),
        Untyped::Guessed => (
            "untyped-member",
            format!(
                "`{}` of `{owner}` has no `Type:` line and nothing else says what it is; read as a string",
                member.name
            ),
        ),
        Untyped::Implied | Untyped::Unreadable => return None,
    };
    let at = &member.source;
    Some(Diagnostic::warning(
        kind,
        at.file.as_str(),
        at.line,
        at.column,
        message,
    ))
}

impl MarkdownModel {
    /// Warnings for the members typed without a `Type:` line, when the Markdown pages
    /// are the only source: a number of unknown width, a member read as a string.
    pub fn untyped_diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for ((shape, name), how) in &self.untyped {
            let member = self
                .service
                .shapes
                .get(shape)
                .and_then(|s| s.kind.members().iter().find(|m| m.name == *name));
            if let Some(warning) = member.and_then(|m| untyped_warning(shape, m, *how)) {
                out.push(warning);
            }
        }
        out
    }
}
