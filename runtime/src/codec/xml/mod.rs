//! XML: the reader of restXml, awsQuery and ec2Query responses, and the writer of
//! restXml request bodies.

pub mod read;
pub mod write;
