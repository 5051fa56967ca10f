//! Services described in Markdown alone.

use std::path::{Path, PathBuf};

use codegen::ir::{Location, Metadata, Naming, ShapeKind, TypeRef, Width};
use codegen::parse::markdown::read_pages;
use codegen::passes::merge::{service_from_markdown, with_markdown};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/markdown")
}

fn metadata(dir: &Path) -> Metadata {
    let text = std::fs::read_to_string(dir.join("service.toml")).unwrap_or_else(|e| panic!("{e}"));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_rest_service_in_markdown_alone() {
    let dir = fixtures().join("widgets");
    let (service, diagnostics) =
        with_markdown(&dir, "widgets", metadata(&dir), None).unwrap_or_else(|e| panic!("{e}"));
    // Entries without a `Type:` line are reported: no width or type is guessed silently.
    let untyped: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (d.kind, d.message.split('`').nth(1).unwrap_or_default()))
        .collect();
    assert_eq!(
        untyped,
        [
            ("unknown-width", "Version"),
            ("untyped-member", "ETag"),
            ("untyped-member", "ContentType"),
            ("untyped-member", "Path"),
        ]
    );

    let get = &service.operations["GetWidget"];
    let http = get.http.clone().unwrap_or_default();
    assert_eq!(
        (http.method.as_str(), http.uri.to_string().as_str()),
        ("GET", "/widgets/{widgetId}?view=full")
    );
    let input = &service.shapes[&get.input];
    let location = |name: &str| {
        input
            .kind
            .members()
            .iter()
            .find(|m| m.name == name)
            .map(|m| m.location.clone())
    };
    assert_eq!(
        location("widgetId"),
        Some(Location::Label("widgetId".into()))
    );
    assert_eq!(location("Version"), Some(Location::Query("version".into())));
    assert_eq!(
        location("RequestTag"),
        Some(Location::Header("X-Amz-Request-Tag".into()))
    );

    let upload = &service.operations["UploadWidgetData"];
    let http = upload.http.clone().unwrap_or_default();
    assert_eq!(
        (http.method.as_str(), http.uri.to_string().as_str()),
        ("PUT", "/widgets/{widgetId}/data/{Path+}")
    );
    let upload_input = service.shapes[&upload.input].kind.members();
    let path = upload_input.iter().find(|m| m.name == "Path");
    assert_eq!(
        path.map(|m| m.location.clone()),
        Some(Location::GreedyLabel("Path".into()))
    );
    assert!(http.uri.is_greedy("Path"));
    let body = upload_input.iter().find(|m| m.name == "Body").cloned();
    assert_eq!(
        body.map(|m| (m.location, m.target)),
        Some((Location::Payload, TypeRef::Blob))
    );

    assert!(matches!(
        service.shapes["WidgetShape"].kind,
        ShapeKind::Union { .. }
    ));
    assert!(matches!(
        service.shapes["ResourceNotFoundException"].kind,
        ShapeKind::Error {
            http_status: Some(404),
            ..
        }
    ));
    assert_eq!(service.uid.as_deref(), Some("widgets-2024-02-29"));
    insta::assert_yaml_snapshot!(service);
}

#[test]
fn devicefarm_in_markdown_alone() {
    let (pages, read) =
        read_pages(&fixtures().join("devicefarm"), "markdown").unwrap_or_else(|e| panic!("{e}"));
    assert!(read.is_empty());
    let (model, diagnostics) = service_from_markdown("devicefarm", Metadata::default(), &pages);
    let service = &model.service;
    for name in ["Device", "CPU", "DeviceInstance", "RemoteAccessSession"] {
        assert_eq!(service.shapes[name].naming, Naming::Documented, "{name}");
    }
    let heap = service.shapes["Device"]
        .kind
        .members()
        .iter()
        .find(|m| m.name == "heapSize")
        .map(|m| m.target.clone());
    assert_eq!(heap, Some(TypeRef::Integer { width: Width::W64 }));
    // Linked without a page: the name is known, the members are not.
    assert!(model.undocumented.contains("InstanceProfile"));
    let diagnostics: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    insta::assert_yaml_snapshot!("devicefarm_markdown_only_diagnostics", diagnostics);
    insta::assert_yaml_snapshot!("devicefarm_markdown_only", service);
}

/// `load_service` on a folder with only `service.toml` and `markdown/`.
#[test]
fn load_service_reads_a_markdown_only_folder() {
    let loaded =
        codegen::load_service(&fixtures().join("widgets")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.service.name, "widgets");
    assert_eq!(loaded.service.metadata.protocol, "rest-json");
    let names: Vec<&String> = loaded.service.operations.keys().collect();
    assert_eq!(names, ["GetWidget", "UploadWidgetData"]);
    assert!(
        loaded
            .diagnostics
            .iter()
            .all(|d| d.kind == "unknown-width" || d.kind == "untyped-member"),
        "{:?}",
        loaded.diagnostics
    );
}
