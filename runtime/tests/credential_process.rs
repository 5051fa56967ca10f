//! `credential_process`: a profile's command, run as botocore runs it, with bounded
//! output and time, and errors that never show what it printed.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sdk_runtime::credentials::{
    CredentialsCache, ProcessCredentialsProvider, ProvideCredentials, SharedCredentialsProvider,
};
use sdk_runtime::env::Env;
use sdk_runtime::ConfigLoader;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// Writes an executable shell script `name` into `dir`.
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// The chain of a home whose default profile has this `credential_process`.
async fn chain_with_process(home: &Path, command: &str) -> SharedCredentialsProvider {
    let aws = home.join(".aws");
    std::fs::create_dir_all(&aws).unwrap();
    std::fs::write(
        aws.join("config"),
        format!("[default]\ncredential_process = {command}\n"),
    )
    .unwrap();
    let env = Env::fixed(Vec::<(String, String)>::new(), Some(home.to_path_buf()));
    let config = ConfigLoader::new().env(env).load().await.unwrap();
    config.credentials_provider().unwrap().clone()
}

fn output(key_id: &str, expiration: &str) -> String {
    format!(
        r#"{{"Version": 1, "AccessKeyId": "{key_id}", "SecretAccessKey": "{SECRET}", "SessionToken": "process-token", "Expiration": "{expiration}"}}"#
    )
}

#[tokio::test]
async fn the_profile_command_runs_without_a_shell_and_its_credentials_are_cached() {
    let dir = tempfile::tempdir().unwrap();
    let runs = dir.path().join("runs");
    // Prints its arguments' count and each argument, so the split can be checked, and
    // counts its runs.
    let helper = script(
        dir.path(),
        "creds helper",
        &format!(
            "echo run >> '{}'\n[ \"$1\" = 'two words' ] && [ \"$2\" = '$HOME' ] && [ $# -eq 2 ] || exit 3\ncat <<'EOF'\n{}\nEOF",
            runs.display(),
            output("ASIAPROCESS", "2999-01-01T00:00:00Z")
        ),
    );
    let command = format!("'{}' \"two words\" '$HOME'", helper.display());
    let chain = chain_with_process(dir.path(), &command).await;
    let credentials = chain.provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIAPROCESS");
    assert_eq!(credentials.secret_access_key(), SECRET);
    assert_eq!(credentials.session_token(), Some("process-token"));
    assert!(credentials.expiry().is_some());
    chain.provide_credentials().await.unwrap();
    let runs = std::fs::read_to_string(&runs).unwrap();
    assert_eq!(runs.lines().count(), 1, "run once, then cached");
}

#[tokio::test]
async fn credentials_without_expiry_are_long_term() {
    let dir = tempfile::tempdir().unwrap();
    let helper = script(
        dir.path(),
        "static",
        &format!(
            r#"echo '{{"Version":1,"AccessKeyId":"AKIASTATIC","SecretAccessKey":"{SECRET}"}}'"#
        ),
    );
    let credentials = ProcessCredentialsProvider::new(helper.to_str().unwrap())
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(credentials.access_key_id(), "AKIASTATIC");
    assert_eq!(credentials.session_token(), None);
    assert_eq!(credentials.expiry(), None);
}

#[tokio::test]
async fn bad_output_and_failures_are_clear_errors_that_show_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "fails",
            format!("echo '{SECRET}'; exit 7"),
            "failed (exit status: 7)",
        ),
        (
            "version",
            format!(r#"echo '{{"Version":2,"AccessKeyId":"ASIA","SecretAccessKey":"{SECRET}"}}'"#),
            "unsupported Version",
        ),
        (
            "no-version",
            format!(r#"echo '{{"AccessKeyId":"ASIA","SecretAccessKey":"{SECRET}"}}'"#),
            "no Version",
        ),
        (
            "not-json",
            format!("echo 'SecretAccessKey={SECRET}'"),
            "malformed JSON",
        ),
        (
            "no-secret",
            r#"echo '{"Version":1,"AccessKeyId":"ASIA"}'"#.to_owned(),
            "no SecretAccessKey",
        ),
        (
            "expired",
            format!(
                "cat <<'EOF'\n{}\nEOF",
                output("ASIA", "2001-01-01T00:00:00Z")
            ),
            "expired at 2001-01-01T00:00:00Z",
        ),
        (
            "bad-date",
            format!("cat <<'EOF'\n{}\nEOF", output("ASIA", SECRET)),
            "not an RFC 3339 date",
        ),
        (
            "chatty",
            "head -c 200000 /dev/zero | tr '\\0' x".to_owned(),
            "more than 65536 bytes",
        ),
    ];
    for (name, body, expected) in cases {
        let helper = script(dir.path(), name, &body);
        let chain = chain_with_process(dir.path(), helper.to_str().unwrap()).await;
        let error = chain.provide_credentials().await.unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(shown.contains(expected), "{name}: {shown}");
        assert!(shown.contains("credential_process"), "{name}: {shown}");
        assert!(!shown.contains(SECRET), "{name}: {shown}");
    }
    let missing = chain_with_process(dir.path(), "/nonexistent/credential-helper").await;
    let message = missing.provide_credentials().await.unwrap_err().to_string();
    assert!(message.contains("could not be started"), "{message}");
    let unclosed = chain_with_process(dir.path(), "helper 'unclosed").await;
    let message = unclosed
        .provide_credentials()
        .await
        .unwrap_err()
        .to_string();
    assert!(message.contains("no closing quotation"), "{message}");
}

#[tokio::test]
async fn a_command_that_hangs_is_killed_at_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let helper = script(dir.path(), "hangs", "exec sleep 30");
    let provider = CredentialsCache::new(
        ProcessCredentialsProvider::new(helper.to_str().unwrap())
            .timeout(Duration::from_millis(300)),
    );
    let started = std::time::Instant::now();
    let message = provider
        .provide_credentials()
        .await
        .unwrap_err()
        .to_string();
    assert!(message.contains("did not finish within 300ms"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn debug_shows_the_program_but_not_its_arguments() {
    let provider = ProcessCredentialsProvider::new("vault-helper --password hunter2");
    let shown = format!("{:?}", CredentialsCache::new(provider));
    assert!(shown.contains("vault-helper"), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
}
