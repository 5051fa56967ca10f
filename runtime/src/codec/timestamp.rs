//! Timestamps as text, as botocore's serializers print them: one function for JSON
//! bodies, URI labels, query strings, headers, XML bodies and query forms.
//!
//! Every serializer of the pinned botocore formats through the same two methods of its
//! base class (`_timestamp_iso8601`, `_timestamp_unixtimestamp`) at the default
//! precision, microseconds; its millisecond precision is an option of the serializer
//! that no client of the pin asks for. So the protocols differ only in which format a
//! place takes by default, which the callers decide, not in how a format prints.

use crate::codec::repr;
use crate::schema::TimestampFormat;
use crate::wire::{http_date, DateTime};

/// `value` in `format`, as botocore prints it:
///
/// - [`TimestampFormat::DateTime`]: `%Y-%m-%dT%H:%M:%SZ`, with `.%f` (six digits) when
///   it has microseconds (`2018-01-09T20:51:21.250000Z`);
/// - [`TimestampFormat::EpochSeconds`]: whole seconds as an integer, otherwise
///   `(seconds * 10**6 + microseconds) / 10**6`, one correctly rounded division, as
///   Python's `str` of the float (`1.003691`);
/// - [`TimestampFormat::HttpDate`]: an RFC 7231 date, whole seconds.
///
/// Nanoseconds below the microsecond are dropped, as Python drops them reading the
/// clock.
pub(crate) fn timestamp_text(value: &DateTime, format: TimestampFormat) -> String {
    let micros = value.subsec_nanos() / 1_000;
    match format {
        TimestampFormat::HttpDate => http_date::format(value),
        TimestampFormat::DateTime => {
            let whole = DateTime::from_secs(value.secs()).to_string();
            match micros {
                0 => whole,
                _ => format!("{}.{micros:06}Z", whole.trim_end_matches('Z')),
            }
        }
        TimestampFormat::EpochSeconds => match micros {
            0 => value.secs().to_string(),
            _ => {
                // The exact decimal, parsed: Rust's parsing rounds correctly, once, as
                // Python's division does (adding `micros / 1e6` to the seconds rounds
                // twice).
                let total = i128::from(value.secs()) * 1_000_000 + i128::from(micros);
                let sign = if total < 0 { "-" } else { "" };
                let abs = total.unsigned_abs();
                let exact = format!("{sign}{}.{:06}", abs / 1_000_000, abs % 1_000_000);
                repr::f64_repr(exact.parse().unwrap_or(f64::NAN))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_as_botocore_writes_them() {
        let text = |secs, nanos, format| {
            timestamp_text(&DateTime::from_secs_and_nanos(secs, nanos), format)
        };
        let (iso, epoch, http) = (
            TimestampFormat::DateTime,
            TimestampFormat::EpochSeconds,
            TimestampFormat::HttpDate,
        );
        assert_eq!(text(1_515_531_081, 123_456_789, epoch), "1515531081.123456");
        assert_eq!(
            text(1_515_531_081, 123_456_789, iso),
            "2018-01-09T20:51:21.123456Z"
        );
        assert_eq!(text(1_515_531_081, 0, iso), "2018-01-09T20:51:21Z");
        assert_eq!(text(1_515_531_081, 0, epoch), "1515531081");
        assert_eq!(text(1, 3_691_000, epoch), "1.003691");
        assert_eq!(text(-2, 500_000_000, epoch), "-1.5");
        assert_eq!(
            text(1_515_531_081, 999_999_999, http),
            "Tue, 09 Jan 2018 20:51:21 GMT"
        );
    }
}
