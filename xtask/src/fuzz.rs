//! `cargo xtask fuzz`: the mutation test of the parsers (`codegen::fuzz`), for as long
//! as asked, on stable Rust.
//!
//! The cases run in release builds of this program (`fuzz-worker`), a batch per child
//! process: a panic is caught in the child and reported, while a stack overflow or
//! another abort ends the child, and a case that runs too long has it killed. The child
//! announces each case before running it, so the parent knows which case did it, makes
//! the same case again from the seed and the case number, and saves it under
//! `target/fuzz/`. The run goes on with the next case.

use std::io::{BufRead, BufReader, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{bail, Context, Result};
use codegen::fuzz::{self, Limits, Parser, Seed};

use crate::repo;

/// The parser to fuzz, as typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Which {
    /// boto3's reStructuredText pages.
    Rst,
    /// AWS API Reference pages in Markdown.
    Markdown,
}

impl From<Which> for Parser {
    fn from(which: Which) -> Self {
        match which {
            Which::Rst => Parser::Rst,
            Which::Markdown => Parser::Markdown,
        }
    }
}

/// Arguments of `cargo xtask fuzz`.
#[derive(clap::Args)]
pub struct Args {
    /// Only this parser [default: both, one after the other].
    #[arg(long, value_enum)]
    parser: Option<Which>,
    /// How long to run each parser, in minutes.
    #[arg(long, default_value_t = 1.0)]
    minutes: f64,
    /// The run's seed [default: from the clock]; a run with the same seed makes the
    /// same cases.
    #[arg(long)]
    seed: Option<u64>,
    /// Cases per child process.
    #[arg(long, default_value_t = 5000)]
    batch: u64,
    /// Seconds one case may take before it counts as a hang.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Parse this saved case again (with the name in the `.txt` beside it) and say what
    /// happens and how long it takes, instead of fuzzing.
    #[arg(long, value_name = "FILE")]
    replay: Option<PathBuf>,
}

/// Arguments of the hidden `fuzz-worker`, which runs one batch.
#[derive(clap::Args)]
pub struct WorkerArgs {
    #[arg(long, value_enum)]
    parser: Which,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    #[arg(long, default_value_t = 0)]
    from: u64,
    #[arg(long, default_value_t = 0)]
    count: u64,
    /// Where the seed pages are: a copy the parent made, so that pages changed in the
    /// repository while the run goes on do not change the cases.
    #[arg(long)]
    seeds: Option<PathBuf>,
    /// Instead of a batch, this page, named `name`.
    #[arg(long, requires = "name")]
    replay: Option<PathBuf>,
    #[arg(long)]
    name: Option<String>,
}

/// What went wrong with one case.
struct Finding {
    case: u64,
    what: String,
    saved: PathBuf,
}

/// Runs the fuzzer.
pub fn run(args: &Args) -> Result<ExitCode> {
    let seed = args.seed.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs())
    });
    let parsers: Vec<Parser> = match args.parser {
        Some(which) => vec![which.into()],
        None => vec![Parser::Rst, Parser::Markdown],
    };
    let built = build_worker()?;
    if let Some(file) = &args.replay {
        return replay(&built, file);
    }
    // Copies of its own of the worker and the seeds, so that builds and edits while the
    // run goes on change neither: a failing case is made again from the same seeds.
    let own = fuzz_dir()?.join(format!("run-{}", std::process::id()));
    let worker = own.join("worker");
    let seeds = fuzz::seeds(&repo::root()).context("reading the seed pages")?;
    let copied = copy_seeds(&seeds, &own.join("seeds")).and_then(|()| {
        std::fs::copy(&built, &worker).with_context(|| format!("copying {}", built.display()))
    });
    let result = copied.and_then(|_| run_with(&worker, &own.join("seeds"), seed, &parsers, args));
    std::fs::remove_dir_all(&own).ok();
    result
}

/// Writes every seed at its path under `dir`.
fn copy_seeds(seeds: &[Seed], dir: &Path) -> Result<()> {
    for seed in seeds {
        let path = dir.join(&seed.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, &seed.bytes)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// Runs a saved case again in the release worker, as its `.txt` describes it.
fn replay(worker: &Path, file: &Path) -> Result<ExitCode> {
    let note = file.with_extension("txt");
    let about = std::fs::read_to_string(&note)
        .with_context(|| format!("reading {}, which names the page", note.display()))?;
    let name = about
        .lines()
        .find_map(|line| line.strip_prefix("parsed as "))
        .with_context(|| format!("{} does not say how the page was parsed", note.display()))?;
    let parser = if file.extension().is_some_and(|e| e == "md") {
        "markdown"
    } else {
        "rst"
    };
    let started = Instant::now();
    let status = Command::new(worker)
        .args([
            "fuzz-worker",
            "--parser",
            parser,
            "--name",
            name,
            "--replay",
        ])
        .arg(file)
        .current_dir(repo::root())
        .status()
        .context("starting the fuzz worker")?;
    println!(
        "{} as {name}: {status} after {:.2} s",
        file.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Fuzzes each of `parsers` in turn with `worker`; prints what each run found.
fn run_with(
    worker: &Path,
    seed_dir: &Path,
    seed: u64,
    parsers: &[Parser],
    args: &Args,
) -> Result<ExitCode> {
    let seeds = fuzz::seeds(seed_dir).context("reading the seed pages")?;
    let mut clean = true;
    for &parser in parsers {
        let pool = pool(&seeds, parser);
        eprintln!(
            "fuzzing the {} parser over {} pages for {} minute(s), seed {seed}",
            parser.name(),
            pool.len(),
            args.minutes
        );
        let started = Instant::now();
        let (cases, findings) = run_parser(worker, seed_dir, &seeds, parser, seed, args)?;
        let elapsed = started.elapsed().as_secs_f64();
        println!(
            "{}: {cases} cases in {:.0} s ({:.0}/s), seed {seed}: {} finding(s)",
            parser.name(),
            elapsed,
            cases as f64 / elapsed.max(1e-9),
            findings.len()
        );
        for finding in &findings {
            println!(
                "  case {}: {}\n    saved as {}",
                finding.case,
                finding.what,
                finding.saved.display()
            );
        }
        clean &= findings.is_empty();
    }
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The seeds `parser` reads.
fn pool(seeds: &[Seed], parser: Parser) -> Vec<usize> {
    (0..seeds.len())
        .filter(|&i| seeds[i].parser == parser)
        .collect()
}

/// Builds this program in release mode; returns its path.
fn build_worker() -> Result<PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(&cargo)
        .args([
            "build",
            "--release",
            "--package",
            "xtask",
            "--message-format",
            "json-render-diagnostics",
        ])
        .current_dir(repo::root())
        .stderr(Stdio::inherit())
        .output()
        .context("running cargo build")?;
    if !output.status.success() {
        bail!("cargo build --release --package xtask failed");
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["target"]["name"] == "xtask")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .context("cargo build named no xtask executable")
}

/// Runs batches of `parser` cases until the time is up.
fn run_parser(
    worker: &Path,
    seed_dir: &Path,
    seeds: &[Seed],
    parser: Parser,
    seed: u64,
    args: &Args,
) -> Result<(u64, Vec<Finding>)> {
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(args.minutes.max(0.0) * 60.0);
    let pool = pool(seeds, parser);
    let mut findings = Vec::new();
    let mut next = 0;
    let mut last_report = started;
    while Instant::now() < deadline {
        let from = next;
        let mut child = Command::new(worker)
            .args(["fuzz-worker", "--parser", parser.name()])
            .args(["--seed", &seed.to_string()])
            .args(["--from", &from.to_string()])
            .args(["--count", &args.batch.to_string()])
            .arg("--seeds")
            .arg(seed_dir)
            .current_dir(repo::root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("starting the fuzz worker")?;
        let lines = read_lines(&mut child)?;
        let mut last = None;
        let mut done = false;
        let outcome = loop {
            match lines.recv_timeout(Duration::from_secs(args.timeout)) {
                Ok(line) => {
                    let mut words = line.splitn(3, ' ');
                    let (kind, case) = (words.next(), words.next().and_then(|n| n.parse().ok()));
                    match (kind, case) {
                        (Some("case"), Some(case)) => last = Some(case),
                        (Some("fail"), Some(case)) => {
                            let what = words.next().unwrap_or_default().to_owned();
                            let saved = save(seeds, &pool, parser, seed, case)?;
                            findings.push(Finding { case, what, saved });
                        }
                        (Some("done"), _) => done = true,
                        _ => {}
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    // The child ignores nothing, but a hang in a parser never ends.
                    child.kill().ok();
                    child.wait().ok();
                    break format!("no answer within {} s: a hang", args.timeout);
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    let status = child.wait().context("waiting for the fuzz worker")?;
                    if done && status.success() {
                        break String::new();
                    }
                    break format!("the worker died: {status} (a stack overflow aborts)");
                }
            }
        };
        if outcome.is_empty() {
            next = from + args.batch;
            if last_report.elapsed() < Duration::from_secs(60) {
                continue;
            }
            last_report = Instant::now();
            eprintln!(
                "  {}: {next} cases, {:.0} s, {} finding(s)",
                parser.name(),
                started.elapsed().as_secs_f64(),
                findings.len()
            );
            continue;
        }
        let Some(case) = last else {
            bail!("the fuzz worker failed before its first case: {outcome}");
        };
        let saved = save(seeds, &pool, parser, seed, case)?;
        findings.push(Finding {
            case,
            what: outcome,
            saved,
        });
        next = case + 1;
    }
    Ok((next, findings))
}

/// The child's output, line by line, from a thread.
fn read_lines(child: &mut Child) -> Result<mpsc::Receiver<String>> {
    let stdout = child.stdout.take().context("the worker's output")?;
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { return };
            if send.send(line).is_err() {
                return;
            }
        }
    });
    Ok(receive)
}

/// Makes case `case` again and saves it under `target/fuzz/`; returns the path.
fn save(seeds: &[Seed], pool: &[usize], parser: Parser, seed: u64, case: u64) -> Result<PathBuf> {
    let made = fuzz::case(seeds, pool, seed, case, Limits::LONG);
    let path = fuzz_dir()?.join(format!(
        "{}-{seed}-{case}.{}",
        parser.name(),
        parser.extension()
    ));
    std::fs::write(&path, &made.bytes).with_context(|| format!("writing {}", path.display()))?;
    let from = seeds.get(made.seed).map(|s| s.path.display().to_string());
    let note = path.with_extension("txt");
    let about = format!(
        "seed page {}\nparsed as {}\nmutations {:?}\n",
        from.unwrap_or_default(),
        seeds
            .get(made.seed)
            .map(|s| s.name.as_str())
            .unwrap_or_default(),
        made.mutations
    );
    std::fs::write(&note, about).with_context(|| format!("writing {}", note.display()))?;
    Ok(path)
}

/// The place and message of the last panic in a worker.
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

/// `target/fuzz/` (under `CARGO_TARGET_DIR` when set), created.
fn fuzz_dir() -> Result<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| repo::root().join("target"), PathBuf::from);
    let dir = target.join("fuzz");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

/// Runs one batch: `case N` before each case, `fail N what` after a failed one, `done`
/// at the end. Cases run on a thread with the stack `codegen ir` parses with.
pub fn worker(args: &WorkerArgs) -> Result<ExitCode> {
    let parser = Parser::from(args.parser);
    if let (Some(file), Some(name)) = (&args.replay, &args.name) {
        let seed = Seed {
            path: file.clone(),
            name: name.clone(),
            parser,
            bytes: Vec::new(),
        };
        let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        let outcome = std::thread::Builder::new()
            .stack_size(fuzz::STACK)
            .spawn(move || fuzz::check(&seed, &bytes))
            .context("starting the fuzz thread")?
            .join();
        return match outcome {
            Ok(Ok(())) => Ok(ExitCode::SUCCESS),
            Ok(Err(problem)) => bail!("{problem}"),
            Err(_) => bail!("panicked (see above)"),
        };
    }
    let root = args.seeds.clone().unwrap_or_else(repo::root);
    let seeds = fuzz::seeds(&root).context("reading the seed pages")?;
    let pool = pool(&seeds, parser);
    let (seed, from, count) = (args.seed, args.from, args.count);
    // Panics are reported as findings, with their place, not printed.
    panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = format!("{place}: {}", panic_message(info.payload()));
        }
    }));
    let run = std::thread::Builder::new()
        .stack_size(fuzz::STACK)
        .spawn(move || -> std::io::Result<()> {
            let mut out = std::io::stdout().lock();
            for number in from..from + count {
                writeln!(out, "case {number}")?;
                out.flush()?;
                let case = fuzz::case(&seeds, &pool, seed, number, Limits::LONG);
                let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
                    fuzz::check(&seeds[case.seed], &case.bytes)
                }));
                let what = match outcome {
                    Ok(Ok(())) => continue,
                    Ok(Err(problem)) => problem,
                    Err(_) => format!(
                        "panic at {}",
                        LAST_PANIC.lock().map(|l| l.clone()).unwrap_or_default()
                    ),
                };
                writeln!(out, "fail {number} {}", what.replace('\n', " "))?;
            }
            writeln!(out, "done")?;
            out.flush()
        })
        .context("starting the fuzz thread")?;
    match run.join() {
        Ok(result) => result.context("writing to the parent")?,
        Err(_) => bail!("the fuzz thread failed outside a case"),
    }
    Ok(ExitCode::SUCCESS)
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}
