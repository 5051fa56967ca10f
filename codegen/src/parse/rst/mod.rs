//! The boto3 reference pages (reStructuredText) → page descriptions.
//!
//! [`parse_page`] reads one page of a service's reference (`index.rst`,
//! `client/<method>.rst`, `paginator/<Name>.rst`, `waiter/<Name>.rst`) into a
//! [`Page`]. It decides nothing that needs other pages: shape names, dedup,
//! recursion targets and paginator tokens are the work of [`crate::passes`].
//!
//! Anything the parser does not recognise becomes a [`Diagnostic`] with the
//! file, line and column; it never panics on malformed input.
//!
//! Modules, in reading order: [`lines`] (line splitting), [`page`] (titles,
//! directives), [`sections`] (the sections of a method body), [`syntax_block`]
//! (a syntax section or boto3's too-large note), [`fields`] (parameter trees),
//! [`literal`] (the syntax literals), [`blocks`] and [`inline`] (doc text → Markdown).

pub mod blocks;
pub mod fields;
pub mod inline;
pub mod lines;
pub mod literal;
pub mod page;
pub mod sections;
pub mod syntax_block;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::ir::SourceLoc;

pub use fields::{DocText, Param, ParamType};
pub use literal::{Entry, Lit, LitKind};

/// What one reference page describes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "page", rename_all = "snake_case")]
pub enum Page {
    /// `index.rst`: the client class and the lists of pages.
    ServiceIndex(IndexPage),
    /// `client/<method>.rst`: one client method (an operation when it links
    /// to the API reference, a boto3 helper otherwise).
    ClientMethod(MethodPage),
    /// `paginator/<Name>.rst`.
    Paginator(PaginatorPage),
    /// `waiter/<Name>.rst`.
    Waiter(WaiterPage),
}

/// The service index page.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct IndexPage {
    /// The client class name: `DeviceFarm`.
    pub title: String,
    /// The client class docs (Markdown), without boto3's boilerplate.
    pub docs: String,
    /// Toctree entries of client methods: `devicefarm/client/get_device`.
    pub methods: Vec<String>,
    /// Toctree entries of paginators.
    pub paginators: Vec<String>,
    /// Toctree entries of waiters.
    pub waiters: Vec<String>,
    /// Where the client class is documented.
    pub source: SourceLoc,
}

/// A documented method: a client method, `Paginator.paginate` or `Waiter.wait`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MethodPage {
    /// The service class named in the breadcrumb: `DeviceFarm`.
    pub service_title: String,
    /// The service name the breadcrumb links to: `devicefarm`.
    pub service_name: String,
    /// The page title: `get_device`, `DescribeSessions`, `FleetStarted`.
    pub title: String,
    /// The method's qualified name: `DeviceFarm.Client.get_device`,
    /// `AppStream.Paginator.DescribeSessions.paginate`.
    pub qualified_name: String,
    /// The method name: `get_device`, `paginate`, `wait`.
    pub method: String,
    /// The "AWS API Documentation" link, which names the operation.
    pub api: Option<ApiLink>,
    /// Description (Markdown).
    pub docs: String,
    /// The deprecation note, when the method is deprecated.
    pub deprecated: Option<String>,
    /// The Request Syntax literal (a structure of keyword arguments).
    pub request: Option<Lit>,
    /// The documented parameters, in order.
    pub params: Vec<Param>,
    /// boto3 left the parameter docs out ("This section is too large to
    /// render"): only the Request Syntax describes the input.
    pub params_omitted: bool,
    /// What the method returns.
    pub returns: Returns,
    /// Documented exception class names, in order.
    pub exceptions: Vec<Named>,
    /// Documented examples.
    pub examples: Vec<crate::ir::Example>,
    /// Where the method is documented.
    pub source: SourceLoc,
}

/// The "See also: AWS API Documentation" link of a method.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ApiLink {
    /// `devicefarm-2015-06-23`.
    pub uid: String,
    /// The operation's wire name: `GetRemoteAccessSession`.
    pub operation: String,
    /// Where the link is.
    pub source: SourceLoc,
}

/// A name with its place.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Named {
    /// The name.
    pub name: String,
    /// Where it is written.
    pub source: SourceLoc,
}

/// What a method returns.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(tag = "returns", rename_all = "snake_case")]
pub enum Returns {
    /// The page does not say (boto3 helpers).
    #[default]
    Undocumented,
    /// `:returns: None`.
    Nothing,
    /// `:rtype: dict` with a Response Syntax and a Response Structure.
    Value {
        /// The Response Syntax literal.
        syntax: Option<Lit>,
        /// The root `- *(dict) --*` item of the Response Structure.
        structure: Option<Box<Param>>,
        /// boto3 left the Response Structure out as too large to render.
        structure_omitted: bool,
    },
}

/// A paginator page.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PaginatorPage {
    /// Paginator name, the operation's wire name: `DescribeSessions`.
    pub name: String,
    /// The client method it pages: `describe_sessions`.
    pub client_method: Option<String>,
    /// The `paginate` method.
    pub method: MethodPage,
}

/// A waiter page.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct WaiterPage {
    /// Waiter name: `FleetStarted`.
    pub name: String,
    /// The client method it polls: `describe_fleets`.
    pub client_method: Option<String>,
    /// Seconds between attempts ("every 30 seconds").
    pub delay: Option<u32>,
    /// Attempts before failing ("after 40 failed checks").
    pub max_attempts: Option<u32>,
    /// The `wait` method.
    pub method: MethodPage,
}

/// Parses one page. `file_name` is the path relative to the service
/// directory (`client/get_device.rst`); it names the file in diagnostics and
/// decides the page kind when the breadcrumb does not.
pub fn parse_page(file_name: &str, text: &str) -> (Page, Vec<Diagnostic>) {
    parse(file_name, text, true)
}

/// Like [`parse_page`], but leaves the doc text of parameters and response
/// members out (empty [`DocText`]s). For pages only compared by structure:
/// the model takes nothing else from paginator pages, and skipping their
/// prose saves a fifth of the work on a typical service.
pub fn parse_page_structure(file_name: &str, text: &str) -> (Page, Vec<Diagnostic>) {
    parse(file_name, text, false)
}

fn parse(file_name: &str, text: &str, docs: bool) -> (Page, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let page = {
        let mut sink = Sink::new(file_name, &mut diagnostics);
        sink.docs = docs;
        page::parse(file_name, text, &mut sink)
    };
    (page, diagnostics)
}

/// Collects diagnostics for one file.
pub struct Sink<'d> {
    file: String,
    diagnostics: &'d mut Vec<Diagnostic>,
    /// Whether item doc text is converted (see [`parse_page_structure`]).
    docs: bool,
    /// Nesting of parameter items being read, bounded so that a garbled
    /// page cannot exhaust the stack.
    depth: usize,
}

/// Deeper than any boto3 page nests its parameter items.
const MAX_DEPTH: usize = 200;

impl<'d> Sink<'d> {
    /// A sink for `file` that appends to `diagnostics`.
    pub fn new(file: &str, diagnostics: &'d mut Vec<Diagnostic>) -> Self {
        Self {
            file: file.to_owned(),
            diagnostics,
            docs: true,
            depth: 0,
        }
    }

    /// The file diagnostics name.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Whether item doc text is wanted.
    pub fn wants_docs(&self) -> bool {
        self.docs
    }

    /// Enters one level of item nesting; false when that would be too deep.
    pub fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            return false;
        }
        self.depth += 1;
        true
    }

    /// Leaves a level entered with [`Sink::enter`].
    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// A source location in this file.
    pub fn loc(&self, line: u32, column: u32) -> SourceLoc {
        SourceLoc {
            file: self.file.clone(),
            line,
            column,
        }
    }

    /// Records a warning.
    pub fn warning(&mut self, kind: &'static str, line: u32, column: u32, message: String) {
        self.diagnostics
            .push(Diagnostic::warning(kind, &self.file, line, column, message));
    }

    /// Records an error.
    pub fn error(&mut self, kind: &'static str, line: u32, column: u32, message: String) {
        self.diagnostics
            .push(Diagnostic::error(kind, &self.file, line, column, message));
    }
}
