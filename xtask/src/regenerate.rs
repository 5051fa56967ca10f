//! `cargo xtask codegen [--check]`: the crates in `generated/` from the docs in `docs-input/`.
//!
//! This task owns all of `generated/`: a crate directory there whose docs are gone is
//! removed (or, with `--check`, reported).

use std::fs;
use std::num::NonZeroUsize;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use codegen::pipeline::{self, Settings};

use crate::repo;

/// Arguments of `cargo xtask codegen`.
#[derive(clap::Args)]
pub struct Args {
    /// Change nothing: regenerate in memory, list the files that differ and fail if any do.
    #[arg(long)]
    check: bool,
    /// Print every warning rather than a count per kind.
    #[arg(long, short)]
    verbose: bool,
}

/// The settings every crate in `generated/` is made with.
fn settings() -> Settings {
    Settings {
        version: "0.1.0".to_owned(),
        runtime_path: "../../runtime".to_owned(),
        generator_command: "cargo xtask codegen".to_owned(),
    }
}

/// Regenerates (or checks) every service found in `docs-input/`.
pub fn run(args: &Args) -> Result<ExitCode> {
    // Paths are printed relative to the repository root, wherever cargo was run from.
    let root = repo::root();
    std::env::set_current_dir(&root).with_context(|| format!("entering {}", root.display()))?;
    let docs = Path::new("docs-input");
    let out = Path::new("generated");

    let services = pipeline::find_services(docs)?;
    let jobs = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let tree = pipeline::generate(&services, &settings(), jobs)?;
    eprint!("{}", tree.warnings(args.verbose));
    let orphans = pipeline::orphan_crates(&tree, out)?;

    if args.check {
        let drift = pipeline::diff(&tree, out)?;
        if drift.is_empty() && orphans.is_empty() {
            eprintln!(
                "{} crate(s) in generated/ are up to date",
                tree.crates.len()
            );
            return Ok(ExitCode::SUCCESS);
        }
        print!("{drift}");
        for orphan in &orphans {
            println!("extra:   {}/ (no docs in docs-input/)", orphan.display());
        }
        eprintln!("generated/ is out of date with docs-input/; run `cargo xtask codegen`");
        return Ok(ExitCode::FAILURE);
    }

    let written = pipeline::write(&tree, out)?;
    for path in &written.written {
        println!("wrote   {}", path.display());
    }
    for path in &written.removed {
        println!("removed {}", path.display());
    }
    for orphan in &orphans {
        fs::remove_dir_all(orphan).with_context(|| format!("removing {}", orphan.display()))?;
        println!("removed {}/ (no docs in docs-input/)", orphan.display());
    }
    eprintln!(
        "{} crate(s) in generated/: {} file(s) written, {} removed, {} unchanged",
        tree.crates.len(),
        written.written.len(),
        written.removed.len() + orphans.len(),
        written.unchanged
    );
    Ok(ExitCode::SUCCESS)
}
