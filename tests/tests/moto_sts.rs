//! STS end to end: the generated awsQuery client against a moto server.
//!
//! Needs `MOTO_SERVER` (set by `cargo xtask test`).

use sdk_sts::{Client, Config, Credentials};
use tests::moto::MotoServer;

fn sts_client(server: &MotoServer, credentials: Credentials) -> Client {
    Client::from_config(
        Config::builder()
            .endpoint_url(server.endpoint())
            .region("us-east-1")
            .credentials(credentials),
    )
}

#[tokio::test]
async fn the_caller_assumes_a_role_and_calls_as_that_role() {
    let server = MotoServer::start();
    let role_arn = server.create_iam_role("auditor");
    let client = sts_client(&server, Credentials::new("testing", "testing", None));

    let me = client
        .get_caller_identity()
        .send()
        .await
        .expect("get caller identity");
    assert_eq!(me.account.as_deref(), Some("123456789012"));
    let arn = me.arn.expect("the caller's ARN");
    assert!(arn.starts_with("arn:aws:sts::123456789012:"), "{arn}");
    assert!(me.user_id.is_some());

    let assumed = client
        .assume_role(&role_arn, "audit-session")
        .duration_seconds(900)
        .external_id("ticket-42")
        .send()
        .await
        .expect("assume role");
    let user = assumed.assumed_role_user.expect("the assumed role user");
    assert_eq!(
        user.arn.as_deref(),
        Some("arn:aws:sts::123456789012:assumed-role/auditor/audit-session")
    );
    assert!(user
        .assumed_role_id
        .is_some_and(|id| id.ends_with(":audit-session")));
    let credentials = assumed.credentials.expect("temporary credentials");
    let key = credentials.access_key_id.expect("an access key id");
    assert!(key.starts_with("ASIA"), "{key}");
    // The session lasts the 900 seconds asked for, give or take the clock.
    let expires = credentials.expiration.expect("an expiration");
    let remaining = std::time::SystemTime::try_from(expires)
        .expect("a time after 1970")
        .duration_since(std::time::SystemTime::now())
        .expect("in the future")
        .as_secs();
    assert!((800..=900).contains(&remaining), "{remaining} s left");

    // Calls signed with the temporary credentials (session token included) are made as
    // the role.
    let as_role = sts_client(
        &server,
        Credentials::new(
            key,
            credentials.secret_access_key.expect("a secret"),
            credentials.session_token,
        ),
    );
    let me = as_role
        .get_caller_identity()
        .send()
        .await
        .expect("get caller identity as the role");
    assert_eq!(
        me.arn.as_deref(),
        Some("arn:aws:sts::123456789012:assumed-role/auditor/audit-session")
    );
}

/// botocore sends `AssumeRoleWithWebIdentity` unsigned (its model's `smithy.api#noAuth`):
/// the token is the proof, so a client with no credentials at all exchanges it for some.
#[tokio::test]
async fn a_web_identity_token_is_exchanged_without_any_credentials() {
    let server = MotoServer::start();
    let role_arn = server.create_iam_role("web-app");
    let anonymous = Client::from_config(
        Config::builder()
            .endpoint_url(server.endpoint())
            .region("us-east-1"),
    );
    let assumed = anonymous
        .assume_role_with_web_identity(&role_arn, "web-session", "a-token-from-the-idp")
        .duration_seconds(900)
        .send()
        .await
        .expect("assume role with web identity, unsigned");
    let user = assumed.assumed_role_user.expect("the assumed role user");
    assert_eq!(
        user.arn.as_deref(),
        Some("arn:aws:sts::123456789012:assumed-role/web-app/web-session")
    );
    let credentials = assumed.credentials.expect("temporary credentials");
    assert!(credentials.session_token.is_some());

    // Signed operations still need credentials.
    let error = anonymous.get_caller_identity().send().await.unwrap_err();
    assert!(error.to_string().contains("no credentials"), "{error}");
}
