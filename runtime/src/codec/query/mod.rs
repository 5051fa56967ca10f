//! The query form of awsQuery and ec2Query requests, written as boto3 writes it.
