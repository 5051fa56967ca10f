//! Body checksums (Smithy `httpChecksum`, S3 above all), as the pinned botocore sends
//! and checks them.

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
