//! What botocore's handlers do to members beyond the model, carried as member traits:
//! input ids cut to their last path segment (Route 53's `fix_route53_ids`, a
//! `before-parameter-build` handler), input text sent base64-encoded (EC2's
//! `base64_encode_user_data`) and output strings the service percent-encodes
//! (IAM's policy documents, which `json_decode_policies` unquotes after the call) or
//! url-encodes on request (S3's listings, which `decode_list_object*` unquote when
//! `set_list_objects_encoding_type_url` asked for it) or base64-encodes (EC2's console
//! output, which `decode_console_output` decodes), and keys sent with their MD5 (S3's
//! SSE-C keys, which `sse_md5` encodes).

use super::Text;
use crate::percent::{self, Safe};
use crate::schema::{
    Location, Member, MemberTraits, MemberWriter, OperationSchema, ReadError, Schema, ShapeKind,
    ValueReader, WriteError, WriteStruct, WriteValue,
};
use crate::wire::{ByteStream, DateTime, Document};

/// True when an input member is sent otherwise than given.
pub(super) fn trims(input: &Schema) -> bool {
    input.members.iter().any(|m| sent_otherwise(&m.traits))
}

fn sent_otherwise(traits: &MemberTraits) -> bool {
    traits.last_segment || traits.base64 || traits.quoted_path || traits.key_md5.is_some()
}

/// The input with every `last_segment` member cut to what follows its last `/`, as
/// botocore does (`/hostedzone/Z1` → `Z1`), so an id read from one response can be
/// sent back as it came, every `base64` member encoded, every `quoted_path` member
/// quoted, and every `key_md5` key whose MD5 member the caller left unset encoded with
/// its MD5 written after the caller's members (where botocore's handler adds it to the
/// parameters). Only top-level members, as in botocore.
pub(super) struct LastSegments<'a>(pub(super) &'a dyn WriteStruct);

impl WriteStruct for LastSegments<'_> {
    fn schema(&self) -> &'static Schema {
        self.0.schema()
    }

    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        let schema = self.0.schema();
        let given = if schema.members.iter().any(|m| m.traits.key_md5.is_some()) {
            crate::schema::set_members(self.0)?
        } else {
            Vec::new()
        };
        let mut trim = Trim {
            w,
            schema,
            given,
            md5s: Vec::new(),
        };
        self.0.write_members(&mut trim)?;
        for (index, md5) in std::mem::take(&mut trim.md5s) {
            trim.w.member(index, &md5)?;
        }
        Ok(())
    }
}

struct Trim<'w> {
    w: &'w mut dyn MemberWriter,
    schema: &'static Schema,
    /// The members the caller set, where a `key_md5` member's MD5 may be.
    given: Vec<usize>,
    /// The MD5 members to write after the caller's, by index.
    md5s: Vec<(usize, String)>,
}

impl MemberWriter for Trim<'_> {
    fn member(&mut self, index: usize, value: &dyn WriteValue) -> Result<(), WriteError> {
        let Some(member) = self.schema.members.get(index) else {
            return self.w.member(index, value);
        };
        let traits = member.traits;
        if !sent_otherwise(&traits) {
            return self.w.member(index, value);
        }
        let mut text = Text(None, member.name);
        value.write_value(&mut text)?;
        let mut text = text.0.unwrap_or_default();
        if member.traits.last_segment {
            text = text.rsplit('/').next().unwrap_or_default().to_owned();
        }
        if member.traits.base64 {
            use base64::Engine as _;
            text = base64::engine::general_purpose::STANDARD.encode(text);
        }
        if member.traits.quoted_path {
            text = quote_path(&text);
        }
        if let Some(md5) = traits.key_md5 {
            let at = self.schema.members.iter().position(|m| m.name == md5);
            if let Some(at) = at.filter(|at| !self.given.contains(at)) {
                let key = customer_key(member.name, &text)?;
                text = key.0;
                self.md5s.push((at, key.1));
            }
        }
        self.w.member(index, &text)
    }
}

/// The key `text` base64-encoded and the base64 MD5 of its bytes.
#[cfg(feature = "checksums")]
fn customer_key(_: &'static str, text: &str) -> Result<(String, String), WriteError> {
    let key = crate::s3::CustomerKey::new(text);
    Ok((key.key, key.key_md5))
}

#[cfg(not(feature = "checksums"))]
fn customer_key(member: &'static str, _: &str) -> Result<(String, String), WriteError> {
    Err(WriteError {
        member,
        reason: "its MD5 is computed with sdk-runtime's `checksums` feature, which is off: \
                 give the MD5 too"
            .to_owned(),
    })
}

/// `value` percent-encoded but for letters, digits, `-._~` and `/`, a `?versionId=`
/// suffix kept as it is: boto3's `_quote_source_header` (the suffix is what its
/// `\?versionId=[^\s]+$` finds first, `$` matching before one final newline too).
fn quote_path(value: &str) -> String {
    const PATH: Safe = Safe::UNRESERVED.with_all(b"/");
    // Python's `\s`: what `str.isspace` calls space, which adds U+001C..U+001F.
    let space = |c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c);
    const SUFFIX: &str = "?versionId=";
    let split = value.match_indices(SUFFIX).map(|(at, _)| at).find(|&at| {
        let rest = &value[at + SUFFIX.len()..];
        let rest = rest.strip_suffix('\n').unwrap_or(rest);
        !rest.is_empty() && !rest.chars().any(space)
    });
    let (path, version) = value.split_at(split.unwrap_or(value.len()));
    let mut out = String::with_capacity(value.len() + version.len());
    percent::encode_into(&mut out, path, &PATH, false);
    out.push_str(version);
    out
}

/// True when `output` holds a percent-encoded or base64 string member anywhere (through
/// structures, lists and maps), where the reader must decode it.
pub(super) fn decodes(output: &'static Schema) -> bool {
    holds(output, |m| m.traits.percent_encoded || m.traits.base64)
}

/// When `op`'s output holds url-encoded members: the output member that says whether
/// they are encoded, and the value that says so. That is the output's top-level body
/// member named as the input member with a default value, and its default value (S3's
/// `EncodingType` and `url`).
pub(super) fn url_encoded(op: &OperationSchema) -> Option<(&'static Member, &'static str)> {
    let (name, value) = op
        .input
        .members
        .iter()
        .find_map(|m| Some((m.name, m.traits.default_value?)))?;
    let says = op
        .output
        .members
        .iter()
        .find(|m| m.name == name && m.location == Location::Body)?;
    holds(op.output, |m| m.traits.url_encoded).then_some((says, value))
}

/// True when a member of a structure or union anywhere in `schema` (through lists and
/// maps) passes `test`.
fn holds(schema: &'static Schema, test: fn(&Member) -> bool) -> bool {
    fn walk(
        schema: &'static Schema,
        test: fn(&Member) -> bool,
        seen: &mut Vec<*const Schema>,
    ) -> bool {
        if seen.contains(&(schema as *const Schema)) {
            return false;
        }
        seen.push(schema);
        let structure = matches!(schema.kind, ShapeKind::Structure | ShapeKind::Union);
        schema
            .members
            .iter()
            .any(|m| (structure && test(m)) || walk(m.target, test, seen))
    }
    walk(schema, test, &mut Vec::new())
}

/// A reader that percent-decodes the strings of `percent_encoded` members (and of
/// `url_encoded` ones, `+` as a space, when the response is url-encoded), base64-decodes
/// those of `base64` members, and passes everything else through.
pub(super) struct Decoding<'r> {
    inner: &'r mut dyn ValueReader,
    /// How the value positioned on is decoded.
    decode: Decode,
    /// The response's `url_encoded` members are encoded.
    url: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Decode {
    None,
    /// Python's `unquote`.
    Percent,
    /// Python's `unquote_plus`.
    Plus,
    /// botocore's `decode_console_output`.
    Base64,
}

impl<'r> Decoding<'r> {
    /// Wraps the reader positioned on an output structure; `url` when the response's
    /// `url_encoded` members are encoded.
    pub(super) fn new(inner: &'r mut dyn ValueReader, url: bool) -> Self {
        Self {
            inner,
            decode: Decode::None,
            url,
        }
    }
}

impl ValueReader for Decoding<'_> {
    fn boolean(&mut self) -> Result<bool, ReadError> {
        self.inner.boolean()
    }
    fn integer(&mut self) -> Result<i64, ReadError> {
        self.inner.integer()
    }
    fn float(&mut self) -> Result<f64, ReadError> {
        self.inner.float()
    }
    fn string(&mut self) -> Result<String, ReadError> {
        let text = self.inner.string()?;
        Ok(match self.decode {
            Decode::None => text,
            Decode::Percent => percent_decode(&text),
            Decode::Plus => percent_decode(&text.replace('+', " ")),
            Decode::Base64 => base64_decode(&text).unwrap_or(text),
        })
    }
    fn blob(&mut self) -> Result<Vec<u8>, ReadError> {
        self.inner.blob()
    }
    fn stream(&mut self) -> Result<ByteStream, ReadError> {
        self.inner.stream()
    }
    fn timestamp(&mut self) -> Result<DateTime, ReadError> {
        self.inner.timestamp()
    }
    fn document(&mut self) -> Result<Document, ReadError> {
        self.inner.document()
    }
    fn list(
        &mut self,
        item: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let url = self.url;
        self.inner
            .list(&mut |r: &mut dyn ValueReader| item(&mut Decoding::new(r, url)))
    }
    fn map(
        &mut self,
        entry: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let url = self.url;
        self.inner
            .map(&mut |key, r: &mut dyn ValueReader| entry(key, &mut Decoding::new(r, url)))
    }
    fn structure(
        &mut self,
        schema: &'static Schema,
        member: &mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let url = self.url;
        self.inner
            .structure(schema, &mut |index, r: &mut dyn ValueReader| {
                let decode = match schema.members.get(index).map(|m| m.traits) {
                    Some(traits) if traits.percent_encoded => Decode::Percent,
                    Some(traits) if url && traits.url_encoded => Decode::Plus,
                    Some(traits) if traits.base64 => Decode::Base64,
                    _ => Decode::None,
                };
                member(
                    index,
                    &mut Decoding {
                        inner: r,
                        decode,
                        url,
                    },
                )
            })
    }
}

/// `%XX` escapes decoded as UTF-8 (invalid sequences replaced), `+` kept: Python's
/// `urllib.parse.unquote`, which botocore uses.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        let escaped = (bytes[i] == b'%')
            .then(|| Some((hex(*bytes.get(i + 1)?)?, hex(*bytes.get(i + 2)?)?)))
            .flatten();
        match escaped {
            Some((high, low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `text` base64-decoded as UTF-8 (invalid sequences replaced), as botocore's
/// `decode_console_output` decodes it: Python's non-strict `b64decode` of its Latin-1
/// bytes. `None` where that fails and botocore hands the text over as it came: a
/// character beyond Latin-1, or a last quantum left incomplete.
fn base64_decode(text: &str) -> Option<String> {
    if text.chars().any(|c| c > '\u{ff}') {
        return None;
    }
    let latin1: Vec<u8> = text.chars().map(|c| c as u8).collect();
    let bytes = crate::codec::python_base64::decode(&latin1)?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::{base64_decode, percent_decode};

    /// What Python's `base64.b64decode` makes of the pinned botocore's edge cases.
    #[test]
    fn base64_decodes_as_python_b64decode() {
        let cases = [
            ("YQ==", Some("a")),
            ("Y Q = =\n", Some("a")),
            ("YQ==YQ==", Some("a")),
            ("Y=Q==", Some("a")),
            ("=YQ==", Some("a")),
            ("YR==", Some("a")),
            ("QUJD=QUJD", Some("ABCABC")),
            ("abécd", Some("i\u{fffd}\u{1d}")),
            ("====", Some("")),
            ("YQ", None),
            ("YQ=", None),
            ("YQ=x", None),
            ("Y", None),
            ("aĀ", None),
        ];
        for (text, want) in cases {
            assert_eq!(base64_decode(text).as_deref(), want, "{text:?}");
        }
    }

    #[test]
    fn decodes_as_python_unquote() {
        assert_eq!(
            percent_decode("%7B%22Version%22%3A%20%222012-10-17%22%7D"),
            r#"{"Version": "2012-10-17"}"#
        );
        assert_eq!(percent_decode("a+b%2"), "a+b%2");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        assert_eq!(percent_decode("%C3%A9%FF"), "é\u{fffd}");
    }

    /// What `decode_list_object` does with a key S3 url-encoded (`unquote_plus`).
    #[test]
    fn url_encoded_keys_decode_as_python_unquote_plus() {
        let key = "a+b%2Bc%20d%01%C3%A9";
        assert_eq!(percent_decode(&key.replace('+', " ")), "a b+c d\u{1}é");
    }
}
