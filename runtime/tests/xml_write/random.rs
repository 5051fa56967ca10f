//! Random models and inputs, written by the runtime's protocol entry point and by the
//! pinned botocore (`random_requests.py`), compared byte for byte.

use std::path::Path;
use std::process::Command;

use base64::Engine as _;
use sdk_runtime::protocol::write_request;

use super::conformance::{botocore, model, ordered::Json, values::Params};

/// The seed of this run: `RANDOM_SEED`, else the clock (printed, to replay a failure).
pub fn seed() -> u64 {
    let seed = std::env::var("RANDOM_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64 % 1_000_000_007)
        });
    eprintln!("random cases: RANDOM_SEED={seed}");
    seed
}

/// How each of `count` random cases of `protocol` differs from botocore's request
/// (empty when all are equal); `None` when the pinned botocore is not installed.
pub fn differences(protocol: &str, seed: u64, count: usize) -> Option<Vec<String>> {
    let Some(python) = botocore::python() else {
        eprintln!(
            "random cases: the pinned botocore is not installed (cargo xtask import-docs \
             makes it, or set BOTOCORE_PYTHON); skipped"
        );
        return None;
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/xml_write/random_requests.py");
    let output = Command::new(&python)
        .arg(script)
        .args([protocol, &seed.to_string(), &count.to_string()])
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", python.display()));
    assert!(
        output.status.success(),
        "random_requests.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cases: Json = serde_json::from_slice(&output.stdout).expect("the cases are JSON");
    let mut problems = Vec::new();
    for (index, case) in cases.items().iter().enumerate() {
        if let Err(problem) = compare(case) {
            let shapes = case.get("shapes").map(Json::to_value).unwrap_or_default();
            let params = case.get("params").map(Json::to_value).unwrap_or_default();
            problems.push(format!(
                "case {index}: {problem}\n  shapes: {shapes}\n  params: {params}"
            ));
        }
    }
    assert_eq!(cases.items().len(), count);
    Some(problems)
}

/// The runtime's request for one case against botocore's.
fn compare(case: &Json) -> Result<(), String> {
    let null = Json::Null;
    let built = model::build(
        case.get("metadata").unwrap_or(&null),
        case.get("shapes").unwrap_or(&null),
        case.get("given").unwrap_or(&null),
    )?;
    let op = built.operation;
    let params = Params {
        schema: op.input,
        value: case.get("params").unwrap_or(&null),
    };
    let parts = write_request(built.service, op, &params).map_err(|e| e.to_string())?;
    let body = base64::engine::general_purpose::STANDARD
        .decode(case.text("body"))
        .map_err(|e| e.to_string())?;
    let mut problems = Vec::new();
    if parts.body != body {
        problems.push(format!(
            "body\n    ours   {:?}\n    botocore {:?}",
            String::from_utf8_lossy(&parts.body),
            String::from_utf8_lossy(&body)
        ));
    }
    if parts.method != case.text("method") {
        problems.push(format!(
            "method {} against {}",
            parts.method,
            case.text("method")
        ));
    }
    if parts.path != case.text("uri") {
        problems.push(format!("URI {} against {}", parts.path, case.text("uri")));
    }
    let theirs: Vec<(String, String)> = case
        .get("headers")
        .map(Json::entries)
        .unwrap_or_default()
        .iter()
        .map(|(k, v)| {
            (
                k.to_ascii_lowercase(),
                v.as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let ours: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
        .collect();
    if ours != theirs {
        problems.push(format!("headers {ours:?} against {theirs:?}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n  "))
    }
}
