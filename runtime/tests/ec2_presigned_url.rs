//! EC2 `CopySnapshot` as boto3 sends it: when the caller gives no `PresignedUrl`, the
//! call's own request, presigned for the source region, fills it, and the destination
//! region is the client's (botocore's `inject_presigned_url_ec2`), for random inputs
//! checked against the pinned botocore under one clock.

mod s3_shared;

use s3_shared::{botocore_python, config, run_python, Nothing, Recorder, KEY, SECRET, TIME};
use sdk_runtime::protocol::{Operation, ServiceSpec};
use sdk_runtime::schema::{
    prelude, HttpChecksum, Location, Member, MemberTraits, MemberWriter, OperationSchema,
    PresignedUrlFrom, Protocol, Schema, ShapeKind, ShapeTraits, WriteError, WriteStruct,
};
use sdk_runtime::{CallError, Handle};

static EC2: ServiceSpec = ServiceSpec {
    service_id: "EC2",
    signing_name: "ec2",
    endpoint_prefix: "ec2",
    target_prefix: "",
    json_version: "",
    api_version: "2016-11-15",
    protocol: Protocol::Ec2Query,
    query_compatible: false,
    default_headers: &[],
};

const fn string(name: &'static str, traits: MemberTraits) -> Member {
    Member {
        name,
        target: &prelude::STRING,
        location: Location::Body,
        traits,
    }
}

/// The members in the order the test gives them to botocore, which serializes them
/// in the order given.
const NAMES: [&str; 5] = [
    "Description",
    "DestinationRegion",
    "PresignedUrl",
    "SourceRegion",
    "SourceSnapshotId",
];

static INPUT: Schema = Schema {
    name: "CopySnapshotRequest",
    kind: ShapeKind::Structure,
    members: &[
        string("Description", MemberTraits::NONE),
        string("DestinationRegion", MemberTraits::NONE),
        string(
            "PresignedUrl",
            MemberTraits {
                sensitive: true,
                presigned_url: Some(PresignedUrlFrom {
                    source_region: "SourceRegion",
                    destination_region: "DestinationRegion",
                }),
                ..MemberTraits::NONE
            },
        ),
        string("SourceRegion", MemberTraits::NONE),
        string("SourceSnapshotId", MemberTraits::NONE),
    ],
    traits: ShapeTraits::NONE,
};

static OUTPUT: Schema = Schema {
    name: "CopySnapshotResult",
    kind: ShapeKind::Structure,
    members: &[],
    traits: ShapeTraits::NONE,
};

struct CopySnapshot;

impl Operation for CopySnapshot {
    const SCHEMA: &'static OperationSchema = &OperationSchema {
        name: "CopySnapshot",
        input: &INPUT,
        output: &OUTPUT,
        http: None,
        request_compression: &[],
        checksum: HttpChecksum::NONE,
    };
    const SERVICE: &'static ServiceSpec = &EC2;
    type Input = Params;
    type Output = Nothing;
    type Error = CallError;
}

/// Each member set or not, by `NAMES`.
#[derive(Clone, Debug, Default)]
struct Params([Option<String>; 5]);

impl WriteStruct for Params {
    fn schema(&self) -> &'static Schema {
        &INPUT
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        for (index, value) in self.0.iter().enumerate() {
            if let Some(value) = value {
                w.member(index, value)?;
            }
        }
        Ok(())
    }
}

/// The URL and body of the request sent in `region` for `params`.
async fn sent(region: &str, params: &Params) -> (String, String) {
    let recorder = Recorder::default();
    let handle = Handle::new(&config(region, &recorder, None).build(), &EC2);
    handle.send::<CopySnapshot>(params).await.unwrap();
    let request = recorder.take().pop().unwrap();
    (request.url, String::from_utf8(request.body).unwrap())
}

/// The form value of `name` in `body`, decoded.
fn form_value(body: &str, name: &str) -> Option<String> {
    body.split('&').find_map(|pair| {
        let (n, v) = pair.split_once('=')?;
        (n == name).then(|| {
            let v = v.replace('+', " ");
            let bytes = v.as_bytes();
            let mut out = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'%' {
                    out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap());
                    i += 3;
                } else {
                    out.push(bytes[i]);
                    i += 1;
                }
            }
            String::from_utf8(out).unwrap()
        })
    })
}

#[tokio::test]
async fn the_request_is_presigned_for_the_source_region_and_sent_from_the_clients() {
    let mut params = Params::default();
    params.0[3] = Some("eu-west-1".into());
    params.0[4] = Some("snap-1".into());
    let (url, body) = sent("us-east-1", &params).await;
    assert_eq!(url, "https://ec2.us-east-1.amazonaws.com/");
    assert!(
        body.ends_with("&DestinationRegion=us-east-1"),
        "the destination is the client's region, after the URL: {body}"
    );
    let presigned = form_value(&body, "PresignedUrl").expect("a presigned URL");
    assert!(
        presigned.starts_with(
            "https://ec2.eu-west-1.amazonaws.com/?Action=CopySnapshot&Version=2016-11-15&\
             SourceRegion=eu-west-1&SourceSnapshotId=snap-1&DestinationRegion=us-east-1&\
             X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261129%2F\
             eu-west-1%2Fec2%2Faws4_request&X-Amz-Date=20261129T123456Z&X-Amz-Expires=3600&\
             X-Amz-SignedHeaders=host&X-Amz-Signature="
        ),
        "{presigned}"
    );
    // A URL the caller gives is sent as given, and nothing else changes.
    params.0[2] = Some("https://given".into());
    let (_, body) = sent("us-east-1", &params).await;
    assert_eq!(
        body,
        "Action=CopySnapshot&Version=2016-11-15&PresignedUrl=https%3A%2F%2Fgiven&\
         SourceRegion=eu-west-1&SourceSnapshotId=snap-1"
    );
}

#[tokio::test]
async fn random_copies_are_sent_as_botocore_sends_them() {
    let Some(python) = botocore_python() else {
        eprintln!("skipped: no pinned botocore (run `cargo xtask import-docs`)");
        return;
    };
    let mut seed = 0x5851_f42d_4c95_7f2d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let regions = [
        "us-east-1",
        "us-west-2",
        "eu-west-1",
        "eu-central-1",
        "ap-southeast-2",
        "sa-east-1",
    ];
    let pieces = [
        "a", " ", "+", "&", "=", "%", "/", "?", "é", "🙂", "~", "*", "-",
    ];
    let text = |next: &mut dyn FnMut() -> u64| -> String {
        (0..next() % 6)
            .map(|_| pieces[next() as usize % pieces.len()])
            .collect()
    };
    let mut cases = Vec::new();
    let mut ours = Vec::new();
    for _ in 0..60 {
        let region = regions[next() as usize % regions.len()];
        let mut params = Params::default();
        if next() % 2 == 0 {
            params.0[0] = Some(text(&mut next));
        }
        match next() % 3 {
            0 => params.0[1] = Some(regions[next() as usize % regions.len()].to_owned()),
            1 => params.0[1] = Some(text(&mut next)),
            _ => {}
        }
        if next() % 5 == 0 {
            params.0[2] = Some(format!("https://x/?{}", text(&mut next)));
        }
        params.0[3] = Some(regions[next() as usize % regions.len()].to_owned());
        params.0[4] = Some(format!("snap-{}", text(&mut next)));
        let given: serde_json::Map<String, serde_json::Value> = NAMES
            .iter()
            .zip(&params.0)
            .filter_map(|(name, value)| Some((name.to_string(), value.clone()?.into())))
            .collect();
        cases.push(serde_json::json!([region, given]));
        let (url, body) = sent(region, &params).await;
        ours.push(serde_json::json!([url, body]));
    }
    let expected = run_python(
        &python,
        &format!(
            r#"
import datetime, json, sys
from unittest import mock
import botocore.session

class Captured(Exception):
    pass

def capture(request, **kwargs):
    raise Captured(request)

session = botocore.session.get_session()
out = []
clock = datetime.datetime.fromtimestamp({TIME}, datetime.timezone.utc).replace(tzinfo=None)
with mock.patch('botocore.auth.get_current_datetime', return_value=clock):
    for region, params in json.load(sys.stdin):
        client = session.create_client('ec2', region_name=region,
                                       aws_access_key_id='{KEY}',
                                       aws_secret_access_key='{SECRET}')
        client.meta.events.register('before-send', capture)
        try:
            client.copy_snapshot(**params)
        except Captured as done:
            request = done.args[0]
        body = request.body
        out.append([request.url, body.decode() if isinstance(body, bytes) else body])
print(json.dumps(out))
"#
        ),
        &serde_json::Value::Array(cases),
    );
    assert_eq!(serde_json::Value::Array(ours), expected);
}
