//! `[default_headers]`: headers every request carries unless it has one of that name.

use std::collections::BTreeMap;

use toml::Spanned;

use super::Run;

impl Run<'_> {
    /// The `[default_headers]` in the file's order; a name or value that could not go
    /// on the wire as written, or a name given twice, is an error at its value.
    pub(super) fn default_headers(
        &mut self,
        table: &BTreeMap<String, Spanned<toml::Value>>,
    ) -> Vec<(String, String)> {
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(_, value)| value.span().start);
        let mut out: Vec<(String, String)> = Vec::new();
        for (name, value) in entries {
            let at = value.span().start;
            let problem = match value.get_ref().as_str() {
                None => Some(format!(
                    "default header `{name}`: the value must be a string (what the header carries), not {}",
                    value.get_ref().type_str()
                )),
                Some(_) if !is_token(name) => Some(format!(
                    "default header {name:?} is not a header name (letters, digits and !#$%&'*+-.^_`|~)"
                )),
                Some(text) if !is_header_value(text) => Some(format!(
                    "{text:?} of default header `{name}` is not a header value (visible ASCII, inner spaces)"
                )),
                Some(_) if out.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) => Some(format!(
                    "default header `{name}` is given twice (names compare without case)"
                )),
                Some(text) => {
                    out.push((name.clone(), text.to_owned()));
                    None
                }
            };
            if let Some(problem) = problem {
                self.error("wire-facts-invalid", at, problem);
            }
        }
        out
    }
}

/// An HTTP field name (RFC 9110 `token`).
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A field value a request can carry as written: visible ASCII with inner spaces or tabs.
fn is_header_value(value: &str) -> bool {
    let edge = |b: u8| b.is_ascii_graphic();
    let bytes = value.as_bytes();
    bytes.first().is_some_and(|&b| edge(b))
        && bytes.last().is_some_and(|&b| edge(b))
        && bytes
            .iter()
            .all(|&b| b.is_ascii_graphic() || b == b' ' || b == b'\t')
}
