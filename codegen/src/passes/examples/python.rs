//! The Python of boto3's example calls: `response = client.op(Name='x', Rules=[{...}])`.
//!
//! Only what boto3's documenter prints is read: keyword arguments whose values are
//! string, bytes and number literals, `True`, `False`, `None`, lists, dicts with string
//! keys, `datetime(...)`, and `#` comments. Anything else is refused with its offset.

/// A Python literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `'text'` or `"text"`.
    Str(String),
    /// `b'bytes'`.
    Bytes(Vec<u8>),
    /// An integer literal.
    Int(i64),
    /// A float literal, as written.
    Float(String),
    /// `True` or `False`.
    Bool(bool),
    /// `None`.
    None,
    /// `[...]`.
    List(Vec<Value>),
    /// `{'key': value, ...}`, in written order.
    Dict(Vec<(String, Value)>),
    /// `datetime(year, month, day[, hour, minute, second])`, as seconds since the epoch.
    DateTime(i64),
}

/// A documented call: the method name and its keyword arguments in written order.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// `list_devices`.
    pub method: String,
    /// `(name, value)` per keyword argument.
    pub args: Vec<(String, Value)>,
}

/// Reads the first `client.<method>(...)` call of `text`. `Err` says what was not
/// understood and where (a byte offset into `text`).
pub fn parse_call(text: &str) -> Result<Call, (usize, String)> {
    let start = text
        .find("client.")
        .ok_or((0, "no `client.<method>(...)` call".to_owned()))?;
    let mut p = Parser {
        text,
        pos: start + "client.".len(),
    };
    let method = p.name();
    if method.is_empty() {
        return Err(p.error("a method name after `client.`"));
    }
    p.expect('(')?;
    let mut args = Vec::new();
    loop {
        p.skip();
        if p.eat(')') {
            break;
        }
        let name = p.name();
        if name.is_empty() {
            return Err(p.error("a keyword argument"));
        }
        p.skip();
        p.expect('=')?;
        let value = p.value(0)?;
        args.push((name, value));
        p.skip();
        if !p.eat(',') {
            p.skip();
            p.expect(')')?;
            break;
        }
    }
    Ok(Call { method, args })
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

/// Nesting deeper than this is refused: a hostile page must not overflow the stack.
const MAX_DEPTH: usize = 64;

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn error(&self, expected: &str) -> (usize, String) {
        let found: String = self.rest().chars().take(20).collect();
        (self.pos, format!("expected {expected}, found `{found}`"))
    }

    /// Skips whitespace and comments.
    fn skip(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            let skipped = rest.len() - trimmed.len();
            let comment = trimmed
                .starts_with('#')
                .then(|| trimmed.find('\n').unwrap_or(trimmed.len()));
            self.pos += skipped + comment.unwrap_or(0);
            if comment.is_none() {
                return;
            }
        }
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) -> Result<(), (usize, String)> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.error(&format!("`{c}`")))
        }
    }

    fn name(&mut self) -> String {
        let len = self
            .rest()
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(self.rest().len());
        let name = self.rest()[..len].to_owned();
        self.pos += len;
        name
    }

    fn value(&mut self, depth: usize) -> Result<Value, (usize, String)> {
        if depth > MAX_DEPTH {
            return Err(self.error("less nesting"));
        }
        self.skip();
        match self.peek() {
            Some('\'' | '"') => Ok(Value::Str(self.string()?)),
            Some('b') if matches!(self.rest()[1..].chars().next(), Some('\'' | '"')) => {
                self.pos += 1;
                let text = self.string()?;
                if !text.is_ascii() {
                    return Err(self.error("ASCII in a bytes literal"));
                }
                Ok(Value::Bytes(text.into_bytes()))
            }
            Some('[') => {
                self.pos += 1;
                let mut items = Vec::new();
                while !self.close(']', items.is_empty())? {
                    items.push(self.value(depth + 1)?);
                }
                Ok(Value::List(items))
            }
            Some('{') => {
                self.pos += 1;
                let mut entries = Vec::new();
                while !self.close('}', entries.is_empty())? {
                    self.skip();
                    let key = match self.peek() {
                        Some('\'' | '"') => self.string()?,
                        _ => return Err(self.error("a string key")),
                    };
                    self.skip();
                    self.expect(':')?;
                    entries.push((key, self.value(depth + 1)?));
                }
                Ok(Value::Dict(entries))
            }
            Some(c) if c.is_ascii_digit() || c == '-' => self.number(),
            _ => {
                let at = self.pos;
                match self.name().as_str() {
                    "True" => Ok(Value::Bool(true)),
                    "False" => Ok(Value::Bool(false)),
                    "None" => Ok(Value::None),
                    "datetime" => self.datetime(),
                    _ => {
                        self.pos = at;
                        Err(self.error("a literal"))
                    }
                }
            }
        }
    }

    /// Before an element of a list or dict: true (and consumed) at the closing bracket;
    /// else consumes the comma after the element before, if there is one.
    fn close(&mut self, bracket: char, first: bool) -> Result<bool, (usize, String)> {
        self.skip();
        if self.eat(bracket) {
            return Ok(true);
        }
        if !first {
            if !self.eat(',') {
                return Err(self.error(&format!("`,` or `{bracket}`")));
            }
            self.skip();
            if self.eat(bracket) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn string(&mut self) -> Result<String, (usize, String)> {
        let quote = self.peek().ok_or_else(|| self.error("a string"))?;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let c = self
                .peek()
                .ok_or_else(|| self.error("the end of the string"))?;
            self.pos += c.len_utf8();
            match c {
                '\n' => return Err(self.error("the end of the string on its line")),
                c if c == quote => return Ok(out),
                '\\' => {
                    let e = self.peek().ok_or_else(|| self.error("an escape"))?;
                    self.pos += e.len_utf8();
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'a' => out.push('\x07'),
                        'b' => out.push('\x08'),
                        'f' => out.push('\x0c'),
                        'v' => out.push('\x0b'),
                        '\\' | '\'' | '"' => out.push(e),
                        // Up to three octal digits (`\0`, `\012`).
                        '0'..='7' => {
                            let digits = 1 + self
                                .rest()
                                .bytes()
                                .take(2)
                                .take_while(|b| (b'0'..=b'7').contains(b))
                                .count();
                            let start = self.pos - 1;
                            let octal = &self.text[start..start + digits];
                            let value = u32::from_str_radix(octal, 8).unwrap_or_default();
                            self.pos = start + digits;
                            out.push(char::from_u32(value).unwrap_or('\0'));
                        }
                        'x' | 'u' | 'U' => {
                            let len = match e {
                                'x' => 2,
                                'u' => 4,
                                _ => 8,
                            };
                            let hex = self.rest().get(..len).unwrap_or("");
                            let c = u32::from_str_radix(hex, 16)
                                .ok()
                                .filter(|_| hex.len() == len)
                                .and_then(char::from_u32)
                                .ok_or_else(|| self.error("a hexadecimal escape"))?;
                            self.pos += len;
                            out.push(c);
                        }
                        // A line continued.
                        '\n' => {}
                        // Named characters need Unicode's name table.
                        'N' => return Err(self.error("an escape other than \\N{...}")),
                        // Python keeps the backslash of an escape it does not know
                        // (`'c:\HappyFace.jpg'`).
                        _ => {
                            out.push('\\');
                            out.push(e);
                        }
                    }
                }
                c => out.push(c),
            }
        }
    }

    fn number(&mut self) -> Result<Value, (usize, String)> {
        let len = self
            .rest()
            .char_indices()
            .find(|&(i, c)| {
                !(c.is_ascii_digit()
                    || matches!(c, '.' | 'e' | 'E')
                    || (c == '-' || c == '+') && (i == 0 || self.rest()[..i].ends_with(['e', 'E'])))
            })
            .map_or(self.rest().len(), |(i, _)| i);
        let text = &self.rest()[..len];
        let value = if let Ok(n) = text.parse::<i64>() {
            Value::Int(n)
        } else if text.parse::<f64>().is_ok_and(f64::is_finite) {
            Value::Float(text.to_owned())
        } else {
            return Err(self.error("a number"));
        };
        self.pos += len;
        Ok(value)
    }

    /// `datetime(2015, 1, 1)` or with hour, minute and second: UTC, as boto3 sends a
    /// naive datetime.
    fn datetime(&mut self) -> Result<Value, (usize, String)> {
        self.skip();
        self.expect('(')?;
        let mut parts = Vec::new();
        loop {
            self.skip();
            if self.eat(')') {
                break;
            }
            match self.number()? {
                Value::Int(n) => parts.push(n),
                _ => return Err(self.error("an integer")),
            }
            self.skip();
            if !self.eat(',') {
                self.skip();
                self.expect(')')?;
                break;
            }
        }
        let [y, mo, d, rest @ ..] = parts.as_slice() else {
            return Err(self.error("year, month and day"));
        };
        if rest.len() > 3 || !(1..=12).contains(mo) || !(1..=31).contains(d) {
            return Err(self.error("a datetime of year, month, day, hour, minute, second"));
        }
        let [h, mi, s] = [0, 1, 2].map(|i| rest.get(i).copied().unwrap_or(0));
        Ok(Value::DateTime(
            days_from_civil(*y, *mo, *d) * 86_400 + h * 3600 + mi * 60 + s,
        ))
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string_argument(python: &str) -> Result<Value, (usize, String)> {
        let call = parse_call(&format!("response = client.put_object(Body={python})"))?;
        Ok(call.args.into_iter().next().expect("one argument").1)
    }

    #[test]
    fn escapes_read_as_python_reads_them() {
        for (python, text) in [
            (r"'c:\HappyFace.jpg'", "c:\\HappyFace.jpg"),
            (r"'a\\b'", "a\\b"),
            (r"'tab\there'", "tab\there"),
            (r"'\a\b\f\v'", "\x07\x08\x0c\x0b"),
            (r"'\0'", "\0"),
            (r"'\012x'", "\nx"),
            (r"'\1019'", "A9"),
            (r"'\x41\u00e9'", "A\u{e9}"),
            (r"'it\'s'", "it's"),
            ("'con\\\ntinued'", "continued"),
        ] {
            assert_eq!(
                string_argument(python),
                Ok(Value::Str(text.to_owned())),
                "{python}"
            );
        }
    }

    #[test]
    fn escapes_it_cannot_read_are_refused_where_they_are() {
        let (at, expected) = string_argument(r"'\N{DASH}'").unwrap_err();
        assert!(expected.contains("\\N{...}"), "{expected}");
        assert!(at > 0);
        assert!(string_argument(r"'\x4'").is_err());
    }
}
