//! The model as JSON, in the layout of botocore's `service-2.json`, `paginators-1.json` and
//! `waiters-2.json`.
//!
//! Tools that know botocore's models can read what the generator recovered from the docs,
//! and the fidelity report compares the two directly. The layout follows botocore:
//!
//! - `operations.<Name>`: `input`/`output` as `{"shape": ...}`, `errors` as a list of
//!   `{"shape": ...}`, `http` when a REST binding is documented, `documentation`,
//!   `deprecated`; `http` holds `method`, `requestUri` and, when documented, the success
//!   status `responseCode`.
//! - `shapes.<Name>`: `type`, `members` as `{name: {"shape": ...}}`, `required`, `member`
//!   (lists), `key`/`value` (maps), `enum`, `union: true`, `document: true`,
//!   `exception: true` with `error.httpStatusCode`, `streaming: true`, `eventstream: true`
//!   (on the union of events an event-stream member targets), `payload` (the member that
//!   is the whole HTTP body); members carry `location`/`locationName` when they travel in
//!   the URI, query string or headers, and `location: statusCode` when they hold the
//!   response's status code.
//!
//! `documentation` is the model's Markdown, where botocore has HTML.
//!
//! The model keeps scalars, lists and maps inline, where botocore names every shape; the
//! export names them by their structure (`String`, `Long`, `ListOfDevice`,
//! `MapOfStringToString`), so identical types share one shape. A width the docs do not
//! state exports as the wider type (`Long`, `Double`). Extra facts botocore does not have
//! are prefixed `x-`: `x-source` (file, line, column), `x-naming` (`documented` or
//! `derived`: how sure the name is), `x-constraints` (botocore puts `min`, `max` and
//! `pattern` on the target shape, which the inline types here do not have), `x-boxed`,
//! `x-boto3-method`. Waiters' `acceptors` come from the wire facts (the pages state only
//! the operation, the delay and the number of attempts); without them there are none.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::ir::{
    Acceptor, AcceptorState, Constraints, Expected, HttpChecksum, Location, Matcher, Member,
    MemberTraits, Naming, Service, Shape, ShapeKind, SourceLoc, TypeRef, Width, XmlNamespace,
};

/// The three botocore-layout documents for one service.
pub fn to_botocore_json(service: &Service) -> Value {
    json!({
        "service": service_document(service),
        "paginators": paginators_document(service),
        "waiters": waiters_document(service),
    })
}

/// `service-2.json`.
fn service_document(service: &Service) -> Value {
    let mut shapes = ShapeTable::new(service);
    let mut operations = Map::new();
    for (name, op) in &service.operations {
        let mut entry = Map::new();
        entry.insert("name".into(), json!(name));
        if let Some(http) = &op.http {
            let mut binding = json!({"method": http.method, "requestUri": http.uri});
            if let Some(code) = http.response_code {
                binding["responseCode"] = json!(code);
            }
            entry.insert("http".into(), binding);
            if let Some(prefix) = &http.host_prefix {
                entry.insert("endpoint".into(), json!({ "hostPrefix": prefix }));
            }
        }
        entry.insert("input".into(), json!({"shape": op.input}));
        entry.insert("output".into(), json!({"shape": op.output}));
        entry.insert(
            "errors".into(),
            op.errors.iter().map(|e| json!({"shape": e})).collect(),
        );
        insert_checksum(&mut entry, &op.http_checksum);
        insert_docs(&mut entry, &op.docs);
        if let Some(note) = &op.deprecated {
            entry.insert("deprecated".into(), json!(true));
            entry.insert("deprecatedMessage".into(), json!(note));
        }
        entry.insert("x-boto3-method".into(), json!(op.snake_name));
        entry.insert("x-source".into(), source(&op.source));
        operations.insert(name.clone(), Value::Object(entry));
    }
    for shape in service.shapes.values() {
        shapes.add_named(shape);
    }
    let metadata = &service.metadata;
    let mut meta = Map::new();
    let pairs = [
        ("apiVersion", service.api_version.as_ref()),
        ("uid", service.uid.as_ref()),
        ("jsonVersion", metadata.json_version.as_ref()),
        ("targetPrefix", metadata.target_prefix.as_ref()),
        ("signingName", metadata.signing_name.as_ref()),
        ("endpointPrefix", metadata.endpoint_prefix.as_ref()),
        ("serviceId", metadata.service_id.as_ref()),
        ("serviceFullName", metadata.service_full_name.as_ref()),
    ];
    meta.insert("protocol".into(), json!(metadata.protocol));
    if !metadata.protocols.is_empty() {
        meta.insert("protocols".into(), json!(metadata.protocols));
    }
    for (key, value) in pairs {
        if let Some(value) = value {
            meta.insert(key.into(), json!(value));
        }
    }
    json!({
        "version": "2.0",
        "metadata": meta,
        "documentation": service.docs,
        "operations": operations,
        "shapes": shapes.into_json(),
    })
}

/// `paginators-1.json`: tokens and keys are strings when single, lists when several.
fn paginators_document(service: &Service) -> Value {
    let one_or_many = |items: &[String]| match items {
        [one] => json!(one),
        many => json!(many),
    };
    let pagination: Map<String, Value> = service
        .paginators
        .iter()
        .map(|(op, p)| {
            let mut entry = Map::new();
            entry.insert("input_token".into(), one_or_many(&p.input_token));
            entry.insert("output_token".into(), one_or_many(&p.output_token));
            if let Some(limit) = &p.limit_key {
                entry.insert("limit_key".into(), json!(limit));
            }
            entry.insert("result_key".into(), one_or_many(&p.result_key));
            entry.insert("x-source".into(), source(&p.source));
            (op.clone(), Value::Object(entry))
        })
        .collect();
    json!({ "pagination": pagination })
}

/// `waiters-2.json`; acceptors only where the wire facts gave them.
fn waiters_document(service: &Service) -> Value {
    let waiters: Map<String, Value> = service
        .waiters
        .iter()
        .map(|(name, w)| {
            let mut waiter = json!({
                "operation": w.operation,
                "delay": w.delay,
                "maxAttempts": w.max_attempts,
                "x-source": source(&w.source),
            });
            if !w.acceptors.is_empty() {
                waiter["acceptors"] = w.acceptors.iter().map(acceptor).collect();
            }
            (name.clone(), waiter)
        })
        .collect();
    json!({ "version": 2, "waiters": waiters })
}

/// An acceptor as botocore writes it: `state`, `matcher`, `argument`, `expected`.
fn acceptor(acceptor: &Acceptor) -> Value {
    let state = match acceptor.state {
        AcceptorState::Success => "success",
        AcceptorState::Failure => "failure",
        AcceptorState::Retry => "retry",
    };
    let expected = |e: &Expected| match e {
        Expected::String(s) => json!(s),
        Expected::Bool(b) => json!(b),
        // botocore's numbers are integers where they are whole.
        Expected::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => json!(*n as i64),
        Expected::Number(n) => json!(n),
    };
    let (matcher, argument, expected) = match &acceptor.matcher {
        Matcher::Path { path, expected: e } => ("path", Some(path), expected(e)),
        Matcher::PathAll { path, expected: e } => ("pathAll", Some(path), expected(e)),
        Matcher::PathAny { path, expected: e } => ("pathAny", Some(path), expected(e)),
        Matcher::Status(code) => ("status", None, json!(code)),
        Matcher::Error(code) => ("error", None, json!(code)),
        Matcher::AnyError(any) => ("error", None, json!(any)),
    };
    let mut out = json!({ "state": state, "matcher": matcher });
    if let Some(argument) = argument {
        out["argument"] = json!(argument);
    }
    out["expected"] = expected;
    out
}

/// Collects named shapes and the anonymous ones the model keeps inline.
struct ShapeTable<'a> {
    service: &'a Service,
    shapes: BTreeMap<String, Value>,
    /// Unions that some member targets as an event stream.
    event_streams: BTreeSet<&'a str>,
}

impl<'a> ShapeTable<'a> {
    fn new(service: &'a Service) -> Self {
        let mut event_streams = BTreeSet::new();
        for shape in service.shapes.values() {
            for member in shape.kind.members() {
                collect_event_streams(&member.target, &mut event_streams);
            }
        }
        Self {
            service,
            shapes: BTreeMap::new(),
            event_streams,
        }
    }

    fn into_json(self) -> Value {
        Value::Object(self.shapes.into_iter().collect())
    }

    fn add_named(&mut self, shape: &Shape) {
        let Shape {
            name,
            docs,
            kind,
            deprecated,
            source: loc,
            naming,
            traits,
        } = shape;
        let mut entry = Map::new();
        match kind {
            ShapeKind::Structure { members } => {
                entry.insert("type".into(), json!("structure"));
                self.insert_members(&mut entry, members);
            }
            ShapeKind::Union { members } => {
                entry.insert("type".into(), json!("structure"));
                // botocore marks the union of events an event stream carries
                // `eventstream`, not `union`.
                let flag = if self.event_streams.contains(name.as_str()) {
                    "eventstream"
                } else {
                    "union"
                };
                entry.insert(flag.into(), json!(true));
                self.insert_members(&mut entry, members);
            }
            ShapeKind::Error {
                members,
                http_status,
                code,
            } => {
                entry.insert("type".into(), json!("structure"));
                self.insert_members(&mut entry, members);
                entry.insert("exception".into(), json!(true));
                let mut error = Map::new();
                if let Some(code) = code {
                    error.insert("code".into(), json!(code));
                }
                if let Some(status) = http_status {
                    error.insert("httpStatusCode".into(), json!(status));
                }
                if !error.is_empty() {
                    entry.insert("error".into(), Value::Object(error));
                }
            }
            ShapeKind::Enum { values } => {
                entry.insert("type".into(), json!("string"));
                entry.insert("enum".into(), json!(values));
            }
        }
        if let Some(name) = &traits.xml_name {
            entry.insert("locationName".into(), json!(name));
        }
        if let Some(ns) = &traits.xml_namespace {
            entry.insert("xmlNamespace".into(), namespace_json(ns));
        }
        insert_docs(&mut entry, docs);
        if let Some(note) = deprecated {
            entry.insert("deprecated".into(), json!(true));
            entry.insert("deprecatedMessage".into(), json!(note));
        }
        let naming = match naming {
            Naming::Documented => "documented",
            Naming::Derived => "derived",
        };
        entry.insert("x-naming".into(), json!(naming));
        entry.insert("x-source".into(), source(loc));
        self.shapes.insert(name.clone(), Value::Object(entry));
    }

    fn insert_members(&mut self, entry: &mut Map<String, Value>, members: &[Member]) {
        let mut out = Map::new();
        let mut required = Vec::new();
        for member in members {
            let Member {
                name,
                target,
                required: is_required,
                docs,
                boxed,
                deprecated,
                constraints,
                location,
                wire_name,
                traits,
                source: loc,
            } = member;
            // botocore's layout keys members by wire name; a boto3 rename is kept aside.
            let documented = wire_name.as_ref().map(|_| name);
            let name = wire_name.as_ref().unwrap_or(name);
            let mut m = Map::new();
            m.insert("shape".into(), json!(self.reference(target)));
            if let Some(documented) = documented {
                m.insert("x-documented-name".into(), json!(documented));
            }
            insert_traits(&mut m, traits);
            insert_docs(&mut m, docs);
            if let Some(note) = deprecated {
                m.insert("deprecated".into(), json!(true));
                m.insert("deprecatedMessage".into(), json!(note));
            }
            if *boxed {
                m.insert("x-boxed".into(), json!(true));
            }
            if !constraints.is_empty() {
                m.insert("x-constraints".into(), constraints_json(constraints));
            }
            match location {
                Location::Body => {}
                Location::Payload => {
                    entry.insert("payload".into(), json!(name));
                }
                Location::StatusCode => {
                    m.insert("location".into(), json!("statusCode"));
                }
                Location::Label(_)
                | Location::GreedyLabel(_)
                | Location::Query(_)
                | Location::QueryMap
                | Location::Header(_)
                | Location::PrefixHeaders(_) => {
                    if let Some((kind, wire)) = location.botocore() {
                        m.insert("location".into(), json!(kind));
                        if let Some(wire) = wire {
                            m.insert("locationName".into(), json!(wire));
                        }
                    }
                }
            }
            m.insert("x-source".into(), source(loc));
            if *is_required {
                required.push(name.clone());
            }
            out.insert(name.clone(), Value::Object(m));
        }
        if !required.is_empty() {
            entry.insert("required".into(), json!(required));
        }
        entry.insert("members".into(), Value::Object(out));
    }

    /// The shape name a type reference exports as, adding anonymous shapes on the way.
    fn reference(&mut self, target: &TypeRef) -> String {
        let (name, body) = match target {
            TypeRef::Named { name } | TypeRef::EventStream { name } => return name.clone(),
            TypeRef::String => ("String".to_owned(), json!({"type": "string"})),
            TypeRef::Boolean => ("Boolean".to_owned(), json!({"type": "boolean"})),
            TypeRef::Integer { width } => {
                let (name, kind) = match width {
                    Width::W32 => ("Integer", "integer"),
                    Width::W64 | Width::Unknown => ("Long", "long"),
                };
                (name.to_owned(), json!({ "type": kind }))
            }
            TypeRef::Float { width } => {
                let (name, kind) = match width {
                    Width::W32 => ("Float", "float"),
                    Width::W64 | Width::Unknown => ("Double", "double"),
                };
                (name.to_owned(), json!({ "type": kind }))
            }
            TypeRef::Timestamp => ("Timestamp".to_owned(), json!({"type": "timestamp"})),
            TypeRef::Blob => ("Blob".to_owned(), json!({"type": "blob"})),
            TypeRef::StreamingBlob => (
                "StreamingBlob".to_owned(),
                json!({"type": "blob", "streaming": true}),
            ),
            TypeRef::Document => (
                "Document".to_owned(),
                json!({"type": "structure", "members": {}, "document": true}),
            ),
            TypeRef::List { member } => {
                let inner = self.reference(member);
                (
                    format!("ListOf{inner}"),
                    json!({"type": "list", "member": {"shape": inner}}),
                )
            }
            TypeRef::Map { key, value } => {
                let key = self.reference(key);
                let value = self.reference(value);
                (
                    format!("MapOf{key}To{value}"),
                    json!({"type": "map", "key": {"shape": key}, "value": {"shape": value}}),
                )
            }
        };
        // A documented shape may already own the name: keep both apart.
        let name = if self.service.shapes.contains_key(&name) {
            format!("__{name}")
        } else {
            name
        };
        self.shapes.entry(name.clone()).or_insert(body);
        name
    }
}

/// The unions `target` carries as event streams, at any depth.
fn collect_event_streams<'a>(target: &'a TypeRef, out: &mut BTreeSet<&'a str>) {
    match target {
        TypeRef::EventStream { name } => {
            out.insert(name);
        }
        TypeRef::List { member } => collect_event_streams(member, out),
        TypeRef::Map { key, value } => {
            collect_event_streams(key, out);
            collect_event_streams(value, out);
        }
        _ => {}
    }
}

/// A member's wire traits, as botocore spells them on members (`sensitive`, which
/// botocore states on shapes, too).
fn insert_traits(entry: &mut Map<String, Value>, traits: &MemberTraits) {
    let MemberTraits {
        sensitive,
        idempotency_token,
        json_value,
        host_label,
        timestamp_format,
        json_name,
        xml_name,
        query_name,
        xml_attribute,
        xml_flattened,
        xml_namespace,
        element,
        key,
        value,
        // What botocore's handlers do, which its model does not state.
        last_segment: _,
        percent_encoded: _,
        base64: _,
    } = traits;
    for (key, set) in [
        ("sensitive", sensitive),
        ("idempotencyToken", idempotency_token),
        ("jsonvalue", json_value),
        ("hostLabel", host_label),
        ("xmlAttribute", xml_attribute),
        ("flattened", xml_flattened),
    ] {
        if *set {
            entry.insert(key.into(), json!(true));
        }
    }
    if let Some(format) = timestamp_format {
        entry.insert("timestampFormat".into(), json!(format.botocore_name()));
    }
    if let Some(name) = json_name {
        // botocore spells a body member's JSON key `locationName`.
        entry.insert("locationName".into(), json!(name));
    }
    if let Some(name) = xml_name {
        // ... and its XML element name, the same key.
        entry.insert("locationName".into(), json!(name));
    }
    if let Some(name) = query_name {
        entry.insert("queryName".into(), json!(name));
    }
    if let Some(ns) = xml_namespace {
        entry.insert("xmlNamespace".into(), namespace_json(ns));
    }
    // botocore states these on the list or map shape; the inline types here are shared
    // by structure, so they stay on the member that holds the collection.
    for (name, inner) in [("x-element", element), ("x-key", key), ("x-value", value)] {
        if let Some(inner) = inner {
            let mut out = Map::new();
            insert_traits(&mut out, inner);
            entry.insert(name.into(), Value::Object(out));
        }
    }
}

fn namespace_json(ns: &XmlNamespace) -> Value {
    match &ns.prefix {
        Some(prefix) => json!({"prefix": prefix, "uri": ns.uri}),
        None => json!({"uri": ns.uri}),
    }
}

/// botocore's `httpChecksumRequired` and `httpChecksum`.
fn insert_checksum(entry: &mut Map<String, Value>, checksum: &HttpChecksum) {
    let HttpChecksum {
        required,
        request_algorithm_member,
        response_validation_member,
        response_algorithms,
    } = checksum;
    if *required {
        entry.insert("httpChecksumRequired".into(), json!(true));
    }
    let mut flexible = Map::new();
    if let Some(member) = request_algorithm_member {
        flexible.insert("requestAlgorithmMember".into(), json!(member));
    }
    if let Some(member) = response_validation_member {
        flexible.insert("requestValidationModeMember".into(), json!(member));
    }
    if !response_algorithms.is_empty() {
        flexible.insert("responseAlgorithms".into(), json!(response_algorithms));
    }
    if !flexible.is_empty() {
        entry.insert("httpChecksum".into(), Value::Object(flexible));
    }
}

fn insert_docs(entry: &mut Map<String, Value>, docs: &str) {
    if !docs.is_empty() {
        entry.insert("documentation".into(), json!(docs));
    }
}

fn source(loc: &SourceLoc) -> Value {
    json!({"file": loc.file, "line": loc.line, "column": loc.column})
}

fn constraints_json(c: &Constraints) -> Value {
    let Constraints {
        min_length,
        max_length,
        min_value,
        max_value,
        pattern,
    } = c;
    let mut out = Map::new();
    let mut put = |key: &str, value: Value| {
        if !value.is_null() {
            out.insert(key.into(), value);
        }
    };
    put("minLength", json!(min_length));
    put("maxLength", json!(max_length));
    put("minValue", json!(min_value));
    put("maxValue", json!(max_value));
    put("pattern", json!(pattern));
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Operation, Paginator};

    fn member(name: &str, target: TypeRef, required: bool) -> Member {
        Member {
            name: name.into(),
            target,
            required,
            docs: String::new(),
            boxed: false,
            deprecated: None,
            constraints: Constraints::default(),
            location: Location::Body,
            wire_name: None,
            traits: Default::default(),
            source: SourceLoc::default(),
        }
    }

    fn shape(name: &str, kind: ShapeKind) -> Shape {
        Shape {
            name: name.into(),
            docs: String::new(),
            kind,
            deprecated: None,
            source: SourceLoc::default(),
            naming: Naming::Derived,
            traits: Default::default(),
        }
    }

    fn sample() -> Service {
        let mut service = Service {
            name: "demo".into(),
            ..Service::default()
        };
        let list = TypeRef::List {
            member: Box::new(TypeRef::Named {
                name: "Device".into(),
            }),
        };
        service.shapes.insert(
            "ListDevicesInput".into(),
            shape(
                "ListDevicesInput",
                ShapeKind::Structure {
                    members: vec![
                        member("arn", TypeRef::String, true),
                        member("nextToken", TypeRef::String, false),
                    ],
                },
            ),
        );
        service.shapes.insert(
            "ListDevicesOutput".into(),
            shape(
                "ListDevicesOutput",
                ShapeKind::Structure {
                    members: vec![
                        member("devices", list, false),
                        member("nextToken", TypeRef::String, false),
                    ],
                },
            ),
        );
        service.shapes.insert(
            "Device".into(),
            shape(
                "Device",
                ShapeKind::Structure {
                    members: vec![member(
                        "heapSize",
                        TypeRef::Integer { width: Width::W64 },
                        false,
                    )],
                },
            ),
        );
        service.operations.insert(
            "ListDevices".into(),
            Operation {
                name: "ListDevices".into(),
                snake_name: "list_devices".into(),
                input: "ListDevicesInput".into(),
                output: "ListDevicesOutput".into(),
                ..Operation::default()
            },
        );
        service.paginators.insert(
            "ListDevices".into(),
            Paginator {
                operation: "ListDevices".into(),
                input_token: vec!["nextToken".into()],
                output_token: vec!["nextToken".into()],
                limit_key: None,
                result_key: vec!["devices".into()],
                source: SourceLoc::default(),
            },
        );
        service
    }

    #[test]
    fn follows_botocore_layout() {
        let out = to_botocore_json(&sample());
        let shapes = &out["service"]["shapes"];
        assert_eq!(
            out["service"]["operations"]["ListDevices"]["input"],
            json!({"shape": "ListDevicesInput"})
        );
        assert_eq!(shapes["ListDevicesInput"]["required"], json!(["arn"]));
        assert_eq!(
            shapes["ListDevicesOutput"]["members"]["devices"]["shape"],
            json!("ListOfDevice")
        );
        assert_eq!(
            shapes["ListOfDevice"],
            json!({"type": "list", "member": {"shape": "Device"}})
        );
        assert_eq!(shapes["Long"], json!({"type": "long"}));
        let pages = &out["paginators"]["pagination"]["ListDevices"];
        assert_eq!(pages["input_token"], json!("nextToken"));
        assert_eq!(pages["result_key"], json!("devices"));
        assert!(pages.get("limit_key").is_none());
    }

    #[test]
    fn anonymous_names_never_shadow_documented_shapes() {
        let mut service = sample();
        service.shapes.insert(
            "String".into(),
            shape(
                "String",
                ShapeKind::Enum {
                    values: vec!["A".into()],
                },
            ),
        );
        let out = to_botocore_json(&service);
        let shapes = &out["service"]["shapes"];
        assert_eq!(shapes["String"]["enum"], json!(["A"]));
        assert_eq!(
            shapes["ListDevicesInput"]["members"]["arn"]["shape"],
            json!("__String")
        );
    }

    #[test]
    fn event_stream_unions_are_marked_eventstream_and_targeted_directly() {
        let mut service = sample();
        let event = |name: &str| {
            member(
                name,
                TypeRef::Named {
                    name: "Device".into(),
                },
                false,
            )
        };
        service.shapes.insert(
            "Events".into(),
            shape(
                "Events",
                ShapeKind::Union {
                    members: vec![event("Start"), event("End")],
                },
            ),
        );
        service.shapes.insert(
            "Choice".into(),
            shape(
                "Choice",
                ShapeKind::Union {
                    members: vec![event("One")],
                },
            ),
        );
        service.shapes.insert(
            "SubscribeOutput".into(),
            shape(
                "SubscribeOutput",
                ShapeKind::Structure {
                    members: vec![
                        member(
                            "Stream",
                            TypeRef::EventStream {
                                name: "Events".into(),
                            },
                            false,
                        ),
                        member(
                            "Pick",
                            TypeRef::Named {
                                name: "Choice".into(),
                            },
                            false,
                        ),
                    ],
                },
            ),
        );
        let out = to_botocore_json(&service);
        let shapes = &out["service"]["shapes"];
        assert_eq!(
            shapes["SubscribeOutput"]["members"]["Stream"]["shape"],
            json!("Events")
        );
        assert_eq!(shapes["Events"]["eventstream"], json!(true));
        assert!(shapes["Events"].get("union").is_none());
        assert_eq!(shapes["Choice"]["union"], json!(true));
        assert!(shapes["Choice"].get("eventstream").is_none());
    }

    #[test]
    fn http_locations_use_botocore_keys() {
        let mut service = sample();
        let located = |name: &str, location: Location| Member {
            location,
            ..member(name, TypeRef::String, false)
        };
        service.shapes.insert(
            "PutInput".into(),
            shape(
                "PutInput",
                ShapeKind::Structure {
                    members: vec![
                        located("Bucket", Location::Label("Bucket".into())),
                        located("Token", Location::Header("x-amz-token".into())),
                        located("Max", Location::Query("max-items".into())),
                        located("Body", Location::Payload),
                        located("Note", Location::Body),
                    ],
                },
            ),
        );
        let out = to_botocore_json(&service);
        let put = &out["service"]["shapes"]["PutInput"];
        assert_eq!(put["payload"], json!("Body"));
        let members = &put["members"];
        assert_eq!(members["Bucket"]["location"], json!("uri"));
        assert_eq!(members["Token"]["location"], json!("header"));
        assert_eq!(members["Token"]["locationName"], json!("x-amz-token"));
        assert_eq!(members["Max"]["location"], json!("querystring"));
        assert!(members["Body"].get("location").is_none());
        assert!(members["Note"].get("location").is_none());
    }

    #[test]
    fn success_codes_and_status_members_use_botocore_keys() {
        let mut service = sample();
        if let Some(op) = service.operations.get_mut("ListDevices") {
            op.http = Some(crate::ir::HttpBinding {
                method: "GET".into(),
                uri: crate::ir::UriTemplate::parse("/devices").unwrap(),
                response_code: Some(202),
                host_prefix: None,
            });
        }
        service.shapes.insert(
            "ListDevicesOutput".into(),
            shape(
                "ListDevicesOutput",
                ShapeKind::Structure {
                    members: vec![Member {
                        location: Location::StatusCode,
                        wire_name: None,
                        traits: Default::default(),
                        ..member("Status", TypeRef::Integer { width: Width::W32 }, false)
                    }],
                },
            ),
        );
        let out = to_botocore_json(&service);
        let http = &out["service"]["operations"]["ListDevices"]["http"];
        assert_eq!(
            *http,
            json!({"method": "GET", "requestUri": "/devices", "responseCode": 202})
        );
        let status = &out["service"]["shapes"]["ListDevicesOutput"]["members"]["Status"];
        assert_eq!(status["location"], json!("statusCode"));
        assert!(status.get("locationName").is_none());
    }
}
