//! Random values (seeded, reproducible): written, read back, and written again; and
//! the same bytes as the serde path wherever both can write the value.

use std::collections::BTreeMap;

use super::model::{Choice, Color, Everything, Inner};
use super::{read, same_as_serde, write};
use sdk_runtime::{Blob, DateTime};

/// Marsaglia's xorshift64: enough randomness for test values, with no dependency.
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }

    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a",
            "Z",
            " ",
            "\"",
            "\\",
            "/",
            "\n",
            "\u{1}",
            "\u{7f}",
            "é",
            "€",
            "😀",
            "\u{2028}",
            "\u{ffff}",
            "\u{10ffff}",
            "~",
            "{",
            "}",
        ];
        (0..self.below(12))
            .map(|_| PIECES[self.below(PIECES.len() as u64) as usize])
            .collect()
    }

    /// Any finite double, mostly from random bits (every exponent), sometimes small.
    fn double(&mut self) -> f64 {
        loop {
            let value = if self.chance(2) {
                f64::from_bits(self.next())
            } else {
                (self.next() as i64 as f64) / 1e6
            };
            if value.is_finite() {
                return value;
            }
        }
    }

    fn single(&mut self) -> f32 {
        loop {
            let value = f32::from_bits(self.next() as u32);
            if value.is_finite() {
                return value;
            }
        }
    }

    /// A time to the microsecond that epoch seconds as a double still hold exactly:
    /// within 2^32 seconds of 1970.
    fn time(&mut self) -> DateTime {
        let secs = self.below(1 << 33) as i64 - (1 << 32);
        let micros = if self.chance(3) {
            0
        } else {
            self.below(1_000_000)
        };
        DateTime::from_secs_and_nanos(secs, micros as u32 * 1_000)
    }

    fn inner(&mut self) -> Inner {
        Inner {
            name: self.chance(2).then(|| self.text()),
            size: self.chance(2).then(|| self.next() as i64),
        }
    }

    /// A value with a random subset of members set; `depth` bounds `Nested`.
    pub fn everything(&mut self, depth: u32) -> Everything {
        let maybe = |rng: &mut Self| rng.chance(2);
        Everything {
            flag: maybe(self).then(|| self.chance(2)),
            byte: maybe(self).then(|| self.next() as i8),
            short: maybe(self).then(|| self.next() as i16),
            int: maybe(self).then(|| self.next() as i32),
            long: maybe(self).then(|| self.next() as i64),
            f32: maybe(self).then(|| self.single()),
            f64: maybe(self).then(|| self.double()),
            text: maybe(self).then(|| self.text()),
            color: maybe(self).then(|| {
                if self.chance(2) {
                    Color::Red
                } else {
                    Color::DarkBlue
                }
            }),
            data: maybe(self).then(|| {
                let bytes: Vec<u8> = (0..self.below(10)).map(|_| self.next() as u8).collect();
                Blob::new(bytes)
            }),
            when: maybe(self).then(|| self.time()),
            when_iso: None,
            when_http: None,
            doc: maybe(self).then(|| {
                serde_json::from_value(serde_json::json!({
                    "s": self.text(),
                    "n": [self.next() as i64, self.double(), self.next()],
                    "o": {"b": self.chance(2), "z": null},
                }))
                .expect("any JSON value is a document")
            }),
            inner: maybe(self).then(|| self.inner()),
            items: maybe(self).then(|| (0..self.below(4)).map(|_| self.inner()).collect()),
            maps: maybe(self).then(|| {
                (0..self.below(3))
                    .map(|_| {
                        (0..self.below(4))
                            .map(|_| (self.text(), self.text()))
                            .collect::<BTreeMap<_, _>>()
                    })
                    .collect()
            }),
            choice: maybe(self).then(|| match self.below(3) {
                0 => Choice::S(self.text()),
                1 => Choice::N(self.next() as i32),
                _ => Choice::B(Blob::new(self.text().into_bytes())),
            }),
            times: maybe(self).then(|| (0..self.below(4)).map(|_| self.time()).collect()),
            nested: (depth > 0 && self.chance(3)).then(|| Box::new(self.everything(depth - 1))),
            token: maybe(self).then(|| self.text()),
        }
    }
}

#[test]
fn random_values_round_trip_and_agree_with_serde() {
    let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
    for _ in 0..3_000 {
        let mut value = rng.everything(3);
        let body = write(&value);
        assert!(same_as_serde(&body, &value), "{value:?}: {body}");
        let back = read(body.as_bytes()).unwrap_or_else(|e| panic!("{e}: {body}"));
        assert_eq!(write(&back), body);
        // Equal as values too, once times are cut to what travels.
        fn cut(t: &mut DateTime) {
            *t = DateTime::from_secs_and_nanos(t.secs(), t.subsec_nanos() / 1_000 * 1_000);
        }
        value.when.iter_mut().for_each(cut);
        value.times.iter_mut().flatten().for_each(cut);
        if value.nested.is_none() {
            assert_eq!(back, value, "{body}");
        }
    }
}

#[test]
fn random_iso_and_http_timestamps_round_trip() {
    let mut rng = XorShift(0xdead_beef_cafe_f00d);
    for _ in 0..2_000 {
        // Any second of the years 1 to 9999.
        let secs = rng.below(253_402_300_800 + 62_135_596_800) as i64 - 62_135_596_800;
        let micros = rng.below(1_000_000) as u32;
        let t = DateTime::from_secs_and_nanos(secs, micros * 1_000);
        let value = Everything {
            when_iso: Some(t),
            when_http: Some(t),
            ..Everything::default()
        };
        let body = write(&value);
        let back = read(body.as_bytes()).unwrap_or_else(|e| panic!("{e}: {body}"));
        assert_eq!(back.when_iso, Some(t), "{body}");
        assert_eq!(back.when_http, Some(DateTime::from_secs(secs)), "{body}");
    }
}
