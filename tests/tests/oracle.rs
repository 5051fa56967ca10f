//! The generated clients send what boto3 sends, byte for byte.
//!
//! `tests/fixtures/oracle/<service>.json` holds the request boto3 sent for every
//! documented example and an all-members input of every operation (`cargo xtask
//! oracle`), for every protocol (JSON, query, EC2, REST-XML). Each case's recorded
//! parameters (every member in one JSON object, whether it travels in the path, the
//! query, a header or the body) are read into the operation's generated input type
//! with the runtime's schema JSON reader and sent with
//! [`Client::send`](sdk_devicefarm::Client::send) through a transport that records the
//! request and answers `200 {}`, with the recording's credentials, region and clock. Method, URL (path and query), every header boto3
//! signed (`x-amz-target`, `content-type`, `x-amzn-query-mode`, `x-amz-date`, ...), the
//! body and the `Authorization` header must be equal, and a request boto3 sends unsigned
//! must carry no signature.
//!
//! The documented examples are also sent as the Rust their docs show (the functions of
//! each crate's hidden `examples` module, written from the same tokens as the doctests):
//! each must send boto3's request for it, and each must have been recorded.
//!
//! A few operations differ from boto3 in ways the reference pages do not document; they
//! are listed in [`KNOWN_DIFFERENCES`] and checked as far as they can be (see there).

mod oracle_fixture;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use oracle_fixture::{config, fixture, Capture, Case, Fixture, Recorded, ORACLE_TIME};
use sdk_runtime::http::HttpRequest;
use sdk_runtime::sigv4::{self, SigningParams};
use sdk_runtime::{Config, Credentials};

/// What boto3 does that the reference pages do not say, by service and operation (`*`:
/// every operation of the service).
///
/// - A header boto3 adds with a handler of its own, not from the model:
///   `x-amz-api-version` on DynamoDB's `DescribeEndpoints`, the operation DynamoDB
///   clients discover endpoints with. Everything else must be equal, and our request
///   with that header added must be signed exactly as boto3's. (API Gateway's `Accept:
///   application/json`, from a handler too, is a wire fact the crate sends.)
/// - A host prefix from endpoint rules: boto3 sends DynamoDB's `SearchVectors` to
///   `search-dynamodb.<region>.amazonaws.com` by DynamoDB's endpoint rule set, not by a
///   `hostPrefix` of the model (which the client applies: Step Functions'
///   `StartSyncExecution` goes to `sync-states`). Given boto3's URL as its endpoint, our
///   request must equal boto3's byte for byte.
/// - An operation whose output is an event stream, which the runtime does not support
///   yet: the crate has no such operation (boto3 sends its request all the same).
/// - An empty URI label: the docs' example of polly `GetLexicon` names the lexicon `''`,
///   and boto3 sends `GET /v1/lexicons/` (the path of `ListLexicons`); our client refuses
///   to send it. The operation's other cases must be equal.
const KNOWN_DIFFERENCES: &[(&str, &str, Difference)] = &[
    (
        "dynamodb",
        "DescribeEndpoints",
        Difference::AddedHeader("x-amz-api-version"),
    ),
    ("dynamodb", "SearchVectors", Difference::HostPrefix),
    (
        "lambda",
        "InvokeWithResponseStream",
        Difference::EventStream,
    ),
    ("logs", "GetLogObject", Difference::EventStream),
    ("logs", "StartLiveTail", Difference::EventStream),
    ("polly", "GetLexicon", Difference::EmptyLabel),
    // IAM: the example's policy document is a string, read against the pages' dict.
    (
        "iam",
        "CreateRole",
        Difference::NoRustExample(0, IAM_POLICY_EXAMPLE),
    ),
    (
        "iam",
        "PutGroupPolicy",
        Difference::NoRustExample(0, IAM_POLICY_EXAMPLE),
    ),
    (
        "iam",
        "PutRolePolicy",
        Difference::NoRustExample(0, IAM_POLICY_EXAMPLE),
    ),
    (
        "iam",
        "PutUserPolicy",
        Difference::NoRustExample(0, IAM_POLICY_EXAMPLE),
    ),
    (
        "iam",
        "UpdateAssumeRolePolicy",
        Difference::NoRustExample(0, IAM_POLICY_EXAMPLE),
    ),
    // EC2: boto3's handlers, not the model.
    (
        "ec2",
        "DescribeNatGateways",
        Difference::NoRustExample(
            0,
            "it passes `Filter`, the member boto3 documents as `Filters`",
        ),
    ),
    (
        "ec2",
        "DescribeScheduledInstanceAvailability",
        Difference::NoRustExample(0, EXAMPLE_DATETIME),
    ),
    (
        "ec2",
        "DescribeSpotFleetRequestHistory",
        Difference::NoRustExample(0, EXAMPLE_DATETIME),
    ),
    (
        "ec2",
        "DescribeSpotPriceHistory",
        Difference::NoRustExample(0, EXAMPLE_DATETIME),
    ),
    (
        "ec2",
        "ModifySpotFleetRequest",
        Difference::NoRustExample(1, "its enum value `NoTermination ` ends in a space"),
    ),
    // S3.
    (
        "s3",
        "GetBucketNotification",
        Difference::NoRustExample(1, "its two examples make the same call, shown once"),
    ),
    (
        "s3",
        "PutBucketWebsite",
        Difference::NoRustExample(
            0,
            "it passes `ContentMD5`, which the pages hide (the recorder leaves it out)",
        ),
    ),
    ("s3", "SelectObjectContent", Difference::EventStream),
];

const IAM_POLICY_EXAMPLE: &str =
    "its policy document, a string, is read against the dict the pages print";
const EXAMPLE_DATETIME: &str = "its example writes a datetime the generator does not read";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Difference {
    HostPrefix,
    AddedHeader(&'static str),
    EventStream,
    EmptyLabel,
    /// A documented example (by its index) the docs show no Rust for, for the reason
    /// given (the generator's `example-not-read`); its request is still checked from
    /// its parameters, and it must still have no Rust.
    NoRustExample(usize, &'static str),
}

/// The known difference of `operation`, if it has one.
fn known_difference(service: &str, operation: &str) -> Option<Difference> {
    KNOWN_DIFFERENCES
        .iter()
        .find(|(s, op, _)| *s == service && (*op == operation || *op == "*"))
        .map(|(_, _, difference)| *difference)
}

/// Defines `send(client_config, operation, params)`: reads `params` (the recorded
/// parameters as JSON) into the input type of `operation` with the runtime's schema JSON
/// reader and sends it with the crate's client.
macro_rules! oracle_dispatch {
    (client: $client:ty, operations: [$(($wire:literal, $op:ty)),* $(,)?]) => {
        pub async fn send(
            config: &::sdk_runtime::Config,
            operation: &str,
            params: &str,
        ) -> ::std::result::Result<(), ::std::string::String> {
            let call = match operation {
                $($wire => super::oracle_fixture::boxed(move || async move {
                    let input: <$op as ::sdk_runtime::protocol::Operation>::Input =
                        super::oracle_fixture::read_json(params)?;
                    <$client>::new(config)
                        .send(input)
                        .await
                        .map(drop)
                        .map_err(|e| format!("the call failed: {e}"))
                }),)*
                other => return Err(format!("no operation `{other}` in the generated crate")),
            };
            call.await
        }

        /// Wire names of every operation of the crate.
        pub const OPERATIONS: &[&str] = &[$($wire),*];
    };
}

mod appstream {
    sdk_appstream::for_each_operation!(oracle_dispatch);
}
mod devicefarm {
    sdk_devicefarm::for_each_operation!(oracle_dispatch);
}
mod dynamodb {
    sdk_dynamodb::for_each_operation!(oracle_dispatch);
}
mod secretsmanager {
    sdk_secretsmanager::for_each_operation!(oracle_dispatch);
}
mod apigateway {
    sdk_apigateway::for_each_operation!(oracle_dispatch);
}
mod lambda {
    sdk_lambda::for_each_operation!(oracle_dispatch);
}
mod logs {
    sdk_logs::for_each_operation!(oracle_dispatch);
}
mod polly {
    sdk_polly::for_each_operation!(oracle_dispatch);
}
mod sqs {
    sdk_sqs::for_each_operation!(oracle_dispatch);
}
mod stepfunctions {
    sdk_stepfunctions::for_each_operation!(oracle_dispatch);
}
mod sts {
    sdk_sts::for_each_operation!(oracle_dispatch);
}
mod sns {
    sdk_sns::for_each_operation!(oracle_dispatch);
}
mod iam {
    sdk_iam::for_each_operation!(oracle_dispatch);
}
mod s3 {
    sdk_s3::for_each_operation!(oracle_dispatch);
}
mod route53 {
    sdk_route53::for_each_operation!(oracle_dispatch);
}
mod cloudformation {
    sdk_cloudformation::for_each_operation!(oracle_dispatch);
}
mod ec2 {
    sdk_ec2::for_each_operation!(oracle_dispatch);
}

/// Sends one recorded case through a crate's client: its body read into the input, or
/// the Rust example the docs show for it.
type Sender = for<'a> fn(
    &'a Config,
    &'a Case,
) -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<(), String>> + 'a>,
>;

/// Sends one case and returns the request our client made. The transport answers
/// `200 {}`, which only the JSON protocols read as an output: the request is what is
/// compared, whatever the client made of that answer.
async fn our_request(
    send: Sender,
    fixture: &Fixture,
    case: &Case,
    endpoint: Option<&str>,
) -> Result<HttpRequest, String> {
    let capture = Capture::default();
    let config = config(fixture, &capture, endpoint);
    let result = send(&config, case).await;
    match capture.take().as_slice() {
        [request] => Ok(request.clone()),
        [] => Err(result.err().unwrap_or_else(|| "no request sent".into())),
        sent => Err(format!("{} requests sent instead of one", sent.len())),
    }
}

/// Every difference between our request and boto3's, except the headers in `skip`.
fn differences(ours: &HttpRequest, recorded: &Recorded, skip: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    if ours.method != recorded.method {
        found.push(format!("method {} vs {}", ours.method, recorded.method));
    }
    if ours.url != recorded.url {
        found.push(format!("URL {} vs {}", ours.url, recorded.url));
    }
    let expected = recorded.body_bytes();
    if ours.body != expected {
        let as_json = |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).ok();
        let what = match (as_json(&ours.body), as_json(&expected)) {
            (Some(mine), Some(theirs)) if mine == theirs => "body bytes",
            (Some(_), Some(_)) => "body as JSON",
            _ => "body",
        };
        found.push(format!(
            "{what}:\n    ours:  {}\n    boto3: {}",
            String::from_utf8_lossy(&ours.body),
            String::from_utf8_lossy(&expected)
        ));
    }
    for (name, value) in &recorded.headers {
        if skip.contains(&name.as_str()) {
            continue;
        }
        let mine = ours.headers.get(name);
        if mine != Some(value.as_str()) {
            found.push(format!(
                "header {name}:\n    ours:  {}\n    boto3: {value}",
                mine.unwrap_or("(none)")
            ));
        }
    }
    // What boto3 sends unsigned (STS `AssumeRoleWithWebIdentity`) must be unsigned.
    for name in ["authorization", "x-amz-date", "x-amz-security-token"] {
        if let (None, Some(mine)) = (recorded.headers.get(name), ours.headers.get(name)) {
            found.push(format!(
                "header {name}:\n    ours:  {mine}\n    boto3: (none)"
            ));
        }
    }
    found
}

/// Checks one case; `Err` says what differs.
async fn check(service: &str, send: Sender, fixture: &Fixture, case: &Case) -> Result<(), String> {
    let recorded = &case.request;
    let ours = our_request(send, fixture, case, None).await;
    let found = match known_difference(service, &case.operation) {
        None | Some(Difference::NoRustExample(..)) => differences(&ours?, recorded, &[]),
        Some(Difference::HostPrefix) => {
            if ours?.url == recorded.url {
                return Err(
                    "boto3's host prefix is no longer a difference: update KNOWN_DIFFERENCES"
                        .into(),
                );
            }
            let origin = recorded.url.trim_end_matches('/');
            differences(
                &our_request(send, fixture, case, Some(origin)).await?,
                recorded,
                &[],
            )
        }
        Some(Difference::AddedHeader(header)) => {
            let mut ours = ours?;
            let Some(value) = recorded.headers.get(header) else {
                return Err(format!(
                    "boto3 no longer sends {header}: update KNOWN_DIFFERENCES"
                ));
            };
            // A member bound to the header (API Gateway's GetExport `accepts`) sets it
            // in both SDKs.
            if ours.headers.get(header) == Some(value.as_str()) {
                return diff_result(differences(&ours, recorded, &[]));
            }
            if ours.headers.contains(header) {
                return Err(format!("we send {header} now: update KNOWN_DIFFERENCES"));
            }
            let mut found = differences(&ours, recorded, &[header, "authorization"]);
            ours.headers.insert(header, value.as_str());
            resign(&mut ours, fixture)?;
            found.extend(differences(&ours, recorded, &[]));
            found
        }
        Some(Difference::EventStream) => {
            return match ours {
                Err(why) if why.starts_with("no operation") => Ok(()),
                _ => Err("the crate has this operation now: update KNOWN_DIFFERENCES".into()),
            };
        }
        Some(Difference::EmptyLabel) => {
            let empty = case
                .params
                .as_ref()
                .and_then(|params| params.as_object())
                .is_some_and(|params| params.values().any(|value| value == ""));
            if !empty {
                differences(&ours?, recorded, &[])
            } else {
                return match ours {
                    Err(why) if why.contains("URI label must be set and not empty") => Ok(()),
                    Err(why) => Err(format!("refused, but not for its empty label: {why}")),
                    Ok(_) => Err("we send an empty label now: update KNOWN_DIFFERENCES".into()),
                };
            }
        }
    };
    diff_result(found)
}

/// `Err` listing the differences, if there are any.
fn diff_result(found: Vec<String>) -> Result<(), String> {
    if found.is_empty() {
        Ok(())
    } else {
        Err(found.join("\n  "))
    }
}

/// Signs `request` again with its headers, for the scope it was signed for.
fn resign(request: &mut HttpRequest, fixture: &Fixture) -> Result<(), String> {
    // `Credential=AKID/20150830/us-west-2/dynamodb/aws4_request, ...`
    let signing_name = request
        .headers
        .get("authorization")
        .and_then(|value| value.split('/').nth(3))
        .map(str::to_owned)
        .ok_or("our request is not signed")?;
    for unsigned in [
        "authorization",
        "amz-sdk-invocation-id",
        "amz-sdk-request",
        "user-agent",
    ] {
        request.headers.remove(unsigned);
    }
    let credentials = Credentials::new(&fixture.access_key_id, &fixture.secret_access_key, None);
    let params = SigningParams {
        credentials: &credentials,
        region: &fixture.region,
        service: &signing_name,
        time: UNIX_EPOCH + Duration::from_secs(ORACLE_TIME),
    };
    sigv4::sign(request, &params).map_err(|e| format!("re-signing failed: {e}"))
}

/// Checks every recorded case of `service`; the failures are listed together.
async fn service(service: &str, send: Sender, operations: &[&str]) {
    let fixture = fixture(service);
    assert_eq!(
        fixture.time, "20150830T123600Z",
        "{service}: the clock moved"
    );
    assert!(!fixture.cases.is_empty(), "{service}: no recorded cases");
    let mut failures = String::new();
    let mut failed = 0;
    let mut equal = 0;
    for case in &fixture.cases {
        match check(service, send, &fixture, case).await {
            Ok(()) => equal += 1,
            Err(why) => {
                failed += 1;
                let _ = writeln!(failures, "{} {}:\n  {why}", case.operation, case.case);
            }
        }
    }
    // Every operation of the crate was recorded at least once (all-members).
    let recorded: std::collections::BTreeSet<&str> =
        fixture.cases.iter().map(|c| c.operation.as_str()).collect();
    let missing: Vec<&&str> = operations
        .iter()
        .filter(|op| !recorded.contains(**op))
        .collect();
    assert!(
        failed == 0 && missing.is_empty(),
        "{service}: {failed} of {} recorded requests differ; operations never recorded: \
         {missing:?}\n{failures}",
        fixture.cases.len()
    );
    eprintln!(
        "{service}: {equal} of {} recorded requests equal",
        fixture.cases.len()
    );
}

macro_rules! oracle_test {
    ($name:ident) => {
        #[tokio::test]
        async fn $name() {
            service(
                stringify!($name),
                |config, case| {
                    Box::pin(async move {
                        $name::send(config, &case.operation, &case.params_text()).await
                    })
                },
                $name::OPERATIONS,
            )
            .await;
        }
    };
}

/// The index of a documented example's case (`example-3`), as the recorder numbers them:
/// in the order of the operation's examples, which is the order of its docs.
fn example_index(case: &Case) -> Option<usize> {
    case.case.strip_prefix("example-")?.parse().ok()
}

/// Checks that the Rust of every example in the docs of `service` (the functions of
/// its `examples` module, from the same tokens as the doctests) sends what boto3 sent
/// for that example, and that every such example was recorded.
async fn service_examples(service: &str, send: Sender, examples: &[(&str, usize)]) {
    let fixture = fixture(service);
    let mut failures = String::new();
    let mut failed = 0;
    let mut checked = 0;
    for case in &fixture.cases {
        let Some(index) = example_index(case) else {
            continue;
        };
        let no_rust = matches!(
            known_difference(service, &case.operation),
            Some(Difference::NoRustExample(example, _)) if example == index
        );
        let has_rust = examples.contains(&(case.operation.as_str(), index));
        if no_rust && has_rust {
            failed += 1;
            let _ = writeln!(
                failures,
                "{} {}: the docs show Rust for it now; update KNOWN_DIFFERENCES",
                case.operation, case.case
            );
            continue;
        }
        if !has_rust {
            if no_rust {
                continue;
            }
            failed += 1;
            let _ = writeln!(
                failures,
                "{} {}: the docs show no Rust for this example",
                case.operation, case.case
            );
            continue;
        }
        checked += 1;
        let result = if known_difference(service, &case.operation).is_some() {
            check(service, send, &fixture, case).await
        } else {
            check_example(send, &fixture, case).await
        };
        if let Err(why) = result {
            failed += 1;
            let _ = writeln!(failures, "{} {}:\n  {why}", case.operation, case.case);
        }
    }
    // Examples boto3 itself refuses (its parameter validation) were not recorded.
    let refused = examples
        .iter()
        .filter(|(operation, index)| {
            let prefix = format!("{operation} example-{index}:");
            fixture.skipped.iter().any(|why| why.starts_with(&prefix))
        })
        .count();
    assert!(
        failed == 0 && checked + refused == examples.len(),
        "{service}: {failed} examples differ or have no Rust; {checked} of the {} Rust \
         examples were recorded, {refused} refused by boto3\n{failures}",
        examples.len()
    );
    eprintln!("{service}: {checked} Rust examples send boto3's requests");
}

/// Checks one example. An idempotency token the example leaves unset is a fresh random
/// UUID in both SDKs; the recorder fixed boto3's to a version-5 UUID. Where ours is a
/// fresh version-4 UUID in the same place of the body (JSON, form or XML alike), it is
/// replaced by the recorded one and the request signed again, so everything else must
/// still be equal byte for byte.
async fn check_example(send: Sender, fixture: &Fixture, case: &Case) -> Result<(), String> {
    let mut ours = our_request(send, fixture, case, None).await?;
    let body = String::from_utf8_lossy(&ours.body).into_owned();
    let (mine, recorded) = (uuids(&body), uuids(&case.request.body));
    let mut filled = body.clone();
    if mine.len() == recorded.len() {
        for (mine, theirs) in mine.iter().zip(&recorded) {
            if uuid_version(theirs) == Some('5') && uuid_version(mine) == Some('4') {
                filled = filled.replacen(mine, theirs, 1);
            }
        }
    }
    if filled != body {
        ours.body = filled.into_bytes();
        resign(&mut ours, fixture)?;
    }
    diff_result(differences(&ours, &case.request, &[]))
}

/// The UUIDs in `text`, in order.
fn uuids(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut at = 0;
    while at + 36 <= text.len() {
        match text.get(at..at + 36) {
            Some(candidate) if uuid_version(candidate).is_some() => {
                found.push(candidate);
                at += 36;
            }
            _ => at += text[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// The version digit of a UUID in its text form, if `text` is one.
fn uuid_version(text: &str) -> Option<char> {
    let groups: Vec<&str> = text.split('-').collect();
    let shaped = groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()));
    shaped.then(|| groups[2].chars().next()).flatten()
}

macro_rules! example_test {
    ($name:ident, $crate_name:ident) => {
        #[tokio::test]
        async fn $name() {
            service_examples(
                stringify!($name),
                |config, case| {
                    Box::pin(async move {
                        let index = example_index(case).ok_or("not an example")?;
                        let client = $crate_name::Client::new(config);
                        $crate_name::examples::send(&client, &case.operation, index)
                            .await
                            .unwrap_or_else(|| Err("no Rust example".into()))
                    })
                },
                $crate_name::examples::ALL,
            )
            .await;
        }
    };
}

oracle_test!(appstream);
oracle_test!(devicefarm);
oracle_test!(dynamodb);
oracle_test!(secretsmanager);
oracle_test!(apigateway);
oracle_test!(lambda);
oracle_test!(logs);
oracle_test!(polly);
oracle_test!(sqs);
oracle_test!(stepfunctions);
oracle_test!(sts);
oracle_test!(sns);
oracle_test!(iam);
oracle_test!(s3);
oracle_test!(route53);
oracle_test!(cloudformation);
oracle_test!(ec2);

mod examples {
    use super::*;
    example_test!(devicefarm, sdk_devicefarm);
    example_test!(dynamodb, sdk_dynamodb);
    example_test!(secretsmanager, sdk_secretsmanager);
    example_test!(apigateway, sdk_apigateway);
    example_test!(lambda, sdk_lambda);
    example_test!(logs, sdk_logs);
    example_test!(polly, sdk_polly);
    example_test!(sqs, sdk_sqs);
    example_test!(stepfunctions, sdk_stepfunctions);
    example_test!(appstream, sdk_appstream);
    example_test!(sts, sdk_sts);
    example_test!(sns, sdk_sns);
    example_test!(iam, sdk_iam);
    example_test!(s3, sdk_s3);
    example_test!(route53, sdk_route53);
    example_test!(cloudformation, sdk_cloudformation);
    example_test!(ec2, sdk_ec2);
}

/// The services with a fixture, each checked by the tests above.
const SERVICES: &[&str] = &[
    "apigateway",
    "appstream",
    "cloudformation",
    "devicefarm",
    "dynamodb",
    "ec2",
    "iam",
    "lambda",
    "logs",
    "polly",
    "route53",
    "s3",
    "secretsmanager",
    "sns",
    "sqs",
    "stepfunctions",
    "sts",
];

#[test]
fn the_fixtures_are_the_seventeen_services() {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/oracle");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir:?}: {e}"))
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    names.sort();
    let expected: Vec<String> = SERVICES.iter().map(|s| format!("{s}.json")).collect();
    assert_eq!(names, expected);
}
