//! Percent-encoding and HTTP-dates against the pinned botocore on random inputs (when
//! it is installed).

use crate::fixtures::*;

/// The Python of the pinned botocore, as `tests/tests/timestamps.rs` finds it.
fn pinned_python() -> Option<PathBuf> {
    if let Some(python) = std::env::var_os("BOTOCORE_PYTHON") {
        return Some(python.into());
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let pin = std::fs::read_to_string(root.join("docs-input/boto3.pin")).ok()?;
    let key = pin
        .lines()
        .map(|line| line.split('#').next().unwrap_or_default())
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ");
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let env = target.join("boto3-env").join(format!("{hash:016x}"));
    let installed = std::fs::read_to_string(env.join("installed.pin")).ok()?;
    let python = env.join("bin").join("python");
    (installed == key && python.exists()).then_some(python)
}

#[test]
fn labels_query_and_http_dates_match_botocore_on_random_inputs() {
    let Some(python) = pinned_python() else {
        eprintln!("skipped: the pinned botocore is not installed (cargo xtask import-docs)");
        return;
    };
    let seed = seed();
    let mut rng = Rng(seed);
    let texts: Vec<String> = (0..2000).map(|_| rng.text()).collect();
    let times: Vec<i64> = (0..2000)
        .map(|_| (rng.next() % 253_402_300_800) as i64 - 62_135_596_800 / 2)
        .collect();
    let script = r#"
import json, sys
from botocore.utils import percent_encode
from email.utils import formatdate
cases = json.load(sys.stdin)
print(json.dumps({
  "label": [percent_encode(t) for t in cases["texts"]],
  "greedy": [percent_encode(t, safe='/~') for t in cases["texts"]],
  "date": [formatdate(s, usegmt=True) for s in cases["times"]],
}))
"#;
    let mut child = Command::new(python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let cases = serde_json::json!({"texts": texts, "times": times});
    serde_json::to_writer(child.stdin.take().unwrap(), &cases).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let want: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for (i, text) in texts.iter().enumerate() {
        for (kind, greedy) in [("label", false), ("greedy", true)] {
            let mut ours = String::new();
            sdk_runtime::codec::rest::percent_encode_into(&mut ours, text, greedy);
            assert_eq!(ours, want[kind][i], "seed {seed}: {kind} of {text:?}");
        }
    }
    for (i, secs) in times.iter().enumerate() {
        let ours = http_date::format(&DateTime::from_secs(*secs));
        assert_eq!(ours, want["date"][i], "seed {seed}: {secs}");
        assert_eq!(
            http_date::parse(&ours),
            Ok(DateTime::from_secs(*secs)),
            "seed {seed}"
        );
    }
}
