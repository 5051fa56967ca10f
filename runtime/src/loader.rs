//! Configuration from environment variables and the shared config files, with the
//! precedence of the AWS SDKs: explicit settings (applied afterwards with
//! [`Config::to_builder`]) over environment variables over the selected profile.
//!
//! | setting | environment | profile |
//! | --- | --- | --- |
//! | profile | `AWS_PROFILE` (else `default`) | |
//! | region | `AWS_REGION`, then `AWS_DEFAULT_REGION` | `region` |
//! | credentials | `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`; the rest of [`chain`] | `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`, `credential_process`, `sso_session`, ... |
//! | endpoint of one service | `AWS_ENDPOINT_URL_<SERVICE_ID>` | `endpoint_url` under the service in the `[services NAME]` section the profile's `services` names |
//! | endpoint of all services | `AWS_ENDPOINT_URL` | `endpoint_url` |
//! | ignore the two above | `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` | `ignore_configured_endpoint_urls` |
//! | attempts | `AWS_MAX_ATTEMPTS` | `max_attempts` |
//! | no request compression (`true`/`false`) | `AWS_DISABLE_REQUEST_COMPRESSION` | `disable_request_compression` |
//! | smallest body compressed (0 to 10485760 bytes) | `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` | `request_min_compression_size_bytes` |
//! | S3 bucket addressing (`auto`, `virtual`, `path`) | | `addressing_style` under `s3` |
//! | S3 in `us-east-1` (`legacy`: `s3.amazonaws.com`, or `regional`) | `AWS_S3_US_EAST_1_REGIONAL_ENDPOINT` | `s3_us_east_1_regional_endpoint` |
//! | request checksums (`when_supported`, `when_required`) | `AWS_REQUEST_CHECKSUM_CALCULATION` | `request_checksum_calculation` |
//! | response checksum validation (`when_supported`, `when_required`) | `AWS_RESPONSE_CHECKSUM_VALIDATION` | `response_checksum_validation` |
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
//! the password. So is a request compression setting that is not `true`/`false` (any
//! case) or a whole number in range. So is a CA bundle that cannot be read or holds no usable certificate
//! (naming the file), and a proxy URL that does not parse ([`crate::proxy::Proxy::parse`]).

use crate::compression::MAX_MIN_COMPRESSION_SIZE_BYTES;
use crate::config::{Config, ConfigBuilder, ConfiguredEndpoints};
use crate::credentials::chain;
use crate::endpoint::Url;
use crate::env::Env;
use crate::error::ConfigError;
use crate::profile::{ProfileSet, Section};
use crate::retry::RetryConfig;
use crate::Region;

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
        let mut config = Self::builder(env, &profiles, profile)?.build();
        // The chain is made from the loaded configuration: the SSO portal is reached with
        // its endpoint settings, CA bundle and proxies.
        config.credentials = Some(chain::default_provider(
            env,
            &profiles,
            &profile_name,
            profile,
            &config,
        ));
        Ok(config)
    }

    fn builder(
        env: &Env,
        profiles: &ProfileSet,
        profile: &Section,
    ) -> Result<ConfigBuilder, ConfigError> {
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
        if let Some((name, value)) = setting("AWS_MAX_ATTEMPTS", "max_attempts") {
            let attempts = value
                .parse::<u32>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| invalid(&name, &value, "expected a whole number of at least 1"))?;
            builder = builder.retry(RetryConfig::standard().with_max_attempts(attempts));
        }
        if let Some((name, value)) = setting(
            "AWS_DISABLE_REQUEST_COMPRESSION",
            "disable_request_compression",
        ) {
            let disabled = match value.trim() {
                v if v.eq_ignore_ascii_case("true") => true,
                v if v.eq_ignore_ascii_case("false") => false,
                _ => return Err(invalid(&name, &value, "expected true or false")),
            };
            builder = builder.disable_request_compression(disabled);
        }
        if let Some((name, value)) = setting(
            "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES",
            "request_min_compression_size_bytes",
        ) {
            // The AWS SDKs' range; botocore's own (1 to 1048576) lies within it.
            let bytes = value
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| *n <= MAX_MIN_COMPRESSION_SIZE_BYTES)
                .ok_or_else(|| {
                    invalid(
                        &name,
                        &value,
                        "expected a whole number of bytes from 0 to 10485760",
                    )
                })?;
            builder = builder.request_min_compression_size_bytes(bytes);
        }
        if let Some(style) = profile.get_nested("s3", "addressing_style") {
            let parsed = crate::s3::AddressingStyle::parse(style).ok_or_else(|| {
                invalid(
                    "s3.addressing_style",
                    style,
                    "expected auto, virtual or path",
                )
            })?;
            builder = builder.s3_addressing_style(parsed);
        }
        let regional = setting(
            "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT",
            "s3_us_east_1_regional_endpoint",
        )
        .or_else(|| {
            let value = profile.get_nested("s3", "us_east_1_regional_endpoint")?;
            Some((
                "s3.us_east_1_regional_endpoint".to_owned(),
                value.to_owned(),
            ))
        });
        if let Some((name, value)) = regional {
            let regional = match value.trim() {
                v if v.eq_ignore_ascii_case("regional") => true,
                v if v.eq_ignore_ascii_case("legacy") => false,
                _ => return Err(invalid(&name, &value, "expected regional or legacy")),
            };
            builder = builder.s3_us_east_1_regional_endpoint(regional);
        }
        for (var, key) in [
            (
                "AWS_REQUEST_CHECKSUM_CALCULATION",
                "request_checksum_calculation",
            ),
            (
                "AWS_RESPONSE_CHECKSUM_VALIDATION",
                "response_checksum_validation",
            ),
        ] {
            if let Some((name, value)) = setting(var, key) {
                let when = crate::checksum::ChecksumWhen::parse(&value).ok_or_else(|| {
                    invalid(&name, &value, "expected when_supported or when_required")
                })?;
                builder = if key.starts_with("request") {
                    builder.request_checksum_calculation(when)
                } else {
                    builder.response_checksum_validation(when)
                };
            }
        }
        let ignore = setting(
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
            "ignore_configured_endpoint_urls",
        )
        .is_some_and(|(_, v)| v.eq_ignore_ascii_case("true"));
        if !ignore {
            builder = builder.configured_endpoints(endpoints(env, profile, profiles)?);
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::credentials::{Credentials, CredentialsError};

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
                          [profile sso]\nsso_session = corp\n\
                          [profile assume]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = default\n";
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
        let no_imds = [("AWS_EC2_METADATA_DISABLED", "true")];
        let config = load(empty.path(), &no_imds).await.unwrap();
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

        // A role is assumed through STS (here a closed loopback port): its failure is
        // the error, not the next source of the chain.
        let no_sts = [
            ("AWS_PROFILE", "assume"),
            ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9"),
        ];
        let message = creds(&load(dir.path(), &no_sts).await.unwrap())
            .await
            .unwrap_err()
            .to_string();
        assert!(message.contains("STS could not be reached"), "{message}");
        let web = [
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent/token"),
            ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web"),
        ];
        let message = creds(&load(empty.path(), &web).await.unwrap())
            .await
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("web identity token file /nonexistent/token"),
            "{message}"
        );
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
            .env(Env::fixed([("AWS_EC2_METADATA_DISABLED", "true")], None))
            .load()
            .await
            .unwrap();
        assert!(config.region().is_none());
        assert!(creds(&config).await.is_err());
    }
}
