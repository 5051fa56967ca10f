//! The service and shapes the REST binding tests share, a dynamic input value written
//! through the schema traits, and the imports every test module uses.

#![allow(unused_imports)] // Each test module uses a part.

pub(crate) use std::collections::BTreeMap;
pub(crate) use std::path::PathBuf;
pub(crate) use std::process::Command;
pub(crate) use std::sync::{Arc, Mutex};

pub(crate) use sdk_runtime::http::{
    BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError,
};
pub(crate) use sdk_runtime::protocol::{
    read_error, read_response, write_request, ServiceFailure, ServiceSpec,
};
pub(crate) use sdk_runtime::schema::prelude::{
    BLOB, BOOLEAN, DOCUMENT, DOUBLE, INTEGER, STRING, TIMESTAMP,
};
pub(crate) use sdk_runtime::schema::{
    HttpBinding, Location, Member, MemberTraits, MemberWriter, OperationSchema, Protocol,
    ReadError, Schema, ShapeKind, ShapeTraits, UriSegment, ValueReader, ValueWriter, WriteError,
    WriteStruct, WriteValue,
};
pub(crate) use sdk_runtime::wire::http_date;
pub(crate) use sdk_runtime::{Blob, Config, Credentials, DateTime, Document, Handle};

pub(crate) static SERVICE: ServiceSpec = ServiceSpec {
    service_id: "Things",
    signing_name: "things",
    endpoint_prefix: "things",
    target_prefix: "",
    json_version: "1.1",
    api_version: "2024-01-01",
    protocol: Protocol::RestJson1,
    query_compatible: false,
    default_headers: &[],
};

pub(crate) const fn at(name: &'static str, target: &'static Schema, location: Location) -> Member {
    Member {
        name,
        target,
        location,
        traits: MemberTraits::NONE,
    }
}

pub(crate) const fn shape(
    name: &'static str,
    kind: ShapeKind,
    members: &'static [Member],
) -> Schema {
    Schema {
        name,
        kind,
        members,
        traits: ShapeTraits::NONE,
    }
}

pub(crate) static STRINGS: Schema = shape(
    "Strings",
    ShapeKind::List,
    &[at("member", &STRING, Location::Body)],
);
pub(crate) static TIMES: Schema = shape(
    "Times",
    ShapeKind::List,
    &[at("member", &TIMESTAMP, Location::Body)],
);
pub(crate) static STRING_MAP: Schema = shape(
    "StringMap",
    ShapeKind::Map,
    &[
        at("key", &STRING, Location::Body),
        at("value", &STRING, Location::Body),
    ],
);
pub(crate) static LIST_MAP: Schema = shape(
    "ListMap",
    ShapeKind::Map,
    &[
        at("key", &STRING, Location::Body),
        at("value", &STRINGS, Location::Body),
    ],
);

pub(crate) static PUT_INPUT: Schema = shape(
    "PutThingInput",
    ShapeKind::Structure,
    &[
        at("Name", &STRING, Location::Label("Name")),
        at("Key", &STRING, Location::GreedyLabel("Key")),
        at("Tags", &STRINGS, Location::Query("tag")),
        at("Since", &TIMESTAMP, Location::Query("since")),
        at("Flag", &BOOLEAN, Location::Query("flag")),
        at("Extra", &LIST_MAP, Location::QueryMap),
        at("Items", &STRINGS, Location::Header("X-Items")),
        at("When", &TIMESTAMP, Location::Header("X-When")),
        at("Meta", &STRING_MAP, Location::PrefixHeaders("x-meta-")),
        Member {
            traits: MemberTraits {
                json_name: Some("count_"),
                ..MemberTraits::NONE
            },
            ..at("Count", &INTEGER, Location::Body)
        },
        at("Note", &STRING, Location::Body),
        at("Ratio", &DOUBLE, Location::Header("X-Ratio")),
        Member {
            traits: MemberTraits {
                json_value: true,
                ..MemberTraits::NONE
            },
            ..at("Doc", &DOCUMENT, Location::Header("X-Doc"))
        },
        at("Times", &TIMES, Location::Header("X-Times")),
        Member {
            traits: MemberTraits {
                host_label: true,
                ..MemberTraits::NONE
            },
            ..at("Account", &STRING, Location::Body)
        },
    ],
);
pub(crate) static EMPTY: Schema = shape("Empty", ShapeKind::Structure, &[]);

pub(crate) static PUT: OperationSchema = OperationSchema {
    name: "PutThing",
    input: &PUT_INPUT,
    output: &EMPTY,
    http: Some(HttpBinding {
        method: "PUT",
        path: &[
            UriSegment::Literal("/things/"),
            UriSegment::Label("Name"),
            UriSegment::Literal("/files/"),
            UriSegment::Greedy("Key"),
        ],
        query: &[("op", Some("put")), ("x", None)],
        code: 200,
        host_prefix: Some("{Account}-api."),
    }),
    request_compression: &[],
    checksum: sdk_runtime::schema::HttpChecksum::NONE,
};

/// A structure value: its schema and the set members by index.
pub(crate) struct Obj {
    schema: &'static Schema,
    set: Vec<(usize, Box<dyn WriteValue>)>,
}

impl Obj {
    pub(crate) fn new(schema: &'static Schema) -> Self {
        Self {
            schema,
            set: Vec::new(),
        }
    }
    pub(crate) fn with(mut self, name: &str, value: impl WriteValue + 'static) -> Self {
        let index = self
            .schema
            .members
            .iter()
            .position(|m| m.name == name)
            .unwrap_or_else(|| panic!("no member {name}"));
        self.set.push((index, Box::new(value)));
        self.set.sort_by_key(|(i, _)| *i);
        self
    }
}

impl WriteStruct for Obj {
    fn schema(&self) -> &'static Schema {
        self.schema
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        self.set
            .iter()
            .try_for_each(|(i, v)| w.member(*i, v.as_ref()))
    }
}

impl WriteValue for Obj {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        w.structure(self)
    }
}

pub(crate) fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

pub(crate) fn t(text: &str) -> DateTime {
    text.parse().unwrap()
}

pub(crate) fn header<'a>(
    headers: &'a [(std::borrow::Cow<'static, str>, String)],
    name: &str,
) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

pub(crate) const fn op(
    name: &'static str,
    method: &'static str,
    path: &'static [UriSegment],
    input: &'static Schema,
    output: &'static Schema,
) -> OperationSchema {
    OperationSchema {
        name,
        input,
        output,
        http: Some(HttpBinding {
            method,
            path,
            query: &[],
            code: 200,
            host_prefix: None,
        }),
        request_compression: &[],
        checksum: sdk_runtime::schema::HttpChecksum::NONE,
    }
}

pub(crate) static CONFIG: Schema = shape(
    "Config",
    ShapeKind::Structure,
    &[Member {
        traits: MemberTraits {
            json_name: Some("sizeInBytes"),
            ..MemberTraits::NONE
        },
        ..at("Size", &INTEGER, Location::Body)
    }],
);

/// A small xorshift generator: fresh cases per run, the seed printed on failure.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub(crate) fn text(&mut self) -> String {
        const PICKS: &[char] = &[
            'a', 'Z', '0', ' ', '/', '%', '+', '~', '-', '.', '_', '?', '#', '&', '=', ',', '"',
            ':', '@', '!', '*', '(', '\'', 'é', '€', '😹', '\u{7f}', '\t',
        ];
        let len = self.next() % 12;
        (0..len)
            .map(|_| PICKS[(self.next() % PICKS.len() as u64) as usize])
            .collect()
    }
}

pub(crate) fn seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1
}
