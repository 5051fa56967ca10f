//! Waiters pass: one waiter per waiter page.
//!
//! The page names the waiter (its title), the operation it polls (its API
//! link, or the client method its description names) and the timing
//! ("every 30 seconds", "after 40 failed checks"). Acceptors are not
//! documented: the wire-facts file gives them (`passes::wire`).

use crate::diagnostics::Diagnostic;
use crate::ir::{Service, Waiter};
use crate::parse::rst::{Page, WaiterPage};

/// Adds the waiters documented in `pages` to `service`.
pub fn add_waiters(
    service: &mut Service,
    pages: &[&(String, Page)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (file, page) in pages {
        let Page::Waiter(waiter) = page else { continue };
        match waiter_of(service, waiter) {
            Some(w) => {
                service.waiters.insert(w.name.clone(), w);
            }
            None => diagnostics.push(Diagnostic::warning(
                "unknown-waiter-operation",
                file,
                waiter.method.source.line,
                waiter.method.source.column,
                format!(
                    "waiter `{}` polls no operation documented on a client page",
                    waiter.name
                ),
            )),
        }
    }
}

fn waiter_of(service: &Service, page: &WaiterPage) -> Option<Waiter> {
    let by_link = page
        .method
        .api
        .as_ref()
        .map(|api| api.operation.clone())
        .filter(|op| service.operations.contains_key(op));
    let by_method = || {
        let method = page.client_method.as_deref()?;
        service
            .operations
            .values()
            .find(|op| op.snake_name == method)
            .map(|op| op.name.clone())
    };
    let operation = by_link.or_else(by_method)?;
    Some(Waiter {
        name: page.name.clone(),
        operation,
        delay: page.delay.unwrap_or(0),
        max_attempts: page.max_attempts.unwrap_or(0),
        acceptors: Vec::new(),
        docs: page.method.docs.clone(),
        source: page.method.source.clone(),
    })
}
