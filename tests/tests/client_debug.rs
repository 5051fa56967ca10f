//! A generated client shows no secret: neither in its `Debug` output nor in the error
//! of a call whose endpoint URL holds a password (refused before anything is sent).

use sdk_devicefarm::operation::list_projects::ListProjectsInput;
use sdk_devicefarm::{Client, Config, Credentials};

#[tokio::test]
async fn a_generated_client_shows_no_secret() {
    let secrets = ["client-secret-key", "client-session-token", "url-password"];
    let client = Client::from_config(
        Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new(
                "AKIDEXAMPLE",
                "client-secret-key",
                Some("client-session-token".into()),
            ))
            // Port 9 (discard): nothing may be sent there anyway.
            .endpoint_url("http://user:url-password@127.0.0.1:9/"),
    );
    let error = client.send(ListProjectsInput::new()).await.unwrap_err();
    for shown in [
        format!("{client:?}"),
        format!("{client:#?}"),
        error.to_string(),
        format!("{error:?}"),
    ] {
        for secret in secrets {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
    assert!(
        error.to_string().contains("user name or password"),
        "{error}"
    );
}
