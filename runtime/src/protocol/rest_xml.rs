//! restXml requests: the REST bindings ([`crate::codec::rest`]) with an XML body or
//! payload, as botocore's `RestXMLSerializer` writes them. botocore sets no
//! `Content-Type` for an XML body (only a member bound to the header does).

use std::borrow::Cow;

use super::{HttpRequestParts, RequestError, ServiceSpec};
use crate::codec::rest::{self, BodyCodec};
use crate::codec::xml::write;
use crate::schema::{
    Member, OperationSchema, ReadError, ValueReader, WriteError, WriteStruct, WriteValue,
};

/// XML bodies as restXml writes them: the input's body members under its root
/// element, a structure payload as its own root; nothing for an empty body.
pub(crate) struct XmlBody;

impl BodyCodec for XmlBody {
    fn write_struct(&self, value: &dyn WriteStruct) -> Result<Vec<u8>, WriteError> {
        write::write_struct(value)
    }

    fn write_payload(
        &self,
        member: &'static Member,
        value: &dyn WriteValue,
    ) -> Result<Vec<u8>, WriteError> {
        write::write_payload(member, value)
    }

    fn empty_body(&self) -> &'static [u8] {
        b""
    }

    fn content_type(&self) -> &'static str {
        // botocore's RestXMLSerializer sets none.
        ""
    }

    fn read(
        &self,
        _body: &[u8],
        _read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        Err(ReadError::new(
            "restXml bodies are read by the protocol's XML reader",
        ))
    }
}

/// The request parts of `op` with `input`.
pub(crate) fn write_request(
    _service: &ServiceSpec,
    op: &'static OperationSchema,
    input: &dyn WriteStruct,
) -> Result<HttpRequestParts, RequestError> {
    let request =
        rest::write_request(op, input, &XmlBody).map_err(|e| RequestError::new(op.name, e))?;
    Ok(HttpRequestParts {
        method: request.method,
        path: request.uri,
        headers: request
            .headers
            .into_iter()
            .map(|(name, value)| (Cow::Owned(name), value))
            .collect(),
        body: request.body,
        // The dispatcher fills it, as for every protocol.
        host_prefix: None,
    })
}
