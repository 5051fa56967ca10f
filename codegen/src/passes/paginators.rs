//! Paginators pass: infers each paginator's tokens by comparing its page with
//! the client page of the operation it pages.
//!
//! boto3 builds a paginator page from the operation's own docs, hiding what
//! the paginator drives itself and adding `PaginationConfig`:
//! - the input token(s) and the limit key are hidden from the request, so
//!   they are the client's input members missing from the paginator's
//!   request; the limit key is the missing integer member (`MaxResults`,
//!   `limit`, ...), present only when `PaginationConfig` offers `PageSize`;
//! - the output token(s) are hidden from the response: the client's output
//!   members missing from the paginator's response;
//! - the result keys are the lists and maps of the paginator's response.
//!
//! Tokens nested below the top level (`a.b`) cannot be seen this way.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::ir::{Paginator, Service};
use crate::parse::rst::{Lit, LitKind, MethodPage, Page, Param, ParamType, Returns};

/// A top-level member as the comparison needs it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Integer,
    Collection,
    Other,
}

/// Adds a paginator for each paginator page whose operation is documented.
pub fn add_paginators(
    service: &mut Service,
    pages: &[(String, Page)],
    operations: &BTreeMap<String, (&str, &MethodPage)>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (file, page) in pages {
        let Page::Paginator(paginator) = page else {
            continue;
        };
        let method = &paginator.method;
        let operation = method
            .api
            .as_ref()
            .map_or(paginator.name.as_str(), |api| api.operation.as_str());
        let Some((_, client)) = operations.get(operation) else {
            diagnostics.push(Diagnostic::warning(
                "unknown-paginator-operation",
                file,
                method.source.line,
                method.source.column,
                format!(
                    "paginator `{}` pages `{operation}`, which no client page documents",
                    paginator.name
                ),
            ));
            continue;
        };
        let inferred = infer(operation, client, method);
        if inferred.input_token.is_empty() || inferred.output_token.is_empty() {
            diagnostics.push(Diagnostic::warning(
                "paginator-tokens",
                file,
                method.source.line,
                method.source.column,
                format!(
                    "paginator `{}`: could not find {} token among the members its page hides",
                    paginator.name,
                    if inferred.input_token.is_empty() {
                        "an input"
                    } else {
                        "an output"
                    }
                ),
            ));
        }
        service.paginators.insert(
            operation.to_owned(),
            Paginator {
                source: method.source.clone(),
                ..inferred
            },
        );
    }
}

/// Compares the client method with the paginator's `paginate` method.
fn infer(operation: &str, client: &MethodPage, paginate: &MethodPage) -> Paginator {
    let client_in = inputs(client);
    let paginate_in = inputs(paginate);
    let has_page_size = match &paginate.request {
        Some(Lit {
            kind: LitKind::Structure(entries),
            ..
        }) => entries.iter().any(|e| {
            e.name == "PaginationConfig"
                && matches!(&e.value.kind, LitKind::Structure(c) if c.iter().any(|m| m.name == "PageSize"))
        }),
        _ => paginate
            .params
            .iter()
            .filter(|p| p.name.as_deref() == Some("PaginationConfig"))
            .any(|p| p.children.iter().any(|c| c.name.as_deref() == Some("PageSize"))),
    };
    let hidden: Vec<(String, Kind)> = client_in
        .into_iter()
        .filter(|(name, _)| !paginate_in.iter().any(|(n, _)| n == name))
        .collect();
    let limit_key = if has_page_size {
        let integers: Vec<&String> = hidden
            .iter()
            .filter(|(_, k)| *k == Kind::Integer)
            .map(|(n, _)| n)
            .collect();
        integers
            .iter()
            .find(|n| looks_like_limit(n))
            .or(integers.first())
            .map(|n| (*n).clone())
    } else {
        None
    };
    let input_token = hidden
        .iter()
        .filter(|(n, _)| Some(n) != limit_key.as_ref())
        .map(|(n, _)| n.clone())
        .collect();
    let client_out = outputs(client);
    let paginate_out = outputs(paginate);
    let output_token = client_out
        .iter()
        .filter(|(name, _)| !paginate_out.iter().any(|(n, _)| n == name))
        .map(|(n, _)| n.clone())
        .collect();
    let result_key = paginate_out
        .iter()
        .filter(|(name, kind)| {
            *kind == Kind::Collection && client_out.iter().any(|(n, _)| n == name)
        })
        .map(|(n, _)| n.clone())
        .collect();
    Paginator {
        operation: operation.to_owned(),
        input_token,
        output_token,
        limit_key,
        result_key,
        source: Default::default(),
    }
}

fn looks_like_limit(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["max", "limit", "pagesize", "size"]
        .iter()
        .any(|w| lower.contains(w))
}

/// Top-level request members (without `PaginationConfig` / `WaiterConfig`).
fn inputs(page: &MethodPage) -> Vec<(String, Kind)> {
    let mut out = match &page.request {
        Some(Lit {
            kind: LitKind::Structure(entries),
            ..
        }) => entries
            .iter()
            .map(|e| (e.name.clone(), lit_kind(&e.value.kind)))
            .collect(),
        _ => params(&page.params),
    };
    out.retain(|(n, _)| n != "PaginationConfig" && n != "WaiterConfig");
    out
}

/// Top-level response members.
fn outputs(page: &MethodPage) -> Vec<(String, Kind)> {
    match &page.returns {
        Returns::Value {
            syntax:
                Some(Lit {
                    kind: LitKind::Structure(entries),
                    ..
                }),
            ..
        } => entries
            .iter()
            .map(|e| (e.name.clone(), lit_kind(&e.value.kind)))
            .collect(),
        Returns::Value {
            structure: Some(root),
            ..
        } => params(&root.children),
        _ => Vec::new(),
    }
}

fn params(params: &[Param]) -> Vec<(String, Kind)> {
    params
        .iter()
        .filter_map(|p| {
            let kind = match p.ty {
                ParamType::Integer => Kind::Integer,
                ParamType::List => Kind::Collection,
                ParamType::Dict if p.children.first().is_some_and(|c| c.name.is_none()) => {
                    Kind::Collection
                }
                _ => Kind::Other,
            };
            Some((p.name.clone()?, kind))
        })
        .collect()
}

fn lit_kind(kind: &LitKind) -> Kind {
    match kind {
        LitKind::Integer => Kind::Integer,
        LitKind::List(_) | LitKind::Map(_) => Kind::Collection,
        _ => Kind::Other,
    }
}
