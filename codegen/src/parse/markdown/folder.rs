//! Reads a folder of pages: every `API_*.md` page, the index pages among them, then
//! only the pages of the service asked for ([`super::services`]), named by their titles.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::page::{AnyPage, IndexPage, Page, PageKind};
use super::reader::read_any_page;
use super::services::{attribute, choose, Choice, PageFacts, ServiceKey};
use super::types::page_name;
use super::{MarkdownError, MarkdownPages};
use crate::diagnostics::{page_text, Diagnostic};
use crate::ir::TypeRef;

/// One file, read.
struct Read {
    /// `API_dax_Cluster.md`.
    file_name: String,
    /// What it holds; `None` when it is no page at all.
    page: Option<AnyPage>,
    diagnostics: Vec<Diagnostic>,
}

/// Reads the `API_*.md` pages of `dir` that belong to the service `key` names. `label`
/// is the folder's name as sources and diagnostics show it.
pub fn read_pages_of(
    dir: &Path,
    label: &str,
    key: &ServiceKey,
) -> Result<(MarkdownPages, Vec<Diagnostic>), MarkdownError> {
    let shown = |file_name: &str| {
        if label.is_empty() {
            file_name.to_string()
        } else {
            format!("{label}/{file_name}")
        }
    };
    let mut reads = Vec::new();
    for (file_name, path) in page_files(dir)? {
        let bytes = std::fs::read(&path).map_err(io(&path))?;
        let read = match page_text(&shown(&file_name), bytes) {
            Ok(text) => {
                let (page, diagnostics) = read_any_page(&shown(&file_name), &text);
                Read {
                    file_name,
                    page,
                    diagnostics,
                }
            }
            Err(not_utf8) => Read {
                file_name,
                page: None,
                diagnostics: vec![not_utf8],
            },
        };
        reads.push(read);
    }

    let indexes: Vec<&IndexPage> = reads
        .iter()
        .filter_map(|read| match &read.page {
            Some(AnyPage::Index(index)) => Some(index),
            _ => None,
        })
        .collect();
    let facts: Vec<PageFacts<'_>> = reads
        .iter()
        .filter_map(|read| match &read.page {
            Some(AnyPage::Reference(page)) => Some(PageFacts {
                file: &read.file_name,
                prefix: prefix(&read.file_name, &page.name),
                uid: page.uid.as_deref(),
            }),
            _ => None,
        })
        .collect();
    let services = attribute(&facts, &indexes);
    let mut found: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for page in &facts {
        if let Some(Some(uid)) = services.get(page.file) {
            let counts = found.entry(uid.clone()).or_default();
            counts.0 += 1;
            counts.1 += usize::from(page.prefix.is_empty());
        }
    }
    let mut diagnostics = Vec::new();
    let listed = |uids: &BTreeMap<String, (usize, usize)>| {
        uids.keys()
            .map(|uid| format!("`{uid}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let chosen = match choose(key, &found) {
        Choice::All => None,
        Choice::Only(uid) => Some(uid),
        Choice::Guessed(uid) => {
            diagnostics.push(Diagnostic::warning(
                "several-services",
                label,
                0,
                0,
                format!(
                    "the pages are of {}; reading `{uid}`, whose pages have no file prefix \
                     (`uid` in service.toml chooses)",
                    listed(&found)
                ),
            ));
            Some(uid)
        }
        Choice::Missing => {
            let asked = key.uid.as_deref().unwrap_or_default();
            diagnostics.push(Diagnostic::error(
                "service-not-in-pages",
                label,
                0,
                0,
                format!(
                    "service.toml asks for `{asked}`; the pages are of {}",
                    listed(&found)
                ),
            ));
            return Ok((MarkdownPages::default(), diagnostics));
        }
    };

    let mut pages = MarkdownPages::default();
    let mut kept: Vec<(String, Page)> = Vec::new();
    for read in reads {
        match read.page {
            Some(AnyPage::Reference(page)) => {
                let uid = services.get(&read.file_name).cloned().flatten();
                match (&chosen, uid) {
                    (None, _) => {}
                    (Some(chosen), Some(uid)) if *chosen == uid => {}
                    (Some(_), Some(uid)) => {
                        pages
                            .other_services
                            .entry(uid)
                            .or_default()
                            .push(read.file_name);
                        continue;
                    }
                    (Some(_), None) => {
                        diagnostics.push(Diagnostic::warning(
                            "unattributed-page",
                            page.source.file.as_str(),
                            page.source.line,
                            page.source.column,
                            format!(
                                "neither See Also links, an index page nor the file name say \
                                 which of {} the page belongs to; not read",
                                listed(&found)
                            ),
                        ));
                        continue;
                    }
                }
                diagnostics.extend(read.diagnostics);
                kept.push((read.file_name, page));
            }
            Some(AnyPage::Index(index)) => {
                diagnostics.extend(read.diagnostics);
                pages.index.push(index);
            }
            None => diagnostics.extend(read.diagnostics),
        }
    }
    name_pages(kept, &mut pages, &mut diagnostics);
    Ok((pages, diagnostics))
}

/// The `API_*.md` files of `dir` in file-name order.
fn page_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, MarkdownError> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with("API_") && file_name.ends_with(".md") {
            files.push((file_name, entry.path()));
        }
    }
    files.sort();
    Ok(files)
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> MarkdownError {
    let path = path.to_path_buf();
    move |source| MarkdownError::Io { path, source }
}

/// `dax_` for `API_dax_Cluster.md` titled `Cluster`; empty when the file is named after
/// the title, or after something else.
fn prefix<'f>(file_name: &'f str, title: &str) -> &'f str {
    let stem = page_name(file_name).unwrap_or_default();
    stem.strip_suffix(title)
        .filter(|prefix| prefix.ends_with('_'))
        .unwrap_or_default()
}

/// Names each page by its title (`API_dax_Cluster.md` is `Cluster`); a title that is
/// not the file name, or the file name after a prefix, is reported and the file name
/// used. Links between the pages follow their names. A name documented twice keeps
/// its first page.
fn name_pages(
    kept: Vec<(String, Page)>,
    pages: &mut MarkdownPages,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    let mut named = Vec::with_capacity(kept.len());
    for (file_name, mut page) in kept {
        let stem = page_name(&file_name).unwrap_or_default().to_string();
        let prefixed = !prefix(&file_name, &page.name).is_empty();
        if stem != page.name && !prefixed && !stem.is_empty() {
            diagnostics.push(Diagnostic::warning(
                "title-mismatch",
                page.source.file.as_str(),
                page.source.line,
                page.source.column,
                format!(
                    "the title `{}` does not match the file name; links use the file name",
                    page.name
                ),
            ));
            page.name = stem;
        } else if prefixed {
            renamed.insert(stem, page.name.clone());
        }
        named.push(page);
    }
    for mut page in named {
        if !renamed.is_empty() {
            rename_links(&mut page, &renamed);
        }
        if let Some(first) = pages.pages.get(&page.name) {
            diagnostics.push(Diagnostic::warning(
                "duplicate-page",
                page.source.file.as_str(),
                page.source.line,
                page.source.column,
                format!(
                    "`{}` is already documented at {}:{}",
                    page.name, first.source.file, first.source.line
                ),
            ));
            continue;
        }
        pages.pages.insert(page.name.clone(), page);
    }
}

/// Points links to `API_dax_Cluster.md` (read as `dax_Cluster`) at `Cluster`.
fn rename_links(page: &mut Page, renamed: &BTreeMap<String, String>) {
    let entries = match &mut page.kind {
        PageKind::Operation(op) => {
            let errors = op.errors.iter_mut().flat_map(|e| e.members.iter_mut());
            op.request
                .iter_mut()
                .chain(op.response.iter_mut())
                .chain(errors)
                .collect::<Vec<_>>()
        }
        PageKind::DataType(data) => data.members.iter_mut().collect(),
    };
    let mut stack: Vec<&mut TypeRef> = entries
        .into_iter()
        .filter_map(|e| e.target.as_mut())
        .collect();
    while let Some(target) = stack.pop() {
        match target {
            TypeRef::Named { name } | TypeRef::EventStream { name } => {
                if let Some(new) = renamed.get(name) {
                    name.clone_from(new);
                }
            }
            TypeRef::List { member } => stack.push(member),
            TypeRef::Map { key, value } => {
                stack.push(key);
                stack.push(value);
            }
            _ => {}
        }
    }
}
