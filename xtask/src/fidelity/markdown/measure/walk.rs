//! Both models walked together from an operation's input or output.

use serde_json::{Map, Value};

use super::super::pages::Part;
use super::{Class, Fact, Measures, Sides};

/// What the page says of a member: its `Type:` line, whether its width is unknown to
/// the model, whether the page lists it at all.
#[derive(Clone, Copy)]
struct Said<'a> {
    type_line: Option<&'a str>,
    unknown_width: bool,
    stated: bool,
}

impl Said<'_> {
    /// What applies to a list's members or a map's values: only the `Type:` line, which
    /// names their shape.
    fn element(&self) -> Self {
        Self {
            unknown_width: false,
            stated: false,
            ..*self
        }
    }
}

/// Where a structure's members are listed: the page, its section, and the path to it.
pub(super) struct Place<'a> {
    pub page: &'a str,
    pub part: Part,
    pub path: &'a str,
}

pub(super) struct Walk<'s, 'm> {
    pub sides: &'s Sides<'s>,
    pub m: &'m mut Measures,
    /// botocore shapes from the operation down, to stop at a cycle.
    pub stack: Vec<String>,
}

impl Walk<'_, '_> {
    /// Compares the members of botocore's structure `their` with ours, `our`, listed at
    /// `at`.
    pub(super) fn structure(&mut self, their: &str, our: &str, at: &Place<'_>) {
        let (page, path, top) = (at.page, at.path, at.part != Part::Contents);
        let sides = self.sides;
        let (ts, os) = (theirs(sides, their), ours(sides, our));
        let empty = Map::new();
        let their_members = ts["members"].as_object().unwrap_or(&empty);
        let our_members = os["members"].as_object().unwrap_or(&empty);
        for (name, their_ref) in their_members {
            let here = format!("{path}.{name}");
            let printed = self.sides.printed.entry(page, at.part, name);
            let Some(our_ref) = our_members.get(name) else {
                let class = if printed.is_some() {
                    Class::Misread
                } else {
                    Class::Absent
                };
                self.m.note(Fact::MemberPaths, class, here);
                continue;
            };
            self.m.note(Fact::MemberPaths, Class::Equal, here.clone());
            if top {
                let listed = printed.is_some();
                self.location(their, our, name, their_ref, our_ref, listed, at.page, &here);
            }
            let type_line = printed.and_then(|e| e.type_line.clone());
            let unknown = self
                .sides
                .unknown_widths
                .contains(&(our.to_string(), name.clone()));
            let said = Said {
                type_line: type_line.as_deref(),
                unknown_width: unknown,
                stated: printed.is_some(),
            };
            self.target(their_ref, our_ref, &here, &said);
        }
        // Our members botocore does not have: what the pages print, or misread names.
        for name in our_members
            .keys()
            .filter(|n| !their_members.contains_key(*n))
        {
            let here = format!("{path}.{name}");
            if self.sides.printed.entry(page, at.part, name).is_some() {
                self.m.note(Fact::MemberNames, Class::Printed, here);
            } else {
                self.m.note(Fact::MemberNames, Class::Misread, here);
            }
        }
        for name in our_members
            .keys()
            .filter(|n| their_members.contains_key(*n))
        {
            if self.sides.printed.entry(page, at.part, name).is_some() {
                self.m
                    .note(Fact::MemberNames, Class::Equal, format!("{path}.{name}"));
            }
        }
    }

    /// Compares what two member (or element) references target, and walks on.
    fn target(&mut self, their_ref: &Value, our_ref: &Value, here: &str, said: &Said<'_>) {
        let Said {
            type_line,
            unknown_width,
            stated,
        } = *said;
        let (Some(t), Some(o)) = (their_ref["shape"].as_str(), our_ref["shape"].as_str()) else {
            return;
        };
        let sides = self.sides;
        let (ts, os) = (theirs(sides, t), ours(sides, o));
        let (tc, oc) = (category(ts), category(os));
        if stated {
            let class = if tc == oc {
                Class::Equal
            } else if type_line.is_none() {
                Class::NotStated
            } else if type_line.map(line_category) == Some(oc) {
                Class::Printed
            } else {
                Class::Misread
            };
            self.m.note(
                Fact::Types,
                class,
                format!("{here}: ours {oc}, botocore {tc}"),
            );
        }
        if stated && tc == oc && matches!(tc, "integer" | "float") {
            let (tw, ow) = (ts["type"].as_str(), os["type"].as_str());
            let class = if unknown_width {
                Class::NotStated
            } else if tw == ow {
                Class::Equal
            } else if type_line.is_some_and(|l| l.eq_ignore_ascii_case(ow.unwrap_or_default())) {
                Class::Printed
            } else {
                Class::Misread
            };
            let detail = format!("{here}: ours {ow:?}, botocore {tw:?}");
            self.m.note(Fact::Widths, class, detail);
        }
        if tc != oc || self.stack.iter().any(|s| s == t) {
            return;
        }
        match tc {
            "structure" | "union" => {
                // The member's `Type:` line links the shape by its name.
                let named = |name: &str| {
                    type_line
                        .is_some_and(|l| l.split(|c: char| !c.is_alphanumeric()).any(|w| w == name))
                };
                let class = if t == o {
                    Class::Equal
                } else if named(o) && !named(t) {
                    Class::Printed
                } else if os["x-naming"].as_str() != Some("documented") {
                    Class::NotStated
                } else {
                    Class::Misread
                };
                self.m.note(
                    Fact::ShapeNames,
                    class,
                    format!("{here}: ours {o}, botocore {t}"),
                );
                let page = if self.sides.printed.pages.contains_key(o) {
                    o
                } else {
                    t
                };
                self.stack.push(t.to_string());
                let at = Place {
                    page,
                    part: Part::Contents,
                    path: here,
                };
                self.structure(t, o, &at);
                self.stack.pop();
            }
            "list" => {
                self.stack.push(t.to_string());
                let here = format!("{here}[]");
                self.target(&ts["member"], &os["member"], &here, &said.element());
                self.stack.pop();
            }
            "map" => {
                self.stack.push(t.to_string());
                let here = format!("{here}{{}}");
                self.target(&ts["value"], &os["value"], &here, &said.element());
                self.stack.pop();
            }
            _ => {}
        }
    }

    /// Where a top-level member travels: body, payload, status code, or a location with
    /// its name.
    #[allow(clippy::too_many_arguments)]
    fn location(
        &mut self,
        their: &str,
        our: &str,
        name: &str,
        their_ref: &Value,
        our_ref: &Value,
        listed: bool,
        page: &str,
        here: &str,
    ) {
        let place = |structure: &Value, member: &Value| -> (String, String) {
            if structure["payload"].as_str() == Some(name) {
                return ("payload".into(), String::new());
            }
            (
                member["location"].as_str().unwrap_or("body").to_string(),
                member["locationName"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        };
        let (t, o) = (
            place(theirs(self.sides, their), their_ref),
            place(ours(self.sides, our), our_ref),
        );
        let printed = self
            .sides
            .printed
            .pages
            .get(page)
            .is_some_and(|p| p.syntax_words.contains(&o.1));
        let class = if t == o {
            Class::Equal
        } else if !listed {
            Class::Absent
        } else if t.0 == o.0 && printed {
            Class::Printed
        } else {
            Class::Misread
        };
        let detail = format!("{here}: ours {} {}, botocore {} {}", o.0, o.1, t.0, t.1);
        self.m.note(Fact::Locations, class, detail);
    }
}

fn theirs<'v>(sides: &'v Sides<'_>, name: &str) -> &'v Value {
    &sides.theirs["shapes"][name]
}

fn ours<'v>(sides: &'v Sides<'_>, name: &str) -> &'v Value {
    &sides.ours["shapes"][name]
}

/// What kind of value a shape holds, widths aside.
fn category(shape: &Value) -> &'static str {
    match shape["type"].as_str().unwrap_or_default() {
        "string" => "string",
        "integer" | "long" | "short" | "byte" => "integer",
        "float" | "double" => "float",
        "boolean" => "boolean",
        "timestamp" => "timestamp",
        "blob" => "blob",
        "list" => "list",
        "map" => "map",
        "structure" if shape["document"] == true => "document",
        "structure" if shape["union"] == true => "union",
        "structure" => "structure",
        _ => "other",
    }
}

/// The category a `Type:` line states: `Array of strings` is a list.
fn line_category(line: &str) -> &'static str {
    let lower = line.to_ascii_lowercase();
    if lower.starts_with("array of") {
        "list"
    } else if lower.ends_with(" map") {
        "map"
    } else if lower.starts_with("string") {
        "string"
    } else if lower.starts_with("integer") || lower.starts_with("long") {
        "integer"
    } else if lower.starts_with("float") || lower.starts_with("double") {
        "float"
    } else if lower.starts_with("boolean") {
        "boolean"
    } else if lower.starts_with("timestamp") {
        "timestamp"
    } else if lower.contains("binary data") {
        "blob"
    } else if lower.ends_with(" object") {
        "structure"
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_lines_state_categories() {
        assert_eq!(line_category("Array of Layer objects"), "list");
        assert_eq!(line_category("String to string map"), "map");
        assert_eq!(line_category("Long"), "integer");
        assert_eq!(line_category("Base64-encoded binary data object"), "blob");
        assert_eq!(line_category("FunctionCode object"), "structure");
    }
}
