//! S3's customer-provided keys (SSE-C) as boto3 sends them: a key given without its
//! MD5 travels base64-encoded with the base64 MD5 of its bytes beside it (botocore's
//! `sse_md5` and `copy_source_sse_md5`), a key given with its MD5 travels as given,
//! for random keys checked against the pinned botocore. Keys given as bytes go through
//! [`CustomerKey`], which does what botocore does to a `bytes` key.

mod s3_shared;

use s3_shared::*;
use sdk_runtime::protocol::{Operation, ServiceSpec};
use sdk_runtime::s3::CustomerKey;
use sdk_runtime::schema::{
    prelude, HttpBinding, HttpChecksum, Location, Member, MemberTraits, MemberWriter,
    OperationSchema, Schema, ShapeKind, ShapeTraits, UriSegment, WriteError, WriteStruct,
};
use sdk_runtime::{CallError, Handle};

const fn header(name: &'static str, wire: &'static str, traits: MemberTraits) -> Member {
    Member {
        name,
        target: &prelude::STRING,
        location: Location::Header(wire),
        traits,
    }
}

const KEY_HEADER: &str = "x-amz-server-side-encryption-customer-key";
const MD5_HEADER: &str = "x-amz-server-side-encryption-customer-key-MD5";
const COPY_KEY_HEADER: &str = "x-amz-copy-source-server-side-encryption-customer-key";
const COPY_MD5_HEADER: &str = "x-amz-copy-source-server-side-encryption-customer-key-MD5";

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
            name: "Key",
            target: &prelude::STRING,
            location: Location::GreedyLabel("Key"),
            traits: MemberTraits::NONE,
        },
        header(
            "SSECustomerKey",
            KEY_HEADER,
            MemberTraits {
                sensitive: true,
                key_md5: Some("SSECustomerKeyMD5"),
                ..MemberTraits::NONE
            },
        ),
        header("SSECustomerKeyMD5", MD5_HEADER, MemberTraits::NONE),
        header(
            "CopySourceSSECustomerKey",
            COPY_KEY_HEADER,
            MemberTraits {
                sensitive: true,
                key_md5: Some("CopySourceSSECustomerKeyMD5"),
                ..MemberTraits::NONE
            },
        ),
        header(
            "CopySourceSSECustomerKeyMD5",
            COPY_MD5_HEADER,
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

struct CopyObject;

impl Operation for CopyObject {
    const SCHEMA: &'static OperationSchema = &OperationSchema {
        name: "CopyObject",
        input: &INPUT,
        output: &EMPTY,
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
    type Input = Keys;
    type Output = Nothing;
    type Error = CallError;
}

/// The keys and MD5s of a call, each set or not.
#[derive(Clone, Debug, Default)]
struct Keys {
    key: Option<String>,
    md5: Option<String>,
    copy_key: Option<String>,
    copy_md5: Option<String>,
}

impl WriteStruct for Keys {
    fn schema(&self) -> &'static Schema {
        &INPUT
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        w.member(0, &"bucket".to_owned())?;
        w.member(1, &"key".to_owned())?;
        for (index, value) in [
            (2, &self.key),
            (3, &self.md5),
            (4, &self.copy_key),
            (5, &self.copy_md5),
        ] {
            if let Some(value) = value {
                w.member(index, value)?;
            }
        }
        Ok(())
    }
}

/// The four headers sent for `keys` (`null` where none is sent).
async fn sent(keys: Keys) -> serde_json::Value {
    let recorder = Recorder::default();
    let handle = Handle::new(&config("us-east-1", &recorder, None).build(), &S3);
    handle.send::<CopyObject>(&keys).await.unwrap();
    let request = recorder.take().pop().unwrap();
    let get = |name: &str| serde_json::json!(request.headers.get(name));
    serde_json::json!([
        get(KEY_HEADER),
        get(MD5_HEADER),
        get(COPY_KEY_HEADER),
        get(COPY_MD5_HEADER)
    ])
}

/// What botocore's handlers make of each case's parameters, as the four headers:
/// strings are passed as `str`, arrays of numbers as `bytes`.
const BOTOCORE: &str = r#"
import json, sys
from botocore.handlers import sse_md5, copy_source_sse_md5
names = ['SSECustomerKey', 'SSECustomerKeyMD5',
         'CopySourceSSECustomerKey', 'CopySourceSSECustomerKeyMD5']
out = []
for case in json.load(sys.stdin):
    params = {n: bytes(v) if isinstance(v, list) else v
              for n, v in zip(names, case) if v is not None}
    sse_md5(params)
    copy_source_sse_md5(params)
    out.append([params.get(n) for n in names])
print(json.dumps(out))
"#;

fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

#[tokio::test]
async fn a_key_without_its_md5_is_sent_encoded_with_the_md5_of_its_bytes() {
    let keys = Keys {
        key: Some("0123456789abcdef0123456789abcdef".into()),
        ..Keys::default()
    };
    assert_eq!(
        sent(keys).await,
        serde_json::json!([
            "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            "hRasmdxgYDKV3nvbahU1MA==",
            null,
            null
        ])
    );
    // With its MD5 the key is taken to be encoded already, as botocore takes it.
    let keys = Keys {
        key: Some("a2V5".into()),
        md5: Some("bWQ1".into()),
        copy_key: Some("k".into()),
        ..Keys::default()
    };
    assert_eq!(
        sent(keys).await,
        serde_json::json!(["a2V5", "bWQ1", "aw==", "jOSxayK1iJSqhsQh6HWd8w=="])
    );
}

#[test]
fn a_key_given_as_bytes_or_text_is_encoded_with_its_md5() {
    let key = CustomerKey::new([0u8, 255, 1, 128]);
    assert_eq!(key.key, "AP8BgA==");
    assert_eq!(key.key_md5, "RoDMerhMS95jOrh4taYsuQ==");
    assert_eq!(CustomerKey::new("k"), CustomerKey::new(b"k"));
    // Never printed.
    assert!(!format!("{key:?}").contains("AP8BgA=="));
}

#[tokio::test]
async fn random_keys_are_sent_as_botocore_sends_them() {
    let Some(python) = botocore_python() else {
        eprintln!("skipped: no pinned botocore (run `cargo xtask import-docs`)");
        return;
    };
    let mut next = xorshift(0x2545_f491_4f6c_dd1d);
    let alphabet: Vec<char> = "aZ09+/= é🙂\u{7f}\u{1}".chars().collect();
    // Each case: the four members as botocore gets them (text, bytes or none), and as
    // our caller gives them (bytes through `CustomerKey`).
    let mut cases = Vec::new();
    let mut ours = Vec::new();
    for _ in 0..200 {
        let mut given = Keys::default();
        let mut case = Vec::new();
        for pair in 0..2 {
            let (key_slot, md5_slot) = match pair {
                0 => (&mut given.key, &mut given.md5),
                _ => (&mut given.copy_key, &mut given.copy_md5),
            };
            match next() % 4 {
                // No key.
                0 => case.extend([serde_json::Value::Null, serde_json::Value::Null]),
                // Text without its MD5: the runtime encodes it.
                1 | 2 => {
                    let text: String = (0..next() % 40)
                        .map(|_| alphabet[next() as usize % alphabet.len()])
                        .collect();
                    *key_slot = Some(text.clone());
                    case.extend([serde_json::json!(text), serde_json::Value::Null]);
                }
                // Bytes, which only `CustomerKey` takes: its key and MD5 are set.
                _ => {
                    let bytes: Vec<u8> = (0..next() % 40).map(|_| next() as u8).collect();
                    let encoded = CustomerKey::new(&bytes);
                    *key_slot = Some(encoded.key);
                    *md5_slot = Some(encoded.key_md5);
                    case.extend([serde_json::json!(bytes), serde_json::Value::Null]);
                }
            }
        }
        cases.push(serde_json::Value::Array(case));
        ours.push(sent(given).await);
    }
    let expected = run_python(&python, BOTOCORE, &serde_json::Value::Array(cases));
    assert_eq!(serde_json::Value::Array(ours), expected);
}
