//! Diagnostics: everything a parser or pass did not understand, with its place.
//!
//! Parsers never panic and never drop input silently: what they cannot read becomes a
//! [`Diagnostic`] naming the file, line and column and what was expected.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Something was skipped or guessed; output is still produced.
    Warning,
    /// The input is unusable; generation for this service fails.
    Error,
}

/// One finding about the input.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// A stable kebab-case code naming the kind of problem (`unknown-directive`).
    pub kind: &'static str,
    /// The file, as given to the parser.
    pub file: PathBuf,
    /// 1-based line (0 when the problem is about the whole file).
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub column: u32,
    /// What was found and what was expected.
    pub message: String,
}

impl Diagnostic {
    /// A warning at `file:line:column`.
    pub fn warning(
        kind: &'static str,
        file: impl Into<PathBuf>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            kind,
            file: file.into(),
            line,
            column,
            message: message.into(),
        }
    }

    /// An error at `file:line:column`.
    pub fn error(
        kind: &'static str,
        file: impl Into<PathBuf>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Error,
            ..Self::warning(kind, file, line, column, message)
        }
    }
}

/// The first characters of `text`, to quote in a message: a hostile page can hold lines
/// of megabytes.
pub fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

impl fmt::Display for Diagnostic {
    /// `file:line:column: warning[kind]: message`, the layout compilers use.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.file.display(),
            self.line,
            self.column,
            severity,
            self.kind,
            self.message
        )
    }
}
