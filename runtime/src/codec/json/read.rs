//! Reading a JSON body into generated types through [`ValueReader`], token by token.
//!
//! What botocore accepts, this accepts: unknown and `null` members are skipped (and
//! `null` elements of lists and values of maps, which a typed collection cannot
//! hold); floats may be the strings `"NaN"`, `"Infinity"`, `"-Infinity"` (or Python's
//! bare `NaN` tokens); a timestamp may be epoch seconds as a number or a string, or
//! ISO 8601 or HTTP-date text, whatever the model says, as botocore's
//! `parse_timestamp` reads them. An integer member accepts a whole number written as a
//! float (`1.0`). Errors name the JSON path (`Items[3].Name`) and the byte offset.

use crate::schema::{ReadError, Schema, ValueReader};
use crate::wire::document::lex::{Cursor, MAX_DEPTH};
use crate::wire::{http_date, DateTime, Document};

/// Where a nested error happened, collected while the error unwinds.
#[derive(Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// A [`ValueReader`] over a JSON text.
#[derive(Debug)]
pub struct JsonReader<'a> {
    cursor: Cursor<'a>,
    depth: usize,
    json_names: bool,
    /// The path of an error on its way out, innermost step first.
    path: Vec<Step>,
}

impl<'a> JsonReader<'a> {
    /// A reader at the start of `input`, matching members by [`crate::schema::Member::name`].
    pub fn new(input: &'a [u8]) -> Self {
        Self {
            cursor: Cursor { input, pos: 0 },
            depth: 0,
            json_names: false,
            path: Vec::new(),
        }
    }

    /// Matches members by restJson1's `jsonName` where they have one.
    pub fn with_json_names(mut self, json_names: bool) -> Self {
        self.json_names = json_names;
        self
    }

    /// Fails unless only whitespace follows the value read.
    pub fn finish(&mut self) -> Result<(), ReadError> {
        match self.cursor.peek() {
            None => Ok(()),
            Some(_) => Err(self
                .cursor
                .error("unexpected text after the JSON value")
                .into()),
        }
    }

    /// True when the next value is `null`, which is then consumed.
    pub fn null(&mut self) -> bool {
        self.cursor.eat(b"null")
    }

    /// Calls `entry` with each key of an object, positioned on its value, which the
    /// callback must read or [`JsonReader::skip`].
    pub(crate) fn object(
        &mut self,
        entry: &mut dyn FnMut(&str, &mut Self) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        self.object_with(entry)
    }

    /// [`Self::object`], generic so that each caller's callback is inlined into the
    /// loop over the keys: one indirect call less per member on the hottest path.
    #[inline]
    fn object_with(
        &mut self,
        mut entry: impl FnMut(&str, &mut Self) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        self.enter(b'{', "expected a JSON object")?;
        let result = self.entries(&mut entry);
        self.leave(result)
    }

    #[inline]
    fn entries(
        &mut self,
        entry: &mut impl FnMut(&str, &mut Self) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        if self.cursor.peek() == Some(b'}') {
            self.cursor.pos += 1;
            return Ok(());
        }
        loop {
            let key = self.cursor.string()?;
            self.cursor.expect(b':', "expected `:`")?;
            if let Err(e) = entry(&key, self) {
                self.path.push(Step::Key(key.into_owned()));
                return Err(e);
            }
            if !self.cursor.next_or_close(b'}')? {
                return Ok(());
            }
        }
    }

    /// Skips the next value, whatever it is.
    pub fn skip(&mut self) -> Result<(), ReadError> {
        Ok(self.cursor.skip_value(self.depth)?)
    }

    /// The next value when it is a string; anything else is skipped.
    pub(crate) fn text_or_skip(&mut self) -> Result<Option<String>, ReadError> {
        if self.cursor.peek() == Some(b'"') {
            Ok(Some(self.cursor.string()?.into_owned()))
        } else {
            self.skip().map(|()| None)
        }
    }

    /// Opens an array or object one level deeper.
    fn enter(&mut self, open: u8, what: &'static str) -> Result<(), ReadError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.cursor.error("nesting deeper than 128 levels").into());
        }
        self.cursor.expect(open, what)?;
        self.depth += 1;
        Ok(())
    }

    /// Closes a level; at the outermost one, an error gets its path.
    #[inline]
    fn leave(&mut self, result: Result<(), ReadError>) -> Result<(), ReadError> {
        self.depth -= 1;
        match result {
            Ok(()) => Ok(()),
            Err(e) => self.failed(e),
        }
    }

    /// An error leaving a level: at the outermost one, it gets its path.
    #[cold]
    fn failed(&mut self, e: ReadError) -> Result<(), ReadError> {
        match e {
            mut e if self.depth == 0 && !self.path.is_empty() => {
                let mut path = String::new();
                for step in self.path.drain(..).rev() {
                    match step {
                        Step::Key(key) if path.is_empty() => path.push_str(&key),
                        Step::Key(key) => {
                            path.push('.');
                            path.push_str(&key);
                        }
                        Step::Index(i) => path.push_str(&format!("[{i}]")),
                    }
                }
                e.reason = format!("{} (at {path})", e.reason);
                Err(e)
            }
            e => Err(e),
        }
    }

    fn float_text(&mut self) -> Result<f64, ReadError> {
        match self.cursor.peek() {
            Some(b'"') => match &*self.cursor.string()? {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                other => Err(ReadError::new(format!(
                    "expected a number, found the string {other:?}"
                ))),
            },
            Some(b'N') if self.cursor.eat(b"NaN") => Ok(f64::NAN),
            Some(b'I') if self.cursor.eat(b"Infinity") => Ok(f64::INFINITY),
            Some(b'-') if self.cursor.eat(b"-Infinity") => Ok(f64::NEG_INFINITY),
            _ => {
                let number = self.cursor.number()?;
                // Correctly rounded, as Python's float() reads it; out of range is infinite.
                Ok(number.text.parse().expect("a valid JSON number parses"))
            }
        }
    }

    fn document_at(&mut self) -> Result<Document, ReadError> {
        match self.cursor.peek() {
            Some(b'{') => {
                let mut entries = crate::wire::document::Map::new();
                self.enter(b'{', "expected an object")?;
                let result = self.entries(&mut |key, r| {
                    entries.insert(key.to_owned(), r.document_at()?);
                    Ok(())
                });
                self.leave(result)?;
                Ok(Document::Object(entries))
            }
            Some(b'[') => {
                let mut items = Vec::new();
                self.enter(b'[', "expected an array")?;
                let result = self.elements(&mut |r| {
                    items.push(r.document_at()?);
                    Ok(())
                });
                self.leave(result)?;
                Ok(Document::Array(items))
            }
            Some(b'"') => Ok(Document::String(self.cursor.string()?.into_owned())),
            Some(b't') if self.cursor.eat(b"true") => Ok(Document::Bool(true)),
            Some(b'f') if self.cursor.eat(b"false") => Ok(Document::Bool(false)),
            Some(b'n') if self.cursor.eat(b"null") => Ok(Document::Null),
            _ => {
                let number = self.cursor.number()?;
                // As serde_json reads numbers: integers that fit stay integers.
                if number.integer {
                    if let Ok(u) = number.text.parse::<u64>() {
                        return Ok(Document::from(u));
                    }
                    if let Ok(i) = number.text.parse::<i64>() {
                        return Ok(Document::from(i));
                    }
                }
                let value: f64 = number.text.parse().expect("a valid JSON number parses");
                crate::wire::document::Number::from_f64(value)
                    .map(Document::Number)
                    .ok_or_else(|| ReadError::new(format!("number out of range: {}", number.text)))
            }
        }
    }

    /// Calls `item` per element of an array whose `[` was consumed, up to its `]`.
    #[inline]
    fn elements(
        &mut self,
        item: &mut impl FnMut(&mut Self) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        if self.cursor.peek() == Some(b']') {
            self.cursor.pos += 1;
            return Ok(());
        }
        let mut index = 0;
        loop {
            if let Err(e) = item(self) {
                self.path.push(Step::Index(index));
                return Err(e);
            }
            index += 1;
            if !self.cursor.next_or_close(b']')? {
                return Ok(());
            }
        }
    }
}

impl ValueReader for JsonReader<'_> {
    fn boolean(&mut self) -> Result<bool, ReadError> {
        if self.cursor.eat(b"true") {
            Ok(true)
        } else if self.cursor.eat(b"false") {
            Ok(false)
        } else {
            Err(self.cursor.error("expected `true` or `false`").into())
        }
    }

    fn integer(&mut self) -> Result<i64, ReadError> {
        if !matches!(self.cursor.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.cursor.error("expected an integer").into());
        }
        let number = self.cursor.number()?;
        if number.integer {
            return number
                .text
                .parse()
                .map_err(|_| ReadError::new(format!("integer out of range: {}", number.text)));
        }
        // A whole number written as a float (`1.0`, `1e3`) is that integer.
        let value: f64 = number.text.parse().expect("a valid JSON number parses");
        if value.fract() == 0.0 && (i64::MIN as f64..-(i64::MIN as f64)).contains(&value) {
            Ok(value as i64)
        } else {
            Err(ReadError::new(format!(
                "expected an integer, found {}",
                number.text
            )))
        }
    }

    fn float(&mut self) -> Result<f64, ReadError> {
        self.float_text()
    }

    fn string(&mut self) -> Result<String, ReadError> {
        Ok(self.cursor.string()?.into_owned())
    }

    fn blob(&mut self) -> Result<Vec<u8>, ReadError> {
        let text = self.cursor.string()?;
        super::blob::decode(text.as_bytes())
    }

    fn timestamp(&mut self) -> Result<DateTime, ReadError> {
        let seconds = match self.cursor.peek() {
            Some(b'"') => {
                let text = self.cursor.string()?;
                // Epoch seconds as text too, as botocore's `float(value)` reads them.
                match text.trim().parse::<f64>() {
                    Ok(seconds) => seconds,
                    Err(_) => return parse_timestamp_text(&text),
                }
            }
            Some(b'-' | b'0'..=b'9') => {
                let number = self.cursor.number()?;
                number.text.parse().expect("a valid JSON number parses")
            }
            _ => return Err(self.cursor.error("expected a timestamp").into()),
        };
        DateTime::try_from_secs_f64(seconds).map_err(|e| ReadError::new(e.to_string()))
    }

    fn document(&mut self) -> Result<Document, ReadError> {
        self.document_at()
    }

    fn list(
        &mut self,
        item: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        self.enter(b'[', "expected a JSON array")?;
        let result = self.elements(&mut |r| if r.null() { Ok(()) } else { item(r) });
        self.leave(result)
    }

    fn map(
        &mut self,
        entry: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        self.object_with(|key, r| {
            if r.null() {
                Ok(())
            } else {
                entry(key.to_owned(), r)
            }
        })
    }

    fn structure(
        &mut self,
        schema: &'static Schema,
        member: &mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let json_names = self.json_names;
        self.object_with(|key, r| {
            let key = key.as_bytes();
            let index = if json_names {
                schema
                    .members
                    .iter()
                    .position(|m| same_key(m.traits.json_name.unwrap_or(m.name).as_bytes(), key))
            } else {
                schema
                    .members
                    .iter()
                    .position(|m| same_key(m.name.as_bytes(), key))
            };
            match index {
                Some(index) if !r.null() => member(index, r),
                Some(_) => Ok(()),
                None => r.skip(),
            }
        })
    }
}

/// `a == b`, with the length and first byte compared before the rest: member names
/// are short and most differ in one of the two; the rest is compared byte by byte,
/// cheaper than a `memcmp` call for a few bytes.
#[inline]
fn same_key(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.first() == b.first() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// A timestamp string that is not a number: ISO 8601 (RFC 3339) or an HTTP-date.
fn parse_timestamp_text(text: &str) -> Result<DateTime, ReadError> {
    let text = text.trim();
    text.parse::<DateTime>()
        .or_else(|_| http_date::parse(text))
        .map_err(|_| ReadError::new(format!("invalid timestamp {text:?}")))
}
