//! A member filled with the call's own request presigned for another region, as
//! botocore's `inject_presigned_url_ec2` fills EC2 `CopySnapshot`'s `PresignedUrl`
//! when the caller gives none: the request, its destination-region member set to the
//! client's region, sent as `GET` with its form body as the query to the endpoint with
//! the client's region replaced by the source region, presigned for the source region
//! for an hour. The call then sends that URL, and the client's region as its
//! destination region whatever the caller set.

use super::{endpoint, Handle};
use crate::error::{CallError, ConstructionError};
use crate::http::{Headers, HttpRequest};
use crate::protocol::{member_text, write_request, HttpRequestParts, Operation, RequestError};
use crate::schema::{MemberWriter, PresignedUrlFrom, Schema, WriteError, WriteStruct, WriteValue};
use crate::sigv4::{self, SigningParams};

/// How long the presigned request is valid, as botocore signs it.
const EXPIRES_IN: u64 = 3600;

impl Handle {
    /// The request parts of `Op` with `input`, its presigned-URL member filled where
    /// the caller left it unset ([`crate::schema::MemberTraits::presigned_url`]).
    pub(super) async fn request_parts<Op>(
        &self,
        input: &Op::Input,
    ) -> Result<HttpRequestParts, Op::Error>
    where
        Op: Operation,
        Op::Error: From<CallError>,
    {
        let schema = Op::SCHEMA.input;
        let Some((url_at, from)) = presigned_member(schema) else {
            return Op::request(input);
        };
        let request_error =
            |e| <Op::Error as From<RequestError>>::from(RequestError::new(Op::NAME, e));
        // Without a source region botocore's handler fails; the call goes as given.
        let source = member_text(input, from.source_region).map_err(request_error)?;
        let given = crate::schema::set_members(input).map_err(request_error)?;
        let (Some(destination_at), Some(source), Some(region)) = (
            index_of(schema, from.destination_region),
            source,
            self.0.region.as_ref(),
        ) else {
            return Op::request(input);
        };
        if given.contains(&url_at) {
            return Op::request(input);
        }
        let write = |presigned: Option<(usize, &str)>| {
            let injected = Injected {
                input,
                destination: (destination_at, region.as_str()),
                presigned,
            };
            write_request(Op::SERVICE, Op::SCHEMA, &injected)
                .map_err(<Op::Error as From<RequestError>>::from)
        };
        let copy = write(None)?;
        let url = self
            .presign_copy(copy, region.as_str(), &source)
            .await
            .map_err(|e| Op::Error::from(CallError::Construction(e)))?;
        write(Some((url_at, &url)))
    }

    /// `copy` sent as `GET` with its body as the query, to the endpoint with
    /// `destination` replaced by `source` (botocore's `_get_cross_region_presigned_url`),
    /// signed in its URL for `source`.
    async fn presign_copy(
        &self,
        copy: HttpRequestParts,
        destination: &str,
        source: &str,
    ) -> Result<String, ConstructionError> {
        let inner = &*self.0;
        let resolved = self.resolved()?;
        let provider = inner.credentials.as_ref().ok_or_else(|| {
            ConstructionError::Credentials(crate::credentials::CredentialsError::new(
                "no credentials configured: set them on the config builder or use Config::from_env",
            ))
        })?;
        let credentials = provider
            .provide_credentials()
            .await
            .map_err(ConstructionError::Credentials)?;
        let url =
            endpoint::with_host_prefix(resolved.url.join(&copy.path), copy.host_prefix.as_deref())
                .replace(destination, source);
        let query = String::from_utf8_lossy(&copy.body);
        let request = HttpRequest {
            method: "GET".to_owned(),
            url: format!("{url}?{query}"),
            headers: Headers::new(),
            body: Vec::new(),
        };
        let params = SigningParams {
            credentials: &credentials,
            region: source,
            service: inner.service.signing_name,
            time: inner.clock.now(),
        };
        sigv4::presign(&request, &params, EXPIRES_IN).map_err(ConstructionError::Endpoint)
    }
}

/// The member with a presigned-URL trait, and where its request comes from.
fn presigned_member(schema: &Schema) -> Option<(usize, PresignedUrlFrom)> {
    schema
        .members
        .iter()
        .enumerate()
        .find_map(|(at, m)| Some((at, m.traits.presigned_url?)))
}

fn index_of(schema: &Schema, name: &str) -> Option<usize> {
    schema.members.iter().position(|m| m.name == name)
}

/// The input with its destination-region member set to the client's region (where
/// the caller set it, else after every member) and, for the call, the presigned URL
/// after every member: where botocore's handler puts them in the parameters.
struct Injected<'a> {
    input: &'a dyn WriteStruct,
    destination: (usize, &'a str),
    presigned: Option<(usize, &'a str)>,
}

impl WriteStruct for Injected<'_> {
    fn schema(&self) -> &'static Schema {
        self.input.schema()
    }

    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        let (destination_at, region) = self.destination;
        let mut replace = Replace {
            w,
            at: destination_at,
            value: region,
            found: false,
        };
        self.input.write_members(&mut replace)?;
        let found = replace.found;
        if let Some((at, url)) = self.presigned {
            w.member(at, &url.to_owned())?;
        }
        if !found {
            w.member(destination_at, &region.to_owned())?;
        }
        Ok(())
    }
}

/// Passes members on, the one at `at` with `value` instead.
struct Replace<'w, 'v> {
    w: &'w mut dyn MemberWriter,
    at: usize,
    value: &'v str,
    found: bool,
}

impl MemberWriter for Replace<'_, '_> {
    fn member(&mut self, index: usize, value: &dyn WriteValue) -> Result<(), WriteError> {
        if index == self.at {
            self.found = true;
            return self.w.member(index, &self.value.to_owned());
        }
        self.w.member(index, value)
    }
}
