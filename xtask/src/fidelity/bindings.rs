//! The bindings figure: how each operation and its top-level members travel (HTTP
//! method, request URI, success code, host prefix, payload; member locations, wire
//! names and timestamp formats), ours against botocore's. Only what botocore states
//! counts: a member in the body with no timestamp format has nothing to bind.

use serde_json::Value;

use super::compare::hidden_params;
use super::report::{Gap, Report};

/// Compares the bindings of operation `name`, present on both sides.
pub fn compare(report: &mut Report, name: &str, ours: &Value, theirs: &Value) {
    let theirs_root = theirs;
    let (our_svc, their_svc) = (&ours["service"], &theirs["service"]);
    let (our_op, their_op) = (&our_svc["operations"][name], &their_svc["operations"][name]);
    let protocol = their_svc["metadata"]["protocol"]
        .as_str()
        .unwrap_or_default();
    if matches!(protocol, "rest-json" | "rest-xml") {
        let http = |op: &Value| {
            (
                op["http"]["method"].as_str().map(str::to_owned),
                op["http"]["requestUri"].as_str().map(str::to_owned),
                op["http"]["responseCode"].as_u64().unwrap_or(200),
            )
        };
        let ok = http(our_op) == http(their_op);
        check(report, ok, name, "http", || {
            format!("{:?} against {:?}", http(our_op), http(their_op))
        });
    }
    if let Some(prefix) = their_op["endpoint"]["hostPrefix"].as_str() {
        let ok = our_op["endpoint"]["hostPrefix"].as_str() == Some(prefix);
        check(report, ok, name, "hostPrefix", || prefix.to_owned());
    }
    for side in ["input", "output"] {
        let shape = |svc: &Value, op: &Value| {
            op[side]["shape"]
                .as_str()
                .map(|s| svc["shapes"][s].clone())
                .unwrap_or(Value::Null)
        };
        let (our_shape, their_shape) = (shape(our_svc, our_op), shape(their_svc, their_op));
        if let Some(payload) = their_shape["payload"].as_str() {
            let ok = our_shape["payload"].as_str() == Some(payload);
            check(report, ok, name, "payload", || payload.to_owned());
        }
        let Some(members) = their_shape["members"].as_object() else {
            continue;
        };
        for (member, their_ref) in members {
            let facts = |r: &Value, svc: &Value| {
                let target = r["shape"].as_str().map(|s| &svc["shapes"][s]);
                let format = r["timestampFormat"]
                    .as_str()
                    .or_else(|| target.and_then(|t| t["timestampFormat"].as_str()));
                (
                    r["location"].as_str().map(str::to_owned),
                    r["locationName"].as_str().map(str::to_owned),
                    format.map(str::to_owned),
                )
            };
            let mut theirs = facts(their_ref, their_svc);
            // A body member's locationName equal to its own name states nothing
            // (macie2 spells every one out).
            if theirs.0.is_none() && theirs.1.as_deref() == Some(member.as_str()) {
                theirs.1 = None;
            }
            if theirs == (None, None, None) {
                continue;
            }
            // Our export keys members by wire name; a member only our docs rename is
            // found under its wire name too.
            let our_ref = &our_shape["members"][member];
            if our_ref.is_null()
                && hidden_params(theirs_root, name, side).contains(&member.as_str())
            {
                report.bindings.add_gap();
                report.note_gap(Gap::HiddenParam, format!("{name} {side}.{member}"));
                continue;
            }
            let ours = if our_ref.is_null() {
                (None, None, None)
            } else {
                let mut ours = facts(our_ref, our_svc);
                // Timestamp formats are per member in our model, botocore's on the
                // target shape as often as not: compare only where botocore states one.
                if theirs.2.is_none() {
                    ours.2 = None;
                }
                ours
            };
            let ok = ours == theirs;
            check(report, ok, name, "member", || {
                format!("{side}.{member}: {ours:?} against {theirs:?}")
            });
        }
    }
}

fn check(report: &mut Report, ok: bool, op: &str, what: &str, detail: impl Fn() -> String) {
    report.bindings.add(ok);
    if !ok {
        report.note("binding", format!("{op} {what}: {}", detail()));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    fn model(location_name: Option<&str>) -> Value {
        let mut member = json!({"shape": "S"});
        if let Some(name) = location_name {
            member["locationName"] = json!(name);
        }
        json!({"service": {
            "metadata": {"protocol": "rest-json"},
            "operations": {"Get": {
                "http": {"method": "GET", "requestUri": "/"},
                "output": {"shape": "Out"}
            }},
            "shapes": {
                "Out": {"type": "structure", "members": {"id": member}},
                "S": {"type": "string"}
            }
        }})
    }

    fn bindings(ours: &Value, theirs: &Value) -> (usize, usize) {
        let report = super::super::compare::compare(ours, theirs, &Default::default());
        (report.bindings.found, report.bindings.total)
    }

    #[test]
    fn members_botocore_hides_from_the_docs_are_gaps() {
        let theirs = |hidden: bool| {
            let mut model = model(None);
            let service = &mut model["service"];
            service["operations"]["Get"]["input"] = json!({"shape": "In"});
            service["shapes"]["In"] = json!({"type": "structure", "members": {
                "ContentMD5": {"shape": "S", "location": "header", "locationName": "Content-MD5"}
            }});
            if hidden {
                model["hidden"] = json!({"Get": ["ContentMD5"]});
            }
            model
        };
        let mut ours = model(None);
        ours["service"]["operations"]["Get"]["input"] = json!({"shape": "In"});
        ours["service"]["shapes"]["In"] = json!({"type": "structure", "members": {}});
        let report =
            |theirs: &Value| super::super::compare::compare(&ours, theirs, &Default::default());
        let shown = report(&theirs(false));
        assert_eq!((shown.bindings.found, shown.bindings.total), (1, 2));
        // The output's `id` agrees; the input's ContentMD5 is missing.
        assert_eq!((shown.member_paths.found, shown.member_paths.total), (1, 2));
        let hidden = report(&theirs(true));
        assert_eq!(
            (
                hidden.bindings.found,
                hidden.bindings.total,
                hidden.bindings.gaps
            ),
            (1, 1, 1)
        );
        assert_eq!(
            (hidden.member_paths.total, hidden.member_paths.gaps),
            (1, 1)
        );
        assert_eq!(hidden.gaps["hidden-param"].len(), 2);
    }

    #[test]
    fn a_body_member_named_as_itself_has_nothing_to_bind() {
        // Only the HTTP binding counts.
        assert_eq!(bindings(&model(None), &model(Some("id"))), (1, 1));
        // A JSON key of its own does.
        assert_eq!(bindings(&model(None), &model(Some("ID"))), (1, 2));
    }
}
