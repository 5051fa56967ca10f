//! Where a client's requests go: the endpoint resolved once per client from the
//! configuration (builder, environment, profile, else the region's default), and an
//! operation's host prefix put before its host.

use crate::config::{Config, InvalidRegion};
use crate::endpoint::{self, InvalidUrl, Url};
use crate::protocol::ServiceSpec;

/// Why no endpoint could be resolved; reported when a call is made.
#[derive(Clone, Debug)]
pub(crate) enum EndpointProblem {
    MissingRegion,
    InvalidRegion(InvalidRegion),
    Invalid(InvalidUrl),
}

/// The endpoint of `service`: the builder's URL, else `AWS_ENDPOINT_URL_<SERVICE>`,
/// `AWS_ENDPOINT_URL`, the profile's service `endpoint_url`, the profile's
/// `endpoint_url`, else the default endpoint of the region. An invalid region is a
/// problem even with an explicit endpoint: it is signed into every request.
pub(crate) fn resolve_endpoint(
    config: &Config,
    service: &ServiceSpec,
) -> Result<Url, EndpointProblem> {
    resolve(config, service).map(|resolved| resolved.url)
}

/// A client's endpoint and what signing and S3 addressing need to know of it.
#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    pub(crate) url: Url,
    /// The URL was configured rather than the region's default.
    pub(crate) configured: bool,
    /// The region requests are signed for when it is not the client's (global
    /// services such as IAM: `us-east-1`).
    pub(crate) signing_region: Option<&'static str>,
}

/// [`resolve_endpoint`], with where the URL came from.
pub(crate) fn resolve(config: &Config, service: &ServiceSpec) -> Result<Resolved, EndpointProblem> {
    if let Some(region) = &config.region {
        region.validate().map_err(EndpointProblem::InvalidRegion)?;
    }
    let configured = &config.configured_endpoints;
    let by_env = configured
        .env
        .as_ref()
        .and_then(|env| env.get(&endpoint::endpoint_env_var(service.service_id)));
    let by_profile = configured
        .profile_services
        .get(&endpoint::profile_service_key(service.service_id))
        .cloned();
    let chosen = config
        .endpoint_url()
        .map(str::to_owned)
        .or(by_env)
        .or_else(|| configured.env_global.clone())
        .or(by_profile)
        .or_else(|| configured.profile_global.clone());
    let is_configured = chosen.is_some();
    let mut signing_region = None;
    let url = match (chosen, &config.region) {
        (Some(url), _) => url,
        (None, Some(region)) => {
            let global = endpoint::global_endpoint(
                service.endpoint_prefix,
                region,
                config.s3.us_east_1_regional,
            );
            match global {
                Some((url, signed_for)) => {
                    signing_region = signed_for;
                    url.to_owned()
                }
                None => endpoint::default_endpoint(service.endpoint_prefix, region)
                    .map_err(EndpointProblem::InvalidRegion)?,
            }
        }
        (None, None) => return Err(EndpointProblem::MissingRegion),
    };
    Ok(Resolved {
        url: Url::parse(&url).map_err(EndpointProblem::Invalid)?,
        configured: is_configured,
        signing_region,
    })
}

/// `url` with `prefix` put before its host, as botocore applies an operation's host
/// prefix (`sync-states.us-east-1.amazonaws.com`), to a configured endpoint too.
pub(super) fn with_host_prefix(url: String, prefix: Option<&str>) -> String {
    match (prefix, url.split_once("://")) {
        (Some(prefix), Some((scheme, rest))) => format!("{scheme}://{prefix}{rest}"),
        _ => url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::tests::DEVICE_FARM;
    use crate::env::Env;
    use crate::loader::ConfigLoader;

    async fn endpoint_with(
        vars: &[(&str, &str)],
        config_file: &str,
    ) -> Result<Url, EndpointProblem> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        std::fs::write(&path, config_file).unwrap();
        let mut vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        vars.push(("AWS_CONFIG_FILE".into(), path.display().to_string()));
        let config = ConfigLoader::new()
            .env(Env::fixed(vars, None))
            .load()
            .await
            .unwrap();
        resolve_endpoint(&config, &DEVICE_FARM)
    }

    fn host(result: Result<Url, EndpointProblem>) -> String {
        result.unwrap().as_str().to_owned()
    }

    const PROFILE: &str = "[default]\nregion = us-west-2\nendpoint_url = http://profile-global\n\
                           services = mine\n[services mine]\ndevice_farm =\n  endpoint_url = http://profile-service\n";

    #[tokio::test]
    async fn endpoint_precedence_explicit_env_service_env_global_profile() {
        let all = [
            ("AWS_ENDPOINT_URL_DEVICE_FARM", "http://env-service"),
            ("AWS_ENDPOINT_URL", "http://env-global"),
        ];
        assert_eq!(
            host(endpoint_with(&all, PROFILE).await),
            "http://env-service"
        );
        assert_eq!(
            host(endpoint_with(&all[1..], PROFILE).await),
            "http://env-global"
        );
        assert_eq!(
            host(endpoint_with(&[], PROFILE).await),
            "http://profile-service"
        );
        let no_services = "[default]\nregion = us-west-2\nendpoint_url = http://profile-global\n";
        assert_eq!(
            host(endpoint_with(&[], no_services).await),
            "http://profile-global"
        );
        assert_eq!(
            host(endpoint_with(&[], "[default]\nregion = cn-north-1\n").await),
            "https://devicefarm.cn-north-1.amazonaws.com.cn"
        );
        let other_service = [("AWS_ENDPOINT_URL_APPSTREAM", "http://not-mine")];
        assert_eq!(
            host(endpoint_with(&other_service, no_services).await),
            "http://profile-global"
        );

        let ignored = [
            ("AWS_ENDPOINT_URL", "http://env-global"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        ];
        assert_eq!(
            host(endpoint_with(&ignored, PROFILE).await),
            "https://devicefarm.us-west-2.amazonaws.com"
        );
    }

    #[tokio::test]
    async fn the_builder_endpoint_wins_and_a_region_is_needed_without_one() {
        let config = Config::builder().endpoint_url("http://127.0.0.1:9").build();
        assert_eq!(
            host(resolve_endpoint(&config, &DEVICE_FARM)),
            "http://127.0.0.1:9"
        );
        let config = Config::builder().build();
        assert!(matches!(
            resolve_endpoint(&config, &DEVICE_FARM),
            Err(EndpointProblem::MissingRegion)
        ));
        let bad = endpoint_with(&[("AWS_ENDPOINT_URL_DEVICE_FARM", "localhost:4566")], "").await;
        assert!(matches!(bad, Err(EndpointProblem::Invalid(_))));
    }
}
