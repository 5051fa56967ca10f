//! The ignore lists: ours (`ignored.list`, a reason per case) and botocore's own
//! (`protocol-tests-ignore-list.json` beside the suites).

use std::collections::BTreeMap;
use std::path::Path;

use super::ordered::Json;
use super::suite::Direction;

/// Why a listed case cannot pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// boto3 does something else than the case expects, and so does the runtime: checked
    /// against the pinned botocore where it is installed.
    Boto3,
    /// The case cannot be run as written (its reason says why).
    Unreachable,
}

/// One listed case.
pub struct Entry {
    /// Why it is listed.
    pub kind: Kind,
    /// The reason, for people.
    pub reason: String,
}

/// Cases of this project's list by (suite, case id).
pub type Ignored = BTreeMap<(String, String), Entry>;

/// This project's list, `ignored.list` beside this file: one case per line,
/// `<suite> <case id> <boto3|unreachable> <reason>`, `#` comments.
pub fn ours() -> Result<Ignored, String> {
    let text = include_str!("ignored.list");
    let mut ignored = Ignored::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.splitn(4, char::is_whitespace);
        let (Some(suite), Some(id), Some(kind), Some(reason)) =
            (words.next(), words.next(), words.next(), words.next())
        else {
            return Err(format!(
                "ignored.list:{}: expected <suite> <case id> <boto3|unreachable> <reason>",
                number + 1
            ));
        };
        let kind = match kind {
            "boto3" => Kind::Boto3,
            "unreachable" => Kind::Unreachable,
            other => {
                return Err(format!(
                    "ignored.list:{}: {other:?} is neither boto3 nor unreachable",
                    number + 1
                ))
            }
        };
        let key = (suite.to_owned(), id.to_owned());
        let entry = Entry {
            kind,
            reason: reason.trim().to_owned(),
        };
        if ignored.insert(key, entry).is_some() {
            return Err(format!(
                "ignored.list:{}: {suite} {id} listed twice",
                number + 1
            ));
        }
    }
    Ok(ignored)
}

/// botocore's own ignore list.
pub struct Botocore(Json);

impl Botocore {
    /// Reads `protocol-tests-ignore-list.json` under `root`.
    pub fn load(root: &Path) -> Result<Self, String> {
        let path = root.join("protocol-tests-ignore-list.json");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text)
            .map(Botocore)
            .map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Whether botocore skips a case, as its runner decides: a suite (group
    /// description) or case id listed for every protocol or for this one.
    pub fn skips(&self, protocol: &str, direction: Direction, group: &str, id: &str) -> bool {
        let direction = match direction {
            Direction::Input => "input",
            Direction::Output => "output",
        };
        let general = self.0.get("general").and_then(|g| g.get(direction));
        let specific = self
            .0
            .get("protocols")
            .and_then(|p| p.get(protocol))
            .and_then(|p| p.get(direction));
        [general, specific].into_iter().flatten().any(|list| {
            let has = |key: &str, wanted: &str| {
                list.get(key)
                    .map(Json::items)
                    .unwrap_or_default()
                    .iter()
                    .any(|item| item.as_str() == Some(wanted))
            };
            has("suites", group) || has("cases", id)
        })
    }
}
