//! `cargo xtask` works on the repository it is run in, not the one it was built in: one
//! target directory may serve several clones, and cargo then runs whichever clone's
//! build is fresh. The binary built here is run on a copy of part of the repository.

use std::fs;
use std::io;
use std::path::Path;
use std::process::{Command, Output};

/// This repository (the test's own, not the copy).
fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ sits in the repository")
}

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// A repository of one service (`secretsmanager`, the smallest): its docs, its crate
/// and the workspace manifest.
fn one_service_copy(at: &Path) -> io::Result<()> {
    let repo = repository();
    fs::create_dir_all(at)?;
    fs::copy(repo.join("Cargo.toml"), at.join("Cargo.toml"))?;
    fs::create_dir_all(at.join("xtask"))?;
    fs::copy(repo.join("xtask/Cargo.toml"), at.join("xtask/Cargo.toml"))?;
    fs::create_dir_all(at.join("docs-input"))?;
    fs::copy(
        repo.join("docs-input/boto3.pin"),
        at.join("docs-input/boto3.pin"),
    )?;
    for tree in ["docs-input", "generated"] {
        copy_dir(
            &repo.join(tree).join("secretsmanager"),
            &at.join(tree).join("secretsmanager"),
        )?;
    }
    Ok(())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `xtask codegen --check` run from `cwd`; `manifest_dir` is what `cargo run` would
/// set (`None`: the binary run directly).
fn check(cwd: &Path, manifest_dir: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.args(["codegen", "--check"]).current_dir(cwd);
    match manifest_dir {
        Some(dir) => command.env("CARGO_MANIFEST_DIR", dir),
        None => command.env_remove("CARGO_MANIFEST_DIR"),
    };
    command.output().expect("xtask runs")
}

#[test]
fn codegen_check_checks_the_tree_it_is_run_in() -> io::Result<()> {
    let temp = tempfile::tempdir()?;
    let copy = temp.path().join("clone");
    one_service_copy(&copy)?;

    // Run directly from a directory inside the copy, as from inside any clone.
    let inside = copy.join("generated/secretsmanager/src");
    let clean = check(&inside, None);
    let stderr = text(&clean.stderr);
    assert!(clean.status.success(), "{}{stderr}", text(&clean.stdout));
    assert!(
        stderr.contains("1 crate(s) in generated/ are up to date"),
        "{stderr}"
    );

    // A drifted file of the copy is what the check reports.
    let lib = copy.join("generated/secretsmanager/src/lib.rs");
    let mut source = fs::read_to_string(&lib)?;
    source.push_str("// edited by hand\n");
    fs::write(&lib, source)?;
    let drifted = check(&inside, None);
    let stdout = text(&drifted.stdout);
    assert!(!drifted.status.success(), "{stdout}");
    assert!(
        stdout.contains("stale:   generated/secretsmanager/src/lib.rs"),
        "{stdout}{}",
        text(&drifted.stderr)
    );

    // Through `cargo run`, which names the package it runs: the copy's, from anywhere.
    let elsewhere = tempfile::tempdir()?;
    let via_cargo = check(elsewhere.path(), Some(&copy.join("xtask")));
    let stdout = text(&via_cargo.stdout);
    assert!(
        stdout.contains("stale:   generated/secretsmanager/src/lib.rs"),
        "{stdout}{}",
        text(&via_cargo.stderr)
    );
    Ok(())
}

#[test]
fn outside_any_repository_it_says_so() -> io::Result<()> {
    let elsewhere = tempfile::tempdir()?;
    let output = check(elsewhere.path(), None);
    let stderr = text(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("docs-input/"), "{stderr}");
    Ok(())
}
