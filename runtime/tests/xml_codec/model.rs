//! A small model with every XML trait the reader honours, and a reader that turns
//! whatever it reads into JSON (blobs as base64, timestamps as epoch seconds, floats that
//! JSON cannot hold as their Python names), as the botocore side of the tests prints it.

use base64::Engine as _;
use sdk_runtime::schema::{
    prelude, Location, Member, MemberTraits, ReadError, Schema, ShapeKind, ShapeTraits, ValueReader,
};
use serde_json::{Map, Value};

const fn member(name: &'static str, target: &'static Schema) -> Member {
    Member {
        name,
        target,
        location: Location::Body,
        traits: MemberTraits::NONE,
    }
}

const fn named(name: &'static str, target: &'static Schema, xml: &'static str) -> Member {
    Member {
        name,
        target,
        location: Location::Body,
        traits: MemberTraits {
            xml_name: Some(xml),
            ..MemberTraits::NONE
        },
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

pub static BIG: Schema = shape("BigInteger", ShapeKind::BigInteger, &[]);

/// A structure of scalars, with an attribute.
pub static ITEM: Schema = shape(
    "Item",
    ShapeKind::Structure,
    &[
        member("Name", &prelude::STRING),
        member("Size", &prelude::LONG),
        member("Flag", &prelude::BOOLEAN),
        member("When", &prelude::TIMESTAMP),
        member("Data", &prelude::BLOB),
        member("Ratio", &prelude::DOUBLE),
        member("Big", &BIG),
        Member {
            name: "Kind",
            target: &prelude::STRING,
            location: Location::Body,
            traits: MemberTraits {
                xml_name: Some("xsi:type"),
                xml_attribute: true,
                ..MemberTraits::NONE
            },
        },
    ],
);

/// A wrapped list of items.
pub static ITEMS: Schema = shape("Items", ShapeKind::List, &[member("member", &ITEM)]);

/// A flattened list whose elements are named `Tag` (botocore's models name them so).
pub static TAG_LIST: Schema = Schema {
    name: "TagList",
    kind: ShapeKind::List,
    members: &[named("member", &prelude::STRING, "Tag")],
    traits: ShapeTraits {
        xml_flattened: true,
        ..ShapeTraits::NONE
    },
};

/// A wrapped map with its own key and value names.
pub static ATTRS: Schema = shape(
    "Attrs",
    ShapeKind::Map,
    &[
        named("key", &prelude::STRING, "Name"),
        named("value", &prelude::INTEGER, "Count"),
    ],
);

/// A map whose entries are repeated in place.
pub static FLAT_MAP: Schema = Schema {
    name: "FlatMap",
    kind: ShapeKind::Map,
    members: &[
        member("key", &prelude::STRING),
        member("value", &prelude::STRING),
    ],
    traits: ShapeTraits {
        xml_flattened: true,
        ..ShapeTraits::NONE
    },
};

/// Everything together.
pub static OUTPUT: Schema = shape(
    "Output",
    ShapeKind::Structure,
    &[
        member("Item", &ITEM),
        named("Items", &ITEMS, "ItemSet"),
        member("Tags", &TAG_LIST),
        member("Attrs", &ATTRS),
        named("Pairs", &FLAT_MAP, "Pair"),
    ],
);

/// An error shape with members besides the code and message.
pub static THROTTLED: Schema = shape(
    "Throttled",
    ShapeKind::Structure,
    &[
        member("Message", &prelude::STRING),
        member("RetryAfter", &prelude::INTEGER),
    ],
);

/// What `r` holds, read as `schema`.
pub fn read(r: &mut dyn ValueReader, schema: &'static Schema) -> Result<Value, ReadError> {
    Ok(match schema.kind {
        ShapeKind::Structure | ShapeKind::Union => {
            let mut out = Map::new();
            r.structure(schema, &mut |index, r| {
                let m = &schema.members[index];
                out.insert(m.name.to_owned(), read(r, m.target)?);
                Ok(())
            })?;
            Value::Object(out)
        }
        ShapeKind::List => {
            let mut items = Vec::new();
            let element = schema.members[0].target;
            r.list(&mut |r| {
                items.push(read(r, element)?);
                Ok(())
            })?;
            Value::Array(items)
        }
        ShapeKind::Map => {
            let mut out = Map::new();
            let value = schema.members[1].target;
            r.map(&mut |key, r| {
                out.insert(key, read(r, value)?);
                Ok(())
            })?;
            Value::Object(out)
        }
        ShapeKind::Boolean => Value::Bool(r.boolean()?),
        ShapeKind::Byte
        | ShapeKind::Short
        | ShapeKind::Integer
        | ShapeKind::Long
        | ShapeKind::IntEnum => Value::from(r.integer()?),
        ShapeKind::Float | ShapeKind::Double => float(r.float()?),
        ShapeKind::String | ShapeKind::Enum | ShapeKind::BigInteger | ShapeKind::BigDecimal => {
            Value::String(r.string()?)
        }
        ShapeKind::Blob => {
            Value::String(base64::engine::general_purpose::STANDARD.encode(r.blob()?))
        }
        ShapeKind::Timestamp => {
            let t = r.timestamp()?;
            float(t.secs() as f64 + f64::from(t.subsec_nanos()) / 1e9)
        }
        ShapeKind::Document => serde_json::to_value(r.document()?).expect("a document is JSON"),
    })
}

fn float(value: f64) -> Value {
    match value {
        v if v.is_nan() => Value::from("NaN"),
        v if v == f64::INFINITY => Value::from("Infinity"),
        v if v == f64::NEG_INFINITY => Value::from("-Infinity"),
        v => Value::from(v),
    }
}
