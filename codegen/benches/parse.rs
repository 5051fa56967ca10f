//! Parse + model throughput over every service in `docs-input/`, on one thread.
//!
//! `cargo bench -p codegen` (or `cargo xtask bench parse`) prints MB/s: input bytes read
//! per second of `load_service`, which reads the pages and builds the model. Under
//! `cargo test --benches` it runs each service once, as a smoke test.
//!
//! A plain `harness = false` program timed with `Instant` rather than criterion: one
//! end-to-end figure needs no statistics beyond a median, and criterion's dependency tree
//! would be compiled by every `clippy --all-targets` in CI.

use std::fs;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use codegen::pipeline::{self, ServiceDir};

const WARM_UP: usize = 3;
const MEASURED: usize = 15;

fn main() -> Result<()> {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input");
    let services = pipeline::find_services(&docs)?;
    let mut bytes = 0;
    for service in &services {
        bytes += size_of_dir(&service.path)?;
    }
    // cargo passes `--bench` when benchmarking; without it this is a test run.
    if !std::env::args().any(|arg| arg == "--bench") {
        load_all(&services)?;
        println!("parse: {} service(s) load", services.len());
        return Ok(());
    }

    for _ in 0..WARM_UP {
        load_all(&services)?;
    }
    let mut wall = Vec::with_capacity(MEASURED);
    let mut cpu = Vec::with_capacity(MEASURED);
    for _ in 0..MEASURED {
        let (start, cpu_start) = (Instant::now(), thread_cpu_time());
        load_all(&services)?;
        wall.push(start.elapsed());
        if let Some((before, after)) = cpu_start.zip(thread_cpu_time()) {
            cpu.push(after.saturating_sub(before));
        }
    }
    let megabytes = bytes as f64 / 1e6;
    let rate = |times: &mut Vec<Duration>| {
        times.sort();
        let median = times[times.len() / 2];
        format!(
            "median {:.1} ms (min {:.1}, max {:.1}): {:.1} MB/s",
            millis(median),
            millis(times[0]),
            millis(times[times.len() - 1]),
            megabytes / median.as_secs_f64()
        )
    };
    println!(
        "parse + model, {} service(s), {megabytes:.2} MB, {MEASURED} runs on one thread",
        services.len()
    );
    println!("  wall clock: {}", rate(&mut wall));
    // Time on the CPU is what one core delivers even when other work shares the machine.
    if cpu.len() == MEASURED {
        println!("  CPU time:   {}", rate(&mut cpu));
    }
    Ok(())
}

fn load_all(services: &[ServiceDir]) -> Result<()> {
    for service in services {
        let loaded = codegen::load_service(&service.path)
            .with_context(|| format!("loading {}", service.path.display()))?;
        black_box(loaded);
    }
    Ok(())
}

/// Time this thread has spent on a CPU, from Linux's scheduler statistics (nanoseconds);
/// `None` elsewhere.
fn thread_cpu_time() -> Option<Duration> {
    let stats = fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = stats.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// Bytes of all files under `dir`: the input the parser reads.
fn size_of_dir(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        let metadata = entry
            .metadata()
            .with_context(|| format!("reading {}", entry.path().display()))?;
        total += if metadata.is_dir() {
            size_of_dir(&entry.path())?
        } else {
            metadata.len()
        };
    }
    Ok(total)
}
