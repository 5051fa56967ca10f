//! What S3 needs beyond its protocol, as the pinned botocore does it: where a bucket
//! goes (a virtual host `bucket.s3.<region>.amazonaws.com`, or the path), the bucket
//! name checked before anything is sent, and the settings that choose between them.
//!
//! S3's requests name their bucket in a URI label (`/{Bucket}/{Key+}`); botocore drops
//! that segment from the path and lets S3's endpoint rules put the bucket in the host
//! where it can. The rules, for the buckets and endpoints this SDK sends to (access
//! point and Outposts ARNs, S3 Express and accelerate endpoints are not handled):
//! - a configured endpoint (`endpoint_url`, moto, MinIO) gets path-style requests
//!   unless the addressing style is `virtual`; an IP address endpoint always does;
//! - the default endpoint gets the bucket in its host when the bucket is a lower-case
//!   host label of 3 to 63 characters that is not an IPv4 address, without dots
//!   (a dotted name would not match S3's TLS certificate); otherwise, or with the
//!   `path` addressing style, the bucket goes first in the path.

use crate::endpoint::{Scheme, Url};
use crate::protocol::{HttpRequestParts, ServiceSpec};
use crate::schema::{
    Location, MemberWriter, OperationSchema, UriSegment, ValueWriter, WriteError, WriteList,
    WriteMap, WriteStruct, WriteValue,
};
use crate::wire::{DateTime, Document};

/// Where S3 requests put the bucket (botocore's `s3.addressing_style`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AddressingStyle {
    /// The host where the bucket name allows it, else the path; the path with a
    /// configured endpoint.
    #[default]
    Auto,
    /// The host where the bucket name allows it, also with a configured endpoint.
    Virtual,
    /// Always the path (`https://s3.<region>.amazonaws.com/<bucket>/<key>`).
    Path,
}

impl AddressingStyle {
    /// The style named as in the shared config (`auto`, `virtual`, `path`).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            t if t.eq_ignore_ascii_case("auto") => Some(Self::Auto),
            t if t.eq_ignore_ascii_case("virtual") => Some(Self::Virtual),
            t if t.eq_ignore_ascii_case("path") => Some(Self::Path),
            _ => None,
        }
    }
}

/// The S3 settings of a configuration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct S3Settings {
    /// Where the bucket goes.
    pub addressing_style: AddressingStyle,
    /// In `us-east-1`, call `s3.us-east-1.amazonaws.com` rather than the global
    /// `s3.amazonaws.com` (`s3_us_east_1_regional_endpoint = regional`).
    pub us_east_1_regional: bool,
}

/// Whether `service` is Amazon S3 (not S3 Control, which signs as `s3` too).
pub(crate) fn is_s3(service: &ServiceSpec) -> bool {
    service.endpoint_prefix == "s3"
}

/// Where a request's endpoint came from, and how it is addressed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Addressing<'a> {
    /// The endpoint the request goes to.
    pub endpoint: &'a Url,
    /// The endpoint was configured (`endpoint_url`), not the region's default.
    pub configured: bool,
    pub settings: S3Settings,
}

/// The bucket of an S3 request: the input's `Bucket` label, checked as botocore's
/// `validate_bucket_name` does (letters, digits, `.`, `-`, `_`; 1 to 255). `None` when
/// the operation has no bucket label.
pub(crate) fn bucket(
    op: &OperationSchema,
    input: &dyn WriteStruct,
) -> Result<Option<String>, WriteError> {
    let Some(http) = op.http else {
        return Ok(None);
    };
    if !matches!(
        http.path,
        [UriSegment::Literal("/"), UriSegment::Label("Bucket"), ..]
    ) {
        return Ok(None);
    }
    let Some(bucket) = label_value(input, "Bucket")? else {
        return Ok(None);
    };
    check_bucket_name(&bucket)?;
    Ok(Some(bucket))
}

/// Moves `bucket`, first in the path of `parts`, into the host where S3's endpoint
/// rules do.
pub(crate) fn place(parts: &mut HttpRequestParts, bucket: &str, addressing: Addressing<'_>) {
    if uses_virtual_host(bucket, addressing) {
        move_bucket_to_host(parts, bucket);
    }
}

/// Whether a presigned URL goes to the global `s3.amazonaws.com`, as botocore's
/// `generate_presigned_url` sends it in the `aws` partition with the automatic
/// addressing style (for compatibility with its older signers): unless the endpoint
/// is configured, `us-east-1` is asked to be regional, or the bucket needs the path
/// (dots, or not a host label).
pub(crate) fn presign_globally(
    bucket: Option<&str>,
    region: &str,
    addressing: Addressing<'_>,
) -> bool {
    let settings = addressing.settings;
    let partition_aws = !region.starts_with("cn-") && !region.starts_with("us-gov-");
    let regional = settings.us_east_1_regional && region == "us-east-1";
    !addressing.configured
        && partition_aws
        && settings.addressing_style == AddressingStyle::Auto
        && !regional
        && bucket.is_none_or(host_label)
}

/// botocore's `validate_bucket_name`: an access point or Outposts ARN aside, only
/// these characters can name a bucket, and anything else (`/`, `?`, `#`) could change
/// which resource the request names.
fn check_bucket_name(bucket: &str) -> Result<(), WriteError> {
    let valid = (1..=255).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if valid {
        return Ok(());
    }
    Err(WriteError {
        member: "Bucket",
        reason: format!(
            "invalid bucket name {bucket:?}: a bucket name is 1 to 255 letters, digits, \
             dots, hyphens and underscores (access point and Outposts ARNs are not supported)"
        ),
    })
}

/// Whether S3's endpoint rules put `bucket` in the host.
pub(crate) fn uses_virtual_host(bucket: &str, addressing: Addressing<'_>) -> bool {
    let style = addressing.settings.addressing_style;
    if !addressing.configured {
        return style != AddressingStyle::Path && virtual_hostable(bucket, false);
    }
    // botocore forces path style on configured endpoints unless told `virtual`.
    if style != AddressingStyle::Virtual || is_ip_host(addressing.endpoint.host()) {
        return false;
    }
    virtual_hostable(bucket, false)
        || (addressing.endpoint.scheme() == Scheme::Http && virtual_hostable(bucket, true))
}

/// The rules' `aws.isVirtualHostableS3Bucket`: 3 or more characters, no upper case,
/// not an IPv4 address, and a valid host label (each label, with `dots`).
fn virtual_hostable(bucket: &str, dots: bool) -> bool {
    if bucket.len() < 3 || bucket.bytes().any(|b| b.is_ascii_uppercase()) || is_ipv4(bucket) {
        return false;
    }
    if dots {
        bucket.split('.').all(host_label)
    } else {
        host_label(bucket)
    }
}

/// 1 to 63 ASCII letters, digits and hyphens, neither first nor last a hyphen.
fn host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    (1..=63).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes.first() != Some(&b'-')
        && bytes.last() != Some(&b'-')
}

/// Four dot-separated groups of 1 to 3 digits (botocore's `IPV4_RE` shape).
fn is_ipv4(text: &str) -> bool {
    let groups: Vec<&str> = text.split('.').collect();
    groups.len() == 4
        && groups
            .iter()
            .all(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()))
}

/// An IPv4 address or a bracketed IPv6 literal (the rules' `url#isIp`).
fn is_ip_host(host: &str) -> bool {
    host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok()
}

/// Drops the bucket, the path's first segment, and puts it before the host.
fn move_bucket_to_host(parts: &mut HttpRequestParts, bucket: &str) {
    let path = &parts.path;
    let end = path[1..].find(['/', '?']).map_or(path.len(), |i| i + 1);
    let rest = &path[end..];
    parts.path = if rest.starts_with('/') {
        rest.to_owned()
    } else {
        format!("/{rest}")
    };
    let prefix = parts.host_prefix.take().unwrap_or_default();
    parts.host_prefix = Some(format!("{bucket}.{prefix}"));
}

/// The text of the input's string member bound to the URI label `label`.
fn label_value(input: &dyn WriteStruct, label: &str) -> Result<Option<String>, WriteError> {
    let schema = input.schema();
    let Some(index) = schema
        .members
        .iter()
        .position(|m| matches!(m.location, Location::Label(name) if name == label))
    else {
        return Ok(None);
    };
    let mut find = FindString {
        index,
        found: None,
        inside: false,
    };
    input.write_members(&mut find)?;
    Ok(find.found)
}

/// Takes the string value of one member.
struct FindString {
    index: usize,
    found: Option<String>,
    inside: bool,
}

impl MemberWriter for FindString {
    fn member(&mut self, index: usize, value: &dyn WriteValue) -> Result<(), WriteError> {
        if index == self.index {
            self.inside = true;
            value.write_value(self)?;
            self.inside = false;
        }
        Ok(())
    }
}

impl ValueWriter for FindString {
    fn boolean(&mut self, _: bool) -> Result<(), WriteError> {
        Ok(())
    }
    fn integer(&mut self, _: i64) -> Result<(), WriteError> {
        Ok(())
    }
    fn float32(&mut self, _: f32) -> Result<(), WriteError> {
        Ok(())
    }
    fn float64(&mut self, _: f64) -> Result<(), WriteError> {
        Ok(())
    }
    fn string(&mut self, value: &str) -> Result<(), WriteError> {
        if self.inside {
            self.found = Some(value.to_owned());
        }
        Ok(())
    }
    fn blob(&mut self, _: &[u8]) -> Result<(), WriteError> {
        Ok(())
    }
    fn timestamp(&mut self, _: &DateTime) -> Result<(), WriteError> {
        Ok(())
    }
    fn document(&mut self, _: &Document) -> Result<(), WriteError> {
        Ok(())
    }
    fn list(&mut self, _: &dyn WriteList) -> Result<(), WriteError> {
        Ok(())
    }
    fn map(&mut self, _: &dyn WriteMap) -> Result<(), WriteError> {
        Ok(())
    }
    fn structure(&mut self, _: &dyn WriteStruct) -> Result<(), WriteError> {
        Ok(())
    }
}

/// A customer-provided encryption key (SSE-C) as S3 takes it: the key base64-encoded and
/// the base64 MD5 of its bytes, what botocore's `sse_md5` sends for a key given as
/// `bytes` or text. Set both on a call (`sse_customer_key` and `sse_customer_key_md5`,
/// or their `copy_source_` twins) for a key that is not UTF-8 text; a text key may be
/// given alone, and the call encodes it so.
#[cfg(feature = "checksums")]
#[derive(Clone, PartialEq, Eq)]
pub struct CustomerKey {
    /// The key, base64-encoded.
    pub key: String,
    /// The MD5 of the key's bytes, base64-encoded.
    pub key_md5: String,
}

#[cfg(feature = "checksums")]
impl CustomerKey {
    /// The key `key` (its bytes; text as UTF-8) encoded.
    pub fn new(key: impl AsRef<[u8]>) -> Self {
        use base64::Engine as _;
        let key = key.as_ref();
        let base64 = base64::engine::general_purpose::STANDARD;
        Self {
            key: base64.encode(key),
            key_md5: base64.encode(md5::compute(key).0),
        }
    }
}

#[cfg(feature = "checksums")]
impl std::fmt::Debug for CustomerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CustomerKey")
            .field("key", &"*** Sensitive Data Redacted ***")
            .field("key_md5", &self.key_md5)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn virtual_host(
        bucket: &str,
        endpoint: &str,
        configured: bool,
        style: AddressingStyle,
    ) -> bool {
        let endpoint = Url::parse(endpoint).unwrap();
        uses_virtual_host(
            bucket,
            Addressing {
                endpoint: &endpoint,
                configured,
                settings: S3Settings {
                    addressing_style: style,
                    us_east_1_regional: false,
                },
            },
        )
    }

    #[test]
    fn names_decide_between_host_and_path() {
        let aws = "https://s3.us-west-2.amazonaws.com";
        for bucket in ["my-bucket", "abc", "a1-2b", &"x".repeat(63)] {
            assert!(
                virtual_host(bucket, aws, false, AddressingStyle::Auto),
                "{bucket}"
            );
        }
        for bucket in [
            "my.bucket",
            "MyBucket",
            "ab",
            &"a".repeat(64),
            "my_bucket",
            "-bad",
            "bucket-",
            "192.168.1.1",
            "my..bucket",
        ] {
            assert!(
                !virtual_host(bucket, aws, false, AddressingStyle::Auto),
                "{bucket}"
            );
        }
        assert!(!virtual_host(
            "my-bucket",
            aws,
            false,
            AddressingStyle::Path
        ));
        assert!(!virtual_host(
            "my-bucket",
            "http://localhost:5000",
            true,
            AddressingStyle::Auto
        ));
        assert!(virtual_host(
            "my-bucket",
            "http://localhost:5000",
            true,
            AddressingStyle::Virtual
        ));
        assert!(virtual_host(
            "my.bucket",
            "http://localhost:5000",
            true,
            AddressingStyle::Virtual
        ));
        assert!(!virtual_host(
            "my.bucket",
            "https://minio.example",
            true,
            AddressingStyle::Virtual
        ));
        assert!(!virtual_host(
            "my-bucket",
            "http://127.0.0.1:5000",
            true,
            AddressingStyle::Virtual
        ));
    }
}
