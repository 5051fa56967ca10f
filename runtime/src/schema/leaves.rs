//! [`WriteValue`] and [`ReadValue`] for the types generated code uses for scalars and
//! collections, so that generated glue only names its own shapes.

use std::collections::btree_map::{BTreeMap, Entry};

use super::{
    EntryWriter, ItemWriter, MapKey, ReadError, ReadValue, ValueReader, ValueWriter, WriteError,
    WriteList, WriteMap, WriteValue,
};
use crate::wire::{Blob, DateTime, Document};

impl WriteValue for bool {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        w.boolean(*self)
    }
}

impl ReadValue for bool {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        r.boolean()
    }
}

macro_rules! integers {
    ($($ty:ty),*) => {$(
        impl WriteValue for $ty {
            fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
                w.integer(i64::from(*self))
            }
        }

        impl ReadValue for $ty {
            fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
                let wide = r.integer()?;
                <$ty>::try_from(wide).map_err(|_| {
                    ReadError::new(format!("{wide} does not fit in {}", stringify!($ty)))
                })
            }
        }
    )*};
}

integers!(i8, i16, i32, i64);

impl WriteValue for f32 {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        w.float32(*self)
    }
}

impl ReadValue for f32 {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        // Narrowing is what a 32-bit member means; out-of-range values become infinite.
        Ok(r.float()? as f32)
    }
}

impl WriteValue for f64 {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        w.float64(*self)
    }
}

impl ReadValue for f64 {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        r.float()
    }
}

impl WriteValue for String {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        w.string(self)
    }
}

impl WriteValue for str {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        w.string(self)
    }
}

impl ReadValue for String {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        r.string()
    }
}

impl MapKey for String {
    fn as_key(&self) -> &str {
        self
    }
    fn from_key(key: String) -> Self {
        key
    }
}

impl WriteValue for Blob {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        w.blob(self.as_bytes())
    }
}

impl ReadValue for Blob {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        r.blob().map(Blob::new)
    }
}

impl WriteValue for DateTime {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        w.timestamp(self)
    }
}

impl ReadValue for DateTime {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        r.timestamp()
    }
}

impl WriteValue for Document {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        w.document(self)
    }
}

impl ReadValue for Document {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        r.document()
    }
}

impl<T: WriteValue + ?Sized> WriteValue for Box<T> {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        (**self).write_value(w)
    }
}

impl<T: ReadValue> ReadValue for Box<T> {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        T::read_value(r).map(Box::new)
    }
}

impl<T: WriteValue> WriteList for Vec<T> {
    fn len(&self) -> usize {
        <[T]>::len(self)
    }
    fn write_items(&self, w: &mut dyn ItemWriter) -> Result<(), WriteError> {
        self.iter().try_for_each(|item| w.item(item))
    }
}

impl<T: WriteValue> WriteValue for Vec<T> {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        w.list(self)
    }
}

impl<T: ReadValue> ReadValue for Vec<T> {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let mut items: Vec<T> = Vec::new();
        // Forgotten, not dropped: the test then costs nothing where `unset` is inlined.
        let in_place = T::unset().map(std::mem::forget).is_some();
        r.list(&mut |r| {
            if in_place {
                // Room first, then the unset value made in its slot: made before a
                // `push`, it would be kept on the stack across the growth and copied.
                items.reserve(1);
                let at = items.len();
                items.spare_capacity_mut()[0].write(T::unset().expect("it has one"));
                // SAFETY: the element at `at`, the first spare one, was written above.
                unsafe { items.set_len(at + 1) };
                T::read_into(r, &mut items[at])
            } else {
                items.push(T::read_value(r)?);
                Ok(())
            }
        })?;
        Ok(items)
    }
}

impl<K: MapKey + Ord, V: WriteValue> WriteMap for BTreeMap<K, V> {
    fn len(&self) -> usize {
        BTreeMap::len(self)
    }
    fn write_entries(&self, w: &mut dyn EntryWriter) -> Result<(), WriteError> {
        self.iter().try_for_each(|(k, v)| w.entry(k.as_key(), v))
    }
}

impl<K: MapKey + Ord, V: WriteValue> WriteValue for BTreeMap<K, V> {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        w.map(self)
    }
}

impl<K: MapKey + Ord, V: ReadValue> ReadValue for BTreeMap<K, V> {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let mut entries = BTreeMap::new();
        r.map(&mut |key, r| match V::unset() {
            Some(unset) => {
                // A repeated key keeps its first spelling and takes the last value, as
                // `insert` does.
                let value = match entries.entry(K::from_key(key)) {
                    Entry::Vacant(entry) => entry.insert(unset),
                    Entry::Occupied(entry) => {
                        let value = entry.into_mut();
                        *value = unset;
                        value
                    }
                };
                V::read_into(r, value)
            }
            None => {
                entries.insert(K::from_key(key), V::read_value(r)?);
                Ok(())
            }
        })?;
        Ok(entries)
    }
}
