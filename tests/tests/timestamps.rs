//! Epoch-second timestamps are written and read as botocore writes and reads them.
//!
//! `tests/python/botocore_timestamps.py` runs botocore's own JSON serializer and parser
//! over random datetimes and response numbers (DynamoDB `ListBackups`, whose request and
//! response carry timestamps). `tests/fixtures/timestamps/botocore-seed-1.json` keeps
//! 3,000 of each from a fixed seed, so that the comparison always runs; when the pinned
//! botocore is installed (`cargo xtask import-docs` makes its virtualenv), 100,000 fresh
//! ones of each are compared as well.
//!
//! Writing: a datetime has microseconds, so the nanoseconds below them must not change
//! the number; each case is written with some added. Reading: botocore's datetime
//! (seconds and microseconds) or its refusal, and the number it writes when sending
//! that datetime back.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use sdk_dynamodb::operation::list_backups::{ListBackups, ListBackupsError, ListBackupsInput};
use sdk_dynamodb::DateTime;
use sdk_runtime::protocol::Operation;
use serde::Deserialize;

/// A datetime, as seconds since the epoch and microseconds, and the number botocore
/// writes for it.
type WriteCase = (i64, u32, String);
/// A response number, and the seconds, microseconds and re-sent number botocore reads
/// from it (all `None` when botocore rejects it).
type ReadCase = (String, Option<i64>, Option<u32>, Option<String>);

#[derive(Deserialize)]
struct Cases {
    write: Vec<WriteCase>,
    read: Vec<ReadCase>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate is inside the workspace")
        .to_owned()
}

/// The number `time` is written as in a `ListBackups` request.
fn written(time: DateTime) -> Result<String, String> {
    let input = ListBackupsInput::new().time_range_lower_bound(time);
    let body = ListBackups::request(&input)
        .map_err(|e| e.to_string())?
        .body;
    let body = String::from_utf8(body).map_err(|e| e.to_string())?;
    body.strip_prefix(r#"{"TimeRangeLowerBound": "#)
        .and_then(|rest| rest.strip_suffix('}'))
        .map(str::to_owned)
        .ok_or(body)
}

/// The timestamp a `ListBackups` response with `number` as a backup's creation time
/// reads as.
fn read(number: &str) -> Result<DateTime, ListBackupsError> {
    let body = format!(r#"{{"BackupSummaries": [{{"BackupCreationDateTime": {number}}}]}}"#);
    let output = ListBackups::response(200, &[], body.as_bytes())?;
    Ok(output
        .backup_summaries
        .and_then(|summaries| summaries.into_iter().next())
        .and_then(|summary| summary.backup_creation_date_time)
        .expect("the response has the timestamp"))
}

/// Every case where we differ from botocore, described.
fn differences(cases: &Cases) -> Vec<String> {
    let mut found = Vec::new();
    for (n, (secs, micros, expected)) in cases.write.iter().enumerate() {
        // Nanoseconds below the microsecond, varied from case to case.
        let below = (n as u32).wrapping_mul(7919) % 1000;
        let time = DateTime::from_secs_and_nanos(*secs, micros * 1000 + below);
        let ours = written(time);
        if ours.as_ref() != Ok(expected) {
            found.push(format!(
                "write {secs} s {micros} us (+{below} ns): botocore {expected}, ours {ours:?}"
            ));
        }
    }
    for (number, secs, micros, resent) in &cases.read {
        let ours = read(number);
        let agree = match (&ours, secs, micros, resent) {
            (Ok(time), Some(secs), Some(micros), Some(resent)) => {
                (time.secs(), time.subsec_nanos()) == (*secs, micros * 1000)
                    && written(*time).as_ref() == Ok(resent)
            }
            (Err(ListBackupsError::MalformedResponse(_)), None, None, None) => true,
            _ => false,
        };
        if !agree {
            let ours = ours.map(|t| (t.secs(), t.subsec_nanos(), written(t)));
            found.push(format!(
                "read {number}: botocore {secs:?} s {micros:?} us, sent back as {resent:?}; \
                 ours {ours:?}"
            ));
        }
    }
    found
}

fn assert_agree(cases: &Cases, origin: &str) {
    let found = differences(cases);
    let mut report = String::new();
    for line in found.iter().take(20) {
        writeln!(report, "  {line}").unwrap();
    }
    assert!(
        found.is_empty(),
        "{} of {} cases ({origin}) differ from botocore:\n{report}",
        found.len(),
        cases.write.len() + cases.read.len(),
    );
}

#[test]
fn timestamps_match_the_recorded_botocore_cases() {
    let path = root().join("tests/fixtures/timestamps/botocore-seed-1.json");
    let text = std::fs::read_to_string(&path).expect("the fixture is readable");
    let cases: Cases = serde_json::from_str(&text).expect("the fixture reads");
    assert_eq!((cases.write.len(), cases.read.len()), (3000, 3000));
    assert_agree(&cases, "the fixture");
}

#[test]
fn timestamps_match_botocore_on_100000_fresh_random_cases() {
    let Some(python) = tests::botocore::pinned_python() else {
        return;
    };
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_nanos()
        % 1_000_000_007;
    let output = Command::new(&python)
        .arg(root().join("tests/python/botocore_timestamps.py"))
        .args([seed.to_string(), "100000".to_owned()])
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cases: Cases = serde_json::from_slice(&output.stdout).expect("the cases read");
    assert_agree(&cases, &format!("seed {seed}"));
}
