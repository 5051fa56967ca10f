//! Shared by the `emit_*` tests: generate a crate, write it to a temporary directory
//! and run cargo on it, so that snapshots of generated code are also proven to build.
#![allow(dead_code)] // each test crate uses a different part

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::emit::{generate_crate, CrateSettings};
use codegen::ir::Service;

/// The workspace root (the parent of the `codegen` package).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Settings for a crate written outside the workspace, pointing at this runtime.
pub fn settings(crate_name: &str) -> CrateSettings {
    CrateSettings {
        crate_name: crate_name.to_owned(),
        version: "0.1.0".to_owned(),
        runtime_path: workspace_root().join("runtime").display().to_string(),
        generator_command: "cargo xtask codegen".to_owned(),
    }
}

/// Settings as `cargo xtask codegen` uses them for `generated/<service>`: what the
/// snapshots show.
pub fn snapshot_settings(crate_name: &str) -> CrateSettings {
    CrateSettings {
        runtime_path: "../../runtime".to_owned(),
        ..settings(crate_name)
    }
}

/// Loads a service directory of the workspace's `docs-input`.
pub fn load(service: &str) -> Service {
    let dir = workspace_root().join("docs-input").join(service);
    match codegen::load_service(&dir) {
        Ok(loaded) => loaded.service,
        Err(e) => panic!("cannot load {}: {e}", dir.display()),
    }
}

/// Every generated file, as one string with `==> path` separators: one snapshot per
/// crate, reviewed as a diff.
pub fn concatenated(files: &BTreeMap<PathBuf, String>) -> String {
    files
        .iter()
        .map(|(path, text)| format!("==> {}\n{text}", path.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A generated crate in a temporary directory.
pub struct GeneratedCrate {
    dir: tempfile::TempDir,
}

impl GeneratedCrate {
    /// Generates `service` as `crate_name` and writes it, plus `extra` files (tests that
    /// use the crate the way users do).
    pub fn write(service: &Service, crate_name: &str, extra: &[(&str, &str)]) -> Self {
        let files = generate_crate(service, &settings(crate_name))
            .unwrap_or_else(|e| panic!("generation failed: {e}"));
        let dir = tempfile::tempdir().expect("temporary directory");
        let extra = extra
            .iter()
            .map(|(path, text)| (PathBuf::from(path), text.to_string()));
        for (path, text) in files.into_iter().chain(extra) {
            let path = dir.path().join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("create directory");
            }
            std::fs::write(&path, text).expect("write file");
        }
        Self { dir }
    }

    /// Runs `cargo <args>` in the crate (offline, warnings denied) and panics with its
    /// output when it fails.
    pub fn cargo(&self, args: &[&str]) {
        // A target directory of its own: the one of `cargo test` is locked while the
        // tests run. It is shared by all generated crates, so dependencies build once.
        let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-crates");
        let (subcommand, rest) = args.split_first().expect("a cargo subcommand");
        let output = Command::new(env!("CARGO"))
            .arg(subcommand)
            .arg("--offline")
            .args(rest)
            .current_dir(self.dir.path())
            .env("CARGO_TARGET_DIR", target)
            .env("RUSTFLAGS", "-D warnings")
            .env("RUSTDOCFLAGS", "-D warnings")
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "cargo {} failed:\n{}\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Clippy with warnings denied, over the library and its tests.
    pub fn clippy(&self) {
        self.cargo(&["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"]);
    }

    /// The crate's tests (the syntax round trip and any extra test files).
    pub fn test(&self) {
        self.cargo(&["test", "--quiet"]);
    }

    /// The crate's docs, warnings denied.
    pub fn doc(&self) {
        self.cargo(&["doc", "--no-deps", "--quiet"]);
    }
}
