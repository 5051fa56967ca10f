//! Splits a page into lines that remember their number and indentation.
//!
//! Every later stage works on slices of this one vector, so a page costs one
//! allocation for its lines and none per line.

/// One line of a page, without its line terminator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number in the page.
    pub number: u32,
    /// Leading spaces (a tab counts as one column, as boto3 never writes tabs).
    pub indent: usize,
    /// The text after the indentation, with trailing whitespace removed.
    pub text: &'a str,
}

impl Line<'_> {
    /// True for lines holding only whitespace.
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }

    /// 1-based column of byte `offset` within [`Line::text`].
    pub fn column_of(&self, offset: usize) -> u32 {
        to_u32(self.indent + offset + 1)
    }

    /// 1-based column of the first character of [`Line::text`].
    pub fn column(&self) -> u32 {
        self.column_of(0)
    }
}

/// Splits `text` into [`Line`]s, accepting `\n` and `\r\n` endings.
pub fn split(text: &str) -> Vec<Line<'_>> {
    let bytes = text.as_bytes();
    let count = bytes.iter().filter(|b| **b == b'\n').count() + 1;
    let mut out = Vec::with_capacity(count);
    let mut start = 0;
    let mut number = 1;
    while start <= bytes.len() {
        let end = text[start..].find('\n').map_or(bytes.len(), |i| start + i);
        // boto3 writes ASCII indentation and line ends only.
        let mut body_end = end;
        while body_end > start && matches!(bytes[body_end - 1], b' ' | b'\t' | b'\r') {
            body_end -= 1;
        }
        let mut body_start = start;
        while body_start < body_end && matches!(bytes[body_start], b' ' | b'\t') {
            body_start += 1;
        }
        out.push(Line {
            number: to_u32(number),
            indent: body_start - start,
            text: &text[body_start..body_end],
        });
        number += 1;
        start = end + 1;
    }
    // A final newline leaves one empty line behind that the page does not have.
    if text.ends_with('\n') {
        out.pop();
    }
    out
}

/// Saturating conversion for line and column numbers.
pub fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_numbers_and_indentation() {
        let lines = split("a\r\n  b  \n\n    c\n");
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].text, "a");
        assert!(split("").len() == 1 && split("x").len() == 1);
        assert_eq!(
            (lines[1].number, lines[1].indent, lines[1].text),
            (2, 2, "b")
        );
        assert!(lines[2].is_blank());
        assert_eq!(lines[3].column(), 5);
    }
}
