//! S3 operations its endpoint rules send elsewhere than S3 itself.

mod s3_shared;

use s3_shared::*;
use sdk_runtime::Handle;

/// As the pinned botocore sends `list_directory_buckets`: to the S3 Express control
/// endpoint of the region (not the global `s3.amazonaws.com` in `us-east-1`), signed
/// as `s3express`; a configured endpoint is kept, and still signed as `s3express`.
#[tokio::test]
async fn list_directory_buckets_goes_to_the_s3_express_control_endpoint() {
    let recorder = Recorder::default();
    for (region, endpoint, url, scope) in [
        (
            "us-east-1",
            None,
            "https://s3express-control.us-east-1.amazonaws.com/",
            "/us-east-1/s3express/aws4_request",
        ),
        (
            "cn-north-1",
            None,
            "https://s3express-control.cn-north-1.amazonaws.com.cn/",
            "/cn-north-1/s3express/aws4_request",
        ),
        (
            "eu-west-1",
            Some("http://127.0.0.1:5000"),
            "http://127.0.0.1:5000/",
            "/eu-west-1/s3express/aws4_request",
        ),
    ] {
        let mut config = config(region, &recorder, None);
        if let Some(endpoint) = endpoint {
            config = config.endpoint_url(endpoint);
        }
        let handle = Handle::new(&config.build(), &S3);
        handle.send::<ListDirectoryBuckets>(&Nothing).await.unwrap();
        let request = recorder.take().pop().unwrap();
        assert_eq!(request.url, url);
        let authorization = request.headers.get("authorization").unwrap();
        assert!(authorization.contains(scope), "{authorization}");
    }
}
