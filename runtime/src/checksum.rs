//! Body checksums (Smithy `httpChecksum`, S3 above all), as the pinned botocore sends
//! and checks them (feature `checksums`; without it none is sent or checked).
//!
//! Requests: an operation with a request algorithm member (`ChecksumAlgorithm`) gets
//! the checksum the caller chose, else CRC32 under the default
//! `request_checksum_calculation = when_supported` (and always when the operation
//! requires a checksum), with `x-amz-sdk-checksum-algorithm` naming it. A checksum
//! header the caller set (`x-amz-checksum-*`) is sent as it is. The checksum goes in a
//! header (`x-amz-checksum-crc32`), except for streaming uploads over HTTPS, where the
//! body is sent `aws-chunked` with the checksum in a trailer, computed as the body is
//! read (never buffered) and signed `STREAMING-UNSIGNED-PAYLOAD-TRAILER`. A file sent
//! over plain HTTP is read twice instead: once for the checksum header.
//!
//! Responses: under the default `response_checksum_validation = when_supported`,
//! operations with a validation member (`GetObject`'s `ChecksumMode`) ask for
//! checksums (`x-amz-checksum-mode: ENABLED`), and the first checksum header of the
//! response in botocore's order of preference is checked as the body is read: a
//! mismatch fails the read at its end. Checksums of multipart objects (`...-3`) are
//! not checked, as in botocore.

#[cfg(feature = "checksums")]
mod body;
#[cfg(feature = "checksums")]
mod crc;

#[cfg(feature = "checksums")]
pub(crate) use body::{aws_chunked_bytes, aws_chunked_stream, validated};

use crate::protocol::HttpRequestParts;
use crate::schema::{Location, OperationSchema, WriteError};
use crate::wire::ByteStream;

/// When a checksum is computed or validated (`when_supported`, `when_required`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChecksumWhen {
    /// For every operation that supports it (botocore's default).
    #[default]
    WhenSupported,
    /// Only where the operation requires it, or the caller asked for it.
    WhenRequired,
}

impl ChecksumWhen {
    /// The setting as the shared config and environment spell it.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            t if t.eq_ignore_ascii_case("when_supported") => Some(Self::WhenSupported),
            t if t.eq_ignore_ascii_case("when_required") => Some(Self::WhenRequired),
            _ => None,
        }
    }
}

/// The checksum settings of a configuration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChecksumSettings {
    /// `request_checksum_calculation`.
    pub request: ChecksumWhen,
    /// `response_checksum_validation`.
    pub response: ChecksumWhen,
}

/// A checksum algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChecksumAlgorithm {
    /// CRC-32 (ISO-HDLC, zlib's).
    Crc32,
    /// CRC-32C (Castagnoli).
    Crc32c,
    /// CRC-64/NVME.
    Crc64Nvme,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
}

impl ChecksumAlgorithm {
    /// Response checksums are looked for in this order (botocore's priority list, of
    /// the algorithms this runtime computes).
    pub const PRIORITY: [ChecksumAlgorithm; 5] = [
        Self::Crc64Nvme,
        Self::Crc32c,
        Self::Crc32,
        Self::Sha1,
        Self::Sha256,
    ];

    /// The algorithm named as the model spells it (`CRC32`, `crc64nvme`).
    pub fn parse(name: &str) -> Option<Self> {
        Self::PRIORITY
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The model's name (`CRC32`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Crc32 => "CRC32",
            Self::Crc32c => "CRC32C",
            Self::Crc64Nvme => "CRC64NVME",
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
        }
    }

    /// The header the checksum travels in (`x-amz-checksum-crc32`).
    pub fn header(self) -> &'static str {
        match self {
            Self::Crc32 => "x-amz-checksum-crc32",
            Self::Crc32c => "x-amz-checksum-crc32c",
            Self::Crc64Nvme => "x-amz-checksum-crc64nvme",
            Self::Sha1 => "x-amz-checksum-sha1",
            Self::Sha256 => "x-amz-checksum-sha256",
        }
    }
}

/// A running checksum of one algorithm.
#[cfg(feature = "checksums")]
pub struct Checksum(State);

#[cfg(feature = "checksums")]
enum State {
    Crc32(crc32fast::Hasher),
    Crc32c(u32),
    Crc64Nvme(u64),
    // Boxed: a SHA context is 200-odd bytes, the CRCs a few.
    Sha(Box<ring::digest::Context>),
}

#[cfg(feature = "checksums")]
impl Checksum {
    /// A checksum of nothing yet.
    pub fn new(algorithm: ChecksumAlgorithm) -> Self {
        Self(match algorithm {
            ChecksumAlgorithm::Crc32 => State::Crc32(crc32fast::Hasher::new()),
            ChecksumAlgorithm::Crc32c => State::Crc32c(0),
            ChecksumAlgorithm::Crc64Nvme => State::Crc64Nvme(0),
            ChecksumAlgorithm::Sha1 => State::Sha(Box::new(ring::digest::Context::new(
                &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
            ))),
            ChecksumAlgorithm::Sha256 => {
                State::Sha(Box::new(ring::digest::Context::new(&ring::digest::SHA256)))
            }
        })
    }

    /// Adds `bytes`.
    pub fn update(&mut self, bytes: &[u8]) {
        match &mut self.0 {
            State::Crc32(hasher) => hasher.update(bytes),
            State::Crc32c(crc) => *crc = crc::crc32c(*crc, bytes),
            State::Crc64Nvme(crc) => *crc = crc::crc64_nvme(*crc, bytes),
            State::Sha(context) => context.update(bytes),
        }
    }

    /// The checksum, big-endian, as it is base64-encoded on the wire.
    pub fn finish(self) -> Vec<u8> {
        match self.0 {
            State::Crc32(hasher) => hasher.finalize().to_be_bytes().to_vec(),
            State::Crc32c(crc) => crc.to_be_bytes().to_vec(),
            State::Crc64Nvme(crc) => crc.to_be_bytes().to_vec(),
            State::Sha(context) => context.finish().as_ref().to_vec(),
        }
    }

    /// The checksum as a header carries it (base64).
    pub fn finish_base64(self) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(self.finish())
    }
}

/// The checksum of `bytes` as a header carries it.
#[cfg(feature = "checksums")]
pub fn checksum_base64(algorithm: ChecksumAlgorithm, bytes: &[u8]) -> String {
    let mut checksum = Checksum::new(algorithm);
    checksum.update(bytes);
    checksum.finish_base64()
}

/// How the request body's checksum travels, once decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "checksums"), allow(dead_code))]
pub(crate) enum RequestChecksum {
    /// None, or already in a header.
    Done,
    /// In the trailer of the upload, sent `aws-chunked`.
    Trailer(ChecksumAlgorithm),
}

/// The header name of the input member `name` of `op`, if it is bound to one.
fn member_header(op: &OperationSchema, name: Option<&str>) -> Option<&'static str> {
    let member = op.input.members.iter().find(|m| Some(m.name) == name)?;
    match member.location {
        Location::Header(header) => Some(header),
        _ => None,
    }
}

fn header_value<'p>(parts: &'p HttpRequestParts, name: &str) -> Option<&'p str> {
    parts
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Asks for response checksums where botocore does (the validation member defaulted
/// to `ENABLED` under `when_supported`); whether the response is to be checked.
pub(crate) fn ask_for_response_checksum(
    op: &OperationSchema,
    parts: &mut HttpRequestParts,
    settings: ChecksumSettings,
) -> bool {
    if !cfg!(feature = "checksums") {
        return false;
    }
    let Some(header) = member_header(op, op.checksum.response_validation_member) else {
        return false;
    };
    if header_value(parts, header).is_none() {
        if settings.response != ChecksumWhen::WhenSupported {
            return false;
        }
        parts.headers.push((header.into(), "ENABLED".to_owned()));
    }
    true
}

/// The algorithms a response of `op` may be checked with, in order.
#[cfg(feature = "checksums")]
pub(crate) fn response_algorithms(op: &OperationSchema) -> Vec<ChecksumAlgorithm> {
    ChecksumAlgorithm::PRIORITY
        .into_iter()
        .filter(|a| {
            op.checksum
                .response_algorithms
                .iter()
                .any(|name| name.eq_ignore_ascii_case(a.name()))
        })
        .collect()
}

/// Decides and applies the request checksum of `op` (see the module documentation):
/// a header computed over the body in memory (or a file read once for it), or a
/// trailer the caller sends the upload with.
#[cfg_attr(not(feature = "checksums"), allow(unused_variables))]
pub(crate) async fn apply_request_checksum(
    op: &OperationSchema,
    parts: &mut HttpRequestParts,
    upload: Option<&ByteStream>,
    https: bool,
    settings: ChecksumSettings,
) -> Result<RequestChecksum, WriteError> {
    #[cfg(not(feature = "checksums"))]
    return Ok(RequestChecksum::Done);
    #[cfg(feature = "checksums")]
    {
        let given = parts.headers.iter().any(|(name, _)| {
            name.len() > 15
                && name[..15].eq_ignore_ascii_case("x-amz-checksum-")
                && name[15..].bytes().all(|b| b.is_ascii_alphanumeric())
        });
        if given {
            return Ok(RequestChecksum::Done);
        }
        let checksum = op.checksum;
        let member_header = member_header(op, checksum.request_algorithm_member);
        let chosen = member_header.and_then(|header| header_value(parts, header));
        let algorithm = match chosen {
            Some(name) => ChecksumAlgorithm::parse(name).ok_or_else(|| WriteError {
                member: checksum
                    .request_algorithm_member
                    .unwrap_or("ChecksumAlgorithm"),
                reason: format!(
                    "unsupported checksum algorithm {name:?}: CRC32, CRC32C, CRC64NVME, SHA1 \
                     and SHA256 are"
                ),
            })?,
            None => {
                let supported = checksum.request_algorithm_member.is_some()
                    && settings.request == ChecksumWhen::WhenSupported;
                if !(checksum.required || supported) {
                    return Ok(RequestChecksum::Done);
                }
                if let Some(header) = member_header {
                    let name = ChecksumAlgorithm::Crc32.name().to_owned();
                    parts.headers.push((header.into(), name));
                }
                ChecksumAlgorithm::Crc32
            }
        };
        let streaming_input = crate::client::has_streaming_payload(op.input);
        let replayable = upload.is_none_or(ByteStream::is_replayable);
        if !(streaming_input && https) && replayable {
            let value = match upload {
                Some(upload) => {
                    let (value, sha256) = body::checksum_of_stream(algorithm, upload)
                        .await
                        .map_err(|e| WriteError {
                            member: "Body",
                            reason: format!("reading the body for its checksum failed: {e}"),
                        })?;
                    if header_value(parts, "x-amz-content-sha256").is_none() {
                        parts.headers.push(("X-Amz-Content-SHA256".into(), sha256));
                    }
                    value
                }
                None => checksum_base64(algorithm, &parts.body),
            };
            parts.headers.push((algorithm.header().into(), value));
            return Ok(RequestChecksum::Done);
        }
        let decoded_length = match upload {
            Some(upload) => upload.len(),
            None => Some(parts.body.len() as u64),
        };
        body::trailer_headers(parts, algorithm, decoded_length);
        if upload.is_some() {
            return Ok(RequestChecksum::Trailer(algorithm));
        }
        parts.body = aws_chunked_bytes(&parts.body, algorithm);
        Ok(RequestChecksum::Done)
    }
}

#[cfg(all(test, feature = "checksums"))]
mod tests {
    use super::*;

    #[test]
    fn check_values_of_the_catalogue() {
        let check = |algorithm| {
            let mut checksum = Checksum::new(algorithm);
            checksum.update(b"1234");
            checksum.update(b"56789");
            checksum.finish()
        };
        assert_eq!(
            check(ChecksumAlgorithm::Crc32),
            0xCBF4_3926_u32.to_be_bytes()
        );
        assert_eq!(
            check(ChecksumAlgorithm::Crc32c),
            0xE306_9283_u32.to_be_bytes()
        );
        assert_eq!(
            check(ChecksumAlgorithm::Crc64Nvme),
            0xAE8B_1486_0A79_9888_u64.to_be_bytes()
        );
        assert_eq!(
            checksum_base64(ChecksumAlgorithm::Crc32, b"hello"),
            "NhCmhg=="
        );
        assert_eq!(
            ChecksumAlgorithm::parse("crc64nvme"),
            Some(ChecksumAlgorithm::Crc64Nvme)
        );
        assert_eq!(ChecksumAlgorithm::parse("md5"), None);
    }
}
