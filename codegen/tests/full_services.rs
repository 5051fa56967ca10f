//! The full reference pages of DeviceFarm and AppStream in `docs-input/`: the
//! counts the reference documents, and every detail of each seed page
//! resolving to the same operation and shapes inside its full service as on
//! its own. (The seeds come from an older boto3 than `docs-input/`: the full
//! service may have members the seed does not, never the other way round.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::diagnostics::Severity;
use codegen::ir::{Metadata, Service, ShapeKind, TypeRef};
use codegen::parse::rst::parse_page;
use codegen::passes::build_service;
use codegen::Loaded;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate lives in the workspace")
        .to_path_buf()
}

fn load(service: &str) -> Loaded {
    let loaded = codegen::load_service(&workspace().join("docs-input").join(service))
        .unwrap_or_else(|e| panic!("{service}: {e}"));
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    loaded
}

#[test]
fn devicefarm_has_77_operations_and_20_paginators() {
    let service = load("devicefarm").service;
    assert_eq!(service.operations.len(), 77);
    assert_eq!(service.paginators.len(), 20);
    assert_eq!(service.waiters.len(), 0);
    assert_eq!(service.uid.as_deref(), Some("devicefarm-2015-06-23"));
    assert_eq!(
        service.metadata.target_prefix.as_deref(),
        Some("DeviceFarm_20150623")
    );
    // Every shape an operation or member names exists.
    for name in referenced(&service) {
        assert!(service.shapes.contains_key(&name), "missing shape {name}");
    }
}

#[test]
fn appstream_has_90_operations_10_paginators_and_2_waiters() {
    let service = load("appstream").service;
    assert_eq!(service.operations.len(), 90);
    assert_eq!(service.paginators.len(), 10);
    assert_eq!(service.waiters.len(), 2);
    let started = &service.waiters["FleetStarted"];
    assert_eq!(
        (
            started.operation.as_str(),
            started.delay,
            started.max_attempts
        ),
        ("DescribeFleets", 30, 40)
    );
    for name in referenced(&service) {
        assert!(service.shapes.contains_key(&name), "missing shape {name}");
    }
}

#[test]
fn loading_twice_gives_the_same_model() {
    assert_eq!(load("appstream").service, load("appstream").service);
}

/// Names of all shapes that operations and members refer to.
fn referenced(service: &Service) -> Vec<String> {
    let mut out = Vec::new();
    for op in service.operations.values() {
        out.push(op.input.clone());
        out.push(op.output.clone());
        out.extend(op.errors.iter().cloned());
    }
    for shape in service.shapes.values() {
        for member in shape.kind.members() {
            named(&member.target, &mut out);
        }
    }
    out
}

fn named(target: &TypeRef, out: &mut Vec<String>) {
    match target {
        TypeRef::Named { name } | TypeRef::EventStream { name } => out.push(name.clone()),
        TypeRef::List { member } => named(member, out),
        TypeRef::Map { key, value } => {
            named(key, out);
            named(value, out);
        }
        _ => {}
    }
}

/// The model of pages on their own (no index, no other operations).
fn alone(pages: &[(&str, &str)]) -> Service {
    let parsed: Vec<_> = pages
        .iter()
        .map(|(path, name)| {
            let text = std::fs::read_to_string(workspace().join(path)).expect("readable page");
            let (page, diagnostics) = parse_page(name, &text);
            assert!(diagnostics.is_empty(), "{diagnostics:#?}");
            ((*name).to_owned(), page)
        })
        .collect();
    build_service("", &parsed, Metadata::default()).0
}

/// Compares a type of the seed model with the same type of the full model.
/// Shape names may differ (the full service has more shapes competing for a
/// name), so names are matched up as the walk goes and must match consistently.
/// Response pages mark nothing required; a response shape that is also a
/// request shape elsewhere in the full service takes the request's required
/// flags, so those are compared on the input side only.
struct Same<'a> {
    seed: &'a Service,
    full: &'a Service,
    names: BTreeMap<String, String>,
    input: bool,
}

impl Same<'_> {
    fn types(&mut self, a: &TypeRef, b: &TypeRef, path: &str) {
        match (a, b) {
            (TypeRef::Named { name: x }, TypeRef::Named { name: y })
            | (TypeRef::EventStream { name: x }, TypeRef::EventStream { name: y }) => {
                self.shapes(x, y, path)
            }
            (TypeRef::List { member: x }, TypeRef::List { member: y }) => {
                self.types(x, y, &format!("{path}[]"))
            }
            (TypeRef::Map { key: k1, value: v1 }, TypeRef::Map { key: k2, value: v2 }) => {
                self.types(k1, k2, path);
                self.types(v1, v2, &format!("{path}{{}}"));
            }
            _ => assert_eq!(a, b, "{path}"),
        }
    }

    fn shapes(&mut self, a: &str, b: &str, path: &str) {
        if let Some(known) = self.names.get(a) {
            assert_eq!(
                known, b,
                "{path}: {a} is {known} elsewhere in the full model"
            );
            return;
        }
        self.names.insert(a.to_owned(), b.to_owned());
        let (x, y) = (&self.seed.shapes[a], &self.full.shapes[b]);
        match (&x.kind, &y.kind) {
            (ShapeKind::Enum { values: v }, ShapeKind::Enum { values: w }) => {
                assert_eq!(v, w, "{path}")
            }
            (ShapeKind::Error { .. }, ShapeKind::Error { .. }) => assert_eq!(a, b, "{path}"),
            (kx, ky) => {
                assert_eq!(
                    std::mem::discriminant(kx),
                    std::mem::discriminant(ky),
                    "{path}"
                );
                let (mx, my) = (kx.members(), ky.members());
                for m in mx {
                    let here = format!("{path}.{}", m.name);
                    let Some(n) = my.iter().find(|n| n.name == m.name) else {
                        panic!("{here} is not in the full model");
                    };
                    if self.input {
                        assert_eq!(m.required, n.required, "{here}");
                    }
                    assert_eq!(m.docs, n.docs, "{here}");
                    assert_eq!(m.deprecated, n.deprecated, "{here}");
                    self.types(&m.target, &n.target, &here);
                }
            }
        }
    }

    fn operation(&mut self, name: &str) {
        let (a, b) = (&self.seed.operations[name], &self.full.operations[name]);
        assert_eq!(a.snake_name, b.snake_name);
        assert_eq!(a.docs, b.docs);
        assert_eq!(a.errors, b.errors);
        assert_eq!(a.examples, b.examples);
        for (x, y) in [
            (&a.syntax.request, &b.syntax.request),
            (&a.syntax.response, &b.syntax.response),
        ] {
            match (x, y) {
                (Some(x), Some(y)) => subset(x, y, name),
                _ => assert_eq!(x, y, "{name}"),
            }
        }
        assert_eq!(a.deprecated, b.deprecated);
        assert_eq!(a.source, b.source);
        for (x, y, side) in [
            (&a.input, &b.input, "input"),
            (&a.output, &b.output, "output"),
        ] {
            self.input = side == "input";
            self.names.clear();
            let seed = TypeRef::Named { name: x.clone() };
            let full = TypeRef::Named { name: y.clone() };
            self.types(&seed, &full, &format!("{name}.{side}"));
            assert!(
                self.names.len() > 1 || side == "input",
                "the walk reached nested shapes"
            );
        }
    }
}

/// Every key of `a` is in `b` with a value that is a subset in turn.
fn subset(a: &serde_json::Value, b: &serde_json::Value, path: &str) {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, value) in x {
                let here = format!("{path}.{key}");
                let other = y.get(key).unwrap_or_else(|| panic!("{here} is missing"));
                subset(value, other, &here);
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{path}");
            for (value, other) in x.iter().zip(y) {
                subset(value, other, &format!("{path}[]"));
            }
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}

#[test]
fn seeds_resolve_within_their_services() {
    let devicefarm = load("devicefarm").service;
    for (seed, page, operation) in [
        (
            "tests/fixtures/seeds/devicefarm-client-get_remote_access_session.rst",
            "client/get_remote_access_session.rst",
            "GetRemoteAccessSession",
        ),
        (
            "tests/fixtures/seeds/devicefarm-client-create_remote_access_session.rst",
            "client/create_remote_access_session.rst",
            "CreateRemoteAccessSession",
        ),
    ] {
        let alone = alone(&[(seed, page)]);
        let mut same = Same {
            seed: &alone,
            full: &devicefarm,
            names: BTreeMap::new(),
            input: true,
        };
        same.operation(operation);
    }

    let appstream = load("appstream").service;
    let alone = alone(&[
        (
            "docs-input/appstream/client/describe_sessions.rst",
            "client/describe_sessions.rst",
        ),
        (
            "tests/fixtures/seeds/appstream-paginator-DescribeSessions.rst",
            "paginator/DescribeSessions.rst",
        ),
    ]);
    let mut same = Same {
        seed: &alone,
        full: &appstream,
        names: BTreeMap::new(),
        input: true,
    };
    same.operation("DescribeSessions");
    assert_eq!(
        alone.paginators["DescribeSessions"],
        appstream.paginators["DescribeSessions"]
    );
}
