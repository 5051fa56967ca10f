//! The Markdown reader on the project's fixture pages: what each page says, what it
//! reports, and that no page, however broken, makes it panic.

use std::path::{Path, PathBuf};

use codegen::diagnostics::Severity;
use codegen::ir::{TypeRef, Width};
use codegen::parse::markdown::{read_page, read_pages, PageKind};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/markdown")
}

fn read(folder: &str) -> (codegen::parse::markdown::MarkdownPages, Vec<String>) {
    let (pages, diagnostics) = match read_pages(&fixtures().join(folder), "markdown") {
        Ok(read) => read,
        Err(err) => panic!("{err}"),
    };
    (pages, diagnostics.iter().map(ToString::to_string).collect())
}

#[test]
fn devicefarm_pages() {
    let (pages, diagnostics) = read("devicefarm");
    assert_eq!(diagnostics, Vec::<String>::new());
    insta::assert_yaml_snapshot!(pages);
}

#[test]
fn appstream_pages() {
    let (pages, diagnostics) = read("appstream");
    assert_eq!(diagnostics, Vec::<String>::new());
    insta::assert_yaml_snapshot!(pages);
}

#[test]
fn rest_pages() {
    let (pages, diagnostics) = read("widgets/markdown");
    assert_eq!(diagnostics, Vec::<String>::new());
    insta::assert_yaml_snapshot!(pages);
}

#[test]
fn the_facts_boto3_pages_lack_are_read() {
    let (pages, _) = read("devicefarm");
    let device = &pages.pages["Device"];
    let PageKind::DataType(device) = &device.kind else {
        panic!("Device is a data type page")
    };
    let member = |name: &str| device.members.iter().find(|m| m.name == name);
    assert_eq!(
        member("heapSize").and_then(|m| m.target.clone()),
        Some(TypeRef::Integer { width: Width::W64 })
    );
    assert_eq!(
        member("cpu").and_then(|m| m.target.clone()),
        Some(TypeRef::Named { name: "CPU".into() })
    );
    let arn = member("arn")
        .map(|m| m.constraints.clone())
        .unwrap_or_default();
    assert_eq!((arn.min_length, arn.max_length), (Some(32), Some(1011)));
    assert_eq!(arn.pattern.as_deref(), Some("^arn:aws:devicefarm:.+"));

    let PageKind::Operation(op) = &pages.pages["GetRemoteAccessSession"].kind else {
        panic!("GetRemoteAccessSession is an operation page")
    };
    let statuses: Vec<_> = op
        .errors
        .iter()
        .map(|e| (e.name.as_str(), e.http_status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("ArgumentException", Some(400)),
            ("LimitExceededException", Some(400)),
            ("NotFoundException", Some(400)),
            ("ServiceAccountException", Some(400)),
        ]
    );
    assert_eq!(
        pages.pages["GetRemoteAccessSession"].uid.as_deref(),
        Some("devicefarm-2015-06-23")
    );
}

#[test]
fn malformed_pages_are_reported_with_their_place() {
    let (pages, diagnostics) = read("malformed");
    // Only the pages that are reference pages at all come out.
    let names: Vec<&String> = pages.pages.keys().collect();
    assert_eq!(names, ["BadErrors", "Garbled", "Truncated"]);
    insta::assert_yaml_snapshot!(diagnostics);
}

/// Every prefix of every fixture page (and of the published samples, when present)
/// reads without a panic, and every diagnostic points inside the page.
#[test]
fn truncated_pages_never_panic() {
    let mut files = Vec::new();
    for folder in [
        "devicefarm",
        "appstream",
        "conflict",
        "malformed",
        "widgets/markdown",
    ] {
        files.extend(md_files(&fixtures().join(folder)));
    }
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/markdown-samples");
    for service in ["devicefarm", "appstream"] {
        files.extend(md_files(&samples.join(service)));
    }
    let mut prefixes = 0;
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let lines = text.lines().count() as u32 + 1;
        let cuts = text
            .char_indices()
            .map(|(at, _)| at)
            .step_by(5)
            .chain([text.len()]);
        for cut in cuts {
            let (_, diagnostics) = read_page("page.md", &text[..cut]);
            for d in &diagnostics {
                assert!(d.line <= lines, "{d} is past the end of {}", file.display());
            }
            prefixes += 1;
        }
    }
    assert!(prefixes > 1000, "only {prefixes} prefixes read");
}

#[test]
fn garbage_bytes_and_odd_text_never_panic() {
    let odd = [
        "",
        "#",
        "# \n",
        "# X\n## Contents\n **",
        "# X\n## Contents\n ** a **\nType: Array of Array of",
        "# X\n## Request Syntax\n```\n{{{{{{\n```\n",
        "# X\n## Request Syntax\n```\nGET\n```\n",
        "# X\n## Errors\nHTTP Status Code: 99999999\n",
        "# X\n## Contents\n ** a **\nLength Constraints: Minimum length of 99999999999999999999999.\n",
        "---\n---\n# \u{1F600}\n",
        "# X\n<a name=\"\n## Contents\n",
    ];
    for text in odd {
        let _ = read_page("odd.md", text);
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("API_Bytes.md"),
        [0xff, 0xfe, b'#', b' ', 0xc3],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (pages, diagnostics) = read_pages(dir.path(), "").unwrap_or_else(|e| panic!("{e}"));
    assert!(pages.pages.is_empty());
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Error);
    assert_eq!(diagnostics[0].kind, "not-utf8");
}

fn md_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
}
