//! Where members travel in REST operations, read from the Request and Response Syntax,
//! and the status code of a successful response.

use super::Builder;
use crate::ir::{Location, UriSegment, UriTemplate};
use crate::parse::markdown::{Entry, OperationPage, Page, Placement, SyntaxBlock};

/// The response entry bound to the status code: the one a status line names instead of
/// a code (`HTTP/1.1 StatusCode`).
pub(super) fn status_member(op: &OperationPage) -> Option<&str> {
    let placeholder = op.response_syntax.as_ref()?.status_member.as_deref()?;
    op.response
        .iter()
        .find(|e| binds(placeholder, &e.name))
        .map(|e| e.name.as_str())
}

impl Builder {
    /// The success status: `HTTP/1.1 201` in the Response Syntax, else "sends back an
    /// HTTP 201 response"; a page that states two different ones is reported.
    pub(super) fn response_code(&mut self, page: &Page, op: &OperationPage) -> Option<u16> {
        let line = op.response_syntax.as_ref().and_then(|s| s.status_line);
        if let (Some(line), Some(said)) = (line, op.success_status) {
            if line != said {
                let at = op
                    .response_syntax
                    .as_ref()
                    .map_or(&page.source, |s| &s.source);
                self.warn(
                    "conflicting-status",
                    &at.clone(),
                    format!(
                        "the Response Syntax says status {line}, the Response Elements {said}; {line} is kept"
                    ),
                );
            }
        }
        line.or(op.success_status)
    }

    pub(super) fn request_location(
        &mut self,
        entry: &Entry,
        syntax: Option<&SyntaxBlock>,
    ) -> Location {
        match entry.placement {
            Placement::Body => return Location::Body,
            Placement::Payload => return Location::Payload,
            Placement::Header | Placement::Uri => {}
        }
        let name = entry.name.as_str();
        if let Some(syntax) = syntax {
            if let Some(line) = &syntax.request_line {
                if let Some(at) = path_label(&line.path, name) {
                    let greedy = line
                        .path
                        .split('/')
                        .nth(at)
                        .is_some_and(|s| s.ends_with("+}"));
                    return if greedy {
                        Location::GreedyLabel(name.to_string())
                    } else {
                        Location::Label(name.to_string())
                    };
                }
                if let Some((key, _)) = line
                    .query
                    .iter()
                    .find(|(_, value)| value.as_deref().is_some_and(|v| binds(v, name)))
                {
                    return Location::Query(key.clone());
                }
            }
            if let Some((header, _)) = syntax.headers.iter().find(|(_, v)| binds(v, name)) {
                return Location::Header(header.clone());
            }
        }
        self.warn(
            "unbound-parameter",
            &entry.source,
            format!("URI parameter `{name}` is not in the Request Syntax; read as query `{name}`"),
        );
        Location::Query(name.to_string())
    }

    pub(super) fn response_location(
        &mut self,
        entry: &Entry,
        syntax: Option<&SyntaxBlock>,
    ) -> Location {
        match entry.placement {
            Placement::Body | Placement::Uri => Location::Body,
            Placement::Payload => Location::Payload,
            Placement::Header => {
                let header = syntax
                    .and_then(|s| s.headers.iter().find(|(_, v)| binds(v, &entry.name)))
                    .map(|(header, _)| header.clone());
                header.map_or_else(
                    || {
                        self.warn(
                            "unbound-header",
                            &entry.source,
                            format!(
                                "header `{}` is not in the Response Syntax; header name taken as `{}`",
                                entry.name, entry.name
                            ),
                        );
                        Location::Header(entry.name.clone())
                    },
                    Location::Header,
                )
            }
        }
    }
}

/// `{Name}`, `{Name+}` or a bare `Name` segment of the path.
pub(super) fn path_label(path: &str, name: &str) -> Option<usize> {
    path.split('/').position(|segment| binds(segment, name))
}

/// A placeholder that stands for member `name`: `Name`, `{Name}`, `{Name+}`.
pub(super) fn binds(placeholder: &str, name: &str) -> bool {
    let inner = placeholder
        .trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .trim_end_matches('+');
    inner == name
}

/// The path with URI parameters as `{Label}` and the query literals that bind no member;
/// a path whose braces do not parse is kept as one literal.
pub(super) fn uri_template(
    line: &crate::parse::markdown::RequestLine,
    request: &[Entry],
) -> UriTemplate {
    let text = uri_text(line, request);
    UriTemplate::parse(&text).unwrap_or_else(|_| UriTemplate {
        path: vec![UriSegment::Literal(text)],
        query: Vec::new(),
    })
}

fn uri_text(line: &crate::parse::markdown::RequestLine, request: &[Entry]) -> String {
    let uri_names: Vec<&str> = request
        .iter()
        .filter(|e| matches!(e.placement, Placement::Uri))
        .map(|e| e.name.as_str())
        .collect();
    let path: Vec<String> = line
        .path
        .split('/')
        .map(|segment| {
            let greedy = segment.ends_with("+}");
            match uri_names.iter().find(|name| binds(segment, name)) {
                Some(name) if greedy => format!("{{{name}+}}"),
                Some(name) => format!("{{{name}}}"),
                None => segment.to_string(),
            }
        })
        .collect();
    let literals: Vec<String> = line
        .query
        .iter()
        .filter(|(_, value)| {
            !value
                .as_deref()
                .is_some_and(|v| uri_names.iter().any(|name| binds(v, name)))
        })
        .map(|(key, value)| match value {
            Some(value) => format!("{key}={value}"),
            None => key.clone(),
        })
        .collect();
    let mut uri = path.join("/");
    if !literals.is_empty() {
        uri.push('?');
        uri.push_str(&literals.join("&"));
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn labels_bind_with_or_without_braces() {
        assert!(binds("{apiId}", "apiId"));
        assert!(binds("{Key+}", "Key"));
        assert!(binds("FunctionName", "FunctionName"));
        assert!(!binds("functions", "FunctionName"));
    }
}
