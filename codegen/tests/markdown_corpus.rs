//! The published AWS API Reference in `../shared/markdown-corpus/` (Lambda; DynamoDB with
//! DynamoDB Accelerator and DynamoDB Streams in one folder), read as published, index
//! pages included: every member and error entry a page shows must reach the model or be
//! named by a diagnostic, Markdown alone and merged with the reST pages of the same
//! service, with no error.
//!
//! The pages are counted by `published_pages`, which shares no code with the reader.
//! The reST pages come from `docs-input/` when a service is there (dynamodb); for the
//! others set `CORPUS_REST_DOCS` to a directory of service folders written by `cargo
//! xtask import-docs <service> --out <dir>` (CI's corpus step does). Without the folder
//! of published pages, or without reST pages for a service, the test says so and skips
//! that part.

mod published_pages;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use codegen::diagnostics::{Diagnostic, Severity};
use codegen::ir::{Location, Metadata, Service};
use codegen::passes::merge::with_markdown;
use published_pages::{scan_dir, EntryLine, PageEntries, Section};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn corpus() -> Option<PathBuf> {
    let dir = workspace().join("../shared/markdown-corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "skipping: no published pages at {} (see its README)",
            dir.display()
        );
        None
    }
}

/// One service of a folder of published pages: its boto3 name, the uid its pages link
/// to, and its wire protocol.
struct Published {
    folder: &'static str,
    service: &'static str,
    uid: &'static str,
    protocol: &'static str,
}

const SERVICES: [Published; 4] = [
    Published {
        folder: "lambda",
        service: "lambda",
        uid: "lambda-2015-03-31",
        protocol: "rest-json",
    },
    Published {
        folder: "dynamodb",
        service: "dynamodb",
        uid: "dynamodb-2012-08-10",
        protocol: "json",
    },
    Published {
        folder: "dynamodb",
        service: "dax",
        uid: "dax-2017-04-19",
        protocol: "json",
    },
    Published {
        folder: "dynamodb",
        service: "dynamodbstreams",
        uid: "streams-dynamodb-2012-08-10",
        protocol: "json",
    },
];

/// A service folder as a user lays it out: `service.toml` and `markdown/`, the published
/// folder linked in place (never copied into the project).
fn service_folder(root: &Path, pages: &Path, service: &str, toml: &str) -> PathBuf {
    let dir = root.join(service);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("service.toml"), toml).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(pages, dir.join("markdown")).unwrap_or_else(|e| panic!("{e}"));
    dir
}

/// The reST pages of `service`: `docs-input/`, else `CORPUS_REST_DOCS`.
fn rest_pages(service: &str) -> Option<PathBuf> {
    let mut roots = vec![workspace().join("docs-input")];
    roots.extend(std::env::var_os("CORPUS_REST_DOCS").map(PathBuf::from));
    roots
        .into_iter()
        .map(|root| root.join(service))
        .find(|dir| dir.join("index.rst").is_file())
}

/// What the count found for one service and variant.
#[derive(Default)]
struct Count {
    members: usize,
    errors: usize,
    reached: usize,
    explained: usize,
    error_diagnostics: Vec<String>,
    unexplained: Vec<String>,
}

impl Count {
    fn line(&self, name: &str) -> String {
        format!(
            "{name:<28} {:>7} {:>6} {:>8} {:>9} {:>11} {:>6}",
            self.members,
            self.errors,
            self.reached,
            self.explained,
            self.unexplained.len(),
            self.error_diagnostics.len()
        )
    }
}

/// A diagnostic of `file` that names `name` or sits on the entry's lines.
fn explains(diagnostics: &[Diagnostic], file: &str, name: &str, entry: Option<&EntryLine>) -> bool {
    let quoted = format!("`{name}`");
    diagnostics.iter().any(|d| {
        d.file.to_string_lossy() == file
            && (d.message.contains(&quoted)
                || entry.is_some_and(|e| (e.line..e.end).contains(&d.line)))
    })
}

/// Counts the entries of `pages` (those of one service) against `service`.
fn count(pages: &[&PageEntries], service: &Service, diagnostics: &[Diagnostic]) -> Count {
    let mut out = Count::default();
    for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        out.error_diagnostics.push(d.to_string());
    }
    for page in pages {
        let file = format!("markdown/{}", page.file);
        let here = |what: &str| format!("{file}: {what}");
        // The shapes the page documents, as the model names them.
        let op = page
            .operation
            .then(|| service.operations.get(&page.title))
            .flatten();
        if page.operation
            && op.is_none()
            && !page.entries.is_empty()
            && !explains(diagnostics, &file, &page.title, None)
        {
            let missing = format!("operation `{}` is not in the model", page.title);
            out.unexplained.push(here(&missing));
        }
        let shape_of = |section: Section| -> Option<&str> {
            match section {
                Section::Request => op.map(|o| o.input.as_str()),
                Section::Response => op.map(|o| o.output.as_str()),
                Section::Contents => Some(page.title.as_str()),
                Section::Errors => None,
            }
        };
        for entry in &page.entries {
            if entry.section == Section::Errors {
                out.errors += 1;
            } else {
                out.members += 1;
            }
            let found = match entry.section {
                Section::Errors => op.is_some_and(|o| {
                    o.errors.contains(&entry.name) && service.shapes.contains_key(&entry.name)
                }),
                section => shape_of(section)
                    .and_then(|name| service.shapes.get(name))
                    .is_some_and(|shape| {
                        shape.kind.members().iter().any(|m| {
                            m.name == entry.name
                                || entry.anchor.as_deref() == Some(m.name.as_str())
                                || binds(&m.location, &entry.name)
                        })
                    }),
            };
            // An anchor naming another member (`ARN` shown, `Resource` meant) is one
            // member, never two.
            if let (Some(anchor), Some(shape)) = (
                entry.anchor.as_deref().filter(|a| *a != entry.name),
                shape_of(entry.section).and_then(|name| service.shapes.get(name)),
            ) {
                let has = |name: &str| shape.kind.members().iter().any(|m| m.name == name);
                if has(anchor) && has(&entry.name) {
                    out.unexplained.push(here(&format!(
                        "entry `{}` (member `{anchor}`) became two members of `{}`",
                        entry.name, shape.name
                    )));
                }
            }
            if found {
                out.reached += 1;
            } else if explains(diagnostics, &file, &entry.name, Some(entry)) {
                out.explained += 1;
            } else {
                out.unexplained.push(here(&format!(
                    "{:?} entry `{}` (line {}) is neither in the model nor named by a diagnostic",
                    entry.section, entry.name, entry.line
                )));
            }
        }
        // What the model has beyond the page (reST-only members and errors, merged) must
        // be reported too.
        for section in [Section::Request, Section::Response, Section::Contents] {
            let Some(shape) = shape_of(section).and_then(|name| service.shapes.get(name)) else {
                continue;
            };
            let on_page: Vec<&EntryLine> = page
                .entries
                .iter()
                .filter(|e| e.section == section)
                .collect();
            if on_page.is_empty() && section == Section::Contents && !page.operation {
                continue;
            }
            for member in shape.kind.members() {
                let listed = on_page.iter().any(|e| {
                    e.name == member.name
                        || e.anchor.as_deref() == Some(member.name.as_str())
                        || binds(&member.location, &e.name)
                });
                if !listed && !explains(diagnostics, &file, &member.name, None) {
                    out.unexplained.push(here(&format!(
                        "the model's `{}` has member `{}`, which the page does not list",
                        shape.name, member.name
                    )));
                }
            }
        }
        if let Some(op) = op {
            for error in &op.errors {
                let listed = page
                    .entries
                    .iter()
                    .any(|e| e.section == Section::Errors && e.name == *error);
                if !listed && !explains(diagnostics, &file, error, None) {
                    out.unexplained.push(here(&format!(
                        "the model's `{}` lists error `{error}`, which the page does not",
                        page.title
                    )));
                }
            }
            check_labels(service, op, &file, &mut out);
        }
    }
    out
}

/// A member bound to the URI label, query key or header `name`.
fn binds(location: &Location, name: &str) -> bool {
    match location {
        Location::Label(wire)
        | Location::GreedyLabel(wire)
        | Location::Query(wire)
        | Location::Header(wire) => wire == name,
        _ => false,
    }
}

/// One member per URI label, and none beside it named after the label.
fn check_labels(service: &Service, op: &codegen::ir::Operation, file: &str, out: &mut Count) {
    let Some(input) = service.shapes.get(&op.input) else {
        return;
    };
    let members = input.kind.members();
    let mut bound: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for m in members {
        if let Location::Label(label) | Location::GreedyLabel(label) = &m.location {
            bound.entry(label).or_default().push(&m.name);
        }
    }
    for (label, names) in bound {
        let twins = members
            .iter()
            .filter(|m| m.name == label && !names.contains(&m.name.as_str()))
            .count();
        if names.len() > 1 || twins > 0 {
            out.unexplained.push(format!(
                "{file}: URI label `{label}` of `{}` is bound by {names:?} and named by {twins} more member(s)",
                op.name
            ));
        }
    }
}

/// The pages of each service, by the uid of their See Also links; pages without one
/// (index pages) belong to none.
fn by_service<'a>(pages: &'a [PageEntries], uid: &str) -> Vec<&'a PageEntries> {
    pages
        .iter()
        .filter(|p| p.uid.as_deref() == Some(uid))
        .collect()
}

#[test]
fn every_published_entry_reaches_the_model_or_a_diagnostic() {
    let Some(corpus) = corpus() else { return };
    let temp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut table = format!(
        "{:<28} {:>7} {:>6} {:>8} {:>9} {:>11} {:>6}\n",
        "service (variant)", "members", "errors", "in model", "diagnosed", "unexplained", "ERRORS"
    );
    let mut failures: Vec<String> = Vec::new();
    let mut scanned: BTreeMap<&str, Vec<PageEntries>> = BTreeMap::new();
    for published in &SERVICES {
        let pages = corpus.join(published.folder);
        let scanned = scanned
            .entry(published.folder)
            .or_insert_with(|| scan_dir(&pages));
        let mine = by_service(scanned, published.uid);
        assert!(
            !mine.is_empty(),
            "no page of {} links to {}",
            published.folder,
            published.uid
        );

        // Markdown alone.
        let toml = format!(
            "service = \"{}\"\nprotocol = \"{}\"\nuid = \"{}\"\n",
            published.service, published.protocol, published.uid
        );
        let root = temp.path().join("markdown-only");
        let dir = service_folder(&root, &pages, published.service, &toml);
        let metadata: Metadata = toml::from_str(&toml).unwrap_or_else(|e| panic!("{e}"));
        let (service, diagnostics) = with_markdown(&dir, published.service, metadata, None)
            .unwrap_or_else(|e| panic!("{e}"));
        let found = count(&mine, &service, &diagnostics);
        let name = format!("{} (markdown)", published.service);
        let _ = writeln!(table, "{}", found.line(&name));
        failures.extend(
            found
                .error_diagnostics
                .iter()
                .map(|d| format!("{name}: {d}")),
        );
        failures.extend(found.unexplained.iter().map(|u| format!("{name}: {u}")));

        // Merged with the reST pages of the same service.
        let name = format!("{} (merged)", published.service);
        let Some(rest_dir) = rest_pages(published.service) else {
            let _ = writeln!(
                table,
                "{name:<28} skipped: no reST pages in docs-input/ or CORPUS_REST_DOCS"
            );
            continue;
        };
        let rest = codegen::load_service(&rest_dir).unwrap_or_else(|e| panic!("{e}"));
        let toml = std::fs::read_to_string(rest_dir.join("service.toml"))
            .unwrap_or_else(|e| panic!("{e}"));
        let root = temp.path().join("merged");
        let dir = service_folder(&root, &pages, published.service, &toml);
        let metadata = rest.service.metadata.clone();
        let (service, mut diagnostics) =
            with_markdown(&dir, published.service, metadata, Some(rest.service))
                .unwrap_or_else(|e| panic!("{e}"));
        diagnostics.extend(rest.diagnostics);
        let found = count(&mine, &service, &diagnostics);
        let _ = writeln!(table, "{}", found.line(&name));
        failures.extend(
            found
                .error_diagnostics
                .iter()
                .map(|d| format!("{name}: {d}")),
        );
        failures.extend(found.unexplained.iter().map(|u| format!("{name}: {u}")));
    }
    println!("{table}");
    assert!(
        failures.is_empty(),
        "{table}\n{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
