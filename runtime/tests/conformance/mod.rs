//! The harness: botocore's protocol suites loaded into the runtime's schema types.

pub mod botocore;
pub mod compare;
pub mod differential;
pub mod echo;
pub mod ignore;
pub mod model;
pub mod ordered;
pub mod random;
pub mod run;
pub mod suite;
pub mod values;
pub mod xml;
