//! [`Corpus`] as a table: one row per service, the totals, the diagnostics by kind, then
//! every failure in full.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use super::{Corpus, Emitted, Outcome};
use crate::diagnostics::{Diagnostic, Severity};

/// `12.3` for 12.3 MB.
fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn millis(duration: Duration) -> u128 {
    duration.as_millis()
}

/// `kind:count` for each kind of diagnostic of a service, errors first.
fn kind_counts(diagnostics: &[Diagnostic]) -> String {
    let mut counts: BTreeMap<(std::cmp::Reverse<Severity>, &str), usize> = BTreeMap::new();
    for d in diagnostics {
        *counts
            .entry((std::cmp::Reverse(d.severity), d.kind))
            .or_default() += 1;
    }
    counts
        .into_iter()
        .map(|((severity, kind), count)| match severity.0 {
            Severity::Error => format!("ERROR {kind}:{count}"),
            Severity::Warning => format!("{kind}:{count}"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl fmt::Display for Corpus {
    /// The table: one row per service, the totals, diagnostics by kind, then every
    /// failure in full.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let emitting = self.services.iter().any(|s| s.emitted.is_some());
        write!(
            f,
            "{:<34} {:>6} {:>7} {:>6} {:>7} {:>5} {:>5} {:>6} {:>6} {:>7}",
            "service", "pages", "MB", "ops", "shapes", "pag", "wait", "warn", "error", "ms"
        )?;
        if emitting {
            write!(f, " {:>7} {:>6}", "emit ms", "files")?;
        }
        writeln!(f, "  diagnostics")?;
        for s in &self.services {
            write!(
                f,
                "{:<34} {:>6} {:>7.2} {:>6} {:>7} {:>5} {:>5} {:>6} {:>6} {:>7}",
                s.name,
                s.pages,
                megabytes(s.bytes),
                s.operations,
                s.shapes,
                s.paginators,
                s.waiters,
                s.count(Severity::Warning),
                s.count(Severity::Error),
                millis(s.load_time),
            )?;
            if emitting {
                let files = match &s.emitted {
                    Some(Emitted::Crate { files, .. }) => files.to_string(),
                    Some(Emitted::Skipped) | None => "-".to_owned(),
                    Some(Emitted::Failed(_)) => "FAILED".to_owned(),
                    Some(Emitted::Panicked(_)) => "PANIC".to_owned(),
                };
                write!(f, " {:>7} {:>6}", millis(s.emit_time), files)?;
            }
            let note = match &s.outcome {
                Outcome::Loaded => kind_counts(&s.diagnostics),
                Outcome::Unreadable(_) => "UNREADABLE".to_owned(),
                Outcome::Panicked(_) => "PANIC".to_owned(),
            };
            writeln!(f, "  {note}")?;
        }
        let t = self.totals();
        write!(
            f,
            "{:<34} {:>6} {:>7.2} {:>6} {:>7} {:>5} {:>5} {:>6} {:>6} {:>7}",
            format!("TOTAL ({} services)", self.services.len()),
            t.pages,
            megabytes(t.bytes),
            t.operations,
            t.shapes,
            t.paginators,
            t.waiters,
            t.warnings,
            t.errors,
            millis(t.load_time),
        )?;
        if emitting {
            write!(f, " {:>7} {:>6}", millis(t.emit_time), t.files)?;
        }
        writeln!(f)?;

        writeln!(f, "\ndiagnostics by kind:")?;
        for k in self.kinds() {
            let severity = match k.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let (service, first) = k.first;
            writeln!(
                f,
                "  {:>6} {:<7} {:<28} in {:>3} service(s), first {service}/{first}",
                k.count, severity, k.kind, k.services
            )?;
        }

        for s in &self.services {
            match &s.outcome {
                Outcome::Loaded => {}
                Outcome::Unreadable(why) => writeln!(f, "{}: unreadable: {why}", s.name)?,
                Outcome::Panicked(why) => writeln!(f, "{}: PANIC while loading: {why}", s.name)?,
            }
            match &s.emitted {
                Some(Emitted::Failed(why)) => writeln!(f, "{}: emit failed: {why}", s.name)?,
                Some(Emitted::Panicked(why)) => {
                    writeln!(f, "{}: PANIC while emitting: {why}", s.name)?;
                }
                _ => {}
            }
        }

        let mb = megabytes(t.bytes);
        let wall = self.wall.as_secs_f64();
        write!(
            f,
            "\n{} service(s), {} page(s), {mb:.1} MB in {wall:.2} s wall on {} thread(s): \
             {:.1} MB/s; {} panic(s), {} error(s), {} warning(s), {} unreadable",
            self.services.len(),
            t.pages,
            self.jobs,
            if wall > 0.0 { mb / wall } else { 0.0 },
            t.panics,
            t.errors,
            t.warnings,
            t.unreadable,
        )?;
        if emitting {
            write!(
                f,
                "; {} crate(s) emitted ({} files, {:.1} MB), {} refused",
                t.crates,
                t.files,
                megabytes(t.emitted_bytes as u64),
                t.emit_failures
            )?;
        }
        writeln!(f)
    }
}
