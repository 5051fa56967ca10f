//! The `Label: value` lines that follow an entry's docs: `Type:`, `Length Constraints:`,
//! `Pattern:`, `Valid Values:`, `Valid Range:`, `Array Members:`, `Map Entries:`,
//! `Required:`.

use crate::ir::Constraints;

/// An attribute line, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attribute {
    /// `Type: ...`, with links as `[text](dest)`.
    Type(String),
    /// `Length Constraints: Minimum length of 1. Maximum length of 256.`
    Length(Bounds),
    /// `Array Members:` / `Map Entries:` `Minimum number of 1 item.`
    Count(Bounds),
    /// `Valid Range: Minimum value of 0. Maximum value of 100.`
    Range {
        /// As documented.
        min: Option<String>,
        /// As documented.
        max: Option<String>,
    },
    /// `Pattern: `^arn:.+``
    Pattern(String),
    /// `Valid Values: `A | B``
    ValidValues(Vec<String>),
    /// `Required: Yes`
    Required(bool),
    /// Constraints on list items or map keys and values (`Key Pattern:`): understood,
    /// but the model keeps constraints per member only.
    Element,
}

/// Minimum and maximum of a length or count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bounds {
    /// Smallest allowed.
    pub min: Option<u64>,
    /// Largest allowed.
    pub max: Option<u64>,
}

/// Labels that start an attribute line.
const LABELS: &[&str] = &[
    "Type",
    "Length Constraints",
    "Array Members",
    "Map Entries",
    "Valid Range",
    "Pattern",
    "Valid Values",
    "Required",
    "Key Length Constraints",
    "Key Pattern",
    "Value Length Constraints",
    "Value Pattern",
    "Valid Keys",
];

/// True when the line starts with a label this module reads.
pub fn is_attribute(plain: &str) -> bool {
    label_of(plain).is_some()
}

fn label_of(plain: &str) -> Option<(&'static str, &str)> {
    let (label, value) = plain.trim().split_once(':')?;
    // Older pages write some labels in lower case (`Length constraints:`).
    let label = LABELS
        .iter()
        .find(|known| known.eq_ignore_ascii_case(label.trim()))?;
    Some((label, value))
}

/// Reads an attribute line. `plain` is the text without markup, `with_links` keeps links
/// as `[text](dest)`, `code` is the first code span (patterns and values are quoted that
/// way, so their backslashes and pipes are verbatim). `Err` holds what was not understood.
pub fn parse_attribute(
    plain: &str,
    with_links: &str,
    code: Option<&str>,
) -> Result<Attribute, String> {
    let Some((label, value)) = label_of(plain) else {
        return Err(format!("`{}` is not an attribute line", plain.trim()));
    };
    let value = value.trim();
    match label {
        "Type" => {
            let typed = with_links
                .split_once(':')
                .map_or(value, |(_, typed)| typed.trim());
            Ok(Attribute::Type(typed.to_string()))
        }
        "Length Constraints" => bounds(value, "length").map(Attribute::Length),
        "Array Members" | "Map Entries" => bounds(value, "number").map(Attribute::Count),
        "Valid Range" => range(value),
        "Pattern" => Ok(Attribute::Pattern(code.unwrap_or(value).to_string())),
        "Valid Values" => {
            let values: Vec<String> = code
                .unwrap_or(value)
                .split('|')
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect();
            if values.is_empty() {
                Err("`Valid Values:` lists no value".into())
            } else {
                Ok(Attribute::ValidValues(values))
            }
        }
        "Required" => match value.trim_end_matches('.') {
            "Yes" => Ok(Attribute::Required(true)),
            "No" => Ok(Attribute::Required(false)),
            other => Err(format!("`Required:` is `{other}`, expected Yes or No")),
        },
        _ => Ok(Attribute::Element),
    }
}

/// `Minimum length of 1. Maximum length of 1,024.` / `Fixed number of 2 items.`
fn bounds(value: &str, unit: &str) -> Result<Bounds, String> {
    let mut out = Bounds::default();
    for sentence in sentences(value) {
        let words: Vec<&str> = sentence.split_whitespace().collect();
        let parsed = match words.as_slice() {
            [kind, u, "of", n, ..] if *u == unit => number(n).map(|n| (*kind, n)),
            _ => None,
        };
        match parsed {
            Some(("Minimum", n)) => out.min = Some(n),
            Some(("Maximum", n)) => out.max = Some(n),
            Some(("Fixed", n)) => {
                out.min = Some(n);
                out.max = Some(n);
            }
            _ => return Err(format!("cannot read `{sentence}` as a {unit} bound")),
        }
    }
    Ok(out)
}

/// `Minimum value of -1. Maximum value of 1.5.` / `Fixed value of 20.`
fn range(value: &str) -> Result<Attribute, String> {
    let (mut min, mut max) = (None, None);
    for sentence in sentences(value) {
        let words: Vec<&str> = sentence.split_whitespace().collect();
        match words.as_slice() {
            ["Minimum", "value", "of", n] => min = Some(n.replace(',', "")),
            ["Maximum", "value", "of", n] => max = Some(n.replace(',', "")),
            ["Fixed", "value", "of", n] => {
                min = Some(n.replace(',', ""));
                max = min.clone();
            }
            _ => return Err(format!("cannot read `{sentence}` as a value bound")),
        }
    }
    Ok(Attribute::Range { min, max })
}

/// Splits on `. ` and the final `.`, keeping decimal points inside numbers.
fn sentences(value: &str) -> Vec<String> {
    value
        .split(". ")
        .map(|s| s.trim().trim_end_matches('.').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn number(word: &str) -> Option<u64> {
    word.replace(',', "").parse().ok()
}

/// Applies a length or count to constraints.
pub fn apply_bounds(constraints: &mut Constraints, bounds: Bounds) {
    if bounds.min.is_some() {
        constraints.min_length = bounds.min;
    }
    if bounds.max.is_some() {
        constraints.max_length = bounds.max;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_counts_and_ranges() {
        assert_eq!(
            parse_attribute(
                "Length Constraints: Minimum length of 32. Maximum length of 1,011.",
                "",
                None
            ),
            Ok(Attribute::Length(Bounds {
                min: Some(32),
                max: Some(1011)
            }))
        );
        assert_eq!(
            parse_attribute("Array Members: Fixed number of 2 items.", "", None),
            Ok(Attribute::Count(Bounds {
                min: Some(2),
                max: Some(2)
            }))
        );
        assert_eq!(
            parse_attribute(
                "Valid Range: Minimum value of -1.5. Maximum value of 100.",
                "",
                None
            ),
            Ok(Attribute::Range {
                min: Some("-1.5".into()),
                max: Some("100".into())
            })
        );
        assert_eq!(
            parse_attribute(
                "Length constraints: Minimum length of 1. Maximum length of 64.",
                "",
                None
            ),
            Ok(Attribute::Length(Bounds {
                min: Some(1),
                max: Some(64)
            }))
        );
        assert_eq!(
            parse_attribute("Valid Range: Fixed value of 20.", "", None),
            Ok(Attribute::Range {
                min: Some("20".into()),
                max: Some("20".into())
            })
        );
    }

    #[test]
    fn values_and_patterns_come_from_code_spans() {
        assert_eq!(
            parse_attribute("Valid Values: A | B_C", "", Some("A | B_C")),
            Ok(Attribute::ValidValues(vec!["A".into(), "B_C".into()]))
        );
        assert_eq!(
            parse_attribute("Pattern: ^a|b$", "", Some("^a|b$")),
            Ok(Attribute::Pattern("^a|b$".into()))
        );
    }

    #[test]
    fn nonsense_is_reported_not_guessed() {
        assert!(parse_attribute("Required: Maybe", "", None).is_err());
        assert!(parse_attribute("Length Constraints: Quite long.", "", None).is_err());
        assert!(parse_attribute("Valid Values:", "", None).is_err());
        assert!(!is_attribute("Note: this is prose"));
    }
}
