//! Runtime shared by every generated SDK crate.
//!
//! Generated crates are mostly data (types, operation descriptions); the logic they
//! need lives here once: wire value types, the awsJson protocol, and the client
//! machinery.
#![deny(missing_docs)]

pub mod client;
pub mod clock;
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
pub mod profile;
pub mod protocol;
pub mod retry;
pub mod sigv4;
pub mod wire;

pub use client::Handle;
pub use config::{Config, ConfigBuilder, Region, Timeouts};
pub use credentials::Credentials;
pub use error::{CallError, ConfigError, ConstructionError, TimeoutError, TimeoutKind};
pub use http::TransportError;
pub use paginator::{Items, Paginator};
pub use retry::RetryConfig;
pub use wire::{Blob, DateTime, Document};
