//! Numbers read from a response keep their value, and are sent back as boto3 would
//! send them: a response parsed into generated output types and serialized again gives
//! the same text.
//!
//! DeviceFarm `ListRuns` answers from memory with runs whose members are doubles
//! (`deviceMinutes`, `location`). The response is written the way boto3 writes JSON
//! (Python's `json.dumps`: `", "`, `": "`, floats as `repr`), so the output serialized
//! with the client's request writer must give it back byte for byte.
//!
//! What "unchanged" cannot mean: a number not in Python's `repr` form (`1E5`, `0.10`,
//! `100` in a double member) is a value, not a text; it is sent back in its `repr` form,
//! as boto3 sends it (boto3 keeps an integer an integer; the double member holds
//! `100.0`, which the service reads as the same number). [`REWRITTEN`] lists them.

use sdk_devicefarm::operation::list_runs::ListRunsOutput;
use sdk_devicefarm::types::Run;
use sdk_runtime::http::{BoxFuture, Headers, HttpClient, HttpRequest, HttpResponse};
use sdk_runtime::{Config, Credentials, TransportError};

/// Doubles that Python's `repr` writes exactly so (checked with Python): the extremes,
/// subnormals, signed zeros, 17 significant digits, and halfway cases of the shortest
/// form, where `repr` takes the even last digit.
const DOUBLES: &[&str] = &[
    "5e-324",
    "-5e-324",
    "2.225073858507201e-308",
    "2.2250738585072014e-308",
    "-2.5e-308",
    "1e+308",
    "1.7976931348623157e+308",
    "-1.7976931348623157e+308",
    "-0.0",
    "0.0",
    "0.1",
    "0.30000000000000004",
    "1.2345678901234567",
    "-9.876543210987653e-05",
    "1e+16",
    "1e-07",
    "123456789012345.67",
    "215881532994.45312",
    "253402157825.95312",
    "2.675",
];

/// Numbers boto3 does not send back as they came, with what it sends (Python's
/// `json.dumps(json.loads(text))`).
const REWRITTEN: &[(&str, &str)] = &[
    ("1E5", "100000.0"),
    ("0.10", "0.1"),
    ("1.0e-7", "1e-07"),
    ("-0.000", "-0.0"),
    ("-9.876543210987654e-05", "-9.876543210987653e-05"),
    ("100", "100.0"),
];

/// Answers every request with one response body.
#[derive(Debug)]
struct Answer(String);

impl HttpClient for Answer {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let body = self.0.clone().into_bytes();
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                headers: Headers::new(),
                body,
            })
        })
    }
}

/// A `ListRuns` response with one run per five numbers, members in documented order.
fn response(numbers: &[&str]) -> String {
    let runs: Vec<String> = numbers
        .chunks(5)
        .enumerate()
        .map(|(n, five)| {
            let at = |i: usize| five.get(i).copied().unwrap_or("0.0");
            format!(
                r#"{{"arn": "run-{n}", "deviceMinutes": {{"total": {}, "metered": {}, "unmetered": {}}}, "location": {{"latitude": {}, "longitude": {}}}}}"#,
                at(0),
                at(1),
                at(2),
                at(3),
                at(4)
            )
        })
        .collect();
    format!(r#"{{"runs": [{}]}}"#, runs.join(", "))
}

/// `body` read through the generated client.
async fn list_runs(body: String) -> ListRunsOutput {
    let config = Config::builder()
        .region("us-west-2")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .http_client(Answer(body))
        .build();
    sdk_devicefarm::Client::new(&config)
        .list_runs("arn:aws:devicefarm:us-west-2:123456789012:project:EXAMPLE")
        .send()
        .await
        .expect("the response reads")
}

/// `output` written as the client writes request bodies.
fn written(output: &ListRunsOutput) -> String {
    let spec = <sdk_devicefarm::operation::list_runs::ListRuns as sdk_runtime::protocol::Operation>::SERVICE;
    let parts = sdk_runtime::protocol::json::request(spec, "ListRuns", output).unwrap();
    String::from_utf8(parts.body).unwrap()
}

/// The doubles of `run` in the order [`response`] writes them.
fn doubles(run: &Run) -> Vec<f64> {
    let minutes = run.device_minutes.as_ref().unwrap();
    let location = run.location.as_ref().unwrap();
    vec![
        minutes.total.unwrap(),
        minutes.metered.unwrap(),
        minutes.unmetered.unwrap(),
        location.latitude,
        location.longitude,
    ]
}

#[tokio::test]
async fn doubles_read_exactly_and_are_sent_back_unchanged() {
    let body = response(DOUBLES);
    let output = list_runs(body.clone()).await;
    let read: Vec<f64> = output.runs.iter().flatten().flat_map(doubles).collect();
    // The same values as Rust's own (correctly rounded) parsing, sign of zero included.
    for (text, value) in DOUBLES.iter().zip(&read) {
        let expected: f64 = text.parse().unwrap();
        assert_eq!(
            value.to_bits(),
            expected.to_bits(),
            "{text} read as {value:e}"
        );
    }
    assert_eq!(written(&output), body);
}

#[tokio::test]
async fn other_spellings_are_sent_back_as_boto3_sends_them() {
    let (sent, resent): (Vec<&str>, Vec<&str>) = REWRITTEN.iter().copied().unzip();
    let output = list_runs(response(&sent)).await;
    assert_eq!(written(&output), response(&resent));
}
