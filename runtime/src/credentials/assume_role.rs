//! Credentials of a role assumed through STS: with other credentials (`AssumeRole`) or
//! with a web identity token (`AssumeRoleWithWebIdentity`), as botocore's
//! `AssumeRoleProvider` and `AssumeRoleWithWebIdentityProvider` make their requests.

use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use super::sts::{Sts, Value};
use super::{Credentials, CredentialsError, ProvideCredentials, SharedCredentialsProvider};
use crate::config::Config;
use crate::http::BoxFuture;

/// Longest web identity token file read: STS takes tokens of up to 20,000 characters.
const MAX_TOKEN_FILE: u64 = 64 * 1024;

/// The session name botocore gives a role session when none is configured, from the
/// time the provider is made (`botocore-session-<seconds since the epoch>`), so that
/// requests and CloudTrail entries read alike whichever SDK made them.
fn default_session_name(now: SystemTime) -> String {
    let secs = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!("botocore-session-{secs}")
}

/// Credentials of a role, assumed with STS `AssumeRole` signed by the credentials of
/// another provider (a profile's `role_arn` with `source_profile` or
/// `credential_source`).
///
/// Each call of [`ProvideCredentials::provide_credentials`] asks STS anew: put it behind
/// a [`super::CredentialsCache`] (as [`crate::Config::from_env`] does) to keep the
/// credentials until shortly before they expire.
#[derive(Clone)]
pub struct AssumeRoleProvider {
    sts: Sts,
    role_arn: String,
    session_name: Option<String>,
    default_session_name: String,
    external_id: Option<String>,
    duration_seconds: Option<i64>,
    source: SharedCredentialsProvider,
}

impl AssumeRoleProvider {
    /// Assumes `role_arn` with the credentials of `source`, calling STS as `config`
    /// reaches it (its region's endpoint, or the endpoint configured for STS; its HTTP
    /// client, timeouts and clock).
    pub fn new(
        config: &Config,
        role_arn: impl Into<String>,
        source: impl ProvideCredentials,
    ) -> Self {
        Self::with_sts(
            Sts::new(config, None),
            role_arn.into(),
            SharedCredentialsProvider::new(source),
        )
    }

    pub(crate) fn with_sts(sts: Sts, role_arn: String, source: SharedCredentialsProvider) -> Self {
        let default_session_name = default_session_name(sts.now());
        Self {
            sts,
            role_arn,
            session_name: None,
            default_session_name,
            external_id: None,
            duration_seconds: None,
            source,
        }
    }

    /// The role session's name (`role_session_name`); by default
    /// `botocore-session-<seconds since the epoch>`, as botocore names it.
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into());
        self
    }

    /// The external id the role's trust policy asks for (`external_id`).
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into());
        self
    }

    /// How long the credentials last (`duration_seconds`; STS's default is one hour).
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration_seconds = Some(i64::try_from(duration.as_secs()).unwrap_or(i64::MAX));
        self
    }

    pub(crate) fn duration_seconds(mut self, seconds: i64) -> Self {
        self.duration_seconds = Some(seconds);
        self
    }

    /// The request's members in the order botocore's fetcher builds its arguments
    /// (configured ones, then `RoleArn`, then a default session name), which is the
    /// order its serializer writes them.
    fn members(&self) -> Vec<(&'static str, Value)> {
        let mut members = Vec::new();
        if let Some(name) = &self.session_name {
            members.push(("RoleSessionName", Value::Text(name.clone())));
        }
        if let Some(id) = &self.external_id {
            members.push(("ExternalId", Value::Text(id.clone())));
        }
        if let Some(seconds) = self.duration_seconds {
            members.push(("DurationSeconds", Value::Number(seconds)));
        }
        members.push(("RoleArn", Value::Text(self.role_arn.clone())));
        if self.session_name.is_none() {
            members.push((
                "RoleSessionName",
                Value::Text(self.default_session_name.clone()),
            ));
        }
        members
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let source = self.source.provide_credentials().await.map_err(|e| {
            CredentialsError::new(format!(
                "the source credentials of role {}: {e}",
                self.role_arn
            ))
            .with_source(e)
        })?;
        self.sts.assume_role(&source, &self.members()).await
    }
}

impl fmt::Debug for AssumeRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleProvider")
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .field("sts", &self.sts)
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}

/// Credentials of a role, assumed with STS `AssumeRoleWithWebIdentity` and the token in
/// a file (EKS service accounts, GitHub Actions' OIDC): `web_identity_token_file` and
/// `role_arn` of a profile, or `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN`.
///
/// The request is not signed: the token is the proof. The file is read again on each
/// fetch, since whoever writes it replaces the token before it expires. Put the
/// provider behind a [`super::CredentialsCache`] to keep credentials until they need a
/// refresh.
#[derive(Clone)]
pub struct WebIdentityTokenCredentialsProvider {
    sts: Sts,
    token_file: PathBuf,
    role_arn: String,
    session_name: Option<String>,
    default_session_name: String,
}

impl WebIdentityTokenCredentialsProvider {
    /// Assumes `role_arn` with the token in `token_file`, calling STS as `config`
    /// reaches it.
    pub fn new(
        config: &Config,
        token_file: impl Into<PathBuf>,
        role_arn: impl Into<String>,
    ) -> Self {
        Self::with_sts(Sts::new(config, None), token_file.into(), role_arn.into())
    }

    pub(crate) fn with_sts(sts: Sts, token_file: PathBuf, role_arn: String) -> Self {
        let default_session_name = default_session_name(sts.now());
        Self {
            sts,
            token_file,
            role_arn,
            session_name: None,
            default_session_name,
        }
    }

    /// The role session's name (`role_session_name`, `AWS_ROLE_SESSION_NAME`); by
    /// default `botocore-session-<seconds since the epoch>`.
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into());
        self
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let token = super::fetch::read_small_file(
            &self.token_file,
            MAX_TOKEN_FILE,
            "the web identity token file",
        )?;
        // botocore's order: a configured session name, the role, a default name, the
        // token.
        let mut members = Vec::new();
        if let Some(name) = &self.session_name {
            members.push(("RoleSessionName", Value::Text(name.clone())));
        }
        members.push(("RoleArn", Value::Text(self.role_arn.clone())));
        if self.session_name.is_none() {
            members.push((
                "RoleSessionName",
                Value::Text(self.default_session_name.clone()),
            ));
        }
        members.push(("WebIdentityToken", Value::Text(token)));
        self.sts.assume_role_with_web_identity(&members).await
    }
}

impl fmt::Debug for WebIdentityTokenCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebIdentityTokenCredentialsProvider")
            .field("role_arn", &self.role_arn)
            .field("token_file", &self.token_file)
            .field("session_name", &self.session_name)
            .field("sts", &self.sts)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for WebIdentityTokenCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}
