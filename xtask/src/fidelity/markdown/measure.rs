//! The model of a service, in botocore's layout, measured against botocore's own, fact
//! by fact, each difference sorted by what the published pages print.
//!
//! Both models are walked together from each operation's input and output, members
//! paired by name, through list members and map values. Every fact botocore has is
//! one of:
//!
//! - **equal**;
//! - **absent**: these pages are older than botocore and do not have it (no page, or the
//!   page does not list the member or error);
//! - **printed**: the pages print something else (a label `ARN` where botocore now has
//!   `Resource`, `Type: Integer` where it has `long`), and the model says what they print;
//! - **not stated**: the pages do not say (no `Type:` line, so no width);
//! - **misread**: the pages say what botocore says, or something the model does not
//!   have: the generator's fault.
//!
//! Percentages are taken over equal and misread facts; the rest is listed by kind.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

mod walk;

use super::pages::{Part, Printed};
use walk::{Place, Walk};

/// How one fact compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Equal,
    Absent,
    Printed,
    NotStated,
    Misread,
}

impl Class {
    pub fn name(self) -> &'static str {
        match self {
            Class::Equal => "equal",
            Class::Absent => "absent from these pages",
            Class::Printed => "printed otherwise by the pages",
            Class::NotStated => "not stated by the pages",
            Class::Misread => "misread",
        }
    }
}

/// The facts measured, in report order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fact {
    Operations,
    Errors,
    MemberPaths,
    MemberNames,
    ShapeNames,
    Types,
    Widths,
    Methods,
    Uris,
    ResponseCodes,
    Locations,
}

impl Fact {
    pub const ALL: [Fact; 11] = [
        Fact::Operations,
        Fact::Errors,
        Fact::MemberPaths,
        Fact::MemberNames,
        Fact::ShapeNames,
        Fact::Types,
        Fact::Widths,
        Fact::Methods,
        Fact::Uris,
        Fact::ResponseCodes,
        Fact::Locations,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Fact::Operations => "operations",
            Fact::Errors => "errors of operations",
            Fact::MemberPaths => "member paths",
            Fact::MemberNames => "member names",
            Fact::ShapeNames => "shape names",
            Fact::Types => "member types",
            Fact::Widths => "numeric widths",
            Fact::Methods => "HTTP methods",
            Fact::Uris => "request URIs",
            Fact::ResponseCodes => "success codes",
            Fact::Locations => "member locations",
        }
    }
}

/// Every fact measured, by fact and class, each with what it is about.
#[derive(Debug, Default)]
pub struct Measures {
    pub items: BTreeMap<(Fact, Class), Vec<String>>,
}

impl Measures {
    fn note(&mut self, fact: Fact, class: Class, detail: String) {
        self.items.entry((fact, class)).or_default().push(detail);
    }

    pub fn count(&self, fact: Fact, class: Class) -> usize {
        self.items.get(&(fact, class)).map_or(0, Vec::len)
    }

    /// Equal out of equal and misread, in percent (100 when there is nothing).
    pub fn percent(&self, fact: Fact) -> f64 {
        let equal = self.count(fact, Class::Equal);
        let total = equal + self.count(fact, Class::Misread);
        if total == 0 {
            100.0
        } else {
            equal as f64 * 100.0 / total as f64
        }
    }
}

/// Our model and botocore's, both `service-2.json` documents; `unknown_widths` are our
/// (shape, member) numbers whose width no source states; `printed` the pages.
pub struct Sides<'a> {
    pub ours: &'a Value,
    pub theirs: &'a Value,
    pub unknown_widths: &'a BTreeSet<(String, String)>,
    pub printed: &'a Printed,
}

/// Measures every operation of botocore's model.
pub fn measure(sides: &Sides<'_>) -> Measures {
    let mut m = Measures::default();
    let empty = Map::new();
    let theirs_ops = sides.theirs["operations"].as_object().unwrap_or(&empty);
    let ours_ops = sides.ours["operations"].as_object().unwrap_or(&empty);
    for (name, their) in theirs_ops {
        let has_page = sides.printed.pages.contains_key(name);
        let Some(our) = ours_ops.get(name) else {
            let class = if has_page {
                Class::Misread
            } else {
                Class::Absent
            };
            m.note(Fact::Operations, class, name.clone());
            continue;
        };
        m.note(Fact::Operations, Class::Equal, name.clone());
        errors(&mut m, sides, name, their, our);
        http(&mut m, sides, name, their, our);
        for (side, part) in [("input", Part::Request), ("output", Part::Response)] {
            let (Some(t), Some(o)) = (their[side]["shape"].as_str(), our[side]["shape"].as_str())
            else {
                continue;
            };
            let mut walk = Walk {
                sides,
                m: &mut m,
                stack: vec![t.to_string()],
            };
            let at = Place {
                page: name,
                part,
                path: &format!("{name}.{side}"),
            };
            walk.structure(t, o, &at);
        }
    }
    m
}

fn errors(m: &mut Measures, sides: &Sides<'_>, op: &str, their: &Value, our: &Value) {
    let names = |op: &Value| -> BTreeSet<String> {
        op["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["shape"].as_str().map(str::to_owned))
            .collect()
    };
    let ours = names(our);
    for error in names(their) {
        let class = if ours.contains(&error) {
            Class::Equal
        } else if sides.printed.entry(op, Part::Errors, &error).is_some() {
            Class::Misread
        } else {
            Class::Absent
        };
        m.note(Fact::Errors, class, format!("{op}: {error}"));
    }
}

fn http(m: &mut Measures, sides: &Sides<'_>, op: &str, their: &Value, our: &Value) {
    let (their, our) = (&their["http"], &our["http"]);
    let Some(their_method) = their["method"].as_str() else {
        return;
    };
    let Some(page) = sides.printed.pages.get(op) else {
        // An operation without a page: these pages state none of its binding.
        for fact in [Fact::Methods, Fact::Uris, Fact::ResponseCodes] {
            m.note(fact, Class::Absent, op.to_string());
        }
        return;
    };
    let Some(line) = page.request_line.as_ref() else {
        // awsJson pages print no request line: every call is `POST /`.
        for fact in [Fact::Methods, Fact::Uris, Fact::ResponseCodes] {
            m.note(fact, Class::NotStated, op.to_string());
        }
        return;
    };
    let our_method = our["method"].as_str();
    let class = if our_method == Some(their_method) {
        Class::Equal
    } else if our_method == Some(line.0.as_str()) {
        Class::Printed
    } else {
        Class::Misread
    };
    let detail = format!("{op}: ours {our_method:?}, botocore {their_method}");
    m.note(Fact::Methods, class, detail);

    let (their_uri, our_uri) = (their["requestUri"].as_str(), our["requestUri"].as_str());
    let class = match (their_uri, our_uri) {
        (Some(t), Some(o)) if t == o => Class::Equal,
        (Some(_), Some(o)) if printed_uri(o, &line.1) => Class::Printed,
        _ => Class::Misread,
    };
    let detail = format!(
        "{op}: ours {}, botocore {}",
        our_uri.unwrap_or("none"),
        their_uri.unwrap_or("none")
    );
    m.note(Fact::Uris, class, detail);

    let their_code = their["responseCode"].as_u64().unwrap_or(200);
    let our_code = our["responseCode"].as_u64();
    let class = match our_code {
        Some(code) if code == their_code => Class::Equal,
        None => Class::NotStated,
        Some(code) if page.status_line == u16::try_from(code).ok() => Class::Printed,
        Some(_) => Class::Misread,
    };
    let detail = format!("{op}: ours {our_code:?}, botocore {their_code}");
    m.note(Fact::ResponseCodes, class, detail);
}

/// True when our URI is the page's request target: the same path, labels with or
/// without braces, and only query literals the page prints.
fn printed_uri(ours: &str, target: &str) -> bool {
    let bare = |s: &str| s.replace(['{', '}', '+'], "");
    let (our_path, our_query) = ours.split_once('?').unwrap_or((ours, ""));
    let (page_path, page_query) = target.split_once('?').unwrap_or((target, ""));
    bare(our_path) == bare(page_path)
        && our_query
            .split('&')
            .filter(|q| !q.is_empty())
            .all(|q| page_query.split('&').any(|p| p == q))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// One operation whose page prints a label `ARN` botocore now calls `Resource`,
    /// `Type: Integer` for a member botocore makes `long`, an untyped `MaxItems`, and a
    /// member the page lists but the model lost.
    #[test]
    fn differences_are_sorted_by_what_the_pages_print() {
        let page = "# TagThing\n\n## Request Syntax\n\n```\nPOST /tags/ARN HTTP/1.1\n```\n\n## URI Request Parameters\n\n ** ARN **   \nThe ARN\\.\n\n ** MaxItems **   \nValid Range: Minimum value of 1\\.\n\n## Request Body\n\n ** Size **   \nType: Integer\n\n ** Note **   \nType: String\n\n## Response Syntax\n\n```\nHTTP/1.1 204\n```\n\n## See Also\n+ [x](https://docs.aws.amazon.com/goto/boto3/things-2020-01-01/TagThing)\n";
        let mut printed = Printed::default();
        printed.add(page, "things-2020-01-01");
        let theirs = json!({
            "operations": {
                "TagThing": {
                    "http": {"method": "POST", "requestUri": "/tags/{Resource}", "responseCode": 204},
                    "input": {"shape": "In"},
                },
                "NewThing": {"input": {"shape": "In"}},
            },
            "shapes": {
                "In": {"type": "structure", "members": {
                    "Resource": {"shape": "S", "location": "uri", "locationName": "Resource"},
                    "MaxItems": {"shape": "I", "location": "querystring", "locationName": "MaxItems"},
                    "Size": {"shape": "L"},
                    "Note": {"shape": "S"},
                }},
                "S": {"type": "string"}, "I": {"type": "integer"}, "L": {"type": "long"},
            },
        });
        let ours = json!({
            "operations": {
                "TagThing": {
                    "http": {"method": "POST", "requestUri": "/tags/{ARN}", "responseCode": 204},
                    "input": {"shape": "TagThingRequest"},
                },
            },
            "shapes": {
                "TagThingRequest": {"type": "structure", "members": {
                    "ARN": {"shape": "S", "location": "uri", "locationName": "ARN"},
                    "MaxItems": {"shape": "L", "location": "querystring", "locationName": "MaxItems"},
                    "Size": {"shape": "I"},
                }},
                "S": {"type": "string"}, "I": {"type": "integer"}, "L": {"type": "long"},
            },
        });
        let unknown = BTreeSet::from([("TagThingRequest".to_string(), "MaxItems".to_string())]);
        let sides = Sides {
            ours: &ours,
            theirs: &theirs,
            unknown_widths: &unknown,
            printed: &printed,
        };
        let m = measure(&sides);
        let items = |fact, class| m.items.get(&(fact, class)).cloned().unwrap_or_default();
        assert_eq!(items(Fact::Operations, Class::Absent), ["NewThing"]);
        assert_eq!(items(Fact::Uris, Class::Printed).len(), 1);
        assert_eq!(items(Fact::Methods, Class::Equal).len(), 1);
        assert_eq!(items(Fact::ResponseCodes, Class::Equal).len(), 1);
        assert_eq!(
            items(Fact::MemberNames, Class::Printed),
            ["TagThing.input.ARN"]
        );
        assert_eq!(
            items(Fact::MemberPaths, Class::Absent),
            ["TagThing.input.Resource"]
        );
        assert_eq!(
            items(Fact::MemberPaths, Class::Misread),
            ["TagThing.input.Note"]
        );
        assert_eq!(items(Fact::Widths, Class::NotStated).len(), 1);
        assert_eq!(items(Fact::Widths, Class::Printed).len(), 1);
        assert_eq!(m.percent(Fact::MemberPaths), 2.0 * 100.0 / 3.0);
    }

    #[test]
    fn a_uri_is_printed_when_it_is_the_pages_request_target() {
        assert!(printed_uri(
            "/2017-03-31/tags/{ARN}",
            "/2017-03-31/tags/ARN"
        ));
        assert!(printed_uri(
            "/functions/{FunctionName}/invocations",
            "/functions/FunctionName/invocations?Qualifier=Qualifier"
        ));
        assert!(!printed_uri("/functions/{Name}", "/functions/FunctionName"));
        assert!(!printed_uri("/a?b=c", "/a"));
    }
}
