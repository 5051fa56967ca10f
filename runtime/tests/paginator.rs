//! Paginator streams against a scripted server, through a hand-written operation
//! description shaped like the generated ones.

#![cfg(feature = "default-https-client")] // They go through the default transport.

mod support;

use std::fmt;
use std::future::poll_fn;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_core::Stream;
use sdk_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse};
use sdk_runtime::paginate::Paginate;
use sdk_runtime::protocol::{
    ErrorMetadata, Operation, RequestError, ServiceError, ServiceFailure, ServiceSpec,
};
use sdk_runtime::schema::{
    prelude, OperationSchema, ReadError, ReadValue, Schema, ShapeKind, ShapeTraits, ValueReader,
};
use sdk_runtime::{CallError, Config, Credentials, Handle, RetryConfig};
use support::things::{
    body_member, ListThingsInput, ListThingsOutput, LIST_INPUT as INPUT, LIST_OUTPUT as OUTPUT,
};
use support::{within, FaultServer, Recorded, Reply};

static SPEC: ServiceSpec = ServiceSpec {
    service_id: "Paging Test",
    signing_name: "pagingtest",
    endpoint_prefix: "pagingtest",
    target_prefix: "PagingTest_20240101",
    json_version: "1.0",
    api_version: "2024-01-01",
    protocol: sdk_runtime::schema::Protocol::AwsJson1_0,
    query_compatible: false,
    default_headers: &[],
};

const LIMIT: Duration = Duration::from_secs(10);

static NOT_FOUND: Schema = Schema {
    name: "NotFoundException",
    kind: ShapeKind::Structure,
    members: &[body_member("message", &prelude::STRING)],
    traits: ShapeTraits::NONE,
};

#[derive(Debug)]
struct NotFoundException {
    message: Option<String>,
}

impl ReadValue for NotFoundException {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let mut message = None;
        r.structure(&NOT_FOUND, &mut |index, r| {
            if index == 0 {
                message = Some(ReadValue::read_value(r)?);
            }
            Ok(())
        })?;
        Ok(Self { message })
    }
}

/// One level for everything, as generated error enums have it.
#[derive(Debug)]
enum ListThingsError {
    NotFound(ServiceError<NotFoundException>),
    Unhandled(ErrorMetadata),
    Response(sdk_runtime::protocol::MalformedResponse),
    Transport(sdk_runtime::TransportError),
    Timeout(sdk_runtime::TimeoutError),
    Construction(sdk_runtime::ConstructionError),
}

impl From<CallError> for ListThingsError {
    fn from(error: CallError) -> Self {
        match error {
            CallError::Service(raw) => match raw.code() {
                "NotFoundException" => raw
                    .modeled(&SPEC, &NOT_FOUND)
                    .map_or_else(Self::Unhandled, Self::NotFound),
                _ => Self::Unhandled(raw.into_meta()),
            },
            CallError::Response(e) => Self::Response(e),
            CallError::Transport(e) => Self::Transport(e),
            CallError::Timeout(e) => Self::Timeout(e),
            CallError::Construction(e) => Self::Construction(e),
        }
    }
}

impl From<ServiceFailure> for ListThingsError {
    fn from(failure: ServiceFailure) -> Self {
        CallError::from(failure).into()
    }
}

impl From<RequestError> for ListThingsError {
    fn from(error: RequestError) -> Self {
        CallError::from(error).into()
    }
}

impl fmt::Display for ListThingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ListThings failed: {self:?}")
    }
}

impl std::error::Error for ListThingsError {}

struct ListThings;

impl Operation for ListThings {
    const SCHEMA: &'static OperationSchema = &OperationSchema {
        name: "ListThings",
        input: &INPUT,
        output: &OUTPUT,
        http: None,
        request_compression: &[],
        checksum: sdk_runtime::schema::HttpChecksum::NONE,
    };
    const SERVICE: &'static ServiceSpec = &SPEC;
    type Input = ListThingsInput;
    type Output = ListThingsOutput;
    type Error = ListThingsError;
}

impl Paginate for ListThings {
    type Token = String;
    type Item = String;
    const LIMIT_KEY: Option<&'static str> = Some("maxResults");

    fn set_token(input: &mut ListThingsInput, token: Option<String>) {
        input.next_token = token;
    }

    fn set_page_size(input: &mut ListThingsInput, size: u32) {
        input.max_results = Some(size as i32);
    }

    fn next_token(output: &ListThingsOutput) -> Option<String> {
        output.next_token.clone()
    }

    fn take_items(output: &mut ListThingsOutput) -> Vec<String> {
        std::mem::take(&mut output.items)
    }
}

async fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

async fn collect<S: Stream + Unpin>(mut stream: S) -> Vec<S::Item> {
    let mut all = Vec::new();
    while let Some(item) = next(&mut stream).await {
        all.push(item);
    }
    all
}

fn page(items: &[&str], token: Option<&str>) -> Reply {
    let token = token.map_or(String::new(), |t| format!(r#","nextToken":"{t}""#));
    let items: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
    Reply::json(200, &format!(r#"{{"items":[{}]{token}}}"#, items.join(",")))
}

fn three_pages() -> Vec<Reply> {
    vec![
        page(&["a", "b"], Some("t1")),
        page(&["c"], Some("t2")),
        page(&["d"], None),
    ]
}

fn handle(server: &FaultServer) -> Handle {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(server.url())
        .retry(RetryConfig::disabled())
        .build();
    Handle::new(&config, &SPEC)
}

fn bodies(requests: &[Recorded]) -> Vec<String> {
    requests
        .iter()
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect()
}

#[tokio::test]
async fn pages_follow_the_tokens_until_the_last_page() {
    within(LIMIT, async {
        let server = FaultServer::start(three_pages()).await;
        let pages = handle(&server).paginator::<ListThings>(ListThingsInput::default());
        let pages = collect(pages.page_size(2)).await;
        let items: Vec<Vec<String>> = pages
            .into_iter()
            .map(|p| p.map(|p| p.items).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(items, [vec!["a", "b"], vec!["c"], vec!["d"]]);
        assert_eq!(
            bodies(&server.requests()),
            [
                r#"{"maxResults": 2}"#,
                r#"{"nextToken": "t1", "maxResults": 2}"#,
                r#"{"nextToken": "t2", "maxResults": 2}"#
            ]
        );
        assert_eq!(
            server.requests()[0].header("content-type"),
            Some("application/x-amz-json-1.0")
        );
    })
    .await;
}

#[tokio::test]
async fn items_flatten_the_pages_and_stop_at_max_items() {
    within(LIMIT, async {
        let server = FaultServer::start(three_pages()).await;
        let items = handle(&server)
            .paginator::<ListThings>(ListThingsInput::default())
            .items();
        let items: Vec<String> = collect(items).await.into_iter().flatten().collect();
        assert_eq!(items, ["a", "b", "c", "d"]);

        let server = FaultServer::start(three_pages()).await;
        let items = handle(&server)
            .paginator::<ListThings>(ListThingsInput::default())
            .max_items(3)
            .items();
        let items: Vec<String> = collect(items).await.into_iter().flatten().collect();
        assert_eq!(items, ["a", "b", "c"]);
        assert_eq!(
            server.requests().len(),
            2,
            "no page is fetched past max_items"
        );
    })
    .await;
}

#[tokio::test]
async fn streams_can_move_to_another_task() {
    within(LIMIT, async {
        let server = FaultServer::start(three_pages()).await;
        let items = handle(&server)
            .paginator::<ListThings>(ListThingsInput::default())
            .items();
        let collected = tokio::spawn(collect(items)).await.unwrap();
        assert_eq!(collected.len(), 4);
    })
    .await;
}

#[tokio::test]
async fn a_starting_token_resumes_a_listing() {
    within(LIMIT, async {
        let server = FaultServer::start(vec![page(&["c"], None)]).await;
        let pages = handle(&server)
            .paginator::<ListThings>(ListThingsInput::default())
            .starting_token("t1".to_owned());
        assert_eq!(collect(pages).await.len(), 1);
        assert_eq!(bodies(&server.requests()), [r#"{"nextToken": "t1"}"#]);
    })
    .await;
}

#[tokio::test]
async fn an_empty_token_ends_the_stream() {
    within(LIMIT, async {
        let server = FaultServer::start(vec![page(&["a"], Some("")), page(&["never"], None)]).await;
        let pages = handle(&server).paginator::<ListThings>(ListThingsInput::default());
        assert_eq!(collect(pages).await.len(), 1);
        assert_eq!(server.requests().len(), 1);
    })
    .await;
}

/// An endless listing in memory: page `n` (from 0) returns item `n` and the token
/// `tokens[n % tokens.len()]`.
#[derive(Debug)]
struct Cycling {
    tokens: &'static [&'static str],
    sent: Arc<AtomicUsize>,
}

impl HttpClient for Cycling {
    fn send(
        &self,
        _: HttpRequest,
    ) -> BoxFuture<'_, Result<HttpResponse, sdk_runtime::TransportError>> {
        let n = self.sent.fetch_add(1, Ordering::SeqCst);
        let token = self.tokens[n % self.tokens.len()];
        let body = format!(r#"{{"items":["{n}"],"nextToken":"{token}"}}"#);
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                headers: Default::default(),
                body: body.into_bytes(),
            })
        })
    }
}

/// Items of an endless listing answering `tokens` in turn, with the number of requests
/// sent; gives up after 50 items.
async fn cycle(tokens: &'static [&'static str]) -> (Vec<Result<String, ListThingsError>>, usize) {
    let sent = Arc::new(AtomicUsize::new(0));
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .http_client(Cycling {
            tokens,
            sent: sent.clone(),
        })
        .build();
    let mut items = Handle::new(&config, &SPEC)
        .paginator::<ListThings>(ListThingsInput::default())
        .items();
    let mut all = Vec::new();
    while let Some(item) = next(&mut items).await {
        all.push(item);
        if all.len() == 50 {
            break;
        }
    }
    (all, sent.load(Ordering::SeqCst))
}

/// What `cycle` yields: the items of `pages` pages, then one error naming both pages.
fn expect_loop_error(
    (items, sent): (Vec<Result<String, ListThingsError>>, usize),
    pages: usize,
    first: usize,
) {
    assert_eq!(sent, pages, "no request after the repeated token");
    assert_eq!(items.len(), pages + 1, "{items:?}");
    for (n, item) in items[..pages].iter().enumerate() {
        assert_eq!(item.as_ref().ok(), Some(&n.to_string()));
    }
    match &items[pages] {
        Err(ListThingsError::Response(e)) => assert_eq!(
            e.reason,
            format!(
                "pagination loops: the next token of page {pages} was already sent for page {first}"
            ),
            "{e}"
        ),
        other => panic!("expected a pagination error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_token_seen_earlier_in_the_listing_is_an_error_after_its_page() {
    within(LIMIT, async {
        // A, B, A: the third page names the token page 2 was fetched with.
        expect_loop_error(cycle(&["A", "B"]).await, 3, 2);
        expect_loop_error(cycle(&["A", "B", "C", "D"]).await, 5, 2);
        // The token just sent, given back (boto3 raises here too).
        expect_loop_error(cycle(&["A"]).await, 2, 2);
    })
    .await;
}

#[tokio::test]
async fn a_starting_token_counts_as_seen() {
    within(LIMIT, async {
        let server = FaultServer::start(vec![
            page(&["a"], Some("t2")),
            page(&["b"], Some("t1")),
            page(&["never"], None),
        ])
        .await;
        let pages = handle(&server)
            .paginator::<ListThings>(ListThingsInput::default())
            .starting_token("t1".to_owned());
        let pages = collect(pages).await;
        assert_eq!(pages.len(), 3);
        assert!(matches!(pages[2], Err(ListThingsError::Response(_))));
        assert_eq!(server.requests().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn an_error_is_yielded_once_and_ends_the_stream() {
    within(LIMIT, async {
        let server = FaultServer::start(vec![
            page(&["a"], Some("t1")),
            Reply::error(400, "NotFoundException", "no such thing"),
            page(&["never"], None),
        ])
        .await;
        let mut items = handle(&server)
            .paginator::<ListThings>(ListThingsInput::default())
            .items();
        assert_eq!(next(&mut items).await.unwrap().unwrap(), "a");
        match next(&mut items).await {
            Some(Err(ListThingsError::NotFound(e))) => {
                assert_eq!(e.details().message.as_deref(), Some("no such thing"));
                assert_eq!(e.meta().status(), 400);
            }
            other => panic!("expected NotFound, got {other:?}"),
        }
        assert!(next(&mut items).await.is_none());
        assert_eq!(server.requests().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn one_match_covers_documented_unhandled_and_transport_failures() {
    within(LIMIT, async {
        let server = FaultServer::start(vec![Reply::error(400, "SomethingNew", "later")]).await;
        let handle = handle(&server);
        let describe = |e: ListThingsError| match e {
            ListThingsError::NotFound(e) => format!("not found: {e}"),
            ListThingsError::Unhandled(meta) => format!("unhandled {}", meta.code().unwrap_or("?")),
            ListThingsError::Response(e) => format!("bad response: {e}"),
            ListThingsError::Transport(e) => format!("transport: {e}"),
            ListThingsError::Timeout(e) => format!("timeout: {e}"),
            ListThingsError::Construction(e) => format!("construction: {e}"),
        };
        let err = handle
            .send::<ListThings>(&ListThingsInput::default())
            .await
            .unwrap_err();
        assert_eq!(describe(err), "unhandled SomethingNew");
        drop(server);

        let gone = handle
            .send::<ListThings>(&ListThingsInput::default())
            .await
            .unwrap_err();
        assert!(describe(gone).starts_with("transport: "));
    })
    .await;
}
