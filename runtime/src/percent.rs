//! Percent-encoding as botocore does it, one table-driven encoder for every use: URI
//! labels and query strings of the REST protocols (botocore's `percent_encode`), form
//! bodies of the query protocols (Python's `quote_plus`), and SigV4's canonical paths
//! and presigned URLs. They differ only in which bytes pass as they are ([`Safe`]) and
//! whether a space becomes `+`.

/// The bytes that pass unencoded: a table indexed by byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Safe([bool; 256]);

impl Safe {
    /// RFC 3986's unreserved characters, which Python's `quote` never encodes: ASCII
    /// letters, digits and `-._~`.
    pub(crate) const UNRESERVED: Safe = Safe([false; 256])
        .with_all(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~");

    /// This set and the ASCII bytes of `bytes` (others are ignored: a byte outside
    /// ASCII is part of a multi-byte character, never safe alone).
    pub(crate) const fn with_all(self, bytes: &[u8]) -> Safe {
        let mut table = self.0;
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii() {
                table[bytes[i] as usize] = true;
            }
            i += 1;
        }
        Safe(table)
    }

    fn contains(&self, byte: u8) -> bool {
        self.0[usize::from(byte)]
    }
}

/// Appends `text` to `out`, every byte of its UTF-8 outside `safe` as `%XX` (upper-case
/// hex); with `space_as_plus`, a space as `+` instead, as Python's `quote_plus` does.
pub(crate) fn encode_into(out: &mut String, text: &str, safe: &Safe, space_as_plus: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = text.as_bytes();
    // Runs of safe bytes are copied whole. Safe bytes are ASCII, so a run starts and
    // ends on character boundaries: it is valid text to slice.
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if safe.contains(b) {
            continue;
        }
        if run < i {
            out.push_str(&text[run..i]);
        }
        if space_as_plus && b == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
        run = i + 1;
    }
    if run < bytes.len() {
        out.push_str(&text[run..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &str, safe: Safe, space_as_plus: bool) -> String {
        let mut out = String::new();
        encode_into(&mut out, text, &safe, space_as_plus);
        out
    }

    // The expected strings are what CPython 3 prints for `quote(text, safe=...)` and
    // `quote_plus(text, safe='')`.
    #[test]
    fn encodes_as_pythons_quote_and_quote_plus() {
        let text = "a/b c+é~_.-*%";
        assert_eq!(
            encode(text, Safe::UNRESERVED, false),
            "a%2Fb%20c%2B%C3%A9~_.-%2A%25"
        );
        assert_eq!(
            encode(text, Safe::UNRESERVED.with_all(b"/"), false),
            "a/b%20c%2B%C3%A9~_.-%2A%25"
        );
        assert_eq!(
            encode(text, Safe::UNRESERVED, true),
            "a%2Fb+c%2B%C3%A9~_.-%2A%25"
        );
    }

    #[test]
    fn exactly_the_unreserved_bytes_pass() {
        for b in 0..=255u8 {
            let unreserved = b.is_ascii_alphanumeric() || b"-._~".contains(&b);
            assert_eq!(Safe::UNRESERVED.contains(b), unreserved, "{b}");
            assert_eq!(
                Safe::UNRESERVED.with_all(&[b]).contains(b),
                b.is_ascii(),
                "{b}"
            );
        }
    }
}
