//! Types read in place (`ReadValue::unset` + `ReadValue::read_into`, what generated
//! structures with only optional members implement): alone, as list elements and as map
//! values, through the JSON reader, with what `read_value` gives for the others.

use std::collections::BTreeMap;

use sdk_runtime::codec::json;
use sdk_runtime::schema::{
    prelude, Location, Member, MemberTraits, ReadError, ReadValue, Schema, ShapeKind, ShapeTraits,
    ValueReader,
};

static PAIR: Schema = Schema {
    name: "Pair",
    kind: ShapeKind::Structure,
    members: &[
        Member {
            name: "A",
            target: &prelude::STRING,
            location: Location::Body,
            traits: MemberTraits::NONE,
        },
        Member {
            name: "B",
            target: &prelude::LONG,
            location: Location::Body,
            traits: MemberTraits::NONE,
        },
    ],
    traits: ShapeTraits::NONE,
};

/// Reads itself in place only, as generated glue does; no `read_value` of its own.
#[derive(Debug, Default, PartialEq)]
struct Pair {
    a: Option<String>,
    b: Option<i64>,
}

impl ReadValue for Pair {
    fn unset() -> Option<Self> {
        Some(Self::default())
    }

    fn read_into(r: &mut dyn ValueReader, out: &mut Self) -> Result<(), ReadError> {
        r.structure(&PAIR, &mut |index, r| {
            match index {
                0 => out.a = Some(ReadValue::read_value(r)?),
                _ => out.b = Some(ReadValue::read_value(r)?),
            }
            Ok(())
        })
    }
}

fn pair(a: Option<&str>, b: Option<i64>) -> Pair {
    Pair {
        a: a.map(str::to_owned),
        b,
    }
}

fn read<T: ReadValue>(body: &str) -> Result<T, ReadError> {
    json::read_body(body.as_bytes(), false, |r| T::read_value(r))
}

#[test]
fn an_in_place_type_reads_alone_in_lists_and_in_maps() {
    assert_eq!(
        read::<Pair>(r#"{"A": "x", "B": 2, "C": [1]}"#).unwrap(),
        pair(Some("x"), Some(2))
    );
    assert_eq!(
        read::<Vec<Pair>>(r#"[{"A": "x"}, null, {}, {"B": 3, "A": "y"}]"#).unwrap(),
        [
            pair(Some("x"), None),
            Pair::default(),
            pair(Some("y"), Some(3))
        ]
    );
    let map = read::<BTreeMap<String, Pair>>(r#"{"k": {"B": 1}, "j": null, "i": {"A": "z"}}"#);
    assert_eq!(
        map.unwrap(),
        BTreeMap::from([
            ("i".to_owned(), pair(Some("z"), None)),
            ("k".to_owned(), pair(None, Some(1))),
        ])
    );
}

/// A repeated key takes the last value whole, as `BTreeMap::insert` (and botocore's
/// dict) does: nothing of the earlier value is left in it.
#[test]
fn a_repeated_map_key_takes_the_last_value_whole() {
    let map = read::<BTreeMap<String, Pair>>(r#"{"k": {"A": "first", "B": 1}, "k": {"B": 2}}"#);
    assert_eq!(
        map.unwrap(),
        BTreeMap::from([("k".to_owned(), pair(None, Some(2)))])
    );
}

/// An error inside an element read in place is the error of the whole value, with its
/// path, as for any other element.
#[test]
fn an_error_in_an_element_read_in_place_names_its_path() {
    let error = read::<Vec<Pair>>(r#"[{"A": "x"}, {"B": "two"}]"#).unwrap_err();
    assert!(error.reason.contains("[1].B"), "{error}");
    let error = read::<BTreeMap<String, Pair>>(r#"{"k": {"A": 1}}"#).unwrap_err();
    assert!(error.reason.contains("k.A"), "{error}");
}

/// A type with neither its own `read_value` nor an unset value cannot be read: the
/// error says so rather than recursing.
#[test]
fn a_type_without_either_way_of_reading_is_an_error() {
    struct Neither;
    impl ReadValue for Neither {}
    let error = read::<Neither>("{}").err().expect("nothing to read into");
    assert!(error.reason.contains("no unset value"), "{error}");
}
