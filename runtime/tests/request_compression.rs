//! Request compression through the client: an operation that accepts gzip sends a large
//! body gzipped, signed as sent; small bodies and a disabled setting go as written. And
//! on random inputs, the same decisions and headers as the pinned botocore's
//! `maybe_compress_request`.

#![cfg(feature = "request-compression")] // Without it nothing is compressed.

#[path = "pinned/mod.rs"]
mod pinned;

use std::borrow::Cow;
use std::fmt;
use std::io::{Read as _, Write as _};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use sdk_runtime::clock::FixedClock;
use sdk_runtime::compression::{compress_request, RequestCompression};
use sdk_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use sdk_runtime::protocol::{
    HttpRequestParts, Operation, RequestError, ServiceFailure, ServiceSpec,
};
use sdk_runtime::schema::{
    prelude, Location, Member, MemberTraits, MemberWriter, OperationSchema, Protocol, ReadError,
    ReadValue, Schema, ShapeKind, ShapeTraits, ValueReader, WriteError, WriteStruct,
};
use sdk_runtime::sigv4::{self, SigningParams};
use sdk_runtime::{CallError, Config, ConfigBuilder, Credentials, Handle, RetryConfig};

static SPEC: ServiceSpec = ServiceSpec {
    service_id: "Metrics",
    signing_name: "monitoring",
    endpoint_prefix: "monitoring",
    target_prefix: "GraniteServiceVersion20100801",
    json_version: "1.0",
    api_version: "2010-08-01",
    protocol: Protocol::AwsJson1_0,
    query_compatible: false,
    default_headers: &[],
};

static INPUT: Schema = Schema {
    name: "PutMetricDataInput",
    kind: ShapeKind::Structure,
    members: &[Member {
        name: "Data",
        target: &prelude::STRING,
        location: Location::Body,
        traits: MemberTraits::NONE,
    }],
    traits: ShapeTraits::NONE,
};

static OUTPUT: Schema = Schema {
    name: "PutMetricDataOutput",
    kind: ShapeKind::Structure,
    members: &[],
    traits: ShapeTraits::NONE,
};

struct PutMetricData;

impl Operation for PutMetricData {
    const SCHEMA: &'static OperationSchema = &OperationSchema {
        name: "PutMetricData",
        input: &INPUT,
        output: &OUTPUT,
        http: None,
        request_compression: &["gzip"],
        checksum: sdk_runtime::schema::HttpChecksum::NONE,
    };
    const SERVICE: &'static ServiceSpec = &SPEC;
    type Input = Input;
    type Output = Output;
    type Error = Error;
}

struct Input(String);

impl WriteStruct for Input {
    fn schema(&self) -> &'static Schema {
        &INPUT
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        w.member(0, &self.0)
    }
}

#[derive(Debug)]
struct Output;

impl ReadValue for Output {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        r.structure(&OUTPUT, &mut |_, _| Ok(()))?;
        Ok(Output)
    }
}

impl sdk_runtime::request_id::SetRequestId for Output {
    fn set_request_id(&mut self, _: Option<&str>) {}
}

#[derive(Debug)]
struct Error(CallError);

impl From<CallError> for Error {
    fn from(error: CallError) -> Self {
        Self(error)
    }
}

impl From<ServiceFailure> for Error {
    fn from(failure: ServiceFailure) -> Self {
        Self(failure.into())
    }
}

impl From<RequestError> for Error {
    fn from(error: RequestError) -> Self {
        Self(error.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for Error {}

/// Keeps every request and answers `{}`.
#[derive(Clone, Debug, Default)]
struct Recorder(Arc<Mutex<Vec<HttpRequest>>>);

impl HttpClient for Recorder {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.lock().unwrap().push(request);
        Box::pin(async {
            Ok(HttpResponse {
                status: 200,
                headers: Default::default(),
                body: b"{}".to_vec(),
            })
        })
    }
}

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn now() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

fn builder(recorder: &Recorder) -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", SECRET, None))
        .time_source(FixedClock(now()))
        .retry(RetryConfig::disabled())
        .http_client(recorder.clone())
}

/// Sends `PutMetricData` with `data` and returns the request that went out.
async fn sent(config: ConfigBuilder, recorder: &Recorder, data: &str) -> HttpRequest {
    let handle = Handle::new(&config.build(), &SPEC);
    handle
        .send::<PutMetricData>(&Input(data.to_owned()))
        .await
        .unwrap();
    recorder
        .0
        .lock()
        .unwrap()
        .pop()
        .expect("a request was sent")
}

/// The JSON body `data` is written as (as boto3 writes it, a space after the colon).
fn json(data: &str) -> Vec<u8> {
    format!(r#"{{"Data": "{data}"}}"#).into_bytes()
}

fn gunzip(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(body)
        .read_to_end(&mut out)
        .expect("a gzip body");
    out
}

/// The `Authorization` the client would compute for `request` with `body`: the headers
/// the client adds after signing are taken off, and the request signed again.
fn signature_over(request: &HttpRequest, body: Vec<u8>) -> String {
    let mut again = request.clone();
    again.body = body;
    again.headers.remove("amz-sdk-invocation-id");
    again.headers.remove("amz-sdk-request");
    let credentials = Credentials::new("AKIDEXAMPLE", SECRET, None);
    let params = SigningParams {
        credentials: &credentials,
        region: "us-east-1",
        service: "monitoring",
        time: now(),
    };
    sigv4::sign(&mut again, &params).unwrap();
    again.headers.get("authorization").unwrap().to_owned()
}

#[tokio::test]
async fn a_large_body_is_sent_gzipped_and_the_signature_covers_the_gzipped_bytes() {
    let recorder = Recorder::default();
    let data = "metric=1;".repeat(2_000);
    let request = sent(builder(&recorder), &recorder, &data).await;
    assert_eq!(request.headers.get("content-encoding"), Some("gzip"));
    assert!(request.body.len() < 1_000, "{} bytes", request.body.len());
    assert!(
        gunzip(&request.body) == json(&data),
        "gunzips to the JSON written"
    );

    let authorization = request.headers.get("authorization").unwrap();
    assert_eq!(
        authorization,
        signature_over(&request, request.body.clone()),
        "signed as sent"
    );
    assert_ne!(
        authorization,
        signature_over(&request, json(&data)),
        "not signed over the uncompressed body"
    );
}

#[tokio::test]
async fn small_bodies_and_disabled_compression_go_as_written() {
    let recorder = Recorder::default();
    // One byte under the default 10240 bytes.
    let data = "x".repeat(10_240 - json("").len() - 1);
    let request = sent(builder(&recorder), &recorder, &data).await;
    assert_eq!(request.headers.get("content-encoding"), None);
    assert!(request.body == json(&data), "sent as written");
    // At 10240 bytes it is compressed.
    let data = format!("{data}x");
    let request = sent(builder(&recorder), &recorder, &data).await;
    assert_eq!(request.headers.get("content-encoding"), Some("gzip"));

    let large = "metric=1;".repeat(2_000);
    let disabled = builder(&recorder).disable_request_compression(true);
    let request = sent(disabled, &recorder, &large).await;
    assert_eq!(request.headers.get("content-encoding"), None);
    assert!(request.body == json(&large), "sent as written");

    let from_zero = builder(&recorder).request_min_compression_size_bytes(0);
    let request = sent(from_zero, &recorder, "tiny").await;
    assert_eq!(request.headers.get("content-encoding"), Some("gzip"));
    assert_eq!(gunzip(&request.body), json("tiny"));
}

/// Runs each case through botocore's `maybe_compress_request` and answers, per case,
/// the `Content-Encoding` after it and the body, gunzipped where it was compressed.
const BOTOCORE: &str = r#"
import gzip, json, sys
from botocore.compress import maybe_compress_request
from botocore.config import Config

class Op:
    has_streaming_input = False
    def __init__(self, encodings):
        self.request_compression = {"encodings": encodings} if encodings else None

out = []
for case in json.load(sys.stdin):
    config = Config(
        disable_request_compression=case["disabled"],
        request_min_compression_size_bytes=case["min"],
    )
    body = bytes.fromhex(case["body"])
    headers = {"Content-Encoding": case["encoding"]} if case["encoding"] is not None else {}
    request = {"body": body, "headers": headers}
    maybe_compress_request(config, request, Op(case["encodings"]))
    compressed = request["body"] is not body
    sent = gzip.decompress(request["body"]) if compressed else request["body"]
    out.append({
        "compressed": compressed,
        "encoding": request["headers"].get("Content-Encoding"),
        "body": sent.hex(),
    })
json.dump(out, sys.stdout)
"#;

/// One random case: settings, the operation's encodings, a body and the
/// `Content-Encoding` the protocol wrote.
struct Case {
    settings: RequestCompression,
    encodings: &'static [&'static str],
    body: Vec<u8>,
    encoding: Option<&'static str>,
}

fn random_cases(count: usize) -> Vec<Case> {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |below: u64| {
        // xorshift64*: reproducible without a dependency.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d) % below
    };
    let encodings: [&'static [&'static str]; 4] = [&["gzip"], &["br", "gzip"], &["br"], &[]];
    let existing = [None, Some("custom"), Some("br"), Some("identity")];
    (0..count)
        .map(|_| {
            let min = match next(4) {
                0 => 0,
                1 => next(64) as u32,
                2 => 10_240,
                _ => next(20_000) as u32,
            };
            // Around the threshold most of the time, anywhere otherwise.
            let len = match next(3) {
                0 => next(30_000),
                _ => (u64::from(min) + next(5)).saturating_sub(2),
            };
            let alphabet = 1 + next(255);
            Case {
                settings: RequestCompression {
                    disabled: next(5) == 0,
                    min_size_bytes: min,
                },
                encodings: encodings[next(4) as usize],
                body: (0..len).map(|_| next(alphabet) as u8).collect(),
                encoding: existing[next(4) as usize],
            }
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn random_bodies_and_settings_are_compressed_as_botocore_compresses_them() {
    let Some(python) = pinned::python() else {
        eprintln!("skipped: the pinned botocore is not installed (cargo xtask import-docs)");
        return;
    };
    let cases = random_cases(400);
    let input: Vec<serde_json::Value> = cases
        .iter()
        .map(|case| {
            serde_json::json!({
                "disabled": case.settings.disabled,
                "min": case.settings.min_size_bytes,
                "encodings": case.encodings,
                "body": hex(&case.body),
                "encoding": case.encoding,
            })
        })
        .collect();
    let mut child = Command::new(&python)
        .args(["-c", BOTOCORE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&serde_json::to_vec(&input).unwrap())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "botocore failed");
    let theirs: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(theirs.len(), cases.len());

    let mut compressed = 0;
    for (i, (case, theirs)) in cases.iter().zip(&theirs).enumerate() {
        let mut parts = HttpRequestParts {
            method: "POST",
            path: "/".to_owned(),
            headers: case
                .encoding
                .map(|e| (Cow::Borrowed("Content-Encoding"), e.to_owned()))
                .into_iter()
                .collect(),
            body: case.body.clone(),
            host_prefix: None,
        };
        let applied = compress_request(&mut parts, case.encodings, case.settings).is_some();
        let encoding = parts
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-encoding"))
            .map(|(_, v)| v.as_str());
        let sent = if applied {
            gunzip(&parts.body)
        } else {
            parts.body.clone()
        };
        let shown = format!(
            "case {i}: {} bytes, {:?}, encodings {:?}, Content-Encoding {:?}",
            case.body.len(),
            case.settings,
            case.encodings,
            case.encoding
        );
        assert_eq!(Some(applied), theirs["compressed"].as_bool(), "{shown}");
        assert_eq!(encoding, theirs["encoding"].as_str(), "{shown}");
        assert!(
            hex(&sent) == theirs["body"].as_str().unwrap_or_default(),
            "{shown}: the body differs"
        );
        compressed += usize::from(applied);
    }
    // Both outcomes are exercised.
    assert!((50..350).contains(&compressed), "{compressed} compressed");
}
