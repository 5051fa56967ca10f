//! `cargo xtask bench <which>`: the project's benchmarks behind one entry point.

use std::ffi::OsString;
use std::process::{Command, ExitCode};

use anyhow::{Context, Result};
use clap::Subcommand;

use crate::repo;

/// The benchmarks.
#[derive(Subcommand)]
pub enum Bench {
    /// Parse + model throughput over docs-input/, in MB/s on one thread.
    Parse,
    /// Clean-build time and crate count of an app on our SDK against the official one.
    Compile(crate::compile_bench::Args),
    /// Whole calls answered from memory (1 MB DynamoDB Scan, tiny ListTables, Lambda
    /// ListFunctions): calls per second and CPU time, ours against the official SDK.
    Decode(crate::decode_bench::Args),
}

/// Runs the chosen benchmark.
pub fn run(which: &Bench) -> Result<ExitCode> {
    match which {
        Bench::Parse => cargo(&["bench", "--package", "codegen", "--bench", "parse"]),
        Bench::Compile(args) => crate::compile_bench::run(args),
        Bench::Decode(args) => crate::decode_bench::run(args),
    }
}

/// Runs the cargo that runs us, from the workspace root.
fn cargo(args: &[&str]) -> Result<ExitCode> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let status = Command::new(&cargo)
        .args(args)
        .current_dir(repo::root())
        .status()
        .with_context(|| format!("running {}", cargo.to_string_lossy()))?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
