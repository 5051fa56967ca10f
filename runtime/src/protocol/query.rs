//! awsQuery and ec2Query requests: `Action`, `Version` and the input as a form.
