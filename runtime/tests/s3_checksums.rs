//! Request checksums (header or aws-chunked trailer) and response validation, as the
//! pinned botocore sends and checks them.

mod s3_shared;

use s3_shared::*;
use sdk_runtime::checksum::{ChecksumAlgorithm, ChecksumWhen};
use sdk_runtime::http::HttpRequest;
use sdk_runtime::wire::ByteStream;
use sdk_runtime::Handle;

const HTTP: &str = "http://127.0.0.1:5000";

async fn put(
    endpoint: Option<&str>,
    input: PutObjectInput,
    config_fn: impl FnOnce(sdk_runtime::ConfigBuilder) -> sdk_runtime::ConfigBuilder,
) -> HttpRequest {
    let recorder = Recorder::default();
    let mut config = config("us-west-2", &recorder, None);
    if let Some(endpoint) = endpoint {
        config = config.endpoint_url(endpoint);
    }
    let handle = Handle::new(&config_fn(config).build(), &S3);
    handle.send::<PutObject>(&input).await.unwrap();
    recorder.take().pop().unwrap()
}

fn object(body: ByteStream, algorithm: Option<&str>) -> PutObjectInput {
    PutObjectInput {
        bucket: "my-bucket".into(),
        key: "k".into(),
        body: Some(body),
        checksum_algorithm: algorithm.map(str::to_owned),
        ..Default::default()
    }
}

/// What botocore 1.44.5 sent for `put_object(Body=b'hello')`.
#[tokio::test]
async fn put_object_gets_crc32_in_a_trailer_over_https_and_a_header_over_http() {
    let request = put(
        None,
        object(ByteStream::from_bytes(&b"hello"[..]), None),
        |c| c,
    )
    .await;
    let header = |name: &str| request.headers.get(name).map(str::to_owned);
    assert_eq!(header("content-encoding").as_deref(), Some("aws-chunked"));
    assert_eq!(
        header("x-amz-trailer").as_deref(),
        Some("x-amz-checksum-crc32")
    );
    assert_eq!(header("x-amz-decoded-content-length").as_deref(), Some("5"));
    assert_eq!(
        header("x-amz-sdk-checksum-algorithm").as_deref(),
        Some("CRC32")
    );
    assert_eq!(
        header("x-amz-content-sha256").as_deref(),
        Some("STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    );
    assert_eq!(
        request.body,
        b"5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n"
    );

    let request = put(
        Some(HTTP),
        object(ByteStream::from_bytes(&b"hello"[..]), None),
        |c| c,
    )
    .await;
    assert_eq!(
        request.headers.get("x-amz-checksum-crc32"),
        Some("NhCmhg==")
    );
    assert_eq!(
        request.headers.get("x-amz-sdk-checksum-algorithm"),
        Some("CRC32")
    );
    assert_eq!(
        request.headers.get("x-amz-content-sha256"),
        Some("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
    );
    assert_eq!(request.body, b"hello");
}

#[tokio::test]
async fn the_chosen_algorithm_the_callers_header_and_when_required() {
    for (name, header, value) in [
        (
            "SHA256",
            "x-amz-checksum-sha256",
            "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=",
        ),
        (
            "SHA1",
            "x-amz-checksum-sha1",
            "qvTGHdzF6KLavt4PO0gs2a6pQ00=",
        ),
        // CRC values from a bit-by-bit reference of the CRC catalogue polynomials.
        ("crc32c", "x-amz-checksum-crc32c", "mnG7TA=="),
        ("CRC64NVME", "x-amz-checksum-crc64nvme", "M3eFcAZSQlc="),
    ] {
        let request = put(
            Some(HTTP),
            object(ByteStream::from_bytes(&b"hello"[..]), Some(name)),
            |c| c,
        )
        .await;
        assert_eq!(request.headers.get(header), Some(value), "{name}");
        assert_eq!(request.headers.get("x-amz-checksum-crc32"), None);
    }
    let recorder = Recorder::default();
    let handle = Handle::new(&config("us-west-2", &recorder, None).build(), &S3);
    let error = handle
        .send::<PutObject>(&object(ByteStream::from_bytes(&b"hello"[..]), Some("MD5")))
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("unsupported checksum algorithm"),
        "{error}"
    );
    assert!(recorder.take().is_empty());

    // A checksum the caller computed is sent as it is.
    let mut given = object(ByteStream::from_bytes(&b"hello"[..]), None);
    given.content_md5 = Some("XUFAKrxLKna5cZ2REBfFkg==".into());
    let request = put(Some(HTTP), given, |c| c).await;
    assert_eq!(
        request.headers.get("x-amz-checksum-crc32"),
        Some("NhCmhg==")
    );
    assert_eq!(
        request.headers.get("content-md5"),
        Some("XUFAKrxLKna5cZ2REBfFkg==")
    );

    let request = put(
        None,
        object(ByteStream::from_bytes(&b"hello"[..]), None),
        |c| c.request_checksum_calculation(ChecksumWhen::WhenRequired),
    )
    .await;
    assert_eq!(request.body, b"hello");
    for name in [
        "x-amz-sdk-checksum-algorithm",
        "x-amz-trailer",
        "content-encoding",
    ] {
        assert_eq!(request.headers.get(name), None, "{name}");
    }
}

/// A file is streamed aws-chunked over HTTPS (never read whole), and read once more
/// for its checksum header over HTTP.
#[tokio::test]
async fn files_are_chunked_over_https_and_read_twice_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("object");
    let data: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &data).unwrap();
    let crc = sdk_runtime::checksum::checksum_base64(ChecksumAlgorithm::Crc32, &data);

    let request = put(
        None,
        object(ByteStream::from_path(&path).unwrap(), None),
        |c| c,
    )
    .await;
    assert_eq!(
        request.headers.get("x-amz-decoded-content-length"),
        Some("300000")
    );
    let (decoded, trailer) = decode_aws_chunked(&request.body);
    assert_eq!(decoded, data);
    assert_eq!(trailer, format!("x-amz-checksum-crc32:{crc}"));

    let request = put(
        Some(HTTP),
        object(ByteStream::from_path(&path).unwrap(), None),
        |c| c,
    )
    .await;
    assert_eq!(
        request.headers.get("x-amz-checksum-crc32"),
        Some(crc.as_str())
    );
    assert_eq!(request.body, data);
    // Its payload hash, taken in the same read, is the one of the same bytes in memory.
    let from_memory = put(
        Some(HTTP),
        object(ByteStream::from(data.clone()), None),
        |c| c,
    )
    .await;
    let hash = |r: &HttpRequest| r.headers.get("x-amz-content-sha256").map(str::to_owned);
    assert_eq!(hash(&request), hash(&from_memory));
    assert_eq!(
        request.headers.get("authorization"),
        from_memory.headers.get("authorization")
    );
}

/// The data and the trailer line of an aws-chunked body.
fn decode_aws_chunked(mut body: &[u8]) -> (Vec<u8>, String) {
    let mut data = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&body[..line_end]).unwrap(), 16).unwrap();
        body = &body[line_end + 2..];
        if size == 0 {
            let text = std::str::from_utf8(body).unwrap();
            let trailer = text.strip_suffix("\r\n\r\n").unwrap();
            return (data, trailer.to_owned());
        }
        data.extend_from_slice(&body[..size]);
        assert_eq!(&body[size..size + 2], b"\r\n");
        body = &body[size + 2..];
    }
}

#[tokio::test]
async fn get_object_asks_for_checksums_and_checks_the_body_as_it_is_read() {
    let recorder = Recorder::default();
    let handle = Handle::new(&config("us-west-2", &recorder, None).build(), &S3);
    let input = GetObjectInput {
        bucket: "my-bucket".into(),
        key: "k".into(),
        ..Default::default()
    };
    recorder.answer_with(&[("x-amz-checksum-crc32", "NhCmhg==")], b"hello");
    let output = handle.send::<GetObject>(&input).await.unwrap();
    assert_eq!(output.body.collect(1 << 20).await.unwrap(), &b"hello"[..]);
    let sent = recorder.take().pop().unwrap();
    assert_eq!(sent.headers.get("x-amz-checksum-mode"), Some("ENABLED"));

    // A body that does not match fails at its end; CRC32C is preferred over CRC32.
    recorder.answer_with(
        &[
            ("x-amz-checksum-crc32", "NhCmhg=="),
            ("x-amz-checksum-crc32c", "AAAAAA=="),
        ],
        b"hello",
    );
    let output = handle.send::<GetObject>(&input).await.unwrap();
    let error = output.body.collect(1 << 20).await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("x-amz-checksum-crc32c is AAAAAA=="),
        "{error}"
    );
    recorder.answer_with(&[("x-amz-checksum-crc32", "NhCmhg==")], b"hellO");
    let output = handle.send::<GetObject>(&input).await.unwrap();
    assert!(output.body.collect(1 << 20).await.is_err());

    // A multipart object's checksum of checksums is not checked.
    recorder.answer_with(&[("x-amz-checksum-crc32", "AAAAAA==-2")], b"hello");
    let output = handle.send::<GetObject>(&input).await.unwrap();
    assert_eq!(output.body.collect(1 << 20).await.unwrap(), &b"hello"[..]);

    // Without validation asked, none is done.
    let config = config("us-west-2", &recorder, None)
        .response_checksum_validation(ChecksumWhen::WhenRequired)
        .build();
    let handle = Handle::new(&config, &S3);
    recorder.answer_with(&[("x-amz-checksum-crc32", "AAAAAA==")], b"hello");
    recorder.take();
    let output = handle.send::<GetObject>(&input).await.unwrap();
    assert_eq!(output.body.collect(1 << 20).await.unwrap(), &b"hello"[..]);
    assert_eq!(recorder.take()[0].headers.get("x-amz-checksum-mode"), None);
}

/// `put_object` through the pinned botocore and through ours, same clock and
/// credentials: the same signature, checksum headers and body bytes.
#[tokio::test]
async fn put_object_requests_equal_botocores() {
    let Some(python) = botocore_python() else {
        eprintln!("skipped: the pinned botocore is not installed (cargo xtask import-docs)");
        return;
    };
    let big: String = (0..1_500_000u32)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let cases = serde_json::json!([
        [null, "hello", null, "when_supported"],
        ["http://127.0.0.1:5000", "hello", null, "when_supported"],
        [null, "", null, "when_supported"],
        [null, big, null, "when_supported"],
        ["http://127.0.0.1:5000", "hello", "SHA256", "when_supported"],
        [null, "hello", "SHA1", "when_supported"],
        [null, "hello", null, "when_required"],
        ["http://127.0.0.1:5000", "hello", null, "when_required"],
    ]);
    let script = r#"
import json, sys, datetime, base64
import boto3, botocore.auth
from botocore.config import Config
from botocore.awsrequest import AWSResponse
botocore.auth.get_current_datetime = lambda remove_tzinfo=True: datetime.datetime(2026, 11, 29, 12, 34, 56)
out = []
for endpoint, body, algorithm, when in json.load(sys.stdin):
    session = boto3.session.Session(aws_access_key_id='AKIDEXAMPLE',
        aws_secret_access_key='wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region_name='us-west-2')
    client = session.client('s3', endpoint_url=endpoint,
        config=Config(request_checksum_calculation=when))
    sent = []
    def capture(request, **kw):
        sent.append(request)
        return AWSResponse(request.url, 200, {}, None)
    client.meta.events.register('before-send', capture)
    params = {'Bucket': 'my-bucket', 'Key': 'k', 'Body': body.encode()}
    if algorithm:
        params['ChecksumAlgorithm'] = algorithm
    try:
        client.put_object(**params)
    except Exception:
        pass
    request = sent[-1]
    data = request.body
    if hasattr(data, 'read'):
        data = data.read()
    headers = {k.lower(): (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}
    out.append({'url': request.url, 'headers': headers, 'body': base64.b64encode(data or b'').decode()})
print(json.dumps(out))
"#;
    let want = run_python(&python, script, &cases);
    use base64::Engine as _;
    for (case, want) in cases
        .as_array()
        .unwrap()
        .iter()
        .zip(want.as_array().unwrap())
    {
        let endpoint = case[0].as_str();
        let body = case[1].as_str().unwrap().as_bytes().to_vec();
        let when = match case[3].as_str().unwrap() {
            "when_required" => ChecksumWhen::WhenRequired,
            _ => ChecksumWhen::WhenSupported,
        };
        let request = put(
            endpoint,
            object(ByteStream::from(body), case[2].as_str()),
            |c| c.request_checksum_calculation(when),
        )
        .await;
        let context = format!(
            "{endpoint:?} {} {:?} {when:?}",
            case[1].as_str().unwrap().len(),
            case[2]
        );
        assert_eq!(want["url"], request.url.as_str(), "{context}");
        let want_body = base64::engine::general_purpose::STANDARD
            .decode(want["body"].as_str().unwrap())
            .unwrap();
        assert!(want_body == request.body, "{context}: the bodies differ");
        let headers = want["headers"].as_object().unwrap();
        for name in [
            "authorization",
            "x-amz-content-sha256",
            "x-amz-checksum-crc32",
            "x-amz-checksum-sha256",
            "x-amz-checksum-sha1",
            "x-amz-sdk-checksum-algorithm",
            "x-amz-trailer",
            "x-amz-decoded-content-length",
            "content-encoding",
        ] {
            assert_eq!(
                headers.get(name).and_then(|v| v.as_str()),
                request.headers.get(name),
                "{context}: {name}"
            );
        }
    }
}
