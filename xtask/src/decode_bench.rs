//! `cargo xtask bench decode`: whole calls through our generated clients against the
//! official SDK's on large and tiny responses, answered from memory.
//!
//! An app (`xtask/templates/decode_bench.rs`) is written to `target/decode-bench/` and
//! built in release mode there: our `generated/dynamodb` (and `generated/lambda` once it
//! exists) on an in-memory `HttpClient`, and `aws-sdk-dynamodb` / `aws-sdk-lambda` on
//! `aws-smithy-http-client`'s `infallible_client_fn` (the official SDK's own test
//! double; its HTTPS client is left out, as it takes no part in a call answered from
//! memory); both doubles answer with a fresh copy of the body per call, as a real
//! transport reads it into a buffer of its own. Each call is a whole `send()`: request
//! serialization, endpoint, signing, the transport double, response parsing. Cases: a
//! 1 MB DynamoDB `Scan` (1,000 items with nested maps, lists, sets and binary), a tiny
//! `ListTables`, a Lambda `ListFunctions` page of 50 functions. In one process on one thread, the two SDKs
//! alternate rounds of a fixed time; this module reads the rounds back and reports
//! calls per second (median of the rounds), CPU time per call (all rounds) and the
//! ratios.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

use anyhow::{bail, Context, Result};

use crate::repo;

/// The goal on the 1 MB Scan: ours at least this many times the official calls per second.
const SCAN_GOAL: f64 = 2.0;
/// The case the goal is about, and the tiny one whose lead must be kept.
const SCAN_CASE: &str = "dynamodb-scan-1mb";
const TINY_CASE: &str = "dynamodb-list-tables-tiny";
/// The Lambda case, run when `generated/lambda` exists.
const LAMBDA_CASE: &str = "lambda-list-functions-50";

/// The app's source, written into its project before each build.
const APP: &str = include_str!("../templates/decode_bench.rs");

/// Options of the decode benchmark.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Measured rounds per case; each SDK calls once per round (after one warm-up round).
    #[arg(long, default_value_t = 7)]
    rounds: u32,
    /// How long each SDK calls in a round, in milliseconds.
    #[arg(long, default_value_t = 500)]
    round_ms: u64,
    /// Run only these cases (comma-separated or repeated; all by default).
    #[arg(
        long = "case",
        value_name = "CASE",
        value_delimiter = ',',
        value_parser = clap::builder::PossibleValuesParser::new([SCAN_CASE, TINY_CASE, LAMBDA_CASE]),
    )]
    cases: Vec<String>,
    /// Exit with failure when a goal is missed: ours at least 2x the official SDK's
    /// calls per second on the 1 MB Scan, and ahead of it on the tiny response.
    #[arg(long)]
    check: bool,
}

/// One round of one SDK on one case.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Round {
    calls: u64,
    wall_ns: u64,
    cpu_ns: u64,
}

/// Every round of one case.
#[derive(Debug, Default, PartialEq)]
struct CaseResult {
    name: String,
    body_bytes: usize,
    ours: Vec<Round>,
    official: Vec<Round>,
}

impl CaseResult {
    /// Median calls per second over the rounds of one side.
    fn rate(rounds: &[Round]) -> f64 {
        let mut rates: Vec<f64> = rounds
            .iter()
            .map(|r| r.calls as f64 / (r.wall_ns as f64 / 1e9))
            .collect();
        rates.sort_by(f64::total_cmp);
        match rates.len() {
            0 => 0.0,
            n if n % 2 == 1 => rates[n / 2],
            n => (rates[n / 2 - 1] + rates[n / 2]) / 2.0,
        }
    }

    /// CPU microseconds per call over all rounds of one side.
    fn cpu_per_call(rounds: &[Round]) -> f64 {
        let calls: u64 = rounds.iter().map(|r| r.calls).sum();
        let cpu: u64 = rounds.iter().map(|r| r.cpu_ns).sum();
        cpu as f64 / 1e3 / calls.max(1) as f64
    }

    /// Ours over the official SDK's calls per second.
    fn ratio(&self) -> f64 {
        Self::rate(&self.ours) / Self::rate(&self.official)
    }
}

/// Builds and runs the app, prints the report.
pub fn run(args: &Args) -> Result<ExitCode> {
    let root = repo::root();
    let dir = root.join("target").join("decode-bench");
    let lambda = root.join("generated/lambda/Cargo.toml").is_file();
    if !lambda {
        eprintln!("generated/lambda does not exist yet: the ListFunctions case is left out");
    }
    std::fs::create_dir_all(dir.join("src"))?;
    write_if_changed(&dir.join("Cargo.toml"), &manifest(&root, lambda))?;
    write_if_changed(&dir.join("src/main.rs"), APP)?;

    eprintln!("building {} (release)...", dir.display());
    let status = cargo_command(&dir)
        .args(["build", "--release", "--target-dir", "target"])
        .status()
        .context("running cargo build")?;
    if !status.success() {
        bail!("building the decode benchmark app failed");
    }
    let versions = official_versions(&dir)?;
    eprintln!(
        "running {} rounds of {} ms per SDK per case...",
        args.rounds, args.round_ms
    );
    let mut app = Command::new(dir.join("target/release/decode-bench"));
    app.args([args.rounds.to_string(), args.round_ms.to_string()]);
    if !args.cases.is_empty() {
        app.arg(args.cases.join(","));
    }
    let output = app
        .stderr(Stdio::inherit())
        .output()
        .context("running the decode benchmark app")?;
    if !output.status.success() {
        bail!("the decode benchmark app failed ({})", output.status);
    }
    let results = parse(&String::from_utf8_lossy(&output.stdout))?;
    print!("{}", report(&results, &versions));
    Ok(if args.check && !goals_met(&results) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The app's manifest; the Lambda case is compiled in only when our crate exists.
fn manifest(root: &Path, lambda: bool) -> String {
    let path = |dir: &str| toml_string(&root.join(dir));
    // The official SDK without its default HTTPS client: the calls are answered from
    // memory, and its TLS stack (aws-lc) would only lengthen the build.
    let official =
        "default-features = false, features = [\"rt-tokio\", \"behavior-version-latest\"]";
    let mut text = format!(
        "[package]\nname = \"decode-bench\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n\
         sdk-dynamodb = {{ path = {} }}\n\
         sdk-runtime = {{ path = {} }}\n\
         aws-sdk-dynamodb = {{ version = \"1\", {official} }}\n\
         aws-smithy-http-client = {{ version = \"1\", default-features = false, features = [\"test-util\"] }}\n\
         bytes = \"1\"\nhttp = \"1\"\nlibc = \"0.2\"\n\
         tokio = {{ version = \"1\", features = [\"rt\", \"time\"] }}\n",
        path("generated/dynamodb"),
        path("runtime"),
    );
    if lambda {
        let _ = write!(
            text,
            "sdk-lambda = {{ path = {}, optional = true }}\n\
             aws-sdk-lambda = {{ version = \"1\", {official}, optional = true }}\n\n\
             [features]\ndefault = [\"lambda\"]\nlambda = [\"dep:sdk-lambda\", \"dep:aws-sdk-lambda\"]\n",
            path("generated/lambda"),
        );
    } else {
        text.push_str("\n[features]\nlambda = []\n");
    }
    text.push_str("\n[workspace]\n");
    text
}

/// The official crates' versions the app was built with, from its `Cargo.lock`.
fn official_versions(dir: &Path) -> Result<Vec<(String, String)>> {
    let lock = std::fs::read_to_string(dir.join("Cargo.lock")).context("reading Cargo.lock")?;
    let lock: toml::Table = lock.parse().context("parsing Cargo.lock")?;
    let packages = lock.get("package").and_then(|p| p.as_array());
    Ok(packages
        .into_iter()
        .flatten()
        .filter_map(|p| {
            let name = p.get("name")?.as_str()?;
            let version = p.get("version")?.as_str()?;
            name.starts_with("aws-sdk-")
                .then(|| (name.to_owned(), version.to_owned()))
        })
        .collect())
}

/// Reads the app's records (see the app's documentation).
fn parse(output: &str) -> Result<Vec<CaseResult>> {
    let mut cases: Vec<CaseResult> = Vec::new();
    for line in output.lines().filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let number = |i: usize| -> Result<u64> {
            fields
                .get(i)
                .and_then(|f| f.parse().ok())
                .with_context(|| format!("field {i} of {line:?} is not a number"))
        };
        match fields.as_slice() {
            ["body", name, _] => cases.push(CaseResult {
                name: (*name).to_owned(),
                body_bytes: number(2)? as usize,
                ..CaseResult::default()
            }),
            ["round", name, side, _, _, _] => {
                let round = Round {
                    calls: number(3)?,
                    wall_ns: number(4)?,
                    cpu_ns: number(5)?,
                };
                let case = cases
                    .iter_mut()
                    .find(|c| c.name == *name)
                    .with_context(|| format!("a round of {name} before its body"))?;
                match *side {
                    "ours" => case.ours.push(round),
                    "official" => case.official.push(round),
                    other => bail!("unknown side {other:?}"),
                }
            }
            _ => bail!("unexpected line from the app: {line:?}"),
        }
    }
    if cases.is_empty() {
        bail!("the app reported no case");
    }
    Ok(cases)
}

/// Whether ours is at least [`SCAN_GOAL`] times the official SDK on the Scan and ahead
/// on the tiny response.
fn goals_met(results: &[CaseResult]) -> bool {
    let ratio = |name: &str| {
        results
            .iter()
            .find(|c| c.name == name)
            .map(CaseResult::ratio)
    };
    ratio(SCAN_CASE).is_some_and(|r| r >= SCAN_GOAL) && ratio(TINY_CASE).is_some_and(|r| r > 1.0)
}

fn report(results: &[CaseResult], versions: &[(String, String)]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<26} {:>9} {:>8} {:>14} {:>14} {:>7} {:>13} {:>13} {:>7}",
        "case",
        "body",
        "rounds",
        "ours calls/s",
        "official c/s",
        "ratio",
        "ours CPU/call",
        "official CPU",
        "ratio"
    );
    for case in results {
        let (ours_cpu, official_cpu) = (
            CaseResult::cpu_per_call(&case.ours),
            CaseResult::cpu_per_call(&case.official),
        );
        let _ = writeln!(
            out,
            "{:<26} {:>9} {:>8} {:>14.1} {:>14.1} {:>6.2}x {:>13} {:>13} {:>6.2}x",
            case.name,
            size(case.body_bytes),
            case.ours.len().min(case.official.len()),
            CaseResult::rate(&case.ours),
            CaseResult::rate(&case.official),
            case.ratio(),
            micros(ours_cpu),
            micros(official_cpu),
            official_cpu / ours_cpu.max(f64::MIN_POSITIVE),
        );
    }
    let versions: Vec<String> = versions.iter().map(|(n, v)| format!("{n} {v}")).collect();
    let _ = writeln!(
        out,
        "calls/s: median of the rounds; CPU/call: all rounds; ratios: ours over official \
         (CPU: official's time over ours). Against {}.",
        versions.join(", ")
    );
    let ratio = |name: &str| {
        results
            .iter()
            .find(|c| c.name == name)
            .map(CaseResult::ratio)
    };
    let verdict = |met: bool| if met { "met" } else { "MISSED" };
    if let Some(scan) = ratio(SCAN_CASE) {
        let _ = writeln!(
            out,
            "goal, 1 MB Scan at least {SCAN_GOAL}x: {} ({scan:.2}x)",
            verdict(scan >= SCAN_GOAL)
        );
    }
    if let Some(tiny) = ratio(TINY_CASE) {
        let _ = writeln!(
            out,
            "goal, ahead on the tiny response: {} ({tiny:.2}x)",
            verdict(tiny > 1.0)
        );
    }
    out
}

fn size(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.2} MB", bytes as f64 / 1e6)
    } else if bytes >= 1_000 {
        format!("{:.1} kB", bytes as f64 / 1e3)
    } else {
        format!("{bytes} B")
    }
}

fn micros(us: f64) -> String {
    if us >= 1_000.0 {
        format!("{:.2} ms", us / 1e3)
    } else {
        format!("{us:.1} µs")
    }
}

/// A path as a TOML basic string.
fn toml_string(path: &Path) -> String {
    let text = path.display().to_string();
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Writes `text` unless the file holds it already, so that cargo rebuilds only what changed.
fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

fn cargo_command(dir: &Path) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(dir);
    // The app is not part of this workspace and builds in its own target directory.
    command.env_remove("CARGO_TARGET_DIR");
    command
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

    #[test]
    fn rounds_and_their_length_can_be_chosen() {
        let parse = |line: &[&str]| {
            Cli::try_parse_from(std::iter::once("decode").chain(line.iter().copied()))
                .map(|c| c.args)
        };
        let args = parse(&[]).unwrap();
        assert_eq!((args.rounds, args.round_ms, args.check), (7, 500, false));
        let args = parse(&["--rounds", "3", "--round-ms", "200", "--check"]).unwrap();
        assert_eq!((args.rounds, args.round_ms, args.check), (3, 200, true));
        let args = parse(&["--case", "dynamodb-scan-1mb,lambda-list-functions-50"]).unwrap();
        assert_eq!(args.cases, [SCAN_CASE, LAMBDA_CASE]);
        assert!(parse(&[]).unwrap().cases.is_empty());
        assert!(parse(&["--case", "s3-get-object"]).is_err());
        assert!(parse(&["--rounds", "many"]).is_err());
    }

    #[test]
    fn the_lambda_case_is_built_only_when_our_crate_exists() {
        let root = Path::new("/repo");
        let with = manifest(root, true);
        assert!(
            with.contains("sdk-lambda = { path = \"/repo/generated/lambda\", optional = true }")
        );
        assert!(with.contains("default = [\"lambda\"]"));
        let without = manifest(root, false);
        assert!(!without.contains("sdk-lambda") && !without.contains("aws-sdk-lambda"));
        // The feature is declared either way, so the app's cfg is always known.
        assert!(without.contains("[features]\nlambda = []"));
        for text in [&with, &without] {
            assert!(text.contains("sdk-dynamodb = { path = \"/repo/generated/dynamodb\" }"));
            assert!(text.parse::<toml::Table>().is_ok(), "{text}");
        }
    }

    const OUTPUT: &str = "body\tdynamodb-scan-1mb\t1048576\n\
        round\tdynamodb-scan-1mb\tours\t100\t500000000\t400000000\n\
        round\tdynamodb-scan-1mb\tofficial\t40\t500000000\t500000000\n\
        round\tdynamodb-scan-1mb\tofficial\t50\t500000000\t500000000\n\
        round\tdynamodb-scan-1mb\tours\t110\t500000000\t400000000\n\
        round\tdynamodb-scan-1mb\tours\t90\t500000000\t400000000\n\
        round\tdynamodb-scan-1mb\tofficial\t45\t500000000\t500000000\n\
        body\tdynamodb-list-tables-tiny\t80\n\
        round\tdynamodb-list-tables-tiny\tours\t50000\t500000000\t500000000\n\
        round\tdynamodb-list-tables-tiny\tofficial\t10000\t500000000\t500000000\n";

    #[test]
    fn rounds_are_read_back_per_case_and_side() {
        let results = parse(OUTPUT).unwrap();
        assert_eq!(results.len(), 2);
        let scan = &results[0];
        assert_eq!(
            (scan.name.as_str(), scan.body_bytes),
            (SCAN_CASE, 1_048_576)
        );
        assert_eq!((scan.ours.len(), scan.official.len()), (3, 3));
        // Medians: 200 calls/s against 90.
        assert_eq!(CaseResult::rate(&scan.ours), 200.0);
        assert_eq!(CaseResult::rate(&scan.official), 90.0);
        assert!(
            parse("round\tx\tours\t1\t1\t1\n").is_err(),
            "a round before its body"
        );
        assert!(parse("body\tx\tmany\n").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn the_report_gives_rates_cpu_per_call_ratios_and_goals() {
        let results = parse(OUTPUT).unwrap();
        let versions = [("aws-sdk-dynamodb".to_owned(), "1.2.3".to_owned())];
        let text = report(&results, &versions);
        // 1.2 s of CPU over 300 calls = 4 ms; 1.5 s over 135 calls = 11.11 ms.
        let scan = text.lines().find(|l| l.starts_with(SCAN_CASE)).unwrap();
        for part in [
            "1.05 MB", "200.0", "90.0", "2.22x", "4.00 ms", "11.11 ms", "2.78x",
        ] {
            assert!(scan.contains(part), "{part} in {scan}");
        }
        let tiny = text.lines().find(|l| l.starts_with(TINY_CASE)).unwrap();
        assert!(tiny.contains("80 B") && tiny.contains("10.0 µs") && tiny.contains("5.00x"));
        assert!(text.contains("Against aws-sdk-dynamodb 1.2.3."), "{text}");
        assert!(
            text.contains("goal, 1 MB Scan at least 2x: met (2.22x)"),
            "{text}"
        );
        assert!(
            text.contains("goal, ahead on the tiny response: met (5.00x)"),
            "{text}"
        );
        assert!(goals_met(&results));

        let slow = parse(
            &OUTPUT
                .replace("\tours\t100\t", "\tours\t80\t")
                .replace("\tours\t110\t", "\tours\t85\t"),
        )
        .unwrap();
        assert!(!goals_met(&slow));
        assert!(report(&slow, &versions).contains("goal, 1 MB Scan at least 2x: MISSED"));
    }
}
