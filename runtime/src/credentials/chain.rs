//! Where [`crate::Config::from_env`] finds credentials: the AWS SDKs' default chain.
//!
//! The first source that is configured is used, in this order:
//!
//! 1. **Environment**: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
//! 2. **Profile** (`AWS_PROFILE`, else `default`), by its settings:
//!    - `role_arn` (with `source_profile` or `credential_source`) and
//!      `web_identity_token_file` need STS, which this runtime does not call yet: an error
//!      says so;
//!    - `sso_session`, or the older `sso_start_url`: IAM Identity Center
//!      ([`SsoCredentialsProvider`]);
//!    - `aws_access_key_id` and `aws_secret_access_key` (and `aws_session_token`);
//!    - `credential_process`
//!      ([`ProcessCredentialsProvider`]).
//! 3. **Web identity** from `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN`: needs STS,
//!    an error says so.
//! 4. **Container**: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `_FULL_URI` (ECS, EKS Pod
//!    Identity; [`ContainerCredentialsProvider`]).
//! 5. **EC2 instance metadata**, unless `AWS_EC2_METADATA_DISABLED` is `true`
//!    ([`ImdsCredentialsProvider`]).
//!
//! Temporary credentials (all but static keys) are kept in a
//! [`CredentialsCache`]: fetched on first use, again five minutes
//! before they expire, one fetch at a time. A source that is configured but fails is an
//! error of every call that needs credentials; the chain does not fall through to the
//! next source, so that a broken `credential_process` is not silently replaced by the
//! instance's role.

use super::{
    ContainerCredentialsProvider, Credentials, CredentialsCache, CredentialsError,
    ImdsCredentialsProvider, ProcessCredentialsProvider, ProvideCredentials,
    SharedCredentialsProvider, SsoCredentialsProvider,
};
use crate::config::Config;
use crate::env::Env;
use crate::http::{BoxFuture, SharedHttpClient};
use crate::profile::{ProfileSet, Section};

/// The provider the environment and `profile` select; `config` is the loaded
/// configuration (endpoints and HTTP client of the SSO portal).
pub(crate) fn default_provider(
    env: &Env,
    profiles: &ProfileSet,
    profile_name: &str,
    profile: &Section,
    config: &Config,
) -> SharedCredentialsProvider {
    if let Some(provider) = from_env(env) {
        return provider;
    }
    if let Some(provider) = from_profile(env, profiles, profile_name, profile, config) {
        return provider;
    }
    if env.get("AWS_WEB_IDENTITY_TOKEN_FILE").is_some() {
        return needs_sts("AWS_WEB_IDENTITY_TOKEN_FILE (web identity)");
    }
    let local_http = match link_local_client(config) {
        Some(http) => http,
        None => return unavailable(no_credentials(profile_name)),
    };
    if let Some(container) = ContainerCredentialsProvider::from_env(env, local_http.clone()) {
        return cached(container);
    }
    if env
        .get("AWS_EC2_METADATA_DISABLED")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return unavailable(no_credentials(profile_name));
    }
    let imds = ImdsCredentialsProvider::from_env(env, profile, local_http);
    cached(LastResort {
        imds,
        hint: no_credentials(profile_name),
    })
}

fn from_env(env: &Env) -> Option<SharedCredentialsProvider> {
    match (
        env.get("AWS_ACCESS_KEY_ID"),
        env.get("AWS_SECRET_ACCESS_KEY"),
    ) {
        (Some(id), Some(secret)) => {
            Some(Credentials::new(id, secret, env.get("AWS_SESSION_TOKEN")).into())
        }
        (Some(_), None) => Some(unavailable(
            "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
        )),
        (None, Some(_)) => Some(unavailable(
            "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
        )),
        (None, None) => None,
    }
}

fn from_profile(
    env: &Env,
    profiles: &ProfileSet,
    profile_name: &str,
    profile: &Section,
    config: &Config,
) -> Option<SharedCredentialsProvider> {
    let key = |k: &str| profile.get(k).filter(|v| !v.is_empty()).map(str::to_owned);
    if key("role_arn").is_some() {
        return Some(needs_sts(&format!("role_arn of profile `{profile_name}`")));
    }
    if key("web_identity_token_file").is_some() {
        return Some(needs_sts(&format!(
            "web_identity_token_file of profile `{profile_name}`"
        )));
    }
    if key("sso_session").is_some() || key("sso_start_url").is_some() {
        return Some(
            match SsoCredentialsProvider::from_profile(env, profiles, profile_name, profile, config)
            {
                Ok(sso) => cached(sso),
                Err(message) => unavailable(message),
            },
        );
    }
    match (key("aws_access_key_id"), key("aws_secret_access_key")) {
        (Some(id), Some(secret)) => {
            return Some(Credentials::new(id, secret, key("aws_session_token")).into())
        }
        (Some(_), None) | (None, Some(_)) => {
            return Some(unavailable(format!(
                "profile `{profile_name}` needs both aws_access_key_id and aws_secret_access_key"
            )))
        }
        (None, None) => {}
    }
    key("credential_process").map(|command| cached(ProcessCredentialsProvider::new(command)))
}

/// The client for the container and metadata endpoints: link-local or loopback hosts,
/// reached directly whatever the proxy settings say, as the AWS SDKs reach them.
#[cfg(feature = "default-https-client")]
fn link_local_client(_config: &Config) -> Option<SharedHttpClient> {
    let connect = Some(std::time::Duration::from_secs(1));
    Some(SharedHttpClient::new(crate::https::HyperClient::new(
        connect,
    )))
}

#[cfg(not(feature = "default-https-client"))]
fn link_local_client(config: &Config) -> Option<SharedHttpClient> {
    config.effective_http_client().cloned()
}

fn no_credentials(profile_name: &str) -> String {
    format!(
        "no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or \
         aws_access_key_id and aws_secret_access_key, credential_process or SSO settings in \
         profile `{profile_name}` of the shared files"
    )
}

fn needs_sts(source: &str) -> SharedCredentialsProvider {
    unavailable(format!(
        "credentials come from {source}, which needs STS; this SDK does not call STS yet: \
         export temporary credentials as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and \
         AWS_SESSION_TOKEN instead"
    ))
}

fn cached(provider: impl ProvideCredentials) -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(CredentialsCache::new(provider))
}

/// The instance metadata service, asked when nothing else is configured: its failure
/// also says how else to provide credentials.
#[derive(Debug)]
struct LastResort {
    imds: ImdsCredentialsProvider,
    hint: String,
}

impl ProvideCredentials for LastResort {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            self.imds.provide_credentials().await.map_err(|e| {
                let message = format!(
                    "{}; the instance metadata service, asked last: {e}",
                    self.hint
                );
                CredentialsError::new(message).with_source(e)
            })
        })
    }
}

/// A credentials provider that explains why there are none.
#[derive(Debug)]
struct Unavailable(String);

impl ProvideCredentials for Unavailable {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let message = self.0.clone();
        Box::pin(async move { Err(CredentialsError::new(message)) })
    }
}

fn unavailable(message: impl Into<String>) -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(Unavailable(message.into()))
}
