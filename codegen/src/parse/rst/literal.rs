//! The Request Syntax and Response Syntax literals: Python-literal notation
//! parsed into a small syntax tree with line and column.
//!
//! boto3 prints one placeholder per type: `'string'`, `123`, `123.0`,
//! `True|False`, `'A'|'B'` (enums), `datetime(2015, 1, 1)`, `b'bytes'`
//! (`b'bytes'|file` for streaming input), `StreamingBody()`,
//! `EventStream({...})`, `{...}|[...]|123|123.4|'string'|True|None`
//! (documents), `{'... recursive ...'}` (a shape already being printed higher
//! up), `...` (botocore has no placeholder for `float` shapes, only for
//! `double`, and prints this instead), `[elem, ]` lists,
//! `{'string': value}` maps and `{'Name': value, ...}` structures. boto3's own
//! additions may offer alternatives, `'string' or {...}`: the first is kept.
//! The request literal is a call, `client.op(Name=value, ...)`, whose keyword
//! arguments read as a structure.
//!
//! A literal ends where its value ends; lines after it in the same block are
//! left to the caller (boto3 puts notes there when a section is too large).

use super::lines::Line;

/// A parsed placeholder value.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Lit {
    /// What the placeholder says.
    pub kind: LitKind,
    /// 1-based line in the page.
    pub line: u32,
    /// 1-based column in the page.
    pub column: u32,
}

/// The placeholder kinds boto3 prints.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum LitKind {
    /// `'string'`.
    String,
    /// `'A'|'B'`: an enum with its values (a lone quoted value other than
    /// `'string'` is a one-value enum).
    Enum(Vec<String>),
    /// `123`.
    Integer,
    /// `123.0`, or `...` (the placeholder-less `float` type).
    Float,
    /// `True|False`.
    Boolean,
    /// `datetime(2015, 1, 1)`.
    Timestamp,
    /// `b'bytes'`.
    Blob,
    /// `b'bytes'|file`: a streaming request body.
    BlobOrFile,
    /// `StreamingBody()`: a streaming response body.
    StreamingBody,
    /// `{...}|[...]|123|123.4|'string'|True|None`.
    Document,
    /// `{'... recursive ...'}`.
    Recursive,
    /// `{'Name': value, ...}` or `{}`; keyword arguments of the request call.
    Structure(Vec<Entry>),
    /// `{'string': value}`.
    Map(Box<Lit>),
    /// `[value, ]`.
    List(Box<Lit>),
    /// `EventStream({...})`.
    EventStream(Box<Lit>),
}

/// One `'Name': value` (or `Name=value`) of a structure.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Entry {
    /// The member's wire name.
    pub name: String,
    /// Its placeholder.
    pub value: Lit,
    /// 1-based line of the name.
    pub line: u32,
    /// 1-based column of the name.
    pub column: u32,
}

/// Where and why a literal could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LitError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What was expected there.
    pub message: String,
}

const DOCUMENT: &str = "{...}|[...]|123|123.4|'string'|True|None";
const RECURSIVE: &str = "{'... recursive ...'}";
/// Nesting deeper than this is not a boto3 page: stop instead of overflowing.
const MAX_DEPTH: usize = 256;

/// Parses a response literal: one value at the start of `lines`. Returns it
/// and the index of the first line after it.
pub fn parse_value(lines: &[Line<'_>]) -> Result<(Lit, usize), LitError> {
    let mut cursor = Cursor::new(lines);
    let value = cursor.value(0)?;
    let end = cursor.end_of_literal()?;
    Ok((value, end))
}

/// Parses a request literal `target = receiver.method(Name=value, ...)` into
/// a structure of its keyword arguments. Returns it and the index of the
/// first line after it.
pub fn parse_call(lines: &[Line<'_>]) -> Result<(Lit, usize), LitError> {
    let mut cursor = Cursor::new(lines);
    cursor.skip_ws();
    let (line, column) = cursor.position();
    // Everything up to the first `(` names the call.
    loop {
        match cursor.peek() {
            Some(b'(') => break,
            Some(b'\n') | None => return Err(cursor.error("`(` of the documented call")),
            Some(_) => cursor.bump(1),
        }
    }
    cursor.bump(1);
    let mut entries = Vec::new();
    loop {
        cursor.skip_ws();
        if cursor.eat(")") {
            break;
        }
        let (name_line, name_column) = cursor.position();
        let name = cursor.identifier()?;
        cursor.skip_ws();
        if !cursor.eat("=") {
            return Err(cursor.error("`=` after the keyword argument name"));
        }
        cursor.skip_ws();
        let value = cursor.value(1)?;
        entries.push(Entry {
            name,
            value,
            line: name_line,
            column: name_column,
        });
        cursor.skip_ws();
        if cursor.eat(",") {
            continue;
        }
        cursor.skip_ws();
        if cursor.eat(")") {
            break;
        }
        return Err(cursor.error("`,` or `)` after a keyword argument"));
    }
    let end = cursor.end_of_literal()?;
    Ok((
        Lit {
            kind: LitKind::Structure(entries),
            line,
            column,
        },
        end,
    ))
}

/// A position in a run of page lines.
struct Cursor<'l, 'a> {
    lines: &'l [Line<'a>],
    line: usize,
    offset: usize,
}

impl<'l, 'a> Cursor<'l, 'a> {
    fn new(lines: &'l [Line<'a>]) -> Self {
        Self {
            lines,
            line: 0,
            offset: 0,
        }
    }

    /// The rest of the current line.
    fn rest(&self) -> &'a str {
        self.lines
            .get(self.line)
            .and_then(|l| l.text.get(self.offset..))
            .unwrap_or("")
    }

    /// The next byte; `\n` at the end of a line that has more lines after it.
    fn peek(&self) -> Option<u8> {
        match self.rest().as_bytes().first() {
            Some(b) => Some(*b),
            None if self.line + 1 < self.lines.len() => Some(b'\n'),
            None => None,
        }
    }

    fn bump(&mut self, bytes: usize) {
        self.offset += bytes;
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.bump(token.len());
            true
        } else {
            false
        }
    }

    fn skip_ws(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.offset += rest.len() - trimmed.len();
            if !trimmed.is_empty() || self.line + 1 >= self.lines.len() {
                return;
            }
            self.line += 1;
            self.offset = 0;
        }
    }

    fn position(&self) -> (u32, u32) {
        match self.lines.get(self.line) {
            Some(line) => (line.number, line.column_of(self.offset)),
            // Past the last line: the end of the last line (0:0 without lines).
            None => self
                .lines
                .last()
                .map_or((0, 0), |l| (l.number, l.column_of(l.text.len()))),
        }
    }

    fn error(&self, expected: &str) -> LitError {
        let (line, column) = self.position();
        let found = self.rest().chars().take(24).collect::<String>();
        let found = if found.is_empty() {
            "end of line".to_owned()
        } else {
            format!("`{found}`")
        };
        LitError {
            line,
            column,
            message: format!("expected {expected}, found {found}"),
        }
    }

    /// After the value: nothing else may follow on its line. Returns the
    /// index of the next line.
    fn end_of_literal(&mut self) -> Result<usize, LitError> {
        let rest = self.rest();
        if rest.trim().is_empty() {
            Ok(self.line + 1)
        } else {
            Err(self.error("the end of the literal"))
        }
    }

    fn identifier(&mut self) -> Result<String, LitError> {
        let rest = self.rest();
        let len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-' || *b == b'.')
            .count();
        if len == 0 {
            return Err(self.error("a keyword argument name"));
        }
        self.bump(len);
        Ok(rest[..len].to_owned())
    }

    /// A quoted string: `'text'`. Returns the text between the quotes.
    fn quoted(&mut self) -> Result<&'a str, LitError> {
        let rest = self.rest();
        let Some(body) = rest.strip_prefix('\'') else {
            return Err(self.error("a quoted string"));
        };
        match body.find('\'') {
            Some(end) => {
                self.bump(end + 2);
                Ok(&body[..end])
            }
            None => Err(self.error("a closing quote")),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Lit, LitError> {
        let first = self.single(depth)?;
        // `'string' or {...}`: boto3's customisations offer alternatives.
        while self.rest().starts_with(" or ") {
            self.bump(" or ".len());
            self.single(depth)?;
        }
        Ok(first)
    }

    fn single(&mut self, depth: usize) -> Result<Lit, LitError> {
        if depth > MAX_DEPTH {
            return Err(self.error("less deeply nested values"));
        }
        self.skip_ws();
        let (line, column) = self.position();
        let lit = |kind| Ok(Lit { kind, line, column });
        let rest = self.rest();
        let Some(first) = rest.as_bytes().first() else {
            return Err(self.error("a value"));
        };
        match first {
            b'{' if rest.starts_with(DOCUMENT) => {
                self.bump(DOCUMENT.len());
                lit(LitKind::Document)
            }
            b'{' if rest.starts_with(RECURSIVE) => {
                self.bump(RECURSIVE.len());
                lit(LitKind::Recursive)
            }
            b'{' => {
                self.bump(1);
                let kind = self.dict_body(depth)?;
                lit(kind)
            }
            b'[' => {
                self.bump(1);
                self.skip_ws();
                let element = self.value(depth + 1)?;
                self.skip_ws();
                self.eat(",");
                self.skip_ws();
                if !self.eat("]") {
                    return Err(self.error("`]` closing the list"));
                }
                lit(LitKind::List(Box::new(element)))
            }
            b'\'' => self.strings(line, column),
            b'T' if self.eat("True|False") => lit(LitKind::Boolean),
            b'd' if self.eat("datetime(2015, 1, 1)") => lit(LitKind::Timestamp),
            b'b' if self.eat("b'bytes'|file") => lit(LitKind::BlobOrFile),
            b'b' if self.eat("b'bytes'") => lit(LitKind::Blob),
            b'S' if self.eat("StreamingBody()") => lit(LitKind::StreamingBody),
            b'E' if self.eat("EventStream(") => {
                let inner = self.value(depth + 1)?;
                self.skip_ws();
                if !self.eat(")") {
                    return Err(self.error("`)` closing the event stream"));
                }
                lit(LitKind::EventStream(Box::new(inner)))
            }
            b'.' if self.eat("...") => lit(LitKind::Float),
            b'0'..=b'9' | b'-' => {
                let len = rest
                    .bytes()
                    .take_while(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'e' | b'E'))
                    .count();
                let number = &rest[..len];
                self.bump(len);
                if number.contains('.') {
                    lit(LitKind::Float)
                } else {
                    lit(LitKind::Integer)
                }
            }
            _ => Err(self.error("a placeholder value")),
        }
    }

    /// `'string'` or `'A'|'B'|...`.
    fn strings(&mut self, line: u32, column: u32) -> Result<Lit, LitError> {
        let first = self.quoted()?;
        if self.peek() != Some(b'|') {
            let kind = if first == "string" {
                LitKind::String
            } else {
                LitKind::Enum(vec![first.to_owned()])
            };
            return Ok(Lit { kind, line, column });
        }
        let mut values = vec![first.to_owned()];
        while self.eat("|") {
            values.push(self.quoted()?.to_owned());
        }
        Ok(Lit {
            kind: LitKind::Enum(values),
            line,
            column,
        })
    }

    /// After `{`: `}`, `'string': value }` (a map) or `'Name': value, ... }`.
    fn dict_body(&mut self, depth: usize) -> Result<LitKind, LitError> {
        let mut entries: Vec<Entry> = Vec::new();
        loop {
            self.skip_ws();
            if self.eat("}") {
                break;
            }
            let (line, column) = self.position();
            let name = self.quoted()?.to_owned();
            self.skip_ws();
            if !self.eat(":") {
                return Err(self.error("`:` after the key"));
            }
            let value = self.value(depth + 1)?;
            entries.push(Entry {
                name,
                value,
                line,
                column,
            });
            self.skip_ws();
            if self.eat(",") {
                continue;
            }
            self.skip_ws();
            if self.eat("}") {
                break;
            }
            return Err(self.error("`,` or `}` after a value"));
        }
        if entries.len() == 1 && entries[0].name == "string" {
            if let Some(entry) = entries.pop() {
                return Ok(LitKind::Map(Box::new(entry.value)));
            }
        }
        Ok(LitKind::Structure(entries))
    }
}

impl LitError {
    /// An error at the start of `lines` (or line 0 when there are none).
    pub fn at_start(lines: &[Line<'_>], message: impl Into<String>) -> Self {
        let (line, column) = lines.first().map_or((0, 0), |l| (l.number, l.column()));
        Self {
            line,
            column,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::rst::lines::split;

    fn value(text: &str) -> LitKind {
        match parse_value(&split(text)) {
            Ok((lit, _)) => lit.kind,
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn scalars_and_enums() {
        assert_eq!(value("'string'"), LitKind::String);
        assert_eq!(value("123"), LitKind::Integer);
        assert_eq!(value("123.0"), LitKind::Float);
        assert_eq!(value("True|False"), LitKind::Boolean);
        assert_eq!(value("datetime(2015, 1, 1)"), LitKind::Timestamp);
        assert_eq!(value("b'bytes'"), LitKind::Blob);
        assert_eq!(value("b'bytes'|file"), LitKind::BlobOrFile);
        assert_eq!(value("StreamingBody()"), LitKind::StreamingBody);
        assert_eq!(value(DOCUMENT), LitKind::Document);
        assert_eq!(
            value("'A'|'B'"),
            LitKind::Enum(vec!["A".to_owned(), "B".to_owned()])
        );
        assert_eq!(value("'ONLY'"), LitKind::Enum(vec!["ONLY".to_owned()]));
    }

    #[test]
    fn containers_with_positions() {
        let lit = parse_value(&split("{\n    'a': [\n        'string',\n    ],\n    'm': {\n        'string': 123\n    },\n    'r': {'... recursive ...'},\n    'e': {}\n}"));
        let Ok((
            Lit {
                kind: LitKind::Structure(entries),
                ..
            },
            10,
        )) = lit
        else {
            panic!("not a structure: {lit:?}");
        };
        let names: Vec<_> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["a", "m", "r", "e"]);
        assert_eq!((entries[1].line, entries[1].column), (5, 5));
        assert!(matches!(entries[0].value.kind, LitKind::List(_)));
        assert!(matches!(entries[1].value.kind, LitKind::Map(_)));
        assert_eq!(entries[2].value.kind, LitKind::Recursive);
        assert_eq!(entries[3].value.kind, LitKind::Structure(vec![]));
    }

    #[test]
    fn calls_and_trailing_commas() {
        let lit = parse_call(&split(
            "response = client.f(\n    A='string',\n    B=123\n)",
        ));
        assert!(
            matches!(lit, Ok((Lit { kind: LitKind::Structure(ref e), .. }, 4)) if e.len() == 2)
        );
        let empty = parse_call(&split("response = client.f()"));
        assert!(
            matches!(empty, Ok((Lit { kind: LitKind::Structure(ref e), .. }, 1)) if e.is_empty())
        );
        // boto3 leaves a trailing comma and a blank line where it hid a member.
        let LitKind::Structure(entries) =
            value("{\n    'Sessions': [\n        'string',\n    ],\n    \n}")
        else {
            panic!("not a structure");
        };
        assert_eq!(entries.len(), 1);
        assert!(matches!(&entries[0].value.kind, LitKind::List(e) if e.kind == LitKind::String));
    }

    #[test]
    fn unknown_placeholders_alternatives_and_what_follows() {
        assert_eq!(value("..."), LitKind::Float);
        let lit = parse_call(&split(
            "response = client.copy(\n    Source='string' or {'Bucket': 'string'},\n    Key='string'\n)\n\n**Parameters**",
        ));
        let Ok((
            Lit {
                kind: LitKind::Structure(entries),
                ..
            },
            next,
        )) = lit
        else {
            panic!("{lit:?}");
        };
        assert_eq!(entries[0].value.kind, LitKind::String);
        assert_eq!(entries.len(), 2);
        assert_eq!(next, 4);
    }

    #[test]
    fn errors_point_at_the_problem() {
        let err = parse_value(&split("{\n    'a': 'string'\n    'b': 1\n}"));
        assert_eq!(err.map_err(|e| (e.line, e.column)), Err((3, 5)),);
        assert!(parse_value(&split("{'a': ")).is_err());
        assert!(parse_call(&split("response = client.f(\n  A=")).is_err());
        assert!(parse_value(&split(&"[".repeat(1000))).is_err());
    }
}
