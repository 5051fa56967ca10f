//! Hostile bodies: errors, never panics, stack overflows or silent acceptance.

use super::random::XorShift;
use super::{read, respond, SAMPLE};
use sdk_runtime::protocol::ServiceFailure;

fn rejected(body: &[u8]) -> String {
    match read(body) {
        Err(e) => e.reason,
        Ok(value) => panic!("{:?} was read as {value:?}", String::from_utf8_lossy(body)),
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = |prefix: &str, open: &str| {
        let mut body = prefix.to_owned();
        body.push_str(&open.repeat(100_000));
        body.into_bytes()
    };
    for body in [
        deep(r#"{"Doc": "#, "["),
        deep(r#"{"Doc": "#, r#"{"a": "#),
        deep(r#"{"Unknown": "#, "["),
        deep(r#"{"Unknown": "#, r#"{"a": "#),
        deep("", r#"{"Nested": "#),
        deep(r#"{"Items": "#, "["),
        deep("", "["),
    ] {
        let reason = rejected(&body);
        assert!(
            reason.contains("nesting deeper than 128 levels") || reason.contains("expected"),
            "{reason}"
        );
    }
    // 100 levels are fine.
    let mut body = r#"{"Nested": "#.repeat(60);
    body.push_str("{}");
    body.push_str(&"}".repeat(60));
    read(body.as_bytes()).unwrap();
}

#[test]
fn every_truncation_of_a_body_is_an_error() {
    for end in 0..SAMPLE.len() {
        // Cutting inside a multi-byte character cannot happen: the sample is ASCII.
        let body = &SAMPLE.as_bytes()[..end];
        if body.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        rejected(body);
        assert!(matches!(respond(body), Err(ServiceFailure::Malformed(_))));
    }
}

#[test]
fn invalid_text_is_an_error() {
    let cases: &[&[u8]] = &[
        b"{\"Text\": \"\xff\"}",
        b"{\"Text\": \"ok\xc3\"}",
        b"{\"Unknown\": \"\xed\xa0\x80\"}",
        b"{\"\xff\": 1}",
        br#"{"Text": "\x"}"#,
        br#"{"Text": "\u12"}"#,
        br#"{"Text": "\u12g4"}"#,
        br#"{"Text": "\ud800"}"#,
        br#"{"Text": "\ud800\u0041"}"#,
        br#"{"Text": "\udc00"}"#,
        br#"{"Text": "\"#,
        b"{\"Text\": \"tab\there\"}",
        b"{\"Text\": \"\x00\"}",
        // Incorrect padding, which Python's `b64decode` refuses too (it reads text
        // outside the alphabet, such as "***", as nothing at all).
        br#"{"Data": "QQ"}"#,
        br#"{"Data": "QQ=*"}"#,
        br#"{"Color": "green"}"#,
        br#"{"Choice": {}}"#,
        br#"{"Choice": {"S": "a", "N": 1}}"#,
    ];
    for body in cases {
        rejected(body);
    }
    // Escapes that are valid read as what they stand for.
    let value = read(br#"{"Text": "\ud83d\ude00\u00e9\/\b\f"}"#).unwrap();
    assert_eq!(value.text.as_deref(), Some("😀é/\u{8}\u{c}"));
}

#[test]
fn malformed_json_is_an_error() {
    for body in [
        r#"{"Flag": tru}"#,
        r#"{"Flag" true}"#,
        r#"{"Flag": true,}"#,
        r#"{,}"#,
        r#"{"Items": [{},]}"#,
        r#"{"Long": 01}"#,
        r#"{"Long": -}"#,
        r#"{"F64": 1.}"#,
        r#"{"F64": .5}"#,
        r#"{"F64": 1e}"#,
        r#"{"F64": +1}"#,
        r#"{"Unknown": 01}"#,
        r#"{"Unknown": [1 2]}"#,
        r#"{"Unknown": {"a" 1}}"#,
        r#"{"Unknown": nul}"#,
        r#"{} x"#,
        r#"{}}"#,
        r#"[]"#,
        r#""x""#,
        r#"null"#,
        "\u{c}{}",
    ] {
        rejected(body.as_bytes());
    }
}

#[test]
fn huge_numbers_are_errors_where_they_do_not_fit() {
    let long_digits = "9".repeat(100_000);
    for body in [
        r#"{"Long": 9223372036854775808}"#.to_owned(),
        r#"{"Long": -9223372036854775809}"#.to_owned(),
        r#"{"Int": 1e400}"#.to_owned(),
        r#"{"Long": 9.3e18}"#.to_owned(),
        r#"{"Short": 32768}"#.to_owned(),
        r#"{"Doc": 1e400}"#.to_owned(),
        r#"{"When": 1e400}"#.to_owned(),
        format!(r#"{{"Long": {long_digits}}}"#),
    ] {
        rejected(body.as_bytes());
    }
    // Python reads an out-of-range double as infinity, and so does a float member.
    let value = read(format!(r#"{{"F64": {long_digits}, "F32": 1e39}}"#).as_bytes()).unwrap();
    assert_eq!(value.f64, Some(f64::INFINITY));
    assert_eq!(value.f32, Some(f32::INFINITY));
    let value = read(br#"{"Long": 9223372036854775807, "Doc": 18446744073709551615}"#).unwrap();
    assert_eq!(value.long, Some(i64::MAX));
    assert_eq!(value.doc, Some(sdk_runtime::Document::from(u64::MAX)));
}

#[test]
fn mutated_bodies_never_panic() {
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let interesting = b"{}[]\":,\\0123456789.eE+-tfnul \xff\xc3\x80";
    for _ in 0..20_000 {
        let mut body = SAMPLE.as_bytes().to_vec();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(body.len() as u64) as usize;
            match rng.below(3) {
                0 => body[at] = interesting[rng.below(interesting.len() as u64) as usize],
                1 => {
                    body.remove(at);
                }
                _ => body.insert(
                    at,
                    interesting[rng.below(interesting.len() as u64) as usize],
                ),
            }
        }
        let _ = read(&body);
        let _ = respond(&body);
    }
}
