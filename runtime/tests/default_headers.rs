//! A service's default headers (botocore's `before-call.<service>` handlers, such as
//! API Gateway's `Accept: application/json`) go on every request before signing, unless
//! the request already has a header of that name.

use std::sync::{Arc, Mutex};

use sdk_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use sdk_runtime::protocol::{write_request, Operation, ServiceSpec};
use sdk_runtime::request_id::SetRequestId;
use sdk_runtime::schema::prelude::STRING;
use sdk_runtime::schema::{
    HttpBinding, Location, Member, MemberTraits, MemberWriter, OperationSchema, Protocol,
    ReadError, ReadValue, Schema, ShapeKind, ShapeTraits, UriSegment, ValueReader, WriteError,
    WriteStruct,
};
use sdk_runtime::{CallError, Config, Credentials, Handle};

static SERVICE: ServiceSpec = ServiceSpec {
    service_id: "Things",
    signing_name: "things",
    endpoint_prefix: "things",
    target_prefix: "",
    json_version: "",
    api_version: "2024-01-01",
    protocol: Protocol::RestJson1,
    query_compatible: false,
    default_headers: &[("Accept", "application/json")],
};

/// `GET /things/{name}` with an optional `accepts` member bound to `Accept`, as API
/// Gateway's `GetExport` has.
static INPUT: Schema = Schema {
    name: "GetThingInput",
    kind: ShapeKind::Structure,
    members: &[
        Member {
            name: "name",
            target: &STRING,
            location: Location::Label("name"),
            traits: MemberTraits::NONE,
        },
        Member {
            name: "accepts",
            target: &STRING,
            location: Location::Header("Accept"),
            traits: MemberTraits::NONE,
        },
    ],
    traits: ShapeTraits::NONE,
};

static OUTPUT: Schema = Schema {
    name: "GetThingOutput",
    kind: ShapeKind::Structure,
    members: &[],
    traits: ShapeTraits::NONE,
};

struct GetThing;

impl Operation for GetThing {
    const SCHEMA: &'static OperationSchema = &OperationSchema {
        name: "GetThing",
        input: &INPUT,
        output: &OUTPUT,
        http: Some(HttpBinding {
            method: "GET",
            path: &[UriSegment::Literal("/things/"), UriSegment::Label("name")],
            query: &[],
            code: 200,
            host_prefix: None,
        }),
        request_compression: &[],
        checksum: sdk_runtime::schema::HttpChecksum::NONE,
    };
    const SERVICE: &'static ServiceSpec = &SERVICE;
    type Input = GetThingInput;
    type Output = Nothing;
    type Error = CallError;
}

struct GetThingInput {
    name: &'static str,
    accepts: Option<&'static str>,
}

impl WriteStruct for GetThingInput {
    fn schema(&self) -> &'static Schema {
        &INPUT
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        w.member(0, &self.name.to_owned())?;
        if let Some(accepts) = self.accepts {
            w.member(1, &accepts.to_owned())?;
        }
        Ok(())
    }
}

#[derive(Debug)]
struct Nothing;

impl ReadValue for Nothing {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        r.structure(&OUTPUT, &mut |_, _| Ok(()))?;
        Ok(Self)
    }
}

impl SetRequestId for Nothing {
    fn set_request_id(&mut self, _: Option<&str>) {}
}

/// Keeps every request and answers `200 {}`.
#[derive(Debug, Default, Clone)]
struct Recorder(Arc<Mutex<Vec<HttpRequest>>>);

impl HttpClient for Recorder {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.lock().unwrap().push(request);
        Box::pin(async {
            Ok(HttpResponse {
                status: 200,
                headers: Default::default(),
                body: b"{}".to_vec(),
            })
        })
    }
}

async fn sent(input: GetThingInput) -> HttpRequest {
    let recorder = Recorder::default();
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None))
        .endpoint_url("http://127.0.0.1:9")
        .http_client(recorder.clone())
        .build();
    Handle::new(&config, &SERVICE)
        .send::<GetThing>(&input)
        .await
        .unwrap();
    let mut requests = recorder.0.lock().unwrap();
    assert_eq!(requests.len(), 1);
    requests.pop().unwrap()
}

/// The header names the SigV4 `Authorization` header signs.
fn signed_headers(request: &HttpRequest) -> Vec<String> {
    let authorization = request.headers.get("authorization").unwrap();
    let (_, signed) = authorization.split_once("SignedHeaders=").unwrap();
    let signed = signed.split(',').next().unwrap();
    signed.split(';').map(str::to_owned).collect()
}

fn values<'a>(request: &'a HttpRequest, name: &str) -> Vec<&'a str> {
    request
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .collect()
}

#[tokio::test]
async fn a_default_header_is_added_and_signed() {
    let request = sent(GetThingInput {
        name: "a",
        accepts: None,
    })
    .await;
    assert_eq!(values(&request, "accept"), ["application/json"]);
    assert!(
        signed_headers(&request).contains(&"accept".to_owned()),
        "{:?}",
        request.headers
    );
}

#[tokio::test]
async fn the_callers_own_header_wins() {
    let request = sent(GetThingInput {
        name: "a",
        accepts: Some("application/yaml"),
    })
    .await;
    assert_eq!(values(&request, "accept"), ["application/yaml"]);
    assert!(signed_headers(&request).contains(&"accept".to_owned()));
}

#[test]
fn write_request_adds_default_headers_whatever_the_case_of_the_callers() {
    let parts = write_request(
        &SERVICE,
        GetThing::SCHEMA,
        &GetThingInput {
            name: "a",
            accepts: None,
        },
    )
    .unwrap();
    let accept: Vec<_> = parts
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("accept"))
        .map(|(n, v)| (n.as_ref(), v.as_str()))
        .collect();
    assert_eq!(accept, [("Accept", "application/json")]);

    // The rule compares names without case: a service whose default is spelled
    // `accept` still leaves a member's `Accept` alone.
    static LOWER: ServiceSpec = ServiceSpec {
        default_headers: &[("accept", "text/plain")],
        ..SERVICE
    };
    let parts = write_request(
        &LOWER,
        GetThing::SCHEMA,
        &GetThingInput {
            name: "a",
            accepts: Some("application/yaml"),
        },
    )
    .unwrap();
    let accept: Vec<_> = parts
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("accept"))
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(accept, ["application/yaml"]);
}
