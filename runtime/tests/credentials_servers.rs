//! The credential chain against loopback servers standing in for the EC2 instance
//! metadata service, a container credentials endpoint and the SSO portal.

mod support;

use std::path::Path;
use std::time::{Duration, SystemTime};

use sdk_runtime::credentials::{Credentials, SharedCredentialsProvider};
use sdk_runtime::env::Env;
use sdk_runtime::wire::DateTime;
use sdk_runtime::ConfigLoader;
use support::{within, FaultServer, Reply};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN";
const LIMIT: Duration = Duration::from_secs(15);

/// The chain `Config::from_env` would find with these variables and shared files.
async fn load_chain(vars: &[(&str, &str)], home: &Path) -> SharedCredentialsProvider {
    let env = Env::fixed(vars.iter().copied(), Some(home.to_path_buf()));
    let config = ConfigLoader::new().env(env).load().await.unwrap();
    config.credentials_provider().unwrap().clone()
}

/// An RFC 3339 time `ahead` from now.
fn in_(ahead: Duration) -> String {
    DateTime::from(SystemTime::now() + ahead).to_string()
}

/// Credentials as IMDS and container endpoints answer them.
fn role_json(key_id: &str, expiration: &str) -> String {
    format!(
        r#"{{"Code":"Success","LastUpdated":"2024-01-01T00:00:00Z","Type":"AWS-HMAC","AccessKeyId":"{key_id}","SecretAccessKey":"{SECRET}","Token":"{TOKEN}","Expiration":"{expiration}"}}"#
    )
}

/// The three IMDSv2 answers: token, role name, role credentials.
fn imds_script(credentials: String) -> Vec<Reply> {
    vec![
        Reply::json(200, "imds-session-token"),
        Reply::json(200, "web-role\n"),
        Reply::json(200, &credentials),
    ]
}

fn assert_no_secret(shown: &str) {
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(!shown.contains(TOKEN), "{shown}");
}

#[tokio::test]
async fn imds_v2_token_then_role_then_its_credentials() {
    within(LIMIT, async {
        let home = tempfile::tempdir().unwrap();
        let server = FaultServer::start(imds_script(role_json(
            "ASIAIMDS",
            &in_(Duration::from_secs(3600)),
        )))
        .await;
        let chain = load_chain(
            &[("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url())],
            home.path(),
        )
        .await;
        let credentials = chain.provide_credentials().await.unwrap();
        assert_eq!(credentials.access_key_id(), "ASIAIMDS");
        assert_eq!(credentials.secret_access_key(), SECRET);
        assert_eq!(credentials.session_token(), Some(TOKEN));
        assert!(credentials.expiry().is_some());
        assert_no_secret(&format!("{credentials:?} {chain:?}"));

        let requests = server.requests();
        let seen: Vec<_> = requests
            .iter()
            .map(|r| (r.method.as_str(), r.path.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                ("PUT", "/latest/api/token"),
                ("GET", "/latest/meta-data/iam/security-credentials/"),
                ("GET", "/latest/meta-data/iam/security-credentials/web-role"),
            ]
        );
        assert_eq!(
            requests[0].header("x-aws-ec2-metadata-token-ttl-seconds"),
            Some("21600")
        );
        for request in &requests[1..] {
            assert_eq!(
                request.header("x-aws-ec2-metadata-token"),
                Some("imds-session-token")
            );
        }
        // Cached: no further request.
        chain.provide_credentials().await.unwrap();
        assert_eq!(server.requests().len(), 3);
    })
    .await;
}

#[tokio::test]
async fn fifty_concurrent_calls_make_one_fetch() {
    within(LIMIT, async {
        let home = tempfile::tempdir().unwrap();
        let server = FaultServer::start(imds_script(role_json(
            "ASIAONCE",
            &in_(Duration::from_secs(3600)),
        )))
        .await;
        let chain = load_chain(
            &[("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url())],
            home.path(),
        )
        .await;
        let mut calls = tokio::task::JoinSet::new();
        for _ in 0..50 {
            let chain = chain.clone();
            calls.spawn(async move {
                chain
                    .provide_credentials()
                    .await
                    .map(|c| c.access_key_id().to_owned())
            });
        }
        while let Some(result) = calls.join_next().await {
            assert_eq!(result.unwrap().unwrap(), "ASIAONCE");
        }
        assert_eq!(
            server.requests().len(),
            3,
            "one token, one role, one credentials request"
        );
    })
    .await;
}

#[tokio::test]
async fn credentials_near_expiry_are_fetched_again_and_kept_if_that_fails() {
    within(LIMIT, async {
        let home = tempfile::tempdir().unwrap();
        // Four minutes left: inside the five-minute margin, so the next call refreshes.
        let mut script = imds_script(role_json("ASIAFIRST", &in_(Duration::from_secs(240))));
        script.extend(imds_script(role_json(
            "ASIASECOND",
            &in_(Duration::from_secs(240)),
        )));
        script.push(Reply::error(500, "InternalError", "down"));
        let server = FaultServer::start(script).await;
        let chain = load_chain(
            &[("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url())],
            home.path(),
        )
        .await;
        assert_eq!(
            chain.provide_credentials().await.unwrap().access_key_id(),
            "ASIAFIRST"
        );
        assert_eq!(
            chain.provide_credentials().await.unwrap().access_key_id(),
            "ASIASECOND"
        );
        // The service fails; the cached credentials have not expired yet and are used.
        assert_eq!(
            chain.provide_credentials().await.unwrap().access_key_id(),
            "ASIASECOND"
        );
        assert_eq!(server.requests().len(), 7);
    })
    .await;
}

#[tokio::test]
async fn imds_v1_is_used_where_the_token_request_is_refused() {
    within(LIMIT, async {
        let home = tempfile::tempdir().unwrap();
        let mut script = imds_script(role_json("ASIAV1", &in_(Duration::from_secs(3600))));
        script[0] = Reply::error(404, "NotFound", "no tokens here");
        let server = FaultServer::start(script).await;
        let chain = load_chain(
            &[("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url())],
            home.path(),
        )
        .await;
        assert_eq!(
            chain.provide_credentials().await.unwrap().access_key_id(),
            "ASIAV1"
        );
        assert!(server.requests()[1]
            .header("x-aws-ec2-metadata-token")
            .is_none());

        let server = FaultServer::start(vec![Reply::error(404, "NotFound", "")]).await;
        let vars = [
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url()),
            ("AWS_EC2_METADATA_V1_DISABLED", "true"),
        ];
        let message = load_chain(&vars, home.path())
            .await
            .provide_credentials()
            .await
            .unwrap_err()
            .to_string();
        assert!(message.contains("HTTP 404"), "{message}");
        assert_eq!(server.requests().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn imds_failures_are_clear_errors_without_secrets() {
    within(LIMIT, async {
        let home = tempfile::tempdir().unwrap();
        let big = format!(
            r#"{{"AccessKeyId":"ASIA","SecretAccessKey":"{SECRET}","pad":"{}"}}"#,
            "x".repeat(100_000)
        );
        let cases: Vec<(Vec<Reply>, &str)> = vec![
            (
                vec![Reply::json(200, "t"), Reply::error(404, "NotFound", "")],
                "no IAM role",
            ),
            (
                vec![
                    Reply::json(200, "t"),
                    Reply::error(500, "InternalError", "boom"),
                ],
                "HTTP 500",
            ),
            (
                vec![
                    Reply::json(200, "t"),
                    Reply::json(200, "r"),
                    Reply::json(200, &big),
                ],
                "too large",
            ),
            (
                vec![
                    Reply::json(200, "t"),
                    Reply::json(200, "r"),
                    Reply::json(
                        200,
                        &format!(r#"{{"AccessKeyId":"ASIA","SecretAccessKey":"{SECRET}""#),
                    ),
                ],
                "malformed JSON",
            ),
            (
                vec![
                    Reply::json(200, "t"),
                    Reply::json(200, "r"),
                    Reply::json(200, &role_json("ASIA", "2001-01-01T00:00:00Z")),
                ],
                "expired at 2001-01-01T00:00:00Z",
            ),
            (
                vec![
                    Reply::json(200, "t"),
                    Reply::json(200, "../../user-data"),
                    Reply::json(200, "{}"),
                ],
                "not an IAM role name",
            ),
        ];
        for (script, expected) in cases {
            let server = FaultServer::start(script).await;
            let chain = load_chain(
                &[("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url())],
                home.path(),
            )
            .await;
            let error = chain.provide_credentials().await.unwrap_err();
            let message = error.to_string();
            assert!(message.contains(expected), "{expected}: {message}");
            // The last source of the chain also says how else to provide credentials.
            assert!(message.contains("AWS_ACCESS_KEY_ID"), "{message}");
            assert_no_secret(&format!("{message} {error:?}"));
        }
    })
    .await;
}

#[tokio::test]
async fn imds_is_not_asked_when_disabled() {
    within(LIMIT, async {
        let home = tempfile::tempdir().unwrap();
        let server = FaultServer::start(imds_script(role_json(
            "ASIA",
            &in_(Duration::from_secs(3600)),
        )))
        .await;
        let vars = [
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url()),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ];
        let message = load_chain(&vars, home.path())
            .await
            .provide_credentials()
            .await
            .unwrap_err()
            .to_string();
        assert!(message.contains("no credentials found"), "{message}");
        assert_eq!(server.connections(), 0);
    })
    .await;
}

#[tokio::test]
async fn container_full_uri_with_the_token_file() {
    within(LIMIT, async {
        let home = tempfile::tempdir().unwrap();
        let token_file = home.path().join("eks-pod-identity-token");
        std::fs::write(&token_file, "pod-identity-token\n").unwrap();
        let server = FaultServer::start(vec![Reply::json(
            200,
            &role_json("ASIACONTAINER", &in_(Duration::from_secs(3600))),
        )])
        .await;
        let uri = format!("{}/v1/credentials", server.url());
        let vars = [
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri.as_str()),
            (
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                token_file.to_str().unwrap(),
            ),
            (
                "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                "ignored-when-the-file-is-set",
            ),
            // The container endpoint comes before instance metadata.
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9"),
        ];
        let chain = load_chain(&vars, home.path()).await;
        let credentials = chain.provide_credentials().await.unwrap();
        assert_eq!(credentials.access_key_id(), "ASIACONTAINER");
        let request = &server.requests()[0];
        assert_eq!(
            (request.method.as_str(), request.path.as_str()),
            ("GET", "/v1/credentials")
        );
        assert_eq!(request.header("authorization"), Some("pod-identity-token"));
        assert!(!format!("{chain:?}").contains("ignored-when"));
    })
    .await;
}

#[tokio::test]
async fn container_uris_to_other_hosts_are_refused_and_failures_retried() {
    within(LIMIT, async {
        let home = tempfile::tempdir().unwrap();
        let vars = [
            (
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://169.254.169.254/latest/meta-data/",
            ),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "secret-token"),
        ];
        let error = load_chain(&vars, home.path())
            .await
            .provide_credentials()
            .await
            .unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
            "{message}"
        );
        assert!(message.contains("not allowed"), "{message}");

        let failing = vec![Reply::error(500, "InternalError", "boom"); 3];
        let server = FaultServer::start(failing).await;
        let uri = format!("{}/creds", server.url());
        let vars = [("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri.as_str())];
        let message = load_chain(&vars, home.path())
            .await
            .provide_credentials()
            .await
            .unwrap_err()
            .to_string();
        assert!(message.contains("HTTP 500"), "{message}");
        assert_eq!(server.requests().len(), 3, "botocore's three attempts");

        let server = FaultServer::start(vec![Reply::json(200, "{\"AccessKeyId\":\"ASIA\"}")]).await;
        let uri = format!("{}/creds", server.url());
        let vars = [("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri.as_str())];
        let message = load_chain(&vars, home.path())
            .await
            .provide_credentials()
            .await
            .unwrap_err()
            .to_string();
        assert!(message.contains("no SecretAccessKey"), "{message}");
    })
    .await;
}

/// A home directory with an SSO profile and a cached token for it.
fn sso_home(profile: &str, cache_name: &str, expires_at: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let aws = home.path().join(".aws");
    std::fs::create_dir_all(aws.join("sso").join("cache")).unwrap();
    std::fs::write(aws.join("config"), profile).unwrap();
    std::fs::write(
        aws.join("sso").join("cache").join(format!("{cache_name}.json")),
        format!(r#"{{"startUrl":"https://d-1234.awsapps.com/start","region":"eu-west-1","accessToken":"sso-access-token","expiresAt":"{expires_at}"}}"#),
    )
    .unwrap();
    home
}

const SSO_SESSION_PROFILE: &str = "[default]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin Role\n\
                                   [sso-session corp]\nsso_start_url = https://d-1234.awsapps.com/start\nsso_region = eu-west-1\n";
/// `hashlib.sha1(b"corp").hexdigest()`, the cache file botocore reads for session `corp`.
const CORP_CACHE: &str = "ee0bfd2552fbd840c02cc48b6e823320543c450f";

fn portal_json(expires_in: Duration) -> String {
    let millis = (SystemTime::now() + expires_in)
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    format!(
        r#"{{"roleCredentials":{{"accessKeyId":"ASIASSO","secretAccessKey":"{SECRET}","sessionToken":"{TOKEN}","expiration":{millis}}}}}"#
    )
}

#[tokio::test]
async fn sso_session_token_is_exchanged_at_the_portal() {
    within(LIMIT, async {
        let home = sso_home(
            SSO_SESSION_PROFILE,
            CORP_CACHE,
            &in_(Duration::from_secs(3600)),
        );
        let server = FaultServer::start(vec![Reply::json(
            200,
            &portal_json(Duration::from_secs(3600)),
        )])
        .await;
        let chain = load_chain(&[("AWS_ENDPOINT_URL_SSO", server.url())], home.path()).await;
        let credentials: Credentials = chain.provide_credentials().await.unwrap();
        assert_eq!(credentials.access_key_id(), "ASIASSO");
        assert_eq!(credentials.session_token(), Some(TOKEN));
        assert!(credentials.expiry().is_some());
        let request = &server.requests()[0];
        assert_eq!(request.method, "GET");
        assert_eq!(
            request.path,
            "/federation/credentials?account_id=123456789012&role_name=Admin%20Role"
        );
        assert_eq!(
            request.header("x-amz-sso_bearer_token"),
            Some("sso-access-token")
        );
        assert!(
            request.header("authorization").is_none(),
            "the portal call is not signed"
        );
        chain.provide_credentials().await.unwrap();
        assert_eq!(server.requests().len(), 1, "cached");
    })
    .await;
}

#[tokio::test]
async fn legacy_sso_profiles_use_the_start_url_as_cache_key() {
    within(LIMIT, async {
        let profile = "[profile old]\nsso_start_url = https://d-1234.awsapps.com/start\nsso_region = eu-west-1\n\
                       sso_account_id = 123456789012\nsso_role_name = ReadOnly\n";
        let home = sso_home(profile, "4c73126ffe99e8f14e2b25775d5fad6231197402", &in_(Duration::from_secs(3600)));
        let server = FaultServer::start(vec![Reply::json(200, &portal_json(Duration::from_secs(3600)))]).await;
        let vars = [("AWS_PROFILE", "old"), ("AWS_ENDPOINT_URL_SSO", server.url())];
        let credentials = load_chain(&vars, home.path()).await.provide_credentials().await.unwrap();
        assert_eq!(credentials.access_key_id(), "ASIASSO");
        assert!(server.requests()[0].path.ends_with("role_name=ReadOnly"));
    })
    .await;
}

#[tokio::test]
async fn sso_failures_say_to_log_in_again() {
    within(LIMIT, async {
        // An expired token: nothing is sent.
        let home = sso_home(SSO_SESSION_PROFILE, CORP_CACHE, "2001-01-01T00:00:00Z");
        let server = FaultServer::start(vec![]).await;
        let message = load_chain(&[("AWS_ENDPOINT_URL_SSO", server.url())], home.path())
            .await
            .provide_credentials()
            .await
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("expired at 2001-01-01T00:00:00Z"),
            "{message}"
        );
        assert!(
            message.contains("aws sso login --sso-session corp"),
            "{message}"
        );
        assert_eq!(server.connections(), 0);

        // The portal refuses the token.
        let home = sso_home(
            SSO_SESSION_PROFILE,
            CORP_CACHE,
            &in_(Duration::from_secs(3600)),
        );
        let server = FaultServer::start(vec![Reply::error(
            401,
            "UnauthorizedException",
            "Session token not found or invalid",
        )])
        .await;
        let message = load_chain(&[("AWS_ENDPOINT_URL_SSO", server.url())], home.path())
            .await
            .provide_credentials()
            .await
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("HTTP 401") && message.contains("aws sso login"),
            "{message}"
        );
        assert!(!message.contains("sso-access-token"), "{message}");

        // No token cached at all, and a session section that is missing.
        let empty = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(empty.path().join(".aws")).unwrap();
        std::fs::write(empty.path().join(".aws/config"), SSO_SESSION_PROFILE).unwrap();
        let message = load_chain(&[], empty.path())
            .await
            .provide_credentials()
            .await
            .unwrap_err()
            .to_string();
        assert!(
            message.contains(CORP_CACHE) && message.contains("aws sso login"),
            "{message}"
        );
        std::fs::write(
            empty.path().join(".aws/config"),
            "[default]\nsso_session = gone\n",
        )
        .unwrap();
        let message = load_chain(&[], empty.path())
            .await
            .provide_credentials()
            .await
            .unwrap_err()
            .to_string();
        assert!(message.contains("[sso-session gone]"), "{message}");
    })
    .await;
}
