//! A restJson1 service gets a client: its operations' HTTP bindings and its members'
//! locations become the operation and shape schemas, and the generated crate sends and
//! reads through the runtime's REST codec as `tests/behaviour.rs` expects.

mod emit_support;

use std::collections::BTreeMap;

use codegen::emit::generate_crate;
use codegen::ir::{
    Constraints, HttpBinding, Location, Member, Metadata, Naming, Operation, Service, Shape,
    ShapeKind, SourceLoc, TypeRef, UriTemplate,
};
use emit_support::{settings, GeneratedCrate};

fn member(name: &str, target: TypeRef, location: Location) -> Member {
    Member {
        name: name.into(),
        target,
        required: false,
        docs: String::new(),
        boxed: false,
        deprecated: None,
        constraints: Constraints::default(),
        location,
        wire_name: None,
        traits: Default::default(),
        source: SourceLoc::default(),
    }
}

fn required(mut m: Member) -> Member {
    m.required = true;
    m
}

fn structure(name: &str, members: Vec<Member>) -> Shape {
    Shape {
        name: name.into(),
        docs: String::new(),
        kind: ShapeKind::Structure { members },
        deprecated: None,
        source: SourceLoc::default(),
        naming: Naming::Documented,
        traits: Default::default(),
    }
}

fn operation(name: &str, method: &str, uri: &str, code: Option<u16>) -> Operation {
    Operation {
        name: name.into(),
        snake_name: codegen::ident::snake_case(name),
        docs: format!("Calls `{name}`."),
        input: format!("{name}Request"),
        output: format!("{name}Response"),
        errors: vec!["ResourceNotFoundException".into()],
        http: Some(HttpBinding {
            method: method.into(),
            uri: UriTemplate::parse(uri).expect("a template"),
            response_code: code,
            host_prefix: None,
        }),
        ..Operation::default()
    }
}

/// Two operations of a Lambda-like API: a GET with a label, a query member and a
/// header, answering a header and a body; a POST with a greedy label and a body,
/// answering 201.
fn rest_service() -> Service {
    let string = || TypeRef::String;
    let mut shapes = BTreeMap::new();
    for shape in [
        structure(
            "GetThingRequest",
            vec![
                required(member("Name", string(), Location::Label("Name".into()))),
                member("Qualifier", string(), Location::Query("Qualifier".into())),
                member("Trace", string(), Location::Header("X-Trace".into())),
            ],
        ),
        structure(
            "GetThingResponse",
            vec![
                member("Version", string(), Location::Header("X-Version".into())),
                member("Description", string(), Location::Body),
            ],
        ),
        structure(
            "PutThingRequest",
            vec![
                required(member(
                    "Path",
                    string(),
                    Location::GreedyLabel("Path".into()),
                )),
                member("Description", string(), Location::Body),
            ],
        ),
        structure(
            "PutThingResponse",
            vec![member("Arn", string(), Location::Body)],
        ),
        Shape {
            kind: ShapeKind::Error {
                members: vec![
                    member("message", string(), Location::Body),
                    member("Resource", string(), Location::Header("X-Resource".into())),
                ],
                http_status: Some(404),
                code: None,
            },
            ..structure("ResourceNotFoundException", vec![])
        },
    ] {
        shapes.insert(shape.name.clone(), shape);
    }
    let mut operations = BTreeMap::new();
    for op in [
        operation("GetThing", "GET", "/2015-03-31/things/{Name}", None),
        operation("PutThing", "POST", "/things/{Path+}?put", Some(201)),
    ] {
        operations.insert(op.name.clone(), op);
    }
    Service {
        name: "things".into(),
        title: "Things".into(),
        uid: Some("things-2015-03-31".into()),
        api_version: Some("2015-03-31".into()),
        docs: "A REST service.".into(),
        metadata: Metadata {
            protocol: "rest-json".into(),
            protocols: vec!["rest-json".into()],
            json_version: None,
            target_prefix: None,
            signing_name: Some("things".into()),
            endpoint_prefix: Some("things".into()),
            service_id: Some("Things".into()),
            service_full_name: Some("Things Service".into()),
            query_compatible: false,
            default_headers: Vec::new(),
        },
        operations,
        shapes,
        paginators: BTreeMap::new(),
        waiters: BTreeMap::new(),
    }
}

#[test]
fn rest_json_services_get_a_client_that_builds_and_behaves() {
    let krate = GeneratedCrate::write(
        &rest_service(),
        "sdk-things",
        &[(
            "tests/behaviour.rs",
            include_str!("emit_rest_json/behaviour.rs"),
        )],
    );
    krate.clippy();
    krate.test();
}

#[test]
fn a_rest_operation_without_a_binding_is_an_error() {
    let mut service = rest_service();
    if let Some(op) = service.operations.get_mut("GetThing") {
        op.http = None;
    }
    let err = generate_crate(&service, &settings("sdk-things")).expect_err("no binding");
    assert!(err.to_string().contains("without an HTTP binding"), "{err}");
}
