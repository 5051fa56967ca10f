//! Numbers read from a response keep their value, and are sent back as boto3 would
//! send them: a response parsed into generated output types and serialized again gives
//! the same text.
//!
//! DeviceFarm `ListRuns` answers from memory with runs whose members are doubles
//! (`deviceMinutes`, `location`) and timestamps (`created`, `started`, `stopped`). The
//! response is written the way boto3 writes JSON (Python's `json.dumps`: `", "`,
//! `": "`, floats as `repr`), so the output serialized with the client's request writer
//! must give it back byte for byte.
//!
//! What "unchanged" cannot mean: a number not in Python's `repr` form (`1E5`, `0.10`,
//! `100` in a double member) is a value, not a text; it is sent back in its `repr` form,
//! as boto3 sends it (boto3 keeps an integer an integer; the double member holds
//! `100.0`, which the service reads as the same number). A timestamp is a time, read to
//! the microsecond as boto3 reads it into a `datetime`, and sent as boto3 sends that
//! `datetime`: whole seconds as an integer, so `253402300799.0` comes back as
//! `253402300799`, the same time. [`REWRITTEN`] and [`REWRITTEN_TIMES`] list such cases.

use sdk_devicefarm::operation::list_runs::ListRunsOutput;
use sdk_devicefarm::types::Run;
use sdk_runtime::codec::json::{self, JsonOptions};
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

/// Timestamps boto3 sends back as they came (checked with botocore): to the
/// microsecond, whole seconds as integers, both ends of the years 1 to 9999.
const TIMES: &[&str] = &[
    "1.003691",
    "1700000000.123",
    "-1.5",
    "1e-06",
    "253402300799.99997",
    "-62135596800",
    "1420070400",
    "253402300799",
    "0",
];

/// Timestamps boto3 sends back otherwise, with what it sends (botocore's parser, then
/// its serializer).
const REWRITTEN_TIMES: &[(&str, &str)] = &[
    ("253402300799.0", "253402300799"),
    ("1.0036909999999999", "1.003691"),
    ("1.123456789", "1.123457"),
    ("1e9", "1000000000"),
    ("1700000000.1230", "1700000000.123"),
    ("-0.0", "0"),
    ("5e-324", "0"),
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

/// A `ListRuns` response with one run per five doubles and three timestamps (`0.0` and
/// `0` where either list runs out), members in documented order.
fn response(doubles: &[&str], times: &[&str]) -> String {
    let runs = doubles.len().div_ceil(5).max(times.len().div_ceil(3));
    let runs: Vec<String> = (0..runs)
        .map(|n| {
            let double = |i: usize| doubles.get(n * 5 + i).copied().unwrap_or("0.0");
            let time = |i: usize| times.get(n * 3 + i).copied().unwrap_or("0");
            format!(
                r#"{{"arn": "run-{n}", "created": {}, "started": {}, "stopped": {}, "deviceMinutes": {{"total": {}, "metered": {}, "unmetered": {}}}, "location": {{"latitude": {}, "longitude": {}}}}}"#,
                time(0),
                time(1),
                time(2),
                double(0),
                double(1),
                double(2),
                double(3),
                double(4)
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

/// `output` written by the JSON codec the client writes request bodies with.
fn written(output: &ListRunsOutput) -> String {
    let body = json::write_struct(output, JsonOptions::default()).unwrap();
    String::from_utf8(body).unwrap()
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

/// The timestamps of `run` in the order [`response`] writes them, as seconds and
/// nanoseconds.
fn times(run: &Run) -> Vec<(i64, u32)> {
    [&run.created, &run.started, &run.stopped]
        .into_iter()
        .map(|time| time.map(|t| (t.secs(), t.subsec_nanos())).unwrap())
        .collect()
}

#[tokio::test]
async fn doubles_and_timestamps_read_exactly_and_are_sent_back_unchanged() {
    let body = response(DOUBLES, TIMES);
    let output = list_runs(body.clone()).await;
    let runs = output.runs.as_deref().unwrap();
    let read: Vec<f64> = runs.iter().flat_map(doubles).collect();
    // The same values as Rust's own (correctly rounded) parsing, sign of zero included.
    for (text, value) in DOUBLES.iter().zip(&read) {
        let expected: f64 = text.parse().unwrap();
        assert_eq!(
            value.to_bits(),
            expected.to_bits(),
            "{text} read as {value:e}"
        );
    }
    // The times boto3 reads (botocore: the datetime's seconds and microseconds).
    let read: Vec<(i64, u32)> = runs.iter().flat_map(times).take(TIMES.len()).collect();
    assert_eq!(
        read,
        [
            (1, 3_691_000),
            (1_700_000_000, 123_000_000),
            (-2, 500_000_000),
            (0, 1_000),
            (253_402_300_799, 999_969_000),
            (-62_135_596_800, 0),
            (1_420_070_400, 0),
            (253_402_300_799, 0),
            (0, 0),
        ]
    );
    assert_eq!(written(&output), body);
}

#[tokio::test]
async fn other_spellings_are_sent_back_as_boto3_sends_them() {
    let (doubles, resent_doubles): (Vec<&str>, Vec<&str>) = REWRITTEN.iter().copied().unzip();
    let (times, resent_times): (Vec<&str>, Vec<&str>) = REWRITTEN_TIMES.iter().copied().unzip();
    let output = list_runs(response(&doubles, &times)).await;
    assert_eq!(written(&output), response(&resent_doubles, &resent_times));
}
