//! XML: the reader of restXml, awsQuery and ec2Query responses, and the writer of
//! restXml request bodies.
//!
//! A response body is parsed whole into an [`XmlDocument`] (bounded nesting, errors
//! naming the element path), then read through [`XmlReader`] straight into generated
//! types, as botocore's XML parsers read it.

pub mod read;
mod tree;
pub mod write;

pub use read::XmlReader;
pub use tree::{Children, Element, XmlDocument, MAX_DEPTH};

use crate::schema::ReadError;

/// Parses `body` and calls `read` positioned on its document element (whose member is
/// not known: `read` names the schema, as `structure` does); an error gets the path of
/// the element it was found at.
pub fn read_document<T>(
    body: &[u8],
    read: impl FnOnce(&mut XmlReader<'_>) -> Result<T, ReadError>,
) -> Result<T, ReadError> {
    let doc = XmlDocument::parse(body)?;
    read(&mut XmlReader::new(doc.root(), None)).map_err(|e| doc.locate(e))
}
