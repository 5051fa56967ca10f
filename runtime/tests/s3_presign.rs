//! Presigned URLs equal to boto3's `generate_presigned_url` (SigV4, `s3v4`) for the
//! same input, credentials and clock.

mod s3_shared;

use std::time::Duration;

use s3_shared::*;
use sdk_runtime::Handle;

fn handle(region: &str, token: Option<&str>, endpoint: Option<&str>) -> Handle {
    let recorder = Recorder::default();
    let mut config = config(region, &recorder, token);
    if let Some(endpoint) = endpoint {
        config = config.endpoint_url(endpoint);
    }
    Handle::new(&config.build(), &S3)
}

fn get(bucket: &str, key: &str) -> GetObjectInput {
    GetObjectInput {
        bucket: bucket.into(),
        key: key.into(),
        ..Default::default()
    }
}

fn put(bucket: &str, key: &str) -> PutObjectInput {
    PutObjectInput {
        bucket: bucket.into(),
        key: key.into(),
        ..Default::default()
    }
}

const ALGORITHM: &str = "X-Amz-Algorithm=AWS4-HMAC-SHA256";
const CREDENTIAL: &str = "X-Amz-Credential=AKIDEXAMPLE%2F20261129%2Fus-west-2%2Fs3%2Faws4_request";
const DATE: &str = "X-Amz-Date=20261129T123456Z";

/// URLs printed by boto3 1.44.5 (`Config(signature_version='s3v4')`, the clock frozen
/// at 2026-11-29T12:34:56Z).
#[tokio::test]
async fn urls_equal_the_ones_boto3_printed() {
    let url = handle("us-west-2", None, None)
        .presign::<GetObject>(
            &get("my-bucket", "a b/ü+%~*?.txt"),
            Duration::from_secs(900),
        )
        .await
        .unwrap();
    assert_eq!(url.method, "GET");
    assert!(url.headers.is_empty());
    assert_eq!(
        url.uri,
        format!(
            "https://my-bucket.s3.amazonaws.com/a%20b/%C3%BC%2B%25~%2A%3F.txt?{ALGORITHM}&{CREDENTIAL}&{DATE}\
             &X-Amz-Expires=900&X-Amz-SignedHeaders=host\
             &X-Amz-Signature=827d70a6f236a8d19f5ffd3b4f7cc15321a01dc6df90b4baefe862490e815c16"
        )
    );

    let url = handle("us-west-2", Some("TOKEN/+="), None)
        .presign::<PutObject>(&put("my-bucket", "k"), Duration::from_secs(3600))
        .await
        .unwrap();
    assert_eq!(url.method, "PUT");
    assert_eq!(
        url.uri,
        format!(
            "https://my-bucket.s3.amazonaws.com/k?{ALGORITHM}&{CREDENTIAL}&{DATE}\
             &X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Security-Token=TOKEN%2F%2B%3D\
             &X-Amz-Signature=da3d6cc31612a5ce69e100d9bca6f774abc39d7cf5b90cc4412a6d482ab43870"
        )
    );

    let typed = PutObjectInput {
        content_type: Some("text/plain".into()),
        ..put("my-bucket", "k")
    };
    let url = handle("us-west-2", None, None)
        .presign::<PutObject>(&typed, Duration::from_secs(3600))
        .await
        .unwrap();
    assert_eq!(
        url.headers,
        [("Content-Type".to_owned(), "text/plain".to_owned())]
    );
    assert_eq!(
        url.uri,
        format!(
            "https://my-bucket.s3.amazonaws.com/k?{ALGORITHM}&{CREDENTIAL}&{DATE}\
             &X-Amz-Expires=3600&X-Amz-SignedHeaders=content-type%3Bhost\
             &X-Amz-Signature=1069a46fc4a688cf4ecb9cd59b85d9bf7e75aa396b25f52aa636864427505390"
        )
    );

    let url = handle("us-east-1", None, None)
        .presign::<GetObject>(&get("my.bucket", "k"), Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(
        url.uri,
        "https://s3.amazonaws.com/my.bucket/k?X-Amz-Algorithm=AWS4-HMAC-SHA256\
         &X-Amz-Credential=AKIDEXAMPLE%2F20261129%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261129T123456Z\
         &X-Amz-Expires=60&X-Amz-SignedHeaders=host\
         &X-Amz-Signature=d85e213fab1ad50b38e323d731e73e9d7fd40e22cc1e1a298054d136fe688322"
    );

    let versioned = GetObjectInput {
        version_id: Some("v 1".into()),
        ..get("my-bucket", "k")
    };
    let url = handle("us-west-2", None, Some("http://127.0.0.1:5000"))
        .presign::<GetObject>(&versioned, Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(
        url.uri,
        format!(
            "http://127.0.0.1:5000/my-bucket/k?versionId=v%201&{ALGORITHM}&{CREDENTIAL}&{DATE}\
             &X-Amz-Expires=60&X-Amz-SignedHeaders=host\
             &X-Amz-Signature=0e025e88094d4bbc6d6df60fe06e37dd0236dbfc14ba0fcc73766ca3932a197f"
        )
    );

    let checked = GetObjectInput {
        checksum_mode: Some("ENABLED".into()),
        ..get("my-bucket", "k")
    };
    let url = handle("us-west-2", None, None)
        .presign::<GetObject>(&checked, Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(
        url.uri,
        format!(
            "https://my-bucket.s3.amazonaws.com/k?{ALGORITHM}&{CREDENTIAL}&{DATE}\
             &X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-amz-checksum-mode\
             &X-Amz-Signature=08871d58aa9ac98ead9821189464fde26238fa49a26853e8576dc5d66a6e25bb"
        )
    );
}

/// Random keys, buckets, regions, methods and session tokens: string for string
/// boto3's URL (when the pinned botocore is installed).
#[tokio::test]
async fn urls_equal_boto3s_on_random_inputs() {
    let Some(python) = botocore_python() else {
        eprintln!("skipped: the pinned botocore is not installed (cargo xtask import-docs)");
        return;
    };
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut state = seed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let regions = ["us-west-2", "us-east-1", "eu-central-1", "cn-north-1"];
    let endpoints = [None, None, None, Some("http://127.0.0.1:5000")];
    let buckets = ["my-bucket", "my.bucket", "MyBucket", "a-b-c", "ab_c"];
    let key_chars: Vec<char> = "aZ09-_.~ /+%?#&=!*'()ü€\u{1F600}".chars().collect();
    let mut cases = Vec::new();
    for _ in 0..120 {
        let key: String = (0..1 + next() % 16)
            .map(|_| key_chars[(next() % key_chars.len() as u64) as usize])
            .collect();
        let version = (next() % 3 == 0).then(|| {
            (0..1 + next() % 6)
                .map(|_| key_chars[(next() % key_chars.len() as u64) as usize])
                .collect::<String>()
        });
        cases.push(serde_json::json!({
            "method": if next() % 2 == 0 { "get_object" } else { "put_object" },
            "region": regions[(next() % 4) as usize],
            "endpoint": endpoints[(next() % 4) as usize],
            "bucket": buckets[(next() % 5) as usize],
            "key": key,
            "version": version,
            "token": (next() % 2 == 0).then_some("FwoGZXIvYXdzE+/token="),
            "expires": 1 + next() % 604_800,
        }));
    }
    let script = r#"
import json, sys, datetime
import boto3, botocore.auth
from botocore.config import Config
botocore.auth.get_current_datetime = lambda remove_tzinfo=True: datetime.datetime(2026, 11, 29, 12, 34, 56)
out, clients = [], {}
for case in json.load(sys.stdin):
    place = (case['token'], case['region'], case['endpoint'])
    if place not in clients:
        session = boto3.session.Session(aws_access_key_id='AKIDEXAMPLE',
            aws_secret_access_key='wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
            aws_session_token=case['token'], region_name=case['region'])
        clients[place] = session.client('s3', endpoint_url=case['endpoint'],
            config=Config(signature_version='s3v4'))
    client = clients[place]
    params = {'Bucket': case['bucket'], 'Key': case['key']}
    if case['version'] is not None and case['method'] == 'get_object':
        params['VersionId'] = case['version']
    out.append(client.generate_presigned_url(case['method'], Params=params, ExpiresIn=case['expires']))
print(json.dumps(out))
"#;
    let want = run_python(&python, script, &serde_json::Value::Array(cases.clone()));
    for (case, want) in cases.iter().zip(want.as_array().unwrap()) {
        let text = |name: &str| case[name].as_str().map(str::to_owned);
        let handle = handle(
            case["region"].as_str().unwrap(),
            case["token"].as_str(),
            case["endpoint"].as_str(),
        );
        let expires = Duration::from_secs(case["expires"].as_u64().unwrap());
        let (bucket, key) = (text("bucket").unwrap(), text("key").unwrap());
        let url = if case["method"] == "get_object" {
            let input = GetObjectInput {
                version_id: text("version"),
                ..get(&bucket, &key)
            };
            handle.presign::<GetObject>(&input, expires).await.unwrap()
        } else {
            handle
                .presign::<PutObject>(&put(&bucket, &key), expires)
                .await
                .unwrap()
        };
        assert_eq!(url.uri, want.as_str().unwrap(), "seed {seed}: {case}");
    }
}
