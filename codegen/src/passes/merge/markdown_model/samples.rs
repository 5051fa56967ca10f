//! Syntax samples: the documented skeletons with typed placeholder values.

use serde_json::{json, Value};

use super::Builder;
use crate::diagnostics::excerpt;
use crate::ir::{Location, Member, ShapeKind, TypeRef};
use crate::parse::markdown::{Skeleton, SyntaxBlock};

impl Builder {
    /// The documented skeleton with its placeholders replaced by typed sample values;
    /// members that travel outside the body are added from their types.
    pub(super) fn sample(
        &mut self,
        syntax: Option<&SyntaxBlock>,
        members: &[Member],
        owner: &str,
    ) -> Option<Value> {
        let syntax = syntax?;
        let mut object = serde_json::Map::new();
        for member in members {
            if !matches!(member.location, Location::Body) {
                let value = self.leaf(&member.target, None, 0);
                object.insert(member.name.clone(), value);
            }
        }
        match &syntax.body {
            Some(Skeleton::Object(fields)) => {
                for (key, value) in fields {
                    let Some(member) = members.iter().find(|m| m.name == *key) else {
                        self.warn(
                            "skeleton-mismatch",
                            &syntax.source,
                            format!(
                                "the syntax block has `{key}`, which `{owner}` does not document"
                            ),
                        );
                        continue;
                    };
                    let target = member.target.clone();
                    let sample = self.value(value, &target, 0);
                    object.insert(key.clone(), sample);
                }
            }
            Some(other) => {
                self.warn(
                    "skeleton-mismatch",
                    &syntax.source,
                    format!(
                        "the body of `{owner}` is not a JSON object: {}",
                        excerpt(&format!("{other:?}"))
                    ),
                );
            }
            None => {}
        }
        Some(Value::Object(object))
    }

    pub(super) fn value(&mut self, skeleton: &Skeleton, target: &TypeRef, depth: usize) -> Value {
        if depth > 64 {
            return Value::Null;
        }
        match (skeleton, target) {
            (Skeleton::Array(items), TypeRef::List { member }) => Value::Array(
                items
                    .iter()
                    .take(1)
                    .map(|item| self.value(item, member, depth + 1))
                    .collect(),
            ),
            (Skeleton::Object(fields), TypeRef::Map { value, .. }) => {
                let mut object = serde_json::Map::new();
                for (key, item) in fields.iter().take(1) {
                    object.insert(key.clone(), self.value(item, value, depth + 1));
                }
                Value::Object(object)
            }
            (Skeleton::Object(fields), TypeRef::Named { name }) => {
                let members = self
                    .shapes
                    .get(name)
                    .map(|shape| shape.kind.members().to_vec())
                    .unwrap_or_default();
                let mut object = serde_json::Map::new();
                for (key, item) in fields {
                    // Shapes without a page take the skeleton's word for their members.
                    let value = match members.iter().find(|m| m.name == *key) {
                        Some(member) => self.value(item, &member.target, depth + 1),
                        None => untyped(item),
                    };
                    object.insert(key.clone(), value);
                }
                Value::Object(object)
            }
            (_, target) => self.leaf(target, Some(skeleton), depth),
        }
    }

    pub(super) fn leaf(
        &mut self,
        target: &TypeRef,
        skeleton: Option<&Skeleton>,
        depth: usize,
    ) -> Value {
        match target {
            TypeRef::String => json!("string"),
            TypeRef::Boolean => json!(true),
            TypeRef::Integer { .. } => json!(123),
            TypeRef::Float { .. } => json!(123.0),
            TypeRef::Timestamp => json!(1_420_070_400),
            TypeRef::Blob | TypeRef::StreamingBlob => json!("Ynl0ZXM="),
            TypeRef::Document => json!({}),
            TypeRef::List { member } if depth < 64 => json!([self.leaf(member, None, depth + 1)]),
            TypeRef::Map { value, .. } if depth < 64 => {
                json!({ "string": self.leaf(value, None, depth + 1) })
            }
            TypeRef::Named { name } | TypeRef::EventStream { name } => {
                match self.shapes.get(name).map(|s| &s.kind) {
                    Some(ShapeKind::Enum { values }) => {
                        values.first().map_or(json!("string"), |v| json!(v))
                    }
                    _ => skeleton.map_or(json!({}), untyped),
                }
            }
            _ => Value::Null,
        }
    }
}

/// A skeleton value with no documented type: placeholders by their spelling.
fn untyped(skeleton: &Skeleton) -> Value {
    match skeleton {
        Skeleton::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(key, value)| (key.clone(), untyped(value)))
                .collect(),
        ),
        Skeleton::Array(items) => Value::Array(items.iter().take(1).map(untyped).collect()),
        Skeleton::Quoted(_) => json!("string"),
        Skeleton::Bare(_) => match skeleton.placeholder() {
            Some("boolean" | "true" | "false") => json!(true),
            _ => json!(123),
        },
    }
}
