//! Client configuration: region, credentials, endpoint, timeouts, retries, HTTP client,
//! clock. Built explicitly with [`Config::builder`] or read from the environment with
//! [`Config::from_env`]; one `Config` can make clients of many services.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use crate::checksum::{ChecksumSettings, ChecksumWhen};
use crate::clock::{SharedTimeSource, TimeSource};
use crate::compression::RequestCompression;
use crate::credentials::{ProvideCredentials, SharedCredentialsProvider};
use crate::env::Env;
use crate::error::{quoted, ConfigError};
use crate::http::{HttpClient, SharedHttpClient, DEFAULT_MAX_RESPONSE_BODY};
use crate::retry::RetryConfig;
use crate::s3::{AddressingStyle, S3Settings};

/// An AWS region name, such as `us-west-2`.
///
/// Any text makes a `Region`; clients check it ([`Region::validate`]) before they use
/// it, and a client with an invalid region fails every call with
/// [`crate::ConstructionError::InvalidRegion`] without sending anything.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Region(String);

impl Region {
    /// A region by name.
    pub fn new(name: impl Into<String>) -> Self {
        Self(name.into())
    }

    /// The region name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Checks that the name is a valid host label, as the AWS SDKs' endpoint rules do
    /// (`isValidHostLabel`): 1 to 63 ASCII letters, digits and hyphens, neither first
    /// nor last a hyphen. The region becomes part of the endpoint's host name and of
    /// the signature, so anything else could choose where requests go.
    pub fn validate(&self) -> Result<(), InvalidRegion> {
        let name = self.0.as_bytes();
        let valid = (1..=63).contains(&name.len())
            && name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
            && name.first() != Some(&b'-')
            && name.last() != Some(&b'-');
        if valid {
            Ok(())
        } else {
            Err(InvalidRegion(self.0.clone()))
        }
    }
}

/// A region name that is not a valid host label ([`Region::validate`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidRegion(String);

impl fmt::Display for InvalidRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid region {}: {}", quoted(&self.0), Self::REASON)
    }
}

impl std::error::Error for InvalidRegion {}

impl InvalidRegion {
    const REASON: &'static str = "a region name is 1 to 63 ASCII letters, digits and hyphens, \
                                  and does not start or end with a hyphen";

    /// The region name as given.
    pub fn name(&self) -> &str {
        &self.0
    }

    /// What a region name must be.
    pub fn reason(&self) -> &'static str {
        Self::REASON
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Region {
    fn from(name: &str) -> Self {
        Self::new(name)
    }
}

impl From<String> for Region {
    fn from(name: String) -> Self {
        Self::new(name)
    }
}

/// How long a call may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Opening a connection, TLS included (default 3.1 s, as the AWS SDKs' standard mode).
    pub connect: Option<Duration>,
    /// One attempt: sending the request and reading the whole response (default 60 s,
    /// botocore's read timeout).
    pub attempt: Option<Duration>,
    /// The whole operation, retries and backoff included (default: none).
    pub operation: Option<Duration>,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Some(Duration::from_millis(3100)),
            attempt: Some(Duration::from_secs(60)),
            operation: None,
        }
    }
}

/// An endpoint URL as set, checked when a client is made; `Debug` hides a password in it.
#[derive(Clone)]
pub(crate) struct UrlSetting(pub(crate) String);

impl fmt::Debug for UrlSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&crate::endpoint::redact_userinfo(&self.0), f)
    }
}

/// Endpoint settings found in the environment and the shared config, resolved per
/// service when a client is made (the variable names depend on the service).
#[derive(Clone, Debug, Default)]
pub(crate) struct ConfiguredEndpoints {
    /// Where `AWS_ENDPOINT_URL_<SERVICE>` is looked up.
    pub(crate) env: Option<Env>,
    /// `AWS_ENDPOINT_URL`.
    pub(crate) env_global: Option<String>,
    /// `endpoint_url` of the `[services NAME]` section, by service key (`device_farm`).
    pub(crate) profile_services: BTreeMap<String, String>,
    /// `endpoint_url` of the profile.
    pub(crate) profile_global: Option<String>,
}

/// Settings shared by the clients made from it. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) region: Option<Region>,
    pub(crate) credentials: Option<SharedCredentialsProvider>,
    pub(crate) endpoint_url: Option<UrlSetting>,
    pub(crate) configured_endpoints: ConfiguredEndpoints,
    pub(crate) timeouts: Timeouts,
    pub(crate) retry: RetryConfig,
    pub(crate) max_response_body: usize,
    pub(crate) request_compression: RequestCompression,
    /// Bucket addressing and the `us-east-1` endpoint of S3.
    pub(crate) s3: S3Settings,
    /// When request checksums are sent and response checksums checked.
    pub(crate) checksums: ChecksumSettings,
    /// The client set on the builder.
    pub(crate) http_client: Option<SharedHttpClient>,
    /// The default client, made by `build` from the timeouts when none was set.
    pub(crate) default_http_client: Option<SharedHttpClient>,
    pub(crate) time_source: SharedTimeSource,
    /// Network settings of the default client.
    #[cfg(feature = "default-https-client")]
    pub(crate) network: Network,
    /// Typed answers that replace calls (test doubles).
    #[cfg(feature = "test-util")]
    pub(crate) stubs: Option<crate::test_util::Stubs>,
}

impl Config {
    /// A builder with defaults: no region, no credentials, standard retries, default
    /// timeouts, the default HTTPS client. Reads nothing from the environment.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder {
            config: Config {
                region: None,
                credentials: None,
                endpoint_url: None,
                configured_endpoints: ConfiguredEndpoints::default(),
                timeouts: Timeouts::default(),
                retry: RetryConfig::standard(),
                max_response_body: DEFAULT_MAX_RESPONSE_BODY,
                request_compression: RequestCompression::default(),
                s3: S3Settings::default(),
                checksums: ChecksumSettings::default(),
                http_client: None,
                default_http_client: None,
                time_source: SharedTimeSource::default(),
                #[cfg(feature = "default-https-client")]
                network: Network::default(),
                #[cfg(feature = "test-util")]
                stubs: None,
            },
        }
    }

    /// Configuration from the process environment and the shared config files, as
    /// [`crate::loader::ConfigLoader`] describes.
    pub async fn from_env() -> Result<Config, ConfigError> {
        crate::loader::ConfigLoader::new().load().await
    }

    /// A builder starting from this configuration, to override some settings.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            config: self.clone(),
        }
    }

    /// The region.
    pub fn region(&self) -> Option<&Region> {
        self.region.as_ref()
    }

    /// Where credentials come from: the builder's, or the chain [`Config::from_env`]
    /// found (see [`crate::credentials::chain`]).
    pub fn credentials_provider(&self) -> Option<&SharedCredentialsProvider> {
        self.credentials.as_ref()
    }

    /// The endpoint URL set explicitly on the builder.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_ref().map(|url| url.0.as_str())
    }

    /// The timeouts.
    pub fn timeouts(&self) -> Timeouts {
        self.timeouts
    }

    /// The retry settings.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }

    /// The longest response body read, in bytes.
    pub fn max_response_body(&self) -> usize {
        self.max_response_body
    }

    /// Whether and from what size request bodies are compressed.
    pub fn request_compression(&self) -> RequestCompression {
        self.request_compression
    }

    /// The S3 settings: bucket addressing, the `us-east-1` endpoint.
    pub fn s3(&self) -> S3Settings {
        self.s3
    }

    /// When request checksums are computed and response checksums validated.
    pub fn checksums(&self) -> ChecksumSettings {
        self.checksums
    }

    /// The HTTP client requests go through.
    pub(crate) fn effective_http_client(&self) -> Option<&SharedHttpClient> {
        self.http_client
            .as_ref()
            .or(self.default_http_client.as_ref())
    }
}

/// Builds a [`Config`]; explicit settings win over anything read from the environment.
#[derive(Clone, Debug)]
pub struct ConfigBuilder {
    config: Config,
}

impl ConfigBuilder {
    /// The region to call. A name that is not a valid host label (see
    /// [`Region::validate`]) makes every call fail with
    /// [`crate::ConstructionError::InvalidRegion`] before anything is sent.
    pub fn region(mut self, region: impl Into<Region>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// The credentials, or a provider of them.
    pub fn credentials(mut self, credentials: impl ProvideCredentials) -> Self {
        self.config.credentials = Some(SharedCredentialsProvider::new(credentials));
        self
    }

    /// Sends every request to this URL instead of the service's default endpoint:
    /// `http` or `https`, a host, an optional port and an optional path prefix. A URL
    /// that does not parse, or that holds a user name or password
    /// (`http://user:password@host`, which AWS endpoints never take: requests are
    /// signed), makes every call fail with [`crate::ConstructionError::Endpoint`] before
    /// anything is sent; neither errors nor `Debug` output repeat the password.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint_url = Some(UrlSetting(url.into()));
        self
    }

    /// Timeout for opening a connection; `None` waits as long as the OS does.
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.config.timeouts.connect = timeout;
        self
    }

    /// Timeout of one attempt; `None` for no limit.
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.config.timeouts.attempt = timeout;
        self
    }

    /// Timeout of a whole operation, retries included; `None` for no limit.
    pub fn operation_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.config.timeouts.operation = timeout;
        self
    }

    /// Retry settings ([`RetryConfig::disabled`] for none).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.config.retry = retry;
        self
    }

    /// The longest response body a call reads, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_BODY`], 64 MiB). The default transport stops reading at
    /// the limit (and refuses at once a `Content-Length` past it); a custom
    /// [`HttpClient`] is told the limit through [`HttpClient::send_limited`], and any
    /// longer body it returns is refused. A longer body fails the call with a transport
    /// error of kind [`crate::http::TransportErrorKind::ResponseTooLarge`], not retried.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.config.max_response_body = bytes;
        self
    }

    /// Never compresses request bodies (`AWS_DISABLE_REQUEST_COMPRESSION` with
    /// [`Config::from_env`]). By default the bodies of operations that accept it are
    /// gzipped from [`ConfigBuilder::request_min_compression_size_bytes`] on (see
    /// [`crate::compression`]).
    pub fn disable_request_compression(mut self, disabled: bool) -> Self {
        self.config.request_compression.disabled = disabled;
        self
    }

    /// Compresses request bodies of at least this many bytes, for operations that
    /// accept it (default 10240; `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` with
    /// [`Config::from_env`], which takes 0 to 10485760).
    pub fn request_min_compression_size_bytes(mut self, bytes: u32) -> Self {
        self.config.request_compression.min_size_bytes = bytes;
        self
    }

    /// Puts S3 buckets in the request path (`https://s3.<region>.amazonaws.com/<bucket>/<key>`)
    /// rather than in the host where the bucket name allows it (`force_path_style`;
    /// `addressing_style = path` in the profile's `s3` settings with
    /// [`Config::from_env`]). `false` returns to the automatic choice.
    pub fn force_path_style(mut self, force: bool) -> Self {
        self.config.s3.addressing_style = if force {
            AddressingStyle::Path
        } else {
            AddressingStyle::Auto
        };
        self
    }

    /// Where S3 requests put the bucket (see [`crate::s3`]).
    pub fn s3_addressing_style(mut self, style: AddressingStyle) -> Self {
        self.config.s3.addressing_style = style;
        self
    }

    /// In `us-east-1`, calls S3 at `s3.us-east-1.amazonaws.com` rather than the global
    /// `s3.amazonaws.com` (`AWS_S3_US_EAST_1_REGIONAL_ENDPOINT=regional`).
    pub fn s3_us_east_1_regional_endpoint(mut self, regional: bool) -> Self {
        self.config.s3.us_east_1_regional = regional;
        self
    }

    /// When request bodies get a checksum (`AWS_REQUEST_CHECKSUM_CALCULATION`): for every
    /// operation that supports one (the default), or only where the service requires
    /// one (see [`crate::checksum`]).
    pub fn request_checksum_calculation(mut self, when: ChecksumWhen) -> Self {
        self.config.checksums.request = when;
        self
    }

    /// When response checksums are validated (`AWS_RESPONSE_CHECKSUM_VALIDATION`): for
    /// every operation that supports it (the default, which asks S3 for them), or only
    /// when the caller asked for them (`ChecksumMode`).
    pub fn response_checksum_validation(mut self, when: ChecksumWhen) -> Self {
        self.config.checksums.response = when;
        self
    }

    /// The HTTP client to send requests with. A custom client applies its own connect
    /// timeout; the attempt and operation timeouts apply to every client.
    pub fn http_client(mut self, client: impl HttpClient) -> Self {
        self.config.http_client = Some(SharedHttpClient::new(client));
        self
    }

    /// Trusts exactly the certificate authorities of `bundle` instead of the default
    /// roots (Mozilla's, and the system's with the `native-roots` feature), as
    /// `AWS_CA_BUNDLE` does. For the default client; a custom [`HttpClient`] has its own.
    #[cfg(feature = "default-https-client")]
    pub fn ca_bundle(mut self, bundle: crate::tls::CaBundle) -> Self {
        self.config.network.ca_bundle = Some(bundle);
        self
    }

    /// Sends requests through these proxies (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`
    /// with [`Config::from_env`]). For the default client; a custom [`HttpClient`] has
    /// its own.
    #[cfg(feature = "default-https-client")]
    pub fn proxy(mut self, proxy: crate::proxy::ProxyConfig) -> Self {
        self.config.network.proxy = proxy;
        self
    }

    /// The clock requests are signed with.
    pub fn time_source(mut self, clock: impl TimeSource) -> Self {
        self.config.time_source = SharedTimeSource::new(clock);
        self
    }

    /// Answers calls with `stubs` instead of sending them (feature `test-util`): a
    /// client of this configuration sends nothing, and needs no region, credentials or
    /// HTTP client. See [`crate::test_util`].
    #[cfg(feature = "test-util")]
    pub fn stubs(mut self, stubs: crate::test_util::Stubs) -> Self {
        self.config.stubs = Some(stubs);
        self
    }

    pub(crate) fn configured_endpoints(mut self, endpoints: ConfiguredEndpoints) -> Self {
        self.config.configured_endpoints = endpoints;
        self
    }

    /// The configuration. Without an HTTP client, the default HTTPS client is made
    /// here so that every client made from this configuration shares its connections.
    pub fn build(self) -> Config {
        let mut config = self.config;
        config.default_http_client = match config.http_client {
            Some(_) => None,
            None => default_http_client(&config),
        };
        config
    }
}

impl From<ConfigBuilder> for Config {
    /// [`ConfigBuilder::build`], so that functions taking `impl Into<Config>` take a
    /// builder as it is.
    fn from(builder: ConfigBuilder) -> Self {
        builder.build()
    }
}

/// What the default client trusts and which proxies it goes through.
#[cfg(feature = "default-https-client")]
#[derive(Clone, Debug, Default)]
pub(crate) struct Network {
    pub(crate) ca_bundle: Option<crate::tls::CaBundle>,
    pub(crate) proxy: crate::proxy::ProxyConfig,
}

#[cfg(feature = "default-https-client")]
fn default_http_client(config: &Config) -> Option<SharedHttpClient> {
    use crate::https::HyperClient;
    let connect = config.timeouts.connect;
    let client = match &config.network.ca_bundle {
        Some(bundle) => HyperClient::with_ca_bundle(connect, bundle),
        None => HyperClient::new(connect),
    };
    Some(SharedHttpClient::new(
        client.with_proxy(config.network.proxy.clone()),
    ))
}

#[cfg(not(feature = "default-https-client"))]
fn default_http_client(_: &Config) -> Option<SharedHttpClient> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Credentials;
    use crate::protocol::ServiceSpec;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    static SPEC: ServiceSpec = ServiceSpec {
        service_id: "Device Farm",
        signing_name: "devicefarm",
        endpoint_prefix: "devicefarm",
        target_prefix: "DeviceFarm_20150623",
        json_version: "1.1",
        api_version: "2015-06-23",
        protocol: crate::schema::Protocol::AwsJson1_1,
        query_compatible: false,
        default_headers: &[],
    };

    #[test]
    fn debug_of_config_and_clients_hides_credentials() {
        let config = Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new(
                "AKIDEXAMPLE",
                SECRET,
                Some("session-token".into()),
            ))
            .build();
        let handle = crate::Handle::new(&config, &SPEC);
        for shown in [format!("{config:?}"), format!("{handle:#?}")] {
            assert!(shown.contains("us-west-2"), "{shown}");
            assert!(!shown.contains(SECRET), "{shown}");
            assert!(!shown.contains("session-token"), "{shown}");
            assert!(!shown.contains("AKIDEXAMPLE"), "{shown}");
        }
    }

    #[test]
    fn to_builder_keeps_settings_and_remakes_the_default_client() {
        let config = Config::builder()
            .region("eu-west-1")
            .connect_timeout(Some(Duration::from_secs(1)))
            .build();
        let changed = config
            .to_builder()
            .connect_timeout(Some(Duration::from_secs(9)))
            .build();
        assert_eq!(changed.region().map(Region::as_str), Some("eu-west-1"));
        assert_eq!(changed.timeouts().connect, Some(Duration::from_secs(9)));
        assert_eq!(
            changed.effective_http_client().is_some(),
            cfg!(feature = "default-https-client")
        );
    }

    #[test]
    fn the_response_body_limit_defaults_to_64_mib() {
        assert_eq!(Config::builder().build().max_response_body(), 64 << 20);
        let config = Config::builder().max_response_body(10).build();
        assert_eq!(config.to_builder().build().max_response_body(), 10);
    }
}
