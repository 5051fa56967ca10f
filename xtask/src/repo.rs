//! Where things are in the repository.
//!
//! The root is found when the task runs, never where the binary was built: clones that
//! share one target directory share one `xtask` binary, and cargo runs whichever build
//! is fresh.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::{bail, Context, Result};

static ROOT: OnceLock<PathBuf> = OnceLock::new();

/// Finds the repository root once: the parent of the `xtask` package `cargo run` names
/// in `CARGO_MANIFEST_DIR`, else the nearest directory at or above the current one
/// that holds the workspace manifest and `docs-input/`.
pub fn locate() -> Result<&'static Path> {
    if let Some(root) = ROOT.get() {
        return Ok(root);
    }
    let from_cargo = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .and_then(|xtask| xtask.parent().map(Path::to_path_buf))
        .filter(|dir| is_root(dir));
    let root = match from_cargo {
        Some(root) => root,
        None => {
            let cwd = std::env::current_dir().context("reading the current directory")?;
            match cwd.ancestors().find(|dir| is_root(dir)) {
                Some(root) => root.to_path_buf(),
                None => bail!(
                    "{} is not inside the repository (no directory above it holds a \
                     Cargo.toml with [workspace] and docs-input/); run `cargo xtask` \
                     from the repository",
                    cwd.display()
                ),
            }
        }
    };
    Ok(ROOT.get_or_init(|| root))
}

/// The workspace root. `main` calls [`locate`] before any task runs.
pub fn root() -> PathBuf {
    match locate() {
        Ok(root) => root.to_path_buf(),
        Err(error) => panic!("{error:#}"),
    }
}

/// The docs every generated crate comes from.
pub fn docs_input() -> PathBuf {
    root().join("docs-input")
}

/// The repository's layout: a workspace manifest beside `docs-input/`.
fn is_root(dir: &Path) -> bool {
    dir.join("docs-input").is_dir()
        && std::fs::read_to_string(dir.join("Cargo.toml"))
            .ok()
            .and_then(|text| text.parse::<toml::Table>().ok())
            .is_some_and(|manifest| manifest.contains_key("workspace"))
}
