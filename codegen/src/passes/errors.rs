//! Errors pass: each documented exception becomes an error shape.
//!
//! The reST pages name exceptions (`` :py:class:`Svc.Client.exceptions.X` ``)
//! but document none of their members, so error shapes have no members.
//! Their names are documented, and reserved before nested shapes are named.

use std::collections::BTreeMap;

use super::draft::{Draft, DraftKind, DraftShape, NameSource};
use crate::ir::Naming;
use crate::parse::rst::MethodPage;

/// Adds one error draft per exception name, first documented place wins.
pub fn add_errors(draft: &mut Draft, operations: &BTreeMap<String, (&str, &MethodPage)>) {
    let mut seen: BTreeMap<&str, ()> = BTreeMap::new();
    for (_, page) in operations.values() {
        for exception in &page.exceptions {
            if seen.insert(exception.name.as_str(), ()).is_some() {
                continue;
            }
            draft.shapes.push(DraftShape {
                kind: DraftKind::Error,
                docs: String::new(),
                member_docs: String::new(),
                deprecated: None,
                source: exception.source.clone(),
                request: false,
                name: NameSource::Fixed {
                    name: exception.name.clone(),
                    naming: Naming::Documented,
                },
            });
        }
    }
}
