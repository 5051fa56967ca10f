//! Reads the `Type:` line of an entry into a [`TypeRef`].
//!
//! The reference spells types in a small English grammar:
//! `String`, `Long`, `Timestamp`, `Base64-encoded binary data object`, `JSON value`,
//! `[CPU](API_CPU.md) object`, `Array of strings`, `Array of [Session](API_Session.md)
//! objects`, `String to string map`, `String to array of strings map`, and nested:
//! `Array of string to [AttributeValue](API_AttributeValue.md) object maps`, `String to
//! string to string map map`. Links to data type pages give the real shape names.

use crate::ir::{TypeRef, Width};

/// Reads a type expression written with links as `[text](dest)`. `None` when the
/// expression is not one the reference uses.
pub fn parse_type(text: &str) -> Option<TypeRef> {
    singular(text, 0)
}

/// `String`, `Long`, `[X](API_X.md) object` (older pages leave out ` object`),
/// `Array of ...`, `String to ... map`, inside `depth` lists and maps.
fn singular(text: &str, depth: usize) -> Option<TypeRef> {
    let text = text.trim();
    if let Some(map) = text.strip_suffix(" map") {
        return map_of(map, depth);
    }
    if let Some(rest) = strip_prefix_ignore_case(text, "array of ") {
        return list_of(rest, depth, 1);
    }
    if let Some(linked) = text.strip_suffix(" object").and_then(named) {
        return Some(linked);
    }
    named(text).or_else(|| scalar(&text.to_ascii_lowercase()))
}

/// Lists and maps nest no deeper than this (the published pages, three levels at
/// most): deeper types are not read, and no later pass walks a type deeper than this.
const MAX_DEPTH: usize = 32;

/// `lists` lists, inside `depth` lists and maps, around the items `items` names:
/// `arrays of strings` with `lists` 1 is a list of lists of strings. Nested lists are
/// read in a loop, so no page can exhaust the stack here.
fn list_of(items: &str, depth: usize, lists: usize) -> Option<TypeRef> {
    let mut lists = lists;
    let mut items = items.trim();
    while let Some(rest) = strip_prefix_ignore_case(items, "arrays of ") {
        lists += 1;
        items = rest.trim();
    }
    let depth = depth.checked_add(lists).filter(|d| *d <= MAX_DEPTH)?;
    let mut target = plural(items, depth)?;
    for _ in 0..lists {
        target = TypeRef::List {
            member: Box::new(target),
        };
    }
    Some(target)
}

/// `String to string`, `String to array of string to [X](API_X.md) object maps`: a
/// scalar key, then any value, inside `depth` lists and maps.
fn map_of(text: &str, depth: usize) -> Option<TypeRef> {
    let depth = depth.checked_add(1).filter(|d| *d <= MAX_DEPTH)?;
    let (key, value) = text.split_once(" to ")?;
    let key = scalar(&key.trim().to_ascii_lowercase())?;
    let value = value.trim();
    // Values are singular (`string`, `array of strings`); a plural one is read as such
    // only when it is no singular map or list, so one reading is tried per level.
    let nested = value.ends_with(" map") || strip_prefix_ignore_case(value, "array of ").is_some();
    let value = singular(value, depth).or_else(|| (!nested).then(|| plural(value, depth))?)?;
    Some(TypeRef::Map {
        key: Box::new(key),
        value: Box::new(value),
    })
}

/// `strings`, `Longs`, `[X](API_X.md) objects`, `arrays of strings`, `string to string
/// maps`, inside `depth` lists and maps.
fn plural(text: &str, depth: usize) -> Option<TypeRef> {
    let text = text.trim();
    if let Some(maps) = text.strip_suffix(" maps") {
        return map_of(maps, depth);
    }
    if let Some(rest) = strip_prefix_ignore_case(text, "arrays of ") {
        return list_of(rest, depth, 1);
    }
    if let Some(linked) = text.strip_suffix(" objects") {
        return named(linked)
            .or_else(|| scalar(&format!("{} object", linked.to_ascii_lowercase())));
    }
    let lower = text.to_ascii_lowercase();
    lower
        .strip_suffix('s')
        .and_then(scalar)
        .or_else(|| scalar(&lower))
}

fn scalar(lower: &str) -> Option<TypeRef> {
    Some(match lower {
        "string" => TypeRef::String,
        "boolean" => TypeRef::Boolean,
        "integer" => TypeRef::Integer { width: Width::W32 },
        "long" => TypeRef::Integer { width: Width::W64 },
        "float" => TypeRef::Float { width: Width::W32 },
        "double" => TypeRef::Float { width: Width::W64 },
        "timestamp" => TypeRef::Timestamp,
        "base64-encoded binary data object" | "binary data object" | "blob" => TypeRef::Blob,
        "json value" | "document" => TypeRef::Document,
        _ => return None,
    })
}

/// `[CPU](API_CPU.md)`: the shape name comes from the page the link points to, which
/// is the shape's real name even when the link text is worded differently.
fn named(text: &str) -> Option<TypeRef> {
    let text = text.trim();
    let inner = text.strip_prefix('[')?;
    let (label, dest) = inner.split_once("](")?;
    let dest = dest.strip_suffix(')')?;
    let name = page_name(dest).unwrap_or(label).trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    Some(TypeRef::Named {
        name: name.to_string(),
    })
}

/// `API_CPU.md` (possibly with a `#fragment`) gives `CPU`.
pub fn page_name(dest: &str) -> Option<&str> {
    let file = dest.split('#').next()?.rsplit('/').next()?;
    file.strip_prefix("API_")?.strip_suffix(".md")
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named_ref(name: &str) -> TypeRef {
        TypeRef::Named { name: name.into() }
    }

    fn list(member: TypeRef) -> TypeRef {
        TypeRef::List {
            member: Box::new(member),
        }
    }

    #[test]
    fn scalars_keep_their_width() {
        assert_eq!(
            parse_type("Long"),
            Some(TypeRef::Integer { width: Width::W64 })
        );
        assert_eq!(
            parse_type("Integer"),
            Some(TypeRef::Integer { width: Width::W32 })
        );
        assert_eq!(
            parse_type("Double"),
            Some(TypeRef::Float { width: Width::W64 })
        );
        assert_eq!(
            parse_type("Float"),
            Some(TypeRef::Float { width: Width::W32 })
        );
        assert_eq!(
            parse_type("Base64-encoded binary data object"),
            Some(TypeRef::Blob)
        );
        assert_eq!(parse_type("JSON value"), Some(TypeRef::Document));
    }

    #[test]
    fn links_name_shapes() {
        assert_eq!(
            parse_type("[CPU](API_CPU.md) object"),
            Some(named_ref("CPU"))
        );
        assert_eq!(
            parse_type("Array of [DeviceInstance](API_DeviceInstance.md) objects"),
            Some(list(named_ref("DeviceInstance")))
        );
    }

    #[test]
    fn lists_and_maps_nest() {
        assert_eq!(parse_type("Array of strings"), Some(list(TypeRef::String)));
        assert_eq!(
            parse_type("Array of arrays of Longs"),
            Some(list(list(TypeRef::Integer { width: Width::W64 })))
        );
        assert_eq!(
            parse_type("String to string map"),
            Some(TypeRef::Map {
                key: Box::new(TypeRef::String),
                value: Box::new(TypeRef::String)
            })
        );
        assert_eq!(
            parse_type("String to array of strings map"),
            Some(TypeRef::Map {
                key: Box::new(TypeRef::String),
                value: Box::new(list(TypeRef::String))
            })
        );
        assert_eq!(
            parse_type("String to [Tag](API_Tag.md) object map"),
            Some(TypeRef::Map {
                key: Box::new(TypeRef::String),
                value: Box::new(named_ref("Tag"))
            })
        );
    }

    #[test]
    fn maps_nest_in_lists_and_maps() {
        let map = |value: TypeRef| TypeRef::Map {
            key: Box::new(TypeRef::String),
            value: Box::new(value),
        };
        let value = || named_ref("AttributeValue");
        assert_eq!(
            parse_type("Array of string to [AttributeValue](API_AttributeValue.md) object maps"),
            Some(list(map(value())))
        );
        assert_eq!(
            parse_type("String to string to string map map"),
            Some(map(map(TypeRef::String)))
        );
        assert_eq!(
            parse_type(
                "String to array of string to [AttributeValue](API_AttributeValue.md) object maps map"
            ),
            Some(map(list(map(value()))))
        );
        // Older pages leave out ` object`.
        assert_eq!(
            parse_type("[AttributeValue](API_AttributeValue.md)"),
            Some(value())
        );
        let deep = format!(
            "{}string{}",
            "String to ".repeat(50_000),
            " map".repeat(50_000)
        );
        assert_eq!(parse_type(&deep), None);
        // Each level is read one way: this takes linear, not exponential, time.
        let forked = format!(
            "{}string{}",
            "String to array of ".repeat(30),
            " maps".repeat(30)
        );
        assert_eq!(parse_type(&forked), None);
    }

    #[test]
    fn unknown_words_are_not_guessed() {
        assert_eq!(parse_type("Quaternion"), None);
        assert_eq!(parse_type("Array of"), None);
        assert_eq!(parse_type("[Broken](API_Bro ken.md object"), None);
        assert_eq!(parse_type(""), None);
    }

    #[test]
    fn nesting_is_bounded() {
        let nested = |depth: usize| {
            let text = format!("Array of {}strings", "arrays of ".repeat(depth - 1));
            parse_type(&text)
        };
        let mut expected = TypeRef::String;
        for _ in 0..MAX_DEPTH {
            expected = list(expected);
        }
        assert_eq!(nested(MAX_DEPTH), Some(expected));
        assert_eq!(nested(MAX_DEPTH + 1), None);
        assert_eq!(nested(50_000), None);
    }
}
