//! reST inline markup → Markdown.
//!
//! boto3 pages use a small, regular subset of reST inline markup (written by
//! botocore's HTML-to-reST converter), translated here as:
//!
//! | reST                              | Markdown              |
//! |-----------------------------------|-----------------------|
//! | ``` ``code`` ```                  | `` `code` ``          |
//! | `` `text <url>`__ `` (or `_`)     | `[text](url)`         |
//! | `` :py:meth:`X.y` `` and other roles | `` `X.y` ``         |
//! | `` :doc:`text <target>` ``          | `text`                |
//! | `*em*`, `**strong**`              | unchanged             |
//! | bare `https://...`                | `<https://...>`       |
//!
//! Characters that Markdown would read as markup although reST did not
//! (`[`, `]`, `<`, `>`, a lone backtick or asterisk) are escaped, so doc text
//! never turns into accidental links or HTML tags.

/// Appends the Markdown form of one run of reST inline text to `out`.
pub fn to_markdown(text: &str, out: &mut String) {
    if !text.bytes().any(is_special) {
        out.push_str(text);
        return;
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut plain_start = 0;
    let mut unclosed = Unclosed::default();
    while i < bytes.len() {
        let b = bytes[i];
        if !is_special(b) {
            i += 1;
            continue;
        }
        let consumed = match b {
            b'`' => inline_literal(text, i, out, plain_start)
                .or_else(|| reference(text, i, out, plain_start)),
            b':' => role(text, i, out, plain_start),
            b'*' => emphasis(text, i, out, plain_start, &mut unclosed),
            b'h' => bare_url(text, i, out, plain_start),
            b'\\' => Some(escaped(text, i, out, plain_start)),
            b'[' | b']' | b'<' | b'>' => {
                flush(text, plain_start, i, out);
                out.push('\\');
                out.push(char::from(b));
                Some(i + 1)
            }
            _ => None,
        };
        match consumed {
            Some(next) => {
                i = next;
                plain_start = next;
            }
            None => {
                if b == b'`' || b == b'*' {
                    // A delimiter reST left as text: keep it text in Markdown too.
                    flush(text, plain_start, i, out);
                    out.push('\\');
                    out.push(char::from(b));
                    plain_start = i + 1;
                }
                i += 1;
            }
        }
    }
    flush(text, plain_start, bytes.len(), out);
}

/// Convenience wrapper returning a new string.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    to_markdown(text, &mut out);
    out
}

fn is_special(b: u8) -> bool {
    matches!(
        b,
        b'`' | b':' | b'*' | b'\\' | b'[' | b']' | b'<' | b'>' | b'h'
    )
}

fn flush(text: &str, from: usize, to: usize, out: &mut String) {
    if from < to {
        out.push_str(&text[from..to]);
    }
}

/// reST inline markup may only start after whitespace, an opening bracket or
/// punctuation, so `a*b` is not emphasis.
fn can_start(text: &str, at: usize) -> bool {
    match text[..at].chars().next_back() {
        None => true,
        Some(c) => c.is_whitespace() || "([{<'\"-/:".contains(c),
    }
}

/// ``` ``code`` ``` → a Markdown code span.
fn inline_literal(text: &str, at: usize, out: &mut String, plain: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    if !rest.starts_with("``") {
        return None;
    }
    let body_start = at + 2;
    let close = text.get(body_start..)?.find("``")? + body_start;
    let mut end = close + 2;
    // ``a``` closes at the last backtick of the run, as reST does.
    while text.as_bytes().get(end) == Some(&b'`') {
        end += 1;
    }
    let body = &text[body_start..end - 2];
    if body.is_empty() {
        return None;
    }
    flush(text, plain, at, out);
    code_span(body, out);
    Some(end)
}

/// Writes `body` as a code span whose fence is longer than any backtick run in it.
fn code_span(body: &str, out: &mut String) {
    let mut longest = 0;
    let mut run = 0;
    for b in body.bytes() {
        if b == b'`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let pad = body.starts_with('`') || body.ends_with('`');
    out.push_str(&fence);
    if pad {
        out.push(' ');
    }
    out.push_str(body);
    if pad {
        out.push(' ');
    }
    out.push_str(&fence);
}

/// `` `text <url>`_ ``, `` `text <url>`__ ``, `` `text`_ `` and `` `text` ``.
fn reference(text: &str, at: usize, out: &mut String, plain: usize) -> Option<usize> {
    let body_start = at + 1;
    let close = text.get(body_start..)?.find('`')? + body_start;
    let body = &text[body_start..close];
    if body.is_empty() {
        return None;
    }
    let mut end = close + 1;
    let underscores = text[end..].bytes().take_while(|&b| b == b'_').count();
    end += underscores.min(2);
    flush(text, plain, at, out);
    match split_target(body) {
        Some((label, url)) if underscores > 0 => link(label, url, out),
        _ if underscores > 0 => to_markdown(body, out),
        // Interpreted text without a role: Sphinx shows it as code.
        _ => code_span(body, out),
    }
    Some(end)
}

/// Splits `text <target>` into its two parts.
fn split_target(body: &str) -> Option<(&str, &str)> {
    let body = body.trim_end();
    let inner = body.strip_suffix('>')?;
    let open = inner.rfind('<')?;
    Some((inner[..open].trim_end(), inner[open + 1..].trim()))
}

fn link(label: &str, url: &str, out: &mut String) {
    if label.is_empty() {
        out.push('<');
        out.push_str(url);
        out.push('>');
        return;
    }
    out.push('[');
    let start = out.len();
    to_markdown(label, out);
    // A link label cannot hold another link: undo autolinks made from the label.
    if out[start..].contains("](") {
        let plain = label.replace('[', "\\[").replace(']', "\\]");
        out.truncate(start);
        out.push_str(&plain);
    }
    out.push_str("](");
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            _ => out.push(c),
        }
    }
    out.push(')');
}

/// `` :role:`content` `` → code span (API references) or plain text (document links).
fn role(text: &str, at: usize, out: &mut String, plain: usize) -> Option<usize> {
    if !can_start(text, at) {
        return None;
    }
    let rest = &text[at + 1..];
    // Role names are short; looking no further keeps a long run of name characters
    // (`a:b:c:...`) from being scanned again at each colon.
    let name_len = rest
        .bytes()
        .take(64)
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_'))
        .count();
    let name = rest.get(..name_len)?.strip_suffix(':')?;
    if name.is_empty() || rest.as_bytes().get(name_len) != Some(&b'`') {
        return None;
    }
    let body_start = at + 1 + name_len + 1;
    let close = text.get(body_start..)?.find('`')? + body_start;
    let body = &text[body_start..close];
    flush(text, plain, at, out);
    let (label, target) = match split_target(body) {
        Some((label, target)) => (label, target),
        None => ("", body),
    };
    match name {
        "doc" | "ref" | "term" => {
            let shown = if label.is_empty() { target } else { label };
            to_markdown(shown, out);
        }
        _ => {
            let shown = if label.is_empty() { target } else { label };
            code_span(shown.trim_start_matches(['~', '.']), out);
        }
    }
    Some(close + 1)
}

/// Where searches for a closing `*` and `**` found none: from there to the end of the
/// text, there is none. Whether a delimiter closes does not depend on where its opener
/// is, so a later opener need not search again; without this, a line of unclosed
/// openers took time quadratic in its length.
#[derive(Default)]
struct Unclosed {
    emphasis: Option<usize>,
    strong: Option<usize>,
}

/// `*em*` and `**strong**`, kept as they are when well-formed.
fn emphasis(
    text: &str,
    at: usize,
    out: &mut String,
    plain: usize,
    unclosed: &mut Unclosed,
) -> Option<usize> {
    if !can_start(text, at) {
        return None;
    }
    let (delim, none_after) = if text[at..].starts_with("**") {
        ("**", &mut unclosed.strong)
    } else {
        ("*", &mut unclosed.emphasis)
    };
    let body_start = at + delim.len();
    let first = text[body_start..].chars().next()?;
    if first.is_whitespace() || first == '*' {
        return None;
    }
    if none_after.is_some_and(|from| body_start >= from) {
        return None;
    }
    let mut search = body_start;
    loop {
        let Some(found) = text.get(search..).and_then(|rest| rest.find(delim)) else {
            *none_after = Some(body_start);
            return None;
        };
        let close = found + search;
        let before = text[..close].chars().next_back()?;
        let after = text[close + delim.len()..].chars().next();
        let closes = !before.is_whitespace()
            && close > body_start
            && (delim == "**" || after != Some('*'))
            && after.is_none_or(|c| !c.is_alphanumeric());
        if closes {
            flush(text, plain, at, out);
            out.push_str(delim);
            to_markdown(&text[body_start..close], out);
            out.push_str(delim);
            return Some(close + delim.len());
        }
        search = close + delim.len();
    }
}

/// `http://...` and `https://...` outside links become autolinks.
fn bare_url(text: &str, at: usize, out: &mut String, plain: usize) -> Option<usize> {
    let rest = &text[at..];
    if !(rest.starts_with("https://") || rest.starts_with("http://")) || !can_start(text, at) {
        return None;
    }
    let mut len = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '`' | '"'))
        .unwrap_or(rest.len());
    // Sentence punctuation after a URL is not part of it.
    while len > 0 && rest[..len].ends_with(['.', ',', ';', ':', ')', '\'', '!', '?']) {
        len -= 1;
    }
    let url = &rest[..len];
    if url.len() <= "https://".len() {
        return None;
    }
    flush(text, plain, at, out);
    out.push('<');
    out.push_str(url);
    out.push('>');
    Some(at + len)
}

/// A backslash. botocore's HTML-to-reST writer escapes only the colons of link texts
/// (`\:`); every other backslash is the source docs' own (`^\d+$`, `C:\\Windows`),
/// which reST would drop, so it stays, escaped for Markdown.
fn escaped(text: &str, at: usize, out: &mut String, plain: usize) -> usize {
    flush(text, plain, at, out);
    if text[at + 1..].starts_with(':') {
        out.push(':');
        return at + 2;
    }
    out.push_str("\\\\");
    at + 1
}

#[cfg(test)]
mod tests {
    use super::markdown;

    #[test]
    fn code_links_and_roles() {
        assert_eq!(markdown("Set ``true`` here"), "Set `true` here");
        assert_eq!(
            markdown("see `Do you modify my app? <http://aws.amazon.com/x/>`__ now"),
            "see [Do you modify my app?](http://aws.amazon.com/x/) now"
        );
        assert_eq!(
            markdown("from :py:meth:`AppStream.Client.describe_sessions`."),
            "from `AppStream.Client.describe_sessions`."
        );
        assert_eq!(
            markdown(":doc:`DeviceFarm <../../devicefarm>`"),
            "DeviceFarm"
        );
        assert_eq!(
            markdown("`user guide <https://x.y/z>`_."),
            "[user guide](https://x.y/z)."
        );
    }

    #[test]
    fn emphasis_and_escapes() {
        assert_eq!(markdown("in the *AWS FAQs*."), "in the *AWS FAQs*.");
        assert_eq!(markdown("**[REQUIRED]**"), "**\\[REQUIRED\\]**");
        assert_eq!(markdown("a [b] <c>"), "a \\[b\\] \\<c\\>");
        assert_eq!(markdown("5 * 3"), "5 \\* 3");
        assert_eq!(markdown("`` ` ``"), "`` ` ``");
        // Backslashes are the source's, but for botocore's escaped colons in link texts.
        assert_eq!(markdown("^\\d+$"), "^\\\\d+$");
        assert_eq!(
            markdown("C:\\\\W \\[x\\] \\"),
            "C:\\\\\\\\W \\\\\\[x\\\\\\] \\\\"
        );
        assert_eq!(
            markdown("`Concepts\\: Version <https://x.y/z>`__"),
            "[Concepts: Version](https://x.y/z)"
        );
    }

    #[test]
    fn bare_urls_are_wrapped() {
        assert_eq!(
            markdown("Go to https://aws.amazon.com/x."),
            "Go to <https://aws.amazon.com/x>."
        );
        assert_eq!(markdown("the hostname"), "the hostname");
    }

    #[test]
    fn unterminated_markup_stays_text() {
        assert_eq!(markdown("``open"), "\\`\\`open");
        assert_eq!(markdown(":py:meth:`open"), ":py:meth:\\`open");
        assert_eq!(markdown("*open"), "\\*open");
    }
}
