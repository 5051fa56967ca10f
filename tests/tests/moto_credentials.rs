//! The credential chain end to end: profiles that assume a role through moto's STS
//! (`AssumeRole` with a source profile, `AssumeRoleWithWebIdentity` with a token file),
//! then a call of the generated STS client made with the assumed credentials.
//!
//! Needs `MOTO_SERVER` (set by `cargo xtask test`).

use sdk_runtime::env::Env;
use sdk_sts::{Client, ConfigLoader};
use tests::moto::MotoServer;

/// A home whose shared config has the profiles below, and a token file.
fn home(role_arn: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, "an-oidc-token").unwrap();
    std::fs::create_dir(dir.path().join(".aws")).unwrap();
    let config = format!(
        "[profile base]\n\
         aws_access_key_id = testing\n\
         aws_secret_access_key = testing\n\
         [profile middle]\n\
         role_arn = {role_arn}\n\
         source_profile = base\n\
         role_session_name = middle-session\n\
         [profile dev]\n\
         region = us-east-1\n\
         role_arn = {role_arn}\n\
         source_profile = middle\n\
         role_session_name = dev-session\n\
         duration_seconds = 900\n\
         [profile web]\n\
         region = us-east-1\n\
         web_identity_token_file = {token}\n\
         role_arn = {role_arn}\n\
         role_session_name = web-session\n",
        token = token.display()
    );
    std::fs::write(dir.path().join(".aws/config"), config).unwrap();
    dir
}

/// A client made as `Client::from_env` makes one, from these variables and `home`,
/// every service (STS included) at moto.
async fn client(server: &MotoServer, home: &std::path::Path, profile: &str) -> Client {
    let endpoint = server.endpoint();
    let vars = [
        ("AWS_PROFILE", profile),
        ("AWS_ENDPOINT_URL", endpoint.as_str()),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ];
    let env = Env::fixed(vars, Some(home.to_path_buf()));
    let config = ConfigLoader::new().env(env).load().await.expect("config");
    Client::new(&config)
}

#[tokio::test]
async fn a_profile_chain_assumes_its_role_and_calls_as_that_role() {
    let server = MotoServer::start();
    let role_arn = server.create_iam_role("deployer");
    let home = home(&role_arn);
    let client = client(&server, home.path(), "dev").await;
    let me = client
        .get_caller_identity()
        .send()
        .await
        .expect("get caller identity with the assumed role");
    assert_eq!(
        me.arn.as_deref(),
        Some("arn:aws:sts::123456789012:assumed-role/deployer/dev-session")
    );
    // Cached: the same credentials sign the next call.
    let again = client.get_caller_identity().send().await.expect("again");
    assert_eq!(again.arn, me.arn);
}

#[tokio::test]
async fn a_web_identity_profile_assumes_its_role_and_calls_as_that_role() {
    let server = MotoServer::start();
    let role_arn = server.create_iam_role("workload");
    let home = home(&role_arn);
    let client = client(&server, home.path(), "web").await;
    let me = client
        .get_caller_identity()
        .send()
        .await
        .expect("get caller identity with the web identity role");
    assert_eq!(
        me.arn.as_deref(),
        Some("arn:aws:sts::123456789012:assumed-role/workload/web-session")
    );
}
