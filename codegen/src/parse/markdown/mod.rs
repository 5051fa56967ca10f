//! The AWS API Reference in Markdown: operation pages (`API_<Operation>.md`) and data
//! type pages (`API_<Type>.md`).
//!
//! # Layout of a page
//!
//! Optional YAML front matter, a `# Name` title followed by `<a name="...">` anchors and
//! the intro, then `##` sections:
//!
//! - operation pages: `Request Syntax` (a JSON skeleton with `{{string}}` / `{{number}}`
//!   placeholders; for REST services first a request line such as
//!   `GET /apps/{appId}?maxResults=MaxResults HTTP/1.1` and header lines),
//!   `URI Request Parameters`, `Request Parameters`, `Request Body`, `Response Syntax`,
//!   `Response Elements`, `Errors` (each error with its members and
//!   `HTTP Status Code:`), `Examples`, `See Also` (the service uid is in its links);
//! - data type pages: `Contents` and `See Also`.
//!
//! Every member is one entry: a ` ** name ** ` line, docs lines (a
//! `*This member has been deprecated.*` line marks a deprecation), then attribute lines:
//! `Type:` (with the real shape names in links: `[CPU](API_CPU.md) object`,
//! `Array of [Session](API_Session.md) objects`, `String to string map`), `Length
//! Constraints:`, `Pattern:`, `Valid Values:`, `Valid Range:`, `Array Members:`,
//! `Map Entries:` and `Required:`.
//!
//! # What comes out
//!
//! [`read_page`] gives a [`Page`]: what one page says, in the model's vocabulary
//! ([`crate::ir::TypeRef`], [`crate::ir::Constraints`]) but with no cross-page facts
//! decided. [`crate::passes::merge`] turns pages into a [`crate::ir::Service`], alone or
//! merged with the reST model. Lines the reader does not understand become
//! [`Diagnostic`]s with the page, line and column; no page makes it panic.
//!
//! Constraints the reference states for list items and map keys or values (a `Pattern:`
//! under `Type: Array of strings`, `Key Length Constraints:`) are read but not kept:
//! the model holds constraints per member.

mod attributes;
mod blocks;
mod entries;
mod page;
mod reader;
mod syntax;
mod types;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use page::{
    DataTypePage, Entry, ErrorEntry, OperationPage, Page, PageKind, Placement, RequestLine,
    Skeleton, SyntaxBlock,
};
pub use reader::read_page;
pub use types::{page_name, parse_type};

use crate::diagnostics::{page_text, Diagnostic};

/// The Markdown pages of one service, by page name.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct MarkdownPages {
    /// Pages by name (`CreateRemoteAccessSession`, `CPU`).
    pub pages: BTreeMap<String, Page>,
}

/// Reading a folder of pages failed.
#[derive(Debug, thiserror::Error)]
pub enum MarkdownError {
    /// The folder or one of its pages could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// What was being read.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
}

/// Reads every `API_*.md` page of `dir`, in file-name order. `label` is the folder's
/// name as sources and diagnostics should show it (`markdown` gives
/// `markdown/API_Device.md`). Pages that are not UTF-8 or not reference pages are
/// reported and skipped; a name documented twice keeps its first page.
pub fn read_pages(
    dir: &Path,
    label: &str,
) -> Result<(MarkdownPages, Vec<Diagnostic>), MarkdownError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| MarkdownError::Io { path, source }
    };
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with("API_") && file_name.ends_with(".md") {
            files.push((file_name, entry.path()));
        }
    }
    files.sort();

    let mut pages = MarkdownPages::default();
    let mut diagnostics = Vec::new();
    for (file_name, path) in files {
        let shown = if label.is_empty() {
            file_name.clone()
        } else {
            format!("{label}/{file_name}")
        };
        let bytes = std::fs::read(&path).map_err(io(&path))?;
        let text = match page_text(&shown, bytes) {
            Ok(text) => text,
            Err(not_utf8) => {
                diagnostics.push(not_utf8);
                continue;
            }
        };
        let (page, found) = read_page(&shown, &text);
        diagnostics.extend(found);
        let Some(mut page) = page else { continue };
        let linked_name = page_name(&file_name).unwrap_or_default().to_string();
        if linked_name != page.name && !linked_name.is_empty() {
            diagnostics.push(Diagnostic::warning(
                "title-mismatch",
                shown.as_str(),
                page.source.line,
                page.source.column,
                format!(
                    "the title `{}` does not match the file name; links use the file name",
                    page.name
                ),
            ));
            page.name = linked_name;
        }
        if let Some(first) = pages.pages.get(&page.name) {
            diagnostics.push(Diagnostic::warning(
                "duplicate-page",
                shown.as_str(),
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
    Ok((pages, diagnostics))
}
