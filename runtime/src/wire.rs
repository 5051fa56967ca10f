//! Value types of the wire formats that Rust's standard library does not have.

use std::fmt;

mod byte_stream;
pub mod document;
// Serialize/Deserialize for users who turn on generated crates' `serde` feature; the
// wire path is the schema codecs, so apps without it build no serde at all.
pub mod http_date;
mod rfc3339;
#[cfg(feature = "serde")]
mod serde_impls;

pub use byte_stream::{ByteStream, ByteStreamReader};
pub use rfc3339::{DateTimeParseError, SystemTimeOutOfRange};

pub use document::Document;

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
    #[cfg(feature = "serde")]
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
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimestampOutOfRange(f64);

impl fmt::Display for TimestampOutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "timestamp out of range: {} seconds since 1970 is not a time in the years 1 to 9999",
            Seconds(&self.0)
        )
    }
}

// The error impls of the runtime are written out, not derived: see `crate::error`.
impl std::error::Error for TimestampOutOfRange {}

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
