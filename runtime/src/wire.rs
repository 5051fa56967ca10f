//! Value types of the wire formats that Rust's standard library does not have.

use std::fmt;

use base64::Engine as _;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

mod byte_stream;
pub mod http_date;
mod rfc3339;

pub use byte_stream::{ByteStream, ByteStreamReader};
pub use rfc3339::{DateTimeParseError, SystemTimeOutOfRange};

/// An untyped JSON document (`document` shapes).
pub type Document = serde_json::Value;

/// Binary data; base64 on the JSON wire.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// Wraps bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Takes the bytes out.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Blob({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl From<&str> for Blob {
    fn from(text: &str) -> Self {
        Self(text.as_bytes().to_vec())
    }
}

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

/// A point in time with nanosecond precision; epoch seconds on the JSON wire.
///
/// On the wire a timestamp is what boto3 makes of it, a Python `datetime`: microsecond
/// precision, years 1 to 9999 (UTC). Nanoseconds below the microsecond are not sent;
/// reading a number outside those years is an error.
///
/// As text it is RFC 3339 (`Display`: `2015-01-01T00:00:00.25Z`, in UTC;
/// [`FromStr`](std::str::FromStr): any offset, `+01:00` or `Z`), and it converts from a
/// [`SystemTime`](std::time::SystemTime) and back (`SystemTime::try_from`).
///
/// ```
/// use std::time::{Duration, SystemTime, UNIX_EPOCH};
/// use sdk_runtime::DateTime;
///
/// let t: DateTime = "2015-01-01T01:00:00.25+01:00".parse()?;
/// assert_eq!(t.to_string(), "2015-01-01T00:00:00.25Z");
/// assert_eq!((t.secs(), t.subsec_nanos()), (1_420_070_400, 250_000_000));
///
/// let system = SystemTime::try_from(t)?;
/// assert_eq!(system, UNIX_EPOCH + Duration::from_millis(1_420_070_400_250));
/// assert_eq!(DateTime::from(system), t);
///
/// let err = "2015-02-30T00:00:00Z".parse::<DateTime>().unwrap_err();
/// assert_eq!(err.to_string(), r#"invalid RFC 3339 date-time "2015-02-30T00:00:00Z": the month has no such day"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    seconds: i64,
    nanos: u32,
}

/// 0001-01-01T00:00:00Z, the earliest second of a Python `datetime`.
const MIN_SECS: i64 = -62_135_596_800;
/// 9999-12-31T23:59:59Z, the latest second of a Python `datetime`.
const MAX_SECS: i64 = 253_402_300_799;

impl DateTime {
    /// From whole seconds since the Unix epoch.
    pub const fn from_secs(seconds: i64) -> Self {
        Self { seconds, nanos: 0 }
    }

    /// From seconds and nanoseconds (`nanos` below one billion) since the Unix epoch.
    pub fn from_secs_and_nanos(seconds: i64, nanos: u32) -> Self {
        assert!(nanos < 1_000_000_000, "nanos out of range: {nanos}");
        Self { seconds, nanos }
    }

    /// From fractional seconds since the Unix epoch, as boto3 reads a JSON timestamp
    /// (Python's `datetime.fromtimestamp`): rounded to the nearest microsecond, ties to
    /// even. Fails when `value` is not finite or not a time in the years 1 to 9999 (UTC).
    pub fn try_from_secs_f64(value: f64) -> Result<Self, TimestampOutOfRange> {
        // Python's steps, each rounding as it does: the whole seconds, then the fraction
        // times a million in one floating-point multiplication.
        let mut whole = value.trunc();
        let mut micros = ((value - whole) * 1e6).round_ties_even();
        if micros >= 1e6 {
            micros -= 1e6;
            whole += 1.0;
        } else if micros < 0.0 {
            micros += 1e6;
            whole -= 1.0;
        }
        // NaN and the infinities fail here too.
        if !(MIN_SECS as f64..=MAX_SECS as f64).contains(&whole) {
            return Err(TimestampOutOfRange(value));
        }
        Ok(Self {
            seconds: whole as i64,
            nanos: micros as u32 * 1_000,
        })
    }

    /// The current time.
    pub fn now() -> Self {
        std::time::SystemTime::now().into()
    }

    /// Whole seconds since the Unix epoch (rounded down).
    pub fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`DateTime::secs`].
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Seconds since the Unix epoch as a float.
    pub fn as_secs_f64(&self) -> f64 {
        self.seconds as f64 + f64::from(self.nanos) / 1e9
    }

    /// Whole seconds read from a response, when boto3 would accept them.
    fn try_from_whole_secs(seconds: i128) -> Result<Self, TimestampOutOfRange> {
        if (i128::from(MIN_SECS)..=i128::from(MAX_SECS)).contains(&seconds) {
            Ok(Self::from_secs(seconds as i64))
        } else {
            Err(TimestampOutOfRange(seconds as f64))
        }
    }
}

/// A timestamp boto3 cannot represent: not a finite number of seconds, or not a time in
/// the years 1 to 9999 (UTC).
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
#[error("timestamp out of range: {} seconds since 1970 is not a time in the years 1 to 9999", Seconds(.0))]
pub struct TimestampOutOfRange(f64);

impl TimestampOutOfRange {
    /// The seconds since the epoch that were out of range.
    pub fn seconds(&self) -> f64 {
        self.0
    }
}

/// Seconds written in full when short, in scientific notation when long (`1e300`).
struct Seconds<'a>(&'a f64);

impl fmt::Display for Seconds<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.abs() < 1e16 {
            write!(f, "{}", self.0)
        } else {
            write!(f, "{:e}", self.0)
        }
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
