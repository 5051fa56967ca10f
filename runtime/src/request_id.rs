//! The request id AWS gives every response, kept on outputs as on errors: the id to
//! quote to AWS support or to find a call in CloudTrail.
//!
//! Every generated output has a hidden [`ResponseMetadata`] field, filled by the
//! runtime after the body is read, and implements [`RequestId`]. The field costs one
//! pointer-sized option per output; serde skips it, and it is equal to any other, so an
//! output read from a response equals one built with the same members.

use std::fmt;

/// A value that may carry the request id of the response it came from.
///
/// ```
/// use sdk_runtime::RequestId;
///
/// fn log_call(output: &impl RequestId) {
///     println!("request id: {}", output.request_id().unwrap_or("none"));
/// }
/// ```
pub trait RequestId {
    /// The `x-amzn-RequestId` header of the response (or `x-amz-request-id`, as S3
    /// names it), when it had one.
    fn request_id(&self) -> Option<&str>;
}

/// Implemented by generated outputs so that the runtime can fill in what it read
/// from the response headers. Not for users to implement.
#[doc(hidden)]
pub trait SetRequestId {
    /// Keeps `request_id` on the output.
    fn set_request_id(&mut self, request_id: Option<&str>);
}

/// What an output keeps of its response besides the members: the request id.
///
/// Part of no output's value: every `ResponseMetadata` equals every other, and the
/// output's serde impls skip it.
#[derive(Clone, Default)]
pub struct ResponseMetadata {
    request_id: Option<Box<str>>,
}

impl ResponseMetadata {
    /// The request id, if the response had one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Keeps `request_id`.
    pub fn set_request_id(&mut self, request_id: Option<&str>) {
        self.request_id = request_id.map(Box::from);
    }
}

impl PartialEq for ResponseMetadata {
    /// Always true: metadata says where a value came from, not what it is.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for ResponseMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.request_id.fmt(f)
    }
}

impl RequestId for ResponseMetadata {
    fn request_id(&self) -> Option<&str> {
        self.request_id()
    }
}

impl RequestId for crate::protocol::ErrorMetadata {
    fn request_id(&self) -> Option<&str> {
        crate::protocol::ErrorMetadata::request_id(self)
    }
}

impl<E> RequestId for crate::protocol::ServiceError<E> {
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id()
    }
}

impl RequestId for crate::protocol::MalformedResponse {
    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_is_equal_whatever_its_id_and_debug_shows_the_id() {
        let mut a = ResponseMetadata::default();
        a.set_request_id(Some("req-1"));
        assert_eq!(a, ResponseMetadata::default());
        assert_eq!(a.request_id(), Some("req-1"));
        assert_eq!(format!("{a:?}"), r#"Some("req-1")"#);
        assert_eq!(std::mem::size_of::<ResponseMetadata>(), 16);
    }
}
