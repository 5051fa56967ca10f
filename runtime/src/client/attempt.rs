//! One attempt of a call: its request, signed unless the operation is sent unsigned,
//! sent under the attempt timeout, and its response, which the service's protocol
//! tells a success or an error.

use std::time::Duration;

use super::{streaming, Handle, USER_AGENT};
use crate::credentials::CredentialsError;
use crate::error::{CallError, ConstructionError, TimeoutError, TimeoutKind};
use crate::http::{self, Headers, HttpRequest, HttpResponse, SharedHttpClient, TransportErrorKind};
use crate::protocol::{self, HttpRequestParts};
use crate::retry::AttemptFailure;
use crate::schema::OperationSchema;
use crate::sigv4::SigningParams;
use crate::wire::ByteStream;

/// The operation a call sends: its wire name (for tracing), whether it goes unsigned
/// and, for typed calls, its schema, which tells whether a success response may be an
/// error.
#[derive(Clone, Copy)]
pub(super) struct Call {
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(super) name: &'static str,
    pub(super) op: Option<&'static OperationSchema>,
    /// Sent without a signature, so without credentials (botocore's `UNSIGNED`).
    pub(super) unsigned: bool,
}

impl Call {
    pub(super) fn typed(op: &'static OperationSchema, unsigned: bool) -> Self {
        Self {
            name: op.name,
            op: Some(op),
            unsigned,
        }
    }

    /// A call of [`Handle::call_raw`] or [`Handle::call_streaming`]: always signed.
    pub(super) fn untyped(name: &'static str) -> Self {
        Self {
            name,
            op: None,
            unsigned: false,
        }
    }
}

/// Where and as what a request is signed.
pub(super) struct Scope<'a> {
    pub(super) region: &'a str,
    pub(super) service: &'a str,
}

impl Handle {
    /// The request of one attempt of `call`: signed with fresh credentials (which must
    /// be configured), or, for an operation sent unsigned, as it is, needing none. The
    /// headers boto3 adds after signing are added.
    pub(super) async fn attempt_request(
        &self,
        call: Call,
        parts: &HttpRequestParts,
        url: &str,
        scope: &Scope<'_>,
        invocation_id: &str,
        attempt: u32,
    ) -> Result<HttpRequest, CallError> {
        let inner = &*self.0;
        let mut request = if call.unsigned {
            super::unsigned_request(parts, url)
        } else {
            let provider = inner.credentials.as_ref().ok_or_else(|| {
                ConstructionError::Credentials(CredentialsError::new(
                    "no credentials configured: set them on the config builder or use Config::from_env",
                ))
            })?;
            let credentials = provider
                .provide_credentials()
                .await
                .map_err(ConstructionError::Credentials)?;
            let params = SigningParams {
                credentials: &credentials,
                region: scope.region,
                service: scope.service,
                time: inner.clock.now(),
            };
            super::signed_request(parts, url, &params).map_err(ConstructionError::Endpoint)?
        };
        add_unsigned_headers(
            &mut request.headers,
            invocation_id,
            attempt,
            inner.retry.max_attempts(),
        );
        Ok(request)
    }

    /// Sends one request under the attempt timeout: a success response, or why not
    /// (which the protocol tells: `op`'s success status may carry an error).
    /// With `stream` the request body is that stream and a success response's body is
    /// left unread, unless it may hold an error; without, both are whole bytes.
    pub(super) async fn attempt(
        &self,
        op: Option<&'static OperationSchema>,
        http: &SharedHttpClient,
        request: HttpRequest,
        stream: Option<ByteStream>,
    ) -> Result<HttpResponse<ByteStream>, CallError> {
        let timeouts = &self.0.timeouts;
        let max_body = self.0.max_response_body;
        let service = self.0.service;
        let read_success = op.is_some_and(|op| protocol::hides_errors(service, op));
        let sending = async {
            let Some(body) = stream else {
                let response = http.send_limited(request, max_body).await?;
                // Checked again: a custom client's `send_limited` may ignore the limit.
                let response = http::check_body_length(response, max_body)?;
                return Ok(HttpResponse {
                    status: response.status,
                    headers: response.headers,
                    body: ByteStream::from(response.body),
                });
            };
            let request = HttpRequest {
                method: request.method,
                url: request.url,
                headers: request.headers,
                body,
            };
            let mut response = http.send_streaming(request).await?;
            if read_success || !(200..300).contains(&response.status) {
                let status = response.status;
                let whole = std::mem::take(&mut response.body)
                    .collect(max_body)
                    .await
                    .map_err(|e| streaming::body_error(e, max_body, status))?;
                response.body = ByteStream::from(whole);
            }
            Ok::<_, http::TransportError>(response)
        };
        let sent = match timeouts.attempt {
            Some(limit) => tokio::time::timeout(limit, sending)
                .await
                .map_err(|_| TimeoutError::new(TimeoutKind::Attempt, limit))?,
            None => sending.await,
        };
        let response = sent.map_err(|e| match e.kind() {
            TransportErrorKind::ConnectTimeout => CallError::Timeout(TimeoutError::new(
                TimeoutKind::Connect,
                timeouts.connect.unwrap_or(Duration::ZERO),
            )),
            _ => CallError::Transport(e),
        })?;
        // Read by the service's protocol: restJson1 and awsJson find codes differently,
        // and S3 may answer 200 with an error.
        match protocol::response_error(
            service,
            op,
            response.status,
            response.headers.as_slice(),
            response.body.bytes().unwrap_or_default(),
        ) {
            Some(raw) => Err(CallError::Service(raw)),
            None => Ok(response),
        }
    }
}

/// Headers boto3 adds after signing, which therefore stay unsigned.
fn add_unsigned_headers(headers: &mut Headers, invocation_id: &str, attempt: u32, max: u32) {
    headers.insert("amz-sdk-invocation-id", invocation_id);
    headers.insert("amz-sdk-request", format!("attempt={attempt}; max={max}"));
    headers.insert("user-agent", USER_AGENT);
}

/// What the retry rules need to know about a failed attempt.
pub(super) fn attempt_failure(error: &CallError) -> AttemptFailure<'_> {
    match error {
        CallError::Service(raw) => AttemptFailure::Service {
            status: raw.meta().status(),
            code: raw.meta().code(),
        },
        CallError::Response(malformed) => AttemptFailure::Malformed {
            status: malformed.status,
        },
        CallError::Transport(e) if e.is_retryable() => AttemptFailure::Connection,
        CallError::Timeout(_) => AttemptFailure::TimedOut,
        CallError::Transport(_) | CallError::Construction(_) => AttemptFailure::Permanent,
    }
}
