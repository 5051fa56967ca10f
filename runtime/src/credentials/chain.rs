//! Where [`crate::Config::from_env`] finds credentials: the default chain, in the order
//! of the pinned botocore's.
//!
//! The first source that is configured is used, in this order:
//!
//! 1. **Environment**: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
//! 2. **Assumed role** of the profile (`AWS_PROFILE`, else `default`): `role_arn` with
//!    `source_profile` (a profile whose credentials assume the role, itself possibly
//!    assuming another: chains of any length, cycles refused) or `credential_source`
//!    (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`), and `role_session_name`,
//!    `external_id`, `duration_seconds` (`AssumeRoleProvider`). `mfa_serial` is
//!    refused: it needs a code typed in.
//! 3. **Web identity**: `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`,
//!    `AWS_ROLE_SESSION_NAME`, each variable before the profile's
//!    `web_identity_token_file`, `role_arn`, `role_session_name`
//!    (`WebIdentityTokenCredentialsProvider`).
//! 4. **Profile**, by its settings:
//!    - `sso_session`, or the older `sso_start_url`: IAM Identity Center
//!      ([`SsoCredentialsProvider`]);
//!    - `aws_access_key_id` and `aws_secret_access_key` (and `aws_session_token`);
//!    - `credential_process`
//!      ([`ProcessCredentialsProvider`]).
//! 5. **Container**: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `_FULL_URI` (ECS, EKS Pod
//!    Identity; [`ContainerCredentialsProvider`]).
//! 6. **EC2 instance metadata**, unless `AWS_EC2_METADATA_DISABLED` is `true`
//!    ([`ImdsCredentialsProvider`]).
//!
//! Roles are assumed with STS (feature `credentials-sts`), at the endpoint of the
//! config's region (`sts.<region>.amazonaws.com`), or `sts.amazonaws.com` where
//! `sts_regional_endpoints` (`AWS_STS_REGIONAL_ENDPOINTS`) is `legacy` in the regions
//! that had it, or the endpoint configured for STS (`AWS_ENDPOINT_URL_STS`, a
//! `services` section, ...). Without the feature such settings are an error naming it.
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

/// What the sources of a chain are made from.
pub(super) struct Sources<'a> {
    pub(super) env: &'a Env,
    pub(super) profiles: &'a ProfileSet,
    /// The profile the chain starts from, whose settings (region, STS endpoints,
    /// metadata service) apply to every step.
    #[cfg_attr(not(feature = "credentials-sts"), allow(dead_code))]
    pub(super) profile: &'a Section,
    pub(super) config: &'a Config,
}

/// The provider the environment and `profile` select; `config` is the loaded
/// configuration (endpoints and HTTP client of the SSO portal and STS).
pub(crate) fn default_provider(
    env: &Env,
    profiles: &ProfileSet,
    profile_name: &str,
    profile: &Section,
    config: &Config,
) -> SharedCredentialsProvider {
    let sources = Sources {
        env,
        profiles,
        profile,
        config,
    };
    if let Some(provider) = from_env(env) {
        return provider;
    }
    if has_role(profile) {
        return result(assume_role(&sources, profile_name));
    }
    if let Some(provider) = from_profile(&sources, profile_name, profile, true) {
        return provider;
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

/// A profile setting, unless empty.
pub(super) fn key(profile: &Section, key: &str) -> Option<String> {
    profile
        .get(key)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The profile assumes a role with other credentials (botocore leaves a profile with
/// `web_identity_token_file` to the web identity provider).
pub(super) fn has_role(profile: &Section) -> bool {
    key(profile, "role_arn").is_some() && key(profile, "web_identity_token_file").is_none()
}

pub(super) fn from_env(env: &Env) -> Option<SharedCredentialsProvider> {
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

/// The sources botocore finds in one profile after an assumed role: web identity
/// (with the environment's variables first when `with_env`; a source profile of a role
/// has only its own settings), SSO, static keys, `credential_process`.
pub(super) fn from_profile(
    sources: &Sources<'_>,
    profile_name: &str,
    profile: &Section,
    with_env: bool,
) -> Option<SharedCredentialsProvider> {
    if let Some(provider) = web_identity(sources, profile_name, profile, with_env) {
        return Some(provider);
    }
    let key = |k: &str| key(profile, k);
    if key("sso_session").is_some() || key("sso_start_url").is_some() {
        return Some(
            match SsoCredentialsProvider::from_profile(
                sources.env,
                sources.profiles,
                profile_name,
                profile,
                sources.config,
            ) {
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

/// Web identity, when a token file is configured: each setting from its variable
/// (when `with_env`) before the profile, as botocore's provider reads them.
fn web_identity(
    sources: &Sources<'_>,
    profile_name: &str,
    profile: &Section,
    with_env: bool,
) -> Option<SharedCredentialsProvider> {
    let setting = |var: &str, name: &str| {
        with_env
            .then(|| sources.env.get(var))
            .flatten()
            .or_else(|| key(profile, name))
    };
    let token_file = setting("AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file")?;
    let Some(role_arn) = setting("AWS_ROLE_ARN", "role_arn") else {
        return Some(unavailable(format!(
            "web identity is configured (token file {token_file}) but no role: set role_arn in \
             profile `{profile_name}` or AWS_ROLE_ARN"
        )));
    };
    let session_name = setting("AWS_ROLE_SESSION_NAME", "role_session_name");
    Some(web_identity_provider(
        sources,
        token_file,
        role_arn,
        session_name,
    ))
}

#[cfg(feature = "credentials-sts")]
fn web_identity_provider(
    sources: &Sources<'_>,
    token_file: String,
    role_arn: String,
    session_name: Option<String>,
) -> SharedCredentialsProvider {
    let provider = super::WebIdentityTokenCredentialsProvider::with_sts(
        super::roles::sts(sources),
        token_file.into(),
        role_arn,
    );
    cached(match session_name {
        Some(name) => provider.session_name(name),
        None => provider,
    })
}

#[cfg(not(feature = "credentials-sts"))]
fn web_identity_provider(
    _: &Sources<'_>,
    token_file: String,
    _: String,
    _: Option<String>,
) -> SharedCredentialsProvider {
    needs_sts(&format!("the web identity token file {token_file}"))
}

#[cfg(feature = "credentials-sts")]
fn assume_role(
    sources: &Sources<'_>,
    profile_name: &str,
) -> Result<SharedCredentialsProvider, String> {
    super::roles::assume_role(sources, profile_name)
}

#[cfg(not(feature = "credentials-sts"))]
fn assume_role(_: &Sources<'_>, profile_name: &str) -> Result<SharedCredentialsProvider, String> {
    Ok(needs_sts(&format!("role_arn of profile `{profile_name}`")))
}

/// The client for the container and metadata endpoints: link-local or loopback hosts,
/// reached directly whatever the proxy settings say, as the AWS SDKs reach them.
#[cfg(feature = "default-https-client")]
pub(super) fn link_local_client(_config: &Config) -> Option<SharedHttpClient> {
    let connect = Some(std::time::Duration::from_secs(1));
    Some(SharedHttpClient::new(crate::https::HyperClient::new(
        connect,
    )))
}

#[cfg(not(feature = "default-https-client"))]
pub(super) fn link_local_client(config: &Config) -> Option<SharedHttpClient> {
    config.effective_http_client().cloned()
}

fn no_credentials(profile_name: &str) -> String {
    format!(
        "no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or \
         aws_access_key_id and aws_secret_access_key, credential_process or SSO settings in \
         profile `{profile_name}` of the shared files"
    )
}

#[cfg(not(feature = "credentials-sts"))]
fn needs_sts(source: &str) -> SharedCredentialsProvider {
    unavailable(format!(
        "credentials come from {source}, which needs STS: turn on the `credentials-sts` \
         feature of sdk-runtime (sdk-runtime = {{ version = \"...\", features = \
         [\"credentials-sts\"] }} beside the service crate), or export temporary \
         credentials as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN"
    ))
}

/// A provider, or one that reports why there is none.
pub(super) fn result(
    provider: Result<SharedCredentialsProvider, String>,
) -> SharedCredentialsProvider {
    provider.unwrap_or_else(unavailable)
}

pub(super) fn cached(provider: impl ProvideCredentials) -> SharedCredentialsProvider {
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

pub(super) fn unavailable(message: impl Into<String>) -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(Unavailable(message.into()))
}
