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
    /// 1-based line; a problem with a whole page is at its start, 1:1 (0 only for
    /// what is in no one file).
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

/// A page's text, or an error diagnostic (`not-utf8`) at its first byte that is not
/// UTF-8: the line and column count the lines and characters before that byte.
pub fn page_text(file: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|error| {
        let bytes = error.as_bytes();
        let bad = error.utf8_error().valid_up_to();
        let before = &bytes[..bad];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |at| at + 1);
        // Everything before `bad` is valid UTF-8.
        let column = std::str::from_utf8(&before[line_start..]).map_or(0, |t| t.chars().count());
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        Diagnostic::error(
            "not-utf8",
            file,
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column + 1).unwrap_or(u32::MAX),
            format!(
                "expected UTF-8 text, found the byte 0x{:02X}",
                bytes.get(bad).copied().unwrap_or_default()
            ),
        )
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_bad_byte_is_placed_by_line_and_character() {
        assert_eq!(
            page_text("p.rst", b"fine\n".to_vec()),
            Ok("fine\n".to_owned())
        );
        let bad = page_text("p.rst", b"one\nt\xc3\xa9\xc3\xa9 \xff rest\n\xfe".to_vec());
        let Err(bad) = bad else { panic!("{bad:?}") };
        assert_eq!(
            bad.to_string(),
            "p.rst:2:5: error[not-utf8]: expected UTF-8 text, found the byte 0xFF"
        );
        let Err(first) = page_text("p.rst", vec![0x80]) else {
            panic!("not UTF-8")
        };
        assert_eq!((first.line, first.column), (1, 1));
    }
}
