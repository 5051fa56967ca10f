//! Request compression through the client: an operation that accepts gzip sends a large
//! body gzipped, signed as sent; small bodies and a disabled setting go as written.

#![cfg(feature = "request-compression")] // Without it nothing is compressed.

use std::fmt;
use std::io::Read as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use sdk_runtime::clock::FixedClock;
use sdk_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use sdk_runtime::protocol::{Operation, RequestError, ServiceFailure, ServiceSpec};
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
