//! Test doubles for code that takes a client (feature `test-util`): nothing goes to
//! the network.
//!
//! - [`ReplayClient`] is a transport: the client serializes, signs and reads as it
//!   does against AWS, but each request gets the next recorded response, and the test
//!   checks afterwards that the requests sent were the recorded ones.
//! - [`Stubs`] answer operations with typed outputs or errors before anything is
//!   serialized: the quickest way to make a client return what a test needs.
//!
//! Enable it for tests only:
//!
//! ```toml
//! [dev-dependencies]
//! sdk-runtime = { path = "...", features = ["test-util"] }
//! ```

mod replay;
mod stub;

pub use replay::{ReplayClient, ReplayEvent, RequestMismatch, VARYING_HEADERS};
pub use stub::{service_error, Stubs};
