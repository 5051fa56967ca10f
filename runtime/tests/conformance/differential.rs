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
/// many cases ran. Operations whose case botocore's own runner skips are left out:
/// botocore departs from the suite's model there on purpose (a payload's element
/// named after the member, not the shape), so random cases would show only that.
pub fn differences(
    python: &Path,
    root: &Path,
    suites: &[Suite],
    rounds: usize,
    seed: u64,
) -> Result<(usize, Vec<String>), String> {
    let skipped = Botocore::load(root)?;
    let mut rng = Rng::new(seed);
    let mut cases = Vec::new();
    for suite in suites {
        let mut operations = std::collections::BTreeSet::new();
        for group in &suite.groups {
            for case in &group.cases {
                let given = case.get("given").unwrap_or(&Json::Null);
                // One model per operation; error cases only share the operation's output.
                if case.get("error").is_some() || !operations.insert(given.text("name")) {
                    continue;
                }
                let id = case.text("id");
                if skipped.skips(&suite.protocol, suite.direction, &group.description, id) {
                    continue;
                }
                for _ in 0..rounds {
                    let model = model::build(&group.metadata, &group.shapes, given)?;
                    let part = match suite.direction {
                        Direction::Input => {
                            ("params", random::params(&mut rng, model.operation.input))
                        }
                        Direction::Output => {
                            let output = random::output(&mut rng, model.operation.output);
                            ("response", random::response(&model, &output))
                        }
                    };
                    cases.push(Random {
                        suite: suite.name.clone(),
                        id: case.text("id").to_owned(),
                        model,
                        case: Json::Object(vec![
                            ("given".into(), given.clone()),
                            (part.0.into(), part.1),
                        ]),
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
            for part in ["params", "response"] {
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
                    Ok(parsed) => botocore::result_differences(&parsed, theirs),
                    Err(e) => vec![e],
                }
            }
        }))
        .unwrap_or_else(|_| vec!["panicked".to_owned()]);
        problems.extend(outcome.into_iter().map(|d| format!("{name}: {d}")));
    }
    Ok((cases.len(), problems))
}
