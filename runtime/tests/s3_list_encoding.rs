//! S3's listings as boto3 makes them: `encoding-type=url` is asked for when the caller
//! did not ask for an encoding (botocore's `set_list_objects_encoding_type_url`), and
//! the keys and prefixes S3 then url-encodes are handed over decoded
//! (`decode_list_object_v2`: Python's `unquote_plus`), so that any key round-trips. A
//! caller who asks for an encoding gets the keys as S3 sent them.

mod s3_shared;

use std::sync::{Arc, Mutex};

use s3_shared::{botocore_python, run_python};
use sdk_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use sdk_runtime::protocol::{Operation, ServiceSpec};
use sdk_runtime::request_id::SetRequestId;
use sdk_runtime::schema::{
    prelude, HttpBinding, HttpChecksum, Location, Member, MemberTraits, MemberWriter,
    OperationSchema, Protocol, ReadError, ReadValue, Schema, ShapeKind, ShapeTraits, UriSegment,
    ValueReader, WriteError, WriteStruct,
};
use sdk_runtime::{CallError, Config, Credentials, Handle};

static S3: ServiceSpec = ServiceSpec {
    service_id: "S3",
    signing_name: "s3",
    endpoint_prefix: "s3",
    target_prefix: "",
    json_version: "",
    api_version: "2006-03-01",
    protocol: Protocol::RestXml,
    query_compatible: false,
    default_headers: &[],
};

const fn member(name: &'static str, target: &'static Schema, location: Location) -> Member {
    Member {
        name,
        target,
        location,
        traits: MemberTraits::NONE,
    }
}

/// A member S3 url-encodes when asked to.
const fn encoded(name: &'static str) -> Member {
    Member {
        traits: MemberTraits {
            url_encoded: true,
            ..MemberTraits::NONE
        },
        ..member(name, &prelude::STRING, Location::Body)
    }
}

static INPUT: Schema = Schema {
    name: "ListObjectsV2Request",
    kind: ShapeKind::Structure,
    members: &[
        member("Bucket", &prelude::STRING, Location::Label("Bucket")),
        Member {
            traits: MemberTraits {
                default_value: Some("url"),
                ..MemberTraits::NONE
            },
            ..member(
                "EncodingType",
                &prelude::STRING,
                Location::Query("encoding-type"),
            )
        },
    ],
    traits: ShapeTraits::NONE,
};

static OBJECT: Schema = Schema {
    name: "Object",
    kind: ShapeKind::Structure,
    members: &[
        encoded("Key"),
        member("ETag", &prelude::STRING, Location::Body),
    ],
    traits: ShapeTraits::NONE,
};

static OBJECTS: Schema = Schema {
    name: "ObjectList",
    kind: ShapeKind::List,
    members: &[member("member", &OBJECT, Location::Body)],
    traits: ShapeTraits::NONE,
};

static OUTPUT: Schema = Schema {
    name: "ListObjectsV2Output",
    kind: ShapeKind::Structure,
    members: &[
        Member {
            traits: MemberTraits {
                xml_flattened: true,
                ..MemberTraits::NONE
            },
            ..member("Contents", &OBJECTS, Location::Body)
        },
        encoded("Prefix"),
        member("EncodingType", &prelude::STRING, Location::Body),
    ],
    traits: ShapeTraits::NONE,
};

struct ListObjectsV2;

impl Operation for ListObjectsV2 {
    const SCHEMA: &'static OperationSchema = &OperationSchema {
        name: "ListObjectsV2",
        input: &INPUT,
        output: &OUTPUT,
        http: Some(HttpBinding {
            method: "GET",
            path: &[UriSegment::Literal("/"), UriSegment::Label("Bucket")],
            query: &[("list-type", Some("2"))],
            code: 200,
            host_prefix: None,
        }),
        request_compression: &[],
        checksum: HttpChecksum::NONE,
    };
    const SERVICE: &'static ServiceSpec = &S3;
    type Input = ListInput;
    type Output = ListOutput;
    type Error = CallError;
}

#[derive(Clone, Debug, Default)]
struct ListInput {
    encoding_type: Option<String>,
}

impl WriteStruct for ListInput {
    fn schema(&self) -> &'static Schema {
        &INPUT
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        w.member(0, &"bucket".to_owned())?;
        if let Some(v) = &self.encoding_type {
            w.member(1, v)?;
        }
        Ok(())
    }
}

#[derive(Debug, Default, PartialEq)]
struct ListOutput {
    keys: Vec<String>,
    prefix: Option<String>,
}

struct Key(String);

impl ReadValue for Key {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let mut key = String::new();
        r.structure(&OBJECT, &mut |index, r| {
            if index == 0 {
                key = String::read_value(r)?;
            }
            Ok(())
        })?;
        Ok(Key(key))
    }
}

impl ReadValue for ListOutput {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let mut out = ListOutput::default();
        r.structure(&OUTPUT, &mut |index, r| {
            match index {
                0 => {
                    out.keys = Vec::<Key>::read_value(r)?
                        .into_iter()
                        .map(|k| k.0)
                        .collect()
                }
                1 => out.prefix = Some(String::read_value(r)?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(out)
    }
}

impl SetRequestId for ListOutput {
    fn set_request_id(&mut self, _: Option<&str>) {}
}

/// Answers every request with `body` and keeps the requests' URLs.
#[derive(Clone, Debug, Default)]
struct Answer {
    body: Arc<Mutex<String>>,
    urls: Arc<Mutex<Vec<String>>>,
}

impl HttpClient for Answer {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.urls.lock().unwrap().push(request.url);
        let body = self.body.lock().unwrap().clone().into_bytes();
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                headers: Default::default(),
                body,
            })
        })
    }
}

/// A listing of `keys` under `prefix`, as S3 writes it (`EncodingType` first).
fn listing(encoding: Option<&str>, prefix: &str, keys: &[String]) -> String {
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult \
         xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>bucket</Name>",
    );
    body.push_str(&format!("<Prefix>{prefix}</Prefix>"));
    if let Some(encoding) = encoding {
        body.push_str(&format!("<EncodingType>{encoding}</EncodingType>"));
    }
    for key in keys {
        body.push_str(&format!(
            "<Contents><Key>{key}</Key><ETag>e</ETag></Contents>"
        ));
    }
    body.push_str("</ListBucketResult>");
    body
}

async fn list(answer: &Answer, input: &ListInput) -> ListOutput {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None))
        .endpoint_url("http://127.0.0.1:1")
        .force_path_style(true)
        .http_client(answer.clone())
        .build();
    Handle::new(&config, &S3)
        .send::<ListObjectsV2>(input)
        .await
        .unwrap()
}

#[tokio::test]
async fn keys_are_asked_for_url_encoded_and_handed_over_decoded() {
    let answer = Answer::default();
    *answer.body.lock().unwrap() = listing(
        Some("url"),
        "dir%2Fa+b",
        &["a+b%2Bc%20d%01%C3%A9".to_owned(), "plain".to_owned()],
    );
    let output = list(&answer, &ListInput::default()).await;
    assert_eq!(output.keys, ["a b+c d\u{1}é", "plain"]);
    assert_eq!(output.prefix.as_deref(), Some("dir/a b"));
    let url = answer.urls.lock().unwrap().pop().unwrap();
    assert!(
        url.ends_with("/bucket?list-type=2&encoding-type=url"),
        "{url}"
    );
}

/// botocore decodes only what it asked to be encoded: not when the caller asked, nor
/// when the answer does not say it is encoded.
#[tokio::test]
async fn keys_stay_as_sent_when_the_caller_asked_or_the_answer_is_not_encoded() {
    let answer = Answer::default();
    let key = "a+b%20c".to_owned();
    *answer.body.lock().unwrap() = listing(Some("url"), "", std::slice::from_ref(&key));
    let asked = ListInput {
        encoding_type: Some("url".to_owned()),
    };
    assert_eq!(list(&answer, &asked).await.keys, std::slice::from_ref(&key));
    let url = answer.urls.lock().unwrap().pop().unwrap();
    assert!(url.ends_with("encoding-type=url"), "{url}");

    *answer.body.lock().unwrap() = listing(None, "", std::slice::from_ref(&key));
    assert_eq!(list(&answer, &ListInput::default()).await.keys, [key]);
}

/// Random encoded keys (escapes of any byte, invalid and cut-off escapes, `+`,
/// non-ASCII text) decode as botocore's `decode_list_object_v2` decodes them.
#[tokio::test]
async fn random_keys_decode_as_botocore_decodes_them() {
    let Some(python) = botocore_python() else {
        eprintln!("skipped: no pinned botocore (run `cargo xtask import-docs`)");
        return;
    };
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let pieces = [
        "+", "%", "%2", "%2B", "%20", "%zz", "%C3%A9", "%FF", "é", "/", "a", "~",
    ];
    let keys: Vec<String> = (0..200)
        .map(|_| {
            let mut key = String::new();
            for _ in 0..(next() % 8 + 1) {
                let n = next();
                if n % 3 == 0 {
                    key.push_str(&format!("%{:02X}", (n >> 8) as u8));
                } else {
                    key.push_str(pieces[(n >> 8) as usize % pieces.len()]);
                }
            }
            key
        })
        .collect();
    let expected = run_python(
        &python,
        r#"
import json, sys
from botocore.handlers import decode_list_object_v2
keys = json.load(sys.stdin)
parsed = {'EncodingType': 'url', 'Contents': [{'Key': k} for k in keys]}
decode_list_object_v2(parsed, {'encoding_type_auto_set': True})
print(json.dumps([c['Key'] for c in parsed['Contents']]))
"#,
        &serde_json::json!(keys),
    );
    let answer = Answer::default();
    *answer.body.lock().unwrap() = listing(Some("url"), "", &keys);
    let ours = list(&answer, &ListInput::default()).await.keys;
    assert_eq!(serde_json::json!(ours), expected);
}
