//! The per-member calls generated glue is made of (`schema::read_some`, `set`,
//! `optional`, `write_members`), on a structure glued as the generator glues one,
//! through the JSON codec.

use sdk_runtime::codec::json::{self, JsonOptions};
use sdk_runtime::schema::{
    self, prelude, Location, Member, MemberTraits, MemberWriter, ReadError, ReadValue, Schema,
    ShapeKind, ShapeTraits, ValueReader, WriteError, WriteStruct, WriteValue,
};

const fn member(name: &'static str, target: &'static Schema) -> Member {
    Member {
        name,
        target,
        location: Location::Body,
        traits: MemberTraits::NONE,
    }
}

static TRIPLE: Schema = Schema {
    name: "Triple",
    kind: ShapeKind::Structure,
    members: &[
        member("Id", &prelude::STRING),
        member("Count", &prelude::LONG),
        member("Note", &prelude::STRING),
    ],
    traits: ShapeTraits::NONE,
};

/// `Id` required, the others optional, as the generator glues such a structure.
#[derive(Debug, PartialEq)]
struct Triple {
    id: String,
    count: Option<i64>,
    note: Option<String>,
}

impl WriteStruct for Triple {
    fn schema(&self) -> &'static Schema {
        &TRIPLE
    }

    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        schema::write_members(
            w,
            &[
                schema::set(&self.id),
                schema::optional(&self.count),
                schema::optional(&self.note),
            ],
        )
    }
}

impl WriteValue for Triple {
    fn write_value(&self, w: &mut dyn sdk_runtime::schema::ValueWriter) -> Result<(), WriteError> {
        w.structure(self)
    }
}

impl ReadValue for Triple {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let (mut m0, mut m1, mut m2) = (None, None, None);
        r.structure(&TRIPLE, &mut |index, r| match index {
            0 => schema::read_some(r, &mut m0),
            1 => schema::read_some(r, &mut m1),
            2 => schema::read_some(r, &mut m2),
            _ => Ok(()),
        })?;
        Ok(Self {
            id: m0.unwrap_or_default(),
            count: m1,
            note: m2,
        })
    }
}

fn write(value: &Triple) -> String {
    String::from_utf8(json::write_struct(value, JsonOptions::default()).unwrap()).unwrap()
}

fn read(body: &str) -> Result<Triple, ReadError> {
    json::read_body(body.as_bytes(), false, |r| Triple::read_value(r))
}

#[test]
fn set_members_are_written_in_schema_order_and_unset_ones_left_out() {
    let full = Triple {
        id: "a".into(),
        count: Some(3),
        note: Some("n".into()),
    };
    assert_eq!(write(&full), r#"{"Id": "a", "Count": 3, "Note": "n"}"#);
    let sparse = Triple {
        id: String::new(),
        count: None,
        note: Some("n".into()),
    };
    assert_eq!(write(&sparse), r#"{"Id": "", "Note": "n"}"#);
}

#[test]
fn members_read_into_their_slots_and_a_bad_one_fails_the_read() {
    let read_back = read(r#"{"Note": "n", "Other": [1], "Count": 7}"#).unwrap();
    assert_eq!(
        read_back,
        Triple {
            id: String::new(),
            count: Some(7),
            note: Some("n".into()),
        }
    );
    assert!(read(r#"{"Count": "seven"}"#).is_err());
}

/// A writer that refuses member 1: the members after it are not written.
#[test]
fn writing_stops_at_the_first_error() {
    struct Refusing(Vec<usize>);
    impl MemberWriter for Refusing {
        fn member(&mut self, index: usize, _value: &dyn WriteValue) -> Result<(), WriteError> {
            if index == 1 {
                return Err(WriteError {
                    member: "Count",
                    reason: "refused".into(),
                });
            }
            self.0.push(index);
            Ok(())
        }
    }
    let mut w = Refusing(Vec::new());
    let value = Triple {
        id: "a".into(),
        count: Some(1),
        note: Some("n".into()),
    };
    assert!(value.write_members(&mut w).is_err());
    assert_eq!(w.0, [0]);
}
