//! S3's `CopySource` as boto3 sends it: percent-encoded but for `/` (and the
//! characters Python's `quote` never encodes), a `?versionId=` suffix kept
//! (botocore's `handle_copy_source_param`), for random sources checked against the
//! pinned botocore.

mod s3_shared;

use s3_shared::*;
use sdk_runtime::protocol::{Operation, ServiceSpec};
use sdk_runtime::schema::{
    prelude, HttpBinding, HttpChecksum, Location, Member, MemberTraits, MemberWriter,
    OperationSchema, Schema, ShapeKind, ShapeTraits, UriSegment, WriteError, WriteStruct,
};
use sdk_runtime::{CallError, Handle};

static INPUT: Schema = Schema {
    name: "CopyObjectRequest",
    kind: ShapeKind::Structure,
    members: &[
        Member {
            name: "Bucket",
            target: &prelude::STRING,
            location: Location::Label("Bucket"),
            traits: MemberTraits::NONE,
        },
        Member {
            name: "CopySource",
            target: &prelude::STRING,
            location: Location::Header("x-amz-copy-source"),
            traits: MemberTraits {
                quoted_path: true,
                ..MemberTraits::NONE
            },
        },
        Member {
            name: "Key",
            target: &prelude::STRING,
            location: Location::GreedyLabel("Key"),
            traits: MemberTraits::NONE,
        },
    ],
    traits: ShapeTraits::NONE,
};

struct CopyObject;

impl Operation for CopyObject {
    const SCHEMA: &'static OperationSchema = &OperationSchema {
        name: "CopyObject",
        input: &INPUT,
        output: &INPUT_NOTHING,
        http: Some(HttpBinding {
            method: "PUT",
            path: &[
                UriSegment::Literal("/"),
                UriSegment::Label("Bucket"),
                UriSegment::Literal("/"),
                UriSegment::Greedy("Key"),
            ],
            query: &[],
            code: 200,
            host_prefix: None,
        }),
        request_compression: &[],
        checksum: HttpChecksum::NONE,
    };
    const SERVICE: &'static ServiceSpec = &S3;
    type Input = CopyInput;
    type Output = Nothing;
    type Error = CallError;
}

static INPUT_NOTHING: Schema = Schema {
    name: "Empty",
    kind: ShapeKind::Structure,
    members: &[],
    traits: ShapeTraits::NONE,
};

#[derive(Clone, Debug)]
struct CopyInput {
    source: String,
}

impl WriteStruct for CopyInput {
    fn schema(&self) -> &'static Schema {
        &INPUT
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        w.member(0, &"bucket".to_owned())?;
        w.member(1, &self.source)?;
        w.member(2, &"key".to_owned())
    }
}

/// The `x-amz-copy-source` header sent for `source`.
async fn sent(source: &str) -> String {
    let recorder = Recorder::default();
    let handle = Handle::new(&config("us-east-1", &recorder, None).build(), &S3);
    handle
        .send::<CopyObject>(&CopyInput {
            source: source.to_owned(),
        })
        .await
        .unwrap();
    let request = recorder.take().pop().unwrap();
    request.headers.get("x-amz-copy-source").unwrap().to_owned()
}

#[tokio::test]
async fn copy_sources_are_quoted_but_for_slashes_and_the_version() {
    assert_eq!(
        sent("bucket/dir one/ü+x.txt?versionId=a+b/c").await,
        "bucket/dir%20one/%C3%BC%2Bx.txt?versionId=a+b/c"
    );
    // No version, or a "version" holding a space: all of it is the key.
    assert_eq!(sent("b/k?versionId=").await, "b/k%3FversionId%3D");
    assert_eq!(sent("b/k?versionId=a b").await, "b/k%3FversionId%3Da%20b");
}

#[tokio::test]
async fn random_copy_sources_are_quoted_as_botocore_quotes_them() {
    let Some(python) = botocore_python() else {
        eprintln!("skipped: no pinned botocore (run `cargo xtask import-docs`)");
        return;
    };
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let pieces = [
        "bucket/",
        "a",
        "/",
        " ",
        "+",
        "%",
        "?",
        "=",
        "&",
        "~",
        "-",
        "_",
        ".",
        "é",
        "🙂",
        "?versionId=",
        "v1",
        "\u{1c}",
        "\t",
        "*",
        "'",
        "(",
    ];
    let sources: Vec<String> = (0..300)
        .map(|_| {
            (0..(next() % 8 + 1))
                .map(|_| pieces[(next() >> 8) as usize % pieces.len()])
                .collect()
        })
        .collect();
    let expected = run_python(
        &python,
        r#"
import json, sys
from botocore.handlers import handle_copy_source_param
out = []
for source in json.load(sys.stdin):
    params = {'CopySource': source}
    handle_copy_source_param(params)
    out.append(params['CopySource'])
print(json.dumps(out))
"#,
        &serde_json::json!(sources),
    );
    let mut ours = Vec::new();
    for source in &sources {
        ours.push(sent(source).await);
    }
    assert_eq!(serde_json::json!(ours), expected);
}
