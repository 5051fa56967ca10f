//! The members of a JSON error body that name the error, read once for awsJson and
//! restJson1: each protocol then picks them in its own order (botocore's
//! `BaseJSONParser` and `RestJSONParser` differ there).

use crate::codec::json;

/// The naming members of an error body, when they are strings.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct ErrorKeys {
    /// `__type`.
    pub type_: Option<String>,
    /// `code`.
    pub code: Option<String>,
    /// `Code`.
    pub upper_code: Option<String>,
    /// `message`.
    pub message: Option<String>,
    /// `Message`.
    pub upper_message: Option<String>,
    /// `errorMessage`.
    pub error_message: Option<String>,
}

impl ErrorKeys {
    /// The naming members of `body`; `None` when it is not a JSON object. Other members
    /// are skipped unread, so a large error body costs no more than its bytes.
    pub fn read(body: &[u8]) -> Option<Self> {
        let mut keys = Self::default();
        json::read_body(body, false, |r| {
            r.object(&mut |key, r| {
                let slot = match key {
                    "__type" => &mut keys.type_,
                    "code" => &mut keys.code,
                    "Code" => &mut keys.upper_code,
                    "message" => &mut keys.message,
                    "Message" => &mut keys.upper_message,
                    "errorMessage" => &mut keys.error_message,
                    _ => return r.skip(),
                };
                *slot = r.text_or_skip()?;
                Ok(())
            })
        })
        .ok()?;
        Some(keys)
    }
}
