//! `cargo xtask oracle`: re-record the requests boto3 sends and the outputs botocore
//! parses, the fixtures our generated clients are compared with
//! (`tests/fixtures/oracle/<service>.json`).
//!
//! `xtask/python/boto3_oracle.py` runs in the virtualenv of the pinned boto3
//! (`docs-input/boto3.pin`, shared with `cargo xtask import-docs`), offline: each request
//! is captured before it is sent. Credentials and clock are fixed, so re-recording with
//! an unchanged pin and unchanged docs gives identical files.

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use anyhow::{bail, Context, Result};

use crate::{import_docs, repo};

/// Arguments of `cargo xtask oracle`.
#[derive(clap::Args)]
#[command(
    after_help = "Records, for every operation of every service in the docs directory, the \
request boto3 sends for each documented example and for an input with every member set, \
with the call's parameters as JSON; and for every output with every member set, a response \
a service would send and the output botocore parses from it. The oracle tests (`cargo test \
-p tests --test oracle`, `--test response_oracle`) send the same inputs through the \
generated clients and compare the requests byte for byte, and parse the same responses and \
compare the outputs value for value."
)]
pub struct Args {
    /// Services to record: the directories of this folder that hold a `service.toml`
    /// [default: docs-input/].
    #[arg(long, value_name = "DIR")]
    docs: Option<PathBuf>,
    /// Where to write `<service>.json` [default: tests/fixtures/oracle/].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Runs the recorder in the pinned environment.
pub fn run(args: &Args) -> Result<ExitCode> {
    let root = repo::root();
    let python = import_docs::pinned_python()?;
    let docs = args.docs.clone().unwrap_or_else(repo::docs_input);
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| root.join("tests").join("fixtures").join("oracle"));
    let status = Command::new(&python)
        .arg(root.join("xtask").join("python").join("boto3_oracle.py"))
        .arg("--docs")
        .arg(&docs)
        .arg("--out")
        .arg(&out)
        .status()
        .with_context(|| format!("running {}", python.display()))?;
    if !status.success() {
        bail!("the recorder failed ({status})");
    }
    Ok(ExitCode::SUCCESS)
}
