//! Reading awsJson response bodies strictly, and without amplifying them.
//!
//! A success body must be the JSON object of the output: anything else (a list, a
//! string, whitespace where the output has members) is a malformed response, never an
//! output with every member unset. A body of no bytes at all is the one exception: it
//! reads as `{}`, as botocore and the AWS SDKs read it, since services send it for
//! outputs whose members are all unset. An error body is read only for
//! the few members that name the error; everything else in it is skipped unread, so
//! that a large error body costs no more than its bytes.

use serde::de::value::MapDeserializer;
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// Reads the body of a success response as the output `O`.
///
/// A body of no bytes is `{}` (botocore's `_parse_body_as_json` and the AWS SDKs
/// read it so). A body of whitespace only is what operations that answer nothing may
/// send (botocore does not read their bodies); it is accepted only by outputs without
/// members. Anything but a JSON object is refused before it is parsed, since
/// `serde_json` reads a struct from a list too.
pub(crate) fn output_value<O: DeserializeOwned>(body: &[u8]) -> serde_json::Result<O> {
    match body
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        None => O::deserialize(NoPayload {
            no_bytes: body.is_empty(),
        }),
        Some(b'{') => serde_json::from_slice(body),
        Some(_) => Err(de::Error::custom(
            "the body is not the JSON object of the output",
        )),
    }
}

/// The deserializer of a body without a JSON value: `{}` when it has no bytes at all;
/// when it is whitespace, only types without members accept it.
struct NoPayload {
    no_bytes: bool,
}

impl NoPayload {
    fn empty_map<'de, V: Visitor<'de>>(visitor: V) -> serde_json::Result<V::Value> {
        visitor.visit_map(MapDeserializer::new(std::iter::empty::<((), ())>()))
    }

    fn refuse<T>(self) -> serde_json::Result<T> {
        Err(de::Error::custom(
            "the body holds no JSON value where the JSON object of the output was expected",
        ))
    }
}

impl<'de> Deserializer<'de> for NoPayload {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> serde_json::Result<V::Value> {
        if self.no_bytes {
            Self::empty_map(visitor)
        } else {
            self.refuse()
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> serde_json::Result<V::Value> {
        self.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> serde_json::Result<V::Value> {
        if self.no_bytes || fields.is_empty() {
            Self::empty_map(visitor)
        } else {
            self.refuse()
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> serde_json::Result<V::Value> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> serde_json::Result<V::Value> {
        visitor.visit_unit()
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> serde_json::Result<V::Value> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option newtype_struct seq tuple tuple_struct enum identifier
    }
}

/// The members of an error body that name the error, when they are strings.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct ErrorFields {
    /// `__type`.
    pub(crate) type_: Option<String>,
    /// `code`.
    pub(crate) code: Option<String>,
    /// `message`, `Message` or `errorMessage`, the first of them the body has.
    pub(crate) message: Option<String>,
}

/// The naming members of an error body; none when it is not a JSON object.
pub(crate) fn error_fields(body: &[u8]) -> ErrorFields {
    serde_json::from_slice(body).unwrap_or_default()
}

impl<'de> Deserialize<'de> for ErrorFields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ErrorFieldsVisitor)
    }
}

struct ErrorFieldsVisitor;

impl<'de> Visitor<'de> for ErrorFieldsVisitor {
    type Value = ErrorFields;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ErrorFields, A::Error> {
        let mut fields = ErrorFields::default();
        // Messages in order of preference: `message`, `Message`, `errorMessage`.
        let mut messages: [Option<String>; 3] = Default::default();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let slot = match key.as_ref() {
                "__type" => &mut fields.type_,
                "code" => &mut fields.code,
                "message" => &mut messages[0],
                "Message" => &mut messages[1],
                "errorMessage" => &mut messages[2],
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            *slot = map.next_value::<Text>()?.0;
        }
        fields.message = messages.into_iter().flatten().next();
        Ok(fields)
    }
}

/// A member's value when it is a string; any other value is skipped unread.
struct Text(Option<String>);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Text, E> {
        Ok(Text(Some(text.to_owned())))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Text, E> {
        Ok(Text(Some(text)))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Text, E> {
        Ok(Text(None))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Text, E> {
        Ok(Text(None))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Text, E> {
        Ok(Text(None))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Text, E> {
        Ok(Text(None))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
        Ok(Text(None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Text(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Text(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct WithMembers {
        #[serde(rename = "nextToken", default)]
        next_token: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Empty {}

    #[test]
    fn an_output_is_read_only_from_a_json_object() {
        let read = |body: &str| output_value::<WithMembers>(body.as_bytes());
        assert_eq!(
            read(" {\"nextToken\": \"t\"} ")
                .unwrap()
                .next_token
                .as_deref(),
            Some("t")
        );
        assert_eq!(read("{}").unwrap(), WithMembers { next_token: None });
        for body in [
            "  \r\n\t ",
            "[]",
            "[null]",
            "\"x\"",
            "null",
            "1",
            "true",
            "\u{c}{}",
        ] {
            assert!(read(body).is_err(), "{body:?}");
        }
    }

    #[test]
    fn no_bytes_read_as_an_empty_object_and_whitespace_only_without_members() {
        assert_eq!(output_value::<Empty>(b"").unwrap(), Empty {});
        assert_eq!(
            output_value::<serde_json::Value>(b"").unwrap(),
            serde_json::json!({})
        );
        assert_eq!(output_value::<Empty>(b" \n").unwrap(), Empty {});
        assert_eq!(output_value::<Empty>(b"{\"new\": 1}").unwrap(), Empty {});
        output_value::<()>(b"").unwrap();
        output_value::<IgnoredAny>(b"").unwrap();
        for body in ["[]", "\"x\"", "null"] {
            assert!(output_value::<Empty>(body.as_bytes()).is_err(), "{body:?}");
        }
        assert!(output_value::<serde_json::Value>(b" ").is_err());
        let message = output_value::<WithMembers>(b" \r\n")
            .unwrap_err()
            .to_string();
        assert!(message.contains("no JSON value"), "{message}");
        let unset = output_value::<WithMembers>(b"").unwrap();
        assert_eq!(unset.next_token, None);
    }

    #[test]
    fn error_fields_keep_strings_and_skip_the_rest() {
        let fields = error_fields(
            br#"{"items": [1, {"message": "nested"}], "__type": "a#B", "message": 7,
                "Message": "upper", "errorMessage": "third", "code": {"x": "y"}}"#,
        );
        assert_eq!(
            fields,
            ErrorFields {
                type_: Some("a#B".into()),
                code: None,
                message: Some("upper".into()),
            }
        );
        let both = error_fields(br#"{"errorMessage": "third", "message": "first"}"#);
        assert_eq!(both.message.as_deref(), Some("first"));
        assert_eq!(error_fields(b"<html>"), ErrorFields::default());
        assert_eq!(error_fields(b"[\"message\"]"), ErrorFields::default());
    }
}
