//! How operations and members travel: the protocol, HTTP bindings, member locations and
//! wire traits. The vocabulary mirrors `sdk_runtime::schema` one to one (`Protocol`,
//! `Location`, `UriSegment`, `TimestampFormat`, `MemberTraits`), so that emitters map
//! each value to the runtime's without interpretation.

use std::fmt;

use serde::Serialize;

/// The wire protocol of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Protocol {
    /// awsJson 1.0 (`json`, `jsonVersion` 1.0).
    AwsJson1_0,
    /// awsJson 1.1 (`json`, `jsonVersion` 1.1).
    AwsJson1_1,
    /// restJson1 (`rest-json`).
    RestJson1,
    /// restXml (`rest-xml`).
    RestXml,
    /// awsQuery (`query`).
    AwsQuery,
    /// ec2Query (`ec2`).
    Ec2Query,
}

impl Protocol {
    /// The protocol botocore names `name` (`json`, `rest-json`, ...); `json` takes its
    /// version from `json_version` (1.0 when unstated, as botocore assumes). `None` for
    /// protocols the model does not know (`smithy-rpc-v2-cbor`).
    pub fn from_botocore(name: &str, json_version: Option<&str>) -> Option<Self> {
        Some(match name {
            "json" if json_version == Some("1.1") => Self::AwsJson1_1,
            "json" => Self::AwsJson1_0,
            "rest-json" => Self::RestJson1,
            "rest-xml" => Self::RestXml,
            "query" => Self::AwsQuery,
            "ec2" => Self::Ec2Query,
            _ => return None,
        })
    }

    /// botocore's name of the protocol.
    pub fn botocore_name(self) -> &'static str {
        match self {
            Self::AwsJson1_0 | Self::AwsJson1_1 => "json",
            Self::RestJson1 => "rest-json",
            Self::RestXml => "rest-xml",
            Self::AwsQuery => "query",
            Self::Ec2Query => "ec2",
        }
    }

    /// True for the protocols whose operations have an HTTP binding of their own
    /// (restJson1, restXml); the others send every operation as `POST /`.
    pub fn is_rest(self) -> bool {
        matches!(self, Self::RestJson1 | Self::RestXml)
    }
}

/// HTTP binding of an operation: method, URI template, success code and host prefix.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HttpBinding {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The request URI template (`/functions/{FunctionName}/aliases?versions`).
    pub uri: UriTemplate,
    /// The status code of a successful response (`201`, `204`), when a source states
    /// it; botocore's `responseCode` (200 when unstated).
    pub response_code: Option<u16>,
    /// A host prefix (`sync-`, `{AccountId}.`), whose labels name input members bound
    /// with [`MemberTraits::host_label`]; botocore's `endpoint.hostPrefix`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_prefix: Option<String>,
}

/// A parsed request URI template: path segments and the literal query parameters.
/// Displays (and serializes) as the template text it was parsed from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UriTemplate {
    /// The path, split into literals and labels (`/functions/`, `{FunctionName}`, ...).
    pub path: Vec<UriSegment>,
    /// Query parameters written into the template: `?versions` is `("versions", None)`,
    /// `?list-type=2` is `("list-type", Some("2"))`.
    pub query: Vec<(String, Option<String>)>,
}

/// One piece of a URI template's path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum UriSegment {
    /// Text copied as is.
    Literal(String),
    /// `{Name}`: the member bound to this label, percent-encoded with `/` escaped.
    Label(String),
    /// `{Name+}`: a greedy label, percent-encoded with `/` kept.
    Greedy(String),
}

/// Why a URI template does not parse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UriTemplateError {
    /// A `{` without its `}`, or a `}` without its `{`.
    #[error("unbalanced braces in `{0}`")]
    Unbalanced(String),
    /// `{}` or `{+}`.
    #[error("empty label in `{0}`")]
    EmptyLabel(String),
}

impl UriTemplate {
    /// Parses `/path/{Label}/{Greedy+}?literal&key=value`.
    pub fn parse(text: &str) -> Result<Self, UriTemplateError> {
        let (path_text, query_text) = text.split_once('?').unwrap_or((text, ""));
        let mut path = Vec::new();
        let mut rest = path_text;
        while !rest.is_empty() {
            match rest.find(['{', '}']) {
                Some(at) if rest[at..].starts_with('}') => {
                    return Err(UriTemplateError::Unbalanced(text.to_owned()))
                }
                Some(open) => {
                    if open > 0 {
                        path.push(UriSegment::Literal(rest[..open].to_owned()));
                    }
                    let close = rest[open..]
                        .find('}')
                        .map(|c| open + c)
                        .ok_or_else(|| UriTemplateError::Unbalanced(text.to_owned()))?;
                    let inner = &rest[open + 1..close];
                    if inner.contains('{') {
                        return Err(UriTemplateError::Unbalanced(text.to_owned()));
                    }
                    let segment = match inner.strip_suffix('+') {
                        Some(name) => UriSegment::Greedy(name.to_owned()),
                        None => UriSegment::Label(inner.to_owned()),
                    };
                    if matches!(&segment, UriSegment::Label(n) | UriSegment::Greedy(n) if n.is_empty())
                    {
                        return Err(UriTemplateError::EmptyLabel(text.to_owned()));
                    }
                    path.push(segment);
                    rest = &rest[close + 1..];
                }
                None => {
                    path.push(UriSegment::Literal(rest.to_owned()));
                    rest = "";
                }
            }
        }
        let query = query_text
            .split('&')
            .filter(|part| !part.is_empty())
            .map(|part| match part.split_once('=') {
                Some((key, value)) => (key.to_owned(), Some(value.to_owned())),
                None => (part.to_owned(), None),
            })
            .collect();
        Ok(Self { path, query })
    }

    /// The labels of the path, greedy ones included, in order.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.path.iter().filter_map(|segment| match segment {
            UriSegment::Literal(_) => None,
            UriSegment::Label(name) | UriSegment::Greedy(name) => Some(name.as_str()),
        })
    }

    /// True when `name` is a greedy label of the path.
    pub fn is_greedy(&self, name: &str) -> bool {
        self.path
            .iter()
            .any(|s| matches!(s, UriSegment::Greedy(n) if n == name))
    }
}

impl fmt::Display for UriTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for segment in &self.path {
            match segment {
                UriSegment::Literal(text) => f.write_str(text)?,
                UriSegment::Label(name) => write!(f, "{{{name}}}")?,
                UriSegment::Greedy(name) => write!(f, "{{{name}+}}")?,
            }
        }
        for (i, (key, value)) in self.query.iter().enumerate() {
            f.write_str(if i == 0 { "?" } else { "&" })?;
            f.write_str(key)?;
            if let Some(value) = value {
                write!(f, "={value}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for UriTemplate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Where a member travels in an HTTP message. Only the top-level members of an
/// operation's input and output (and of REST errors) leave the body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(tag = "in", content = "name", rename_all = "snake_case")]
pub enum Location {
    /// In the body (all awsJson members, and every nested member).
    #[default]
    Body,
    /// A `{Name}` label of the URI template; the label's name.
    Label(String),
    /// A greedy `{Name+}` label; the label's name.
    GreedyLabel(String),
    /// A query-string parameter of this name (lists repeat it).
    Query(String),
    /// A map whose entries are query-string parameters.
    QueryMap,
    /// An HTTP header of this name (lists are comma-separated).
    Header(String),
    /// A map whose entries are headers named by this prefix plus the key.
    PrefixHeaders(String),
    /// The member is the whole body.
    Payload,
    /// The HTTP status code of the response (an output member only).
    StatusCode,
}

impl Location {
    /// botocore's `location` and `locationName` for this location (`("uri", "Name")`);
    /// `None` for the body, whose members botocore leaves without a location, and for
    /// the payload, which botocore states on the structure.
    pub fn botocore(&self) -> Option<(&'static str, Option<&str>)> {
        Some(match self {
            Location::Body | Location::Payload => return None,
            Location::Label(name) | Location::GreedyLabel(name) => ("uri", Some(name)),
            Location::Query(name) => ("querystring", Some(name)),
            Location::QueryMap => ("querystring", None),
            Location::Header(name) => ("header", Some(name)),
            Location::PrefixHeaders(prefix) => ("headers", Some(prefix)),
            Location::StatusCode => ("statusCode", None),
        })
    }
}

/// How a timestamp is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum TimestampFormat {
    /// Seconds since the epoch, fractional (botocore's `unixTimestamp`).
    EpochSeconds,
    /// RFC 3339 (botocore's `iso8601`).
    DateTime,
    /// RFC 7231 HTTP-date (botocore's `rfc822`).
    HttpDate,
}

impl TimestampFormat {
    /// The format botocore spells `name`.
    pub fn from_botocore(name: &str) -> Option<Self> {
        match name {
            "unixTimestamp" => Some(Self::EpochSeconds),
            "iso8601" => Some(Self::DateTime),
            "rfc822" => Some(Self::HttpDate),
            _ => None,
        }
    }

    /// botocore's spelling.
    pub fn botocore_name(self) -> &'static str {
        match self {
            Self::EpochSeconds => "unixTimestamp",
            Self::DateTime => "iso8601",
            Self::HttpDate => "rfc822",
        }
    }
}

/// Wire traits of a member (or of its target, which botocore states on the shape).
/// All off by default; the wire-facts file and the passes set them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MemberTraits {
    /// Never printed: `Debug` redacts it (`sensitive` on the member or its target).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
    /// Filled with a fresh UUID when the caller leaves it unset (`idempotencyToken`);
    /// set by the idempotency pass.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub idempotency_token: bool,
    /// A header whose value is JSON, base64-encoded (`jsonvalue`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub json_value: bool,
    /// Its value is put into the operation's host prefix (`hostLabel`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub host_label: bool,
    /// A timestamp format stated on the member or its target (or on the timestamps a
    /// list or map of it holds), overriding the location's default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp_format: Option<TimestampFormat>,
    /// restJson1's `jsonName`: the JSON key when it differs from the wire name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json_name: Option<String>,
    /// The XML element (or attribute) name, and awsQuery's key, when it differs from the
    /// wire name: botocore's `locationName` of a body member in restXml, awsQuery and
    /// ec2Query (S3's `Contents` list elements are `Contents`, IAM's `member`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xml_name: Option<String>,
    /// ec2Query's `queryName`: the request key when the model states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_name: Option<String>,
    /// Written as an XML attribute of the enclosing element (`xmlAttribute`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub xml_attribute: bool,
    /// A list or map written without a wrapping element (`flattened`, on the member or
    /// on the list or map it holds).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub xml_flattened: bool,
    /// The XML namespace the member's element declares (`xmlNamespace`, on the member or
    /// on the structure it holds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xml_namespace: Option<XmlNamespace>,
    /// Traits of the elements of the list the member holds (botocore states them on the
    /// list shape's `member`, e.g. its `locationName`); nested for a list of lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element: Option<Box<MemberTraits>>,
    /// Traits of the keys of the map the member holds (the map shape's `key`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<Box<MemberTraits>>,
    /// Traits of the values of the map the member holds (the map shape's `value`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Box<MemberTraits>>,
    /// An input id sent as the part after its last `/` (boto3's `fix_route53_ids`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub last_segment: bool,
    /// An output string the service percent-encodes, read decoded (IAM's policy
    /// documents, botocore's `json_decode_policies`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub percent_encoded: bool,
    /// An input string sent base64-encoded (boto3's `base64_encode_user_data`); an
    /// output string read decoded (botocore's `decode_console_output`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub base64: bool,
    /// An input string sent as this value when the caller leaves it unset (S3's
    /// `EncodingType` of listings, botocore's `set_list_objects_encoding_type_url`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_value: Option<String>,
    /// An output string the service url-encodes when the request's default value asked
    /// for it, read decoded (S3's keys in listings, botocore's `decode_list_object*`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub url_encoded: bool,
    /// An input string sent percent-encoded as a path, `/` and a `?versionId=` suffix
    /// kept (S3's `CopySource`, boto3's `handle_copy_source_param`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub quoted_path: bool,
    /// An input key sent base64-encoded with the base64 MD5 of its bytes in the member
    /// of this wire name, when the caller leaves that member unset (S3's SSE-C keys,
    /// botocore's `sse_md5` and `copy_source_sse_md5`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_md5: Option<String>,
    /// An input string the client fills, when the caller leaves it unset, with the
    /// operation's request presigned for another region (EC2 `CopySnapshot`'s
    /// `PresignedUrl`, botocore's `inject_presigned_url_ec2`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presigned_url: Option<PresignedUrl>,
    /// An output header whose text does not parse as the member's type leaves the member
    /// unset instead of failing the call (S3's `Expires`, botocore's
    /// `handle_expires_header`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub lenient: bool,
}

/// Where a presigned-URL member's regions come from, by member wire name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PresignedUrl {
    /// The member naming the region the request is presigned for (`SourceRegion`).
    pub source_region: String,
    /// The member sent as the client's region, in the presigned request and the call
    /// (`DestinationRegion`).
    pub destination_region: String,
}

impl MemberTraits {
    /// True when no trait is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// An XML namespace declaration (`xmlNamespace`): `xmlns="uri"`, or `xmlns:prefix="uri"`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct XmlNamespace {
    /// The prefix (`xsi`), when the declaration binds one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// The namespace URI.
    pub uri: String,
}

/// Wire traits of a named shape itself, apart from its uses as a member's target (those
/// are folded into [`MemberTraits`]): what an operation's input states as the root of
/// a restXml body (Route53's `CreateHostedZoneRequest` element and its namespace).
/// An error's code and HTTP status are in [`crate::ir::ShapeKind::Error`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ShapeTraits {
    /// The element name of the shape (botocore's `locationName` on the shape).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xml_name: Option<String>,
    /// The namespace its element declares (`xmlNamespace` on the shape).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xml_namespace: Option<XmlNamespace>,
}

impl ShapeTraits {
    /// True when no trait is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// What an operation says about body checksums (botocore's `httpChecksumRequired` and
/// `httpChecksum`; S3 above all). Member names are wire names of the input's members.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HttpChecksum {
    /// The service refuses a request without a checksum of its body
    /// (`httpChecksumRequired`, or `httpChecksum.requestChecksumRequired`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// The input member naming the algorithm the caller chose (`ChecksumAlgorithm`):
    /// present when the operation supports flexible checksums.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_algorithm_member: Option<String>,
    /// The input member that asks for response validation (`ChecksumMode`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_validation_member: Option<String>,
    /// Algorithms a response's checksum may use, in the model's order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub response_algorithms: Vec<String>,
}

/// Where an operation goes when the endpoint rules send it apart from the service's
/// other operations (S3's `ListDirectoryBuckets`, `WriteGetObjectResponse`,
/// `GetBucketLocation`), from the wire-facts file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OperationEndpoint {
    /// The endpoint prefix of its default endpoint when not the service's
    /// (`s3express-control`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// The name it is signed with when not the service's (`s3express`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signing_name: Option<String>,
    /// Its bucket always goes in the path, never in the host.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub path_style: bool,
}

impl OperationEndpoint {
    /// True when the operation goes where the service's others go.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// When the request carries `Expect: 100-continue`, as botocore's handlers add it to
/// S3's uploads (`add_expect_header`), from the wire-facts file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpectContinue {
    /// Never.
    #[default]
    Never,
    /// When the streaming payload is given as a file or stream.
    Stream,
    /// When the streaming payload is given at all, in memory too (botocore makes it a
    /// file first).
    Always,
}

impl ExpectContinue {
    /// True for [`ExpectContinue::Never`].
    pub fn is_never(&self) -> bool {
        *self == Self::Never
    }
}

impl HttpChecksum {
    /// True when the operation states nothing about checksums.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_parse_and_print_back() {
        for text in [
            "/",
            "/2015-03-31/functions/{FunctionName}/aliases",
            "/{Bucket}/{Key+}?uploads",
            "/restapis/{restapi_id}/resources?x=1&embed",
            "/prefix{Label}suffix",
        ] {
            let template = UriTemplate::parse(text).unwrap();
            assert_eq!(template.to_string(), text);
        }
        let t = UriTemplate::parse("/{Bucket}/{Key+}?list-type=2&versions").unwrap();
        assert_eq!(
            t.path,
            [
                UriSegment::Literal("/".into()),
                UriSegment::Label("Bucket".into()),
                UriSegment::Literal("/".into()),
                UriSegment::Greedy("Key".into()),
            ]
        );
        assert_eq!(
            t.query,
            [
                ("list-type".to_owned(), Some("2".to_owned())),
                ("versions".to_owned(), None)
            ]
        );
        assert!(t.is_greedy("Key") && !t.is_greedy("Bucket"));
        assert_eq!(t.labels().collect::<Vec<_>>(), ["Bucket", "Key"]);
    }

    #[test]
    fn bad_templates_are_refused() {
        assert!(matches!(
            UriTemplate::parse("/a/{b"),
            Err(UriTemplateError::Unbalanced(_))
        ));
        assert!(matches!(
            UriTemplate::parse("/a/b}"),
            Err(UriTemplateError::Unbalanced(_))
        ));
        assert!(matches!(
            UriTemplate::parse("/a/{+}"),
            Err(UriTemplateError::EmptyLabel(_))
        ));
    }

    #[test]
    fn protocols_resolve_json_versions() {
        assert_eq!(
            Protocol::from_botocore("json", Some("1.1")),
            Some(Protocol::AwsJson1_1)
        );
        assert_eq!(
            Protocol::from_botocore("json", None),
            Some(Protocol::AwsJson1_0)
        );
        assert_eq!(
            Protocol::from_botocore("rest-json", None),
            Some(Protocol::RestJson1)
        );
        assert_eq!(Protocol::from_botocore("smithy-rpc-v2-cbor", None), None);
    }
}
