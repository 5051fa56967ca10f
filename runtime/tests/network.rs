//! Networks as companies run them, on loopback: a private certificate authority given by
//! `AWS_CA_BUNDLE` or the profile's `ca_bundle`, and proxies from `HTTPS_PROXY`,
//! `HTTP_PROXY` and `NO_PROXY` (a CONNECT tunnel for https, absolute-form requests for
//! http). Every server here accepts a bounded number of connections, reads bounded
//! heads and lives a bounded time.

#![cfg(feature = "default-https-client")]

mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use sdk_runtime::env::Env;
use sdk_runtime::http::TransportErrorKind;
use sdk_runtime::protocol::ServiceSpec;
use sdk_runtime::proxy::{Proxy, ProxyConfig};
use sdk_runtime::tls::CaBundle;
use sdk_runtime::{
    CallError, Config, ConfigError, ConfigLoader, Credentials, Handle, RetryConfig, TimeoutKind,
};
use support::things::{ListThings, ListThingsInput, ListThingsOutput};
use support::{within, FaultServer, Reply};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

const CA: &[u8] = include_bytes!("tls/ca.pem");
const SERVER_CERT: &[u8] = include_bytes!("tls/server.pem");
const SERVER_KEY: &[u8] = include_bytes!("tls/server.key");
const LIMIT: Duration = Duration::from_secs(15);
/// Largest request head a test server reads.
const MAX_HEAD: usize = 8 * 1024;

static SPEC: ServiceSpec = ServiceSpec {
    service_id: "Net Test",
    signing_name: "nettest",
    endpoint_prefix: "nettest",
    target_prefix: "NetTest_20240101",
    json_version: "1.1",
    api_version: "2024-01-01",
    protocol: sdk_runtime::schema::Protocol::AwsJson1_1,
    query_compatible: false,
    default_headers: &[],
};

fn tls_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tls")
}

/// Serves up to `connections` TLS connections, one JSON answer each; counts the TCP
/// connections it accepts.
async fn tls_server(connections: usize) -> (u16, Arc<AtomicUsize>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
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
    tokio::spawn(tokio::time::timeout(LIMIT, async move {
        for _ in 0..connections {
            let Ok((tcp, _)) = listener.accept().await else {
                break;
            };
            counter.fetch_add(1, Ordering::SeqCst);
            let Ok(mut tls) = acceptor.accept(tcp).await else {
                continue;
            };
            let mut request = [0u8; MAX_HEAD];
            if tls.read(&mut request).await.unwrap_or(0) == 0 {
                continue;
            }
            let body = r#"{"items":["secure"]}"#;
            let response = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = tls.write_all(response.as_bytes()).await;
            let _ = tls.shutdown().await;
        }
    }));
    (port, accepted)
}

/// What a test proxy does with a connection.
#[derive(Clone, Copy)]
enum ProxyMode {
    /// Opens the CONNECT tunnel to the loopback port asked for.
    Tunnel,
    /// Answers every request itself with this status (a JSON body for 200).
    Answer(u16),
}

/// A proxy on 127.0.0.1 that records the head of the first request of each connection.
struct TestProxy {
    url: String,
    heads: Arc<Mutex<Vec<String>>>,
    connections: Arc<AtomicUsize>,
}

impl TestProxy {
    async fn start(mode: ProxyMode, max_connections: usize) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let heads = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let (log, count) = (Arc::clone(&heads), Arc::clone(&connections));
        tokio::spawn(tokio::time::timeout(LIMIT, async move {
            let mut tasks = tokio::task::JoinSet::new();
            for _ in 0..max_connections {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                count.fetch_add(1, Ordering::SeqCst);
                tasks.spawn(proxy_connection(socket, mode, Arc::clone(&log)));
            }
            while tasks.join_next().await.is_some() {}
        }));
        Self {
            url,
            heads,
            connections,
        }
    }

    fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

async fn proxy_connection(mut client: TcpStream, mode: ProxyMode, log: Arc<Mutex<Vec<String>>>) {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") && head.len() < MAX_HEAD {
        let mut byte = [0u8; 1];
        if client.read(&mut byte).await.unwrap_or(0) == 0 {
            return;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    log.lock().unwrap().push(head.clone());
    match mode {
        ProxyMode::Tunnel => {
            // Only loopback targets: `CONNECT localhost:PORT HTTP/1.1`.
            let target = head.split(' ').nth(1).unwrap_or_default();
            let port = target
                .rsplit_once(':')
                .and_then(|(_, p)| p.parse::<u16>().ok());
            let Some(port) = port.filter(|_| head.starts_with("CONNECT ")) else {
                let _ = client.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n").await;
                return;
            };
            let Ok(mut upstream) = TcpStream::connect(("127.0.0.1", port)).await else {
                let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
                return;
            };
            let _ = client
                .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                .await;
            let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
        }
        ProxyMode::Answer(status) => {
            let body = if status == 200 {
                r#"{"items":["proxied"]}"#
            } else {
                ""
            };
            let reason = match status {
                200 => "OK",
                403 => "Forbidden",
                407 => "Proxy Authentication Required",
                _ => "Scripted",
            };
            let response = format!(
                "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\n\
                 Proxy-Authenticate: Basic realm=\"corp\"\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = client.write_all(response.as_bytes()).await;
        }
    }
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.split("\r\n")
        .filter_map(|line| line.split_once(':'))
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

/// `Config::from_env` with exactly these variables and a home holding `config`.
async fn from_env(vars: &[(&str, &str)], config: &str) -> Result<Config, ConfigError> {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".aws")).unwrap();
    std::fs::write(home.path().join(".aws/config"), config).unwrap();
    let mut all = vec![
        ("AWS_REGION", "us-east-1"),
        ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        ("AWS_SECRET_ACCESS_KEY", "secret"),
    ];
    all.extend_from_slice(vars);
    let env = Env::fixed(all, Some(home.path().to_path_buf()));
    ConfigLoader::new().env(env).load().await
}

/// Quick retries, so that a retried failure would be seen as a second connection.
fn quick_retries(config: Config) -> Config {
    config
        .to_builder()
        .retry(
            RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(5))
                .with_max_backoff(Duration::from_millis(20)),
        )
        .connect_timeout(Some(Duration::from_secs(3)))
        .build()
}

async fn call(config: &Config) -> Result<ListThingsOutput, CallError> {
    Handle::new(config, &SPEC)
        .send::<ListThings>(&ListThingsInput::default())
        .await
}

/// The output a server marks itself with: one item naming it.
fn answer_of(server: &str) -> ListThingsOutput {
    ListThingsOutput {
        items: vec![server.to_owned()],
        next_token: None,
    }
}

fn transport(result: Result<ListThingsOutput, CallError>) -> sdk_runtime::TransportError {
    match result {
        Err(CallError::Transport(e)) => e,
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[tokio::test]
async fn aws_ca_bundle_trusts_a_private_authority() {
    within(LIMIT, async {
        let (port, accepted) = tls_server(2).await;
        let ca = tls_dir().join("ca.pem");
        let endpoint = format!("https://localhost:{port}");
        let vars = [
            ("AWS_CA_BUNDLE", ca.to_str().unwrap()),
            ("AWS_ENDPOINT_URL", endpoint.as_str()),
        ];
        let config = from_env(&vars, "").await.unwrap();
        let answer = call(&config).await.unwrap();
        assert_eq!(answer, answer_of("secure"));
        assert_eq!(accepted.load(Ordering::SeqCst), 1);
    })
    .await;
}

#[tokio::test]
async fn the_profile_ca_bundle_is_read_and_aws_ca_bundle_wins_over_it() {
    within(LIMIT, async {
        let (port, accepted) = tls_server(3).await;
        let ca = tls_dir().join("ca.pem");
        let profile = format!("[default]\nca_bundle = {}\n", ca.display());
        let endpoint = format!("https://localhost:{port}");
        let vars = [("AWS_ENDPOINT_URL", endpoint.as_str())];
        let config = from_env(&vars, &profile).await.unwrap();
        assert_eq!(call(&config).await.unwrap(), answer_of("secure"));

        // The server's own certificate is a valid bundle, but not its issuer: the
        // variable is used, and the profile's authority is not trusted besides it.
        let leaf = tls_dir().join("server.pem");
        let vars = [
            ("AWS_ENDPOINT_URL", endpoint.as_str()),
            ("AWS_CA_BUNDLE", leaf.to_str().unwrap()),
        ];
        let config = quick_retries(from_env(&vars, &profile).await.unwrap());
        let error = transport(call(&config).await);
        assert_eq!(error.kind(), TransportErrorKind::Tls, "{error}");
        assert_eq!(accepted.load(Ordering::SeqCst), 2, "not retried");
    })
    .await;
}

#[tokio::test]
async fn without_a_bundle_the_private_authority_is_refused_and_not_retried() {
    within(LIMIT, async {
        let (port, accepted) = tls_server(3).await;
        let endpoint = format!("https://localhost:{port}");
        let config = quick_retries(
            from_env(&[("AWS_ENDPOINT_URL", endpoint.as_str())], "")
                .await
                .unwrap(),
        );
        let error = transport(call(&config).await);
        assert_eq!(error.kind(), TransportErrorKind::Tls, "{error}");
        assert!(!error.is_retryable());
        assert_eq!(accepted.load(Ordering::SeqCst), 1);
    })
    .await;
}

#[tokio::test]
async fn the_builder_takes_a_bundle_from_pem_or_a_file() {
    within(LIMIT, async {
        let (port, _) = tls_server(2).await;
        for bundle in [
            CaBundle::from_pem(CA).unwrap(),
            CaBundle::from_file(tls_dir().join("ca.pem")).unwrap(),
        ] {
            assert_eq!(bundle.len(), 1);
            let config = Config::builder()
                .region("us-east-1")
                .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
                .endpoint_url(format!("https://localhost:{port}"))
                .ca_bundle(bundle)
                .build();
            assert_eq!(call(&config).await.unwrap(), answer_of("secure"));
        }
    })
    .await;
}

#[tokio::test]
async fn a_missing_or_unusable_bundle_is_a_configuration_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.pem");
    let garbage = dir.path().join("garbage.pem");
    std::fs::write(&garbage, "not a certificate\n").unwrap();
    let broken = dir.path().join("broken.pem");
    std::fs::write(
        &broken,
        "-----BEGIN CERTIFICATE-----\n@@@not base64@@@\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let not_x509 = dir.path().join("not_x509.pem");
    std::fs::write(
        &not_x509,
        "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let key_only = dir.path().join("key.pem");
    std::fs::write(&key_only, SERVER_KEY).unwrap();
    let huge = dir.path().join("huge.pem");
    std::fs::write(&huge, vec![b'A'; 5 << 20]).unwrap();
    let directory = dir.path().to_path_buf();
    for (path, reason) in [
        (&missing, "cannot read"),
        (&garbage, "no certificate"),
        (&broken, "PEM"),
        (&not_x509, "certificate 1"),
        (&key_only, "no certificate"),
        (&huge, "larger than"),
        (&directory, "not a regular file"),
    ] {
        let shown = path.to_str().unwrap();
        let error = from_env(&[("AWS_CA_BUNDLE", shown)], "").await.unwrap_err();
        let message = error.to_string();
        assert!(message.contains("AWS_CA_BUNDLE"), "{message}");
        assert!(message.contains(shown), "{message}");
        assert!(message.contains(reason), "{reason}: {message}");

        let profile = format!("[default]\nca_bundle = {shown}\n");
        let message = from_env(&[], &profile).await.unwrap_err().to_string();
        assert!(
            message.contains("ca_bundle") && message.contains(shown),
            "{message}"
        );
    }
    let error = CaBundle::from_file(&missing).unwrap_err();
    assert!(
        error.to_string().contains(missing.to_str().unwrap()),
        "{error}"
    );
}

#[tokio::test]
async fn https_goes_through_a_connect_tunnel_with_the_proxy_credentials() {
    within(LIMIT, async {
        let (port, accepted) = tls_server(2).await;
        let proxy = TestProxy::start(ProxyMode::Tunnel, 2).await;
        let ca = tls_dir().join("ca.pem");
        let endpoint = format!("https://localhost:{port}");
        // `%40` is an `@` of the password, sent decoded as curl and botocore send it.
        let proxy_url = proxy
            .url
            .replace("http://", "http://corp-user:p%40ss-word@");
        let vars = [
            ("AWS_CA_BUNDLE", ca.to_str().unwrap()),
            ("AWS_ENDPOINT_URL", endpoint.as_str()),
            ("HTTPS_PROXY", proxy_url.as_str()),
            // A proxy for http only must not be used for https.
            ("http_proxy", "http://127.0.0.1:9"),
        ];
        let config = from_env(&vars, "").await.unwrap();
        assert_eq!(call(&config).await.unwrap(), answer_of("secure"));
        let heads = proxy.heads();
        assert_eq!(heads.len(), 1, "{heads:?}");
        assert!(
            heads[0].starts_with(&format!("CONNECT localhost:{port} HTTP/1.1\r\n")),
            "{heads:?}"
        );
        assert_eq!(
            header(&heads[0], "host"),
            Some(&*format!("localhost:{port}"))
        );
        // base64("corp-user:p@ss-word")
        assert_eq!(
            header(&heads[0], "proxy-authorization"),
            Some("Basic Y29ycC11c2VyOnBAc3Mtd29yZA==")
        );
        // The request itself went through the tunnel, encrypted: no signature on it.
        assert!(header(&heads[0], "authorization").is_none());
        assert_eq!(accepted.load(Ordering::SeqCst), 1);

        let shown = format!("{config:?}");
        assert!(shown.contains("http://***@127.0.0.1:"), "{shown}");
        assert!(
            !shown.contains("p%40ss-word") && !shown.contains("p@ss"),
            "{shown}"
        );
    })
    .await;
}

#[tokio::test]
async fn http_goes_to_the_proxy_in_absolute_form() {
    within(LIMIT, async {
        let proxy = TestProxy::start(ProxyMode::Answer(200), 2).await;
        // A name nothing resolves: only the proxy can answer for it.
        let vars = [
            ("AWS_ENDPOINT_URL", "http://nettest.invalid:8080/base"),
            ("HTTP_PROXY", proxy.url.as_str()),
            ("NO_PROXY", "example.com,.internal"),
        ];
        let config = from_env(&vars, "").await.unwrap();
        assert_eq!(call(&config).await.unwrap(), answer_of("proxied"));
        let heads = proxy.heads();
        assert!(
            heads[0].starts_with("POST http://nettest.invalid:8080/base HTTP/1.1\r\n"),
            "{heads:?}"
        );
        assert_eq!(header(&heads[0], "host"), Some("nettest.invalid:8080"));
        assert!(header(&heads[0], "proxy-authorization").is_none());
        assert!(header(&heads[0], "authorization").is_some(), "still signed");
    })
    .await;
}

#[tokio::test]
async fn no_proxy_sends_requests_directly_and_the_proxy_sees_nothing() {
    within(LIMIT, async {
        let proxy = TestProxy::start(ProxyMode::Answer(200), 8).await;
        let server = FaultServer::start(vec![Reply::json(200, r#"{"items":["direct"]}"#); 6]).await;
        let port = server.url().rsplit_once(':').unwrap().1.to_owned();
        let endpoint = format!("http://localhost:{port}");
        let by_port = format!("other.example,localhost:{port}");
        for no_proxy in ["*", "localhost", ".localhost", " LOCALHOST ", &by_port] {
            for (proxy_var, no_proxy_var) in
                [("HTTP_PROXY", "NO_PROXY"), ("http_proxy", "no_proxy")]
            {
                let vars = [
                    ("AWS_ENDPOINT_URL", endpoint.as_str()),
                    (proxy_var, proxy.url.as_str()),
                    (no_proxy_var, no_proxy),
                ];
                if no_proxy_var == "no_proxy" && no_proxy != "*" {
                    continue;
                }
                let config = from_env(&vars, "").await.unwrap();
                let answer = call(&config).await.unwrap();
                assert_eq!(answer, answer_of("direct"), "{no_proxy}");
            }
        }
        assert_eq!(server.requests().len(), 6);
        assert_eq!(proxy.connections(), 0, "{:?}", proxy.heads());

        // Not matched: a suffix that is not a whole label, another port.
        for no_proxy in ["calhost", format!("localhost:{}", 1).as_str()] {
            let vars = [
                ("AWS_ENDPOINT_URL", endpoint.as_str()),
                ("HTTP_PROXY", proxy.url.as_str()),
                ("NO_PROXY", no_proxy),
            ];
            let config = from_env(&vars, "").await.unwrap();
            assert_eq!(
                call(&config).await.unwrap(),
                answer_of("proxied"),
                "{no_proxy}"
            );
        }
        assert_eq!(proxy.connections(), 2);
    })
    .await;
}

#[tokio::test]
async fn a_proxy_refusing_the_tunnel_is_a_clear_error_that_is_not_retried() {
    within(LIMIT, async {
        for (status, expected) in [(407, "407"), (403, "403")] {
            let proxy = TestProxy::start(ProxyMode::Answer(status), 4).await;
            let proxy_url = proxy.url.replace("http://", "http://user:hunter2@");
            let vars = [
                ("AWS_ENDPOINT_URL", "https://nettest.invalid"),
                ("HTTPS_PROXY", proxy_url.as_str()),
            ];
            let config = quick_retries(from_env(&vars, "").await.unwrap());
            let error = transport(call(&config).await);
            assert_eq!(error.kind(), TransportErrorKind::Proxy, "{error}");
            assert!(!error.is_retryable());
            let message = format!("{error} {error:?}");
            assert!(message.contains(expected), "{message}");
            assert!(message.contains("nettest.invalid:443"), "{message}");
            assert!(!message.contains("hunter2"), "{message}");
            assert_eq!(proxy.connections(), 1, "not retried");
        }

        // A forwarding proxy's 407 for a plain http request is the same error.
        let proxy = TestProxy::start(ProxyMode::Answer(407), 4).await;
        let vars = [
            ("AWS_ENDPOINT_URL", "http://nettest.invalid"),
            ("HTTP_PROXY", proxy.url.as_str()),
        ];
        let config = quick_retries(from_env(&vars, "").await.unwrap());
        let error = transport(call(&config).await);
        assert_eq!(error.kind(), TransportErrorKind::Proxy, "{error}");
        assert!(error.to_string().contains("407"), "{error}");
        assert_eq!(proxy.connections(), 1, "not retried");
    })
    .await;
}

#[tokio::test]
async fn a_proxy_that_does_not_answer_like_one_is_bounded() {
    within(LIMIT, async {
        // Endless header lines: the client stops reading at its limit.
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(tokio::time::timeout(LIMIT, async move {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let _ = socket.write_all(b"HTTP/1.1 200 OK\r\n").await;
            let line = format!("X-Filler: {}\r\n", "a".repeat(1000));
            while socket.write_all(line.as_bytes()).await.is_ok() {}
        }));
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
            .endpoint_url("https://nettest.invalid")
            .retry(RetryConfig::disabled())
            .proxy(ProxyConfig::new().https(Proxy::parse(&url).unwrap()))
            .build();
        let error = transport(call(&config).await);
        assert_eq!(error.kind(), TransportErrorKind::Proxy, "{error}");
        assert!(error.to_string().contains("8192"), "{error}");
    })
    .await;
}

#[tokio::test]
async fn a_silent_proxy_is_cut_off_by_the_connect_timeout() {
    within(LIMIT, async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(tokio::time::timeout(LIMIT, async move {
            // Accepts and reads, never answers.
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let mut sink = [0u8; 1024];
            while socket.read(&mut sink).await.unwrap_or(0) > 0 {}
        }));
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
            .endpoint_url("https://nettest.invalid")
            .retry(RetryConfig::disabled())
            .connect_timeout(Some(Duration::from_millis(300)))
            .proxy(ProxyConfig::new().https(Proxy::parse(&url).unwrap()))
            .build();
        match call(&config).await {
            Err(CallError::Timeout(e)) => assert_eq!(e.kind(), TimeoutKind::Connect),
            other => panic!("expected the connect timeout, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn hostile_proxy_settings_are_refused_by_name_without_their_password() {
    for bad in [
        "http://proxy:99999",
        "http://proxy:+80",
        "http://bad proxy:3128",
        "http://proxy:3128\r\nX-Injected: 1",
        "socks5://proxy:1080",
        "https://proxy:443",
        "http://proxy:3128/some/path",
        "http://proxy:3128/?query",
        "http://user@proxy:3128",
        "http://:secret-pw@proxy:3128",
        "http://",
        "http://user:secret-pw@",
    ] {
        for var in ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"] {
            let error = from_env(&[(var, bad)], "").await.unwrap_err();
            let message = format!("{error} {error:?}");
            assert!(message.contains(var), "{bad}: {message}");
            assert!(!message.contains("secret-pw"), "{message}");
        }
        let error = Proxy::parse(bad).unwrap_err();
        assert!(
            !format!("{error} {error:?}").contains("secret-pw"),
            "{error}"
        );
    }
    // Lower-case names win over upper-case ones, as curl and botocore read them.
    let config = from_env(
        &[
            ("https_proxy", "http://good:3128"),
            ("HTTPS_PROXY", "http://bad proxy"),
        ],
        "",
    )
    .await;
    assert!(config.is_ok(), "{config:?}");
}
