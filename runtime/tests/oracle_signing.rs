//! The signer reproduces, byte for byte, the `Authorization` header boto3 sent for every
//! request recorded in `tests/fixtures/oracle` (same method, URL, headers, body,
//! credentials and clock), and the default endpoint matches boto3's URL.

use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use sdk_runtime::endpoint::{default_endpoint, global_endpoint};
use sdk_runtime::http::{Headers, HttpRequest};
use sdk_runtime::sigv4::{sign, SigningParams};
use sdk_runtime::{Credentials, Document};
use serde_json::Value;

/// 2015-08-30T12:36:00Z, the oracle's fixed clock.
const ORACLE_TIME: u64 = 1_440_938_160;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A `key = "value"` line of a service's `service.toml`.
fn metadata(service: &str, key: &str) -> String {
    let path = workspace()
        .join("docs-input")
        .join(service)
        .join("service.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    text.lines()
        .filter_map(|line| line.split_once('='))
        .find(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim().trim_matches('"').to_owned())
        .unwrap_or_else(|| panic!("{path:?} has no {key}"))
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("missing {key}"))
}

#[test]
fn signatures_equal_the_recorded_boto3_ones() {
    let dir = workspace().join("tests").join("fixtures").join("oracle");
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir:?}: {e}"))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    fixtures.sort();
    assert!(!fixtures.is_empty(), "no oracle fixtures in {dir:?}");

    let mut checked = 0;
    for path in fixtures {
        let service = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let fixture: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            text(&fixture, "time"),
            "20150830T123600Z",
            "{service}: clock moved"
        );
        let credentials = Credentials::new(
            text(&fixture, "access_key_id"),
            text(&fixture, "secret_access_key"),
            None,
        );
        let client_region = text(&fixture, "region");
        let signing_name = metadata(&service, "signing_name");
        let prefix = metadata(&service, "endpoint_prefix");
        // A global service (IAM) is called at one endpoint, signed for its region.
        let (default_url, region) = match global_endpoint(&prefix, &client_region.into(), false) {
            Some((url, signing_region)) => {
                (format!("{url}/"), signing_region.unwrap_or(client_region))
            }
            None => (
                format!(
                    "{}/",
                    default_endpoint(&prefix, &client_region.into()).unwrap()
                ),
                client_region,
            ),
        };
        let cases = fixture["cases"].as_array().expect("cases");
        let mut default_urls = 0;
        let mut unsignable = 0;
        for case in cases {
            let name = format!(
                "{service} {} {}",
                text(case, "operation"),
                text(case, "case")
            );
            let recorded = &case["request"];
            let headers = recorded["headers"].as_object().expect("headers");
            // The recording leaves out Content-Length, which boto3 signs when a member
            // sets it (S3's ContentLength): such a signature cannot be made again.
            // Operations boto3 sends unsigned (STS AssumeRoleWithWebIdentity) have none.
            let Some(authorization) = headers.get("authorization") else {
                continue;
            };
            let signed_length = authorization
                .as_str()
                .and_then(|a| a.split("SignedHeaders=").nth(1))
                .and_then(|rest| rest.split(',').next())
                .is_some_and(|signed| signed.split(';').any(|h| h == "content-length"));
            if signed_length && !headers.contains_key("content-length") {
                unsignable += 1;
                continue;
            }
            let mut request = HttpRequest {
                method: text(recorded, "method").to_owned(),
                url: text(recorded, "url").to_owned(),
                headers: headers
                    .iter()
                    .filter(|(name, _)| *name != "authorization")
                    .map(|(name, value)| (name.as_str(), value.as_str().unwrap_or_default()))
                    .collect::<Headers>(),
                body: text(recorded, "body").as_bytes().to_vec(),
            };
            // REST operations add their path and query after the endpoint's `/`.
            default_urls += usize::from(request.url.starts_with(&default_url));
            // S3 sends a few operations to other endpoints, signed under other names
            // (the generated crate's operation endpoints, which the oracle test checks):
            // there the name is the recorded scope's.
            let scope_service = authorization
                .as_str()
                .and_then(|a| a.split("Credential=").nth(1))
                .and_then(|credential| credential.split('/').nth(3))
                .expect("a credential scope");
            let params = SigningParams {
                credentials: &credentials,
                region,
                service: if service == "s3" {
                    scope_service
                } else {
                    signing_name.as_str()
                },
                time: UNIX_EPOCH + Duration::from_secs(ORACLE_TIME),
            };
            sign(&mut request, &params).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(
                request.headers.get("authorization"),
                headers["authorization"].as_str(),
                "{name}"
            );
            checked += 1;
        }
        // Operations with a host prefix (e.g. `search-`) use another host; most use this one.
        assert!(
            default_urls * 2 > cases.len(),
            "{service}: default endpoint differs from boto3's"
        );
        assert!(
            unsignable * 20 <= cases.len(),
            "{service}: {unsignable} cases cannot be signed again"
        );
    }
    assert!(checked > 100, "only {checked} recorded requests");
}

/// Codec and client together (body, endpoint, protocol headers, signature) reproduce a
/// recorded boto3 request from the operation's input.
#[test]
fn the_client_request_of_a_recorded_call_equals_boto3s() {
    let path = workspace().join("tests/fixtures/oracle/devicefarm.json");
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let case = fixture["cases"]
        .as_array()
        .and_then(|cases| {
            cases
                .iter()
                .find(|c| c["operation"] == "CreateDevicePool" && c["case"] == "example-0")
        })
        .map(|c| &c["request"])
        .expect("a recorded CreateDevicePool example");
    let spec = sdk_runtime::protocol::ServiceSpec {
        service_id: "Device Farm",
        signing_name: "devicefarm",
        endpoint_prefix: "devicefarm",
        target_prefix: "DeviceFarm_20150623",
        json_version: "1.1",
        api_version: "2015-06-23",
        protocol: sdk_runtime::schema::Protocol::AwsJson1_1,
        query_compatible: false,
        default_headers: &[],
    };
    // The input structure, members in documented order (as generated types have them);
    // the rules, structures of strings, travel as the document they were recorded as.
    use sdk_runtime::schema::{
        prelude, Location, Member, MemberTraits, MemberWriter, OperationSchema, Schema, ShapeKind,
        ShapeTraits, WriteError, WriteStruct,
    };
    const fn member(name: &'static str, target: &'static Schema) -> Member {
        Member {
            name,
            target,
            location: Location::Body,
            traits: MemberTraits::NONE,
        }
    }
    static INPUT: Schema = Schema {
        name: "CreateDevicePoolRequest",
        kind: ShapeKind::Structure,
        members: &[
            member("projectArn", &prelude::STRING),
            member("name", &prelude::STRING),
            member("description", &prelude::STRING),
            member("rules", &prelude::DOCUMENT),
        ],
        traits: ShapeTraits::NONE,
    };
    static OPERATION: OperationSchema = OperationSchema {
        name: "CreateDevicePool",
        input: &INPUT,
        output: &INPUT,
        http: None,
        request_compression: &[],
        checksum: sdk_runtime::schema::HttpChecksum::NONE,
    };
    struct CreateDevicePoolInput(Document);
    impl WriteStruct for CreateDevicePoolInput {
        fn schema(&self) -> &'static Schema {
            &INPUT
        }
        fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
            for (index, member) in INPUT.members.iter().enumerate() {
                match &self.0[member.name] {
                    Document::String(text) => w.member(index, text)?,
                    Document::Null => {}
                    other => w.member(index, other)?,
                }
            }
            Ok(())
        }
    }
    let recorded = Document::from_json(text(case, "body")).unwrap();
    let input = CreateDevicePoolInput(recorded);
    let parts = sdk_runtime::protocol::write_request(&spec, &OPERATION, &input).unwrap();
    assert_eq!(String::from_utf8_lossy(&parts.body), text(case, "body"));

    let default_url = default_endpoint("devicefarm", &"us-west-2".into()).unwrap();
    let endpoint = sdk_runtime::endpoint::Url::parse(&default_url).unwrap();
    let credentials = Credentials::new(
        text(&fixture, "access_key_id"),
        text(&fixture, "secret_access_key"),
        None,
    );
    let params = SigningParams {
        credentials: &credentials,
        region: "us-west-2",
        service: "devicefarm",
        time: UNIX_EPOCH + Duration::from_secs(ORACLE_TIME),
    };
    let request =
        sdk_runtime::client::signed_request(&parts, &endpoint.join(&parts.path), &params).unwrap();
    assert_eq!(request.url, text(case, "url"));
    assert_eq!(request.method, text(case, "method"));
    for (name, value) in case["headers"].as_object().unwrap() {
        assert_eq!(request.headers.get(name), value.as_str(), "{name}");
    }
    assert_eq!(
        request.headers.len(),
        case["headers"].as_object().unwrap().len()
    );
}
