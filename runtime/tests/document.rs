//! `Document`'s own JSON reader and writer against serde_json (with `float_roundtrip`,
//! which reads doubles as Python does): the same values from the same text, the same
//! texts refused, and the written text reading back to the same document.

use sdk_runtime::Document;
use serde_json::Value;

/// Marsaglia's xorshift64: reproducible randomness with no dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    /// A number as JSON writes it: integers of every size (beyond 64 bits too),
    /// decimals and exponents, doubles from random bits and near the subnormals.
    fn number(&mut self) -> String {
        match self.below(7) {
            0 => format!("{}", self.next() as i64),
            1 => format!("{}", self.next()),
            2 => format!("{}{}", self.next(), self.below(1000)),
            3 => loop {
                let x = f64::from_bits(self.next());
                if x.is_finite() {
                    break format!("{x:e}");
                }
            },
            4 => format!(
                "{}{}.{}e{}{}",
                self.pick(&["", "-"]),
                self.below(100),
                self.next(),
                self.pick(&["", "+", "-"]),
                self.below(330)
            ),
            5 => format!("-2.{}e-308", self.below(100_000)),
            _ => format!("{}.{:03}", self.below(10_000), self.below(1000)),
        }
    }

    fn string(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a",
            " ",
            "é",
            "😀",
            "\u{7f}",
            "\\\"",
            "\\\\",
            "\\/",
            "\\b",
            "\\f",
            "\\n",
            "\\r",
            "\\t",
            "\\u0001",
            "\\u00e9",
            "\\ud83d\\ude00",
            "\\uFFFF",
            "{",
            "]",
        ];
        let mut text = String::from("\"");
        for _ in 0..self.below(8) {
            text.push_str(self.pick(PIECES));
        }
        text.push('"');
        text
    }

    fn value(&mut self, depth: u32) -> String {
        let pad = |r: &mut Self| r.pick(&["", " ", "\n\t", "\r\n  "]).to_owned();
        match self.below(if depth > 4 { 5 } else { 7 }) {
            0 => self.pick(&["null", "true", "false"]).to_owned(),
            1 | 2 => self.number(),
            3 | 4 => self.string(),
            5 => {
                let items: Vec<String> = (0..self.below(4))
                    .map(|_| format!("{}{}{}", pad(self), self.value(depth + 1), pad(self)))
                    .collect();
                format!("[{}]", items.join(","))
            }
            _ => {
                let members: Vec<String> = (0..self.below(4))
                    .map(|_| {
                        format!(
                            "{}{}{}:{}{}",
                            pad(self),
                            self.string(),
                            pad(self),
                            self.value(depth + 1),
                            pad(self)
                        )
                    })
                    .collect();
                format!("{{{}}}", members.join(","))
            }
        }
    }
}

/// Both readers on `text`: the same document, or both refuse it.
fn same_as_serde_json(text: &[u8]) {
    let theirs = serde_json::from_slice::<Value>(text);
    let ours = Document::from_json(text);
    match (&ours, &theirs) {
        (Ok(ours), Ok(theirs)) => {
            let ours_as_json = serde_json::to_value(ours).unwrap();
            assert_eq!(&ours_as_json, theirs, "{}", String::from_utf8_lossy(text));
            // Integers stay integers, floats stay floats.
            assert_eq!(ours_as_json.to_string(), theirs.to_string());
            // What we write reads back the same.
            assert_eq!(&Document::from_json(ours.to_string()).unwrap(), ours);
        }
        (Err(_), Err(_)) => {}
        _ => panic!(
            "{}: ours {ours:?}, serde_json {theirs:?}",
            String::from_utf8_lossy(text)
        ),
    }
}

#[test]
fn random_texts_read_as_serde_json_reads_them() {
    let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
    for _ in 0..20_000 {
        let text = rng.value(0);
        same_as_serde_json(text.as_bytes());
        // And with one byte changed or cut short: both refuse, or both read the same.
        let mut bytes = text.into_bytes();
        if !bytes.is_empty() {
            let at = rng.below(bytes.len() as u64) as usize;
            if rng.below(2) == 0 {
                bytes[at] = b"\"\\{}[],:0-.eE \x01\xff"[rng.below(15) as usize];
            } else {
                bytes.truncate(at);
            }
            same_as_serde_json(&bytes);
        }
    }
}

/// The JSON codec reads a document member with the same lexer as `Document::from_json`:
/// the same document from the same text, or both refuse it (at the same byte, where
/// the codec's message names one).
#[test]
fn documents_in_bodies_read_as_documents_alone() {
    use sdk_runtime::codec::json;
    use sdk_runtime::schema::ValueReader as _;

    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let mut text = rng.value(0).into_bytes();
        if rng.below(2) == 0 && !text.is_empty() {
            let at = rng.below(text.len() as u64) as usize;
            text[at] = b"\"\\{}[],:0-.eE \x01\xff"[rng.below(15) as usize];
        }
        let alone = Document::from_json(&text);
        let in_body = json::read_body(&text, false, |r| r.document());
        match (&alone, &in_body) {
            (Ok(alone), Ok(in_body)) => assert_eq!(alone, in_body),
            (Err(alone), Err(in_body)) if in_body.reason.contains(" byte ") => {
                let at = format!("byte {}", alone.offset());
                assert!(in_body.reason.contains(&at), "{alone} / {in_body}");
            }
            (Err(_), Err(_)) => {}
            _ => panic!(
                "{}: alone {alone:?}, in a body {in_body:?}",
                String::from_utf8_lossy(&text)
            ),
        }
    }
}

#[test]
fn edge_texts_read_as_serde_json_reads_them() {
    for text in [
        "0",
        "-0.0",
        "1e400",
        "-1e400",
        "1e-400",
        "4.9e-324",
        "2.5e-308",
        "-2.5e-308",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "01",
        "1.",
        ".5",
        "1e",
        "+1",
        "0x10",
        "NaN",
        "Infinity",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud800\\u0041\"",
        "\"\\x\"",
        "\"\u{1}\"",
        "\"a",
        "[1,]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{1:2}",
        "[1 2]",
        "",
        "  ",
        "null x",
        "nul",
        "tru",
        "[]",
        "{}",
        "{\"a\":1,\"a\":2}",
        "\"\\u00\"",
        "\t[\r\n]\n",
    ] {
        same_as_serde_json(text.as_bytes());
    }
    // serde_json reads `-0` as the float -0.0; Python (and the JSON codec) as the
    // integer 0.
    assert_eq!(Document::from_json("-0").unwrap(), Document::from(0));
    same_as_serde_json(b"\"\xff\"");
    same_as_serde_json(b"\"\xc3\"");
}

#[test]
fn nesting_is_bounded_as_serde_json_bounds_it() {
    for depth in [126, 127, 128, 129, 100_000] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        same_as_serde_json(arrays.as_bytes());
        let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        same_as_serde_json(objects.as_bytes());
    }
}

#[test]
fn errors_say_where() {
    let error = Document::from_json("{\"a\": [1, 2,, 3]}").unwrap_err();
    assert_eq!(error.offset(), 12);
    assert_eq!(
        error.to_string(),
        "invalid JSON at byte 12: expected a value"
    );
}

#[test]
fn accessors_and_conversions_are_serde_json_s() {
    let doc: Document =
        r#"{"n": -3, "u": 18446744073709551615, "f": 1.5, "s": "x", "a": [true, null]}"#
            .parse()
            .unwrap();
    assert_eq!(doc["n"].as_i64(), Some(-3));
    assert_eq!(doc["n"].as_u64(), None);
    assert_eq!(doc["u"].as_u64(), Some(u64::MAX));
    assert_eq!(doc["u"].as_i64(), None);
    assert_eq!(doc["f"].as_f64(), Some(1.5));
    assert_eq!(doc["f"].as_i64(), None);
    assert_eq!(doc["s"].as_str(), Some("x"));
    assert_eq!(doc["a"][0].as_bool(), Some(true));
    assert!(doc["a"][1].is_null() && doc["a"][7].is_null() && doc["missing"].is_null());
    assert_eq!(
        doc.to_string(),
        r#"{"a":[true,null],"f":1.5,"n":-3,"s":"x","u":18446744073709551615}"#
    );
    assert_eq!(Document::from(f64::NAN), Document::Null);
    assert_eq!(Document::from(-1i32), Document::from(-1i64));
    assert_eq!(Document::from(vec![1u8, 2]).to_string(), "[1,2]");
    let object: Document = [("k", Document::from("v"))].into_iter().collect();
    assert_eq!(object.to_string(), r#"{"k":"v"}"#);
    // Control characters, quotes and backslashes escaped as serde_json escapes them.
    let text = Document::from("\u{1}\u{1f}\"\\\n\r\t\u{8}\u{c}\u{7f}é/");
    assert_eq!(
        text.to_string(),
        serde_json::to_string(&serde_json::to_value(&text).unwrap()).unwrap()
    );
    // Through serde: a `serde_json::Value` converts to a document and back unchanged.
    let json: Value = serde_json::json!({"x": [1, -1, 2.5, "é", {"y": null}]});
    let doc: Document = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(serde_json::to_value(&doc).unwrap(), json);
}
