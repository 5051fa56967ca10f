//! Model passes: from page descriptions to one [`crate::ir::Service`].

pub mod merge;
