//! restJson1 through the public protocol entry points, with hand-written schemas: every
//! member location of requests and responses, error codes, host prefixes through the
//! client, agreement with botocore's percent-encoding and HTTP-dates on random inputs
//! (when the pinned botocore is installed), and hostile responses that must not panic.

#[path = "rest_bindings/botocore.rs"]
mod botocore;
#[path = "rest_bindings/fixtures.rs"]
mod fixtures;
#[path = "rest_bindings/requests.rs"]
mod requests;
#[path = "rest_bindings/responses.rs"]
mod responses;
