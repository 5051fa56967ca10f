//! What every build of a generated crate compiles. Code that only some callers need
//! (sending an operation, the examples the oracle tests send) is generic or inline, so
//! that it is compiled by the crate that calls it: an app pays for the operations it
//! calls, not for all of them.

mod emit_support;

use std::path::{Path, PathBuf};

use emit_support::GeneratedCrate;

/// The newest library built for `crate_name` in the generated crates' target directory.
fn newest_rlib(crate_name: &str) -> PathBuf {
    let deps = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-crates/debug/deps");
    let prefix = format!("lib{}-", crate_name.replace('-', "_"));
    std::fs::read_dir(&deps)
        .unwrap_or_else(|e| panic!("{}: {e}", deps.display()))
        .filter_map(Result::ok)
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.starts_with(&prefix) && name.ends_with(".rlib")
        })
        .max_by_key(|entry| entry.metadata().and_then(|m| m.modified()).ok())
        .map(|entry| entry.path())
        .unwrap_or_else(|| panic!("no {prefix}*.rlib in {}", deps.display()))
}

/// Polly's crate has examples, which its hidden `examples::send` sends: its library
/// still holds no instance of the runtime's `Handle::send` (the symbol's mangled path
/// ends in `6Handle4send`), so no operation's sending path is compiled with it; nor
/// any constructor (`new`), which only callers compile.
#[test]
fn the_library_compiles_no_sending_path_and_no_constructor() {
    let service = emit_support::load("polly");
    assert!(
        service
            .operations
            .values()
            .any(|op| !op.examples.is_empty()),
        "the case needs examples"
    );
    let name = "sdk-polly-compile-cost";
    GeneratedCrate::write(&service, name, &[]).cargo(&["build", "--lib", "--quiet"]);
    let rlib = newest_rlib(name);
    let bytes = std::fs::read(&rlib).unwrap_or_else(|e| panic!("{}: {e}", rlib.display()));
    for (needle, what) in [
        (&b"6Handle4send"[..], "Handle::send"),
        // `new()` of a structure without required members.
        (&b"17ListLexiconsInput3new"[..], "ListLexiconsInput::new"),
    ] {
        let found = bytes.windows(needle.len()).filter(|w| *w == needle).count();
        assert_eq!(
            found,
            0,
            "{} holds {found} symbols of {what}",
            rlib.display()
        );
    }
}
