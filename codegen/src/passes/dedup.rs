//! Dedup: which draft shapes are the same shape.
//!
//! Two appearances are one shape when their contents are identical, including
//! the shapes they refer to, recursively. Cycles (recursive shapes) make plain
//! structural hashing loop, so this is partition refinement, as in DFA
//! minimisation: start from classes of identical *local* contents (with
//! references blanked out), then split classes whose members refer to
//! different classes, until nothing splits.

use std::collections::BTreeMap;

use super::draft::{DraftKind, DraftShape, DraftType, NameSource, ShapeId};

/// The class of every shape; classes are numbered in order of first appearance.
pub fn classes(shapes: &[DraftShape]) -> Vec<usize> {
    let mut keys: BTreeMap<String, usize> = BTreeMap::new();
    let mut class: Vec<usize> = shapes
        .iter()
        .map(|shape| {
            let key = local_key(shape);
            let next = keys.len();
            *keys.entry(key).or_insert(next)
        })
        .collect();
    let refs: Vec<Vec<ShapeId>> = shapes.iter().map(references).collect();
    let mut count = keys.len();
    loop {
        let mut split: BTreeMap<(usize, Vec<usize>), usize> = BTreeMap::new();
        let next: Vec<usize> = (0..shapes.len())
            .map(|id| {
                let key = (class[id], refs[id].iter().map(|r| class[*r]).collect());
                let fresh = split.len();
                *split.entry(key).or_insert(fresh)
            })
            .collect();
        let done = split.len() == count;
        count = split.len();
        class = next;
        if done {
            return class;
        }
    }
}

/// Everything about a shape except the identity of the shapes it refers to.
fn local_key(shape: &DraftShape) -> String {
    let mut key = String::new();
    match &shape.name {
        // Fixed shapes are distinct by name, so they never merge.
        NameSource::Fixed { name, .. } => {
            key.push_str("fixed\0");
            key.push_str(name);
            return key;
        }
        NameSource::Derived { .. } => {}
    }
    match &shape.kind {
        DraftKind::Structure(members) | DraftKind::Union(members) => {
            key.push_str(if matches!(shape.kind, DraftKind::Union(_)) {
                "union"
            } else {
                "structure"
            });
            for member in members {
                key.push('\0');
                key.push_str(&member.name);
                key.push(if member.required { '!' } else { '?' });
                type_key(&member.target, &mut key);
            }
        }
        DraftKind::Enum(values) => {
            key.push_str("enum");
            for value in values {
                key.push('\0');
                key.push_str(value);
            }
        }
        DraftKind::Error => key.push_str("error"),
    }
    key
}

fn type_key(ty: &DraftType, key: &mut String) {
    match ty {
        DraftType::Scalar(t) => key.push_str(&format!("{t:?}")),
        DraftType::List(inner) => {
            key.push('[');
            type_key(inner, key);
            key.push(']');
        }
        DraftType::Map(k, v) => {
            key.push('{');
            type_key(k, key);
            key.push(':');
            type_key(v, key);
            key.push('}');
        }
        DraftType::Shape(_) => key.push('#'),
        DraftType::EventStream(_) => key.push_str("stream#"),
    }
}

/// The shapes a shape refers to, in member order.
fn references(shape: &DraftShape) -> Vec<ShapeId> {
    let mut out = Vec::new();
    for member in shape.kind.members() {
        member.target.for_each_shape(&mut |id| out.push(id));
    }
    out
}
