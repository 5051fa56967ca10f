//! Where S3 requests go (the bucket in the host or the path), how they are signed, and
//! the global endpoints of IAM, Route 53 and CloudFront: as the pinned botocore does.

mod s3_shared;

use s3_shared::*;
use sdk_runtime::protocol::{HttpRequestParts, ServiceSpec};
use sdk_runtime::s3::AddressingStyle;
use sdk_runtime::schema::Protocol;
use sdk_runtime::{CallError, Handle};

async fn get_url(
    config: sdk_runtime::ConfigBuilder,
    recorder: &Recorder,
    bucket: &str,
    key: &str,
) -> String {
    let handle = Handle::new(&config.build(), &S3);
    let input = GetObjectInput {
        bucket: bucket.into(),
        key: key.into(),
        ..Default::default()
    };
    handle.send::<GetObject>(&input).await.unwrap();
    recorder.take().pop().unwrap().url
}

/// Cases printed by the pinned botocore (1.44.5) for `get_object`.
#[tokio::test]
async fn buckets_go_in_the_host_or_the_path_as_botocore_puts_them() {
    let recorder = Recorder::default();
    let cases: &[(&str, Option<&str>, AddressingStyle, &str, &str)] = &[
        (
            "us-west-2",
            None,
            AddressingStyle::Auto,
            "my-bucket",
            "https://my-bucket.s3.us-west-2.amazonaws.com/a/b%20c",
        ),
        (
            "us-east-1",
            None,
            AddressingStyle::Auto,
            "my-bucket",
            "https://my-bucket.s3.amazonaws.com/a/b%20c",
        ),
        (
            "cn-north-1",
            None,
            AddressingStyle::Auto,
            "my-bucket",
            "https://my-bucket.s3.cn-north-1.amazonaws.com.cn/a/b%20c",
        ),
        (
            "us-west-2",
            None,
            AddressingStyle::Auto,
            "my.bucket",
            "https://s3.us-west-2.amazonaws.com/my.bucket/a/b%20c",
        ),
        (
            "us-west-2",
            None,
            AddressingStyle::Auto,
            "MyBucket",
            "https://s3.us-west-2.amazonaws.com/MyBucket/a/b%20c",
        ),
        (
            "us-west-2",
            None,
            AddressingStyle::Auto,
            "ab",
            "https://s3.us-west-2.amazonaws.com/ab/a/b%20c",
        ),
        (
            "us-west-2",
            None,
            AddressingStyle::Auto,
            "my_bucket",
            "https://s3.us-west-2.amazonaws.com/my_bucket/a/b%20c",
        ),
        (
            "us-west-2",
            None,
            AddressingStyle::Auto,
            "192.168.1.1",
            "https://s3.us-west-2.amazonaws.com/192.168.1.1/a/b%20c",
        ),
        (
            "us-west-2",
            None,
            AddressingStyle::Path,
            "my-bucket",
            "https://s3.us-west-2.amazonaws.com/my-bucket/a/b%20c",
        ),
        (
            "us-west-2",
            None,
            AddressingStyle::Virtual,
            "my.bucket",
            "https://s3.us-west-2.amazonaws.com/my.bucket/a/b%20c",
        ),
        (
            "us-west-2",
            Some("http://127.0.0.1:5000"),
            AddressingStyle::Auto,
            "my-bucket",
            "http://127.0.0.1:5000/my-bucket/a/b%20c",
        ),
        (
            "us-west-2",
            Some("http://localhost:5000"),
            AddressingStyle::Auto,
            "my-bucket",
            "http://localhost:5000/my-bucket/a/b%20c",
        ),
        (
            "us-west-2",
            Some("https://example.com/base/"),
            AddressingStyle::Auto,
            "my-bucket",
            "https://example.com/base/my-bucket/a/b%20c",
        ),
        (
            "us-west-2",
            Some("http://localhost:5000"),
            AddressingStyle::Virtual,
            "my.bucket",
            "http://my.bucket.localhost:5000/a/b%20c",
        ),
    ];
    for &(region, endpoint, style, bucket, want) in cases {
        let mut config = config(region, &recorder, None).s3_addressing_style(style);
        if let Some(endpoint) = endpoint {
            config = config.endpoint_url(endpoint);
        }
        assert_eq!(
            get_url(config, &recorder, bucket, "a/b c").await,
            want,
            "{region} {endpoint:?} {style:?} {bucket}"
        );
    }

    // `force_path_style` is the path style; a bucket-level operation keeps its query.
    let forced = config("us-west-2", &recorder, None).force_path_style(true);
    assert_eq!(
        get_url(forced, &recorder, "my-bucket", "k").await,
        "https://s3.us-west-2.amazonaws.com/my-bucket/k"
    );
    let handle = Handle::new(&config("us-west-2", &recorder, None).build(), &S3);
    handle
        .send::<GetBucketAcl>(&BucketInput {
            bucket: "my-bucket".into(),
        })
        .await
        .unwrap();
    handle.send::<ListBuckets>(&Nothing).await.unwrap();
    let urls: Vec<String> = recorder.take().into_iter().map(|r| r.url).collect();
    assert_eq!(
        urls,
        [
            "https://my-bucket.s3.us-west-2.amazonaws.com/?acl",
            "https://s3.us-west-2.amazonaws.com/"
        ]
    );
}

#[tokio::test]
async fn bucket_names_botocore_refuses_are_never_sent() {
    let recorder = Recorder::default();
    let handle = Handle::new(&config("us-west-2", &recorder, None).build(), &S3);
    for bucket in [
        "a/b",
        "evil.example#",
        "a?b",
        "",
        "bücket",
        &"a".repeat(256),
    ] {
        let input = GetObjectInput {
            bucket: bucket.into(),
            key: "k".into(),
            ..Default::default()
        };
        let error = handle.send::<GetObject>(&input).await.unwrap_err();
        assert!(
            matches!(
                error,
                CallError::Construction(sdk_runtime::ConstructionError::Input(_))
            ),
            "{bucket:?}: {error:?}"
        );
    }
    assert!(recorder.take().is_empty());
}

async fn url_with_profile(profile: &str, bucket: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    std::fs::write(&path, profile).unwrap();
    let env = sdk_runtime::env::Env::fixed(
        [("AWS_CONFIG_FILE".to_owned(), path.display().to_string())],
        None,
    );
    let loaded = sdk_runtime::ConfigLoader::new()
        .env(env)
        .load()
        .await
        .unwrap();
    let recorder = Recorder::default();
    let config = loaded
        .to_builder()
        .credentials(sdk_runtime::Credentials::new(KEY, SECRET, None))
        .http_client(recorder.clone());
    get_url(config, &recorder, bucket, "k").await
}

#[tokio::test]
async fn the_profile_sets_the_addressing_style_and_the_us_east_1_endpoint() {
    let regional = "[default]\nregion = us-east-1\ns3_us_east_1_regional_endpoint = regional\n";
    assert_eq!(
        url_with_profile(regional, "my-bucket").await,
        "https://my-bucket.s3.us-east-1.amazonaws.com/k"
    );
    let path = "[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n";
    assert_eq!(
        url_with_profile(path, "my-bucket").await,
        "https://s3.amazonaws.com/my-bucket/k"
    );
    let virtual_local = "[default]\nregion = us-west-2\nendpoint_url = http://localhost:5000\n\
                         s3 =\n  addressing_style = virtual\n";
    assert_eq!(
        url_with_profile(virtual_local, "my.bucket").await,
        "http://my.bucket.localhost:5000/k"
    );
}

/// S3 signs the path as sent and always sends `X-Amz-Content-SHA256`: these are the
/// headers botocore 1.44.5 signs for `get_object` with the test keys and clock.
#[tokio::test]
async fn s3_paths_are_signed_as_sent_with_the_payload_hash() {
    let recorder = Recorder::default();
    let handle = Handle::new(&config("us-west-2", &recorder, None).build(), &S3);
    let input = GetObjectInput {
        bucket: "my-bucket".into(),
        key: "a/./b//c%2F ü".into(),
        ..Default::default()
    };
    handle.send::<GetObject>(&input).await.unwrap();
    let request = recorder.take().pop().unwrap();
    assert_eq!(
        request.url,
        "https://my-bucket.s3.us-west-2.amazonaws.com/a/./b//c%252F%20%C3%BC"
    );
    assert_eq!(
        request.headers.get("x-amz-content-sha256"),
        Some("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    );
    let python = botocore_python();
    let Some(python) = python else {
        eprintln!(
            "skipped the comparison with botocore: it is not installed (cargo xtask import-docs)"
        );
        return;
    };
    let want = botocore_get_object(
        &python,
        &[("us-west-2", None, "my-bucket", "a/./b//c%2F ü")],
    );
    assert_eq!(want[0]["url"], request.url.as_str());
    assert_eq!(
        want[0]["authorization"],
        request.headers.get("authorization").unwrap()
    );
}

/// `get_object` through the pinned botocore with the test keys and clock, per case
/// `(region, endpoint, bucket, key)`: the URL and `Authorization` it sends.
fn botocore_get_object(
    python: &std::path::PathBuf,
    cases: &[(&str, Option<&str>, &str, &str)],
) -> Vec<serde_json::Value> {
    let script = r#"
import json, sys, datetime
import boto3, botocore.auth
from botocore.awsrequest import AWSResponse
botocore.auth.get_current_datetime = lambda remove_tzinfo=True: datetime.datetime(2026, 11, 29, 12, 34, 56)
cases = json.load(sys.stdin)
clients, out = {}, []
for region, endpoint, bucket, key in cases:
    client = clients.get((region, endpoint))
    if client is None:
        session = boto3.session.Session(aws_access_key_id='AKIDEXAMPLE',
            aws_secret_access_key='wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region_name=region)
        client = session.client('s3', endpoint_url=endpoint)
        sent = []
        client.meta.events.register('before-send', lambda request, sent=sent, **kw: sent.append(request) or AWSResponse(request.url, 200, {}, None))
        client._sent = sent
        clients[(region, endpoint)] = client
    try:
        client.get_object(Bucket=bucket, Key=key)
    except Exception:
        pass
    request = client._sent.pop()
    out.append({'url': request.url, 'authorization': request.headers['Authorization'].decode()})
print(json.dumps(out))
"#;
    let input = serde_json::json!(cases
        .iter()
        .map(|(region, endpoint, bucket, key)| serde_json::json!([region, endpoint, bucket, key]))
        .collect::<Vec<_>>());
    match run_python(python, script, &input) {
        serde_json::Value::Array(items) => items,
        other => panic!("unexpected output {other}"),
    }
}

/// Random buckets and keys in several regions and endpoints: the same URL and
/// signature as botocore's.
#[tokio::test]
async fn urls_and_signatures_match_botocore_on_random_buckets() {
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
    let places: [(&str, Option<&str>); 5] = [
        ("us-west-2", None),
        ("us-east-1", None),
        ("eu-central-1", None),
        ("cn-north-1", None),
        ("eu-west-1", Some("http://localhost:5000")),
    ];
    let alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789.-_AZ";
    let key_alphabet = "aZ09-_.~ /+%?#&=!*'()ü€\u{1F600}";
    let mut cases = Vec::new();
    for i in 0..300 {
        let len = 1 + (next() % 66) as usize;
        let bucket: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize] as char)
            .collect();
        let chars: Vec<char> = key_alphabet.chars().collect();
        let key: String = (0..1 + next() % 12)
            .map(|_| chars[(next() % chars.len() as u64) as usize])
            .collect();
        let (region, endpoint) = places[i % places.len()];
        cases.push((region, endpoint, bucket, key));
    }
    let borrowed: Vec<(&str, Option<&str>, &str, &str)> = cases
        .iter()
        .map(|(r, e, b, k)| (*r, *e, b.as_str(), k.as_str()))
        .collect();
    let want = botocore_get_object(&python, &borrowed);
    let recorder = Recorder::default();
    for ((region, endpoint, bucket, key), want) in cases.iter().zip(want) {
        let mut config = config(region, &recorder, None);
        if let Some(endpoint) = endpoint {
            config = config.endpoint_url(*endpoint);
        }
        let handle = Handle::new(&config.build(), &S3);
        let input = GetObjectInput {
            bucket: bucket.clone(),
            key: key.clone(),
            ..Default::default()
        };
        handle.send::<GetObject>(&input).await.unwrap();
        let request = recorder.take().pop().unwrap();
        let context = format!("seed {seed}: {region} {endpoint:?} {bucket:?} {key:?}");
        assert_eq!(want["url"], request.url.as_str(), "{context}");
        assert_eq!(
            want["authorization"],
            request.headers.get("authorization").unwrap(),
            "{context}"
        );
    }
}

const fn spec(service_id: &'static str, prefix: &'static str) -> ServiceSpec {
    ServiceSpec {
        service_id,
        signing_name: prefix,
        endpoint_prefix: prefix,
        target_prefix: "",
        json_version: "",
        api_version: "",
        protocol: Protocol::RestJson1,
        query_compatible: false,
        default_headers: &[],
    }
}

/// What the pinned botocore resolves and signs for (printed by it for one call each).
#[tokio::test]
async fn global_services_go_to_one_endpoint_signed_for_its_region() {
    static IAM: ServiceSpec = spec("IAM", "iam");
    static ROUTE53: ServiceSpec = spec("Route 53", "route53");
    static CLOUDFRONT: ServiceSpec = spec("CloudFront", "cloudfront");
    static STS: ServiceSpec = spec("STS", "sts");
    static ORGANIZATIONS: ServiceSpec = spec("Organizations", "organizations");
    let cases: &[(&ServiceSpec, &str, Option<&str>, &str, &str)] = &[
        (
            &IAM,
            "eu-west-1",
            None,
            "https://iam.amazonaws.com/",
            "us-east-1",
        ),
        (
            &IAM,
            "us-east-1",
            None,
            "https://iam.amazonaws.com/",
            "us-east-1",
        ),
        (
            &IAM,
            "cn-northwest-1",
            None,
            "https://iam.cn-north-1.amazonaws.com.cn/",
            "cn-north-1",
        ),
        (
            &IAM,
            "us-gov-west-1",
            None,
            "https://iam.us-gov.amazonaws.com/",
            "us-gov-west-1",
        ),
        (
            &IAM,
            "eu-west-1",
            Some("http://127.0.0.1:5000"),
            "http://127.0.0.1:5000/",
            "eu-west-1",
        ),
        (
            &ROUTE53,
            "us-west-2",
            None,
            "https://route53.amazonaws.com/",
            "us-east-1",
        ),
        (
            &ROUTE53,
            "cn-north-1",
            None,
            "https://route53.amazonaws.com.cn/",
            "cn-northwest-1",
        ),
        (
            &CLOUDFRONT,
            "eu-west-1",
            None,
            "https://cloudfront.amazonaws.com/",
            "us-east-1",
        ),
        (
            &CLOUDFRONT,
            "cn-north-1",
            None,
            "https://cloudfront.cn-northwest-1.amazonaws.com.cn/",
            "cn-northwest-1",
        ),
        (
            &ORGANIZATIONS,
            "eu-west-1",
            None,
            "https://organizations.us-east-1.amazonaws.com/",
            "us-east-1",
        ),
        (
            &STS,
            "us-east-1",
            None,
            "https://sts.us-east-1.amazonaws.com/",
            "us-east-1",
        ),
        (
            &STS,
            "eu-west-1",
            None,
            "https://sts.eu-west-1.amazonaws.com/",
            "eu-west-1",
        ),
        (
            &S3,
            "us-east-1",
            None,
            "https://s3.amazonaws.com/",
            "us-east-1",
        ),
    ];
    let recorder = Recorder::default();
    for &(service, region, endpoint, url, signed_for) in cases {
        let mut config = config(region, &recorder, None);
        if let Some(endpoint) = endpoint {
            config = config.endpoint_url(endpoint);
        }
        let handle = Handle::new(&config.build(), service);
        let parts = HttpRequestParts {
            method: "GET",
            path: "/".into(),
            headers: Vec::new(),
            body: Vec::new(),
            host_prefix: None,
        };
        handle.call_raw("Call", parts).await.unwrap();
        let request = recorder.take().pop().unwrap();
        assert_eq!(request.url, url, "{} {region}", service.service_id);
        let scope = format!(
            "/20261129/{signed_for}/{}/aws4_request",
            service.signing_name
        );
        let authorization = request.headers.get("authorization").unwrap();
        assert!(
            authorization.contains(&scope),
            "{} {region}: {authorization}",
            service.service_id
        );
    }
}

/// The table of global endpoints is what the pinned botocore's endpoint rules resolve:
/// every service whose rules give one URL for all regions of a partition (sampled).
#[test]
fn the_global_endpoints_are_the_ones_botocore_resolves() {
    let Some(python) = botocore_python() else {
        eprintln!("skipped: the pinned botocore is not installed (cargo xtask import-docs)");
        return;
    };
    let script = r#"
import json, botocore.session
from botocore.endpoint_provider import EndpointProvider
session = botocore.session.get_session()
loader = session.get_component('data_loader')
partitions = loader.load_data('partitions')
samples = {'aws': ['eu-west-1', 'us-west-2', 'us-east-1', 'ap-southeast-2'],
           'aws-cn': ['cn-north-1', 'cn-northwest-1'],
           'aws-us-gov': ['us-gov-west-1', 'us-gov-east-1']}
rows = set()
for service in session.get_available_services():
    try:
        rules = loader.load_service_model(service, 'endpoint-rule-set-1')
    except Exception:
        continue
    prefix = loader.load_service_model(service, 'service-2')['metadata'].get('endpointPrefix')
    provider = EndpointProvider(rules, partitions)
    for partition, regions in samples.items():
        found = set()
        for region in regions:
            try:
                endpoint = provider.resolve_endpoint(Region=region, UseFIPS=False, UseDualStack=False)
            except Exception:
                found.add(None)
                continue
            signing = None
            for scheme in endpoint.properties.get('authSchemes') or []:
                signing = scheme.get('signingRegion') or (scheme.get('signingRegionSet') or [None])[0]
            found.add((endpoint.url.rstrip('/'), signing))
        if len(found) == 1 and None not in found:
            url, signing = found.pop()
            if '.amazonaws.com' in url:
                rows.add((prefix, partition, url, signing))
print(json.dumps(sorted(rows)))
"#;
    let want = run_python(&python, script, &serde_json::json!(null));
    let ours: Vec<serde_json::Value> = sdk_runtime::endpoint::GLOBAL
        .iter()
        .map(|(prefix, partition, url, region)| serde_json::json!([prefix, partition, url, region]))
        .collect();
    assert_eq!(want, serde_json::Value::Array(ours));
}
