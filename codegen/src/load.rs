//! Loading one service directory of boto3 reference pages into the model.
//!
//! The layout is the one boto3 publishes: `index.rst`, `client/*.rst`,
//! `paginator/*.rst`, `waiter/*.rst`, plus `service.toml` holding the wire
//! facts the pages do not state ([`crate::ir::Metadata`]) and `wire.toml`, how
//! operations and members travel ([`passes::wire`]). A `markdown/` folder of
//! AWS API Reference pages, beside them or alone, is read by [`passes::merge`].

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{page_text, Diagnostic, Severity};
use crate::ir;
use crate::parse::rst::{self, Page};
use crate::passes;

/// A loaded service and what was noticed on the way.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The model.
    pub service: ir::Service,
    /// Warnings (errors make [`load_service`] fail instead).
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a service directory could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The directory has no `index.rst`.
    #[error("{}: no index.rst; not a boto3 service directory", dir.display())]
    MissingIndex {
        /// The directory.
        dir: PathBuf,
    },
    /// A file or directory could not be read. The cause is part of the message, not a
    /// [`std::error::Error::source`], so that reporters walking the chain print it once.
    #[error("{}: {cause}", path.display())]
    Io {
        /// What could not be read.
        path: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
    /// `service.toml` is missing keys or is not TOML.
    #[error("{}: {message}", path.display())]
    Metadata {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The pages hold errors: the model would be wrong.
    #[error("{}", render(diagnostics))]
    Invalid {
        /// Every diagnostic, errors and warnings, in file order.
        diagnostics: Vec<Diagnostic>,
    },
}

fn render(diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    format!(
        "{} error(s) in the pages:\n{}",
        errors.len(),
        errors.join("\n")
    )
}

/// The sub-directories holding pages, in the order they are read.
pub const PAGE_DIRS: [&str; 3] = ["client", "paginator", "waiter"];

/// Reads one service directory (index.rst, client/*.rst, paginator/*.rst,
/// waiter/*.rst, service.toml) into the model. Err only when the directory is
/// unusable (missing index, unreadable files, bad service.toml, any
/// [`Severity::Error`] diagnostic); warnings come back in
/// [`Loaded::diagnostics`]. Diagnostics name files relative to `dir`.
pub fn load_service(dir: &Path) -> Result<Loaded, LoadError> {
    let index = dir.join("index.rst");
    if !index.is_file() && passes::merge::has_markdown(dir) {
        return load_markdown_only(dir);
    }
    if !index.is_file() {
        return Err(LoadError::MissingIndex {
            dir: dir.to_path_buf(),
        });
    }
    let metadata = read_metadata(&dir.join("service.toml"))?;
    let mut files = vec!["index.rst".to_owned()];
    for sub in PAGE_DIRS {
        files.extend(list_pages(dir, sub)?);
    }
    let mut diagnostics = Vec::new();
    let mut pages = Vec::with_capacity(files.len());
    for file in &files {
        let path = dir.join(file);
        let bytes = fs::read(&path).map_err(|cause| LoadError::Io { path, cause })?;
        let text = match page_text(file, bytes) {
            Ok(text) => text,
            Err(not_utf8) => {
                diagnostics.push(not_utf8);
                continue;
            }
        };
        // Paginator pages are compared with their client pages by structure
        // only; their prose would be thrown away.
        let (page, mut found) = if file.starts_with("paginator/") {
            rst::parse_page_structure(file, &text)
        } else {
            rst::parse_page(file, &text)
        };
        // A helper's page (S3's generate_presigned_post) is never read as an operation:
        // what it lacks as one is no warning.
        let helper = file
            .strip_prefix("client/")
            .and_then(|f| f.strip_suffix(".rst"));
        if helper.is_some_and(|m| passes::build::HELPERS.contains(&m)) {
            found.retain(|d| d.severity == Severity::Error);
        }
        diagnostics.extend(found);
        pages.push((file.clone(), page));
    }
    check_toctree(&pages, &files, &mut diagnostics);
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The wire facts' real names of shapes the pages leave unnamed go into naming.
    let real_names = fs::read_to_string(dir.join(passes::wire::FILE))
        .map(|text| passes::wire::read_names(&text))
        .unwrap_or_default();
    let (mut service, found) = passes::build_service_named(&name, &pages, metadata, &real_names);
    diagnostics.extend(found);
    // Markdown API Reference pages beside the reST pages refine the model.
    if passes::merge::has_markdown(dir) {
        let metadata = service.metadata.clone();
        let (merged, found) = passes::merge::with_markdown(dir, &name, metadata, Some(service))
            .map_err(markdown_error)?;
        service = merged;
        diagnostics.extend(found);
        // The merged model may type members differently: read the examples again.
        diagnostics.retain(|d| d.kind != passes::examples::NOT_READ);
        passes::examples::read_examples(&mut service, &mut diagnostics);
    }
    finish(dir, service, diagnostics)
}

/// The end of every load: the wire facts applied, diagnostics in file order, and the
/// load failed when any is an error.
fn finish(
    dir: &Path,
    mut service: ir::Service,
    mut diagnostics: Vec<Diagnostic>,
) -> Result<Loaded, LoadError> {
    wire_facts(dir, &mut service, &mut diagnostics)?;
    diagnostics.sort();
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(LoadError::Invalid { diagnostics });
    }
    Ok(Loaded {
        service,
        diagnostics,
    })
}

/// A folder with only `service.toml` and `markdown/`: the Markdown pages alone.
fn load_markdown_only(dir: &Path) -> Result<Loaded, LoadError> {
    let metadata = read_metadata(&dir.join("service.toml"))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (mut service, mut diagnostics) =
        passes::merge::with_markdown(dir, &name, metadata, None).map_err(markdown_error)?;
    passes::recursion::box_cycles(&mut service);
    passes::examples::read_examples(&mut service, &mut diagnostics);
    finish(dir, service, diagnostics)
}

/// The wire-facts file beside `service.toml`, when there is one, then the passes that
/// read wire traits, and the check that a REST service binds every operation.
fn wire_facts(
    dir: &Path,
    service: &mut ir::Service,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), LoadError> {
    let path = dir.join(passes::wire::FILE);
    if path.is_file() {
        let text = fs::read_to_string(&path).map_err(|cause| LoadError::Io {
            path: path.clone(),
            cause,
        })?;
        diagnostics.extend(passes::wire::apply(service, passes::wire::FILE, &text));
    }
    passes::idempotency::mark_tokens(service);
    diagnostics.extend(passes::wire::check_bindings(service));
    Ok(())
}

fn markdown_error(err: crate::parse::markdown::MarkdownError) -> LoadError {
    match err {
        crate::parse::markdown::MarkdownError::Io { path, source } => LoadError::Io {
            path,
            cause: source,
        },
    }
}

fn read_metadata(path: &Path) -> Result<ir::Metadata, LoadError> {
    let text = fs::read_to_string(path).map_err(|cause| LoadError::Io {
        path: path.to_path_buf(),
        cause,
    })?;
    toml::from_str(&text).map_err(|e| LoadError::Metadata {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// `sub/*.rst` relative to `dir`, sorted; a missing sub-directory has none.
fn list_pages(dir: &Path, sub: &str) -> Result<Vec<String>, LoadError> {
    let path = dir.join(sub);
    if !path.is_dir() {
        return Ok(Vec::new());
    }
    let io = |cause| LoadError::Io {
        path: path.clone(),
        cause,
    };
    let mut out = Vec::new();
    for entry in fs::read_dir(&path).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".rst") && entry.file_type().map_err(io)?.is_file() {
            out.push(format!("{sub}/{name}"));
        }
    }
    out.sort();
    Ok(out)
}

/// Every page the index lists exists, and every page in `files` is listed.
fn check_toctree(pages: &[(String, Page)], files: &[String], diagnostics: &mut Vec<Diagnostic>) {
    let Some(index) = pages.iter().find_map(|(_, p)| match p {
        Page::ServiceIndex(index) => Some(index),
        _ => None,
    }) else {
        return;
    };
    let listed: Vec<String> = index
        .methods
        .iter()
        .chain(&index.paginators)
        .chain(&index.waiters)
        .filter_map(|entry| {
            // `devicefarm/client/get_device` → `client/get_device.rst`
            let mut parts = entry.rsplit('/');
            let name = parts.next()?;
            let sub = parts.next()?;
            Some(format!("{sub}/{name}.rst"))
        })
        .collect();
    for file in &listed {
        if !files.contains(file) {
            diagnostics.push(Diagnostic::warning(
                "missing-page",
                "index.rst",
                index.source.line,
                index.source.column,
                format!("the index lists `{file}`, which is not in the directory"),
            ));
        }
    }
    for file in files.iter().filter(|f| *f != "index.rst") {
        if !listed.contains(file) {
            diagnostics.push(Diagnostic::warning(
                "unlisted-page",
                file,
                1,
                1,
                "page is not listed in the index's toctree".to_owned(),
            ));
        }
    }
}
