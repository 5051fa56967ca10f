//! The client reads an error response by the service's protocol: a restJson1 error
//! names its code as botocore's RestJSONParser finds it, not as awsJson's rules would.

use sdk_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use sdk_runtime::protocol::{HttpRequestParts, ServiceSpec};
use sdk_runtime::schema::Protocol;
use sdk_runtime::{CallError, Config, Credentials, Handle};

static REST: ServiceSpec = ServiceSpec {
    service_id: "Things",
    signing_name: "things",
    endpoint_prefix: "things",
    target_prefix: "",
    json_version: "1.1",
    api_version: "2024-01-01",
    protocol: Protocol::RestJson1,
    query_compatible: false,
    default_headers: &[],
};

static AWS_JSON: ServiceSpec = ServiceSpec {
    protocol: Protocol::AwsJson1_1,
    target_prefix: "Things_20240101",
    ..REST
};

/// Answers every request with one error response.
#[derive(Debug)]
struct Answer(u16, &'static str);

impl HttpClient for Answer {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            Ok(HttpResponse {
                status: self.0,
                headers: vec![("x-amzn-requestid".to_owned(), "req-9".to_owned())]
                    .into_iter()
                    .collect(),
                body: self.1.as_bytes().to_vec(),
            })
        })
    }
}

async fn failure(service: &'static ServiceSpec, status: u16, body: &'static str) -> CallError {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None))
        .endpoint_url("http://127.0.0.1:9")
        .http_client(Answer(status, body))
        .retry(sdk_runtime::RetryConfig::disabled())
        .build();
    let parts = HttpRequestParts {
        method: "GET",
        path: "/things".to_owned(),
        headers: Vec::new(),
        body: Vec::new(),
        host_prefix: None,
    };
    Handle::new(&config, service)
        .call_raw("GetThing", parts)
        .await
        .unwrap_err()
}

fn code_and_message(error: CallError) -> (Option<String>, Option<String>) {
    match error {
        CallError::Service(raw) => (
            raw.meta().code().map(str::to_owned),
            raw.meta().message().map(str::to_owned),
        ),
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[tokio::test]
async fn rest_json_errors_are_read_by_rest_json_rules() {
    let body = r#"{"__type": "TypeName", "code": "ns#CodeName:detail", "message": "m"}"#;
    assert_eq!(
        code_and_message(failure(&REST, 404, body).await),
        (Some("CodeName".to_owned()), Some("m".to_owned()))
    );
    // awsJson takes `__type` first.
    assert_eq!(
        code_and_message(failure(&AWS_JSON, 404, body).await)
            .0
            .as_deref(),
        Some("TypeName")
    );
    // A body that is not JSON is the message, as botocore reports it.
    assert_eq!(
        code_and_message(failure(&REST, 502, "Bad Gateway").await),
        (None, Some("Bad Gateway".to_owned()))
    );
}
