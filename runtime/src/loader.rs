//! Configuration from environment variables and the shared config files, with the
//! precedence of the AWS SDKs: explicit settings (applied afterwards with
//! [`Config::to_builder`]) over environment variables over the selected profile.
//!
//! | setting | environment | profile |
//! | --- | --- | --- |
//! | profile | `AWS_PROFILE` (else `default`) | |
//! | region | `AWS_REGION`, then `AWS_DEFAULT_REGION` | `region` |
//! | credentials | `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` | `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token` |
//! | endpoint of one service | `AWS_ENDPOINT_URL_<SERVICE_ID>` | `endpoint_url` under the service in the `[services NAME]` section the profile's `services` names |
//! | endpoint of all services | `AWS_ENDPOINT_URL` | `endpoint_url` |
//! | ignore the two above | `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` | `ignore_configured_endpoint_urls` |
//! | attempts | `AWS_MAX_ATTEMPTS` | `max_attempts` |
//! | trusted certificate authorities (a PEM file) | `AWS_CA_BUNDLE` | `ca_bundle` |
//! | proxies | `https_proxy`/`HTTPS_PROXY`, `http_proxy`/`HTTP_PROXY`, `no_proxy`/`NO_PROXY` | |
//!
//! The files are `AWS_CONFIG_FILE` (default `~/.aws/config`) and
//! `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`); only regular files of
//! at most [`crate::profile::MAX_FILE_SIZE`] bytes (1 MiB) are read.
//!
//! A region that is not a valid host label ([`Region::validate`]), or an endpoint URL
//! that does not parse or holds a user name or password, is a
//! [`ConfigError::InvalidSetting`] naming the variable or key; the message never repeats
//! the password. So is a CA bundle that cannot be read or holds no usable certificate
//! (naming the file), and a proxy URL that does not parse ([`crate::proxy::Proxy::parse`]).

use crate::config::{Config, ConfigBuilder, ConfiguredEndpoints};
use crate::credentials::{
    Credentials, CredentialsError, ProvideCredentials, SharedCredentialsProvider,
};
use crate::endpoint::Url;
use crate::env::Env;
use crate::error::ConfigError;
use crate::http::BoxFuture;
use crate::profile::{ProfileSet, Section};
use crate::retry::RetryConfig;
use crate::Region;

/// Profile settings that select credential sources this runtime does not implement.
const UNSUPPORTED_CREDENTIAL_KEYS: [&str; 5] = [
    "role_arn",
    "sso_session",
    "sso_start_url",
    "credential_process",
    "web_identity_token_file",
];

/// Loads a [`Config`] from an environment (the process's by default).
#[derive(Clone, Debug, Default)]
pub struct ConfigLoader {
    env: Env,
    profile: Option<String>,
}

impl ConfigLoader {
    /// A loader reading the process environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads variables and the home directory from `env` instead.
    pub fn env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Uses this profile whatever `AWS_PROFILE` says.
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Reads the environment and the shared files.
    pub async fn load(self) -> Result<Config, ConfigError> {
        self.load_builder().map(ConfigBuilder::build)
    }

    fn load_builder(self) -> Result<ConfigBuilder, ConfigError> {
        let env = &self.env;
        let profiles = ProfileSet::load(env)?;
        let chosen = self.profile.clone().or_else(|| env.get("AWS_PROFILE"));
        let profile_name = chosen.clone().unwrap_or_else(|| "default".to_owned());
        let empty = Section::default();
        let profile = match (profiles.profile(&profile_name), chosen) {
            (Some(profile), _) => profile,
            (None, Some(name)) => return Err(ConfigError::MissingProfile(name)),
            (None, None) => &empty,
        };
        let setting = |var: &str, key: &str| -> Option<(String, String)> {
            env.get(var)
                .map(|v| (var.to_owned(), v))
                .or_else(|| profile.get(key).map(|v| (key.to_owned(), v.to_owned())))
                .filter(|(_, v)| !v.is_empty())
        };

        let mut builder = Config::builder();
        let region = ["AWS_REGION", "AWS_DEFAULT_REGION"]
            .into_iter()
            .find_map(|var| env.get(var).map(|v| (var.to_owned(), v)))
            .or_else(|| {
                let value = profile.get("region").filter(|v| !v.is_empty())?;
                Some(("region".to_owned(), value.to_owned()))
            });
        if let Some((name, value)) = region {
            let region = Region::new(value);
            region
                .validate()
                .map_err(|e| invalid(&name, region.as_str(), e.reason()))?;
            builder = builder.region(region);
        }
        builder = builder.shared_credentials(credentials(env, profile, &profile_name));
        if let Some((name, value)) = setting("AWS_MAX_ATTEMPTS", "max_attempts") {
            let attempts = value
                .parse::<u32>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| invalid(&name, &value, "expected a whole number of at least 1"))?;
            builder = builder.retry(RetryConfig::standard().with_max_attempts(attempts));
        }
        let ignore = setting(
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
            "ignore_configured_endpoint_urls",
        )
        .is_some_and(|(_, v)| v.eq_ignore_ascii_case("true"));
        if !ignore {
            builder = builder.configured_endpoints(endpoints(env, profile, &profiles)?);
        }
        #[cfg(feature = "default-https-client")]
        {
            if let Some(bundle) = crate::tls::bundle_from_env(env, profile)? {
                builder = builder.ca_bundle(bundle);
            }
            builder = builder.proxy(crate::proxy::ProxyConfig::from_env(env)?);
        }
        Ok(builder)
    }
}

fn invalid(name: &str, value: &str, reason: &str) -> ConfigError {
    ConfigError::InvalidSetting {
        name: name.to_owned(),
        value: value.to_owned(),
        reason: reason.to_owned(),
    }
}

fn credentials(env: &Env, profile: &Section, profile_name: &str) -> SharedCredentialsProvider {
    let from_env = (
        env.get("AWS_ACCESS_KEY_ID"),
        env.get("AWS_SECRET_ACCESS_KEY"),
    );
    match from_env {
        (Some(id), Some(secret)) => {
            return Credentials::new(id, secret, env.get("AWS_SESSION_TOKEN")).into()
        }
        (Some(_), None) => {
            return unavailable("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
        (None, Some(_)) => {
            return unavailable("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        }
        (None, None) => {}
    }
    let key = |k: &str| profile.get(k).filter(|v| !v.is_empty()).map(str::to_owned);
    match (key("aws_access_key_id"), key("aws_secret_access_key")) {
        (Some(id), Some(secret)) => Credentials::new(id, secret, key("aws_session_token")).into(),
        (Some(_), None) | (None, Some(_)) => unavailable(format!(
            "profile `{profile_name}` needs both aws_access_key_id and aws_secret_access_key"
        )),
        (None, None) => match UNSUPPORTED_CREDENTIAL_KEYS
            .iter()
            .find(|k| profile.get(k).is_some())
        {
            Some(unsupported) => unavailable(format!(
                "profile `{profile_name}` gets credentials through `{unsupported}`, which this SDK \
                 does not support; export temporary credentials as AWS_ACCESS_KEY_ID, \
                 AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN instead"
            )),
            None => unavailable(format!(
                "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or aws_access_key_id and \
                 aws_secret_access_key in profile `{profile_name}` of the shared credentials file"
            )),
        },
    }
}

fn endpoints(
    env: &Env,
    profile: &Section,
    profiles: &ProfileSet,
) -> Result<ConfiguredEndpoints, ConfigError> {
    let checked = |name: &str, url: Option<String>| -> Result<Option<String>, ConfigError> {
        match url {
            Some(url) => match Url::parse(&url) {
                Ok(_) => Ok(Some(url)),
                Err(e) => Err(invalid(name, e.url(), e.reason())),
            },
            None => Ok(None),
        }
    };
    let mut profile_services = std::collections::BTreeMap::new();
    if let Some(section) = profile
        .get("services")
        .and_then(|name| profiles.services(name))
    {
        for service in section.nested_keys() {
            if let Some(url) = section.get_nested(service, "endpoint_url") {
                let url = checked("endpoint_url", Some(url.to_owned()))?;
                profile_services.extend(url.map(|url| (service.to_owned(), url)));
            }
        }
    }
    Ok(ConfiguredEndpoints {
        env: Some(env.clone()),
        env_global: checked("AWS_ENDPOINT_URL", env.get("AWS_ENDPOINT_URL"))?,
        profile_services,
        profile_global: checked(
            "endpoint_url",
            profile.get("endpoint_url").map(str::to_owned),
        )?,
    })
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// Writes `~/.aws/config` and `~/.aws/credentials` under a fresh home directory.
    fn home(config: &str, credentials: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let aws = dir.path().join(".aws");
        std::fs::create_dir_all(&aws).unwrap();
        std::fs::write(aws.join("config"), config).unwrap();
        std::fs::write(aws.join("credentials"), credentials).unwrap();
        dir
    }

    async fn load(home: &Path, vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let env = Env::fixed(vars.iter().copied(), Some(home.to_path_buf()));
        ConfigLoader::new().env(env).load().await
    }

    async fn creds(config: &Config) -> Result<Credentials, CredentialsError> {
        config
            .credentials
            .as_ref()
            .expect("the loader always sets a provider")
            .provide_credentials()
            .await
    }

    const CONFIG: &str = "[default]\nregion = eu-central-1\nmax_attempts = 5\n\
                          [profile work]\nregion = ap-south-1\n\
                          [profile sso]\nsso_session = corp\n";
    const CREDENTIALS: &str = "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n\
                               [work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = work-secret\naws_session_token = work-token\n";

    #[tokio::test]
    async fn the_default_profile_supplies_region_credentials_and_attempts() {
        let dir = home(CONFIG, CREDENTIALS);
        let config = load(dir.path(), &[]).await.unwrap();
        assert_eq!(config.region().map(Region::as_str), Some("eu-central-1"));
        assert_eq!(config.retry().max_attempts(), 5);
        let creds = creds(&config).await.unwrap();
        assert_eq!(creds.access_key_id(), "AKIDPROFILE");
        assert_eq!(creds.secret_access_key(), "profile-secret");
        assert_eq!(creds.session_token(), None);
    }

    #[tokio::test]
    async fn environment_variables_win_over_the_profile() {
        let dir = home(CONFIG, CREDENTIALS);
        let config = load(
            dir.path(),
            &[
                ("AWS_REGION", "us-east-2"),
                ("AWS_DEFAULT_REGION", "us-west-1"),
                ("AWS_ACCESS_KEY_ID", "AKIDENV"),
                ("AWS_SECRET_ACCESS_KEY", "env-secret"),
                ("AWS_SESSION_TOKEN", "env-token"),
                ("AWS_MAX_ATTEMPTS", "2"),
            ],
        )
        .await
        .unwrap();
        assert_eq!(config.region().map(Region::as_str), Some("us-east-2"));
        assert_eq!(config.retry().max_attempts(), 2);
        let creds = creds(&config).await.unwrap();
        assert_eq!(creds.access_key_id(), "AKIDENV");
        assert_eq!(creds.session_token(), Some("env-token"));

        let config = load(dir.path(), &[("AWS_DEFAULT_REGION", "us-west-1")])
            .await
            .unwrap();
        assert_eq!(config.region().map(Region::as_str), Some("us-west-1"));
    }

    #[tokio::test]
    async fn explicit_settings_win_over_the_environment() {
        let dir = home(CONFIG, CREDENTIALS);
        let loaded = load(
            dir.path(),
            &[("AWS_REGION", "us-east-2"), ("AWS_PROFILE", "work")],
        )
        .await
        .unwrap();
        let config = loaded
            .to_builder()
            .region("sa-east-1")
            .credentials(Credentials::new("AKIDEXPLICIT", "explicit", None))
            .retry(RetryConfig::disabled())
            .build();
        assert_eq!(config.region().map(Region::as_str), Some("sa-east-1"));
        assert_eq!(config.retry().max_attempts(), 1);
        assert_eq!(
            creds(&config).await.unwrap().access_key_id(),
            "AKIDEXPLICIT"
        );
    }

    #[tokio::test]
    async fn aws_profile_selects_a_profile_of_both_files() {
        let dir = home(CONFIG, CREDENTIALS);
        let config = load(dir.path(), &[("AWS_PROFILE", "work")]).await.unwrap();
        assert_eq!(config.region().map(Region::as_str), Some("ap-south-1"));
        assert_eq!(config.retry().max_attempts(), 3);
        let creds = creds(&config).await.unwrap();
        assert_eq!(creds.access_key_id(), "AKIDWORK");
        assert_eq!(creds.session_token(), Some("work-token"));

        let env = Env::fixed([("AWS_PROFILE", "work")], Some(dir.path().to_path_buf()));
        let config = ConfigLoader::new()
            .env(env)
            .profile_name("default")
            .load()
            .await
            .unwrap();
        assert_eq!(config.region().map(Region::as_str), Some("eu-central-1"));
    }

    #[tokio::test]
    async fn file_location_variables_override_the_home_directory() {
        let dir = home(CONFIG, CREDENTIALS);
        let elsewhere = tempfile::tempdir().unwrap();
        let config_path = elsewhere.path().join("cfg");
        let creds_path = elsewhere.path().join("creds");
        std::fs::write(&config_path, "[default]\nregion = me-south-1\n").unwrap();
        std::fs::write(
            &creds_path,
            "[default]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = other\n",
        )
        .unwrap();
        let config = load(
            dir.path(),
            &[
                ("AWS_CONFIG_FILE", config_path.to_str().unwrap()),
                ("AWS_SHARED_CREDENTIALS_FILE", creds_path.to_str().unwrap()),
            ],
        )
        .await
        .unwrap();
        assert_eq!(config.region().map(Region::as_str), Some("me-south-1"));
        assert_eq!(creds(&config).await.unwrap().access_key_id(), "AKIDOTHER");
    }

    #[tokio::test]
    async fn missing_credentials_say_how_to_provide_them() {
        let empty = tempfile::tempdir().unwrap();
        let config = load(empty.path(), &[]).await.unwrap();
        assert!(config.region().is_none());
        let message = creds(&config).await.unwrap_err().to_string();
        assert!(message.contains("AWS_ACCESS_KEY_ID"), "{message}");

        let half = load(empty.path(), &[("AWS_ACCESS_KEY_ID", "AKID")])
            .await
            .unwrap();
        let message = creds(&half).await.unwrap_err().to_string();
        assert!(message.contains("AWS_SECRET_ACCESS_KEY"), "{message}");

        let dir = home(CONFIG, CREDENTIALS);
        let sso = load(dir.path(), &[("AWS_PROFILE", "sso")]).await.unwrap();
        let message = creds(&sso).await.unwrap_err().to_string();
        assert!(message.contains("sso_session"), "{message}");
    }

    #[tokio::test]
    async fn bad_settings_are_reported_when_loading() {
        let dir = home(CONFIG, CREDENTIALS);
        let missing = load(dir.path(), &[("AWS_PROFILE", "nope")])
            .await
            .unwrap_err();
        assert!(matches!(missing, ConfigError::MissingProfile(ref p) if p == "nope"));
        let attempts = load(dir.path(), &[("AWS_MAX_ATTEMPTS", "0")])
            .await
            .unwrap_err();
        assert!(
            attempts.to_string().contains("AWS_MAX_ATTEMPTS"),
            "{attempts}"
        );
        let bad_region = home("[default]\nregion = us-east-1.evil.example\n", "");
        let region = load(bad_region.path(), &[]).await.unwrap_err();
        assert!(
            region
                .to_string()
                .contains(r#"region "us-east-1.evil.example""#),
            "{region}"
        );
        let url = load(dir.path(), &[("AWS_ENDPOINT_URL", "localhost:4566")])
            .await
            .unwrap_err();
        assert!(url.to_string().contains("AWS_ENDPOINT_URL"), "{url}");
        // A file that exists but cannot be read as a file is an error, not an empty file.
        let not_a_file = dir.path().join(".aws");
        let unreadable = load(
            dir.path(),
            &[("AWS_CONFIG_FILE", not_a_file.to_str().unwrap())],
        )
        .await;
        assert!(matches!(unreadable, Err(ConfigError::ReadFile { .. })));
    }

    #[tokio::test]
    async fn debug_output_of_a_loaded_configuration_has_no_secrets() {
        let dir = home(CONFIG, CREDENTIALS);
        let config = load(
            dir.path(),
            &[
                ("AWS_ACCESS_KEY_ID", "AKIDENV"),
                ("AWS_SECRET_ACCESS_KEY", "env-secret"),
                ("AWS_SESSION_TOKEN", "env-token"),
            ],
        )
        .await
        .unwrap();
        let shown = format!("{config:?}");
        for secret in ["env-secret", "env-token", "AKIDENV", "profile-secret"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("AWS_SECRET_ACCESS_KEY"), "{shown}");
    }

    #[tokio::test]
    async fn no_home_and_no_variables_is_an_empty_configuration() {
        let config = ConfigLoader::new()
            .env(Env::fixed(Vec::<(String, String)>::new(), None))
            .load()
            .await
            .unwrap();
        assert!(config.region().is_none());
        assert!(creds(&config).await.is_err());
    }
}
