//! Reads Request Syntax and Response Syntax blocks.
//!
//! JSON services show a JSON skeleton whose leaves are placeholders, quoted
//! (`"{{string}}"`, `"string"`) or bare (`{{number}}`, `number`, `boolean`), so the
//! skeleton is not JSON and gets its own small reader. REST services first show the
//! request line (`GET /apis/{apiId}?maxResults=MaxResults HTTP/1.1`) or status line
//! (`HTTP/1.1 200`) and header lines (`X-Amz-Target: Name`), then a blank line and the
//! body: a JSON skeleton or the name of a binary payload member.

use super::page::{RequestLine, Skeleton, SyntaxBlock};

/// A problem in a syntax block, at a 0-based line and column inside the block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// 0-based line inside the block.
    pub line: usize,
    /// 0-based column (characters) inside that line.
    pub column: usize,
    /// What was expected.
    pub message: String,
}

const METHODS: &[&str] = &["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// Skeletons nest far less than this (the published pages, eight levels at most); the
/// bound keeps a hostile page from exhausting the stack, here and in every pass that
/// walks the skeleton.
const MAX_DEPTH: usize = 256;

/// Reads a syntax block's text. The block's `source` is left for the caller to set.
pub fn parse_syntax(text: &str) -> Result<SyntaxBlock, SyntaxError> {
    let mut block = SyntaxBlock::default();
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let Some(first) = first else {
        return Ok(block);
    };
    let head = lines[first].trim();
    let mut body_start = first;
    // `HTTP/1.1 200`, and `HTTP/2 200` for event streams.
    if let Some((_, status)) = head.split_once(' ').filter(|(v, _)| v.starts_with("HTTP/")) {
        let code = status.split_whitespace().next();
        block.status_line = code.and_then(|s| s.parse().ok());
        block.status_member = code
            .filter(|c| block.status_line.is_none() && is_placeholder_word(c))
            .map(str::to_string);
        body_start = read_headers(&lines, first + 1, &mut block);
    } else if let Some((method, rest)) = head.split_once(' ') {
        if METHODS.contains(&method) {
            block.request_line = Some(request_line(method, rest));
            body_start = read_headers(&lines, first + 1, &mut block);
        }
    }
    let body: Vec<&str> = lines[body_start..].to_vec();
    let Some(body_first) = body.iter().position(|l| !l.trim().is_empty()) else {
        return Ok(block);
    };
    let trimmed = body[body_first].trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let mut reader = Reader::new(&body);
        let skeleton = reader
            .value(0)
            .and_then(|skeleton| reader.end().map(|()| skeleton))
            .map_err(|err| SyntaxError {
                line: err.line + body_start,
                ..err
            })?;
        block.body = Some(skeleton);
    } else {
        let rest: Vec<&str> = body[body_first..]
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect();
        match rest.as_slice() {
            [name] if is_placeholder_word(name) => block.raw_body = Some((*name).to_string()),
            _ => {
                return Err(SyntaxError {
                    line: body_start + body_first,
                    column: 0,
                    message: "expected a JSON skeleton or one payload placeholder".into(),
                })
            }
        }
    }
    Ok(block)
}

fn is_placeholder_word(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '{' | '}' | '-'))
}

/// `/path/{label}?key=Value&flag HTTP/1.1` (`HTTP/2` for event streams)
fn request_line(method: &str, rest: &str) -> RequestLine {
    let rest = rest.trim();
    let target = match rest.rsplit_once(' ') {
        Some((target, version)) if version.starts_with("HTTP/") => target.trim(),
        _ => rest,
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let query = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) => (key.to_string(), Some(value.to_string())),
            None => (pair.to_string(), None),
        })
        .collect();
    RequestLine {
        method: method.to_string(),
        path: path.to_string(),
        query,
    }
}

/// Reads `Name: Placeholder` lines up to the first blank line; returns the body's
/// first line index.
fn read_headers(lines: &[&str], from: usize, block: &mut SyntaxBlock) -> usize {
    let mut at = from;
    while let Some(line) = lines.get(at) {
        let line = line.trim();
        if line.is_empty() {
            return at + 1;
        }
        match line.split_once(':') {
            Some((name, value)) if !name.contains(' ') && !name.contains('"') => {
                block
                    .headers
                    .push((name.trim().to_string(), value.trim().to_string()));
            }
            // No blank line before the body: the body starts here.
            _ => return at,
        }
        at += 1;
    }
    at
}

/// A cursor over the body lines.
struct Reader<'a> {
    lines: &'a [&'a str],
    line: usize,
    chars: Vec<char>,
    column: usize,
}

impl<'a> Reader<'a> {
    fn new(lines: &'a [&'a str]) -> Self {
        let chars = lines.first().map_or_else(Vec::new, |l| l.chars().collect());
        Self {
            lines,
            line: 0,
            chars,
            column: 0,
        }
    }

    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            line: self.line.min(self.lines.len().saturating_sub(1)),
            column: self.column,
            message: message.into(),
        }
    }

    /// The next non-blank character, moving across lines.
    fn peek(&mut self) -> Option<char> {
        loop {
            while let Some(c) = self.chars.get(self.column) {
                if c.is_whitespace() {
                    self.column += 1;
                } else {
                    return Some(*c);
                }
            }
            self.line += 1;
            let next = self.lines.get(self.line)?;
            self.chars = next.chars().collect();
            self.column = 0;
        }
    }

    fn bump(&mut self) {
        self.column += 1;
    }

    fn expect(&mut self, wanted: char) -> Result<(), SyntaxError> {
        match self.peek() {
            Some(c) if c == wanted => {
                self.bump();
                Ok(())
            }
            Some(c) => Err(self.error(format!("expected `{wanted}`, found `{c}`"))),
            None => Err(self.error(format!("expected `{wanted}`, found the end of the block"))),
        }
    }

    fn end(&mut self) -> Result<(), SyntaxError> {
        match self.peek() {
            None => Ok(()),
            Some(c) => Err(self.error(format!("unexpected `{c}` after the skeleton"))),
        }
    }

    /// A value nested in `depth` arrays and objects.
    fn value(&mut self, depth: usize) -> Result<Skeleton, SyntaxError> {
        match self.peek() {
            Some('{') => {
                // `{{number}}` is a bare placeholder, `{` an object.
                if self.chars.get(self.column + 1) == Some(&'{') {
                    return Ok(Skeleton::Bare(self.word()));
                }
                self.open('{', depth)?;
                self.object(depth)
            }
            Some('[') => {
                self.open('[', depth)?;
                self.array(depth)
            }
            Some('"') => Ok(Skeleton::Quoted(self.string()?)),
            Some(_) => {
                let word = self.words();
                if word.is_empty() {
                    Err(self.error("expected a value"))
                } else {
                    Ok(Skeleton::Bare(word))
                }
            }
            None => Err(self.error("expected a value, found the end of the block")),
        }
    }

    /// Steps over the `bracket` that opens an object or array at `depth`.
    fn open(&mut self, bracket: char, depth: usize) -> Result<(), SyntaxError> {
        if depth >= MAX_DEPTH {
            return Err(self.error(format!(
                "expected at most {MAX_DEPTH} levels of nesting, found another `{bracket}`"
            )));
        }
        self.bump();
        Ok(())
    }

    fn object(&mut self, depth: usize) -> Result<Skeleton, SyntaxError> {
        let mut members = Vec::new();
        // `{ ... }` stands for a union or a shape shown elsewhere.
        if self.peek() == Some('.') {
            self.word();
            self.expect('}')?;
            return Ok(Skeleton::Object(members));
        }
        if self.peek() == Some('}') {
            self.bump();
            return Ok(Skeleton::Object(members));
        }
        loop {
            if self.peek() != Some('"') {
                return Err(self.error("expected a quoted member name"));
            }
            let key = link_text(self.string()?);
            self.expect(':')?;
            let value = self.value(depth + 1)?;
            members.push((key, value));
            match self.peek() {
                Some(',') => {
                    self.bump();
                    // Tolerate a trailing comma before `}`.
                    if self.peek() == Some('}') {
                        self.bump();
                        return Ok(Skeleton::Object(members));
                    }
                }
                Some('}') => {
                    self.bump();
                    return Ok(Skeleton::Object(members));
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Skeleton, SyntaxError> {
        let mut items = Vec::new();
        loop {
            match self.peek() {
                Some(']') => {
                    self.bump();
                    return Ok(Skeleton::Array(items));
                }
                // `[ { ... } ]` may repeat items or end with `...`; keep the first.
                Some(',') => self.bump(),
                Some('.') => {
                    self.word();
                }
                Some(_) => items.push(self.value(depth + 1)?),
                None => return Err(self.error("expected `]`, found the end of the block")),
            }
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.expect('"')?;
        let mut out = String::new();
        while let Some(c) = self.chars.get(self.column).copied() {
            self.bump();
            match c {
                '"' => return Ok(out),
                '\\' => {
                    if let Some(next) = self.chars.get(self.column).copied() {
                        out.push(next);
                        self.bump();
                    }
                }
                c => out.push(c),
            }
        }
        Err(self.error("unterminated string"))
    }

    /// Bare words on one line: `number`, `JSON value`.
    fn words(&mut self) -> String {
        let mut out = self.word();
        loop {
            let mut at = self.column;
            while self.chars.get(at) == Some(&' ') {
                at += 1;
            }
            if out.is_empty()
                || at == self.column
                || !self.chars.get(at).is_some_and(|c| c.is_alphabetic())
            {
                return out;
            }
            self.column = at;
            out.push(' ');
            out.push_str(&self.word());
        }
    }

    /// A bare word: letters, digits, `_ . + -` and the `{{ }}` of placeholders.
    fn word(&mut self) -> String {
        let mut out = String::new();
        while let Some(c) = self.chars.get(self.column).copied() {
            if c.is_alphanumeric() || matches!(c, '_' | '.' | '+' | '-' | '{' | '}') {
                // A lone `}` closes an object; only `}}` belongs to a placeholder.
                if c == '}' && !out.contains("{{") {
                    break;
                }
                if c == '}' && out.ends_with("}}") {
                    break;
                }
                out.push(c);
                self.bump();
            } else {
                break;
            }
        }
        out
    }
}

/// A key written as a link to its docs, `[RoleArn](#anchor)` or `[RoleArn][3]`, is
/// the member name the link shows.
fn link_text(key: String) -> String {
    let Some(inner) = key.trim().strip_prefix('[') else {
        return key;
    };
    match inner.split_once(']') {
        Some((text, rest)) if rest.starts_with('(') || rest.starts_with('[') => {
            text.trim().to_string()
        }
        _ => key,
    }
}

impl Skeleton {
    /// The placeholder word without braces or quotes: `string`, `number`, `boolean`.
    pub fn placeholder(&self) -> Option<&str> {
        match self {
            Skeleton::Quoted(text) | Skeleton::Bare(text) => Some(
                text.trim()
                    .trim_start_matches("{{")
                    .trim_end_matches("}}")
                    .trim(),
            ),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_skeleton_with_both_placeholder_styles() {
        let block = parse_syntax(
            "{\n   \"a\": \"{{string}}\",\n   \"b\": {{number}},\n   \"c\": [ { \"d\": number } ],\n   \"e\": { ... }\n}\n",
        );
        let Ok(block) = block else {
            panic!("{block:?}")
        };
        assert_eq!(
            block.body,
            Some(Skeleton::Object(vec![
                ("a".into(), Skeleton::Quoted("{{string}}".into())),
                ("b".into(), Skeleton::Bare("{{number}}".into())),
                (
                    "c".into(),
                    Skeleton::Array(vec![Skeleton::Object(vec![(
                        "d".into(),
                        Skeleton::Bare("number".into())
                    )])])
                ),
                ("e".into(), Skeleton::Object(vec![])),
            ]))
        );
        assert!(block.request_line.is_none());
    }

    #[test]
    fn rest_request_line_headers_and_body() {
        let text = "PUT /apps/{appId}/tags?force=Force&verbose HTTP/1.1\nX-Amz-Token: Token\nContent-type: application/json\n\n{\n   \"tags\": { \"string\" : \"string\" }\n}\n";
        let Ok(block) = parse_syntax(text) else {
            panic!("unreadable")
        };
        let line = block.request_line.unwrap_or_default();
        assert_eq!(line.method, "PUT");
        assert_eq!(line.path, "/apps/{appId}/tags");
        assert_eq!(
            line.query,
            vec![
                ("force".into(), Some("Force".into())),
                ("verbose".into(), None)
            ]
        );
        assert_eq!(block.headers[0], ("X-Amz-Token".into(), "Token".into()));
        assert!(matches!(block.body, Some(Skeleton::Object(_))));
    }

    #[test]
    fn event_streams_speak_http2() {
        let Ok(block) = parse_syntax("POST /talk?x=X HTTP/2\nx-amz-rate: Rate\n\n{}\n") else {
            panic!("unreadable")
        };
        let line = block.request_line.unwrap_or_default();
        assert_eq!((line.path.as_str(), line.query.len()), ("/talk", 1));
        let Ok(block) = parse_syntax("HTTP/2 200\nx-amz-rate: Rate\n") else {
            panic!("unreadable")
        };
        assert_eq!(block.status_line, Some(200));
    }

    #[test]
    fn keys_written_as_links_and_bare_words() {
        let text = "{\n   \"[RoleArn](#x-request-RoleArn)\": \"string\",\n   \"[Doc][2]\": JSON value,\n   \"[Tags](API_Tag.md#x)\": [ number ]\n}";
        let Ok(block) = parse_syntax(text) else {
            panic!("unreadable")
        };
        assert_eq!(
            block.body,
            Some(Skeleton::Object(vec![
                ("RoleArn".into(), Skeleton::Quoted("string".into())),
                ("Doc".into(), Skeleton::Bare("JSON value".into())),
                (
                    "Tags".into(),
                    Skeleton::Array(vec![Skeleton::Bare("number".into())])
                ),
            ]))
        );
        // Brackets that are no link stay.
        assert_eq!(link_text("[a]".into()), "[a]");
    }

    #[test]
    fn binary_payload_and_status_line() {
        let Ok(block) = parse_syntax("HTTP/1.1 200\nX-Amz-Version: Version\n\nPayload\n") else {
            panic!("unreadable")
        };
        assert_eq!(block.status_line, Some(200));
        assert_eq!(block.raw_body.as_deref(), Some("Payload"));
    }

    #[test]
    fn truncated_skeletons_report_a_place() {
        let err = parse_syntax("{\n   \"a\": \"{{string}}\",\n   \"b\": ").err();
        assert!(matches!(err, Some(SyntaxError { line: 2, .. })), "{err:?}");
        assert!(parse_syntax("{\n \"a\" \"x\"\n}").is_err());
        assert!(parse_syntax("{ \"a\": \"unterminated }").is_err());
        assert!(parse_syntax("{}\n}").is_err());
    }

    #[test]
    fn nesting_is_bounded() {
        let nested = |depth: usize| {
            let text = format!("{}{{{{number}}}}{}", "[".repeat(depth), "]".repeat(depth));
            parse_syntax(&text)
        };
        assert!(nested(MAX_DEPTH).is_ok());
        let err = nested(MAX_DEPTH + 1).err();
        assert!(
            matches!(&err, Some(SyntaxError { line: 0, column, .. }) if *column == MAX_DEPTH),
            "{err:?}"
        );
    }
}
