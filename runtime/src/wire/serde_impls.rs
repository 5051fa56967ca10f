//! `Serialize` and `Deserialize` of the wire value types, for users who turn on the
//! `serde` feature (generated crates' `serde` feature turns it on). Not the wire path.

use std::fmt;

use base64::Engine as _;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::{Blob, DateTime};

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .map(Blob)
            .map_err(|e| de::Error::custom(format_args!("invalid base64 blob: {e}")))
    }
}

impl Serialize for DateTime {
    /// As boto3 writes a `datetime`: whole seconds as an integer, otherwise
    /// `(seconds * 10**6 + microseconds) / 10**6`, one correctly rounded division, as a
    /// float (printed in its shortest form: `1.003691`). Nanoseconds below the
    /// microsecond are dropped, as Python drops them reading the clock.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let micros = self.nanos / 1_000;
        if micros == 0 {
            return serializer.serialize_i64(self.seconds);
        }
        let total = i128::from(self.seconds) * 1_000_000 + i128::from(micros);
        let sign = if total < 0 { "-" } else { "" };
        let (whole, fraction) = (
            total.unsigned_abs() / 1_000_000,
            total.unsigned_abs() % 1_000_000,
        );
        // The exact decimal, parsed: Rust's parsing rounds correctly, once, as Python's
        // integer division does. (Adding `micros / 1e6` to the seconds rounds twice:
        // 1.0036909999999999 for 1.003691.)
        let value: f64 = format!("{sign}{whole}.{fraction:06}")
            .parse()
            .map_err(serde::ser::Error::custom)?;
        serializer.serialize_f64(value)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    /// Epoch seconds as boto3 reads them ([`DateTime::try_from_secs_f64`]); a number
    /// outside the years 1 to 9999 is an error, which makes the response malformed.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EpochVisitor;
        impl Visitor<'_> for EpochVisitor {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp in epoch seconds")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DateTime, E> {
                DateTime::try_from_whole_secs(v.into()).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DateTime, E> {
                DateTime::try_from_whole_secs(v.into()).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<DateTime, E> {
                DateTime::try_from_secs_f64(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(EpochVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{MAX_SECS, MIN_SECS};

    #[test]
    fn datetime_round_trips_whole_and_fractional_seconds() {
        let whole: DateTime = serde_json::from_str("1420070400").unwrap();
        assert_eq!(serde_json::to_string(&whole).unwrap(), "1420070400");
        let frac: DateTime = serde_json::from_str("1420070400.25").unwrap();
        assert_eq!(frac.subsec_nanos(), 250_000_000);
        assert_eq!(serde_json::to_string(&frac).unwrap(), "1420070400.25");
        assert!(serde_json::from_str::<DateTime>("\"soon\"").is_err());
    }

    /// `value` in a JSON list, as its serde `Serialize` writes it.
    fn sent(value: DateTime) -> String {
        serde_json::to_string(&[value]).unwrap()
    }

    #[test]
    fn datetime_is_sent_as_boto3_sends_it() {
        // One rounding, not two: `1 + 3691 / 1e6` is 1.0036909999999999.
        assert_eq!(
            sent(DateTime::from_secs_and_nanos(1, 3_691_000)),
            "[1.003691]"
        );
        // Microseconds, as a Python datetime has: the nanoseconds below are dropped.
        assert_eq!(
            sent(DateTime::from_secs_and_nanos(1, 3_691_999)),
            "[1.003691]"
        );
        assert_eq!(sent(DateTime::from_secs_and_nanos(7, 999)), "[7]");
        assert_eq!(
            sent(DateTime::from_secs_and_nanos(-2, 500_000_000)),
            "[-1.5]"
        );
        // A double cannot hold every microsecond in year 9999: the nearest one is sent.
        assert_eq!(
            sent(DateTime::from_secs_and_nanos(MAX_SECS, 1_000)),
            "[253402300799.0]"
        );
    }

    #[test]
    fn datetime_outside_years_1_to_9999_is_a_malformed_response() {
        for number in [
            "1e300",
            "-1e300",
            "253402300800",
            "253402300799.9999999",
            "-62135596801",
            "-62135596800.5",
            "10000000000000000000000",
            "-9223372036854775808",
        ] {
            let body = format!("{{\"t\": {number}}}");
            let e = serde_json::from_str::<std::collections::BTreeMap<String, DateTime>>(&body)
                .unwrap_err();
            assert!(
                e.to_string().contains("timestamp out of range"),
                "{number}: {e}"
            );
        }
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e300] {
            assert!(DateTime::try_from_secs_f64(bad).is_err(), "{bad}");
        }
        let first = serde_json::from_str::<DateTime>("-62135596800").unwrap();
        assert_eq!(first.secs(), MIN_SECS);
        let last = serde_json::from_str::<DateTime>("253402300799.99997").unwrap();
        assert_eq!((last.secs(), last.subsec_nanos()), (MAX_SECS, 999_969_000));
        assert_eq!(
            DateTime::try_from_secs_f64(1e300).unwrap_err().to_string(),
            "timestamp out of range: 1e300 seconds since 1970 is not a time in the years 1 to 9999"
        );
    }

    #[test]
    fn datetime_reads_to_the_nearest_microsecond_ties_to_even() {
        let read = |text: &str| {
            let t: DateTime = serde_json::from_str(text).unwrap();
            (t.secs(), t.subsec_nanos())
        };
        assert_eq!(read("1.0036909999999999"), (1, 3_691_000));
        assert_eq!(read("1.123456789"), (1, 123_457_000));
        assert_eq!(read("-8.5e-11"), (0, 0));
        assert_eq!(read("-0.0"), (0, 0));
    }

    #[test]
    fn datetime_before_epoch_keeps_positive_nanos() {
        let t = DateTime::try_from_secs_f64(-1.5).unwrap();
        assert_eq!((t.secs(), t.subsec_nanos()), (-2, 500_000_000));
    }

    #[test]
    fn blob_is_base64_on_the_wire() {
        let blob = Blob::from("hello");
        assert_eq!(serde_json::to_string(&blob).unwrap(), "\"aGVsbG8=\"");
        let back: Blob = serde_json::from_str("\"aGVsbG8=\"").unwrap();
        assert_eq!(back.as_bytes(), b"hello");
        assert!(serde_json::from_str::<Blob>("\"***\"").is_err());
    }
}
