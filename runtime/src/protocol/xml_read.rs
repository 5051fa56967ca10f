//! Responses and errors of the XML protocols (restXml, awsQuery, ec2Query), as
//! botocore's `QueryParser`, `EC2QueryParser` and `RestXMLParser` read them.
//!
//! - awsQuery: the output is the `<OperationNameResult>` element inside the root
//!   (botocore's models name every result wrapper so); errors are
//!   `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>`.
//! - ec2Query: the output is the root element's children; errors are
//!   `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/>`.
//! - restXml: the REST bindings with the root element as the body structure; errors
//!   are `<ErrorResponse><Error>...` or S3's bare `<Error>`, and S3 answers some
//!   operations with status 200 and an `<Error>` body, read as an error.
//!
//! A 5xx response with an empty or HTML body, and an error body that does not parse,
//! name no code: the error's code is then the status (`503`) and its message the
//! status's reason, as botocore reports them.

// With the `xml` feature alone no protocol calls in here.
#![cfg_attr(not(any(feature = "rest-xml", feature = "query")), allow(dead_code))]

use super::{ErrorMetadata, MalformedResponse, RawServiceError, ServiceFailure, ServiceSpec};
use crate::codec::xml::{Element, XmlDocument, XmlReader};
use crate::schema::{OperationSchema, Protocol, ReadError, Schema, ValueReader};

/// Reads a success response of `op` (`dispatch::response_error` tells errors, S3's 200
/// with an error body among them): `read` is called positioned on the output structure.
pub(crate) fn read_success(
    service: &ServiceSpec,
    op: &'static OperationSchema,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
) -> Result<(), ServiceFailure> {
    let malformed = |e: ReadError| {
        ServiceFailure::Malformed(MalformedResponse {
            status,
            request_id: super::meta::request_id(headers).map(str::to_owned),
            reason: e.reason,
        })
    };
    match service.protocol {
        #[cfg(feature = "rest-xml")]
        Protocol::RestXml => {
            if is_s3(service) && op.name == "GetBucketLocation" {
                return read_bucket_location(body, read).map_err(malformed);
            }
            let codec = rest_body::XmlBody { error: false };
            read(&mut crate::codec::rest::RestResponse::new(
                status, headers, body, &codec,
            ))
            .map_err(malformed)
        }
        Protocol::AwsQuery => {
            let wrapper = format!("{}Result", op.name);
            read_body(body, read, |root| root.child(&wrapper)).map_err(malformed)
        }
        _ => read_body(body, read, |root| Some(root)).map_err(malformed),
    }
}

/// Reads the members of the modeled error `error` from its `<Error>` element (and,
/// for restXml, from the headers its members are bound to).
pub(crate) fn read_error(
    service: &ServiceSpec,
    error: &'static Schema,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    let _ = (error, status, headers);
    match service.protocol {
        #[cfg(feature = "rest-xml")]
        Protocol::RestXml => {
            let codec = rest_body::XmlBody { error: true };
            read(&mut crate::codec::rest::RestResponse::new(
                status, headers, body, &codec,
            ))
        }
        protocol => read_body(body, read, |root| Some(error_element(protocol, root))),
    }
}

/// The element a modeled error's members are read from (botocore's `_get_error_root`).
fn error_element(protocol: Protocol, root: Element<'_>) -> Element<'_> {
    let found = match protocol {
        Protocol::Ec2Query => root
            .child("Errors")
            .and_then(|errors| errors.child("Error")),
        _ if root.name() == "ErrorResponse" => root.child("Error"),
        _ => None,
    };
    found.unwrap_or(root)
}

/// Calls `read` on the element `pick` finds from the root of `body`; a blank body, or
/// no such element, reads as an empty structure.
fn read_body(
    body: &[u8],
    read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
    pick: impl for<'d> FnOnce(Element<'d>) -> Option<Element<'d>>,
) -> Result<(), ReadError> {
    let doc = if body.iter().all(u8::is_ascii_whitespace) {
        XmlDocument::parse(b"<_/>")?
    } else {
        XmlDocument::parse(body)?
    };
    let empty;
    let start = match pick(doc.root()) {
        Some(element) => element,
        None => {
            empty = XmlDocument::parse(b"<_/>")?;
            empty.root()
        }
    };
    read(&mut XmlReader::new(start, None)).map_err(|e| doc.locate(e))
}

/// True for S3 (not S3 Control, whose service id differs).
#[cfg(feature = "rest-xml")]
fn is_s3(service: &ServiceSpec) -> bool {
    service.service_id == "S3"
}

/// Whether a success response of `op` may be an error in disguise, so that telling
/// takes its body: S3 answers `CopyObject`, `UploadPartCopy`,
/// `CompleteMultipartUpload` and others with status 200 and an `<Error>` body when
/// they fail midway. botocore's `_should_handle_200_error` checks every S3 operation
/// with an output, except those whose output is a raw body or an event stream, which
/// no error can be told apart from.
#[cfg(feature = "rest-xml")]
pub(crate) fn hides_errors(service: &ServiceSpec, op: &OperationSchema) -> bool {
    use crate::schema::{Location, ShapeKind};
    let raw_payload = op.output.members.iter().any(|m| {
        m.location == Location::Payload
            && (m.target.traits.streaming
                || matches!(
                    m.target.kind,
                    ShapeKind::Blob | ShapeKind::String | ShapeKind::Enum
                ))
    });
    is_s3(service) && !raw_payload && !op.output.members.is_empty()
}

/// Whether this success response of `op` is an error ([`hides_errors`]): status 200
/// and a body whose root element is `<Error>`, or that is no XML document at all.
#[cfg(feature = "rest-xml")]
pub(crate) fn error_in_success(
    service: &ServiceSpec,
    op: &OperationSchema,
    status: u16,
    body: &[u8],
) -> bool {
    status == 200 && !body.is_empty() && hides_errors(service, op) && error_root(body)
}

/// True when the document element of `body` is a bare `<Error>` (no namespace, as
/// botocore's `ElementTree` names it `Error`), or when no element starts it. Read up
/// to the first element only, so that a success body is parsed once, by its reader.
/// botocore also calls an answer that breaks off later an error (and retries it); here
/// a body cut short fails its read as a transport error, retried as such, and one
/// that is whole but garbled after its first tag is a malformed response.
#[cfg(feature = "rest-xml")]
fn error_root(body: &[u8]) -> bool {
    use quick_xml::events::Event;
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let Ok(text) = std::str::from_utf8(body) else {
        return true;
    };
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(start) | Event::Empty(start)) => {
                let namespaced = start
                    .attributes()
                    .flatten()
                    .any(|attribute| attribute.key.0 == "xmlns");
                return start.name().0 == "Error" && !namespaced;
            }
            Ok(Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_)) => {}
            Ok(Event::Text(text)) if text.trim().is_empty() => {}
            // Text before the root, a stray end tag or reference, or nothing at all.
            Ok(_) | Err(_) => return true,
        }
    }
}

/// The text of the child `name` of the document element of `body`, read up to it
/// only (no tree is built: the output is read afterwards), `None` when there is none
/// or the body is not XML. S3 writes a listing's `EncodingType` before its keys.
#[cfg(feature = "rest-xml")]
pub(crate) fn root_child_text(body: &[u8], name: &str) -> Option<String> {
    use quick_xml::events::Event;
    let text = std::str::from_utf8(body).ok()?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut depth = 0usize;
    let mut found: Option<String> = None;
    loop {
        match reader.read_event().ok()? {
            Event::Start(start) => {
                depth += 1;
                if depth == 2 && start.local_name().as_ref() == name {
                    found = Some(String::new());
                }
            }
            Event::End(_) => {
                if depth == 2 && found.is_some() {
                    return found;
                }
                depth = depth.checked_sub(1)?;
            }
            Event::Empty(start) if depth == 1 && start.local_name().as_ref() == name => {
                return Some(String::new());
            }
            Event::Text(part) => {
                if let Some(found) = &mut found {
                    found.push_str(&part.xml10_content());
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// `GetBucketLocation`'s body is a bare `<LocationConstraint>region</...>`, which the
/// model cannot describe: its text is the output's `LocationConstraint` (unset when
/// empty, as botocore's handler leaves it for us-east-1).
#[cfg(feature = "rest-xml")]
fn read_bucket_location(
    body: &[u8],
    read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    struct Location<'d> {
        root: Option<Element<'d>>,
    }
    impl ValueReader for Location<'_> {
        fn boolean(&mut self) -> Result<bool, ReadError> {
            Err(not_output())
        }
        fn integer(&mut self) -> Result<i64, ReadError> {
            Err(not_output())
        }
        fn float(&mut self) -> Result<f64, ReadError> {
            Err(not_output())
        }
        fn string(&mut self) -> Result<String, ReadError> {
            Err(not_output())
        }
        fn blob(&mut self) -> Result<Vec<u8>, ReadError> {
            Err(not_output())
        }
        fn timestamp(&mut self) -> Result<crate::wire::DateTime, ReadError> {
            Err(not_output())
        }
        fn document(&mut self) -> Result<crate::wire::Document, ReadError> {
            Err(not_output())
        }
        fn list(
            &mut self,
            _: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
        ) -> Result<(), ReadError> {
            Err(not_output())
        }
        fn map(
            &mut self,
            _: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<(), ReadError>,
        ) -> Result<(), ReadError> {
            Err(not_output())
        }
        fn structure(
            &mut self,
            schema: &'static Schema,
            member: &mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<(), ReadError>,
        ) -> Result<(), ReadError> {
            let Some(root) = self.root.filter(|root| !root.text().is_empty()) else {
                return Ok(());
            };
            match schema
                .members
                .iter()
                .position(|m| m.name == "LocationConstraint")
            {
                Some(index) => member(index, &mut XmlReader::new(root, schema.members.get(index))),
                None => Ok(()),
            }
        }
    }
    fn not_output() -> ReadError {
        ReadError::new("GetBucketLocation's output is a structure")
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return read(&mut Location { root: None });
    }
    let doc = XmlDocument::parse(body)?;
    read(&mut Location {
        root: Some(doc.root()),
    })
}

/// The service's error in an error response: code, message and request id from the
/// body as the protocol lays it out, the request id from the headers where the body
/// has none (S3's bare `<Error>` is read without its `RequestId`, as botocore does).
pub(crate) fn service_error(
    service: &ServiceSpec,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> RawServiceError {
    let header_id = || super::meta::request_id(headers).map(str::to_owned);
    let from_status = || {
        let reason = http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .map(str::to_owned);
        ErrorMetadata::new(Some(status.to_string()), reason, status, header_id())
    };
    let trimmed = body.trim_ascii();
    // botocore's `_is_generic_error_response`: a proxy's or load balancer's page.
    let generic = status >= 500 && (trimmed.is_empty() || trimmed.starts_with(b"<html>"));
    let doc = match XmlDocument::parse(body) {
        Ok(doc) if !generic => doc,
        _ => return RawServiceError::new(from_status(), body.to_vec()),
    };
    let root = doc.root();
    let text = |e: Option<Element<'_>>, name: &str| {
        e.and_then(|e| e.child(name))
            .map(|c| c.text().to_owned())
            .filter(|t| !t.is_empty())
    };
    let (error, body_id) = match service.protocol {
        Protocol::Ec2Query => (
            root.child("Errors").and_then(|e| e.child("Error")),
            text(Some(root), "RequestID"),
        ),
        // S3's bare `<Error>` holds its members itself; its request id is the header's.
        _ if root.name() == "Error" => (Some(root), None),
        _ => (root.child("Error"), text(Some(root), "RequestId")),
    };
    let code = text(error, "Code");
    let message = text(error, "Message");
    let request_id = body_id.or_else(header_id);
    let meta = ErrorMetadata::new(code, message, status, request_id);
    RawServiceError::new(meta, body.to_vec())
}

#[cfg(feature = "rest-xml")]
mod rest_body {
    //! The XML body of a REST response, for [`crate::codec::rest::RestResponse`].

    use crate::codec::rest::BodyCodec;
    use crate::schema::{Member, ReadError, ValueReader, WriteError, WriteStruct, WriteValue};

    /// Reads restXml bodies; an error's members are read from its `<Error>` element.
    pub(super) struct XmlBody {
        pub error: bool,
    }

    fn read_only() -> WriteError {
        WriteError {
            member: "body",
            reason: "this body codec only reads responses".to_owned(),
        }
    }

    impl BodyCodec for XmlBody {
        fn write_struct(&self, _: &dyn WriteStruct) -> Result<Vec<u8>, WriteError> {
            Err(read_only())
        }
        fn write_payload(
            &self,
            _: &'static Member,
            _: &dyn WriteValue,
        ) -> Result<Vec<u8>, WriteError> {
            Err(read_only())
        }
        fn empty_body(&self) -> &'static [u8] {
            b""
        }
        fn content_type(&self) -> &'static str {
            ""
        }

        fn read(
            &self,
            body: &[u8],
            read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
        ) -> Result<(), ReadError> {
            let error = self.error;
            super::read_body(body, read, |root| {
                Some(match error {
                    true => super::error_element(crate::schema::Protocol::RestXml, root),
                    false => root,
                })
            })
        }
    }
}

#[cfg(all(test, feature = "rest-xml"))]
mod tests {
    use super::error_root;

    /// As botocore's `_looks_like_special_case_error` reads the start of a body.
    #[test]
    fn error_roots_are_bare_error_elements_or_no_document() {
        for body in [
            &b"<Error><Code>InternalError</Code></Error>"[..],
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\n<Error>",
            b"\xef\xbb\xbf<!-- c --><Error/>",
            b"not xml",
            b"   ",
            b"</Stray>",
            b"\xff<Result/>",
        ] {
            assert!(error_root(body), "{}", String::from_utf8_lossy(body));
        }
        for body in [
            &b"<CopyObjectResult><ETag>e</ETag></CopyObjectResult>"[..],
            b"<?xml version=\"1.0\"?>\n<CompleteMultipartUploadResult xmlns=\"x\">",
            b"<Error xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>",
            b"<s3:Error xmlns:s3=\"x\"/>",
            b"<Errors/>",
        ] {
            assert!(!error_root(body), "{}", String::from_utf8_lossy(body));
        }
    }
}
