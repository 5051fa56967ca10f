//! `cargo xtask corpus-check`: generate the crate of every awsJson and restJson1 service
//! of a docs directory and `cargo check` them all, to show that the generator handles
//! every one.
//!
//! The crates go into a throwaway workspace (by default `target/corpus-check/`) with a
//! path dependency on `runtime/`, checked in one `cargo check --workspace --keep-going`
//! with a target directory of its own, so that the check neither waits for nor blocks
//! the repository's builds. The workspace starts from the repository's `Cargo.lock`, so
//! the runtime's dependencies resolve to the versions the repository uses. Files are
//! written only when their content changed and re-runs are incremental.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{BufRead, BufReader};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use codegen::ir::Metadata;
use codegen::pipeline::{self, ServiceDir, Settings};
use serde_json::Value;

use crate::repo;

/// Arguments of `cargo xtask corpus-check`.
#[derive(clap::Args)]
#[command(
    after_help = "Only services whose service.toml says `protocol = \"json\"` or \
`\"rest-json\"` are generated. \
Checking about a hundred crates on two cores takes a long while the first time (the runtime's \
dependencies are built once into the workspace's own target directory); re-runs check only \
crates whose files changed."
)]
pub struct Args {
    /// Directory of service directories (each with service.toml).
    #[arg(long, value_name = "DIR")]
    docs: PathBuf,
    /// Only these services (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    services: Vec<String>,
    /// The throwaway workspace [default: target/corpus-check/].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Check tests too (`--all-targets`): the round-trip test of every crate.
    #[arg(long)]
    all_targets: bool,
    /// Generate and write the crates but do not run cargo.
    #[arg(long)]
    no_check: bool,
    /// Also take services that offer awsJson or restJson1 beside the protocol they prefer
    /// (`protocols` lists `json` or `rest-json`), which the emitters generate too.
    #[arg(long)]
    offering_json: bool,
}

/// Generates, writes and checks; fails unless every crate compiles.
pub fn run(args: &Args) -> Result<ExitCode> {
    let out = match &args.out {
        Some(out) => out.clone(),
        None => repo::root().join("target/corpus-check"),
    };
    let crates_dir = out.join("crates");
    let services = json_services(&args.docs, &args.services, args.offering_json)?;
    if services.is_empty() {
        bail!(
            "no awsJson or restJson1 service under {}",
            args.docs.display()
        );
    }

    let runtime = repo::root().join("runtime");
    let settings = Settings {
        version: "0.1.0".to_owned(),
        runtime_path: runtime.to_string_lossy().into_owned(),
        generator_command: "cargo xtask corpus-check".to_owned(),
    };
    let jobs = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let start = Instant::now();
    let (tree, failures) = generate_each(&services, &settings, jobs);
    let generated = start.elapsed();
    for failure in &failures {
        println!("{failure}");
    }
    let start = Instant::now();
    fs::create_dir_all(&crates_dir)
        .with_context(|| format!("creating {}", crates_dir.display()))?;
    let written = pipeline::write(&tree, &crates_dir)?;
    for orphan in pipeline::orphan_crates(&tree, &crates_dir)? {
        fs::remove_dir_all(&orphan).with_context(|| format!("removing {}", orphan.display()))?;
    }
    write_workspace(&out, tree.crates.keys())?;
    let write_time = start.elapsed();
    let files: usize = tree.crates.values().map(|c| c.files.len()).sum();
    let bytes: usize = tree
        .crates
        .values()
        .flat_map(|c| c.files.values())
        .map(String::len)
        .sum();
    println!(
        "generated {} crate(s), {files} files, {:.1} MB in {:.2} s ({jobs} threads); \
         written in {:.2} s ({} changed) to {}",
        tree.crates.len(),
        bytes as f64 / 1e6,
        generated.as_secs_f64(),
        write_time.as_secs_f64(),
        written.written.len(),
        crates_dir.display()
    );
    if args.no_check {
        return Ok(if failures.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }

    let start = Instant::now();
    let checked = cargo_check(&out, args.all_targets)?;
    let check_time = start.elapsed();
    let names: BTreeMap<String, &String> = tree
        .crates
        .keys()
        .map(|service| (pipeline::crate_name(service), service))
        .collect();
    let mut failed = 0;
    for (krate, service) in &names {
        let errors = checked.errors.get(krate.as_str());
        let built = checked.built.contains(krate.as_str());
        if built && errors.is_none() {
            continue;
        }
        failed += 1;
        match errors {
            Some(errors) => {
                println!("{service}: {} error(s); first:", errors.len());
                for line in errors[0].lines().take(12) {
                    println!("    {line}");
                }
            }
            None => println!("{service}: not built (a dependency failed?)"),
        }
    }
    println!(
        "{} of {} crate(s) compile (cargo check{} in {:.1} s); {} service(s) not generated",
        names.len() - failed,
        names.len(),
        if args.all_targets {
            " --all-targets"
        } else {
            ""
        },
        check_time.as_secs_f64(),
        failures.len()
    );
    if !checked.success && failed == 0 {
        bail!("cargo check failed outside the generated crates; see its output above");
    }
    Ok(if failed == 0 && failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Generates every service on `jobs` threads, each on its own so that one failure does
/// not hide the others' crates: the crates, and the failures in service order.
fn generate_each(
    services: &[ServiceDir],
    settings: &Settings,
    jobs: usize,
) -> (pipeline::Tree, Vec<pipeline::Error>) {
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, services.len().max(1)) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(service) = services.get(index) else {
                    return;
                };
                let result = pipeline::generate(std::slice::from_ref(service), settings, 1);
                if let Ok(mut done) = done.lock() {
                    done.push((index, result));
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|p| p.into_inner());
    done.sort_by_key(|(index, _)| *index);
    let mut tree = pipeline::Tree::default();
    let mut failures = Vec::new();
    for (_, result) in done {
        match result {
            Ok(one) => tree.crates.extend(one.crates),
            Err(pipeline::Failures(errors)) => failures.extend(errors),
        }
    }
    (tree, failures)
}

/// The service directories under `docs` whose protocol is awsJson or restJson1 (or,
/// with `offering`, that list one of them among their protocols).
fn json_services(docs: &Path, only: &[String], offering: bool) -> Result<Vec<ServiceDir>> {
    let mut services = pipeline::find_services(docs)?;
    for wanted in only {
        if !services.iter().any(|s| &s.name == wanted) {
            bail!("no service {wanted} under {}", docs.display());
        }
    }
    if !only.is_empty() {
        services.retain(|s| only.contains(&s.name));
    }
    let mut selected = Vec::new();
    for service in services {
        let path = service.path.join(pipeline::SERVICE_MARKER);
        let text =
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let metadata: Metadata =
            toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
        let json = |p: &String| p == "json" || p == "rest-json";
        let offers = metadata.protocols.iter().any(json);
        if json(&metadata.protocol) || (offering && offers) {
            selected.push(service);
        }
    }
    Ok(selected)
}

/// The workspace manifest naming every crate, and a lock file seeded from the
/// repository's. Files are written only when their content changes.
fn write_workspace<'a>(out: &Path, services: impl Iterator<Item = &'a String>) -> Result<()> {
    let members: Vec<String> = services.map(|s| format!("    \"crates/{s}\",\n")).collect();
    let manifest = format!(
        "# Written by `cargo xtask corpus-check`: every generated JSON-protocol crate.\n\
         [workspace]\nresolver = \"2\"\nmembers = [\n{}]\n",
        members.concat()
    );
    let path = out.join("Cargo.toml");
    if fs::read_to_string(&path).ok().as_deref() != Some(manifest.as_str()) {
        fs::write(&path, manifest).with_context(|| format!("writing {}", path.display()))?;
    }
    let lock = out.join("Cargo.lock");
    if !lock.is_file() {
        let ours = repo::root().join("Cargo.lock");
        fs::copy(&ours, &lock).with_context(|| format!("copying {}", ours.display()))?;
    }
    Ok(())
}

/// What `cargo check` said, by package name.
struct Checked {
    /// Packages whose library was checked.
    built: BTreeSet<String>,
    /// Rendered error messages by package.
    errors: BTreeMap<String, Vec<String>>,
    /// Whether cargo exited successfully.
    success: bool,
}

/// Runs `cargo check --workspace --keep-going` in `workspace` with JSON messages.
fn cargo_check(workspace: &Path, all_targets: bool) -> Result<Checked> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(&cargo);
    command
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--message-format=json",
        ])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target"))
        .stdout(Stdio::piped());
    if all_targets {
        command.arg("--all-targets");
    }
    let mut child = command
        .spawn()
        .with_context(|| format!("running {}", cargo.to_string_lossy()))?;
    let stdout = child.stdout.take().context("cargo's output")?;
    let mut checked = Checked {
        built: BTreeSet::new(),
        errors: BTreeMap::new(),
        success: false,
    };
    for line in BufReader::new(stdout).lines() {
        let line = line.context("reading cargo's output")?;
        let Ok(message) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        let package = package_name(&message["package_id"]);
        match message["reason"].as_str() {
            Some("compiler-artifact") => {
                let is_lib = message["target"]["kind"]
                    .as_array()
                    .is_some_and(|kinds| kinds.iter().any(|k| k == "lib"));
                if is_lib {
                    checked.built.insert(package);
                }
            }
            Some("compiler-message") if message["message"]["level"] == "error" => {
                let rendered = message["message"]["rendered"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                checked.errors.entry(package).or_default().push(rendered);
            }
            _ => {}
        }
    }
    checked.success = child.wait().context("waiting for cargo")?.success();
    Ok(checked)
}

/// The package name of a cargo package id: `path+file:///x/crates/s3#sdk-s3@0.1.0` or
/// the older `sdk-s3 0.1.0 (path+file:///x)`.
fn package_name(id: &Value) -> String {
    let id = id.as_str().unwrap_or_default();
    if let Some((_, fragment)) = id.rsplit_once('#') {
        let name = fragment.split('@').next().unwrap_or_default();
        // `...#0.1.0` when the name is the directory's last component.
        if name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            let path = id.split('#').next().unwrap_or_default();
            return path.rsplit('/').next().unwrap_or_default().to_owned();
        }
        return name.to_owned();
    }
    id.split(' ').next().unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn package_names_from_every_id_format() {
        assert_eq!(
            package_name(&json!("path+file:///w/crates/s3#sdk-s3@0.1.0")),
            "sdk-s3"
        );
        assert_eq!(
            package_name(&json!("path+file:///w/crates/sdk-kms#0.1.0")),
            "sdk-kms"
        );
        assert_eq!(
            package_name(&json!("sdk-sqs 0.1.0 (path+file:///w/crates/sqs)")),
            "sdk-sqs"
        );
    }

    #[test]
    fn only_json_protocol_services_are_taken() -> Result<()> {
        let docs = tempfile::tempdir()?;
        for (name, protocol, protocols) in [
            ("a", "json", "\"json\""),
            ("b", "rest-json", "\"rest-json\""),
            ("c", "json", "\"json\""),
            ("e", "rest-xml", "\"rest-xml\""),
            (
                "d",
                "smithy-rpc-v2-cbor",
                "\"smithy-rpc-v2-cbor\", \"json\"",
            ),
        ] {
            let dir = docs.path().join(name);
            fs::create_dir(&dir)?;
            fs::write(
                dir.join(pipeline::SERVICE_MARKER),
                format!("protocol = \"{protocol}\"\nprotocols = [{protocols}]\n"),
            )?;
        }
        let names = |services: Vec<ServiceDir>| -> Vec<String> {
            services.into_iter().map(|s| s.name).collect()
        };
        let only_c = ["c".to_owned()];
        let mut taken = names(json_services(docs.path(), &[], false)?);
        taken.sort();
        assert_eq!(taken, ["a", "b", "c"]);
        let mut offering = names(json_services(docs.path(), &[], true)?);
        offering.sort();
        assert_eq!(offering, ["a", "b", "c", "d"]);
        assert_eq!(names(json_services(docs.path(), &only_c, false)?), ["c"]);
        assert!(json_services(docs.path(), &["z".to_owned()], false).is_err());
        Ok(())
    }
}
