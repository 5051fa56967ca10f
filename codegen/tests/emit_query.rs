//! awsQuery and ec2Query services get a client: their members' XML and query names,
//! list element names and flattened collections become the schemas, error codes that
//! differ from the shape names select the documented variants, and the generated
//! crates send and read through the runtime's query and XML codecs as the
//! `emit_query/*.rs` tests (compiled inside each crate) expect, the bodies being the
//! ones botocore writes and reads for the same model.

mod emit_support;

use std::collections::BTreeMap;

use codegen::emit::generate_crate;
use codegen::ir::{
    Constraints, Location, Member, MemberTraits, Metadata, Naming, Operation, Service, Shape,
    ShapeKind, SourceLoc, TypeRef,
};
use emit_support::{settings, GeneratedCrate};

fn member(name: &str, target: TypeRef, traits: MemberTraits) -> Member {
    Member {
        name: name.into(),
        target,
        required: false,
        docs: String::new(),
        boxed: false,
        deprecated: None,
        constraints: Constraints::default(),
        location: Location::Body,
        wire_name: None,
        traits,
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
        naming: Naming::Documented,
        traits: Default::default(),
    }
}

fn xml_name(name: &str) -> MemberTraits {
    MemberTraits {
        xml_name: Some(name.into()),
        ..MemberTraits::default()
    }
}

fn elements_named(name: &str) -> MemberTraits {
    MemberTraits {
        element: Some(Box::new(xml_name(name))),
        ..MemberTraits::default()
    }
}

fn list(of: TypeRef) -> TypeRef {
    TypeRef::List {
        member: Box::new(of),
    }
}

/// One operation, `GetThing`, of a service in `protocol` (`query` or `ec2`), with the
/// traits botocore's models of either protocol state: renamed members, list element
/// names, a flattened list, a map with named keys and values, and an error whose code
/// is not its name.
fn service(protocol: &str) -> Service {
    let ec2 = protocol == "ec2";
    let string = || TypeRef::String;
    let tag = || TypeRef::Named { name: "Tag".into() };
    let flattened = MemberTraits {
        xml_flattened: true,
        ..MemberTraits::default()
    };
    let filters = MemberTraits {
        query_name: ec2.then(|| "Filter".to_owned()),
        ..xml_name("Filter")
    };
    let tags = if ec2 {
        elements_named("item")
    } else {
        MemberTraits::default()
    };
    let attributes = MemberTraits {
        key: Some(Box::new(xml_name("Name"))),
        value: Some(Box::new(xml_name("Value"))),
        ..MemberTraits::default()
    };
    let mut name = member("Name", string(), MemberTraits::default());
    name.required = true;
    let input = vec![
        name,
        member("Colour", string(), xml_name("color")),
        member("Tags", list(tag()), tags.clone()),
        member("Ids", list(string()), elements_named("item")),
        member("Flat", list(string()), flattened.clone()),
        member(
            "Limit",
            TypeRef::Integer {
                width: codegen::ir::Width::W32,
            },
            MemberTraits::default(),
        ),
        member("DryRun", TypeRef::Boolean, xml_name("dryRun")),
        member("Filters", list(tag()), filters),
        member(
            "Attributes",
            TypeRef::Map {
                key: Box::new(string()),
                value: Box::new(string()),
            },
            attributes,
        ),
    ];
    let lower = |name: &str| {
        if ec2 {
            xml_name(name)
        } else {
            MemberTraits::default()
        }
    };
    let items = MemberTraits {
        element: Some(Box::new(xml_name("item"))),
        ..lower("items")
    };
    let output = vec![
        member("Arn", string(), lower("arn")),
        member("Items", list(string()), items),
        member("Flat", list(string()), flattened),
    ];
    let mut shapes = BTreeMap::new();
    for shape in [
        shape("GetThingRequest", ShapeKind::Structure { members: input }),
        shape("GetThingResponse", ShapeKind::Structure { members: output }),
        shape(
            "Tag",
            ShapeKind::Structure {
                members: vec![
                    member("Key", string(), MemberTraits::default()),
                    member("Value", string(), MemberTraits::default()),
                ],
            },
        ),
        shape(
            "RejectedException",
            ShapeKind::Error {
                members: vec![member("message", string(), MemberTraits::default())],
                http_status: Some(400),
                code: Some("Rejected".into()),
            },
        ),
    ] {
        shapes.insert(shape.name.clone(), shape);
    }
    let op = Operation {
        name: "GetThing".into(),
        snake_name: "get_thing".into(),
        docs: "Gets a thing.".into(),
        input: "GetThingRequest".into(),
        output: "GetThingResponse".into(),
        errors: vec!["RejectedException".into()],
        // The docs' skeleton: the crate's syntax round trip reads it as JSON.
        syntax: codegen::ir::SyntaxSamples {
            request: Some(serde_json::json!({"Name": "string", "Ids": ["string"]})),
            response: Some(serde_json::json!({"Arn": "string"})),
        },
        ..Operation::default()
    };
    // An operation documenting no error, as every EC2 operation.
    let ping = Operation {
        name: "Ping".into(),
        snake_name: "ping".into(),
        docs: "Pings.".into(),
        input: "PingRequest".into(),
        output: "PingResponse".into(),
        ..Operation::default()
    };
    for name in ["PingRequest", "PingResponse"] {
        shapes.insert(
            name.into(),
            shape(name, ShapeKind::Structure { members: vec![] }),
        );
    }
    Service {
        name: "things".into(),
        title: "Things".into(),
        uid: Some("things-2011-06-15".into()),
        api_version: Some("2011-06-15".into()),
        docs: "A query service.".into(),
        metadata: Metadata {
            protocol: protocol.into(),
            protocols: vec![protocol.into()],
            json_version: None,
            target_prefix: None,
            signing_name: Some("things".into()),
            endpoint_prefix: Some("things".into()),
            service_id: Some("Things".into()),
            service_full_name: Some("Things Service".into()),
            query_compatible: false,
            default_headers: Vec::new(),
        },
        operations: [(op.name.clone(), op), (ping.name.clone(), ping)].into(),
        shapes,
        paginators: BTreeMap::new(),
        waiters: BTreeMap::new(),
    }
}

#[test]
fn query_services_build_on_the_query_codec_only() {
    for (protocol, feature) in [("query", "query"), ("ec2", "ec2-query")] {
        let files = generate_crate(&service(protocol), &settings("sdk-things"))
            .unwrap_or_else(|e| panic!("{protocol}: {e}"));
        let manifest = &files[std::path::Path::new("Cargo.toml")];
        assert!(
            manifest.contains(&format!("features = [\"{feature}\"]")),
            "{manifest}"
        );
    }
}

#[test]
fn aws_query_services_get_a_client_that_builds_and_behaves() {
    let krate = GeneratedCrate::write(
        &service("query"),
        "sdk-things",
        &[("tests/behaviour.rs", include_str!("emit_query/query.rs"))],
    );
    krate.test();
    krate.clippy();
}

#[test]
fn ec2_query_services_get_a_client_that_builds_and_behaves() {
    let krate = GeneratedCrate::write(
        &service("ec2"),
        "sdk-things",
        &[("tests/behaviour.rs", include_str!("emit_query/ec2.rs"))],
    );
    krate.test();
    krate.clippy();
}
