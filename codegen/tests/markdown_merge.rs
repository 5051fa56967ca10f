//! The Markdown pages merged into the models read from the reST pages in `docs-input/`.
//!
//! Each test lays a service folder out as a user would: the reST pages of
//! `docs-input/<service>` and, beside them, a `markdown/` folder of `API_*.md` pages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::ir::{Naming, Service, Shape, ShapeKind, TypeRef, Width};
use codegen::load_service;
use codegen::parse::markdown::read_pages;
use codegen::passes::merge::{merge, service_from_markdown, MergeSummary};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}

/// `docs-input/<service>` with `markdown` copied into its `markdown/` folder.
fn service_with_markdown(service: &str, markdown: &Path) -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix(service)
        .tempdir()
        .unwrap_or_else(|e| panic!("{e}"));
    let folder = dir.path().join(service);
    copy_dir(&root().join("docs-input").join(service), &folder);
    copy_dir(markdown, &folder.join("markdown"));
    dir
}

fn load(service: &str, markdown: &Path) -> (Service, Vec<String>) {
    let dir = service_with_markdown(service, markdown);
    let loaded = load_service(&dir.path().join(service)).unwrap_or_else(|e| panic!("{e}"));
    let diagnostics = loaded
        .diagnostics
        .iter()
        .filter(|d| d.file.starts_with("markdown"))
        .map(ToString::to_string)
        .collect();
    (loaded.service, diagnostics)
}

fn member_target(service: &Service, shape: &str, member: &str) -> Option<TypeRef> {
    service
        .shapes
        .get(shape)?
        .kind
        .members()
        .iter()
        .find(|m| m.name == member)
        .map(|m| m.target.clone())
}

/// The shapes reached from `operations`, for snapshots of the part Markdown touched.
fn reached(service: &Service, operations: &[&str]) -> BTreeMap<String, Shape> {
    let mut out = BTreeMap::new();
    let mut todo: Vec<String> = Vec::new();
    for op in operations {
        let op = &service.operations[*op];
        todo.extend([op.input.clone(), op.output.clone()]);
        todo.extend(op.errors.iter().cloned());
    }
    while let Some(name) = todo.pop() {
        let Some(shape) = service.shapes.get(&name) else {
            continue;
        };
        if out.insert(name, shape.clone()).is_some() {
            continue;
        }
        for member in shape.kind.members() {
            names(&member.target, &mut todo);
        }
    }
    out
}

fn names(target: &TypeRef, out: &mut Vec<String>) {
    match target {
        TypeRef::Named { name } | TypeRef::EventStream { name } => out.push(name.clone()),
        TypeRef::List { member } => names(member, out),
        TypeRef::Map { key, value } => {
            names(key, out);
            names(value, out);
        }
        _ => {}
    }
}

/// What merging the pages of `markdown` into `docs-input/<service>` adds, step by step.
fn summary(service: &str, markdown: &Path) -> MergeSummary {
    let rest =
        load_service(&root().join("docs-input").join(service)).unwrap_or_else(|e| panic!("{e}"));
    let (pages, _) = read_pages(markdown, "markdown").unwrap_or_else(|e| panic!("{e}"));
    let (model, _) = service_from_markdown(service, rest.service.metadata.clone(), &pages);
    merge(rest.service, &model).summary
}

#[test]
fn devicefarm_takes_names_widths_constraints_and_statuses_from_markdown() {
    let (service, diagnostics) = load(
        "devicefarm",
        &root().join("codegen/tests/fixtures/markdown/devicefarm"),
    );
    for name in ["Device", "CPU", "DeviceInstance", "RemoteAccessSession"] {
        let shape = service
            .shapes
            .get(name)
            .unwrap_or_else(|| panic!("no shape {name}"));
        assert_eq!(shape.naming, Naming::Documented, "{name}");
    }
    assert_eq!(
        member_target(&service, "Device", "heapSize"),
        Some(TypeRef::Integer { width: Width::W64 })
    );
    assert_eq!(
        member_target(&service, "Device", "cpu"),
        Some(TypeRef::Named { name: "CPU".into() })
    );
    assert_eq!(
        member_target(&service, "CPU", "clock"),
        Some(TypeRef::Float { width: Width::W64 })
    );
    // No derived name for the same shapes is left behind.
    assert!(!service.shapes.contains_key("Cpu"));
    assert!(matches!(
        service.shapes["NotFoundException"].kind,
        ShapeKind::Error {
            http_status: Some(400),
            ..
        }
    ));
    let op = &service.operations["GetRemoteAccessSession"];
    let arn = service.shapes[&op.input]
        .kind
        .members()
        .iter()
        .find(|m| m.name == "arn")
        .map(|m| m.constraints.clone())
        .unwrap_or_default();
    assert_eq!((arn.min_length, arn.max_length), (Some(32), Some(1011)));

    insta::assert_yaml_snapshot!("devicefarm_merge_diagnostics", diagnostics);
    insta::assert_yaml_snapshot!(
        "devicefarm_merged_shapes",
        reached(
            &service,
            &["GetRemoteAccessSession", "CreateRemoteAccessSession"]
        )
    );
}

#[test]
fn appstream_sessions_merge() {
    let (service, diagnostics) = load(
        "appstream",
        &root().join("codegen/tests/fixtures/markdown/appstream"),
    );
    let session = &service.shapes["Session"];
    assert_eq!(session.naming, Naming::Documented);
    // Response members that Markdown marks required become required.
    let required: Vec<&str> = session
        .kind
        .members()
        .iter()
        .filter(|m| m.required)
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(
        required,
        ["Id", "UserId", "StackName", "FleetName", "State"]
    );
    let op = &service.operations["DescribeSessions"];
    assert_eq!(
        member_target(&service, &op.input, "Limit"),
        Some(TypeRef::Integer { width: Width::W32 })
    );
    insta::assert_yaml_snapshot!("appstream_merge_diagnostics", diagnostics);
    insta::assert_yaml_snapshot!(
        "appstream_merged_shapes",
        reached(&service, &["DescribeSessions"])
    );
}

#[test]
fn conflicts_name_both_files_and_follow_the_rule() {
    let (service, diagnostics) = load(
        "devicefarm",
        &root().join("codegen/tests/fixtures/markdown/conflict"),
    );
    // reST wins a type conflict: CPU.clock stays a float; Markdown-only `cores` is kept.
    assert!(matches!(
        member_target(&service, "CPU", "clock"),
        Some(TypeRef::Float { .. })
    ));
    assert!(member_target(&service, "CPU", "cores").is_some());
    assert!(member_target(&service, "CPU", "frequency").is_some());
    // Enum values are the union, reST order first.
    let status = member_target(&service, "DeviceInstance", "status");
    let Some(TypeRef::Named { name }) = status else {
        panic!("status is an enum")
    };
    let ShapeKind::Enum { values } = &service.shapes[&name].kind else {
        panic!("{name} is an enum")
    };
    assert_eq!(
        values,
        &[
            "IN_USE",
            "PREPARING",
            "AVAILABLE",
            "NOT_AVAILABLE",
            "RETIRED"
        ]
    );
    // reST wins a required conflict on an input member.
    let op = &service.operations["GetRemoteAccessSession"];
    assert!(service.shapes[&op.input]
        .kind
        .members()
        .iter()
        .any(|m| m.name == "arn" && m.required));
    assert!(op.errors.contains(&"TooManyRequestsException".to_string()));
    for d in &diagnostics {
        if d.contains("merge-") && !d.contains("merge-operation-missing") {
            assert!(
                d.contains("(reST: client/"),
                "{d} does not name the reST place"
            );
        }
    }
    insta::assert_yaml_snapshot!("conflict_diagnostics", diagnostics);
}

/// The published sample pages in `shared/markdown-samples/`, when the checkout has them.
#[test]
fn published_samples_add_names_widths_and_constraints() {
    let samples = root().join("../shared/markdown-samples");
    if !samples.is_dir() {
        println!(
            "note: {} is absent; skipping the published samples",
            samples.display()
        );
        return;
    }
    let (devicefarm, found) = load("devicefarm", &samples.join("devicefarm"));
    for name in ["Device", "CPU", "DeviceInstance"] {
        assert!(devicefarm.shapes.contains_key(name), "no {name}");
    }
    assert_eq!(
        member_target(&devicefarm, "Device", "heapSize"),
        Some(TypeRef::Integer { width: Width::W64 })
    );
    let op = &devicefarm.operations["CreateRemoteAccessSession"];
    let project = devicefarm.shapes[&op.input]
        .kind
        .members()
        .iter()
        .find(|m| m.name == "projectArn")
        .map(|m| m.constraints.clone())
        .unwrap_or_default();
    assert_eq!(project.pattern.as_deref(), Some("^arn:aws:devicefarm:.+"));
    println!("devicefarm: {}", found.join("\n"));
    let added = summary("devicefarm", &samples.join("devicefarm"));
    println!("devicefarm, what Markdown added: {added:#?}");
    assert!(added.widths > 0 && added.constraints > 0 && added.statuses > 0);
    assert!(added.matched.contains("CPU") && added.matched.contains("DeviceInstance"));

    let (appstream, found) = load("appstream", &samples.join("appstream"));
    assert_eq!(appstream.shapes["Session"].naming, Naming::Documented);
    let op = &appstream.operations["DescribeSessions"];
    let user = appstream.shapes[&op.input]
        .kind
        .members()
        .iter()
        .find(|m| m.name == "UserId")
        .map(|m| m.constraints.clone())
        .unwrap_or_default();
    assert_eq!((user.min_length, user.max_length), (Some(2), Some(128)));
    println!("appstream: {}", found.join("\n"));
    println!(
        "appstream, what Markdown added: {:#?}",
        summary("appstream", &samples.join("appstream"))
    );
}
