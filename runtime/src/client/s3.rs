//! Where one call goes when that is not simply the client's endpoint: the operations
//! the endpoint rules send elsewhere (their [`OperationEndpoint`]), and for S3 where
//! the bucket goes (see [`crate::s3`]).

use super::Handle;
use crate::endpoint::{self, OperationEndpoint, Url};
use crate::protocol::HttpRequestParts;
use crate::schema::{OperationSchema, WriteError, WriteStruct};

/// Where one operation goes when that is not the client's endpoint, and the name it
/// is signed with when that is not the service's (S3's control and object lambda
/// operations).
#[derive(Clone, Debug, Default)]
pub(crate) struct Target {
    pub(crate) endpoint: Option<Url>,
    pub(crate) signing_name: Option<&'static str>,
}

impl Handle {
    /// The call's [`Target`] as botocore's endpoint rules choose it: an operation with
    /// an endpoint prefix of its own goes to that prefix's default endpoint (a
    /// configured endpoint stays, as in botocore), signed with its own name either way.
    /// For S3, also checks the input's bucket and moves it into the host where S3's
    /// endpoint rules do (see [`crate::s3`]), unless the operation always takes it in
    /// the path. Without an endpoint nothing moves: the call fails on that before
    /// sending. A presigned URL goes to the global endpoint where boto3's does.
    pub(super) fn place_bucket(
        &self,
        parts: &mut HttpRequestParts,
        op: &'static OperationSchema,
        placed: OperationEndpoint,
        input: &dyn WriteStruct,
        presigning: bool,
    ) -> Result<Target, WriteError> {
        let inner = &*self.0;
        let (Ok(resolved), Some(region)) = (&inner.endpoint, &inner.region) else {
            return Ok(Target::default());
        };
        let mut target = Target {
            endpoint: None,
            signing_name: placed.signing_name,
        };
        if let (Some(prefix), false) = (placed.prefix, resolved.configured) {
            // The region was checked when the client's endpoint was resolved.
            target.endpoint = endpoint::default_endpoint(prefix, region)
                .ok()
                .and_then(|url| Url::parse(&url).ok());
        }
        if !crate::s3::is_s3(inner.service) {
            return Ok(target);
        }
        let bucket = crate::s3::bucket(op, input)?;
        let mut addressing = crate::s3::Addressing {
            endpoint: &resolved.url,
            configured: resolved.configured,
            settings: inner.s3,
        };
        if target.endpoint.is_none()
            && presigning
            && !placed.path_style
            && crate::s3::presign_globally(bucket.as_deref(), region.as_str(), addressing)
        {
            target.endpoint = Url::parse("https://s3.amazonaws.com").ok();
        }
        if let Some(endpoint) = &target.endpoint {
            addressing.endpoint = endpoint;
        }
        if let Some(bucket) = bucket.filter(|_| !placed.path_style) {
            crate::s3::place(parts, &bucket, addressing);
        }
        Ok(target)
    }
}
