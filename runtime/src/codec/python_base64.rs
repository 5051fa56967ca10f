//! Base64 as Python's `base64.b64decode` reads it without validation, which is how
//! botocore reads JSON and XML blobs and EC2's console output: bytes outside the alphabet are
//! dropped, `=` is ignored until a quantum has two characters and ends the data at
//! the `=` that completes it (what follows is not read), and the unused bits of a
//! final quantum are kept as they are, not checked.

/// A blob's text decoded as botocore's parsers decode it (`b64decode` of the `str`),
/// which refuses text outside ASCII.
#[cfg(any(feature = "json", feature = "xml"))]
pub(crate) fn decode_blob(text: &[u8]) -> Result<Vec<u8>, crate::schema::ReadError> {
    use crate::schema::ReadError;
    if !text.is_ascii() {
        return Err(ReadError::new(
            "invalid base64 blob: a character outside ASCII",
        ));
    }
    decode(text).ok_or_else(|| ReadError::new("invalid base64 blob: incorrect padding"))
}

/// `text` decoded; `None` when a last quantum is left incomplete (Python's
/// "Incorrect padding").
pub(crate) fn decode(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    // Characters of the current quantum, the bits not yet written, and `=` seen after
    // the quantum's last character.
    let (mut quad, mut left, mut pads) = (0u32, 0u32, 0u32);
    for &c in text {
        if c == b'=' {
            if quad >= 2 {
                pads += 1;
                if quad + pads >= 4 {
                    quad = 0;
                    break;
                }
            }
            continue;
        }
        let value = match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        pads = 0;
        match quad {
            0 => left = value,
            1 => {
                out.push((left << 2 | value >> 4) as u8);
                left = value & 0xf;
            }
            2 => {
                out.push((left << 4 | value >> 2) as u8);
                left = value & 0x3;
            }
            _ => out.push((left << 6 | value) as u8),
        }
        quad = (quad + 1) % 4;
    }
    (quad == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::decode;

    /// What the pinned Python's `base64.b64decode` makes of these.
    #[test]
    fn decodes_as_python_b64decode() {
        let cases: [(&[u8], Option<&[u8]>); 12] = [
            (b"QQ==", Some(b"A")),
            (b"QR==", Some(b"A")),
            (b"Q Q = =", Some(b"A")),
            (b"QUJD\nREVG", Some(b"ABCDEF")),
            (b"QQ==QUJD", Some(b"A")),
            (b"QQ=a=", Some(b"A\x06")),
            (b"QUJD=QUJD", Some(b"ABCABC")),
            (b"====", Some(b"")),
            (b"", Some(b"")),
            (b"QQ", None),
            (b"QQ=", None),
            (b"Q", None),
        ];
        for (text, want) in cases {
            assert_eq!(
                decode(text).as_deref(),
                want,
                "{:?}",
                String::from_utf8_lossy(text)
            );
        }
    }
}
