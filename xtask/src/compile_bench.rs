//! `cargo xtask bench compile`: how long a small app takes to build from clean, and how
//! many crates it pulls, on the official AWS SDK and on ours, side by side.
//!
//! Two throwaway apps are written to a temporary directory, each calling one Device
//! Farm operation: one on `aws-sdk-devicefarm` + `aws-config` + tokio, one on our
//! `generated/devicefarm` + tokio (see `our_app` for the stages before its client
//! exists). Dependencies are fetched first so that
//! downloads are not timed; then each app gets a clean debug `cargo build` in its own
//! target directory, one after the other. Crates are the distinct packages `cargo tree`
//! lists for the host platform ("crates", what is built) and the packages `Cargo.lock`
//! pins for all platforms ("locked"), the app itself excluded in both.

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
#[derive(clap::Args)]
pub struct Args {
    /// Build only our app (no comparison, no ratio).
    #[arg(long)]
    ours_only: bool,
    /// Keep the temporary apps and their target directories.
    #[arg(long)]
    keep: bool,
    /// Exit with failure when the budget (time ratio, crate count) is exceeded.
    #[arg(long)]
    check: bool,
}

/// One measured app.
struct Measure {
    name: &'static str,
    build: Duration,
    /// CPU time (user + system) of the build's processes, where the OS tells it.
    cpu: Option<Duration>,
    crates: usize,
    /// Packages in `Cargo.lock`, all platforms, the app excluded.
    locked: usize,
}

/// Runs the benchmark and prints the figures.
pub fn run(args: &Args) -> Result<ExitCode> {
    let dir = std::env::temp_dir().join(format!("compile-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let result = measure_all(args, &dir);
    if args.keep {
        eprintln!("apps kept in {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let measures = result?;
    print!("{}", report(&measures));
    let ours = measures.last().context("nothing was measured")?;
    let mut within = ours.crates <= MAX_CRATES;
    if let [official, ours] = measures.as_slice() {
        within &= ours.build.as_secs_f64() <= official.build.as_secs_f64() * MAX_TIME_RATIO;
    }
    Ok(if args.check && !within {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn measure_all(args: &Args, dir: &Path) -> Result<Vec<Measure>> {
    let mut apps = Vec::new();
    if !args.ours_only {
        apps.push(official_app(&dir.join("official"))?);
    }
    apps.push(our_app(&dir.join("ours"))?);
    // Fetch everything before timing anything.
    for (_, path) in &apps {
        cargo(path, &["fetch"]).context("fetching dependencies")?;
    }
    let mut measures = Vec::new();
    for (name, path) in apps {
        eprintln!("building {name} from clean...");
        let crates = crate_count(&path)?;
        let locked = locked_count(&path)?;
        let cpu_before = children_cpu_time();
        let build = clean_build(&path)?;
        let cpu = children_cpu_time()
            .zip(cpu_before)
            .map(|(after, before)| after.saturating_sub(before));
        measures.push(Measure {
            name,
            build,
            cpu,
            crates,
            locked,
        });
    }
    Ok(measures)
}

fn report(measures: &[Measure]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<52} {:>12} {:>10} {:>7} {:>7}",
        "app", "clean build", "CPU time", "crates", "locked"
    );
    for m in measures {
        let cpu = m
            .cpu
            .map_or("-".to_owned(), |cpu| format!("{:.1} s", cpu.as_secs_f64()));
        let _ = writeln!(
            out,
            "{:<52} {:>10.1} s {:>10} {:>7} {:>7}",
            m.name,
            m.build.as_secs_f64(),
            cpu,
            m.crates,
            m.locked
        );
    }
    if let [official, ours] = measures {
        let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
        let cpu_ratio = ours
            .cpu
            .zip(official.cpu)
            .map_or("-".to_owned(), |(o, a)| format!("{:.2}", ratio(o, a)));
        let _ = writeln!(
            out,
            "ours / official: build time {:.2} (budget {MAX_TIME_RATIO}), CPU time {cpu_ratio}, \
             crates {} vs {} (budget {MAX_CRATES})",
            ratio(ours.build, official.build),
            ours.crates,
            official.crates,
        );
    }
    out
}

/// The official SDK app.
fn official_app(dir: &Path) -> Result<(&'static str, PathBuf)> {
    let manifest = r#"[package]
name = "bench-official"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
aws-config = "1"
aws-sdk-devicefarm = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[workspace]
"#;
    let main = r#"#[tokio::main]
async fn main() {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = aws_sdk_devicefarm::Client::new(&config);
    match client.get_remote_access_session().arn("arn:aws:devicefarm:us-west-2:123456789012:session:x").send().await {
        Ok(out) => println!("{out:?}"),
        Err(err) => eprintln!("{err}"),
    }
}
"#;
    write_app(dir, manifest, main)?;
    Ok(("aws-sdk-devicefarm + aws-config + tokio", dir.to_path_buf()))
}

/// Our app: on the generated crate's client when it has one; on the generated
/// operation types through the runtime's handle while it has none; on the runtime
/// alone with a hand-written service description until the crate exists.
fn our_app(dir: &Path) -> Result<(&'static str, PathBuf)> {
    let root = repo::root();
    let generated = root.join("generated").join("devicefarm");
    let runtime = root.join("runtime");
    let (name, dependencies, main) = if generated.join("Cargo.toml").is_file() {
        let dependencies = format!(
            "sdk-devicefarm = {{ path = {} }}\nsdk-runtime = {{ path = {} }}\n",
            toml_string(&generated),
            toml_string(&runtime)
        );
        if has_client(&generated) {
            ("sdk-devicefarm + tokio", dependencies, MAIN_ON_CLIENT)
        } else {
            (
                "sdk-devicefarm types + sdk-runtime handle + tokio",
                dependencies,
                MAIN_ON_OPERATION,
            )
        }
    } else {
        let dependencies = format!(
            "sdk-runtime = {{ path = {} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\
             serde_json = \"1\"\n",
            toml_string(&runtime)
        );
        ("sdk-runtime alone + tokio", dependencies, MAIN_ON_RUNTIME)
    };
    let manifest = format!(
        "[package]\nname = \"bench-ours\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{dependencies}\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n[workspace]\n"
    );
    write_app(dir, &manifest, main)?;
    Ok((name, dir.to_path_buf()))
}

/// Whether the generated crate has grown its `Client` yet.
fn has_client(crate_dir: &Path) -> bool {
    let src = crate_dir.join("src");
    ["lib.rs", "client.rs"].iter().any(|file| {
        std::fs::read_to_string(src.join(file)).is_ok_and(|text| text.contains("pub struct Client"))
    })
}

const MAIN_ON_CLIENT: &str = r#"#[tokio::main]
async fn main() {
    let client = match sdk_devicefarm::Client::from_env().await {
        Ok(client) => client,
        Err(err) => return eprintln!("{err}"),
    };
    match client.get_remote_access_session("arn:aws:devicefarm:us-west-2:123456789012:session:x").send().await {
        Ok(out) => println!("{out:?}"),
        Err(err) => eprintln!("{err}"),
    }
}
"#;

const MAIN_ON_OPERATION: &str = r#"use sdk_devicefarm::operation::get_remote_access_session::{
    GetRemoteAccessSession, GetRemoteAccessSessionInput,
};

#[tokio::main]
async fn main() {
    let config = match sdk_runtime::Config::from_env().await {
        Ok(config) => config,
        Err(err) => return eprintln!("{err}"),
    };
    let handle = sdk_runtime::Handle::new(&config, &sdk_devicefarm::SERVICE);
    let input = GetRemoteAccessSessionInput::new("arn:aws:devicefarm:us-west-2:123456789012:session:x");
    match handle.send::<GetRemoteAccessSession>(&input).await {
        Ok(out) => println!("{out:?}"),
        Err(err) => eprintln!("{err}"),
    }
}
"#;

const MAIN_ON_RUNTIME: &str = r#"use sdk_runtime::protocol::ServiceSpec;

static DEVICE_FARM: ServiceSpec = ServiceSpec {
    service_id: "Device Farm",
    signing_name: "devicefarm",
    endpoint_prefix: "devicefarm",
    target_prefix: "DeviceFarm_20150623",
    json_version: "1.1",
    api_version: "2015-06-23",
    protocol: sdk_runtime::schema::Protocol::AwsJson1_1,
    query_compatible: false,
};

#[derive(serde::Serialize)]
struct Input {
    arn: String,
}

#[tokio::main]
async fn main() {
    let config = match sdk_runtime::Config::from_env().await {
        Ok(config) => config,
        Err(err) => return eprintln!("{err}"),
    };
    let handle = sdk_runtime::Handle::new(&config, &DEVICE_FARM);
    let input = Input { arn: "arn:aws:devicefarm:us-west-2:123456789012:session:x".into() };
    match handle.call::<_, serde_json::Value>("GetRemoteAccessSession", &input).await {
        Ok(out) => println!("{out}"),
        Err(err) => eprintln!("{err}"),
    }
}
"#;

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
        .args(["build", "--offline", "--target-dir"])
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
