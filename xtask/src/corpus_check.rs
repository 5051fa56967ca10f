//! `cargo xtask corpus-check`: generate the crate of every service of a docs directory
//! that speaks a protocol the emitters implement, and `cargo check` them all, to show
//! that the generator handles every one.
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
use codegen::emit;
use codegen::ir::{Metadata, Protocol};
use codegen::pipeline::{self, ServiceDir, Settings};
use serde_json::Value;

use crate::repo;

/// Arguments of `cargo xtask corpus-check`.
#[derive(clap::Args)]
#[command(
    after_help = "Every service whose service.toml offers a protocol the emitters implement \
(json, rest-json, rest-xml, query, ec2; the first of these it offers is the crate's) is \
generated; those offering none (smithy-rpc-v2-cbor alone) are listed as left out. \
Checking the whole reference (about 436 crates) on two cores takes about an hour the first \
time (the runtime's dependencies are built once into the workspace's own target directory); \
re-runs check only crates whose files changed. CARGO_INCREMENTAL=0 keeps that target \
directory several GB smaller."
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
    /// Only services whose crate speaks one of these protocols (comma-separated botocore
    /// names: json, rest-json, rest-xml, query, ec2).
    #[arg(long, value_delimiter = ',', value_name = "NAMES", value_parser = parse_protocol)]
    protocols: Vec<Protocol>,
}

/// A protocol by its botocore name (`json` stands for both awsJson versions).
fn parse_protocol(name: &str) -> Result<Protocol, String> {
    Protocol::from_botocore(name, None)
        .ok_or_else(|| format!("`{name}` is none of json, rest-json, rest-xml, query, ec2"))
}

/// Generates, writes and checks; fails unless every crate compiles.
pub fn run(args: &Args) -> Result<ExitCode> {
    let out = match &args.out {
        Some(out) => out.clone(),
        None => repo::root().join("target/corpus-check"),
    };
    let crates_dir = out.join("crates");
    let selection = select(&args.docs, &args.services, &args.protocols)?;
    println!("{}", selection.summary());
    let services = selection.services;
    if services.is_empty() {
        bail!(
            "no service under {} speaks a protocol asked for and implemented",
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
        "{} of {} crate(s) compile (cargo check{} in {:.1} s); {} service(s) not generated; \
         {} left out (no protocol the emitters implement)",
        names.len() - failed,
        names.len(),
        if args.all_targets {
            " --all-targets"
        } else {
            ""
        },
        check_time.as_secs_f64(),
        failures.len(),
        selection.left_out.len()
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

/// The services to generate and those left out.
struct Selection {
    /// The services whose crates are generated, in name order.
    services: Vec<ServiceDir>,
    /// How many of them speak each protocol.
    by_protocol: BTreeMap<Protocol, usize>,
    /// Services offering no protocol the emitters implement, with the protocols they
    /// offer.
    left_out: Vec<(String, Vec<String>)>,
}

impl Selection {
    /// One line: the services by protocol, and every one left out by name.
    fn summary(&self) -> String {
        let counts: Vec<String> = self
            .by_protocol
            .iter()
            .map(|(protocol, n)| format!("{n} {}", protocol_label(*protocol)))
            .collect();
        let mut line = format!(
            "{} service(s) to generate ({})",
            self.services.len(),
            counts.join(", ")
        );
        if !self.left_out.is_empty() {
            let names: Vec<String> = self
                .left_out
                .iter()
                .map(|(name, offered)| format!("{name} ({})", offered.join(", ")))
                .collect();
            line += &format!(
                "; {} left out, offering no protocol the emitters implement: {}",
                self.left_out.len(),
                names.join(", ")
            );
        }
        line
    }
}

/// The protocol's name as its specification spells it.
fn protocol_label(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::AwsJson1_0 => "awsJson1_0",
        Protocol::AwsJson1_1 => "awsJson1_1",
        Protocol::RestJson1 => "restJson1",
        Protocol::RestXml => "restXml",
        Protocol::AwsQuery => "awsQuery",
        Protocol::Ec2Query => "ec2Query",
    }
}

/// The service directories under `docs` (all, or `only`) whose crates the emitters
/// generate, restricted to `protocols` when any are given; the services offering no
/// protocol the emitters implement are left out and named.
fn select(docs: &Path, only: &[String], protocols: &[Protocol]) -> Result<Selection> {
    let mut services = pipeline::find_services(docs)?;
    for wanted in only {
        if !services.iter().any(|s| &s.name == wanted) {
            bail!("no service {wanted} under {}", docs.display());
        }
    }
    if !only.is_empty() {
        services.retain(|s| only.contains(&s.name));
    }
    // `json` on the command line stands for both awsJson versions.
    let asked = |p: Protocol| {
        let p = match p {
            Protocol::AwsJson1_1 => Protocol::AwsJson1_0,
            other => other,
        };
        protocols.is_empty() || protocols.contains(&p)
    };
    let mut selection = Selection {
        services: Vec::new(),
        by_protocol: BTreeMap::new(),
        left_out: Vec::new(),
    };
    for service in services {
        let path = service.path.join(pipeline::SERVICE_MARKER);
        let text =
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let metadata: Metadata =
            toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
        match emit::crate_protocol(&metadata) {
            Some(protocol) if asked(protocol) => {
                *selection.by_protocol.entry(protocol).or_default() += 1;
                selection.services.push(service);
            }
            Some(_) => {}
            None => {
                let offered = if metadata.protocols.is_empty() {
                    vec![metadata.protocol]
                } else {
                    metadata.protocols
                };
                selection.left_out.push((service.name, offered));
            }
        }
    }
    Ok(selection)
}

/// The workspace manifest naming every crate, and a lock file seeded from the
/// repository's. Files are written only when their content changes.
fn write_workspace<'a>(out: &Path, services: impl Iterator<Item = &'a String>) -> Result<()> {
    let members: Vec<String> = services.map(|s| format!("    \"crates/{s}\",\n")).collect();
    let manifest = format!(
        "# Written by `cargo xtask corpus-check`: every generated crate.\n\
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
    fn every_implemented_protocol_is_taken_and_cbor_alone_left_out() -> Result<()> {
        let docs = tempfile::tempdir()?;
        for (name, protocol, protocols) in [
            ("a", "json", "\"json\""),
            ("b", "rest-json", "\"rest-json\""),
            ("c", "json", "\"json\""),
            ("e", "rest-xml", "\"rest-xml\""),
            ("f", "query", "\"query\""),
            ("g", "ec2", "\"ec2\""),
            (
                "d",
                "smithy-rpc-v2-cbor",
                "\"smithy-rpc-v2-cbor\", \"json\"",
            ),
            ("h", "smithy-rpc-v2-cbor", "\"smithy-rpc-v2-cbor\""),
            ("i", "smithy-rpc-v2-cbor", ""),
        ] {
            let dir = docs.path().join(name);
            fs::create_dir(&dir)?;
            fs::write(
                dir.join(pipeline::SERVICE_MARKER),
                format!("protocol = \"{protocol}\"\nprotocols = [{protocols}]\n"),
            )?;
        }
        let names = |selection: &Selection| -> Vec<String> {
            let mut names: Vec<String> =
                selection.services.iter().map(|s| s.name.clone()).collect();
            names.sort();
            names
        };
        let all = select(docs.path(), &[], &[])?;
        assert_eq!(names(&all), ["a", "b", "c", "d", "e", "f", "g"]);
        let mut left_out = all.left_out.clone();
        left_out.sort();
        assert_eq!(
            left_out,
            [
                ("h".to_owned(), vec!["smithy-rpc-v2-cbor".to_owned()]),
                ("i".to_owned(), vec!["smithy-rpc-v2-cbor".to_owned()]),
            ]
        );
        assert_eq!(all.by_protocol[&Protocol::AwsJson1_0], 3);
        assert!(all.summary().contains("2 left out"), "{}", all.summary());

        let json = select(docs.path(), &[], &[parse_protocol("json").unwrap()])?;
        assert_eq!(names(&json), ["a", "c", "d"]);
        let xml = [parse_protocol("rest-xml").unwrap(), Protocol::Ec2Query];
        assert_eq!(names(&select(docs.path(), &[], &xml)?), ["e", "g"]);
        assert!(parse_protocol("smithy-rpc-v2-cbor").is_err());

        let only_f = ["f".to_owned()];
        assert_eq!(names(&select(docs.path(), &only_f, &[])?), ["f"]);
        assert!(select(docs.path(), &["z".to_owned()], &[]).is_err());
        Ok(())
    }
}
