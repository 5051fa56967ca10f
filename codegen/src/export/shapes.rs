//! The `shapes` of `service-2.json`: named shapes, the anonymous ones the model keeps
//! inline (named by their structure), and members with their wire traits.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::ir::{
    Constraints, Location, Member, MemberTraits, Naming, Service, Shape, ShapeKind, SourceLoc,
    TypeRef, Width, XmlNamespace,
};
/// Collects named shapes and the anonymous ones the model keeps inline.
pub(super) struct ShapeTable<'a> {
    service: &'a Service,
    shapes: BTreeMap<String, Value>,
    /// Unions that some member targets as an event stream.
    event_streams: BTreeSet<&'a str>,
}

impl<'a> ShapeTable<'a> {
    pub(super) fn new(service: &'a Service) -> Self {
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

    pub(super) fn into_json(self) -> Value {
        Value::Object(self.shapes.into_iter().collect())
    }

    pub(super) fn add_named(&mut self, shape: &Shape) {
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
        default_value: _,
        url_encoded: _,
        quoted_path: _,
        key_md5: _,
        presigned_url: _,
        lenient: _,
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

/// Sets `documentation` unless there is none.
pub(super) fn insert_docs(entry: &mut Map<String, Value>, docs: &str) {
    if !docs.is_empty() {
        entry.insert("documentation".into(), json!(docs));
    }
}

/// `x-source`: where in the docs a thing is stated.
pub(super) fn source(loc: &SourceLoc) -> Value {
    json!({"file": loc.file, "line": loc.line, "column": loc.column})
}
