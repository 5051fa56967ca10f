//! [`DateTime`] as an HTTP-date (RFC 7231): what REST protocols put in headers.
//!
//! Written as IMF-fixdate (`Tue, 09 Jan 2018 20:51:21 GMT`), in whole seconds, as
//! botocore writes it (`email.utils.formatdate(usegmt=True)`). Read in the three forms
//! RFC 7231 says a recipient accepts: IMF-fixdate, RFC 850
//! (`Tuesday, 09-Jan-18 20:51:21 GMT`) and asctime (`Tue Jan  9 20:51:21 2018`).

use super::rfc3339::{civil_from_days, days_from_civil, days_in_month, SECS_PER_DAY};
use super::DateTime;

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Text that is not an HTTP-date; the message names the text and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpDateParseError {
    text: String,
    reason: &'static str,
}

impl std::fmt::Display for HttpDateParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid HTTP-date {:?}: {}", self.text, self.reason)
    }
}

impl std::error::Error for HttpDateParseError {}

impl HttpDateParseError {
    /// What is wrong with the text.
    pub fn reason(&self) -> &'static str {
        self.reason
    }
}

/// `time` as an IMF-fixdate, `Tue, 09 Jan 2018 20:51:21 GMT`. Fractions of a second
/// are dropped (the time is rounded down), as botocore drops them.
pub fn format(time: &DateTime) -> String {
    let secs = time.secs();
    let days = secs.div_euclid(SECS_PER_DAY);
    let of_day = secs.rem_euclid(SECS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    // 1970-01-01 was a Thursday (index 3 from Monday).
    let weekday = DAYS[(days + 3).rem_euclid(7) as usize];
    format!(
        "{weekday}, {day:02} {} {year:04} {:02}:{:02}:{:02} GMT",
        MONTHS[month as usize - 1],
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    )
}

/// Reads an HTTP-date in any of its three forms. The day name, when present, must be
/// a day name but is not checked against the date, as most readers do not; a two-digit
/// RFC 850 year is taken within 50 years of now, as botocore's date parser takes it.
pub fn parse(text: &str) -> Result<DateTime, HttpDateParseError> {
    parse_fields(text.trim()).map_err(|reason| HttpDateParseError {
        text: text.chars().take(64).collect(),
        reason,
    })
}

fn parse_fields(text: &str) -> Result<DateTime, &'static str> {
    let words: Vec<&str> = text.split_ascii_whitespace().collect();
    let (year, month, day, clock) = match words.as_slice() {
        // IMF-fixdate: `Tue, 09 Jan 2018 20:51:21 GMT`.
        [weekday, day, month, year, clock, "GMT"] => {
            day_name(
                weekday
                    .strip_suffix(',')
                    .ok_or("expected ',' after the day name")?,
                &DAYS,
            )?;
            (
                number(year, 4, "expected a four-digit year")?,
                month_number(month)?,
                number(day, 2, "expected a two-digit day")?,
                *clock,
            )
        }
        // RFC 850: `Tuesday, 09-Jan-18 20:51:21 GMT`.
        [weekday, date, clock, "GMT"] => {
            day_name(
                weekday
                    .strip_suffix(',')
                    .ok_or("expected ',' after the day name")?,
                &LONG_DAYS,
            )?;
            let mut parts = date.split('-');
            let (Some(day), Some(month), Some(year), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err("expected a date such as 09-Jan-18");
            };
            (
                full_year(number(year, 2, "expected a two-digit year")?),
                month_number(month)?,
                number(day, 2, "expected a two-digit day")?,
                *clock,
            )
        }
        // asctime: `Tue Jan  9 20:51:21 2018`.
        [weekday, month, day, clock, year] => {
            day_name(weekday, &DAYS)?;
            let day = match day.len() {
                1 => number(day, 1, "expected the day of the month")?,
                _ => number(day, 2, "expected the day of the month")?,
            };
            (
                number(year, 4, "expected a four-digit year")?,
                month_number(month)?,
                day,
                *clock,
            )
        }
        _ => return Err("not an IMF-fixdate, RFC 850 or asctime date"),
    };
    let month = month as u32;
    let day = day as u32;
    if day == 0 || day > days_in_month(year, month) {
        return Err("the month has no such day");
    }
    let mut hms = clock.split(':');
    let (Some(h), Some(m), Some(s), None) = (hms.next(), hms.next(), hms.next(), hms.next()) else {
        return Err("expected a time such as 20:51:21");
    };
    let (h, m, s) = (
        number(h, 2, "expected a two-digit hour")?,
        number(m, 2, "expected two-digit minutes")?,
        number(s, 2, "expected two-digit seconds")?,
    );
    if h > 23 || m > 59 || s > 59 {
        return Err("the time of day is not 00:00:00 to 23:59:59");
    }
    Ok(DateTime::from_secs(
        days_from_civil(year, month, day) * SECS_PER_DAY + h * 3600 + m * 60 + s,
    ))
}

fn number(text: &str, width: usize, what: &'static str) -> Result<i64, &'static str> {
    if text.len() != width || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(what);
    }
    text.parse().map_err(|_| what)
}

fn month_number(text: &str) -> Result<i64, &'static str> {
    MONTHS
        .iter()
        .position(|m| *m == text)
        .map(|i| i as i64 + 1)
        .ok_or("expected a month name such as Jan")
}

fn day_name(text: &str, names: &[&str]) -> Result<(), &'static str> {
    if names.contains(&text) {
        Ok(())
    } else {
        Err("expected a day name such as Tue")
    }
}

/// A two-digit year within 50 years of the current one (dateutil's rule).
fn full_year(two_digits: i64) -> i64 {
    let now = civil_from_days(DateTime::now().secs().div_euclid(SECS_PER_DAY)).0;
    let mut year = now - now % 100 + two_digits;
    if year >= now + 50 {
        year -= 100;
    } else if year < now - 50 {
        year += 100;
    }
    year
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_imf_fixdate_in_whole_seconds() {
        let t: DateTime = "2018-01-09T20:51:21.999Z".parse().unwrap();
        assert_eq!(format(&t), "Tue, 09 Jan 2018 20:51:21 GMT");
        assert_eq!(
            format(&DateTime::from_secs(0)),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
        // Before the epoch, rounded down as well.
        let before = DateTime::from_secs_and_nanos(-1, 500_000_000);
        assert_eq!(format(&before), "Wed, 31 Dec 1969 23:59:59 GMT");
        let first: DateTime = "0001-01-01T00:00:00Z".parse().unwrap();
        assert_eq!(format(&first), "Mon, 01 Jan 0001 00:00:00 GMT");
    }

    #[test]
    fn reads_the_three_forms() {
        let want = DateTime::from_secs(784_111_777);
        for text in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "  Sun, 06 Nov 1994 08:49:37 GMT ",
        ] {
            assert_eq!(parse(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for text in [
            "",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun 06 Nov 1994 08:49:37 GMT",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov +994 08:49:37 GMT",
            "1515531081",
        ] {
            assert!(parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn round_trips_every_day_of_four_centuries() {
        for days in (-719_162..2_932_896).step_by(37) {
            let t = DateTime::from_secs(days * SECS_PER_DAY + 45_296);
            assert_eq!(parse(&format(&t)), Ok(t), "{}", format(&t));
        }
    }
}
