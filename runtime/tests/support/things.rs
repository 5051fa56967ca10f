//! A hand-written awsJson 1.1 service shaped like the generated ones, for tests that
//! need an operation to call: `ListThings` (a token in, a page of names out) and
//! `DeleteThing` (nothing in, nothing out). Errors stay the client's [`CallError`].

use sdk_runtime::protocol::{Operation, ServiceSpec};
use sdk_runtime::request_id::SetRequestId;
use sdk_runtime::schema::{
    prelude, Location, Member, MemberTraits, MemberWriter, OperationSchema, Protocol, ReadError,
    ReadValue, Schema, ShapeKind, ShapeTraits, ValueReader, WriteError, WriteStruct,
};
use sdk_runtime::CallError;

/// The service the operations belong to.
pub static SPEC: ServiceSpec = ServiceSpec {
    service_id: "Fault Test",
    signing_name: "faulttest",
    endpoint_prefix: "faulttest",
    target_prefix: "FaultTest_20240101",
    json_version: "1.1",
    api_version: "2024-01-01",
    protocol: Protocol::AwsJson1_1,
    query_compatible: false,
    default_headers: &[],
};

pub static LIST_INPUT: Schema = Schema {
    name: "ListThingsInput",
    kind: ShapeKind::Structure,
    members: &[
        body_member("nextToken", &prelude::STRING),
        body_member("maxResults", &prelude::INTEGER),
    ],
    traits: ShapeTraits::NONE,
};

pub static LIST_OUTPUT: Schema = Schema {
    name: "ListThingsOutput",
    kind: ShapeKind::Structure,
    members: &[
        body_member("items", &STRINGS),
        body_member("nextToken", &prelude::STRING),
    ],
    traits: ShapeTraits::NONE,
};

static STRINGS: Schema = Schema {
    name: "Strings",
    kind: ShapeKind::List,
    members: &[body_member("member", &prelude::STRING)],
    traits: ShapeTraits::NONE,
};

static EMPTY: Schema = Schema {
    name: "Empty",
    kind: ShapeKind::Structure,
    members: &[],
    traits: ShapeTraits::NONE,
};

/// A member carried in the JSON body under `name`.
pub const fn body_member(name: &'static str, target: &'static Schema) -> Member {
    Member {
        name,
        target,
        location: Location::Body,
        traits: MemberTraits::NONE,
    }
}

#[derive(Clone, Debug, Default)]
pub struct ListThingsInput {
    pub next_token: Option<String>,
    pub max_results: Option<i32>,
}

impl WriteStruct for ListThingsInput {
    fn schema(&self) -> &'static Schema {
        &LIST_INPUT
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        if let Some(token) = &self.next_token {
            w.member(0, token)?;
        }
        if let Some(size) = &self.max_results {
            w.member(1, size)?;
        }
        Ok(())
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListThingsOutput {
    pub items: Vec<String>,
    pub next_token: Option<String>,
}

impl ReadValue for ListThingsOutput {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let (mut items, mut next_token) = (None, None);
        r.structure(&LIST_OUTPUT, &mut |index, r| {
            match index {
                0 => items = Some(ReadValue::read_value(r)?),
                1 => next_token = Some(ReadValue::read_value(r)?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(Self {
            items: items.unwrap_or_default(),
            next_token,
        })
    }
}

impl SetRequestId for ListThingsOutput {
    fn set_request_id(&mut self, _: Option<&str>) {}
}

/// The input and output of an operation without members.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Nothing;

impl WriteStruct for Nothing {
    fn schema(&self) -> &'static Schema {
        &EMPTY
    }
    fn write_members(&self, _: &mut dyn MemberWriter) -> Result<(), WriteError> {
        Ok(())
    }
}

impl ReadValue for Nothing {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        r.structure(&EMPTY, &mut |_, _| Ok(()))?;
        Ok(Self)
    }
}

impl SetRequestId for Nothing {
    fn set_request_id(&mut self, _: Option<&str>) {}
}

pub struct ListThings;

impl Operation for ListThings {
    const SCHEMA: &'static OperationSchema = &OperationSchema {
        name: "ListThings",
        input: &LIST_INPUT,
        output: &LIST_OUTPUT,
        http: None,
        request_compression: &[],
        checksum: sdk_runtime::schema::HttpChecksum::NONE,
    };
    const SERVICE: &'static ServiceSpec = &SPEC;
    type Input = ListThingsInput;
    type Output = ListThingsOutput;
    type Error = CallError;
}

pub struct DeleteThing;

impl Operation for DeleteThing {
    const SCHEMA: &'static OperationSchema = &OperationSchema {
        name: "DeleteThing",
        input: &EMPTY,
        output: &EMPTY,
        http: None,
        request_compression: &[],
        checksum: sdk_runtime::schema::HttpChecksum::NONE,
    };
    const SERVICE: &'static ServiceSpec = &SPEC;
    type Input = Nothing;
    type Output = Nothing;
    type Error = CallError;
}
