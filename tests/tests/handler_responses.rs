//! Responses botocore's handlers change after parsing, read by the generated clients as
//! the pinned botocore's client hands them over, for random responses answered from
//! memory to both: EC2 `GetConsoleOutput`'s `Output`, base64-decoded
//! (`decode_console_output`); S3's `Expires` header, kept as text in `ExpiresString` and
//! read as a timestamp only where it parses as one (`handle_expires_header`).
//!
//! Skipped without the pinned botocore (`cargo xtask import-docs` installs it), except
//! under CI.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use sdk_runtime::http::{
    BoxFuture, Headers, HttpClient, HttpRequest, HttpResponse, TransportError,
};

/// Answers every request with one response.
#[derive(Clone, Debug)]
struct Answer {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl HttpClient for Answer {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let mut headers = Headers::new();
        for (name, value) in &self.headers {
            headers.append(name, value);
        }
        let response = HttpResponse {
            status: 200,
            headers,
            body: self.body.clone(),
        };
        Box::pin(async { Ok(response) })
    }
}

/// A xorshift generator seeded from the clock; the seed is printed with any failure.
struct Random(u64);

impl Random {
    fn new() -> (Self, u64) {
        let seed = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
            | 1;
        (Self(seed), seed)
    }

    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.below(256) as u8).collect()
    }
}

/// `text` escaped for an XML element's content; a carriage return as a reference, so
/// that no parser normalizes it away.
fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\r', "&#13;")
}

const CLIENT: &str = r#"
import io, json, sys
import boto3, botocore.awsrequest
class Raw:
    def __init__(self, body):
        self._body = io.BytesIO(body)
    def stream(self, **_):
        yield self._body.read()
    def read(self, amt=None, **_):
        return self._body.read(amt)
def answering(service):
    """A client of `service` answering each call from memory with the (headers, body)
    last put in the list returned beside it."""
    client = boto3.session.Session(aws_access_key_id='a', aws_secret_access_key='b',
                                   region_name='us-east-1').client(service)
    answer = []
    def send(request, **_):
        headers, body = answer[-1]
        return botocore.awsrequest.AWSResponse(request.url, 200, headers, Raw(body))
    client.meta.events.register('before-send', send)
    return client, answer
"#;

/// A console output the service might send: base64 of random bytes (invalid UTF-8
/// too), with line breaks and spaces inside, with padding missing, doubled, or in the
/// middle, text that is no base64 at all (some of it beyond Latin-1), or nothing.
fn console_output(random: &mut Random) -> String {
    let encode = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let n = random.below(40);
    let short = random.below(5);
    let mut text = match random.below(8) {
        0 => String::new(),
        1 => {
            let chars = [
                'a', 'Z', '=', ' ', '\n', 'é', 'Ā', '€', '😀', '+', '/', '-', '_', '\r',
            ];
            (0..n).map(|_| random.pick(&chars)).collect()
        }
        2 => encode(&random.bytes(n)).trim_end_matches('=').to_owned(),
        3 => format!(
            "{}{}{}",
            encode(&random.bytes(n)),
            random.pick(&["=", "==", "=x", "A", "AB=", "!"]),
            encode(&random.bytes(short))
        ),
        4 => encode(random.pick::<&[u8]>(&[b"boot: ok\r\nlogin: ", "héllo ✓".as_bytes()])),
        _ => encode(&random.bytes(n)),
    };
    // Line breaks and other characters outside the alphabet, which the decoder drops.
    for _ in 0..random.below(4) {
        let at = random.below(text.len() + 1);
        if text.is_char_boundary(at) {
            text.insert_str(at, random.pick(&["\n", " ", "\t", "\r\n", "*", "é"]));
        }
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ec2_console_output_is_read_as_botocore_decodes_it() {
    let Some(python) = tests::botocore::pinned_python() else {
        return;
    };
    let (mut random, seed) = Random::new();
    let outputs: Vec<String> = (0..2000).map(|_| console_output(&mut random)).collect();
    let bodies: Vec<String> = outputs
        .iter()
        .map(|output| {
            format!(
                "<GetConsoleOutputResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\
                 <requestId>r-1</requestId><instanceId>i-1</instanceId>\
                 <timestamp>2026-11-30T08:00:00.000Z</timestamp>\
                 <output>{}</output></GetConsoleOutputResponse>",
                xml_escape(output)
            )
        })
        .collect();
    let script = format!(
        "{CLIENT}
ec2, answer = answering('ec2')
out = []
for body in json.load(sys.stdin):
    answer.append(({{}}, body.encode()))
    out.append(ec2.get_console_output(InstanceId='i-1').get('Output'))
print(json.dumps(out))
"
    );
    let want = tests::botocore::run(&python, &script, &serde_json::json!(bodies));
    let want = want.as_array().expect("one output per response");
    for ((output, body), want) in outputs.iter().zip(&bodies).zip(want) {
        let client = sdk_ec2::Client::from_config(
            sdk_ec2::Config::builder()
                .region("us-east-1")
                .credentials(sdk_ec2::Credentials::new("a", "b", None))
                .http_client(Answer {
                    headers: Vec::new(),
                    body: body.clone().into_bytes(),
                }),
        );
        let ours = client.get_console_output("i-1").send().await;
        let ours = ours.unwrap_or_else(|e| panic!("seed {seed}: {output:?}: {e}"));
        assert_eq!(
            ours.output.as_deref(),
            want.as_str(),
            "seed {seed}: the console output {output:?}"
        );
    }
}

/// An `Expires` header a client might have stored: an HTTP date in each of its three
/// forms, ISO 8601 (with an offset, a fraction, no zone, a date alone), epoch seconds,
/// text that is no date, or nothing.
fn expires(random: &mut Random) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const LONG_DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    // 1901 to 2099, whole seconds; its civil fields from days since 1970.
    let secs = random.below(6_250_000_000) as i64 - 2_150_000_000;
    let (days, of_day) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let weekday = (days + 3).rem_euclid(7) as usize;
    let (hour, minute, second) = (of_day / 3600, of_day / 60 % 60, of_day % 60);
    let month_name = MONTHS[month as usize - 1];
    let clock = format!("{hour:02}:{minute:02}:{second:02}");
    let date = format!("{year:04}-{month:02}-{day:02}");
    match random.below(12) {
        0 => format!(
            "{}, {day:02} {month_name} {year} {clock} GMT",
            DAYS[weekday]
        ),
        1 => format!(
            "{}, {day:02}-{month_name}-{:02} {clock} GMT",
            LONG_DAYS[weekday],
            year % 100
        ),
        2 => format!("{} {month_name} {day:>2} {clock} {year}", DAYS[weekday]),
        3 => format!("{date}T{clock}Z"),
        4 => {
            let digits = 1 + random.below(9);
            let fraction: String = (0..digits)
                .map(|_| char::from(b'0' + random.below(10) as u8))
                .collect();
            let sign = random.pick(&['+', '-']);
            let (h, m) = (random.below(24), random.below(60));
            format!("{date}T{clock}.{fraction}{sign}{h:02}:{m:02}")
        }
        5 => format!("{date}T{clock}"),
        6 => date,
        7 => secs.to_string(),
        8 => format!("{secs}.{}", random.below(1000)),
        9 => String::new(),
        _ => {
            let words = ["garbage", "not a date", "soon", "never", "xyz", "q", "-"];
            format!(
                "{}{}",
                random.pick(&words),
                random.pick(&["", "!", "?#", "_x"])
            )
        }
    }
}

/// What a call's output holds: its `Expires` as seconds and microseconds, and its
/// `ExpiresString`; or that the call failed.
#[derive(Debug, PartialEq)]
enum Read {
    Output {
        expires: Option<(i64, u32)>,
        string: Option<String>,
    },
    Failed,
}

impl Read {
    fn ours(expires: Option<sdk_s3::DateTime>, string: Option<String>) -> Self {
        Read::Output {
            expires: expires.map(|t| (t.secs(), t.subsec_nanos() / 1000)),
            string,
        }
    }

    fn botocore(answer: &serde_json::Value) -> Self {
        if answer.get("error").is_some() {
            return Read::Failed;
        }
        let expires = answer["expires"].as_array().map(|pair| {
            let secs = pair[0].as_i64().unwrap();
            (secs, pair[1].as_u64().unwrap() as u32)
        });
        Read::Output {
            expires,
            string: answer["string"].as_str().map(str::to_owned),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_expires_headers_are_read_as_botocore_reads_them() {
    let Some(python) = tests::botocore::pinned_python() else {
        return;
    };
    let (mut random, seed) = Random::new();
    let values: Vec<String> = (0..1000).map(|_| expires(&mut random)).collect();
    // A naive datetime (no zone in the text) is UTC, as botocore sends one.
    let script = format!(
        "{CLIENT}
import datetime
s3, answer = answering('s3')
epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
def read(call):
    try:
        out = call(Bucket='bucket', Key='key')
    except Exception as e:
        return {{'error': f'{{type(e).__name__}}: {{e}}'}}
    expires = out.get('Expires')
    if expires is not None:
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=datetime.timezone.utc)
        since = expires - epoch
        expires = [since.days * 86400 + since.seconds, since.microseconds]
    return {{'expires': expires, 'string': out.get('ExpiresString')}}
out = []
for value in json.load(sys.stdin):
    answer.append(({{'Expires': value}}, b''))
    out.append([read(s3.head_object), read(s3.get_object)])
print(json.dumps(out))
"
    );
    let want = tests::botocore::run(&python, &script, &serde_json::json!(values));
    let want = want.as_array().expect("two outputs per header");
    let mut differ = Vec::new();
    for (value, want) in values.iter().zip(want) {
        let client = sdk_s3::Client::from_config(
            sdk_s3::Config::builder()
                .region("us-east-1")
                .credentials(sdk_s3::Credentials::new("a", "b", None))
                .http_client(Answer {
                    headers: vec![("Expires".to_owned(), value.clone())],
                    body: Vec::new(),
                }),
        );
        let head = match client.head_object("bucket", "key").send().await {
            Ok(out) => Read::ours(out.expires, out.expires_string),
            Err(_) => Read::Failed,
        };
        let get = match client.get_object("bucket", "key").send().await {
            Ok(out) => Read::ours(out.expires, out.expires_string),
            Err(_) => Read::Failed,
        };
        for (operation, ours, want) in
            [("HeadObject", head, &want[0]), ("GetObject", get, &want[1])]
        {
            let want = Read::botocore(want);
            if ours != want {
                differ.push(format!(
                    "{operation}, Expires {value:?}: ours {ours:?}, botocore {want:?}"
                ));
            }
        }
    }
    assert!(
        differ.is_empty(),
        "seed {seed}: {} of {} calls differ:\n{}",
        differ.len(),
        2 * values.len(),
        differ[..differ.len().min(20)].join("\n")
    );
}
