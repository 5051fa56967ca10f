//! Running one case through the runtime's public protocol entry points, and comparing
//! what comes out the way botocore's runner does (`tests/unit/test_protocols.py`).

use sdk_runtime::compression::{compress_request, RequestCompression};
use sdk_runtime::endpoint::Url;
use sdk_runtime::protocol::{read_error, read_response, write_request, ServiceFailure};
use sdk_runtime::schema::{Location, Protocol, ShapeKind};
use serde_json::{Map, Value};

use super::compare::same;
use super::model::CaseModel;
use super::ordered::Json;
use super::values::{self, Params};
use super::xml;

/// The token botocore's suites expect where an idempotency token is filled in; the
/// runtime fills a random one, which the comparison puts back as this.
pub const ZERO_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// A request as the comparisons see it.
pub struct Sent {
    /// HTTP method.
    pub method: String,
    /// Path and query.
    pub uri: String,
    /// Headers in the order written.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// The host prefix.
    pub host_prefix: Option<String>,
}

/// The request the runtime writes for the case's `params`.
pub fn send(model: &CaseModel, case: &Json) -> Result<Sent, String> {
    let op = model.operation;
    let params = case.get("params").unwrap_or(&Json::Null);
    let mut parts = write_request(
        model.service,
        op,
        &Params {
            schema: op.input,
            value: params,
        },
    )
    .map_err(|e| format!("write_request failed: {e}"))?;
    // As the client does after the protocol, with the default settings.
    compress_request(
        &mut parts,
        op.request_compression,
        RequestCompression::default(),
    );
    Ok(Sent {
        method: parts.method.to_string(),
        uri: parts.path.clone(),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect(),
        body: parts.body,
        host_prefix: parts.host_prefix,
    })
}

/// The URL `sent` goes to from the group's endpoint: the endpoint joined with its URI,
/// its host prefix before the host.
pub fn url(sent: &Sent, client_endpoint: Option<&str>) -> Result<String, String> {
    let endpoint = Url::parse(client_endpoint.unwrap_or("https://example.com"))
        .map_err(|e| format!("clientEndpoint: {e}"))?;
    let url = endpoint.join(&sent.uri);
    Ok(match (sent.host_prefix.as_deref(), url.split_once("://")) {
        (Some(prefix), Some((scheme, rest))) => format!("{scheme}://{prefix}{rest}"),
        _ => url,
    })
}

/// Serializes the case's `params` and compares the request with `serialized`.
pub fn input(model: &CaseModel, case: &Json, client_endpoint: Option<&str>) -> Result<(), String> {
    let expected = case.get("serialized").unwrap_or(&Json::Null);
    let mut sent = send(model, case)?;
    if expected.to_value().to_string().contains(ZERO_TOKEN) {
        zero_tokens(&mut sent);
    }

    let mut problems = Vec::new();
    let endpoint = Url::parse(client_endpoint.unwrap_or("https://example.com"))
        .map_err(|e| format!("clientEndpoint: {e}"))?;
    let url = endpoint.join(&sent.uri);
    let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let (authority, path) =
        after_scheme.split_at(after_scheme.find('/').unwrap_or(after_scheme.len()));
    if path != expected.text("uri") {
        problems.push(format!("URI {path:?}, expected {:?}", expected.text("uri")));
    }
    if let Some(host) = expected.get("host").and_then(Json::as_str) {
        let actual = format!("{}{authority}", sent.host_prefix.as_deref().unwrap_or(""));
        if actual != host {
            problems.push(format!("host {actual:?}, expected {host:?}"));
        }
    }
    if let Some(method) = expected.get("method").and_then(Json::as_str) {
        if sent.method != method {
            problems.push(format!("method {}, expected {method}", sent.method));
        }
    }
    if let Some(body) = expected.get("body").and_then(Json::as_str) {
        if let Some(problem) = body_problem(&sent.body, body, "expected") {
            problems.push(problem);
        }
    }
    problems.extend(header_problems(model, expected, &mut sent));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// Puts [`ZERO_TOKEN`] where the request has a random (version 4) UUID.
pub fn zero_tokens(sent: &mut Sent) {
    fn replace(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = String::new();
        let mut i = 0;
        while i < text.len() {
            if i + 36 <= text.len() && text.is_char_boundary(i + 36) && is_uuid(&bytes[i..i + 36]) {
                out.push_str(ZERO_TOKEN);
                i += 36;
            } else {
                let c = text[i..].chars().next().unwrap_or_default();
                out.push(c);
                i += c.len_utf8();
            }
        }
        out
    }
    fn is_uuid(b: &[u8]) -> bool {
        b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
    }
    sent.uri = replace(&sent.uri);
    sent.body = replace(&String::from_utf8_lossy(&sent.body)).into_bytes();
    for (_, value) in &mut sent.headers {
        *value = replace(value);
    }
}

/// JSON bodies compare as parsed values, XML bodies by their canonical text
/// ([`xml::canonical`]); anything else (query forms) byte for byte. `whose` names the
/// expected body in the message (`expected`, `botocore's`).
pub fn body_problem(actual: &[u8], expected: &str, whose: &str) -> Option<String> {
    let shown = || String::from_utf8_lossy(actual).into_owned();
    // As botocore's runner: XML compared canonically when both sides parse.
    if expected.trim_start().starts_with('<') {
        let got = std::str::from_utf8(actual)
            .map_err(|e| e.to_string())
            .and_then(xml::canonical);
        if let (Ok(got), Ok(want)) = (got, xml::canonical(expected)) {
            return (got != want).then(|| format!("XML body {got}, {whose} {want}"));
        }
    }
    match serde_json::from_str::<Value>(expected) {
        Ok(want) => match serde_json::from_slice::<Value>(actual) {
            Ok(got) if same(&got, &want) => None,
            _ => Some(format!("body {:?}, {whose} {expected:?}", shown())),
        },
        Err(_) if actual == expected.as_bytes() => None,
        Err(_) => Some(format!("body {:?}, {whose} {expected:?}", shown())),
    }
}

/// Expected headers present with equal values (names in any case), forbidden ones
/// absent. `requireHeaders` is not checked, as botocore's runner does not: the suites
/// require only `Content-Length`, which the transport sets. As botocore's runner does,
/// list headers compare without the space after commas, and the expected
/// `Content-Type` is adjusted to what botocore sends: none for restXml, none compared
/// for restJson1's other than `application/json` (streaming payloads), and with
/// `; charset=utf-8` for awsQuery and ec2Query.
fn header_problems(model: &CaseModel, expected: &Json, sent: &mut Sent) -> Vec<String> {
    let op = model.operation;
    let mut problems = Vec::new();
    let list_headers: Vec<(&str, bool)> = op
        .input
        .members
        .iter()
        .filter_map(|m| match m.location {
            Location::Header(name) if m.target.kind == ShapeKind::List => Some((
                name,
                m.target.members[0].target.kind == ShapeKind::Timestamp,
            )),
            _ => None,
        })
        .collect();
    let find = |headers: &[(String, String)], name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    for (name, value) in expected
        .get("headers")
        .map(Json::entries)
        .unwrap_or_default()
    {
        let Some(mut want) = value.as_str().map(str::to_owned) else {
            continue;
        };
        if name.eq_ignore_ascii_case("content-type") {
            match model.service.protocol {
                Protocol::RestJson1 if want != "application/json" => continue,
                Protocol::RestXml => continue,
                Protocol::AwsQuery | Protocol::Ec2Query if !want.contains("charset=utf-8") => {
                    want.push_str("; charset=utf-8");
                }
                _ => {}
            }
        }
        let list = list_headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name));
        let mut got = find(&sent.headers, name);
        // Content-Encoding is a list too: botocore appends `,gzip` to it without a space.
        if list.is_some() || name.eq_ignore_ascii_case("content-encoding") {
            want = want.replace(", ", ",");
        }
        if let Some((_, timestamps)) = list {
            if *timestamps {
                got = got.map(|g| g.replace(", ", ","));
            }
        }
        match got {
            Some(got) if got == want => {}
            Some(got) => problems.push(format!("header {name}: {got:?}, expected {want:?}")),
            None => problems.push(format!("header {name} missing, expected {want:?}")),
        }
    }
    for name in expected
        .get("forbidHeaders")
        .map(Json::items)
        .unwrap_or_default()
    {
        let name = name.as_str().unwrap_or_default();
        if let Some(got) = find(&sent.headers, name) {
            problems.push(format!("header {name} is forbidden, sent {got:?}"));
        }
    }
    problems
}

/// The case's `response` as the runtime reads it: the output's members, or the
/// service error it returns.
pub fn receive(
    model: &CaseModel,
    case: &Json,
) -> Result<(Value, Result<(), ServiceFailure>), String> {
    let op = model.operation;
    let response = case.get("response").unwrap_or(&Json::Null);
    let status = status_of(response)?;
    let headers = response_headers(response);
    let body = response.text("body").as_bytes();
    let mut parsed = Value::Null;
    let outcome = read_response(model.service, op, status, &headers, body, &mut |r| {
        parsed = values::read(op.output, r)?;
        Ok(())
    });
    Ok((parsed, outcome))
}

/// The case's `response` as the runtime reads it, as botocore's runner sees it: the
/// output's members, or for an error case the error's members and `Error` (its code
/// and message, when the response has one).
pub fn parsed(model: &CaseModel, case: &Json) -> Result<Value, String> {
    let (parsed, outcome) = receive(model, case)?;
    if case.get("error").is_none() {
        outcome.map_err(|e| format!("read_response failed: {e}"))?;
        return Ok(parsed);
    }
    let raw = match outcome {
        Ok(()) => return Err(format!("read as success: {parsed}")),
        Err(ServiceFailure::Service(raw)) => raw,
        Err(other) => return Err(format!("read_response failed: {other}")),
    };
    let response = case.get("response").unwrap_or(&Json::Null);
    let status = status_of(response)?;
    let headers = response_headers(response);
    let body = response.text("body").as_bytes();
    let code = raw.code().to_owned();
    let mut actual = Map::new();
    if let Some((_, shape)) = model.errors.iter().find(|(c, _)| *c == code) {
        read_error(model.service, shape, status, &headers, body, &mut |r| {
            values::read_members(shape, r, &mut actual)
        })
        .map_err(|e| format!("read_error failed: {e}"))?;
    }
    let mut error = Map::new();
    error.insert("Code".into(), Value::String(code));
    if let Some(message) = raw.meta().message() {
        error.insert("Message".into(), Value::String(message.to_owned()));
    }
    actual.insert("Error".into(), Value::Object(error));
    Ok(Value::Object(actual))
}

/// Parses the case's `response` and compares it with `result`, or with `error` and
/// its code and message.
pub fn output(model: &CaseModel, case: &Json) -> Result<(), String> {
    let mut actual = parsed(model, case)?;
    // botocore's runner expects a message, "" unless the case states one.
    if let Some(Value::Object(error)) = actual.get_mut("Error") {
        error
            .entry("Message")
            .or_insert(Value::String(String::new()));
    }
    let expected = match case.get("error") {
        None => case.get("result").unwrap_or(&Json::Null).to_value(),
        Some(error) => {
            let mut expected = match error.to_value() {
                Value::Object(members) => members,
                _ => Map::new(),
            };
            expected.insert(
                "Error".into(),
                error_value(case.text("errorCode"), case.text("errorMessage")),
            );
            Value::Object(expected)
        }
    };
    if same(&actual, &expected) {
        Ok(())
    } else {
        Err(format!("parsed {actual}, expected {expected}"))
    }
}

fn error_value(code: &str, message: &str) -> Value {
    serde_json::json!({ "Code": code, "Message": message })
}

fn response_headers(response: &Json) -> Vec<(String, String)> {
    response
        .get("headers")
        .map(Json::entries)
        .unwrap_or_default()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
        .collect()
}

fn status_of(response: &Json) -> Result<u16, String> {
    match response.get("status_code") {
        Some(Json::Number(n)) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        _ => None,
    }
    .ok_or_else(|| "response without status_code".to_owned())
}
