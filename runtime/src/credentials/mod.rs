//! AWS credentials and where a client gets them from.
//!
//! [`crate::Config::from_env`] looks for them as the AWS SDKs do (see [`chain`]); the
//! providers of temporary credentials are public too, to be set on a config builder
//! behind a [`CredentialsCache`].
//!
//! Secrets never show in `Debug` output or errors: only the first four characters of
//! the access key id (which tell long-term `AKIA` keys from temporary `ASIA` ones) are
//! printed.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use crate::http::BoxFuture;

#[cfg(feature = "credentials-sts")]
mod assume_role;
mod cache;
pub mod chain;
mod container;
mod fetch;
mod imds;
mod process;
#[cfg(feature = "credentials-sts")]
mod roles;
mod sso;
#[cfg(feature = "credentials-sts")]
mod sts;

#[cfg(feature = "credentials-sts")]
pub use assume_role::{AssumeRoleProvider, WebIdentityTokenCredentialsProvider};
pub use cache::{CredentialsCache, DEFAULT_REFRESH_BEFORE};
pub use container::ContainerCredentialsProvider;
pub use imds::ImdsCredentialsProvider;
pub use process::{ProcessCredentialsProvider, DEFAULT_PROCESS_TIMEOUT};
pub use sso::SsoCredentialsProvider;

/// An access key id, a secret access key and, for temporary credentials, a session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Credentials from their parts.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry: None,
        }
    }

    /// These credentials, valid until `expiry` (temporary credentials).
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// When temporary credentials stop being valid; `None` for long-term ones.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.access_key_id.chars().take(4).collect();
        f.debug_struct("Credentials")
            .field("access_key_id", &format_args!("{shown}****"))
            .field("secret_access_key", &format_args!("** redacted **"))
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .field(
                "expiry",
                &self
                    .expiry
                    .map(|t| format!("{}", crate::wire::DateTime::from(t))),
            )
            .finish()
    }
}

/// Why credentials could not be had.
#[derive(Debug)]
pub struct CredentialsError {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|source| source as _)
    }
}

impl CredentialsError {
    /// A failure described by `message`.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// Attaches the underlying error.
    pub fn with_source(
        mut self,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        self.source = Some(source.into());
        self
    }
}

/// A source of credentials, asked before each request is signed so that providers of
/// temporary credentials can refresh them.
pub trait ProvideCredentials: Send + Sync + fmt::Debug + 'static {
    /// The credentials to sign the next request with.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

/// A cloneable, shared [`ProvideCredentials`].
#[derive(Clone, Debug)]
pub struct SharedCredentialsProvider(Arc<dyn ProvideCredentials>);

impl SharedCredentialsProvider {
    /// Shares `provider`.
    pub fn new(provider: impl ProvideCredentials) -> Self {
        Self(Arc::new(provider))
    }

    /// Asks the provider for credentials.
    pub fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.0.provide_credentials()
    }
}

/// A shared provider is a provider too: another can take it as its source (an assumed
/// role signing with the chain's credentials).
impl ProvideCredentials for SharedCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.0.provide_credentials()
    }
}

impl From<Credentials> for SharedCredentialsProvider {
    fn from(credentials: Credentials) -> Self {
        Self::new(credentials)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    #[test]
    fn debug_output_redacts_every_secret() {
        let creds = Credentials::new("AKIDEXAMPLE", SECRET, Some("the-session-token".into()));
        for shown in [
            format!("{creds:?}"),
            format!("{creds:#?}"),
            format!("{:?}", SharedCredentialsProvider::from(creds.clone())),
        ] {
            assert!(!shown.contains(SECRET), "{shown}");
            assert!(!shown.contains("the-session-token"), "{shown}");
            assert!(!shown.contains("AKIDEXAMPLE"), "{shown}");
            assert!(shown.contains("AKID****"), "{shown}");
        }
    }

    #[tokio::test]
    async fn static_credentials_provide_themselves() {
        let creds = Credentials::new("AKIDEXAMPLE", SECRET, None);
        let shared = SharedCredentialsProvider::from(creds.clone());
        assert_eq!(shared.provide_credentials().await.unwrap(), creds);
    }
}
