//! The checks the serde path passed against botocore, on the schema codec: the
//! recorded botocore timestamp cases (`tests/fixtures/timestamps/`, botocore's own
//! serializer and parser over random datetimes and response numbers), and doubles
//! that must come back as Python's `repr` writes them.

use super::model::Everything;
use super::{read, write};
use sdk_runtime::DateTime;

/// The text `value` is written as, in `{"F64": ...}`.
fn double_text(value: f64) -> String {
    let body = write(&Everything {
        f64: Some(value),
        ..Everything::default()
    });
    body["{\"F64\": ".len()..body.len() - 1].to_owned()
}

#[test]
fn doubles_are_read_exactly_and_sent_back_as_python_writes_them() {
    // Checked with Python: `json.dumps(json.loads(text))`.
    for (text, python) in [
        ("5e-324", "5e-324"),
        ("-2.5e-308", "-2.5e-308"),
        ("2.2250738585072014e-308", "2.2250738585072014e-308"),
        ("1.7976931348623157e+308", "1.7976931348623157e+308"),
        ("-0.0", "-0.0"),
        ("0.30000000000000004", "0.30000000000000004"),
        ("123456789012345.67", "123456789012345.67"),
        ("215881532994.45312", "215881532994.45312"),
        ("253402157825.95312", "253402157825.95312"),
        ("1E5", "100000.0"),
        ("0.10", "0.1"),
        ("1.0e-7", "1e-07"),
        ("-0.000", "-0.0"),
        ("-9.876543210987654e-05", "-9.876543210987653e-05"),
        ("100", "100.0"),
    ] {
        let value = read(format!("{{\"F64\": {text}}}").as_bytes())
            .unwrap()
            .f64
            .unwrap();
        assert_eq!(
            value.to_bits(),
            text.parse::<f64>().unwrap().to_bits(),
            "{text}"
        );
        assert_eq!(double_text(value), python, "{text}");
    }
}

/// The number `time` is written as, in `{"When": ...}`.
fn time_text(time: DateTime) -> String {
    let body = write(&Everything {
        when: Some(time),
        ..Everything::default()
    });
    body["{\"When\": ".len()..body.len() - 1].to_owned()
}

/// A response number, and the seconds, microseconds and re-sent number botocore reads
/// from it (all `None` when botocore rejects it).
type ReadCase = (String, Option<i64>, Option<u32>, Option<String>);

#[derive(serde::Deserialize)]
struct Cases {
    write: Vec<(i64, u32, String)>,
    read: Vec<ReadCase>,
}

#[test]
fn timestamps_match_the_recorded_botocore_cases() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/timestamps/botocore-seed-1.json"
    );
    let cases: Cases = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    assert!(cases.write.len() >= 3_000 && cases.read.len() >= 3_000);
    let mut found = Vec::new();
    for (n, (secs, micros, expected)) in cases.write.iter().enumerate() {
        // Nanoseconds below the microsecond must not change the number.
        let below = (n as u32).wrapping_mul(7919) % 1000;
        let ours = time_text(DateTime::from_secs_and_nanos(*secs, micros * 1000 + below));
        if &ours != expected {
            found.push(format!(
                "write {secs} s {micros} us: botocore {expected}, ours {ours}"
            ));
        }
    }
    for (number, secs, micros, resent) in &cases.read {
        let ours = read(format!("{{\"When\": {number}}}").as_bytes()).map(|v| v.when.unwrap());
        let agree = match (&ours, secs, micros, resent) {
            (Ok(t), Some(secs), Some(micros), Some(resent)) => {
                (t.secs(), t.subsec_nanos()) == (*secs, micros * 1000) && &time_text(*t) == resent
            }
            (Err(_), None, None, None) => true,
            _ => false,
        };
        if !agree {
            found.push(format!(
                "read {number}: botocore {secs:?} s {micros:?} us, ours {ours:?}"
            ));
        }
    }
    assert!(
        found.is_empty(),
        "{} differ: {:#?}",
        found.len(),
        &found[..found.len().min(20)]
    );
}
