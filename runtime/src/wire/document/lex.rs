//! The JSON tokenizer under both JSON readers: the JSON codec's (`codec::json`), which
//! reads bodies into generated types, and [`super::Document::from_json`], which reads
//! credential files, processes and servers, waiter literals and JSON-valued headers.
//! Always built, whichever codecs are: a cursor over the text's bytes that reads one
//! token at a time, with no intermediate tree and no recursion except in
//! [`Cursor::skip_value`], which is bounded by [`MAX_DEPTH`].

use std::borrow::Cow;

use crate::schema::ReadError;

/// The deepest nesting of arrays and objects read (as serde_json's limit): hostile
/// input cannot overflow the stack, and DynamoDB's 32 levels of nested attribute
/// values (two JSON levels each) fit.
pub(crate) const MAX_DEPTH: usize = 128;

/// Why a token could not be read: what was expected or wrong, where, and what was
/// found there. The JSON codec words it as a [`ReadError`], a document as a
/// [`super::DocumentParseError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LexError {
    /// What was expected or wrong (`expected a string`).
    pub(crate) what: &'static str,
    /// The byte offset.
    pub(crate) at: usize,
    found: Found,
}

/// What an error names as found at its offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Found {
    Byte(u8),
    End,
    /// Nothing: the text before says it (invalid UTF-8).
    Unsaid,
}

impl From<LexError> for ReadError {
    #[cold]
    fn from(e: LexError) -> Self {
        let LexError { what, at, found } = e;
        ReadError::new(match found {
            Found::End => format!("{what} at the end of the body (byte {at})"),
            Found::Byte(b) if b.is_ascii_graphic() => {
                format!("{what} at byte {at}, found `{}`", char::from(b))
            }
            Found::Byte(b) => format!("{what} at byte {at}, found 0x{b:02x}"),
            Found::Unsaid => format!("{what} at byte {at}"),
        })
    }
}

/// A number token: its text and whether it is written as an integer.
pub(crate) struct Number<'a> {
    pub(crate) text: &'a str,
    pub(crate) integer: bool,
}

/// A position in a JSON text.
#[derive(Debug)]
pub(crate) struct Cursor<'a> {
    pub(crate) input: &'a [u8],
    pub(crate) pos: usize,
}

impl<'a> Cursor<'a> {
    /// An error naming what was expected, where, and what is there.
    #[cold]
    pub(crate) fn error(&self, what: &'static str) -> LexError {
        LexError {
            what,
            at: self.pos,
            found: match self.input.get(self.pos) {
                None => Found::End,
                Some(&b) => Found::Byte(b),
            },
        }
    }

    /// Skips whitespace and returns the next byte without consuming it.
    #[inline]
    pub(crate) fn peek(&mut self) -> Option<u8> {
        match self.input.get(self.pos) {
            // Every byte that starts a token is above the space: one test when no
            // whitespace comes first, as between most tokens.
            Some(&b) if b > b' ' => Some(b),
            _ => self.peek_after_whitespace(),
        }
    }

    /// [`Self::peek`] where whitespace may come first.
    #[inline]
    fn peek_after_whitespace(&mut self) -> Option<u8> {
        while let Some(&b) = self.input.get(self.pos) {
            if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    /// Consumes `byte` after whitespace, or fails naming `what`.
    #[inline]
    pub(crate) fn expect(&mut self, byte: u8, what: &'static str) -> Result<(), LexError> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(what))
        }
    }

    /// Consumes `word` (`true`, `null`, ...) when it comes next. Its first byte is
    /// tested first: the readers ask for `null` before every member's value.
    #[inline]
    pub(crate) fn eat(&mut self, word: &[u8]) -> bool {
        if self.peek() == word.first().copied() && self.input[self.pos..].starts_with(word) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    /// After an element or member: true when another follows (`,` consumed), false
    /// at the `close` byte (consumed).
    #[inline]
    pub(crate) fn next_or_close(&mut self, close: u8) -> Result<bool, LexError> {
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            Some(b) if b == close => {
                self.pos += 1;
                Ok(false)
            }
            _ => Err(self.error(if close == b']' {
                "expected `,` or `]`"
            } else {
                "expected `,` or `}`"
            })),
        }
    }

    /// Reads a string token, borrowing it from the input when it has no escapes.
    /// Inlined everywhere: called out of line, its `Cow` comes back through memory and
    /// is pieced together again, which cost more than the reading.
    #[inline(always)]
    pub(crate) fn string(&mut self) -> Result<Cow<'a, str>, LexError> {
        self.expect(b'"', "expected a string")?;
        let start = self.pos;
        let input = self.input;
        // Most strings (keys, names, numbers of DynamoDB) are short ASCII: found
        // ending in the first sixteen bytes, they are read here, the rest out of line.
        #[cfg(target_arch = "x86_64")]
        if let Some((end, true)) = sse2::first_chunk(input, start) {
            if input[end] == b'"' {
                self.pos = end + 1;
                // SAFETY: every byte of the run is below 0x80, so it is UTF-8.
                return Ok(Cow::Borrowed(unsafe {
                    std::str::from_utf8_unchecked(&input[start..end])
                }));
            }
        }
        self.string_rest(start)
    }

    /// [`Self::string`] after its opening quote at `start - 1`, for any string.
    #[inline(never)]
    fn string_rest(&mut self, start: usize) -> Result<Cow<'a, str>, LexError> {
        let input = self.input;
        let (at, ascii) = scan_plain(input, start);
        match input.get(at) {
            Some(b'"') => {
                self.pos = at + 1;
                let bytes = &input[start..at];
                if ascii {
                    // SAFETY: every byte of `bytes` is below 0x80, so it is UTF-8.
                    Ok(Cow::Borrowed(unsafe {
                        std::str::from_utf8_unchecked(bytes)
                    }))
                } else {
                    self.utf8(start, bytes).map(Cow::Borrowed)
                }
            }
            Some(b'\\') => {
                self.pos = at;
                self.escaped(start, ascii).map(Cow::Owned)
            }
            Some(_) => {
                self.pos = at;
                Err(self.error("control character in a string"))
            }
            None => {
                self.pos = at;
                Err(self.error("unterminated string"))
            }
        }
    }

    fn utf8(&self, start: usize, bytes: &'a [u8]) -> Result<&'a str, LexError> {
        std::str::from_utf8(bytes).map_err(|e| LexError {
            what: "invalid UTF-8 in a string",
            at: start + e.valid_up_to(),
            found: Found::Unsaid,
        })
    }

    /// The rest of a string with escapes, from its start; `pos` is at the first `\`,
    /// `ascii` says whether the text before it was all ASCII.
    fn escaped(&mut self, start: usize, mut ascii: bool) -> Result<String, LexError> {
        let input = self.input;
        let mut out = String::with_capacity(self.pos - start + 16);
        let mut run = start;
        loop {
            if ascii {
                // SAFETY: every byte of the run is below 0x80, so it is UTF-8.
                out.push_str(unsafe { std::str::from_utf8_unchecked(&input[run..self.pos]) });
            } else {
                out.push_str(self.utf8(run, &input[run..self.pos])?);
            }
            match input.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escape = input.get(self.pos).copied();
                    self.pos += 1;
                    out.push(match escape {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        _ => {
                            self.pos -= 1;
                            return Err(self.error("invalid escape in a string"));
                        }
                    });
                    run = self.pos;
                    (self.pos, ascii) = scan_plain(input, run);
                }
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    /// The character of a `\uXXXX` escape (and of the low surrogate's escape after a
    /// high one); `pos` is after the `u`.
    fn unicode_escape(&mut self) -> Result<char, LexError> {
        let high = self.hex4()?;
        let code = match high {
            0xd800..=0xdbff => {
                if !self.input[self.pos..].starts_with(b"\\u") {
                    return Err(self.error("lone surrogate in a string escape"));
                }
                self.pos += 2;
                let low = self.hex4()?;
                if !(0xdc00..=0xdfff).contains(&low) {
                    return Err(self.error("lone surrogate in a string escape"));
                }
                0x10000 + ((u32::from(high) - 0xd800) << 10) + (u32::from(low) - 0xdc00)
            }
            0xdc00..=0xdfff => return Err(self.error("lone surrogate in a string escape")),
            _ => u32::from(high),
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid string escape"))
    }

    fn hex4(&mut self) -> Result<u16, LexError> {
        let digits = self
            .input
            .get(self.pos..self.pos + 4)
            .and_then(|d| std::str::from_utf8(d).ok())
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|d| u16::from_str_radix(d, 16).ok())
            .ok_or_else(|| self.error("invalid `\\u` escape in a string"))?;
        self.pos += 4;
        Ok(digits)
    }

    /// Reads a number token (JSON's grammar: `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`).
    pub(crate) fn number(&mut self) -> Result<Number<'a>, LexError> {
        self.peek();
        let input = self.input;
        let start = self.pos;
        let mut at = start;
        let digits = |at: &mut usize| {
            let from = *at;
            while input.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at - from
        };
        if input.get(at) == Some(&b'-') {
            at += 1;
        }
        let whole = digits(&mut at);
        if whole == 0 || (whole > 1 && input[at - whole] == b'0') {
            return Err(self.error("expected a number"));
        }
        let mut integer = true;
        if input.get(at) == Some(&b'.') {
            at += 1;
            integer = false;
            if digits(&mut at) == 0 {
                self.pos = at;
                return Err(self.error("expected a digit after the decimal point"));
            }
        }
        if matches!(input.get(at), Some(b'e' | b'E')) {
            at += 1;
            integer = false;
            if matches!(input.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            if digits(&mut at) == 0 {
                self.pos = at;
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        self.pos = at;
        let text = std::str::from_utf8(&input[start..at]).expect("ASCII digits and signs");
        Ok(Number { text, integer })
    }

    /// Skips one value of any kind, checking its syntax.
    #[cfg(feature = "json")]
    pub(crate) fn skip_value(&mut self, depth: usize) -> Result<(), LexError> {
        match self.peek() {
            Some(b'"') => self.string().map(drop),
            Some(open @ (b'[' | b'{')) => {
                if depth >= MAX_DEPTH {
                    return Err(self.error("nesting deeper than 128 levels"));
                }
                self.pos += 1;
                let close = if open == b'[' { b']' } else { b'}' };
                if self.peek() == Some(close) {
                    self.pos += 1;
                    return Ok(());
                }
                loop {
                    if open == b'{' {
                        self.string()?;
                        self.expect(b':', "expected `:`")?;
                    }
                    self.skip_value(depth + 1)?;
                    if !self.next_or_close(close)? {
                        return Ok(());
                    }
                }
            }
            Some(b't') if self.eat(b"true") => Ok(()),
            Some(b'f') if self.eat(b"false") => Ok(()),
            Some(b'n') if self.eat(b"null") => Ok(()),
            Some(b'N') if self.eat(b"NaN") => Ok(()),
            Some(b'I') if self.eat(b"Infinity") => Ok(()),
            Some(b'-') if self.eat(b"-Infinity") => Ok(()),
            _ => self.number().map(drop),
        }
    }
}

/// From `at`, the offset of the first byte that ends a plain run of string text (`"`,
/// `\\` or a control character; the input's length when none does), and whether the
/// run was all ASCII. Sixteen bytes at a time where SSE2 is there (every x86-64), eight
/// elsewhere: most strings are a few dozen bytes of ASCII, some (descriptions, the
/// text of items) hundreds, and this scan is the reader's innermost loop.
#[inline]
fn scan_plain(input: &[u8], at: usize) -> (usize, bool) {
    #[cfg(target_arch = "x86_64")]
    let (at, high) = match sse2::scan(input, at) {
        (at, high, true) => return (at, !high),
        (at, high, false) => (at, high),
    };
    #[cfg(not(target_arch = "x86_64"))]
    let (at, high) = (at, false);
    let (mut at, high) = swar_scan(input, at, high);
    let mut ascii = !high;
    while let Some(&b) = input.get(at) {
        match b {
            b'"' | b'\\' | 0..=0x1f => break,
            0x80.. => ascii = false,
            _ => {}
        }
        at += 1;
    }
    (at, ascii)
}

/// Eight bytes at a time up to the first chunk holding a byte that ends the run; `high`
/// is set when a byte skipped is not ASCII.
#[inline]
fn swar_scan(input: &[u8], mut at: usize, high: bool) -> (usize, bool) {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // A byte of `x` is zero exactly where this has its high bit set (for the first
    // such byte; later ones may be flagged falsely, which only ends the fast loop).
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut bits = 0u64;
    while let Some(chunk) = input.get(at..at + 8) {
        let w = u64::from_ne_bytes(chunk.try_into().expect("eight bytes"));
        // Control characters (below 0x20) among the ASCII bytes, quotes, backslashes.
        let stop = (w.wrapping_sub(ONES * 0x20) & !w & HIGH)
            | zero(w ^ (ONES * u64::from(b'"')))
            | zero(w ^ (ONES * u64::from(b'\\')));
        if stop != 0 {
            break;
        }
        bits |= w & HIGH;
        at += 8;
    }
    (at, high || bits != 0)
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };

    /// In the sixteen bytes from `at`, when there are sixteen: the offset of the first
    /// `"`, `\\` or control character, if one is there, and whether the bytes before it
    /// are all ASCII.
    #[inline]
    pub(super) fn first_chunk(input: &[u8], at: usize) -> Option<(usize, bool)> {
        let chunk = input.get(at..at + 16)?;
        // SAFETY: as in `scan`.
        let (stop, high) = unsafe { masks(chunk) };
        if stop == 0 {
            return None;
        }
        let n = stop.trailing_zeros();
        Some((at + n as usize, high & ((1 << n) - 1) == 0))
    }

    /// The stop mask (`"`, `\\`, control characters) and the high-bit mask of sixteen
    /// bytes.
    ///
    /// # Safety
    /// `chunk` holds at least sixteen bytes.
    #[inline]
    unsafe fn masks(chunk: &[u8]) -> (i32, i32) {
        // SAFETY: SSE2 is part of x86-64; the load reads sixteen bytes of `chunk`,
        // which the caller guarantees, and needs no alignment.
        unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
            let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
            // Unsigned `v <= 0x1f`: the maximum of the two is 0x1f exactly then.
            let limit = _mm_set1_epi8(0x1f);
            let control = _mm_cmpeq_epi8(_mm_max_epu8(v, limit), limit);
            let stop = _mm_or_si128(_mm_or_si128(quote, backslash), control);
            (_mm_movemask_epi8(stop), _mm_movemask_epi8(v))
        }
    }

    /// Sixteen bytes at a time up to the first `"`, `\\` or control character: its
    /// offset, whether a byte before it is not ASCII, and whether one was found (else
    /// fewer than sixteen bytes are left to look at).
    #[inline]
    pub(super) fn scan(input: &[u8], mut at: usize) -> (usize, bool, bool) {
        let mut high = 0;
        while let Some(chunk) = input.get(at..at + 16) {
            // SAFETY: `chunk` is sixteen bytes.
            let (stop, h) = unsafe { masks(chunk) };
            if stop != 0 {
                let n = stop.trailing_zeros();
                high |= h & ((1 << n) - 1);
                return (at + n as usize, high != 0, true);
            }
            high |= h;
            at += 16;
        }
        (at, high != 0, false)
    }
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    /// Strings of every length around the eight- and sixteen-byte scans, with one
    /// special byte or sequence at every position, read as serde_json reads them (or
    /// refused by both), at the end of the input and followed by more: short strings
    /// with sixteen bytes after their start take the reader's first-chunk path.
    #[test]
    fn strings_read_as_serde_json_reads_them_at_every_offset() {
        let specials: &[&[u8]] = &[
            b"x",
            b"\\\"",
            b"\\\\",
            b"\\n",
            b"\\u00e9",
            b"\\ud83d\\ude00",
            "é".as_bytes(),
            "😀".as_bytes(),
            b"\x7f",
            b"\xff",
            b"\xc3",
            b"\x01",
            b"\x1f",
            b"\\x",
            b"\"",
        ];
        for len in 0..40 {
            for at in 0..=len {
                for special in specials {
                    let mut text = b"\"".to_vec();
                    text.extend(std::iter::repeat_n(b'a', at));
                    text.extend_from_slice(special);
                    text.extend(std::iter::repeat_n(b'b', len - at));
                    text.push(b'"');
                    // serde_json reads the string token alone; a quote in the middle ends
                    // it early, which leaves text after it (an error for both: ours
                    // leaves the rest unread, so compare the token only).
                    let theirs: Result<String, _> = serde_json::from_slice(&text);
                    for tail in [&b""[..], b", \"more text after it\""] {
                        let input = [&text[..], tail].concat();
                        let mut cursor = Cursor {
                            input: &input,
                            pos: 0,
                        };
                        let ours = cursor.string();
                        match (ours, &theirs) {
                            (Ok(ours), Ok(theirs)) => {
                                assert_eq!(&ours, theirs, "{input:?}");
                                assert_eq!(cursor.pos, text.len(), "{input:?}");
                            }
                            (Err(_), Err(_)) => {}
                            (Ok(ours), Err(_)) if *special == b"\"" => {
                                assert_eq!(ours, "a".repeat(at), "{input:?}");
                            }
                            (ours, theirs) => {
                                panic!("{input:?}: ours {ours:?}, serde_json {theirs:?}")
                            }
                        }
                    }
                }
            }
        }
    }
}
