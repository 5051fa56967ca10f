//! [`DateTime`] as RFC 3339 text (`2015-01-01T00:00:00.25Z`) and as a [`SystemTime`].

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::DateTime;

pub(super) const SECS_PER_DAY: i64 = 86_400;

/// The proleptic Gregorian date of `days` since 1970-01-01 (H. Hinnant's
/// `civil_from_days`): year, month 1 to 12, day 1 to 31.
pub(super) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], from March
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days since 1970-01-01 of a valid proleptic Gregorian date (`days_from_civil`).
pub(super) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = year - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(super) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for DateTime {
    /// RFC 3339 in UTC: `2015-01-01T00:00:00Z`, with as many fractional digits as the
    /// nanoseconds need (`.25`, `.000000001`). Years outside 0000 to 9999, which
    /// RFC 3339 cannot write, get a sign and at least four digits, as ISO 8601's
    /// expanded years (`+10000-01-01T00:00:00Z`, `-0001-12-31T23:59:59Z`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.secs();
        let (year, month, day) = civil_from_days(secs.div_euclid(SECS_PER_DAY));
        let of_day = secs.rem_euclid(SECS_PER_DAY);
        if (0..=9999).contains(&year) {
            write!(f, "{year:04}")?;
        } else {
            write!(f, "{year:+05}")?;
        }
        write!(
            f,
            "-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            of_day / 3600,
            of_day / 60 % 60,
            of_day % 60
        )?;
        if self.subsec_nanos() > 0 {
            let digits = format!("{:09}", self.subsec_nanos());
            write!(f, ".{}", digits.trim_end_matches('0'))?;
        }
        f.write_str("Z")
    }
}

/// Text that is not an RFC 3339 date-time [`DateTime`] can hold; the message names
/// the text and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeParseError {
    text: String,
    reason: &'static str,
}

impl DateTimeParseError {
    /// What is wrong with the text.
    pub fn reason(&self) -> &'static str {
        self.reason
    }
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The text is the caller's, but it may be long or hold control characters.
        let shown: String = self.text.chars().take(64).collect();
        let cut = if shown.len() < self.text.len() {
            "…"
        } else {
            ""
        };
        write!(
            f,
            "invalid RFC 3339 date-time {:?}{cut}: {}",
            shown, self.reason
        )
    }
}

impl std::error::Error for DateTimeParseError {}

/// Reads RFC 3339 left to right.
struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl Reader<'_> {
    /// Exactly `n` ASCII digits.
    fn digits(&mut self, n: usize, what: &'static str) -> Result<u32, &'static str> {
        let digits = self
            .text
            .get(self.at..self.at + n)
            .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
            .ok_or(what)?;
        self.at += n;
        Ok(digits.parse().expect("checked digits"))
    }

    /// One of `bytes`, returning it.
    fn one_of(&mut self, bytes: &[u8], what: &'static str) -> Result<u8, &'static str> {
        match self.text.as_bytes().get(self.at) {
            Some(b) if bytes.contains(b) => {
                self.at += 1;
                Ok(*b)
            }
            _ => Err(what),
        }
    }
}

/// Seconds and nanoseconds since the epoch of RFC 3339 `text`, or what is wrong.
fn parse(text: &str) -> Result<DateTime, &'static str> {
    let mut r = Reader { text, at: 0 };
    let year = i64::from(r.digits(4, "expected a four-digit year at the start")?);
    r.one_of(b"-", "expected '-' after the year")?;
    let month = r.digits(2, "expected a two-digit month after the year")?;
    r.one_of(b"-", "expected '-' after the month")?;
    let day = r.digits(2, "expected a two-digit day after the month")?;
    if !(1..=12).contains(&month) {
        return Err("the month is not 01 to 12");
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err("the month has no such day");
    }
    r.one_of(b"Tt ", "expected 'T' between the date and the time")?;
    let hour = r.digits(2, "expected a two-digit hour after 'T'")?;
    r.one_of(b":", "expected ':' after the hour")?;
    let minute = r.digits(2, "expected two-digit minutes after the hour")?;
    r.one_of(b":", "expected ':' after the minutes")?;
    let second = r.digits(2, "expected two-digit seconds after the minutes")?;
    if hour > 23 || minute > 59 {
        return Err("the time of day is not 00:00 to 23:59");
    }
    if second == 60 {
        return Err("leap seconds (:60) have no place in Unix time");
    }
    if second > 59 {
        return Err("the seconds are not 00 to 59");
    }
    let mut nanos = 0;
    if r.one_of(b".", "").is_ok() {
        let count = text[r.at..].bytes().take_while(u8::is_ascii_digit).count();
        if count == 0 {
            return Err("expected digits after the decimal point");
        }
        if count > 9 {
            return Err("more than 9 fractional digits: finer than a nanosecond");
        }
        nanos = r.digits(count, "")? * 10u32.pow(9 - count as u32);
    }
    let offset = match r.one_of(b"Zz+-", "expected 'Z' or an offset such as +01:00")? {
        b'Z' | b'z' => 0,
        sign => {
            let hours = r.digits(2, "expected a two-digit offset hour")?;
            r.one_of(b":", "expected ':' in the offset")?;
            let minutes = r.digits(2, "expected two-digit offset minutes")?;
            if hours > 23 || minutes > 59 {
                return Err("the offset is not -23:59 to +23:59");
            }
            let east = i64::from(hours * 3600 + minutes * 60);
            if sign == b'+' {
                east
            } else {
                -east
            }
        }
    };
    if r.at != text.len() {
        return Err("unexpected text after the date-time");
    }
    let local = days_from_civil(year, month, day) * SECS_PER_DAY
        + i64::from(hour * 3600 + minute * 60 + second);
    Ok(DateTime::from_secs_and_nanos(local - offset, nanos))
}

impl FromStr for DateTime {
    type Err = DateTimeParseError;

    /// Reads an RFC 3339 date-time: `2015-01-01T00:00:00Z`, `2015-01-01T01:00:00.5+01:00`.
    /// `T` and `Z` may be lowercase and a space may stand for `T`, as RFC 3339 allows;
    /// an offset other than `Z` is applied, so the result is the same instant in UTC.
    /// Refused, with the reason: anything else, dates that do not exist (`02-30`),
    /// leap seconds (`:60`, which Unix time cannot hold), and more than nine
    /// fractional digits.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse(text).map_err(|reason| DateTimeParseError {
            text: text.to_owned(),
            reason,
        })
    }
}

/// A [`DateTime`] outside the range of [`SystemTime`] on this platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SystemTimeOutOfRange(pub DateTime);

impl fmt::Display for SystemTimeOutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is outside the range of SystemTime on this platform",
            self.0
        )
    }
}

impl std::error::Error for SystemTimeOutOfRange {}

impl TryFrom<DateTime> for SystemTime {
    type Error = SystemTimeOutOfRange;

    /// The same instant, when the platform's `SystemTime` can hold it (on Unix it holds
    /// every `DateTime`).
    fn try_from(time: DateTime) -> Result<Self, Self::Error> {
        let whole = Duration::from_secs(time.secs().unsigned_abs());
        let seconds = if time.secs() >= 0 {
            UNIX_EPOCH.checked_add(whole)
        } else {
            UNIX_EPOCH.checked_sub(whole)
        };
        seconds
            .and_then(|t| t.checked_add(Duration::from_nanos(time.subsec_nanos().into())))
            .ok_or(SystemTimeOutOfRange(time))
    }
}

impl From<SystemTime> for DateTime {
    /// The same instant: a `SystemTime` never holds more than `i64` seconds from the
    /// epoch, nor finer than nanoseconds.
    fn from(time: SystemTime) -> Self {
        let (seconds, nanos) = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => (i128::from(after.as_secs()), after.subsec_nanos()),
            Err(before) => {
                let before = before.duration();
                let seconds = -i128::from(before.as_secs());
                match before.subsec_nanos() {
                    0 => (seconds, 0),
                    nanos => (seconds - 1, 1_000_000_000 - nanos),
                }
            }
        };
        let seconds = seconds.clamp(i64::MIN.into(), i64::MAX.into()) as i64;
        DateTime::from_secs_and_nanos(seconds, nanos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_dates_agree_over_four_hundred_years_each_way() {
        for days in -146_097 * 3..146_097 * 3 {
            let (y, m, d) = civil_from_days(days);
            assert!(d >= 1 && d <= days_in_month(y, m), "{days}");
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-719_528), (0, 1, 1));
    }

    #[test]
    fn the_extreme_datetimes_display_and_convert() {
        let min = DateTime::from_secs(i64::MIN);
        let max = DateTime::from_secs_and_nanos(i64::MAX, 999_999_999);
        assert_eq!(min.to_string(), "-292277022657-01-27T08:29:52Z");
        assert_eq!(max.to_string(), "+292277026596-12-04T15:30:07.999999999Z");
        if let Ok(system) = SystemTime::try_from(min) {
            assert_eq!(DateTime::from(system), min);
        }
        if let Ok(system) = SystemTime::try_from(max) {
            assert_eq!(DateTime::from(system), max);
        }
    }
}
