//! Presigned requests: an operation's request signed in its URL, for someone else to
//! send without credentials (a browser, `curl`) until it expires.

use std::time::Duration;

use super::{endpoint, Handle};
use crate::error::{CallError, ConstructionError};
use crate::http::HttpRequest;
use crate::protocol::{Operation, RequestError};
use crate::sigv4::{self, SigningParams};

/// A request signed in its URL (SigV4 query parameters: `X-Amz-Algorithm`,
/// `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`, the
/// session token if any, `X-Amz-Signature`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresignedRequest {
    /// The HTTP method to send (`GET`, `PUT`).
    pub method: String,
    /// The URL, signature included.
    pub uri: String,
    /// Headers the signature covers besides `Host`: whoever sends the request must
    /// send them with these values (a `Content-Type` the input set, for instance).
    pub headers: Vec<(String, String)>,
}

impl Handle {
    /// The request of `Op` with `input`, signed in its URL for `expires_in` (whole
    /// seconds; S3 accepts up to 7 days), as boto3's `generate_presigned_url` makes it
    /// with SigV4 (`signature_version='s3v4'` for S3): the same URL for the same input,
    /// credentials and clock. Nothing is sent. S3's body is not signed
    /// (`UNSIGNED-PAYLOAD`), so a presigned `PutObject` takes whatever body is sent.
    ///
    /// In the `aws` partition, with the automatic addressing style and no configured
    /// endpoint, S3 URLs go to the global `bucket.s3.amazonaws.com` (signed for the
    /// client's region), as boto3's do; the `virtual` style keeps the region's host.
    pub async fn presign<Op>(
        &self,
        input: &Op::Input,
        expires_in: Duration,
    ) -> Result<PresignedRequest, Op::Error>
    where
        Op: Operation,
        Op::Error: From<CallError>,
    {
        let mut parts = Op::request(input)?;
        let target = self
            .place_bucket(&mut parts, Op::SCHEMA, Op::ENDPOINT, input, true)
            .map_err(|e| <Op::Error as From<RequestError>>::from(RequestError::new(Op::NAME, e)))?;
        let inner = &*self.0;
        let construction = |e: ConstructionError| Op::Error::from(CallError::Construction(e));
        let region = inner
            .region
            .as_ref()
            .ok_or(ConstructionError::MissingRegion)
            .map_err(construction)?;
        let resolved = self.resolved().map_err(construction)?;
        let provider = inner.credentials.as_ref().ok_or_else(|| {
            construction(ConstructionError::Credentials(
                crate::credentials::CredentialsError::new(
                    "no credentials configured: set them on the config builder or use Config::from_env",
                ),
            ))
        })?;
        let credentials = provider
            .provide_credentials()
            .await
            .map_err(|e| construction(ConstructionError::Credentials(e)))?;
        let base = target.endpoint.as_ref().unwrap_or(&resolved.url);
        let url = endpoint::with_host_prefix(base.join(&parts.path), parts.host_prefix.as_deref());
        let headers: Vec<(String, String)> = parts
            .headers
            .into_iter()
            .map(|(name, value)| (name.into_owned(), value))
            .collect();
        let request = HttpRequest {
            method: parts.method.to_owned(),
            url,
            headers: headers
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str()))
                .collect(),
            body: parts.body,
        };
        let params = SigningParams {
            credentials: &credentials,
            region: resolved.signing_region.unwrap_or(region.as_str()),
            service: target.signing_name.unwrap_or(inner.service.signing_name),
            time: inner.clock.now(),
        };
        let uri = sigv4::presign(&request, &params, expires_in.as_secs())
            .map_err(|e| construction(ConstructionError::Endpoint(e)))?;
        Ok(PresignedRequest {
            method: request.method,
            uri,
            headers,
        })
    }
}
