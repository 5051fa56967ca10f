//! Operations with a streaming blob payload: the upload taken from the input, how its
//! payload is signed, and the output read with the live response body in its member.
//!
//! The codecs write and read through the schema traits, which hold no I/O: a file or
//! stream member is left out of the request body by the REST codec and sent by the
//! client as it is read, and a streaming output member is handed the response body
//! after the codec has read the headers.

use std::io;

use crate::http::{HttpResponse, TransportError, TransportErrorKind};
use crate::protocol::{
    read_success_to, HttpRequestParts, MalformedResponse, ServiceFailure, ServiceSpec,
};
use crate::request_id::SetRequestId;
use crate::schema::{
    Location, MemberWriter, OperationSchema, ReadError, ReadValue, Schema, ValueReader,
    ValueWriter, WriteError, WriteList, WriteMap, WriteStruct, WriteValue,
};
use crate::wire::{ByteStream, DateTime, Document};

/// The payload hash of a body that is not signed (a stream, read only once).
pub(super) const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// The index of the member of `schema` that is a streaming payload, if any.
pub(super) fn streaming_payload(schema: &Schema) -> Option<usize> {
    schema
        .members
        .iter()
        .position(|m| m.location == Location::Payload && m.target.traits.streaming)
}

/// The input's streaming payload as the client sends it.
pub(super) struct Payload {
    /// The file or stream the client sends as it reads it; `None` when there is none
    /// or its bytes are in memory (the codec wrote them into the body then).
    pub(super) upload: Option<ByteStream>,
    /// Whether the payload member is set at all, in memory or not.
    pub(super) given: bool,
}

/// The streaming payload of `input`, if `op` has one.
pub(super) fn payload(
    op: &OperationSchema,
    input: &dyn WriteStruct,
) -> Result<Payload, WriteError> {
    let Some(index) = streaming_payload(op.input) else {
        return Ok(Payload {
            upload: None,
            given: false,
        });
    };
    let mut find = Find {
        index,
        found: None,
        given: false,
    };
    input.write_members(&mut find)?;
    Ok(Payload {
        upload: find.found,
        given: find.given,
    })
}

struct Find {
    index: usize,
    found: Option<ByteStream>,
    given: bool,
}

impl MemberWriter for Find {
    fn member(&mut self, index: usize, value: &dyn WriteValue) -> Result<(), WriteError> {
        if index == self.index {
            value.write_value(self)?;
        }
        Ok(())
    }
}

/// Takes the stream of the payload; any other kind of value is the codec's business.
impl ValueWriter for Find {
    fn boolean(&mut self, _: bool) -> Result<(), WriteError> {
        Ok(())
    }
    fn integer(&mut self, _: i64) -> Result<(), WriteError> {
        Ok(())
    }
    fn float32(&mut self, _: f32) -> Result<(), WriteError> {
        Ok(())
    }
    fn float64(&mut self, _: f64) -> Result<(), WriteError> {
        Ok(())
    }
    fn string(&mut self, _: &str) -> Result<(), WriteError> {
        Ok(())
    }
    fn blob(&mut self, _: &[u8]) -> Result<(), WriteError> {
        Ok(())
    }
    fn timestamp(&mut self, _: &DateTime) -> Result<(), WriteError> {
        Ok(())
    }
    fn document(&mut self, _: &Document) -> Result<(), WriteError> {
        Ok(())
    }
    fn list(&mut self, _: &dyn WriteList) -> Result<(), WriteError> {
        Ok(())
    }
    fn map(&mut self, _: &dyn WriteMap) -> Result<(), WriteError> {
        Ok(())
    }
    fn structure(&mut self, _: &dyn WriteStruct) -> Result<(), WriteError> {
        Ok(())
    }
    fn stream(&mut self, value: &ByteStream) -> Result<(), WriteError> {
        self.given = true;
        if value.bytes().is_none() {
            self.found = Some(value.clone());
        }
        Ok(())
    }
}

/// Whether S3's signer leaves the payload of this request unsigned: an operation with a
/// streaming payload, sent over HTTPS with a `Content-MD5` that vouches for the body
/// and no payload hash chosen yet, as botocore's `S3SigV4Auth` decides (a trailing
/// checksum has its own hash; a checksum header the caller set does not count).
pub(super) fn vouched_by_md5(
    parts: &HttpRequestParts,
    op: Option<&OperationSchema>,
    signing_name: &str,
    url: &str,
) -> bool {
    let has = |wanted: &str| {
        parts
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(wanted))
    };
    crate::sigv4::is_s3(signing_name)
        && url.starts_with("https://")
        && op.is_some_and(|op| streaming_payload(op.input).is_some())
        && has("content-md5")
        && !has("x-amz-content-sha256")
}

/// The SigV4 payload hash of an upload, sent as `X-Amz-Content-SHA256`. A file is
/// hashed by reading it once before it is sent, as botocore hashes a seekable body;
/// a stream can be read only once, so it is sent unsigned (`UNSIGNED-PAYLOAD`), as the
/// AWS SDKs send bodies they cannot hash in advance.
pub(super) async fn payload_hash(upload: &ByteStream) -> io::Result<String> {
    if !upload.is_replayable() {
        return Ok(UNSIGNED_PAYLOAD.to_owned());
    }
    let mut body = upload.clone();
    let mut digest = ring::digest::Context::new(&ring::digest::SHA256);
    while let Some(piece) = body.next().await {
        digest.update(&piece?);
    }
    let hash = digest.finish();
    Ok(hash.as_ref().iter().map(|b| format!("{b:02x}")).collect())
}

/// The output `O` of `op` from a success response whose body is still arriving: the
/// codec reads the status and headers, and the streaming payload member gets the body.
pub(super) fn read_output<O: ReadValue + SetRequestId>(
    service: &ServiceSpec,
    op: &'static OperationSchema,
    response: HttpResponse<ByteStream>,
) -> Result<O, ServiceFailure> {
    let HttpResponse {
        status,
        headers,
        body,
    } = response;
    let headers = headers.as_slice();
    let index = streaming_payload(op.output);
    let mut live = Some(body);
    let mut output = None;
    read_success_to(service, op, true, status, headers, &[], &mut |r| {
        let mut reader = WithLiveBody {
            inner: r,
            output: op.output,
            index,
            live: &mut live,
        };
        output = Some(O::read_value(&mut reader)?);
        Ok(())
    })?;
    let request_id = crate::protocol::meta::request_id(headers);
    match output {
        Some(mut output) => {
            output.set_request_id(request_id);
            Ok(output)
        }
        None => Err(ServiceFailure::Malformed(MalformedResponse {
            status,
            request_id: request_id.map(str::to_owned),
            reason: "the response holds no output".to_owned(),
        })),
    }
}

/// The protocol's reader, except that the output's streaming member reads `live`.
struct WithLiveBody<'r, 'l> {
    inner: &'r mut dyn ValueReader,
    output: &'static Schema,
    index: Option<usize>,
    live: &'l mut Option<ByteStream>,
}

impl ValueReader for WithLiveBody<'_, '_> {
    fn boolean(&mut self) -> Result<bool, ReadError> {
        self.inner.boolean()
    }
    fn integer(&mut self) -> Result<i64, ReadError> {
        self.inner.integer()
    }
    fn float(&mut self) -> Result<f64, ReadError> {
        self.inner.float()
    }
    fn string(&mut self) -> Result<String, ReadError> {
        self.inner.string()
    }
    fn blob(&mut self) -> Result<Vec<u8>, ReadError> {
        self.inner.blob()
    }
    fn stream(&mut self) -> Result<ByteStream, ReadError> {
        self.inner.stream()
    }
    fn timestamp(&mut self) -> Result<DateTime, ReadError> {
        self.inner.timestamp()
    }
    fn document(&mut self) -> Result<Document, ReadError> {
        self.inner.document()
    }
    fn list(
        &mut self,
        item: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        self.inner.list(item)
    }
    fn map(
        &mut self,
        entry: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        self.inner.map(entry)
    }
    fn structure(
        &mut self,
        schema: &'static Schema,
        member: &mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let (output, index, live) = (self.output, self.index, &mut *self.live);
        self.inner.structure(schema, &mut |i, r| {
            if std::ptr::eq(schema, output) && Some(i) == index {
                member(i, &mut LiveBody(live.take()))
            } else {
                member(i, r)
            }
        })
    }
}

/// The response body, offered once to the streaming member.
struct LiveBody(Option<ByteStream>);

fn not_live<T>() -> Result<T, ReadError> {
    Err(ReadError::new(
        "a streaming payload is read as a ByteStream, not into memory",
    ))
}

impl ValueReader for LiveBody {
    fn boolean(&mut self) -> Result<bool, ReadError> {
        not_live()
    }
    fn integer(&mut self) -> Result<i64, ReadError> {
        not_live()
    }
    fn float(&mut self) -> Result<f64, ReadError> {
        not_live()
    }
    fn string(&mut self) -> Result<String, ReadError> {
        not_live()
    }
    fn blob(&mut self) -> Result<Vec<u8>, ReadError> {
        not_live()
    }
    fn stream(&mut self) -> Result<ByteStream, ReadError> {
        self.0
            .take()
            .ok_or_else(|| ReadError::new("the response body was read already"))
    }
    fn timestamp(&mut self) -> Result<DateTime, ReadError> {
        not_live()
    }
    fn document(&mut self) -> Result<Document, ReadError> {
        not_live()
    }
    fn list(
        &mut self,
        _: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        not_live()
    }
    fn map(
        &mut self,
        _: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        not_live()
    }
    fn structure(
        &mut self,
        _: &'static Schema,
        _: &mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        not_live()
    }
}

/// Why a response body could not be read whole: longer than `max_body`, or the
/// connection broke.
pub(super) fn body_error(e: std::io::Error, max_body: usize, status: u16) -> TransportError {
    if e.kind() == std::io::ErrorKind::InvalidData {
        return TransportError::response_too_large(max_body, status);
    }
    TransportError::new(TransportErrorKind::Io, "reading the response body failed").with_source(e)
}

/// An upload that could not be read to sign it (a file gone or unreadable).
pub(super) fn request_body_error(e: std::io::Error) -> TransportError {
    TransportError::new(TransportErrorKind::Other, "reading the request body failed").with_source(e)
}
