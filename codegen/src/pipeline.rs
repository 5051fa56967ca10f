//! From a docs directory to the files of generated crates, and from those to disk.
//!
//! Shared by the `codegen` command and `cargo xtask codegen`: [`find_services`] finds the
//! services in a docs directory, [`generate`] turns them into a [`Tree`] of files held in
//! memory, [`diff`] compares a tree with a directory and [`write()`] brings the directory
//! up to date, touching only files whose content changed.
//!
//! Each service becomes one crate directory, `<out>/<service>/`, that the generator owns:
//! files there that the tree does not hold are stale and get removed. Nothing else under
//! `<out>` is touched; [`orphan_crates`] lists crate directories whose docs are gone, for
//! callers that own the whole of `<out>`.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diagnostics::{Diagnostic, Severity};
use crate::emit::{self, CrateSettings, EmitError};
use crate::LoadError;

mod disk;

pub use self::disk::{diff, orphan_crates, write, Drift, Written};

/// The file that marks a directory as one service's docs.
pub const SERVICE_MARKER: &str = "service.toml";

/// The package name of the crate generated for `service`.
pub fn crate_name(service: &str) -> String {
    format!("sdk-{service}")
}

/// One service's docs directory.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ServiceDir {
    /// The directory name, which is the boto3 service name for imported docs.
    pub name: String,
    /// The directory holding `service.toml`, `index.rst` and the sub-pages.
    pub path: PathBuf,
}

/// What every crate of one run shares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The version each crate's `Cargo.toml` states.
    pub version: String,
    /// The runtime crate's path relative to each crate directory, as `Cargo.toml` gives it.
    pub runtime_path: String,
    /// The command the `@generated` headers name.
    pub generator_command: String,
}

impl Settings {
    fn for_crate(&self, service: &str) -> CrateSettings {
        CrateSettings {
            crate_name: crate_name(service),
            version: self.version.clone(),
            runtime_path: self.runtime_path.clone(),
            generator_command: self.generator_command.clone(),
        }
    }
}

/// The files of one generated crate, with what the parser had to say on the way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Crate {
    /// File contents by path relative to the crate directory.
    pub files: BTreeMap<PathBuf, String>,
    /// Warnings about the docs the crate came from.
    pub diagnostics: Vec<Diagnostic>,
}

/// Generated crates by service name: the crate of `name` belongs in `<out>/<name>/`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tree {
    /// Crates by service name.
    pub crates: BTreeMap<String, Crate>,
}

impl Tree {
    /// Every file, by path relative to the output directory, in path order.
    pub fn files(&self) -> impl Iterator<Item = (PathBuf, &str)> {
        self.crates.iter().flat_map(|(service, krate)| {
            krate
                .files
                .iter()
                .map(move |(path, content)| (Path::new(service).join(path), content.as_str()))
        })
    }
}

impl Tree {
    /// The warnings of every crate: per service a count, then one line per kind (see
    /// [`summarize`]), or every warning when `all` is set. Empty when there are none.
    pub fn warnings(&self, all: bool) -> Warnings<'_> {
        Warnings { tree: self, all }
    }
}

/// The display of [`Tree::warnings`].
pub struct Warnings<'a> {
    tree: &'a Tree,
    all: bool,
}

impl fmt::Display for Warnings<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (service, krate) in &self.tree.crates {
            let diagnostics = &krate.diagnostics;
            if diagnostics.is_empty() {
                continue;
            }
            writeln!(f, "{service}: {} warning(s)", diagnostics.len())?;
            if self.all {
                diagnostics
                    .iter()
                    .try_for_each(|diagnostic| writeln!(f, "  {diagnostic}"))?;
            } else {
                summarize(diagnostics)
                    .iter()
                    .try_for_each(|kind| writeln!(f, "{kind}"))?;
            }
        }
        Ok(())
    }
}

/// Why a service could not be generated, or the output not read or written.
///
/// Messages include their cause, which is therefore not also a `source()`: error
/// reporters that walk the chain would print it twice.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The docs directory holds no service.
    #[error(
        "{}: no {SERVICE_MARKER} here nor in any subdirectory; expected one service's docs \
         ({SERVICE_MARKER}, index.rst, client/...) or a directory of them",
        .0.display()
    )]
    NoServices(PathBuf),
    /// A directory looks like a service's docs but lacks `service.toml`.
    #[error("{}: has index.rst but no {SERVICE_MARKER}", .0.display())]
    MissingMarker(PathBuf),
    /// Reading or writing a file failed.
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the system said.
        cause: io::Error,
    },
    /// The parser could not read a service's docs.
    #[error("{cause}")]
    Load {
        /// The service's docs directory.
        dir: PathBuf,
        /// What the parser said; it names the file.
        cause: LoadError,
    },
    /// The parser read the docs but found errors in them.
    #[error("{}: {} error(s) in the docs:{}", dir.display(), errors.len(), Lines(errors))]
    Invalid {
        /// The service's docs directory.
        dir: PathBuf,
        /// The error diagnostics.
        errors: Vec<Diagnostic>,
    },
    /// The docs name a service whose name cannot be a crate directory.
    #[error("{}: the service name {name:?} is not lowercase letters, digits and '-'", dir.display())]
    BadServiceName {
        /// The service's docs directory.
        dir: PathBuf,
        /// The name the docs give.
        name: String,
    },
    /// Two docs directories describe the same service.
    #[error("{} and {}: both describe the service {name:?}", first.display(), second.display())]
    DuplicateService {
        /// The service name.
        name: String,
        /// The first directory.
        first: PathBuf,
        /// The second directory.
        second: PathBuf,
    },
    /// The emitters could not generate a crate.
    #[error("{}: {cause}", dir.display())]
    Emit {
        /// The service's docs directory, which the emitter's source locations are
        /// relative to.
        dir: PathBuf,
        /// What the emitter said.
        cause: EmitError,
    },
    /// The emitters named a file outside the crate directory.
    #[error("{service}: the emitters produced {}, which is not a plain path inside the crate", path.display())]
    BadPath {
        /// The service name.
        service: String,
        /// The path as given.
        path: PathBuf,
    },
}

/// Every service that failed in one [`generate`] run, in docs order.
#[derive(Debug, thiserror::Error)]
#[error("{} service(s) failed:{}", .0.len(), Lines(.0))]
pub struct Failures(pub Vec<Error>);

/// Displays items one per line, each after a newline and an indent; an item's own
/// continuation lines are indented further.
struct Lines<'a, T>(&'a [T]);

impl<T: fmt::Display> fmt::Display for Lines<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in self.0 {
            let text = item.to_string();
            write!(f, "\n  {}", text.trim_end().replace('\n', "\n    "))?;
        }
        Ok(())
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
    move |cause| Error::Io {
        path: path.to_path_buf(),
        cause,
    }
}

/// The services under `docs`: `docs` itself when it holds a `service.toml`, otherwise
/// each subdirectory that does, in name order.
pub fn find_services(docs: &Path) -> Result<Vec<ServiceDir>, Error> {
    if docs.join(SERVICE_MARKER).is_file() {
        return Ok(vec![service_dir(docs)]);
    }
    if docs.join("index.rst").is_file() {
        return Err(Error::MissingMarker(docs.to_path_buf()));
    }
    let mut services = Vec::new();
    for entry in fs::read_dir(docs).map_err(io_error(docs))? {
        let path = entry.map_err(io_error(docs))?.path();
        if path.join(SERVICE_MARKER).is_file() {
            services.push(service_dir(&path));
        } else if path.join("index.rst").is_file() {
            return Err(Error::MissingMarker(path));
        }
    }
    if services.is_empty() {
        return Err(Error::NoServices(docs.to_path_buf()));
    }
    services.sort();
    Ok(services)
}

fn service_dir(path: &Path) -> ServiceDir {
    // `.` and `..` have no file name; the canonical path has, when there is one.
    let named = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    ServiceDir {
        name: named
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: path.to_path_buf(),
    }
}

/// The stack of a thread that loads or emits a service. The parsers bound how deep a
/// model nests (200 levels of items, 32 of lists in a type), and `syn` parses a type
/// nested that deep recursively: in a debug build that needs far more than the 2 MiB
/// threads get by default. Only what is used is ever committed.
pub const WORKER_STACK: usize = 64 << 20;

/// Spawns `work` in `scope` on a thread with a [`WORKER_STACK`].
pub fn spawn_worker<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    work: impl FnOnce() -> T + Send + 'scope,
) -> std::thread::ScopedJoinHandle<'scope, T> {
    std::thread::Builder::new()
        .stack_size(WORKER_STACK)
        .spawn_scoped(scope, work)
        .unwrap_or_else(|error| panic!("cannot start a worker thread: {error}"))
}

/// Generates the crate of every service on up to `jobs` threads.
///
/// Every service is tried, so one run reports every failure. The result does not depend
/// on `jobs`.
pub fn generate(
    services: &[ServiceDir],
    settings: &Settings,
    jobs: usize,
) -> Result<Tree, Failures> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(dir) = services.get(index) else {
                return done;
            };
            done.push((index, generate_crate(dir, settings)));
        }
    };
    let workers = jobs.clamp(1, services.len().max(1));
    let mut results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers).map(|_| spawn_worker(scope, work)).collect();
        let mut results = Vec::new();
        for handle in handles {
            // A worker only panics if the parser or an emitter has a bug; surface it as is.
            results.extend(
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        results
    });
    results.sort_by_key(|(index, _)| *index);

    let mut tree = Tree::default();
    let mut sources: BTreeMap<String, &Path> = BTreeMap::new();
    let mut failures = Vec::new();
    for (index, result) in results {
        let dir = &services[index].path;
        match result {
            Ok((name, krate)) => {
                if let Some(first) = sources.insert(name.clone(), dir) {
                    failures.push(Error::DuplicateService {
                        name,
                        first: first.to_path_buf(),
                        second: dir.clone(),
                    });
                } else {
                    tree.crates.insert(name, krate);
                }
            }
            Err(error) => failures.push(error),
        }
    }
    if failures.is_empty() {
        Ok(tree)
    } else {
        Err(Failures(failures))
    }
}

/// Parses one service's docs and emits its crate: the service name and the crate.
fn generate_crate(dir: &ServiceDir, settings: &Settings) -> Result<(String, Crate), Error> {
    let invalid = |diagnostics: Vec<Diagnostic>| Error::Invalid {
        dir: dir.path.clone(),
        errors: diagnostics
            .into_iter()
            .filter(|diagnostic| diagnostic.severity == Severity::Error)
            .map(|diagnostic| under(&dir.path, diagnostic))
            .collect(),
    };
    let loaded = crate::load_service(&dir.path).map_err(|cause| match cause {
        LoadError::Invalid { diagnostics } => invalid(diagnostics),
        cause => Error::Load {
            dir: dir.path.clone(),
            cause,
        },
    })?;
    if loaded
        .diagnostics
        .iter()
        .any(|diagnostic| diagnostic.severity == Severity::Error)
    {
        return Err(invalid(loaded.diagnostics));
    }
    let warnings = loaded
        .diagnostics
        .into_iter()
        .map(|diagnostic| under(&dir.path, diagnostic))
        .collect();
    let name = loaded.service.name.clone();
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(Error::BadServiceName {
            dir: dir.path.clone(),
            name,
        });
    }
    let files =
        emit::generate_crate(&loaded.service, &settings.for_crate(&name)).map_err(|cause| {
            Error::Emit {
                dir: dir.path.clone(),
                cause,
            }
        })?;
    if let Some(path) = files.keys().find(|path| !is_plain_relative(path)) {
        return Err(Error::BadPath {
            service: name,
            path: path.clone(),
        });
    }
    Ok((
        name,
        Crate {
            files,
            diagnostics: warnings,
        },
    ))
}

/// The diagnostic with its file named from where the user ran the command, not from the
/// service directory, so that editors can jump to it.
fn under(dir: &Path, diagnostic: Diagnostic) -> Diagnostic {
    Diagnostic {
        file: dir.join(&diagnostic.file),
        ..diagnostic
    }
}

/// True for `a/b.rs`: no root, no `..`, no `.`, not empty.
fn is_plain_relative(path: &Path) -> bool {
    path.components().next().is_some()
        && path
            .components()
            .all(|component| matches!(component, Component::Normal(_)))
}

/// Diagnostics grouped by kind: how many, and the first in file order.
pub fn summarize(diagnostics: &[Diagnostic]) -> Vec<KindSummary<'_>> {
    let mut kinds: BTreeMap<&str, KindSummary<'_>> = BTreeMap::new();
    for diagnostic in diagnostics {
        kinds
            .entry(diagnostic.kind)
            .and_modify(|summary| {
                summary.count += 1;
                summary.first = summary.first.min(diagnostic);
            })
            .or_insert(KindSummary {
                count: 1,
                first: diagnostic,
            });
    }
    kinds.into_values().collect()
}

/// How often one kind of diagnostic occurred, with an example.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindSummary<'a> {
    /// Occurrences.
    pub count: usize,
    /// The first occurrence in file order.
    pub first: &'a Diagnostic,
}

impl fmt::Display for KindSummary<'_> {
    /// `  12 unknown-directive, first at client/x.rst:3:1: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first = self.first;
        write!(
            f,
            "{:>5} {}, first at {}:{}:{}: {}",
            self.count,
            first.kind,
            first.file.display(),
            first.line,
            first.column,
            first.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_accepted() {
        assert!(is_plain_relative(Path::new("src/lib.rs")));
        assert!(!is_plain_relative(Path::new("")));
        assert!(!is_plain_relative(Path::new("../x")));
        assert!(!is_plain_relative(Path::new("/etc/x")));
        assert!(!is_plain_relative(Path::new("./x")));
    }

    #[test]
    fn find_services_takes_one_service_or_a_directory_of_them() -> Result<(), Error> {
        let docs = tempfile::tempdir().map_err(io_error(Path::new("tempdir")))?;
        for service in ["b", "a"] {
            let dir = docs.path().join(service);
            fs::create_dir(&dir).map_err(io_error(&dir))?;
            fs::write(dir.join(SERVICE_MARKER), "").map_err(io_error(&dir))?;
        }
        fs::write(docs.path().join("boto3.pin"), "").map_err(io_error(docs.path()))?;

        let names = |dirs: Vec<ServiceDir>| dirs.into_iter().map(|d| d.name).collect::<Vec<_>>();
        assert_eq!(names(find_services(docs.path())?), ["a", "b"]);
        assert_eq!(names(find_services(&docs.path().join("b"))?), ["b"]);

        let empty = docs.path().join("a/client");
        fs::create_dir(&empty).map_err(io_error(&empty))?;
        assert!(matches!(find_services(&empty), Err(Error::NoServices(_))));

        let unmarked = docs.path().join("c");
        fs::create_dir(&unmarked).map_err(io_error(&unmarked))?;
        fs::write(unmarked.join("index.rst"), "").map_err(io_error(&unmarked))?;
        assert!(
            matches!(find_services(docs.path()), Err(Error::MissingMarker(p)) if p == unmarked)
        );
        Ok(())
    }

    #[test]
    fn summaries_count_each_kind_and_show_the_first() {
        let diagnostics = [
            Diagnostic::warning("b-kind", "x.rst", 9, 1, "later"),
            Diagnostic::warning("b-kind", "x.rst", 2, 1, "earlier"),
            Diagnostic::warning("a-kind", "y.rst", 1, 1, "only"),
        ];
        let lines: Vec<String> = summarize(&diagnostics)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            lines,
            [
                "    1 a-kind, first at y.rst:1:1: only",
                "    2 b-kind, first at x.rst:2:1: earlier",
            ]
        );
    }
}
