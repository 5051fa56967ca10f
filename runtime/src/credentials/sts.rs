//! STS `AssumeRole` and `AssumeRoleWithWebIdentity`, called through the runtime's own
//! awsQuery codec with hand-written schemas of the few members the providers send and
//! read (botocore's `AssumeRoleCredentialFetcher` and
//! `AssumeRoleWithWebIdentityCredentialFetcher`).

use std::fmt;
use std::time::{Duration, SystemTime};

use super::fetch::send_with_attempts;
use super::{Credentials, CredentialsError};
use crate::client::{resolve_endpoint, signed_request, EndpointProblem};
use crate::clock::SharedTimeSource;
use crate::config::Config;
use crate::endpoint::Url;
use crate::env::Env;
use crate::http::{HttpRequest, SharedHttpClient};
use crate::profile::Section;
use crate::protocol::{read_output, write_request, ServiceFailure, ServiceSpec};
use crate::request_id::SetRequestId;
use crate::schema::prelude::{INTEGER, STRING, TIMESTAMP};
use crate::schema::{
    Location, Member, MemberTraits, MemberWriter, OperationSchema, Protocol, ReadError, ReadValue,
    Schema, ShapeKind, ShapeTraits, ValueReader, ValueWriter, WriteError, WriteStruct, WriteValue,
};
use crate::sigv4::SigningParams;

/// STS as the generated `sts` crate describes it; only what the calls below need.
pub(crate) static STS: ServiceSpec = ServiceSpec {
    service_id: "STS",
    signing_name: "sts",
    endpoint_prefix: "sts",
    target_prefix: "",
    json_version: "",
    api_version: "2011-06-15",
    protocol: Protocol::AwsQuery,
    query_compatible: false,
    default_headers: &[],
};

const WHAT: &str = "STS";
/// The `User-Agent` of the client's own requests.
const USER_AGENT: &str = concat!("sdk-runtime/", env!("CARGO_PKG_VERSION"), " lang/rust");
/// Attempts of one call: botocore's legacy retry mode makes up to 5, the standard 3.
const ATTEMPTS: u32 = 3;
const PAUSE: Duration = Duration::from_millis(500);
/// The regions whose `legacy` STS endpoint is the global `sts.amazonaws.com`
/// (botocore's `LEGACY_GLOBAL_STS_REGIONS`).
const LEGACY_GLOBAL_REGIONS: &[&str] = &[
    "ap-northeast-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "aws-global",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];
const GLOBAL: &str = "https://sts.amazonaws.com";

/// `sts_regional_endpoints` as botocore reads it: `AWS_STS_REGIONAL_ENDPOINTS`, else
/// the profile's (unset means `regional`).
pub(crate) fn regional_setting(env: &Env, profile: &Section) -> Option<String> {
    env.get("AWS_STS_REGIONAL_ENDPOINTS")
        .or_else(|| profile.get("sts_regional_endpoints").map(str::to_owned))
        .filter(|v| !v.is_empty())
}

const fn member(name: &'static str, target: &'static Schema) -> Member {
    Member {
        name,
        target,
        location: Location::Body,
        traits: MemberTraits::NONE,
    }
}

const fn structure(name: &'static str, members: &'static [Member]) -> Schema {
    Schema {
        name,
        kind: ShapeKind::Structure,
        members,
        traits: ShapeTraits::NONE,
    }
}

/// Members of both requests, in the model's order of `AssumeRoleRequest` for those
/// it has; [`Form`] writes them in the order botocore's fetchers build their
/// arguments, which is the order its query serializer writes.
static ASSUME_ROLE_INPUT: Schema = structure(
    "AssumeRoleRequest",
    &[
        member("RoleArn", &STRING),
        member("RoleSessionName", &STRING),
        member("DurationSeconds", &INTEGER),
        member("ExternalId", &STRING),
        member("SerialNumber", &STRING),
        member("TokenCode", &STRING),
    ],
);
static WEB_IDENTITY_INPUT: Schema = structure(
    "AssumeRoleWithWebIdentityRequest",
    &[
        member("RoleArn", &STRING),
        member("RoleSessionName", &STRING),
        member("WebIdentityToken", &STRING),
    ],
);
static CREDENTIALS: Schema = structure(
    "Credentials",
    &[
        member("AccessKeyId", &STRING),
        member("SecretAccessKey", &STRING),
        member("SessionToken", &STRING),
        member("Expiration", &TIMESTAMP),
    ],
);
static ASSUME_ROLE_OUTPUT: Schema =
    structure("AssumeRoleResponse", &[member("Credentials", &CREDENTIALS)]);
static WEB_IDENTITY_OUTPUT: Schema = structure(
    "AssumeRoleWithWebIdentityResponse",
    &[member("Credentials", &CREDENTIALS)],
);
static ASSUME_ROLE: OperationSchema = OperationSchema {
    name: "AssumeRole",
    input: &ASSUME_ROLE_INPUT,
    output: &ASSUME_ROLE_OUTPUT,
    http: None,
    request_compression: &[],
    checksum: crate::schema::HttpChecksum::NONE,
};
static ASSUME_ROLE_WITH_WEB_IDENTITY: OperationSchema = OperationSchema {
    name: "AssumeRoleWithWebIdentity",
    input: &WEB_IDENTITY_INPUT,
    output: &WEB_IDENTITY_OUTPUT,
    http: None,
    request_compression: &[],
    checksum: crate::schema::HttpChecksum::NONE,
};

/// One member's value of a request.
#[derive(Clone, Debug)]
pub(crate) enum Value {
    Text(String),
    Number(i64),
}

impl WriteValue for Value {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        match self {
            Value::Text(text) => w.string(text),
            Value::Number(n) => w.integer(*n),
        }
    }
}

/// A request's members, written in the order given.
struct Form<'a> {
    schema: &'static Schema,
    members: &'a [(&'static str, Value)],
}

impl WriteStruct for Form<'_> {
    fn schema(&self) -> &'static Schema {
        self.schema
    }

    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        for (name, value) in self.members {
            let index = self
                .schema
                .members
                .iter()
                .position(|m| m.name == *name)
                .ok_or_else(|| WriteError {
                    member: name,
                    reason: "not a member of the request".to_owned(),
                })?;
            w.member(index, value)?;
        }
        Ok(())
    }
}

/// The `Credentials` member of either response.
struct Output(Option<Credentials>);

impl ReadValue for Output {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let mut found = None;
        // Both outputs have `Credentials` first; the schema only names the wrapper.
        r.structure(&ASSUME_ROLE_OUTPUT, &mut |index, r| {
            if index == 0 {
                found = Some(read_credentials(r)?);
            }
            Ok(())
        })?;
        Ok(Output(found))
    }
}

impl SetRequestId for Output {
    fn set_request_id(&mut self, _: Option<&str>) {}
}

fn read_credentials(r: &mut dyn ValueReader) -> Result<Credentials, ReadError> {
    let (mut id, mut secret, mut token, mut expiration) = (None, None, None, None);
    r.structure(&CREDENTIALS, &mut |index, r| {
        match index {
            0 => id = Some(r.string()?),
            1 => secret = Some(r.string()?),
            2 => token = Some(r.string()?),
            3 => expiration = Some(r.timestamp()?),
            _ => {}
        }
        Ok(())
    })?;
    // Errors name the member, never a value.
    let missing = |name: &str| ReadError::new(format!("the response has no Credentials.{name}"));
    let id = id
        .filter(|v| !v.is_empty())
        .ok_or_else(|| missing("AccessKeyId"))?;
    let secret = secret
        .filter(|v| !v.is_empty())
        .ok_or_else(|| missing("SecretAccessKey"))?;
    let token = token.ok_or_else(|| missing("SessionToken"))?;
    let expiration = expiration.ok_or_else(|| missing("Expiration"))?;
    let expiry = SystemTime::try_from(expiration)
        .map_err(|_| ReadError::new("the response's Credentials.Expiration is out of range"))?;
    Ok(Credentials::new(id, secret, Some(token)).with_expiry(expiry))
}

/// Where and how STS is called: the endpoint (regional, or what the configuration
/// names for STS), the HTTP client and timeout of the configuration, its clock.
#[derive(Clone)]
pub(crate) struct Sts {
    endpoint: Result<(Url, String), String>,
    http: Option<SharedHttpClient>,
    timeout: Duration,
    clock: SharedTimeSource,
}

impl fmt::Debug for Sts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sts")
            .field(
                "endpoint",
                &self.endpoint.as_ref().map(|(url, _)| url.as_str()),
            )
            .finish_non_exhaustive()
    }
}

impl Sts {
    /// STS as `config` reaches it: `AWS_ENDPOINT_URL_STS`, the `sts` entry of a
    /// `services` section, ..., else the endpoint of the config's region, or the global
    /// one where `regional_setting` (`sts_regional_endpoints`) is `legacy` and the region
    /// one of those that had it, or where no region is set.
    pub(crate) fn new(config: &Config, regional_setting: Option<&str>) -> Self {
        Self {
            endpoint: endpoint(config, regional_setting),
            http: config.effective_http_client().cloned(),
            timeout: config.timeouts.attempt.unwrap_or(Duration::from_secs(60)),
            clock: config.time_source.clone(),
        }
    }

    /// The time now, by the configuration's clock.
    pub(crate) fn now(&self) -> SystemTime {
        self.clock.now()
    }

    /// `AssumeRole` signed with `source`.
    pub(crate) async fn assume_role(
        &self,
        source: &Credentials,
        members: &[(&'static str, Value)],
    ) -> Result<Credentials, CredentialsError> {
        self.call(&ASSUME_ROLE, members, Some(source)).await
    }

    /// `AssumeRoleWithWebIdentity`, unsigned: the token is the proof.
    pub(crate) async fn assume_role_with_web_identity(
        &self,
        members: &[(&'static str, Value)],
    ) -> Result<Credentials, CredentialsError> {
        self.call(&ASSUME_ROLE_WITH_WEB_IDENTITY, members, None)
            .await
    }

    async fn call(
        &self,
        op: &'static OperationSchema,
        members: &[(&'static str, Value)],
        signer: Option<&Credentials>,
    ) -> Result<Credentials, CredentialsError> {
        let (endpoint, signing_region) = self
            .endpoint
            .as_ref()
            .map_err(|e| CredentialsError::new(e.clone()))?;
        let http = self
            .http
            .as_ref()
            .ok_or_else(|| CredentialsError::new("no HTTP client to reach STS with"))?;
        let input = Form {
            schema: op.input,
            members,
        };
        let parts = write_request(&STS, op, &input)
            .map_err(|e| CredentialsError::new(format!("STS {}: {e}", op.name)))?;
        let url = endpoint.join(&parts.path);
        let request = || -> Result<HttpRequest, CredentialsError> {
            let mut request = match signer {
                Some(credentials) => {
                    let params = SigningParams {
                        credentials,
                        region: signing_region,
                        service: STS.signing_name,
                        time: self.clock.now(),
                    };
                    signed_request(&parts, &url, &params).map_err(|e| {
                        CredentialsError::new(format!("the STS endpoint: {e}")).with_source(e)
                    })?
                }
                None => HttpRequest {
                    method: parts.method.to_owned(),
                    url: url.clone(),
                    headers: parts
                        .headers
                        .iter()
                        .map(|(name, value)| (name.as_ref(), value.as_str()))
                        .collect(),
                    body: parts.body.clone(),
                },
            };
            request.headers.insert("user-agent", USER_AGENT);
            Ok(request)
        };
        // Signed once: the attempts of one call are seconds apart.
        let first = request()?;
        let response =
            send_with_attempts(http, || first.clone(), self.timeout, ATTEMPTS, PAUSE, WHAT).await?;
        let output = read_output::<Output>(
            &STS,
            op,
            response.status,
            response.headers.as_slice(),
            &response.body,
        )
        .map_err(|failure| refused(op.name, failure))?;
        let credentials = output.0.ok_or_else(|| {
            CredentialsError::new(format!("STS {} answered no Credentials", op.name))
        })?;
        if let Some(expiry) = credentials.expiry() {
            super::fetch::not_expired(expiry, WHAT)?;
        }
        Ok(credentials)
    }
}

/// The error of a failed call: the service's code and message (which name the role,
/// never a secret), or why the answer could not be read.
fn refused(operation: &str, failure: ServiceFailure) -> CredentialsError {
    match failure {
        ServiceFailure::Service(raw) => {
            let meta = raw.meta();
            let mut message = format!(
                "STS {operation} failed (HTTP {}): {}",
                meta.status(),
                meta.code().unwrap_or("no error code")
            );
            if let Some(text) = meta.message() {
                message.push_str(": ");
                message.push_str(text);
            }
            CredentialsError::new(message)
        }
        ServiceFailure::Malformed(malformed) => CredentialsError::new(format!(
            "STS {operation} answered HTTP {} that could not be read: {}",
            malformed.status, malformed.reason
        )),
    }
}

/// The STS endpoint and the region requests to it are signed for.
fn endpoint(config: &Config, regional_setting: Option<&str>) -> Result<(Url, String), String> {
    let legacy = match regional_setting {
        None => false,
        Some(v) if v.eq_ignore_ascii_case("regional") => false,
        Some(v) if v.eq_ignore_ascii_case("legacy") => true,
        Some(v) => {
            return Err(format!(
                "sts_regional_endpoints is {v:?}: expected legacy or regional"
            ))
        }
    };
    let global = || {
        (
            Url::parse(GLOBAL).expect("a valid URL"),
            "us-east-1".to_owned(),
        )
    };
    let region = config.region.as_ref().map(|r| r.as_str().to_owned());
    match resolve_endpoint(config, &STS) {
        Ok(url) => {
            let region = region.unwrap_or_else(|| "us-east-1".to_owned());
            let default =
                crate::endpoint::default_endpoint(STS.endpoint_prefix, &region.as_str().into());
            let is_default = default.is_ok_and(|d| Url::parse(&d).is_ok_and(|d| d == url));
            if legacy && is_default && LEGACY_GLOBAL_REGIONS.contains(&region.as_str()) {
                return Ok(global());
            }
            Ok((url, region))
        }
        // botocore sends an STS client without a region to the global endpoint.
        Err(EndpointProblem::MissingRegion) => Ok(global()),
        Err(EndpointProblem::InvalidRegion(e)) => Err(format!("the region of STS: {e}")),
        Err(EndpointProblem::Invalid(e)) => Err(format!("the STS endpoint: {e}")),
    }
}
