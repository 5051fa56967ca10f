//! A case's model snippet as the runtime's schema: leaked `'static` [`Schema`]s, the
//! [`OperationSchema`] and the [`ServiceSpec`], the data generated crates carry.

use std::collections::{BTreeSet, HashMap, HashSet};

use sdk_runtime::protocol::ServiceSpec;
use sdk_runtime::schema::{
    HttpBinding, HttpChecksum, Location, Member, MemberTraits, OperationSchema, Protocol, Schema,
    ShapeKind, ShapeTraits, TimestampFormat, UriSegment,
};

use super::ordered::Json;

/// What running one case needs: the service, the operation, its error shapes.
pub struct CaseModel {
    /// The service, from the group's metadata.
    pub service: &'static ServiceSpec,
    /// The operation, from the case's `given`.
    pub operation: &'static OperationSchema,
    /// Every error shape of the model, with the code botocore looks it up by (the
    /// shape's `error.code`, else its name).
    pub errors: Vec<(&'static str, &'static Schema)>,
}

/// How deep recursive shapes are unrolled: `'static` schemas cannot form a cycle
/// without unsafe code, and no case nests deeper than a few levels.
const UNROLL: u32 = 32;

fn leak(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

fn leak_slice<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

/// Builds the case's model from its group's `metadata` and `shapes` and its `given`.
pub fn build(metadata: &Json, shapes: &Json, given: &Json) -> Result<CaseModel, String> {
    let protocol = protocol(metadata)?;
    let rest = matches!(protocol, Protocol::RestJson1 | Protocol::RestXml);
    let http = given.get("http").unwrap_or(&Json::Null);
    let request_uri = http.text("requestUri");
    let (path, query) = parse_uri(if request_uri.is_empty() {
        "/"
    } else {
        request_uri
    })?;
    let greedy = path
        .iter()
        .filter_map(|s| match s {
            UriSegment::Greedy(name) => Some(name.to_string()),
            _ => None,
        })
        .collect();
    let mut builder = Builder::new(shapes, greedy);
    let input = match given.get("input") {
        Some(input) => top_level(input, builder.schema(input.text("shape"), UNROLL)?),
        None => empty_structure("Unit"),
    };
    let output = match given.get("output") {
        Some(output) => top_level(output, builder.schema(output.text("shape"), UNROLL)?),
        None => empty_structure("Unit"),
    };
    let binding = HttpBinding {
        method: leak(match http.text("method") {
            "" => "POST",
            method => method,
        }),
        path: leak_slice(path),
        query: leak_slice(query),
        code: match http.get("responseCode") {
            Some(Json::Number(n)) => n
                .as_u64()
                .and_then(|n| u16::try_from(n).ok())
                .ok_or(format!("responseCode {n}"))?,
            _ => 200,
        },
        host_prefix: given
            .get("endpoint")
            .and_then(|e| e.get("hostPrefix"))
            .and_then(Json::as_str)
            .map(leak),
    };
    // RPC protocols have no binding of their own but may still have a host prefix.
    let http = (rest || binding.host_prefix.is_some()).then_some(binding);
    let operation = Box::leak(Box::new(OperationSchema {
        name: leak(given.text("name")),
        input,
        output,
        http,
        request_compression: leak_slice(
            given
                .get("requestcompression")
                .and_then(|c| c.get("encodings"))
                .map(Json::items)
                .unwrap_or_default()
                .iter()
                .filter_map(Json::as_str)
                .map(leak)
                .collect(),
        ),
        checksum: checksum(given),
    }));
    let mut errors = Vec::new();
    for (name, shape) in shapes.entries() {
        if shape.get("exception").is_some_and(Json::is_true) {
            let schema = builder.schema(name, UNROLL)?;
            errors.push((schema.traits.error_code.unwrap_or(schema.name), schema));
        }
    }
    Ok(CaseModel {
        service: Box::leak(Box::new(service(metadata, protocol))),
        operation,
        errors,
    })
}

/// An operation's input or output as its reference states it: restXml's root element
/// takes the reference's `locationName` and `xmlNamespace` over the shape's own.
fn top_level(reference: &Json, schema: &'static Schema) -> &'static Schema {
    let name = reference.get("locationName").and_then(Json::as_str);
    let namespace = reference.get("xmlNamespace").map(namespace);
    if name.is_none() && namespace.is_none() {
        return schema;
    }
    let mut traits = schema.traits;
    if let Some(name) = name {
        traits.xml_name = Some(leak(name));
    }
    if let Some((prefix, uri)) = namespace {
        traits.xml_namespace = Some(uri);
        traits.xml_namespace_prefix = (!prefix.is_empty()).then_some(prefix);
    }
    Box::leak(Box::new(Schema {
        name: schema.name,
        kind: schema.kind,
        members: schema.members,
        traits,
    }))
}

/// An `xmlNamespace` trait: a URI alone, or `{"prefix": ..., "uri": ...}`; the prefix
/// is empty for the default namespace.
fn namespace(trait_: &Json) -> (&'static str, &'static str) {
    match trait_ {
        Json::String(uri) => ("", leak(uri)),
        _ => (leak(trait_.text("prefix")), leak(trait_.text("uri"))),
    }
}

/// The operation's `httpChecksumRequired` and `httpChecksum` traits.
fn checksum(given: &Json) -> HttpChecksum {
    let flexible = given.get("httpChecksum").unwrap_or(&Json::Null);
    let member = |key: &str| flexible.get(key).and_then(Json::as_str).map(leak);
    HttpChecksum {
        required: given.get("httpChecksumRequired").is_some_and(Json::is_true)
            || flexible
                .get("requestChecksumRequired")
                .is_some_and(Json::is_true),
        request_algorithm_member: member("requestAlgorithmMember"),
        response_validation_member: member("requestValidationModeMember"),
        response_algorithms: leak_slice(
            flexible
                .get("responseAlgorithms")
                .map(Json::items)
                .unwrap_or_default()
                .iter()
                .filter_map(Json::as_str)
                .map(leak)
                .collect(),
        ),
    }
}

/// The protocol a group's metadata names.
pub fn protocol(metadata: &Json) -> Result<Protocol, String> {
    Ok(
        match (metadata.text("protocol"), metadata.text("jsonVersion")) {
            ("json", "1.0") => Protocol::AwsJson1_0,
            ("json", _) => Protocol::AwsJson1_1,
            ("rest-json", _) => Protocol::RestJson1,
            ("rest-xml", _) => Protocol::RestXml,
            ("query", _) => Protocol::AwsQuery,
            ("ec2", _) => Protocol::Ec2Query,
            (other, _) => return Err(format!("unknown protocol {other:?}")),
        },
    )
}

fn service(metadata: &Json, protocol: Protocol) -> ServiceSpec {
    let or = |key: &str, default: &str| -> &'static str {
        leak(match metadata.text(key) {
            "" => default,
            text => text,
        })
    };
    let endpoint_prefix = or("endpointPrefix", "example");
    ServiceSpec {
        service_id: or("serviceId", "Example"),
        signing_name: or("signingName", endpoint_prefix),
        endpoint_prefix,
        target_prefix: or("targetPrefix", ""),
        json_version: or("jsonVersion", "1.1"),
        api_version: or("apiVersion", ""),
        protocol,
        query_compatible: metadata.get("awsQueryCompatible").is_some(),
        default_headers: &[],
    }
}

/// Literal query parameters of a request URI (`?versions` → `("versions", None)`).
type LiteralQuery = Vec<(&'static str, Option<&'static str>)>;

/// Splits a `requestUri` into path segments and the literal query it states.
pub fn parse_uri(uri: &str) -> Result<(Vec<UriSegment>, LiteralQuery), String> {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let mut segments = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            segments.push(UriSegment::Literal(leak(&rest[..open])));
        }
        let close = rest[open..]
            .find('}')
            .ok_or(format!("unclosed label in {uri}"))?
            + open;
        let label = &rest[open + 1..close];
        segments.push(match label.strip_suffix('+') {
            Some(name) => UriSegment::Greedy(leak(name)),
            None => UriSegment::Label(leak(label)),
        });
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        segments.push(UriSegment::Literal(leak(rest)));
    }
    let query = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (leak(k), Some(leak(v))),
            None => (leak(pair), None),
        })
        .collect();
    Ok((segments, query))
}

fn empty_structure(name: &str) -> &'static Schema {
    Box::leak(Box::new(Schema {
        name: leak(name),
        kind: ShapeKind::Structure,
        members: &[],
        traits: ShapeTraits::NONE,
    }))
}

fn timestamp_format(text: &str) -> Result<Option<TimestampFormat>, String> {
    Ok(match text {
        "" => None,
        "iso8601" => Some(TimestampFormat::DateTime),
        "rfc822" => Some(TimestampFormat::HttpDate),
        "unixTimestamp" => Some(TimestampFormat::EpochSeconds),
        other => return Err(format!("unknown timestampFormat {other:?}")),
    })
}

fn kind(shape: &Json) -> Result<ShapeKind, String> {
    Ok(match shape.text("type") {
        "structure" if shape.get("document").is_some_and(Json::is_true) => ShapeKind::Document,
        "structure" if shape.get("union").is_some_and(Json::is_true) => ShapeKind::Union,
        "structure" => ShapeKind::Structure,
        "list" => ShapeKind::List,
        "map" => ShapeKind::Map,
        "string" if shape.get("enum").is_some() => ShapeKind::Enum,
        "string" => ShapeKind::String,
        "integer" if shape.get("enum").is_some() => ShapeKind::IntEnum,
        "integer" => ShapeKind::Integer,
        "long" => ShapeKind::Long,
        "short" => ShapeKind::Short,
        "byte" => ShapeKind::Byte,
        "float" => ShapeKind::Float,
        "double" => ShapeKind::Double,
        "boolean" => ShapeKind::Boolean,
        "blob" => ShapeKind::Blob,
        "timestamp" => ShapeKind::Timestamp,
        "bigdecimal" => ShapeKind::BigDecimal,
        "biginteger" => ShapeKind::BigInteger,
        other => return Err(format!("unknown shape type {other:?}")),
    })
}

/// The shapes a shape refers to.
fn children(shape: &Json) -> impl Iterator<Item = &str> {
    let members = shape.get("members").map(Json::entries).unwrap_or_default();
    members
        .iter()
        .map(|(_, m)| m)
        .chain(
            ["member", "key", "value"]
                .into_iter()
                .filter_map(|k| shape.get(k)),
        )
        .map(|m| m.text("shape"))
}

struct Builder<'a> {
    shapes: &'a Json,
    /// Labels the request URI marks greedy (`{Key+}`).
    greedy: HashSet<String>,
    /// Shapes from which a cycle is reachable: built per remaining depth.
    recursive: HashSet<String>,
    built: HashMap<(String, u32), &'static Schema>,
}

impl<'a> Builder<'a> {
    fn new(shapes: &'a Json, greedy: HashSet<String>) -> Self {
        let graph: HashMap<&str, Vec<&str>> = shapes
            .entries()
            .iter()
            .map(|(name, shape)| (name.as_str(), children(shape).collect()))
            .collect();
        let reach = |start: &str| {
            let mut seen = BTreeSet::new();
            let mut todo: Vec<&str> = graph.get(start).cloned().unwrap_or_default();
            while let Some(next) = todo.pop() {
                if seen.insert(next) {
                    todo.extend(graph.get(next).into_iter().flatten());
                }
            }
            seen
        };
        let on_cycle: HashSet<&str> = graph
            .keys()
            .copied()
            .filter(|name| reach(name).contains(name))
            .collect();
        let recursive = graph
            .keys()
            .filter(|name| {
                on_cycle.contains(*name) || reach(name).iter().any(|n| on_cycle.contains(n))
            })
            .map(|name| name.to_string())
            .collect();
        Self {
            shapes,
            greedy,
            recursive,
            built: HashMap::new(),
        }
    }

    fn schema(&mut self, name: &str, depth: u32) -> Result<&'static Schema, String> {
        let recursive = self.recursive.contains(name);
        let key = (name.to_owned(), if recursive { depth } else { 0 });
        if let Some(schema) = self.built.get(&key) {
            return Ok(schema);
        }
        let shapes = self.shapes;
        let shape = shapes
            .get(name)
            .ok_or(format!("no shape {name:?} in the model"))?;
        let kind = kind(shape)?;
        if recursive && depth == 0 {
            return Ok(empty_structure(name));
        }
        let next = depth - u32::from(recursive);
        let members = match kind {
            ShapeKind::Structure | ShapeKind::Union => {
                let required: Vec<&str> = shape
                    .get("required")
                    .map(Json::items)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(Json::as_str)
                    .collect();
                let payload = shape.text("payload");
                let mut members = Vec::new();
                for (member_name, member) in
                    shape.get("members").map(Json::entries).unwrap_or_default()
                {
                    let target = self.schema(member.text("shape"), next)?;
                    let mut built =
                        self.member(member_name, member, target, payload == member_name)?;
                    built.traits.required = required.contains(&member_name.as_str());
                    members.push(built);
                }
                members
            }
            ShapeKind::List => {
                let member = shape
                    .get("member")
                    .ok_or(format!("list {name} without member"))?;
                let target = self.schema(member.text("shape"), next)?;
                vec![self.member("member", member, target, false)?]
            }
            ShapeKind::Map => {
                let mut members = Vec::new();
                for part in ["key", "value"] {
                    let member = shape
                        .get(part)
                        .ok_or(format!("map {name} without {part}"))?;
                    let target = self.schema(member.text("shape"), next)?;
                    members.push(self.member(part, member, target, false)?);
                }
                members
            }
            _ => Vec::new(),
        };
        let error = shape.get("error");
        let namespace = shape.get("xmlNamespace").map(namespace);
        let schema: &'static Schema = Box::leak(Box::new(Schema {
            name: leak(name),
            kind,
            members: leak_slice(members),
            traits: ShapeTraits {
                sensitive: shape.get("sensitive").is_some_and(Json::is_true),
                error_code: error
                    .and_then(|e| e.get("code"))
                    .and_then(Json::as_str)
                    .map(leak),
                http_status: match error.and_then(|e| e.get("httpStatusCode")) {
                    Some(Json::Number(n)) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
                    _ => None,
                },
                timestamp_format: timestamp_format(shape.text("timestampFormat"))?,
                streaming: shape.get("streaming").is_some_and(Json::is_true)
                    || shape.get("eventstream").is_some_and(Json::is_true),
                xml_namespace: namespace.map(|(_, uri)| uri),
                xml_namespace_prefix: namespace
                    .map(|(prefix, _)| prefix)
                    .filter(|prefix| !prefix.is_empty()),
                xml_flattened: shape.get("flattened").is_some_and(Json::is_true),
                xml_name: shape.get("locationName").and_then(Json::as_str).map(leak),
            },
        }));
        self.built.insert(key, schema);
        Ok(schema)
    }

    /// One member: where it travels and its traits.
    fn member(
        &self,
        name: &str,
        member: &Json,
        target: &'static Schema,
        payload: bool,
    ) -> Result<Member, String> {
        let flag = |key: &str| member.get(key).is_some_and(Json::is_true);
        let location_name = member.get("locationName").and_then(Json::as_str);
        let wire = leak(location_name.unwrap_or(name));
        let location = match member.text("location") {
            "" if payload => Location::Payload,
            "" => Location::Body,
            "uri" if self.greedy.contains(wire) => Location::GreedyLabel(wire),
            "uri" => Location::Label(wire),
            "querystring" if target.kind == ShapeKind::Map => Location::QueryMap,
            "querystring" => Location::Query(wire),
            "header" => Location::Header(wire),
            "headers" => Location::PrefixHeaders(leak(location_name.unwrap_or(""))),
            "statusCode" => Location::StatusCode,
            other => return Err(format!("member {name}: unknown location {other:?}")),
        };
        // A body member's or the payload's element name (the payload's root element).
        let body_name = matches!(location, Location::Body | Location::Payload)
            .then_some(location_name)
            .flatten();
        Ok(Member {
            name: leak(name),
            target,
            location,
            traits: MemberTraits {
                required: false,
                sensitive: flag("sensitive") || target.traits.sensitive,
                idempotency_token: flag("idempotencyToken"),
                json_value: flag("jsonvalue"),
                host_label: flag("hostLabel"),
                timestamp_format: timestamp_format(member.text("timestampFormat"))?,
                json_name: body_name.map(leak),
                xml_name: body_name.map(leak),
                query_name: member.get("queryName").and_then(Json::as_str).map(leak),
                xml_attribute: flag("xmlAttribute"),
                xml_flattened: flag("flattened"),
                xml_namespace: member.get("xmlNamespace").map(namespace),
                // What botocore's handlers do, which no protocol suite states.
                ..MemberTraits::NONE
            },
        })
    }
}
