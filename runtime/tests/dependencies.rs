//! What the runtime builds for an app, as `cargo tree` resolves it: every crate here is
//! compiled by every user of every generated crate, so the build stays small.
//!
//! - No procedural macro: one pulls `syn` and has to finish before the crates that use
//!   it can start, on the path that bounds an app's clean build.
//! - No serde crate unless the `serde` feature asks for it: documents and credential
//!   files are read with the runtime's own JSON reader.

use std::process::Command;

/// The packages (`name version`) of the runtime's normal and build dependencies with
/// `features` (`None`: the default features), each once, proc macros marked.
fn tree(features: Option<&str>) -> Vec<String> {
    let mut command = Command::new(env!("CARGO"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "tree",
            "--offline",
            "-p",
            "sdk-runtime",
            "-e",
            "normal,build",
        ])
        .args(["--prefix", "none", "--no-dedupe"]);
    if let Some(features) = features {
        command.args(["--no-default-features", "--features", features]);
    }
    let output = command.output().expect("running cargo tree");
    assert!(
        output.status.success(),
        "cargo tree: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut packages: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| line.trim_end_matches(" (*)").to_owned())
        .collect();
    packages.sort();
    packages.dedup();
    packages
}

fn named<'a>(packages: &'a [String], names: &[&str]) -> Vec<&'a String> {
    packages
        .iter()
        .filter(|p| names.contains(&p.split(' ').next().unwrap_or_default()))
        .collect()
}

/// The feature sets generated crates turn on (their protocols, waiters, checksums),
/// with and without the default transport.
const SETS: &[Option<&str>] = &[
    None,
    Some(""),
    Some("json"),
    Some("rest-json,waiters,default-https-client,native-roots,credentials-sts"),
    Some("rest-xml,checksums,request-compression,default-https-client"),
    Some("ec2-query,waiters,tracing,default-https-client"),
    Some("test-util,json"),
];

#[test]
fn no_procedural_macro_is_built() {
    for features in SETS.iter().copied().chain([Some("serde,rest-json")]) {
        let packages = tree(features);
        let macros: Vec<_> = packages
            .iter()
            .filter(|p| p.ends_with("(proc-macro)"))
            .collect();
        assert!(macros.is_empty(), "features {features:?}: {macros:?}");
    }
}

#[test]
fn serde_is_built_only_for_the_serde_feature() {
    const SERDE: &[&str] = &["serde", "serde_core", "serde_json"];
    for features in SETS.iter().copied() {
        let packages = tree(features);
        let serde = named(&packages, SERDE);
        assert!(serde.is_empty(), "features {features:?}: {serde:?}");
    }
    let with_serde = tree(Some("serde,json"));
    assert_eq!(named(&with_serde, &["serde"]).len(), 1, "{with_serde:?}");
}
