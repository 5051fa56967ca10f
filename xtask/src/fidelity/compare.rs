//! Structural comparison of two models in botocore's layout.
//!
//! Both sides are walked from each operation's input and output through members, list
//! elements and map values, so the names given to nested shapes do not matter: only the
//! member tree does. A cycle stops the walk where a structure repeats on the path.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// Found out of total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// How many agree.
    pub found: usize,
    /// How many the yardstick has.
    pub total: usize,
}

impl Tally {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        if ok {
            self.found += 1;
        }
    }

    /// Adds another tally.
    pub fn merge(&mut self, other: Tally) {
        self.found += other.found;
        self.total += other.total;
    }

    /// Percentage, 100 when there is nothing to find.
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            self.found as f64 * 100.0 / self.total as f64
        }
    }
}

/// How one service's recovered model compares with the yardstick.
#[derive(Debug, Default)]
pub struct Report {
    /// Operations present on both sides.
    pub operations: Tally,
    /// Member paths whose type, input-required flag and enum values all agree.
    pub member_paths: Tally,
    /// Member paths whose type agrees (integer/long and float/double count as equal).
    pub types: Tally,
    /// Input member paths whose required flag agrees.
    pub required: Tally,
    /// Enum-typed paths whose values agree.
    pub enums: Tally,
    /// Documented errors of operations, one per (operation, error).
    pub errors: Tally,
    /// Paginators whose four fields all agree.
    pub paginators: Tally,
    /// Every disagreement, by kind.
    pub disagreements: BTreeMap<&'static str, Vec<String>>,
}

impl Report {
    /// Records a disagreement of `kind`.
    pub fn note(&mut self, kind: &'static str, detail: String) {
        self.disagreements.entry(kind).or_default().push(detail);
    }

    /// Adds another report's tallies and disagreements.
    pub fn merge(&mut self, other: Report) {
        self.operations.merge(other.operations);
        self.member_paths.merge(other.member_paths);
        self.types.merge(other.types);
        self.required.merge(other.required);
        self.enums.merge(other.enums);
        self.errors.merge(other.errors);
        self.paginators.merge(other.paginators);
        for (kind, items) in other.disagreements {
            self.disagreements.entry(kind).or_default().extend(items);
        }
    }
}

/// What a member path looks like on one side.
#[derive(Debug, PartialEq, Eq)]
struct Node {
    category: &'static str,
    required: bool,
    enum_values: Option<BTreeSet<String>>,
}

/// Compares `ours` with `theirs`, both `{"service": ..., "paginators": ...}`.
pub fn compare(ours: &Value, theirs: &Value) -> Report {
    let mut report = Report::default();
    let (our_svc, their_svc) = (&ours["service"], &theirs["service"]);
    let empty = serde_json::Map::new();
    let their_ops = their_svc["operations"].as_object().unwrap_or(&empty);
    let our_ops = our_svc["operations"].as_object().unwrap_or(&empty);

    for (name, their_op) in their_ops {
        let Some(our_op) = our_ops.get(name) else {
            report.operations.add(false);
            report.note("missing-operation", name.clone());
            continue;
        };
        report.operations.add(true);
        for (side, is_input) in [("input", true), ("output", false)] {
            let theirs_paths = paths(their_svc, &their_op[side], is_input);
            let ours_paths = paths(our_svc, &our_op[side], is_input);
            compare_paths(&mut report, name, side, &theirs_paths, &ours_paths);
        }
        compare_errors(&mut report, name, their_op, our_op);
    }
    for name in our_ops.keys().filter(|n| !their_ops.contains_key(*n)) {
        report.note("extra-operation", name.clone());
    }
    compare_paginators(&mut report, &ours["paginators"], &theirs["paginators"]);
    report
}

fn compare_paths(
    report: &mut Report,
    op: &str,
    side: &str,
    theirs: &BTreeMap<String, Node>,
    ours: &BTreeMap<String, Node>,
) {
    for (path, their) in theirs {
        let at = format!("{op}.{side}{path}");
        let Some(our) = ours.get(path) else {
            report.member_paths.add(false);
            report.note("missing-member", at);
            continue;
        };
        let type_ok = our.category == their.category;
        report.types.add(type_ok);
        if !type_ok {
            report.note(
                "type",
                format!("{at}: ours {}, botocore {}", our.category, their.category),
            );
        }
        let required_ok = side != "input" || our.required == their.required;
        if side == "input" {
            report.required.add(required_ok);
            if !required_ok {
                report.note(
                    "required",
                    format!("{at}: ours {}, botocore {}", our.required, their.required),
                );
            }
        }
        let enum_ok = match (&our.enum_values, &their.enum_values) {
            (None, None) => true,
            (ours_enum, theirs_enum) => {
                let ok = ours_enum == theirs_enum;
                report.enums.add(ok);
                if !ok {
                    report.note(
                        "enum",
                        format!("{at}: ours {ours_enum:?}, botocore {theirs_enum:?}"),
                    );
                }
                ok
            }
        };
        report.member_paths.add(type_ok && required_ok && enum_ok);
    }
    for path in ours.keys().filter(|p| !theirs.contains_key(*p)) {
        report.note("extra-member", format!("{op}.{side}{path}"));
    }
}

fn compare_errors(report: &mut Report, op: &str, theirs: &Value, ours: &Value) {
    let names = |op: &Value| -> BTreeSet<String> {
        op["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .filter_map(|e| e["shape"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (theirs, ours) = (names(theirs), names(ours));
    for error in &theirs {
        let ok = ours.contains(error);
        report.errors.add(ok);
        if !ok {
            report.note("missing-error", format!("{op}: {error}"));
        }
    }
    for error in ours.difference(&theirs) {
        report.note("extra-error", format!("{op}: {error}"));
    }
}

fn compare_paginators(report: &mut Report, ours: &Value, theirs: &Value) {
    let empty = serde_json::Map::new();
    let their_pages = theirs["pagination"].as_object().unwrap_or(&empty);
    let our_pages = ours["pagination"].as_object().unwrap_or(&empty);
    for (op, their) in their_pages {
        let Some(our) = our_pages.get(op) else {
            report.paginators.add(false);
            report.note("missing-paginator", op.clone());
            continue;
        };
        let mut ok = true;
        for field in ["input_token", "output_token", "limit_key", "result_key"] {
            let (mut a, mut b) = (string_list(&our[field]), string_list(&their[field]));
            // Tokens pair up by position; result keys are a set.
            if field == "result_key" {
                a.sort();
                b.sort();
            }
            if a != b {
                ok = false;
                report.note(
                    "paginator-field",
                    format!("{op}.{field}: ours {a:?}, botocore {b:?}"),
                );
            }
        }
        report.paginators.add(ok);
    }
    for op in our_pages.keys().filter(|op| !their_pages.contains_key(*op)) {
        report.note("extra-paginator", op.clone());
    }
}

/// A token or key field as a list: botocore writes one as a string, several as a list.
fn string_list(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// Every member path under a `{"shape": ...}` reference.
fn paths(service: &Value, root: &Value, is_input: bool) -> BTreeMap<String, Node> {
    let mut out = BTreeMap::new();
    if let Some(name) = root["shape"].as_str() {
        let mut stack = vec![name.to_owned()];
        walk(service, name, String::new(), is_input, &mut stack, &mut out);
    }
    out
}

fn walk(
    service: &Value,
    shape_name: &str,
    path: String,
    is_input: bool,
    stack: &mut Vec<String>,
    out: &mut BTreeMap<String, Node>,
) {
    let shape = &service["shapes"][shape_name];
    match shape["type"].as_str() {
        Some("structure") if !is_document(shape) => {
            let required: BTreeSet<&str> = shape["required"]
                .as_array()
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let Some(members) = shape["members"].as_object() else {
                return;
            };
            for (member, target) in members {
                let Some(target_name) = target["shape"].as_str() else {
                    continue;
                };
                let member_path = format!("{path}.{member}");
                let target_shape = &service["shapes"][target_name];
                out.insert(
                    member_path.clone(),
                    Node {
                        category: category(target_shape),
                        required: is_input && required.contains(member.as_str()),
                        enum_values: enum_values(target_shape),
                    },
                );
                descend(service, target_name, member_path, is_input, stack, out);
            }
        }
        Some("list") => {
            if let Some(member) = shape["member"]["shape"].as_str() {
                let element_path = format!("{path}[]");
                let target_shape = &service["shapes"][member];
                out.insert(
                    element_path.clone(),
                    Node {
                        category: category(target_shape),
                        required: false,
                        enum_values: enum_values(target_shape),
                    },
                );
                descend(service, member, element_path, is_input, stack, out);
            }
        }
        Some("map") => {
            for (part, suffix) in [("key", "{key}"), ("value", "{}")] {
                if let Some(target) = shape[part]["shape"].as_str() {
                    let part_path = format!("{path}{suffix}");
                    let target_shape = &service["shapes"][target];
                    out.insert(
                        part_path.clone(),
                        Node {
                            category: category(target_shape),
                            required: false,
                            enum_values: enum_values(target_shape),
                        },
                    );
                    if part == "value" {
                        descend(service, target, part_path, is_input, stack, out);
                    }
                }
            }
        }
        _ => {}
    }
}

/// Walks into `target` unless it is a structure already on the path (a cycle). Lists
/// and maps are always walked into: every cycle passes through a structure, and whether
/// two lists of the same element share a name differs between the models.
fn descend(
    service: &Value,
    target: &str,
    path: String,
    is_input: bool,
    stack: &mut Vec<String>,
    out: &mut BTreeMap<String, Node>,
) {
    if service["shapes"][target]["type"] != "structure" {
        walk(service, target, path, is_input, stack, out);
        return;
    }
    if stack.iter().any(|s| s == target) {
        return;
    }
    stack.push(target.to_owned());
    walk(service, target, path, is_input, stack, out);
    stack.pop();
}

fn is_document(shape: &Value) -> bool {
    shape["document"].as_bool() == Some(true)
}

/// The type as the reST docs can tell it: integer/long and float/double are one each.
fn category(shape: &Value) -> &'static str {
    let flag = |name: &str| shape[name].as_bool() == Some(true);
    match shape["type"].as_str() {
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

fn enum_values(shape: &Value) -> Option<BTreeSet<String>> {
    shape["enum"].as_array().map(|values| {
        values
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn model(member_type: &str, required: bool, enum_values: Option<Vec<&str>>) -> Value {
        let mut kind = json!({"type": member_type});
        if let Some(values) = enum_values {
            kind["enum"] = json!(values);
        }
        json!({
            "service": {
                "operations": {"Op": {
                    "input": {"shape": "In"}, "output": {"shape": "Out"},
                    "errors": [{"shape": "NotFound"}]
                }},
                "shapes": {
                    "In": {"type": "structure", "required": if required { json!(["x"]) } else { json!([]) },
                           "members": {"x": {"shape": "X"}, "items": {"shape": "Items"}}},
                    "Items": {"type": "list", "member": {"shape": "In"}},
                    "Out": {"type": "structure", "members": {}},
                    "X": kind,
                    "NotFound": {"type": "structure", "members": {}, "exception": true}
                }
            },
            "paginators": {"pagination": {"Op": {"input_token": "x", "output_token": ["t"], "result_key": "items"}}}
        })
    }

    #[test]
    fn identical_models_agree_fully() {
        let report = compare(&model("long", true, None), &model("integer", true, None));
        assert_eq!(report.member_paths, Tally { found: 3, total: 3 });
        assert_eq!(report.paginators, Tally { found: 1, total: 1 });
        assert_eq!(report.errors, Tally { found: 1, total: 1 });
        assert!(
            report.disagreements.is_empty(),
            "{:?}",
            report.disagreements
        );
    }

    #[test]
    fn each_kind_of_disagreement_is_counted_and_listed() {
        let ours = model("string", false, Some(vec!["A"]));
        let theirs = model("string", true, Some(vec!["A", "B"]));
        let report = compare(&ours, &theirs);
        // Every input path has a required flag: `.x` disagrees, `.items` and
        // `.items[]` agree.
        assert_eq!(report.required, Tally { found: 2, total: 3 });
        assert_eq!(report.enums, Tally { found: 0, total: 1 });
        assert_eq!(report.member_paths.found, 2);
        assert!(report.disagreements.contains_key("required"));
        assert!(report.disagreements.contains_key("enum"));

        let report = compare(
            &model("boolean", true, None),
            &model("timestamp", true, None),
        );
        assert_eq!(report.types, Tally { found: 2, total: 3 });
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
        let report = compare(&model("Values"), &model("Inner"));
        assert!(
            report.disagreements.is_empty(),
            "{:?}",
            report.disagreements
        );
        // .values, .values[], .values[].S, .values[].L, .values[].L[]
        assert_eq!(report.member_paths, Tally { found: 5, total: 5 });
    }

    #[test]
    fn result_keys_compare_as_a_set_and_tokens_in_order() {
        let mut ours = model("string", true, None);
        let mut theirs = model("string", true, None);
        ours["paginators"]["pagination"]["Op"]["result_key"] = json!(["b", "a"]);
        theirs["paginators"]["pagination"]["Op"]["result_key"] = json!(["a", "b"]);
        assert_eq!(
            compare(&ours, &theirs).paginators,
            Tally { found: 1, total: 1 }
        );

        ours["paginators"]["pagination"]["Op"]["output_token"] = json!(["u", "t"]);
        theirs["paginators"]["pagination"]["Op"]["output_token"] = json!(["t", "u"]);
        let report = compare(&ours, &theirs);
        assert_eq!(report.paginators, Tally { found: 0, total: 1 });
        assert!(report.disagreements.contains_key("paginator-field"));
    }
}
