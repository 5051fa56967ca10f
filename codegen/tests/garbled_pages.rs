//! Truncated and garbled versions of the seed pages: the parser and the passes
//! never panic, and damage that changes the model is reported.

use std::path::{Path, PathBuf};

use codegen::diagnostics::{Diagnostic, Severity};
use codegen::ir::Metadata;
use codegen::parse::rst::parse_page;
use codegen::passes::build_service;
use codegen::LoadError;

const SEEDS: [(&str, &str); 3] = [
    (
        "devicefarm-client-get_remote_access_session.rst",
        "client/get_remote_access_session.rst",
    ),
    (
        "devicefarm-client-create_remote_access_session.rst",
        "client/create_remote_access_session.rst",
    ),
    (
        "appstream-paginator-DescribeSessions.rst",
        "paginator/DescribeSessions.rst",
    ),
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate lives in the workspace")
        .to_path_buf()
}

fn seed(file: &str) -> String {
    std::fs::read_to_string(workspace().join("tests/fixtures/seeds").join(file))
        .expect("readable seed")
}

/// Parses and models one page; returns every diagnostic.
fn model(name: &str, text: &str) -> Vec<Diagnostic> {
    let (page, mut diagnostics) = parse_page(name, text);
    let (_, found) = build_service("", &[(name.to_owned(), page)], Metadata::default());
    diagnostics.extend(found);
    diagnostics
}

fn kinds(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(|d| d.kind).collect()
}

/// A small deterministic generator, so failures reproduce.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

#[test]
fn every_line_truncation_is_survived() {
    for (file, name) in SEEDS {
        let text = seed(file);
        let lines: Vec<&str> = text.lines().collect();
        for cut in 0..lines.len() {
            model(name, &lines[..cut].join("\n"));
        }
    }
}

#[test]
fn byte_truncations_are_survived() {
    for (file, name) in SEEDS {
        let text = seed(file);
        for cut in (0..text.len()).step_by(61) {
            if text.is_char_boundary(cut) {
                model(name, &text[..cut]);
            }
        }
    }
}

#[test]
fn random_garbling_is_survived() {
    const NOISE: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        "'",
        "\"",
        ":",
        "*",
        "**",
        "-",
        "- ",
        "`",
        "``",
        "|",
        "=",
        "\n",
        "  ",
        "\t",
        "::",
        ".. ",
        "é",
        "{'... recursive ...'}",
        "**[REQUIRED]**",
        ":param x:",
    ];
    let mut rng = XorShift(0x5eed_cafe_f00d_1234);
    for (file, name) in SEEDS {
        let text = seed(file);
        for _ in 0..300 {
            let mut garbled = text.clone();
            for _ in 0..1 + rng.below(8) {
                let mut at = rng.below(garbled.len());
                while !garbled.is_char_boundary(at) {
                    at -= 1;
                }
                match rng.below(3) {
                    0 => garbled.insert_str(at, NOISE[rng.below(NOISE.len())]),
                    1 => {
                        let mut end = (at + rng.below(40)).min(garbled.len());
                        while !garbled.is_char_boundary(end) {
                            end -= 1;
                        }
                        garbled.replace_range(at..end, "");
                    }
                    _ => {
                        let lines: Vec<&str> = garbled.lines().collect();
                        let i = rng.below(lines.len());
                        let j = rng.below(lines.len());
                        let mut moved: Vec<&str> = lines.clone();
                        moved.swap(i, j);
                        garbled = moved.join("\n");
                    }
                }
            }
            model(name, &garbled);
        }
    }
}

#[test]
fn a_request_literal_cut_short_is_reported() {
    let text = seed(SEEDS[1].0);
    let cut = text
        .find("'deviceProxy': {")
        .expect("seed has a device proxy");
    let rest = &text[cut..];
    // Drop the rest of the literal but keep the parameter docs.
    let params = rest
        .find(":type projectArn:")
        .expect("seed documents projectArn");
    let garbled = format!("{}{}", &text[..cut], &rest[params..]);
    assert!(kinds(&model(SEEDS[1].1, &garbled)).contains(&"malformed-literal"));
}

#[test]
fn an_unbalanced_response_literal_is_reported() {
    let text = seed(SEEDS[0].0);
    let garbled = text.replacen("'cpu': {", "'cpu': {{", 1);
    let diagnostics = model(SEEDS[0].1, &garbled);
    let literal = diagnostics
        .iter()
        .find(|d| d.kind == "malformed-literal")
        .expect("reported");
    assert_eq!(literal.file, Path::new(SEEDS[0].1));
    assert!(literal.line > 0 && literal.column > 0, "{literal}");
}

#[test]
fn a_member_missing_from_the_literal_is_kept_and_reported() {
    let text = seed(SEEDS[1].0);
    let garbled = text.replacen("        appArn='string',\n", "", 1);
    let (page, _) = parse_page(SEEDS[1].1, &garbled);
    let (service, diagnostics) =
        build_service("", &[(SEEDS[1].1.to_owned(), page)], Metadata::default());
    assert!(kinds(&diagnostics).contains(&"member-not-in-syntax"));
    let input = &service.shapes["CreateRemoteAccessSessionInput"];
    assert!(input.kind.members().iter().any(|m| m.name == "appArn"));
}

#[test]
fn a_member_missing_from_the_docs_is_kept_and_reported() {
    let text = seed(SEEDS[1].0);
    let start = text.find("  :type appArn: string").expect("documented");
    let end = text.find("  :type instanceArn:").expect("documented");
    let garbled = format!("{}{}", &text[..start], &text[end..]);
    let (page, _) = parse_page(SEEDS[1].1, &garbled);
    let (service, diagnostics) =
        build_service("", &[(SEEDS[1].1.to_owned(), page)], Metadata::default());
    assert!(kinds(&diagnostics).contains(&"member-undocumented"));
    let input = &service.shapes["CreateRemoteAccessSessionInput"];
    assert!(input.kind.members().iter().any(|m| m.name == "appArn"));
}

#[test]
fn a_broken_item_is_reported() {
    let text = seed(SEEDS[0].0);
    let garbled = text.replacen("- **udid** *(string) --*", "- **udid** (string --", 1);
    let found = kinds(&model(SEEDS[0].1, &garbled));
    assert!(found.contains(&"unexpected-text"), "{found:?}");
    // The member is still in the model, from the syntax literal.
    assert!(found.contains(&"member-undocumented"), "{found:?}");
}

#[test]
fn a_page_without_its_method_is_an_error() {
    let text = seed(SEEDS[0].0);
    let garbled = text.replacen(".. py:method::", ".. py:method-gone::", 1);
    let diagnostics = model(SEEDS[0].1, &garbled);
    assert!(diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error && d.kind == "missing-directive"));
    let empty = model("client/nothing.rst", "");
    assert!(empty.iter().any(|d| d.severity == Severity::Error));
    let unknown = model("elsewhere.rst", "just some text\n");
    assert_eq!(kinds(&unknown).first(), Some(&"unknown-page"));
}

#[test]
fn absurd_nesting_is_cut_off_and_reported() {
    let mut text = seed(SEEDS[0].0);
    let at = text
        .find("    - *(dict) --* ")
        .expect("a response structure");
    let deep: String = (0..400)
        .map(|i| format!("{}- **m{i}** *(dict) --* \n\n", " ".repeat(4 + 2 * i)))
        .collect();
    text.insert_str(at, &deep);
    assert!(kinds(&model(SEEDS[0].1, &text)).contains(&"too-deep"));
}

/// A copy of the `lifecycle` fixture service to damage.
fn fixture_copy() -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rst/lifecycle");
    let dir = tempfile::tempdir().expect("temporary directory");
    for sub in ["", "client", "paginator", "waiter"] {
        std::fs::create_dir_all(dir.path().join(sub)).expect("created");
        for entry in std::fs::read_dir(from.join(sub)).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                let to = dir.path().join(sub).join(path.file_name().expect("named"));
                std::fs::copy(&path, to).expect("copied");
            }
        }
    }
    dir
}

#[test]
fn load_service_fails_on_errors_and_names_the_file() {
    let dir = fixture_copy();
    let page = dir.path().join("client/old_signal.rst");
    let text = std::fs::read_to_string(&page).expect("readable");
    std::fs::write(&page, text.replace(".. py:method::", ".. py:nothing::")).expect("written");
    match codegen::load_service(dir.path()) {
        Err(LoadError::Invalid { diagnostics }) => {
            let error = diagnostics
                .iter()
                .find(|d| d.severity == Severity::Error)
                .expect("an error");
            assert_eq!(error.file, Path::new("client/old_signal.rst"));
        }
        other => panic!("expected invalid pages, got {other:?}"),
    }
}

#[test]
fn load_service_needs_an_index_and_valid_metadata() {
    let dir = fixture_copy();
    std::fs::write(dir.path().join("service.toml"), "protocol = [").expect("written");
    assert!(matches!(
        codegen::load_service(dir.path()),
        Err(LoadError::Metadata { .. })
    ));
    std::fs::remove_file(dir.path().join("index.rst")).expect("removed");
    assert!(matches!(
        codegen::load_service(dir.path()),
        Err(LoadError::MissingIndex { .. })
    ));
}

/// Every diagnostic names a line and a column inside `text`.
fn assert_placed(diagnostics: &[Diagnostic], text: &str) {
    let lines: Vec<&str> = text.split('\n').collect();
    for d in diagnostics {
        let line = lines.get((d.line as usize).wrapping_sub(1));
        assert!(
            line.is_some_and(|l| d.column >= 1 && d.column as usize <= l.len() + 1),
            "not placed in the page: {d}"
        );
    }
}

#[test]
fn what_the_passes_say_about_a_page_without_its_method_is_placed() {
    for (file, name, directive) in [
        (SEEDS[0].0, SEEDS[0].1, ".. py:method::"),
        (SEEDS[2].0, SEEDS[2].1, ".. py:class::"),
        (SEEDS[2].0, SEEDS[2].1, ".. py:method::"),
    ] {
        let garbled = seed(file).replacen(directive, ".. py:gone::", 1);
        let diagnostics = model(name, &garbled);
        assert!(diagnostics.len() > 1, "{diagnostics:?}");
        assert_placed(&diagnostics, &garbled);
    }
}

#[test]
fn an_empty_request_literal_is_placed_at_its_marker_or_after() {
    let text = seed(SEEDS[0].0);
    let call = "    response = client.get_remote_access_session(\n        arn='string'\n    )\n";
    // The `::` is on line 21; first blank lines are left after it, then none.
    for (removed, kept) in [
        (call.to_owned(), ""),
        (format!("::\n\n{call}    \n"), "::\n"),
    ] {
        let garbled = text.replacen(&removed, kept, 1);
        assert_ne!(garbled, text);
        let diagnostics = model(SEEDS[0].1, &garbled);
        let literal = diagnostics
            .iter()
            .find(|d| d.kind == "malformed-literal")
            .expect("reported");
        assert!(literal.line >= 21, "{literal}");
        assert_placed(&diagnostics, &garbled);
    }
}

/// A member the syntax leaves out (as botocore's handlers hide some) goes where the
/// parameter docs list it, in the model's order, since protocols write members in
/// the order of the schema.
#[test]
fn a_member_missing_from_the_literal_keeps_its_place() {
    let text = seed(SEEDS[1].0);
    let names = |text: &str| -> Vec<String> {
        let (page, _) = parse_page(SEEDS[1].1, text);
        let (service, _) = build_service("", &[(SEEDS[1].1.to_owned(), page)], Metadata::default());
        service.shapes["CreateRemoteAccessSessionInput"]
            .kind
            .members()
            .iter()
            .map(|m| m.name.clone())
            .collect()
    };
    let whole = names(&text);
    let at = whole.iter().position(|n| n == "appArn").expect("a member");
    assert!(at + 1 < whole.len(), "appArn is not last: {whole:?}");
    let garbled = text.replacen("        appArn='string',\n", "", 1);
    assert_eq!(names(&garbled), whole);
}
