//! Model passes: from page descriptions to one [`crate::ir::Service`].
//!
//! [`build_service`] runs them in order, each in its own module:
//! [`build`] (pages → draft shapes), [`errors`] (exceptions → error shapes),
//! [`naming`] with [`dedup`] (merge identical shapes, name them),
//! [`recursion`] (box one member per cycle), [`paginators`], [`waiters`] and [`examples`]
//! (documented calls read against the model).

pub mod build;
pub mod dedup;
pub mod draft;
pub mod errors;
pub mod examples;
pub mod idempotency;
pub mod merge;
pub mod naming;
pub mod paginators;
pub mod real_names;
pub mod recursion;
pub mod waiters;
pub mod wire;

use crate::diagnostics::Diagnostic;
use crate::ir::{Metadata, Service};
use crate::parse::rst::Page;

/// Builds a service from parsed reST pages. `pages` are `(file, page)` pairs,
/// file relative to the service directory; their order does not matter.
/// `name` is the service name; when empty, the breadcrumb's is used (so a
/// single page makes a one-operation service).
pub fn build_service(
    name: &str,
    pages: &[(String, Page)],
    metadata: Metadata,
) -> (Service, Vec<Diagnostic>) {
    build_service_named(name, pages, metadata, &real_names::ShapeNames::default())
}

/// [`build_service`], naming the shapes the pages leave unnamed by `real_names` where
/// it reaches them (the wire-facts file's `[names]`).
pub fn build_service_named(
    name: &str,
    pages: &[(String, Page)],
    metadata: Metadata,
    real_names: &real_names::ShapeNames,
) -> (Service, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut sorted: Vec<&(String, Page)> = pages.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let name = if name.is_empty() {
        sorted
            .iter()
            .find_map(|(_, page)| match page {
                Page::ClientMethod(m) => Some(m.service_name.clone()),
                Page::Paginator(p) => Some(p.method.service_name.clone()),
                Page::Waiter(w) => Some(w.method.service_name.clone()),
                Page::ServiceIndex(_) => None,
            })
            .unwrap_or_default()
    } else {
        name.to_owned()
    };
    let mut draft = build::build_named(&name, &sorted, metadata, real_names, &mut diagnostics);
    let operations = build::operation_pages(&sorted, &mut Vec::new());
    errors::add_errors(&mut draft, &operations);
    let mut service = naming::name_shapes_with(draft, real_names);
    recursion::box_cycles(&mut service);
    paginators::add_paginators(&mut service, &sorted, &operations, &mut diagnostics);
    waiters::add_waiters(&mut service, &sorted, &mut diagnostics);
    examples::read_examples(&mut service, &mut diagnostics);
    (service, diagnostics)
}
