//! `cargo xtask bench compile`: how long a small app takes to build from clean, and how
//! many crates it pulls, on the official AWS SDK and on ours, side by side, per service.
//!
//! For each service asked for (`--service`, Device Farm and Lambda by default) two
//! throwaway apps are written to a temporary directory, each making a client from the
//! environment and calling one operation: one on `aws-sdk-<service>` + `aws-config` +
//! tokio, one on our `generated/<service>` + tokio. Dependencies are fetched first so
//! that downloads are not timed; then each app gets a clean debug `cargo build
//! --timings` in its own target directory, one after the other. Reported per app:
//! - wall time of the build, and its CPU time (user + system of every process the build
//!   ran: cargo waits for its rustc and build scripts, so the children's times of this
//!   process cover them all);
//! - the time only one unit (a rustc or a build script) runs, so that every other core
//!   idles, from the units' start and end in cargo's timings report (`timings`), and
//!   the unit that runs alone longest;
//! - crates: the distinct packages `cargo tree` lists for the host platform ("crates",
//!   what is built) and the packages `Cargo.lock` pins for all platforms ("locked"), the
//!   app itself excluded in both.

mod timings;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::repo;

/// The budget: our build at most this fraction of the official one's time...
const MAX_TIME_RATIO: f64 = 0.25;
/// ...and at most this many crates.
const MAX_CRATES: usize = 80;

/// Options of the compile benchmark.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Services to build an app for, each against the official SDK's crate for it
    /// (comma-separated or repeated; known: devicefarm, lambda, dynamodb, s3, ec2).
    #[arg(
        long = "service",
        value_name = "SERVICE",
        value_delimiter = ',',
        default_values_t = ["devicefarm".to_owned(), "lambda".to_owned()],
        value_parser = clap::builder::PossibleValuesParser::new(SERVICES.iter().map(|s| s.name)),
    )]
    services: Vec<String>,
    /// Build only our apps (no comparison, no ratio).
    #[arg(long)]
    ours_only: bool,
    /// Keep the temporary apps and their target directories (timings reports included).
    #[arg(long)]
    keep: bool,
    /// Exit with failure when the budget (time ratio, crate count) is exceeded.
    #[arg(long)]
    check: bool,
}

/// A service the benchmark knows how to call: one cheap operation, on each SDK.
struct ServiceApp {
    /// Directory under `generated/`, and the official crate's suffix.
    name: &'static str,
    /// The call on our client, receiver `client`.
    ours_call: &'static str,
    /// The same call on the official client.
    official_call: &'static str,
}

const SERVICES: &[ServiceApp] = &[
    ServiceApp {
        name: "devicefarm",
        ours_call: r#"client.get_remote_access_session("arn:aws:devicefarm:us-west-2:123456789012:session:x")"#,
        official_call: r#"client.get_remote_access_session().arn("arn:aws:devicefarm:us-west-2:123456789012:session:x")"#,
    },
    ServiceApp {
        name: "lambda",
        ours_call: r#"client.get_function("my-function")"#,
        official_call: r#"client.get_function().function_name("my-function")"#,
    },
    ServiceApp {
        name: "dynamodb",
        ours_call: r#"client.describe_table("my-table")"#,
        official_call: r#"client.describe_table().table_name("my-table")"#,
    },
    ServiceApp {
        name: "s3",
        ours_call: r#"client.list_objects_v2("my-bucket")"#,
        official_call: r#"client.list_objects_v2().bucket("my-bucket")"#,
    },
    ServiceApp {
        name: "ec2",
        ours_call: r#"client.describe_instances()"#,
        official_call: r#"client.describe_instances()"#,
    },
];

/// Which SDK an app is on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Side {
    Official,
    Ours,
}

/// One measured app.
#[derive(Debug)]
struct Measure {
    service: &'static str,
    side: Side,
    name: String,
    build: Duration,
    /// CPU time (user + system) of the build's processes, where the OS tells it.
    cpu: Option<Duration>,
    /// Time with one unit running alone, from the timings report (if it could be read).
    solo: Option<timings::Solo>,
    crates: usize,
    /// Packages in `Cargo.lock`, all platforms, the app excluded.
    locked: usize,
}

/// Runs the benchmark and prints the figures.
pub fn run(args: &Args) -> Result<ExitCode> {
    let services = chosen(args)?;
    let dir = std::env::temp_dir().join(format!("compile-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let result = measure_all(args, &services, &dir);
    if args.keep {
        eprintln!("apps kept in {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let measures = result?;
    print!("{}", report(&measures));
    Ok(if args.check && !within_budget(&measures) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The services asked for, each with a generated crate to build on.
fn chosen(args: &Args) -> Result<Vec<&'static ServiceApp>> {
    let mut out: Vec<&'static ServiceApp> = Vec::new();
    for name in &args.services {
        let app = SERVICES
            .iter()
            .find(|s| s.name == name)
            .with_context(|| format!("unknown service {name}"))?;
        let crate_dir = repo::root().join("generated").join(app.name);
        if !crate_dir.join("Cargo.toml").is_file() {
            bail!(
                "generated/{} does not exist: run cargo xtask codegen, or choose others with \
                 --service",
                app.name
            );
        }
        if !out.iter().any(|s| s.name == app.name) {
            out.push(app);
        }
    }
    Ok(out)
}

fn measure_all(args: &Args, services: &[&'static ServiceApp], dir: &Path) -> Result<Vec<Measure>> {
    let mut apps = Vec::new();
    for service in services {
        if !args.ours_only {
            apps.push(official_app(
                service,
                &dir.join(format!("official-{}", service.name)),
            )?);
        }
        apps.push(our_app(
            service,
            &dir.join(format!("ours-{}", service.name)),
        )?);
    }
    // Fetch everything before timing anything.
    for app in &apps {
        cargo(&app.dir, &["fetch"]).context("fetching dependencies")?;
    }
    let mut measures = Vec::new();
    for app in apps {
        eprintln!("building {} from clean...", app.name);
        let crates = crate_count(&app.dir)?;
        let locked = locked_count(&app.dir)?;
        let cpu_before = children_cpu_time();
        let build = clean_build(&app.dir)?;
        let cpu = children_cpu_time()
            .zip(cpu_before)
            .map(|(after, before)| after.saturating_sub(before));
        let report = app.dir.join("target/cargo-timings/cargo-timing.html");
        let solo = std::fs::read_to_string(&report)
            .context("reading the timings report")
            .and_then(|html| timings::from_html(&html))
            .map_err(|error| eprintln!("no idle-core figure for {}: {error:#}", app.name))
            .ok();
        measures.push(Measure {
            service: app.service,
            side: app.side,
            name: app.name,
            build,
            cpu,
            solo,
            crates,
            locked,
        });
    }
    Ok(measures)
}

/// Whether every service's app on our SDK is within the budget.
fn within_budget(measures: &[Measure]) -> bool {
    measures
        .iter()
        .filter(|m| m.side == Side::Ours)
        .all(|ours| {
            let official = measures
                .iter()
                .find(|m| m.side == Side::Official && m.service == ours.service);
            ours.crates <= MAX_CRATES
                && official.is_none_or(|official| {
                    ours.build.as_secs_f64() <= official.build.as_secs_f64() * MAX_TIME_RATIO
                })
        })
}

fn report(measures: &[Measure]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<44} {:>11} {:>10} {:>18} {:>7} {:>7}",
        "app", "clean build", "CPU time", "one unit alone", "crates", "locked"
    );
    for m in measures {
        let cpu = m
            .cpu
            .map_or("-".to_owned(), |cpu| format!("{:.1} s", cpu.as_secs_f64()));
        let alone = m.solo.as_ref().map_or("-".to_owned(), |solo| {
            format!(
                "{:.1} s ({:.0}%)",
                solo.alone,
                100.0 * solo.alone / solo.span.max(f64::EPSILON)
            )
        });
        let _ = writeln!(
            out,
            "{:<44} {:>9.1} s {:>10} {:>18} {:>7} {:>7}",
            m.name,
            m.build.as_secs_f64(),
            cpu,
            alone,
            m.crates,
            m.locked
        );
    }
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    for ours in measures.iter().filter(|m| m.side == Side::Ours) {
        let _ = write!(out, "{}:", ours.service);
        let official = measures
            .iter()
            .find(|m| m.side == Side::Official && m.service == ours.service);
        if let Some(official) = official {
            let cpu_ratio = ours
                .cpu
                .zip(official.cpu)
                .map_or("-".to_owned(), |(o, a)| format!("{:.2}", ratio(o, a)));
            let _ = write!(
                out,
                " ours / official: build time {:.2} (budget {MAX_TIME_RATIO}), CPU time {cpu_ratio},",
                ratio(ours.build, official.build),
            );
        }
        let _ = write!(out, " crates {}", ours.crates);
        if let Some(official) = official {
            let _ = write!(out, " vs {}", official.crates);
        }
        let _ = write!(out, " (budget {MAX_CRATES})");
        if let Some((unit, secs)) = ours.solo.as_ref().and_then(|s| s.longest.as_ref()) {
            let _ = write!(out, "; longest alone: {unit}, {secs:.1} s");
        }
        let _ = writeln!(out);
    }
    let verdict = if within_budget(measures) {
        "within budget"
    } else {
        "OVER BUDGET"
    };
    let _ = writeln!(out, "{verdict}");
    out
}

/// An app written to disk, ready to build.
struct App {
    service: &'static str,
    side: Side,
    name: String,
    dir: PathBuf,
}

/// The official SDK app for `service`.
fn official_app(service: &'static ServiceApp, dir: &Path) -> Result<App> {
    let manifest = format!(
        "[package]\nname = \"bench-official\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\naws-config = \"1\"\naws-sdk-{} = \"1\"\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n[workspace]\n",
        service.name
    );
    let main = format!(
        "#[tokio::main]\nasync fn main() {{\n    \
         let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;\n    \
         let client = aws_sdk_{}::Client::new(&config);\n    \
         match {}.send().await {{\n        \
         Ok(out) => println!(\"{{out:?}}\"),\n        \
         Err(err) => eprintln!(\"{{err}}\"),\n    }}\n}}\n",
        service.name, service.official_call
    );
    write_app(dir, &manifest, &main)?;
    Ok(App {
        service: service.name,
        side: Side::Official,
        name: format!("aws-sdk-{} + aws-config + tokio", service.name),
        dir: dir.to_path_buf(),
    })
}

/// Our app for `service`, on the generated crate's client.
fn our_app(service: &'static ServiceApp, dir: &Path) -> Result<App> {
    let generated = repo::root().join("generated").join(service.name);
    let manifest = format!(
        "[package]\nname = \"bench-ours\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nsdk-{} = {{ path = {} }}\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n[workspace]\n",
        service.name,
        toml_string(&generated)
    );
    let main = format!(
        "#[tokio::main]\nasync fn main() {{\n    \
         let client = match sdk_{}::Client::from_env().await {{\n        \
         Ok(client) => client,\n        \
         Err(err) => return eprintln!(\"{{err}}\"),\n    }};\n    \
         match {}.send().await {{\n        \
         Ok(out) => println!(\"{{out:?}}\"),\n        \
         Err(err) => eprintln!(\"{{err}}\"),\n    }}\n}}\n",
        service.name, service.ours_call
    );
    write_app(dir, &manifest, &main)?;
    Ok(App {
        service: service.name,
        side: Side::Ours,
        name: format!("sdk-{} + tokio", service.name),
        dir: dir.to_path_buf(),
    })
}

/// A path as a TOML basic string.
fn toml_string(path: &Path) -> String {
    let text = path.display().to_string();
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn write_app(dir: &Path, manifest: &str, main: &str) -> Result<()> {
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    std::fs::write(dir.join("src").join("main.rs"), main)?;
    Ok(())
}

/// Time of a debug build in a fresh target directory.
fn clean_build(dir: &Path) -> Result<Duration> {
    let target = dir.join("target");
    if target.exists() {
        std::fs::remove_dir_all(&target)?;
    }
    let started = Instant::now();
    let output = cargo_command(dir)
        .args(["build", "--offline", "--timings", "--target-dir"])
        .arg(&target)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .context("running cargo build")?;
    let elapsed = started.elapsed();
    if !output.status.success() {
        bail!(
            "building {} failed:\n{}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(elapsed)
}

/// Packages in the resolved dependency graph for the host (normal and build
/// dependencies, as `cargo tree` lists them), the app itself excluded.
fn crate_count(dir: &Path) -> Result<usize> {
    let output = cargo_command(dir)
        .args([
            "tree",
            "--offline",
            "--prefix",
            "none",
            "--edges",
            "normal,build",
        ])
        .stderr(Stdio::inherit())
        .output()
        .context("running cargo tree")?;
    if !output.status.success() {
        bail!("cargo tree failed in {}", dir.display());
    }
    let packages: std::collections::BTreeSet<(String, String)> =
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| {
                let mut words = line.split_whitespace();
                Some((words.next()?.to_owned(), words.next()?.to_owned()))
            })
            .collect();
    Ok(packages.len().saturating_sub(1))
}

/// Packages `Cargo.lock` pins for every platform, the app excluded.
fn locked_count(dir: &Path) -> Result<usize> {
    let lock = std::fs::read_to_string(dir.join("Cargo.lock")).context("reading Cargo.lock")?;
    let packages = lock.lines().filter(|line| *line == "[[package]]").count();
    Ok(packages.saturating_sub(1))
}

/// User + system time of this process's finished children, from `/proc/self/stat`
/// (Linux; its clock ticks are `USER_HZ`, 100 per second).
fn children_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; cutime and cstime are the 14th and
    // 15th of them (16th and 17th of the line).
    let after_name = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: u64 = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn cargo_command(dir: &Path) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(dir);
    // The apps are not part of this workspace and must not share its target directory.
    command.env_remove("CARGO_TARGET_DIR");
    command
}

fn cargo(dir: &Path, args: &[&str]) -> Result<()> {
    let status = cargo_command(dir)
        .args(args)
        .status()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("cargo {} failed in {}", args.join(" "), dir.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    fn parse(line: &[&str]) -> Result<Args, clap::Error> {
        Cli::try_parse_from(std::iter::once("compile").chain(line.iter().copied())).map(|c| c.args)
    }

    #[test]
    fn device_farm_and_lambda_by_default_or_the_services_named() {
        assert_eq!(parse(&[]).unwrap().services, ["devicefarm", "lambda"]);
        let args = parse(&["--service", "lambda,dynamodb", "--service", "devicefarm"]).unwrap();
        assert_eq!(args.services, ["lambda", "dynamodb", "devicefarm"]);
        assert!(!args.ours_only && !args.check);
        let error = parse(&["--service", "glacier"]).unwrap_err().to_string();
        assert!(
            error.contains("glacier") && error.contains("devicefarm"),
            "{error}"
        );
    }

    fn measure(service: &'static str, side: Side, build: f64, cpu: f64, crates: usize) -> Measure {
        Measure {
            service,
            side,
            name: format!("{service} {side:?}"),
            build: Duration::from_secs_f64(build),
            cpu: Some(Duration::from_secs_f64(cpu)),
            solo: Some(timings::Solo {
                span: build,
                alone: build / 4.0,
                longest: Some((format!("sdk-{service}"), build / 8.0)),
            }),
            crates,
            locked: crates + 10,
        }
    }

    #[test]
    fn the_report_gives_each_service_its_ratios_and_the_budget_verdict() {
        let measures = [
            measure("devicefarm", Side::Official, 200.0, 400.0, 170),
            measure("devicefarm", Side::Ours, 40.0, 80.0, 50),
            measure("lambda", Side::Official, 100.0, 180.0, 170),
            measure("lambda", Side::Ours, 20.0, 45.0, 52),
        ];
        let text = report(&measures);
        assert!(text.contains("devicefarm: ours / official: build time 0.20 (budget 0.25), CPU time 0.20, crates 50 vs 170 (budget 80); longest alone: sdk-devicefarm, 5.0 s"), "{text}");
        assert!(text.contains("lambda: ours / official: build time 0.20 (budget 0.25), CPU time 0.25, crates 52 vs 170"), "{text}");
        // The idle-core column: a quarter of each build.
        assert!(text.contains("10.0 s (25%)"), "{text}");
        assert!(text.ends_with("within budget\n"), "{text}");

        // Over on time for one service, then over on crates.
        let slow = [
            measure("devicefarm", Side::Official, 200.0, 400.0, 170),
            measure("devicefarm", Side::Ours, 60.0, 80.0, 50),
        ];
        assert!(report(&slow).ends_with("OVER BUDGET\n"));
        let big = [measure("lambda", Side::Ours, 20.0, 45.0, 81)];
        assert!(!within_budget(&big));
        assert!(report(&big).contains("lambda: crates 81 (budget 80)"));
    }
}
