//! A profile's `role_arn`, walked as botocore's `AssumeRoleProvider` walks it: the
//! source credentials come from `credential_source` or from `source_profile`, which may
//! itself assume a role; a profile met twice is a cycle, unless a profile names itself
//! to use its own static keys.

use super::assume_role::AssumeRoleProvider;
use super::chain::{cached, from_env, from_profile, has_role, key, link_local_client, Sources};
use super::sts::{regional_setting, Sts};
use super::{ContainerCredentialsProvider, ImdsCredentialsProvider, SharedCredentialsProvider};
use crate::profile::Section;

/// STS as the chain reaches it: the loaded configuration, and the starting profile's
/// `sts_regional_endpoints`.
pub(super) fn sts(sources: &Sources<'_>) -> Sts {
    let setting = regional_setting(sources.env, sources.profile);
    Sts::new(sources.config, setting.as_deref())
}

/// The assumed role of profile `name`, which has `role_arn`; `Err` says what is wrong
/// with the profiles (checked before any request, as botocore checks them).
pub(super) fn assume_role(
    sources: &Sources<'_>,
    name: &str,
) -> Result<SharedCredentialsProvider, String> {
    let mut visited = vec![name.to_owned()];
    role(sources, &sts(sources), name, &mut visited)
}

fn profile<'a>(sources: &Sources<'a>, name: &str) -> Result<&'a Section, String> {
    sources
        .profiles
        .profile(name)
        .ok_or_else(|| format!("there is no profile `{name}`"))
}

fn has_static_keys(profile: &Section) -> bool {
    key(profile, "aws_access_key_id").is_some() || key(profile, "aws_secret_access_key").is_some()
}

fn role(
    sources: &Sources<'_>,
    sts: &Sts,
    name: &str,
    visited: &mut Vec<String>,
) -> Result<SharedCredentialsProvider, String> {
    let profile = profile(sources, name)?;
    let role_arn = key(profile, "role_arn").unwrap_or_default();
    if let Some(serial) = key(profile, "mfa_serial") {
        return Err(format!(
            "profile `{name}` sets mfa_serial ({serial}): assuming its role needs an MFA code \
             typed in, which this SDK does not ask for; get temporary credentials with \
             `aws sts get-session-token --serial-number ... --token-code ...` into a profile \
             that role_arn's source_profile names, or use a credential_process"
        ));
    }
    let source = match (
        key(profile, "source_profile"),
        key(profile, "credential_source"),
    ) {
        (Some(_), Some(_)) => {
            return Err(format!(
                "profile `{name}` sets both source_profile and credential_source: set one"
            ))
        }
        (None, None) => {
            return Err(format!(
                "profile `{name}` sets role_arn but neither source_profile nor \
                 credential_source: set one to say whose credentials assume the role"
            ))
        }
        (None, Some(source)) => credential_source(sources, name, &source)?,
        (Some(source_name), None) => {
            check_cycle(sources, name, &source_name, visited)?;
            visited.push(source_name.clone());
            source_profile(sources, sts, &source_name, visited)?
        }
    };
    let mut provider = AssumeRoleProvider::with_sts(sts.clone(), role_arn, source);
    if let Some(session) = key(profile, "role_session_name") {
        provider = provider.session_name(session);
    }
    if let Some(id) = key(profile, "external_id") {
        provider = provider.external_id(id);
    }
    // botocore leaves out a duration that is not a whole number.
    if let Some(seconds) = key(profile, "duration_seconds").and_then(|v| v.parse::<i64>().ok()) {
        provider = provider.duration_seconds(seconds);
    }
    Ok(cached(provider))
}

/// botocore's `_validate_source_profile`.
fn check_cycle(
    sources: &Sources<'_>,
    parent: &str,
    source_name: &str,
    visited: &[String],
) -> Result<(), String> {
    let source = sources.profiles.profile(source_name).ok_or_else(|| {
        format!("the source_profile `{source_name}` of profile `{parent}` does not exist")
    })?;
    if !visited.iter().any(|v| v == source_name) {
        return Ok(());
    }
    // A profile may name itself to use its own static keys.
    if source_name == parent && has_static_keys(source) {
        return Ok(());
    }
    Err(format!(
        "source_profile `{source_name}` of profile `{parent}` makes a cycle: {} -> {source_name}",
        visited.join(" -> ")
    ))
}

/// The credentials of a source profile: its own (web identity, SSO, static keys,
/// `credential_process`; not the environment's), or the role it assumes in turn.
fn source_profile(
    sources: &Sources<'_>,
    sts: &Sts,
    name: &str,
    visited: &mut Vec<String>,
) -> Result<SharedCredentialsProvider, String> {
    let profile = profile(sources, name)?;
    if has_static_keys(profile) || !has_role(profile) {
        return from_profile(sources, name, profile, false)
            .ok_or_else(|| format!("the source profile `{name}` has no credentials"));
    }
    role(sources, sts, name, visited)
}

/// The credentials `credential_source` names (botocore's canonical names, any case).
fn credential_source(
    sources: &Sources<'_>,
    name: &str,
    source: &str,
) -> Result<SharedCredentialsProvider, String> {
    let none = || format!("no credentials found in credential_source {source} of profile `{name}`");
    let local_http = || {
        link_local_client(sources.config)
            .ok_or_else(|| format!("no HTTP client to reach credential_source {source} with"))
    };
    if source.eq_ignore_ascii_case("Environment") {
        from_env(sources.env).ok_or_else(none)
    } else if source.eq_ignore_ascii_case("EcsContainer") {
        ContainerCredentialsProvider::from_env(sources.env, local_http()?)
            .map(cached)
            .ok_or_else(none)
    } else if source.eq_ignore_ascii_case("Ec2InstanceMetadata") {
        Ok(cached(ImdsCredentialsProvider::from_env(
            sources.env,
            sources.profile,
            local_http()?,
        )))
    } else {
        Err(format!(
            "credential_source {source} of profile `{name}` is not one of Environment, \
             Ec2InstanceMetadata, EcsContainer"
        ))
    }
}
