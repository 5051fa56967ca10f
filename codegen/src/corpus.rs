//! Many services at once: parse and model every service of a docs directory, optionally
//! emit their crates, and report what each produced and what the parser noticed.
//!
//! [`run`] works through the services on several threads, largest first. Each service is
//! loaded (and emitted) under `catch_unwind`, so a panic in the parser or an emitter is a
//! row of the report, not the end of the run. [`Corpus`] displays as a table, one row per
//! service, then the totals and the diagnostics by kind.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Severity};
use crate::emit::{self, CrateSettings, EmitError};
use crate::load::{self, LoadError};
use crate::passes::merge::MARKDOWN_DIR;
use crate::pipeline::{self, ServiceDir};

mod table;

/// What [`run`] does besides loading each service.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Services worked on at once (at least one).
    pub jobs: usize,
    /// Also emit (and format) the crate of every service whose protocol the emitters
    /// support, with these settings; the files are counted, not written.
    pub emit: Option<pipeline::Settings>,
}

/// What happened to one service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The model was built (it may still hold errors: see the diagnostics).
    Loaded,
    /// The directory could not be read (missing index, unreadable file, bad
    /// `service.toml`).
    Unreadable(String),
    /// The parser or a pass panicked: a bug. The panic's message and place.
    Panicked(String),
}

/// What emitting one service's crate gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Emitted {
    /// The emitters do not support the service's protocol.
    Skipped,
    /// The crate: its file count and size.
    Crate {
        /// Files, `Cargo.toml` included.
        files: usize,
        /// Bytes of all files.
        bytes: usize,
    },
    /// The emitters refused the model.
    Failed(String),
    /// An emitter panicked: a bug.
    Panicked(String),
}

/// One service's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceReport {
    /// The service (directory) name.
    pub name: String,
    /// Pages read: `index.rst`, the client, paginator and waiter pages, Markdown pages.
    pub pages: usize,
    /// Bytes of those pages.
    pub bytes: u64,
    /// Operations in the model.
    pub operations: usize,
    /// Named shapes in the model.
    pub shapes: usize,
    /// Paginators in the model.
    pub paginators: usize,
    /// Waiters in the model.
    pub waiters: usize,
    /// Everything the parser and passes noticed, errors included, file names relative
    /// to the service directory.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the model was built.
    pub outcome: Outcome,
    /// Time to read, parse and model the service.
    pub load_time: Duration,
    /// The emitted crate, when emitting was asked for and the model was built.
    pub emitted: Option<Emitted>,
    /// Time to emit and format the crate.
    pub emit_time: Duration,
}

impl ServiceReport {
    /// Diagnostics of the given severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// True when the service loaded without error and, if emitted, emitted without
    /// failing.
    pub fn is_clean(&self) -> bool {
        self.outcome == Outcome::Loaded
            && self.count(Severity::Error) == 0
            && !matches!(
                self.emitted,
                Some(Emitted::Failed(_) | Emitted::Panicked(_))
            )
    }
}

/// The report of one [`run`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Corpus {
    /// One row per service, in name order.
    pub services: Vec<ServiceReport>,
    /// Threads used.
    pub jobs: usize,
    /// Wall time of the whole run.
    pub wall: Duration,
}

impl Corpus {
    /// True when every service loaded (and emitted) without panic or error.
    pub fn is_clean(&self) -> bool {
        self.services.iter().all(ServiceReport::is_clean)
    }

    /// The totals over all services.
    pub fn totals(&self) -> Totals {
        let mut totals = Totals::default();
        for s in &self.services {
            totals.pages += s.pages;
            totals.bytes += s.bytes;
            totals.operations += s.operations;
            totals.shapes += s.shapes;
            totals.paginators += s.paginators;
            totals.waiters += s.waiters;
            totals.warnings += s.count(Severity::Warning);
            totals.errors += s.count(Severity::Error);
            totals.load_time += s.load_time;
            totals.emit_time += s.emit_time;
            match &s.outcome {
                Outcome::Loaded => {}
                Outcome::Unreadable(_) => totals.unreadable += 1,
                Outcome::Panicked(_) => totals.panics += 1,
            }
            match &s.emitted {
                Some(Emitted::Crate { files, bytes }) => {
                    totals.crates += 1;
                    totals.files += files;
                    totals.emitted_bytes += bytes;
                }
                Some(Emitted::Failed(_)) => totals.emit_failures += 1,
                Some(Emitted::Panicked(_)) => totals.panics += 1,
                Some(Emitted::Skipped) | None => {}
            }
        }
        totals
    }

    /// Diagnostics of all services by kind, in kind order.
    pub fn kinds(&self) -> Vec<KindTotal<'_>> {
        let mut kinds: BTreeMap<(&str, Severity), KindTotal<'_>> = BTreeMap::new();
        for s in &self.services {
            let mut seen_here: Vec<(&str, Severity)> = Vec::new();
            for d in &s.diagnostics {
                let key = (d.kind, d.severity);
                let total = kinds.entry(key).or_insert(KindTotal {
                    kind: d.kind,
                    severity: d.severity,
                    count: 0,
                    services: 0,
                    first: (&s.name, d),
                });
                total.count += 1;
                if !seen_here.contains(&key) {
                    seen_here.push(key);
                    total.services += 1;
                }
            }
        }
        kinds.into_values().collect()
    }
}

/// Sums over all services.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Pages read.
    pub pages: usize,
    /// Bytes of pages read.
    pub bytes: u64,
    /// Operations.
    pub operations: usize,
    /// Named shapes.
    pub shapes: usize,
    /// Paginators.
    pub paginators: usize,
    /// Waiters.
    pub waiters: usize,
    /// Warning diagnostics.
    pub warnings: usize,
    /// Error diagnostics.
    pub errors: usize,
    /// Services whose directory could not be read.
    pub unreadable: usize,
    /// Panics, while loading or emitting.
    pub panics: usize,
    /// Crates emitted.
    pub crates: usize,
    /// Files of the emitted crates.
    pub files: usize,
    /// Bytes of the emitted crates.
    pub emitted_bytes: usize,
    /// Services the emitters refused.
    pub emit_failures: usize,
    /// Load time summed over services (CPU time across threads, roughly).
    pub load_time: Duration,
    /// Emit time summed over services.
    pub emit_time: Duration,
}

/// One kind of diagnostic over all services.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindTotal<'a> {
    /// The kind (`unlisted-page`).
    pub kind: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// Occurrences.
    pub count: usize,
    /// Services with at least one.
    pub services: usize,
    /// The first occurrence: service name and diagnostic.
    pub first: (&'a str, &'a Diagnostic),
}

/// Loads (and optionally emits) every service on `options.jobs` threads. The report does
/// not depend on the number of threads, except for the times.
///
/// While it runs, panics on its worker threads are recorded (message and place) for the
/// report instead of printed; panics elsewhere in the process reach the previous panic
/// hook, which is put back before returning.
pub fn run(services: &[ServiceDir], options: &Options) -> Corpus {
    let start = Instant::now();
    // Largest first, so that the longest services do not start last.
    let mut order: Vec<(u64, Vec<String>, &ServiceDir)> = services
        .iter()
        .map(|dir| {
            let pages = pages_of(&dir.path).unwrap_or_default();
            let bytes = pages
                .iter()
                .map(|page| fs::metadata(dir.path.join(page)).map_or(0, |m| m.len()))
                .sum();
            (bytes, pages, dir)
        })
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(b.2)));

    let jobs = options.jobs.clamp(1, order.len().max(1));
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(order.len()));
    with_panic_hook(|| {
        std::thread::scope(|scope| {
            for _ in 0..jobs {
                crate::pipeline::spawn_worker(scope, || {
                    RECORDING.with(|recording| recording.set(true));
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some((bytes, pages, dir)) = order.get(index) else {
                            return;
                        };
                        let report = run_one(dir, pages.len(), *bytes, options);
                        if let Ok(mut results) = results.lock() {
                            results.push(report);
                        }
                    }
                });
            }
        });
    });
    let mut services = results.into_inner().unwrap_or_else(|p| p.into_inner());
    services.sort_by(|a, b| a.name.cmp(&b.name));
    Corpus {
        services,
        jobs,
        wall: start.elapsed(),
    }
}

thread_local! {
    /// The message and place of the last panic on this thread, set by the hook of [`run`].
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Whether this thread's panics are recorded for the report rather than printed.
    static RECORDING: Cell<bool> = const { Cell::new(false) };
}

/// The type of a panic hook.
type Hook = Box<dyn Fn(&panic::PanicHookInfo<'_>) + Sync + Send + 'static>;

/// Runs `f` with a panic hook that keeps the message and place of panics on threads
/// that set [`RECORDING`] for the report, and hands every other panic to the hook that
/// was there before, which is put back afterwards.
fn with_panic_hook<R>(f: impl FnOnce() -> R) -> R {
    let previous: Arc<Hook> = Arc::new(panic::take_hook());
    let chained = Arc::clone(&previous);
    panic::set_hook(Box::new(move |info| {
        if RECORDING.with(Cell::get) {
            LAST_PANIC.with(|last| *last.borrow_mut() = Some(info.to_string()));
        } else {
            chained(info);
        }
    }));
    let result = f();
    // Dropping this hook drops its share of the previous one.
    drop(panic::take_hook());
    match Arc::try_unwrap(previous) {
        Ok(previous) => panic::set_hook(previous),
        Err(shared) => panic::set_hook(Box::new(move |info| shared(info))),
    }
    result
}

/// The recorded panic, or the payload when the hook did not record one.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    LAST_PANIC
        .with(|last| last.borrow_mut().take())
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panicked".to_owned())
        .replace('\n', " ")
}

fn run_one(dir: &ServiceDir, pages: usize, bytes: u64, options: &Options) -> ServiceReport {
    let mut report = ServiceReport {
        name: dir.name.clone(),
        pages,
        bytes,
        operations: 0,
        shapes: 0,
        paginators: 0,
        waiters: 0,
        diagnostics: Vec::new(),
        outcome: Outcome::Loaded,
        load_time: Duration::ZERO,
        emitted: None,
        emit_time: Duration::ZERO,
    };
    let start = Instant::now();
    let loaded = panic::catch_unwind(AssertUnwindSafe(|| load::load_service(&dir.path)));
    report.load_time = start.elapsed();
    let loaded = match loaded {
        Ok(Ok(loaded)) => loaded,
        Ok(Err(LoadError::Invalid { diagnostics })) => {
            report.diagnostics = diagnostics;
            return report;
        }
        Ok(Err(error)) => {
            report.outcome = Outcome::Unreadable(error.to_string());
            return report;
        }
        Err(payload) => {
            report.outcome = Outcome::Panicked(panic_message(payload.as_ref()));
            return report;
        }
    };
    let service = &loaded.service;
    report.operations = service.operations.len();
    report.shapes = service.shapes.len();
    report.paginators = service.paginators.len();
    report.waiters = service.waiters.len();
    report.diagnostics = loaded.diagnostics;
    let Some(settings) = &options.emit else {
        return report;
    };
    let crate_settings = CrateSettings {
        crate_name: pipeline::crate_name(&dir.name),
        version: settings.version.clone(),
        runtime_path: settings.runtime_path.clone(),
        generator_command: settings.generator_command.clone(),
    };
    let start = Instant::now();
    let emitted = panic::catch_unwind(AssertUnwindSafe(|| {
        emit::generate_crate(service, &crate_settings)
    }));
    report.emit_time = start.elapsed();
    report.emitted = Some(match emitted {
        Ok(Ok(files)) => Emitted::Crate {
            files: files.len(),
            bytes: files.values().map(String::len).sum(),
        },
        Ok(Err(EmitError::UnsupportedProtocol { .. })) => Emitted::Skipped,
        Ok(Err(error)) => Emitted::Failed(error.to_string()),
        Err(payload) => Emitted::Panicked(panic_message(payload.as_ref())),
    });
    report
}

/// The pages [`load::load_service`] reads from `dir`, relative to it, sorted.
pub fn pages_of(dir: &Path) -> io::Result<Vec<String>> {
    let mut pages = Vec::new();
    if dir.join("index.rst").is_file() {
        pages.push("index.rst".to_owned());
    }
    let wanted = |sub: &str, name: &str| {
        if sub == MARKDOWN_DIR {
            name.starts_with("API_") && name.ends_with(".md")
        } else {
            name.ends_with(".rst")
        }
    };
    for sub in load::PAGE_DIRS.iter().copied().chain([MARKDOWN_DIR]) {
        let path = dir.join(sub);
        if !path.is_dir() {
            continue;
        }
        let mut here = Vec::new();
        for entry in fs::read_dir(&path)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if wanted(sub, &name) && entry.file_type()?.is_file() {
                here.push(format!("{sub}/{name}"));
            }
        }
        here.sort();
        pages.extend(here);
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn write(dir: &Path, file: &str, text: &str) -> io::Result<()> {
        let path = dir.join(file);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, text)
    }

    fn seed(name: &str) -> ServiceDir {
        ServiceDir {
            name: name.to_owned(),
            path: PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../docs-input")
                .join(name),
        }
    }

    #[test]
    fn pages_are_the_ones_load_service_reads() -> io::Result<()> {
        let temp = tempfile::tempdir()?;
        for file in [
            "index.rst",
            "client/b.rst",
            "client/a.rst",
            "client/notes.txt",
            "waiter/W.rst",
            "markdown/API_X.md",
            "markdown/README.md",
            "bucket/load.rst",
        ] {
            write(temp.path(), file, "x")?;
        }
        assert_eq!(
            pages_of(temp.path())?,
            [
                "index.rst",
                "client/a.rst",
                "client/b.rst",
                "waiter/W.rst",
                "markdown/API_X.md"
            ]
        );
        Ok(())
    }

    #[test]
    fn unreadable_services_are_rows_not_the_end_of_the_run() -> io::Result<()> {
        let temp = tempfile::tempdir()?;
        write(temp.path(), "broken/service.toml", "protocol = 1")?;
        write(temp.path(), "broken/index.rst", "x")?;
        let broken = ServiceDir {
            name: "broken".to_owned(),
            path: temp.path().join("broken"),
        };
        let corpus = run(
            &[broken, seed("devicefarm")],
            &Options {
                jobs: 2,
                emit: None,
            },
        );
        assert_eq!(corpus.services.len(), 2);
        assert!(matches!(corpus.services[0].outcome, Outcome::Unreadable(_)));
        assert_eq!(corpus.services[1].outcome, Outcome::Loaded);
        assert!(corpus.services[1].operations > 0);
        assert!(!corpus.is_clean());
        assert_eq!(corpus.totals().unreadable, 1);
        Ok(())
    }

    #[test]
    fn panics_are_caught_and_reported_with_their_place() {
        let message = std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    RECORDING.with(|recording| recording.set(true));
                    match with_panic_hook(|| panic::catch_unwind(|| panic!("boom"))) {
                        Err(payload) => panic_message(payload.as_ref()),
                        Ok(()) => String::new(),
                    }
                })
                .join()
                .unwrap_or_default()
        });
        assert!(message.contains("boom"), "{message}");
        assert!(message.contains("corpus.rs"), "{message}");
    }

    #[test]
    fn the_report_does_not_depend_on_the_thread_count() {
        let services = [
            seed("appstream"),
            seed("devicefarm"),
            seed("dynamodb"),
            seed("secretsmanager"),
        ];
        let settings = pipeline::Settings {
            version: "0.1.0".to_owned(),
            runtime_path: "../runtime".to_owned(),
            generator_command: "codegen corpus".to_owned(),
        };
        let strip = |mut corpus: Corpus| {
            corpus.wall = Duration::ZERO;
            corpus.jobs = 0;
            for s in &mut corpus.services {
                s.load_time = Duration::ZERO;
                s.emit_time = Duration::ZERO;
            }
            corpus
        };
        let options = |jobs| Options {
            jobs,
            emit: Some(settings.clone()),
        };
        let one = strip(run(&services, &options(1)));
        let three = strip(run(&services, &options(3)));
        assert_eq!(one, three);
        assert!(one.is_clean(), "{one}");
        let totals = one.totals();
        // appstream prefers smithy-rpc-v2-cbor but offers awsJson too: all four emit.
        assert_eq!(totals.crates, 4);
        assert!(matches!(
            one.services[0].emitted,
            Some(Emitted::Crate { .. })
        ));
        assert!(totals.operations > 100);
        let table = one.to_string();
        assert!(table.contains("TOTAL (4 services)"), "{table}");
        assert!(table.contains("devicefarm"), "{table}");
    }
}
