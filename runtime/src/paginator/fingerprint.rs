//! SHA-256 of a token's value, walked through the schema traits: tokens may be
//! structured (DynamoDB's `LastEvaluatedKey` is a map of attribute values) and long, so
//! the paginator keeps 32 bytes per page instead of the tokens.
//!
//! Every value is written with a tag and, for variable-length parts, a length, so that
//! distinct values hash distinct byte streams; no schema is needed, as equal tokens of
//! one type walk alike (maps are ordered).

use ring::digest::{Context, SHA256};

use crate::schema::{
    EntryWriter, ItemWriter, MemberWriter, ValueWriter, WriteError, WriteList, WriteMap,
    WriteStruct, WriteValue,
};
use crate::wire::{DateTime, Document};

/// A token's fingerprint.
pub(super) type Fingerprint = [u8; 32];

/// The fingerprint of `token`, or `None` when it cannot be walked (no generated token
/// type fails; such a token is then simply not checked).
pub(super) fn fingerprint<T: WriteValue + ?Sized>(token: &T) -> Option<Fingerprint> {
    let mut hasher = Hasher(Context::new(&SHA256));
    token.write_value(&mut hasher).ok()?;
    hasher.0.finish().as_ref().try_into().ok()
}

struct Hasher(Context);

impl Hasher {
    fn tagged(&mut self, tag: u8, bytes: &[u8]) {
        self.0.update(&[tag]);
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }
}

impl ValueWriter for Hasher {
    fn boolean(&mut self, value: bool) -> Result<(), WriteError> {
        self.tagged(b'b', &[u8::from(value)]);
        Ok(())
    }
    fn integer(&mut self, value: i64) -> Result<(), WriteError> {
        self.tagged(b'i', &value.to_le_bytes());
        Ok(())
    }
    fn float32(&mut self, value: f32) -> Result<(), WriteError> {
        self.tagged(b'f', &value.to_le_bytes());
        Ok(())
    }
    fn float64(&mut self, value: f64) -> Result<(), WriteError> {
        self.tagged(b'd', &value.to_le_bytes());
        Ok(())
    }
    fn string(&mut self, value: &str) -> Result<(), WriteError> {
        self.tagged(b's', value.as_bytes());
        Ok(())
    }
    fn blob(&mut self, value: &[u8]) -> Result<(), WriteError> {
        self.tagged(b'B', value);
        Ok(())
    }
    fn timestamp(&mut self, value: &DateTime) -> Result<(), WriteError> {
        self.tagged(b't', &value.secs().to_le_bytes());
        self.0.update(&value.subsec_nanos().to_le_bytes());
        Ok(())
    }
    fn document(&mut self, value: &Document) -> Result<(), WriteError> {
        self.tagged(b'D', value.to_json().as_bytes());
        Ok(())
    }
    fn list(&mut self, value: &dyn WriteList) -> Result<(), WriteError> {
        self.tagged(b'l', &(value.len() as u64).to_le_bytes());
        value.write_items(self)
    }
    fn map(&mut self, value: &dyn WriteMap) -> Result<(), WriteError> {
        self.tagged(b'm', &(value.len() as u64).to_le_bytes());
        value.write_entries(self)
    }
    fn structure(&mut self, value: &dyn WriteStruct) -> Result<(), WriteError> {
        self.tagged(b'{', value.schema().name.as_bytes());
        value.write_members(self)?;
        self.0.update(b"}");
        Ok(())
    }
}

impl ItemWriter for Hasher {
    fn item(&mut self, value: &dyn WriteValue) -> Result<(), WriteError> {
        value.write_value(self)
    }
}

impl EntryWriter for Hasher {
    fn entry(&mut self, key: &str, value: &dyn WriteValue) -> Result<(), WriteError> {
        self.tagged(b'k', key.as_bytes());
        value.write_value(self)
    }
}

impl MemberWriter for Hasher {
    fn member(&mut self, index: usize, value: &dyn WriteValue) -> Result<(), WriteError> {
        self.tagged(b'.', &(index as u64).to_le_bytes());
        value.write_value(self)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::fingerprint;

    #[test]
    fn equal_tokens_match_and_different_ones_do_not() {
        let a = fingerprint("page-2").unwrap();
        assert_eq!(Some(a), fingerprint("page-2"));
        assert_ne!(Some(a), fingerprint("page-3"));
        let map = |k: &str, v: &str| BTreeMap::from([(k.to_owned(), v.to_owned())]);
        assert_eq!(fingerprint(&map("k", "v")), fingerprint(&map("k", "v")));
        // Keys and values do not run into each other.
        assert_ne!(fingerprint(&map("kv", "")), fingerprint(&map("k", "v")));
        assert_ne!(fingerprint(&vec![1i32, 2]), fingerprint(&vec![12i32]));
    }
}
