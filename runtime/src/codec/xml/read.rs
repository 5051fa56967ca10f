//! Reading XML documents through the schema traits.
