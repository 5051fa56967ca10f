//! JSON text of a [`Document`]: a recursive reader of one value (bounded nesting), on
//! the tokens of the lexer the JSON codec reads bodies with, and a compact writer.
//! Credential files, processes and servers, waiter expressions and JSON-valued headers
//! are read with it, whichever codecs are built.

use std::fmt::{self, Write as _};

use super::lex::{Cursor, LexError, MAX_DEPTH};
use super::{Document, Map, Number, N};

/// Text that is not one JSON value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentParseError {
    reason: &'static str,
    offset: usize,
}

impl DocumentParseError {
    /// The byte offset where reading stopped.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for DocumentParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid JSON at byte {}: {}", self.offset, self.reason)
    }
}

impl std::error::Error for DocumentParseError {}

pub(super) fn parse(input: &[u8]) -> Result<Document, DocumentParseError> {
    let mut parser = Parser {
        cursor: Cursor { input, pos: 0 },
    };
    let value = parser.value(MAX_DEPTH)?;
    if parser.cursor.peek().is_some() {
        return Err(parser.error("text after the value"));
    }
    Ok(value)
}

impl From<LexError> for DocumentParseError {
    fn from(e: LexError) -> Self {
        DocumentParseError {
            reason: e.what,
            offset: e.at,
        }
    }
}

/// A document read from the tokens of the JSON lexer the JSON codec reads bodies with.
struct Parser<'a> {
    cursor: Cursor<'a>,
}

impl Parser<'_> {
    fn error(&self, reason: &'static str) -> DocumentParseError {
        DocumentParseError {
            reason,
            offset: self.cursor.pos,
        }
    }

    fn value(&mut self, depth: usize) -> Result<Document, DocumentParseError> {
        let cursor = &mut self.cursor;
        match cursor.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => Ok(Document::String(cursor.string()?.into_owned())),
            Some(b't') if cursor.eat(b"true") => Ok(Document::Bool(true)),
            Some(b'f') if cursor.eat(b"false") => Ok(Document::Bool(false)),
            Some(b'n') if cursor.eat(b"null") => Ok(Document::Null),
            Some(b'-' | b'0'..=b'9') => self.number().map(Document::Number),
            None => Err(self.error("expected a value, found the end")),
            Some(_) => Err(self.error("expected a value")),
        }
    }

    fn nested(&self, depth: usize) -> Result<usize, DocumentParseError> {
        match depth.checked_sub(1) {
            Some(left) if left > 0 => Ok(left),
            _ => Err(self.error("nested too deeply")),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Document, DocumentParseError> {
        let depth = self.nested(depth)?;
        self.cursor.pos += 1;
        let mut items = Vec::new();
        if self.cursor.peek() == Some(b']') {
            self.cursor.pos += 1;
            return Ok(Document::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            if !self.cursor.next_or_close(b']')? {
                return Ok(Document::Array(items));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Document, DocumentParseError> {
        let depth = self.nested(depth)?;
        self.cursor.pos += 1;
        let mut map = Map::new();
        if self.cursor.peek() == Some(b'}') {
            self.cursor.pos += 1;
            return Ok(Document::Object(map));
        }
        loop {
            if self.cursor.peek() != Some(b'"') {
                return Err(self.error("expected a key"));
            }
            let key = self.cursor.string()?.into_owned();
            self.cursor.expect(b':', "expected `:`")?;
            let value = self.value(depth)?;
            map.insert(key, value);
            if !self.cursor.next_or_close(b'}')? {
                return Ok(Document::Object(map));
            }
        }
    }

    /// A number: integers that fit 64 bits as integers, the rest as the nearest double
    /// (Rust's parsing rounds correctly, as Python's does).
    fn number(&mut self) -> Result<Number, DocumentParseError> {
        let start = self.cursor.pos;
        let number = self.cursor.number()?;
        if number.integer {
            if let Ok(u) = number.text.parse::<u64>() {
                return Ok(Number(N::PosInt(u)));
            }
            if let Ok(i) = number.text.parse::<i64>() {
                // `-0` is the integer 0, as Python reads it.
                return Ok(Number::from(i));
            }
        }
        let value: f64 = number
            .text
            .parse()
            .expect("a JSON number parses as a float");
        Number::from_f64(value).ok_or(DocumentParseError {
            reason: "number out of range",
            offset: start,
        })
    }
}

/// `value` as compact JSON.
pub(super) fn write(value: &Document, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match value {
        Document::Null => f.write_str("null"),
        Document::Bool(b) => f.write_str(if *b { "true" } else { "false" }),
        Document::Number(n) => write!(f, "{n}"),
        Document::String(s) => write_string(s, f),
        Document::Array(items) => {
            f.write_char('[')?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    f.write_char(',')?;
                }
                write(item, f)?;
            }
            f.write_char(']')
        }
        Document::Object(map) => {
            f.write_char('{')?;
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    f.write_char(',')?;
                }
                write_string(key, f)?;
                f.write_char(':')?;
                write(item, f)?;
            }
            f.write_char('}')
        }
    }
}

/// A JSON string: quotes, backslashes and control characters escaped, the rest as is.
fn write_string(text: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_char('"')?;
    let mut plain = 0;
    for (at, c) in text.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            c if c < ' ' => "",
            _ => continue,
        };
        f.write_str(&text[plain..at])?;
        if escape.is_empty() {
            write!(f, "\\u{:04x}", u32::from(c))?;
        } else {
            f.write_str(escape)?;
        }
        plain = at + c.len_utf8();
    }
    f.write_str(&text[plain..])?;
    f.write_char('"')
}
