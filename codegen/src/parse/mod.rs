//! Parsers, one per input format. Each reads pages into page descriptions; none of them
//! decides names or resolves cross-page facts (that is [`crate::passes`]).

pub mod markdown;
pub mod rst;
