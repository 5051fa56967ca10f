//! A restXml service gets a client: a payload's root element name and namespace, XML
//! attributes, flattened and wrapped lists with their element names, and the
//! operation's checksum trait become the schemas, S3's calls can be presigned, and the generated crate sends and
//! reads through the runtime's REST and XML codecs as `emit_rest_xml/behaviour.rs`
//! (compiled inside the crate) expects, the bodies being the ones botocore writes and
//! reads for the same model.

mod emit_support;

use std::collections::BTreeMap;

use codegen::ir::{
    Constraints, HttpBinding, HttpChecksum, Location, Member, MemberTraits, Metadata, Naming,
    Operation, Paginator, Service, Shape, ShapeKind, SourceLoc, TypeRef, UriTemplate, Width,
    XmlNamespace,
};
use emit_support::GeneratedCrate;

fn member(name: &str, target: TypeRef, location: Location, traits: MemberTraits) -> Member {
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
        traits,
        source: SourceLoc::default(),
    }
}

fn body(name: &str, target: TypeRef) -> Member {
    member(name, target, Location::Body, MemberTraits::default())
}

fn required(mut m: Member) -> Member {
    m.required = true;
    m
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

fn structure(name: &str, members: Vec<Member>) -> Shape {
    shape(name, ShapeKind::Structure { members })
}

fn named(name: &str) -> TypeRef {
    TypeRef::Named { name: name.into() }
}

fn list(of: TypeRef) -> TypeRef {
    TypeRef::List {
        member: Box::new(of),
    }
}

fn operation(name: &str, method: &str, uri: &str) -> Operation {
    Operation {
        name: name.into(),
        snake_name: codegen::ident::snake_case(name),
        docs: format!("Calls `{name}`."),
        input: format!("{name}Request"),
        output: format!("{name}Output"),
        http: Some(HttpBinding {
            method: method.into(),
            uri: UriTemplate::parse(uri).expect("a template"),
            response_code: None,
            host_prefix: None,
        }),
        ..Operation::default()
    }
}

/// An S3-like API (S3's service id and signing name): `PutConfig` sends a structure payload (root element renamed, a
/// namespace, an attribute, a flattened and a wrapped list) and requires a checksum;
/// `ListThings` binds labels and query parameters and answers a flattened list and a
/// header, or a bare `<Error>`, and pages by an integer marker.
fn rest_xml_service() -> Service {
    let string = || TypeRef::String;
    let bucket = || {
        required(member(
            "Bucket",
            string(),
            Location::Label("Bucket".into()),
            MemberTraits::default(),
        ))
    };
    let config = MemberTraits {
        xml_name: Some("ThingConfiguration".into()),
        xml_namespace: Some(XmlNamespace {
            prefix: None,
            uri: "http://things.example/doc/2006-03-01/".into(),
        }),
        ..MemberTraits::default()
    };
    let id = MemberTraits {
        xml_name: Some("id".into()),
        xml_attribute: true,
        ..MemberTraits::default()
    };
    let rules = MemberTraits {
        xml_name: Some("Rule".into()),
        xml_flattened: true,
        ..MemberTraits::default()
    };
    let tags = MemberTraits {
        element: Some(Box::new(MemberTraits {
            xml_name: Some("Tag".into()),
            ..MemberTraits::default()
        })),
        ..MemberTraits::default()
    };
    let flattened = MemberTraits {
        xml_flattened: true,
        ..MemberTraits::default()
    };
    let int = |width| TypeRef::Integer { width };
    let mut shapes = BTreeMap::new();
    for shape in [
        structure(
            "PutConfigRequest",
            vec![
                bucket(),
                required(member(
                    "Config",
                    named("ThingConfig"),
                    Location::Payload,
                    config,
                )),
            ],
        ),
        structure("PutConfigOutput", vec![]),
        structure(
            "ThingConfig",
            vec![
                member("Id", string(), Location::Body, id),
                member("Rules", list(named("Rule")), Location::Body, rules),
                member("Tags", list(string()), Location::Body, tags),
            ],
        ),
        structure("Rule", vec![body("Name", string())]),
        structure(
            "ListThingsRequest",
            vec![
                bucket(),
                member(
                    "Prefix",
                    string(),
                    Location::Query("prefix".into()),
                    MemberTraits::default(),
                ),
                member(
                    "MaxKeys",
                    int(Width::W32),
                    Location::Query("max-keys".into()),
                    MemberTraits::default(),
                ),
                member(
                    "PartMarker",
                    int(Width::W64),
                    Location::Query("part-marker".into()),
                    MemberTraits::default(),
                ),
            ],
        ),
        structure(
            "ListThingsOutput",
            vec![
                body("Name", string()),
                body("KeyCount", int(Width::W32)),
                member("Contents", list(named("Object")), Location::Body, flattened),
                body("IsTruncated", TypeRef::Boolean),
                body("NextPartMarker", int(Width::W64)),
                member(
                    "RequestCharged",
                    string(),
                    Location::Header("x-amz-request-charged".into()),
                    MemberTraits::default(),
                ),
            ],
        ),
        structure(
            "Object",
            vec![body("Key", string()), body("Size", int(Width::W64))],
        ),
        shape(
            "NoSuchBucket",
            ShapeKind::Error {
                members: vec![],
                http_status: Some(404),
                code: None,
            },
        ),
    ] {
        shapes.insert(shape.name.clone(), shape);
    }
    let mut put = operation("PutConfig", "PUT", "/{Bucket}?config");
    put.http_checksum = HttpChecksum {
        required: true,
        ..HttpChecksum::default()
    };
    let mut list_things = operation("ListThings", "GET", "/{Bucket}?list-type=2");
    list_things.errors = vec!["NoSuchBucket".into()];
    Service {
        name: "bucketeer".into(),
        title: "Bucketeer".into(),
        uid: Some("bucketeer-2006-03-01".into()),
        api_version: Some("2006-03-01".into()),
        docs: "A restXml service.".into(),
        metadata: Metadata {
            protocol: "rest-xml".into(),
            protocols: vec!["rest-xml".into()],
            json_version: None,
            target_prefix: None,
            // S3's identity: its crate presigns, its client addresses buckets by host.
            signing_name: Some("s3".into()),
            endpoint_prefix: Some("s3".into()),
            service_id: Some("S3".into()),
            service_full_name: Some("Bucketeer Service".into()),
            query_compatible: false,
            default_headers: Vec::new(),
        },
        operations: [put, list_things]
            .into_iter()
            .map(|op| (op.name.clone(), op))
            .collect(),
        shapes,
        // An integer token, as S3's ListParts pages by part number.
        paginators: [(
            "ListThings".to_owned(),
            Paginator {
                operation: "ListThings".into(),
                input_token: vec!["PartMarker".into()],
                output_token: vec!["NextPartMarker".into()],
                limit_key: Some("MaxKeys".into()),
                result_key: vec!["Contents".into()],
                source: SourceLoc::default(),
            },
        )]
        .into(),
        waiters: BTreeMap::new(),
    }
}

#[test]
fn checksum_operations_build_the_runtime_with_checksums() {
    let files = codegen::emit::generate_crate(
        &rest_xml_service(),
        &emit_support::settings("sdk-bucketeer"),
    )
    .expect("generated");
    let manifest = &files[std::path::Path::new("Cargo.toml")];
    assert!(
        manifest.contains("features = [\"rest-xml\", \"checksums\"]"),
        "{manifest}"
    );
}

#[test]
fn rest_xml_services_get_a_client_that_builds_and_behaves() {
    let krate = GeneratedCrate::write(
        &rest_xml_service(),
        "sdk-bucketeer",
        &[(
            "tests/behaviour.rs",
            include_str!("emit_rest_xml/behaviour.rs"),
        )],
    );
    krate.test();
    krate.clippy();
}
