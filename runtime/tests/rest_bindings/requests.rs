//! Requests: every input location, labels, header checks, payloads and empty bodies,
//! and the client putting the host prefix before the endpoint host.

use crate::fixtures::*;

#[test]
fn every_request_location_is_written_as_botocore_writes_it() {
    let input = Obj::new(&PUT_INPUT)
        .with("Name", "a b".to_owned())
        .with("Key", "dir/x+y ü.txt".to_owned())
        .with("Tags", strings(&["a", "b,c", "d&e=f"]))
        .with("Since", t("2019-12-16T23:48:18.5Z"))
        .with("Flag", true)
        .with(
            "Extra",
            BTreeMap::from([
                ("tag".to_owned(), strings(&["from-map"])),
                ("k".to_owned(), strings(&["v1", "v 2"])),
            ]),
        )
        .with("Items", strings(&["plain", "with,comma", "with\"quote"]))
        .with("When", t("2019-12-16T23:48:18.999Z"))
        .with(
            "Meta",
            BTreeMap::from([("color".to_owned(), "blue".to_owned())]),
        )
        .with("Count", 3i32)
        .with("Ratio", f64::NAN)
        .with(
            "Doc",
            Document::from_json(r#"{"a": [1, 2.5, "é"]}"#).unwrap(),
        )
        .with(
            "Times",
            vec![t("2019-12-16T23:48:18Z"), t("1970-01-01T00:00:00Z")],
        )
        .with("Account", "acct-1".to_owned());
    let parts = write_request(&SERVICE, &PUT, &input).unwrap();
    assert_eq!(parts.method, "PUT");
    assert_eq!(
        parts.path,
        "/things/a%20b/files/dir/x%2By%20%C3%BC.txt?op=put&x\
         &tag=a&tag=b%2Cc&tag=d%26e%3Df&since=2019-12-16T23%3A48%3A18.500000Z&flag=true\
         &k=v1&k=v%202"
    );
    assert_eq!(
        header(&parts.headers, "X-Items"),
        Some(r#"plain,"with,comma","with\"quote""#)
    );
    assert_eq!(
        header(&parts.headers, "X-When"),
        Some("Mon, 16 Dec 2019 23:48:18 GMT")
    );
    assert_eq!(header(&parts.headers, "x-meta-color"), Some("blue"));
    assert_eq!(header(&parts.headers, "X-Ratio"), Some("NaN"));
    // `json.dumps(value, separators=(',', ':'))`, base64: {"a":[1,2.5,"\u00e9"]}
    assert_eq!(
        header(&parts.headers, "X-Doc"),
        Some("eyJhIjpbMSwyLjUsIlx1MDBlOSJdfQ==")
    );
    assert_eq!(
        header(&parts.headers, "X-Times"),
        Some("Mon, 16 Dec 2019 23:48:18 GMT,Thu, 01 Jan 1970 00:00:00 GMT")
    );
    assert_eq!(
        header(&parts.headers, "Content-Type"),
        Some("application/json")
    );
    assert_eq!(
        String::from_utf8(parts.body).unwrap(),
        r#"{"count_": 3, "Account": "acct-1"}"#
    );
    assert_eq!(parts.host_prefix.as_deref(), Some("acct-1-api."));
}

#[test]
fn labels_must_be_set_and_not_empty_and_host_labels_must_be_host_text() {
    let missing = Obj::new(&PUT_INPUT)
        .with("Key", "k".to_owned())
        .with("Account", "a".to_owned());
    let err = write_request(&SERVICE, &PUT, &missing).unwrap_err();
    assert!(err.to_string().contains("Name"), "{err}");
    let empty = Obj::new(&PUT_INPUT)
        .with("Name", String::new())
        .with("Key", "k".to_owned())
        .with("Account", "a".to_owned());
    assert!(write_request(&SERVICE, &PUT, &empty).is_err());
    let good = Obj::new(&PUT_INPUT)
        .with("Name", "n".to_owned())
        .with("Key", "k".to_owned())
        .with("Account", "my-acct.1".to_owned());
    let parts = write_request(&SERVICE, &PUT, &good).unwrap();
    assert_eq!(parts.host_prefix.as_deref(), Some("my-acct.1-api."));
    // Without its host label, the host prefix cannot be written.
    let unlabelled = Obj::new(&PUT_INPUT)
        .with("Name", "n".to_owned())
        .with("Key", "k".to_owned());
    assert!(write_request(&SERVICE, &PUT, &unlabelled).is_err());
}

#[test]
fn a_space_in_a_host_label_is_refused() {
    let input = Obj::new(&PUT_INPUT)
        .with("Name", "n".to_owned())
        .with("Key", "k".to_owned())
        .with("Account", "a b".to_owned());
    let err = write_request(&SERVICE, &PUT, &input).unwrap_err();
    assert!(err.to_string().contains("host label"), "{err}");
}

#[test]
fn header_values_that_would_split_the_request_are_refused() {
    for bad in ["a\r\nx-injected: 1", "a\nb", "nul\0"] {
        let input = Obj::new(&PUT_INPUT)
            .with("Name", "n".to_owned())
            .with("Key", "k".to_owned())
            .with("Account", "a".to_owned())
            .with("Items", strings(&[bad]));
        assert!(write_request(&SERVICE, &PUT, &input).is_err(), "{bad:?}");
        let input = Obj::new(&PUT_INPUT)
            .with("Name", "n".to_owned())
            .with("Key", "k".to_owned())
            .with("Account", "a".to_owned())
            .with("Meta", BTreeMap::from([(bad.to_owned(), "v".to_owned())]));
        assert!(write_request(&SERVICE, &PUT, &input).is_err(), "{bad:?}");
    }
}

static UPLOAD_INPUT: Schema = shape(
    "UploadInput",
    ShapeKind::Structure,
    &[
        at("Data", &BLOB, Location::Payload),
        at("Type", &STRING, Location::Header("Content-Type")),
    ],
);
static CONFIG_INPUT: Schema = shape(
    "ConfigInput",
    ShapeKind::Structure,
    &[at("Config", &CONFIG, Location::Payload)],
);
static HEADER_ONLY_INPUT: Schema = shape(
    "HeaderOnlyInput",
    ShapeKind::Structure,
    &[at("Id", &STRING, Location::Header("X-Id"))],
);

static UPLOAD: OperationSchema = op(
    "Upload",
    "POST",
    &[UriSegment::Literal("/upload")],
    &UPLOAD_INPUT,
    &EMPTY,
);
static SET_CONFIG: OperationSchema = op(
    "SetConfig",
    "PUT",
    &[UriSegment::Literal("/config")],
    &CONFIG_INPUT,
    &EMPTY,
);
static GET_NOTHING: OperationSchema = op(
    "GetNothing",
    "GET",
    &[UriSegment::Literal("/nothing")],
    &HEADER_ONLY_INPUT,
    &EMPTY,
);

#[test]
fn payloads_and_empty_bodies_follow_botocore() {
    // A blob payload is the raw body, without a content type of its own.
    let input = Obj::new(&UPLOAD_INPUT).with("Data", Blob::new(vec![0u8, 159, 255]));
    let parts = write_request(&SERVICE, &UPLOAD, &input).unwrap();
    assert_eq!(parts.body, [0, 159, 255]);
    assert_eq!(header(&parts.headers, "Content-Type"), None);
    let typed = Obj::new(&UPLOAD_INPUT)
        .with("Data", Blob::from("x"))
        .with("Type", "image/png".to_owned());
    let parts = write_request(&SERVICE, &UPLOAD, &typed).unwrap();
    assert_eq!(header(&parts.headers, "content-type"), Some("image/png"));
    let unset = write_request(&SERVICE, &UPLOAD, &Obj::new(&UPLOAD_INPUT)).unwrap();
    assert!(unset.body.is_empty() && unset.headers.is_empty());

    // A structure payload is that structure's JSON; unset, `{}`.
    let input = Obj::new(&CONFIG_INPUT).with("Config", Obj::new(&CONFIG).with("Size", 25i32));
    let parts = write_request(&SERVICE, &SET_CONFIG, &input).unwrap();
    assert_eq!(parts.body, br#"{"sizeInBytes": 25}"#);
    assert_eq!(
        header(&parts.headers, "Content-Type"),
        Some("application/json")
    );
    let parts = write_request(&SERVICE, &SET_CONFIG, &Obj::new(&CONFIG_INPUT)).unwrap();
    assert_eq!(parts.body, b"{}");

    // No body members: no body and no content type.
    let input = Obj::new(&HEADER_ONLY_INPUT).with("Id", "t-1".to_owned());
    let parts = write_request(&SERVICE, &GET_NOTHING, &input).unwrap();
    assert!(parts.body.is_empty());
    assert_eq!(parts.headers, [("X-Id".into(), "t-1".to_owned())]);
    assert_eq!(parts.path, "/nothing");
}

// ---- the client applies the host prefix ----

#[derive(Debug, Default, Clone)]
struct Capture(Arc<Mutex<Vec<HttpRequest>>>);

impl HttpClient for Capture {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.lock().unwrap().push(request);
        Box::pin(async {
            Ok(HttpResponse {
                status: 200,
                headers: Default::default(),
                body: b"{}".to_vec(),
            })
        })
    }
}

#[tokio::test]
async fn the_client_puts_the_host_prefix_before_the_endpoint_host() {
    let capture = Capture::default();
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None))
        .endpoint_url("https://things.example.com/base")
        .http_client(capture.clone())
        .build();
    let handle = Handle::new(&config, &SERVICE);
    let input = Obj::new(&PUT_INPUT)
        .with("Name", "n1".to_owned())
        .with("Key", "a/b".to_owned())
        .with("Account", "acct".to_owned());
    let parts = write_request(&SERVICE, &PUT, &input).unwrap();
    handle.call_raw("PutThing", parts).await.unwrap();
    let sent = capture.0.lock().unwrap();
    assert_eq!(
        sent[0].url,
        "https://acct-api.things.example.com/base/things/n1/files/a/b?op=put&x"
    );
}
