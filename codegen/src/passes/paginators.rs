//! Paginators pass: infers each paginator's tokens by comparing its page with
//! the client page of the operation it pages.
//!
//! boto3 builds a paginator page from the operation's own docs, hiding what
//! the paginator drives itself and adding `PaginationConfig`:
//! - the input token(s) and the limit key are hidden from the request, so
//!   they are the client's input members missing from the paginator's
//!   request; the limit key, present only when `PaginationConfig` offers
//!   `PageSize`, is the hidden member named like a limit (`MaxResults`,
//!   `limit`, `MaxItems`), else the hidden integer;
//! - the output token(s) are hidden from the response: the client's output
//!   members missing from the paginator's response;
//! - the result keys are the lists of the paginator's response (lists of
//!   structures when there are both kinds), else its maps, else the lists one
//!   structure down (`ResultSet.Rows`).
//!
//! When nothing is hidden from the response, the output token sits below the
//! top level (boto3 hides only top-level names): it is then the member whose
//! name starts with `Next`, or else has an input token's name, at the top
//! level or one structure down (`DistributionList.NextMarker`); the result
//! keys are then the lists beside it. These last rules are naming guesses.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::ir::{Paginator, Service};
use crate::parse::rst::{Entry, Lit, LitKind, MethodPage, Page, Param, ParamType, Returns};

/// A top-level member as the comparison needs it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Integer,
    /// A list; `true` when its elements are scalars.
    List(bool),
    Map,
    /// A structure.
    Structure,
    Other,
}

/// Adds a paginator for each paginator page whose operation is documented.
pub fn add_paginators(
    service: &mut Service,
    pages: &[&(String, Page)],
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
    let hidden: Vec<(String, Kind)> = client_in
        .into_iter()
        .filter(|(name, _)| !paginate_in.iter().any(|(n, _)| n == name))
        .collect();
    let limit_key = if has_page_size(paginate) {
        hidden
            .iter()
            .find(|(n, _)| looks_like_limit(n))
            .or_else(|| hidden.iter().find(|(_, k)| *k == Kind::Integer))
            .map(|(n, _)| n.clone())
    } else {
        None
    };
    let input_token: Vec<String> = hidden
        .iter()
        .filter(|(n, _)| Some(n) != limit_key.as_ref())
        .map(|(n, _)| n.clone())
        .collect();
    let client_out = outputs(client);
    let paginate_out = outputs(paginate);
    let mut output_token: Vec<String> = client_out
        .iter()
        .filter(|(name, _)| !paginate_out.iter().any(|(n, _)| n == name))
        .map(|(n, _)| n.clone())
        .collect();
    // Members boto3 added (`NextToken`) are not results.
    let shown: Vec<(String, Kind)> = paginate_out
        .into_iter()
        .filter(|(name, _)| client_out.iter().any(|(n, _)| n == name))
        .collect();
    let mut result_key = results(&shown);
    if output_token.is_empty() {
        if let Some((token, beside)) = visible_token(client, &input_token) {
            output_token = vec![token];
            if let Some(beside) = beside {
                result_key = beside;
            }
        }
    }
    if result_key.is_empty() {
        result_key = nested_lists(paginate);
    }
    Paginator {
        operation: operation.to_owned(),
        input_token,
        output_token,
        limit_key,
        result_key,
        source: Default::default(),
    }
}

/// Whether `PaginationConfig` offers `PageSize` (boto3 adds it only for
/// operations with a limit key).
fn has_page_size(paginate: &MethodPage) -> bool {
    match &paginate.request {
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
            .any(|p| {
                p.children
                    .iter()
                    .any(|c| c.name.as_deref() == Some("PageSize"))
            }),
    }
}

/// The result keys among some members: lists (of structures, when some are),
/// else maps.
fn results(members: &[(String, Kind)]) -> Vec<String> {
    let pick = |keep: &dyn Fn(Kind) -> bool| -> Vec<String> {
        members
            .iter()
            .filter(|(_, k)| keep(*k))
            .map(|(n, _)| n.clone())
            .collect()
    };
    let rich = pick(&|k| k == Kind::List(false));
    if !rich.is_empty() {
        return rich;
    }
    let lists = pick(&|k| matches!(k, Kind::List(_)));
    if !lists.is_empty() {
        return lists;
    }
    pick(&|k| k == Kind::Map)
}

/// Lists one structure down the paginator's response, as `Parent.List`.
fn nested_lists(paginate: &MethodPage) -> Vec<String> {
    let Some(top) = response_entries(paginate) else {
        return Vec::new();
    };
    top.iter()
        .filter_map(|parent| match &parent.value.kind {
            LitKind::Structure(inner) => Some((parent, inner)),
            _ => None,
        })
        .flat_map(|(parent, inner)| {
            let members: Vec<(String, Kind)> = inner
                .iter()
                .map(|e| (e.name.clone(), lit_kind(&e.value.kind)))
                .collect();
            let lists: Vec<String> = results(&members)
                .into_iter()
                .filter(|n| members.iter().any(|(m, k)| m == n && *k != Kind::Map))
                .map(|n| format!("{}.{n}", parent.name))
                .collect();
            lists
        })
        .collect()
}

fn response_entries(page: &MethodPage) -> Option<&[Entry]> {
    match &page.returns {
        Returns::Value {
            syntax:
                Some(Lit {
                    kind: LitKind::Structure(entries),
                    ..
                }),
            ..
        } => Some(entries),
        _ => None,
    }
}

/// The output token when boto3 hid none: see the module docs. Returns its
/// path and, when it is nested, the paths of the lists beside it.
fn visible_token(
    client: &MethodPage,
    input_token: &[String],
) -> Option<(String, Option<Vec<String>>)> {
    let top = response_entries(client)?;
    let rules: [&dyn Fn(&str) -> bool; 2] = [
        &|name| {
            name.len() > 4
                && name
                    .get(..4)
                    .is_some_and(|p| p.eq_ignore_ascii_case("next"))
        },
        &|name| input_token.iter().any(|t| t == name),
    ];
    for rule in rules {
        if let Some(entry) = top.iter().find(|e| rule(&e.name)) {
            return Some((entry.name.clone(), None));
        }
        for parent in top {
            let LitKind::Structure(inner) = &parent.value.kind else {
                continue;
            };
            if let Some(entry) = inner.iter().find(|e| rule(&e.name)) {
                let members: Vec<(String, Kind)> = inner
                    .iter()
                    .map(|e| (e.name.clone(), lit_kind(&e.value.kind)))
                    .collect();
                let lists = results(&members)
                    .into_iter()
                    .map(|n| format!("{}.{n}", parent.name))
                    .collect();
                return Some((format!("{}.{}", parent.name, entry.name), Some(lists)));
            }
        }
    }
    None
}

fn looks_like_limit(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["max", "limit", "pagesize"]
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
    match (&page.returns, response_entries(page)) {
        (_, Some(entries)) => entries
            .iter()
            .map(|e| (e.name.clone(), lit_kind(&e.value.kind)))
            .collect(),
        (
            Returns::Value {
                structure: Some(root),
                ..
            },
            None,
        ) => params(&root.children),
        _ => Vec::new(),
    }
}

fn params(params: &[Param]) -> Vec<(String, Kind)> {
    params
        .iter()
        .filter_map(|p| {
            let scalar = |c: Option<&Param>| {
                c.is_some_and(|c| !matches!(c.ty, ParamType::List | ParamType::Dict))
            };
            let kind = match p.ty {
                ParamType::Integer => Kind::Integer,
                ParamType::List => Kind::List(scalar(p.children.first())),
                ParamType::Dict if p.children.first().is_some_and(|c| c.name.is_none()) => {
                    Kind::Map
                }
                ParamType::Dict => Kind::Structure,
                _ => Kind::Other,
            };
            Some((p.name.clone()?, kind))
        })
        .collect()
}

fn lit_kind(kind: &LitKind) -> Kind {
    match kind {
        LitKind::Integer => Kind::Integer,
        LitKind::List(element) => Kind::List(!matches!(
            element.kind,
            LitKind::Structure(_)
                | LitKind::Map(_)
                | LitKind::List(_)
                | LitKind::Recursive
                | LitKind::Document
        )),
        LitKind::Map(_) => Kind::Map,
        LitKind::Structure(_) => Kind::Structure,
        _ => Kind::Other,
    }
}
