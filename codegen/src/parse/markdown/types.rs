//! Reads the `Type:` line of an entry into a [`TypeRef`].
//!
//! The reference spells types in a small English grammar:
//! `String`, `Long`, `Timestamp`, `Base64-encoded binary data object`, `JSON value`,
//! `[CPU](API_CPU.md) object`, `Array of strings`, `Array of [Session](API_Session.md)
//! objects`, `String to string map`, `String to array of strings map`. Links to data type
//! pages give the real shape names.

use crate::ir::{TypeRef, Width};

/// Reads a type expression written with links as `[text](dest)`. `None` when the
/// expression is not one the reference uses.
pub fn parse_type(text: &str) -> Option<TypeRef> {
    let text = text.trim();
    if let Some(map) = text.strip_suffix(" map") {
        let (key, value) = map.split_once(" to ")?;
        return Some(TypeRef::Map {
            key: Box::new(singular(key)?),
            value: Box::new(singular(value).or_else(|| plural(value))?),
        });
    }
    singular(text)
}

/// `String`, `Long`, `[X](API_X.md) object`, `Array of ...`.
fn singular(text: &str) -> Option<TypeRef> {
    let text = text.trim();
    if let Some(rest) = strip_prefix_ignore_case(text, "array of ") {
        return list_of(rest, 1);
    }
    if let Some(linked) = text.strip_suffix(" object").and_then(named) {
        return Some(linked);
    }
    scalar(&text.to_ascii_lowercase())
}

/// Lists nest no deeper than this (the published pages, two levels at most): deeper
/// types are not read, and no later pass walks a type deeper than this.
const MAX_LIST_DEPTH: usize = 32;

/// `depth` lists around the items `items` names: `arrays of strings` at depth 1 is a
/// list of lists of strings. Read in a loop, so no page can exhaust the stack here.
fn list_of(items: &str, depth: usize) -> Option<TypeRef> {
    let mut depth = depth;
    let mut items = items.trim();
    while let Some(rest) = strip_prefix_ignore_case(items, "arrays of ") {
        depth += 1;
        items = rest.trim();
    }
    if depth > MAX_LIST_DEPTH {
        return None;
    }
    let mut target = plural(items)?;
    for _ in 0..depth {
        target = TypeRef::List {
            member: Box::new(target),
        };
    }
    Some(target)
}

/// `strings`, `Longs`, `[X](API_X.md) objects`, `arrays of strings`.
fn plural(text: &str) -> Option<TypeRef> {
    let text = text.trim();
    if let Some(rest) = strip_prefix_ignore_case(text, "arrays of ") {
        return list_of(rest, 1);
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
        for _ in 0..MAX_LIST_DEPTH {
            expected = list(expected);
        }
        assert_eq!(nested(MAX_LIST_DEPTH), Some(expected));
        assert_eq!(nested(MAX_LIST_DEPTH + 1), None);
        assert_eq!(nested(50_000), None);
    }
}
