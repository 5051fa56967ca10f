//! S3 end to end: the generated restXml client against a moto server.
//!
//! Needs `MOTO_SERVER` (set by `cargo xtask test`). moto listens on 127.0.0.1, an IP
//! address, where a bucket cannot be a subdomain: the client addresses it in the path,
//! as the AWS SDKs do for such an endpoint.

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::Duration;

use futures_util::TryStreamExt as _;
use sdk_s3::operation::get_object::GetObjectError;
use sdk_s3::operation::head_object::HeadObjectError;
use sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
use sdk_s3::{Client, Config, Credentials};
use tests::moto::MotoServer;

fn client(server: &MotoServer) -> Client {
    Client::from_config(
        Config::builder()
            .endpoint_url(server.endpoint())
            .region("us-east-1")
            .credentials(Credentials::new("testing", "testing", None)),
    )
}

fn metadata(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[tokio::test]
async fn objects_are_put_read_listed_and_deleted_with_their_metadata() {
    let server = MotoServer::start();
    let client = client(&server);
    client
        .create_bucket("photos")
        .send()
        .await
        .expect("create bucket");

    // A body, a content type and user metadata (x-amz-meta-* headers).
    let body = b"hello, object".to_vec();
    let put = client
        .put_object("photos", "2024/a b+c.txt")
        .body(body.clone())
        .content_type("text/plain")
        .metadata(metadata(&[("owner", "ana"), ("camera", "x100")]))
        .send()
        .await
        .expect("put object");
    let etag = put.e_tag.expect("an ETag");
    assert!(etag.starts_with('"'), "ETags are quoted: {etag}");

    // HEAD: the headers only.
    let head = client
        .head_object("photos", "2024/a b+c.txt")
        .send()
        .await
        .expect("head object");
    assert_eq!(head.content_length, Some(body.len() as i64));
    assert_eq!(head.content_type.as_deref(), Some("text/plain"));
    assert_eq!(head.e_tag.as_deref(), Some(etag.as_str()));
    assert_eq!(
        head.metadata,
        Some(metadata(&[("owner", "ana"), ("camera", "x100")]))
    );
    assert!(head.last_modified.is_some());

    // GET: the same headers and the body as a stream.
    let got = client
        .get_object("photos", "2024/a b+c.txt")
        .send()
        .await
        .expect("get object");
    assert_eq!(got.e_tag.as_deref(), Some(etag.as_str()));
    assert_eq!(
        got.metadata
            .as_ref()
            .and_then(|m| m.get("owner"))
            .map(String::as_str),
        Some("ana")
    );
    assert_eq!(
        got.body.collect(1 << 20).await.expect("read body").to_vec(),
        body
    );

    // A range: the header in, 206 and the part out.
    let part = client
        .get_object("photos", "2024/a b+c.txt")
        .range("bytes=0-4")
        .send()
        .await
        .expect("get a range");
    assert_eq!(part.content_range.as_deref(), Some("bytes 0-4/13"));
    assert_eq!(
        &part.body.collect(1 << 20).await.expect("read range")[..],
        b"hello"
    );

    // Seven more keys; listed two per page by the ListObjectsV2 paginator, which follows
    // the continuation tokens.
    for i in 0..7 {
        client
            .put_object("photos", format!("2025/{i}.jpg"))
            .body(vec![b'x'; i])
            .send()
            .await
            .expect("put");
    }
    let pages: Vec<_> = client
        .list_objects_v2("photos")
        .into_paginator()
        .page_size(2)
        .try_collect()
        .await
        .expect("list pages");
    assert_eq!(pages.len(), 4, "8 keys, 2 per page");
    assert!(pages[..3].iter().all(|p| p.is_truncated == Some(true)));
    let keys: Vec<String> = client
        .list_objects_v2("photos")
        .into_paginator()
        .page_size(3)
        .items()
        .map_ok(|object| object.key.expect("a key"))
        .try_collect()
        .await
        .expect("list items");
    let mut expected = vec!["2024/a b+c.txt".to_owned()];
    expected.extend((0..7).map(|i| format!("2025/{i}.jpg")));
    assert_eq!(keys, expected);

    // A prefix and a delimiter: one common prefix per "directory".
    let listed = client
        .list_objects_v2("photos")
        .prefix("2025/")
        .send()
        .await
        .expect("list by prefix");
    assert_eq!(listed.key_count, Some(7));
    let sizes: Vec<_> = listed
        .contents
        .unwrap_or_default()
        .into_iter()
        .map(|o| o.size)
        .collect();
    assert_eq!(sizes, (0..7).map(Some).collect::<Vec<_>>());
    let folders = client
        .list_objects_v2("photos")
        .delimiter("/")
        .send()
        .await
        .expect("list by delimiter");
    let prefixes: Vec<_> = folders
        .common_prefixes
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.prefix)
        .collect();
    assert_eq!(prefixes, ["2024/", "2025/"]);

    // Deleted: GET is a typed NoSuchKey, HEAD (no body) a 404.
    client
        .delete_object("photos", "2024/a b+c.txt")
        .send()
        .await
        .expect("delete object");
    match client.get_object("photos", "2024/a b+c.txt").send().await {
        Err(GetObjectError::NoSuchKey(e)) => assert_eq!(e.meta().status(), 404),
        other => panic!("expected NoSuchKey, got {other:?}"),
    }
    match client.head_object("photos", "2024/a b+c.txt").send().await {
        Err(error @ (HeadObjectError::NoSuchKey(_) | HeadObjectError::Unhandled(_))) => {
            assert_eq!(error.meta().map(|m| m.status()), Some(404));
        }
        other => panic!("expected a 404, got {other:?}"),
    }
}

#[tokio::test]
async fn a_multipart_upload_joins_its_parts() {
    let server = MotoServer::start();
    let client = client(&server);
    client
        .create_bucket("uploads")
        .send()
        .await
        .expect("create bucket");

    let created = client
        .create_multipart_upload("uploads", "big.bin")
        .content_type("application/octet-stream")
        .metadata(metadata(&[("origin", "parts")]))
        .send()
        .await
        .expect("create multipart upload");
    let upload_id = created.upload_id.expect("an upload id");

    // Every part but the last is at least 5 MiB.
    let first: Vec<u8> = (0..5 << 20).map(|i: u32| (i % 251) as u8).collect();
    let last = b"the end".to_vec();
    let mut parts = Vec::new();
    for (number, bytes) in [(1, first.clone()), (2, last.clone())] {
        let uploaded = client
            .upload_part("uploads", "big.bin", number, &upload_id)
            .body(bytes)
            .send()
            .await
            .expect("upload part");
        parts.push(
            CompletedPart::new()
                .part_number(number)
                .e_tag(uploaded.e_tag.expect("a part ETag")),
        );
    }
    let listed = client
        .list_parts("uploads", "big.bin", &upload_id)
        .send()
        .await
        .expect("list parts");
    let sizes: Vec<_> = listed
        .parts
        .unwrap_or_default()
        .into_iter()
        .map(|p| (p.part_number, p.size))
        .collect();
    assert_eq!(sizes, [(Some(1), Some(5 << 20)), (Some(2), Some(7))]);

    let completed = client
        .complete_multipart_upload("uploads", "big.bin", &upload_id)
        .multipart_upload(CompletedMultipartUpload::new().parts(parts))
        .send()
        .await
        .expect("complete multipart upload");
    assert_eq!(completed.key.as_deref(), Some("big.bin"));
    // A multipart ETag is the MD5 of the parts' MD5s, then the number of parts.
    assert!(completed.e_tag.expect("an ETag").ends_with("-2\""));

    let got = client
        .get_object("uploads", "big.bin")
        .send()
        .await
        .expect("get the joined object");
    assert_eq!(got.metadata, Some(metadata(&[("origin", "parts")])));
    assert_eq!(got.content_length, Some((first.len() + last.len()) as i64));
    let body = got.body.collect(8 << 20).await.expect("read body");
    assert_eq!(&body[..first.len()], &first[..]);
    assert_eq!(&body[first.len()..], &last[..]);

    // An upload abandoned is gone from the bucket's list of uploads.
    let abandoned = client
        .create_multipart_upload("uploads", "abandoned.bin")
        .send()
        .await
        .expect("create another upload")
        .upload_id
        .expect("an upload id");
    client
        .abort_multipart_upload("uploads", "abandoned.bin", &abandoned)
        .send()
        .await
        .expect("abort");
    let uploads = client
        .list_multipart_uploads("uploads")
        .send()
        .await
        .expect("list uploads");
    assert!(uploads.uploads.unwrap_or_default().is_empty());
}

/// Sends `method` to `url` with a plain HTTP/1.1 request (nothing of the SDK: no
/// credentials, no signing) and returns the status and body.
fn plain_http(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> (u16, Vec<u8>) {
    let rest = url.strip_prefix("http://").expect("an http URL");
    let (host, path) = rest.split_at(rest.find('/').expect("a path"));
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut stream = TcpStream::connect(host).expect("connect");
    stream.write_all(request.as_bytes()).expect("send the head");
    stream.write_all(body).expect("send the body");
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .expect("read the response");
    let end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("the end of the head");
    let head = String::from_utf8_lossy(&response[..end]).into_owned();
    let status = head[9..12].parse().expect("a status code");
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "a chunked response: {head}"
    );
    (status, response[end + 4..].to_vec())
}

#[tokio::test]
async fn presigned_urls_are_fetched_without_the_sdk() {
    let server = MotoServer::start();
    let client = client(&server);
    client
        .create_bucket("shared")
        .send()
        .await
        .expect("create bucket");
    client
        .put_object("shared", "reports/q1 & q2.csv")
        .body(b"quarter,total\nq1,10\n".to_vec())
        .send()
        .await
        .expect("put object");

    // A GET anyone can send for the next ten minutes.
    let get = client
        .get_object("shared", "reports/q1 & q2.csv")
        .presigned(Duration::from_secs(600))
        .await
        .expect("presign GET");
    assert_eq!(get.method, "GET");
    assert!(get.uri.contains("X-Amz-Expires=600"), "{}", get.uri);
    assert!(get.uri.contains("X-Amz-Signature="), "{}", get.uri);
    let (status, body) = plain_http("GET", &get.uri, &get.headers, b"");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert_eq!(body, b"quarter,total\nq1,10\n");

    // A PUT: whoever holds the URL uploads the body; the client reads it back.
    let put = client
        .put_object("shared", "uploads/from-a-browser.txt")
        .content_type("text/plain")
        .presigned(Duration::from_secs(600))
        .await
        .expect("presign PUT");
    assert_eq!(put.method, "PUT");
    let (status, body) = plain_http("PUT", &put.uri, &put.headers, b"sent by curl");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let got = client
        .get_object("shared", "uploads/from-a-browser.txt")
        .send()
        .await
        .expect("get the upload");
    assert_eq!(got.content_type.as_deref(), Some("text/plain"));
    assert_eq!(
        &got.body.collect(1 << 10).await.expect("read")[..],
        b"sent by curl"
    );
}

/// Keys XML cannot carry as they are (control characters) and keys a URL would change
/// (spaces, `+`, `%`) are listed back as they were put: the client asks for url-encoded
/// keys when the caller does not choose an encoding, and decodes them, as boto3 does.
#[tokio::test]
async fn any_key_is_listed_back_as_it_was_put() {
    let server = MotoServer::start();
    let client = client(&server);
    client
        .create_bucket("odd-keys")
        .send()
        .await
        .expect("create bucket");
    let printable = ["dir one/a b+c%20d.txt", "dir one/é ü 🙂~*'()", "plain"];
    let control = ["ctl\u{1}key", "tab\tand\u{7f}del"];
    for key in printable.iter().chain(&control) {
        client
            .put_object("odd-keys", *key)
            .body(b"x".to_vec())
            .send()
            .await
            .unwrap_or_else(|e| panic!("put {key:?}: {e}"));
    }
    let mut all: Vec<String> = printable
        .iter()
        .chain(&control)
        .map(|k| k.to_string())
        .collect();
    all.sort();
    let keys = |objects: Option<Vec<sdk_s3::types::Object>>| -> Vec<String> {
        objects
            .unwrap_or_default()
            .into_iter()
            .map(|o| o.key.expect("a key"))
            .collect()
    };

    let v2 = client
        .list_objects_v2("odd-keys")
        .send()
        .await
        .expect("list v2");
    assert_eq!(
        v2.encoding_type.map(|e| e.to_string()).as_deref(),
        Some("url")
    );
    assert_eq!(keys(v2.contents), all);
    let v1 = client
        .list_objects("odd-keys")
        .send()
        .await
        .expect("list v1");
    assert_eq!(keys(v1.contents), all);

    // The prefix sent and the common prefix answered, decoded too.
    let dirs = client
        .list_objects_v2("odd-keys")
        .prefix("dir one/")
        .delimiter("/")
        .send()
        .await
        .expect("list by prefix");
    assert_eq!(dirs.prefix.as_deref(), Some("dir one/"));
    assert_eq!(keys(dirs.contents).len(), 2);
    let top = client
        .list_objects_v2("odd-keys")
        .delimiter("/")
        .send()
        .await
        .expect("list by delimiter");
    let prefixes: Vec<String> = top
        .common_prefixes
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.prefix.expect("a prefix"))
        .collect();
    assert_eq!(prefixes, ["dir one/"]);

    // A caller who chooses the encoding gets the keys as S3 sent them.
    let encoded = client
        .list_objects_v2("odd-keys")
        .encoding_type(sdk_s3::types::EncodingType::Url)
        .prefix("dir one/a")
        .send()
        .await
        .expect("list, encoding chosen");
    assert_eq!(keys(encoded.contents), ["dir%20one/a%20b%2Bc%2520d.txt"]);
}

/// The default transport, refusing (as S3 does, and moto does not) an SSE-C request
/// whose key is not 256 bits in base64 or whose MD5 header is not the key's.
#[derive(Debug)]
struct ChecksCustomerKeys(sdk_runtime::https::HyperClient);

impl ChecksCustomerKeys {
    fn check(headers: &sdk_runtime::http::Headers) {
        use base64::Engine as _;
        let Some(key) = headers.get("x-amz-server-side-encryption-customer-key") else {
            return;
        };
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(key)
            .unwrap_or_default();
        assert_eq!(bytes.len(), 32, "the key is not 256 bits in base64: {key}");
        assert_eq!(
            headers.get("x-amz-server-side-encryption-customer-key-MD5"),
            Some(sdk_runtime::s3::CustomerKey::new(&bytes).key_md5.as_str()),
            "the MD5 is not the key's"
        );
    }
}

impl sdk_s3::HttpClient for ChecksCustomerKeys {
    fn send(
        &self,
        request: sdk_runtime::http::HttpRequest,
    ) -> sdk_runtime::http::BoxFuture<
        '_,
        Result<sdk_runtime::http::HttpResponse, sdk_runtime::http::TransportError>,
    > {
        Self::check(&request.headers);
        self.0.send(request)
    }

    fn send_streaming(
        &self,
        request: sdk_runtime::http::HttpRequest<sdk_runtime::wire::ByteStream>,
    ) -> sdk_runtime::http::BoxFuture<
        '_,
        Result<
            sdk_runtime::http::HttpResponse<sdk_runtime::wire::ByteStream>,
            sdk_runtime::http::TransportError,
        >,
    > {
        Self::check(&request.headers);
        self.0.send_streaming(request)
    }
}

#[tokio::test]
async fn objects_are_put_and_read_with_customer_keys() {
    let server = MotoServer::start();
    let client = Client::from_config(
        Config::builder()
            .endpoint_url(server.endpoint())
            .region("us-east-1")
            .credentials(Credentials::new("testing", "testing", None))
            .http_client(ChecksCustomerKeys(sdk_runtime::https::HyperClient::new(
                None,
            ))),
    );
    client.create_bucket("vault").send().await.expect("bucket");

    // A key given as text, alone: the call sends it encoded, with its MD5.
    let text_key = "0123456789abcdef0123456789ABCDEF";
    client
        .put_object("vault", "text")
        .body(b"sealed with text".to_vec())
        .sse_customer_algorithm("AES256")
        .sse_customer_key(text_key)
        .send()
        .await
        .expect("put with a text key");
    let got = client
        .get_object("vault", "text")
        .sse_customer_algorithm("AES256")
        .sse_customer_key(text_key)
        .send()
        .await
        .expect("get with a text key");
    let body = got.body.collect(1024).await.expect("the body");
    assert_eq!(&body[..], b"sealed with text");

    // A key of any 32 bytes, given with its MD5 as `CustomerKey` encodes them.
    let bytes: Vec<u8> = (0..32u8).map(|i| i.wrapping_mul(37) ^ 0xa5).collect();
    let key = sdk_runtime::s3::CustomerKey::new(&bytes);
    client
        .put_object("vault", "bytes")
        .body(b"sealed with bytes".to_vec())
        .sse_customer_algorithm("AES256")
        .sse_customer_key(key.key.clone())
        .sse_customer_key_md5(key.key_md5.clone())
        .send()
        .await
        .expect("put with a bytes key");
    let head = client
        .head_object("vault", "bytes")
        .sse_customer_algorithm("AES256")
        .sse_customer_key(key.key)
        .sse_customer_key_md5(key.key_md5)
        .send()
        .await
        .expect("head with a bytes key");
    assert_eq!(head.content_length, Some(17));
}
