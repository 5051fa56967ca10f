//! The query form of awsQuery and ec2Query requests, written as boto3 writes it.
//!
//! botocore's `QuerySerializer` (and `EC2Serializer`) flatten the input into a dict of
//! dotted keys (`Tags.member.1.Key`), after `Action` and `Version`; its request then
//! encodes the dict with `urllib.parse.urlencode`: `quote_plus` on each key and value
//! (letters, digits and `_.-~` kept, a space as `+`, every other byte of the UTF-8 as
//! `%XX`), pairs joined by `&` in the order they were first set.

use std::collections::HashMap;

use base64::Engine as _;

use crate::codec::repr::{f32_text, f64_text};
use crate::codec::timestamp::timestamp_text;
use crate::codec::xml::write::location_name;
use crate::percent::{self, Safe};
use crate::schema::{
    EntryWriter, ItemWriter, Member, MemberWriter, Schema, TimestampFormat, ValueWriter,
    WriteError, WriteList, WriteMap, WriteStruct, WriteValue,
};
use crate::wire::{DateTime, Document};

/// Which naming rules the form follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// awsQuery: keys are `locationName`s (else member names); lists are
    /// `Name.member.N` unless flattened (`Name.N`); empty lists are sent as `Name=`.
    Query,
    /// ec2Query: keys are `queryName`s, else capitalised `locationName`s, else
    /// capitalised member names; lists are always `Name.N`; empty lists are not sent.
    Ec2,
}

/// The form body of the operation `action` of API `version` with `input`, encoded.
pub fn write_form(
    action: &str,
    version: &str,
    input: &dyn WriteStruct,
    dialect: Dialect,
) -> Result<Vec<u8>, WriteError> {
    let mut writer = FormWriter {
        pairs: vec![
            ("Action".to_owned(), action.to_owned()),
            ("Version".to_owned(), version.to_owned()),
        ],
        dialect,
        prefix: String::new(),
        member: None,
        shape: input.schema(),
    };
    writer.structure(input)?;
    Ok(encode(&writer.pairs).into_bytes())
}

/// `urlencode` of the pairs; a key set twice keeps its first place and its last value,
/// as a Python dict does.
fn encode(pairs: &[(String, String)]) -> String {
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(pairs.len());
    let mut order: Vec<(&str, &str)> = Vec::with_capacity(pairs.len());
    for (key, value) in pairs {
        match first.get(key.as_str()) {
            Some(&at) => order[at].1 = value,
            None => {
                first.insert(key, order.len());
                order.push((key, value));
            }
        }
    }
    let mut out = String::with_capacity(pairs.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
    for (i, (key, value)) in order.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        quote_plus_into(&mut out, key);
        out.push('=');
        quote_plus_into(&mut out, value);
    }
    out
}

/// Python's `urllib.parse.quote_plus` of UTF-8 text.
fn quote_plus_into(out: &mut String, text: &str) {
    percent::encode_into(out, text, &Safe::UNRESERVED, true);
}

/// Flattens values into dotted keys; the key of the value being written is `prefix`.
struct FormWriter {
    pairs: Vec<(String, String)>,
    dialect: Dialect,
    prefix: String,
    /// The member whose value is being written (`None` for the input).
    member: Option<&'static Member>,
    /// The schema of the value being written.
    shape: &'static Schema,
}

impl FormWriter {
    fn set(&mut self, value: String) -> Result<(), WriteError> {
        self.pairs.push((self.prefix.clone(), value));
        Ok(())
    }

    /// The key part of `member`, else `default`: the member's name (`member_name`) or a
    /// map's `key` / `value` (botocore's `_get_serialized_name`).
    fn serialized_name(
        &self,
        member: &'static Member,
        default: &'static str,
        member_name: bool,
    ) -> String {
        match self.dialect {
            Dialect::Query => location_name(member).unwrap_or(default).to_owned(),
            Dialect::Ec2 => match (member.traits.query_name, location_name(member)) {
                (Some(name), _) => name.to_owned(),
                // A locationName is always capitalised on input for ec2Query; so is a
                // member name (Smithy's rule: botocore leaves it as it is, which is
                // the same for every input member of EC2's model).
                (None, Some(name)) => capitalized(name),
                (None, None) if member_name => capitalized(default),
                (None, None) => default.to_owned(),
            },
        }
    }

    /// Writes `value`, the value of `member`, under the key `prefix`, restoring the
    /// position afterwards.
    fn value_at(
        &mut self,
        prefix: String,
        member: &'static Member,
        value: &dyn WriteValue,
    ) -> Result<(), WriteError> {
        let outer_prefix = std::mem::replace(&mut self.prefix, prefix);
        let outer = (self.member, self.shape);
        (self.member, self.shape) = (Some(member), member.target);
        let result = value.write_value(self);
        (self.member, self.shape) = outer;
        self.prefix = outer_prefix;
        result
    }

    fn nested(&self, index: usize, what: &'static str) -> Result<&'static Member, WriteError> {
        self.shape.members.get(index).ok_or_else(|| WriteError {
            member: self.shape.name,
            reason: format!("a {what} written where the schema has none"),
        })
    }

    fn flattened(&self) -> bool {
        self.member.is_some_and(|m| m.traits.xml_flattened) || self.shape.traits.xml_flattened
    }
}

fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl ValueWriter for FormWriter {
    fn boolean(&mut self, value: bool) -> Result<(), WriteError> {
        self.set(if value { "true" } else { "false" }.to_owned())
    }

    fn integer(&mut self, value: i64) -> Result<(), WriteError> {
        self.set(value.to_string())
    }

    fn float32(&mut self, value: f32) -> Result<(), WriteError> {
        self.set(f32_text(value))
    }

    fn float64(&mut self, value: f64) -> Result<(), WriteError> {
        self.set(f64_text(value))
    }

    fn string(&mut self, value: &str) -> Result<(), WriteError> {
        self.set(value.to_owned())
    }

    fn blob(&mut self, value: &[u8]) -> Result<(), WriteError> {
        self.set(base64::engine::general_purpose::STANDARD.encode(value))
    }

    fn timestamp(&mut self, value: &DateTime) -> Result<(), WriteError> {
        let format = self
            .member
            .and_then(|m| m.traits.timestamp_format)
            .or(self.shape.traits.timestamp_format)
            .unwrap_or(TimestampFormat::DateTime);
        self.set(timestamp_text(value, format))
    }

    fn document(&mut self, _: &Document) -> Result<(), WriteError> {
        Err(WriteError {
            member: self.shape.name,
            reason: "the query protocols have no documents".to_owned(),
        })
    }

    fn list(&mut self, value: &dyn WriteList) -> Result<(), WriteError> {
        let element = self.nested(0, "list")?;
        let list_prefix = match self.dialect {
            Dialect::Ec2 => self.prefix.clone(),
            Dialect::Query => {
                if value.is_empty() {
                    // The query protocol sends an empty list as `Name=`.
                    return self.set(String::new());
                }
                match (self.flattened(), location_name(element)) {
                    // A flattened list's items take the element's name in place of the
                    // list's last key part.
                    (true, Some(name)) => match self.prefix.rsplit_once('.') {
                        Some((parent, _)) => format!("{parent}.{name}"),
                        None => name.to_owned(),
                    },
                    (true, None) => self.prefix.clone(),
                    (false, name) => format!("{}.{}", self.prefix, name.unwrap_or("member")),
                }
            }
        };
        value.write_items(&mut Items {
            w: self,
            prefix: list_prefix,
            element,
            next: 1,
        })
    }

    fn map(&mut self, value: &dyn WriteMap) -> Result<(), WriteError> {
        let key = self.nested(0, "map key")?;
        let entry_value = self.nested(1, "map")?;
        let prefix = if self.flattened() {
            self.prefix.clone()
        } else {
            format!("{}.entry", self.prefix)
        };
        let key_suffix = self.serialized_name(key, "key", false);
        let value_suffix = self.serialized_name(entry_value, "value", false);
        value.write_entries(&mut Entries {
            w: self,
            prefix,
            key,
            value: entry_value,
            key_suffix,
            value_suffix,
            next: 1,
        })
    }

    fn structure(&mut self, value: &dyn WriteStruct) -> Result<(), WriteError> {
        let schema = value.schema();
        value.write_members(&mut Members {
            w: self,
            members: schema.members,
            shape: schema.name,
        })
    }
}

struct Members<'w> {
    w: &'w mut FormWriter,
    members: &'static [Member],
    shape: &'static str,
}

impl MemberWriter for Members<'_> {
    fn member(&mut self, index: usize, value: &dyn WriteValue) -> Result<(), WriteError> {
        let member = self.members.get(index).ok_or_else(|| WriteError {
            member: self.shape,
            reason: format!("no member at index {index}"),
        })?;
        let name = self.w.serialized_name(member, member.name, true);
        let prefix = if self.w.prefix.is_empty() {
            name
        } else {
            format!("{}.{name}", self.w.prefix)
        };
        self.w.value_at(prefix, member, value)
    }
}

struct Items<'w> {
    w: &'w mut FormWriter,
    prefix: String,
    element: &'static Member,
    next: usize,
}

impl ItemWriter for Items<'_> {
    fn item(&mut self, value: &dyn WriteValue) -> Result<(), WriteError> {
        let prefix = format!("{}.{}", self.prefix, self.next);
        self.next += 1;
        self.w.value_at(prefix, self.element, value)
    }
}

struct Entries<'w> {
    w: &'w mut FormWriter,
    prefix: String,
    key: &'static Member,
    value: &'static Member,
    key_suffix: String,
    value_suffix: String,
    next: usize,
}

impl EntryWriter for Entries<'_> {
    fn entry(&mut self, key: &str, value: &dyn WriteValue) -> Result<(), WriteError> {
        let (prefix, i) = (&self.prefix, self.next);
        self.next += 1;
        let key_prefix = format!("{prefix}.{i}.{}", self.key_suffix);
        let value_prefix = format!("{prefix}.{i}.{}", self.value_suffix);
        self.w.value_at(key_prefix, self.key, &key.to_owned())?;
        self.w.value_at(value_prefix, self.value, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_plus_as_python() {
        // urllib.parse.quote_plus("a b+c/d~é*_.-=&")
        let mut out = String::new();
        quote_plus_into(&mut out, "a b+c/d~é*_.-=&");
        assert_eq!(out, "a+b%2Bc%2Fd~%C3%A9%2A_.-%3D%26");
    }

    #[test]
    fn a_key_set_twice_keeps_its_first_place() {
        let pairs = [("A", "1"), ("B", "2"), ("A", "3")].map(|(k, v)| (k.to_owned(), v.to_owned()));
        assert_eq!(encode(&pairs), "A=3&B=2");
    }
}
