//! Real names of the shapes the pages leave unnamed, from the `[names]` table of the
//! wire-facts file.
//!
//! reST pages print nested structures, unions and enums inline; the naming pass derives
//! their names from the members holding them (DynamoDB's `AttributeValue` would be
//! `Parameter`). `cargo xtask import-docs` writes the model's names beside the wire
//! facts: per operation, the shape each input and output member holds (through lists and
//! map values); per named shape, the shape each of its members holds. Every appearance
//! reached this way carries its real name into dedup (two appearances with different real
//! names are never one shape) and naming (the real name is the base name). Names given
//! by the pages (inputs, outputs, errors) always win.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::draft::{Draft, DraftType, NameSource, ShapeId};

/// The `[names]` table: the shape each member holds, by operation and by named shape.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShapeNames {
    /// Operation (wire name) → its input and output members' shapes.
    #[serde(default)]
    pub operations: BTreeMap<String, OperationNames>,
    /// Shape (real name) → its members' shapes.
    #[serde(default)]
    pub shapes: BTreeMap<String, BTreeMap<String, String>>,
}

/// The shapes an operation's input and output members hold, by member wire name.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationNames {
    /// Input members.
    #[serde(default)]
    pub input: BTreeMap<String, Spanned<String>>,
    /// Output members.
    #[serde(default)]
    pub output: BTreeMap<String, Spanned<String>>,
}

impl ShapeNames {
    /// Whether there is nothing to apply.
    pub fn is_empty(&self) -> bool {
        self.operations.is_empty() && self.shapes.is_empty()
    }
}

/// The real name of every draft shape the table reaches from the operations' inputs and
/// outputs; `None` where it says nothing (and for shapes the pages name).
pub fn assign(draft: &Draft, names: &ShapeNames) -> Vec<Option<String>> {
    let shapes = &draft.shapes;
    let mut real: Vec<Option<String>> = vec![None; shapes.len()];
    if names.is_empty() {
        return real;
    }
    let fixed: BTreeMap<&str, ShapeId> = shapes
        .iter()
        .enumerate()
        .filter_map(|(id, s)| match &s.name {
            NameSource::Fixed { name, .. } => Some((name.as_str(), id)),
            NameSource::Derived { .. } => None,
        })
        .collect();
    let mut work: Vec<ShapeId> = Vec::new();
    let name_members = |id: ShapeId,
                        table: &BTreeMap<String, &str>,
                        real: &mut Vec<Option<String>>,
                        work: &mut Vec<ShapeId>| {
        for member in shapes[id].kind.members() {
            let (Some(name), Some(child)) = (table.get(&member.name), value_shape(&member.target))
            else {
                continue;
            };
            if matches!(shapes[child].name, NameSource::Derived { .. }) && real[child].is_none() {
                real[child] = Some((*name).to_owned());
                work.push(child);
            }
        }
    };
    for op in draft.service.operations.values() {
        let Some(tables) = names.operations.get(&op.name) else {
            continue;
        };
        for (shape, table) in [(&op.input, &tables.input), (&op.output, &tables.output)] {
            if let Some(&id) = fixed.get(shape.as_str()) {
                let table = table.iter().map(|(k, v)| (k.clone(), v.get_ref().as_str()));
                name_members(id, &table.collect(), &mut real, &mut work);
            }
        }
    }
    while let Some(id) = work.pop() {
        let table = real[id].as_ref().and_then(|name| names.shapes.get(name));
        if let Some(table) = table {
            let table = table.iter().map(|(k, v)| (k.clone(), v.as_str()));
            name_members(id, &table.collect(), &mut real, &mut work);
        }
    }
    real
}

/// The shape a member's type holds through lists and map values (not map keys: the
/// model names what a member holds, and a map's key is a plain string or an enum).
fn value_shape(ty: &DraftType) -> Option<ShapeId> {
    match ty {
        DraftType::Scalar(_) => None,
        DraftType::List(inner) | DraftType::Map(_, inner) => value_shape(inner),
        DraftType::Shape(id) | DraftType::EventStream(id) => Some(*id),
    }
}
