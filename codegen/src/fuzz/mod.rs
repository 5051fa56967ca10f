//! Mutation testing of the parsers: every page in the repository, damaged at random,
//! must come through the parser and the model passes without a panic, and whatever
//! goes wrong must be a diagnostic placed inside the page.
//!
//! A case is fully determined by the run's seed and the case's number ([`case`]), so a
//! failure is reproduced from those two numbers, or from the saved input. The bounded
//! test (`codegen/tests/fuzz_parsers.rs`) and `cargo xtask fuzz` share this module;
//! the long runner adds child processes, so that an abort or a hang is caught too.

mod mutate;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub use mutate::{Limits, Rng, KINDS};

use crate::diagnostics::{page_text, Diagnostic, Severity};
use crate::ir::Metadata;
use crate::parse::{markdown, rst};
use crate::passes;

/// The stack a case runs with: the main thread's, on which `codegen ir` parses.
pub const STACK: usize = 8 << 20;

/// Which parser reads a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Parser {
    /// boto3's reStructuredText pages.
    Rst,
    /// AWS API Reference pages in Markdown.
    Markdown,
}

impl Parser {
    /// `rst` or `markdown`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Rst => "rst",
            Self::Markdown => "markdown",
        }
    }

    /// The file extension of its pages.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Rst => "rst",
            Self::Markdown => "md",
        }
    }
}

/// A page to mutate.
#[derive(Clone, Debug)]
pub struct Seed {
    /// Where it is, relative to the repository root.
    pub path: PathBuf,
    /// The name the parser is given, which decides the kind of reST page
    /// (`client/get_device.rst`, `paginator/ListDevices.rst`, `index.rst`).
    pub name: String,
    /// Its parser.
    pub parser: Parser,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The directories, relative to the repository root, whose pages are seeds.
pub const SEED_DIRS: [&str; 3] = ["tests/fixtures", "codegen/tests/fixtures", "docs-input"];

/// Every page under [`SEED_DIRS`] of `root` (`*.rst`, and `API_*.md` as the Markdown
/// reader takes them), in path order.
pub fn seeds(root: &Path) -> io::Result<Vec<Seed>> {
    let mut paths = Vec::new();
    for dir in SEED_DIRS {
        let dir = root.join(dir);
        if dir.is_dir() {
            walk(&dir, &mut paths)?;
        }
    }
    paths.sort();
    let mut seeds = Vec::new();
    for path in paths {
        let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
            continue;
        };
        let parser = if file.ends_with(".rst") {
            Parser::Rst
        } else if file.starts_with("API_") && file.ends_with(".md") {
            Parser::Markdown
        } else {
            continue;
        };
        let parent = path
            .parent()
            .and_then(Path::file_name)
            .and_then(|p| p.to_str())
            .unwrap_or_default();
        seeds.push(Seed {
            name: page_name(parser, parent, file),
            parser,
            bytes: fs::read(&path)?,
            path: path.strip_prefix(root).unwrap_or(&path).to_path_buf(),
        });
    }
    Ok(seeds)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            walk(&entry.path(), out)?;
        } else {
            out.push(entry.path());
        }
    }
    Ok(())
}

/// The name a page has in its service directory: `client/x.rst` for a page in
/// `client/`, and for a seed named `<service>-client-x.rst` too.
fn page_name(parser: Parser, parent: &str, file: &str) -> String {
    const SUBS: [&str; 3] = ["client", "paginator", "waiter"];
    if parser == Parser::Markdown {
        return format!("markdown/{file}");
    }
    if SUBS.contains(&parent) {
        return format!("{parent}/{file}");
    }
    for sub in SUBS {
        if let Some((_, rest)) = file.split_once(&format!("-{sub}-")) {
            return format!("{sub}/{rest}");
        }
    }
    file.to_owned()
}

/// One damaged page.
#[derive(Clone, Debug)]
pub struct Case {
    /// The seed it was made from (an index into the seeds).
    pub seed: usize,
    /// The mutations applied, in order ([`KINDS`]).
    pub mutations: Vec<&'static str>,
    /// The page.
    pub bytes: Vec<u8>,
}

/// Case `number` of the run `run_seed` over `pool` (indices into `seeds`): a seed from
/// the pool, with one to four mutations. Lines are spliced in from any seed.
pub fn case(seeds: &[Seed], pool: &[usize], run_seed: u64, number: u64, limits: Limits) -> Case {
    let mut rng = Rng::new(run_seed, number);
    let seed = if pool.is_empty() {
        0
    } else {
        pool[rng.below(pool.len())]
    };
    case_of(seeds, seed, &mut rng, limits)
}

/// Like [`case`], but of the given seed.
pub fn case_of(seeds: &[Seed], seed: usize, rng: &mut Rng, limits: Limits) -> Case {
    let others: Vec<&[u8]> = seeds.iter().map(|s| s.bytes.as_slice()).collect();
    let mut bytes = seeds.get(seed).map(|s| s.bytes.clone()).unwrap_or_default();
    let mut mutations = Vec::new();
    for _ in 0..1 + rng.below(4) {
        let kind = rng.below(KINDS.len());
        mutate::apply(kind, &mut bytes, &others, rng, limits);
        mutations.push(KINDS[kind]);
    }
    Case {
        seed,
        mutations,
        bytes,
    }
}

/// Parses `bytes` as the page `seed` names, then models it. `Err` names what broke an
/// invariant: a page given up on without an error diagnostic, or a diagnostic not
/// placed inside the page. Panics are the caller's to catch.
pub fn check(seed: &Seed, bytes: &[u8]) -> Result<(), String> {
    let name = seed.name.as_str();
    let text = match page_text(name, bytes.to_vec()) {
        Ok(text) => text,
        Err(not_utf8) => {
            let text = String::from_utf8_lossy(bytes);
            return placed(&not_utf8, name, &text.split('\n').collect::<Vec<_>>());
        }
    };
    let diagnostics = match seed.parser {
        Parser::Rst => {
            let (page, mut diagnostics) = if name.starts_with("paginator/") {
                rst::parse_page_structure(name, &text)
            } else {
                rst::parse_page(name, &text)
            };
            let pages = [(name.to_owned(), page)];
            let (_, found) = passes::build_service("", &pages, Metadata::default());
            diagnostics.extend(found);
            diagnostics
        }
        Parser::Markdown => {
            let (page, mut diagnostics) = markdown::read_any_page(name, &text);
            match page {
                Some(markdown::AnyPage::Index(_)) => {}
                Some(markdown::AnyPage::Reference(page)) => {
                    let mut pages = markdown::MarkdownPages::default();
                    pages.pages.insert(page.name.clone(), page);
                    let (_, found) =
                        passes::merge::service_from_markdown("fuzz", Metadata::default(), &pages);
                    diagnostics.extend(found);
                }
                None if !diagnostics.iter().any(|d| d.severity == Severity::Error) => {
                    return Err("the page was given up on without an error".to_owned());
                }
                None => {}
            }
            diagnostics
        }
    };
    let lines: Vec<&str> = text.split('\n').collect();
    diagnostics
        .iter()
        .try_for_each(|diagnostic| placed(diagnostic, name, &lines))
}

/// The diagnostic names the page and a line and column inside it (or just past its
/// end); `lines` are the page's.
fn placed(diagnostic: &Diagnostic, name: &str, lines: &[&str]) -> Result<(), String> {
    let wrong = |what: &str| Err(format!("{what}: {diagnostic}"));
    if diagnostic.file != Path::new(name) {
        return wrong("a diagnostic names another file");
    }
    if diagnostic.message.trim().is_empty() {
        return wrong("a diagnostic says nothing");
    }
    let line = diagnostic.line as usize;
    let column = diagnostic.column as usize;
    if line == 0 || column == 0 {
        return wrong("a diagnostic has no place");
    }
    let Some(text) = lines.get(line - 1) else {
        return wrong("a diagnostic is placed after the last line");
    };
    // Columns count characters in one parser and bytes in the other.
    if column > text.len() + 1 {
        return wrong("a diagnostic is placed after the end of its line");
    }
    Ok(())
}
