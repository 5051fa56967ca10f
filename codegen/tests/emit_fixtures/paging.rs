//! Pages through the `paging` fixture's crate the way a caller would: its limit keys
//! are strings, so a page size travels as its decimal digits, as boto3's paginator
//! sends `str(PageSize)`. Compiled inside the generated crate by `emit_fixtures.rs`.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use sdk_paging::operation::list_jobs::{ListJobs, ListJobsInput};
use sdk_paging::operation::list_parts::{ListParts, ListPartsInput};
use sdk_runtime::paginate::Paginate;

/// A transport that keeps the URLs it is sent to and answers `200` with the next body.
#[derive(Clone, Debug, Default)]
struct Pages {
    bodies: Arc<Mutex<VecDeque<&'static str>>>,
    urls: Arc<Mutex<Vec<String>>>,
}

impl sdk_runtime::http::HttpClient for Pages {
    fn send(
        &self,
        request: sdk_runtime::http::HttpRequest,
    ) -> sdk_runtime::http::BoxFuture<
        '_,
        Result<sdk_runtime::http::HttpResponse, sdk_runtime::TransportError>,
    > {
        if let Ok(mut urls) = self.urls.lock() {
            urls.push(request.url);
        }
        let body = self
            .bodies
            .lock()
            .ok()
            .and_then(|mut b| b.pop_front())
            .unwrap_or("{}");
        Box::pin(async move {
            Ok(sdk_runtime::http::HttpResponse {
                status: 200,
                headers: Default::default(),
                body: body.as_bytes().to_vec(),
            })
        })
    }
}

fn client(bodies: &[&'static str]) -> (sdk_paging::Client, Pages) {
    let pages = Pages::default();
    if let Ok(mut queue) = pages.bodies.lock() {
        queue.extend(bodies);
    }
    let client = sdk_paging::Client::from_config(
        sdk_paging::Config::builder()
            .region("us-east-1")
            .credentials(sdk_paging::Credentials::new("AKID", "secret", None))
            .attempt_timeout(None)
            .retry(sdk_runtime::RetryConfig::disabled())
            .http_client(pages.clone()),
    );
    (client, pages)
}

/// Runs a future whose I/O is all ready (the canned transport).
fn ready<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

/// The path and query of each URL sent.
fn sent(pages: &Pages) -> Vec<String> {
    let urls = pages.urls.lock().map(|u| u.clone()).unwrap_or_default();
    urls.iter()
        .map(|u| {
            u.splitn(4, '/')
                .nth(3)
                .map(|p| format!("/{p}"))
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn a_string_limit_key_takes_the_page_size_as_its_digits() {
    let mut input = ListJobsInput::new("v");
    ListJobs::set_page_size(&mut input, 25);
    assert_eq!(input.limit.as_deref(), Some("25"));
    ListJobs::set_page_size(&mut input, u32::MAX);
    assert_eq!(input.limit.as_deref(), Some("4294967295"));
    assert_eq!(ListJobs::LIMIT_KEY, Some("limit"));

    let mut required = ListPartsInput::new("v", "1");
    ListParts::set_page_size(&mut required, 7);
    assert_eq!(required.limit, "7");
}

#[test]
fn the_paginator_sends_the_page_size_in_the_query_of_every_page() {
    let (client, pages) = client(&[
        r#"{"JobList": [{"Id": "a"}, {"Id": "b"}], "Marker": "m1"}"#,
        r#"{"JobList": [{"Id": "c", "Completed": true}]}"#,
    ]);
    let jobs = ready(
        client
            .list_jobs("v")
            .into_paginator()
            .page_size(2)
            .items()
            .collect(),
    )
    .expect("two pages");
    let ids: Vec<_> = jobs.iter().filter_map(|j| j.id.as_deref()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(
        sent(&pages),
        ["/vaults/v/jobs?limit=2", "/vaults/v/jobs?limit=2&marker=m1"]
    );
}

#[test]
fn without_a_page_size_the_service_chooses() {
    let (client, pages) = client(&[r#"{"JobList": []}"#]);
    let jobs = ready(client.list_jobs("v").into_paginator().items().collect()).expect("a page");
    assert!(jobs.is_empty());
    assert_eq!(sent(&pages), ["/vaults/v/jobs"]);
}
