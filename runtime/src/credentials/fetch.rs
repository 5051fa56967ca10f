//! What the providers share: bounded HTTP exchanges with credential servers, and
//! reading their JSON without ever repeating a secret in an error.

use std::io::Read;
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::{Credentials, CredentialsError};
use crate::error::quoted;
use crate::http::{HttpRequest, HttpResponse, SharedHttpClient, TransportError};
use crate::wire::document::Map;
use crate::wire::{DateTime, Document};

/// Longest body read from a metadata, container or SSO server: their answers are a
/// few hundred bytes.
pub(crate) const MAX_BODY: usize = 64 * 1024;

/// Why an exchange failed: worth another attempt or not.
pub(crate) enum Failure {
    /// No answer (connection, timeout) or a 5xx.
    Retryable(CredentialsError),
    /// Anything else.
    Final(CredentialsError),
}

impl Failure {
    pub(crate) fn into_error(self) -> CredentialsError {
        match self {
            Failure::Retryable(e) | Failure::Final(e) => e,
        }
    }
}

/// Sends `request` once under `timeout`, reading at most [`MAX_BODY`] bytes. `what`
/// names the server in errors.
pub(crate) async fn send(
    http: &SharedHttpClient,
    request: HttpRequest,
    timeout: Duration,
    what: &str,
) -> Result<HttpResponse, Failure> {
    let sent = tokio::time::timeout(timeout, http.send_limited(request, MAX_BODY)).await;
    match sent {
        Err(_) => Err(Failure::Retryable(CredentialsError::new(format!(
            "{what} did not answer within {timeout:?}"
        )))),
        Ok(Err(e)) => {
            let retryable = e.is_retryable();
            let error = transport(what, e);
            Err(if retryable {
                Failure::Retryable(error)
            } else {
                Failure::Final(error)
            })
        }
        Ok(Ok(response)) if response.status >= 500 => {
            Err(Failure::Retryable(status_error(what, &response)))
        }
        Ok(Ok(response)) => Ok(response),
    }
}

/// Sends requests made by `request` up to `attempts` times while failures are worth
/// another, `pause` apart.
pub(crate) async fn send_with_attempts(
    http: &SharedHttpClient,
    request: impl Fn() -> HttpRequest,
    timeout: Duration,
    attempts: u32,
    pause: Duration,
    what: &str,
) -> Result<HttpResponse, CredentialsError> {
    let mut attempt = 1;
    loop {
        match send(http, request(), timeout, what).await {
            Ok(response) => return Ok(response),
            Err(Failure::Retryable(_)) if attempt < attempts => {
                tokio::time::sleep(pause).await;
                attempt += 1;
            }
            Err(failure) => return Err(failure.into_error()),
        }
    }
}

fn transport(what: &str, error: TransportError) -> CredentialsError {
    CredentialsError::new(format!("{what} could not be reached: {error}")).with_source(error)
}

/// The error of an unexpected status. Error bodies of these servers hold no
/// credentials; a short, escaped excerpt helps tell why.
pub(crate) fn status_error(what: &str, response: &HttpResponse) -> CredentialsError {
    let body = String::from_utf8_lossy(&response.body);
    let body = body.trim();
    let excerpt = if body.is_empty() {
        String::new()
    } else {
        format!(": {}", quoted(body))
    };
    CredentialsError::new(format!("{what} answered HTTP {}{excerpt}", response.status))
}

/// The JSON object of a body. Parse errors name a line and column, never the text.
pub(crate) fn json_object(body: &[u8], what: &str) -> Result<Map, CredentialsError> {
    match Document::from_json(body) {
        Ok(Document::Object(object)) => Ok(object),
        Ok(_) => Err(CredentialsError::new(format!(
            "{what} answered JSON that is not an object"
        ))),
        Err(e) => {
            let before = &body[..e.offset().min(body.len())];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = before.len()
                - before
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |at| at + 1)
                + 1;
            Err(CredentialsError::new(format!(
                "{what} answered malformed JSON (line {line}, column {column})"
            )))
        }
    }
}

/// A string member that must be there; the error names the member, not its value.
pub(crate) fn required(object: &Map, key: &str, what: &str) -> Result<String, CredentialsError> {
    match object.get(key) {
        Some(Document::String(s)) if !s.is_empty() => Ok(s.clone()),
        Some(Document::String(_)) | None | Some(Document::Null) => {
            Err(CredentialsError::new(format!("{what} answered no {key}")))
        }
        Some(_) => Err(CredentialsError::new(format!(
            "{what} answered a {key} that is not a string"
        ))),
    }
}

/// A string member that may be absent.
pub(crate) fn optional(
    object: &Map,
    key: &str,
    what: &str,
) -> Result<Option<String>, CredentialsError> {
    match object.get(key) {
        None | Some(Document::Null) => Ok(None),
        _ => required(object, key, what).map(Some),
    }
}

/// An RFC 3339 expiry, which must still be ahead.
pub(crate) fn expiry(text: &str, what: &str) -> Result<SystemTime, CredentialsError> {
    // The parse error is not attached: it repeats the text, which may be anything.
    let time: DateTime = text.parse().map_err(|e: crate::wire::DateTimeParseError| {
        CredentialsError::new(format!(
            "{what} answered an Expiration that is not a date ({})",
            e.reason()
        ))
    })?;
    let time = SystemTime::try_from(time).map_err(|_| {
        CredentialsError::new(format!("{what} answered an Expiration out of range"))
    })?;
    not_expired(time, what)
}

/// `time`, unless it has passed.
pub(crate) fn not_expired(time: SystemTime, what: &str) -> Result<SystemTime, CredentialsError> {
    if time <= SystemTime::now() {
        return Err(CredentialsError::new(format!(
            "{what} answered credentials that expired at {}",
            DateTime::from(time)
        )));
    }
    Ok(time)
}

/// Credentials in the members the metadata and container servers use: `AccessKeyId`,
/// `SecretAccessKey`, `Token` (or `SessionToken`) and `Expiration`.
pub(crate) fn credentials_json(body: &[u8], what: &str) -> Result<Credentials, CredentialsError> {
    let object = json_object(body, what)?;
    let token = match optional(&object, "Token", what)? {
        Some(token) => Some(token),
        None => optional(&object, "SessionToken", what)?,
    };
    let credentials = Credentials::new(
        required(&object, "AccessKeyId", what)?,
        required(&object, "SecretAccessKey", what)?,
        token,
    );
    Ok(match optional(&object, "Expiration", what)? {
        Some(text) => credentials.with_expiry(expiry(&text, what)?),
        None => credentials,
    })
}

/// A small text file: a token. Only regular files, at most `limit` bytes.
pub(crate) fn read_small_file(
    path: &Path,
    limit: u64,
    what: &str,
) -> Result<String, CredentialsError> {
    let fail = |e: std::io::Error| {
        CredentialsError::new(format!("cannot read {what} {}", path.display())).with_source(e)
    };
    let file = std::fs::File::open(path).map_err(fail)?;
    if !file.metadata().map_err(fail)?.is_file() {
        return Err(CredentialsError::new(format!(
            "{what} {} is not a regular file",
            path.display()
        )));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(fail)?;
    if bytes.len() as u64 > limit {
        return Err(CredentialsError::new(format!(
            "{what} {} is longer than {limit} bytes",
            path.display()
        )));
    }
    String::from_utf8(bytes)
        .map_err(|_| CredentialsError::new(format!("{what} {} is not UTF-8", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    #[test]
    fn errors_about_credential_json_never_repeat_its_values() {
        let cases = [
            format!(r#"{{"AccessKeyId":"ASIA","SecretAccessKey":7,"Token":"{SECRET}"}}"#),
            format!(
                r#"{{"AccessKeyId":"ASIA","SecretAccessKey":"{SECRET}","Expiration":"{SECRET}"}}"#
            ),
            format!(r#"{{"AccessKeyId":["{SECRET}"],"SecretAccessKey":"{SECRET}"}}"#),
            format!(r#"{{"AccessKeyId":"ASIA","SecretAccessKey":"{SECRET}""#),
            format!(r#"["{SECRET}"]"#),
        ];
        for body in cases {
            let error = credentials_json(body.as_bytes(), "the server").unwrap_err();
            for shown in [error.to_string(), format!("{error:?}")] {
                assert!(!shown.contains(SECRET), "{shown}");
                assert!(shown.contains("the server"), "{shown}");
            }
        }
    }

    #[test]
    fn credential_json_reads_the_token_and_a_future_expiry() {
        let body = br#"{"Code":"Success","AccessKeyId":"ASIAX","SecretAccessKey":"s","Token":"t","Expiration":"2999-01-01T00:00:00Z"}"#;
        let credentials = credentials_json(body, "server").unwrap();
        assert_eq!(credentials.session_token(), Some("t"));
        assert!(credentials.expiry().is_some());
        let expired =
            br#"{"AccessKeyId":"ASIAX","SecretAccessKey":"s","Expiration":"2001-01-01T00:00:00Z"}"#;
        let message = credentials_json(expired, "server").unwrap_err().to_string();
        assert!(
            message.contains("expired at 2001-01-01T00:00:00Z"),
            "{message}"
        );
    }
}
