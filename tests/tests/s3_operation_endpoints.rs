//! The S3 operations its endpoint rules single out, sent by the generated client as the
//! pinned botocore sends them: `ListDirectoryBuckets` to `s3express-control`, signed as
//! `s3express`; `WriteGetObjectResponse` to `{RequestRoute}.s3-object-lambda`, signed
//! as `s3-object-lambda`; `GetBucketLocation` always path-style. Random regions of
//! each partition, request routes, buckets, addressing styles and endpoints: the same
//! URL and `Authorization` header as botocore's.
//!
//! Skipped without the pinned botocore (`cargo xtask import-docs` installs it;
//! `BOTOCORE_PYTHON` names another Python that has it), except under CI.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sdk_runtime::clock::TimeSource;
use sdk_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use sdk_runtime::s3::AddressingStyle;
use sdk_s3::{Client, Config, Credentials, RetryConfig};

const KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
/// 2026-11-29T12:34:56Z, as the script freezes botocore's clock.
const TIME: u64 = 1_795_955_696;

/// Keeps the URL and `Authorization` of each request; answers 200 with no body.
#[derive(Clone, Debug, Default)]
struct Recorder(Arc<Mutex<Vec<(String, String)>>>);

impl HttpClient for Recorder {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let authorization = request.headers.get("authorization").unwrap_or_default();
        (self.0.lock().unwrap()).push((request.url.clone(), authorization.to_owned()));
        Box::pin(async {
            Ok(HttpResponse {
                status: 200,
                headers: Default::default(),
                body: Vec::new(),
            })
        })
    }
}

#[derive(Debug)]
struct FixedClock;

impl TimeSource for FixedClock {
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(TIME)
    }
}

const BOTOCORE: &str = r#"
import json, sys, datetime
import boto3, botocore.auth
from botocore.awsrequest import AWSResponse
from botocore.config import Config
botocore.auth.get_current_datetime = lambda remove_tzinfo=True: datetime.datetime(2026, 11, 29, 12, 34, 56)
out = []
for case in json.load(sys.stdin):
    session = boto3.session.Session(aws_access_key_id='AKIDEXAMPLE',
        aws_secret_access_key='wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region_name=case['region'])
    client = session.client('s3', endpoint_url=case['endpoint'],
        config=Config(s3={'addressing_style': case['style']}))
    sent = []
    client.meta.events.register('before-send', lambda request, **kw: sent.append(request) or AWSResponse(request.url, 200, {}, None))
    try:
        getattr(client, case['operation'])(**case['params'])
    except Exception:
        pass
    out.append([sent[0].url, sent[0].headers['Authorization'].decode()])
print(json.dumps(out))
"#;

fn botocore(python: &Path, cases: &serde_json::Value) -> Vec<(String, String)> {
    serde_json::from_value(tests::botocore::run(python, BOTOCORE, cases)).unwrap()
}

/// One random call: what botocore is given, and the same call sent by our client.
struct Case {
    region: String,
    endpoint: Option<&'static str>,
    style: AddressingStyle,
    call: Call,
}

enum Call {
    ListDirectoryBuckets,
    WriteGetObjectResponse { route: String, token: String },
    GetBucketLocation { bucket: String },
}

impl Case {
    fn botocore_input(&self) -> serde_json::Value {
        let (operation, params) = match &self.call {
            Call::ListDirectoryBuckets => ("list_directory_buckets", serde_json::json!({})),
            Call::WriteGetObjectResponse { route, token } => (
                "write_get_object_response",
                serde_json::json!({ "RequestRoute": route, "RequestToken": token }),
            ),
            Call::GetBucketLocation { bucket } => (
                "get_bucket_location",
                serde_json::json!({ "Bucket": bucket }),
            ),
        };
        let style = match self.style {
            AddressingStyle::Auto => "auto",
            AddressingStyle::Virtual => "virtual",
            AddressingStyle::Path => "path",
        };
        serde_json::json!({
            "region": self.region, "endpoint": self.endpoint, "style": style,
            "operation": operation, "params": params,
        })
    }

    async fn ours(&self, recorder: &Recorder) -> (String, String) {
        let mut config = Config::builder()
            .region(self.region.as_str())
            .credentials(Credentials::new(KEY, SECRET, None))
            .time_source(FixedClock)
            .retry(RetryConfig::disabled())
            .s3_addressing_style(self.style)
            .http_client(recorder.clone());
        if let Some(endpoint) = self.endpoint {
            config = config.endpoint_url(endpoint);
        }
        let client = Client::from_config(config);
        // The empty answers need not parse: only the request counts.
        match &self.call {
            Call::ListDirectoryBuckets => {
                let _ = client.list_directory_buckets().send().await;
            }
            Call::WriteGetObjectResponse { route, token } => {
                let _ = client.write_get_object_response(route, token).send().await;
            }
            Call::GetBucketLocation { bucket } => {
                let _ = client.get_bucket_location(bucket).send().await;
            }
        }
        recorder
            .0
            .lock()
            .unwrap()
            .pop()
            .expect("a request was sent")
    }
}

#[tokio::test]
async fn operations_sent_elsewhere_go_where_botocore_sends_them() {
    let Some(python) = tests::botocore::pinned_python() else {
        return;
    };
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut state = seed;
    let mut next = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    let mut word = |alphabet: &[u8], min: usize, max: usize| -> String {
        let len = min + next(max - min + 1);
        let mut text: String = (0..len)
            .map(|_| alphabet[next(alphabet.len())] as char)
            .collect();
        // Host labels and bucket names end in a letter or digit.
        text.push(alphabet[next(26)] as char);
        text
    };
    let mut cases = Vec::new();
    for i in 0..120 {
        let partition = ["us", "eu", "ap", "sa", "cn", "us-gov"][i % 6];
        let region = match i % 13 {
            0 => "us-east-1".to_owned(),
            _ => format!(
                "{partition}-{}-{}",
                word(b"abcdefghijklmnopqrstuvwxyz", 2, 8),
                i % 9 + 1
            ),
        };
        let endpoint = [None, None, Some("http://localhost:5000")][i % 3];
        let style = [
            AddressingStyle::Auto,
            AddressingStyle::Virtual,
            AddressingStyle::Path,
        ][i % 7 % 3];
        let label = b"abcdefghijklmnopqrstuvwxyz0123456789-";
        let call = match i % 3 {
            0 => Call::ListDirectoryBuckets,
            1 => Call::WriteGetObjectResponse {
                route: word(label, 0, 30),
                token: word(
                    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=",
                    1,
                    40,
                ),
            },
            _ => Call::GetBucketLocation {
                bucket: word(b"abcdefghijklmnopqrstuvwxyz0123456789-.", 2, 50),
            },
        };
        cases.push(Case {
            region,
            endpoint,
            style,
            call,
        });
    }
    let input: Vec<serde_json::Value> = cases.iter().map(Case::botocore_input).collect();
    let want = botocore(&python, &serde_json::Value::Array(input.clone()));
    let recorder = Recorder::default();
    for ((case, want), input) in cases.iter().zip(want).zip(input) {
        let ours = case.ours(&recorder).await;
        assert_eq!(ours, want, "seed {seed}: {input}");
    }
}
