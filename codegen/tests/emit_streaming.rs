//! Streaming payloads: a restJson1 service whose upload and download payloads are
//! streaming blobs gets `ByteStream` members, and the generated crate sends a file,
//! bytes or a stream and hands back the live response body, as
//! `tests/behaviour.rs` expects. Its URI labels are required constructor arguments
//! even where the docs leave out "REQUIRED".

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

fn operation(name: &str, method: &str, uri: &str) -> Operation {
    Operation {
        name: name.into(),
        snake_name: codegen::ident::snake_case(name),
        docs: format!("Calls `{name}`."),
        input: format!("{name}Input"),
        output: format!("{name}Output"),
        errors: vec![],
        http: Some(HttpBinding {
            method: method.into(),
            uri: UriTemplate::parse(uri).expect("a template"),
            response_code: None,
            host_prefix: None,
        }),
        ..Operation::default()
    }
}

/// A tape store: `PutTape` uploads a streaming payload, `GetTape` downloads one. The
/// label `Name` is not marked required, as docs sometimes leave it.
fn tape_service() -> Service {
    let label = || member("Name", TypeRef::String, Location::Label("Name".into()));
    let body = || member("Body", TypeRef::StreamingBlob, Location::Payload);
    let mut shapes = BTreeMap::new();
    for shape in [
        structure("GetTapeInput", vec![label()]),
        structure(
            "GetTapeOutput",
            vec![
                member(
                    "ContentType",
                    TypeRef::String,
                    Location::Header("Content-Type".into()),
                ),
                body(),
            ],
        ),
        structure(
            "PutTapeInput",
            vec![
                label(),
                member(
                    "Label",
                    TypeRef::String,
                    Location::Header("X-Tape-Label".into()),
                ),
                body(),
            ],
        ),
        structure(
            "PutTapeOutput",
            vec![member(
                "Size",
                TypeRef::Integer {
                    width: codegen::ir::Width::W64,
                },
                Location::Body,
            )],
        ),
    ] {
        shapes.insert(shape.name.clone(), shape);
    }
    let mut operations = BTreeMap::new();
    for op in [
        operation("GetTape", "GET", "/tapes/{Name}"),
        operation("PutTape", "PUT", "/tapes/{Name}"),
    ] {
        operations.insert(op.name.clone(), op);
    }
    Service {
        name: "tapes".into(),
        title: "Tapes".into(),
        uid: Some("tapes-2024-01-01".into()),
        api_version: Some("2024-01-01".into()),
        docs: "A REST service with streaming payloads.".into(),
        metadata: Metadata {
            protocol: "rest-json".into(),
            protocols: vec!["rest-json".into()],
            json_version: None,
            target_prefix: None,
            signing_name: Some("tapes".into()),
            endpoint_prefix: Some("tapes".into()),
            service_id: Some("Tapes".into()),
            service_full_name: Some("Tapes Service".into()),
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
fn streaming_payloads_are_byte_streams_sent_and_read_through_the_client() {
    let service = tape_service();
    // The behaviour test runs on tokio (files are read on its blocking threads).
    let manifest = generate_crate(&service, &settings("sdk-tapes"))
        .expect("generation")
        .remove(std::path::Path::new("Cargo.toml"))
        .expect("a manifest")
        + "tokio = { version = \"1\", features = [\"macros\", \"rt\", \"io-util\", \"time\"] }\n";
    let krate = GeneratedCrate::write(
        &service,
        "sdk-tapes",
        &[
            ("Cargo.toml", &manifest),
            (
                "tests/behaviour.rs",
                include_str!("emit_streaming/behaviour.rs"),
            ),
        ],
    );
    // The serde feature skips streaming members rather than failing to build.
    krate.cargo(&[
        "clippy",
        "--all-targets",
        "--features",
        "serde",
        "--quiet",
        "--",
        "-D",
        "warnings",
    ]);
    krate.test();
    krate.doc();
}
