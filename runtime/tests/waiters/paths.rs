//! The path evaluator and the path matchers against Python's `jmespath` and botocore's
//! `AcceptorConfig`, over `paths.json` (written by `gen_paths.py`).

use sdk_runtime::waiter::path::{equal, Expression};
use sdk_runtime::waiter::{Answer, Expected, Matcher, Value};

/// The expected value of an acceptor of the fixture.
fn expected(json: &serde_json::Value) -> Expected {
    match json {
        serde_json::Value::String(s) => Expected::String(Box::leak(s.clone().into_boxed_str())),
        serde_json::Value::Bool(b) => Expected::Bool(*b),
        other => Expected::Number(other.as_f64().unwrap()),
    }
}

#[test]
fn every_acceptor_path_of_botocore_evaluates_and_matches_as_botocore_does() {
    let cases: Vec<serde_json::Value> = serde_json::from_str(include_str!("paths.json")).unwrap();
    let (mut samples, mut matches) = (0, 0);
    let mut failures = Vec::new();
    for case in &cases {
        let text = case["expression"].as_str().unwrap();
        let path: &'static str = Box::leak(text.to_owned().into_boxed_str());
        let expression = Expression::parse(text).unwrap_or_else(|e| panic!("{e}"));
        let matchers: Vec<Matcher> = case["acceptors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let expected = expected(&a[1]);
                match a[0].as_str().unwrap() {
                    "path" => Matcher::Path { path, expected },
                    "pathAll" => Matcher::PathAll { path, expected },
                    _ => Matcher::PathAny { path, expected },
                }
            })
            .collect();
        for sample in case["samples"].as_array().unwrap() {
            samples += 1;
            let data = Value::from_json(&document(&sample["data"]));
            let got = expression.search(&data);
            let ok = match (&got, sample.get("result")) {
                (Ok(value), Some(want)) => equal(value, &Value::from_json(&document(want))),
                (Err(_), None) => true,
                _ => false,
            };
            if !ok {
                failures.push(format!(
                    "{text} over {}: got {got:?}, Python {:?}",
                    sample["data"],
                    sample.get("result")
                ));
            }
            let answer = Answer::Output {
                tree: &data,
                status: 200,
            };
            for (matcher, want) in matchers.iter().zip(sample["matches"].as_array().unwrap()) {
                matches += 1;
                let got = matcher.matches(answer);
                let ok = match (&got, want) {
                    (Ok(hit), serde_json::Value::Bool(want)) => hit == want,
                    (Err(_), serde_json::Value::String(_)) => true,
                    _ => false,
                };
                if !ok {
                    failures.push(format!(
                        "{matcher:?} over {}: got {got:?}, botocore {want}",
                        sample["data"]
                    ));
                }
            }
        }
    }
    assert_eq!(cases.len(), 185);
    assert!(samples >= 1800 && matches >= 6800, "{samples} {matches}");
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn parse_errors_name_the_expression_and_column() {
    for (text, column, reason) in [
        ("Table.", 7, "unexpected end of expression"),
        ("`{bad`", 1, "bad JSON literal"),
        ("a == 'open", 6, "unclosed '"),
        ("length(a", 9, "unexpected end of expression"),
        ("a ~ b", 3, "unexpected character `~`"),
        ("a[1:2]", 4, "slices are not supported"),
    ] {
        let error = Expression::parse(text).unwrap_err();
        assert_eq!(error.offset + 1, column, "{text}: {error}");
        assert!(error.to_string().contains(reason), "{text}: {error}");
    }
    let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
    assert!(Expression::parse(&deep).is_err());
    // A function given the wrong type fails as Python's `jmespath` raises.
    let error = Expression::parse("length(Missing)")
        .unwrap()
        .search(&Value::Object(vec![]))
        .unwrap_err();
    assert!(error.to_string().contains("length() of null"), "{error}");
}

/// A case's JSON as the runtime's document.
fn document(json: &serde_json::Value) -> sdk_runtime::Document {
    serde_json::from_value(json.clone()).expect("any JSON value is a document")
}
