//! The AWS API Reference in Markdown: operation pages (`API_<Operation>.md`), data
//! type pages (`API_<Type>.md`) and the index pages that list them.
//!
//! # Layout of a page
//!
//! Optional YAML front matter, a `# Name` title followed by `<a name="...">` anchors and
//! the intro (older pages put it in a `## Description` section), then `##` sections:
//!
//! - operation pages: `Request Syntax` (a JSON skeleton with `{{string}}` / `{{number}}`
//!   placeholders, keys sometimes written as links `"[RoleArn](#anchor)"`; for REST
//!   services first a request line such as
//!   `GET /apps/{appId}?maxResults=MaxResults HTTP/1.1` (`HTTP/2` for event streams)
//!   and header lines), `URI Request Parameters`, `Request Parameters`,
//!   `Request Body`, `Response Syntax`, `Response Elements`, `Errors` (each error with
//!   its members and `HTTP Status Code:`), `Examples` (or `Example`), `See Also` (the
//!   service uid is in its links);
//! - data type pages: `Contents` and `See Also`.
//!
//! Every member is one entry: a ` ** name ** ` line (older pages: ` **name**`, always
//! after one space: a bold line at the start of a line, such as `**Note**`, belongs to
//! the docs), docs lines (a `*This member has been deprecated.*` line marks a
//! deprecation), then attribute lines: `Type:` (with the real shape names in links:
//! `[CPU](API_CPU.md) object`, `Array of [Session](API_Session.md) objects`,
//! `String to string map`; `Exception` for the errors of an event stream), `Length
//! Constraints:`, `Pattern:`, `Valid Values:`, `Valid Range:`, `Array Members:`,
//! `Map Entries:` and `Required:`.
//!
//! # A folder of pages
//!
//! Besides the reference pages, a published folder holds index pages (`API_Operations.md`,
//! `API_Types.md`, `API_Operations_<Service>.md`, `API_Types_<Service>.md`,
//! `API_Reference.md`), read as [`IndexPage`]s. One folder may hold several services:
//! DynamoDB's holds DynamoDB Accelerator (`API_dax_CreateCluster.md`, titled
//! `CreateCluster`) and DynamoDB Streams (`API_streams_GetRecords.md`). Each page is
//! attributed to a service by the uid of its See Also links
//! (`dax-2017-04-19`), else by the index list it is on, else by its file prefix, and only
//! the pages of one service are read ([`read_pages_of`]):
//!
//! - the service folder's `service.toml` names it: its `uid` (`dynamodb-2012-08-10`, as
//!   `cargo xtask import-docs` writes it), else `<endpoint_prefix>-<api_version>` with
//!   dots as dashes (`streams-dynamodb-2012-08-10`); see [`ServiceKey`];
//! - a folder of one service's pages is read whole, whatever the key says;
//! - with several services and no key, the service whose pages have no file prefix is
//!   read, with a `several-services` warning; a key that names none of them is an
//!   error.
//!
//! Pages of the service read are named by their titles; links to `API_dax_Cluster.md`
//! name `Cluster`. Pages of the other services are listed in
//! [`MarkdownPages::other_services`], and what they say is not reported.
//!
//! # What comes out
//!
//! [`read_page`] gives a [`Page`]: what one page says, in the model's vocabulary
//! ([`crate::ir::TypeRef`], [`crate::ir::Constraints`]) but with no cross-page facts
//! decided. [`crate::passes::merge`] turns pages into a [`crate::ir::Service`], alone or
//! merged with the reST model. Lines the reader does not understand become
//! [`crate::diagnostics::Diagnostic`]s with the page, line and column; no page makes it
//! panic.
//!
//! Constraints the reference states for list items and map keys or values (a `Pattern:`
//! under `Type: Array of strings`, `Key Length Constraints:`) are read but not kept:
//! the model holds constraints per member.

mod attributes;
mod blocks;
mod entries;
mod folder;
mod index;
mod page;
mod reader;
mod services;
mod syntax;
mod types;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use folder::read_pages_of;
pub use page::{
    AnyPage, DataTypePage, Entry, ErrorEntry, IndexEntry, IndexList, IndexPage, OperationPage,
    Page, PageKind, Placement, RequestLine, Skeleton, SyntaxBlock,
};
pub use reader::{read_any_page, read_page};
pub use services::ServiceKey;
pub use types::{page_name, parse_type};

/// The Markdown pages of one service, by page name.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct MarkdownPages {
    /// Pages by name (`CreateRemoteAccessSession`, `CPU`).
    pub pages: BTreeMap<String, Page>,
    /// The folder's index pages.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub index: Vec<IndexPage>,
    /// Pages of other services in the same folder, left out: file names by service uid.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub other_services: BTreeMap<String, Vec<String>>,
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

/// Reads the `API_*.md` pages of `dir`, in file-name order, for the service that the
/// `service.toml` beside `dir` names (see [`read_pages_of`] and [`ServiceKey`]; a
/// folder of one service's pages is read whole). `label` is the folder's name as
/// sources and diagnostics should show it (`markdown` gives `markdown/API_Device.md`).
/// Pages that are not UTF-8 or not reference pages are reported and skipped; a name
/// documented twice keeps its first page.
pub fn read_pages(
    dir: &Path,
    label: &str,
) -> Result<(MarkdownPages, Vec<crate::diagnostics::Diagnostic>), MarkdownError> {
    let key = dir
        .parent()
        .map(ServiceKey::of_service_folder)
        .unwrap_or_default();
    read_pages_of(dir, label, &key)
}
