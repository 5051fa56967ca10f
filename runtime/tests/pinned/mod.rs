//! The pinned botocore the tests compare the runtime with: the Python of the
//! environment `cargo xtask import-docs` (and `cargo xtask test`) installs
//! `docs-input/boto3.pin` into, or `BOTOCORE_PYTHON`.

use std::path::{Path, PathBuf};

/// The Python that has the pinned botocore; `None` when it is not installed (the test
/// skips), except under CI (`CI` set), where `cargo xtask test` installs it and a
/// missing botocore fails the test rather than let it pass unchecked.
pub fn python() -> Option<PathBuf> {
    let found = find();
    assert!(
        found.is_some() || std::env::var_os("CI").is_none(),
        "the pinned botocore is not installed, and CI must compare with it \
         (run the tests with `cargo xtask test`)"
    );
    found
}

fn find() -> Option<PathBuf> {
    if let Some(python) = std::env::var_os("BOTOCORE_PYTHON") {
        return Some(python.into());
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let pin = std::fs::read_to_string(root.join("docs-input/boto3.pin")).ok()?;
    // As xtask names it: the requirements, space-separated, hashed with FNV-1a.
    let key = pin
        .lines()
        .map(|line| line.split('#').next().unwrap_or_default())
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ");
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let env = target.join("boto3-env").join(format!("{hash:016x}"));
    // Written last by xtask: without it the install is unfinished.
    let installed = std::fs::read_to_string(env.join("installed.pin")).ok()?;
    let python = env
        .join(if cfg!(windows) { "Scripts" } else { "bin" })
        .join("python");
    (installed == key && python.exists()).then_some(python)
}
