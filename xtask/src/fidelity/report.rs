//! What a comparison found: tallies, gap kinds and the report of one service or all.
//!
//! Each disagreement is either a failure of the generator or a gap the docs cannot
//! resolve ([`Gap`]); gaps are listed apart and left out of the percentages, which are
//! taken over what the docs state. Every tally keeps its gap count, so the figure over
//! everything botocore has stays visible.

use std::collections::{BTreeMap, BTreeSet};

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
