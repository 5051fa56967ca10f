//! The pinned botocore, for tests that compare the generated clients with it: the
//! Python of the environment `cargo xtask import-docs` (and `cargo xtask test`)
//! installs the pin into, and a way to run a script in it.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The Python that has the pinned boto3 and botocore: `BOTOCORE_PYTHON`, or the
/// virtualenv xtask installs `docs-input/boto3.pin` into (`<target>/boto3-env/<hash>/`).
///
/// `None` when neither is there, and the test is skipped; under CI (`CI` set), where
/// `cargo xtask test` installs it, a missing botocore fails the test instead.
pub fn pinned_python() -> Option<PathBuf> {
    let found = find();
    assert!(
        found.is_some() || std::env::var_os("CI").is_none(),
        "the pinned botocore is not installed, and CI must compare with it \
         (run the tests with `cargo xtask test`)"
    );
    if found.is_none() {
        eprintln!("skipped: the pinned botocore is not installed (cargo xtask import-docs)");
    }
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

/// Runs `script` with `python`, `input` on its standard input as JSON, and reads its
/// standard output as JSON.
pub fn run(python: &Path, script: &str, input: &serde_json::Value) -> serde_json::Value {
    let mut child = Command::new(python)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the pinned Python starts");
    let mut stdin = child.stdin.take().expect("piped");
    stdin
        .write_all(input.to_string().as_bytes())
        .expect("the script reads its input");
    drop(stdin);
    let output = child.wait_with_output().expect("the script ends");
    assert!(output.status.success(), "the botocore script failed");
    serde_json::from_slice(&output.stdout).expect("the script prints JSON")
}
