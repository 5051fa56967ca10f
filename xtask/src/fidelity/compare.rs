//! Structural comparison of two models in botocore's layout: operations, the member
//! paths of their inputs and outputs ([`member_paths`](super::member_paths)), errors and
//! paginators, each difference counted as a failure or a gap ([`super::report`]).

use std::collections::BTreeSet;

use serde_json::Value;

use super::member_paths::{pair_paths, PathPair};
use super::report::{Gap, Report, Tally, Unrendered};

/// Compares `ours` with `theirs`, both `{"service": ..., "paginators": ...}`;
/// `unrendered` says which parts of the docs boto3 did not render.
pub fn compare(ours: &Value, theirs: &Value, unrendered: &Unrendered) -> Report {
    let mut report = Report::default();
    let (our_svc, their_svc) = (&ours["service"], &theirs["service"]);
    let empty = serde_json::Map::new();
    let their_ops = their_svc["operations"].as_object().unwrap_or(&empty);
    let our_ops = our_svc["operations"].as_object().unwrap_or(&empty);

    for (name, their_op) in their_ops {
        let Some(our_op) = our_ops.get(name) else {
            if has_input_event_stream(their_svc, their_op) {
                report.operations.add_gap();
                report.note_gap(Gap::InputEventStream, name.clone());
            } else {
                report.operations.add(false);
                report.note("missing-operation", name.clone());
            }
            continue;
        };
        report.operations.add(true);
        for (side, is_input) in [("input", true), ("output", false)] {
            let (pairs, extras) =
                pair_paths(their_svc, our_svc, &their_op[side], &our_op[side], is_input);
            let not_rendered = unrendered.sides.contains(&(name.clone(), side));
            let at = Side {
                hidden: hidden_params(theirs, name, side),
                op: name,
                side,
                not_rendered,
            };
            compare_paths(&mut report, &at, pairs, extras);
        }
        compare_errors(&mut report, name, their_op, our_op);
        super::bindings::compare(&mut report, name, ours, theirs);
        super::xml::compare(&mut report, name, ours, theirs, unrendered);
    }
    for name in our_ops.keys().filter(|n| !their_ops.contains_key(*n)) {
        report.note("extra-operation", name.clone());
    }
    compare_paginators(
        &mut report,
        &ours["paginators"],
        &theirs["paginators"],
        &unrendered.paginators,
    );
    report
}

/// The members of operation `op`'s `side` botocore hides from the docs (written beside
/// its model by `botocore_models.py`).
pub(super) fn hidden_params<'v>(theirs: &'v Value, op: &str, side: &str) -> Vec<&'v str> {
    if side != "input" {
        return Vec::new();
    }
    theirs["hidden"][op]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// True when the operation's input has a member that is an event stream.
fn has_input_event_stream(service: &Value, op: &Value) -> bool {
    let Some(input) = op["input"]["shape"].as_str() else {
        return false;
    };
    service["shapes"][input]["members"]
        .as_object()
        .is_some_and(|members| {
            members.values().any(|m| {
                m["shape"]
                    .as_str()
                    .is_some_and(|t| service["shapes"][t]["eventstream"] == true)
            })
        })
}

/// One side of one operation.
struct Side<'a> {
    op: &'a str,
    side: &'static str,
    /// boto3 did not render a section of this side: every difference is a gap.
    not_rendered: bool,
    /// Top-level members botocore hides from the docs of this side.
    hidden: Vec<&'a str>,
}

/// One difference found at a path, and whether the docs could have resolved it.
struct Problem {
    kind: &'static str,
    detail: String,
    gap: Option<Gap>,
}

fn compare_paths(report: &mut Report, at: &Side<'_>, pairs: Vec<PathPair>, extras: Vec<String>) {
    let side_gap = at.not_rendered.then_some(Gap::NotRendered);
    for PathPair {
        path,
        theirs: their,
        ours,
    } in pairs
    {
        let here = format!("{}.{}{path}", at.op, at.side);
        let Some(our) = ours else {
            let hidden = path
                .strip_prefix('.')
                .is_some_and(|member| at.hidden.contains(&member));
            record(
                report,
                vec![Problem {
                    kind: "missing-member",
                    detail: here,
                    gap: side_gap.or(hidden.then_some(Gap::HiddenParam)),
                }],
                |r| &mut r.member_paths,
            );
            continue;
        };
        // Map keys are left out: the docs never show a key's enum.
        if let Some(name) = their
            .shape_name
            .as_ref()
            .filter(|_| !path.ends_with("{key}"))
        {
            let ok = our.shape_name.as_ref() == Some(name);
            report.shape_names.add(ok);
            if !ok {
                let ours = our.shape_name.as_deref().unwrap_or("-");
                let miss = format!("{here}: ours {ours}, botocore {name}");
                report.shape_name_misses.push(miss);
            }
        }
        let side_gap = side_gap
            .or((their.category == "string" && our.empty_structure).then_some(Gap::JsonAsDict));
        let mut problems = Vec::new();
        let type_problem = (our.category != their.category).then(|| Problem {
            kind: "type",
            detail: format!("{here}: ours {}, botocore {}", our.category, their.category),
            gap: side_gap,
        });
        tally_one(report, |r| &mut r.types, &type_problem);
        problems.extend(type_problem);
        if at.side == "input" {
            let required_problem = (our.required != their.required).then(|| Problem {
                kind: "required",
                detail: format!("{here}: ours {}, botocore {}", our.required, their.required),
                gap: side_gap
                    .or(their.recursive.then_some(Gap::RecursiveRequired))
                    .or(our.auto_populated.then_some(Gap::AutoPopulated)),
            });
            tally_one(report, |r| &mut r.required, &required_problem);
            problems.extend(required_problem);
        }
        if our.enum_values.is_some() || their.enum_values.is_some() {
            let enum_problem = (our.enum_values != their.enum_values).then(|| Problem {
                kind: "enum",
                detail: format!(
                    "{here}: ours {:?}, botocore {:?}",
                    our.enum_values, their.enum_values
                ),
                gap: side_gap.or_else(|| {
                    (path.ends_with("{key}") && our.enum_values.is_none())
                        .then_some(Gap::MapKeyEnum)
                }),
            });
            tally_one(report, |r| &mut r.enums, &enum_problem);
            problems.extend(enum_problem);
        }
        record(report, problems, |r| &mut r.member_paths);
    }
    for path in extras {
        let here = format!("{}.{}{path}", at.op, at.side);
        match side_gap {
            Some(gap) => report.note_gap(gap, format!("extra {here}")),
            None => report.note("extra-member", here),
        }
    }
}

/// Counts one check of a sub-tally: agreement, failure or gap.
fn tally_one(
    report: &mut Report,
    tally: impl Fn(&mut Report) -> &mut Tally,
    problem: &Option<Problem>,
) {
    match problem {
        None => tally(report).add(true),
        Some(Problem { gap: Some(_), .. }) => tally(report).add_gap(),
        Some(Problem { gap: None, .. }) => tally(report).add(false),
    }
}

/// Counts one item of `tally` and notes its problems: it agrees when there are none,
/// is a gap when every problem is one, and fails otherwise.
fn record(report: &mut Report, problems: Vec<Problem>, tally: impl Fn(&mut Report) -> &mut Tally) {
    if problems.is_empty() {
        tally(report).add(true);
        return;
    }
    if problems.iter().all(|p| p.gap.is_some()) {
        tally(report).add_gap();
    } else {
        tally(report).add(false);
    }
    for problem in problems {
        match problem.gap {
            Some(gap) => report.note_gap(gap, format!("{}: {}", problem.kind, problem.detail)),
            None => report.note(problem.kind, problem.detail),
        }
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

fn compare_paginators(
    report: &mut Report,
    ours: &Value,
    theirs: &Value,
    unrendered: &BTreeSet<String>,
) {
    let empty = serde_json::Map::new();
    let their_pages = theirs["pagination"].as_object().unwrap_or(&empty);
    let our_pages = ours["pagination"].as_object().unwrap_or(&empty);
    for (op, their) in their_pages {
        let Some(our) = our_pages.get(op) else {
            report.paginators.add(false);
            report.note("missing-paginator", op.clone());
            continue;
        };
        let mut problems = Vec::new();
        for field in ["input_token", "output_token", "limit_key", "result_key"] {
            let (mut a, mut b) = (string_list(&our[field]), string_list(&their[field]));
            // Tokens pair up by position; result keys are a set.
            if field == "result_key" {
                a.sort();
                b.sort();
            }
            if a != b {
                let gap = if unrendered.contains(op) {
                    Some(Gap::NotRendered)
                } else if b.iter().any(|key| is_expression(key)) {
                    Some(Gap::PaginatorExpression)
                } else {
                    None
                };
                problems.push(Problem {
                    kind: "paginator-field",
                    detail: format!("{op}.{field}: ours {a:?}, botocore {b:?}"),
                    gap,
                });
            }
        }
        record(report, problems, |r| &mut r.paginators);
    }
    for op in our_pages.keys().filter(|op| !their_pages.contains_key(*op)) {
        report.note("extra-paginator", op.clone());
    }
}

/// A JMESPath expression rather than a member path: `Shards[-1].ShardId`, `A || B`.
fn is_expression(key: &str) -> bool {
    key.contains(['[', '|', '(', ' '])
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

    fn plain(ours: &Value, theirs: &Value) -> Report {
        compare(ours, theirs, &Unrendered::default())
    }

    fn tally(found: usize, total: usize, gaps: usize) -> Tally {
        Tally { found, total, gaps }
    }

    #[test]
    fn identical_models_agree_fully() {
        let report = plain(&model("long", true, None), &model("integer", true, None));
        assert_eq!(report.member_paths, tally(3, 3, 0));
        assert_eq!(report.paginators, tally(1, 1, 0));
        assert_eq!(report.errors, tally(1, 1, 0));
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
        let report = plain(&ours, &theirs);
        // Every input path has a required flag: `.x` disagrees, `.items` and
        // `.items[]` agree.
        assert_eq!(report.required, tally(2, 3, 0));
        assert_eq!(report.enums, tally(0, 1, 0));
        assert_eq!(report.member_paths.found, 2);
        assert!(report.disagreements.contains_key("required"));
        assert!(report.disagreements.contains_key("enum"));
        assert!(report.gaps.is_empty());

        let report = plain(
            &model("boolean", true, None),
            &model("timestamp", true, None),
        );
        assert_eq!(report.types, tally(2, 3, 0));
    }

    #[test]
    fn differences_on_a_side_boto3_did_not_render_are_gaps() {
        let ours = json!({"service": {
            "operations": {"Op": {"input": {"shape": "In"}}},
            "shapes": {"In": {"type": "structure", "members": {}}}
        }});
        let theirs = model("string", true, None);
        let unrendered = Unrendered {
            sides: [("Op".to_owned(), "input")].into(),
            paginators: BTreeSet::new(),
        };
        let report = compare(&ours, &theirs, &unrendered);
        assert_eq!(report.member_paths, tally(0, 0, 3));
        assert_eq!(report.gaps["not-rendered"].len(), 3);
        assert!(!report.disagreements.contains_key("missing-member"));
        // Without the diagnostic, the same paths are failures.
        let report = plain(&ours, &theirs);
        assert_eq!(report.member_paths, tally(0, 3, 0));
    }

    #[test]
    fn map_key_enums_and_input_event_streams_are_gaps() {
        let with_map = |key_enum: bool| {
            let mut key = json!({"type": "string"});
            if key_enum {
                key["enum"] = json!(["A"]);
            }
            json!({"service": {
                "operations": {
                    "Op": {"input": {"shape": "In"}},
                    "Talk": {"input": {"shape": "TalkIn"}}
                },
                "shapes": {
                    "In": {"type": "structure", "members": {"m": {"shape": "M"}}},
                    "M": {"type": "map", "key": {"shape": "K"}, "value": {"shape": "V"}},
                    "K": key,
                    "V": {"type": "string"},
                    "TalkIn": {"type": "structure", "members": {"s": {"shape": "S"}}},
                    "S": {"type": "structure", "eventstream": true, "members": {}}
                }
            }})
        };
        let mut ours = with_map(false);
        ours["service"]["operations"]
            .as_object_mut()
            .map(|ops| ops.remove("Talk"));
        let report = plain(&ours, &with_map(true));
        assert_eq!(report.operations, tally(1, 1, 1));
        assert_eq!(report.gaps["input-event-stream"], ["Talk"]);
        assert_eq!(report.member_paths, tally(2, 2, 1));
        assert_eq!(report.gaps["map-key-enum"].len(), 1);
        assert!(
            report.disagreements.is_empty(),
            "{:?}",
            report.disagreements
        );
    }

    #[test]
    fn required_flags_boto3_does_not_print_are_gaps() {
        // Step.steps repeats the list around it: boto3 prints it as recursive and
        // without its required mark. `account` is filled in by boto3 itself.
        let theirs = json!({"service": {
            "operations": {"Op": {"input": {"shape": "In"}}},
            "shapes": {
                "In": {"type": "structure", "required": ["steps", "account"],
                       "members": {"steps": {"shape": "Steps"}, "account": {"shape": "S"}}},
                "Steps": {"type": "list", "member": {"shape": "Step"}},
                "Step": {"type": "structure", "required": ["steps"],
                         "members": {"steps": {"shape": "Steps"}}},
                "S": {"type": "string"}
            }
        }});
        let mut ours = theirs.clone();
        ours["service"]["shapes"]["In"]["required"] = json!(["steps"]);
        ours["service"]["shapes"]["Step"]["required"] = json!([]);
        ours["service"]["shapes"]["In"]["members"]["account"]["documentation"] =
            json!("The account. Note: this parameter is set to \"-\" bydefault if no value is not specified.");
        let report = plain(&ours, &theirs);
        assert!(
            report.disagreements.is_empty(),
            "{:?}",
            report.disagreements
        );
        assert_eq!(report.gaps["recursive-required"].len(), 1);
        assert_eq!(report.gaps["auto-populated"].len(), 1);
        // .steps, .steps[] and .steps[].steps[] agree; .steps[].steps and .account
        // are the gaps.
        assert_eq!(report.required, tally(3, 3, 2));
    }

    #[test]
    fn json_strings_boto3_documents_as_dicts_are_gaps() {
        let model = |ours: bool| {
            let policy = if ours {
                json!({"type": "structure", "members": {}})
            } else {
                json!({"type": "string"})
            };
            let required = if ours { json!([]) } else { json!(["Policy"]) };
            json!({"service": {
                "operations": {"Op": {"input": {"shape": "In"}}},
                "shapes": {
                    "In": {"type": "structure", "required": required,
                           "members": {"Policy": {"shape": "P"}}},
                    "P": policy
                }
            }})
        };
        let report = plain(&model(true), &model(false));
        assert!(
            report.disagreements.is_empty(),
            "{:?}",
            report.disagreements
        );
        assert_eq!(report.gaps["json-as-dict"].len(), 2);
        assert_eq!(report.member_paths, tally(0, 0, 1));
    }

    #[test]
    fn result_keys_compare_as_a_set_and_tokens_in_order() {
        let mut ours = model("string", true, None);
        let mut theirs = model("string", true, None);
        ours["paginators"]["pagination"]["Op"]["result_key"] = json!(["b", "a"]);
        theirs["paginators"]["pagination"]["Op"]["result_key"] = json!(["a", "b"]);
        assert_eq!(plain(&ours, &theirs).paginators, tally(1, 1, 0));

        ours["paginators"]["pagination"]["Op"]["output_token"] = json!(["u", "t"]);
        theirs["paginators"]["pagination"]["Op"]["output_token"] = json!(["t", "u"]);
        let report = plain(&ours, &theirs);
        assert_eq!(report.paginators, tally(0, 1, 0));
        assert!(report.disagreements.contains_key("paginator-field"));

        theirs["paginators"]["pagination"]["Op"]["output_token"] = json!("Items[-1].Id");
        let report = plain(&ours, &theirs);
        assert_eq!(report.paginators, tally(0, 0, 1));
        assert!(report.gaps.contains_key("paginator-expression"));
    }
}
