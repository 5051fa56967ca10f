//! A restJson1 service with a streaming download (`GetTape`) and a streaming upload
//! (`PutTape`), written as generated code writes it: schemas, glue and operations.

use sdk_runtime::protocol::{Operation, RequestError, ServiceFailure, ServiceSpec};
use sdk_runtime::request_id::SetRequestId;
use sdk_runtime::schema::{
    prelude, HttpBinding, Location, Member, MemberTraits, MemberWriter, OperationSchema, Protocol,
    ReadError, ReadValue, Schema, ShapeKind, ShapeTraits, UriSegment, ValueReader, WriteError,
    WriteStruct,
};
use sdk_runtime::wire::ByteStream;
use sdk_runtime::CallError;
pub(crate) static SERVICE: ServiceSpec = ServiceSpec {
    service_id: "Tapes",
    signing_name: "tapes",
    endpoint_prefix: "tapes",
    target_prefix: "",
    json_version: "1.1",
    api_version: "2024-01-01",
    protocol: Protocol::RestJson1,
    query_compatible: false,
    default_headers: &[],
};

pub(crate) const REQUIRED: MemberTraits = MemberTraits {
    required: true,
    ..MemberTraits::NONE
};

pub(crate) static NAME_ONLY: Schema = Schema {
    name: "GetTapeInput",
    kind: ShapeKind::Structure,
    members: &[Member {
        name: "Name",
        target: &prelude::STRING,
        location: Location::Label("Name"),
        traits: REQUIRED,
    }],
    traits: ShapeTraits::NONE,
};

pub(crate) static GET_OUTPUT: Schema = Schema {
    name: "GetTapeOutput",
    kind: ShapeKind::Structure,
    members: &[
        Member {
            name: "ContentType",
            target: &prelude::STRING,
            location: Location::Header("Content-Type"),
            traits: MemberTraits::NONE,
        },
        Member {
            name: "Body",
            target: &prelude::STREAMING_BLOB,
            location: Location::Payload,
            traits: MemberTraits::NONE,
        },
    ],
    traits: ShapeTraits::NONE,
};

pub(crate) static PUT_INPUT: Schema = Schema {
    name: "PutTapeInput",
    kind: ShapeKind::Structure,
    members: &[
        Member {
            name: "Name",
            target: &prelude::STRING,
            location: Location::Label("Name"),
            traits: REQUIRED,
        },
        Member {
            name: "Body",
            target: &prelude::STREAMING_BLOB,
            location: Location::Payload,
            traits: MemberTraits::NONE,
        },
    ],
    traits: ShapeTraits::NONE,
};

pub(crate) static PUT_OUTPUT: Schema = Schema {
    name: "PutTapeOutput",
    kind: ShapeKind::Structure,
    members: &[Member {
        name: "Size",
        target: &prelude::LONG,
        location: Location::Body,
        traits: MemberTraits::NONE,
    }],
    traits: ShapeTraits::NONE,
};

pub(crate) const TAPE_PATH: &[UriSegment] =
    &[UriSegment::Literal("/tapes/"), UriSegment::Label("Name")];

pub(crate) static GET_TAPE_SCHEMA: OperationSchema = OperationSchema {
    name: "GetTape",
    input: &NAME_ONLY,
    output: &GET_OUTPUT,
    http: Some(HttpBinding {
        method: "GET",
        path: TAPE_PATH,
        query: &[],
        code: 200,
        host_prefix: None,
    }),
    request_compression: &[],
    checksum: sdk_runtime::schema::HttpChecksum::NONE,
};

pub(crate) static PUT_TAPE_SCHEMA: OperationSchema = OperationSchema {
    name: "PutTape",
    input: &PUT_INPUT,
    output: &PUT_OUTPUT,
    http: Some(HttpBinding {
        method: "PUT",
        path: TAPE_PATH,
        query: &[],
        code: 200,
        host_prefix: None,
    }),
    request_compression: &[],
    checksum: sdk_runtime::schema::HttpChecksum::NONE,
};

/// What generated code holds for these shapes.
pub(crate) struct GetTapeInput {
    pub(crate) name: String,
}

impl WriteStruct for GetTapeInput {
    fn schema(&self) -> &'static Schema {
        &NAME_ONLY
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        w.member(0, &self.name)
    }
}

#[derive(Debug)]
pub(crate) struct GetTapeOutput {
    pub(crate) content_type: Option<String>,
    pub(crate) body: ByteStream,
}

impl ReadValue for GetTapeOutput {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let (mut content_type, mut body) = (None, None);
        r.structure(&GET_OUTPUT, &mut |index, r| {
            match index {
                0 => content_type = Some(String::read_value(r)?),
                1 => body = Some(ByteStream::read_value(r)?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(Self {
            content_type,
            body: body.unwrap_or_default(),
        })
    }
}

impl SetRequestId for GetTapeOutput {
    fn set_request_id(&mut self, _: Option<&str>) {}
}

pub(crate) struct PutTapeInput {
    pub(crate) name: String,
    pub(crate) body: ByteStream,
}

impl WriteStruct for PutTapeInput {
    fn schema(&self) -> &'static Schema {
        &PUT_INPUT
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        w.member(0, &self.name)?;
        w.member(1, &self.body)
    }
}

#[derive(Debug, PartialEq)]
pub(crate) struct PutTapeOutput {
    pub(crate) size: Option<i64>,
}

impl ReadValue for PutTapeOutput {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let mut size = None;
        r.structure(&PUT_OUTPUT, &mut |index, r| {
            if index == 0 {
                size = Some(i64::read_value(r)?);
            }
            Ok(())
        })?;
        Ok(Self { size })
    }
}

impl SetRequestId for PutTapeOutput {
    fn set_request_id(&mut self, _: Option<&str>) {}
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum TapeError {
    #[error(transparent)]
    Call(#[from] CallError),
    #[error(transparent)]
    Failure(#[from] ServiceFailure),
    #[error(transparent)]
    Request(#[from] RequestError),
}

pub(crate) struct GetTape;

impl Operation for GetTape {
    const SCHEMA: &'static OperationSchema = &GET_TAPE_SCHEMA;
    const SERVICE: &'static ServiceSpec = &SERVICE;
    type Input = GetTapeInput;
    type Output = GetTapeOutput;
    type Error = TapeError;
}

pub(crate) struct PutTape;

impl Operation for PutTape {
    const SCHEMA: &'static OperationSchema = &PUT_TAPE_SCHEMA;
    const SERVICE: &'static ServiceSpec = &SERVICE;
    type Input = PutTapeInput;
    type Output = PutTapeOutput;
    type Error = TapeError;
}
