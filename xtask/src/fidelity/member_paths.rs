//! The member paths of an operation's input or output, walked on both models at once.
//!
//! Both sides are walked from each operation's input and output through members, list
//! elements and map values, so the names given to nested shapes do not matter: only the
//! member tree does. A cycle stops the walk where a structure repeats on the path.

use std::collections::BTreeSet;

use serde_json::Value;

/// What a member path looks like on one side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Node {
    pub(super) category: &'static str,
    pub(super) required: bool,
    pub(super) enum_values: Option<BTreeSet<String>>,
    /// Its type is already on the path from the operation (boto3 prints it as
    /// recursive).
    pub(super) recursive: bool,
    /// Its docs say boto3 fills it in when not given.
    pub(super) auto_populated: bool,
    /// A structure without members.
    pub(super) empty_structure: bool,
    /// The name of the structure, union or enum it holds.
    pub(super) shape_name: Option<String>,
}

/// `target`'s name when it is a shape the docs could name: a structure, union or enum.
fn shape_name(
    category: &str,
    enum_values: &Option<BTreeSet<String>>,
    target: &str,
) -> Option<String> {
    let named = matches!(category, "structure" | "union" | "event-stream") || enum_values.is_some();
    named.then(|| target.to_owned())
}

/// One member path of the yardstick, with what our model has at the same path.
pub(super) struct PathPair {
    pub(super) path: String,
    pub(super) theirs: Node,
    pub(super) ours: Option<Node>,
}

/// Both models walked together from an operation's input or output.
struct PairWalk<'a> {
    theirs: &'a Value,
    ours: &'a Value,
    is_input: bool,
    pairs: Vec<PathPair>,
    /// Paths of our members that the yardstick's structure at the same path lacks.
    extras: Vec<String>,
    /// The yardstick's shapes from the operation's input or output down to the one
    /// being walked, as boto3's documenter tracks them.
    history: Vec<String>,
}

/// Every member path under the yardstick's `{"shape": ...}` reference `their_root`,
/// each with our node at the same path. Paths are followed on our model by name, so
/// how our model names or shares shapes does not matter.
pub(super) fn pair_paths(
    theirs: &Value,
    ours: &Value,
    their_root: &Value,
    our_root: &Value,
    is_input: bool,
) -> (Vec<PathPair>, Vec<String>) {
    let mut walk = PairWalk {
        theirs,
        ours,
        is_input,
        pairs: Vec::new(),
        extras: Vec::new(),
        history: Vec::new(),
    };
    if let Some(name) = their_root["shape"].as_str() {
        let mut stack = vec![name.to_owned()];
        walk.walk(name, our_root["shape"].as_str(), String::new(), &mut stack);
    }
    (walk.pairs, walk.extras)
}

/// A member of a structure: its node and the shape it targets.
fn member_node<'v>(
    service: &'v Value,
    structure: &'v Value,
    member: &str,
    required: bool,
    history: &[String],
) -> Option<(Node, &'v str)> {
    let reference = &structure["members"][member];
    let target = reference["shape"].as_str()?;
    let docs = reference["documentation"].as_str().unwrap_or_default();
    let category = category(reference, &service["shapes"][target]);
    let enum_values = enum_values(reference, &service["shapes"][target]);
    let mut node = Node {
        shape_name: shape_name(category, &enum_values, target),
        category,
        required,
        enum_values,
        recursive: history.iter().any(|h| h == target),
        // The notes botocore's docs add to parameters it fills in itself.
        auto_populated: docs.contains("automatically populated")
            || docs.contains("if no value is not specified"),
        empty_structure: is_empty_structure(&service["shapes"][target]),
    };
    // A blob payload is the raw HTTP body whether or not botocore marks it
    // streaming, and boto3 documents both alike.
    if node.category == "blob" && structure["payload"] == member {
        node.category = "streaming-blob";
    }
    Some((node, target))
}

/// A list's element or a map's key or value (`part`): its node and target.
fn part_node<'v>(
    service: &'v Value,
    holder: &'v Value,
    part: &str,
    history: &[String],
) -> Option<(Node, &'v str)> {
    let reference = &holder[part];
    let target = reference["shape"].as_str()?;
    let category = category(reference, &service["shapes"][target]);
    let enum_values = enum_values(reference, &service["shapes"][target]);
    Some((
        Node {
            shape_name: shape_name(category, &enum_values, target),
            category,
            required: false,
            enum_values,
            recursive: history.iter().any(|h| h == target),
            auto_populated: false,
            empty_structure: is_empty_structure(&service["shapes"][target]),
        },
        target,
    ))
}

impl PairWalk<'_> {
    fn walk(
        &mut self,
        their_name: &str,
        our_name: Option<&str>,
        path: String,
        stack: &mut Vec<String>,
    ) {
        self.history.push(their_name.to_owned());
        self.walk_shape(their_name, our_name, path, stack);
        self.history.pop();
    }

    fn walk_shape(
        &mut self,
        their_name: &str,
        our_name: Option<&str>,
        path: String,
        stack: &mut Vec<String>,
    ) {
        let (theirs, ours) = (self.theirs, self.ours);
        let shape = &theirs["shapes"][their_name];
        let our_shape = our_name.map(|name| &ours["shapes"][name]);
        match shape["type"].as_str() {
            Some("structure") if !is_document(shape) => {
                let Some(members) = shape["members"].as_object() else {
                    return;
                };
                let is_input = self.is_input;
                let required = |s: &Value, member: &str| {
                    is_input
                        && s["required"]
                            .as_array()
                            .is_some_and(|r| r.iter().any(|m| m == member))
                };
                let our_structure = our_shape.filter(|s| s["type"] == "structure");
                for member in members.keys() {
                    let Some((node, target)) = member_node(
                        theirs,
                        shape,
                        member,
                        required(shape, member),
                        &self.history,
                    ) else {
                        continue;
                    };
                    let ours_here = our_structure
                        .and_then(|s| member_node(ours, s, member, required(s, member), &[]));
                    let member_path = format!("{path}.{member}");
                    self.pair(&member_path, node, ours_here.as_ref().map(|o| o.0.clone()));
                    self.descend(target, ours_here.map(|o| o.1), member_path, stack);
                }
                if let Some(our_members) = our_structure.and_then(|s| s["members"].as_object()) {
                    self.extras.extend(
                        our_members
                            .keys()
                            .filter(|m| !members.contains_key(*m))
                            .map(|m| format!("{path}.{m}")),
                    );
                }
            }
            Some("list") => {
                let Some((node, target)) = part_node(theirs, shape, "member", &self.history) else {
                    return;
                };
                let ours_here = our_shape
                    .filter(|s| s["type"] == "list")
                    .and_then(|s| part_node(ours, s, "member", &[]));
                let element_path = format!("{path}[]");
                self.pair(&element_path, node, ours_here.as_ref().map(|o| o.0.clone()));
                self.descend(target, ours_here.map(|o| o.1), element_path, stack);
            }
            Some("map") => {
                for (part, suffix) in [("key", "{key}"), ("value", "{}")] {
                    let Some((node, target)) = part_node(theirs, shape, part, &self.history) else {
                        continue;
                    };
                    let ours_here = our_shape
                        .filter(|s| s["type"] == "map")
                        .and_then(|s| part_node(ours, s, part, &[]));
                    let part_path = format!("{path}{suffix}");
                    self.pair(&part_path, node, ours_here.as_ref().map(|o| o.0.clone()));
                    if part == "value" {
                        self.descend(target, ours_here.map(|o| o.1), part_path, stack);
                    }
                }
            }
            _ => {}
        }
    }

    fn pair(&mut self, path: &str, theirs: Node, ours: Option<Node>) {
        self.pairs.push(PathPair {
            path: path.to_owned(),
            theirs,
            ours,
        });
    }

    /// Walks into `target` unless it is a structure already on the path (a cycle).
    /// Lists and maps are always walked into: every cycle passes through a structure.
    fn descend(
        &mut self,
        target: &str,
        our_target: Option<&str>,
        path: String,
        stack: &mut Vec<String>,
    ) {
        if self.theirs["shapes"][target]["type"] != "structure" {
            self.walk(target, our_target, path, stack);
            return;
        }
        if stack.iter().any(|s| s == target) {
            return;
        }
        stack.push(target.to_owned());
        self.walk(target, our_target, path, stack);
        stack.pop();
    }
}

fn is_empty_structure(shape: &Value) -> bool {
    shape["type"] == "structure"
        && !is_document(shape)
        && shape["members"].as_object().is_none_or(|m| m.is_empty())
}

fn is_document(shape: &Value) -> bool {
    shape["document"].as_bool() == Some(true)
}

/// The type as the reST docs can tell it: integer/long and float/double are one each.
/// botocore marks streaming on the member reference or on the shape. A `jsonvalue`
/// header carries any JSON value (as base64), which boto3 documents as such: a document.
/// (In a body, boto3 documents a `jsonvalue` as the string it is.)
fn category(reference: &Value, shape: &Value) -> &'static str {
    let flag = |name: &str| shape[name] == true || reference[name] == true;
    match shape["type"].as_str() {
        Some("string") if flag("jsonvalue") && reference["location"] == "header" => "document",
        Some("string") => "string",
        Some("integer" | "long" | "short" | "byte") => "integer",
        Some("float" | "double") => "float",
        Some("boolean") => "boolean",
        Some("timestamp") => "timestamp",
        Some("blob") if flag("streaming") => "streaming-blob",
        Some("blob") => "blob",
        Some("list") => "list",
        Some("map") => "map",
        Some("structure") if flag("document") => "document",
        Some("structure") if flag("eventstream") => "event-stream",
        Some("structure") if flag("union") => "union",
        Some("structure") => "structure",
        _ => "unknown",
    }
}

/// Enum values, on the shape or (rarely) on the member reference.
fn enum_values(reference: &Value, shape: &Value) -> Option<BTreeSet<String>> {
    let values = reference["enum"].as_array().or(shape["enum"].as_array());
    values.map(|values| {
        values
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::fidelity::compare::compare;
    use crate::fidelity::report::{Report, Tally, Unrendered};

    fn plain(ours: &Value, theirs: &Value) -> Report {
        compare(ours, theirs, &Unrendered::default())
    }

    fn tally(found: usize, total: usize, gaps: usize) -> Tally {
        Tally { found, total, gaps }
    }

    #[test]
    fn jsonvalue_headers_are_documents_and_member_enums_count() {
        let model = |ours: bool| {
            // Bound alike: only the types differ.
            let value = if ours {
                json!({"shape": "D", "location": "header"})
            } else {
                json!({"shape": "S", "jsonvalue": true, "location": "header"})
            };
            let kind = if ours {
                json!({"shape": "Kind"})
            } else {
                json!({"shape": "S", "enum": ["A", "B"]})
            };
            json!({"service": {
                "operations": {"Op": {"input": {"shape": "In"}}},
                "shapes": {
                    "In": {"type": "structure", "members": {"attributes": value, "kind": kind}},
                    "S": {"type": "string"},
                    "Kind": {"type": "string", "enum": ["B", "A"]},
                    "D": {"type": "structure", "members": {}, "document": true}
                }
            }})
        };
        let report = plain(&model(true), &model(false));
        assert!(
            report.disagreements.is_empty(),
            "{:?}",
            report.disagreements
        );
        assert_eq!(report.enums, tally(1, 1, 0));
    }

    #[test]
    fn payload_blobs_match_streaming_blobs() {
        let model = |streaming: bool, payload: bool| {
            let mut input = json!({"type": "structure", "members": {"Body": {"shape": "B"}}});
            if streaming {
                input["members"]["Body"]["streaming"] = json!(true);
            }
            if payload {
                input["payload"] = json!("Body");
            }
            json!({"service": {
                "operations": {"Op": {"input": {"shape": "In"}}},
                "shapes": {"In": input, "B": {"type": "blob"}}
            }})
        };
        let report = plain(&model(true, false), &model(false, true));
        assert_eq!(report.types, tally(1, 1, 0));
        let report = plain(&model(true, false), &model(false, false));
        assert_eq!(report.types, tally(0, 1, 0));
    }

    #[test]
    fn cycles_stop_at_structures_whatever_the_lists_are_called() {
        // Value.L is a list of Value. Ours reuses the list shape of the top member,
        // botocore names a second one: the paths must be the same.
        let model = |inner_list: &str| {
            json!({"service": {
                "operations": {"Op": {"input": {"shape": "In"}}},
                "shapes": {
                    "In": {"type": "structure", "members": {"values": {"shape": "Values"}}},
                    "Values": {"type": "list", "member": {"shape": "Value"}},
                    "Inner": {"type": "list", "member": {"shape": "Value"}},
                    "Value": {"type": "structure", "union": true,
                              "members": {"S": {"shape": "S"}, "L": {"shape": inner_list}}},
                    "S": {"type": "string"}
                }
            }})
        };
        let report = plain(&model("Values"), &model("Inner"));
        assert!(
            report.disagreements.is_empty(),
            "{:?}",
            report.disagreements
        );
        // .values, .values[], .values[].S, .values[].L, .values[].L[]
        assert_eq!(report.member_paths, tally(5, 5, 0));
    }

    #[test]
    fn paths_are_followed_on_our_model_whatever_shapes_it_shares() {
        // botocore keeps two identical structures apart (Mapping, Info); ours has one.
        // Its walk stops at Type's second appearance, not at Info's.
        let theirs = json!({"service": {
            "operations": {"Op": {"output": {"shape": "Out"}}},
            "shapes": {
                "Out": {"type": "structure", "members": {"params": {"shape": "Mappings"}}},
                "Mappings": {"type": "list", "member": {"shape": "Mapping"}},
                "Mapping": {"type": "structure",
                            "members": {"Name": {"shape": "S"}, "Type": {"shape": "Type"}}},
                "Type": {"type": "structure", "members": {"Array": {"shape": "Info"}}},
                "Info": {"type": "structure",
                         "members": {"Name": {"shape": "S"}, "Type": {"shape": "Type"}}},
                "S": {"type": "string"}
            }
        }});
        let ours = json!({"service": {
            "operations": {"Op": {"output": {"shape": "Out"}}},
            "shapes": {
                "Out": {"type": "structure", "members": {"params": {"shape": "ListOfInfo"}}},
                "ListOfInfo": {"type": "list", "member": {"shape": "Info"}},
                "Type": {"type": "structure", "members": {"Array": {"shape": "Info"}}},
                "Info": {"type": "structure",
                         "members": {"Name": {"shape": "S"}, "Type": {"shape": "Type"}}},
                "S": {"type": "string"}
            }
        }});
        let report = plain(&ours, &theirs);
        assert!(
            report.disagreements.is_empty(),
            "{:?}",
            report.disagreements
        );
        // .params, [], [].Name, [].Type, [].Type.Array, [].Type.Array.Name,
        // [].Type.Array.Type
        assert_eq!(report.member_paths, tally(7, 7, 0));
    }
}
