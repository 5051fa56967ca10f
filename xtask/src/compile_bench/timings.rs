//! How long a build leaves cores idle, from the report `cargo build --timings` writes.
//!
//! The report (`cargo-timings/cargo-timing.html`) embeds `const UNIT_DATA = [...]`: one
//! object per unit (a crate's compilation, a build script's build or run) with its
//! `start` and `duration` in seconds since the build began. A unit holds one job slot
//! from start to end, so the number of units running at an instant is the number of
//! busy cores: where exactly one runs, every other core idles. The intervals give that
//! exactly; cargo's sampled concurrency graph would only approximate it.

use anyhow::{bail, Context, Result};

/// What the intervals of a build's units say about its parallelism.
#[derive(Debug, Clone, PartialEq)]
pub struct Solo {
    /// From the first unit's start to the last unit's end, in seconds.
    pub span: f64,
    /// Seconds during which exactly one unit ran.
    pub alone: f64,
    /// The unit that ran alone longest, and for how many seconds.
    pub longest: Option<(String, f64)>,
}

/// One unit of the report: its name (crate, and the target when it is not the library),
/// start and end in seconds.
#[derive(Debug, Clone, PartialEq)]
struct Unit {
    name: String,
    start: f64,
    end: f64,
}

/// Reads the units out of the HTML report and measures them.
pub fn from_html(html: &str) -> Result<Solo> {
    Ok(measure(&units(html)?))
}

fn units(html: &str) -> Result<Vec<Unit>> {
    const MARK: &str = "const UNIT_DATA = ";
    let at = html
        .find(MARK)
        .context("no UNIT_DATA in the timings report (has cargo changed its format?)")?;
    // The array is JSON followed by `;`: read one value and ignore the rest.
    let rest = &html[at + MARK.len()..];
    let data: serde_json::Value = serde_json::Deserializer::from_str(rest)
        .into_iter()
        .next()
        .context("UNIT_DATA is empty")?
        .context("UNIT_DATA is not JSON")?;
    let Some(list) = data.as_array() else {
        bail!("UNIT_DATA is not an array");
    };
    list.iter()
        .map(|unit| {
            let number = |key: &str| {
                unit.get(key)
                    .and_then(serde_json::Value::as_f64)
                    .with_context(|| format!("a unit without {key}: {unit}"))
            };
            let name = unit.get("name").and_then(|n| n.as_str()).unwrap_or("?");
            let target = unit.get("target").and_then(|t| t.as_str()).unwrap_or("");
            let start = number("start")?;
            Ok(Unit {
                name: format!("{name}{}", target.trim_end()),
                start,
                end: start + number("duration")?,
            })
        })
        .collect()
}

fn measure(units: &[Unit]) -> Solo {
    // Sweep over the starts and ends in time order; at equal times ends come first, so
    // that a unit handing over to the next is not counted as both running.
    // Units of no duration (a build script run in under 10 ms) take no part: their end
    // would sort before their start.
    let mut events: Vec<(f64, i32, usize)> = Vec::with_capacity(units.len() * 2);
    for (i, unit) in units.iter().enumerate().filter(|(_, u)| u.end > u.start) {
        events.push((unit.start, 1, i));
        events.push((unit.end, -1, i));
    }
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut running: Vec<usize> = Vec::new();
    let mut alone_by_unit = vec![0.0; units.len()];
    let mut alone = 0.0;
    let mut last = events.first().map_or(0.0, |e| e.0);
    for (time, change, i) in events.iter().copied() {
        if let [only] = running.as_slice() {
            alone += time - last;
            alone_by_unit[*only] += time - last;
        }
        last = time;
        if change > 0 {
            running.push(i);
        } else {
            running.retain(|&r| r != i);
        }
    }
    let first = units.iter().map(|u| u.start).fold(f64::INFINITY, f64::min);
    let end = units.iter().map(|u| u.end).fold(0.0, f64::max);
    let longest = alone_by_unit
        .iter()
        .enumerate()
        .filter(|(_, t)| **t > 0.0)
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, t)| (units[i].name.clone(), *t));
    Solo {
        span: if units.is_empty() { 0.0 } else { end - first },
        alone,
        longest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(units: &[(&str, f64, f64)]) -> String {
        let list: Vec<String> = units
            .iter()
            .enumerate()
            .map(|(i, (name, start, duration))| {
                format!(
                    r#"{{"i": {i}, "name": "{name}", "version": "1.0.0", "mode": "todo", "target": "", "start": {start}, "duration": {duration}, "unblocked_units": []}}"#
                )
            })
            .collect();
        format!(
            "<script>\nconst UNIT_DATA = [\n{}\n];\nconst CONCURRENCY_DATA = [];\n</script>",
            list.join(",\n")
        )
    }

    #[test]
    fn time_with_one_unit_running_is_counted_and_named() {
        // a: 0-4, b: 1-3 (overlaps a), c: 4-10 alone, d: 9-10 (overlaps c's end).
        let html = report(&[
            ("a", 0.0, 4.0),
            ("b", 1.0, 2.0),
            ("c", 4.0, 6.0),
            ("d", 9.0, 1.0),
        ]);
        let solo = from_html(&html).unwrap();
        assert_eq!(solo.span, 10.0);
        // a alone 0-1 and 3-4, c alone 4-9.
        assert!((solo.alone - 7.0).abs() < 1e-9, "{solo:?}");
        assert_eq!(solo.longest, Some(("c".to_owned(), 5.0)));
    }

    #[test]
    fn a_unit_handing_over_to_the_next_is_alone_throughout() {
        let solo = from_html(&report(&[("a", 0.0, 2.0), ("b", 2.0, 3.0)])).unwrap();
        assert_eq!(solo.alone, 5.0);
        assert_eq!(solo.longest, Some(("b".to_owned(), 3.0)));
    }

    #[test]
    fn a_unit_of_no_duration_does_not_stay_running() {
        let html = report(&[("a", 0.0, 2.0), ("run", 1.0, 0.0), ("b", 2.0, 1.0)]);
        assert_eq!(from_html(&html).unwrap().alone, 3.0);
    }

    #[test]
    fn gaps_with_nothing_running_are_not_alone() {
        let solo = from_html(&report(&[("a", 0.0, 1.0), ("b", 3.0, 1.0)])).unwrap();
        assert_eq!((solo.span, solo.alone), (4.0, 2.0));
    }

    #[test]
    fn a_report_without_unit_data_is_an_error_naming_it() {
        let error = from_html("<html></html>").unwrap_err();
        assert!(format!("{error:#}").contains("UNIT_DATA"), "{error:#}");
    }
}
