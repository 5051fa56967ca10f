//! The one model every parser produces and every emitter reads.
//!
//! Parsers (one per input format) fill it, model passes (naming, dedup, recursion,
//! merge) refine it, emitters only read it. It says what the docs say about an API and
//! nothing about Rust: identifiers are wire names, doc text is Markdown.
//!
//! Collections are `BTreeMap`s keyed by name so that everything derived from the model
//! iterates in one deterministic order.

use std::collections::BTreeMap;

use serde::Serialize;

mod waiter;
mod wire;

pub use waiter::{Acceptor, AcceptorState, Expected, Matcher};
pub use wire::{
    ExpectContinue, HttpBinding, HttpChecksum, Location, MemberTraits, OperationEndpoint,
    PresignedUrl, Protocol, ShapeTraits, TimestampFormat, UriSegment, UriTemplate,
    UriTemplateError, XmlNamespace,
};

/// One API, e.g. AWS Device Farm.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Service {
    /// The boto3 service name, also the directory name: `devicefarm`.
    pub name: String,
    /// The class name the reference uses: `DeviceFarm`.
    pub title: String,
    /// `devicefarm-2015-06-23`, from the "AWS API Documentation" links.
    pub uid: Option<String>,
    /// `2015-06-23`, the date part of `uid`.
    pub api_version: Option<String>,
    /// Service documentation (Markdown).
    pub docs: String,
    /// Wire facts the pages do not state (from `service.toml`).
    pub metadata: Metadata,
    /// Operations by wire name (`GetRemoteAccessSession`).
    pub operations: BTreeMap<String, Operation>,
    /// Named shapes by name: structures, unions, enums, errors.
    pub shapes: BTreeMap<String, Shape>,
    /// Paginators by operation wire name.
    pub paginators: BTreeMap<String, Paginator>,
    /// Waiters by waiter name (`FleetStarted`).
    pub waiters: BTreeMap<String, Waiter>,
}

/// Wire facts about a service that its reference pages do not state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Metadata {
    /// Wire protocol: `json`, `rest-json`, `rest-xml`, `query`, `ec2`.
    pub protocol: String,
    /// Every protocol the service speaks, preferred first (`protocol` is the first);
    /// empty when only `protocol` is known. Emitters use the first they implement.
    #[serde(default)]
    pub protocols: Vec<String>,
    /// `1.0` or `1.1` for the JSON protocols.
    pub json_version: Option<String>,
    /// `X-Amz-Target` prefix for awsJson: `DeviceFarm_20150623`.
    pub target_prefix: Option<String>,
    /// SigV4 signing name.
    pub signing_name: Option<String>,
    /// First label of the default endpoint host.
    pub endpoint_prefix: Option<String>,
    /// The service id used for `AWS_ENDPOINT_URL_<SERVICE_ID>`: `Device Farm`.
    pub service_id: Option<String>,
    /// Full marketing name: `AWS Device Farm`.
    pub service_full_name: Option<String>,
    /// awsQueryCompatible: a JSON service that was an awsQuery one sends
    /// `x-amzn-query-mode: true` and reads error codes from `x-amzn-query-error`
    /// (from the wire-facts file).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub query_compatible: bool,
    /// Headers every request carries unless it has one of that name: what botocore's
    /// `before-call.<service>` handlers add (API Gateway's `Accept: application/json`),
    /// in the order of the wire-facts file they come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub default_headers: Vec<(String, String)>,
}

impl Metadata {
    /// The protocols of [`Metadata::protocols`] (or [`Metadata::protocol`] alone) the
    /// model knows, preferred first; emitters use the first they implement.
    pub fn wire_protocols(&self) -> Vec<Protocol> {
        let named = if self.protocols.is_empty() {
            std::slice::from_ref(&self.protocol)
        } else {
            &self.protocols[..]
        };
        let mut out = Vec::new();
        for name in named {
            let known = Protocol::from_botocore(name, self.json_version.as_deref());
            if let Some(protocol) = known.filter(|p| !out.contains(p)) {
                out.push(protocol);
            }
        }
        out
    }
}

/// Where in the input a fact came from. Lines and columns are 1-based.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SourceLoc {
    /// Path relative to the service directory (`client/get_device.rst`).
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// One API operation.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Operation {
    /// Wire name: `GetRemoteAccessSession`.
    pub name: String,
    /// The boto3 method name: `get_remote_access_session`.
    pub snake_name: String,
    /// Markdown docs.
    pub docs: String,
    /// Name of the input structure shape (always present, possibly with no members).
    pub input: String,
    /// Name of the output structure shape (always present, possibly with no members).
    pub output: String,
    /// Names of the error shapes the operation documents, in documented order.
    pub errors: Vec<String>,
    /// Documented examples.
    pub examples: Vec<Example>,
    /// The Request Syntax and Response Syntax skeletons, as JSON with wire names.
    pub syntax: SyntaxSamples,
    /// Deprecation note, when the operation is deprecated.
    pub deprecated: Option<String>,
    /// HTTP binding, for REST protocols: from Markdown pages, else the wire-facts file.
    pub http: Option<HttpBinding>,
    /// The encodings the request body may be compressed with (`gzip`), from the
    /// wire-facts file (Smithy `requestCompression`); empty for none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub request_compression: Vec<String>,
    /// Body checksums the operation requires or supports, from the wire-facts file.
    #[serde(skip_serializing_if = "HttpChecksum::is_empty")]
    pub http_checksum: HttpChecksum,
    /// Sent without a signature (botocore's `UNSIGNED`: the model's
    /// `smithy.api#noAuth`), from the wire-facts file.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unsigned: bool,
    /// Where the endpoint rules send it apart from the service's other operations,
    /// from the wire-facts file.
    #[serde(skip_serializing_if = "OperationEndpoint::is_default")]
    pub endpoint: OperationEndpoint,
    /// When the request carries `Expect: 100-continue`, from the wire-facts file.
    #[serde(skip_serializing_if = "ExpectContinue::is_never")]
    pub expect_continue: ExpectContinue,
    /// Where the operation was documented.
    pub source: SourceLoc,
}

/// A documented example call.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Example {
    /// What the example shows (Markdown).
    pub title: String,
    /// The call as documented (Python for boto3 pages), verbatim.
    pub input: String,
    /// The expected output as documented, verbatim.
    pub output: Option<String>,
    /// The call's arguments read and checked against the model (the examples pass), when
    /// the input is a call of this operation that fits it. Derived, so not serialized.
    #[serde(skip)]
    pub call: Option<Vec<(String, ExampleValue)>>,
}

/// A value of a documented example, read against the member it is given to.
#[derive(Clone, Debug, PartialEq)]
pub enum ExampleValue {
    /// A string (or a blob given as text).
    String(String),
    /// `True` or `False`.
    Boolean(bool),
    /// An integer, as written.
    Integer(i64),
    /// A floating-point number, as written.
    Float(String),
    /// A timestamp, seconds since the epoch.
    Timestamp(i64),
    /// Bytes.
    Blob(Vec<u8>),
    /// One of an enum's documented values.
    Enum(String),
    /// List elements.
    List(Vec<ExampleValue>),
    /// Map entries, keys as written.
    Map(Vec<(String, ExampleValue)>),
    /// Structure members set, by wire name, in the order written.
    Structure(Vec<(String, ExampleValue)>),
    /// The one member of a union.
    Union(String, Box<ExampleValue>),
}

/// The documented request and response skeletons of an operation, as JSON with wire
/// names and placeholder values (`"string"`, `123`, the first enum value, timestamps
/// as epoch seconds, blobs as base64). Tests check that generated types round-trip them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SyntaxSamples {
    /// The input skeleton (`client.op(...)` keyword arguments as a JSON object).
    pub request: Option<serde_json::Value>,
    /// The output skeleton.
    pub response: Option<serde_json::Value>,
}

/// A named shape.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Shape {
    /// Shape name (PascalCase): `RemoteAccessSession`.
    pub name: String,
    /// Markdown docs.
    pub docs: String,
    /// What it is.
    pub kind: ShapeKind,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// Where the shape was (first) documented.
    pub source: SourceLoc,
    /// How sure the naming pass is of `name`: `Documented` when a source names the
    /// shape (exception names, Markdown pages), `Derived` when it came from a member.
    pub naming: Naming,
    /// Wire traits of the shape itself (XML root name and namespace), from the
    /// wire-facts file.
    #[serde(skip_serializing_if = "ShapeTraits::is_empty")]
    pub traits: ShapeTraits,
}

/// How a shape's name was obtained.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Naming {
    /// A source spells the name out.
    Documented,
    /// Derived from the member or operation that holds it.
    #[default]
    Derived,
}

/// The kinds of named shape.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ShapeKind {
    /// A structure: members in documented order.
    Structure {
        /// Members in documented order.
        members: Vec<Member>,
    },
    /// A tagged union: exactly one member is set.
    Union {
        /// The variants in documented order.
        members: Vec<Member>,
    },
    /// An error (exception) structure.
    Error {
        /// Members in documented order (often only `message`).
        members: Vec<Member>,
        /// HTTP status code, when documented.
        http_status: Option<u16>,
        /// The error code on the wire when it differs from the shape name (botocore's
        /// `error.code`, what awsQuery and awsQueryCompatible services send).
        #[serde(skip_serializing_if = "Option::is_none")]
        code: Option<String>,
    },
    /// A string enum.
    Enum {
        /// Values in documented order.
        values: Vec<String>,
    },
}

/// A member of a structure, union or error.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Member {
    /// Wire name: `heapSize`.
    pub name: String,
    /// Its type.
    pub target: TypeRef,
    /// `**[REQUIRED]**` in input docs; "Required: Yes" in Markdown.
    pub required: bool,
    /// Markdown docs.
    pub docs: String,
    /// Set by the recursion pass: this member closes a cycle and needs indirection.
    pub boxed: bool,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// Documented constraints (Markdown docs only, so far).
    pub constraints: Constraints,
    /// Where the member travels in a REST request or response.
    pub location: Location,
    /// The member's name on the wire when the docs use another: boto3's Python-only
    /// renames (logs `CreateExportTask` documents `fromTime` and sends `from`). `None`
    /// when it is [`Member::name`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wire_name: Option<String>,
    /// Wire traits: sensitive, idempotency token, timestamp format, ...
    #[serde(skip_serializing_if = "MemberTraits::is_empty")]
    pub traits: MemberTraits,
    /// Where the member was documented.
    pub source: SourceLoc,
}

/// A reference to a type: scalars and collections inline, everything else by name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TypeRef {
    /// UTF-8 string.
    String,
    /// `True|False`.
    Boolean,
    /// Integer of the given width.
    Integer {
        /// Width, when a source states it.
        width: Width,
    },
    /// Floating point of the given width.
    Float {
        /// Width, when a source states it.
        width: Width,
    },
    /// A point in time.
    Timestamp,
    /// Bytes.
    Blob,
    /// A streaming body (`StreamingBody`).
    StreamingBlob,
    /// An untyped JSON document.
    Document,
    /// A list.
    List {
        /// Element type.
        member: Box<TypeRef>,
    },
    /// A map with string keys (or enum keys).
    Map {
        /// Key type.
        key: Box<TypeRef>,
        /// Value type.
        value: Box<TypeRef>,
    },
    /// A named shape in [`Service::shapes`].
    Named {
        /// The shape name.
        name: String,
    },
    /// An event stream of the named union shape.
    EventStream {
        /// The union of event types.
        name: String,
    },
}

/// Numeric width. The reST docs cannot tell `integer` from `long` or `float` from
/// `double`; Markdown docs can.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Width {
    /// Not stated: emitted as the wider type.
    #[default]
    Unknown,
    /// 32 bits (`Integer`, `Float`).
    W32,
    /// 64 bits (`Long`, `Double`).
    W64,
}

/// Documented value constraints.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Constraints {
    /// Minimum length (strings, lists, maps).
    pub min_length: Option<u64>,
    /// Maximum length.
    pub max_length: Option<u64>,
    /// Minimum value (numbers), as documented.
    pub min_value: Option<String>,
    /// Maximum value (numbers), as documented.
    pub max_value: Option<String>,
    /// Regular expression the value matches.
    pub pattern: Option<String>,
}

impl Constraints {
    /// True when no constraint is documented.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// How an operation pages through results.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Paginator {
    /// Wire name of the operation.
    pub operation: String,
    /// Input members that carry the token (usually one).
    pub input_token: Vec<String>,
    /// Output members (paths) that carry the next token.
    pub output_token: Vec<String>,
    /// Input member that sets the page size.
    pub limit_key: Option<String>,
    /// Output members (paths) whose lists are the results.
    pub result_key: Vec<String>,
    /// Where the paginator was documented.
    pub source: SourceLoc,
}

/// A documented waiter.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Waiter {
    /// Waiter name: `FleetStarted`.
    pub name: String,
    /// Wire name of the operation it polls.
    pub operation: String,
    /// Seconds between attempts.
    pub delay: u32,
    /// Attempts before giving up.
    pub max_attempts: u32,
    /// What the answers mean, in order (from the wire facts; empty without them).
    pub acceptors: Vec<Acceptor>,
    /// Markdown docs.
    pub docs: String,
    /// Where the waiter was documented.
    pub source: SourceLoc,
}

impl Service {
    /// The shape a type reference names, if it names one.
    pub fn shape(&self, target: &TypeRef) -> Option<&Shape> {
        match target {
            TypeRef::Named { name } | TypeRef::EventStream { name } => self.shapes.get(name),
            _ => None,
        }
    }
}

impl Member {
    /// The name the member travels under: [`Member::wire_name`], else its name.
    pub fn wire_name(&self) -> &str {
        self.wire_name.as_deref().unwrap_or(&self.name)
    }
}

impl ShapeKind {
    /// Members of structures, unions and errors; empty for enums.
    pub fn members(&self) -> &[Member] {
        match self {
            ShapeKind::Structure { members }
            | ShapeKind::Union { members }
            | ShapeKind::Error { members, .. } => members,
            ShapeKind::Enum { .. } => &[],
        }
    }
}
