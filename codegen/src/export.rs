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

use serde_json::{json, Map, Value};

mod shapes;

use self::shapes::{insert_docs, source, ShapeTable};
use crate::ir::{Acceptor, AcceptorState, Expected, HttpChecksum, Matcher, Service};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{
        Constraints, Location, Member, Naming, Operation, Paginator, Shape, ShapeKind, SourceLoc,
        TypeRef, Width,
    };

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
