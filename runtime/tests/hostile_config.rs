//! Configuration an attacker (or a careless user) controls: a region or endpoint URL that
//! tries to choose the host. Nothing may be sent anywhere, and the error must name the
//! bad value. Every value goes through `from_env` (with a fixed environment) and through
//! the builder.

#![cfg(feature = "default-https-client")] // The loopback listener is reached over it.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use sdk_runtime::endpoint::Url;
use sdk_runtime::env::Env;
use sdk_runtime::http::{
    BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError, TransportErrorKind,
};
use sdk_runtime::https::HyperClient;
use sdk_runtime::{Config, ConfigBuilder, ConfigLoader, Credentials, Handle, RetryConfig};
use support::things::{ListThings, ListThingsInput, SPEC};
use support::{within, FaultServer};

const LIMIT: Duration = Duration::from_secs(10);

/// A transport that records every request it is given. Requests for 127.0.0.1 go on to
/// the default client (so a loopback listener sees them); others are answered with an
/// error without touching the network.
#[derive(Clone, Debug)]
struct Recorder {
    urls: Arc<Mutex<Vec<String>>>,
    loopback: HyperClient,
}

impl Recorder {
    fn new() -> Self {
        Self {
            urls: Arc::default(),
            loopback: HyperClient::new(Some(Duration::from_secs(1))),
        }
    }

    fn urls(&self) -> Vec<String> {
        self.urls.lock().unwrap().clone()
    }
}

impl HttpClient for Recorder {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.urls.lock().unwrap().push(request.url.clone());
        let loopback = Url::parse(&request.url).is_ok_and(|url| url.host() == "127.0.0.1");
        if loopback {
            return self.loopback.send(request);
        }
        Box::pin(async {
            Err(TransportError::new(
                TransportErrorKind::Other,
                "test transport: not sent",
            ))
        })
    }
}

/// A loopback listener that must receive nothing, and a recording transport.
struct Watch {
    listener: FaultServer,
    recorder: Recorder,
}

impl Watch {
    async fn new() -> Self {
        Self {
            listener: FaultServer::start(Vec::new()).await,
            recorder: Recorder::new(),
        }
    }

    /// `127.0.0.1:PORT` of the listener.
    fn authority(&self) -> &str {
        self.listener.url().trim_start_matches("http://")
    }

    fn assert_nothing_sent(&self, route: &str) {
        assert_eq!(self.recorder.urls(), Vec::<String>::new(), "{route}");
        assert_eq!(self.listener.connections(), 0, "{route}: listener reached");
    }

    fn config(&self, builder: ConfigBuilder) -> Config {
        builder
            .http_client(self.recorder.clone())
            .retry(RetryConfig::disabled())
            .build()
    }

    /// Loads `vars` (and nothing from any file) and makes one call with the result:
    /// the text of whichever step failed.
    async fn call_from_env(&self, vars: &[(&str, &str)]) -> String {
        let mut vars: Vec<(&str, &str)> = vars.to_vec();
        vars.extend([
            ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
        ]);
        let env = Env::fixed(vars, None);
        match ConfigLoader::new().env(env).load().await {
            Ok(loaded) => self.call(loaded.to_builder()).await,
            Err(e) => e.to_string(),
        }
    }

    /// One call with `builder`: the text of its error.
    async fn call(&self, builder: ConfigBuilder) -> String {
        let handle = Handle::new(&self.config(builder), &SPEC);
        match handle.send::<ListThings>(&ListThingsInput::default()).await {
            Ok(out) => panic!("the call succeeded: {out:?}"),
            Err(e) => e.to_string(),
        }
    }
}

fn credentials() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "secret", None)
}

/// `region` is refused from the environment, on the builder with the default endpoint,
/// and on the builder with an explicit endpoint (the region is signed into the request).
async fn assert_region_refused(region: &str) {
    let watch = Watch::new().await;
    let shown = format!("{region:?}");
    let from_env = watch.call_from_env(&[("AWS_REGION", region)]).await;
    watch.assert_nothing_sent("AWS_REGION");
    assert!(
        from_env.contains("AWS_REGION") && from_env.contains(&shown),
        "{from_env}"
    );

    let builder = Config::builder().region(region).credentials(credentials());
    let default_endpoint = watch.call(builder.clone()).await;
    watch.assert_nothing_sent("builder");
    let explicit = watch.call(builder.endpoint_url(watch.listener.url())).await;
    watch.assert_nothing_sent("builder with endpoint_url");
    for message in [default_endpoint, explicit] {
        assert!(
            message.contains("invalid region") && message.contains(&shown),
            "{message}"
        );
    }
}

#[tokio::test]
async fn region_with_user_info_and_fragment_is_refused() {
    within(LIMIT, assert_region_refused("us-east-1@evil.example#")).await;
}

#[tokio::test]
async fn region_with_a_path_is_refused() {
    within(LIMIT, assert_region_refused("evil.example/")).await;
}

#[tokio::test]
async fn region_with_a_port_path_and_query_is_refused() {
    within(LIMIT, assert_region_refused("evil.example:8443/x?")).await;
}

#[tokio::test]
async fn region_pointing_at_a_loopback_listener_is_refused() {
    within(LIMIT, async {
        // The port of a listener of its own, which must see nothing.
        let target = FaultServer::start(Vec::new()).await;
        let port = target.url().rsplit(':').next().unwrap().to_owned();
        assert_region_refused(&format!("x@127.0.0.1:{port}#")).await;
        assert_eq!(target.connections(), 0);
    })
    .await;
}

#[tokio::test]
async fn empty_region_is_refused() {
    within(LIMIT, async {
        let watch = Watch::new().await;
        let builder = Config::builder().region("").credentials(credentials());
        let message = watch.call(builder).await;
        watch.assert_nothing_sent("builder");
        assert!(message.contains(r#"invalid region """#), "{message}");

        // An empty variable counts as unset, as for every other setting: no region.
        let message = watch.call_from_env(&[("AWS_REGION", "")]).await;
        watch.assert_nothing_sent("AWS_REGION");
        assert!(message.contains("no region"), "{message}");
    })
    .await;
}

#[tokio::test]
async fn endpoint_url_with_a_backslash_before_an_at_sign_is_refused() {
    within(LIMIT, async {
        let watch = Watch::new().await;
        let url = format!(r"http://{}\@evil.example/", watch.authority());
        let from_env = watch
            .call_from_env(&[("AWS_REGION", "us-east-1"), ("AWS_ENDPOINT_URL", &url)])
            .await;
        watch.assert_nothing_sent("AWS_ENDPOINT_URL");
        assert!(
            from_env.contains("AWS_ENDPOINT_URL") && from_env.contains("invalid"),
            "{from_env}"
        );

        let builder = Config::builder()
            .region("us-east-1")
            .credentials(credentials())
            .endpoint_url(url);
        let message = watch.call(builder).await;
        watch.assert_nothing_sent("builder");
        assert!(message.contains("invalid endpoint URL"), "{message}");
    })
    .await;
}
