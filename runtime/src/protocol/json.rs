//! The awsJson 1.0/1.1 protocol: every request is a `POST /` of the input as JSON,
//! naming the operation in `X-Amz-Target`; errors name their code in the
//! `X-Amzn-ErrorType` header or the `__type` body member.
//!
//! Request bodies are written byte for byte as boto3 writes them ([`PythonFormatter`]),
//! so that a request and its signature can be compared with boto3's.

use crate::codec::repr;

use std::io;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{
    ErrorMetadata, HttpRequestParts, MalformedResponse, RawServiceError, RequestError,
    ServiceFailure, ServiceSpec,
};

/// The request parts of `operation` with `input` as its body.
pub fn request<I: Serialize + ?Sized>(
    service: &ServiceSpec,
    operation: &'static str,
    input: &I,
) -> Result<HttpRequestParts, RequestError> {
    let mut body = Vec::with_capacity(128);
    let mut writer = serde_json::Serializer::with_formatter(&mut body, PythonFormatter);
    input
        .serialize(&mut writer)
        .map_err(|source| RequestError::new(operation, source))?;
    Ok(HttpRequestParts {
        method: "POST",
        path: "/".to_owned(),
        headers: vec![
            (
                "content-type".into(),
                format!("application/x-amz-json-{}", service.json_version),
            ),
            (
                "x-amz-target".into(),
                format!("{}.{operation}", service.target_prefix),
            ),
        ],
        body,
        host_prefix: None,
    })
}

/// Writes JSON as Python's `json.dumps` does with its default settings, which is how
/// boto3 writes awsJson bodies: `", "` between items, `": "` after keys, every character
/// outside printable ASCII escaped as `\uXXXX` (UTF-16 surrogate pairs above the BMP)
/// and floats as Python's `repr` (`1.5`, `123.0`, `1e+16`, `1e-07`).
///
/// Non-finite floats are written as `null`, as `serde_json` does with any formatter
/// (boto3 would send the strings `"NaN"` and `"Infinity"`, which services reject).
#[derive(Clone, Copy, Debug, Default)]
pub struct PythonFormatter;

impl serde_json::ser::Formatter for PythonFormatter {
    #[inline]
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    #[inline]
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    #[inline]
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        writer.write_all(repr::f64_repr(value).as_bytes())
    }

    fn write_f32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        // The shortest digits of the `f32` itself: what a caller setting `1.1f32` means.
        writer.write_all(repr::python_float(format!("{value:e}")).as_bytes())
    }

    /// Quotes, backslashes and control characters below U+0020 reach
    /// `write_char_escape`, which already writes them as Python does; the rest of the
    /// string comes here.
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut plain = 0;
        for (at, c) in fragment.char_indices() {
            if (' '..='~').contains(&c) {
                continue;
            }
            writer.write_all(&fragment.as_bytes()[plain..at])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            plain = at + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[plain..])
    }
}

/// Reads a response: a 2xx status gives the output `O`, read from the JSON object of
/// the body (an empty body only for outputs without members), any other status a
/// service error.
pub fn response<O: DeserializeOwned>(
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> Result<O, ServiceFailure> {
    if (200..300).contains(&status) {
        super::body::output_value(body).map_err(|e| {
            ServiceFailure::Malformed(MalformedResponse {
                status,
                request_id: request_id(headers).map(str::to_owned),
                reason: e.to_string(),
            })
        })
    } else {
        Err(ServiceFailure::Service(service_error(
            status, headers, body,
        )))
    }
}

/// Error metadata from the headers and, when it is readable JSON, the body.
fn service_error(status: u16, headers: &[(String, String)], body: &[u8]) -> RawServiceError {
    // A body that is not JSON (a proxy's HTML page, a truncated read) or whose members
    // have unexpected types still leaves whatever else is worth reporting.
    let fields = super::body::error_fields(body);
    let code = header(headers, "x-amzn-errortype")
        .or(fields.type_.as_deref())
        .or(fields.code.as_deref())
        .map(sanitize_error_code)
        .filter(|code| !code.is_empty())
        .map(str::to_owned);
    let message = fields.message;
    let request_id = request_id(headers).map(str::to_owned);
    let meta = ErrorMetadata::new(code, message, status, request_id);
    RawServiceError::new(meta, body.to_vec())
}

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
fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    const SPEC: ServiceSpec = ServiceSpec {
        service_id: "Device Farm",
        signing_name: "devicefarm",
        endpoint_prefix: "devicefarm",
        target_prefix: "DeviceFarm_20150623",
        json_version: "1.1",
        api_version: "2015-06-23",
        protocol: crate::schema::Protocol::AwsJson1_1,
        query_compatible: false,
    };

    #[derive(Serialize, Deserialize, Debug, PartialEq, Default)]
    struct Output {
        #[serde(rename = "nextToken")]
        next_token: Option<String>,
    }

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn failure(status: u16, hdrs: &[(&str, &str)], body: &str) -> RawServiceError {
        match response::<Output>(status, &headers(hdrs), body.as_bytes()) {
            Err(ServiceFailure::Service(raw)) => raw,
            other => panic!("expected a service error, got {other:?}"),
        }
    }

    #[test]
    fn request_names_the_operation_and_serializes_the_input() {
        let input = Output {
            next_token: Some("t".into()),
        };
        let parts = request(&SPEC, "ListDevices", &input).unwrap();
        assert_eq!((parts.method, parts.path.as_str()), ("POST", "/"));
        assert_eq!(
            parts.headers,
            vec![
                (
                    "content-type".into(),
                    "application/x-amz-json-1.1".to_string()
                ),
                (
                    "x-amz-target".into(),
                    "DeviceFarm_20150623.ListDevices".to_string()
                ),
            ]
        );
        assert_eq!(parts.body, br#"{"nextToken": "t"}"#);
    }

    /// Writes `value` with [`PythonFormatter`].
    fn python<T: Serialize>(value: &T) -> String {
        let mut out = Vec::new();
        let mut writer = serde_json::Serializer::with_formatter(&mut out, PythonFormatter);
        value.serialize(&mut writer).unwrap();
        String::from_utf8(out).unwrap()
    }

    // The expected strings below are what CPython 3 prints for `json.dumps(value)`.

    #[test]
    fn separators_are_python_s() {
        let value = serde_json::json!({"a": [1, 2, {"b": true}], "c": {}, "d": [], "e": null});
        assert_eq!(
            python(&value),
            r#"{"a": [1, 2, {"b": true}], "c": {}, "d": [], "e": null}"#
        );
        let parts = request(&SPEC, "ListDevices", &value).unwrap();
        assert_eq!(parts.body, python(&value).into_bytes());
    }

    #[test]
    fn strings_escape_everything_outside_printable_ascii() {
        assert_eq!(
            python(&"é😀\u{7f}\u{1}\n\t\"\\/~ plain"),
            r#""\u00e9\ud83d\ude00\u007f\u0001\n\t\"\\/~ plain""#
        );
        assert_eq!(
            python(&"\u{2028}\u{d7ff}\u{e000}\u{ffff}\u{8}\u{c}\r"),
            r#""\u2028\ud7ff\ue000\uffff\b\f\r""#
        );
        let mut map = std::collections::BTreeMap::new();
        map.insert("clé", "naïve");
        assert_eq!(python(&map), r#"{"cl\u00e9": "na\u00efve"}"#);
    }

    #[test]
    fn floats_are_python_reprs() {
        let cases: &[(f64, &str)] = &[
            (1.5, "1.5"),
            (123.0, "123.0"),
            (1e16, "1e+16"),
            (1e-7, "1e-07"),
            (0.1, "0.1"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (2.5e-5, "2.5e-05"),
            (1e15, "1000000000000000.0"),
            (123456789012345.6, "123456789012345.6"),
            (1234567890123456.7, "1234567890123456.8"),
            (12345678901234567.0, "1.2345678901234568e+16"),
            (9007199254740993.0, "9007199254740992.0"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (100.0, "100.0"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (1e22, "1e+22"),
            (-1.25e-10, "-1.25e-10"),
            (std::f64::consts::PI, "3.141592653589793"),
            (1420070400.25, "1420070400.25"),
            (2.0 / 3.0, "0.6666666666666666"),
        ];
        for (value, expected) in cases {
            assert_eq!(python(value), *expected, "{value:e}");
        }
        assert_eq!(python(&[0.5f64, -2.0]), "[0.5, -2.0]");
    }

    #[test]
    fn f32_floats_keep_their_own_shortest_digits() {
        assert_eq!(python(&1.1f32), "1.1");
        assert_eq!(python(&3.0e-6f32), "3e-06");
        assert_eq!(python(&16_777_216f32), "16777216.0");
    }

    #[test]
    fn non_finite_floats_are_null() {
        assert_eq!(python(&[f64::NAN, f64::INFINITY]), "[null, null]");
    }

    #[test]
    fn request_reports_unserializable_input() {
        let mut map = std::collections::BTreeMap::new();
        map.insert(vec![1u8], 1);
        let err = request(&SPEC, "ListDevices", &map).unwrap_err();
        assert_eq!(err.operation, "ListDevices");
        assert!(err.to_string().contains("ListDevices"));
    }

    #[test]
    fn success_reads_the_body_and_ignores_unknown_members() {
        let out: Output =
            response(200, &[], br#"{"nextToken":"abc","somethingNew":[1,2]}"#).unwrap();
        assert_eq!(out.next_token.as_deref(), Some("abc"));
    }

    #[test]
    fn no_body_on_success_is_an_output_with_nothing_set() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Nothing {}
        assert_eq!(response::<Nothing>(200, &[], b"").unwrap(), Nothing {});
        assert_eq!(response::<Output>(200, &[], b"").unwrap().next_token, None);
        assert!(matches!(
            response::<Output>(200, &[], b" "),
            Err(ServiceFailure::Malformed(_))
        ));
    }

    #[test]
    fn garbled_success_body_is_malformed_not_a_panic() {
        let hdrs = headers(&[("X-Amzn-RequestId", "req-1")]);
        for body in [
            &b"{\"nextToken\":"[..],
            b"<html>",
            b"\xff\xfe",
            b"[]",
            b"null",
            b"\"x\"",
            b" \r\n",
        ] {
            match response::<Output>(200, &hdrs, body) {
                Err(ServiceFailure::Malformed(m)) => {
                    assert_eq!(m.status, 200);
                    assert_eq!(m.request_id.as_deref(), Some("req-1"));
                    assert!(m.to_string().contains("request id req-1"), "{m}");
                }
                other => panic!("expected malformed for {body:?}, got {other:?}"),
            }
        }
    }

    #[test]
    fn code_comes_from_type_after_the_hash() {
        let raw = failure(
            400,
            &[],
            r#"{"__type":"com.amazon.x#NotFoundException","message":"gone"}"#,
        );
        assert_eq!(raw.code(), "NotFoundException");
        assert_eq!(raw.meta().message(), Some("gone"));
        assert_eq!(raw.meta().status(), 400);
    }

    #[test]
    fn code_comes_from_the_header_before_the_colon_and_wins_over_the_body() {
        let raw = failure(
            400,
            &[(
                "x-amzn-errortype",
                "NotFoundException:http://internal.amazon.com/coral/com.amazon.x/",
            )],
            r#"{"__type":"SomethingElse"}"#,
        );
        assert_eq!(raw.code(), "NotFoundException");
    }

    #[test]
    fn code_falls_back_to_the_code_member() {
        assert_eq!(
            failure(400, &[], r#"{"code":"Throttling"}"#).code(),
            "Throttling"
        );
    }

    #[test]
    fn message_is_read_in_either_casing() {
        let upper = failure(400, &[], r#"{"__type":"X","Message":"upper"}"#);
        assert_eq!(upper.meta().message(), Some("upper"));
        let lower = failure(400, &[], r#"{"__type":"X","message":"lower"}"#);
        assert_eq!(lower.meta().message(), Some("lower"));
    }

    #[test]
    fn request_id_comes_from_the_header_in_any_casing() {
        let raw = failure(500, &[("X-AMZN-REQUESTID", "abc-123")], "{}");
        assert_eq!(raw.meta().request_id(), Some("abc-123"));
        assert_eq!(raw.meta().code(), None);
        assert_eq!(raw.code(), "");
    }

    #[test]
    fn garbled_error_body_keeps_status_header_code_and_request_id() {
        let raw = failure(
            503,
            &[
                ("x-amzn-RequestId", "r"),
                ("X-Amzn-ErrorType", "ServiceUnavailable"),
            ],
            "<html>busy</html>",
        );
        assert_eq!(
            raw.meta().to_string(),
            "ServiceUnavailable (HTTP 503, request id r)"
        );
    }

    #[test]
    fn display_shows_code_message_status_and_request_id() {
        let raw = failure(
            404,
            &[("x-amzn-requestid", "id-9")],
            r##"{"__type":"a.b#NotFoundException","message":"no device"}"##,
        );
        assert_eq!(
            raw.meta().to_string(),
            "NotFoundException: no device (HTTP 404, request id id-9)"
        );
    }

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
}
