//! Naming pass: gives every draft shape a name and merges identical ones.
//!
//! reST pages print nested structures and enums inline, without names. The
//! rules, applied in this order:
//!
//! 1. **Dedup.** Appearances whose contents are identical across the whole
//!    service (kind, member names and order, member types, required flags,
//!    enum values, and, recursively, the shapes they refer to) are one shape
//!    ([`super::dedup`]; a response appearance, which shows no required flags,
//!    joins the request shape it otherwise equals). Input, output and error
//!    shapes are never merged.
//! 2. **Base name** of a shape: from the appearance that defines it, the
//!    first in a request if any, else the first (build order: operations by
//!    wire name, input before output, document order):
//!    - a member's structure or enum: the member name in PascalCase
//!      (`device` → `Device`, `deviceMinutes` → `DeviceMinutes`);
//!    - a list element: the singular of the list member's name
//!      (`instances` → `Instance`, `policies` → `Policy`, `statuses` →
//!      `Status`, `subnetIdList` → `SubnetId`), or the name plus `Item`
//!      when it is not a plural (`data` → `DataItem`);
//!    - a map value: the same singular, or the name plus `Value`.
//! 3. **Collisions.** When several different shapes want one base name, the
//!    one with the most appearances keeps it (ties: the one defined first);
//!    the others, and any shape whose base name is an input, output or error
//!    name, are named `{Parent}{Base}` after the shape holding their defining
//!    appearance (`RemoteAccessSessionStatus`; for an operation's input or
//!    output the parent is the operation name: `ListRunsFilter`). If that is
//!    still taken, the first free of `{Parent}{Base}2`, `3`, ... in build
//!    order.
//! 4. Shapes that no input, output or error reaches are dropped (response
//!    copies merged into their request shape leave such orphans).
//!
//! Nothing here depends on file-system order: pages are read in sorted order
//! and operations are processed by wire name.

use std::collections::{BTreeMap, BTreeSet};

use super::dedup;
use super::draft::{Draft, DraftKind, DraftMember, DraftShape, DraftType, NameSource, ShapeId};
use super::real_names::{self, ShapeNames};
use crate::ir::{Constraints, Location, Member, Naming, Service, Shape, ShapeKind, TypeRef};

/// `deviceMinutes` → `DeviceMinutes`; characters that cannot be in a Rust
/// identifier are dropped and start a new word (`vpce-config` → `VpceConfig`).
pub fn pascal(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    out
}

/// The base name of a list element or map value hanging from `member`.
pub fn element_hint(member: &str, suffix: &str) -> String {
    let name = pascal(member);
    match singular(&name) {
        Some(one) => one,
        None => format!("{name}{suffix}"),
    }
}

/// The singular of a PascalCase plural, when `name` looks like one.
pub fn singular(name: &str) -> Option<String> {
    let strip = |suffix: &str, with: &str| {
        name.strip_suffix(suffix)
            .filter(|stem| stem.len() > 1)
            .map(|stem| format!("{stem}{with}"))
    };
    if let Some(one) = strip("List", "") {
        return Some(one);
    }
    for (suffix, with) in [
        ("ies", "y"),
        ("sses", "ss"),
        ("shes", "sh"),
        ("ches", "ch"),
        ("xes", "x"),
        ("zes", "z"),
        ("tuses", "tus"),
        ("iases", "ias"),
    ] {
        if let Some(one) = strip(suffix, with) {
            return Some(one);
        }
    }
    if name.ends_with("ss") || name.ends_with("us") || name.ends_with("is") {
        return None;
    }
    strip("s", "")
}

/// Names the draft's shapes, merges identical ones, drops shapes no operation
/// reaches, and returns the service with its shapes.
pub fn name_shapes(draft: Draft) -> Service {
    name_shapes_with(draft, &ShapeNames::default())
}

/// [`name_shapes`], with the real names of shapes the pages leave unnamed: such a shape
/// takes its real name as base name, and shapes of different real names never merge.
pub fn name_shapes_with(draft: Draft, real_names: &ShapeNames) -> Service {
    let real = real_names::assign(&draft, real_names);
    let Draft {
        mut service,
        mut shapes,
    } = draft;
    let classes = dedup::classes_named(&shapes, &real);
    let reachable = reachable(&shapes, &classes);
    let names = class_names(&shapes, &real, &classes, &reachable);
    let class = &classes.class;
    // The first appearance of each class that prints the shape's own docs.
    let mut shape_docs: Vec<Option<ShapeId>> = vec![None; classes.representative.len()];
    for (id, shape) in shapes.iter().enumerate() {
        if !shape.docs.is_empty() && shape_docs[class[id]].is_none() {
            shape_docs[class[id]] = Some(id);
        }
    }
    for (c, &rep) in classes.representative.iter().enumerate() {
        let Some(name) = names[c].clone() else {
            continue;
        };
        let docs = match shape_docs[c] {
            Some(id) => std::mem::take(&mut shapes[id].docs),
            None => std::mem::take(&mut shapes[rep].member_docs),
        };
        // Each representative is read once: its contents move into the model.
        let shape = &mut shapes[rep];
        let kind = std::mem::replace(&mut shape.kind, DraftKind::Error);
        let convert = |t: &DraftType| to_type_ref(t, class, &names);
        let kind = match kind {
            DraftKind::Structure(members) | DraftKind::Union(members) if classes.union[c] => {
                ShapeKind::Union {
                    members: members
                        .into_iter()
                        .map(|m| to_member(m, &convert))
                        .collect(),
                }
            }
            DraftKind::Structure(members) => ShapeKind::Structure {
                members: members
                    .into_iter()
                    .map(|m| to_member(m, &convert))
                    .collect(),
            },
            DraftKind::Union(members) => ShapeKind::Union {
                members: members
                    .into_iter()
                    .map(|m| to_member(m, &convert))
                    .collect(),
            },
            DraftKind::Enum(values) => ShapeKind::Enum { values },
            DraftKind::Error => ShapeKind::Error {
                members: Vec::new(),
                http_status: None,
                code: None,
            },
        };
        let naming = match &shape.name {
            NameSource::Fixed { naming, .. } => *naming,
            NameSource::Derived { .. } => Naming::Derived,
        };
        service.shapes.insert(
            name.clone(),
            Shape {
                name,
                docs,
                kind,
                deprecated: shape.deprecated.take(),
                source: std::mem::take(&mut shape.source),
                naming,
                traits: Default::default(),
            },
        );
    }
    service
}

/// Classes reachable from the fixed shapes (inputs, outputs, errors) through
/// the members of their representatives. Other appearances (a response copy
/// merged into its request shape) leave unreferenced classes behind.
fn reachable(shapes: &[DraftShape], classes: &dedup::Classes) -> Vec<bool> {
    let mut seen = vec![false; classes.representative.len()];
    let mut work: Vec<usize> = shapes
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s.name, NameSource::Fixed { .. }))
        .map(|(id, _)| classes.class[id])
        .collect();
    while let Some(c) = work.pop() {
        if std::mem::replace(&mut seen[c], true) {
            continue;
        }
        for id in dedup::references(&shapes[classes.representative[c]]) {
            work.push(classes.class[id]);
        }
    }
    seen
}

fn to_member(member: DraftMember, convert: &impl Fn(&DraftType) -> TypeRef) -> Member {
    Member {
        target: convert(&member.target),
        name: member.name,
        required: member.required,
        docs: member.docs,
        boxed: false,
        deprecated: member.deprecated,
        constraints: Constraints::default(),
        location: Location::Body,
        wire_name: None,
        traits: Default::default(),
        source: member.source,
    }
}

fn to_type_ref(ty: &DraftType, class: &[usize], names: &[Option<String>]) -> TypeRef {
    let name = |id: &ShapeId| names[class[*id]].clone().unwrap_or_default();
    match ty {
        DraftType::Scalar(t) => t.clone(),
        DraftType::List(inner) => TypeRef::List {
            member: Box::new(to_type_ref(inner, class, names)),
        },
        DraftType::Map(key, value) => TypeRef::Map {
            key: Box::new(to_type_ref(key, class, names)),
            value: Box::new(to_type_ref(value, class, names)),
        },
        DraftType::Shape(id) => TypeRef::Named { name: name(id) },
        DraftType::EventStream(id) => TypeRef::EventStream { name: name(id) },
    }
}

/// The final name of every reachable class (see the module docs for the rules).
fn class_names(
    shapes: &[DraftShape],
    real: &[Option<String>],
    classes: &dedup::Classes,
    reachable: &[bool],
) -> Vec<Option<String>> {
    let reps = &classes.representative;
    let count = reps.len();
    let mut names: Vec<Option<String>> = vec![None; count];
    let mut taken: BTreeSet<String> = BTreeSet::new();
    // Claimants of each base name, best first: most appearances, then earliest.
    let mut claims: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for c in (0..count).filter(|c| reachable[*c]) {
        match &shapes[reps[c]].name {
            NameSource::Fixed { name, .. } => {
                names[c] = Some(name.clone());
                taken.insert(name.clone());
            }
            NameSource::Derived { hint, .. } => {
                let base = real[reps[c]].as_deref().unwrap_or(hint);
                claims.entry(base).or_default().push(c)
            }
        }
    }
    let mut prefixed = Vec::new();
    for (hint, mut claimants) in claims {
        claimants.sort_by_key(|c| (std::cmp::Reverse(classes.appearances[*c]), reps[*c]));
        let mut rest = claimants.as_slice();
        if !hint.is_empty() && !taken.contains(hint) {
            if let Some((winner, others)) = rest.split_first() {
                names[*winner] = Some(hint.to_owned());
                rest = others;
            }
        }
        prefixed.extend_from_slice(rest);
    }
    for name in names.iter().flatten() {
        taken.insert(name.clone());
    }
    // Prefixes need the parent's final name; name in build order so that
    // results do not depend on the order of the loop below.
    prefixed.sort_by_key(|c| reps[*c]);
    let mut naming = Prefixing {
        shapes,
        real,
        classes,
        names,
        taken,
        pending: prefixed.iter().copied().collect(),
    };
    for c in prefixed {
        naming.name(c);
    }
    naming.names
}

/// Names classes that lost their base name, parents first.
struct Prefixing<'a> {
    shapes: &'a [DraftShape],
    real: &'a [Option<String>],
    classes: &'a dedup::Classes,
    names: Vec<Option<String>>,
    taken: BTreeSet<String>,
    /// Classes still to be named; a class is removed before its parent is
    /// looked at, so a cycle of parents ends instead of looping.
    pending: BTreeSet<usize>,
}

impl Prefixing<'_> {
    fn name(&mut self, c: usize) -> String {
        if let Some(name) = &self.names[c] {
            return name.clone();
        }
        self.pending.remove(&c);
        let rep_id = self.classes.representative[c];
        let rep = &self.shapes[rep_id];
        let NameSource::Derived { hint, parent } = &rep.name else {
            return String::new();
        };
        let hint = self.real[rep_id].as_deref().unwrap_or(hint);
        let parent_class = self.classes.class[*parent];
        let prefix = match &self.shapes[*parent].name {
            NameSource::Fixed { name, .. } => ["Input", "Output", "Request", "Response"]
                .iter()
                .find_map(|suffix| name.strip_suffix(suffix))
                .unwrap_or(name)
                .to_owned(),
            NameSource::Derived { .. } if self.pending.contains(&parent_class) => {
                self.name(parent_class)
            }
            NameSource::Derived { .. } => self.names[parent_class].clone().unwrap_or_default(),
        };
        let base = format!("{prefix}{hint}");
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        self.names[c] = Some(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_case_keeps_inner_capitals() {
        assert_eq!(pascal("deviceMinutes"), "DeviceMinutes");
        assert_eq!(pascal("VPCEConfiguration"), "VPCEConfiguration");
        assert_eq!(pascal("vpce-config_x"), "VpceConfigX");
    }

    #[test]
    fn singular_of_common_plurals() {
        let cases = [
            ("Instances", Some("Instance")),
            ("Policies", Some("Policy")),
            ("Statuses", Some("Status")),
            ("Addresses", Some("Address")),
            ("Aliases", Some("Alias")),
            ("Databases", Some("Database")),
            ("SubnetIdList", Some("SubnetId")),
            ("Status", None),
            ("Access", None),
            ("Data", None),
            ("S", None),
        ];
        for (plural, one) in cases {
            assert_eq!(singular(plural).as_deref(), one, "{plural}");
        }
        assert_eq!(element_hint("data", "Item"), "DataItem");
        assert_eq!(element_hint("instances", "Item"), "Instance");
    }
}
