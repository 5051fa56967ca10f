//! The naming obstacle course: a hand-built model full of names that trip generators
//! (keywords, prelude types, leading digits, collisions after case conversion, names of
//! generated methods and variants, recursion) and doc text that trips rustdoc. The
//! generated crate is snapshotted, and must build under clippy and rustdoc with warnings
//! denied, pass its syntax round trip, and behave as `tests/behaviour.rs` expects.

mod emit_support;

use std::collections::BTreeMap;

use codegen::emit::generate_crate;
use codegen::ir::{
    Constraints, Example, Location, Member, Metadata, Naming, Operation, Paginator, Service, Shape,
    ShapeKind, SourceLoc, SyntaxSamples, TypeRef, Width,
};
use emit_support::{concatenated, snapshot_settings, GeneratedCrate};
use serde_json::json;

fn at(line: u32) -> SourceLoc {
    SourceLoc {
        file: "obstacle.rst".into(),
        line,
        column: 1,
    }
}

fn member(name: &str, target: TypeRef) -> Member {
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
        traits: Default::default(),
        source: at(1),
    }
}

fn required(mut m: Member) -> Member {
    m.required = true;
    m
}

fn named(name: &str) -> TypeRef {
    TypeRef::Named { name: name.into() }
}

fn list(of: TypeRef) -> TypeRef {
    TypeRef::List {
        member: Box::new(of),
    }
}

fn shape(name: &str, docs: &str, kind: ShapeKind) -> Shape {
    Shape {
        name: name.into(),
        docs: docs.into(),
        kind,
        deprecated: None,
        source: at(2),
        naming: Naming::Documented,
        traits: Default::default(),
    }
}

fn structure(name: &str, members: Vec<Member>) -> Shape {
    shape(name, "", ShapeKind::Structure { members })
}

fn operation(name: &str, input: &str, output: &str, errors: &[&str]) -> Operation {
    Operation {
        name: name.into(),
        snake_name: codegen::ident::snake_case(name),
        docs: format!("Calls `{name}`."),
        input: input.into(),
        output: output.into(),
        errors: errors.iter().map(|e| e.to_string()).collect(),
        source: at(3),
        ..Operation::default()
    }
}

/// Docs that break rustdoc unless cleaned: stray brackets, a bare URL, an HTML-looking
/// placeholder, an indented code block, a fence without language, a tab.
const TRICKY_DOCS: &str = "Installs up to [3] apps from https://example.com/apps.\n\n\
Use <VPC-ID> as\tthe id:\n\n    client.naming(type='x')\n\n```\nprint(response['type'])\n```\n\n\
See [the guide](https://example.com/guide).";

fn obstacle_course() -> Service {
    let mut shapes = BTreeMap::new();
    let mut add = |s: Shape| {
        shapes.insert(s.name.clone(), s);
    };

    let mut deprecated = member("oldName", TypeRef::String);
    deprecated.deprecated = Some("Use `type` instead.".into());
    let mut documented = required(member("type", TypeRef::String));
    documented.docs = TRICKY_DOCS.into();
    add(structure(
        "NamingInput",
        vec![
            documented,
            required(member("match", named("Quality"))),
            required(member("Self", list(TypeRef::String))),
            member("self", TypeRef::Boolean),
            member("heapSize", TypeRef::Integer { width: Width::W32 }),
            member(
                "HeapSize",
                TypeRef::Integer {
                    width: Width::Unknown,
                },
            ),
            member("new", TypeRef::Float { width: Width::W32 }),
            member("builder", TypeRef::Float { width: Width::W64 }),
            member("send", TypeRef::Timestamp),
            member("clone", TypeRef::Blob),
            member("value", TypeRef::Document),
            member("1080p", named("Quality")),
            member("eniIPv6Addresses", list(TypeRef::String)),
            member("VPCEConfiguration", named("Option")),
            member("isDefault", TypeRef::Boolean),
            member("toPort", TypeRef::Integer { width: Width::W32 }),
            member("add", TypeRef::Integer { width: Width::W32 }),
            member(
                "qualityNames",
                TypeRef::Map {
                    key: Box::new(named("Quality")),
                    value: Box::new(named("Result")),
                },
            ),
            member("choice", named("Choice")),
            member("tree", named("Tree")),
            deprecated,
        ],
    ));
    add(structure(
        "NamingOutput",
        vec![
            member("Unknown", named("Unknown")),
            member("String", named("String")),
            member("result", named("Result")),
        ],
    ));
    add(shape(
        "Quality",
        "How good it is.",
        ShapeKind::Enum {
            values: [
                "1080p",
                "720p",
                "*",
                "ml.m5.large",
                "ML_M5_LARGE",
                "UNKNOWN",
                "Unknown",
                "AWS_AD",
                "self",
                "type",
                "",
            ]
            .map(String::from)
            .to_vec(),
        },
    ));
    add(shape(
        "Result",
        "Shadows the prelude's `Result`.",
        ShapeKind::Enum {
            values: vec!["Ok".into(), "Err".into()],
        },
    ));
    add(structure(
        "Option",
        vec![
            required(member("Some", TypeRef::String)),
            member("None", TypeRef::String),
        ],
    ));
    add(structure(
        "String",
        vec![member("len", TypeRef::Integer { width: Width::W64 })],
    ));
    add(structure("Unknown", vec![]));
    let mut parent = member("parent", named("Tree"));
    parent.boxed = true;
    let mut secret = member("secret", TypeRef::String);
    secret.traits.sensitive = true;
    add(structure(
        "Tree",
        vec![
            required(member("name", TypeRef::String)),
            member("children", list(named("Tree"))),
            parent,
            secret,
        ],
    ));
    let mut recursive = member("subtree", named("Tree"));
    recursive.boxed = true;
    add(shape(
        "Choice",
        "Exactly one of them.",
        ShapeKind::Union {
            members: vec![
                member("Unknown", TypeRef::String),
                member("type", TypeRef::Integer { width: Width::W32 }),
                member("self", named("Quality")),
                recursive,
            ],
        },
    ));
    for (name, message) in [
        ("NotFoundException", Some("message")),
        ("ValidationException", Some("Message")),
        ("Unhandled", None),
    ] {
        let members = message
            .map(|m| vec![member(m, TypeRef::String)])
            .unwrap_or_default();
        add(shape(
            name,
            "",
            ShapeKind::Error {
                members,
                http_status: Some(400),
                code: None,
            },
        ));
    }
    // Operations whose names are keywords, and one whose input shape takes the name
    // the marker type wants.
    for (op, input) in [("Type", "Type"), ("Match", "MatchInput")] {
        add(structure(input, vec![member("x", TypeRef::String)]));
        add(structure(&format!("{op}Output"), vec![]));
    }
    add(structure(
        "ListThingsInput",
        vec![
            member("nextToken", TypeRef::String),
            member("maxResults", TypeRef::Integer { width: Width::W32 }),
        ],
    ));
    add(structure(
        "ListThingsOutput",
        vec![
            member("things", list(named("Option"))),
            member("nextToken", TypeRef::String),
        ],
    ));
    add(structure("Shared", vec![member("id", TypeRef::String)]));

    let mut operations = BTreeMap::new();
    let mut naming = operation(
        "Naming",
        "NamingInput",
        "NamingOutput",
        &[
            "NotFoundException",
            "ValidationException",
            "Unhandled",
            "NotFoundException",
        ],
    );
    naming.docs = TRICKY_DOCS.into();
    naming.examples = vec![Example {
        title: "Names [everything].".into(),
        input: "response = client.naming(\n    type='```',\n)".into(),
        output: Some("{'String': {}}".into()),
        call: None,
    }];
    naming.syntax = SyntaxSamples {
        request: Some(json!({
            "type": "string", "match": "1080p", "Self": ["string"], "self": true,
            "heapSize": 123, "HeapSize": 123, "new": 123.0, "builder": 123.0,
            "send": 1420070400, "clone": "Ynl0ZXM=", "value": {"any": ["json", 1]},
            "1080p": "ml.m5.large", "eniIPv6Addresses": ["string"],
            "VPCEConfiguration": {"Some": "string", "None": "string"},
            "isDefault": true, "toPort": 123, "add": 123,
            "qualityNames": {"*": "Ok"}, "choice": {"type": 123},
            "tree": {"name": "string", "children": [{"name": "string"}],
                     "parent": {"name": "string"}},
            "oldName": "string"
        })),
        response: Some(json!({
            "Unknown": {}, "String": {"len": 123}, "result": "Err"
        })),
    };
    for op in [
        naming,
        operation("Type", "Type", "TypeOutput", &[]),
        operation("Match", "MatchInput", "MatchOutput", &["Unhandled"]),
        operation("ListThings", "ListThingsInput", "ListThingsOutput", &[]),
        operation("Support", "Shared", "Shared", &[]),
        operation("Request", "Shared", "TypeOutput", &[]),
    ] {
        operations.insert(op.name.clone(), op);
    }
    // `TypeOutput` is the output of two operations: it lives in `types`.

    let mut paginators = BTreeMap::new();
    paginators.insert(
        "ListThings".to_string(),
        Paginator {
            operation: "ListThings".into(),
            input_token: vec!["nextToken".into()],
            output_token: vec!["nextToken".into()],
            limit_key: Some("maxResults".into()),
            result_key: vec!["things".into()],
            source: at(4),
        },
    );

    Service {
        name: "obstacle".into(),
        title: "Obstacle".into(),
        uid: Some("obstacle-2024-01-01".into()),
        api_version: Some("2024-01-01".into()),
        docs: "A service whose names trip generators.".into(),
        metadata: Metadata {
            protocol: "json".into(),
            protocols: vec!["json".into()],
            json_version: Some("1.0".into()),
            target_prefix: Some("Obstacle_20240101".into()),
            signing_name: Some("obstacle".into()),
            endpoint_prefix: Some("obstacle".into()),
            service_id: Some("Obstacle".into()),
            service_full_name: Some("Obstacle Course Service".into()),
            query_compatible: false,
            default_headers: Vec::new(),
        },
        operations,
        shapes,
        paginators,
        waiters: BTreeMap::new(),
    }
}

#[test]
fn obstacle_course_snapshot() {
    let files = generate_crate(&obstacle_course(), &snapshot_settings("sdk-obstacle"))
        .unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!(concatenated(&files));
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let settings = snapshot_settings("sdk-obstacle");
    let first = generate_crate(&obstacle_course(), &settings).map_err(|e| e.to_string());
    let second = generate_crate(&obstacle_course(), &settings).map_err(|e| e.to_string());
    assert_eq!(first, second);
}

#[test]
fn obstacle_course_builds_and_behaves() {
    let krate = GeneratedCrate::write(
        &obstacle_course(),
        "sdk-obstacle",
        &[(
            "tests/behaviour.rs",
            include_str!("emit_obstacle_course/behaviour.rs"),
        )],
    );
    krate.clippy();
    krate.doc();
    krate.test();
    // serde is an opt-in feature of each crate.
    krate.cargo(&[
        "test",
        "--quiet",
        "--features",
        "serde",
        "--test",
        "behaviour",
    ]);
}

#[test]
fn a_reference_to_a_missing_shape_is_an_error_not_a_panic() {
    let mut service = obstacle_course();
    if let Some(op) = service.operations.get_mut("Naming") {
        op.errors.push("NoSuchException".into());
    }
    let err = generate_crate(&service, &snapshot_settings("sdk-obstacle"))
        .expect_err("a missing shape fails generation");
    assert_eq!(
        err.to_string(),
        "obstacle.rst:3:1: `Naming` refers to shape `NoSuchException`, which the model does not define"
    );
}

#[test]
fn awsjson_is_chosen_when_offered_after_another_protocol() {
    let mut service = obstacle_course();
    service.metadata.protocol = "smithy-rpc-v2-cbor".into();
    service.metadata.protocols = vec!["smithy-rpc-v2-cbor".into(), "json".into()];
    assert!(generate_crate(&service, &snapshot_settings("sdk-obstacle")).is_ok());
}

#[test]
fn other_protocols_are_refused() {
    let mut service = obstacle_course();
    service.metadata.protocol = "smithy-rpc-v2-cbor".into();
    service.metadata.protocols = vec!["smithy-rpc-v2-cbor".into()];
    let err = generate_crate(&service, &snapshot_settings("sdk-obstacle"))
        .expect_err("CBOR is not emitted");
    assert!(err.to_string().contains("`smithy-rpc-v2-cbor`"), "{err}");
}

#[test]
fn paginators_with_several_tokens_are_left_out_and_said_so() {
    let mut service = obstacle_course();
    if let Some(paginator) = service.paginators.get_mut("ListThings") {
        paginator.input_token.push("maxResults".into());
    }
    let files = generate_crate(&service, &snapshot_settings("sdk-obstacle"))
        .expect("the operation is still generated");
    let lib = &files[std::path::Path::new("src/lib.rs")];
    assert!(lib.contains("carry several tokens"), "{lib}");
    assert!(lib.contains("- `ListThings`"), "{lib}");
    assert!(files.values().all(|text| !text.contains("Paginate for")));
}

/// A change that breaks a paginator, and the reason generation gives.
type Breakage = (fn(&mut Paginator), &'static str);

#[test]
fn paginators_the_emitters_cannot_describe_are_errors_with_their_place() {
    let cases: [Breakage; 4] = [
        (
            |p| p.input_token = vec!["missing".into()],
            "the input token `missing` is not a member",
        ),
        (
            |p| p.output_token = vec!["missing".into()],
            "the output token `missing` is not a member",
        ),
        (
            |p| p.result_key = vec!["nextToken".into()],
            "the result key `nextToken` is neither a list nor a map",
        ),
        (
            |p| p.limit_key = Some("things".into()),
            "the limit key `things` is not a member",
        ),
    ];
    for (break_it, reason) in cases {
        let mut service = obstacle_course();
        if let Some(paginator) = service.paginators.get_mut("ListThings") {
            break_it(paginator);
        }
        let err = generate_crate(&service, &snapshot_settings("sdk-obstacle"))
            .expect_err("an unusable paginator fails generation");
        assert_eq!(
            err.to_string(),
            format!("obstacle.rst:4:1: paginator of `ListThings`: {reason}")
        );
    }
}
