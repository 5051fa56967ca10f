//! A generated crate alone configures a client: its root and its `config` module
//! re-export what `Config::builder()` takes (retries, timeouts, an HTTP client,
//! credentials and their providers) and the value types of inputs and outputs, so that
//! a user needs no direct dependency on `sdk-runtime` to use one.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sdk_devicefarm::config::{
    BoxFuture, CredentialsError, HttpRequest, HttpResponse, ProvideCredentials, TransportError,
};
use sdk_devicefarm::{
    Blob, Client, Config, ConfigBuilder, Credentials, DateTime, HttpClient, Region, RetryConfig,
    Timeouts,
};

/// Fails with a 500 until its last answer, counting the requests.
#[derive(Debug, Default)]
struct Flaky(Arc<AtomicU32>);

impl HttpClient for Flaky {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            Ok(HttpResponse {
                status: if n < 2 { 500 } else { 200 },
                headers: Default::default(),
                body: br#"{"projects": []}"#.to_vec(),
            })
        })
    }
}

#[derive(Debug)]
struct Fixed;

impl ProvideCredentials for Fixed {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async { Ok(Credentials::new("AKIDEXAMPLE", "secret", None)) })
    }
}

fn builder(requests: &Arc<AtomicU32>, retry: RetryConfig) -> ConfigBuilder {
    Config::builder()
        .region(Region::new("us-west-2"))
        .credentials(Fixed)
        .retry(retry)
        .http_client(Flaky(requests.clone()))
}

#[tokio::test]
async fn a_client_is_configured_from_the_generated_crate_alone() {
    let requests = Arc::new(AtomicU32::new(0));
    let retry = RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(1));
    let client = Client::from_config(builder(&requests, retry));
    let out = client.list_projects().send().await.unwrap();
    assert_eq!(out.projects, Some(vec![]));
    assert_eq!(requests.load(Ordering::SeqCst), 3);

    // Without retries the first 500 is the answer.
    let requests = Arc::new(AtomicU32::new(0));
    let client = Client::from_config(builder(&requests, RetryConfig::disabled()));
    assert!(client.list_projects().send().await.is_err());
    assert_eq!(requests.load(Ordering::SeqCst), 1);

    let timeouts: Timeouts = Config::builder().build().timeouts();
    assert!(timeouts.attempt.is_some());
    assert_eq!(DateTime::from_secs(0).to_string(), "1970-01-01T00:00:00Z");
    assert_eq!(Blob::new(b"x".to_vec()).as_bytes(), b"x");
}
