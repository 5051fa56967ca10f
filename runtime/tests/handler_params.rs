//! What botocore's handlers change in requests and responses beyond the model, carried
//! by member traits: Route 53's ids cut to their last path segment before the request
//! is written (`fix_route53_ids`), EC2's `UserData` base64-encoded
//! (`base64_encode_user_data`), IAM's percent-encoded policy documents read decoded
//! (`json_decode_policies`, whose JSON parsing is left to the caller).

#![cfg(all(feature = "rest-xml", feature = "query", feature = "ec2-query"))]

use sdk_runtime::protocol::{read_response, write_request, ServiceSpec};
use sdk_runtime::schema::prelude::STRING;
use sdk_runtime::schema::{
    HttpBinding, HttpChecksum, Location, Member, MemberTraits, MemberWriter, OperationSchema,
    Protocol, ReadError, Schema, ShapeKind, ShapeTraits, UriSegment, ValueReader, WriteError,
    WriteStruct,
};

const fn spec(protocol: Protocol) -> ServiceSpec {
    ServiceSpec {
        service_id: "Things",
        signing_name: "things",
        endpoint_prefix: "things",
        target_prefix: "",
        json_version: "",
        api_version: "2013-04-01",
        protocol,
        query_compatible: false,
        default_headers: &[],
    }
}

static ROUTE53: ServiceSpec = spec(Protocol::RestXml);
static IAM: ServiceSpec = spec(Protocol::AwsQuery);
static EC2: ServiceSpec = spec(Protocol::Ec2Query);

const fn member(name: &'static str, location: Location, traits: MemberTraits) -> Member {
    Member {
        name,
        target: &STRING,
        location,
        traits,
    }
}

const TRIMMED: MemberTraits = MemberTraits {
    last_segment: true,
    ..MemberTraits::NONE
};

/// Route 53's `ListResourceRecordSets`: the zone id in the path, a record name (which
/// is no id) in the query.
static LIST_INPUT: Schema = Schema {
    name: "ListResourceRecordSetsRequest",
    kind: ShapeKind::Structure,
    members: &[
        member("HostedZoneId", Location::Label("Id"), TRIMMED),
        member(
            "StartRecordName",
            Location::Query("name"),
            MemberTraits::NONE,
        ),
    ],
    traits: ShapeTraits::NONE,
};

static EMPTY: Schema = Schema {
    name: "Empty",
    kind: ShapeKind::Structure,
    members: &[],
    traits: ShapeTraits::NONE,
};

static LIST: OperationSchema = OperationSchema {
    name: "ListResourceRecordSets",
    input: &LIST_INPUT,
    output: &EMPTY,
    http: Some(HttpBinding {
        method: "GET",
        path: &[
            UriSegment::Literal("/2013-04-01/hostedzone/"),
            UriSegment::Label("Id"),
            UriSegment::Literal("/rrset"),
        ],
        query: &[],
        code: 200,
        host_prefix: None,
    }),
    request_compression: &[],
    checksum: HttpChecksum::NONE,
};

struct Input(Vec<(usize, String)>);

impl WriteStruct for Input {
    fn schema(&self) -> &'static Schema {
        &LIST_INPUT
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        self.0.iter().try_for_each(|(i, v)| w.member(*i, v))
    }
}

fn path(zone: &str, name: Option<&str>) -> String {
    let mut members = vec![(0, zone.to_owned())];
    members.extend(name.map(|n| (1, n.to_owned())));
    write_request(&ROUTE53, &LIST, &Input(members))
        .expect("written")
        .path
}

// What the pinned botocore sends for the same ids (`'/hostedzone/Z1'.split('/')[-1]`).
#[test]
fn route53_ids_are_sent_as_their_last_segment() {
    let rrset = |zone: &str| format!("/2013-04-01/hostedzone/{zone}/rrset");
    assert_eq!(path("/hostedzone/Z1", None), rrset("Z1"));
    assert_eq!(path("Z1", None), rrset("Z1"));
    assert_eq!(path("a/b/hostedzone/Z2", None), rrset("Z2"));
    // Only members whose shape is an id are cut.
    assert_eq!(
        path("/hostedzone/Z1", Some("www/a")),
        rrset("Z1") + "?name=www%2Fa"
    );
}

static POLICY_INPUT: Schema = Schema {
    name: "GetRolePolicyResponse",
    kind: ShapeKind::Structure,
    members: &[
        member(
            "PolicyDocument",
            Location::Body,
            MemberTraits {
                percent_encoded: true,
                ..MemberTraits::NONE
            },
        ),
        member("PolicyName", Location::Body, MemberTraits::NONE),
    ],
    traits: ShapeTraits::NONE,
};

static GET_POLICY: OperationSchema = OperationSchema {
    name: "GetRolePolicy",
    input: &EMPTY,
    output: &POLICY_INPUT,
    http: None,
    request_compression: &[],
    checksum: HttpChecksum::NONE,
};

fn read_policy(body: &str) -> Vec<(usize, String)> {
    let mut got = Vec::new();
    read_response(&IAM, &GET_POLICY, 200, &[], body.as_bytes(), &mut |r| {
        r.structure(&POLICY_INPUT, &mut |i, r: &mut dyn ValueReader| {
            got.push((i, r.string()?));
            Ok::<(), ReadError>(())
        })
    })
    .expect("read");
    got
}

#[test]
fn iam_policy_documents_are_read_decoded() {
    let body = concat!(
        "<GetRolePolicyResponse><GetRolePolicyResult>",
        "<PolicyDocument>%7B%22Version%22%3A%20%222012-10-17%22%2C%20%22a%2Bb%22%3A%20%22%C3%A9%22%7D</PolicyDocument>",
        "<PolicyName>p%41</PolicyName>",
        "</GetRolePolicyResult></GetRolePolicyResponse>"
    );
    assert_eq!(
        read_policy(body),
        [
            (0, r#"{"Version": "2012-10-17", "a+b": "é"}"#.to_owned()),
            // A member without the trait is read as it came.
            (1, "p%41".to_owned()),
        ]
    );
}

static RUN_INPUT: Schema = Schema {
    name: "RunInstancesRequest",
    kind: ShapeKind::Structure,
    members: &[
        member(
            "UserData",
            Location::Body,
            MemberTraits {
                base64: true,
                ..MemberTraits::NONE
            },
        ),
        member("ImageId", Location::Body, MemberTraits::NONE),
    ],
    traits: ShapeTraits::NONE,
};

static RUN: OperationSchema = OperationSchema {
    name: "RunInstances",
    input: &RUN_INPUT,
    output: &EMPTY,
    http: None,
    request_compression: &[],
    checksum: HttpChecksum::NONE,
};

struct Run(&'static str, &'static str);

impl WriteStruct for Run {
    fn schema(&self) -> &'static Schema {
        &RUN_INPUT
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        w.member(0, &self.0.to_owned())?;
        w.member(1, &self.1.to_owned())
    }
}

// The body the pinned botocore sends for
// run_instances(UserData='#!/bin/sh\necho é', ImageId='ami-1', MinCount/MaxCount left out).
#[test]
fn ec2_user_data_is_sent_base64_encoded() {
    let parts = write_request(&EC2, &RUN, &Run("#!/bin/sh\necho é", "ami-1")).expect("written");
    assert_eq!(
        std::str::from_utf8(&parts.body).unwrap(),
        "Action=RunInstances&Version=2013-04-01&UserData=IyEvYmluL3NoCmVjaG8gw6k%3D&ImageId=ami-1"
    );
}
