//! What every protocol reads from a response the same way: header lookup, the request
//! id, and an error code's bare name.

/// `aws.protocoltests#FooError:http://internal.amazon.com/...` → `FooError`: the part
/// after the last `#` of what precedes the first `:`.
pub fn sanitize_error_code(raw: &str) -> &str {
    let before_colon = raw.split(':').next().unwrap_or_default();
    let after_hash = before_colon.rsplit('#').next().unwrap_or_default();
    after_hash.trim()
}

/// The request id of a response: `x-amzn-RequestId`, or `x-amz-request-id` as S3
/// and a few others name it.
pub(crate) fn request_id(headers: &[(String, String)]) -> Option<&str> {
    header(headers, "x-amzn-requestid").or_else(|| header(headers, "x-amz-request-id"))
}

/// The first value of a header, by case-insensitive name.
pub(crate) fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_sanitized() {
        assert_eq!(sanitize_error_code("FooError"), "FooError");
        assert_eq!(
            sanitize_error_code("aws.protocoltests.restjson#FooError"),
            "FooError"
        );
        assert_eq!(
            sanitize_error_code("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
            "FooError"
        );
        assert_eq!(sanitize_error_code("FooError:http://x"), "FooError");
        assert_eq!(sanitize_error_code(""), "");
    }

    #[test]
    fn the_request_id_comes_from_either_header_in_any_casing() {
        let headers = |name: &str| vec![(name.to_owned(), "abc-123".to_owned())];
        assert_eq!(request_id(&headers("X-AMZN-REQUESTID")), Some("abc-123"));
        assert_eq!(request_id(&headers("x-amz-request-id")), Some("abc-123"));
        assert_eq!(request_id(&headers("x-request-id")), None);
    }
}
