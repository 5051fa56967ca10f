//! S3's answers of status 200 whose body is an `<Error>` (`CopyObject`,
//! `CompleteMultipartUpload`, `UploadPartCopy`, and any operation whose output is not
//! a raw body): errors, retried as the 500 botocore's `_handle_200_error` makes of
//! them. The pinned botocore retries every such answer whatever its code, since its
//! retry rules see status 500 (standard mode: 3 attempts, legacy: 5).

mod support;

use std::time::Duration;

use sdk_runtime::protocol::{Operation, ServiceSpec};
use sdk_runtime::request_id::SetRequestId;
use sdk_runtime::schema::{
    prelude, HttpBinding, HttpChecksum, Location, Member, MemberTraits, MemberWriter,
    OperationSchema, Protocol, ReadError, ReadValue, Schema, ShapeKind, ShapeTraits, UriSegment,
    ValueReader, WriteError, WriteStruct,
};
use sdk_runtime::wire::ByteStream;
use sdk_runtime::{CallError, Config, Credentials, Handle, RetryConfig};
use support::{within, FaultServer, Reply};

static S3: ServiceSpec = ServiceSpec {
    service_id: "S3",
    signing_name: "s3",
    endpoint_prefix: "s3",
    target_prefix: "",
    json_version: "",
    api_version: "2006-03-01",
    protocol: Protocol::RestXml,
    query_compatible: false,
    default_headers: &[],
};

const fn member(name: &'static str, target: &'static Schema, location: Location) -> Member {
    Member {
        name,
        target,
        location,
        traits: MemberTraits::NONE,
    }
}

const fn structure(name: &'static str, members: &'static [Member]) -> Schema {
    Schema {
        name,
        kind: ShapeKind::Structure,
        members,
        traits: ShapeTraits::NONE,
    }
}

static OBJECT_INPUT: Schema = structure(
    "CompleteMultipartUploadRequest",
    &[
        member("Bucket", &prelude::STRING, Location::Label("Bucket")),
        member("Key", &prelude::STRING, Location::GreedyLabel("Key")),
        member("Body", &prelude::STREAMING_BLOB, Location::Payload),
    ],
);

static ETAG_OUTPUT: Schema = structure(
    "CompleteMultipartUploadOutput",
    &[member("ETag", &prelude::STRING, Location::Body)],
);

static GET_OUTPUT: Schema = structure(
    "GetObjectOutput",
    &[member("Body", &prelude::STREAMING_BLOB, Location::Payload)],
);

const OBJECT_PATH: &[UriSegment] = &[
    UriSegment::Literal("/"),
    UriSegment::Label("Bucket"),
    UriSegment::Literal("/"),
    UriSegment::Greedy("Key"),
];

const fn operation(
    name: &'static str,
    method: &'static str,
    output: &'static Schema,
) -> OperationSchema {
    OperationSchema {
        name,
        input: &OBJECT_INPUT,
        output,
        http: Some(HttpBinding {
            method,
            path: OBJECT_PATH,
            query: &[],
            code: 200,
            host_prefix: None,
        }),
        request_compression: &[],
        checksum: HttpChecksum::NONE,
    }
}

#[derive(Clone, Debug, Default)]
struct ObjectInput {
    body: Option<ByteStream>,
}

impl WriteStruct for ObjectInput {
    fn schema(&self) -> &'static Schema {
        &OBJECT_INPUT
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        w.member(0, &"bucket".to_owned())?;
        w.member(1, &"key".to_owned())?;
        if let Some(body) = &self.body {
            w.member(2, body)?;
        }
        Ok(())
    }
}

#[derive(Debug, Default)]
struct ETagOutput {
    etag: Option<String>,
}

impl ReadValue for ETagOutput {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let mut etag = None;
        r.structure(&ETAG_OUTPUT, &mut |index, r| {
            if index == 0 {
                etag = Some(String::read_value(r)?);
            }
            Ok(())
        })?;
        Ok(Self { etag })
    }
}

impl SetRequestId for ETagOutput {
    fn set_request_id(&mut self, _: Option<&str>) {}
}

#[derive(Debug, Default)]
struct GetOutput {
    body: ByteStream,
}

impl ReadValue for GetOutput {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let mut body = None;
        r.structure(&GET_OUTPUT, &mut |index, r| {
            if index == 0 {
                body = Some(ByteStream::read_value(r)?);
            }
            Ok(())
        })?;
        Ok(Self {
            body: body.unwrap_or_default(),
        })
    }
}

impl SetRequestId for GetOutput {
    fn set_request_id(&mut self, _: Option<&str>) {}
}

/// `POST /{Bucket}/{Key+}` answering `<CompleteMultipartUploadResult><ETag>`.
struct CompleteMultipartUpload;

impl Operation for CompleteMultipartUpload {
    const SCHEMA: &'static OperationSchema =
        &operation("CompleteMultipartUpload", "POST", &ETAG_OUTPUT);
    const SERVICE: &'static ServiceSpec = &S3;
    type Input = ObjectInput;
    type Output = ETagOutput;
    type Error = CallError;
}

/// An upload (streaming input) whose output is not a raw body.
struct PutObject;

impl Operation for PutObject {
    const SCHEMA: &'static OperationSchema = &operation("PutObject", "PUT", &ETAG_OUTPUT);
    const SERVICE: &'static ServiceSpec = &S3;
    type Input = ObjectInput;
    type Output = ETagOutput;
    type Error = CallError;
}

/// Its output is the raw body, which may be any bytes, an `<Error>` document too.
struct GetObject;

impl Operation for GetObject {
    const SCHEMA: &'static OperationSchema = &operation("GetObject", "GET", &GET_OUTPUT);
    const SERVICE: &'static ServiceSpec = &S3;
    type Input = ObjectInput;
    type Output = GetOutput;
    type Error = CallError;
}

fn error_body(code: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\n<Error><Code>{code}</Code>\
         <Message>We encountered an internal error. Please try again.</Message>\
         <RequestId>656c76696e6727732072657175657374</RequestId></Error>"
    )
}

fn xml(status: u16, body: &str) -> Reply {
    Reply::json(status, body).with_header("Content-Type", "application/xml")
}

const SUCCESS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
    <CompleteMultipartUploadResult><ETag>\"3858f62230ac3c915f300c664312c11f-9\"</ETag>\
    </CompleteMultipartUploadResult>";

fn handle(server: &FaultServer, attempts: u32) -> Handle {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None))
        .endpoint_url(server.url())
        .force_path_style(true)
        .retry(
            RetryConfig::standard()
                .with_max_attempts(attempts)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .build();
    Handle::new(&config, &S3)
}

#[tokio::test]
async fn a_200_with_an_internal_error_is_retried_and_the_retry_succeeds() {
    within(Duration::from_secs(10), async {
        let server = FaultServer::start(vec![
            xml(200, &error_body("InternalError")),
            xml(200, SUCCESS),
        ])
        .await;
        let output = handle(&server, 3)
            .send::<CompleteMultipartUpload>(&ObjectInput::default())
            .await
            .unwrap();
        assert_eq!(
            output.etag.as_deref(),
            Some("\"3858f62230ac3c915f300c664312c11f-9\"")
        );
        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(
            requests[1].header("amz-sdk-request"),
            Some("attempt=2; max=3")
        );
    })
    .await;
}

/// As botocore: the answer counts as a 500 whatever its code, so even `AccessDenied` is
/// retried until the attempts run out; the error keeps its code and reports 500.
#[tokio::test]
async fn a_200_with_any_error_is_retried_as_a_500_and_ends_as_that_error() {
    within(Duration::from_secs(10), async {
        let body = error_body("AccessDenied");
        let server =
            FaultServer::start(vec![xml(200, &body), xml(200, &body), xml(200, &body)]).await;
        let error = handle(&server, 3)
            .send::<CompleteMultipartUpload>(&ObjectInput::default())
            .await
            .unwrap_err();
        let CallError::Service(raw) = &error else {
            panic!("not a service error: {error:?}");
        };
        assert_eq!(raw.meta().code(), Some("AccessDenied"));
        assert_eq!(raw.meta().status(), 500);
        assert_eq!(server.requests().len(), 3);
    })
    .await;
}

/// Retries disabled: one request, and the error is the service's, not an empty output.
#[tokio::test]
async fn without_retries_a_200_with_an_error_is_that_error_after_one_request() {
    within(Duration::from_secs(10), async {
        let server = FaultServer::start(vec![xml(200, &error_body("InternalError"))]).await;
        let error = handle(&server, 1)
            .send::<CompleteMultipartUpload>(&ObjectInput::default())
            .await
            .unwrap_err();
        let CallError::Service(raw) = &error else {
            panic!("not a service error: {error:?}");
        };
        assert_eq!(raw.meta().code(), Some("InternalError"));
        assert_eq!(server.requests().len(), 1);
    })
    .await;
}

/// An upload's answer is checked too (botocore checks every operation whose output is
/// not a raw body): the upload, held in memory, is sent again whole.
#[tokio::test]
async fn an_upload_answered_200_with_an_error_is_sent_again() {
    within(Duration::from_secs(10), async {
        let server = FaultServer::start(vec![
            xml(200, &error_body("InternalError")),
            xml(200, SUCCESS),
        ])
        .await;
        let input = ObjectInput {
            body: Some(ByteStream::from(b"twelve bytes".to_vec())),
        };
        let output = handle(&server, 3).send::<PutObject>(&input).await.unwrap();
        assert!(output.etag.is_some());
        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[1].body, b"twelve bytes");
    })
    .await;
}

/// A raw body is the object's bytes, whatever they look like.
#[tokio::test]
async fn an_object_that_looks_like_an_error_is_the_object() {
    within(Duration::from_secs(10), async {
        let body = error_body("InternalError");
        let server = FaultServer::start(vec![xml(200, &body)]).await;
        let output = handle(&server, 3)
            .send::<GetObject>(&ObjectInput::default())
            .await
            .unwrap();
        let bytes = output.body.collect(1 << 20).await.unwrap();
        assert_eq!(bytes, body.as_bytes());
        assert_eq!(server.requests().len(), 1);
    })
    .await;
}

/// Read by hand (a generated crate's `operation::*::response`), a response is told
/// apart as the client tells each attempt's: a 200 with an error body is that error,
/// reported as a 500, any other status is the service's error, and a success is read.
#[test]
fn a_response_read_by_hand_is_told_apart_as_an_attempt_is() {
    let headers = [("x-amz-request-id".to_owned(), "REQ1".to_owned())];
    let hidden =
        CompleteMultipartUpload::response(200, &headers, error_body("SlowDown").as_bytes());
    let Err(CallError::Service(raw)) = hidden else {
        panic!("not a service error: {hidden:?}");
    };
    assert_eq!(raw.meta().code(), Some("SlowDown"));
    assert_eq!(raw.meta().status(), 500);
    let failed =
        CompleteMultipartUpload::response(403, &headers, error_body("AccessDenied").as_bytes());
    let Err(CallError::Service(raw)) = failed else {
        panic!("not a service error: {failed:?}");
    };
    assert_eq!(raw.meta().code(), Some("AccessDenied"));
    assert_eq!(raw.meta().status(), 403);
    let output = CompleteMultipartUpload::response(200, &headers, SUCCESS.as_bytes()).unwrap();
    assert_eq!(
        output.etag.as_deref(),
        Some("\"3858f62230ac3c915f300c664312c11f-9\"")
    );
    // A raw body is the object's bytes.
    let object = GetObject::response(200, &headers, error_body("SlowDown").as_bytes());
    assert!(object.is_ok(), "{object:?}");
}
