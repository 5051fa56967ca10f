//! A generated crate turns on only what its service needs in the runtime: the codec of
//! its protocol, the compressor only when an operation accepts compressed bodies, and
//! the default transport as its own default features, which users may turn off.

mod emit_support;

use std::collections::BTreeMap;
use std::process::Command;

use codegen::emit::generate_crate;
use codegen::ir::{
    HttpBinding, Metadata, Naming, Operation, Service, Shape, ShapeKind, SourceLoc, UriTemplate,
};
use emit_support::{load, snapshot_settings, workspace_root};

fn empty_structure(name: &str) -> Shape {
    Shape {
        name: name.into(),
        docs: String::new(),
        kind: ShapeKind::Structure { members: vec![] },
        deprecated: None,
        source: SourceLoc::default(),
        naming: Naming::Documented,
        traits: Default::default(),
    }
}

/// A restJson1 service of one operation, `PutMetrics`, which accepts `encodings`.
fn rest_service(encodings: &[&str]) -> Service {
    let op = Operation {
        name: "PutMetrics".into(),
        snake_name: "put_metrics".into(),
        docs: "Puts metrics.".into(),
        input: "PutMetricsRequest".into(),
        output: "PutMetricsResponse".into(),
        http: Some(HttpBinding {
            method: "POST".into(),
            uri: UriTemplate::parse("/metrics").expect("a template"),
            response_code: None,
            host_prefix: None,
        }),
        request_compression: encodings.iter().map(|e| (*e).to_owned()).collect(),
        ..Operation::default()
    };
    let shapes = ["PutMetricsRequest", "PutMetricsResponse"]
        .map(|name| (name.to_owned(), empty_structure(name)));
    Service {
        name: "metrics".into(),
        title: "Metrics".into(),
        uid: Some("metrics-2020-01-01".into()),
        api_version: Some("2020-01-01".into()),
        docs: "A REST service.".into(),
        metadata: Metadata {
            protocol: "rest-json".into(),
            protocols: vec!["rest-json".into()],
            signing_name: Some("metrics".into()),
            endpoint_prefix: Some("metrics".into()),
            service_id: Some("Metrics".into()),
            ..Metadata::default()
        },
        operations: BTreeMap::from([(op.name.clone(), op)]),
        shapes: BTreeMap::from(shapes),
        paginators: BTreeMap::new(),
        waiters: BTreeMap::new(),
    }
}

/// The generated crate's files.
fn generate(service: &Service, crate_name: &str) -> BTreeMap<String, String> {
    generate_crate(service, &snapshot_settings(crate_name))
        .expect("generates")
        .into_iter()
        .map(|(path, text)| (path.display().to_string(), text))
        .collect()
}

/// The generated manifest, parsed.
fn manifest(files: &BTreeMap<String, String>) -> toml::Table {
    toml::from_str(&files["Cargo.toml"]).expect("a valid manifest")
}

fn strings(value: &toml::Value) -> Vec<&str> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_str().expect("a string"))
        .collect()
}

/// `(default-features, features)` of the crate's dependency on the runtime.
fn runtime_dependency(manifest: &toml::Table) -> (bool, Vec<&str>) {
    let runtime = &manifest["dependencies"]["sdk-runtime"];
    let defaults = runtime
        .get("default-features")
        .is_none_or(|v| v.as_bool().expect("a bool"));
    (defaults, strings(&runtime["features"]))
}

#[test]
fn an_aws_json_crate_turns_on_the_json_codec_only() {
    let files = generate(&load("secretsmanager"), "sdk-secretsmanager");
    let manifest = manifest(&files);
    assert_eq!(runtime_dependency(&manifest), (false, vec!["json"]));
    let features = manifest["features"].as_table().expect("features");
    assert_eq!(
        strings(&features["default"]),
        ["default-https-client", "native-roots", "credentials-sts"]
    );
    // Roles are assumed through STS by default, as every AWS SDK does.
    assert_eq!(
        strings(&features["credentials-sts"]),
        ["sdk-runtime/credentials-sts"]
    );
    assert_eq!(
        strings(&features["default-https-client"]),
        ["sdk-runtime/default-https-client"]
    );
    assert_eq!(
        strings(&features["native-roots"]),
        ["sdk-runtime/native-roots"]
    );
    assert!(!features.contains_key("request-compression"));
}

#[test]
fn a_rest_json_crate_turns_on_the_rest_json_codec() {
    let manifest = manifest(&generate(&rest_service(&[]), "sdk-metrics"));
    assert_eq!(runtime_dependency(&manifest), (false, vec!["rest-json"]));
    let features = manifest["features"].as_table().expect("features");
    assert!(!features.contains_key("request-compression"));
}

#[test]
fn an_operation_that_accepts_compressed_bodies_turns_compression_on() {
    let files = generate(&rest_service(&["gzip"]), "sdk-metrics");
    let manifest = manifest(&files);
    let features = manifest["features"].as_table().expect("features");
    assert_eq!(
        strings(&features["request-compression"]),
        ["sdk-runtime/request-compression"]
    );
    assert!(strings(&features["default"]).contains(&"request-compression"));
    // The operation schema lists the encodings for the client to apply.
    let schema = files
        .iter()
        .find(|(path, _)| path.ends_with("put_metrics.rs"))
        .map(|(_, text)| text)
        .expect("the operation's module");
    assert!(
        schema.contains(r#"request_compression: &["gzip"]"#),
        "{schema}"
    );
}

/// The normal dependencies of a package of the workspace, one per line.
fn tree(package: &str, extra: &[&str]) -> String {
    let out = Command::new(env!("CARGO"))
        .current_dir(workspace_root())
        .args(["tree", "-p", package, "-e", "normal", "--prefix", "none"])
        .args(extra)
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn has_crate(tree: &str, name: &str) -> bool {
    tree.lines()
        .any(|line| line.split(' ').next() == Some(name))
}

#[test]
fn an_app_on_an_aws_json_crate_builds_no_other_codec_and_may_drop_the_transport() {
    let full = tree("sdk-devicefarm", &[]);
    assert!(has_crate(&full, "hyper"), "{full}");
    // The compressor comes only with crates whose operations accept compressed bodies.
    for name in ["flate2", "miniz_oxide", "crc32fast"] {
        assert!(!has_crate(&full, name), "{name} in\n{full}");
    }
    let bare = tree("sdk-devicefarm", &["--no-default-features"]);
    for name in ["hyper", "rustls", "tokio-rustls", "webpki-roots"] {
        assert!(!has_crate(&bare, name), "{name} in\n{bare}");
    }
}

#[test]
fn the_wire_facts_say_which_requests_may_be_compressed() {
    let mut service = rest_service(&[]);
    let facts =
        "[operations.PutMetrics]\nhttp = \"POST /metrics\"\nrequest_compression = [\"gzip\"]\n";
    let diagnostics = codegen::passes::wire::apply(&mut service, "wire.toml", facts);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(
        service.operations["PutMetrics"].request_compression,
        ["gzip"]
    );
    let manifest = manifest(&generate(&service, "sdk-metrics"));
    assert!(strings(&manifest["features"]["default"]).contains(&"request-compression"));
}
