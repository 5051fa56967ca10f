//! The one identifier sanitizer: every Rust name the emitters write comes from here.
//!
//! Wire names are split into words once ([`words`]), then joined in the case Rust wants
//! and escaped: keywords become raw identifiers (`r#type`) or, where Rust allows no raw
//! form, get a trailing underscore (`self_`); a leading digit gets a leading underscore
//! (`_1080p`); names that collide with methods the emitters generate get a `_value`
//! suffix. Emitters keep the wire name beside the Rust name, so a renamed member
//! always carries `#[serde(rename = "<wire name>")]`.
//!
//! The output only ever holds ASCII letters, digits and underscores, never starts with a
//! digit and is never empty or a bare `_`, so [`to_ident`] cannot fail.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span};

/// Words of a wire name: `eniIPv6Addresses` → `eni`, `IPv6`, `Addresses`.
///
/// Boundaries are non-alphanumeric characters, a lowercase letter or digit followed by
/// an uppercase letter (`heapSize`, `Ipv6Address`), and the last capital of an acronym
/// that starts a capitalised word (`VPCEConfiguration`). Two common shapes of acronym
/// stay whole: a version suffix (`IPv6`, `TLSv1`) and a plural `s` (`ARNs`, `IDs`).
pub fn words(name: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    for (i, &(pos, c)) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if let Some(s) = start.take() {
                words.push(&name[s..pos]);
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p].1);
        let boundary = match prev {
            Some(p) if p.is_ascii_alphanumeric() && c.is_ascii_uppercase() => {
                !p.is_ascii_uppercase() || starts_capitalised_word(&chars, i)
            }
            _ => false,
        };
        if boundary {
            if let Some(s) = start {
                words.push(&name[s..pos]);
            }
            start = Some(pos);
        } else if start.is_none() {
            start = Some(pos);
        }
    }
    if let Some(s) = start {
        words.push(&name[s..]);
    }
    words
}

/// True when the uppercase letter at `i`, which follows another uppercase letter, starts
/// a capitalised word (`Configuration` in `VPCEConfiguration`) rather than ending an
/// acronym with a version (`IPv6`) or plural (`ARNs`).
fn starts_capitalised_word(chars: &[(usize, char)], i: usize) -> bool {
    let lower_run = chars[i + 1..]
        .iter()
        .take_while(|(_, c)| c.is_ascii_lowercase())
        .count();
    if lower_run == 0 {
        return false;
    }
    let after = chars.get(i + 1 + lower_run).map(|&(_, c)| c);
    let single = lower_run == 1;
    let version = single && after.is_some_and(|c| c.is_ascii_digit());
    let plural = single
        && chars[i + 1].1 == 's'
        && after.is_none_or(|c| c.is_ascii_uppercase() || !c.is_ascii_alphanumeric());
    !(version || plural)
}

/// `VPCEConfiguration` → `vpce_configuration`, without any escaping.
pub fn snake_case(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// `AWS_AD` → `AwsAd`, `ml.m5.large` → `MlM5Large`, without any escaping.
pub fn pascal_case(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| {
            let lower = w.to_ascii_lowercase();
            let mut chars = lower.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// Keywords of Rust 2021 and later, strict and reserved.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Methods of generated structures, and of the traits they implement or users call on
/// them: a setter with one of these names would shadow the method (an inherent `clone`
/// wins over `Clone::clone`), so a member with one of these names gets `_value`.
pub const STRUCT_METHODS: &[&str] = &[
    "new",
    "builder",
    "build",
    "send",
    "clone",
    "clone_from",
    "fmt",
    "eq",
    "ne",
    "hash",
    "default",
    "serialize",
    "deserialize",
    "into",
    "from",
    "try_into",
    "try_from",
    "to_owned",
    "to_string",
    "borrow",
    "as_ref",
    "type_id",
];

/// The variant generated enums keep unknown values in.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// Snake-case name of a structure member: a field and its setter.
pub fn field_name(wire: &str) -> String {
    escape(&snake_base(wire), Case::Snake, STRUCT_METHODS, true)
}

/// Snake-case name of a module or function (never raw, so that it can name a file).
pub fn module_name(wire: &str) -> String {
    escape(&snake_base(wire), Case::Snake, &[], false)
}

/// PascalCase name of a type.
pub fn type_name(wire: &str) -> String {
    escape(&pascal_base(wire), Case::Pascal, &[], false)
}

/// PascalCase name of an enum variant for a value or union member; `*` → `Star`.
pub fn variant_name(wire: &str) -> String {
    escape(&pascal_base(wire), Case::Pascal, &[UNKNOWN_VARIANT], false)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Snake,
    Pascal,
}

fn snake_base(wire: &str) -> String {
    let base = snake_case(wire);
    if base.is_empty() {
        snake_case(&symbol_words(wire))
    } else {
        base
    }
}

fn pascal_base(wire: &str) -> String {
    let base = pascal_case(wire);
    if base.is_empty() {
        symbol_words(wire)
    } else {
        base
    }
}

/// Words for a name with no letters or digits (`*`, `-`, `""`), so that it still gets a
/// readable, distinct name.
fn symbol_words(wire: &str) -> String {
    if wire.is_empty() {
        return "Empty".to_owned();
    }
    wire.chars()
        .map(|c| match c {
            '*' => "Star".to_owned(),
            '+' => "Plus".to_owned(),
            '-' => "Minus".to_owned(),
            '.' => "Dot".to_owned(),
            '/' => "Slash".to_owned(),
            '=' => "Equals".to_owned(),
            '<' => "Lt".to_owned(),
            '>' => "Gt".to_owned(),
            '@' => "At".to_owned(),
            '#' => "Hash".to_owned(),
            '%' => "Percent".to_owned(),
            '&' => "And".to_owned(),
            '!' => "Bang".to_owned(),
            '?' => "Question".to_owned(),
            ':' => "Colon".to_owned(),
            '_' => "Underscore".to_owned(),
            ' ' => "Space".to_owned(),
            other => format!("U{:X}", u32::from(other)),
        })
        .collect()
}

/// Makes a case-converted base a valid, unclaimed identifier.
fn escape(base: &str, case: Case, reserved: &[&str], raw_ok: bool) -> String {
    let name = if base.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{base}")
    } else {
        base.to_owned()
    };
    if reserved.contains(&name.as_str()) {
        return match case {
            Case::Snake => format!("{name}_value"),
            Case::Pascal => format!("{name}Value"),
        };
    }
    if KEYWORDS.contains(&name.as_str()) {
        return if raw_ok && !NOT_RAW.contains(&name.as_str()) {
            format!("r#{name}")
        } else {
            format!("{name}_")
        };
    }
    name
}

/// The identifier for a name made by this module (`r#type` becomes a raw identifier).
pub fn to_ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Hands out names unique within one scope (a module, a struct, an enum): the first
/// claim of a name gets it, later ones get the smallest free numeric suffix. Claims
/// happen in documented order, so the result is deterministic.
#[derive(Debug)]
pub struct Scope {
    taken: BTreeSet<String>,
    separator: &'static str,
}

impl Scope {
    /// A scope of snake-case names: suffixes read `name_2`.
    pub fn snake() -> Self {
        Self {
            taken: BTreeSet::new(),
            separator: "_",
        }
    }

    /// A scope of PascalCase names: suffixes read `Name2`.
    pub fn pascal() -> Self {
        Self {
            taken: BTreeSet::new(),
            separator: "",
        }
    }

    /// Marks names the emitters use themselves.
    pub fn reserve<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        self.taken.extend(names.into_iter().map(str::to_owned));
    }

    /// `name` if free, else `name2`, `name3`, ... (`name_2` in snake-case scopes).
    pub fn claim(&mut self, name: String) -> String {
        let unique = if self.taken.contains(&name) {
            // `self_` + 2 reads `self_2`, not `self__2` (which the case lints reject).
            let stem = name
                .strip_prefix("r#")
                .unwrap_or(&name)
                .trim_end_matches('_');
            (2..)
                .map(|n| format!("{stem}{}{n}", self.separator))
                .find(|candidate| !self.taken.contains(candidate))
                .unwrap_or_default()
        } else {
            name
        };
        self.taken.insert(unique.clone());
        unique
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_acronyms_versions_and_plurals() {
        let cases: &[(&str, &[&str])] = &[
            ("heapSize", &["heap", "Size"]),
            ("VPCEConfiguration", &["VPCE", "Configuration"]),
            ("IPv6Address", &["IPv6", "Address"]),
            ("eniIPv6Addresses", &["eni", "IPv6", "Addresses"]),
            ("EniIpv6Addresses", &["Eni", "Ipv6", "Addresses"]),
            ("vpceConfigurationArns", &["vpce", "Configuration", "Arns"]),
            ("SubnetIDs", &["Subnet", "IDs"]),
            ("ARNsList", &["ARNs", "List"]),
            ("DBInstance", &["DB", "Instance"]),
            ("EC2Instance", &["EC2", "Instance"]),
            ("S3Bucket", &["S3", "Bucket"]),
            ("TLSv1Policy", &["TLSv1", "Policy"]),
            ("AWS_AD", &["AWS", "AD"]),
            ("ml.m5.large", &["ml", "m5", "large"]),
            ("1080p", &["1080p"]),
            ("x-amz-target", &["x", "amz", "target"]),
            ("__type", &["type"]),
            ("*", &[]),
            ("", &[]),
            ("Größe", &["Gr", "e"]),
        ];
        for (name, expected) in cases {
            assert_eq!(&words(name), expected, "words of {name:?}");
        }
    }

    #[test]
    fn case_conversion() {
        let cases = [
            (
                "VPCEConfiguration",
                "vpce_configuration",
                "VpceConfiguration",
            ),
            ("IPv6Address", "ipv6_address", "Ipv6Address"),
            ("eniIPv6Addresses", "eni_ipv6_addresses", "EniIpv6Addresses"),
            ("heapSize", "heap_size", "HeapSize"),
            ("AWS_AD", "aws_ad", "AwsAd"),
            ("ml.m5.large", "ml_m5_large", "MlM5Large"),
            (
                "PENDING_CONCURRENCY",
                "pending_concurrency",
                "PendingConcurrency",
            ),
            (
                "GetRemoteAccessSession",
                "get_remote_access_session",
                "GetRemoteAccessSession",
            ),
            ("1080p", "1080p", "1080p"),
        ];
        for (wire, snake, pascal) in cases {
            assert_eq!(snake_case(wire), snake, "snake of {wire}");
            assert_eq!(pascal_case(wire), pascal, "pascal of {wire}");
        }
    }

    #[test]
    fn field_names_escape_keywords_digits_and_generated_methods() {
        let cases = [
            ("type", "r#type"),
            ("match", "r#match"),
            ("async", "r#async"),
            ("Type", "r#type"),
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("new", "new_value"),
            ("builder", "builder_value"),
            ("send", "send_value"),
            ("Build", "build_value"),
            ("clone", "clone_value"),
            ("fmt", "fmt_value"),
            ("default", "default_value"),
            ("1080p", "_1080p"),
            ("2ndValue", "_2nd_value"),
            ("heapSize", "heap_size"),
            ("_", "underscore"),
            ("", "empty"),
            ("*", "star"),
        ];
        for (wire, rust) in cases {
            assert_eq!(field_name(wire), rust, "field name of {wire:?}");
        }
    }

    #[test]
    fn module_names_are_never_raw() {
        assert_eq!(module_name("Type"), "type_");
        assert_eq!(module_name("Match"), "match_");
        assert_eq!(module_name("GetDevice"), "get_device");
        assert_eq!(module_name("new"), "new");
    }

    #[test]
    fn type_and_variant_names() {
        let cases = [
            ("ml.m5.large", "MlM5Large"),
            ("1080p", "_1080p"),
            ("*", "Star"),
            ("AWS_AD", "AwsAd"),
            ("Self", "Self_"),
            ("self", "Self_"),
            ("type", "Type"),
            ("UNKNOWN", "UnknownValue"),
            ("Unknown", "UnknownValue"),
            ("", "Empty"),
            ("<=", "LtEquals"),
            ("é", "UE9"),
        ];
        for (wire, rust) in cases {
            assert_eq!(variant_name(wire), rust, "variant name of {wire:?}");
        }
        assert_eq!(type_name("Unknown"), "Unknown");
        assert_eq!(type_name("VPCEConfiguration"), "VpceConfiguration");
        assert_eq!(type_name("Self"), "Self_");
    }

    #[test]
    fn scopes_suffix_later_claims_deterministically() {
        let mut scope = Scope::pascal();
        scope.reserve(["Unhandled"]);
        assert_eq!(scope.claim("Unhandled".into()), "Unhandled2");
        assert_eq!(scope.claim("MlM5Large".into()), "MlM5Large");
        assert_eq!(scope.claim("MlM5Large".into()), "MlM5Large2");
        assert_eq!(scope.claim("MlM5Large".into()), "MlM5Large3");
        assert_eq!(scope.claim("_1080p".into()), "_1080p");
        assert_eq!(scope.claim("_1080p".into()), "_1080p2");
        let mut scope = Scope::snake();
        assert_eq!(scope.claim("heap_size".into()), "heap_size");
        assert_eq!(scope.claim("heap_size".into()), "heap_size_2");
        assert_eq!(scope.claim("r#type".into()), "r#type");
        assert_eq!(scope.claim("r#type".into()), "type_2");
        assert_eq!(scope.claim("self_".into()), "self_");
        assert_eq!(scope.claim("self_".into()), "self_2");
        let mut scope = Scope::pascal();
        assert_eq!(scope.claim("Self_".into()), "Self_");
        assert_eq!(scope.claim("Self_".into()), "Self2");
    }

    /// Every output of every sanitizer is a valid identifier, whatever the input: this
    /// is what lets [`to_ident`] construct identifiers without checking.
    #[test]
    fn sanitized_names_are_always_valid_identifiers() {
        let alphabet = [
            "a", "Z", "0", "9", "_", "-", ".", "*", " ", "é", "v", "s", "IP", "type", "self",
            "new", "Unknown", "1080p", "::", "r#",
        ];
        let mut inputs = vec![String::new()];
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    inputs.push(format!("{a}{b}{c}"));
                }
            }
        }
        for input in &inputs {
            for name in [
                field_name(input),
                module_name(input),
                type_name(input),
                variant_name(input),
            ] {
                let parsed = syn::parse_str::<syn::Ident>(&name);
                assert!(parsed.is_ok(), "{input:?} gave invalid identifier {name:?}");
                assert_ne!(name, "_", "{input:?}");
                assert_eq!(to_ident(&name).to_string(), name);
            }
        }
    }
}
