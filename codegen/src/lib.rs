//! Turns published API reference docs into Rust SDK crates.
//!
//! The pipeline flows one way, and each stage is a module:
//!
//! 1. [`parse`]: one parser per input format (boto3 reST pages, AWS API Reference
//!    Markdown) reads pages into page-level descriptions, with [`diagnostics`] for
//!    anything not understood.
//! 2. [`passes`]: model passes turn page descriptions into one [`ir::Service`]: naming
//!    nested shapes, dedup, recursion, paginator inference, merging sources.
//! 3. [`emit`]: emitters turn the model into Rust tokens with `quote!`, formatted by
//!    `prettyplease`, as the files of one crate per service. [`export`] writes the model
//!    as JSON in the layout of botocore's models instead.
//!
//! [`corpus`] runs the first two stages (and optionally the third) over every service of
//! a docs directory at once and reports what each produced. [`fuzz`] feeds the first two
//! stages damaged pages.

pub mod corpus;
pub mod diagnostics;
pub mod emit;
pub mod export;
pub mod fuzz;
pub mod ident;
pub mod ir;
pub mod load;
pub mod parse;
pub mod passes;
pub mod pipeline;

pub use load::{load_service, LoadError, Loaded};
