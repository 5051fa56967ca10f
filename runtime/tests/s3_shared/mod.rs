//! A hand-written slice of S3 shaped like the generated crate (`GetObject`,
//! `PutObject`, `ListBuckets`, `GetBucketAcl`), a transport that records what it is
//! sent, and the pinned botocore to compare with.
//!
//! The operations bind members only to the URI, query string, headers and a raw
//! payload, which every REST protocol writes alike: the service says restJson1 so that
//! these tests need no XML codec.

#![allow(dead_code)] // Each test crate uses a different part.

#[path = "../pinned/mod.rs"]
mod pinned;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sdk_runtime::clock::TimeSource;
use sdk_runtime::endpoint::OperationEndpoint;
use sdk_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use sdk_runtime::protocol::{Operation, ServiceSpec};
use sdk_runtime::request_id::SetRequestId;
use sdk_runtime::schema::{
    prelude, HttpBinding, HttpChecksum, Location, Member, MemberTraits, MemberWriter,
    OperationSchema, Protocol, ReadError, ReadValue, Schema, ShapeKind, ShapeTraits, UriSegment,
    ValueReader, WriteError, WriteStruct,
};
use sdk_runtime::wire::ByteStream;
use sdk_runtime::{CallError, Config, Credentials};

pub static S3: ServiceSpec = ServiceSpec {
    service_id: "S3",
    signing_name: "s3",
    endpoint_prefix: "s3",
    target_prefix: "",
    json_version: "",
    api_version: "2006-03-01",
    protocol: Protocol::RestJson1,
    query_compatible: false,
    default_headers: &[],
};

/// The access key, secret and clock of the comparisons with botocore.
pub const KEY: &str = "AKIDEXAMPLE";
pub const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
/// 2026-11-29T12:34:56Z.
pub const TIME: u64 = 1_795_955_696;

const fn member(name: &'static str, target: &'static Schema, location: Location) -> Member {
    Member {
        name,
        target,
        location,
        traits: MemberTraits::NONE,
    }
}

static EMPTY: Schema = Schema {
    name: "Empty",
    kind: ShapeKind::Structure,
    members: &[],
    traits: ShapeTraits::NONE,
};

static GET_OBJECT_INPUT: Schema = Schema {
    name: "GetObjectRequest",
    kind: ShapeKind::Structure,
    members: &[
        member("Bucket", &prelude::STRING, Location::Label("Bucket")),
        member("Key", &prelude::STRING, Location::GreedyLabel("Key")),
        member("VersionId", &prelude::STRING, Location::Query("versionId")),
        member(
            "ChecksumMode",
            &prelude::STRING,
            Location::Header("x-amz-checksum-mode"),
        ),
    ],
    traits: ShapeTraits::NONE,
};

static PUT_OBJECT_INPUT: Schema = Schema {
    name: "PutObjectRequest",
    kind: ShapeKind::Structure,
    members: &[
        member("Bucket", &prelude::STRING, Location::Label("Bucket")),
        member("Key", &prelude::STRING, Location::GreedyLabel("Key")),
        member("Body", &prelude::STREAMING_BLOB, Location::Payload),
        member(
            "ContentType",
            &prelude::STRING,
            Location::Header("Content-Type"),
        ),
        member(
            "ChecksumAlgorithm",
            &prelude::STRING,
            Location::Header("x-amz-sdk-checksum-algorithm"),
        ),
        member(
            "ContentMD5",
            &prelude::STRING,
            Location::Header("Content-MD5"),
        ),
    ],
    traits: ShapeTraits::NONE,
};

static GET_OBJECT_OUTPUT: Schema = Schema {
    name: "GetObjectOutput",
    kind: ShapeKind::Structure,
    members: &[member("Body", &prelude::STREAMING_BLOB, Location::Payload)],
    traits: ShapeTraits::NONE,
};

/// `GetObject`'s output: the body as it arrives.
#[derive(Debug, Default)]
pub struct GetObjectOutput {
    pub body: ByteStream,
}

impl ReadValue for GetObjectOutput {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let mut body = None;
        r.structure(&GET_OBJECT_OUTPUT, &mut |index, r| {
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

impl SetRequestId for GetObjectOutput {
    fn set_request_id(&mut self, _: Option<&str>) {}
}

static BUCKET_INPUT: Schema = Schema {
    name: "GetBucketAclRequest",
    kind: ShapeKind::Structure,
    members: &[member(
        "Bucket",
        &prelude::STRING,
        Location::Label("Bucket"),
    )],
    traits: ShapeTraits::NONE,
};

#[derive(Clone, Debug, Default)]
pub struct GetObjectInput {
    pub bucket: String,
    pub key: String,
    pub version_id: Option<String>,
    pub checksum_mode: Option<String>,
}

impl WriteStruct for GetObjectInput {
    fn schema(&self) -> &'static Schema {
        &GET_OBJECT_INPUT
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        w.member(0, &self.bucket)?;
        w.member(1, &self.key)?;
        if let Some(v) = &self.version_id {
            w.member(2, v)?;
        }
        if let Some(v) = &self.checksum_mode {
            w.member(3, v)?;
        }
        Ok(())
    }
}

#[derive(Clone, Debug, Default)]
pub struct PutObjectInput {
    pub bucket: String,
    pub key: String,
    pub body: Option<ByteStream>,
    pub content_type: Option<String>,
    pub checksum_algorithm: Option<String>,
    pub content_md5: Option<String>,
}

impl WriteStruct for PutObjectInput {
    fn schema(&self) -> &'static Schema {
        &PUT_OBJECT_INPUT
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        w.member(0, &self.bucket)?;
        w.member(1, &self.key)?;
        if let Some(v) = &self.body {
            w.member(2, v)?;
        }
        if let Some(v) = &self.content_type {
            w.member(3, v)?;
        }
        if let Some(v) = &self.checksum_algorithm {
            w.member(4, v)?;
        }
        if let Some(v) = &self.content_md5 {
            w.member(5, v)?;
        }
        Ok(())
    }
}

#[derive(Clone, Debug, Default)]
pub struct BucketInput {
    pub bucket: String,
}

impl WriteStruct for BucketInput {
    fn schema(&self) -> &'static Schema {
        &BUCKET_INPUT
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        w.member(0, &self.bucket)
    }
}

#[derive(Clone, Debug, Default)]
pub struct Nothing;

impl WriteStruct for Nothing {
    fn schema(&self) -> &'static Schema {
        &EMPTY
    }
    fn write_members(&self, _: &mut dyn MemberWriter) -> Result<(), WriteError> {
        Ok(())
    }
}

impl ReadValue for Nothing {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        r.structure(&EMPTY, &mut |_, _| Ok(()))?;
        Ok(Self)
    }
}

impl SetRequestId for Nothing {
    fn set_request_id(&mut self, _: Option<&str>) {}
}

const fn binding(method: &'static str, path: &'static [UriSegment]) -> HttpBinding {
    HttpBinding {
        method,
        path,
        query: &[],
        code: 200,
        host_prefix: None,
    }
}

const OBJECT_PATH: &[UriSegment] = &[
    UriSegment::Literal("/"),
    UriSegment::Label("Bucket"),
    UriSegment::Literal("/"),
    UriSegment::Greedy("Key"),
];

pub struct GetObject;

impl Operation for GetObject {
    const SCHEMA: &'static OperationSchema = &OperationSchema {
        name: "GetObject",
        input: &GET_OBJECT_INPUT,
        output: &GET_OBJECT_OUTPUT,
        http: Some(binding("GET", OBJECT_PATH)),
        request_compression: &[],
        checksum: HttpChecksum {
            required: false,
            request_algorithm_member: None,
            response_validation_member: Some("ChecksumMode"),
            response_algorithms: &["CRC64NVME", "CRC32", "CRC32C", "SHA256", "SHA1"],
        },
    };
    const SERVICE: &'static ServiceSpec = &S3;
    type Input = GetObjectInput;
    type Output = GetObjectOutput;
    type Error = CallError;
}

pub struct PutObject;

impl Operation for PutObject {
    const SCHEMA: &'static OperationSchema = &OperationSchema {
        name: "PutObject",
        input: &PUT_OBJECT_INPUT,
        output: &EMPTY,
        http: Some(binding("PUT", OBJECT_PATH)),
        request_compression: &[],
        checksum: HttpChecksum {
            required: false,
            request_algorithm_member: Some("ChecksumAlgorithm"),
            response_validation_member: None,
            response_algorithms: &[],
        },
    };
    const SERVICE: &'static ServiceSpec = &S3;
    type Input = PutObjectInput;
    type Output = Nothing;
    type Error = CallError;
}

pub struct ListBuckets;

impl Operation for ListBuckets {
    const SCHEMA: &'static OperationSchema = &OperationSchema {
        name: "ListBuckets",
        input: &EMPTY,
        output: &EMPTY,
        http: Some(binding("GET", &[UriSegment::Literal("/")])),
        request_compression: &[],
        checksum: HttpChecksum::NONE,
    };
    const SERVICE: &'static ServiceSpec = &S3;
    type Input = Nothing;
    type Output = Nothing;
    type Error = CallError;
}

/// Served by the S3 Express control endpoint, signed as `s3express`.
pub struct ListDirectoryBuckets;

impl Operation for ListDirectoryBuckets {
    const SCHEMA: &'static OperationSchema = &OperationSchema {
        name: "ListDirectoryBuckets",
        input: &EMPTY,
        output: &EMPTY,
        http: Some(binding("GET", &[UriSegment::Literal("/")])),
        request_compression: &[],
        checksum: HttpChecksum::NONE,
    };
    const SERVICE: &'static ServiceSpec = &S3;
    const ENDPOINT: OperationEndpoint = OperationEndpoint {
        prefix: Some("s3express-control"),
        signing_name: Some("s3express"),
        path_style: false,
    };
    type Input = Nothing;
    type Output = Nothing;
    type Error = CallError;
}

pub struct GetBucketAcl;

impl Operation for GetBucketAcl {
    const SCHEMA: &'static OperationSchema = &OperationSchema {
        name: "GetBucketAcl",
        input: &BUCKET_INPUT,
        output: &EMPTY,
        http: Some(HttpBinding {
            query: &[("acl", None)],
            ..binding(
                "GET",
                &[UriSegment::Literal("/"), UriSegment::Label("Bucket")],
            )
        }),
        request_compression: &[],
        checksum: HttpChecksum::NONE,
    };
    const SERVICE: &'static ServiceSpec = &S3;
    type Input = BucketInput;
    type Output = Nothing;
    type Error = CallError;
}

/// A transport that answers 200 (with an empty body unless told otherwise) and keeps
/// every request, its body read whole.
#[derive(Clone, Debug, Default)]
pub struct Recorder {
    pub sent: Arc<Mutex<Vec<HttpRequest>>>,
    /// Headers and body of every answer.
    pub answer: Arc<Mutex<Answer>>,
}

/// The headers and body of an answer.
pub type Answer = (Vec<(String, String)>, Vec<u8>);

impl Recorder {
    pub fn take(&self) -> Vec<HttpRequest> {
        std::mem::take(&mut *self.sent.lock().unwrap())
    }

    pub fn answer_with(&self, headers: &[(&str, &str)], body: &[u8]) {
        let headers = headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        *self.answer.lock().unwrap() = (headers, body.to_vec());
    }
}

impl HttpClient for Recorder {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.sent.lock().unwrap().push(request);
        let (headers, body) = self.answer.lock().unwrap().clone();
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                headers: headers
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect(),
                body,
            })
        })
    }
}

#[derive(Debug)]
pub struct FixedClock(pub SystemTime);

impl TimeSource for FixedClock {
    fn now(&self) -> SystemTime {
        self.0
    }
}

pub fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// A configuration sending to `recorder` with the test credentials and clock.
pub fn config(
    region: &str,
    recorder: &Recorder,
    token: Option<&str>,
) -> sdk_runtime::ConfigBuilder {
    Config::builder()
        .region(region)
        .credentials(Credentials::new(KEY, SECRET, token.map(str::to_owned)))
        .time_source(FixedClock(at(TIME)))
        .http_client(recorder.clone())
        .retry(sdk_runtime::RetryConfig::disabled())
}
/// The Python of the pinned botocore (see `pinned`).
pub fn botocore_python() -> Option<PathBuf> {
    pinned::python()
}

/// Runs `script` with `input` as JSON on stdin and reads its JSON output.
pub fn run_python(python: &PathBuf, script: &str, input: &serde_json::Value) -> serde_json::Value {
    use std::io::Write as _;
    let mut child = std::process::Command::new(python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "the python script failed");
    serde_json::from_slice(&output.stdout).unwrap()
}
