//! Dedup: which draft shapes are the same shape.
//!
//! Two appearances are one shape when their contents are identical, including
//! the shapes they refer to, recursively. Cycles (recursive shapes) make plain
//! structural hashing loop, so this is partition refinement, as in DFA
//! minimisation: start from classes of identical *local* contents (with
//! references blanked out), then split classes whose members refer to
//! different classes, until nothing splits.
//!
//! Responses (and requests too large for boto3 to document) never mark
//! members `**[REQUIRED]**`, and boto3 prints the
//! tagged-union note only where the union has docs (never in a response too
//! large to render). So a response appearance cannot show that it equals a
//! request appearance with required members, or that it is a union. It joins
//! the request's shape when the two are identical apart from required flags
//! and union-ness and exactly one request shape is; when only one of them is
//! a union, the response must have printed no docs (with docs, boto3 would
//! have printed the note too) and they must hang from members of the same
//! name (small shapes like `{text}` are too common to merge on contents
//! alone).
//!
//! Appearances with different real names (from the wire-facts file, see
//! [`super::real_names`]) are never one shape, however alike their contents: the
//! model keeps them apart (DynamoDB's input `CreateTableVectorIndex` requires a
//! member its output `VectorIndexInfo` does not).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::draft::{DraftKind, DraftShape, DraftType, NameSource, ShapeId};

/// The result of dedup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Classes {
    /// The class of every draft shape; classes are numbered in order of first
    /// appearance.
    pub class: Vec<usize>,
    /// For each class, the appearance that defines it: the first request
    /// appearance if there is one (it knows the required flags), else the first.
    pub representative: Vec<ShapeId>,
    /// For each class, how many appearances it has.
    pub appearances: Vec<usize>,
    /// For each class, whether some appearance is marked a tagged union.
    pub union: Vec<bool>,
}

/// Groups identical draft shapes.
pub fn classes(shapes: &[DraftShape]) -> Classes {
    classes_named(shapes, &vec![None; shapes.len()])
}

/// Groups identical draft shapes that have the same real name (`real[id]`, or none).
pub fn classes_named(shapes: &[DraftShape], real: &[Option<String>]) -> Classes {
    let refs: Vec<Vec<ShapeId>> = shapes.iter().map(references).collect();
    let strict = refine(shapes, real, &refs, true);
    let loose = refine(shapes, real, &refs, false);
    // The first request appearance of each strict class, to compare with.
    let mut first_request: BTreeMap<usize, ShapeId> = BTreeMap::new();
    for (id, shape) in shapes.iter().enumerate() {
        if shape.request {
            first_request.entry(strict[id]).or_insert(id);
        }
    }
    // For each loose class, the strict classes of its request appearances.
    let mut request_variants: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (id, shape) in shapes.iter().enumerate() {
        if shape.request {
            let variants = request_variants.entry(loose[id]).or_default();
            if !variants.contains(&strict[id]) {
                variants.push(strict[id]);
            }
        }
    }
    let joined: Vec<usize> = shapes
        .iter()
        .enumerate()
        .map(|(id, shape)| match request_variants.get(&loose[id]) {
            Some(variants) if !shape.request && variants.len() == 1 => {
                let request = first_request.get(&variants[0]);
                let fits =
                    |r: &ShapeId| compatible_tree(shapes, &refs, id, *r, &mut BTreeSet::new());
                if request.is_some_and(fits) {
                    variants[0]
                } else {
                    strict[id]
                }
            }
            _ => strict[id],
        })
        .collect();
    let class = renumber(&joined);
    let count = class.iter().max().map_or(0, |c| c + 1);
    let mut representative = vec![usize::MAX; count];
    let mut appearances = vec![0; count];
    let mut union = vec![false; count];
    for (id, &c) in class.iter().enumerate() {
        appearances[c] += 1;
        union[c] |= matches!(shapes[id].kind, DraftKind::Union(_));
        let current = representative[c];
        if current == usize::MAX || (!shapes[current].request && shapes[id].request) {
            representative[c] = id;
        }
    }
    Classes {
        class,
        representative,
        appearances,
        union,
    }
}

/// Whether a response appearance and the shapes inside it may join a request
/// shape of the same loose contents and the shapes inside that, pairwise.
fn compatible_tree(
    shapes: &[DraftShape],
    refs: &[Vec<ShapeId>],
    response: ShapeId,
    request: ShapeId,
    seen: &mut BTreeSet<(ShapeId, ShapeId)>,
) -> bool {
    if !seen.insert((response, request)) {
        return true;
    }
    compatible(&shapes[response], &shapes[request])
        && refs[response]
            .iter()
            .zip(&refs[request])
            .all(|(a, b)| compatible_tree(shapes, refs, *a, *b, seen))
}

/// Whether a response appearance may join a request shape of the same
/// contents: same kind, or else the same member name when the response
/// printed no docs (boto3 prints the tagged-union note with a shape's docs, so
/// a documented appearance without it is not a union).
fn compatible(response: &DraftShape, request: &DraftShape) -> bool {
    let union = |s: &DraftShape| matches!(s.kind, DraftKind::Union(_));
    let hint = |s: &DraftShape| match &s.name {
        NameSource::Derived { hint, .. } => Some(hint.clone()),
        NameSource::Fixed { .. } => None,
    };
    union(response) == union(request)
        || (response.member_docs.is_empty() && hint(response) == hint(request))
}

/// Partition refinement; `strict` decides whether required flags and the
/// structure/union distinction count.
fn refine(
    shapes: &[DraftShape],
    real: &[Option<String>],
    refs: &[Vec<ShapeId>],
    strict: bool,
) -> Vec<usize> {
    // Numbers are handed out in shape order, so hashing keeps them deterministic.
    let mut keys: HashMap<String, usize> = HashMap::new();
    let mut class: Vec<usize> = shapes
        .iter()
        .zip(real)
        .map(|(shape, real)| {
            let mut key = local_key(shape, strict);
            if let Some(real) = real {
                key.push_str("\0named\0");
                key.push_str(real);
            }
            let next = keys.len();
            *keys.entry(key).or_insert(next)
        })
        .collect();
    let mut count = keys.len();
    loop {
        let mut split: HashMap<(usize, Vec<usize>), usize> = HashMap::new();
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

/// Class numbers in order of first appearance.
fn renumber(class: &[usize]) -> Vec<usize> {
    let mut seen: BTreeMap<usize, usize> = BTreeMap::new();
    class
        .iter()
        .map(|c| {
            let next = seen.len();
            *seen.entry(*c).or_insert(next)
        })
        .collect()
}

/// Everything about a shape except the identity of the shapes it refers to.
fn local_key(shape: &DraftShape, strict: bool) -> String {
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
            let union = matches!(shape.kind, DraftKind::Union(_));
            key.push_str(if strict && union {
                "union"
            } else {
                "structure"
            });
            for member in members {
                key.push('\0');
                key.push_str(&member.name);
                key.push(if strict && member.required { '!' } else { '?' });
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
    use crate::ir::TypeRef;
    match ty {
        DraftType::Scalar(t) => key.push_str(match t {
            TypeRef::String => "s",
            TypeRef::Boolean => "b",
            TypeRef::Integer { .. } => "i",
            TypeRef::Float { .. } => "f",
            TypeRef::Timestamp => "t",
            TypeRef::Blob => "y",
            TypeRef::StreamingBlob => "Y",
            TypeRef::Document => "d",
            // Scalars only: collections and shapes are draft types of their own.
            TypeRef::List { .. }
            | TypeRef::Map { .. }
            | TypeRef::Named { .. }
            | TypeRef::EventStream { .. } => "?",
        }),
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
        DraftType::EventStream(_) => key.push_str("~#"),
    }
}

/// The shapes a shape refers to, in member order.
pub fn references(shape: &DraftShape) -> Vec<ShapeId> {
    let mut out = Vec::new();
    for member in shape.kind.members() {
        member.target.for_each_shape(&mut |id| out.push(id));
    }
    out
}
