//! JSON text of a [`Document`]: a recursive reader of one value (bounded nesting) and a
//! compact writer. Credential files, processes and servers, waiter expressions and
//! JSON-valued headers are read with it, whichever codecs are built.

use std::fmt::{self, Write as _};

use super::{Document, Map, Number, N};

/// The deepest nesting of arrays and objects read (serde_json's limit): hostile input
/// cannot overflow the stack.
const MAX_DEPTH: usize = 128;

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
    let mut parser = Parser { input, pos: 0 };
    let value = parser.value(MAX_DEPTH)?;
    parser.whitespace();
    if parser.pos < input.len() {
        return Err(parser.error("text after the value"));
    }
    Ok(value)
}

struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, reason: &'static str) -> DocumentParseError {
        DocumentParseError {
            reason,
            offset: self.pos,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, literal: &[u8]) -> bool {
        let found = self.input[self.pos..].starts_with(literal);
        if found {
            self.pos += literal.len();
        }
        found
    }

    fn value(&mut self, depth: usize) -> Result<Document, DocumentParseError> {
        self.whitespace();
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => Ok(Document::String(self.string()?)),
            Some(b't') if self.eat(b"true") => Ok(Document::Bool(true)),
            Some(b'f') if self.eat(b"false") => Ok(Document::Bool(false)),
            Some(b'n') if self.eat(b"null") => Ok(Document::Null),
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
        self.pos += 1;
        let mut items = Vec::new();
        self.whitespace();
        if self.eat(b"]") {
            return Ok(Document::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Document::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Document, DocumentParseError> {
        let depth = self.nested(depth)?;
        self.pos += 1;
        let mut map = Map::new();
        self.whitespace();
        if self.eat(b"}") {
            return Ok(Document::Object(map));
        }
        loop {
            self.whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a key"));
            }
            let key = self.string()?;
            self.whitespace();
            if !self.eat(b":") {
                return Err(self.error("expected `:`"));
            }
            let value = self.value(depth)?;
            map.insert(key, value);
            self.whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Document::Object(map));
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    /// A string, its opening quote at the cursor.
    fn string(&mut self) -> Result<String, DocumentParseError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            let run = std::str::from_utf8(&self.input[start..self.pos]).map_err(|e| {
                DocumentParseError {
                    reason: "invalid UTF-8",
                    offset: start + e.valid_up_to(),
                }
            })?;
            out.push_str(run);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    out.push(self.escape()?);
                }
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    /// The character of an escape, its backslash consumed.
    fn escape(&mut self) -> Result<char, DocumentParseError> {
        let Some(b) = self.peek() else {
            return Err(self.error("unterminated string"));
        };
        self.pos += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                match unit {
                    0xD800..=0xDBFF => {
                        if !self.eat(b"\\u") {
                            return Err(self.error("lone leading surrogate"));
                        }
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.error("lone leading surrogate"));
                        }
                        let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        char::from_u32(code).ok_or_else(|| self.error("invalid escape"))?
                    }
                    0xDC00..=0xDFFF => return Err(self.error("lone trailing surrogate")),
                    _ => char::from_u32(unit).ok_or_else(|| self.error("invalid escape"))?,
                }
            }
            _ => {
                self.pos -= 1;
                return Err(self.error("invalid escape"));
            }
        })
    }

    fn hex4(&mut self) -> Result<u32, DocumentParseError> {
        let digits = self
            .input
            .get(self.pos..self.pos + 4)
            .and_then(|d| std::str::from_utf8(d).ok())
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("expected four hex digits"))?;
        self.pos += 4;
        Ok(u32::from_str_radix(digits, 16).expect("checked hex digits"))
    }

    /// A number in JSON's grammar: integers that fit 64 bits as integers, the rest as
    /// the nearest double (Rust's parsing rounds correctly, as Python's does).
    fn number(&mut self) -> Result<Number, DocumentParseError> {
        let start = self.pos;
        self.eat(b"-");
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("expected a digit")),
        }
        let mut integer = true;
        if self.eat(b".") {
            integer = false;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("expected a digit after `.`"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            integer = false;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("expected a digit in the exponent"));
            }
            self.digits();
        }
        let text = std::str::from_utf8(&self.input[start..self.pos]).expect("ASCII digits");
        if integer {
            if let Ok(u) = text.parse::<u64>() {
                return Ok(Number(N::PosInt(u)));
            }
            if let Ok(i) = text.parse::<i64>() {
                // `-0` is the integer 0, as Python reads it.
                return Ok(Number::from(i));
            }
        }
        let value: f64 = text.parse().expect("a JSON number parses as a float");
        Number::from_f64(value).ok_or(DocumentParseError {
            reason: "number out of range",
            offset: start,
        })
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
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
