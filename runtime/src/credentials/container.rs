//! Container credentials: the ECS task role and EKS Pod Identity.

use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use super::fetch::{credentials_json, read_small_file, send_with_attempts, status_error};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::endpoint::Url;
use crate::env::Env;
use crate::http::{BoxFuture, Headers, HttpRequest, SharedHttpClient};

/// The ECS credentials endpoint, which `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is under.
const ECS_HOST: &str = "http://169.254.170.2";
/// Hosts a full URI may name besides loopback ones, as botocore allows: the ECS
/// endpoint and EKS Pod Identity's, IPv4 and IPv6.
const ALLOWED_ADDRESSES: [&str; 3] = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23"];
/// botocore's figures: 2 s per attempt, 3 attempts, 1 s apart.
const TIMEOUT: Duration = Duration::from_secs(2);
const ATTEMPTS: u32 = 3;
const PAUSE: Duration = Duration::from_secs(1);
/// Longest authorization token file read.
const MAX_TOKEN_FILE: u64 = 16 * 1024;

/// Credentials from the container's credentials endpoint, as ECS and EKS Pod Identity
/// set it up:
///
/// - `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`: a path on `http://169.254.170.2`;
/// - else `AWS_CONTAINER_CREDENTIALS_FULL_URI`: a whole URL, whose host must be a
///   loopback address (`127.0.0.1`, `::1`, `localhost`), ECS's `169.254.170.2` or EKS
///   Pod Identity's `169.254.170.23` / `fd00:ec2::23` — a variable cannot send the
///   request, with its token, to any other host;
/// - `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read at each fetch, as EKS rotates it)
///   or else `AWS_CONTAINER_AUTHORIZATION_TOKEN`: the `Authorization` header.
///
/// Each attempt may take 2 s; 5xx answers and failed connections are tried 3 times,
/// 1 s apart, as botocore does. At most 64 KiB of answer is read.
#[derive(Clone)]
pub struct ContainerCredentialsProvider {
    url: Result<String, String>,
    token: Token,
    http: SharedHttpClient,
}

#[derive(Clone)]
enum Token {
    None,
    Value(String),
    File(PathBuf),
}

impl ContainerCredentialsProvider {
    /// The provider the environment sets up, sending with `http`; `None` when neither
    /// URI variable is set. A full URI that is not allowed makes every fetch fail,
    /// naming the variable.
    pub fn from_env(env: &Env, http: SharedHttpClient) -> Option<Self> {
        let url = match (
            env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
            env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
        ) {
            (Some(relative), _) => Ok(format!("{ECS_HOST}{relative}")),
            (None, Some(full)) => check_full_uri(&full),
            (None, None) => return None,
        };
        let token = match (
            env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"),
            env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
        ) {
            (Some(file), _) => Token::File(file.into()),
            (None, Some(token)) => Token::Value(token),
            (None, None) => Token::None,
        };
        Some(Self { url, token, http })
    }

    fn authorization(&self) -> Result<Option<String>, CredentialsError> {
        let token = match &self.token {
            Token::None => return Ok(None),
            Token::Value(token) => token.clone(),
            Token::File(path) => read_small_file(
                path,
                MAX_TOKEN_FILE,
                "the container authorization token file",
            )?
            .trim()
            .to_owned(),
        };
        if token.contains(['\r', '\n']) {
            return Err(CredentialsError::new(
                "the container authorization token holds a line break",
            ));
        }
        Ok(Some(token))
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let url = self.url.clone().map_err(CredentialsError::new)?;
        let mut headers = Headers::new();
        headers.insert("Accept", "application/json");
        if let Some(token) = self.authorization()? {
            headers.insert("Authorization", token);
        }
        let what = "the container credentials endpoint";
        let request = || HttpRequest {
            method: "GET".into(),
            url: url.clone(),
            headers: headers.clone(),
            body: Vec::new(),
        };
        let response =
            send_with_attempts(&self.http, request, TIMEOUT, ATTEMPTS, PAUSE, what).await?;
        if response.status != 200 {
            return Err(status_error(what, &response));
        }
        credentials_json(&response.body, what)
    }
}

/// `full` if it may be used: a URL whose host is loopback or a container endpoint.
fn check_full_uri(full: &str) -> Result<String, String> {
    let var = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    let url = Url::parse(full).map_err(|e| format!("{var} is not a URL: {}", e.reason()))?;
    let host = url.host().trim_start_matches('[').trim_end_matches(']');
    let loopback = host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    let container = host.parse::<IpAddr>().is_ok_and(|ip| {
        ALLOWED_ADDRESSES
            .iter()
            .any(|a| a.parse::<IpAddr>() == Ok(ip))
    });
    if !(loopback || container) {
        return Err(format!(
            "{var} names host {host}, which is not allowed: only loopback addresses, \
             169.254.170.2, 169.254.170.23 and fd00:ec2::23 are"
        ));
    }
    Ok(full.to_owned())
}

impl fmt::Debug for ContainerCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let token = match &self.token {
            Token::None => "none".to_owned(),
            Token::Value(_) => "** redacted **".to_owned(),
            Token::File(path) => format!("file {}", path.display()),
        };
        f.debug_struct("ContainerCredentialsProvider")
            .field(
                "url",
                &self
                    .url
                    .as_ref()
                    .map(|u| crate::endpoint::redact_userinfo(u)),
            )
            .field("token", &token)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for ContainerCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_uri_may_name_only_loopback_and_container_hosts() {
        for allowed in [
            "http://127.0.0.1:8080/creds",
            "http://127.1.2.3/creds",
            "http://localhost/creds",
            "http://[::1]:9000/creds",
            "http://169.254.170.2/v2/credentials",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1/credentials",
            "https://localhost/creds",
        ] {
            assert!(check_full_uri(allowed).is_ok(), "{allowed}");
        }
        for refused in [
            "http://169.254.169.254/latest",
            "http://evil.example/creds",
            "https://evil.example/creds",
            "http://127.0.0.1.evil.example/",
            "http://localhost.evil.example/",
            "http://10.0.0.1/",
            "not a url",
        ] {
            let error = check_full_uri(refused).unwrap_err();
            assert!(
                error.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
                "{error}"
            );
        }
    }
}
