//! `cargo xtask test`: the whole test suite, with the moto server the end-to-end tests
//! talk to.
//!
//! The pinned `moto[server]` (`tests/moto.pin`) is installed into a private virtualenv
//! under `moto-env/` of the target directory (`CARGO_TARGET_DIR` when set), reused while
//! the pin is unchanged; its `moto_server` is handed to the tests as `MOTO_SERVER`, and
//! `cargo test --workspace` runs with any extra arguments passed through (without
//! `--workspace` when they name packages). Each moto test starts its own server on a
//! free port of 127.0.0.1 and stops it when it ends.
//!
//! The pinned boto3 and botocore (`docs-input/boto3.pin`, the environment
//! `cargo xtask import-docs` uses) are installed too and handed over as
//! `BOTOCORE_PYTHON`, so the tests that compare with botocore on fresh random values
//! run rather than skip.

use std::ffi::OsString;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

use anyhow::{bail, Context, Result};

use crate::{import_docs, repo};

/// Arguments of `cargo xtask test`.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  cargo xtask test\n  cargo xtask test -p tests --test \
moto_secretsmanager\n  cargo xtask test -- --nocapture"
)]
pub struct Args {
    /// Passed to `cargo test --workspace` as they are (`-p tests`, `--test NAME`,
    /// `-- --nocapture`).
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "CARGO TEST ARGS"
    )]
    cargo_args: Vec<OsString>,
}

/// Installs (or reuses) moto and the pinned botocore, then runs the tests.
pub fn run(args: &Args) -> Result<ExitCode> {
    let server = moto_server()?;
    let botocore = import_docs::pinned_python()?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut test = Command::new(&cargo);
    test.arg("test");
    if !names_packages(&args.cargo_args) {
        test.arg("--workspace");
    }
    let status = test
        .args(&args.cargo_args)
        .env("MOTO_SERVER", &server)
        .env("BOTOCORE_PYTHON", &botocore)
        .current_dir(repo::root())
        .status()
        .with_context(|| format!("running {}", cargo.to_string_lossy()))?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// True when the arguments choose packages themselves (`-p NAME`, `--package NAME`),
/// before any `--` that starts the test binaries' own arguments.
fn names_packages(args: &[OsString]) -> bool {
    args.iter()
        .map(|arg| arg.to_string_lossy())
        .take_while(|arg| arg != "--")
        .any(|arg| arg.starts_with("-p") || arg.starts_with("--package"))
}

/// The `moto_server` of the environment holding the pinned moto, created on first use.
pub fn moto_server() -> Result<PathBuf> {
    let pin_file = repo::root().join("tests").join("moto.pin");
    let pin =
        fs::read_to_string(&pin_file).with_context(|| format!("reading {}", pin_file.display()))?;
    let requirements = import_docs::requirements(&pin);
    if requirements.is_empty() {
        bail!("{}: no requirement in the pin", pin_file.display());
    }
    let python = import_docs::ensure_env("moto-env", &requirements)?;
    let server = python.with_file_name(if cfg!(windows) {
        "moto_server.exe"
    } else {
        "moto_server"
    });
    if !server.is_file() {
        bail!(
            "{} does not exist: the pin must install moto with its server extra \
             (`moto[server]==...`)",
            server.display()
        );
    }
    Ok(server)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn package_arguments_replace_the_workspace() {
        assert!(names_packages(&args(&["-p", "tests"])));
        assert!(names_packages(&args(&["--package=tests", "--test", "x"])));
        assert!(names_packages(&args(&["-ptests"])));
        assert!(!names_packages(&args(&[])));
        assert!(!names_packages(&args(&["--test", "oracle"])));
        assert!(!names_packages(&args(&["--", "-p"])));
    }
}
