//! S3's part of a call: where the bucket goes, and the operations S3 serves from
//! other endpoints (see [`crate::s3`]).

use super::Handle;
use crate::endpoint::Url;
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
    /// S3 only: checks the input's bucket and moves it into the host where S3's
    /// endpoint rules do (see [`crate::s3`]), and sends the operations S3 serves
    /// elsewhere there. Without an endpoint nothing moves: the call fails on that
    /// before sending. A presigned URL goes to the global endpoint where boto3's does.
    pub(super) fn place_bucket(
        &self,
        parts: &mut HttpRequestParts,
        op: &'static OperationSchema,
        input: &dyn WriteStruct,
        presigning: bool,
    ) -> Result<Target, WriteError> {
        let inner = &*self.0;
        let (true, Ok(resolved), Some(region)) = (
            crate::s3::is_s3(inner.service),
            &inner.endpoint,
            &inner.region,
        ) else {
            return Ok(Target::default());
        };
        let bucket = crate::s3::bucket(op, input)?;
        let mut addressing = crate::s3::Addressing {
            endpoint: &resolved.url,
            configured: resolved.configured,
            settings: inner.s3,
        };
        let mut target = Target::default();
        let elsewhere = (!resolved.configured)
            .then(|| crate::s3::operation_endpoint(op.name, region))
            .flatten();
        if let Some((url, signing_name)) = elsewhere {
            target.endpoint = Url::parse(&url).ok();
            target.signing_name = Some(signing_name);
        } else if presigning
            && crate::s3::presign_globally(bucket.as_deref(), region.as_str(), addressing)
        {
            target.endpoint = Url::parse("https://s3.amazonaws.com").ok();
        }
        if let Some(endpoint) = &target.endpoint {
            addressing.endpoint = endpoint;
        }
        if let Some(bucket) = &bucket {
            crate::s3::place(parts, bucket, addressing);
        }
        Ok(target)
    }
}
