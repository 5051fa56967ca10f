//! Secrets never show in `Debug`, `Display` or error text: secret keys and tokens of the
//! shared files, and passwords of endpoint URLs (which are refused, not sent).

#![cfg(feature = "default-https-client")] // The listener is reached over it.

mod support;

use std::path::Path;
use std::time::Duration;

use sdk_runtime::env::Env;
use sdk_runtime::profile::ProfileSet;
use sdk_runtime::{CallError, Config, ConfigLoader, Credentials, Handle, RetryConfig};
use support::things::{ListThings, ListThingsInput, SPEC};
use support::{within, FaultServer, Reply};

const LIMIT: Duration = Duration::from_secs(10);

/// Values that must never be shown.
const SECRETS: [&str; 6] = [
    "file-secret-key",
    "file-session-token",
    "file-sso-token",
    "file-password",
    "url-password",
    "env-secret-key",
];

fn assert_hidden(what: &str, shown: &str) {
    for secret in SECRETS {
        assert!(!shown.contains(secret), "{secret} in {what}: {shown}");
    }
}

/// Writes a config and a credentials file holding secrets; returns their directory.
fn shared_files(endpoint_url: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config"),
        format!(
            "[default]\nregion = us-east-1\nendpoint_url = {endpoint_url}\nservices = local\n\
             sso_access_token = file-sso-token\nproxy_password = file-password\n\
             [services local]\nfault_test =\n  endpoint_url = {endpoint_url}\n  \
             api_token = file-sso-token\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("credentials"),
        "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret-key\n\
         aws_session_token = file-session-token\n",
    )
    .unwrap();
    dir
}

fn env(dir: &Path, vars: &[(&str, &str)]) -> Env {
    let config = dir.join("config").display().to_string();
    let credentials = dir.join("credentials").display().to_string();
    let mut all = vec![
        ("AWS_CONFIG_FILE".to_owned(), config),
        ("AWS_SHARED_CREDENTIALS_FILE".to_owned(), credentials),
    ];
    all.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Env::fixed(all, None)
}

#[test]
fn profiles_and_sections_hide_secret_settings() {
    let dir = shared_files("http://user:url-password@localhost:4566");
    let set = ProfileSet::load(&env(dir.path(), &[])).unwrap();
    let profile = set.profile("default").unwrap();
    let services = set.services("local").unwrap();
    // The values are there to be used...
    assert_eq!(
        profile.get("aws_secret_access_key"),
        Some("file-secret-key")
    );
    assert_eq!(
        services.get_nested("fault_test", "api_token"),
        Some("file-sso-token")
    );
    // ...but not shown; what is not secret still is.
    for shown in [
        format!("{set:?}"),
        format!("{set:#?}"),
        format!("{profile:?}"),
        format!("{services:#?}"),
    ] {
        assert_hidden("ProfileSet", &shown);
        assert!(!shown.contains("AKIDFILE"), "{shown}");
        assert!(shown.contains("http://***@localhost:4566"), "{shown}");
    }
    let shown = format!("{profile:?}");
    for visible in ["aws_secret_access_key", "us-east-1", "AKID****"] {
        assert!(shown.contains(visible), "{visible} not in {shown}");
    }
}

/// Every way a password in an endpoint URL could come in from the environment or the
/// shared files is refused by `from_env`, naming the setting but not the password.
#[tokio::test]
async fn from_env_refuses_endpoint_urls_with_a_password_without_showing_it() {
    let url = "http://user:url-password@localhost:4566/";
    let plain = shared_files("http://localhost:4566");
    let with_password = shared_files(url);
    let cases = [
        (
            "AWS_ENDPOINT_URL",
            env(plain.path(), &[("AWS_ENDPOINT_URL", url)]),
        ),
        ("endpoint_url", env(with_password.path(), &[])),
        (
            "endpoint_url",
            env(
                with_password.path(),
                &[("AWS_ENDPOINT_URL", "http://localhost:1")],
            ),
        ),
    ];
    for (setting, env) in cases {
        let loader = ConfigLoader::new().env(env);
        assert_hidden("ConfigLoader", &format!("{loader:?}"));
        let error = loader.load().await.unwrap_err();
        let (shown, debug) = (error.to_string(), format!("{error:?}"));
        assert_hidden("ConfigError", &shown);
        assert_hidden("ConfigError Debug", &debug);
        assert!(
            shown.contains(setting) && shown.contains("user name or password"),
            "{shown}"
        );
    }
}

/// On the builder (and in the per-service variable, read when a client is made), a
/// password in the endpoint URL fails every call before anything is sent; no `Debug`
/// or error text shows it.
#[tokio::test]
async fn endpoint_urls_with_a_password_fail_calls_without_showing_it() {
    within(LIMIT, async {
        let listener = FaultServer::start(vec![Reply::json(200, "{}")]).await;
        let authority = listener.url().trim_start_matches("http://");
        let url = format!("http://user:url-password@{authority}/");
        let credentials = Credentials::new("AKIDEXAMPLE", "env-secret-key", None);
        let builder = Config::builder()
            .region("us-east-1")
            .credentials(credentials.clone())
            .retry(RetryConfig::disabled());

        let explicit = builder.clone().endpoint_url(&url).build();
        let dir = shared_files("http://localhost:4566");
        let loaded = ConfigLoader::new()
            .env(env(dir.path(), &[("AWS_ENDPOINT_URL_FAULT_TEST", &url)]))
            .load()
            .await
            .unwrap();
        assert_hidden("Config from the files", &format!("{loaded:#?}"));
        let by_service_variable = loaded.to_builder().credentials(credentials).build();
        for config in [explicit, by_service_variable] {
            assert_hidden("Config", &format!("{config:?}"));
            assert_hidden("ConfigBuilder", &format!("{:?}", config.to_builder()));
            let handle = Handle::new(&config, &SPEC);
            assert_hidden("Handle", &format!("{handle:#?}"));
            let error = handle
                .send::<ListThings>(&ListThingsInput::default())
                .await
                .unwrap_err();
            assert!(matches!(error, CallError::Construction(_)), "{error:?}");
            let shown = error.to_string();
            assert_hidden("CallError", &shown);
            assert_hidden("CallError Debug", &format!("{error:?}"));
            assert!(shown.contains("user name or password"), "{shown}");
        }
        assert_eq!(listener.connections(), 0, "the request was sent");
    })
    .await;
}

/// Credentials that cannot be used are explained without their secret parts.
#[tokio::test]
async fn credential_errors_do_not_show_secrets() {
    let dir = shared_files("http://localhost:4566");
    let half = env(
        dir.path(),
        &[
            ("AWS_SECRET_ACCESS_KEY", "env-secret-key"),
            ("AWS_SESSION_TOKEN", "file-session-token"),
        ],
    );
    let config = ConfigLoader::new().env(half).load().await.unwrap();
    assert_hidden("Config", &format!("{config:?}"));
    let error = Handle::new(&config, &SPEC)
        .send::<ListThings>(&ListThingsInput::default())
        .await
        .unwrap_err();
    let shown = error.to_string();
    assert_hidden("CallError", &shown);
    assert_hidden("CallError Debug", &format!("{error:?}"));
    assert!(shown.contains("AWS_ACCESS_KEY_ID"), "{shown}");
}
