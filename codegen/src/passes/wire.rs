//! The wire-facts file (`wire.toml`): how operations and members travel, where the pages
//! do not say (HTTP bindings, locations, timestamp formats, traits, boto3's parameter
//! renames). `cargo xtask import-docs` writes it from botocore's model, keyed by wire
//! names; it adds facts to what the pages documented and never adds an operation or a
//! member.
//!
//! - A fact naming an operation, error or member the docs lack is an error: the file
//!   belongs to other docs.
//! - Where Markdown pages already bound an operation or member differently, a warning
//!   names both places and the wire fact is kept: it is what the service model sends.
//! - After the facts, an operation of a REST service without an HTTP binding is an
//!   error, never sent unbound ([`check_bindings`]).
//! - XML and query facts (the `xml` module): element and query names, attributes, flattened
//!   collections and namespaces of members and of their lists' and maps' parts, the
//!   root element of an operation's input; and body checksums. A part fact on a member
//!   that holds no such collection, or a checksum member the input lacks, is an error.
//! - `[waiters]` holds the acceptors of documented waiters (the `waiters` module).
//! - `[names]` holds the real names of shapes the pages leave unnamed; the naming pass
//!   reads them first ([`read_names`], [`super::real_names`]). An operation or an
//!   input or output member there that the docs lack is an error too.

mod bindings;
mod handlers;
mod headers;
mod member_facts;
mod waiters;
mod xml;

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use toml::Spanned;

pub use bindings::check_bindings;
use bindings::same_binding;
use member_facts::MemberFacts;

use super::real_names::ShapeNames;
use crate::diagnostics::Diagnostic;
use crate::ir::{
    HttpBinding, Location, Member, OperationEndpoint, Service, ShapeKind, SourceLoc,
    TimestampFormat, TypeRef, UriTemplate,
};

/// The file name beside `service.toml`.
pub const FILE: &str = "wire.toml";

/// Members by key (a path of wire names), with where each is written.
type Members = BTreeMap<String, Spanned<MemberFacts>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireFile {
    #[serde(default)]
    query_compatible: bool,
    /// Header name → value, added to every request without that header.
    #[serde(default)]
    default_headers: BTreeMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    operations: BTreeMap<String, OperationFacts>,
    #[serde(default)]
    errors: BTreeMap<String, ErrorFacts>,
    #[serde(default)]
    names: ShapeNames,
    #[serde(default)]
    waiters: BTreeMap<String, waiters::WaiterFacts>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OperationFacts {
    /// `METHOD requestUri`.
    http: Option<Spanned<String>>,
    /// Success status when not 200.
    code: Option<u16>,
    host_prefix: Option<String>,
    /// Encodings the request body may be compressed with (`requestcompression`).
    #[serde(default)]
    request_compression: Vec<String>,
    /// Body checksums (`httpChecksumRequired`, `httpChecksum`).
    http_checksum: Option<Spanned<xml::ChecksumFacts>>,
    /// The root element of the input's XML body (restXml without a payload member).
    input_xml: Option<Spanned<xml::RootFacts>>,
    /// Sent without a signature (botocore's `UNSIGNED`).
    #[serde(default)]
    unsigned: bool,
    /// Where the endpoint rules send it apart from the service's others.
    endpoint: Option<EndpointFacts>,
    /// When botocore sends `Expect: 100-continue`: `always` or `stream`.
    expect_continue: Option<Spanned<String>>,
    #[serde(default)]
    input: Members,
    #[serde(default)]
    output: Members,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EndpointFacts {
    endpoint_prefix: Option<String>,
    signing_name: Option<String>,
    #[serde(default)]
    path_style: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorFacts {
    code: Option<String>,
    /// botocore's `error.httpStatusCode`.
    status: Option<u16>,
    #[serde(default)]
    members: Members,
}

/// Applies the wire facts in `text` (the contents of `file`) to `service`; what does
/// not fit the docs becomes a diagnostic.
pub fn apply(service: &mut Service, file: &str, text: &str) -> Vec<Diagnostic> {
    let mut run = Run {
        file,
        text,
        diagnostics: Vec::new(),
        dropped: BTreeSet::new(),
    };
    let facts: WireFile = match toml::from_str(text) {
        Ok(facts) => facts,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            run.error("wire-facts-invalid", at, e.message().to_owned());
            return run.diagnostics;
        }
    };
    service.metadata.query_compatible |= facts.query_compatible;
    service.metadata.default_headers = run.default_headers(&facts.default_headers);
    for (name, op) in &facts.operations {
        run.operation(service, name, op);
    }
    for (name, error) in &facts.errors {
        run.error_shape(service, name, error);
    }
    for (name, waiter) in &facts.waiters {
        run.waiter(service, name, waiter);
    }
    for (name, tables) in &facts.names.operations {
        let Some(op) = service.operations.get(name) else {
            run.error(
                "wire-fact-unknown",
                run.table("names.operations", name),
                format!("operation `{name}` is not in the docs; the file belongs to other docs"),
            );
            continue;
        };
        for (shape, table) in [(&op.input, &tables.input), (&op.output, &tables.output)] {
            let members = service.shapes.get(shape).map(|s| s.kind.members());
            for (member, target) in table {
                // Keyed by the name the pages use, which a boto3 rename makes differ.
                let known = |m: &Member| m.wire_name() == member || m.name == *member;
                if !members.is_some_and(|ms| ms.iter().any(known)) {
                    run.error(
                        "wire-fact-unknown",
                        target.span().start,
                        format!("member `{member}` of `{shape}` is not in the docs"),
                    );
                }
            }
        }
    }
    if !run.dropped.is_empty() {
        handlers::retype_samples(service);
        handlers::prune(service, &run.dropped);
    }
    run.diagnostics
}

/// The `[names]` table of a wire-facts file, for the naming pass; empty when the file
/// does not parse ([`apply`] reports that).
pub fn read_names(text: &str) -> ShapeNames {
    toml::from_str::<WireFile>(text)
        .map(|f| f.names)
        .unwrap_or_default()
}

struct Run<'a> {
    file: &'a str,
    text: &'a str,
    diagnostics: Vec<Diagnostic>,
    /// Shapes members no longer hold after `type` facts, removed if nothing does.
    dropped: BTreeSet<String>,
}

impl Run<'_> {
    fn place(&self, offset: usize) -> (u32, u32) {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before
            .rfind('\n')
            .map_or(before.len(), |n| before.len() - n - 1)
            + 1;
        (line as u32, column as u32)
    }

    fn error(&mut self, kind: &'static str, offset: usize, message: String) {
        let (line, column) = self.place(offset);
        self.diagnostics
            .push(Diagnostic::error(kind, self.file, line, column, message));
    }

    fn warn(&mut self, kind: &'static str, offset: usize, message: String) {
        let (line, column) = self.place(offset);
        self.diagnostics
            .push(Diagnostic::warning(kind, self.file, line, column, message));
    }

    /// Where table `[kind.name` is first opened (keys are not spanned by the parser).
    fn table(&self, kind: &str, name: &str) -> usize {
        let bare = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let key = if bare {
            name.to_owned()
        } else {
            format!("{name:?}")
        };
        let header = format!("[{kind}.{key}");
        self.text
            .match_indices(&header)
            .map(|(at, _)| at)
            .find(|&at| {
                matches!(
                    self.text[at + header.len()..].chars().next(),
                    Some(']' | '.')
                )
            })
            .unwrap_or(0)
    }

    fn here(&self, offset: usize) -> String {
        let (line, column) = self.place(offset);
        format!("{}:{line}:{column}", self.file)
    }

    fn operation(&mut self, service: &mut Service, name: &str, facts: &OperationFacts) {
        let Some(op) = service.operations.get(name) else {
            self.error(
                "wire-fact-unknown",
                self.table("operations", name),
                format!("operation `{name}` is not in the docs; the file belongs to other docs"),
            );
            return;
        };
        let (input, output, source) = (op.input.clone(), op.output.clone(), op.source.clone());
        let op = service.operations.get_mut(name).expect("looked up");
        op.unsigned = facts.unsigned;
        if let Some(endpoint) = &facts.endpoint {
            op.endpoint = OperationEndpoint {
                prefix: endpoint.endpoint_prefix.clone(),
                signing_name: endpoint.signing_name.clone(),
                path_style: endpoint.path_style,
            };
        }
        if !facts.request_compression.is_empty() {
            op.request_compression = facts.request_compression.clone();
        }
        if let Some(http) = &facts.http {
            if let Some(binding) = self.binding(http, facts) {
                let op = service.operations.get_mut(name).expect("looked up");
                if let Some(documented) = op.http.as_ref().filter(|d| !same_binding(d, &binding)) {
                    self.warn(
                        "wire-fact-conflict",
                        http.span().start,
                        format!(
                            "`{}` (documented at {}): the Markdown pages bind {} {} (status {}), the wire facts {} {} (status {}); the wire facts are kept",
                            name,
                            at(&source),
                            documented.method,
                            documented.uri,
                            documented.response_code.unwrap_or(200),
                            binding.method,
                            binding.uri,
                            binding.response_code.unwrap_or(200),
                        ),
                    );
                }
                op.http = Some(binding);
            }
        } else if let Some(prefix) = &facts.host_prefix {
            // RPC operations have a host prefix and no binding of their own.
            let op = service.operations.get_mut(name).expect("looked up");
            op.http.get_or_insert_with(|| HttpBinding {
                method: "POST".into(),
                uri: UriTemplate::parse("/").expect("literal"),
                response_code: None,
                host_prefix: None,
            });
            if let Some(http) = &mut op.http {
                http.host_prefix = Some(prefix.clone());
            }
        }
        if let Some(checksum) = &facts.http_checksum {
            let members = service.shapes.get(&input).map(|s| s.kind.members());
            let has = |m: &str| members.is_some_and(|ms| ms.iter().any(|x| x.wire_name() == m));
            match checksum.get_ref().checksum(has) {
                Ok(checksum) => {
                    let op = service.operations.get_mut(name).expect("looked up");
                    op.http_checksum = checksum;
                }
                Err(e) => self.error("wire-fact-unknown", checksum.span().start, e),
            }
        }
        if let Some(root) = &facts.input_xml {
            match (root.get_ref().traits(), service.shapes.get_mut(&input)) {
                (Ok(traits), Some(shape)) => shape.traits = traits,
                (Err(e), _) => self.error("wire-facts-invalid", root.span().start, e),
                (Ok(_), None) => self.error(
                    "wire-fact-unknown",
                    root.span().start,
                    format!("the input `{input}` of `{name}` is not in the docs"),
                ),
            }
        }
        let http = service.operations[name].http.clone();
        for (shape, members) in [(&input, &facts.input), (&output, &facts.output)] {
            for (path, member) in members {
                self.member(service, shape, path, member, http.as_ref());
            }
        }
        // After the members: the payload's location may be one of their facts.
        if let Some(expect) = &facts.expect_continue {
            match handlers::expect_continue(expect.get_ref(), service.shapes.get(&input)) {
                Ok(value) => {
                    let op = service.operations.get_mut(name).expect("looked up");
                    op.expect_continue = value;
                }
                Err(e) => self.error(
                    "wire-facts-invalid",
                    expect.span().start,
                    format!("`{name}`: {e}"),
                ),
            }
        }
    }

    fn error_shape(&mut self, service: &mut Service, name: &str, facts: &ErrorFacts) {
        match service.shapes.get_mut(name).map(|s| &mut s.kind) {
            Some(ShapeKind::Error {
                code, http_status, ..
            }) => {
                code.clone_from(&facts.code);
                // A status the Markdown pages document stays; the fact fills the others.
                if http_status.is_none() {
                    *http_status = facts.status;
                }
            }
            _ => {
                self.error(
                    "wire-fact-unknown",
                    self.table("errors", name),
                    format!("error `{name}` is not in the docs"),
                );
                return;
            }
        }
        for (path, member) in &facts.members {
            self.member(service, name, path, member, None);
        }
    }

    /// Applies one member's facts; `path` is wire names from `root`.
    fn member(
        &mut self,
        service: &mut Service,
        root: &str,
        path: &str,
        facts: &Spanned<MemberFacts>,
        http: Option<&HttpBinding>,
    ) {
        // An inline table: its line is the key's.
        let offset = facts.span().start;
        let names: Vec<&str> = path.split('.').collect();
        let mut shape = root.to_owned();
        for (i, wire) in names.iter().enumerate() {
            let last = i + 1 == names.len();
            let documented = facts.get_ref().documented.as_deref().filter(|_| last);
            let Some(members) = service.shapes.get(&shape).map(|s| s.kind.members()) else {
                break;
            };
            let found = members
                .iter()
                .position(|m| m.wire_name() == *wire || documented == Some(m.name.as_str()));
            let Some(index) = found else {
                self.error(
                    "wire-fact-unknown",
                    offset,
                    format!(
                        "member `{path}` of `{root}` is not in the docs (no `{wire}` in `{shape}`)"
                    ),
                );
                return;
            };
            if last {
                // What a `key_md5` fact may name.
                let strings: Vec<String> = members
                    .iter()
                    .filter(|m| m.target == TypeRef::String)
                    .map(|m| m.wire_name().to_owned())
                    .collect();
                let member = match &mut service.shapes.get_mut(&shape).expect("found").kind {
                    ShapeKind::Structure { members }
                    | ShapeKind::Union { members }
                    | ShapeKind::Error { members, .. } => &mut members[index],
                    ShapeKind::Enum { .. } => unreachable!("enums have no members"),
                };
                self.set(member, wire, facts, http, &strings);
                return;
            }
            match named(&members[index].target) {
                Some(next) => shape = next.to_owned(),
                None => break,
            }
        }
        self.error(
            "wire-fact-unknown",
            offset,
            format!(
                "member `{path}` of `{root}` is not in the docs (`{shape}` holds no structure there)"
            ),
        );
    }

    fn set(
        &mut self,
        member: &mut Member,
        wire: &str,
        facts: &Spanned<MemberFacts>,
        http: Option<&HttpBinding>,
        strings: &[String],
    ) {
        let offset = facts.span().start;
        let f = facts.get_ref();
        if member.name != wire {
            member.wire_name = Some(wire.to_owned());
        }
        if let Some(location) = self.location(f, wire, http, offset) {
            if member.location != Location::Body && member.location != location {
                self.warn(
                    "wire-fact-conflict",
                    offset,
                    format!(
                        "`{}` (documented at {}): the Markdown pages put it in {:?}, the wire facts ({}) in {location:?}; the wire facts are kept",
                        member.name,
                        at(&member.source),
                        member.location,
                        self.here(offset)
                    ),
                );
            }
            member.location = location;
        }
        if let Some(format) = &f.timestamp {
            match TimestampFormat::from_botocore(format) {
                Some(format) => member.traits.timestamp_format = Some(format),
                None => self.error(
                    "wire-facts-invalid",
                    offset,
                    format!("unknown timestamp format `{format}`"),
                ),
            }
        }
        if f.streaming {
            if member.target == TypeRef::Blob {
                member.target = TypeRef::StreamingBlob;
            } else if member.target != TypeRef::StreamingBlob {
                self.warn(
                    "wire-fact-conflict",
                    offset,
                    format!("`{}` is streaming but not documented as bytes", member.name),
                );
            }
        }
        let handled = handlers::HandlerFacts {
            ty: f.ty.as_deref(),
            required: f.required,
            last_segment: f.last_segment,
            percent_encoded: f.percent_encoded,
            base64: f.base64,
            default_value: f.default_value.as_deref(),
            url_encoded: f.url_encoded,
            quoted_path: f.quoted_path,
            key_md5: f.key_md5.as_deref(),
            presigned_url: f
                .presigned_url
                .as_ref()
                .map(|p| (p.source_region.as_str(), p.destination_region.as_str())),
            lenient: f.lenient,
            strings,
        };
        if let Err(e) = handlers::apply(member, &handled, &mut self.dropped) {
            self.error(
                "wire-facts-invalid",
                offset,
                format!("`{}`: {e}", member.name),
            );
        }
        let traits = &mut member.traits;
        traits.json_name.clone_from(&f.json_name);
        traits.sensitive |= f.sensitive;
        traits.idempotency_token |= f.idempotency_token;
        traits.json_value |= f.json_value;
        traits.host_label |= f.host_label;
        if let Err(e) = f.xml().apply(&mut member.traits, &member.target) {
            self.error(
                "wire-facts-invalid",
                offset,
                format!("`{}`: {e}", member.name),
            );
        }
    }

    fn location(
        &mut self,
        f: &MemberFacts,
        wire: &str,
        http: Option<&HttpBinding>,
        offset: usize,
    ) -> Option<Location> {
        let name = || f.name.clone().unwrap_or_else(|| wire.to_owned());
        Some(match f.location.as_deref()? {
            "uri" => {
                let label = name();
                if http.is_some_and(|h| h.uri.is_greedy(&label)) {
                    Location::GreedyLabel(label)
                } else {
                    Location::Label(label)
                }
            }
            "querystring" => match &f.name {
                Some(key) => Location::Query(key.clone()),
                None => Location::QueryMap,
            },
            "header" => Location::Header(name()),
            "headers" => Location::PrefixHeaders(f.name.clone().unwrap_or_default()),
            "statusCode" => Location::StatusCode,
            "payload" => Location::Payload,
            other => {
                self.error(
                    "wire-facts-invalid",
                    offset,
                    format!("unknown location `{other}`"),
                );
                return None;
            }
        })
    }
}

/// The structure a member's type reaches through lists and maps.
fn named(target: &TypeRef) -> Option<&str> {
    match target {
        TypeRef::Named { name } | TypeRef::EventStream { name } => Some(name),
        TypeRef::List { member } => named(member),
        TypeRef::Map { value, .. } => named(value),
        _ => None,
    }
}

fn at(source: &SourceLoc) -> String {
    format!("{}:{}:{}", source.file, source.line, source.column)
}
