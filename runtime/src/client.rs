//! The client core generated clients wrap: one [`Handle`] per service client, holding
//! configuration and transport: [`Handle::send`] calls an [`Operation`].
//!
//! A call serializes the input with the protocol codec, then for each attempt gets
//! credentials, signs, sends under the attempt timeout and reads the response; failures
//! that [`crate::retry`] deems transient are retried after a jittered backoff.

mod attempt;
mod endpoint;
mod presign;
mod presigned_param;
mod s3;
mod streaming;

pub use presign::PresignedRequest;

use attempt::{attempt_failure, Call, Scope};
use endpoint::Resolved;
pub(crate) use endpoint::{resolve_endpoint, EndpointProblem};
use s3::Target;

use std::sync::Arc;

use crate::checksum::{self, ChecksumAlgorithm, RequestChecksum};
use crate::clock::SharedTimeSource;
use crate::compression::{self, RequestCompression};
use crate::config::{Config, Timeouts};
use crate::credentials::SharedCredentialsProvider;
use crate::endpoint::{InvalidUrl, Scheme, Url};
use crate::error::{CallError, ConstructionError, TimeoutError, TimeoutKind};
use crate::http::{HttpRequest, HttpResponse, SharedHttpClient};
use crate::paginator::Paginator;
use crate::protocol::{
    self, ExpectContinue, HttpRequestParts, Operation, RequestError, ServiceFailure, ServiceSpec,
};
use crate::retry::{self, RetryConfig, RetryQuota};
use crate::sigv4::{self, SigningParams};
use crate::wire::ByteStream;
use crate::{paginate::Paginate, Region};

/// The `User-Agent` of every request.
const USER_AGENT: &str = concat!("sdk-runtime/", env!("CARGO_PKG_VERSION"), " lang/rust");

/// A service client's configuration and transport. Cheap to clone (an `Arc`).
#[derive(Clone, Debug)]
pub struct Handle(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    service: &'static ServiceSpec,
    region: Option<Region>,
    endpoint: Result<Resolved, EndpointProblem>,
    s3: crate::s3::S3Settings,
    checksums: crate::checksum::ChecksumSettings,
    credentials: Option<SharedCredentialsProvider>,
    http: Option<SharedHttpClient>,
    retry: RetryConfig,
    timeouts: Timeouts,
    max_response_body: usize,
    compression: RequestCompression,
    clock: SharedTimeSource,
    quota: RetryQuota,
    #[cfg(feature = "test-util")]
    stubs: Option<crate::test_util::Stubs>,
}

impl Handle {
    /// A client of `service` with `config`. Never fails: a missing region, credentials
    /// or HTTP client, or an unusable endpoint, is reported by each call as
    /// [`CallError::Construction`].
    pub fn new(config: &Config, service: &'static ServiceSpec) -> Self {
        Self(Arc::new(Inner {
            service,
            region: config.region.clone(),
            endpoint: endpoint::resolve(config, service),
            s3: config.s3,
            checksums: config.checksums,
            credentials: config.credentials.clone(),
            http: config.effective_http_client().cloned(),
            retry: config.retry.clone(),
            timeouts: config.timeouts,
            max_response_body: config.max_response_body,
            compression: config.request_compression,
            clock: config.time_source.clone(),
            quota: RetryQuota::default(),
            #[cfg(feature = "test-util")]
            stubs: config.stubs.clone(),
        }))
    }

    /// The service this handle calls.
    pub fn service(&self) -> &'static ServiceSpec {
        self.0.service
    }

    /// The endpoint requests go to, if one could be resolved.
    pub fn endpoint(&self) -> Option<&Url> {
        self.0.endpoint.as_ref().ok().map(|resolved| &resolved.url)
    }

    /// Sends the request parts of `operation` (its wire name, for tracing) until a
    /// success response comes back or retrying ends, and returns that response unread.
    /// Not generic, so that its code exists once however many operations a crate has.
    pub async fn call_raw(
        &self,
        operation: &'static str,
        parts: HttpRequestParts,
    ) -> Result<HttpResponse, CallError> {
        self.call_whole(Call::untyped(operation), parts, Target::default())
            .await
    }

    async fn call_whole(
        &self,
        call: Call,
        parts: HttpRequestParts,
        target: Target,
    ) -> Result<HttpResponse, CallError> {
        let response = self.call_parts(call, parts, Bodies::Whole, target).await?;
        Ok(HttpResponse {
            status: response.status,
            headers: response.headers,
            body: response.body.into_vec().unwrap_or_default(),
        })
    }

    /// Sends the request parts of `operation` with the response body streamed: the
    /// body of a success response is handed over as it arrives, after the headers.
    /// `upload` is sent as the request body instead of the parts' body, as it is read
    /// ([`ByteStream`]: a file, or a stream sent once and then never retried).
    ///
    /// The attempt and operation timeouts and the retries end with the headers of a
    /// success response: reading its body is the caller's, and a failure while doing
    /// so is an error of that read, not retried. An error response is read whole
    /// (within `max_response_body`) to find its code, as in [`Self::call_raw`].
    pub async fn call_streaming(
        &self,
        operation: &'static str,
        parts: HttpRequestParts,
        upload: Option<ByteStream>,
    ) -> Result<HttpResponse<ByteStream>, CallError> {
        self.call_parts(
            Call::untyped(operation),
            parts,
            Bodies::Streaming(upload, None),
            Target::default(),
        )
        .await
    }

    async fn call_parts(
        &self,
        call: Call,
        parts: HttpRequestParts,
        bodies: Bodies,
        target: Target,
    ) -> Result<HttpResponse<ByteStream>, CallError> {
        #[cfg(feature = "tracing")]
        let span = crate::trace::call_span(self.0.service, call.name);
        let call = async {
            match self.0.timeouts.operation {
                Some(limit) => {
                    tokio::time::timeout(limit, self.dispatch(call, parts, bodies, target))
                        .await
                        .unwrap_or(Err(TimeoutError::new(TimeoutKind::Operation, limit).into()))
                }
                None => self.dispatch(call, parts, bodies, target).await,
            }
        };
        #[cfg(feature = "tracing")]
        let call = tracing::Instrument::instrument(call, span);
        call.await
    }

    /// Calls the operation `Op`, returning its own error type.
    pub async fn send<Op>(&self, input: &Op::Input) -> Result<Op::Output, Op::Error>
    where
        Op: Operation,
        Op::Error: From<CallError>,
    {
        #[cfg(feature = "test-util")]
        if let Some(stubs) = &self.0.stubs {
            return stubs.respond::<Op>(input);
        }
        let mut parts = self.request_parts::<Op>(input).await?;
        let target = self
            .place_bucket(&mut parts, Op::SCHEMA, Op::ENDPOINT, input, false)
            .map_err(|e| <Op::Error as From<RequestError>>::from(RequestError::new(Op::NAME, e)))?;
        let streaming::Payload { upload, given } = streaming::payload(Op::SCHEMA, input)
            .map_err(|e| <Op::Error as From<RequestError>>::from(RequestError::new(Op::NAME, e)))?;
        let expect = match Op::EXPECT_CONTINUE {
            ExpectContinue::Never => false,
            ExpectContinue::Stream => upload.is_some(),
            ExpectContinue::Always => given,
        };
        if expect {
            parts
                .headers
                .push(("Expect".into(), "100-continue".to_owned()));
        }
        // Before signing, so that the signature covers the bytes sent. An upload is sent
        // as it is: the parts' body is only the empty place the protocol left for it.
        if upload.is_none() {
            compression::compress_request(
                &mut parts,
                Op::SCHEMA.request_compression,
                self.0.compression,
            );
        }
        let validate =
            checksum::ask_for_response_checksum(Op::SCHEMA, &mut parts, self.0.checksums);
        let https = (self.0.endpoint.as_ref()).is_ok_and(|r| r.url.scheme() == Scheme::Https);
        let trailer = checksum::apply_request_checksum(
            Op::SCHEMA,
            &mut parts,
            upload.as_ref(),
            https,
            self.0.checksums,
        )
        .await
        .map_err(|e| <Op::Error as From<RequestError>>::from(RequestError::new(Op::NAME, e)))?;
        let trailer = match trailer {
            RequestChecksum::Trailer(algorithm) => Some(algorithm),
            RequestChecksum::Done => None,
        };
        let streams_output = streaming::streaming_payload(Op::SCHEMA.output).is_some();
        if upload.is_none() && !streams_output {
            let response = self
                .call_whole(Call::typed(Op::SCHEMA, Op::UNSIGNED), parts, target)
                .await
                .map_err(Op::Error::from)?;
            return protocol::success_output::<Op>(
                input,
                response.status,
                response.headers.as_slice(),
                &response.body,
            );
        }
        #[cfg_attr(not(feature = "checksums"), allow(unused_mut))]
        let mut response = self
            .call_parts(
                Call::typed(Op::SCHEMA, Op::UNSIGNED),
                parts,
                Bodies::Streaming(upload, trailer),
                target,
            )
            .await
            .map_err(Op::Error::from)?;
        #[cfg(feature = "checksums")]
        if validate && streams_output {
            let algorithms = checksum::response_algorithms(Op::SCHEMA);
            let body = std::mem::take(&mut response.body);
            response.body = checksum::validated(body, response.headers.as_slice(), &algorithms);
        }
        #[cfg(not(feature = "checksums"))]
        let _ = validate;
        if streams_output {
            return streaming::read_output(Op::SERVICE, Op::SCHEMA, response)
                .map_err(<Op::Error as From<ServiceFailure>>::from);
        }
        // An upload's answer is an ordinary output, read whole within the limit.
        let status = response.status;
        let max_body = self.0.max_response_body;
        let body = response.body.collect(max_body).await.map_err(|e| {
            Op::Error::from(CallError::Transport(streaming::body_error(
                e, max_body, status,
            )))
        })?;
        protocol::success_output::<Op>(input, status, response.headers.as_slice(), &body)
    }

    /// A stream of the pages of `Op`, starting from `input`.
    pub fn paginator<Op>(&self, input: Op::Input) -> Paginator<Op>
    where
        Op: Paginate,
    {
        Paginator::new(self.clone(), input)
    }

    async fn dispatch(
        &self,
        call: Call,
        mut parts: HttpRequestParts,
        bodies: Bodies,
        target: Target,
    ) -> Result<HttpResponse<ByteStream>, CallError> {
        let inner = &*self.0;
        let region = inner
            .region
            .as_ref()
            .ok_or(ConstructionError::MissingRegion)?;
        let resolved = self.resolved()?;
        let endpoint = target.endpoint.as_ref().unwrap_or(&resolved.url);
        let scope = Scope {
            region: resolved.signing_region.unwrap_or(region.as_str()),
            service: target.signing_name.unwrap_or(inner.service.signing_name),
        };
        let http = inner.http.as_ref().ok_or(ConstructionError::NoHttpClient)?;
        let url =
            endpoint::with_host_prefix(endpoint.join(&parts.path), parts.host_prefix.as_deref());
        let (upload, trailer) = match &bodies {
            Bodies::Streaming(Some(upload), trailer) => (Some(upload), *trailer),
            _ => (None, None),
        };
        if streaming::vouched_by_md5(&parts, call.op, scope.service, &url) {
            let unsigned = streaming::UNSIGNED_PAYLOAD.to_owned();
            parts
                .headers
                .push(("X-Amz-Content-SHA256".into(), unsigned));
        }
        let hashed = parts
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("x-amz-content-sha256"));
        if let Some(upload) = upload.filter(|_| !hashed) {
            let hash = streaming::payload_hash(upload)
                .await
                .map_err(|e| CallError::Transport(streaming::request_body_error(e)))?;
            parts.headers.push(("X-Amz-Content-SHA256".into(), hash));
        }
        let invocation_id = invocation_id();
        let mut spent = 0;
        let mut attempt = 1;
        loop {
            let mut request = self
                .attempt_request(call, &parts, &url, &scope, &invocation_id, attempt)
                .await?;

            let body = match &bodies {
                Bodies::Whole => None,
                Bodies::Streaming(Some(upload), _) => Some(with_trailer(upload.clone(), trailer)),
                Bodies::Streaming(None, _) => {
                    Some(ByteStream::from(std::mem::take(&mut request.body)))
                }
            };
            let sending = self.attempt(call.op, http, request, body);
            #[cfg(feature = "tracing")]
            let sending = async {
                let span = crate::trace::attempt_span(attempt);
                let outcome = tracing::Instrument::instrument(sending, span.clone()).await;
                crate::trace::record_outcome(&span, &outcome);
                outcome
            };
            let failure = match sending.await {
                Ok(output) => {
                    inner.quota.release(spent);
                    return Ok(output);
                }
                Err(failure) => failure,
            };
            // A stream was read by the failed attempt: there is nothing left to resend.
            if upload.is_some_and(|upload| !upload.is_replayable()) {
                return Err(failure);
            }
            let retry_reason = retry::classify(attempt_failure(&failure));
            let cost = retry_reason
                .filter(|_| attempt < inner.retry.max_attempts())
                .and_then(|reason| inner.quota.acquire(reason));
            let Some(cost) = cost else {
                return Err(failure);
            };
            spent += cost;
            let delay = inner.retry.backoff(attempt, retry::jitter());
            #[cfg(feature = "tracing")]
            crate::trace::retrying(attempt, delay);
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// The endpoint, or why there is none.
    fn resolved(&self) -> Result<&Resolved, ConstructionError> {
        self.0.endpoint.as_ref().map_err(|problem| match problem {
            EndpointProblem::MissingRegion => ConstructionError::MissingRegion,
            EndpointProblem::InvalidRegion(e) => ConstructionError::InvalidRegion(e.clone()),
            EndpointProblem::Invalid(e) => ConstructionError::Endpoint(e.clone()),
        })
    }
}

/// How a call's bodies travel: whole, or streamed (with the request body taken from
/// an upload when there is one, else the parts' body, and the upload's checksum in a
/// trailer when one is named).
enum Bodies {
    Whole,
    Streaming(Option<ByteStream>, Option<ChecksumAlgorithm>),
}

/// The body one attempt sends of `upload`: `aws-chunked` with its checksum in a
/// trailer when there is one (made anew each attempt, from a fresh read).
fn with_trailer(upload: ByteStream, trailer: Option<ChecksumAlgorithm>) -> ByteStream {
    match trailer {
        #[cfg(feature = "checksums")]
        Some(algorithm) => checksum::aws_chunked_stream(upload, algorithm),
        _ => upload,
    }
}

/// Whether `schema` (an operation's input) has a streaming payload member.
#[cfg(feature = "checksums")]
pub(crate) fn has_streaming_payload(schema: &crate::schema::Schema) -> bool {
    streaming::streaming_payload(schema).is_some()
}

/// The signed request of `parts` sent to `url` (the endpoint joined with the parts'
/// path): what boto3 signs, before the headers it adds afterwards. No I/O.
pub fn signed_request(
    parts: &HttpRequestParts,
    url: &str,
    signing: &SigningParams<'_>,
) -> Result<HttpRequest, InvalidUrl> {
    let mut request = unsigned_request(parts, url);
    sigv4::sign(&mut request, signing)?;
    Ok(request)
}

/// The request of `parts` sent to `url` as it is, as boto3 sends the operations it
/// does not sign (`AssumeRoleWithWebIdentity`): no `Authorization`, no `X-Amz-Date`.
pub(crate) fn unsigned_request(parts: &HttpRequestParts, url: &str) -> HttpRequest {
    HttpRequest {
        method: parts.method.to_owned(),
        url: url.to_owned(),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| (name.as_ref(), value.as_str()))
            .collect(),
        body: parts.body.clone(),
    }
}

/// A random (version 4) UUID naming one operation across its attempts.
fn invocation_id() -> String {
    crate::uuid::random_v4()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) const DEVICE_FARM: ServiceSpec = ServiceSpec {
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

    /// Users spawn calls on multi-threaded runtimes: the futures must be `Send`.
    #[test]
    fn calls_and_handles_can_cross_threads() {
        fn sendable<T: Send + 'static>(_: &T) {}
        fn shared<T: Send + Sync + Clone + 'static>(_: &T) {}
        let handle = Handle::new(&Config::builder().build(), &DEVICE_FARM);
        shared(&handle);
        // `send` is generic; the paginator test spawns it on such a runtime.
        let parts = || HttpRequestParts {
            method: "POST",
            path: "/".to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
            host_prefix: None,
        };
        let whole = {
            let (handle, parts) = (handle.clone(), parts());
            async move { handle.call_raw("ListDevices", parts).await }
        };
        sendable(&whole);
        let streamed = {
            let (handle, parts) = (handle.clone(), parts());
            async move { handle.call_streaming("ListDevices", parts, None).await }
        };
        sendable(&streamed);
    }

    #[test]
    fn invocation_ids_are_random_v4_uuids() {
        let (a, b) = (invocation_id(), invocation_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!("89ab".contains(&a[19..20]), "{a}");
    }
}
