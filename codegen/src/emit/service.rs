//! The crate root: crate docs, re-exports and the `SERVICE` constant.

use proc_macro2::TokenStream;
use quote::quote;

use super::files::Modules;
use super::layout::ModulePath;
use super::{docs, Context, EmitError};
use crate::ir::{Metadata, Protocol, Service, ShapeKind};

/// The wire facts of the `SERVICE` constant, checked to be complete.
pub struct ServiceSpec {
    service_id: String,
    signing_name: String,
    endpoint_prefix: String,
    target_prefix: String,
    json_version: String,
    api_version: String,
    /// The protocol the crate speaks.
    pub protocol: Protocol,
    query_compatible: bool,
    default_headers: Vec<(String, String)>,
}

/// The protocols the emitters implement, in the order they are chosen when a service
/// offers several: awsJson whenever the service offers it, even if it prefers another
/// (its codec is the quickest and the smallest), then restJson1, restXml, awsQuery and
/// ec2Query.
const IMPLEMENTED: &[Protocol] = &[
    Protocol::AwsJson1_0,
    Protocol::AwsJson1_1,
    Protocol::RestJson1,
    Protocol::RestXml,
    Protocol::AwsQuery,
    Protocol::Ec2Query,
];

/// The protocol the crate of a service with this metadata speaks: awsJson whenever it
/// offers it, else restJson1, restXml, awsQuery or ec2Query, the first of these it
/// offers; `None` when it offers none (rpcv2Cbor alone).
pub fn crate_protocol(metadata: &Metadata) -> Option<Protocol> {
    let offered = metadata.wire_protocols();
    IMPLEMENTED.iter().copied().find(|p| offered.contains(p))
}

impl ServiceSpec {
    /// The spec of a service that speaks a protocol the emitters implement; services
    /// that do not, and missing facts, are errors.
    pub fn of(service: &Service) -> Result<Self, EmitError> {
        let Metadata {
            protocol: named,
            protocols: _,
            json_version,
            target_prefix,
            signing_name,
            endpoint_prefix,
            service_id,
            service_full_name: _,
            query_compatible,
            default_headers,
        } = &service.metadata;
        let Some(protocol) = crate_protocol(&service.metadata) else {
            return Err(EmitError::UnsupportedProtocol {
                service: service.name.clone(),
                protocol: named.clone(),
            });
        };
        let require = |value: &Option<String>, field: &'static str| {
            value.clone().ok_or_else(|| EmitError::MissingMetadata {
                service: service.name.clone(),
                field,
            })
        };
        // Only awsJson names its target and version on the wire.
        let json = matches!(protocol, Protocol::AwsJson1_0 | Protocol::AwsJson1_1);
        let (target_prefix, json_version) = if json {
            (
                require(target_prefix, "target_prefix")?,
                require(json_version, "json_version")?,
            )
        } else {
            (
                target_prefix.clone().unwrap_or_default(),
                json_version.clone().unwrap_or_default(),
            )
        };
        Ok(Self {
            service_id: require(service_id, "service_id")?,
            signing_name: require(signing_name, "signing_name")?,
            endpoint_prefix: require(endpoint_prefix, "endpoint_prefix")?,
            target_prefix,
            json_version,
            api_version: require(&service.api_version, "api_version")?,
            protocol,
            query_compatible: *query_compatible,
            default_headers: default_headers.clone(),
        })
    }

    fn tokens(&self) -> TokenStream {
        let Self {
            service_id,
            signing_name,
            endpoint_prefix,
            target_prefix,
            json_version,
            api_version,
            protocol,
            query_compatible,
            default_headers,
        } = self;
        let protocol = quote::format_ident!("{protocol:?}");
        let headers = default_headers
            .iter()
            .map(|(name, value)| quote! { (#name, #value) });
        quote! {
            ::sdk_runtime::protocol::ServiceSpec {
                service_id: #service_id,
                signing_name: #signing_name,
                endpoint_prefix: #endpoint_prefix,
                target_prefix: #target_prefix,
                json_version: #json_version,
                api_version: #api_version,
                protocol: ::sdk_runtime::schema::Protocol::#protocol,
                query_compatible: #query_compatible,
                default_headers: &[#(#headers),*],
            }
        }
    }
}

/// The crate docs: the service docs and how the crate is laid out.
pub fn crate_docs(service: &Service) -> String {
    let name = service
        .metadata
        .service_full_name
        .clone()
        .unwrap_or_else(|| service.title.clone());
    let docs = docs::foreign_or(&service.docs, || format!("The {name} API."));
    let has_errors = service
        .shapes
        .values()
        .any(|s| matches!(s.kind, ShapeKind::Error { .. }));
    let errors = if has_errors {
        "; error shapes in [`types::error`]"
    } else {
        ""
    };
    format!(
        "A client of {name}, generated from its API reference.\n\n{docs}\n\n\
         # Layout\n\n\
         - [`Client`]: one method per operation; see its docs to get started.\n\
         - [`operation`]: one module per operation with its input, output and error types, \
         the call the client's method returns, and the `request`/`response` functions \
         that encode and decode it (no I/O).\n\
         - [`types`]: structures, unions and enums shared by operations{errors}.\n\
         - [`Config`], [`Credentials`], [`Region`], [`RetryConfig`], [`HttpClient`]: \
         configuration, from the runtime crate `sdk_runtime`; [`config`] has all of it.\n"
    )
}

/// Root items: re-exports of the runtime's value types and the `SERVICE` constant.
pub fn emit(ctx: &Context<'_>, spec: &ServiceSpec, modules: &mut Modules) -> Result<(), EmitError> {
    let doc = format!(" Wire facts about {}.", ctx.service.title);
    let value = spec.tokens();
    modules.add_item(
        &ModulePath(Vec::new()),
        quote! {
            pub use ::sdk_runtime::protocol::{ErrorMetadata, ServiceError};
            pub use ::sdk_runtime::{Blob, DateTime, Document, RequestId};

            #[doc(no_inline)]
            pub use ::sdk_runtime::http::HttpClient;
            #[doc(no_inline)]
            pub use ::sdk_runtime::{ConfigBuilder, ConfigLoader, RetryConfig, Timeouts};

            #[doc = #doc]
            pub const SERVICE: ::sdk_runtime::protocol::ServiceSpec = #value;
        },
    )?;
    let config = ModulePath(vec!["config".into()]);
    modules.set_docs(
        &config,
        "What a client's configuration takes, re-exported from the runtime crate \
         `sdk_runtime` so that this crate alone sets a client up: the configuration and \
         its builder, retries and timeouts, credentials and their providers, and the \
         HTTP client with the types a custom one implements."
            .to_owned(),
    );
    modules.add_item(
        &config,
        quote! {
            #[doc(no_inline)]
            pub use ::sdk_runtime::{
                Config, ConfigBuilder, ConfigError, ConfigLoader, Credentials, Region,
                RetryConfig, Timeouts,
            };
            #[doc(no_inline)]
            pub use ::sdk_runtime::credentials::{
                CredentialsCache, CredentialsError, ProvideCredentials, SharedCredentialsProvider,
            };
            #[doc(no_inline)]
            pub use ::sdk_runtime::http::{
                BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError,
            };
            #[doc(no_inline)]
            pub use ::sdk_runtime::clock::TimeSource;
        },
    )
}
