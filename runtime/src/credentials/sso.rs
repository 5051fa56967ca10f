//! IAM Identity Center (SSO): role credentials for the token `aws sso login` cached.

use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use super::fetch::{json_object, required, send, status_error, Failure};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::client::{resolve_endpoint, EndpointProblem};
use crate::config::Config;
use crate::endpoint::Url;
use crate::env::Env;
use crate::http::{BoxFuture, Headers, HttpRequest, SharedHttpClient};
use crate::percent::{self, Safe};
use crate::profile::{ProfileSet, Section};
use crate::protocol::ServiceSpec;
use crate::wire::DateTime;
use crate::wire::Document;

/// The SSO portal, for endpoint resolution: `AWS_ENDPOINT_URL_SSO`, the `sso` entry of
/// a `services` section, ..., else `https://portal.sso.{region}.amazonaws.com`.
static SSO: ServiceSpec = ServiceSpec {
    service_id: "SSO",
    signing_name: "awsssoportal",
    endpoint_prefix: "portal.sso",
    target_prefix: "",
    json_version: "1.1",
    api_version: "2019-06-10",
    protocol: crate::schema::Protocol::RestJson1,
    query_compatible: false,
    default_headers: &[],
};
const TIMEOUT: Duration = Duration::from_secs(60);
/// Largest token cache file read: it holds a token and a few dates.
const MAX_CACHE_FILE: u64 = 64 * 1024;
const WHAT: &str = "the SSO portal";

/// Role credentials from IAM Identity Center (SSO), for a profile with `sso_account_id`
/// and `sso_role_name`, and either `sso_session` (naming an `[sso-session NAME]` section
/// with `sso_start_url` and `sso_region`) or the older `sso_start_url` and `sso_region`
/// in the profile itself.
///
/// It reads the access token that `aws sso login` stored in
/// `~/.aws/sso/cache/<SHA-1 of the session name, or of the start URL>.json`, and
/// exchanges it at the portal (`GET /federation/credentials`) for the role's
/// credentials. A token that has expired is not refreshed here: the error asks for
/// `aws sso login`. The portal's endpoint is resolved as any service's is
/// (`AWS_ENDPOINT_URL_SSO`, ...), with the session's region.
#[derive(Clone)]
pub struct SsoCredentialsProvider {
    profile_name: String,
    login_hint: String,
    cache_file: Option<PathBuf>,
    account_id: String,
    role_name: String,
    endpoint: Result<Url, String>,
    http: Option<SharedHttpClient>,
}

impl SsoCredentialsProvider {
    /// The provider of `profile` (named `profile_name`); `config` gives the endpoint
    /// settings and the HTTP client. `Err` says which setting is missing or conflicting.
    pub(crate) fn from_profile(
        env: &Env,
        profiles: &ProfileSet,
        profile_name: &str,
        profile: &Section,
        config: &Config,
    ) -> Result<Self, String> {
        let get = |section: &Section, key: &str| {
            section
                .get(key)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let (cache_key, region, login_hint) = match get(profile, "sso_session") {
            Some(session_name) => {
                let session = profiles.sso_session(&session_name).ok_or_else(|| {
                    format!("profile `{profile_name}` names sso_session `{session_name}`, but there is no [sso-session {session_name}] section")
                })?;
                let mut values = Vec::new();
                for key in ["sso_start_url", "sso_region"] {
                    let value = get(session, key)
                        .ok_or_else(|| format!("sso-session `{session_name}` has no {key}"))?;
                    if get(profile, key).is_some_and(|v| v != value) {
                        return Err(format!(
                            "profile `{profile_name}` sets {key} unlike its sso-session `{session_name}`"
                        ));
                    }
                    values.push(value);
                }
                let region = values.pop().unwrap_or_default();
                (
                    session_name.clone(),
                    region,
                    format!("aws sso login --sso-session {session_name}"),
                )
            }
            None => {
                let start_url = get(profile, "sso_start_url");
                let region = get(profile, "sso_region");
                let (Some(start_url), Some(region)) = (start_url, region) else {
                    return Err(format!(
                        "profile `{profile_name}` uses SSO but lacks sso_start_url or sso_region"
                    ));
                };
                (
                    start_url,
                    region,
                    format!("aws sso login --profile {profile_name}"),
                )
            }
        };
        let account_id = get(profile, "sso_account_id");
        let role_name = get(profile, "sso_role_name");
        let (Some(account_id), Some(role_name)) = (account_id, role_name) else {
            return Err(format!(
                "profile `{profile_name}` uses SSO but lacks sso_account_id or sso_role_name"
            ));
        };
        let mut portal = config.clone();
        portal.region = Some(region.into());
        let endpoint = resolve_endpoint(&portal, &SSO).map_err(|problem| match problem {
            EndpointProblem::MissingRegion => "no sso_region".to_owned(),
            EndpointProblem::InvalidRegion(e) => format!("sso_region: {e}"),
            EndpointProblem::Invalid(e) => format!("the SSO portal endpoint: {e}"),
        });
        Ok(Self {
            profile_name: profile_name.to_owned(),
            login_hint,
            cache_file: env.home_dir().map(|home| {
                home.join(".aws")
                    .join("sso")
                    .join("cache")
                    .join(format!("{}.json", sha1_hex(&cache_key)))
            }),
            account_id,
            role_name,
            endpoint,
            http: config.effective_http_client().cloned(),
        })
    }

    /// The cached access token, unless it has expired.
    fn access_token(&self) -> Result<String, CredentialsError> {
        let login = || format!("run `{}`", self.login_hint);
        let path = self.cache_file.as_ref().ok_or_else(|| {
            CredentialsError::new("no home directory to find the SSO token cache in")
        })?;
        let text = super::fetch::read_small_file(path, MAX_CACHE_FILE, "the SSO token cache file")
            .map_err(|e| CredentialsError::new(format!("{e}: {}", login())))?;
        let what = format!("the SSO token cache file {}", path.display());
        let object = json_object(text.as_bytes(), &what)?;
        let token = required(&object, "accessToken", &what)?;
        let expires = required(&object, "expiresAt", &what)?;
        // Older CLIs wrote `2019-11-14T04:05:45UTC`.
        let expires = match expires.strip_suffix("UTC") {
            Some(stem) => format!("{stem}Z"),
            None => expires,
        };
        let expires: DateTime = expires.parse().map_err(|e| {
            CredentialsError::new(format!("{what}: expiresAt is not a date")).with_source(e)
        })?;
        if SystemTime::try_from(expires).is_ok_and(|t| t <= SystemTime::now()) {
            return Err(CredentialsError::new(format!(
                "the SSO session of profile `{}` expired at {expires}: {}",
                self.profile_name,
                login()
            )));
        }
        Ok(token)
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let endpoint = self
            .endpoint
            .as_ref()
            .map_err(|e| CredentialsError::new(e.clone()))?;
        let http = self
            .http
            .as_ref()
            .ok_or_else(|| CredentialsError::new("no HTTP client to reach the SSO portal with"))?;
        let token = self.access_token()?;
        let url = endpoint.join(&format!(
            "/federation/credentials?account_id={}&role_name={}",
            query_encode(&self.account_id),
            query_encode(&self.role_name)
        ));
        let mut headers = Headers::new();
        headers.insert("x-amz-sso_bearer_token", token);
        let request = HttpRequest {
            method: "GET".into(),
            url,
            headers,
            body: Vec::new(),
        };
        let response = send(http, request, TIMEOUT, WHAT)
            .await
            .map_err(Failure::into_error)?;
        match response.status {
            200 => {}
            401 | 403 => {
                return Err(CredentialsError::new(format!(
                    "{WHAT} refused the SSO token of profile `{}` (HTTP {}): run `{}`",
                    self.profile_name, response.status, self.login_hint
                )))
            }
            _ => return Err(status_error(WHAT, &response)),
        }
        let object = json_object(&response.body, WHAT)?;
        let Some(Document::Object(role)) = object.get("roleCredentials") else {
            return Err(CredentialsError::new(format!(
                "{WHAT} answered no roleCredentials"
            )));
        };
        let credentials = Credentials::new(
            required(role, "accessKeyId", WHAT)?,
            required(role, "secretAccessKey", WHAT)?,
            Some(required(role, "sessionToken", WHAT)?),
        );
        let millis = role
            .get("expiration")
            .and_then(Document::as_u64)
            .ok_or_else(|| CredentialsError::new(format!("{WHAT} answered no expiration")))?;
        let expiry = SystemTime::UNIX_EPOCH + Duration::from_millis(millis);
        Ok(credentials.with_expiry(super::fetch::not_expired(expiry, WHAT)?))
    }
}

/// The lower-case hex SHA-1 of `text`: the token cache's file name, as botocore names it.
fn sha1_hex(text: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, text.as_bytes());
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// `text` percent-encoded for a query value (unreserved characters kept).
fn query_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    percent::encode_into(&mut out, text, &Safe::UNRESERVED, false);
    out
}

impl fmt::Debug for SsoCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SsoCredentialsProvider")
            .field("profile", &self.profile_name)
            .field("account_id", &self.account_id)
            .field("role_name", &self.role_name)
            .field("cache_file", &self.cache_file)
            .field("endpoint", &self.endpoint.as_ref().map(Url::as_str))
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for SsoCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_file_names_are_the_sha1_of_the_session_or_start_url() {
        // Python's hashlib.sha1(name.encode()).hexdigest(), as botocore computes it.
        assert_eq!(
            sha1_hex("my-sso"),
            "0ad374308c5a4e22f723adf10145eafad7c4031c"
        );
        assert_eq!(
            sha1_hex("https://d-92671207e4.awsapps.com/start"),
            "13f9d35043871d073ab260e020f0ffde092cb14b"
        );
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(query_encode("Admin Role+/x"), "Admin%20Role%2B%2Fx");
        assert_eq!(query_encode("123456789012"), "123456789012");
    }
}
