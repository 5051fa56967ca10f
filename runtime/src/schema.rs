//! Shapes described as data, and the object-safe traits through which the protocol
//! codecs read and write generated types.
//!
//! Generated crates emit, per shape, a `static` [`Schema`] (its members, their wire
//! names, HTTP locations and traits) and small non-generic glue: [`WriteValue`] hands
//! a value's fields to a [`ValueWriter`], [`ReadValue`] builds a value from a
//! [`ValueReader`]. Every protocol (JSON bodies, REST bindings, later XML and query) is
//! one writer and one reader in this crate, written once, instead of a serializer and a
//! parser per shape per protocol in every generated crate: that keeps generated crates
//! small and quick to build, and one codec serves every service.
//!
//! A codec always knows which schema it is at: [`ValueWriter::structure`] and
//! [`ValueReader::structure`] name it, and a member's value is written or read right
//! after the codec has entered that member, so list items, map values and timestamps
//! take their format from the member's schema without the value saying it.

mod codec_traits;
pub(crate) use codec_traits::set_members;
mod glue;
mod leaves;

pub use codec_traits::{
    EntryWriter, ItemWriter, MapKey, MemberWriter, ReadError, ReadValue, ValueReader, ValueWriter,
    WriteError, WriteList, WriteMap, WriteStruct, WriteValue,
};
pub use glue::{optional, read_some, set, write_members};

/// What kind of value a shape is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShapeKind {
    /// `true` / `false`.
    Boolean,
    /// 8-bit integer.
    Byte,
    /// 16-bit integer.
    Short,
    /// 32-bit integer.
    Integer,
    /// 64-bit integer.
    Long,
    /// 32-bit float.
    Float,
    /// 64-bit float.
    Double,
    /// Arbitrary-precision integer, as text.
    BigInteger,
    /// Arbitrary-precision decimal, as text.
    BigDecimal,
    /// UTF-8 text.
    String,
    /// A string with documented values.
    Enum,
    /// An integer with documented values.
    IntEnum,
    /// Bytes.
    Blob,
    /// A point in time.
    Timestamp,
    /// An untyped JSON-like document.
    Document,
    /// A list; its element is [`Schema::members`]`[0]` (named `member`).
    List,
    /// A map; its key and value are [`Schema::members`]`[0]` and `[1]`.
    Map,
    /// A structure; its members in model order.
    Structure,
    /// A union: exactly one of its members is set.
    Union,
}

/// One shape: its name, kind, members and traits.
#[derive(Debug)]
pub struct Schema {
    /// Shape name (`FunctionConfiguration`); scalars use their kind's name.
    pub name: &'static str,
    /// What kind of value it is.
    pub kind: ShapeKind,
    /// Structure and union members in model order; a list's element; a map's key and
    /// value. Empty for scalars.
    pub members: &'static [Member],
    /// Traits of the shape itself.
    pub traits: ShapeTraits,
}

/// Traits that belong to a shape rather than to one of its uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ShapeTraits {
    /// The value must never be printed (`sensitive`).
    pub sensitive: bool,
    /// An error shape's code on the wire, when it differs from the shape name
    /// (awsQuery's `awsQueryError`).
    pub error_code: Option<&'static str>,
    /// An error shape's HTTP status.
    pub http_status: Option<u16>,
    /// The timestamp format of a timestamp shape, when the shape states one.
    pub timestamp_format: Option<TimestampFormat>,
    /// A streaming blob (`StreamingBody`) or an event stream union.
    pub streaming: bool,
    /// XML namespace URI (restXml).
    pub xml_namespace: Option<&'static str>,
    /// The prefix [`Self::xml_namespace`] is declared with (`xmlns:baz="..."`), when the
    /// shape names one; `None` declares the default namespace.
    pub xml_namespace_prefix: Option<&'static str>,
    /// A list or map written without a wrapping element (XML, query).
    pub xml_flattened: bool,
    /// The name of XML elements for this shape (restXml), or a list's element name.
    pub xml_name: Option<&'static str>,
}

impl ShapeTraits {
    /// No traits set; usable in `const` items (`..ShapeTraits::NONE`).
    pub const NONE: ShapeTraits = ShapeTraits {
        sensitive: false,
        error_code: None,
        http_status: None,
        timestamp_format: None,
        streaming: false,
        xml_namespace: None,
        xml_namespace_prefix: None,
        xml_flattened: false,
        xml_name: None,
    };
}

/// One member of a structure or union, or the element, key or value of a collection.
#[derive(Debug)]
pub struct Member {
    /// Member name as the model spells it (`FunctionName`); the JSON key and the XML
    /// element name unless an override below says otherwise.
    pub name: &'static str,
    /// The member's type.
    pub target: &'static Schema,
    /// Where the member travels in an HTTP request or response.
    pub location: Location,
    /// Traits of this use of the target.
    pub traits: MemberTraits,
}

/// Traits of a member.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemberTraits {
    /// `required`: the caller must set it (labels always are).
    pub required: bool,
    /// Printed redacted (`sensitive` on the member or its target).
    pub sensitive: bool,
    /// Filled with a random UUID when the caller leaves it unset.
    pub idempotency_token: bool,
    /// A header whose value is JSON, base64-encoded (`jsonvalue`).
    pub json_value: bool,
    /// A host label: its value is put into the operation's host prefix.
    pub host_label: bool,
    /// A timestamp format stated on the member, overriding the shape's and the
    /// location's default.
    pub timestamp_format: Option<TimestampFormat>,
    /// restJson1's `jsonName`: the JSON key when it differs from `name`.
    pub json_name: Option<&'static str>,
    /// restXml's / awsQuery's `locationName` for the element name.
    pub xml_name: Option<&'static str>,
    /// awsQuery / ec2Query key (`queryName`).
    pub query_name: Option<&'static str>,
    /// An XML attribute rather than a child element.
    pub xml_attribute: bool,
    /// A list or map written without a wrapping element.
    pub xml_flattened: bool,
    /// XML namespace of this member's element: prefix (or empty) and URI.
    pub xml_namespace: Option<(&'static str, &'static str)>,
    /// An input string sent as the part after its last `/` (boto3's `fix_route53_ids`:
    /// Route 53 answers ids as `/hostedzone/Z1` and takes `Z1` back).
    pub last_segment: bool,
    /// An output string the service sends percent-encoded (IAM's policy documents,
    /// which botocore's `json_decode_policies` unquotes): read decoded.
    pub percent_encoded: bool,
    /// An input string sent base64-encoded (boto3's `base64_encode_user_data`: EC2
    /// `RunInstances`' `UserData`, which the caller gives as plain text); an output
    /// string read base64-decoded as UTF-8, left as it came where it does not decode
    /// (botocore's `decode_console_output`: EC2 `GetConsoleOutput`'s `Output`).
    pub base64: bool,
    /// An input string sent as this value when the caller leaves it unset (S3's
    /// `EncodingType` of the listings, which botocore's
    /// `set_list_objects_encoding_type_url` sets to `url`).
    pub default_value: Option<&'static str>,
    /// An output string the service url-encodes when asked to (S3's keys and prefixes
    /// in listings): read decoded, `+` as a space, as botocore's `decode_list_object*`
    /// do, when the call filled in its input's [`Self::default_value`] member itself and
    /// the output's member of that name holds the same value.
    pub url_encoded: bool,
    /// An input string sent percent-encoded as a path, `/` and a `?versionId=...`
    /// suffix kept (S3's `CopySource`, which boto3's `handle_copy_source_param` quotes).
    pub quoted_path: bool,
    /// An input key sent base64-encoded with the base64 MD5 of its bytes in the member
    /// named here, when the caller leaves that member unset; given with it, the key is
    /// taken to be encoded already (S3's SSE-C keys, botocore's `sse_md5`).
    pub key_md5: Option<&'static str>,
    /// An input string the client fills, when the caller leaves it unset, with the
    /// operation's request presigned for the region another member names (EC2
    /// `CopySnapshot`'s `PresignedUrl`, botocore's `inject_presigned_url_ec2`).
    pub presigned_url: Option<PresignedUrlFrom>,
    /// An output header whose text does not parse as the member's type leaves the
    /// member unset instead of failing the call (S3's `Expires`, which botocore's
    /// `handle_expires_header` drops when it is no timestamp, its text kept in
    /// `ExpiresString`). An empty header fails the call as before: that handler passes
    /// it on to botocore's parser, which fails it.
    pub lenient: bool,
}

/// The members a [`MemberTraits::presigned_url`] member's request is made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PresignedUrlFrom {
    /// The member naming the region the request is presigned for (`SourceRegion`).
    pub source_region: &'static str,
    /// The member sent as the client's region, in the presigned request and in the
    /// call itself (`DestinationRegion`).
    pub destination_region: &'static str,
}

impl MemberTraits {
    /// No traits set; usable in `const` items (`..MemberTraits::NONE`).
    pub const NONE: MemberTraits = MemberTraits {
        required: false,
        sensitive: false,
        idempotency_token: false,
        json_value: false,
        host_label: false,
        timestamp_format: None,
        json_name: None,
        xml_name: None,
        query_name: None,
        xml_attribute: false,
        xml_flattened: false,
        xml_namespace: None,
        last_segment: false,
        percent_encoded: false,
        base64: false,
        default_value: None,
        url_encoded: false,
        quoted_path: false,
        key_md5: None,
        presigned_url: None,
        lenient: false,
    };
}

/// Where a member travels in an HTTP message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Location {
    /// In the body (every member of RPC protocols, and of nested shapes).
    #[default]
    Body,
    /// A `{Name}` label of the URI template; the label's name.
    Label(&'static str),
    /// A greedy `{Name+}` label: `/` stays unescaped.
    GreedyLabel(&'static str),
    /// A query-string parameter of this name (lists repeat it).
    Query(&'static str),
    /// A map whose entries are query-string parameters (`querystring` without a name).
    QueryMap,
    /// An HTTP header of this name (lists are comma-separated).
    Header(&'static str),
    /// A map whose entries are headers named by this prefix plus the key.
    PrefixHeaders(&'static str),
    /// The member is the whole body.
    Payload,
    /// The HTTP status code of the response.
    StatusCode,
}

/// How a timestamp is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampFormat {
    /// Seconds since the epoch, fractional (`1515531081.123`).
    EpochSeconds,
    /// RFC 3339 / ISO 8601 (`2018-01-09T20:51:21.123Z`).
    DateTime,
    /// RFC 7231 HTTP-date (`Tue, 09 Jan 2018 20:51:21 GMT`).
    HttpDate,
}

/// The wire protocol of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// awsJson 1.0.
    AwsJson1_0,
    /// awsJson 1.1.
    AwsJson1_1,
    /// restJson1.
    RestJson1,
    /// restXml.
    RestXml,
    /// awsQuery.
    AwsQuery,
    /// ec2Query.
    Ec2Query,
}

/// One piece of a parsed request URI template (`/functions/{FunctionName}/aliases`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UriSegment {
    /// Text copied as is.
    Literal(&'static str),
    /// A label, percent-encoded with `/` escaped.
    Label(&'static str),
    /// A greedy label, percent-encoded with `/` kept.
    Greedy(&'static str),
}

/// The HTTP binding of an operation (REST protocols; RPC protocols use `POST /`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpBinding {
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// The path of the URI template, split into literals and labels.
    pub path: &'static [UriSegment],
    /// Query parameters written into the template (`?versions` → `("versions", None)`).
    pub query: &'static [(&'static str, Option<&'static str>)],
    /// The status code of a successful response.
    pub code: u16,
    /// A host prefix (`sync-`, `{AccountId}.`), with labels naming input members.
    pub host_prefix: Option<&'static str>,
}

/// One operation as data: what the codecs need besides the input value.
#[derive(Debug)]
pub struct OperationSchema {
    /// Wire name (`ListFunctions`).
    pub name: &'static str,
    /// Input structure.
    pub input: &'static Schema,
    /// Output structure.
    pub output: &'static Schema,
    /// HTTP binding; `None` for the RPC protocols.
    pub http: Option<HttpBinding>,
    /// Encodings the service accepts for a compressed request body, in preference
    /// order (Smithy's `requestCompression`, e.g. `["gzip"]`); empty when the body is
    /// never compressed.
    pub request_compression: &'static [&'static str],
    /// Checksums of the request and response bodies (`httpChecksumRequired`,
    /// `httpChecksum`).
    pub checksum: HttpChecksum,
}

/// What an operation says about body checksums (Smithy `httpChecksumRequired` and
/// `httpChecksum`; S3 above all).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HttpChecksum {
    /// The service refuses a request without a checksum of its body.
    pub required: bool,
    /// The input member that names the algorithm the caller chose
    /// (`ChecksumAlgorithm`): present when the operation supports flexible checksums.
    pub request_algorithm_member: Option<&'static str>,
    /// The input member that asks for response validation (`ChecksumMode`).
    pub response_validation_member: Option<&'static str>,
    /// Algorithms a response's checksum may use, in the order to check them.
    pub response_algorithms: &'static [&'static str],
}

impl HttpChecksum {
    /// No checksum trait; usable in `const` items.
    pub const NONE: HttpChecksum = HttpChecksum {
        required: false,
        request_algorithm_member: None,
        response_validation_member: None,
        response_algorithms: &[],
    };
}

/// Schemas of the scalar kinds, for members whose target is not a named shape.
pub mod prelude {
    use super::{Schema, ShapeKind, ShapeTraits};

    macro_rules! scalar {
        ($($(#[$doc:meta])* $name:ident = $kind:ident;)*) => {$(
            $(#[$doc])*
            pub static $name: Schema = Schema {
                name: stringify!($kind),
                kind: ShapeKind::$kind,
                members: &[],
                traits: ShapeTraits::NONE,
            };
        )*};
    }

    scalar! {
        /// `boolean`.
        BOOLEAN = Boolean;
        /// `byte`.
        BYTE = Byte;
        /// `short`.
        SHORT = Short;
        /// `integer`.
        INTEGER = Integer;
        /// `long`.
        LONG = Long;
        /// `float`.
        FLOAT = Float;
        /// `double`.
        DOUBLE = Double;
        /// `string`.
        STRING = String;
        /// `blob`.
        BLOB = Blob;
        /// `timestamp`.
        TIMESTAMP = Timestamp;
        /// `document`.
        DOCUMENT = Document;
    }

    /// A streaming blob (`StreamingBody`).
    pub static STREAMING_BLOB: Schema = Schema {
        name: "StreamingBlob",
        kind: ShapeKind::Blob,
        members: &[],
        traits: ShapeTraits {
            streaming: true,
            ..ShapeTraits::NONE
        },
    };
}
