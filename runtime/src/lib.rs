//! Runtime shared by every generated SDK crate.
//!
//! Generated crates are mostly data (types, operation descriptions); the logic they
//! need lives here once: wire value types, the awsJson protocol, and the client
//! machinery.
//!
//! # Layers
//!
//! Everything but the transport is plain functions over values (no I/O):
//! - [`protocol`] turns an input into request parts and a response into an output or a
//!   failure; [`paginate`] says where an operation keeps its tokens and items.
//! - [`sigv4`] signs a request as boto3 does; [`retry`] decides what to retry and how
//!   long to wait; [`endpoint`] resolves URLs.
//! - [`config`] and [`loader`] gather region, credentials, endpoint, timeouts and
//!   retry settings from a builder or from the environment and shared config files.
//! - [`http::HttpClient`] is the one I/O boundary; [`https::HyperClient`] (feature
//!   `default-https-client`, on by default) is hyper 1 over tokio with rustls.
//! - [`Handle`] ties them together: [`Handle::send`] serializes, signs, sends under
//!   the attempt timeout, reads, and retries; [`Paginator`] drives it page by page.
//!
//! # How generated code uses it
//!
//! A generated crate holds one [`protocol::ServiceSpec`], per shape a static
//! [`schema::Schema`] with glue ([`schema::WriteStruct`], [`schema::ReadValue`]), and
//! per operation an input type, an output type, a marker type implementing
//! [`protocol::Operation`] (and
//! [`paginate::Paginate`] when it pages), and an error enum implementing
//! `From<`[`CallError`]`>` that sorts service errors by code into documented variants
//! and keeps the other cases, so that callers match everything in one `match`. Its
//! `Client` wraps a [`Handle`]; each fluent method is a thin call:
//!
//! ```
//! use sdk_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
//! use sdk_runtime::protocol::{ErrorMetadata, MalformedResponse, Operation, ServiceSpec};
//! use sdk_runtime::{CallError, Config, ConstructionError, Credentials, Handle, TimeoutError};
//!
//! // ---- what the generator emits (abridged) ----
//! pub static SERVICE: ServiceSpec = ServiceSpec {
//!     service_id: "Device Farm",
//!     signing_name: "devicefarm",
//!     endpoint_prefix: "devicefarm",
//!     target_prefix: "DeviceFarm_20150623",
//!     json_version: "1.1",
//!     api_version: "2015-06-23",
//!     protocol: sdk_runtime::schema::Protocol::AwsJson1_1,
//!     query_compatible: false,
//!     default_headers: &[],
//! };
//!
//! // Per shape a static schema, and glue that hands fields to the codecs by index.
//! use sdk_runtime::schema::{prelude, Location, Member, MemberTraits, Schema, ShapeKind,
//!     ShapeTraits, MemberWriter, ReadError, ReadValue, ValueReader, WriteError, WriteStruct};
//! static INPUT: Schema = Schema {
//!     name: "GetRemoteAccessSessionRequest",
//!     kind: ShapeKind::Structure,
//!     members: &[Member { name: "arn", target: &prelude::STRING, location: Location::Body,
//!         traits: MemberTraits { required: true, ..MemberTraits::NONE } }],
//!     traits: ShapeTraits::NONE,
//! };
//! static OUTPUT: Schema = Schema {
//!     name: "GetRemoteAccessSessionResult",
//!     kind: ShapeKind::Structure,
//!     members: &[Member { name: "remoteAccessSession", target: &prelude::DOCUMENT,
//!         location: Location::Body, traits: MemberTraits::NONE }],
//!     traits: ShapeTraits::NONE,
//! };
//!
//! #[derive(Clone)]
//! pub struct GetRemoteAccessSessionInput { pub arn: String }
//! impl WriteStruct for GetRemoteAccessSessionInput {
//!     fn schema(&self) -> &'static Schema { &INPUT }
//!     fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
//!         w.member(0, &self.arn)
//!     }
//! }
//! #[derive(Debug)]
//! pub struct GetRemoteAccessSessionOutput {
//!     pub remote_access_session: Option<sdk_runtime::Document>,
//!     _response: sdk_runtime::request_id::ResponseMetadata,
//! }
//! impl ReadValue for GetRemoteAccessSessionOutput {
//!     fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
//!         let mut session = None;
//!         r.structure(&OUTPUT, &mut |index, r| {
//!             if index == 0 { session = Some(ReadValue::read_value(r)?) }
//!             Ok(())
//!         })?;
//!         Ok(Self { remote_access_session: session, _response: Default::default() })
//!     }
//! }
//! // The runtime fills in the response's request id; `output.request_id()` reads it.
//! impl sdk_runtime::request_id::SetRequestId for GetRemoteAccessSessionOutput {
//!     fn set_request_id(&mut self, id: Option<&str>) { self._response.set_request_id(id) }
//! }
//!
//! #[derive(Debug)]
//! pub enum GetRemoteAccessSessionError {
//!     // ...one variant per documented exception, then:
//!     Unhandled(ErrorMetadata),
//!     Response(MalformedResponse),
//!     Transport(TransportError),
//!     Timeout(TimeoutError),
//!     Construction(ConstructionError),
//! }
//! impl From<CallError> for GetRemoteAccessSessionError {
//!     fn from(e: CallError) -> Self {
//!         match e {
//!             // `match raw.code() { "NotFoundException" => ..., _ => Unhandled }`
//!             CallError::Service(raw) => Self::Unhandled(raw.into_meta()),
//!             CallError::Response(e) => Self::Response(e),
//!             CallError::Transport(e) => Self::Transport(e),
//!             CallError::Timeout(e) => Self::Timeout(e),
//!             CallError::Construction(e) => Self::Construction(e),
//!         }
//!     }
//! }
//! # impl From<sdk_runtime::protocol::ServiceFailure> for GetRemoteAccessSessionError {
//! #     fn from(f: sdk_runtime::protocol::ServiceFailure) -> Self { CallError::from(f).into() }
//! # }
//! # impl From<sdk_runtime::protocol::RequestError> for GetRemoteAccessSessionError {
//! #     fn from(e: sdk_runtime::protocol::RequestError) -> Self { CallError::from(e).into() }
//! # }
//! # impl std::fmt::Display for GetRemoteAccessSessionError {
//! #     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { write!(f, "{self:?}") }
//! # }
//! # impl std::error::Error for GetRemoteAccessSessionError {}
//!
//! pub struct GetRemoteAccessSession;
//! impl Operation for GetRemoteAccessSession {
//!     const SCHEMA: &'static sdk_runtime::schema::OperationSchema =
//!         &sdk_runtime::schema::OperationSchema {
//!             name: "GetRemoteAccessSession",
//!             input: &INPUT,
//!             output: &OUTPUT,
//!             http: None,
//!             request_compression: &[],
//!             checksum: sdk_runtime::schema::HttpChecksum::NONE,
//!         };
//!     const SERVICE: &'static ServiceSpec = &SERVICE;
//!     type Input = GetRemoteAccessSessionInput;
//!     type Output = GetRemoteAccessSessionOutput;
//!     type Error = GetRemoteAccessSessionError;
//! }
//!
//! #[derive(Clone, Debug)]
//! pub struct Client { handle: Handle }
//! impl Client {
//!     pub async fn from_env() -> Result<Self, sdk_runtime::ConfigError> {
//!         Ok(Self::new(&Config::from_env().await?))
//!     }
//!     pub fn new(config: &Config) -> Self {
//!         Self { handle: Handle::new(config, &SERVICE) }
//!     }
//!     pub async fn get_remote_access_session(
//!         &self,
//!         arn: impl Into<String>,
//!     ) -> Result<GetRemoteAccessSessionOutput, GetRemoteAccessSessionError> {
//!         let input = GetRemoteAccessSessionInput { arn: arn.into() };
//!         self.handle.send::<GetRemoteAccessSession>(&input).await
//!     }
//! }
//!
//! // ---- what a user writes; here with a canned transport instead of AWS ----
//! #[derive(Debug)]
//! struct Canned;
//! impl HttpClient for Canned {
//!     fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
//!         assert!(request.headers.get("authorization").is_some());
//!         Box::pin(async {
//!             Ok(HttpResponse {
//!                 status: 200,
//!                 headers: Default::default(),
//!                 body: br#"{"remoteAccessSession":{"status":"RUNNING"}}"#.to_vec(),
//!             })
//!         })
//!     }
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let config = Config::builder()
//!     .region("us-west-2")
//!     .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
//!     .http_client(Canned)
//!     .build();
//! let client = Client::new(&config);
//! let out = client.get_remote_access_session("arn:aws:devicefarm:...").await?;
//! assert!(out.remote_access_session.is_some());
//! # Ok::<_, GetRemoteAccessSessionError>(())
//! # }).unwrap();
//! ```
//!
//! Paginated operations add a [`paginate::Paginate`] impl; their fluent builder's
//! `into_paginator()` returns `handle.paginator::<Op>(input)`, a
//! [`futures_core::Stream`] of pages whose [`Paginator::items`] streams the items.
#![deny(missing_docs)]

pub mod checksum;
pub mod client;
pub mod clock;
pub mod codec;
pub mod compression;
pub mod config;
pub mod credentials;
pub mod endpoint;
pub mod env;
pub mod error;
pub mod http;
#[cfg(feature = "default-https-client")]
pub mod https;
pub mod loader;
pub mod paginate;
pub mod paginator;
mod percent;
pub mod profile;
pub mod protocol;
#[cfg(feature = "default-https-client")]
pub mod proxy;
pub mod request_id;
pub mod retry;
pub mod s3;
pub mod schema;
pub mod sigv4;
#[cfg(feature = "test-util")]
pub mod test_util;
#[cfg(feature = "default-https-client")]
pub mod tls;
#[cfg(feature = "tracing")]
mod trace;
mod uuid;
#[cfg(feature = "waiters")]
pub mod waiter;
pub mod wire;

pub use client::Handle;
pub use config::{Config, ConfigBuilder, Region, Timeouts};
pub use credentials::Credentials;
pub use error::{CallError, ConfigError, ConstructionError, TimeoutError, TimeoutKind};
pub use http::TransportError;
pub use loader::ConfigLoader;
pub use paginator::{Items, Paginator};
pub use request_id::RequestId;
pub use retry::RetryConfig;
pub use wire::{Blob, DateTime, Document};
