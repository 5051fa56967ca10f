//! Tokens of a JMESPath expression, as `jmespath.lexer` splits them.

use super::Value;
use crate::wire::Document;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    Ident(String),
    Quoted(String),
    Number(i64),
    Literal(Value),
    Dot,
    Star,
    Flatten,
    Filter,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    Colon,
    Pipe,
    Or,
    And,
    Not,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    At,
    Expref,
    Eof,
}

/// The tokens of `text` with their byte offsets, or the offset and reason of the first
/// character that starts none.
pub(super) fn tokens(text: &str) -> Result<Vec<(Tok, usize)>, (usize, String)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let c = bytes[i];
        let two = |next: u8| bytes.get(i + 1) == Some(&next);
        let (tok, len) = match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let end = (i..bytes.len())
                    .find(|&j| !(bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_'))
                    .unwrap_or(bytes.len());
                (Tok::Ident(text[i..end].to_owned()), end - i)
            }
            b'-' | b'0'..=b'9' => {
                let digits = usize::from(c == b'-');
                let end = (i + digits..bytes.len())
                    .find(|&j| !bytes[j].is_ascii_digit())
                    .unwrap_or(bytes.len());
                let number = text[i..end]
                    .parse()
                    .map_err(|_| (start, format!("bad number `{}`", &text[i..end])))?;
                (Tok::Number(number), end - i)
            }
            b'"' => {
                let end = closing(bytes, i, b'"')?;
                let name = match Document::from_json(&text[i..=end]) {
                    Ok(Document::String(name)) => name,
                    Ok(other) => return Err((start, format!("bad quoted identifier: {other}"))),
                    Err(e) => return Err((start, format!("bad quoted identifier: {e}"))),
                };
                (Tok::Quoted(name), end + 1 - i)
            }
            b'\'' => {
                let end = closing(bytes, i, b'\'')?;
                let raw = text[i + 1..end].replace("\\'", "'");
                (Tok::Literal(Value::String(raw)), end + 1 - i)
            }
            b'`' => {
                let end = closing(bytes, i, b'`')?;
                let json = text[i + 1..end].replace("\\`", "`");
                let value = Document::from_json(json.trim())
                    .map_err(|e| (start, format!("bad JSON literal `{}`: {e}", json.trim())))?;
                (Tok::Literal(Value::from_json(&value)), end + 1 - i)
            }
            b'.' => (Tok::Dot, 1),
            b'*' => (Tok::Star, 1),
            b'[' if two(b']') => (Tok::Flatten, 2),
            b'[' if two(b'?') => (Tok::Filter, 2),
            b'[' => (Tok::LBracket, 1),
            b']' => (Tok::RBracket, 1),
            b'{' => (Tok::LBrace, 1),
            b'}' => (Tok::RBrace, 1),
            b'(' => (Tok::LParen, 1),
            b')' => (Tok::RParen, 1),
            b',' => (Tok::Comma, 1),
            b':' => (Tok::Colon, 1),
            b'@' => (Tok::At, 1),
            b'|' if two(b'|') => (Tok::Or, 2),
            b'|' => (Tok::Pipe, 1),
            b'&' if two(b'&') => (Tok::And, 2),
            b'&' => (Tok::Expref, 1),
            b'!' if two(b'=') => (Tok::Ne, 2),
            b'!' => (Tok::Not, 1),
            b'=' if two(b'=') => (Tok::Eq, 2),
            b'<' if two(b'=') => (Tok::Le, 2),
            b'<' => (Tok::Lt, 1),
            b'>' if two(b'=') => (Tok::Ge, 2),
            b'>' => (Tok::Gt, 1),
            _ => {
                let ch = text[i..].chars().next().unwrap_or('?');
                return Err((start, format!("unexpected character `{ch}`")));
            }
        };
        out.push((tok, start));
        i += len;
    }
    out.push((Tok::Eof, bytes.len()));
    Ok(out)
}

/// The offset of the `quote` closing the one at `open`, skipping backslash escapes.
fn closing(bytes: &[u8], open: usize, quote: u8) -> Result<usize, (usize, String)> {
    let mut j = open + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b if b == quote => return Ok(j),
            _ => j += 1,
        }
    }
    Err((open, format!("unclosed {}", quote as char)))
}
