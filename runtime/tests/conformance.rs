//! botocore's protocol conformance suites (`shared/protocol-tests` beside the workspace)
//! run through the runtime's codecs: each case's model snippet becomes the schema data a
//! generated crate carries, its parameters a value written through the schema traits,
//! and its response is read back through them. Beyond the suites' own cases, random
//! parameters and responses for the restXml, awsQuery and ec2Query models go through
//! the runtime and the pinned botocore, which must agree.
//!
//! The suites are not part of this repository; without them the tests say so and pass.
//! The protocols under test are cargo features (`rest-json`, `rest-xml`, `query`,
//! `ec2-query`), which the runtime's dev-dependency on itself turns on.

#![cfg(all(feature = "rest-json", feature = "rest-xml", feature = "ec2-query"))]

#[path = "conformance/mod.rs"]
mod conformance;

use conformance::ignore::{self, Botocore, Kind};
use conformance::ordered::Json;
use conformance::suite::{self, Direction};
use conformance::{botocore, compare, differential, echo, model, run, values};

/// The named suites, or `None` (with a message) when they are not beside the workspace.
fn suites(names: &[&str]) -> Option<Vec<suite::Suite>> {
    let root = suite::root();
    if !root.join("README.md").exists() {
        eprintln!(
            "conformance: botocore's protocol suites are not at {}; skipped",
            root.display()
        );
        return None;
    }
    Some(
        names
            .iter()
            .map(|name| suite::load(&root, name).unwrap_or_else(|e| panic!("{e}")))
            .collect(),
    )
}

/// Every case of every suite loads into schema data, and every case's parameters
/// walk through the schema back to themselves.
#[test]
fn every_case_loads_into_schemas_its_parameters_fit() {
    let names: Vec<&str> = suite::ALL.concat();
    let Some(suites) = suites(&names) else { return };
    let mut problems = Vec::new();
    let mut ids = std::collections::BTreeSet::new();
    for suite in &suites {
        let (mut cases, mut shapes, mut members) = (0, 0, 0);
        for group in &suite.groups {
            shapes += group.shapes.entries().len();
            members += group
                .shapes
                .entries()
                .iter()
                .map(|(_, s)| s.get("members").map_or(0, |m| m.entries().len()))
                .sum::<usize>();
            for case in &group.cases {
                cases += 1;
                let id = case.text("id");
                ids.insert((suite.name.clone(), id.to_owned()));
                let given = case.get("given").unwrap_or(&Json::Null);
                let built = match model::build(&group.metadata, &group.shapes, given) {
                    Ok(built) => built,
                    Err(e) => {
                        problems.push(format!("{} {id}: {e}", suite.name));
                        continue;
                    }
                };
                assert_eq!(built.operation.name, given.text("name"));
                if suite.direction == Direction::Input {
                    let params = case.get("params").unwrap_or(&Json::Null);
                    let value = values::Params {
                        schema: built.operation.input,
                        value: params,
                    };
                    match echo::echo(&value) {
                        Ok(echoed) if compare::same(&echoed, &without_nulls(params)) => {}
                        Ok(echoed) => problems.push(format!(
                            "{} {id}: params {} echo as {echoed}",
                            suite.name,
                            params.to_value()
                        )),
                        Err(e) => problems.push(format!("{} {id}: {e}", suite.name)),
                    }
                }
            }
        }
        println!(
            "{:40} {cases:4} cases, {shapes:4} shapes, {members:4} members",
            suite.name
        );
        assert!(cases > 0, "{}: no cases", suite.name);
    }
    let listed = ignore::ours().unwrap_or_else(|e| panic!("{e}"));
    for (suite, id) in listed.keys().filter(|key| !ids.contains(*key)) {
        problems.push(format!(
            "ignored.list names {suite} {id}, which no suite has"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `params` as the writer sees them: members set to `null` are unset.
fn without_nulls(params: &Json) -> serde_json::Value {
    match params {
        Json::Object(entries) => serde_json::Value::Object(
            entries
                .iter()
                .filter(|(_, v)| *v != Json::Null)
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Json::Array(items) => items.iter().map(without_nulls).collect(),
        other => other.to_value(),
    }
}

/// Every case of the awsJson and restJson1 suites passes or is on `ignored.list`.
/// `cargo test -p sdk-runtime --test conformance -- --nocapture` prints the counts.
#[test]
fn every_case_passes_or_is_listed_with_its_reason() {
    passes_or_is_listed(suite::JSON);
}

/// The same for restXml.
#[test]
fn every_rest_xml_case_passes_or_is_listed() {
    passes_or_is_listed(suite::REST_XML);
}

/// The same for awsQuery.
#[test]
fn every_query_case_passes_or_is_listed() {
    passes_or_is_listed(suite::QUERY);
}

/// The same for ec2Query.
#[test]
fn every_ec2_case_passes_or_is_listed() {
    passes_or_is_listed(suite::EC2);
}

/// Every case of the named suites passes or is on `ignored.list` (and the list names
/// only cases of some suite); a listed case that passes, an unlisted one that fails,
/// or more than 5% of a suite listed for reasons botocore does not share fails the test.
fn passes_or_is_listed(names: &[&str]) {
    let Some(suites) = suites(names) else { return };
    let listed = ignore::ours().unwrap_or_else(|e| panic!("{e}"));
    let botocore = Botocore::load(&suite::root()).unwrap_or_else(|e| panic!("{e}"));
    let mut seen = std::collections::BTreeSet::new();
    let mut problems = Vec::new();
    let mut report = Vec::new();
    for suite in &suites {
        let (mut total, mut passed, mut ignored, mut skipped) = (0, 0, 0, 0);
        for group in &suite.groups {
            for case in &group.cases {
                total += 1;
                let id = case.text("id");
                let key = (suite.name.clone(), id.to_owned());
                seen.insert(key.clone());
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let given = case.get("given").unwrap_or(&Json::Null);
                    let built = model::build(&group.metadata, &group.shapes, given)?;
                    match suite.direction {
                        Direction::Input => {
                            run::input(&built, case, group.client_endpoint.as_deref())
                        }
                        Direction::Output => run::output(&built, case),
                    }
                }))
                .unwrap_or_else(|_| Err("panicked".to_owned()));
                match (outcome, listed.get(&key)) {
                    (Ok(()), None) => passed += 1,
                    (Ok(()), Some(entry)) => problems.push(format!(
                        "{} {id}: passes but is listed in ignored.list ({}); remove it",
                        suite.name, entry.reason
                    )),
                    (Err(_), Some(_)) => {
                        ignored += 1;
                        let id = case.text("id");
                        if botocore.skips(&suite.protocol, suite.direction, &group.description, id)
                        {
                            skipped += 1;
                        }
                    }
                    (Err(why), None) => {
                        let skipped = botocore.skips(
                            &suite.protocol,
                            suite.direction,
                            &group.description,
                            id,
                        );
                        let note = if skipped {
                            " [botocore skips it too]"
                        } else {
                            ""
                        };
                        problems.push(format!("{} {id}{note}: {why}", suite.name));
                    }
                }
            }
        }
        let failed = total - passed - ignored;
        report.push(format!(
            "{:40} {total:4} cases: {passed:4} passed, {failed:3} failed, {ignored:3} ignored \
             ({skipped} of which botocore skips too)",
            suite.name
        ));
        // At most 5% of a suite may be ignored for reasons of our own. Cases botocore's
        // own runner skips are counted apart: where boto3 departs from the Smithy
        // expectation, the runtime does what boto3 does (checked against the pinned
        // botocore by `listed_cases_do_what_botocore_does`), since a request must equal
        // boto3's; they are reported on the suite's line, never hidden.
        let ours = ignored - skipped;
        if ours * 20 > total {
            problems.push(format!(
                "{}: {ours} of {total} cases ignored for reasons botocore does not share, more than 5%",
                suite.name
            ));
        }
    }
    let ours = |key: &&(String, String)| names.contains(&key.0.as_str());
    for key in listed
        .keys()
        .filter(ours)
        .filter(|key| !seen.contains(*key))
    {
        problems.push(format!(
            "ignored.list names {} {}, which no suite has",
            key.0, key.1
        ));
    }
    println!("{}", report.join("\n"));
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The cases listed because boto3 does something else than they expect: the runtime
/// sends or reads exactly what the pinned botocore does (skipped without it).
#[test]
fn listed_cases_do_what_botocore_does() {
    let names: Vec<&str> = suite::ALL.concat();
    let Some(suites) = suites(&names) else { return };
    let Some(python) = botocore::python() else {
        eprintln!("skipped: the pinned botocore is not installed (cargo xtask import-docs)");
        return;
    };
    let listed = ignore::ours().unwrap_or_else(|e| panic!("{e}"));
    let wanted: Vec<(String, String)> = listed
        .iter()
        .filter(|(_, entry)| entry.kind == Kind::Boto3)
        .map(|(key, _)| key.clone())
        .collect();
    let answers =
        botocore::answers(&python, &suite::root(), &wanted).unwrap_or_else(|e| panic!("{e}"));
    let mut problems = Vec::new();
    let mut checked = 0;
    for suite in &suites {
        for group in &suite.groups {
            for case in &group.cases {
                let key = (suite.name.clone(), case.text("id").to_owned());
                if !wanted.contains(&key) {
                    continue;
                }
                checked += 1;
                let name = format!("{} {}", key.0, key.1);
                let Some(theirs) = answers.get(&name) else {
                    problems.push(format!("{name}: botocore gave no answer"));
                    continue;
                };
                let given = case.get("given").unwrap_or(&Json::Null);
                let built = model::build(&group.metadata, &group.shapes, given)
                    .unwrap_or_else(|e| panic!("{e}"));
                let differences = match suite.direction {
                    Direction::Input => match run::send(&built, case) {
                        Ok(mut sent) => {
                            if theirs.to_string().contains(run::ZERO_TOKEN) {
                                run::zero_tokens(&mut sent);
                            }
                            let mut differences = botocore::request_differences(&sent, theirs);
                            let url = run::url(&sent, group.client_endpoint.as_deref());
                            let their_url = theirs.get("url").and_then(serde_json::Value::as_str);
                            if url.as_deref().ok() != their_url {
                                differences.push(format!("URL {url:?}, botocore {their_url:?}"));
                            }
                            differences
                        }
                        Err(e) => vec![e],
                    },
                    Direction::Output => match run::parsed(&built, case) {
                        Ok(parsed) => botocore::result_differences(&parsed, theirs),
                        Err(e) => vec![e],
                    },
                };
                problems.extend(differences.into_iter().map(|d| format!("{name}: {d}")));
            }
        }
    }
    println!("{checked} listed cases checked against botocore");
    assert_eq!(
        checked,
        wanted.len(),
        "every boto3 case of the list is in a suite"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Random parameters for every operation of the restXml, awsQuery and ec2Query input
/// suites make the same requests as the pinned botocore makes of them (skipped
/// without it). `CONFORMANCE_SEED` replays a failing run.
#[test]
fn random_inputs_serialize_as_botocore_does() {
    random_cases_match_botocore(&["input/rest-xml.json", "input/query.json", "input/ec2.json"]);
}

/// Random responses (XML a reference writer renders from random outputs) of every
/// operation of the restXml, awsQuery and ec2Query output suites parse as the pinned
/// botocore parses them.
#[test]
fn random_outputs_parse_as_botocore_does() {
    random_cases_match_botocore(&[
        "output/rest-xml.json",
        "output/query.json",
        "output/ec2.json",
    ]);
}

fn random_cases_match_botocore(names: &[&str]) {
    const ROUNDS: usize = 10;
    let Some(suites) = suites(names) else { return };
    let Some(python) = botocore::python() else {
        eprintln!("skipped: the pinned botocore is not installed (cargo xtask import-docs)");
        return;
    };
    let seed = match std::env::var("CONFORMANCE_SEED") {
        Ok(seed) => seed.parse().expect("CONFORMANCE_SEED is a number"),
        Err(_) => 0x5eed,
    };
    let (cases, errors, problems) =
        differential::differences(&python, &suite::root(), &suites, ROUNDS, seed)
            .unwrap_or_else(|e| panic!("{e}"));
    println!(
        "{cases} random cases ({errors} error responses), {} differences (seed {seed})",
        problems.len()
    );
    assert!(
        problems.is_empty(),
        "{} of {cases} random cases differ from botocore (CONFORMANCE_SEED={seed} replays them):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
