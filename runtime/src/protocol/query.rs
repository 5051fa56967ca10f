//! awsQuery and ec2Query requests: `Action`, `Version` and the input as a form, the
//! body of a `POST /` (botocore's `QuerySerializer` and `EC2Serializer`).

use super::{HttpRequestParts, RequestError, ServiceSpec};
use crate::codec::query::{self, Dialect};
use crate::schema::{OperationSchema, Protocol, WriteStruct};

/// The request parts of `op` with `input` as its form.
pub(crate) fn write_request(
    service: &ServiceSpec,
    op: &'static OperationSchema,
    input: &dyn WriteStruct,
) -> Result<HttpRequestParts, RequestError> {
    let dialect = match service.protocol {
        Protocol::Ec2Query => Dialect::Ec2,
        _ => Dialect::Query,
    };
    let body = query::write_form(op.name, service.api_version, input, dialect)
        .map_err(|e| RequestError::new(op.name, e))?;
    Ok(HttpRequestParts {
        method: "POST",
        path: "/".into(),
        headers: vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded; charset=utf-8".to_owned(),
        )],
        body,
        // The dispatcher fills it, as for every protocol.
        host_prefix: None,
    })
}
