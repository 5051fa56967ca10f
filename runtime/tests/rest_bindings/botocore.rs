//! Percent-encoding and HTTP-dates against the pinned botocore on random inputs (when
//! it is installed).

#[path = "../pinned/mod.rs"]
mod pinned;

use crate::fixtures::*;

#[test]
fn labels_query_and_http_dates_match_botocore_on_random_inputs() {
    let Some(python) = pinned::python() else {
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
