//! Presigned URLs: the signature in the query string rather than in headers, as
//! botocore's `SigV4QueryAuth` and, for S3, `S3SigV4QueryAuth` compute it, so that a
//! URL equals boto3's `generate_presigned_url` for the same request, credentials and
//! clock.
//!
//! The query the request already has is read as `parse_qs` reads it (decoded, the
//! first value of each name kept) and written again percent-encoded, then the
//! authentication parameters follow in botocore's order; `X-Amz-Signature` comes last.
//! S3 signs its payload as `UNSIGNED-PAYLOAD` (the body is not known when the URL is
//! made); other services sign the request's body hash.

use ring::{digest, hmac};

use super::{amz_date, canonical, hex, is_s3, signed_headers, signing_key, SigningParams};
use crate::endpoint::{InvalidUrl, Url};
use crate::http::HttpRequest;

/// The presigned URL of `request`, valid for `expires_in` seconds from the signing
/// time. The request's headers (other than `host`) are signed: whoever uses the URL
/// must send them as they are.
pub fn presign(
    request: &HttpRequest,
    params: &SigningParams<'_>,
    expires_in: u64,
) -> Result<String, InvalidUrl> {
    let url = Url::parse(&request.url)?;
    let (amz_date, date) = amz_date(params.time);
    let scope = format!("{date}/{}/{}/aws4_request", params.region, params.service);
    let headers = signed_headers(&request.headers, &url);
    let signed = headers
        .keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(";");

    let mut query = String::new();
    for (name, value) in operation_params(url.query()) {
        push_pair(&mut query, &name, &value);
    }
    let credential = format!("{}/{scope}", params.credentials.access_key_id());
    let expires = expires_in.to_string();
    let mut auth = vec![
        ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
        ("X-Amz-Credential", credential.as_str()),
        ("X-Amz-Date", amz_date.as_str()),
        ("X-Amz-Expires", expires.as_str()),
        ("X-Amz-SignedHeaders", signed.as_str()),
    ];
    if let Some(token) = params.credentials.session_token() {
        auth.push(("X-Amz-Security-Token", token));
    }
    for (name, value) in auth {
        push_pair(&mut query, name, value);
    }

    let s3 = is_s3(params.service);
    let payload = if s3 {
        "UNSIGNED-PAYLOAD".to_owned()
    } else {
        match request.headers.get("x-amz-content-sha256") {
            Some(hash) => hash.to_owned(),
            None => hex(digest::digest(&digest::SHA256, &request.body).as_ref()),
        }
    };
    let canonical = canonical(&request.method, &url, Some(&query), &headers, &payload, s3);
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
    let base = request.url.split(['?', '#']).next().unwrap_or_default();
    Ok(format!("{base}?{query}&X-Amz-Signature={signature}"))
}

/// The request's own query as Python's `parse_qs(keep_blank_values=True)` reads it,
/// the first value of a repeated name kept, in the order names first appear.
fn operation_params(query: Option<&str>) -> Vec<(String, String)> {
    let mut params: Vec<(String, String)> = Vec::new();
    for pair in query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = unquote_plus(name);
        if !params.iter().any(|(n, _)| *n == name) {
            params.push((name, unquote_plus(value)));
        }
    }
    params
}

/// `+` as a space and `%XX` as its byte; other text as it is.
fn unquote_plus(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex_at = |j: usize| bytes.get(j).and_then(|b| char::from(*b).to_digit(16));
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                if let (Some(high), Some(low)) = (hex_at(i + 1), hex_at(i + 2)) {
                    out.push((high * 16 + low) as u8);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Appends `name=value`, both encoded as botocore's `percent_encode` does (all but
/// letters, digits and `-_.~`), after a `&` unless first.
fn push_pair(query: &mut String, name: &str, value: &str) {
    if !query.is_empty() {
        query.push('&');
    }
    query.push_str(&super::percent_encode(name, b""));
    query.push('=');
    query.push_str(&super::percent_encode(value, b""));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_is_read_as_parse_qs_reads_it() {
        assert_eq!(
            operation_params(Some("acl&versionId=v%201&a=1&a=2&b=x+y")),
            [
                ("acl".to_owned(), String::new()),
                ("versionId".to_owned(), "v 1".to_owned()),
                ("a".to_owned(), "1".to_owned()),
                ("b".to_owned(), "x y".to_owned()),
            ]
        );
        assert_eq!(unquote_plus("%zz%4"), "%zz%4");
    }
}
