//! The default transport over TLS, against a local server whose certificate (for
//! `localhost` and 127.0.0.1) is signed by a test authority kept in `tests/tls/`.

#![cfg(feature = "default-https-client")]

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use sdk_runtime::http::{HttpClient, HttpRequest, TransportErrorKind};
use sdk_runtime::https::HyperClient;
use sdk_runtime::protocol::ServiceSpec;
use sdk_runtime::{CallError, Config, Credentials, Handle, RetryConfig};
use support::things::{ListThings, ListThingsInput};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

const CA: &[u8] = include_bytes!("tls/ca.pem");
const SERVER_CERT: &[u8] = include_bytes!("tls/server.pem");
const SERVER_KEY: &[u8] = include_bytes!("tls/server.key");
const LIMIT: Duration = Duration::from_secs(10);

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Serves `connections` TLS connections, one fixed JSON answer each, then stops; counts
/// the TCP connections it accepts.
async fn tls_server(connections: usize) -> (u16, Arc<AtomicUsize>, tokio::task::JoinHandle<usize>) {
    let config = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from_pem_slice(SERVER_CERT).unwrap()],
            PrivateKeyDer::from_pem_slice(SERVER_KEY).unwrap(),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    let task = tokio::spawn(async move {
        let mut served = 0;
        for _ in 0..connections {
            let Ok((tcp, _)) = listener.accept().await else {
                break;
            };
            counter.fetch_add(1, Ordering::SeqCst);
            let Ok(mut tls) = acceptor.accept(tcp).await else {
                continue;
            };
            let mut request = [0u8; 4096];
            if tls.read(&mut request).await.unwrap_or(0) == 0 {
                continue;
            }
            let body = r#"{"secure":true}"#;
            let response = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = tls.write_all(response.as_bytes()).await;
            let _ = tls.shutdown().await;
            served += 1;
        }
        served
    });
    (port, accepted, task)
}

fn trusting_the_test_authority() -> HyperClient {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(CA).unwrap())
        .unwrap();
    let config = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    HyperClient::with_tls_config(Some(Duration::from_secs(2)), config)
}

fn get(url: String) -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        url,
        headers: [("content-type", "application/x-amz-json-1.1")]
            .into_iter()
            .collect(),
        body: b"{}".to_vec(),
    }
}

#[tokio::test]
async fn speaks_https_to_a_trusted_server_by_name_and_by_address() {
    tokio::time::timeout(LIMIT, async {
        let (port, _, server) = tls_server(2).await;
        let client = trusting_the_test_authority();
        for host in ["localhost", "127.0.0.1"] {
            let response = client
                .send(get(format!("https://{host}:{port}/")))
                .await
                .unwrap_or_else(|e| panic!("{host}: {e:?}"));
            assert_eq!(response.status, 200);
            assert_eq!(response.body, br#"{"secure":true}"#);
        }
        assert_eq!(server.await.unwrap(), 2);
    })
    .await
    .expect("test hung");
}

#[tokio::test]
async fn refuses_a_server_the_default_roots_do_not_trust() {
    tokio::time::timeout(LIMIT, async {
        let (port, _, _server) = tls_server(1).await;
        let client = HyperClient::new(Some(Duration::from_secs(2)));
        let error = client
            .send(get(format!("https://localhost:{port}/")))
            .await
            .unwrap_err();
        assert_eq!(error.kind(), TransportErrorKind::Tls);
        assert!(!error.is_retryable());
        assert!(error.to_string().contains("certificate"), "{error}");
    })
    .await
    .expect("test hung");
}

static SPEC: ServiceSpec = ServiceSpec {
    service_id: "Tls Test",
    signing_name: "tlstest",
    endpoint_prefix: "tlstest",
    target_prefix: "TlsTest_20240101",
    json_version: "1.1",
    api_version: "2024-01-01",
    protocol: sdk_runtime::schema::Protocol::AwsJson1_1,
    query_compatible: false,
    default_headers: &[],
};

#[tokio::test]
async fn a_refused_certificate_is_not_retried() {
    tokio::time::timeout(LIMIT, async {
        let (port, accepted, _server) = tls_server(3).await;
        // The default configuration: Mozilla's roots, which do not know the test
        // authority, and standard retries (quick ones, so that a retry would be seen).
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
            .endpoint_url(format!("https://localhost:{port}"))
            .retry(
                RetryConfig::standard()
                    .with_initial_backoff(Duration::from_millis(5))
                    .with_max_backoff(Duration::from_millis(20)),
            )
            .build();
        let handle = Handle::new(&config, &SPEC);
        let error = handle
            .send::<ListThings>(&ListThingsInput::default())
            .await
            .unwrap_err();
        let CallError::Transport(error) = error else {
            panic!("expected a transport error, got {error:?}");
        };
        assert_eq!(error.kind(), TransportErrorKind::Tls, "{error}");
        assert_eq!(accepted.load(Ordering::SeqCst), 1, "one attempt only");
    })
    .await
    .expect("test hung");
}
