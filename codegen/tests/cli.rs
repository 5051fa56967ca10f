//! The `codegen` command, run as a user types it.

mod fs_support;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use fs_support::copy_dir;

use tempfile::TempDir;

/// Runs `codegen <args>`.
fn codegen(args: &[&Path]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .output();
    match output {
        Ok(output) => output,
        Err(error) => panic!("cannot run codegen: {error}"),
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A temp dir holding `docs/devicefarm/`, a copy of the committed devicefarm docs.
fn devicefarm_docs() -> io::Result<(TempDir, PathBuf)> {
    let temp = tempfile::tempdir()?;
    let docs = temp.path().join("docs");
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input/devicefarm");
    copy_dir(&seed, &docs.join("devicefarm"))?;
    Ok((temp, docs))
}

fn generate(docs: &Path, out: &Path) -> Output {
    codegen(&[Path::new("generate"), docs, Path::new("--out"), out])
}

fn check(docs: &Path, out: &Path) -> Output {
    codegen(&[Path::new("check"), docs, Path::new("--out"), out])
}

#[test]
fn generate_then_check_catches_edits_until_regenerated() -> io::Result<()> {
    let (temp, docs) = devicefarm_docs()?;
    let out = temp.path().join("out");

    let generated = generate(&docs, &out);
    assert!(generated.status.success(), "{}", stderr(&generated));
    let manifest = out.join("devicefarm/Cargo.toml");
    assert!(
        fs::read_to_string(&manifest)?.contains("sdk-devicefarm"),
        "{} names the package",
        manifest.display()
    );
    let checked = check(&docs, &out);
    assert!(checked.status.success(), "{}", stdout(&checked));

    // A hand edit is drift.
    let mut edited = fs::read_to_string(&manifest)?;
    edited.push_str("# edited by hand\n");
    fs::write(&manifest, edited)?;
    let stray = out.join("devicefarm/src/stray.rs");
    fs::write(&stray, "// not generated\n")?;
    let checked = check(&docs, &out);
    assert!(!checked.status.success(), "check passes after an edit");
    let report = stdout(&checked);
    assert!(
        report.contains(&format!("stale:   {}", manifest.display())),
        "{report}"
    );
    assert!(
        report.contains(&format!("extra:   {}", stray.display())),
        "{report}"
    );

    // Generating again repairs exactly what drifted.
    let regenerated = generate(&docs, &out);
    assert!(regenerated.status.success(), "{}", stderr(&regenerated));
    assert_eq!(
        stdout(&regenerated),
        format!(
            "wrote   {}\nremoved {}\n",
            manifest.display(),
            stray.display()
        )
    );
    assert!(check(&docs, &out).status.success());
    Ok(())
}

#[test]
fn one_service_directory_generates_like_a_directory_of_services() -> io::Result<()> {
    let (temp, docs) = devicefarm_docs()?;
    let from_parent = temp.path().join("from-parent");
    let from_service = temp.path().join("from-service");

    assert!(generate(&docs, &from_parent).status.success());
    assert!(generate(&docs.join("devicefarm"), &from_service)
        .status
        .success());
    // The same crate lands in the same place, so each checks clean against the other.
    let checked = check(&docs.join("devicefarm"), &from_parent);
    assert!(checked.status.success(), "{}", stdout(&checked));
    let checked = check(&docs, &from_service);
    assert!(checked.status.success(), "{}", stdout(&checked));
    Ok(())
}

#[test]
fn a_second_generate_writes_nothing() -> io::Result<()> {
    let (temp, docs) = devicefarm_docs()?;
    let out = temp.path().join("out");
    assert!(generate(&docs, &out).status.success());
    let again = generate(&docs, &out);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(stdout(&again), "");
    Ok(())
}

#[test]
fn a_directory_without_docs_is_refused_by_name() -> io::Result<()> {
    let temp = tempfile::tempdir()?;
    let out = temp.path().join("out");
    let output = generate(temp.path(), &out);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains(&temp.path().display().to_string()),
        "{message}"
    );
    assert!(message.contains("service.toml"), "{message}");
    assert!(!out.exists(), "nothing is written on error");
    Ok(())
}

#[test]
fn missing_index_page_is_an_error_naming_it() -> io::Result<()> {
    let (temp, docs) = devicefarm_docs()?;
    fs::remove_file(docs.join("devicefarm/index.rst"))?;
    let out = temp.path().join("out");
    let output = generate(&docs, &out);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("index.rst"), "{message}");
    assert!(!out.exists(), "nothing is written on error");
    Ok(())
}

#[test]
fn broken_service_toml_is_an_error_naming_file_and_line() -> io::Result<()> {
    let (temp, docs) = devicefarm_docs()?;
    let toml = docs.join("devicefarm/service.toml");
    let mut text = fs::read_to_string(&toml)?;
    let line = text.lines().count() + 1;
    text.push_str("protocol = \n");
    fs::write(&toml, text)?;
    let output = generate(&docs, &temp.path().join("out"));
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("service.toml"), "{message}");
    assert!(
        message.contains(&format!(":{line}:")) || message.contains(&format!("line {line}")),
        "line {line} named in: {message}"
    );
    Ok(())
}
