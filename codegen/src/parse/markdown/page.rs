//! What one Markdown reference page says, before any cross-page resolution.

use serde::Serialize;

use crate::ir::{Constraints, Example, SourceLoc, TypeRef};

/// One parsed page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Page {
    /// The operation or shape name from the `#` heading: `CreateRemoteAccessSession`, `CPU`.
    pub name: String,
    /// The intro text (Markdown).
    pub docs: String,
    /// A "has been deprecated" note at the top of the page.
    pub deprecated: Option<String>,
    /// The service uid from the See Also links: `devicefarm-2015-06-23`.
    pub uid: Option<String>,
    /// The page's heading.
    pub source: SourceLoc,
    /// Operation or data type.
    pub kind: PageKind,
}

/// The two kinds of reference page.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "page", rename_all = "snake_case")]
pub enum PageKind {
    /// `API_<Operation>.md`.
    Operation(Box<OperationPage>),
    /// `API_<Type>.md`.
    DataType(DataTypePage),
}

/// A page of either kind, or an index page.
#[derive(Clone, Debug, PartialEq)]
pub enum AnyPage {
    /// An operation or data type page.
    Reference(Page),
    /// `API_Operations.md`, `API_Types_<Service>.md`, `API_Reference.md`.
    Index(IndexPage),
}

/// An index page: lists of the pages of a service (`# Actions`, `# Data Types`, `#
/// Amazon DynamoDB Streams`), or links to such lists (`# API reference`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct IndexPage {
    /// The title: `Actions`.
    pub title: String,
    /// The lists of pages, in page order.
    pub lists: Vec<IndexList>,
    /// The page's heading.
    pub source: SourceLoc,
}

/// One list of an index page.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct IndexList {
    /// The service it belongs to, from "The following actions are supported by Amazon
    /// DynamoDB Streams:"; `None` when the sentence names none.
    pub service: Option<String>,
    /// The listed pages in listed order, each once.
    pub pages: Vec<IndexEntry>,
}

/// One listed page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IndexEntry {
    /// The link text: `CreateCluster`.
    pub name: String,
    /// The page's file: `API_dax_CreateCluster.md`.
    pub file: String,
}

/// An operation page.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct OperationPage {
    /// The Request Syntax block.
    pub request_syntax: Option<SyntaxBlock>,
    /// Request members: URI Request Parameters, Request Parameters and Request Body, in
    /// documented order, each with where it travels.
    pub request: Vec<Entry>,
    /// The Response Syntax block.
    pub response_syntax: Option<SyntaxBlock>,
    /// Response Elements, each with where it travels.
    pub response: Vec<Entry>,
    /// "the service sends back an HTTP 200 response".
    pub success_status: Option<u16>,
    /// The Errors section in documented order.
    pub errors: Vec<ErrorEntry>,
    /// Sample requests and responses.
    pub examples: Vec<Example>,
}

/// A data type page.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DataTypePage {
    /// "This data type is a UNION": exactly one member is set.
    pub union: bool,
    /// The Contents entries in documented order.
    pub members: Vec<Entry>,
}

/// Where an entry travels in an HTTP message.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(tag = "in", content = "name", rename_all = "snake_case")]
pub enum Placement {
    /// In the JSON body.
    #[default]
    Body,
    /// The whole body ("the following binary data").
    Payload,
    /// A URI parameter; its `{label}` or query key is found in the Request Syntax.
    Uri,
    /// An HTTP header ("The response returns the following HTTP headers.").
    Header,
}

/// One documented member: a parameter, a response element or a data type's content.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Entry {
    /// Wire name: `heapSize`.
    pub name: String,
    /// Docs (Markdown).
    pub docs: String,
    /// "This member has been deprecated."
    pub deprecated: Option<String>,
    /// The `Type:` line, read; `None` when the entry has none.
    pub target: Option<TypeRef>,
    /// `Valid Values:` (enum values) in documented order.
    pub valid_values: Vec<String>,
    /// Length, range and pattern constraints of the member itself.
    pub constraints: Constraints,
    /// `Required: Yes|No`; `None` when the entry does not say.
    pub required: Option<bool>,
    /// Where it travels.
    pub placement: Placement,
    /// The member the entry's anchor names (`SSS-TagResource-request-Resource`) when it
    /// is not `name`: a URI parameter is shown under its label (`ARN`), anchored under
    /// its member (`Resource`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor_member: Option<String>,
    /// Where the entry's name is.
    pub source: SourceLoc,
}

/// One error of an operation's Errors section.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ErrorEntry {
    /// The error (shape) name: `NotFoundException`.
    pub name: String,
    /// Docs (Markdown).
    pub docs: String,
    /// Its members (usually only `message`), typed as strings.
    pub members: Vec<Entry>,
    /// `HTTP Status Code: 400`.
    pub http_status: Option<u16>,
    /// Where the error's name is.
    pub source: SourceLoc,
}

/// A Request Syntax or Response Syntax block.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SyntaxBlock {
    /// `POST /path/{label}?q=Name HTTP/1.1` for requests of REST services.
    pub request_line: Option<RequestLine>,
    /// `HTTP/1.1 200` for responses of REST services.
    pub status_line: Option<u16>,
    /// `HTTP/1.1 StatusCode`: the member that holds the status, named instead of a code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_member: Option<String>,
    /// Header lines (`X-Amz-Meta: Name`) as (header, member placeholder).
    pub headers: Vec<(String, String)>,
    /// The body skeleton, when it is JSON.
    pub body: Option<Skeleton>,
    /// A body that is one placeholder (`Payload`): the name of the payload member.
    pub raw_body: Option<String>,
    /// Where the block's content starts.
    pub source: SourceLoc,
}

/// The request line of a REST operation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RequestLine {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path as written, labels and placeholders included: `/apis/{apiId}`.
    pub path: String,
    /// Query pairs as (key, value placeholder or literal): `maxResults=MaxResults`.
    pub query: Vec<(String, Option<String>)>,
}

/// A JSON skeleton whose leaves are placeholders (`"{{string}}"`, `number`).
/// Serializes as the JSON it looks like, bare leaves written `<number>`.
#[derive(Clone, Debug, PartialEq)]
pub enum Skeleton {
    /// `{ "key": value, ... }` in documented order.
    Object(Vec<(String, Skeleton)>),
    /// `[ value ]`.
    Array(Vec<Skeleton>),
    /// A quoted value: `"string"`, `"{{string}}"`.
    Quoted(String),
    /// A bare value: `number`, `{{number}}`, `boolean`, `true`, `12`.
    Bare(String),
}

impl Serialize for Skeleton {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Skeleton::Object(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (key, value) in fields {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
            Skeleton::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Skeleton::Quoted(text) => serializer.serialize_str(text),
            Skeleton::Bare(text) => serializer.serialize_str(&format!("<{text}>")),
        }
    }
}
