//! Random inputs and outputs for the suites' models, for the differential tests against
//! the pinned botocore: parameters the runtime and botocore both serialize, and
//! responses (rendered as XML by [`response`], a small reference writer) both parse.

use sdk_runtime::schema::{Location, Member, Protocol, Schema, ShapeKind, TimestampFormat};
use sdk_runtime::DateTime;
use serde_json::Number;

use super::model::CaseModel;
use super::ordered::Json;

/// A small deterministic generator (SplitMix64): the same seed, the same cases.
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One of `items`, which must not be empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Where a string goes: what its characters may be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A body (XML text or a form value): anything, markup and line ends included.
    Body,
    /// A URI label or query parameter: anything printable, never empty.
    Uri,
    /// A header value, header name suffix or host label: letters, digits, hyphens.
    Token,
}

/// Pieces strings are made of: markup, escapes, non-ASCII, spaces at the ends.
const BODY_PIECES: &[&str] = &[
    "a", "Zz", "42", " ", "&", "<", ">", "\"", "'", "=", "+", "%", "/", "?", "~", "é", "日本",
    "😀", "\n", "\t", "\r", "&amp;", "]]>", "x y",
];
const URI_PIECES: &[&str] = &[
    "a", "Zz", "42", " ", "&", "=", "+", "%", "/", "?", "~", "é", "日本", "*", ":",
];
const TOKEN_PIECES: &[&str] = &["a", "b", "z", "0", "9", "-", "x1"];

fn string(rng: &mut Rng, place: Place) -> String {
    let pieces = match place {
        Place::Body => BODY_PIECES,
        Place::Uri => URI_PIECES,
        Place::Token => TOKEN_PIECES,
    };
    let min = usize::from(place != Place::Body);
    let len = min + rng.below(6);
    let mut text: String = (0..len).map(|_| *rng.pick(pieces)).collect();
    if place == Place::Token {
        // Never at the ends: no header value is trimmed, no host label is refused.
        text = format!("t{text}0");
    }
    text
}

fn float(value: f64) -> Json {
    Number::from_f64(value).map_or(Json::Null, Json::Number)
}

fn double(rng: &mut Rng) -> f64 {
    let mantissa = rng.below(2_000_001) as f64 - 1_000_000.0;
    match rng.below(5) {
        0 => mantissa,
        1 => mantissa / 1000.0,
        2 => mantissa * 1e20,
        3 => mantissa * 1e-12,
        _ => f64::from_bits(rng.next() >> 2) * if rng.chance(50) { 1.0 } else { -1.0 },
    }
}

/// A timestamp as the suites give one: whole seconds since the epoch, or RFC 3339
/// text with milliseconds.
fn timestamp(rng: &mut Rng) -> Json {
    let secs = rng.below(4_102_444_800) as i64;
    if rng.chance(50) {
        Json::Number(secs.into())
    } else {
        let millis = rng.below(1000) as u32;
        let time = DateTime::from_secs_and_nanos(secs, millis * 1_000_000);
        Json::String(time.to_string())
    }
}

/// Random parameters for the operation's input structure.
pub fn params(rng: &mut Rng, input: &'static Schema) -> Json {
    structure(rng, input, 0, true, true)
}

/// Random members of the operation's output structure: those of the body, the
/// payload and the headers, the parts [`response`] writes.
pub fn output(rng: &mut Rng, output: &'static Schema) -> Json {
    structure(rng, output, 0, true, false)
}

fn structure(rng: &mut Rng, schema: &'static Schema, depth: usize, top: bool, input: bool) -> Json {
    let members: Vec<&Member> = schema
        .members
        .iter()
        .filter(|m| {
            input
                || matches!(
                    m.location,
                    Location::Body
                        | Location::Payload
                        | Location::Header(_)
                        | Location::PrefixHeaders(_)
                )
        })
        // botocore splits a header's list of HTTP dates at every comma, the dates' own
        // too ("Thu, 27 Mar 2014 ..." reads as two timestamps): none in responses.
        .filter(|m| {
            input
                || !matches!(m.location, Location::Header(_))
                || m.target.kind != ShapeKind::List
                || m.target.members[0].target.kind != ShapeKind::Timestamp
        })
        .collect();
    if members.is_empty() {
        return Json::Object(Vec::new());
    }
    if schema.kind == ShapeKind::Union {
        let member = *rng.pick(&members);
        let value = value(rng, member, member.target, depth + 1, top);
        return Json::Object(vec![(member.name.to_owned(), value)]);
    }
    let mut entries = Vec::new();
    for member in members {
        let wanted = member.traits.required
            || member.traits.idempotency_token
            || member.traits.host_label
            || matches!(
                member.location,
                Location::Label(_) | Location::GreedyLabel(_)
            )
            // botocore refuses a response without its payload union (it reads an empty
            // body as a union with no member set).
            || (!input && member.location == Location::Payload)
            || (depth < 4 && rng.chance(70));
        if wanted {
            let value = value(rng, member, member.target, depth + 1, top);
            entries.push((member.name.to_owned(), value));
        }
    }
    Json::Object(entries)
}

fn value(rng: &mut Rng, member: &Member, schema: &'static Schema, depth: usize, top: bool) -> Json {
    let place = match member.location {
        _ if member.traits.host_label => Place::Token,
        Location::Label(_) | Location::GreedyLabel(_) | Location::Query(_) if top => Place::Uri,
        Location::Header(_) | Location::PrefixHeaders(_) | Location::QueryMap if top => {
            Place::Token
        }
        _ => Place::Body,
    };
    if member.traits.idempotency_token {
        return Json::String("00000000-0000-4000-8000-000000000000".into());
    }
    match schema.kind {
        ShapeKind::Boolean => Json::Bool(rng.chance(50)),
        ShapeKind::Byte => Json::Number((rng.below(256) as i64 - 128).into()),
        ShapeKind::Short => Json::Number((rng.below(65536) as i64 - 32768).into()),
        ShapeKind::Integer | ShapeKind::IntEnum => {
            Json::Number((rng.next() as u32 as i32 as i64).into())
        }
        ShapeKind::Long => Json::Number((rng.next() as i64 >> rng.below(60)).into()),
        // An f32 whose shortest text is also the f64's: both sides print the same digits.
        ShapeKind::Float => {
            let value = double(rng) as f32;
            float(value.to_string().parse().unwrap_or(0.0))
        }
        ShapeKind::Double => float(double(rng)),
        ShapeKind::BigInteger | ShapeKind::BigDecimal => Json::String(rng.below(1000).to_string()),
        ShapeKind::String | ShapeKind::Enum | ShapeKind::Blob => Json::String(string(rng, place)),
        ShapeKind::Timestamp => timestamp(rng),
        ShapeKind::Document => Json::Null,
        ShapeKind::List => {
            let item = &schema.members[0];
            // A header never holds an empty list (botocore cannot read one).
            let len = rng.below(4).max(usize::from(place == Place::Token));
            Json::Array(
                (0..len)
                    .map(|_| value(rng, member, item.target, depth + 1, top))
                    .collect(),
            )
        }
        ShapeKind::Map => {
            let value_member = &schema.members[1];
            let mut entries: Vec<(String, Json)> = Vec::new();
            for _ in 0..rng.below(4) {
                let key = string(
                    rng,
                    if place == Place::Body {
                        Place::Uri
                    } else {
                        place
                    },
                );
                if entries.iter().all(|(k, _)| *k != key) {
                    let v = value(rng, member, value_member.target, depth + 1, top);
                    entries.push((key, v));
                }
            }
            Json::Object(entries)
        }
        ShapeKind::Structure | ShapeKind::Union => structure(rng, schema, depth, false, true),
    }
}

/// The case's `response` for `output`: the operation's success status, its header
/// members as headers and the body botocore's models describe, awsQuery's wrapped in
/// `<Name>Result`, ec2Query's beside a request id.
pub fn response(model: &CaseModel, output: &Json) -> Json {
    let op = model.operation;
    let schema = op.output;
    let mut body = String::new();
    match model.service.protocol {
        Protocol::AwsQuery => {
            body.push_str(&format!(
                "<{0}Response xmlns=\"https://example.com/\"><{0}Result>",
                op.name
            ));
            members(&mut body, schema, output);
            body.push_str(&format!(
                "</{0}Result><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></{0}Response>",
                op.name
            ));
        }
        Protocol::Ec2Query => {
            body.push_str(&format!(
                "<{}Response xmlns=\"https://example.com/\">",
                op.name
            ));
            members(&mut body, schema, output);
            body.push_str(&format!("<requestId>rid</requestId></{}Response>", op.name));
        }
        _ => match schema
            .members
            .iter()
            .find(|m| m.location == Location::Payload)
        {
            Some(payload) => match output.get(payload.name) {
                Some(value)
                    if matches!(payload.target.kind, ShapeKind::Structure | ShapeKind::Union) =>
                {
                    let name = payload
                        .traits
                        .xml_name
                        .or(payload.target.traits.xml_name)
                        .unwrap_or(payload.target.name);
                    element(&mut body, name, payload, payload.target, value);
                }
                Some(Json::String(text)) => body.push_str(text),
                _ => {}
            },
            None => {
                let name = schema.traits.xml_name.unwrap_or(schema.name);
                body.push_str(&format!("<{name}>"));
                members(&mut body, schema, output);
                body.push_str(&format!("</{name}>"));
            }
        },
    }
    let status = op.http.map_or(200, |http| http.code);
    message(status, headers(schema, output), body)
}

/// A response as the suites write one.
fn message(status: u16, headers: Vec<(String, Json)>, body: String) -> Json {
    Json::Object(vec![
        ("status_code".into(), Json::Number(status.into())),
        ("headers".into(), Json::Object(headers)),
        ("body".into(), Json::String(body)),
    ])
}

/// The header members of `value`, a structure of `schema`, as headers.
fn headers(schema: &'static Schema, value: &Json) -> Vec<(String, Json)> {
    let mut headers = vec![("Content-Type".into(), Json::String("text/xml".into()))];
    for member in schema.members {
        let Some(value) = value.get(member.name) else {
            continue;
        };
        match member.location {
            Location::Header(name) => {
                let text = match value {
                    Json::Array(items) => {
                        let items: Vec<String> = items
                            .iter()
                            .map(|v| header(member, member.target.members[0].target, v))
                            .collect();
                        items.join(",")
                    }
                    _ => header(member, member.target, value),
                };
                headers.push((name.to_owned(), Json::String(text)));
            }
            Location::PrefixHeaders(prefix) => {
                for (key, v) in value.entries() {
                    let text = header(member, member.target.members[1].target, v);
                    headers.push((format!("{prefix}{key}"), Json::String(text)));
                }
            }
            _ => {}
        }
    }
    headers
}

/// An error response of `error` (whose code is `code`) with `value` for its members:
/// its status (400 unless the shape says), header members as headers, and the body
/// of the protocol, `<ErrorResponse><Error>` or ec2Query's `<Response><Errors><Error>`,
/// with a random `<Message>` unless the shape has a member of that name.
pub fn error_response(
    rng: &mut Rng,
    model: &CaseModel,
    (code, error): (&str, &'static Schema),
    value: &Json,
) -> Json {
    let mut fields = format!("<Code>{}</Code>", escape(code));
    if error
        .members
        .iter()
        .all(|m| m.traits.xml_name.unwrap_or(m.name) != "Message")
    {
        let message = string(rng, Place::Body);
        fields.push_str(&format!("<Message>{}</Message>", escape(&message)));
    }
    members(&mut fields, error, value);
    let body = match model.service.protocol {
        Protocol::Ec2Query => format!(
            "<Response><Errors><Error>{fields}</Error></Errors><RequestID>rid</RequestID></Response>"
        ),
        _ => format!(
            "<ErrorResponse><Error><Type>Sender</Type>{fields}</Error><RequestId>rid</RequestId></ErrorResponse>"
        ),
    };
    let status = error.traits.http_status.unwrap_or(400);
    message(status, headers(error, value), body)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\r', "&#xD;")
}

/// A structure's members (not its attributes) as child elements.
fn members(out: &mut String, schema: &'static Schema, value: &Json) {
    for member in schema.members {
        // Attributes are written with the element; headers and the payload elsewhere.
        if member.traits.xml_attribute || member.location != Location::Body {
            continue;
        }
        let Some(v) = value.get(member.name) else {
            continue;
        };
        let name = member.traits.xml_name.unwrap_or(member.name);
        let target = member.target;
        let flattened = member.traits.xml_flattened || target.traits.xml_flattened;
        match target.kind {
            ShapeKind::List if flattened => {
                let item = &target.members[0];
                let name = item.traits.xml_name.unwrap_or(name);
                for v in v.items() {
                    element(out, name, item, item.target, v);
                }
            }
            ShapeKind::Map if flattened => {
                for (key, v) in v.entries() {
                    out.push_str(&format!("<{name}>"));
                    entry(out, target, key, v);
                    out.push_str(&format!("</{name}>"));
                }
            }
            _ => element(out, name, member, target, v),
        }
    }
}

fn entry(out: &mut String, map: &'static Schema, key: &str, value: &Json) {
    let (k, v) = (&map.members[0], &map.members[1]);
    let key_name = k.traits.xml_name.unwrap_or("key");
    out.push_str(&format!("<{key_name}>{}</{key_name}>", escape(key)));
    element(
        out,
        v.traits.xml_name.unwrap_or("value"),
        v,
        v.target,
        value,
    );
}

fn element(out: &mut String, name: &str, member: &Member, schema: &'static Schema, value: &Json) {
    let mut open = name.to_owned();
    if let Some((prefix, uri)) = member.traits.xml_namespace {
        let attribute = if prefix.is_empty() {
            "xmlns".to_owned()
        } else {
            format!("xmlns:{prefix}")
        };
        open.push_str(&format!(" {attribute}=\"{}\"", escape(uri)));
    }
    if matches!(schema.kind, ShapeKind::Structure | ShapeKind::Union) {
        for m in schema.members.iter().filter(|m| m.traits.xml_attribute) {
            if let Some(v) = value.get(m.name) {
                let attribute = m.traits.xml_name.unwrap_or(m.name);
                let text = scalar(m, m.target, v);
                open.push_str(&format!(" {attribute}=\"{}\"", escape(&text)));
            }
        }
    }
    out.push_str(&format!("<{open}>"));
    match schema.kind {
        ShapeKind::Structure | ShapeKind::Union => members(out, schema, value),
        ShapeKind::List => {
            let item = &schema.members[0];
            let item_name = item.traits.xml_name.unwrap_or("member");
            for v in value.items() {
                element(out, item_name, item, item.target, v);
            }
        }
        ShapeKind::Map => {
            for (key, v) in value.entries() {
                out.push_str("<entry>");
                entry(out, schema, key, v);
                out.push_str("</entry>");
            }
        }
        _ => out.push_str(&escape(&scalar(member, schema, value))),
    }
    out.push_str(&format!("</{name}>"));
}

/// A scalar's text in a header: timestamps as HTTP dates unless the member says
/// otherwise.
fn header(member: &Member, schema: &'static Schema, value: &Json) -> String {
    let format = member
        .traits
        .timestamp_format
        .or(schema.traits.timestamp_format)
        .unwrap_or(TimestampFormat::HttpDate);
    text(schema, value, format)
}

/// A scalar's text in an XML body.
fn scalar(member: &Member, schema: &'static Schema, value: &Json) -> String {
    let format = member
        .traits
        .timestamp_format
        .or(schema.traits.timestamp_format)
        .unwrap_or(TimestampFormat::DateTime);
    text(schema, value, format)
}

fn text(schema: &'static Schema, value: &Json, format: TimestampFormat) -> String {
    match (schema.kind, value) {
        (ShapeKind::Blob, Json::String(text)) => {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD.encode(text)
        }
        (ShapeKind::Timestamp, _) => {
            let time = match value {
                Json::Number(n) => DateTime::from_secs(n.as_i64().unwrap_or_default()),
                Json::String(s) => s.parse().unwrap_or(DateTime::from_secs(0)),
                _ => DateTime::from_secs(0),
            };
            match format {
                TimestampFormat::DateTime => time.to_string(),
                TimestampFormat::HttpDate => sdk_runtime::wire::http_date::format(&time),
                TimestampFormat::EpochSeconds => format!("{}", time.as_secs_f64()),
            }
        }
        (_, Json::String(text)) => text.clone(),
        (_, Json::Bool(b)) => b.to_string(),
        (_, Json::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}
