//! Blobs as JSON carries them: base64 text, decoded straight into a vector of the
//! decoded size.
//!
//! The base64 crate's `decode` zero-fills a vector of an estimated size (through
//! `calloc`), decodes into it and truncates it; for the short blobs of most responses
//! (DynamoDB's binary attributes and sets), that cost several times the decoding.
//! Canonical text is decoded here; anything else is read as botocore's parser reads it
//! ([`crate::codec::python_base64`]), which decodes canonical text the same way.

use crate::schema::ReadError;

/// `text` decoded as botocore's JSON parser decodes it (Python's `b64decode`).
pub(super) fn decode(text: &[u8]) -> Result<Vec<u8>, ReadError> {
    match decode_canonical(text) {
        Some(bytes) => Ok(bytes),
        None => crate::codec::python_base64::decode_blob(text),
    }
}

/// Not a base64 digit.
const INVALID: u8 = 0xff;

/// Each byte's value as a standard base64 digit, or [`INVALID`].
static DIGITS: [u8; 256] = {
    let mut table = [INVALID; 256];
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut i = 0;
    while i < alphabet.len() {
        table[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// `text` decoded when it is canonical padded base64 (length a multiple of four,
/// `=` only as the padding of the last group, unused bits of the last digit zero);
/// `None` otherwise.
fn decode_canonical(text: &[u8]) -> Option<Vec<u8>> {
    let padding = match text {
        [.., b'=', b'='] => 2,
        [.., b'='] => 1,
        _ => 0,
    };
    if text.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 - padding);
    let (whole, last) = match padding {
        0 => (text, &[][..]),
        _ => text.split_at(text.len() - 4),
    };
    for group in whole.chunks_exact(4) {
        let digits = digits(group)?;
        let n = (u32::from(digits[0]) << 18)
            | (u32::from(digits[1]) << 12)
            | (u32::from(digits[2]) << 6)
            | u32::from(digits[3]);
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    match (padding, last) {
        (0, _) => {}
        (1, [a, b, c, _]) => {
            let [a, b, c] = [a, b, c].map(|&x| DIGITS[usize::from(x)]);
            if a == INVALID || b == INVALID || c == INVALID || c & 0b11 != 0 {
                return None;
            }
            let n = (u32::from(a) << 10) | (u32::from(b) << 4) | (u32::from(c) >> 2);
            out.extend_from_slice(&[(n >> 8) as u8, n as u8]);
        }
        (2, [a, b, _, _]) => {
            let [a, b] = [a, b].map(|&x| DIGITS[usize::from(x)]);
            if a == INVALID || b == INVALID || b & 0b1111 != 0 {
                return None;
            }
            out.push((a << 2) | (b >> 4));
        }
        _ => return None,
    }
    Some(out)
}

/// The four digits of a group, or `None` when one is not a base64 digit.
#[inline]
fn digits(group: &[u8]) -> Option<[u8; 4]> {
    let digits = [
        DIGITS[usize::from(group[0])],
        DIGITS[usize::from(group[1])],
        DIGITS[usize::from(group[2])],
        DIGITS[usize::from(group[3])],
    ];
    // Every digit is below 64, and INVALID has the high bit set.
    (digits.iter().fold(0, |all, d| all | d) & 0x80 == 0).then_some(digits)
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;

    use super::decode;

    /// Random text over the alphabet, `=` and a few bytes outside it, of every length
    /// up to 24, and every valid encoding of random bytes (some with one byte
    /// changed): the fast path for canonical text decodes (or refuses) each as the
    /// reader of any text (Python's `b64decode`, checked against Python itself by the
    /// handler tests) does.
    #[test]
    fn decodes_and_refuses_as_python_b64decode_does() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let symbols =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/==-_ \n\xc3";
        let engine = base64::engine::general_purpose::STANDARD;
        for round in 0..200_000 {
            let len = round % 25;
            let text: Vec<u8> = if round % 2 == 0 {
                (0..len)
                    .map(|_| symbols[next() as usize % symbols.len()])
                    .collect()
            } else {
                // Mostly valid: an encoding, then maybe one byte changed.
                let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
                let mut text = engine.encode(&bytes).into_bytes();
                if round % 3 == 0 && !text.is_empty() {
                    let at = next() as usize % text.len();
                    text[at] = symbols[next() as usize % symbols.len()];
                }
                text
            };
            let theirs = crate::codec::python_base64::decode_blob(&text).map_err(|e| e.reason);
            let ours = decode(&text).map_err(|e| e.reason);
            assert_eq!(ours, theirs, "{:?}", String::from_utf8_lossy(&text));
        }
    }
}
