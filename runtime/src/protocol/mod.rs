//! The wire protocol, without I/O: requests become [`HttpRequestParts`], HTTP responses
//! become outputs or a [`ServiceFailure`].
//!
//! Generated crates describe each service with one [`ServiceSpec`] and each operation
//! with an [`Operation`] implementation; everything that interprets those descriptions
//! lives here once, so that generated code stays data plus thin calls.

#[cfg(feature = "json")]
mod aws_json;
mod dispatch;
mod error;
#[cfg(feature = "json")]
mod json_error;
pub(crate) mod meta;
#[cfg(feature = "query")]
mod query;
#[cfg(feature = "rest-json")]
mod rest_json;
#[cfg(feature = "rest-xml")]
mod rest_xml;
mod shown;
mod unknown;
#[cfg(feature = "xml")]
mod xml_read;

pub(crate) use dispatch::{hides_errors, member_text, read_success_to, response_error};
pub use dispatch::{read_error, read_response, write_request};
pub use error::{
    CommonError, ErrorMetadata, MalformedResponse, RawServiceError, RequestError, ServiceError,
    ServiceFailure,
};
pub use meta::sanitize_error_code;
pub use unknown::UnknownValue;

use std::borrow::Cow;

use crate::request_id::SetRequestId;
use crate::schema::{OperationSchema, ReadError, ReadValue, ValueReader, WriteStruct};

/// Wire facts about one service: what a request needs besides the operation input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ServiceSpec {
    /// The id used in endpoint and configuration lookups (`Device Farm`).
    pub service_id: &'static str,
    /// The SigV4 signing name (`devicefarm`).
    pub signing_name: &'static str,
    /// The first label of the default endpoint host (`devicefarm`).
    pub endpoint_prefix: &'static str,
    /// The prefix of the `X-Amz-Target` header (`DeviceFarm_20150623`).
    pub target_prefix: &'static str,
    /// The awsJson version: `1.0` or `1.1`.
    pub json_version: &'static str,
    /// The API version (`2015-06-23`).
    pub api_version: &'static str,
    /// The wire protocol requests are written in and responses read from.
    pub protocol: crate::schema::Protocol,
    /// awsQueryCompatible: requests carry `x-amzn-query-mode: true`, and error codes
    /// come from the `x-amzn-query-error` header (`Code;Fault`).
    pub query_compatible: bool,
    /// Headers every request carries unless it already has one of that name (compared
    /// without case), added before signing: what botocore's `before-call.<service>`
    /// handlers add, such as API Gateway's `Accept: application/json`.
    pub default_headers: &'static [(&'static str, &'static str)],
}

/// A fresh idempotency token: a random (version 4) UUID, as the AWS SDKs put in
/// members such as `ClientRequestToken` that the caller left unset, so that a retried
/// request is not applied twice.
pub fn idempotency_token() -> String {
    crate::uuid::random_v4()
}

/// The parts of an HTTP request that the protocol decides; the client adds the host,
/// signing and transport headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequestParts {
    /// HTTP method (`POST` for awsJson).
    pub method: &'static str,
    /// Path and query, percent-encoded (`/` for awsJson,
    /// `/2015-03-31/functions/my-fn/aliases?FunctionVersion=1` for a REST operation).
    pub path: String,
    /// Headers in the order they were added: fixed names for the RPC protocols, names
    /// from the model (and from prefix-header map keys) for REST.
    pub headers: Vec<(Cow<'static, str>, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Put before the endpoint's host (`sync-`, `{AccountId}.` filled in), for
    /// operations with a host prefix.
    pub host_prefix: Option<String>,
}

/// When an operation's request carries `Expect: 100-continue`, so that the service can
/// turn the upload down before its body is sent: botocore adds it to S3's `PUT` and
/// `POST` requests whose body is a file, and makes `PutObject`'s and `UploadPart`'s
/// body a file even when it is given in memory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ExpectContinue {
    /// Never.
    #[default]
    Never,
    /// When the streaming payload is given as a file or stream.
    Stream,
    /// When the streaming payload is given at all, in memory too.
    Always,
}

/// One operation of a service, as a type: what a client needs to send it generically.
///
/// Generated crates implement it on a marker type per operation
/// (`operation::get_device::GetDevice`). The types own their data (`'static`), so that
/// test doubles can find an operation's stub by its type (`test_util::Stubs`, feature
/// `test-util`).
pub trait Operation: 'static {
    /// The operation as data: wire name, input and output schemas, HTTP binding.
    const SCHEMA: &'static OperationSchema;
    /// The operation's wire name (`GetDevice`).
    const NAME: &'static str = Self::SCHEMA.name;
    /// The service the operation belongs to.
    const SERVICE: &'static ServiceSpec;
    /// Sent without a signature, and so without credentials: the operations botocore
    /// does not sign (its model's `smithy.api#noAuth`, as STS `AssumeRoleWithWebIdentity`,
    /// whose token is the proof of identity).
    const UNSIGNED: bool = false;
    /// Where the endpoint rules send the operation when not where the service's others
    /// go (S3's `ListDirectoryBuckets`, `WriteGetObjectResponse`, `GetBucketLocation`).
    const ENDPOINT: crate::endpoint::OperationEndpoint =
        crate::endpoint::OperationEndpoint::SERVICE;
    /// When the request carries `Expect: 100-continue` (S3's uploads), as botocore's
    /// handlers add it.
    const EXPECT_CONTINUE: ExpectContinue = ExpectContinue::Never;
    /// What the caller sends.
    type Input: WriteStruct + 'static;
    /// What the service answers on success, with the response's request id.
    type Output: ReadValue + SetRequestId + 'static;
    /// Everything that can go wrong, as one enum the caller matches.
    type Error: From<ServiceFailure> + From<RequestError> + std::error::Error + 'static;

    /// Writes `input` into the request parts of this operation, in the service's
    /// protocol.
    fn request(input: &Self::Input) -> Result<HttpRequestParts, Self::Error> {
        write_request(Self::SERVICE, Self::SCHEMA, input).map_err(Self::Error::from)
    }

    /// Reads an HTTP response to `input`, sent as this operation: as [`Self::response`],
    /// but an output member botocore decodes only when it asked for it encoded is
    /// decoded only when the caller did not ask for that (S3's listings).
    fn response_to(
        input: &Self::Input,
        status: u16,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Result<Self::Output, Self::Error> {
        let filled = !dispatch::sets_default_members(Self::SCHEMA, input);
        read_output_to::<Self::Output>(Self::SERVICE, Self::SCHEMA, filled, status, headers, body)
            .map_err(Self::Error::from)
    }

    /// Reads an HTTP response of this operation; the output keeps its request id.
    fn response(
        status: u16,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Result<Self::Output, Self::Error> {
        read_output::<Self::Output>(Self::SERVICE, Self::SCHEMA, status, headers, body)
            .map_err(Self::Error::from)
    }
}

/// The output `O` of `op` from a response, with the response's request id; an error
/// status gives the service's error, which keeps the headers for its modeled members.
pub fn read_output<O: ReadValue + SetRequestId>(
    service: &ServiceSpec,
    op: &'static OperationSchema,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> Result<O, ServiceFailure> {
    read_output_to(service, op, true, status, headers, body)
}

/// [`read_output`] of a request that filled in its default values itself (`filled`),
/// or not (see [`dispatch::read_response_to`]).
fn read_output_to<O: ReadValue + SetRequestId>(
    service: &ServiceSpec,
    op: &'static OperationSchema,
    filled: bool,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> Result<O, ServiceFailure> {
    output_of(status, headers, |read| {
        dispatch::read_response_to(service, op, filled, status, headers, body, read)
    })
}

/// [`Operation::response_to`] of a response the client's attempt found no error in
/// ([`dispatch::response_error`]), read without asking again.
pub(crate) fn success_output<Op: Operation>(
    input: &Op::Input,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> Result<Op::Output, Op::Error> {
    let (service, op) = (Op::SERVICE, Op::SCHEMA);
    let filled = !dispatch::sets_default_members(op, input);
    output_of(status, headers, |read| {
        dispatch::read_success_to(service, op, filled, status, headers, body, read)
    })
    .map_err(Op::Error::from)
}

/// The output `O` that `reading` reads, with the response's request id.
fn output_of<O: ReadValue + SetRequestId>(
    status: u16,
    headers: &[(String, String)],
    reading: impl FnOnce(
        &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), ReadError>,
    ) -> Result<(), ServiceFailure>,
) -> Result<O, ServiceFailure> {
    let mut output = None;
    let read = reading(&mut |r| {
        output = Some(O::read_value(r)?);
        Ok(())
    });
    match (read, output) {
        (Ok(()), Some(mut output)) => {
            output.set_request_id(meta::request_id(headers));
            Ok(output)
        }
        (Ok(()), None) => Err(ServiceFailure::Malformed(MalformedResponse {
            status,
            request_id: meta::request_id(headers).map(str::to_owned),
            reason: "the response holds no output".to_owned(),
        })),
        (Err(ServiceFailure::Service(raw)), _) => {
            Err(ServiceFailure::Service(raw.with_headers(headers)))
        }
        (Err(failure), _) => Err(failure),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn idempotency_tokens_are_random_v4_uuids() {
        let (a, b) = (super::idempotency_token(), super::idempotency_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a.matches('-').count(), 4);
        assert_eq!(&a[14..15], "4");
        assert!("89ab".contains(&a[19..20]), "{a}");
    }
}
