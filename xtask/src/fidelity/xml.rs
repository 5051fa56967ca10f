//! The XML figure and the checksum figure.
//!
//! XML: how members travel in restXml, awsQuery and ec2Query bodies, ours against
//! botocore's, at every member path both sides have (through structures, list elements
//! and map keys and values): element name, query name, attribute, flattened and
//! namespace, each as botocore's serializers see it (the reference's trait over its
//! target shape's; a name equal to the default states nothing); per operation the root
//! element of a restXml input; per documented error its code and HTTP status.
//!
//! Checksums: per operation of any protocol, `httpChecksumRequired` and `httpChecksum`
//! (required, request algorithm member, response validation member, algorithms).

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::report::{Report, Unrendered};

const XML_PROTOCOLS: [&str; 3] = ["rest-xml", "query", "ec2"];

/// Compares operation `name`'s XML and checksum facts, present on both sides.
pub fn compare(
    report: &mut Report,
    name: &str,
    ours: &Value,
    theirs: &Value,
    unrendered: &Unrendered,
) {
    let (our_svc, their_svc) = (&ours["service"], &theirs["service"]);
    let (our_op, their_op) = (&our_svc["operations"][name], &their_svc["operations"][name]);
    let ok = checksum(our_op) == checksum(their_op);
    if checksum(their_op) != Value::Null || !ok {
        report.checksums.add(ok);
        if !ok {
            report.note(
                "checksum",
                format!(
                    "{name}: {} against {}",
                    checksum(our_op),
                    checksum(their_op)
                ),
            );
        }
    }
    let protocol = their_svc["metadata"]["protocol"]
        .as_str()
        .unwrap_or_default();
    if !XML_PROTOCOLS.contains(&protocol) {
        return;
    }
    let mut walk = Walk {
        report,
        ours: our_svc,
        theirs: their_svc,
    };
    for side in ["input", "output"] {
        if unrendered.sides.contains(&(name.to_owned(), side)) {
            continue;
        }
        let (our_shape, their_shape) = (
            our_op[side]["shape"].as_str(),
            their_op[side]["shape"].as_str(),
        );
        let (Some(our_shape), Some(their_shape)) = (our_shape, their_shape) else {
            continue;
        };
        if side == "input" && protocol == "rest-xml" {
            // The input reference states the root; ours is on the input shape.
            let theirs = root(&their_op["input"], &their_svc["shapes"][their_shape]);
            let ours = root(&json!({}), &our_svc["shapes"][our_shape]);
            walk.check(&format!("{name} input root"), &ours, &theirs);
        }
        let mut seen = BTreeSet::new();
        walk.structure(&format!("{name}.{side}"), our_shape, their_shape, &mut seen);
    }
    for error in their_op["errors"].as_array().into_iter().flatten() {
        let Some(error) = error["shape"].as_str() else {
            continue;
        };
        let ours = &our_svc["shapes"][error];
        if ours.is_null() {
            continue;
        }
        // A code equal to the error's name states nothing.
        let facts = |shape: &Value| {
            let code = &shape["error"]["code"];
            let code = if code.as_str() == Some(error) {
                &Value::Null
            } else {
                code
            };
            json!([code, shape["error"]["httpStatusCode"]])
        };
        let (ours, theirs) = (facts(ours), facts(&their_svc["shapes"][error]));
        walk.check(&format!("{name} error {error}"), &ours, &theirs);
    }
}

/// botocore's checksum traits of an operation, `null` for none.
fn checksum(op: &Value) -> Value {
    let flexible = &op["httpChecksum"];
    let required = op["httpChecksumRequired"].as_bool() == Some(true)
        || flexible["requestChecksumRequired"].as_bool() == Some(true);
    let facts = json!([
        required,
        flexible["requestAlgorithmMember"],
        flexible["requestValidationModeMember"],
        flexible["responseAlgorithms"],
    ]);
    if facts == json!([false, null, null, null]) {
        Value::Null
    } else {
        facts
    }
}

/// The root element name and namespace of an input: the reference's over the shape's.
fn root(reference: &Value, shape: &Value) -> Value {
    let pick = |key| reference_over_shape(reference, shape, key);
    json!([pick("locationName"), pick("xmlNamespace")])
}

/// The trait `key` as botocore's serializers read it: the reference's over its target
/// shape's.
fn reference_over_shape(reference: &Value, shape: &Value, key: &str) -> Value {
    let value = &reference[key];
    if value.is_null() {
        shape[key].clone()
    } else {
        value.clone()
    }
}

struct Walk<'a, 'r> {
    report: &'r mut Report,
    ours: &'a Value,
    theirs: &'a Value,
}

impl Walk<'_, '_> {
    fn check(&mut self, at: &str, ours: &Value, theirs: &Value) {
        if ours == theirs && *theirs == Value::Null {
            return;
        }
        let ok = ours == theirs;
        self.report.xml.add(ok);
        if !ok {
            self.report
                .note("xml", format!("{at}: {ours} against {theirs}"));
        }
    }

    /// The members of structure `theirs` (ours: `ours`), each structure once per walk.
    fn structure(&mut self, at: &str, ours: &str, theirs: &str, seen: &mut BTreeSet<String>) {
        if !seen.insert(theirs.to_owned()) {
            return;
        }
        let (our_shape, their_shape) = (&self.ours["shapes"][ours], &self.theirs["shapes"][theirs]);
        let empty = Map::new();
        let their_members = their_shape["members"].as_object().unwrap_or(&empty);
        for (member, their_ref) in their_members {
            let our_ref = &our_shape["members"][member];
            if our_ref.is_null() {
                // Missing members count in the member paths figure.
                continue;
            }
            if their_ref.get("location").is_some() {
                // Headers, labels and query parameters count in the bindings figure.
                continue;
            }
            self.reference(&format!("{at}.{member}"), member, our_ref, their_ref, seen);
        }
    }

    /// One member, list element or map part: its facts, then what it holds.
    fn reference(
        &mut self,
        at: &str,
        default: &str,
        ours: &Value,
        theirs: &Value,
        seen: &mut BTreeSet<String>,
    ) {
        let (Some(our_target), Some(their_target)) =
            (ours["shape"].as_str(), theirs["shape"].as_str())
        else {
            return;
        };
        let their_shape = &self.theirs["shapes"][their_target];
        let our_shape = &self.ours["shapes"][our_target];
        let theirs_facts = their_facts(theirs, their_shape, default);
        let ours_facts = our_facts(ours, our_shape, default);
        self.check(at, &ours_facts, &theirs_facts);
        match their_shape["type"].as_str() {
            Some("structure") => self.structure(at, our_target, their_target, seen),
            Some("list") => {
                let element = with_traits(&our_shape["member"], &ours["x-element"]);
                self.reference(
                    &format!("{at}[]"),
                    "member",
                    &element,
                    &their_shape["member"],
                    seen,
                );
            }
            Some("map") => {
                for (part, ours_key) in [("key", "x-key"), ("value", "x-value")] {
                    let our_part = with_traits(&our_shape[part], &ours[ours_key]);
                    self.reference(
                        &format!("{at}{{{part}}}"),
                        part,
                        &our_part,
                        &their_shape[part],
                        seen,
                    );
                }
            }
            _ => {}
        }
    }
}

/// Our part reference (`{"shape": ..}` of our list or map) with the traits our member
/// states for it.
fn with_traits(reference: &Value, traits: &Value) -> Value {
    let mut out = traits.as_object().cloned().unwrap_or_default();
    out.insert("shape".into(), reference["shape"].clone());
    Value::Object(out)
}

/// The XML facts botocore's serializers read: the reference's traits over its target's.
fn their_facts(reference: &Value, shape: &Value, default: &str) -> Value {
    let pick = |key| reference_over_shape(reference, shape, key);
    let collection = matches!(shape["type"].as_str(), Some("list" | "map"));
    facts(
        pick("locationName"),
        pick("queryName"),
        pick("xmlAttribute"),
        if collection {
            pick("flattened")
        } else {
            Value::Null
        },
        pick("xmlNamespace"),
        default,
    )
}

/// Ours, stated on the member (the export's inline shapes are shared by structure).
fn our_facts(reference: &Value, _shape: &Value, default: &str) -> Value {
    facts(
        reference["locationName"].clone(),
        reference["queryName"].clone(),
        reference["xmlAttribute"].clone(),
        reference["flattened"].clone(),
        reference["xmlNamespace"].clone(),
        default,
    )
}

/// The facts as one value, `null` when none is stated; a name equal to `default`
/// states nothing, nor does a false flag.
fn facts(
    name: Value,
    query_name: Value,
    attribute: Value,
    flattened: Value,
    namespace: Value,
    default: &str,
) -> Value {
    let name = if name.as_str() == Some(default) {
        Value::Null
    } else {
        name
    };
    let flag = |v: Value| {
        if v.as_bool() == Some(true) {
            json!(true)
        } else {
            Value::Null
        }
    };
    let out = json!([
        name,
        query_name,
        flag(attribute),
        flag(flattened),
        namespace
    ]);
    if out == json!([null, null, null, null, null]) {
        Value::Null
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    fn model(element: Option<&str>, flattened: bool) -> Value {
        let mut list = json!({"type": "list", "member": {"shape": "S"}});
        if let Some(name) = element {
            list["member"]["locationName"] = json!(name);
        }
        if flattened {
            list["flattened"] = json!(true);
        }
        json!({"service": {
            "metadata": {"protocol": "rest-xml"},
            "operations": {"Get": {
                "http": {"method": "GET", "requestUri": "/"},
                "output": {"shape": "Out"}
            }},
            "shapes": {
                "Out": {"type": "structure", "members": {"Items": {"shape": "L"}}},
                "L": list,
                "S": {"type": "string"}
            }
        }})
    }

    /// Our export of the same: the list's traits on the member holding it.
    fn ours(element: Option<&str>, flattened: bool) -> Value {
        let mut out = model(None, false);
        let member = &mut out["service"]["shapes"]["Out"]["members"]["Items"];
        if let Some(name) = element {
            member["x-element"] = json!({"locationName": name});
        }
        if flattened {
            member["flattened"] = json!(true);
        }
        out
    }

    fn xml(ours: &Value, theirs: &Value) -> (usize, usize) {
        let report = super::super::compare::compare(ours, theirs, &Default::default());
        (report.xml.found, report.xml.total)
    }

    #[test]
    fn list_traits_stated_on_the_list_shape_compare_with_the_member_holding_it() {
        assert_eq!(
            xml(&ours(Some("Item"), true), &model(Some("Item"), true)),
            (2, 2)
        );
        assert_eq!(xml(&ours(None, true), &model(Some("Item"), true)), (1, 2));
        // The default element name states nothing.
        assert_eq!(
            xml(&ours(None, false), &model(Some("member"), false)),
            (0, 0)
        );
        // A fact botocore lacks is a disagreement too.
        assert_eq!(xml(&ours(Some("Item"), false), &model(None, false)), (0, 1));
    }
}
