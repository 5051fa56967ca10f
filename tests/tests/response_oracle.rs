//! The generated clients read responses as botocore does, value for value.
//!
//! For every operation with an output, `cargo xtask oracle` wrote the response a service
//! would send for an output with every member set (JSON body, headers and prefix
//! headers, HTTP-date timestamps, the status code, a payload member as the whole body)
//! and recorded the output botocore parses from it, checked there to equal the value
//! the response was written from. Here our client sends the operation's all-members
//! input through a transport answering that response, and the output it returns must
//! equal botocore's, read into the same generated type from its JSON form.

mod oracle_fixture;

use std::fmt::Write as _;

use oracle_fixture::{config, fixture, Capture};
use sdk_runtime::Config;

/// Defines `check(config, operation, params, output)`: sends `params` as the input of
/// `operation` and compares what the client returns with `output`.
macro_rules! response_dispatch {
    (client: $client:ty, operations: [$(($wire:literal, $op:ty)),* $(,)?]) => {
        pub async fn check(
            config: &::sdk_runtime::Config,
            operation: &str,
            params: &str,
            output: &str,
        ) -> ::std::result::Result<(), ::std::string::String> {
            let call = match operation {
                $($wire => super::oracle_fixture::boxed(move || async move {
                    let input: <$op as ::sdk_runtime::protocol::Operation>::Input =
                        super::oracle_fixture::read_json(params)?;
                    let expected: <$op as ::sdk_runtime::protocol::Operation>::Output =
                        super::oracle_fixture::read_json(output)?;
                    let ours = <$client>::new(config)
                        .send(input)
                        .await
                        .map_err(|e| format!("the call failed: {e}"))?;
                    if ours == expected {
                        Ok(())
                    } else {
                        Err(format!("ours:     {ours:?}\n  botocore: {expected:?}"))
                    }
                }),)*
                other => return Err(format!("no operation `{other}` in the generated crate")),
            };
            call.await
        }
    };
}

/// Outputs our client reads differently from botocore, by service and operation, with
/// the reason. Each must still differ, so that a fix empties the list.
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[];

type Checker = for<'a> fn(
    &'a Config,
    &'a str,
    &'a str,
    &'a str,
) -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<(), String>> + 'a>,
>;

/// Checks every recorded response of `service`; the failures are listed together.
async fn service(service: &str, check: Checker) {
    let fixture = fixture(service);
    assert!(
        !fixture.responses.is_empty(),
        "{service}: no recorded responses"
    );
    let mut failures = String::new();
    let mut failed = 0;
    let mut known_differ = 0;
    for recorded in &fixture.responses {
        let Some(case) = fixture
            .cases
            .iter()
            .find(|c| c.operation == recorded.operation && c.case == "all-members")
        else {
            failed += 1;
            let _ = writeln!(failures, "{}: no all-members input", recorded.operation);
            continue;
        };
        let capture = Capture::answering(recorded.response.to_http());
        let config = config(&fixture, &capture, None);
        let output = recorded.output.to_string();
        let result = check(&config, &recorded.operation, &case.params_text(), &output).await;
        let known = KNOWN_DIFFERENCES
            .iter()
            .any(|(s, op, _)| *s == service && *op == recorded.operation);
        match (result, known) {
            (Ok(()), false) => {}
            (Err(_), true) => known_differ += 1,
            (Ok(()), true) => {
                failed += 1;
                let _ = writeln!(
                    failures,
                    "{}: equal now; take it off KNOWN_DIFFERENCES",
                    recorded.operation
                );
            }
            (Err(why), false) => {
                failed += 1;
                let _ = writeln!(failures, "{}:\n  {why}", recorded.operation);
            }
        }
    }
    assert!(
        failed == 0,
        "{service}: {failed} of {} outputs differ from botocore's\n{failures}",
        fixture.responses.len()
    );
    eprintln!(
        "{service}: {} of {} outputs equal botocore's, {known_differ} differ as known; left \
         out: {:?}",
        fixture.responses.len() - known_differ,
        fixture.responses.len(),
        fixture.responses_skipped
    );
}

macro_rules! response_test {
    ($name:ident, $crate_name:ident) => {
        mod $name {
            $crate_name::for_each_operation!(response_dispatch);

            #[tokio::test]
            async fn outputs_equal_botocores() {
                super::service(stringify!($name), |config, op, params, output| {
                    Box::pin(check(config, op, params, output))
                })
                .await;
            }
        }
    };
}

response_test!(appstream, sdk_appstream);
response_test!(devicefarm, sdk_devicefarm);
response_test!(dynamodb, sdk_dynamodb);
response_test!(secretsmanager, sdk_secretsmanager);
response_test!(apigateway, sdk_apigateway);
response_test!(lambda, sdk_lambda);
response_test!(logs, sdk_logs);
response_test!(polly, sdk_polly);
response_test!(sqs, sdk_sqs);
response_test!(stepfunctions, sdk_stepfunctions);
response_test!(sts, sdk_sts);
response_test!(sns, sdk_sns);
response_test!(iam, sdk_iam);
response_test!(s3, sdk_s3);
response_test!(route53, sdk_route53);
response_test!(cloudformation, sdk_cloudformation);
response_test!(ec2, sdk_ec2);
