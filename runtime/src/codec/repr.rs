//! Python's `repr` of a float, which is how boto3's JSON writer prints doubles.
//!
//! Both Python and Rust print the shortest digits that read back as the same double,
//! and of several such, the nearest; they differ only when two are equally near (the
//! double lies exactly halfway): Rust takes the larger, Python the even last digit.

use std::io::Write as _;

use crate::wire::Document;

/// Python's `repr` of a finite double (`1.5`, `123.0`, `1e+16`, `1e-07`).
pub(crate) fn f64_repr(value: f64) -> String {
    python_float(shortest_half_even(value))
}

/// Rust's shortest round-trip digits of `value` in scientific form (`2.5e-5`), but
/// where two shortest forms are equally near it, the one with an even last digit:
/// 215881532994.453125 is `2.1588153299445312e11`, where Rust prints `...313e11`.
fn shortest_half_even(value: f64) -> String {
    let shortest = format!("{value:e}");
    let Some((mantissa, exponent)) = shortest.split_once('e') else {
        return shortest;
    };
    let sign = if mantissa.starts_with('-') { "-" } else { "" };
    let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    let last = digits[digits.len() - 1] - b'0';
    if last % 2 == 0 {
        return shortest;
    }
    // An odd last digit: either even neighbour may be as near (9 has one: a carry would
    // make a shorter form, which the shortest digits already are not).
    for other in [last - 1, last + 1].into_iter().filter(|&d| d <= 9) {
        let mut candidate = digits.clone();
        *candidate.last_mut().expect("at least one digit") = b'0' + other;
        let text = scientific(sign, &candidate, exponent);
        if text.parse::<f64>() != Ok(value) {
            continue;
        }
        let mut halfway = if other < last {
            candidate
        } else {
            digits.clone()
        };
        halfway.push(b'5');
        if is_exactly(value, &halfway, exponent) {
            return text;
        }
    }
    shortest
}

/// `sign d.ddd e exponent` from the digits.
fn scientific(sign: &str, digits: &[u8], exponent: &str) -> String {
    let (first, rest) = digits.split_at(1);
    let point = if rest.is_empty() { "" } else { "." };
    format!(
        "{sign}{}{point}{}e{exponent}",
        char::from(first[0]),
        String::from_utf8_lossy(rest)
    )
}

/// True when `value` is exactly `0.digits × 10^(exponent + 1)`, in magnitude.
fn is_exactly(value: f64, digits: &[u8], exponent: &str) -> bool {
    let matches = |precision: usize| {
        let text = format!("{:.*e}", precision, value.abs());
        let Some((mantissa, exp)) = text.split_once('e') else {
            return false;
        };
        let exact: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
        let significant = exact
            .iter()
            .rposition(|&d| d != b'0')
            .map_or(&exact[..0], |end| &exact[..=end]);
        exp == exponent && significant == digits
    };
    // Correctly rounded to the digits' length first (cheap, rules out nearly all);
    // then every digit the double has (at most 767 significant ones).
    matches(digits.len() - 1) && matches(800)
}

/// Python's `repr` of a finite float, from Rust's shortest round-trip digits in
/// scientific form (`-1.25e-10`, `1e16`, `0e0`): positional notation when the decimal
/// exponent is from -5 to 15, with at least one digit after the point; scientific
/// otherwise, with a signed exponent of at least two digits.
pub(crate) fn python_float(scientific: String) -> String {
    let Some((mantissa, exponent)) = scientific.split_once('e') else {
        return scientific;
    };
    let Ok(exponent) = exponent.parse::<i32>() else {
        return scientific;
    };
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    // Where the decimal point goes, counted in digits from the left.
    let point = exponent + 1;
    if !(-4 < point && point <= 16) {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        return format!(
            "{sign}{first}{fraction}e{exponent_sign}{:02}",
            exponent.unsigned_abs()
        );
    }
    let width = digits.len() as i32;
    if point <= 0 {
        let zeros = "0".repeat(point.unsigned_abs() as usize);
        format!("{sign}0.{zeros}{digits}")
    } else if point >= width {
        let zeros = "0".repeat((point - width) as usize);
        format!("{sign}{digits}{zeros}.0")
    } else {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{sign}{whole}.{fraction}")
    }
}

/// The separators of Python's `json.dumps`: between items, and after keys.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Separators {
    pub(crate) item: &'static [u8],
    pub(crate) key: &'static [u8],
}

impl Separators {
    /// The defaults, as boto3 writes bodies: `", "` and `": "`.
    #[cfg(feature = "json")]
    pub(crate) const DUMPS: Self = Self {
        item: b", ",
        key: b": ",
    };
    /// `separators=(',', ':')`, as botocore writes JSON-valued headers.
    #[cfg(feature = "rest")]
    pub(crate) const COMPACT: Self = Self {
        item: b",",
        key: b":",
    };
}

/// botocore's name for a non-finite float (its `_handle_float`); `None` when finite.
/// JSON bodies carry the name as a string, the other places as text.
pub(crate) fn non_finite(value: f64) -> Option<&'static str> {
    if value.is_nan() {
        Some("NaN")
    } else if value == f64::INFINITY {
        Some("Infinity")
    } else if value == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

/// An `f64` as botocore prints it as text (URI, query string, header, XML, form):
/// Python's `str`, the non-finite ones by name.
#[cfg(any(feature = "rest", feature = "xml"))]
pub(crate) fn f64_text(value: f64) -> String {
    non_finite(value).map_or_else(|| f64_repr(value), str::to_owned)
}

/// An `f32` as [`f64_text`] prints an `f64`, from the `f32`'s own shortest digits
/// (what a caller setting `1.1f32` means).
#[cfg(any(feature = "rest", feature = "xml"))]
pub(crate) fn f32_text(value: f32) -> String {
    non_finite(f64::from(value)).map_or_else(|| python_float(format!("{value:e}")), str::to_owned)
}

/// `text` as a JSON string the way Python's `json.dumps` writes it: printable ASCII
/// as is, `\"`, `\\`, the short escapes `\b \f \n \r \t`, and every other character
/// as `\uXXXX` in lowercase hex (a surrogate pair above U+FFFF).
pub(crate) fn write_string(out: &mut Vec<u8>, text: &str) {
    out.reserve(text.len() + 2);
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut plain = 0;
    for (at, c) in text.char_indices() {
        let short: &[u8] = match c {
            '"' => b"\\\"",
            '\\' => b"\\\\",
            '\n' => b"\\n",
            '\r' => b"\\r",
            '\t' => b"\\t",
            '\u{8}' => b"\\b",
            '\u{c}' => b"\\f",
            ' '..='~' => continue,
            _ => b"",
        };
        out.extend_from_slice(&bytes[plain..at]);
        if short.is_empty() {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(out, "\\u{unit:04x}").expect("writing to a Vec cannot fail");
            }
        } else {
            out.extend_from_slice(short);
        }
        plain = at + c.len_utf8();
    }
    out.extend_from_slice(&bytes[plain..]);
    out.push(b'"');
}

/// A document as JSON, as Python's `json.dumps` writes it with `sep`: its escapes
/// ([`write_string`]) and float text ([`f64_repr`]).
pub(crate) fn write_document(out: &mut Vec<u8>, value: &Document, sep: Separators) {
    match value {
        Document::Null => out.extend_from_slice(b"null"),
        Document::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Document::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => write!(out, "{i}").expect("writing to a Vec cannot fail"),
            (None, Some(u), _) => write!(out, "{u}").expect("writing to a Vec cannot fail"),
            (None, None, Some(f)) => match non_finite(f) {
                Some(name) => write_string(out, name),
                None => out.extend_from_slice(f64_repr(f).as_bytes()),
            },
            (None, None, None) => out.extend_from_slice(n.to_string().as_bytes()),
        },
        Document::String(s) => write_string(out, s),
        Document::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.extend_from_slice(sep.item);
                }
                write_document(out, item, sep);
            }
            out.push(b']');
        }
        Document::Object(entries) => {
            out.push(b'{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.extend_from_slice(sep.item);
                }
                write_string(out, key);
                out.extend_from_slice(sep.key);
                write_document(out, item, sep);
            }
            out.push(b'}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::f64_repr;

    #[test]
    fn halfway_doubles_take_the_even_last_digit_as_python_does() {
        // Checked with Python's repr. Each double, whole seconds and 64ths, lies halfway
        // between two shortest forms.
        for (whole, sixty_fourths, python) in [
            (215881532994.0, 29.0, "215881532994.45312"),
            (-215881532995.0, 35.0, "-215881532994.45312"),
            (253402157825.0, 61.0, "253402157825.95312"),
            (132050036225.0, 61.0, "132050036225.95312"),
            (208142569652.0, 57.0, "208142569652.89062"),
        ] {
            let value: f64 = whole + sixty_fourths / 64.0;
            assert_eq!(f64_repr(value), python, "{value:e}");
        }
        // Odd last digits that are nearer than their neighbours stay.
        for (value, python) in [
            (0.3, "0.3"),
            (1.234_567_890_123_456_7, "1.2345678901234567"),
            (5e-324, "5e-324"),
        ] {
            assert_eq!(f64_repr(value), python);
        }
    }
}
