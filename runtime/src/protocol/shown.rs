//! Server text in messages: escaped and cut short.

use std::fmt::{self, Write as _};

/// Characters of one server text that a message shows; the rest is left out, marked
/// `…`.
const SHOWN_CHARS: usize = 512;

/// Displays server text (an error message, code or request id) so that it cannot act
/// on a terminal or a log: line breaks, tabs and the other control characters (C0,
/// DEL, C1) and the Unicode controls that reorder text or break lines are written as
/// escapes (`\n`, `\r`, `\t`, `\u{1b}`), and only the first 512 characters are shown,
/// then `…`.
pub(crate) struct Shown<'a>(pub(crate) &'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut chars = self.0.chars();
        for c in chars.by_ref().take(SHOWN_CHARS) {
            match c {
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                c if needs_escape(c) => write!(f, "\\u{{{:x}}}", u32::from(c))?,
                c => f.write_char(c)?,
            }
        }
        if chars.next().is_some() {
            f.write_char('…')?;
        }
        Ok(())
    }
}

/// Control characters, and the bidirectional and line-breaking format characters that
/// can make a message read otherwise than it is.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{61c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> String {
        Shown(text).to_string()
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(shown("a\r\nb\tc"), "a\\r\\nb\\tc");
        assert_eq!(shown("\u{1b}[31mred\u{1b}[0m"), "\\u{1b}[31mred\\u{1b}[0m");
        assert_eq!(
            shown("\0\u{7}\u{7f}\u{85}\u{9b}"),
            "\\u{0}\\u{7}\\u{7f}\\u{85}\\u{9b}"
        );
        assert_eq!(
            shown("\u{202e}abc\u{2066}\u{2028}"),
            "\\u{202e}abc\\u{2066}\\u{2028}"
        );
    }

    #[test]
    fn other_text_is_shown_as_it_is() {
        let text = "Rate exceeded: \"x\" \\ é 😀 日本 ~";
        assert_eq!(shown(text), text);
        assert_eq!(shown(""), "");
    }

    #[test]
    fn long_text_is_cut_after_512_characters() {
        let exact = "é".repeat(512);
        assert_eq!(shown(&exact), exact);
        let long = "é".repeat(513);
        assert_eq!(shown(&long), format!("{exact}…"));
        let escapes = shown(&"\n".repeat(10_000));
        assert_eq!(escapes, format!("{}…", "\\n".repeat(512)));
    }
}
