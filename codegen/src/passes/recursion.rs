//! Recursion pass: decides where a recursive shape needs indirection.
//!
//! A structure that contains itself through plain members has no finite size
//! in Rust; through a list or a map it does (the collection allocates). So the
//! graph here has an edge for each member whose type *is* a named structure or
//! union, and every cycle in it gets exactly one boxed member: a depth-first
//! search (shapes by name, members in order) boxes each member that leads back
//! to a shape still on the search stack.

use std::collections::BTreeMap;

use crate::ir::{Service, ShapeKind, TypeRef};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Unvisited,
    OnStack,
    Done,
}

/// Sets [`crate::ir::Member::boxed`] on one member per cycle.
pub fn box_cycles(service: &mut Service) {
    let names: Vec<String> = service.shapes.keys().cloned().collect();
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    // Edges: (member index, target shape index) per shape.
    let edges: Vec<Vec<(usize, usize)>> = names
        .iter()
        .map(|name| {
            let members = service
                .shapes
                .get(name)
                .map_or(&[][..], |s| s.kind.members());
            members
                .iter()
                .enumerate()
                .filter_map(|(m, member)| match &member.target {
                    TypeRef::Named { name } => index.get(name.as_str()).map(|t| (m, *t)),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let mut marks = vec![Mark::Unvisited; names.len()];
    let mut boxed: Vec<(usize, usize)> = Vec::new();
    for root in 0..names.len() {
        if marks[root] != Mark::Unvisited {
            continue;
        }
        // Iterative DFS: (shape, next edge to follow).
        let mut stack = vec![(root, 0usize)];
        marks[root] = Mark::OnStack;
        while let Some(top) = stack.last_mut() {
            let (shape, edge) = *top;
            let Some(&(member, target)) = edges[shape].get(edge) else {
                marks[shape] = Mark::Done;
                stack.pop();
                continue;
            };
            top.1 += 1;
            match marks[target] {
                Mark::OnStack => boxed.push((shape, member)),
                Mark::Unvisited => {
                    marks[target] = Mark::OnStack;
                    stack.push((target, 0));
                }
                Mark::Done => {}
            }
        }
    }
    for (shape, member) in boxed {
        let Some(shape) = service.shapes.get_mut(&names[shape]) else {
            continue;
        };
        match &mut shape.kind {
            ShapeKind::Structure { members }
            | ShapeKind::Union { members }
            | ShapeKind::Error { members, .. } => {
                if let Some(m) = members.get_mut(member) {
                    m.boxed = true;
                }
            }
            ShapeKind::Enum { .. } => {}
        }
    }
}
