//! A hand-written model with every kind of shape, and the glue a generated crate
//! would emit for it: a static schema per shape, `WriteStruct`/`ReadValue` per
//! structure, union and enum. The types also derive serde as today's generated types
//! do, so the same value can go through the old serde path.

use std::collections::BTreeMap;

use sdk_runtime::schema::{
    prelude, Location, Member, MemberTraits, ReadError, ReadValue, Schema, ShapeKind, ShapeTraits,
    TimestampFormat, ValueReader, ValueWriter, WriteError, WriteStruct, WriteValue,
};
use sdk_runtime::{Blob, DateTime, Document};
use serde::Serialize;

const fn member(name: &'static str, target: &'static Schema) -> Member {
    Member {
        name,
        target,
        location: Location::Body,
        traits: MemberTraits::NONE,
    }
}

const fn shape(name: &'static str, kind: ShapeKind, members: &'static [Member]) -> Schema {
    Schema {
        name,
        kind,
        members,
        traits: ShapeTraits::NONE,
    }
}

pub static COLOR: Schema = shape("Color", ShapeKind::Enum, &[]);
pub static TAGS: Schema = shape(
    "Tags",
    ShapeKind::Map,
    &[
        member("key", &prelude::STRING),
        member("value", &prelude::STRING),
    ],
);
pub static TAGS_LIST: Schema = shape("TagsList", ShapeKind::List, &[member("member", &TAGS)]);
pub static TIMES: Schema = shape(
    "Times",
    ShapeKind::List,
    &[member("member", &prelude::TIMESTAMP)],
);
pub static INNER: Schema = shape(
    "Inner",
    ShapeKind::Structure,
    &[
        member("Name", &prelude::STRING),
        member("Size", &prelude::LONG),
    ],
);
pub static INNER_LIST: Schema = shape("InnerList", ShapeKind::List, &[member("member", &INNER)]);
pub static CHOICE: Schema = shape(
    "Choice",
    ShapeKind::Union,
    &[
        member("S", &prelude::STRING),
        member("N", &prelude::INTEGER),
        member("B", &prelude::BLOB),
    ],
);

pub static EVERYTHING: Schema = shape(
    "Everything",
    ShapeKind::Structure,
    &[
        member("Flag", &prelude::BOOLEAN),
        member("Byte", &prelude::BYTE),
        member("Short", &prelude::SHORT),
        member("Int", &prelude::INTEGER),
        member("Long", &prelude::LONG),
        member("F32", &prelude::FLOAT),
        member("F64", &prelude::DOUBLE),
        Member {
            traits: MemberTraits {
                json_name: Some("text"),
                ..MemberTraits::NONE
            },
            ..member("Text", &prelude::STRING)
        },
        member("Color", &COLOR),
        member("Data", &prelude::BLOB),
        member("When", &prelude::TIMESTAMP),
        Member {
            traits: MemberTraits {
                timestamp_format: Some(TimestampFormat::DateTime),
                ..MemberTraits::NONE
            },
            ..member("WhenIso", &prelude::TIMESTAMP)
        },
        Member {
            traits: MemberTraits {
                timestamp_format: Some(TimestampFormat::HttpDate),
                ..MemberTraits::NONE
            },
            ..member("WhenHttp", &prelude::TIMESTAMP)
        },
        member("Doc", &prelude::DOCUMENT),
        member("Inner", &INNER),
        member("Items", &INNER_LIST),
        member("Maps", &TAGS_LIST),
        member("Choice", &CHOICE),
        member("Times", &TIMES),
        Member {
            traits: MemberTraits {
                idempotency_token: true,
                ..MemberTraits::NONE
            },
            location: Location::Header("x-token"),
            ..member("Token", &prelude::STRING)
        },
        member("Nested", &EVERYTHING),
    ],
);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Color {
    #[serde(rename = "red")]
    Red,
    #[serde(rename = "dark blue")]
    DarkBlue,
}

impl WriteValue for Color {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        w.string(match self {
            Color::Red => "red",
            Color::DarkBlue => "dark blue",
        })
    }
}

impl ReadValue for Color {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        match r.string()?.as_str() {
            "red" => Ok(Color::Red),
            "dark blue" => Ok(Color::DarkBlue),
            other => Err(ReadError::new(format!("unknown color {other:?}"))),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Inner {
    #[serde(rename = "Name", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "Size", skip_serializing_if = "Option::is_none")]
    pub size: Option<i64>,
}

impl WriteStruct for Inner {
    fn schema(&self) -> &'static Schema {
        &INNER
    }
    fn write_members(
        &self,
        w: &mut dyn sdk_runtime::schema::MemberWriter,
    ) -> Result<(), WriteError> {
        if let Some(v) = &self.name {
            w.member(0, v)?;
        }
        if let Some(v) = &self.size {
            w.member(1, v)?;
        }
        Ok(())
    }
}

impl WriteValue for Inner {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        w.structure(self)
    }
}

impl ReadValue for Inner {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let mut out = Inner::default();
        r.structure(&INNER, &mut |i, r| {
            match i {
                0 => out.name = Some(ReadValue::read_value(r)?),
                _ => out.size = Some(ReadValue::read_value(r)?),
            }
            Ok(())
        })?;
        Ok(out)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Choice {
    S(String),
    N(i32),
    B(Blob),
}

impl WriteStruct for Choice {
    fn schema(&self) -> &'static Schema {
        &CHOICE
    }
    fn write_members(
        &self,
        w: &mut dyn sdk_runtime::schema::MemberWriter,
    ) -> Result<(), WriteError> {
        match self {
            Choice::S(v) => w.member(0, v),
            Choice::N(v) => w.member(1, v),
            Choice::B(v) => w.member(2, v),
        }
    }
}

impl WriteValue for Choice {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        w.structure(self)
    }
}

impl ReadValue for Choice {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let mut out = None;
        r.structure(&CHOICE, &mut |i, r| {
            if out.is_some() {
                return Err(ReadError::new("union value sets more than one member"));
            }
            out = Some(match i {
                0 => Choice::S(ReadValue::read_value(r)?),
                1 => Choice::N(ReadValue::read_value(r)?),
                _ => Choice::B(ReadValue::read_value(r)?),
            });
            Ok(())
        })?;
        out.ok_or_else(|| ReadError::new("union value has no member set"))
    }
}

macro_rules! everything {
    ($($field:ident: $ty:ty = $name:literal,)*) => {
        #[derive(Clone, Debug, Default, PartialEq, Serialize)]
        pub struct Everything {
            $(
                #[serde(rename = $name, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
        }

        impl WriteStruct for Everything {
            fn schema(&self) -> &'static Schema {
                &EVERYTHING
            }
            fn write_members(
                &self,
                w: &mut dyn sdk_runtime::schema::MemberWriter,
            ) -> Result<(), WriteError> {
                let mut index = 0;
                $(
                    if let Some(v) = &self.$field {
                        w.member(index, v)?;
                    }
                    index += 1;
                )*
                let _ = index;
                Ok(())
            }
        }

        impl ReadValue for Everything {
            fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
                let mut out = Everything::default();
                r.structure(&EVERYTHING, &mut |i, r| {
                    let mut index = 0;
                    $(
                        if i == index {
                            out.$field = Some(ReadValue::read_value(r)?);
                            return Ok(());
                        }
                        index += 1;
                    )*
                    let _ = index;
                    Err(ReadError::new("no such member"))
                })?;
                Ok(out)
            }
        }
    };
}

everything! {
    flag: bool = "Flag",
    byte: i8 = "Byte",
    short: i16 = "Short",
    int: i32 = "Int",
    long: i64 = "Long",
    f32: f32 = "F32",
    f64: f64 = "F64",
    text: String = "Text",
    color: Color = "Color",
    data: Blob = "Data",
    when: DateTime = "When",
    when_iso: DateTime = "WhenIso",
    when_http: DateTime = "WhenHttp",
    doc: Document = "Doc",
    inner: Inner = "Inner",
    items: Vec<Inner> = "Items",
    maps: Vec<BTreeMap<String, String>> = "Maps",
    choice: Choice = "Choice",
    times: Vec<DateTime> = "Times",
    token: String = "Token",
    nested: Box<Everything> = "Nested",
}

impl WriteValue for Everything {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        w.structure(self)
    }
}
