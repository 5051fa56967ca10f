//! Responses botocore's handlers change after parsing, read by the generated clients as
//! the pinned botocore's client hands them over, for random responses answered from
//! memory to both: EC2 `GetConsoleOutput`'s `Output`, base64-decoded
//! (`decode_console_output`).
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
