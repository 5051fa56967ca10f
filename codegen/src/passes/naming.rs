//! Naming pass: gives every draft shape a name and merges identical ones.
//!
//! reST pages print nested structures and enums inline, without names. The
//! rules, applied in this order:
//!
//! 1. **Dedup.** Appearances whose contents are identical across the whole
//!    service (kind, member names and order, member types, required flags,
//!    enum values, and, recursively, the shapes they refer to) are one shape
//!    ([`super::dedup`]). Input, output and error shapes are never merged.
//! 2. **Base name** of a shape: from the first appearance (build order:
//!    operations by wire name, input before output, document order):
//!    - a member's structure or enum: the member name in PascalCase
//!      (`device` → `Device`, `deviceMinutes` → `DeviceMinutes`);
//!    - a list element: the singular of the list member's name
//!      (`instances` → `Instance`, `policies` → `Policy`, `statuses` →
//!      `Status`, `subnetIdList` → `SubnetId`), or the name plus `Item`
//!      when it is not a plural (`data` → `DataItem`);
//!    - a map value: the same singular, or the name plus `Value`.
//! 3. **Collisions.** When several different shapes want one base name, or
//!    the base name is an input, output or error name, *every* one of them is
//!    named `{Parent}{Base}` after the shape holding its first appearance
//!    (`RemoteAccessSessionStatus`; for an operation's input or output the
//!    parent is the operation name: `ListRunsFilter`). If that is still taken,
//!    the first free of `{Parent}{Base}2`, `3`, ... in build order.
//!
//! Nothing here depends on file-system order: pages are read in sorted order
//! and operations are processed by wire name.

use std::collections::{BTreeMap, BTreeSet};

use super::dedup;
use super::draft::{Draft, DraftKind, DraftMember, DraftShape, DraftType, NameSource, ShapeId};
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

/// Names the draft's shapes, merges identical ones and returns the service
/// with its shapes.
pub fn name_shapes(draft: Draft) -> Service {
    let Draft {
        mut service,
        shapes,
    } = draft;
    let class = dedup::classes(&shapes);
    let class_count = class.iter().max().map_or(0, |c| c + 1);
    // The first appearance of each class (classes are numbered in order of it).
    let mut first: Vec<ShapeId> = vec![usize::MAX; class_count];
    for (id, &c) in class.iter().enumerate() {
        if first[c] == usize::MAX {
            first[c] = id;
        }
    }
    let names = class_names(&shapes, &class, &first);
    for c in 0..class_count {
        let shape = &shapes[first[c]];
        let docs = shapes
            .iter()
            .enumerate()
            .find(|(id, s)| class[*id] == c && !s.docs.is_empty())
            .map_or_else(|| shape.member_docs.clone(), |(_, s)| s.docs.clone());
        let convert = |t: &DraftType| to_type_ref(t, &class, &names);
        let kind = match &shape.kind {
            DraftKind::Structure(members) => ShapeKind::Structure {
                members: members.iter().map(|m| to_member(m, &convert)).collect(),
            },
            DraftKind::Union(members) => ShapeKind::Union {
                members: members.iter().map(|m| to_member(m, &convert)).collect(),
            },
            DraftKind::Enum(values) => ShapeKind::Enum {
                values: values.clone(),
            },
            DraftKind::Error => ShapeKind::Error {
                members: Vec::new(),
                http_status: None,
            },
        };
        let naming = match &shape.name {
            NameSource::Fixed { naming, .. } => *naming,
            NameSource::Derived { .. } => Naming::Derived,
        };
        service.shapes.insert(
            names[c].clone(),
            Shape {
                name: names[c].clone(),
                docs,
                kind,
                deprecated: shape.deprecated.clone(),
                source: shape.source.clone(),
                naming,
            },
        );
    }
    service
}

fn to_member(member: &DraftMember, convert: &impl Fn(&DraftType) -> TypeRef) -> Member {
    Member {
        name: member.name.clone(),
        target: convert(&member.target),
        required: member.required,
        docs: member.docs.clone(),
        boxed: false,
        deprecated: member.deprecated.clone(),
        constraints: Constraints::default(),
        location: Location::Body,
        source: member.source.clone(),
    }
}

fn to_type_ref(ty: &DraftType, class: &[usize], names: &[String]) -> TypeRef {
    match ty {
        DraftType::Scalar(t) => t.clone(),
        DraftType::List(inner) => TypeRef::List {
            member: Box::new(to_type_ref(inner, class, names)),
        },
        DraftType::Map(key, value) => TypeRef::Map {
            key: Box::new(to_type_ref(key, class, names)),
            value: Box::new(to_type_ref(value, class, names)),
        },
        DraftType::Shape(id) => TypeRef::Named {
            name: names[class[*id]].clone(),
        },
        DraftType::EventStream(id) => TypeRef::EventStream {
            name: names[class[*id]].clone(),
        },
    }
}

/// The final name of every class (see the module docs for the rules).
fn class_names(shapes: &[DraftShape], class: &[usize], first: &[ShapeId]) -> Vec<String> {
    let mut names: Vec<Option<String>> = vec![None; first.len()];
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut wanted: BTreeMap<&str, usize> = BTreeMap::new();
    for (c, &id) in first.iter().enumerate() {
        match &shapes[id].name {
            NameSource::Fixed { name, .. } => {
                names[c] = Some(name.clone());
                taken.insert(name.clone());
            }
            NameSource::Derived { hint, .. } => *wanted.entry(hint.as_str()).or_default() += 1,
        }
    }
    let mut collided = Vec::new();
    for (c, &id) in first.iter().enumerate() {
        if let NameSource::Derived { hint, .. } = &shapes[id].name {
            if wanted.get(hint.as_str()) == Some(&1) && !taken.contains(hint) && !hint.is_empty() {
                names[c] = Some(hint.clone());
            } else {
                collided.push(c);
            }
        }
    }
    for name in names.iter().flatten() {
        taken.insert(name.clone());
    }
    // Parents come before children in build order, so a parent's class is
    // always named before a collided child needs it.
    for c in collided {
        let NameSource::Derived { hint, parent } = &shapes[first[c]].name else {
            continue;
        };
        let parent_name = names[class[*parent]].as_deref().unwrap_or_default();
        let prefix = match &shapes[*parent].name {
            NameSource::Fixed { name, .. } => name
                .strip_suffix("Input")
                .or_else(|| name.strip_suffix("Output"))
                .unwrap_or(name),
            NameSource::Derived { .. } => parent_name,
        };
        let base = format!("{prefix}{hint}");
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        taken.insert(name.clone());
        names[c] = Some(name);
    }
    names.into_iter().map(Option::unwrap_or_default).collect()
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
