//! HTTP bindings from the wire facts: `METHOD /uri` parsed into a binding, and the check
//! that no operation of a REST service is left unbound.

use toml::Spanned;

use super::{OperationFacts, Run, FILE};
use crate::diagnostics::Diagnostic;
use crate::ir::{HttpBinding, Service, UriTemplate};

/// Every operation of a service whose protocol is REST has an HTTP binding; one without
/// is an error at the operation's page.
pub fn check_bindings(service: &Service) -> Vec<Diagnostic> {
    let rest = service
        .metadata
        .wire_protocols()
        .first()
        .is_some_and(|p| p.is_rest());
    if !rest {
        return Vec::new();
    }
    service
        .operations
        .values()
        .filter(|op| op.http.is_none())
        .map(|op| {
            Diagnostic::error(
                "unbound-operation",
                &op.source.file,
                op.source.line,
                op.source.column,
                format!(
                    "`{}` of a {} service has no HTTP binding: neither a Markdown page nor {FILE} gives its method and URI",
                    op.name, service.metadata.protocol
                ),
            )
        })
        .collect()
}

impl Run<'_> {
    /// The binding of `METHOD /uri`, or an error at the fact.
    pub(super) fn binding(
        &mut self,
        http: &Spanned<String>,
        facts: &OperationFacts,
    ) -> Option<HttpBinding> {
        let parsed = http
            .get_ref()
            .split_once(' ')
            .map(|(method, uri)| (method, UriTemplate::parse(uri)));
        match parsed {
            Some((method, Ok(uri))) => Some(HttpBinding {
                method: method.to_owned(),
                uri,
                response_code: facts.code,
                host_prefix: facts.host_prefix.clone(),
            }),
            Some((_, Err(e))) => {
                self.error("wire-facts-invalid", http.span().start, e.to_string());
                None
            }
            None => {
                self.error(
                    "wire-facts-invalid",
                    http.span().start,
                    format!("`{}` is not `METHOD /uri`", http.get_ref()),
                );
                None
            }
        }
    }
}

/// Whether two bindings send alike (method, URI, success code).
pub(super) fn same_binding(a: &HttpBinding, b: &HttpBinding) -> bool {
    a.method == b.method
        && a.uri == b.uri
        && a.response_code.unwrap_or(200) == b.response_code.unwrap_or(200)
}
