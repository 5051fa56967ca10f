//! What the pinned botocore does with listed cases, to check that the runtime does the
//! same where a case is listed because boto3 differs from the suite's expectation.

#[path = "../pinned/mod.rs"]
mod pinned;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Map, Value};

use super::compare::same;
use super::run::{body_problem, Sent};
/// The Python of the pinned botocore (see `pinned`).
pub fn python() -> Option<PathBuf> {
    pinned::python()
}

/// botocore's answer per case (`"<suite> <id>"`): a request, `{"result": ...}` or
/// `{"error": ...}`.
pub fn answers(
    python: &Path,
    root: &Path,
    cases: &[(String, String)],
) -> Result<Map<String, Value>, String> {
    let wanted: Vec<Value> = cases
        .iter()
        .map(|(suite, id)| serde_json::json!({ "suite": suite, "id": id }))
        .collect();
    answer(python, root, &Value::Array(wanted).to_string())
}

/// botocore's answers to `wanted`, a JSON array of entries as `botocore_cases.py` reads
/// them (a case, maybe with its own `params` or `response` and the `key` to answer
/// under), its objects' keys in the order botocore is to see them.
pub fn answer(python: &Path, root: &Path, wanted: &str) -> Result<Map<String, Value>, String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/botocore_cases.py");
    let mut child = Command::new(python)
        .arg(script)
        .arg(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{}: {e}", python.display()))?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(wanted.as_bytes())
        .map_err(|e| e.to_string())?;
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    serde_json::from_slice(&output.stdout).map_err(|e| format!("botocore's answers: {e}"))
}

/// Differences between the runtime's request and botocore's: method, path and query,
/// body (JSON as values, XML and forms byte for byte), and the same headers with the
/// same values.
pub fn request_differences(ours: &Sent, theirs: &Value) -> Vec<String> {
    let text = |key: &str| theirs.get(key).and_then(Value::as_str).unwrap_or_default();
    let mut problems = Vec::new();
    if ours.method != text("method") {
        problems.push(format!(
            "method {}, botocore {}",
            ours.method,
            text("method")
        ));
    }
    if ours.uri != text("uri") {
        problems.push(format!("URI {:?}, botocore {:?}", ours.uri, text("uri")));
    }
    // XML byte for byte, as boto3 sends it (the suites compare it canonically).
    if text("body").starts_with('<') && ours.body != text("body").as_bytes() {
        problems.push(format!(
            "body {:?}, botocore {:?}",
            String::from_utf8_lossy(&ours.body),
            text("body")
        ));
    } else {
        problems.extend(body_problem(&ours.body, text("body"), "botocore"));
    }
    let mut theirs_headers: Vec<(String, String)> = theirs
        .get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| {
            (
                k.to_ascii_lowercase(),
                v.as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let mut ours_headers: Vec<(String, String)> = ours
        .headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
        .collect();
    theirs_headers.sort();
    ours_headers.sort();
    if ours_headers != theirs_headers {
        problems.push(format!(
            "headers {ours_headers:?}, botocore {theirs_headers:?}"
        ));
    }
    problems
}

/// Differences between the runtime's parsed output and botocore's.
pub fn result_differences(ours: &Value, theirs: &Value) -> Vec<String> {
    match theirs.get("result") {
        Some(result) if same(ours, result) => Vec::new(),
        Some(result) => vec![format!("parsed {ours}, botocore {result}")],
        None => vec![format!("parsed {ours}, botocore {theirs}")],
    }
}
