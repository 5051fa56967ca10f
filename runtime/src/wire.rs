//! Value types of the wire formats that Rust's standard library does not have.

use std::fmt;

use base64::Engine as _;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    seconds: i64,
    nanos: u32,
}

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

    /// From fractional seconds since the Unix epoch, rounded to the nearest
    /// microsecond (the precision a JSON double carries for current dates).
    pub fn from_secs_f64(value: f64) -> Self {
        let micros = (value * 1_000_000.0).round() as i64;
        Self {
            seconds: micros.div_euclid(1_000_000),
            nanos: (micros.rem_euclid(1_000_000) * 1_000) as u32,
        }
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
}

impl From<std::time::SystemTime> for DateTime {
    fn from(time: std::time::SystemTime) -> Self {
        match time.duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => Self {
                seconds: after.as_secs() as i64,
                nanos: after.subsec_nanos(),
            },
            Err(before) => {
                let before = before.duration();
                let (mut seconds, mut nanos) = (-(before.as_secs() as i64), before.subsec_nanos());
                if nanos > 0 {
                    seconds -= 1;
                    nanos = 1_000_000_000 - nanos;
                }
                Self { seconds, nanos }
            }
        }
    }
}

impl Serialize for DateTime {
    /// Whole seconds as an integer (what boto3 sends), fractions as a float.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.nanos == 0 {
            serializer.serialize_i64(self.seconds)
        } else {
            serializer.serialize_f64(self.as_secs_f64())
        }
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EpochVisitor;
        impl Visitor<'_> for EpochVisitor {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp in epoch seconds")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DateTime, E> {
                Ok(DateTime::from_secs(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DateTime, E> {
                i64::try_from(v)
                    .map(DateTime::from_secs)
                    .map_err(|_| E::custom("timestamp out of range"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<DateTime, E> {
                if v.is_finite() {
                    Ok(DateTime::from_secs_f64(v))
                } else {
                    Err(E::custom("timestamp is not a finite number"))
                }
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

    #[test]
    fn datetime_before_epoch_keeps_positive_nanos() {
        let t = DateTime::from_secs_f64(-1.5);
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
