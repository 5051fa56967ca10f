//! Random version 4 UUIDs, for invocation ids and idempotency tokens.

use ring::rand::SecureRandom as _;

/// A random version 4 UUID in its hyphenated lowercase form.
pub(crate) fn random_v4() -> String {
    let mut b = [0u8; 16];
    // Without system randomness the value is still well-formed; only its uniqueness,
    // which the operating system's generator provides, is lost.
    let _ = ring::rand::SystemRandom::new().fill(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_a_version_4_uuid_and_differs_each_time() {
        let a = random_v4();
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
        assert_ne!(a, random_v4());
    }
}
