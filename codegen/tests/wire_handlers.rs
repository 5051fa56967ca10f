//! Wire facts of what botocore's handlers change beyond the model: members the pages
//! print as another type (IAM's policy documents), input ids sent as their last path
//! segment (Route 53), output strings read percent-decoded; and what they may not say.

mod fs_support;

use std::fs;
use std::path::{Path, PathBuf};

use codegen::diagnostics::{Diagnostic, Severity};
use codegen::ir::{ExpectContinue, Location, Member, OperationEndpoint, Service, TypeRef};
use codegen::{load_service, LoadError};
use fs_support::copy_dir;

fn docs_input(service: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../docs-input")
        .join(service)
}

fn member<'a>(service: &'a Service, shape: &str, name: &str) -> &'a Member {
    service.shapes[shape]
        .kind
        .members()
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("{shape}.{name}"))
}

/// A copy of `service`'s docs whose `wire.toml` is `edit` of the committed one (which
/// it must change), with the edited text.
fn edited_wire(service: &str, edit: impl FnOnce(&str) -> String) -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&docs_input(service), tmp.path()).unwrap();
    let path = tmp.path().join("wire.toml");
    let wire = fs::read_to_string(&path).unwrap();
    let edited = edit(&wire);
    assert_ne!(wire, edited);
    fs::write(&path, &edited).unwrap();
    (tmp, edited)
}

/// The error diagnostics of loading the docs in `dir`, which must fail.
fn load_errors(dir: &Path) -> Vec<Diagnostic> {
    match load_service(dir).unwrap_err() {
        LoadError::Invalid { diagnostics } => diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
        other => panic!("{other}"),
    }
}

/// The 1-based number of the line of `text` that is `line`.
fn line_number(text: &str, line: &str) -> usize {
    1 + text.lines().position(|l| l == line).unwrap()
}

#[test]
fn policy_documents_are_required_strings_read_decoded() {
    let iam = load_service(&docs_input("iam")).unwrap().service;
    let create = &iam.operations["CreateRole"];
    let document = member(&iam, &create.input, "AssumeRolePolicyDocument");
    assert_eq!(document.target, TypeRef::String);
    assert!(document.required);
    // Sent as given: only responses are decoded.
    assert!(!document.traits.percent_encoded);
    let get = &iam.operations["GetRolePolicy"];
    let read = member(&iam, &get.output, "PolicyDocument");
    assert_eq!(read.target, TypeRef::String);
    assert!(read.traits.percent_encoded);
    // A list of documents holds strings.
    let simulate = &iam.operations["SimulateCustomPolicy"];
    let list = member(&iam, &simulate.input, "PolicyInputList");
    assert_eq!(
        list.target,
        TypeRef::List {
            member: Box::new(TypeRef::String)
        }
    );
    assert!(list.required);
    // The empty structure the pages implied is gone, and the syntax skeleton shows a
    // string where the pages print `{}`.
    assert!(!iam.shapes.contains_key("PolicyDocument"));
    let request = create.syntax.request.as_ref().unwrap();
    assert_eq!(request["AssumeRolePolicyDocument"], "string");
}

#[test]
fn route53_ids_are_sent_as_their_last_segment() {
    let route53 = load_service(&docs_input("route53")).unwrap().service;
    let get = &route53.operations["GetHostedZone"];
    assert!(member(&route53, &get.input, "Id").traits.last_segment);
    let change = &route53.operations["ChangeResourceRecordSets"];
    assert!(
        member(&route53, &change.input, "HostedZoneId")
            .traits
            .last_segment
    );
    // A member of another shape is sent whole.
    let list = &route53.operations["ListResourceRecordSets"];
    assert!(
        !member(&route53, &list.input, "StartRecordName")
            .traits
            .last_segment
    );
}

#[test]
fn ec2_user_data_is_sent_base64_encoded() {
    let ec2 = load_service(&docs_input("ec2")).unwrap().service;
    let run = &ec2.operations["RunInstances"];
    assert!(member(&ec2, &run.input, "UserData").traits.base64);
    // Only where botocore's handler encodes it.
    let spot = &ec2.operations["RequestSpotInstances"];
    let launch = member(&ec2, &spot.input, "LaunchSpecification");
    let TypeRef::Named { name } = &launch.target else {
        panic!("{:?}", launch.target)
    };
    assert!(!member(&ec2, name, "UserData").traits.base64);
}

#[test]
fn cloudformation_template_bodies_are_strings() {
    let cfn = load_service(&docs_input("cloudformation")).unwrap().service;
    let get = &cfn.operations["GetTemplate"];
    assert_eq!(
        member(&cfn, &get.output, "TemplateBody").target,
        TypeRef::String
    );
    let response = get.syntax.response.as_ref().unwrap();
    assert_eq!(response["TemplateBody"], "string");
}

#[test]
fn handler_facts_that_do_not_fit_are_errors_at_their_line() {
    let extra = "\n[operations.GetHostedZoneLimit.output]\nLimit = { type = \"integer\" }\n\
                 Count = { last_segment = true }\n\
                 \n[operations.GetDNSSEC.output]\nNoSuchMember = { percent_encoded = true }\n";
    let mut lines = 0;
    let (tmp, _) = edited_wire("route53", |wire| {
        lines = wire.lines().count();
        format!("{wire}{extra}")
    });
    let errors: Vec<String> = load_errors(tmp.path())
        .iter()
        .map(ToString::to_string)
        .collect();
    // Sorted as the loader sorts them (by kind, then place).
    assert_eq!(
        errors,
        [
            format!(
                "wire.toml:{}:16: error[wire-fact-unknown]: member `NoSuchMember` of `GetDNSSECOutput` is not in the docs (no `NoSuchMember` in `GetDNSSECOutput`)",
                lines + 7
            ),
            format!(
                "wire.toml:{}:9: error[wire-facts-invalid]: `Limit`: type `integer`: only `string` is supported (what the pages print as a dict)",
                lines + 3
            ),
            format!(
                "wire.toml:{}:9: error[wire-facts-invalid]: `Count`: last_segment on a member that holds no string",
                lines + 4
            ),
        ]
    );
}

#[test]
fn sts_web_identity_and_saml_are_sent_unsigned() {
    let sts = load_service(&docs_input("sts")).unwrap().service;
    let unsigned: Vec<&str> = sts
        .operations
        .values()
        .filter(|op| op.unsigned)
        .map(|op| op.name.as_str())
        .collect();
    assert_eq!(
        unsigned,
        ["AssumeRoleWithSAML", "AssumeRoleWithWebIdentity"]
    );
}

#[test]
fn s3_operations_its_endpoint_rules_single_out_go_where_botocore_sends_them() {
    let s3 = load_service(&docs_input("s3")).unwrap().service;
    let placed: Vec<(&str, &OperationEndpoint)> = s3
        .operations
        .values()
        .filter(|op| !op.endpoint.is_default())
        .map(|op| (op.name.as_str(), &op.endpoint))
        .collect();
    let elsewhere = |prefix: &str, signing_name: &str| OperationEndpoint {
        prefix: Some(prefix.into()),
        signing_name: Some(signing_name.into()),
        path_style: false,
    };
    let path_style = OperationEndpoint {
        path_style: true,
        ..OperationEndpoint::default()
    };
    assert_eq!(
        placed,
        [
            ("GetBucketLocation", &path_style),
            (
                "ListDirectoryBuckets",
                &elsewhere("s3express-control", "s3express")
            ),
            (
                "WriteGetObjectResponse",
                &elsewhere("s3-object-lambda", "s3-object-lambda")
            ),
        ]
    );
}

#[test]
fn an_operation_endpoint_fact_of_another_kind_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&docs_input("sts"), tmp.path()).unwrap();
    let path = tmp.path().join("wire.toml");
    let wire = fs::read_to_string(&path).unwrap();
    let extra = "\n[operations.GetCallerIdentity]\nendpoint = { signing_region = \"x\" }\n";
    fs::write(&path, format!("{wire}{extra}")).unwrap();
    let Err(LoadError::Invalid { diagnostics }) = load_service(tmp.path()) else {
        panic!("an unknown endpoint fact was accepted");
    };
    assert!(diagnostics
        .iter()
        .any(|d| d.to_string().contains("unknown field `signing_region`")));
}

#[test]
fn s3_uploads_expect_100_continue_where_botocore_adds_it() {
    let s3 = load_service(&docs_input("s3")).unwrap().service;
    let expecting: Vec<(&str, ExpectContinue)> = s3
        .operations
        .values()
        .filter(|op| op.expect_continue != ExpectContinue::Never)
        .map(|op| (op.name.as_str(), op.expect_continue))
        .collect();
    assert_eq!(
        expecting,
        [
            ("PutObject", ExpectContinue::Always),
            ("PutObjectAnnotation", ExpectContinue::Stream),
            ("UploadPart", ExpectContinue::Always),
            ("WriteGetObjectResponse", ExpectContinue::Stream),
        ]
    );
}

#[test]
fn an_expect_continue_fact_that_does_not_fit_is_an_error_at_its_line() {
    // A value botocore never gives (on PutObject, the first fact), and a fact on an
    // operation whose payload is XML.
    let (tmp, wrong) = edited_wire("s3", |wire| {
        wire.replacen(
            "expect_continue = \"always\"",
            "expect_continue = \"sometimes\"",
            1,
        )
        .replacen(
            "[operations.PutBucketTagging]\n",
            "[operations.PutBucketTagging]\nexpect_continue = \"always\"\n",
            1,
        )
    });
    let sometimes = line_number(&wrong, "expect_continue = \"sometimes\"");
    let xml = 1 + line_number(&wrong, "[operations.PutBucketTagging]");
    let errors: Vec<String> = load_errors(tmp.path())
        .iter()
        .map(ToString::to_string)
        .collect();
    let expected = [
        format!(
            "wire.toml:{xml}:19: error[wire-facts-invalid]: `PutBucketTagging`: expect_continue on an input without a streaming payload (`PutBucketTaggingInput`)"
        ),
        format!(
            "wire.toml:{sometimes}:19: error[wire-facts-invalid]: `PutObject`: expect_continue `sometimes`: expected `always` or `stream`"
        ),
    ];
    assert_eq!(errors, expected);
}

#[test]
fn s3_listings_and_copy_sources_follow_botocores_handlers() {
    let s3 = load_service(&docs_input("s3")).unwrap().service;
    let list = &s3.operations["ListObjectsV2"];
    let encoding = member(&s3, &list.input, "EncodingType");
    assert_eq!(encoding.traits.default_value.as_deref(), Some("url"));
    assert!(member(&s3, &list.output, "Prefix").traits.url_encoded);
    assert!(!member(&s3, &list.output, "Name").traits.url_encoded);
    let copy = &s3.operations["CopyObject"];
    assert!(member(&s3, &copy.input, "CopySource").traits.quoted_path);
    assert!(!member(&s3, &copy.input, "Key").traits.quoted_path);
}

#[test]
fn s3_customer_keys_name_the_member_of_their_md5() {
    let s3 = load_service(&docs_input("s3")).unwrap().service;
    let copy = &s3.operations["UploadPartCopy"];
    for (key, md5) in [
        ("SSECustomerKey", "SSECustomerKeyMD5"),
        ("CopySourceSSECustomerKey", "CopySourceSSECustomerKeyMD5"),
    ] {
        let traits = &member(&s3, &copy.input, key).traits;
        assert_eq!(traits.key_md5.as_deref(), Some(md5));
        assert!(member(&s3, &copy.input, md5).traits.key_md5.is_none());
    }
    // Only where botocore's handlers compute it.
    let attributes = &s3.operations["GetObjectAttributes"];
    let key = member(&s3, &attributes.input, "SSECustomerKey");
    assert!(key.traits.key_md5.is_none());

    // A fact naming no string member beside the key is an error.
    let (tmp, _) = edited_wire("s3", |wire| {
        wire.replacen(
            "key_md5 = \"SSECustomerKeyMD5\"",
            "key_md5 = \"SSECustomerAlgorithmMD5\"",
            1,
        )
    });
    let errors: Vec<String> = load_errors(tmp.path())
        .into_iter()
        .map(|d| d.message)
        .collect();
    assert_eq!(
        errors,
        ["`SSECustomerKey`: key_md5 `SSECustomerAlgorithmMD5` names no string member beside it"]
    );
}

#[test]
fn ec2_copy_snapshot_fills_its_presigned_url() {
    let ec2 = load_service(&docs_input("ec2")).unwrap().service;
    let copy = &ec2.operations["CopySnapshot"];
    let url = member(&ec2, &copy.input, "PresignedUrl");
    let from = url.traits.presigned_url.as_ref().expect("a presigned URL");
    assert_eq!(
        (
            from.source_region.as_str(),
            from.destination_region.as_str()
        ),
        ("SourceRegion", "DestinationRegion")
    );
    // Only where botocore's handler fills one.
    let image = &ec2.operations["CopyImage"];
    assert!(ec2.shapes[&image.input]
        .kind
        .members()
        .iter()
        .all(|m| m.traits.presigned_url.is_none()));
}

#[test]
fn ec2_console_output_is_read_base64_decoded() {
    let ec2 = load_service(&docs_input("ec2")).unwrap().service;
    let get = &ec2.operations["GetConsoleOutput"];
    assert!(member(&ec2, &get.output, "Output").traits.base64);
    assert!(!member(&ec2, &get.output, "InstanceId").traits.base64);
    // The screenshot is base64 too, but botocore's handler leaves it so.
    let screenshot = &ec2.operations["GetConsoleScreenshot"];
    assert!(!member(&ec2, &screenshot.output, "ImageData").traits.base64);

    // Only a string can be decoded: on the timestamp beside it, the fact is an error.
    let fact = "Timestamp = { xml_name = \"timestamp\" }\nOutput = {";
    let (tmp, wrong) = edited_wire("ec2", |wire| {
        wire.replacen(
            fact,
            "Timestamp = { xml_name = \"timestamp\", base64 = true }\nOutput = {",
            1,
        )
    });
    let line = line_number(
        &wrong,
        "Timestamp = { xml_name = \"timestamp\", base64 = true }",
    );
    let errors: Vec<String> = load_errors(tmp.path())
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [format!(
            "wire.toml:{line}:13: error[wire-facts-invalid]: `Timestamp`: base64 on a member that holds no string"
        )]
    );
}

#[test]
fn s3_expires_is_lenient_and_its_text_is_kept() {
    let s3 = load_service(&docs_input("s3")).unwrap().service;
    let header = Location::Header("Expires".into());
    for name in ["GetObject", "HeadObject"] {
        let output = &s3.operations[name].output;
        let expires = member(&s3, output, "Expires");
        assert!(expires.traits.lenient, "{name}");
        assert_eq!(expires.location, header);
        assert_eq!(member(&s3, output, "ExpiresString").location, header);
        assert!(!member(&s3, output, "ContentType").traits.lenient);
    }
    // An input's Expires is sent as given.
    let put = &s3.operations["PutObject"];
    assert!(!member(&s3, &put.input, "Expires").traits.lenient);

    // Only a header is dropped: on a member read from elsewhere the fact is an error.
    let fact = "ExpiresString = { location = \"header\", name = \"Expires\" }";
    let (tmp, wrong) = edited_wire("s3", |wire| {
        wire.replacen(fact, "ExpiresString = { lenient = true }", 1)
    });
    let line = line_number(&wrong, "ExpiresString = { lenient = true }");
    let errors: Vec<String> = load_errors(tmp.path())
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [format!(
            "wire.toml:{line}:17: error[wire-facts-invalid]: `ExpiresString`: lenient on a member not bound to a header"
        )]
    );
}
