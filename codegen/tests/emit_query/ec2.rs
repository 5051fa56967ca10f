//! Uses the generated ec2Query crate the way a caller would. Compiled inside the
//! generated crate by `emit_query.rs`.

use sdk_things::operation::get_thing::{self, GetThingError, GetThingRequest};
use sdk_things::types::Tag;

#[test]
fn requests_are_the_form_botocore_writes() {
    let input = GetThingRequest::new("n")
        .colour("red")
        .tags(vec![Tag::new().key("k").value("v")])
        .ids(vec!["a".to_owned(), "b".to_owned()])
        .flat(vec!["x".to_owned(), "y".to_owned()])
        .limit(5)
        .dry_run(true)
        .filters(vec![Tag::new().key("f").value("g")])
        .attributes(
            [("A".to_owned(), "1".to_owned())]
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        );
    let parts = get_thing::request(&input).expect("a request");
    assert_eq!((parts.method, parts.path.as_str()), ("POST", "/"));
    assert_eq!(
        String::from_utf8_lossy(&parts.body),
        "Action=GetThing&Version=2011-06-15&Name=n&Color=red&Tags.1.Key=k&\
         Tags.1.Value=v&Ids.1=a&Ids.2=b&Flat.1=x&Flat.2=y&Limit=5&\
         DryRun=true&Filter.1.Key=f&Filter.1.Value=g&\
         Attributes.entry.1.Name=A&Attributes.entry.1.Value=1"
    );
}

#[test]
fn outputs_are_the_root_elements_children() {
    let out = get_thing::response(
        200,
        &[],
        b"<GetThingResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\
          <requestId>r-1</requestId><arn>arn:x</arn><items><item>a</item><item>b</item></items>\
          <Flat>x</Flat><Flat>y</Flat></GetThingResponse>",
    )
    .expect("an output");
    assert_eq!(out.arn.as_deref(), Some("arn:x"));
    assert_eq!(
        out.items.as_deref(),
        Some(&["a".to_owned(), "b".to_owned()][..])
    );
    assert_eq!(
        out.flat.as_deref(),
        Some(&["x".to_owned(), "y".to_owned()][..])
    );
}

#[test]
fn error_codes_select_their_variant_though_they_differ_from_the_shape_name() {
    let err = get_thing::response(
        400,
        &[],
        b"<Response><Errors><Error><Code>Rejected</Code><Message>no</Message></Error>\
          </Errors><RequestID>r-2</RequestID></Response>",
    )
    .expect_err("an error status");
    match err {
        GetThingError::RejectedException(e) => {
            assert_eq!(e.meta().code(), Some("Rejected"));
            assert_eq!(e.meta().message(), Some("no"));
            assert_eq!(e.meta().status(), 400);
        }
        other => panic!("expected RejectedException, got {other:?}"),
    }
}

#[test]
fn the_service_sends_its_api_version() {
    assert_eq!(sdk_things::SERVICE.api_version, "2011-06-15");
    assert_eq!(
        sdk_things::SERVICE.protocol,
        sdk_runtime::schema::Protocol::Ec2Query
    );
}

#[test]
fn operations_without_documented_errors_share_the_runtime_s_error() {
    let err: sdk_runtime::protocol::CommonError = sdk_things::operation::ping::response(
        400,
        &[],
        b"<Response><Errors><Error><Code>Throttling</Code><Message>slow</Message></Error>\
          </Errors><RequestID>r-3</RequestID></Response>",
    )
    .expect_err("an error status");
    match err {
        sdk_things::operation::ping::PingError::Unhandled(meta) => {
            assert_eq!(meta.code(), Some("Throttling"));
            assert_eq!(meta.message(), Some("slow"));
        }
        other => panic!("expected Unhandled, got {other:?}"),
    }
}
