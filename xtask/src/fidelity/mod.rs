//! `cargo xtask fidelity`: the model recovered from the docs, measured against botocore's.
//!
//! For each service directory under the docs directory, the model is exported in botocore's
//! layout (`codegen::export`) and compared structurally with the JSON model of the pinned
//! botocore (written by `xtask/python/botocore_models.py` in the pinned environment). The
//! botocore models are a yardstick only: nothing here feeds generation.

mod bindings;
mod compare;
mod markdown;
mod member_paths;
mod report;
mod xml;

use std::collections::BTreeMap;
use std::fs;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{bail, Context, Result};
use serde_json::Value;

use crate::{import_docs, repo};
use codegen::parse::rst::sections::{REQUEST_NOT_RENDERED, RESPONSE_NOT_RENDERED};
use report::{Report, Tally, Unrendered};

/// The targets `--strict` holds the totals to, in percent.
const TARGETS: Targets = Targets {
    operations: 100.0,
    errors: 100.0,
    member_paths: 99.5,
    paginators: 99.0,
};

struct Targets {
    operations: f64,
    errors: f64,
    member_paths: f64,
    paginators: f64,
}

/// Arguments of `cargo xtask fidelity`.
#[derive(clap::Args)]
#[command(
    after_help = "Compares, per service and in total: operations found; member paths (every \
member, list element and map key/value reachable from an operation's input and output) whose \
type, input-required flag and enum values agree, integer/long and float/double counting as \
equal; the documented errors of each operation; paginators whose input_token, output_token, \
limit_key and result_key all agree. Every disagreement is listed by kind. Differences the docs \
cannot resolve (sections boto3 did not render, map-key enums, ...) are listed apart as gaps and \
left out of the percentages; docs/corpus.md explains each kind."
)]
pub struct Args {
    /// Directory of service directories [default: docs-input/].
    #[arg(long, value_name = "DIR")]
    docs: Option<PathBuf>,
    /// Only these services (boto3 names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    services: Vec<String>,
    /// How many disagreements to list per kind and service (all with 0).
    #[arg(long, default_value_t = 5, value_name = "N")]
    show: usize,
    /// Exit non-zero unless the totals meet the targets (gaps left out): operations and
    /// errors 100%, member paths 99.5%, paginators 99%. With `--markdown`, the targets
    /// over what the pages state, and no error.
    #[arg(long)]
    strict: bool,
    /// A folder of published AWS API Reference pages in Markdown (`API_*.md`): measure
    /// the model built from those pages alone, for the service named like the folder or
    /// the `--services` its pages belong to (by the uid of their See Also links).
    #[arg(long, value_name = "DIR")]
    markdown: Option<PathBuf>,
    /// With `--markdown`: also measure the pages merged with the reST pages of the same
    /// service, found in `<DIR>/<service>/` (as `cargo xtask import-docs --out` writes).
    #[arg(long, value_name = "DIR", requires = "markdown")]
    rest: Option<PathBuf>,
}

/// Runs the comparison and prints a table per service and the totals.
pub fn run(args: &Args) -> Result<ExitCode> {
    if let Some(dir) = &args.markdown {
        return markdown::run(args, dir);
    }
    let docs = args.docs.clone().unwrap_or_else(repo::docs_input);
    let services = service_dirs(&docs, &args.services)?;
    if services.is_empty() {
        bail!(
            "no service directory (one with service.toml) under {}",
            docs.display()
        );
    }
    let yardstick = tempfile::tempdir().context("creating a temporary directory")?;
    write_botocore_models(yardstick.path(), &services)?;
    let reports = compare_all(&services, yardstick.path())?;

    let mut total = Report::default();
    print_header();
    for ((name, _), report) in services.iter().zip(reports) {
        print_row(name, &report);
        list(&report.disagreements, "", args.show);
        list(&report.gaps, "gap ", args.show);
        total.merge(report);
    }
    print_header();
    print_row(&format!("TOTAL ({} services)", services.len()), &total);
    println!("\ndisagreements by kind:");
    for (kind, items) in &total.disagreements {
        println!("  {kind:<22} {:>7}", items.len());
    }
    println!("gaps the docs cannot resolve, by kind (left out of the percentages):");
    for (kind, items) in &total.gaps {
        println!("  {kind:<22} {:>7}", items.len());
    }
    let meets = meets_targets(&total);
    let figure = |name: &str, t: &Tally, target: f64| {
        format!(
            "{name}: {} of {} exact, {:.3}% (target {target}%); {:.3}% of all {} with {} gaps",
            t.found,
            t.total,
            t.percent(),
            t.percent_of_all(),
            t.total + t.gaps,
            t.gaps
        )
    };
    println!();
    println!(
        "{}",
        figure("operations", &total.operations, TARGETS.operations)
    );
    println!(
        "{}",
        figure("member paths", &total.member_paths, TARGETS.member_paths)
    );
    println!("{}", figure("errors", &total.errors, TARGETS.errors));
    println!(
        "{}",
        figure("paginators", &total.paginators, TARGETS.paginators)
    );
    println!("{}", figure("bindings", &total.bindings, 100.0));
    println!("{}", figure("xml facts", &total.xml, 100.0));
    println!("{}", figure("checksums", &total.checksums, 100.0));
    println!("{}", figure("shape names", &total.shape_names, 100.0));
    for miss in total.shape_name_misses.iter().take(args.show) {
        println!("  shape name: {miss}");
    }
    println!("targets {}", if meets { "met" } else { "NOT met" });
    Ok(if args.strict && !meets {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Prints up to `show` items of each kind (all with 0).
fn list(kinds: &BTreeMap<&'static str, Vec<String>>, prefix: &str, show: usize) {
    for (kind, items) in kinds {
        let shown = if show == 0 {
            items.len()
        } else {
            show.min(items.len())
        };
        for item in &items[..shown] {
            println!("    {prefix}{kind}: {item}");
        }
        if shown < items.len() {
            println!("    {prefix}{kind}: ... {} more", items.len() - shown);
        }
    }
}

fn meets_targets(total: &Report) -> bool {
    total.operations.percent() >= TARGETS.operations
        && total.errors.percent() >= TARGETS.errors
        && total.member_paths.percent() >= TARGETS.member_paths
        && total.paginators.percent() >= TARGETS.paginators
}

/// Writes `<out>/<service>.json`, botocore's models of each service, with the pinned
/// botocore.
fn write_botocore_models(out: &Path, services: &[(String, PathBuf)]) -> Result<()> {
    let python = import_docs::pinned_python()?;
    let status = Command::new(&python)
        .arg(repo::root().join("xtask/python/botocore_models.py"))
        .arg("--out")
        .arg(out)
        .args(services.iter().map(|(name, _)| name))
        .status()
        .with_context(|| format!("running {}", python.display()))?;
    if !status.success() {
        bail!("writing botocore's models failed ({status})");
    }
    Ok(())
}

/// Loads and compares every service on all cores; reports in `services` order.
fn compare_all(services: &[(String, PathBuf)], yardstick: &Path) -> Result<Vec<Report>> {
    let jobs = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Result<Report>)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(services.len()) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some((name, dir)) = services.get(index) else {
                    return;
                };
                let report = compare_one(name, dir, yardstick);
                if let Ok(mut done) = done.lock() {
                    done.push((index, report));
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|p| p.into_inner());
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, report)| report).collect()
}

/// One service's report. A service whose docs do not load is reported with nothing
/// found, so the totals still count what it should have had.
fn compare_one(name: &str, dir: &Path, yardstick: &Path) -> Result<Report> {
    let theirs_path = yardstick.join(format!("{name}.json"));
    let bytes =
        fs::read(&theirs_path).with_context(|| format!("reading {}", theirs_path.display()))?;
    let theirs: Value = serde_json::from_slice(&bytes)
        .with_context(|| format!("parsing {}", theirs_path.display()))?;
    let (ours, unrendered, failure) = match codegen::load_service(dir) {
        Ok(loaded) => (
            codegen::export::to_botocore_json(&loaded.service),
            unrendered(&loaded),
            None,
        ),
        Err(error) => (Value::Null, Unrendered::default(), Some(error.to_string())),
    };
    let mut report = compare::compare(&ours, &theirs, &unrendered);
    if let Some(failure) = failure {
        report.note("load-failed", failure.replace('\n', " "));
    }
    Ok(report)
}

/// The operation sides and paginators whose pages have a section boto3 did not render,
/// from the parser's diagnostics.
fn unrendered(loaded: &codegen::Loaded) -> Unrendered {
    let mut out = Unrendered::default();
    for diagnostic in &loaded.diagnostics {
        let side = match diagnostic.kind {
            REQUEST_NOT_RENDERED => "input",
            RESPONSE_NOT_RENDERED => "output",
            _ => continue,
        };
        let file = diagnostic.file.to_string_lossy();
        let service = &loaded.service;
        for op in service.operations.values() {
            if op.source.file == file {
                out.sides.insert((op.name.clone(), side));
            }
        }
        for paginator in service.paginators.values() {
            if paginator.source.file == file {
                out.paginators.insert(paginator.operation.clone());
            }
        }
    }
    out
}

fn print_header() {
    println!(
        "{:<34} {:>11} {:>16} {:>9} {:>8} {:>8} {:>8} {:>13} {:>10}",
        "service",
        "ops",
        "member paths",
        "path gaps",
        "types",
        "required",
        "enums",
        "errors",
        "paginators"
    );
}

fn print_row(name: &str, r: &Report) {
    let cell = |t: &Tally| format!("{:.2}%", t.percent());
    let count = |t: &Tally| {
        if t.gaps == 0 {
            format!("{}/{}", t.found, t.total)
        } else {
            format!("{}/{}+{}", t.found, t.total, t.gaps)
        }
    };
    println!(
        "{:<34} {:>11} {:>16} {:>9} {:>8} {:>8} {:>8} {:>13} {:>10}",
        name,
        count(&r.operations),
        format!("{} {}", cell(&r.member_paths), r.member_paths.total),
        r.member_paths.gaps,
        cell(&r.types),
        cell(&r.required),
        cell(&r.enums),
        count(&r.errors),
        count(&r.paginators),
    );
}

/// `(name, dir)` of every service directory, sorted, optionally filtered.
fn service_dirs(docs: &Path, only: &[String]) -> Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(docs).with_context(|| format!("reading {}", docs.display()))? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        if path.join("service.toml").is_file() && (only.is_empty() || only.contains(&name)) {
            out.push((name, path));
        }
    }
    out.sort();
    for wanted in only {
        if !out.iter().any(|(name, _)| name == wanted) {
            bail!("no service directory {wanted} under {}", docs.display());
        }
    }
    Ok(out)
}
