//! Model passes: from page descriptions to one [`crate::ir::Service`].
