//! Roles assumed through STS in the credential chain, against a loopback server standing
//! in for STS: the requests are those the pinned botocore sends for the same profiles
//! (recorded from it, with its default session name `botocore-session-<seconds>`
//! written as `botocore-session-NOW`).

mod support;

use std::path::Path;
use std::time::{Duration, SystemTime};

use sdk_runtime::credentials::{Credentials, ProvideCredentials, SharedCredentialsProvider};
use sdk_runtime::env::Env;
use sdk_runtime::wire::DateTime;
use sdk_runtime::ConfigLoader;
use support::{within, FaultServer, Recorded, Reply};

const LIMIT: Duration = Duration::from_secs(20);
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

const CONFIG: &str = "\
[default]
region = us-west-2

[profile dev]
region = us-west-2
role_arn = arn:aws:iam::123456789012:role/dev
source_profile = middle

[profile middle]
role_arn = arn:aws:iam::123456789012:role/middle
source_profile = base
role_session_name = mid-session
external_id = ext-123
duration_seconds = 1800

[profile base]
aws_access_key_id = AKIDBASE
aws_secret_access_key = base-secret

[profile web]
region = eu-west-1
web_identity_token_file = TOKEN_FILE
role_arn = arn:aws:iam::123456789012:role/web
role_session_name = web-session

[profile self]
region = us-west-2
role_arn = arn:aws:iam::123456789012:role/self
source_profile = self
aws_access_key_id = AKIDSELF
aws_secret_access_key = self-secret

[profile container]
region = us-west-2
role_arn = arn:aws:iam::123456789012:role/from-container
credential_source = EcsContainer

[profile loop-a]
role_arn = arn:aws:iam::123456789012:role/a
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::123456789012:role/b
source_profile = loop-a

[profile self-no-keys]
role_arn = arn:aws:iam::123456789012:role/x
source_profile = self-no-keys

[profile missing-source]
role_arn = arn:aws:iam::123456789012:role/x
source_profile = nowhere

[profile both]
role_arn = arn:aws:iam::123456789012:role/x
source_profile = base
credential_source = Environment

[profile neither]
role_arn = arn:aws:iam::123456789012:role/x

[profile mfa]
role_arn = arn:aws:iam::123456789012:role/x
source_profile = base
mfa_serial = arn:aws:iam::123456789012:mfa/me

[profile odd-source]
role_arn = arn:aws:iam::123456789012:role/x
credential_source = Laptop

[profile empty-source]
role_arn = arn:aws:iam::123456789012:role/x
source_profile = empty

[profile empty]
region = us-west-2
";

/// A home with the shared config (the token file's path filled in) and a token file.
fn home(token: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, token).unwrap();
    std::fs::create_dir(dir.path().join(".aws")).unwrap();
    let config = CONFIG.replace("TOKEN_FILE", &token_file.display().to_string());
    std::fs::write(dir.path().join(".aws/config"), config).unwrap();
    dir
}

async fn load_chain(vars: &[(&str, &str)], home: &Path) -> SharedCredentialsProvider {
    let mut vars: Vec<(&str, &str)> = vars.to_vec();
    vars.push(("AWS_EC2_METADATA_DISABLED", "true"));
    let env = Env::fixed(vars, Some(home.to_path_buf()));
    let config = ConfigLoader::new().env(env).load().await.unwrap();
    config.credentials_provider().unwrap().clone()
}

/// STS's answer to `op` with credentials `ASIA<n>`, expiring `ahead` from now.
fn sts_reply(op: &str, n: u32, ahead: Duration) -> Reply {
    let expiration = DateTime::from(SystemTime::now() + ahead);
    let body = format!(
        r#"<{op}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <{op}Result>
    <Credentials>
      <AccessKeyId>ASIA{n}</AccessKeyId>
      <SecretAccessKey>{SECRET}{n}</SecretAccessKey>
      <SessionToken>token{n}</SessionToken>
      <Expiration>{expiration}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn>
      <AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId>
    </AssumedRoleUser>
  </{op}Result>
  <ResponseMetadata><RequestId>req-{n}</RequestId></ResponseMetadata>
</{op}Response>"#
    );
    Reply::json(200, &body).with_header("Content-Type", "text/xml")
}

const HOUR: Duration = Duration::from_secs(3600);

/// The body as botocore's recordings write it: its default session name normalised.
fn body(request: &Recorded) -> String {
    let text = String::from_utf8(request.body.clone()).unwrap();
    match text.find("botocore-session-") {
        Some(at) => {
            let start = at + "botocore-session-".len();
            let digits = text[start..].bytes().take_while(u8::is_ascii_digit).count();
            assert!(digits >= 10, "{text}");
            format!("{}NOW{}", &text[..start], &text[start + digits..])
        }
        None => text,
    }
}

/// Who signed the request and for which region (`AKID/us-west-2`), if anyone.
fn signer(request: &Recorded) -> Option<String> {
    let auth = request.header("authorization")?;
    let credential = auth.split("Credential=").nth(1)?;
    let mut scope = credential.split('/');
    let key = scope.next()?;
    let _date = scope.next()?;
    let region = scope.next()?;
    assert_eq!(scope.next(), Some("sts"), "{auth}");
    Some(format!("{key}/{region}"))
}

fn assert_no_secret(shown: &str) {
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(!shown.contains("base-secret"), "{shown}");
}

#[tokio::test]
async fn a_chain_of_source_profiles_assumes_each_role_as_botocore_does() {
    within(LIMIT, async {
        let home = home("unused");
        let server = FaultServer::start(vec![
            sts_reply("AssumeRole", 1, HOUR),
            sts_reply("AssumeRole", 2, HOUR),
        ])
        .await;
        let chain = load_chain(
            &[("AWS_PROFILE", "dev"), ("AWS_ENDPOINT_URL_STS", server.url())],
            home.path(),
        )
        .await;
        let credentials = chain.provide_credentials().await.unwrap();
        assert_eq!(credentials.access_key_id(), "ASIA2");
        assert_eq!(credentials.session_token(), Some("token2"));
        assert!(credentials.expiry().is_some());
        assert_no_secret(&format!("{credentials:?} {chain:?}"));

        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        // middle's role first, with base's keys; then dev's, with middle's credentials.
        assert_eq!(
            body(&requests[0]),
            "Action=AssumeRole&Version=2011-06-15&RoleSessionName=mid-session&ExternalId=ext-123&DurationSeconds=1800&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fmiddle"
        );
        assert_eq!(signer(&requests[0]).as_deref(), Some("AKIDBASE/us-west-2"));
        assert_eq!(requests[0].header("x-amz-security-token"), None);
        assert_eq!(
            body(&requests[1]),
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdev&RoleSessionName=botocore-session-NOW"
        );
        assert_eq!(signer(&requests[1]).as_deref(), Some("ASIA1/us-west-2"));
        assert_eq!(requests[1].header("x-amz-security-token"), Some("token1"));
        for request in &requests {
            assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/"));
            assert_eq!(
                request.header("content-type"),
                Some("application/x-www-form-urlencoded; charset=utf-8")
            );
        }

        // Cached: a second call sends nothing.
        let again = chain.provide_credentials().await.unwrap();
        assert_eq!(again, credentials);
        assert_eq!(server.requests().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn a_profile_naming_itself_uses_its_own_keys() {
    within(LIMIT, async {
        let home = home("unused");
        let server = FaultServer::start(vec![sts_reply("AssumeRole", 1, HOUR)]).await;
        let chain = load_chain(
            &[("AWS_PROFILE", "self"), ("AWS_ENDPOINT_URL_STS", server.url())],
            home.path(),
        )
        .await;
        assert_eq!(
            chain.provide_credentials().await.unwrap().access_key_id(),
            "ASIA1"
        );
        let requests = server.requests();
        assert_eq!(
            body(&requests[0]),
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fself&RoleSessionName=botocore-session-NOW"
        );
        assert_eq!(signer(&requests[0]).as_deref(), Some("AKIDSELF/us-west-2"));
    })
    .await;
}

#[tokio::test]
async fn web_identity_is_unsigned_and_rereads_its_token_on_each_refresh() {
    within(LIMIT, async {
        let home = home("a-web-identity-token\n");
        // Four minutes: inside the five-minute refresh window, so each call refreshes.
        let short = Duration::from_secs(240);
        let server = FaultServer::start(vec![
            sts_reply("AssumeRoleWithWebIdentity", 1, short),
            sts_reply("AssumeRoleWithWebIdentity", 2, short),
        ])
        .await;
        let chain = load_chain(
            &[("AWS_PROFILE", "web"), ("AWS_ENDPOINT_URL_STS", server.url())],
            home.path(),
        )
        .await;
        let first = chain.provide_credentials().await.unwrap();
        assert_eq!(first.access_key_id(), "ASIA1");
        std::fs::write(home.path().join("token"), "the-next-token").unwrap();
        let second = chain.provide_credentials().await.unwrap();
        assert_eq!(second.access_key_id(), "ASIA2");

        let requests = server.requests();
        assert_eq!(
            body(&requests[0]),
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=web-session&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fweb&WebIdentityToken=a-web-identity-token%0A"
        );
        assert!(body(&requests[1]).ends_with("&WebIdentityToken=the-next-token"));
        for request in &requests {
            assert_eq!(signer(request), None);
            assert_eq!(request.header("x-amz-date"), None);
        }
    })
    .await;
}

#[tokio::test]
async fn web_identity_from_the_environment_comes_before_profile_keys() {
    within(LIMIT, async {
        let home = home("a-web-identity-token\n");
        let token_file = home.path().join("token").display().to_string();
        let server = FaultServer::start(vec![
            sts_reply("AssumeRoleWithWebIdentity", 1, HOUR),
            sts_reply("AssumeRoleWithWebIdentity", 2, HOUR),
        ])
        .await;
        let role = "arn:aws:iam::123456789012:role/env";
        // botocore asks web identity before a profile's static keys (`base` has some).
        for (profile, session) in [("base", Some("env-session")), ("empty", None)] {
            let mut vars = vec![
                ("AWS_PROFILE", profile),
                ("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.as_str()),
                ("AWS_ROLE_ARN", role),
                ("AWS_ENDPOINT_URL_STS", server.url()),
            ];
            if let Some(session) = session {
                vars.push(("AWS_ROLE_SESSION_NAME", session));
            }
            let chain = load_chain(&vars, home.path()).await;
            assert!(chain.provide_credentials().await.is_ok());
        }
        let requests = server.requests();
        assert_eq!(
            body(&requests[0]),
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=env-session&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fenv&WebIdentityToken=a-web-identity-token%0A"
        );
        assert_eq!(
            body(&requests[1]),
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fenv&RoleSessionName=botocore-session-NOW&WebIdentityToken=a-web-identity-token%0A"
        );
    })
    .await;
}

#[tokio::test]
async fn credential_source_ecs_container_signs_the_assume_role_request() {
    within(LIMIT, async {
        let home = home("unused");
        let expiration = DateTime::from(SystemTime::now() + HOUR);
        let container = format!(
            r#"{{"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"{SECRET}","Token":"container-token","Expiration":"{expiration}"}}"#
        );
        // One server plays both: the container endpoint answers first, then STS.
        let server = FaultServer::start(vec![
            Reply::json(200, &container),
            sts_reply("AssumeRole", 1, HOUR),
        ])
        .await;
        let full_uri = format!("{}/creds", server.url());
        let chain = load_chain(
            &[
                ("AWS_PROFILE", "container"),
                ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full_uri.as_str()),
                ("AWS_ENDPOINT_URL_STS", server.url()),
            ],
            home.path(),
        )
        .await;
        assert_eq!(
            chain.provide_credentials().await.unwrap().access_key_id(),
            "ASIA1"
        );
        let requests = server.requests();
        assert_eq!(requests[0].path, "/creds");
        assert_eq!(signer(&requests[1]).as_deref(), Some("ASIACONTAINER/us-west-2"));
        assert_eq!(
            requests[1].header("x-amz-security-token"),
            Some("container-token")
        );
    })
    .await;
}

#[tokio::test]
async fn profiles_that_cannot_assume_a_role_say_why_and_send_nothing() {
    within(LIMIT, async {
        let home = home("unused");
        let server = FaultServer::start(Vec::new()).await;
        let cases = [
            ("loop-a", "cycle: loop-a -> loop-b -> loop-a"),
            ("self-no-keys", "cycle"),
            ("missing-source", "source_profile `nowhere`"),
            ("both", "both source_profile and credential_source"),
            ("neither", "neither source_profile nor credential_source"),
            ("mfa", "mfa_serial"),
            ("odd-source", "credential_source Laptop"),
            ("empty-source", "source profile `empty` has no credentials"),
        ];
        for (profile, expected) in cases {
            let chain = load_chain(
                &[
                    ("AWS_PROFILE", profile),
                    ("AWS_ENDPOINT_URL_STS", server.url()),
                ],
                home.path(),
            )
            .await;
            let message = chain.provide_credentials().await.unwrap_err().to_string();
            assert!(message.contains(expected), "{profile}: {message}");
        }
        assert_eq!(server.connections(), 0);
    })
    .await;
}

#[tokio::test]
async fn sts_errors_name_their_code_and_fifty_waiting_calls_share_one_request() {
    within(LIMIT, async {
        let home = home("unused");
        let denied = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/base is not authorized to perform: sts:AssumeRole</Message></Error>
  <RequestId>req-denied</RequestId>
</ErrorResponse>"#;
        let server = FaultServer::start(vec![
            Reply::json(403, denied).with_header("Content-Type", "text/xml"),
            sts_reply("AssumeRole", 1, HOUR),
        ])
        .await;
        let chain = load_chain(
            &[("AWS_PROFILE", "self"), ("AWS_ENDPOINT_URL_STS", server.url())],
            home.path(),
        )
        .await;
        let message = chain.provide_credentials().await.unwrap_err().to_string();
        assert!(
            message.contains("AccessDenied") && message.contains("not authorized"),
            "{message}"
        );
        assert_no_secret(&message);

        let mut calls = tokio::task::JoinSet::new();
        for _ in 0..50 {
            let chain = chain.clone();
            calls.spawn(async move { chain.provide_credentials().await });
        }
        while let Some(result) = calls.join_next().await {
            let credentials: Credentials = result.unwrap().unwrap();
            assert_eq!(credentials.access_key_id(), "ASIA1");
        }
        assert_eq!(server.requests().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn sts_is_regional_unless_legacy_asks_for_the_global_endpoint() {
    let home = home("unused");
    // What the pinned botocore resolves for the same settings.
    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[], "https://sts.us-west-2.amazonaws.com"),
        (
            &[("AWS_STS_REGIONAL_ENDPOINTS", "legacy")],
            "https://sts.amazonaws.com",
        ),
        (
            &[
                ("AWS_STS_REGIONAL_ENDPOINTS", "legacy"),
                ("AWS_REGION", "ap-east-1"),
            ],
            "https://sts.ap-east-1.amazonaws.com",
        ),
        (
            &[("AWS_REGION", "cn-north-1")],
            "https://sts.cn-north-1.amazonaws.com.cn",
        ),
        (
            &[
                ("AWS_ENDPOINT_URL_STS", "http://localhost:4566"),
                ("AWS_STS_REGIONAL_ENDPOINTS", "legacy"),
            ],
            "http://localhost:4566",
        ),
    ];
    for (vars, expected) in cases {
        let mut vars = vars.to_vec();
        vars.push(("AWS_PROFILE", "self"));
        let chain = load_chain(&vars, home.path()).await;
        let shown = format!("{chain:?}");
        assert!(
            shown.contains(&format!("endpoint: Ok({expected:?})")),
            "{vars:?}: {shown}"
        );
    }
}

#[tokio::test]
async fn providers_set_on_the_builder_assume_roles_too() {
    use sdk_runtime::credentials::{AssumeRoleProvider, WebIdentityTokenCredentialsProvider};
    within(LIMIT, async {
        let home = home("builder-token");
        let server = FaultServer::start(vec![
            sts_reply("AssumeRole", 1, HOUR),
            sts_reply("AssumeRoleWithWebIdentity", 2, HOUR),
        ])
        .await;
        let config = sdk_runtime::Config::builder()
            .region("eu-central-1")
            .endpoint_url(server.url())
            .build();
        let role = AssumeRoleProvider::new(
            &config,
            "arn:aws:iam::123456789012:role/explicit",
            Credentials::new("AKIDEXPLICIT", SECRET, None),
        )
        .session_name("nightly")
        .external_id("ticket-42")
        .duration(Duration::from_secs(900));
        assert_eq!(role.provide_credentials().await.unwrap().access_key_id(), "ASIA1");
        let web = WebIdentityTokenCredentialsProvider::new(
            &config,
            home.path().join("token"),
            "arn:aws:iam::123456789012:role/web",
        )
        .session_name("job");
        assert_eq!(web.provide_credentials().await.unwrap().access_key_id(), "ASIA2");

        let requests = server.requests();
        assert_eq!(
            body(&requests[0]),
            "Action=AssumeRole&Version=2011-06-15&RoleSessionName=nightly&ExternalId=ticket-42&DurationSeconds=900&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fexplicit"
        );
        assert_eq!(signer(&requests[0]).as_deref(), Some("AKIDEXPLICIT/eu-central-1"));
        assert_eq!(
            body(&requests[1]),
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=job&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fweb&WebIdentityToken=builder-token"
        );
        assert_no_secret(&format!("{role:?} {web:?}"));
    })
    .await;
}
