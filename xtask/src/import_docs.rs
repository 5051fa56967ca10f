//! `cargo xtask import-docs`: boto3's own reference pages, from the pinned boto3.
//!
//! The pin (`docs-input/boto3.pin`) is the only input: boto3 is installed into a private
//! virtualenv keyed by a hash of the pin, so upgrading the docs means editing the pin and
//! re-running, and an unchanged pin reuses the environment.

use std::fs;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

use anyhow::{bail, Context, Result};

use crate::repo;

/// Arguments of `cargo xtask import-docs`.
#[derive(clap::Args)]
#[command(
    after_help = "Pages come from boto3's own documenter, pinned by docs-input/boto3.pin; \
the pinned version reproduces the committed pages byte for byte. To upgrade, edit the pin and \
re-run, then `cargo xtask codegen`."
)]
pub struct Args {
    /// Services to import, by boto3 name (`devicefarm`, `appstream`).
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    services: Vec<String>,
    /// Import every service boto3 knows (about 440). boto3's own generator takes about
    /// 8 minutes for all of them on a 2-core machine.
    #[arg(long, requires = "out")]
    all: bool,
    /// Directory to write `<service>/` into [default: docs-input/].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Makes (or reuses) the pinned environment and runs the importer in it.
pub fn run(args: &Args) -> Result<ExitCode> {
    let root = repo::root();
    let python = pinned_python()?;

    let out = args.out.clone().unwrap_or_else(repo::docs_input);
    let mut import = Command::new(&python);
    import
        .arg(root.join("xtask/python/import_docs.py"))
        .arg("--out")
        .arg(&out);
    if args.all {
        import.arg("--all");
    }
    import.args(&args.services);
    let status = import
        .status()
        .with_context(|| format!("running {}", python.display()))?;
    if !status.success() {
        bail!("the importer failed ({status})");
    }
    Ok(ExitCode::SUCCESS)
}

/// The Python of the environment holding the pinned boto3 and botocore
/// (`docs-input/boto3.pin`), created on first use.
pub fn pinned_python() -> Result<PathBuf> {
    let pin_file = repo::docs_input().join("boto3.pin");
    let pin =
        fs::read_to_string(&pin_file).with_context(|| format!("reading {}", pin_file.display()))?;
    let requirements = requirements(&pin);
    if requirements.is_empty() {
        bail!("{}: no requirement in the pin", pin_file.display());
    }
    ensure_env("boto3-env", &requirements)
}

/// The requirement specifiers of a pin file: whitespace-separated, `#` starts a comment.
pub fn requirements(pin: &str) -> Vec<String> {
    pin.lines()
        .map(|line| line.split('#').next().unwrap_or_default())
        .flat_map(str::split_whitespace)
        .map(str::to_owned)
        .collect()
}

/// The Python of a virtualenv holding exactly `requirements`, created on first use
/// under `target/<kind>/`.
pub fn ensure_env(kind: &str, requirements: &[String]) -> Result<PathBuf> {
    let key = requirements.join(" ");
    let env = target_dir()
        .join(kind)
        .join(format!("{:016x}", fnv1a(key.as_bytes())));
    let python = env
        .join(if cfg!(windows) { "Scripts" } else { "bin" })
        .join("python");
    // Written last, so an interrupted install is redone rather than trusted.
    let marker = env.join("installed.pin");
    if fs::read_to_string(&marker).is_ok_and(|installed| installed == key) {
        return Ok(python);
    }
    if env.exists() {
        fs::remove_dir_all(&env).with_context(|| format!("removing {}", env.display()))?;
    }
    eprintln!("creating a virtualenv for `{key}` in {}", env.display());
    run_checked(Command::new("python3").args(["-m", "venv"]).arg(&env))?;
    run_checked(
        Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "--no-input"])
            .args(requirements),
    )?;
    fs::write(&marker, &key).with_context(|| format!("writing {}", marker.display()))?;
    Ok(python)
}

fn run_checked(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("running {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed ({status})");
    }
    Ok(())
}

/// Cargo's target directory, where build byproducts (the virtualenv among them) belong.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo::root().join("target"))
}

/// FNV-1a: a stable hash (unlike `DefaultHasher`, whose output may change between Rust
/// releases), so a pin keeps naming the same environment.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pin_lines_become_requirements() {
        let pin = "# docs\nboto3==1.42.80 botocore==1.42.80  # same release\n\n";
        assert_eq!(requirements(pin), ["boto3==1.42.80", "botocore==1.42.80"]);
    }

    #[test]
    fn fnv1a_matches_reference_values() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn different_pins_get_different_envs() {
        assert_ne!(fnv1a(b"boto3==1.42.80"), fnv1a(b"boto3==1.42.81"));
    }
}
