//! The wire-facts file (`wire.toml`) beside a service's pages: what it binds, and what
//! it may not say.

mod emit_support;
mod fs_support;

use std::fs;
use std::path::{Path, PathBuf};

use codegen::diagnostics::Severity;
use codegen::emit::generate_crate;
use codegen::ir::{Location, Service, TimestampFormat, TypeRef, UriSegment};
use codegen::{load_service, LoadError};
use emit_support::snapshot_settings;
use fs_support::copy_dir;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// A copy of fixture `path` whose `wire.toml` is `wire` (none when `None`).
fn copy_with(path: &str, wire: Option<&str>) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture(path), tmp.path()).unwrap();
    let file = tmp.path().join("wire.toml");
    match wire {
        Some(text) => fs::write(&file, text).unwrap(),
        None => {
            let _ = fs::remove_file(&file);
        }
    }
    tmp
}

fn member<'a>(service: &'a Service, shape: &str, name: &str) -> &'a codegen::ir::Member {
    service.shapes[shape]
        .kind
        .members()
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("{shape}.{name}"))
}

/// The name of the shape `target` refers to.
fn shape_of(target: &TypeRef) -> String {
    match target {
        TypeRef::Named { name } => name.clone(),
        other => panic!("{other:?}"),
    }
}

fn errors(err: LoadError) -> Vec<String> {
    match err {
        LoadError::Invalid { diagnostics } => diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(ToString::to_string)
            .collect(),
        other => panic!("{other}"),
    }
}

#[test]
fn wire_facts_bind_a_rest_service() {
    let service = load_service(&fixture("rst/collections")).unwrap().service;
    let get = &service.operations["GetFile"];
    let http = get.http.as_ref().unwrap();
    assert_eq!(http.method, "GET");
    assert_eq!(
        http.uri.path,
        [
            UriSegment::Literal("/files/".into()),
            UriSegment::Greedy("Key".into())
        ]
    );
    let key = member(&service, &get.input, "Key");
    assert_eq!(key.location, Location::GreedyLabel("Key".into()));
    let length = member(&service, &get.output, "ContentLength");
    assert_eq!(length.location, Location::Header("Content-Length".into()));

    let put = &service.operations["PutFile"];
    assert_eq!(put.http.as_ref().unwrap().response_code, Some(204));
    // Documented as `b'bytes'|file`; the wire facts say it streams.
    let body = member(&service, &put.input, "Body");
    assert_eq!(
        (&body.location, &body.target),
        (&Location::Payload, &TypeRef::StreamingBlob)
    );

    let report = &service.operations["GetReport"];
    assert_eq!(
        report.http.as_ref().unwrap().uri.query,
        [("format".to_owned(), Some("json".to_owned()))]
    );
    let period = member(&service, &report.input, "Period");
    assert_eq!(period.location, Location::Query("period".into()));
    assert_eq!(
        period.traits.timestamp_format,
        Some(TimestampFormat::DateTime)
    );
    let entries = &service.operations["PutEntries"].input;
    assert!(member(&service, entries, "Signature").traits.sensitive);
    assert!(!member(&service, entries, "BookedAt").traits.sensitive);
}

#[test]
fn a_rest_operation_bound_by_no_source_is_an_error() {
    let dir = copy_with("rst/collections", None);
    let errors = errors(load_service(dir.path()).unwrap_err());
    assert_eq!(errors.len(), 6, "{errors:#?}");
    assert!(
        errors[0].starts_with("client/get_file.rst:9:1: error[unbound-operation]: `GetFile`"),
        "{errors:#?}"
    );
}

#[test]
fn facts_naming_what_the_docs_lack_are_errors_at_their_line() {
    let wire = fs::read_to_string(fixture("rst/collections/wire.toml")).unwrap();
    let lines = wire.lines().count();
    let extra = "\n[operations.DeleteFile]\nhttp = \"DELETE /files/{Key}\"\n\
                 \n[operations.Watch.input]\nSince = { location = \"header\", name = \"x-since\" }\n\
                 \n[errors.NoSuchFile]\ncode = \"NoSuchKey\"\n";
    let dir = copy_with("rst/collections", Some(&format!("{wire}{extra}")));
    let errors = errors(load_service(dir.path()).unwrap_err());
    assert_eq!(
        errors,
        [
            format!(
                "wire.toml:{}:1: error[wire-fact-unknown]: operation `DeleteFile` is not in the docs; the file belongs to other docs",
                lines + 2
            ),
            format!(
                "wire.toml:{}:9: error[wire-fact-unknown]: member `Since` of `WatchInput` is not in the docs (no `Since` in `WatchInput`)",
                lines + 6
            ),
            format!(
                "wire.toml:{}:1: error[wire-fact-unknown]: error `NoSuchFile` is not in the docs",
                lines + 8
            ),
        ]
    );
}

#[test]
fn renames_keep_the_wire_name_apart_from_the_documented_one() {
    let wire = fs::read_to_string(fixture("rst/collections/wire.toml"))
        .unwrap()
        .replace(
            "Period = { location = \"querystring\"",
            "per = { documented = \"Period\", location = \"querystring\"",
        );
    let dir = copy_with("rst/collections", Some(&wire));
    let service = load_service(dir.path()).unwrap().service;
    let input = &service.operations["GetReport"].input;
    let period = member(&service, input, "Period");
    assert_eq!(period.wire_name.as_deref(), Some("per"));
    assert_eq!(period.wire_name(), "per");
    // botocore's layout keys members by wire name and keeps the documented one aside.
    let json = codegen::export::to_botocore_json(&service);
    let exported = &json["service"]["shapes"][input]["members"]["per"];
    assert_eq!(exported["x-documented-name"], "Period");
    assert_eq!(exported["location"], "querystring");
}

#[test]
fn markdown_and_wire_facts_that_disagree_warn_naming_both() {
    let wire = "[operations.GetWidget]\nhttp = \"GET /v2/widgets/{widgetId}\"\n\
                \n[operations.GetWidget.input]\nwidgetId = { location = \"header\", name = \"x-widget\" }\n";
    let dir = copy_with("markdown/widgets", Some(wire));
    let loaded = load_service(dir.path()).unwrap();
    let conflicts: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.kind == "wire-fact-conflict")
        .map(ToString::to_string)
        .collect();
    assert_eq!(conflicts.len(), 2, "{conflicts:#?}");
    assert!(
        conflicts[0].starts_with("wire.toml:2:8: warning[wire-fact-conflict]: `GetWidget` (documented at markdown/API_GetWidget.md:")
            && conflicts[0].contains("bind GET /widgets/{widgetId}?view=full (status 200), the wire facts GET /v2/widgets/{widgetId} (status 200)"),
        "{conflicts:#?}"
    );
    assert!(
        conflicts[1].contains("markdown/API_GetWidget.md:")
            && conflicts[1].contains("wire.toml:5:12"),
        "{conflicts:#?}"
    );
    let service = &loaded.service;
    let get = &service.operations["GetWidget"];
    assert_eq!(
        get.http.as_ref().unwrap().uri.to_string(),
        "/v2/widgets/{widgetId}"
    );
    let id = member(service, &get.input, "widgetId");
    assert_eq!(id.location, Location::Header("x-widget".into()));
}

#[test]
fn rpc_services_take_host_prefixes_and_query_compatibility() {
    let wire = "query_compatible = true\n\n[operations.DescribeLights]\nhost_prefix = \"sync-\"\n";
    let dir = copy_with("rst/lifecycle", Some(wire));
    let service = load_service(dir.path()).unwrap().service;
    assert!(service.metadata.query_compatible);
    let http = service.operations["DescribeLights"].http.as_ref().unwrap();
    assert_eq!(
        (http.method.as_str(), http.host_prefix.as_deref()),
        ("POST", Some("sync-"))
    );
    assert!(service.operations["OldSignal"].http.is_none());
}

#[test]
fn malformed_files_are_errors_at_their_line() {
    let dir = copy_with(
        "rst/lifecycle",
        Some("\n[operations.OldSignal]\nhttp = 3\n"),
    );
    let errors = errors(load_service(dir.path()).unwrap_err());
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("wire.toml:3:8: error[wire-facts-invalid]"),
        "{errors:#?}"
    );
}

#[test]
fn real_names_name_what_the_pages_leave_unnamed() {
    let wire = fs::read_to_string(fixture("rst/collections/wire.toml")).unwrap();
    let names = "\n[names.operations.PutEntries.output]\nBalances = \"AccountBalance\"\n\
                 Rejected = \"Rejection\"\n\n[names.shapes.AccountBalance]\nCurrency = \"IsoCurrency\"\n";
    let dir = copy_with("rst/collections", Some(&format!("{wire}{names}")));
    let service = load_service(dir.path()).unwrap().service;
    let output = &service.operations["PutEntries"].output;
    let named = |member_name: &str| match &member(&service, output, member_name).target {
        TypeRef::Map { value, .. } => shape_of(value),
        TypeRef::List { member } => shape_of(member),
        other => panic!("{other:?}"),
    };
    assert_eq!(named("Balances"), "AccountBalance");
    assert_eq!(named("Rejected"), "Rejection");
    // Through a named shape, and only where the table reaches: `Balance` and
    // `RejectedItem` (derived names) are gone.
    assert_eq!(
        member(&service, "AccountBalance", "Currency").target,
        TypeRef::Named {
            name: "IsoCurrency".into()
        }
    );
    assert!(!service.shapes.contains_key("Balance"));
    assert!(!service.shapes.contains_key("RejectedItem"));
}

#[test]
fn real_names_naming_what_the_docs_lack_are_errors() {
    let wire = fs::read_to_string(fixture("rst/collections/wire.toml")).unwrap();
    let lines = wire.lines().count();
    let names = "\n[names.operations.DeleteFile.input]\nKey = \"FileKey\"\n\
                 \n[names.operations.PutEntries.output]\nRefunds = \"Refund\"\n";
    let dir = copy_with("rst/collections", Some(&format!("{wire}{names}")));
    let errors = errors(load_service(dir.path()).unwrap_err());
    assert_eq!(
        errors,
        [
            format!(
                "wire.toml:{}:1: error[wire-fact-unknown]: operation `DeleteFile` is not in the docs; the file belongs to other docs",
                lines + 2
            ),
            format!(
                "wire.toml:{}:11: error[wire-fact-unknown]: member `Refunds` of `PutEntriesOutput` is not in the docs",
                lines + 6
            ),
        ]
    );
}

/// DynamoDB's pages leave its nested shapes unnamed; `wire.toml` names them. The
/// output's `VectorIndexInfo` requires nothing and must not become the input's
/// `VectorIndex`, whose `VectorAttribute` is required, though the pages show both alike.
#[test]
fn dynamodb_keeps_the_model_names_and_shapes_apart() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input/dynamodb");
    let service = load_service(&dir).unwrap().service;
    assert!(service.shapes.contains_key("AttributeValue"));
    assert!(!service.shapes.contains_key("Parameter"));
    let element = |shape: &str, name: &str| match &member(&service, shape, name).target {
        TypeRef::List { member } => shape_of(member),
        other => panic!("{other:?}"),
    };
    let create = &service.operations["CreateTable"];
    let input_index = element(&create.input, "VectorIndexes");
    // DescribeBackup.output.BackupDescription.SourceTableFeatureDetails.VectorIndexes[]
    let describe = &service.operations["DescribeBackup"];
    let backup = shape_of(&member(&service, &describe.output, "BackupDescription").target);
    let features = shape_of(&member(&service, &backup, "SourceTableFeatureDetails").target);
    assert_eq!(
        (backup.as_str(), features.as_str()),
        ("BackupDescription", "SourceTableFeatureDetails")
    );
    let output_index = element(&features, "VectorIndexes");
    assert_eq!(
        (input_index.as_str(), output_index.as_str()),
        ("VectorIndex", "VectorIndexInfo")
    );
    let attribute = |shape: &str| member(&service, shape, "VectorAttribute").required;
    assert!(attribute("VectorIndex"));
    assert!(!attribute("VectorIndexInfo"));
}

/// logs' pages print `LogFieldType.element` as `{'... recursive ...'}` where it could
/// stand for `LogFieldType` or the list items around it; the real names settle it.
#[test]
fn real_names_settle_which_shape_a_recursive_marker_stands_for() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input/logs");
    let loaded = load_service(&dir).unwrap();
    let element = &member(&loaded.service, "LogFieldType", "element").target;
    assert_eq!(shape_of(element), "LogFieldType");
    assert!(
        !loaded
            .diagnostics
            .iter()
            .any(|d| d.kind == "ambiguous-recursion"),
        "{:#?}",
        loaded.diagnostics
    );
}

/// `service` with the metadata the fixture's `service.toml` leaves out, for the emitter.
fn emittable(service: &mut Service) -> &Service {
    let metadata = &mut service.metadata;
    for field in [
        &mut metadata.service_id,
        &mut metadata.signing_name,
        &mut metadata.endpoint_prefix,
    ] {
        field.get_or_insert_with(|| "ledger".to_owned());
    }
    service
        .api_version
        .get_or_insert_with(|| "2024-01-01".to_owned());
    service
}

#[test]
fn default_headers_reach_the_service_spec() {
    let wire = fs::read_to_string(fixture("rst/collections/wire.toml")).unwrap()
        + "\n[default_headers]\nAccept = \"application/json\"\n";
    let dir = copy_with("rst/collections", Some(&wire));
    let mut service = load_service(dir.path()).unwrap().service;
    assert_eq!(
        service.metadata.default_headers,
        [("Accept".to_owned(), "application/json".to_owned())]
    );
    let files = generate_crate(emittable(&mut service), &snapshot_settings("sdk-ledger")).unwrap();
    let lib = &files[Path::new("src/lib.rs")];
    assert!(
        lib.contains(r#"default_headers: &[("Accept", "application/json")],"#),
        "{lib}"
    );

    // Without the table, the spec says so: no headers.
    let mut service = load_service(&fixture("rst/collections")).unwrap().service;
    let files = generate_crate(emittable(&mut service), &snapshot_settings("sdk-ledger")).unwrap();
    assert!(files[Path::new("src/lib.rs")].contains("default_headers: &[],"));
}

#[test]
fn default_headers_of_an_unknown_form_are_errors_at_their_line() {
    let wire = fs::read_to_string(fixture("rst/collections/wire.toml")).unwrap();
    let lines = wire.lines().count();
    for (table, line, column, why) in [
        (
            "Accept = { value = \"application/json\" }",
            0,
            10,
            "a string",
        ),
        ("Accept = 1", 0, 10, "a string"),
        ("\"Bad Name\" = \"x\"", 0, 14, "not a header name"),
        (
            "Accept = \"text/plain\\r\\nX-Injected: 1\"",
            0,
            10,
            "not a header value",
        ),
        ("Accept = \"\"", 0, 10, "not a header value"),
        ("Accept = \"a\"\naccept = \"b\"", 1, 10, "twice"),
    ] {
        let text = format!("{wire}\n[default_headers]\n{table}\n");
        let dir = copy_with("rst/collections", Some(&text));
        let errors = errors(load_service(dir.path()).unwrap_err());
        let at = format!(
            "wire.toml:{}:{column}: error[wire-facts-invalid]",
            lines + 3 + line
        );
        assert_eq!(errors.len(), 1, "{table}: {errors:#?}");
        assert!(
            errors[0].starts_with(&at) && errors[0].contains(why),
            "{table}: {errors:#?}"
        );
    }
}

const LIGHT_ON: &str = r#"
[waiters.LightOn]
acceptors = [
  { state = "success", matcher = "pathAll", argument = "Lights[].State", expected = "ON" },
  { state = "failure", matcher = "path", argument = "length(Lights) > `3`", expected = true },
  { state = "retry", matcher = "error", expected = "LightNotFound" },
  { state = "retry", matcher = "status", expected = 429 },
  { state = "success", matcher = "error", expected = false },
]
"#;

#[test]
fn waiter_acceptors_come_from_wire_facts() {
    use codegen::ir::{Acceptor, AcceptorState, Expected, Matcher};
    let dir = copy_with("rst/lifecycle", Some(LIGHT_ON));
    let service = load_service(dir.path()).unwrap().service;
    let waiter = &service.waiters["LightOn"];
    // The pages' timing stays; the acceptors are the file's, in its order.
    assert_eq!(
        (waiter.operation.as_str(), waiter.delay, waiter.max_attempts),
        ("DescribeLights", 5, 12)
    );
    assert_eq!(
        waiter.acceptors,
        [
            Acceptor {
                state: AcceptorState::Success,
                matcher: Matcher::PathAll {
                    path: "Lights[].State".into(),
                    expected: Expected::String("ON".into())
                }
            },
            Acceptor {
                state: AcceptorState::Failure,
                matcher: Matcher::Path {
                    path: "length(Lights) > `3`".into(),
                    expected: Expected::Bool(true)
                }
            },
            Acceptor {
                state: AcceptorState::Retry,
                matcher: Matcher::Error("LightNotFound".into())
            },
            Acceptor {
                state: AcceptorState::Retry,
                matcher: Matcher::Status(429)
            },
            Acceptor {
                state: AcceptorState::Success,
                matcher: Matcher::AnyError(false)
            },
        ]
    );
}

#[test]
fn waiter_acceptors_export_as_botocore_writes_them() {
    let dir = copy_with("rst/lifecycle", Some(LIGHT_ON));
    let service = load_service(dir.path()).unwrap().service;
    let json = codegen::export::to_botocore_json(&service);
    let acceptors = &json["waiters"]["waiters"]["LightOn"]["acceptors"];
    assert_eq!(
        acceptors,
        &serde_json::json!([
            { "state": "success", "matcher": "pathAll", "argument": "Lights[].State", "expected": "ON" },
            { "state": "failure", "matcher": "path", "argument": "length(Lights) > `3`", "expected": true },
            { "state": "retry", "matcher": "error", "expected": "LightNotFound" },
            { "state": "retry", "matcher": "status", "expected": 429 },
            { "state": "success", "matcher": "error", "expected": false },
        ])
    );
}

#[test]
fn waiter_facts_the_docs_lack_or_botocore_would_not_read_are_errors_at_their_line() {
    let wire = format!(
        "{LIGHT_ON}\n[waiters.LightOff]\nacceptors = []\n\n[waiters.LightOn2]\nacceptors = []\n"
    )
    .replace("[waiters.LightOn2]", "[waiters.\"Light On\"]")
    .replace(
        "matcher = \"status\", expected = 429",
        "matcher = \"status\", expected = \"429\"",
    );
    let lines = LIGHT_ON.lines().count();
    let dir = copy_with("rst/lifecycle", Some(&wire));
    let errors = errors(load_service(dir.path()).unwrap_err());
    assert_eq!(
        errors,
        [
            format!(
                "wire.toml:{}:1: error[wire-fact-unknown]: waiter `LightOff` is not in the docs; the file belongs to other docs",
                lines + 2
            ),
            format!(
                "wire.toml:{}:1: error[wire-fact-unknown]: waiter `Light On` is not in the docs; the file belongs to other docs",
                lines + 5
            ),
            "wire.toml:7:3: error[wire-facts-invalid]: waiter `LightOn`: matcher `status` cannot expect string".to_owned(),
        ]
    );
}
