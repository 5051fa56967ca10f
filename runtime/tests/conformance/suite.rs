//! botocore's protocol suites as data: which files, their groups and cases.

use std::path::{Path, PathBuf};

use super::ordered::Json;

/// Whether a suite serializes inputs or parses responses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `params` in, `serialized` request expected.
    Input,
    /// `response` in, `result` or `error` expected.
    Output,
}

/// One suite file (`input/rest-json.json`).
pub struct Suite {
    /// The path under the suites' root, as the ignore lists name it.
    pub name: String,
    /// The protocol as botocore's ignore list names it (the file stem).
    pub protocol: String,
    /// Input or output.
    pub direction: Direction,
    /// Groups of cases sharing one model snippet.
    pub groups: Vec<Group>,
}

/// Cases sharing `metadata` and `shapes`.
pub struct Group {
    /// `Test cases for X operation`.
    pub description: String,
    /// Service metadata (protocol, jsonVersion, targetPrefix, ...).
    pub metadata: Json,
    /// Shapes by name, in model order.
    pub shapes: Json,
    /// The endpoint the client is configured with, when the group states one.
    pub client_endpoint: Option<String>,
    /// The cases, as written.
    pub cases: Vec<Json>,
}

/// The suites of awsJson 1.0 and 1.1 and restJson1, both directions.
pub const JSON: &[&str] = &[
    "input/json.json",
    "input/json_1_0.json",
    "input/json_1_0-query-compatible.json",
    "input/rest-json.json",
    "output/json.json",
    "output/json_1_0.json",
    "output/json_1_0-query-compatible.json",
    "output/rest-json.json",
];

/// restXml, both directions.
pub const REST_XML: &[&str] = &["input/rest-xml.json", "output/rest-xml.json"];

/// awsQuery, both directions.
pub const QUERY: &[&str] = &["input/query.json", "output/query.json"];

/// ec2Query, both directions.
pub const EC2: &[&str] = &["input/ec2.json", "output/ec2.json"];

/// Every suite this harness runs (not rpcv2Cbor, which the runtime does not speak).
pub const ALL: &[&[&str]] = &[JSON, REST_XML, QUERY, EC2];

/// Where botocore's suites are: `shared/protocol-tests` beside the workspace.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/protocol-tests")
}

/// Reads one suite file.
pub fn load(root: &Path, name: &str) -> Result<Suite, String> {
    let path = root.join(name);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let groups: Vec<Json> = serde_json::from_str(&text).map_err(|e| format!("{name}: {e}"))?;
    let (dir, file) = name.split_once('/').ok_or(format!("{name}: no folder"))?;
    let direction = match dir {
        "input" => Direction::Input,
        "output" => Direction::Output,
        other => return Err(format!("{name}: unknown folder {other}")),
    };
    let groups = groups
        .into_iter()
        .map(|group| Group {
            description: group.text("description").to_owned(),
            metadata: group.get("metadata").cloned().unwrap_or(Json::Null),
            shapes: group.get("shapes").cloned().unwrap_or(Json::Null),
            client_endpoint: group
                .get("clientEndpoint")
                .and_then(Json::as_str)
                .map(str::to_owned),
            cases: group
                .get("cases")
                .map(|c| c.items().to_vec())
                .unwrap_or_default(),
        })
        .collect();
    Ok(Suite {
        name: name.to_owned(),
        protocol: file.trim_end_matches(".json").to_owned(),
        direction,
        groups,
    })
}
