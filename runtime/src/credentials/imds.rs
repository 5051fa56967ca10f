//! Credentials of the EC2 instance's role, from the instance metadata service.

use std::fmt;
use std::time::Duration;

use super::fetch::{credentials_json, json_object, send_with_attempts, status_error};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::endpoint::Url;
use crate::env::Env;
use crate::http::{BoxFuture, Headers, HttpRequest, HttpResponse, SharedHttpClient};
use crate::profile::Section;

const IPV4_ENDPOINT: &str = "http://169.254.169.254";
const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]";
const TOKEN_PATH: &str = "/latest/api/token";
const ROLE_PATH: &str = "/latest/meta-data/iam/security-credentials/";
/// Lifetime asked for a session token: six hours, as the AWS SDKs ask.
const TOKEN_TTL: &str = "21600";
const WHAT: &str = "the instance metadata service";

/// Credentials of the instance's IAM role from the EC2 instance metadata service
/// (IMDSv2): a session token from `PUT /latest/api/token`, then the role's name from
/// `GET /latest/meta-data/iam/security-credentials/` and its credentials from
/// `.../<role>`.
///
/// As botocore: each request may take 1 s and is made once (settings
/// `AWS_METADATA_SERVICE_TIMEOUT` and `AWS_METADATA_SERVICE_NUM_ATTEMPTS`, or
/// `metadata_service_timeout` and `metadata_service_num_attempts` in the profile); a
/// service that answers the token request 403, 404 or 405 is asked without a token
/// (IMDSv1) unless `AWS_EC2_METADATA_V1_DISABLED` is `true`. The endpoint is
/// `http://169.254.169.254`, `http://[fd00:ec2::254]` with
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`, or
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT`. At most 64 KiB of each answer is read.
#[derive(Clone)]
pub struct ImdsCredentialsProvider {
    endpoint: Result<Url, String>,
    http: SharedHttpClient,
    timeout: Duration,
    attempts: u32,
    v1_fallback: bool,
}

impl ImdsCredentialsProvider {
    /// The provider of the default endpoint, sending with `http` (which should not go
    /// through a proxy: the service is link-local).
    pub fn new(http: SharedHttpClient) -> Self {
        Self {
            endpoint: Url::parse(IPV4_ENDPOINT).map_err(|e| e.to_string()),
            http,
            timeout: Duration::from_secs(1),
            attempts: 1,
            v1_fallback: true,
        }
    }

    /// Asks the service at `url` (`http://host:port`) instead.
    pub fn endpoint(mut self, url: &str) -> Self {
        self.endpoint = Url::parse(url.trim_end_matches('/')).map_err(|e| {
            format!(
                "the instance metadata endpoint is not a usable URL: {}",
                e.reason()
            )
        });
        self
    }

    /// Gives up on each request after `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Makes each request up to `attempts` times (at least once) while it fails to
    /// connect, times out or gets a 5xx.
    pub fn attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts.max(1);
        self
    }

    /// The provider the environment and profile configure.
    pub(crate) fn from_env(env: &Env, profile: &Section, http: SharedHttpClient) -> Self {
        let setting = |var: &str, key: &str| {
            env.get(var).or_else(|| {
                profile
                    .get(key)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
            })
        };
        let mut provider = Self::new(http);
        let endpoint = setting(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT",
            "ec2_metadata_service_endpoint",
        );
        let mode = setting(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
            "ec2_metadata_service_endpoint_mode",
        );
        match (endpoint, mode) {
            (Some(url), _) => provider = provider.endpoint(&url),
            (None, Some(mode)) if mode.eq_ignore_ascii_case("ipv6") => {
                provider = provider.endpoint(IPV6_ENDPOINT)
            }
            (None, Some(mode)) if !mode.eq_ignore_ascii_case("ipv4") => {
                provider.endpoint = Err(format!(
                    "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE is {mode:?}; expected IPv4 or IPv6"
                ))
            }
            _ => {}
        }
        if let Some(secs) = setting("AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout")
            .and_then(|v| v.parse::<f64>().ok())
            .and_then(|s| Duration::try_from_secs_f64(s).ok())
        {
            provider.timeout = secs;
        }
        if let Some(attempts) = setting(
            "AWS_METADATA_SERVICE_NUM_ATTEMPTS",
            "metadata_service_num_attempts",
        )
        .and_then(|v| v.parse::<u32>().ok())
        {
            provider = provider.attempts(attempts);
        }
        provider.v1_fallback = !setting("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        provider
    }

    async fn request(
        &self,
        method: &str,
        url: &str,
        headers: &Headers,
    ) -> Result<HttpResponse, CredentialsError> {
        let request = || HttpRequest {
            method: method.into(),
            url: url.to_owned(),
            headers: headers.clone(),
            body: Vec::new(),
        };
        send_with_attempts(
            &self.http,
            request,
            self.timeout,
            self.attempts,
            Duration::ZERO,
            WHAT,
        )
        .await
    }

    /// A session token; `None` where the service only speaks IMDSv1.
    async fn token(&self, endpoint: &Url) -> Result<Option<String>, CredentialsError> {
        let mut headers = Headers::new();
        headers.insert("x-aws-ec2-metadata-token-ttl-seconds", TOKEN_TTL);
        let response = self
            .request("PUT", &endpoint.join(TOKEN_PATH), &headers)
            .await?;
        match response.status {
            200 => Ok(Some(text(&response)?.trim().to_owned())),
            403..=405 if self.v1_fallback => Ok(None),
            _ => Err(status_error(&format!("{WHAT} (token request)"), &response)),
        }
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let endpoint = self
            .endpoint
            .as_ref()
            .map_err(|e| CredentialsError::new(e.clone()))?;
        let mut headers = Headers::new();
        if let Some(token) = self.token(endpoint).await? {
            headers.insert("x-aws-ec2-metadata-token", token);
        }
        let response = self
            .request("GET", &endpoint.join(ROLE_PATH), &headers)
            .await?;
        match response.status {
            200 => {}
            404 => {
                return Err(CredentialsError::new(format!(
                    "{WHAT} knows no IAM role of this instance (HTTP 404)"
                )))
            }
            _ => return Err(status_error(WHAT, &response)),
        }
        let roles = text(&response)?;
        let role = roles
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .ok_or_else(|| CredentialsError::new(format!("{WHAT} answered no IAM role name")))?;
        // The name becomes a path segment: it may not choose another path.
        if !role
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
        {
            return Err(CredentialsError::new(format!(
                "{WHAT} answered a role name that is not an IAM role name"
            )));
        }
        let url = endpoint.join(&format!("{ROLE_PATH}{role}"));
        let response = self.request("GET", &url, &headers).await?;
        if response.status != 200 {
            return Err(status_error(WHAT, &response));
        }
        if let Some(code) = json_object(&response.body, WHAT)?
            .get("Code")
            .and_then(|c| c.as_str())
        {
            if code != "Success" {
                return Err(CredentialsError::new(format!(
                    "{WHAT} answered Code {}",
                    crate::error::quoted(code)
                )));
            }
        }
        credentials_json(&response.body, WHAT)
    }
}

fn text(response: &HttpResponse) -> Result<&str, CredentialsError> {
    std::str::from_utf8(&response.body)
        .map_err(|_| CredentialsError::new(format!("{WHAT} answered text that is not UTF-8")))
}

impl fmt::Debug for ImdsCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImdsCredentialsProvider")
            .field("endpoint", &self.endpoint.as_ref().map(Url::as_str))
            .field("timeout", &self.timeout)
            .field("attempts", &self.attempts)
            .field("v1_fallback", &self.v1_fallback)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for ImdsCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}
