//! `DateTime` as users handle it: RFC 3339 text both ways and `SystemTime` both ways,
//! through a generated crate's re-export; and Python's `datetime` as the peer on random
//! inputs, when `python3` is installed.

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sdk_secretsmanager::DateTime;

fn parsed(text: &str) -> DateTime {
    text.parse()
        .unwrap_or_else(|e| panic!("{text} does not parse: {e}"))
}

#[test]
fn rfc3339_round_trips_with_fractions_and_offsets() {
    for (text, secs, nanos, shown) in [
        (
            "2015-01-01T00:00:00Z",
            1_420_070_400,
            0,
            "2015-01-01T00:00:00Z",
        ),
        (
            "2015-01-01T00:00:00.25Z",
            1_420_070_400,
            250_000_000,
            "2015-01-01T00:00:00.25Z",
        ),
        (
            "2015-01-01T01:00:00.25+01:00",
            1_420_070_400,
            250_000_000,
            "2015-01-01T00:00:00.25Z",
        ),
        (
            "2014-12-31T19:30:00.000000001-04:30",
            1_420_070_400,
            1,
            "2015-01-01T00:00:00.000000001Z",
        ),
        (
            "2015-01-01t00:00:00.123456789z",
            1_420_070_400,
            123_456_789,
            "2015-01-01T00:00:00.123456789Z",
        ),
        (
            "2015-01-01 00:00:00-00:00",
            1_420_070_400,
            0,
            "2015-01-01T00:00:00Z",
        ),
        (
            "2024-02-29T23:59:59.999Z",
            1_709_251_199,
            999_000_000,
            "2024-02-29T23:59:59.999Z",
        ),
        (
            "1969-12-31T23:59:58.5Z",
            -2,
            500_000_000,
            "1969-12-31T23:59:58.5Z",
        ),
        (
            "0001-01-01T00:00:00Z",
            -62_135_596_800,
            0,
            "0001-01-01T00:00:00Z",
        ),
        (
            "9999-12-31T23:59:59.999999Z",
            253_402_300_799,
            999_999_000,
            "9999-12-31T23:59:59.999999Z",
        ),
    ] {
        let t = parsed(text);
        assert_eq!((t.secs(), t.subsec_nanos()), (secs, nanos), "{text}");
        assert_eq!(t.to_string(), shown, "{text}");
        assert_eq!(parsed(shown), t, "{shown}");
    }
}

#[test]
fn invalid_text_is_refused_with_the_reason() {
    for (text, reason) in [
        ("", "expected a four-digit year at the start"),
        (
            "2015-1-01T00:00:00Z",
            "expected a two-digit month after the year",
        ),
        ("2015-13-01T00:00:00Z", "the month is not 01 to 12"),
        ("2015-02-29T00:00:00Z", "the month has no such day"),
        ("2015-04-31T00:00:00Z", "the month has no such day"),
        ("2015-01-01", "expected 'T' between the date and the time"),
        (
            "2015-01-01T24:00:00Z",
            "the time of day is not 00:00 to 23:59",
        ),
        (
            "2016-12-31T23:59:60Z",
            "leap seconds (:60) have no place in Unix time",
        ),
        (
            "2015-01-01T00:00:00",
            "expected 'Z' or an offset such as +01:00",
        ),
        (
            "2015-01-01T00:00:00.Z",
            "expected digits after the decimal point",
        ),
        (
            "2015-01-01T00:00:00.1234567891Z",
            "more than 9 fractional digits: finer than a nanosecond",
        ),
        ("2015-01-01T00:00:00+0100", "expected ':' in the offset"),
        (
            "2015-01-01T00:00:00+24:00",
            "the offset is not -23:59 to +23:59",
        ),
        (
            "2015-01-01T00:00:00Z ",
            "unexpected text after the date-time",
        ),
        ("1420070400", "expected '-' after the year"),
        (
            "２015-01-01T00:00:00Z",
            "expected a four-digit year at the start",
        ),
    ] {
        let err = text.parse::<DateTime>().unwrap_err();
        assert_eq!(err.reason(), reason, "{text}");
        assert_eq!(
            err.to_string(),
            format!("invalid RFC 3339 date-time {text:?}: {reason}")
        );
    }
}

#[test]
fn system_time_converts_both_ways_before_and_after_the_epoch() {
    for (system, secs, nanos) in [
        (UNIX_EPOCH - Duration::from_millis(1_500), -2, 500_000_000),
        (UNIX_EPOCH - Duration::from_secs(86_400), -86_400, 0),
        (UNIX_EPOCH - Duration::from_nanos(1), -1, 999_999_999),
        (
            UNIX_EPOCH + Duration::new(1_420_070_400, 7),
            1_420_070_400,
            7,
        ),
    ] {
        let t = DateTime::from(system);
        assert_eq!((t.secs(), t.subsec_nanos()), (secs, nanos));
        assert_eq!(SystemTime::try_from(t), Ok(system));
    }
    assert_eq!(
        DateTime::from(UNIX_EPOCH - Duration::from_nanos(1)).to_string(),
        "1969-12-31T23:59:59.999999999Z"
    );
    let now = SystemTime::now();
    assert_eq!(SystemTime::try_from(DateTime::from(now)), Ok(now));
}

/// A small, seeded generator: the cases are the same on every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> i64 {
        (self.next() % n) as i64
    }
}

/// Python's `datetime` reads the same instant from 20,000 random RFC 3339 texts (years
/// 1 to 9999, microseconds, offsets) and writes the same UTC text for it.
#[test]
fn python_datetime_agrees_on_random_texts() {
    const CASES: usize = 20_000;
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut texts = Vec::with_capacity(CASES);
    for _ in 0..CASES {
        // Within years 2 to 9998, so that no offset leaves Python's range.
        let secs = -62_135_596_800
            + 366 * 86_400
            + rng.below(253_402_300_799 + 62_135_596_800 - 2 * 366 * 86_400);
        let micros = match rng.below(3) {
            0 => 0,
            1 => rng.below(1000) * 1000,
            _ => rng.below(1_000_000),
        };
        let offset = match rng.below(3) {
            0 => 0,
            _ => (rng.below(2 * 24 * 60 - 1) - (24 * 60 - 1)) * 60,
        };
        let utc = DateTime::from_secs_and_nanos(secs, micros as u32 * 1000).to_string();
        // The same instant written in local time at `offset`.
        let local = DateTime::from_secs_and_nanos(secs + offset, micros as u32 * 1000).to_string();
        let text = if offset == 0 {
            utc.clone()
        } else {
            let sign = if offset < 0 { '-' } else { '+' };
            let minutes = offset.abs() / 60;
            format!(
                "{}{sign}{:02}:{:02}",
                local.trim_end_matches('Z'),
                minutes / 60,
                minutes % 60
            )
        };
        texts.push((text, utc));
    }

    let script = r#"
import sys
from datetime import datetime, timezone
epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
for line in sys.stdin:
    t = datetime.fromisoformat(line.strip().replace("Z", "+00:00")).astimezone(timezone.utc)
    d = t - epoch
    s = "%04d-%02d-%02dT%02d:%02d:%02d" % (t.year, t.month, t.day, t.hour, t.minute, t.second)
    if t.microsecond:
        s += ("." + "%06d" % t.microsecond).rstrip("0")
    print(d.days * 86400 + d.seconds, d.microseconds, s + "Z")
"#;
    let child = Command::new("python3")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        eprintln!("python3 is not installed: the peer comparison is skipped");
        return;
    };
    let input: String = texts.iter().map(|(text, _)| format!("{text}\n")).collect();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(output.status.success());
    let answers = String::from_utf8(output.stdout).unwrap();
    let answers: Vec<&str> = answers.lines().collect();
    assert_eq!(answers.len(), CASES);
    for ((text, utc), answer) in texts.iter().zip(answers) {
        let t = parsed(text);
        let ours = format!("{} {} {t}", t.secs(), t.subsec_nanos() / 1000);
        assert_eq!(ours, answer, "{text}");
        assert_eq!(&t.to_string(), utc, "{text}");
    }
}
