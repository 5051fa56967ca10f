//! Structural comparison of two models in botocore's layout.
//!
//! Both sides are walked from each operation's input and output through members, list
//! elements and map values, so the names given to nested shapes do not matter: only the
//! member tree does. A cycle stops the walk where a structure repeats on the path.
//!
//! Each disagreement is either a failure of the generator or a gap the docs cannot
//! resolve ([`Gap`]); gaps are listed apart and left out of the percentages, which are
//! taken over what the docs state. Every tally keeps its gap count, so the figure over
//! everything botocore has stays visible.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// Found out of total, plus the cases the docs cannot resolve.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// How many agree.
    pub found: usize,
    /// How many the yardstick has that the docs state (gaps excluded).
    pub total: usize,
    /// How many the docs cannot resolve (not in `total`).
    pub gaps: usize,
}

impl Tally {
    pub(super) fn add(&mut self, ok: bool) {
        self.total += 1;
        if ok {
            self.found += 1;
        }
    }

    pub(super) fn add_gap(&mut self) {
        self.gaps += 1;
    }

    /// Adds another tally.
    pub fn merge(&mut self, other: Tally) {
        self.found += other.found;
        self.total += other.total;
        self.gaps += other.gaps;
    }

    /// Percentage over what the docs state, 100 when there is nothing to find.
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            self.found as f64 * 100.0 / self.total as f64
        }
    }

    /// Percentage over everything the yardstick has, gaps included.
    pub fn percent_of_all(&self) -> f64 {
        let all = self.total + self.gaps;
        if all == 0 {
            100.0
        } else {
            self.found as f64 * 100.0 / all as f64
        }
    }
}

/// A kind of difference the docs cannot resolve. Its name is the kind listed in the
/// report; `docs/corpus.md` explains each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gap {
    /// boto3 did not render a section of the operation's page (too large): what it
    /// would have said is unknown.
    NotRendered,
    /// An operation whose input is an event stream: boto3 cannot call it and publishes
    /// no page for it.
    InputEventStream,
    /// The enum values of a map's keys: boto3 prints every key as `'string'`.
    MapKeyEnum,
    /// A paginator token or result key that is a JMESPath expression
    /// (`Shards[-1].ShardId`, `NextMarker || Contents[-1].Key`): the pages name members.
    PaginatorExpression,
    /// The required flag of a member whose type repeats an enclosing one: boto3 prints
    /// it as `{'... recursive ...'}` and drops its `**[REQUIRED]**` mark.
    RecursiveRequired,
    /// The required flag of a parameter boto3 fills in itself: it removes the mark and
    /// says so ("automatically populated", glacier's `accountId`).
    AutoPopulated,
    /// A string holding JSON that boto3 decodes into a dict (IAM policy documents,
    /// CloudFormation templates): it documents a `dict` shown as `{}` without a
    /// required mark, exactly as it documents an empty structure.
    JsonAsDict,
    /// A parameter botocore hides from the docs because it fills it in itself (S3's
    /// `ContentMD5` where botocore computes the header).
    HiddenParam,
}

impl Gap {
    /// The kind's name in the report.
    pub fn name(self) -> &'static str {
        match self {
            Gap::NotRendered => "not-rendered",
            Gap::InputEventStream => "input-event-stream",
            Gap::MapKeyEnum => "map-key-enum",
            Gap::PaginatorExpression => "paginator-expression",
            Gap::RecursiveRequired => "recursive-required",
            Gap::AutoPopulated => "auto-populated",
            Gap::JsonAsDict => "json-as-dict",
            Gap::HiddenParam => "hidden-param",
        }
    }
}

/// What the docs of one service leave out, from the diagnostics of loading it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Unrendered {
    /// `(operation, "input" | "output")` whose page has a section boto3 did not render.
    pub sides: BTreeSet<(String, &'static str)>,
    /// Operations whose paginator page has a section boto3 did not render.
    pub paginators: BTreeSet<String>,
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
    /// Bindings botocore states (HTTP method and URI, success code, host prefix,
    /// payload, member locations, wire names, timestamp formats) that agree.
    pub bindings: Tally,
    /// XML facts of restXml, awsQuery and ec2Query services (names, attributes,
    /// flattened, namespaces, input roots, error codes and statuses) that agree.
    pub xml: Tally,
    /// Operations' body checksum traits that agree.
    pub checksums: Tally,
    /// Member paths to a structure, union or enum whose shape name agrees (names are not
    /// in `member_paths`: the reST pages print nested shapes without names).
    pub shape_names: Tally,
    /// The paths whose shape name differs (apart from the disagreements: a name does
    /// not make a member path wrong).
    pub shape_name_misses: Vec<String>,
    /// Every disagreement the docs could have resolved, by kind.
    pub disagreements: BTreeMap<&'static str, Vec<String>>,
    /// Every difference the docs cannot resolve, by gap kind.
    pub gaps: BTreeMap<&'static str, Vec<String>>,
}

impl Report {
    /// Records a disagreement of `kind`.
    pub fn note(&mut self, kind: &'static str, detail: String) {
        self.disagreements.entry(kind).or_default().push(detail);
    }

    pub(super) fn note_gap(&mut self, gap: Gap, detail: String) {
        self.gaps.entry(gap.name()).or_default().push(detail);
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
        self.bindings.merge(other.bindings);
        self.xml.merge(other.xml);
        self.checksums.merge(other.checksums);
        self.shape_names.merge(other.shape_names);
        self.shape_name_misses.extend(other.shape_name_misses);
        for (kind, items) in other.disagreements {
            self.disagreements.entry(kind).or_default().extend(items);
        }
        for (kind, items) in other.gaps {
            self.gaps.entry(kind).or_default().extend(items);
        }
    }
}

/// What a member path looks like on one side.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Node {
    category: &'static str,
    required: bool,
    enum_values: Option<BTreeSet<String>>,
    /// Its type is already on the path from the operation (boto3 prints it as
    /// recursive).
    recursive: bool,
    /// Its docs say boto3 fills it in when not given.
    auto_populated: bool,
    /// A structure without members.
    empty_structure: bool,
    /// The name of the structure, union or enum it holds.
    shape_name: Option<String>,
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

/// One member path of the yardstick, with what our model has at the same path.
struct PathPair {
    path: String,
    theirs: Node,
    ours: Option<Node>,
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
fn pair_paths(
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
