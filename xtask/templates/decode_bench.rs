//! The app `cargo xtask bench decode` builds (release) and runs: whole calls through our
//! generated clients and the official SDK's, each on an in-memory transport answering
//! one canned response, interleaved round by round in this one process on one thread.
//!
//! Arguments: rounds, milliseconds per side per round, and optionally the cases to run
//! (names separated by commas; all by default). Output, one record a line,
//! tab-separated, for the xtask to report on:
//! `body <case> <bytes>` once per case, then
//! `round <case> <ours|official> <calls> <wall ns> <cpu ns>` per round and side.

use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::Bytes;
use sdk_runtime::http::{BoxFuture, Headers, HttpClient, HttpRequest, HttpResponse};
use sdk_runtime::TransportError;

/// Answers every request with one response. The body is copied into fresh memory per
/// call, as a real transport reads it off the socket into a buffer of its own (ours
/// hands the client a `Vec<u8>`); the official double does the same, so both sides
/// pay one copy and one free of the body per call.
#[derive(Debug)]
struct Canned {
    content_type: &'static str,
    body: Bytes,
}

impl HttpClient for Canned {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let mut headers = Headers::new();
        headers.insert("content-type", self.content_type);
        headers.insert("x-amzn-requestid", "bench");
        let body = self.body.to_vec();
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                headers,
                body,
            })
        })
    }
}

fn ours_config(content_type: &'static str, body: &Bytes) -> sdk_runtime::Config {
    sdk_runtime::Config::builder()
        .region("us-east-1")
        .credentials(sdk_runtime::Credentials::new("AKIDEXAMPLE", "secret", None))
        .http_client(Canned {
            content_type,
            body: body.clone(),
        })
        .build()
}

/// The official SDK's test double (`aws-smithy-http-client`, feature `test-util`),
/// answering with a fresh copy of the body per call as [`Canned`] does (handing out the
/// shared `Bytes` would spare this side the copy and the free of a large buffer that
/// a real response costs every client).
fn official_http(
    content_type: &'static str,
    body: &Bytes,
) -> aws_sdk_dynamodb::config::SharedHttpClient {
    let body = body.clone();
    aws_smithy_http_client::test_util::infallible_client_fn(move |_| {
        http::Response::builder()
            .status(200)
            .header("content-type", content_type)
            .header("x-amzn-requestid", "bench")
            .body(body.to_vec())
            .unwrap()
    })
}

/// A `Scan` page of `n` items of about 1 KB each: strings, numbers, binary, the three
/// sets, booleans, nulls and nested maps and lists.
fn scan_body(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id": {{"S": "item-{i:06}"}}, "price": {{"N": "{}.{:03}"}}, "blob": {{"B": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}}, "tags": {{"SS": ["red", "green", "blue", "caf\u00e9"]}}, "scores": {{"NS": ["1", "2.5", "-3e10"]}}, "bins": {{"BS": ["AQID", "BAUG"]}}, "ok": {{"BOOL": true}}, "gone": {{"NULL": true}}, "text": {{"S": "{}"}}, "nested": {{"M": {{"name": {{"S": "n{i}"}}, "count": {{"N": "{i}"}}, "list": {{"L": [{{"S": "a"}}, {{"N": "1"}}, {{"M": {{"deep": {{"M": {{"x": {{"S": "y"}}, "z": {{"L": [{{"BOOL": false}}, {{"NULL": true}}]}}}}}}}}}}]}}, "when": {{"S": "2024-01-01T00:00:00Z"}}}}}}}}"#,
                i * 7,
                i % 1000,
                "lorem ipsum dolor sit amet ".repeat(16),
            )
        })
        .collect();
    format!(
        r#"{{"Items": [{}], "Count": {n}, "ScannedCount": {n}, "LastEvaluatedKey": {{"id": {{"S": "item-{n:06}"}}}}}}"#,
        items.join(", ")
    )
}

/// A `ListFunctions` page of `n` functions with the members Lambda returns for a
/// function in a VPC with layers, environment variables and logging settings.
#[cfg(feature = "lambda")]
fn list_functions_body(n: usize) -> String {
    let functions: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"FunctionName": "function-{i}", "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:function-{i}", "Runtime": "python3.12", "Role": "arn:aws:iam::123456789012:role/service-role/function-{i}-role", "Handler": "app.handler", "CodeSize": {}, "Description": "Function number {i}, which handles the orders of the shop", "Timeout": 30, "MemorySize": 512, "LastModified": "2024-05-0{}T12:34:56.789+0000", "CodeSha256": "Ta0yPBZ4iYR8HqUTIK7qnrCsy1lgqtqqJkPYSeEwzzw=", "Version": "$LATEST", "VpcConfig": {{"SubnetIds": ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"], "SecurityGroupIds": ["sg-0123456789abcdef0"], "VpcId": "vpc-0123456789abcdef0", "Ipv6AllowedForDualStack": false}}, "Environment": {{"Variables": {{"TABLE": "orders-{i}", "STAGE": "prod", "LOG_LEVEL": "info"}}}}, "TracingConfig": {{"Mode": "Active"}}, "RevisionId": "4f5e6d7c-{i:04}-4b3a-9f8e-7d6c5b4a3f2e", "Layers": [{{"Arn": "arn:aws:lambda:us-east-1:123456789012:layer:shared:{i}", "CodeSize": 10240}}], "PackageType": "Zip", "Architectures": ["arm64"], "EphemeralStorage": {{"Size": 512}}, "SnapStart": {{"ApplyOn": "None", "OptimizationStatus": "Off"}}, "LoggingConfig": {{"LogFormat": "JSON", "ApplicationLogLevel": "INFO", "SystemLogLevel": "WARN", "LogGroup": "/aws/lambda/function-{i}"}}}}"#,
                1000 + i * 37,
                i % 9 + 1,
            )
        })
        .collect();
    format!(
        r#"{{"NextMarker": "function-{n}", "Functions": [{}]}}"#,
        functions.join(", ")
    )
}

const LIST_TABLES: &str =
    r#"{"LastEvaluatedTableName": "orders", "TableNames": ["customers", "orders"]}"#;
const AWS_JSON: &str = "application/x-amz-json-1.0";

/// One case: a call on each side returning how many items it read.
struct Case {
    name: &'static str,
    body_len: usize,
    ours: Box<dyn Fn() -> BoxFuture<'static, usize>>,
    official: Box<dyn Fn() -> BoxFuture<'static, usize>>,
}

fn official_dynamodb(body: &Bytes) -> aws_sdk_dynamodb::Client {
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
        .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            None,
            None,
            "bench",
        ))
        .http_client(official_http(AWS_JSON, body))
        .build();
    aws_sdk_dynamodb::Client::from_conf(config)
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();

    let body = Bytes::from(scan_body(1_000));
    let ours = sdk_dynamodb::Client::new(&ours_config(AWS_JSON, &body));
    let official = official_dynamodb(&body);
    cases.push(Case {
        name: "dynamodb-scan-1mb",
        body_len: body.len(),
        ours: Box::new(move || {
            let client = ours.clone();
            Box::pin(async move {
                let out = client.scan("orders").send().await.expect("our Scan");
                out.items.as_deref().map_or(0, <[_]>::len)
            })
        }),
        official: Box::new(move || {
            let client = official.clone();
            Box::pin(async move {
                let out = client.scan().table_name("orders").send().await;
                out.expect("official Scan").items().len()
            })
        }),
    });

    let body = Bytes::from_static(LIST_TABLES.as_bytes());
    let ours = sdk_dynamodb::Client::new(&ours_config(AWS_JSON, &body));
    let official = official_dynamodb(&body);
    cases.push(Case {
        name: "dynamodb-list-tables-tiny",
        body_len: body.len(),
        ours: Box::new(move || {
            let client = ours.clone();
            Box::pin(async move {
                let out = client.list_tables().send().await.expect("our ListTables");
                out.table_names.as_deref().map_or(0, <[_]>::len)
            })
        }),
        official: Box::new(move || {
            let client = official.clone();
            Box::pin(async move {
                let out = client.list_tables().send().await;
                out.expect("official ListTables").table_names().len()
            })
        }),
    });

    #[cfg(feature = "lambda")]
    {
        let body = Bytes::from(list_functions_body(50));
        let ours = sdk_lambda::Client::new(&ours_config("application/json", &body));
        let config = aws_sdk_lambda::Config::builder()
            .behavior_version(aws_sdk_lambda::config::BehaviorVersion::latest())
            .region(aws_sdk_lambda::config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_lambda::config::Credentials::new(
                "AKIDEXAMPLE",
                "secret",
                None,
                None,
                "bench",
            ))
            .http_client(official_http("application/json", &body))
            .build();
        let official = aws_sdk_lambda::Client::from_conf(config);
        cases.push(Case {
            name: "lambda-list-functions-50",
            body_len: body.len(),
            ours: Box::new(move || {
                let client = ours.clone();
                Box::pin(async move {
                    let out = client.list_functions().send().await;
                    let out = out.expect("our ListFunctions");
                    out.functions.as_deref().map_or(0, <[_]>::len)
                })
            }),
            official: Box::new(move || {
                let client = official.clone();
                Box::pin(async move {
                    let out = client.list_functions().send().await;
                    out.expect("official ListFunctions").functions().len()
                })
            }),
        });
    }
    cases
}

/// CPU time of this process (every thread), in nanoseconds.
fn cpu_ns() -> u64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to write.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "clock_gettime");
    t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
}

/// Calls `call` for about `time`: how many calls, wall and CPU nanoseconds.
async fn round(call: &dyn Fn() -> BoxFuture<'static, usize>, time: Duration) -> (u64, u128, u64) {
    let (start, cpu) = (Instant::now(), cpu_ns());
    let mut calls = 0u64;
    while start.elapsed() < time {
        black_box(call().await);
        calls += 1;
    }
    (calls, start.elapsed().as_nanos(), cpu_ns() - cpu)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(7);
    let millis: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(500);
    let only: Option<Vec<String>> = args
        .next()
        .map(|a| a.split(',').map(str::to_owned).collect());
    let time = Duration::from_millis(millis);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let cases = cases().into_iter().filter(|case| {
            only.as_ref()
                .is_none_or(|names| names.iter().any(|n| n == case.name))
        });
        for case in cases {
            // Both sides read the same number of items before anything is timed.
            let (ours, official) = ((case.ours)().await, (case.official)().await);
            assert_eq!(ours, official, "{}: items read", case.name);
            assert!(ours > 0, "{}: nothing read", case.name);
            println!("body\t{}\t{}", case.name, case.body_len);
            // A warm-up round each, not reported; then rounds alternating which side
            // goes first, so that drift in the machine's load falls on both.
            round(&*case.ours, time / 2).await;
            round(&*case.official, time / 2).await;
            for r in 0..rounds {
                let order = if r % 2 == 0 {
                    [("ours", &case.ours), ("official", &case.official)]
                } else {
                    [("official", &case.official), ("ours", &case.ours)]
                };
                for (side, call) in order {
                    let (calls, wall, cpu) = round(&**call, time).await;
                    println!("round\t{}\t{side}\t{calls}\t{wall}\t{cpu}", case.name);
                }
            }
        }
    });
}
