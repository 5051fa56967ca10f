//! Where things are in the repository.

use std::path::{Path, PathBuf};

/// The workspace root: the parent of this crate's directory.
pub fn root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// The docs every generated crate comes from.
pub fn docs_input() -> PathBuf {
    root().join("docs-input")
}
