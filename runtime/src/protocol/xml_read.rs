//! Responses and errors of the XML protocols (restXml, awsQuery, ec2Query).
