//! S3 uploads (`PutObject`, `UploadPart`, `PutObjectAnnotation`) sent by the generated
//! client exactly as the pinned botocore sends them, for random calls: bodies in
//! memory or read from a file, around the 1 MiB chunk of `aws-chunked`; over HTTPS
//! (the trailing checksum, `Transfer-Encoding: chunked`) and plain HTTP (the checksum in
//! a header); with and without a chosen algorithm, a checksum the caller computed, a
//! `Content-MD5` (which leaves a streamed payload unsigned over HTTPS) and a
//! `Content-Length`; `Expect: 100-continue` where botocore's handlers add it. Method,
//! URL, every header but the user agent and retry bookkeeping, and the body's bytes
//! are compared.
//!
//! Skipped without the pinned botocore (`cargo xtask import-docs` installs it), except
//! under CI.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use sdk_runtime::clock::TimeSource;
use sdk_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use sdk_runtime::wire::ByteStream;
use sdk_s3::{Client, Config, Credentials, RetryConfig};

const KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
/// 2026-11-29T12:34:56Z, as the script freezes botocore's clock.
const TIME: u64 = 1_795_955_696;
/// Headers that are not the API request's own (and are not signed).
const BOOKKEEPING: [&str; 3] = ["user-agent", "amz-sdk-invocation-id", "amz-sdk-request"];

const BOTOCORE: &str = r#"
import base64, datetime, json, sys
import boto3, botocore.auth
from botocore.awsrequest import AWSResponse
from botocore.config import Config
botocore.auth.get_current_datetime = lambda remove_tzinfo=True: datetime.datetime(2026, 11, 29, 12, 34, 56)
out = []
for case in json.load(sys.stdin):
    session = boto3.session.Session(aws_access_key_id='AKIDEXAMPLE',
        aws_secret_access_key='wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region_name='us-west-2')
    client = session.client('s3', endpoint_url=case['endpoint'])
    sent = []
    def capture(request, **kw):
        body = request.body
        if hasattr(body, 'read'):
            body = body.read()
        headers = {k.lower(): v.decode() if isinstance(v, bytes) else v for k, v in request.headers.items()}
        sent.append({'method': request.method, 'url': request.url, 'headers': headers,
                     'body': base64.b64encode(body or b'').decode()})
        return AWSResponse(request.url, 200, {}, None)
    client.meta.events.register('before-send', capture)
    params = dict(case['params'])
    payload = case['payload']
    if case['file']:
        params[payload] = open(case['file'], 'rb')
    else:
        params[payload] = base64.b64decode(case['body'])
    try:
        getattr(client, case['operation'])(**params)
        error = None
    except Exception as e:
        error = f'{type(e).__name__}: {e}'
    out.append(sent[0] if sent else {'error': error})
print(json.dumps(out))
"#;

/// Keeps each request, its streamed body read whole; answers 200 with no body.
#[derive(Clone, Debug, Default)]
struct Recorder(Arc<Mutex<Vec<HttpRequest>>>);

impl HttpClient for Recorder {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.lock().unwrap().push(request);
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

#[derive(Clone, Copy, Debug)]
enum Operation {
    PutObject,
    UploadPart,
    PutObjectAnnotation,
}

/// One random upload.
#[derive(Debug)]
struct Case {
    operation: Operation,
    key: String,
    body: Vec<u8>,
    /// The body is read from this file rather than given in memory.
    file: Option<PathBuf>,
    https: bool,
    algorithm: Option<&'static str>,
    /// A CRC32 the caller computed (any text: it is sent as given).
    crc32: Option<String>,
    content_md5: Option<String>,
    content_length: bool,
}

impl Case {
    fn endpoint(&self) -> Option<&'static str> {
        (!self.https).then_some("http://127.0.0.1:9")
    }

    fn botocore_input(&self) -> serde_json::Value {
        let (operation, payload, mut params) = match self.operation {
            Operation::PutObject => ("put_object", "Body", serde_json::json!({})),
            Operation::UploadPart => (
                "upload_part",
                "Body",
                serde_json::json!({ "PartNumber": 3, "UploadId": "upload-id" }),
            ),
            Operation::PutObjectAnnotation => (
                "put_object_annotation",
                "AnnotationPayload",
                serde_json::json!({ "AnnotationName": "note" }),
            ),
        };
        params["Bucket"] = "bucket-name".into();
        params["Key"] = self.key.as_str().into();
        if let Some(algorithm) = self.algorithm {
            params["ChecksumAlgorithm"] = algorithm.into();
        }
        if let Some(crc32) = &self.crc32 {
            params["ChecksumCRC32"] = crc32.as_str().into();
        }
        if let Some(md5) = &self.content_md5 {
            params["ContentMD5"] = md5.as_str().into();
        }
        if self.content_length {
            params["ContentLength"] = self.body.len().into();
        }
        serde_json::json!({
            "operation": operation,
            "endpoint": self.endpoint(),
            "payload": payload,
            "params": params,
            "body": base64::engine::general_purpose::STANDARD.encode(&self.body),
            "file": self.file.as_ref().map(|path| path.to_string_lossy().into_owned()),
        })
    }

    async fn ours(&self, recorder: &Recorder) -> HttpRequest {
        let mut config = Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new(KEY, SECRET, None))
            .time_source(FixedClock)
            .retry(RetryConfig::disabled())
            .http_client(recorder.clone());
        if let Some(endpoint) = self.endpoint() {
            config = config.endpoint_url(endpoint);
        }
        let client = Client::from_config(config);
        let body = match &self.file {
            Some(path) => ByteStream::from_path(path).unwrap(),
            None => ByteStream::from(self.body.clone()),
        };
        let length = self.content_length.then_some(self.body.len() as i64);
        // The empty answers need not parse: only the request counts.
        let _ = match self.operation {
            Operation::PutObject => {
                let mut call = client.put_object("bucket-name", &self.key).body(body);
                if let Some(algorithm) = self.algorithm {
                    call = call.checksum_algorithm(algorithm);
                }
                if let Some(crc32) = &self.crc32 {
                    call = call.checksum_crc32(crc32);
                }
                if let Some(md5) = &self.content_md5 {
                    call = call.content_md5(md5);
                }
                if let Some(length) = length {
                    call = call.content_length(length);
                }
                call.send().await.map(drop).map_err(drop)
            }
            Operation::UploadPart => {
                let mut call = client
                    .upload_part("bucket-name", &self.key, 3, "upload-id")
                    .body(body);
                if let Some(algorithm) = self.algorithm {
                    call = call.checksum_algorithm(algorithm);
                }
                if let Some(crc32) = &self.crc32 {
                    call = call.checksum_crc32(crc32);
                }
                if let Some(md5) = &self.content_md5 {
                    call = call.content_md5(md5);
                }
                if let Some(length) = length {
                    call = call.content_length(length);
                }
                call.send().await.map(drop).map_err(drop)
            }
            Operation::PutObjectAnnotation => {
                let mut call = client.put_object_annotation("bucket-name", &self.key, "note", body);
                if let Some(algorithm) = self.algorithm {
                    call = call.checksum_algorithm(algorithm);
                }
                if let Some(crc32) = &self.crc32 {
                    call = call.checksum_crc32(crc32);
                }
                if let Some(md5) = &self.content_md5 {
                    call = call.content_md5(md5);
                }
                call.send().await.map(drop).map_err(drop)
            }
        };
        recorder
            .0
            .lock()
            .unwrap()
            .pop()
            .expect("a request was sent")
    }
}

/// The headers of a request as compared: lower-case names, without bookkeeping, and
/// `Content-Length` only where it is signed (botocore's transport adds it otherwise, as
/// ours does).
fn compared_headers<'a>(
    headers: impl Iterator<Item = (&'a str, &'a str)>,
) -> BTreeMap<String, String> {
    let headers: BTreeMap<String, String> = headers
        .map(|(name, value)| (name.to_ascii_lowercase(), value.to_owned()))
        .collect();
    let signed = headers
        .get("authorization")
        .and_then(|value| value.split("SignedHeaders=").nth(1))
        .map(|rest| rest.split(',').next().unwrap_or_default().to_owned())
        .unwrap_or_default();
    headers
        .into_iter()
        .filter(|(name, _)| !BOOKKEEPING.contains(&name.as_str()))
        .filter(|(name, _)| name != "content-length" || signed.split(';').any(|s| s == name))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_are_sent_as_botocore_sends_them() {
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
    let dir = tempfile::tempdir().unwrap();
    let mut cases = Vec::new();
    for i in 0..48 {
        let operation = [
            Operation::PutObject,
            Operation::UploadPart,
            Operation::PutObjectAnnotation,
        ][i % 3];
        // Mostly small; some across the 1 MiB chunk. Never empty: an empty body is an
        // unset one to the generated types, where botocore still adds `Expect`.
        let len = match next(4) {
            0 => 1 + next(2 * 1024 * 1024 + 100),
            _ => 1 + next(3000),
        };
        let body: Vec<u8> = (0..len).map(|_| next(256) as u8).collect();
        let file = (next(3) == 0).then(|| {
            let path = dir.path().join(format!("body-{i}"));
            std::fs::write(&path, &body).unwrap();
            path
        });
        let text = |n: usize, next: &mut dyn FnMut(usize) -> usize| -> String {
            let alphabet = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/";
            (0..n)
                .map(|_| alphabet[next(alphabet.len())] as char)
                .collect()
        };
        let key = format!("dir/{}", text(1 + next(20), &mut next)).replace('+', "-");
        // CRC32C and CRC64NVME need botocore's optional CRT extension.
        let algorithm = [None, Some("CRC32"), Some("SHA1"), Some("SHA256")][next(4)];
        let crc32 = (next(4) == 0).then(|| format!("{}==", text(6, &mut next)));
        let content_md5 = (next(3) == 0).then(|| format!("{}==", text(22, &mut next)));
        let content_length = !matches!(operation, Operation::PutObjectAnnotation) && next(2) == 0;
        cases.push(Case {
            operation,
            key,
            body,
            file,
            https: next(3) != 0,
            algorithm,
            crc32,
            content_md5,
            content_length,
        });
    }
    let input: Vec<serde_json::Value> = cases.iter().map(Case::botocore_input).collect();
    let want = tests::botocore::run(&python, BOTOCORE, &serde_json::Value::Array(input));
    let want = want.as_array().expect("one request per case");
    let recorder = Recorder::default();
    for (case, want) in cases.iter().zip(want) {
        let ours = case.ours(&recorder).await;
        let what = format!(
            "seed {seed}: {:?} of {} bytes{}, https {}, algorithm {:?}, crc32 {:?}, \
             md5 {:?}, length {}",
            case.operation,
            case.body.len(),
            if case.file.is_some() {
                " from a file"
            } else {
                ""
            },
            case.https,
            case.algorithm,
            case.crc32,
            case.content_md5,
            case.content_length
        );
        assert!(
            want.get("error").is_none(),
            "{what}: botocore refused it: {want}"
        );
        assert_eq!(ours.method, want["method"], "{what}");
        assert_eq!(ours.url, want["url"], "{what}");
        let theirs = want["headers"].as_object().unwrap();
        assert_eq!(
            compared_headers(ours.headers.iter()),
            compared_headers(
                theirs
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str().unwrap()))
            ),
            "{what}"
        );
        let body = base64::engine::general_purpose::STANDARD
            .decode(want["body"].as_str().unwrap())
            .unwrap();
        assert!(ours.body == body, "{what}: the bodies differ");
        // Sent chunked, the length is not announced (the transport would otherwise).
        if ours.headers.get("transfer-encoding").is_some() {
            assert_eq!(ours.headers.get("content-length"), None, "{what}");
        }
    }
}
