//! The client against a misbehaving server: retries, backoff, timeouts and the errors
//! a caller finally sees. Each test is bounded by `within`, so a hang fails it.

#![cfg(feature = "default-https-client")] // They go through the default transport.

mod support;

use std::time::{Duration, Instant};

use sdk_runtime::http::TransportErrorKind;
use sdk_runtime::{
    CallError, Config, ConfigBuilder, Credentials, Handle, RetryConfig, TimeoutKind,
};
use support::things::{ListThings, ListThingsInput, ListThingsOutput, SPEC};
use support::{within, FaultServer, Reply};

const LIMIT: Duration = Duration::from_secs(10);
const ATTEMPT_TIMEOUT: Duration = Duration::from_millis(300);

fn builder(server: &FaultServer) -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(server.url())
        .attempt_timeout(Some(ATTEMPT_TIMEOUT))
        .retry(
            RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(5))
                .with_max_backoff(Duration::from_millis(20)),
        )
}

async fn list_things(handle: &Handle) -> Result<ListThingsOutput, CallError> {
    handle.send::<ListThings>(&ListThingsInput::default()).await
}

fn ok() -> Reply {
    Reply::json(200, r#"{"items":["a","b"]}"#)
}

#[tokio::test]
async fn server_errors_are_retried_until_success() {
    within(LIMIT, async {
        let server = FaultServer::start(vec![
            Reply::error(500, "InternalFailure", "boom"),
            Reply::error(503, "ServiceUnavailable", "busy"),
            ok(),
        ])
        .await;
        let handle = Handle::new(&builder(&server).build(), &SPEC);
        let out = list_things(&handle).await.unwrap();
        assert_eq!(out.items, ["a", "b"]);

        let requests = server.requests();
        assert_eq!(requests.len(), 3);
        let attempts: Vec<_> = requests
            .iter()
            .map(|r| r.header("amz-sdk-request").unwrap_or_default().to_owned())
            .collect();
        assert_eq!(
            attempts,
            ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]
        );
        let ids: Vec<_> = requests
            .iter()
            .map(|r| r.header("amz-sdk-invocation-id"))
            .collect();
        assert!(
            ids[0].is_some() && ids.iter().all(|id| *id == ids[0]),
            "{ids:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn persistent_503_gives_the_service_error_after_three_attempts() {
    within(LIMIT, async {
        let busy = Reply::error(503, "ServiceUnavailable", "busy");
        let server = FaultServer::start(vec![busy.clone(), busy.clone(), busy]).await;
        let handle = Handle::new(&builder(&server).build(), &SPEC);
        let err = list_things(&handle).await.unwrap_err();
        let CallError::Service(raw) = &err else {
            panic!("expected a service error, got {err:?}");
        };
        assert_eq!(raw.code(), "ServiceUnavailable");
        assert_eq!(raw.meta().status(), 503);
        assert_eq!(raw.meta().message(), Some("busy"));
        assert_eq!(raw.meta().request_id(), Some("req-fault"));
        assert_eq!(server.requests().len(), 3);
    })
    .await;
}

#[tokio::test]
async fn throttling_is_retried_and_reported_with_its_code() {
    within(LIMIT, async {
        let throttled = Reply::error(400, "ThrottlingException", "Rate exceeded");
        let server = FaultServer::start(vec![throttled.clone(), ok()]).await;
        let handle = Handle::new(&builder(&server).build(), &SPEC);
        assert!(list_things(&handle).await.is_ok());
        assert_eq!(server.requests().len(), 2);

        let server =
            FaultServer::start(vec![throttled.clone(), throttled.clone(), throttled]).await;
        let handle = Handle::new(&builder(&server).build(), &SPEC);
        let err = list_things(&handle).await.unwrap_err();
        assert_eq!(
            err.as_service_error().map(|e| e.code()),
            Some("ThrottlingException")
        );
        assert_eq!(server.requests().len(), 3);
        assert!(err.to_string().contains("Rate exceeded"), "{err}");
    })
    .await;
}

#[tokio::test]
async fn other_client_errors_are_not_retried() {
    within(LIMIT, async {
        let server = FaultServer::start(vec![
            Reply::error(400, "ValidationException", "bad input"),
            ok(),
        ])
        .await;
        let handle = Handle::new(&builder(&server).build(), &SPEC);
        let err = list_things(&handle).await.unwrap_err();
        assert_eq!(
            err.as_service_error().map(|e| e.code()),
            Some("ValidationException")
        );
        assert_eq!(server.requests().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn garbled_json_is_a_response_error_without_retry() {
    within(LIMIT, async {
        let server = FaultServer::start(vec![Reply::garbled(), ok()]).await;
        let handle = Handle::new(&builder(&server).build(), &SPEC);
        let err = list_things(&handle).await.unwrap_err();
        let CallError::Response(malformed) = &err else {
            panic!("expected a malformed response, got {err:?}");
        };
        assert_eq!(malformed.status, 200);
        assert_eq!(malformed.request_id.as_deref(), Some("req-fault"));
        assert_eq!(server.requests().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_garbled_server_error_is_still_retried() {
    within(LIMIT, async {
        let server = FaultServer::start(vec![Reply::json(502, "<html>bad gateway"), ok()]).await;
        let handle = Handle::new(&builder(&server).build(), &SPEC);
        assert!(list_things(&handle).await.is_ok());
        assert_eq!(server.requests().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn truncated_bodies_are_transport_errors_after_three_attempts() {
    within(LIMIT, async {
        let cut = Reply::truncated();
        let server = FaultServer::start(vec![cut.clone(), cut.clone(), cut]).await;
        let handle = Handle::new(&builder(&server).build(), &SPEC);
        let err = list_things(&handle).await.unwrap_err();
        let CallError::Transport(transport) = &err else {
            panic!("expected a transport error, got {err:?}");
        };
        assert_eq!(transport.kind(), TransportErrorKind::Io);
        assert_eq!(server.requests().len(), 3);
    })
    .await;
}

#[tokio::test]
async fn a_truncated_body_then_a_good_one_succeeds() {
    within(LIMIT, async {
        let server = FaultServer::start(vec![Reply::truncated(), ok()]).await;
        let handle = Handle::new(&builder(&server).build(), &SPEC);
        assert_eq!(list_things(&handle).await.unwrap().items, ["a", "b"]);
    })
    .await;
}

#[tokio::test]
async fn slow_responses_time_out_each_attempt() {
    within(LIMIT, async {
        let slow = ok().after(Duration::from_secs(3));
        let server = FaultServer::start(vec![slow.clone(), slow.clone(), slow]).await;
        let handle = Handle::new(&builder(&server).build(), &SPEC);
        let started = Instant::now();
        let err = list_things(&handle).await.unwrap_err();
        let elapsed = started.elapsed();
        let CallError::Timeout(timeout) = &err else {
            panic!("expected a timeout, got {err:?}");
        };
        assert_eq!(timeout.kind(), TimeoutKind::Attempt);
        assert_eq!(timeout.limit(), ATTEMPT_TIMEOUT);
        assert_eq!(server.requests().len(), 3);
        // Three attempt timeouts plus two backoffs of at most 20 ms, and some slack.
        assert!(elapsed >= ATTEMPT_TIMEOUT * 3, "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    })
    .await;
}

#[tokio::test]
async fn a_slow_attempt_then_a_fast_one_succeeds() {
    within(LIMIT, async {
        let server = FaultServer::start(vec![ok().after(Duration::from_secs(3)), ok()]).await;
        let handle = Handle::new(&builder(&server).build(), &SPEC);
        assert!(list_things(&handle).await.is_ok());
    })
    .await;
}

#[tokio::test]
async fn the_operation_timeout_bounds_all_attempts() {
    within(LIMIT, async {
        let slow = ok().after(Duration::from_secs(3));
        let server = FaultServer::start(vec![slow.clone(), slow.clone(), slow]).await;
        let config = builder(&server)
            .operation_timeout(Some(Duration::from_millis(450)))
            .build();
        let handle = Handle::new(&config, &SPEC);
        let started = Instant::now();
        let err = list_things(&handle).await.unwrap_err();
        assert!(
            matches!(&err, CallError::Timeout(t) if t.kind() == TimeoutKind::Operation),
            "{err:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(1));
        // The deadline passes during the second attempt.
        assert!((1..=2).contains(&server.requests().len()));
    })
    .await;
}

#[tokio::test]
async fn refused_connections_are_retried_then_reported() {
    within(LIMIT, async {
        // A port that was just free: nothing listens there.
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
            .endpoint_url(format!("http://127.0.0.1:{port}"))
            .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(5)))
            .build();
        let err = list_things(&Handle::new(&config, &SPEC)).await.unwrap_err();
        let CallError::Transport(transport) = &err else {
            panic!("expected a transport error, got {err:?}");
        };
        assert_eq!(transport.kind(), TransportErrorKind::Connect);
    })
    .await;
}

#[tokio::test]
async fn retry_settings_change_the_number_of_attempts() {
    within(LIMIT, async {
        let busy = Reply::error(500, "InternalFailure", "boom");
        let server = FaultServer::start(vec![busy.clone(); 5]).await;
        let config = builder(&server).retry(RetryConfig::disabled()).build();
        assert!(list_things(&Handle::new(&config, &SPEC)).await.is_err());
        assert_eq!(server.requests().len(), 1);

        let server = FaultServer::start(vec![busy; 5]).await;
        let retry = RetryConfig::standard()
            .with_max_attempts(5)
            .with_initial_backoff(Duration::from_millis(1));
        let config = builder(&server).retry(retry).build();
        assert!(list_things(&Handle::new(&config, &SPEC)).await.is_err());
        assert_eq!(server.requests().len(), 5);
        assert_eq!(
            server.requests()[4].header("amz-sdk-request"),
            Some("attempt=5; max=5")
        );
    })
    .await;
}

#[tokio::test]
async fn connections_are_kept_alive_and_reused() {
    within(LIMIT, async {
        let server = FaultServer::start(vec![ok().keep_alive(), ok().keep_alive(), ok()]).await;
        let handle = Handle::new(&builder(&server).build(), &SPEC);
        for _ in 0..3 {
            assert!(list_things(&handle).await.is_ok());
        }
        assert_eq!(server.requests().len(), 3);
        assert_eq!(server.connections(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_pooled_connection_the_server_dropped_is_replaced() {
    within(LIMIT, async {
        let server = FaultServer::start(vec![ok().then_hang_up(), ok()]).await;
        let handle = Handle::new(&builder(&server).build(), &SPEC);
        assert!(list_things(&handle).await.is_ok());
        // Give the connection time to see the hang-up, as an idle one would.
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(list_things(&handle).await.is_ok());
        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(server.connections(), 2);
        // No retry was spent on the dead connection.
        assert_eq!(
            requests[1].header("amz-sdk-request"),
            Some("attempt=1; max=3")
        );
    })
    .await;
}

#[tokio::test]
async fn requests_are_awsjson_posts_signed_for_the_service() {
    within(LIMIT, async {
        let server = FaultServer::start(vec![ok()]).await;
        let handle = Handle::new(&builder(&server).build(), &SPEC);
        let input = ListThingsInput {
            next_token: Some("t1".into()),
            max_results: None,
        };
        handle.send::<ListThings>(&input).await.unwrap();
        let request = &server.requests()[0];
        assert_eq!(
            (request.method.as_str(), request.path.as_str()),
            ("POST", "/")
        );
        assert_eq!(
            request.header("content-type"),
            Some("application/x-amz-json-1.1")
        );
        assert_eq!(
            request.header("x-amz-target"),
            Some("FaultTest_20240101.ListThings")
        );
        assert_eq!(request.body, br#"{"nextToken": "t1"}"#);
        let authorization = request.header("authorization").unwrap_or_default();
        assert!(
            authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
            "{authorization}"
        );
        assert!(
            authorization.contains("/us-east-1/faulttest/aws4_request, ")
                && authorization
                    .contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target, "),
            "{authorization}"
        );
        assert!(request.header("x-amz-date").is_some());
        assert!(request.header("user-agent").is_some());
        assert_eq!(request.header("host"), server.url().strip_prefix("http://"));
        assert_eq!(request.header("content-length"), Some("19"));
    })
    .await;
}

#[tokio::test]
async fn missing_configuration_is_a_construction_error() {
    within(LIMIT, async {
        let no_region = Config::builder()
            .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
            .build();
        let err = list_things(&Handle::new(&no_region, &SPEC))
            .await
            .unwrap_err();
        assert!(matches!(err, CallError::Construction(_)), "{err:?}");
        assert!(err.to_string().contains("region"), "{err}");

        let no_credentials = Config::builder().region("us-east-1").build();
        let err = list_things(&Handle::new(&no_credentials, &SPEC))
            .await
            .unwrap_err();
        assert!(matches!(err, CallError::Construction(_)), "{err:?}");
        assert!(err.to_string().contains("credentials"), "{err}");

        let bad_endpoint = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
            .endpoint_url("127.0.0.1:1")
            .build();
        let err = list_things(&Handle::new(&bad_endpoint, &SPEC))
            .await
            .unwrap_err();
        assert!(matches!(err, CallError::Construction(_)), "{err:?}");
    })
    .await;
}
