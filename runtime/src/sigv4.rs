//! AWS Signature Version 4, as botocore's `SigV4Auth` computes it.
//!
//! Written on `ring` (already linked for TLS) rather than the `aws-sigv4` crate, which
//! adds 37 crates to the dependency graph. The rules below follow botocore so that the
//! `Authorization` header equals boto3's byte for byte for the same request, credentials
//! and clock:
//! - every header is signed except the hop-by-hop ones, `user-agent` and
//!   `x-amzn-trace-id`; `host` is added from the URL when absent;
//! - header values are trimmed with runs of whitespace folded into one space, and
//!   repeated headers joined with `,`;
//! - the path has dot segments and empty segments removed, then is percent-encoded
//!   (so existing escapes are encoded again); the query is sorted as written;
//! - the payload hash is the `X-Amz-Content-SHA256` header if present, else SHA-256 of
//!   the body.
//!
//! S3 (signing name `s3`, botocore's `S3SigV4Auth`) differs in two ways: its path is
//! signed as sent (neither normalized nor encoded again: an object key is data, and
//! `a/../b` or `%2F` in it names another object), and every request carries its payload
//! hash in `X-Amz-Content-SHA256`.
//!
//! Headers a client adds after signing (`amz-sdk-*`, `Content-Length`) stay unsigned,
//! as in boto3.

mod presign;

pub use presign::presign;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::SystemTime;

use ring::{digest, hmac};

use crate::credentials::Credentials;
use crate::endpoint::{InvalidUrl, Url};
use crate::http::{Headers, HttpRequest};
use crate::percent::{self, Safe};

/// Lower-case names of headers botocore leaves out of the signature.
const UNSIGNED_HEADERS: [&str; 11] = [
    "connection",
    "expect",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

/// What a signature is made with, besides the request.
#[derive(Clone, Copy, Debug)]
pub struct SigningParams<'a> {
    /// Who signs.
    pub credentials: &'a Credentials,
    /// Region of the credential scope.
    pub region: &'a str,
    /// Signing name of the service (`devicefarm`).
    pub service: &'a str,
    /// The signing time.
    pub time: SystemTime,
}

/// Signs `request` in place: sets `X-Amz-Date`, `X-Amz-Security-Token` (temporary
/// credentials) and `Authorization`, replacing earlier values (a retry re-signs).
pub fn sign(request: &mut HttpRequest, params: &SigningParams<'_>) -> Result<(), InvalidUrl> {
    let url = Url::parse(&request.url)?;
    let (amz_date, date) = amz_date(params.time);
    request.headers.remove("authorization");
    request.headers.insert("X-Amz-Date", amz_date.as_str());
    if let Some(token) = params.credentials.session_token() {
        request.headers.insert("X-Amz-Security-Token", token);
    }
    let s3 = is_s3(params.service);
    if s3 && request.headers.get("x-amz-content-sha256").is_none() {
        let hash = hex(digest::digest(&digest::SHA256, &request.body).as_ref());
        request.headers.insert("X-Amz-Content-SHA256", hash);
    }

    let canonical = canonical_request(request, &url, s3);
    let scope = format!("{date}/{}/{}/aws4_request", params.region, params.service);
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(digest::digest(&digest::SHA256, canonical.text.as_bytes()).as_ref())
    );
    let key = signing_key(
        params.credentials.secret_access_key(),
        &date,
        params.region,
        params.service,
    );
    let signature = hex(hmac::sign(&key, string_to_sign.as_bytes()).as_ref());
    request.headers.insert(
        "Authorization",
        format!(
            "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={}, Signature={signature}",
            params.credentials.access_key_id(),
            canonical.signed_headers
        ),
    );
    Ok(())
}

/// The canonical request text and its signed-headers list.
struct Canonical {
    text: String,
    signed_headers: String,
}

/// S3's signing (botocore's `S3SigV4Auth`), which S3 Control shares, as do the names
/// S3's endpoint rules sign some operations with (botocore's `S3_SIGNING_NAMES`).
pub(crate) fn is_s3(signing_name: &str) -> bool {
    ["s3", "s3-outposts", "s3-object-lambda", "s3express"].contains(&signing_name)
}

fn canonical_request(request: &HttpRequest, url: &Url, s3: bool) -> Canonical {
    let payload = match request.headers.get("x-amz-content-sha256") {
        Some(hash) => hash.to_owned(),
        None => hex(digest::digest(&digest::SHA256, &request.body).as_ref()),
    };
    let headers = signed_headers(&request.headers, url);
    canonical(&request.method, url, url.query(), &headers, &payload, s3)
}

/// The headers that are signed, by lower-cased name with their values in order (a
/// BTreeMap gives the sorted order botocore uses); `host` from the URL when absent.
fn signed_headers(request: &Headers, url: &Url) -> BTreeMap<String, Vec<String>> {
    let mut headers = BTreeMap::<String, Vec<String>>::new();
    for (name, value) in request.iter() {
        let name = name.to_ascii_lowercase();
        if !UNSIGNED_HEADERS.contains(&name.as_str()) {
            headers.entry(name).or_default().push(trim_all(value));
        }
    }
    headers
        .entry("host".to_owned())
        .or_insert_with(|| vec![url.host_header()]);
    headers
}

/// The canonical request of `method` to `url` with this query and these headers.
fn canonical(
    method: &str,
    url: &Url,
    query: Option<&str>,
    headers: &BTreeMap<String, Vec<String>>,
    payload_hash: &str,
    s3: bool,
) -> Canonical {
    let mut text = String::with_capacity(512);
    text.push_str(&method.to_ascii_uppercase());
    text.push('\n');
    if s3 {
        text.push_str(url.path());
    } else {
        text.push_str(&canonical_path(url.path()));
    }
    text.push('\n');
    text.push_str(&canonical_query(query));
    text.push('\n');
    for (name, values) in headers {
        let _ = writeln!(text, "{name}:{}", values.join(","));
    }
    text.push('\n');
    let signed_headers = headers
        .keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(";");
    text.push_str(&signed_headers);
    text.push('\n');
    text.push_str(payload_hash);
    Canonical {
        text,
        signed_headers,
    }
}

/// Trims a header value and folds each run of whitespace into one space.
fn trim_all(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Removes dot and empty segments (RFC 3986 5.2.4 plus AWS's collapsing of `//`),
/// then percent-encodes everything but unreserved characters and `/`.
fn canonical_path(path: &str) -> String {
    if path.is_empty() {
        return "/".to_owned();
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            _ => segments.push(segment),
        }
    }
    let mut normalized = String::with_capacity(path.len() + 1);
    if path.starts_with('/') {
        normalized.push('/');
    }
    normalized.push_str(&segments.join("/"));
    if path.ends_with('/') && !segments.is_empty() {
        normalized.push('/');
    }
    percent_encode(&normalized, b"/~")
}

/// Sorts the `name=value` pairs of a query as written (no re-encoding), as botocore
/// does for a query already in the URL.
fn canonical_query(query: Option<&str>) -> String {
    let Some(query) = query.filter(|q| !q.is_empty()) else {
        return String::new();
    };
    let mut pairs: Vec<(&str, &str)> = query
        .split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .collect();
    pairs.sort_unstable();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes every byte except ASCII letters, digits, `-_.~` and `extra`.
fn percent_encode(text: &str, extra: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    percent::encode_into(&mut out, text, &Safe::UNRESERVED.with_all(extra), false);
    out
}

fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> hmac::Key {
    let step = |key: &[u8], data: &str| {
        hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, key), data.as_bytes())
    };
    let k_date = step(format!("AWS4{secret}").as_bytes(), date);
    let k_region = step(k_date.as_ref(), region);
    let k_service = step(k_region.as_ref(), service);
    let k_signing = step(k_service.as_ref(), "aws4_request");
    hmac::Key::new(hmac::HMAC_SHA256, k_signing.as_ref())
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// `(YYYYMMDDTHHMMSSZ, YYYYMMDD)` of a time, in UTC.
pub fn amz_date(time: SystemTime) -> (String, String) {
    let secs = crate::wire::DateTime::from(time).secs();
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let date = format!("{year:04}{month:02}{day:02}");
    let stamp = format!(
        "{date}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    );
    (stamp, date)
}

/// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    /// The credentials and clock of AWS's published SigV4 test suite.
    const SUITE_KEY: &str = "AKIDEXAMPLE";
    const SUITE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    /// 2015-08-30T12:36:00Z.
    const SUITE_TIME: u64 = 1_440_938_160;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn request(method: &str, url: &str, headers: &[(&str, &str)], body: &str) -> HttpRequest {
        HttpRequest {
            method: method.into(),
            url: url.into(),
            headers: headers.iter().copied().collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    fn authorization(
        mut req: HttpRequest,
        creds: &Credentials,
        region: &str,
        service: &str,
        time: SystemTime,
    ) -> String {
        sign(
            &mut req,
            &SigningParams {
                credentials: creds,
                region,
                service,
                time,
            },
        )
        .unwrap();
        req.headers.get("authorization").unwrap().to_owned()
    }

    fn suite(req: HttpRequest) -> String {
        let creds = Credentials::new(SUITE_KEY, SUITE_SECRET, None);
        authorization(req, &creds, "us-east-1", "service", at(SUITE_TIME))
    }

    fn expected(signed: &str, signature: &str) -> String {
        format!(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders={signed}, Signature={signature}"
        )
    }

    #[test]
    fn aws_test_suite_get_vanilla() {
        let got = suite(request("GET", "https://example.amazonaws.com/", &[], ""));
        assert_eq!(
            got,
            expected(
                "host;x-amz-date",
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
            )
        );
    }

    #[test]
    fn aws_test_suite_post_vanilla() {
        let got = suite(request("POST", "https://example.amazonaws.com/", &[], ""));
        assert_eq!(
            got,
            expected(
                "host;x-amz-date",
                "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
            )
        );
    }

    #[test]
    fn aws_test_suite_get_vanilla_query_order_key_case() {
        let got = suite(request(
            "GET",
            "https://example.amazonaws.com/?Param2=value2&Param1=value1",
            &[],
            "",
        ));
        assert_eq!(
            got,
            expected(
                "host;x-amz-date",
                "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
            )
        );
    }

    #[test]
    fn aws_s3_documentation_get_object_uses_the_content_sha256_header() {
        // Amazon S3 API Reference, "Signature Calculations for the Authorization
        // Header", GET Object example.
        let creds = Credentials::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            None,
        );
        let req = request(
            "GET",
            "https://examplebucket.s3.amazonaws.com/test.txt",
            &[
                ("Range", "bytes=0-9"),
                (
                    "x-amz-content-sha256",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ),
            ],
            "",
        );
        // 2013-05-24T00:00:00Z.
        let got = authorization(req, &creds, "us-east-1", "s3", at(1_369_353_600));
        assert_eq!(
            got,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, \
             SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, \
             Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        );
    }

    /// Computed offline with botocore 1.42.80's `SigV4Auth.add_auth` on an `AWSRequest`
    /// with these headers, body, credentials (with a session token) and clock.
    #[test]
    fn matches_botocore_for_an_awsjson_request_with_a_session_token() {
        let creds = Credentials::new(
            "ASIAEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            Some("IQoJb3JpZ2luX2VjEXAMPLETOKEN".into()),
        );
        let mut req = request(
            "POST",
            "https://devicefarm.us-west-2.amazonaws.com/",
            &[
                ("X-Amz-Target", "DeviceFarm_20150623.GetRemoteAccessSession"),
                ("Content-Type", "application/x-amz-json-1.1"),
                ("User-Agent", "not-signed/1.0"),
            ],
            r#"{"arn": "arn:aws:devicefarm:us-west-2:123456789101:session:EXAMPLE-GUID-123-456"}"#,
        );
        sign(
            &mut req,
            &SigningParams {
                credentials: &creds,
                region: "us-west-2",
                service: "devicefarm",
                time: at(SUITE_TIME),
            },
        )
        .unwrap();
        assert_eq!(req.headers.get("x-amz-date"), Some("20150830T123600Z"));
        assert_eq!(
            req.headers.get("x-amz-security-token"),
            Some("IQoJb3JpZ2luX2VjEXAMPLETOKEN")
        );
        assert_eq!(
            req.headers.get("authorization"),
            Some(BOTOCORE_AUTHORIZATION),
        );
    }

    const BOTOCORE_AUTHORIZATION: &str = "AWS4-HMAC-SHA256 \
        Credential=ASIAEXAMPLE/20150830/us-west-2/devicefarm/aws4_request, \
        SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, \
        Signature=3b251072c0afa6f58488fab5ae285cf5c7af669e6be2a3da83739ef5ca284147";

    #[test]
    fn re_signing_replaces_the_previous_signature() {
        let creds = Credentials::new(SUITE_KEY, SUITE_SECRET, None);
        let mut req = request("GET", "https://example.amazonaws.com/", &[], "");
        let params = SigningParams {
            credentials: &creds,
            region: "us-east-1",
            service: "service",
            time: at(SUITE_TIME),
        };
        sign(&mut req, &params).unwrap();
        sign(&mut req, &params).unwrap();
        assert_eq!(req.headers.len(), 2, "{:?}", req.headers);
        assert!(req
            .headers
            .get("authorization")
            .unwrap()
            .contains("5fa00fa3"));
    }

    #[test]
    fn canonical_form_follows_botocore() {
        let url = Url::parse("http://Host.Example:8080/a/./b/../c//d%2F/?b=2&a=1&a=0").unwrap();
        let headers: Headers = [
            ("Content-Type", "  text/plain   with  spaces "),
            ("X-Multi", "one"),
            ("x-multi", "two"),
            ("Connection", "keep-alive"),
            ("User-Agent", "ignored"),
        ]
        .into_iter()
        .collect();
        let req = HttpRequest {
            method: "post".into(),
            url: url.as_str().into(),
            headers,
            body: Vec::new(),
        };
        let canonical = canonical_request(&req, &url, false);
        assert_eq!(
            canonical.text,
            "POST\n/a/c/d%252F/\na=0&a=1&b=2\n\
             content-type:text/plain with spaces\nhost:host.example:8080\nx-multi:one,two\n\n\
             content-type;host;x-multi\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(canonical_path(""), "/");
        assert_eq!(canonical_path("/"), "/");
        assert_eq!(canonical_path("/.."), "/");
        assert_eq!(canonical_path("/a b/ü"), "/a%20b/%C3%BC");
    }

    #[test]
    fn amz_dates_are_utc_civil_dates() {
        assert_eq!(
            amz_date(at(SUITE_TIME)),
            ("20150830T123600Z".into(), "20150830".into())
        );
        assert_eq!(amz_date(at(0)).0, "19700101T000000Z");
        // 2024-02-29T23:59:59Z, a leap day.
        assert_eq!(amz_date(at(1_709_251_199)).0, "20240229T235959Z");
        assert_eq!(amz_date(at(4_102_444_800)).0, "21000101T000000Z");
    }

    #[test]
    fn rejects_urls_it_cannot_sign() {
        let creds = Credentials::new(SUITE_KEY, SUITE_SECRET, None);
        let mut req = request("GET", "not a url", &[], "");
        let params = SigningParams {
            credentials: &creds,
            region: "us-east-1",
            service: "service",
            time: at(SUITE_TIME),
        };
        assert!(sign(&mut req, &params).is_err());
    }
}
