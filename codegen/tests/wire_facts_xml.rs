//! The XML, query and checksum facts of the wire-facts file: what restXml, awsQuery and
//! ec2Query services need beyond the pages (element and query names, attributes,
//! flattened collections, namespaces, an input's root element, error statuses, body
//! checksums), and what the file may not say about them.

mod fs_support;

use std::fs;
use std::path::{Path, PathBuf};

use codegen::diagnostics::Severity;
use codegen::ir::{HttpChecksum, Member, MemberTraits, Service, ShapeKind, XmlNamespace};
use codegen::{load_service, LoadError};
use fs_support::copy_dir;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// The `collections` fixture as a restXml service, its wire facts edited by `edit`.
fn ledger(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("rst/collections"), tmp.path()).unwrap();
    let meta = tmp.path().join("service.toml");
    let text = fs::read_to_string(&meta).unwrap();
    fs::write(&meta, text.replace("\"rest-json\"", "\"rest-xml\"")).unwrap();
    let wire = tmp.path().join("wire.toml");
    fs::write(&wire, edit(fs::read_to_string(&wire).unwrap())).unwrap();
    tmp
}

/// `text` with `line` added after the line `after`.
fn insert(text: String, after: &str, line: &str) -> String {
    assert!(text.contains(after), "{after}");
    text.replacen(after, &format!("{after}\n{line}"), 1)
}

/// The XML facts of the ledger's entries, reports and rejections.
fn xml_facts(wire: String) -> String {
    let wire = insert(
        wire,
        "http = \"PUT /reports\"",
        "input_xml = { xml_name = \"PutReportRequest\", xml_namespace = \"https://ledger.example/doc/\" }",
    );
    let wire = insert(
        wire,
        "code = 201",
        "http_checksum = { required = true, request_algorithm_member = \"Mode\", response_algorithms = [\"CRC32\", \"SHA256\"] }",
    );
    let wire = insert(
        wire,
        "Signature = { sensitive = true }",
        "Grid = { xml_name = \"grid\", xml_flattened = true, element = { xml_name = \"row\", element = { xml_name = \"cell\" } } }\n\
         Accounts = { key = { xml_name = \"Name\" }, value = { xml_name = \"Codes\", element = { xml_name = \"Code\" } } }\n\
         Final = { xml_attribute = true, query_name = \"IsFinal\" }",
    );
    format!(
        "{wire}\n[operations.PutEntries.output]\n\
         \"Rejected.Reason\" = {{ xml_name = \"why\", xml_prefix = \"l\", xml_namespace = \"https://ledger.example/l\" }}\n"
    )
}

fn member<'a>(service: &'a Service, shape: &str, name: &str) -> &'a Member {
    service.shapes[shape]
        .kind
        .members()
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("{shape}.{name}"))
}

fn named(xml_name: &str) -> Option<Box<MemberTraits>> {
    Some(Box::new(MemberTraits {
        xml_name: Some(xml_name.into()),
        ..MemberTraits::default()
    }))
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
fn xml_facts_reach_members_and_the_parts_of_their_collections() {
    let dir = ledger(xml_facts);
    let service = load_service(dir.path()).unwrap().service;
    let entries = &service.operations["PutEntries"];

    let grid = member(&service, &entries.input, "Grid");
    assert_eq!(
        grid.traits,
        MemberTraits {
            xml_name: Some("grid".into()),
            xml_flattened: true,
            // A list of lists: each level names its own elements.
            element: Some(Box::new(MemberTraits {
                xml_name: Some("row".into()),
                element: named("cell"),
                ..MemberTraits::default()
            })),
            ..MemberTraits::default()
        }
    );
    let accounts = member(&service, &entries.input, "Accounts");
    assert_eq!(accounts.traits.key, named("Name"));
    assert_eq!(
        accounts.traits.value,
        Some(Box::new(MemberTraits {
            xml_name: Some("Codes".into()),
            element: named("Code"),
            ..MemberTraits::default()
        }))
    );
    let last = member(&service, &entries.input, "Final");
    assert!(last.traits.xml_attribute);
    assert_eq!(last.traits.query_name.as_deref(), Some("IsFinal"));
    // A member the facts say nothing of keeps no XML trait.
    assert!(member(&service, &entries.input, "Mode").traits.is_empty());

    // Through a list, into the structure its elements are.
    let rejected = member(&service, &entries.output, "Rejected");
    let item = service.shape(match &rejected.target {
        codegen::ir::TypeRef::List { member } => member,
        other => panic!("{other:?}"),
    });
    let reason = item
        .unwrap()
        .kind
        .members()
        .iter()
        .find(|m| m.name == "Reason")
        .unwrap();
    assert_eq!(reason.traits.xml_name.as_deref(), Some("why"));
    assert_eq!(
        reason.traits.xml_namespace,
        Some(XmlNamespace {
            prefix: Some("l".into()),
            uri: "https://ledger.example/l".into()
        })
    );

    assert_eq!(
        entries.http_checksum,
        HttpChecksum {
            required: true,
            request_algorithm_member: Some("Mode".into()),
            response_validation_member: None,
            response_algorithms: vec!["CRC32".into(), "SHA256".into()],
        }
    );
    let report = &service.shapes[&service.operations["PutReport"].input];
    assert_eq!(report.traits.xml_name.as_deref(), Some("PutReportRequest"));
    assert_eq!(
        report.traits.xml_namespace,
        Some(XmlNamespace {
            prefix: None,
            uri: "https://ledger.example/doc/".into()
        })
    );

    // `codegen ir` states them in botocore's keys.
    let json = codegen::export::to_botocore_json(&service);
    let shapes = &json["service"]["shapes"];
    let grid = &shapes[&entries.input]["members"]["Grid"];
    assert_eq!(grid["locationName"], "grid");
    assert_eq!(grid["flattened"], true);
    assert_eq!(grid["x-element"]["x-element"]["locationName"], "cell");
    let op = &json["service"]["operations"]["PutEntries"];
    assert_eq!(op["httpChecksumRequired"], true);
    assert_eq!(op["httpChecksum"]["requestAlgorithmMember"], "Mode");
    assert_eq!(
        shapes[&service.operations["PutReport"].input]["xmlNamespace"]["uri"],
        "https://ledger.example/doc/"
    );
}

#[test]
fn xml_facts_that_do_not_fit_the_docs_are_errors_at_their_line() {
    let dir = ledger(|wire| {
        let wire = insert(
            wire,
            "code = 201",
            "http_checksum = { request_algorithm_member = \"Algorithm\" }",
        );
        let wire = insert(
            wire,
            "Signature = { sensitive = true }",
            "Final = { element = { xml_name = \"item\" } }\n\
             Currencies = { key = { xml_name = \"k\" } }\n\
             Mode = { xml_flattened = true }\n\
             Memo = { xml_prefix = \"m\" }",
        );
        insert(
            wire,
            "http = \"PUT /reports\"",
            "input_xml = { xml_name = \"R\", xml_prefix = \"r\" }",
        )
    });
    let wire = fs::read_to_string(dir.path().join("wire.toml")).unwrap();
    let line = |text: &str| wire.lines().position(|l| l.starts_with(text)).unwrap() + 1;
    let errors = errors(load_service(dir.path()).unwrap_err());
    let expected = [
        (
            line("http_checksum"),
            17,
            "wire-fact-unknown",
            "checksum member `Algorithm` is not in the docs' input",
        ),
        (
            line("Final"),
            9,
            "wire-facts-invalid",
            "`Final`: `element` on what is not a list",
        ),
        (
            line("Currencies"),
            14,
            "wire-facts-invalid",
            "`Currencies`: `key` on what is not a map",
        ),
        (
            line("Mode"),
            8,
            "wire-facts-invalid",
            "`Mode`: `xml_flattened` on what is neither a list nor a map",
        ),
        (
            line("Memo"),
            8,
            "wire-facts-invalid",
            "`Memo`: `xml_prefix = \"m\"` without the `xml_namespace` it binds",
        ),
        (
            line("input_xml"),
            13,
            "wire-facts-invalid",
            "`xml_prefix = \"r\"` without the `xml_namespace` it binds",
        ),
    ];
    let mut expected: Vec<String> = expected
        .iter()
        .map(|(line, column, kind, message)| {
            format!("wire.toml:{line}:{column}: error[{kind}]: {message}")
        })
        .collect();
    expected.sort();
    assert_eq!(errors, expected);
}

#[test]
fn error_statuses_fill_what_the_pages_leave_out() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("rst/lifecycle"), tmp.path()).unwrap();
    fs::write(
        tmp.path().join("wire.toml"),
        "[errors.ThrottlingException]\ncode = \"Throttling\"\nstatus = 400\n",
    )
    .unwrap();
    let service = load_service(tmp.path()).unwrap().service;
    match &service.shapes["ThrottlingException"].kind {
        ShapeKind::Error {
            http_status, code, ..
        } => assert_eq!(
            (*http_status, code.as_deref()),
            (Some(400), Some("Throttling"))
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn methods_boto3_adds_to_a_client_are_no_operations_and_no_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("rst/collections"), tmp.path()).unwrap();
    let index = tmp.path().join("index.rst");
    let text = fs::read_to_string(&index).unwrap().replace(
        "  ledger/client/watch",
        "  ledger/client/watch\n  ledger/client/upload_file\n  ledger/client/generate_presigned_post",
    );
    fs::write(&index, text).unwrap();
    let client = tmp.path().join("client");
    // S3's managed transfer, documented without an API link, and the presigned POST
    // helper, whose `:returns:` has no response syntax.
    fs::write(
        client.join("upload_file.rst"),
        ":doc:`Ledger <../../ledger>` / Client / upload_file\n\n***********\nupload_file\n***********\n\n\n\n\
         .. py:method:: Ledger.Client.upload_file(Filename, Key)\n\n  Upload a file.\n\n\
         \x20 :type Filename: str\n  :param Filename: The path to the file to upload.\n\n\
         \x20 :type Key: str\n  :param Key: The name of the key to upload to.\n",
    )
    .unwrap();
    fs::write(
        client.join("generate_presigned_post.rst"),
        ":doc:`Ledger <../../ledger>` / Client / generate_presigned_post\n\n\
         ***********************\ngenerate_presigned_post\n***********************\n\n\n\n\
         .. py:method:: Ledger.Client.generate_presigned_post(Key)\n\n  Builds a form.\n\n\
         \x20 :type Key: str\n  :param Key: The key.\n\n  :rtype: dict\n\
         \x20 :returns: A dictionary with two elements: ``url`` and ``fields``.\n",
    )
    .unwrap();
    let loaded = load_service(tmp.path()).unwrap();
    let about: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| {
            let file = d.file.to_string_lossy();
            file.contains("upload_file") || file.contains("presigned")
        })
        .map(ToString::to_string)
        .collect();
    assert_eq!(about, Vec::<String>::new());
    assert_eq!(loaded.service.operations.len(), 6);
}

#[test]
fn real_names_of_a_renamed_member_are_keyed_by_the_documented_name() {
    // boto3 documents ec2's `Filter` as `Filters`: the naming pass sees the documented
    // name, so `[names]` is keyed by it, and the facts' check accepts it.
    let dir = ledger(|wire| {
        format!(
            "{wire}\n[operations.PutEntries.output]\nrej = {{ documented = \"Rejected\" }}\n\
             \n[names.operations.PutEntries.output]\nRejected = \"Rejection\"\n"
        )
    });
    let service = load_service(dir.path()).unwrap().service;
    let rejected = member(
        &service,
        &service.operations["PutEntries"].output,
        "Rejected",
    );
    assert_eq!(rejected.wire_name(), "rej");
    assert_eq!(
        rejected.target,
        codegen::ir::TypeRef::List {
            member: Box::new(codegen::ir::TypeRef::Named {
                name: "Rejection".into()
            })
        }
    );
}
