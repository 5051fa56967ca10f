//! The runtime against the pinned botocore on random inputs and outputs of the suites'
//! models: each operation of a suite gets `rounds` random cases, which botocore
//! serializes or parses in one Python process and the runtime in this one.

use std::path::Path;

use super::botocore;
use super::ignore::Botocore;
use super::model::{self, CaseModel};
use super::ordered::Json;
use super::random::{self, Rng};
use super::run;
use super::suite::{Direction, Suite};

/// One random case: the suite case whose model it uses, and its parameters or response.
struct Random {
    suite: String,
    id: String,
    model: CaseModel,
    case: Json,
}

/// The differences between the runtime and botocore over `rounds` random cases per
/// operation of `suites` (one direction each), the cases drawn from `seed`; and how
/// many cases ran, and how many of them were error responses. Operations whose case botocore's own runner skips are left out:
/// botocore departs from the suite's model there on purpose (a payload's element
/// named after the member, not the shape), so random cases would show only that.
pub fn differences(
    python: &Path,
    root: &Path,
    suites: &[Suite],
    rounds: usize,
    seed: u64,
) -> Result<(usize, usize, Vec<String>), String> {
    let skipped = Botocore::load(root)?;
    let mut rng = Rng::new(seed);
    let mut cases = Vec::new();
    for suite in suites {
        let mut operations = std::collections::BTreeSet::new();
        for group in &suite.groups {
            for case in &group.cases {
                let given = case.get("given").unwrap_or(&Json::Null);
                // One model per operation and set of error shapes (the suites give each
                // error of an operation a group of its own).
                let errors: Vec<&str> = group
                    .shapes
                    .entries()
                    .iter()
                    .filter(|(_, shape)| shape.get("exception").is_some_and(Json::is_true))
                    .map(|(name, _)| name.as_str())
                    .collect();
                if !operations.insert((given.text("name"), errors)) {
                    continue;
                }
                let id = case.text("id");
                if skipped.skips(&suite.protocol, suite.direction, &group.description, id) {
                    continue;
                }
                for _ in 0..rounds {
                    let model = model::build(&group.metadata, &group.shapes, given)?;
                    let mut parts = vec![("given".to_owned(), given.clone())];
                    match suite.direction {
                        Direction::Input => {
                            let params = random::params(&mut rng, model.operation.input);
                            parts.push(("params".into(), params));
                        }
                        // The groups of error cases answer with their errors (the
                        // operation's success has a group of its own).
                        Direction::Output if !model.errors.is_empty() => {
                            let error = *rng.pick(&model.errors);
                            let value = random::output(&mut rng, error.1);
                            let response = random::error_response(&mut rng, &model, error, &value);
                            parts.push(("response".into(), response));
                            parts.push(("error".into(), Json::Object(Vec::new())));
                        }
                        Direction::Output => {
                            let output = random::output(&mut rng, model.operation.output);
                            let response = random::response(&model, &output);
                            parts.push(("response".into(), response));
                        }
                    }
                    cases.push(Random {
                        suite: suite.name.clone(),
                        id: case.text("id").to_owned(),
                        model,
                        case: Json::Object(parts),
                    });
                }
            }
        }
    }
    // Built as ordered JSON text: botocore writes members and map entries in the
    // order the parameters give them, as the runtime does.
    let wanted: Vec<String> = cases
        .iter()
        .enumerate()
        .map(|(n, c)| {
            let mut entry = vec![
                ("suite".to_owned(), Json::String(c.suite.clone())),
                ("id".to_owned(), Json::String(c.id.clone())),
                ("key".to_owned(), Json::String(n.to_string())),
            ];
            for part in ["params", "response", "error"] {
                if let Some(value) = c.case.get(part) {
                    entry.push((part.to_owned(), value.clone()));
                }
            }
            Json::Object(entry).to_text()
        })
        .collect();
    let answers = botocore::answer(python, root, &format!("[{}]", wanted.join(",")))?;
    let mut problems = Vec::new();
    for (n, c) in cases.iter().enumerate() {
        let shown = c.case.get("params").or(c.case.get("response"));
        let shown = shown.map(Json::to_text).unwrap_or_default();
        let name = format!("{} {} #{n} {shown}", c.suite, c.id);
        let Some(theirs) = answers.get(&n.to_string()) else {
            problems.push(format!("{name}: botocore gave no answer"));
            continue;
        };
        let theirs = &without_empty_message(theirs.clone());
        if let Some(error) = theirs.get("error") {
            problems.push(format!("{name}: botocore refused it: {error}"));
            continue;
        }
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if c.case.get("params").is_some() {
                match run::send(&c.model, &c.case) {
                    Ok(sent) => botocore::request_differences(&sent, theirs),
                    Err(e) => vec![e],
                }
            } else {
                match run::parsed(&c.model, &c.case) {
                    Ok(parsed) => {
                        botocore::result_differences(&without_empty_message(parsed), theirs)
                    }
                    Err(e) => vec![e],
                }
            }
        }))
        .unwrap_or_else(|_| vec!["panicked".to_owned()]);
        problems.extend(outcome.into_iter().map(|d| format!("{name}: {d}")));
    }
    let errors = cases
        .iter()
        .filter(|c| c.case.get("error").is_some())
        .count();
    Ok((cases.len(), errors, problems))
}

/// `value` (a parsed response, or botocore's `{"result": ...}`) without an error
/// message that is empty: botocore reads `<Message></Message>` as None, the runtime as
/// "", and neither tells the caller anything.
fn without_empty_message(mut value: serde_json::Value) -> serde_json::Value {
    let target = match value.get_mut("result") {
        Some(result) => result,
        None => &mut value,
    };
    if let Some(serde_json::Value::Object(error)) = target.get_mut("Error") {
        if error
            .get("Message")
            .is_some_and(|m| m.is_null() || m.as_str() == Some(""))
        {
            error.remove("Message");
        }
    }
    value
}
