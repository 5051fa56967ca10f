//! `codegen corpus` and `codegen ir`, run as a user types them.

mod fs_support;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use fs_support::copy_dir;

fn codegen(args: &[&Path]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .output()
    {
        Ok(output) => output,
        Err(error) => panic!("cannot run codegen: {error}"),
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn docs_input() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input")
}

/// The service directories of `docs`: whatever `cargo xtask import-docs` put there.
fn services(docs: &Path) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(docs)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            names.extend(entry.file_name().into_string().ok());
        }
    }
    names.sort();
    Ok(names)
}

#[test]
fn corpus_tabulates_every_service_and_succeeds_on_clean_docs() -> io::Result<()> {
    let services = services(&docs_input())?;
    assert!(!services.is_empty(), "no service in docs-input/");
    let output = codegen(&[Path::new("corpus"), &docs_input()]);
    let table = text(&output.stdout);
    assert!(output.status.success(), "{table}{}", text(&output.stderr));
    for service in &services {
        assert!(
            table.lines().any(|l| l.starts_with(service.as_str())),
            "no row for {service}:\n{table}"
        );
    }
    let total = format!("TOTAL ({} services)", services.len());
    assert!(table.contains(&total), "{table}");
    assert!(table.contains("0 panic(s), 0 error(s)"), "{table}");
    Ok(())
}

#[test]
fn corpus_fails_on_an_error_diagnostic_and_still_reports_the_others() -> io::Result<()> {
    let temp = tempfile::tempdir()?;
    let docs = temp.path().join("docs");
    copy_dir(&docs_input().join("devicefarm"), &docs.join("devicefarm"))?;
    copy_dir(&docs_input().join("devicefarm"), &docs.join("broken"))?;
    // A client page that says nothing about what it documents is an error.
    fs::write(docs.join("broken/client/get_device.rst"), "nothing here\n")?;

    let output = codegen(&[Path::new("corpus"), &docs]);
    let table = text(&output.stdout);
    assert!(!output.status.success(), "{table}");
    let row = |name: &str| {
        table
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(
        row("broken").contains("ERROR missing-directive:1"),
        "{table}"
    );
    assert!(!row("devicefarm").contains("ERROR"), "{table}");
    assert!(table.contains("error   missing-directive"), "{table}");
    Ok(())
}

#[test]
fn corpus_emits_crates_when_asked() {
    let output = codegen(&[
        Path::new("corpus"),
        &docs_input(),
        Path::new("--emit"),
        Path::new("--services"),
        Path::new("devicefarm,secretsmanager"),
    ]);
    let table = text(&output.stdout);
    assert!(output.status.success(), "{table}");
    assert!(table.contains("2 crate(s) emitted"), "{table}");
    assert!(table.contains("TOTAL (2 services)"), "{table}");
}

#[test]
fn ir_prints_the_model_in_botocore_layout() {
    let output = codegen(&[Path::new("ir"), &docs_input().join("devicefarm")]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let model: serde_json::Value = match serde_json::from_slice(&output.stdout) {
        Ok(model) => model,
        Err(error) => panic!("not JSON: {error}"),
    };
    let operation = &model["service"]["operations"]["GetDevice"];
    assert_eq!(operation["input"]["shape"], "GetDeviceInput");
    assert_eq!(model["service"]["metadata"]["protocol"], "json");
    let input = &model["service"]["shapes"]["GetDeviceInput"];
    assert_eq!(input["type"], "structure");
    assert_eq!(input["required"][0], "arn");
    assert!(model["paginators"]["pagination"]["ListDevices"]["result_key"].is_string());
}
