//! Waiters through the public API: the poll loop against a scripted transport under
//! tokio's paused clock (success after retries, failure, error and status acceptors,
//! the caller's maximum wait, the waiter's attempts, path/pathAll/pathAny over lists),
//! and the path evaluator against Python's `jmespath` on every acceptor path of the
//! pinned botocore (`waiters/paths.json`, written by `waiters/gen_paths.py`).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sdk_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use sdk_runtime::protocol::{CommonError, Operation, ServiceSpec};
use sdk_runtime::schema::{
    prelude, HttpChecksum, Location, Member, MemberTraits, MemberWriter, OperationSchema,
    ReadError, ReadValue, Schema, ShapeKind, ShapeTraits, ValueReader, ValueWriter, WriteError,
    WriteStruct, WriteValue,
};
use sdk_runtime::waiter::{
    wait, Acceptor, AcceptorState, Expected, Matcher, WaiterErrorKind, WaiterSchema,
};
use sdk_runtime::{Config, Credentials, Handle, RetryConfig};

// ---- a hand-written awsJson operation, as a generated crate would emit it ----

static SERVICE: ServiceSpec = ServiceSpec {
    service_id: "Tables",
    signing_name: "tables",
    endpoint_prefix: "tables",
    target_prefix: "Tables_20240101",
    json_version: "1.0",
    api_version: "2024-01-01",
    protocol: sdk_runtime::schema::Protocol::AwsJson1_0,
    query_compatible: false,
    default_headers: &[],
};

static INPUT: Schema = Schema {
    name: "DescribeTableInput",
    kind: ShapeKind::Structure,
    members: &[Member {
        name: "TableName",
        target: &prelude::STRING,
        location: Location::Body,
        traits: MemberTraits::NONE,
    }],
    traits: ShapeTraits::NONE,
};

static INSTANCE: Schema = Schema {
    name: "Instance",
    kind: ShapeKind::Structure,
    members: &[Member {
        name: "State",
        target: &prelude::STRING,
        location: Location::Body,
        traits: MemberTraits::NONE,
    }],
    traits: ShapeTraits::NONE,
};

static INSTANCES: Schema = Schema {
    name: "InstanceList",
    kind: ShapeKind::List,
    members: &[Member {
        name: "member",
        target: &INSTANCE,
        location: Location::Body,
        traits: MemberTraits::NONE,
    }],
    traits: ShapeTraits::NONE,
};

static OUTPUT: Schema = Schema {
    name: "DescribeTableOutput",
    kind: ShapeKind::Structure,
    members: &[
        Member {
            name: "TableStatus",
            target: &prelude::STRING,
            location: Location::Body,
            traits: MemberTraits::NONE,
        },
        Member {
            name: "Instances",
            target: &INSTANCES,
            location: Location::Body,
            traits: MemberTraits::NONE,
        },
    ],
    traits: ShapeTraits::NONE,
};

#[derive(Clone)]
struct Input;
impl WriteStruct for Input {
    fn schema(&self) -> &'static Schema {
        &INPUT
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        w.member(0, &"orders".to_owned())
    }
}

#[derive(Debug, Default)]
struct Instance {
    state: Option<String>,
}
impl WriteStruct for Instance {
    fn schema(&self) -> &'static Schema {
        &INSTANCE
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        if let Some(state) = &self.state {
            w.member(0, state)?;
        }
        Ok(())
    }
}
impl WriteValue for Instance {
    fn write_value(&self, w: &mut dyn ValueWriter) -> Result<(), WriteError> {
        w.structure(self)
    }
}
impl ReadValue for Instance {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let mut out = Instance::default();
        r.structure(&INSTANCE, &mut |_, r| {
            out.state = Some(String::read_value(r)?);
            Ok(())
        })?;
        Ok(out)
    }
}

#[derive(Debug, Default)]
struct Output {
    table_status: Option<String>,
    instances: Option<Vec<Instance>>,
    response: sdk_runtime::request_id::ResponseMetadata,
}
impl WriteStruct for Output {
    fn schema(&self) -> &'static Schema {
        &OUTPUT
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WriteError> {
        if let Some(status) = &self.table_status {
            w.member(0, status)?;
        }
        if let Some(instances) = &self.instances {
            w.member(1, instances)?;
        }
        Ok(())
    }
}
impl ReadValue for Output {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let mut out = Output::default();
        r.structure(&OUTPUT, &mut |index, r| {
            match index {
                0 => out.table_status = Some(String::read_value(r)?),
                _ => {
                    let mut items = Vec::new();
                    r.list(&mut |r| {
                        items.push(Instance::read_value(r)?);
                        Ok(())
                    })?;
                    out.instances = Some(items);
                }
            }
            Ok(())
        })?;
        Ok(out)
    }
}
impl sdk_runtime::request_id::SetRequestId for Output {
    fn set_request_id(&mut self, id: Option<&str>) {
        self.response.set_request_id(id)
    }
}

struct DescribeTable;
impl Operation for DescribeTable {
    const SCHEMA: &'static OperationSchema = &OperationSchema {
        name: "DescribeTable",
        input: &INPUT,
        output: &OUTPUT,
        http: None,
        request_compression: &[],
        checksum: HttpChecksum::NONE,
    };
    const SERVICE: &'static ServiceSpec = &SERVICE;
    type Input = Input;
    type Output = Output;
    type Error = CommonError;
}

// ---- a transport answering from a script, counting requests ----

#[derive(Debug, Clone, Default)]
struct Script(Arc<Mutex<VecDeque<(u16, &'static str)>>>, Arc<Mutex<usize>>);

impl Script {
    fn new(answers: &[(u16, &'static str)]) -> Self {
        Self(
            Arc::new(Mutex::new(answers.iter().copied().collect())),
            Arc::default(),
        )
    }
    fn sent(&self) -> usize {
        *self.1.lock().unwrap()
    }
}

impl HttpClient for Script {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        *self.1.lock().unwrap() += 1;
        let next = self.0.lock().unwrap().pop_front();
        Box::pin(async move {
            let (status, body) = next.expect("the script ran out of answers");
            Ok(HttpResponse {
                status,
                headers: Default::default(),
                body: body.as_bytes().to_vec(),
            })
        })
    }
}

fn handle(script: &Script) -> Handle {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None))
        .retry(RetryConfig::disabled())
        .http_client(script.clone())
        .build();
    Handle::new(&config, &SERVICE)
}

const ACTIVE: &str = r#"{"TableStatus":"ACTIVE"}"#;
const CREATING: &str = r#"{"TableStatus":"CREATING"}"#;
const NOT_FOUND: &str = r#"{"__type":"ResourceNotFoundException","message":"no table"}"#;

/// DynamoDB's `TableExists`, with a failure state added for the tests.
static TABLE_EXISTS: WaiterSchema = WaiterSchema {
    name: "TableExists",
    operation: "DescribeTable",
    delay_secs: 20,
    max_attempts: 25,
    acceptors: &[
        Acceptor {
            state: AcceptorState::Success,
            matcher: Matcher::Path {
                path: "TableStatus",
                expected: Expected::String("ACTIVE"),
            },
        },
        Acceptor {
            state: AcceptorState::Failure,
            matcher: Matcher::Path {
                path: "TableStatus",
                expected: Expected::String("DELETING"),
            },
        },
        Acceptor {
            state: AcceptorState::Retry,
            matcher: Matcher::Error("ResourceNotFoundException"),
        },
    ],
};

async fn run(
    waiter: &'static WaiterSchema,
    script: &Script,
    max_wait: Duration,
) -> Result<
    sdk_runtime::waiter::WaiterOutcome<Output, CommonError>,
    sdk_runtime::waiter::WaiterError<CommonError>,
> {
    wait::<DescribeTable>(&handle(script), &Input, waiter, max_wait).await
}

#[tokio::test(start_paused = true)]
async fn succeeds_after_retries_one_delay_apart() {
    let script = Script::new(&[(400, NOT_FOUND), (200, CREATING), (200, ACTIVE)]);
    let start = tokio::time::Instant::now();
    let outcome = run(&TABLE_EXISTS, &script, Duration::from_secs(600))
        .await
        .unwrap();
    assert_eq!(outcome.attempts, 3);
    assert_eq!(script.sent(), 3);
    // The first attempt at once, then one per 20 s delay.
    assert_eq!(start.elapsed(), Duration::from_secs(40));
    assert_eq!(outcome.elapsed, Duration::from_secs(40));
    let output = outcome.into_output().unwrap();
    assert_eq!(output.table_status.as_deref(), Some("ACTIVE"));
}

#[tokio::test(start_paused = true)]
async fn a_failure_acceptor_ends_the_wait_naming_it() {
    let script = Script::new(&[(200, CREATING), (200, r#"{"TableStatus":"DELETING"}"#)]);
    let error = run(&TABLE_EXISTS, &script, Duration::from_secs(600))
        .await
        .unwrap_err();
    assert_eq!(error.attempts, 2);
    assert!(matches!(
        error.kind,
        WaiterErrorKind::FailureState { acceptor, error: None } if std::ptr::eq(acceptor, &TABLE_EXISTS.acceptors[1])
    ));
    let text = error.to_string();
    assert!(text.contains("TableExists"), "{text}");
    assert!(text.contains("2 attempts"), "{text}");
    assert!(text.contains("20.0s"), "{text}");
    assert!(
        text.contains(r#""TableStatus""#) && text.contains(r#""DELETING""#),
        "{text}"
    );
}

#[tokio::test(start_paused = true)]
async fn an_error_no_acceptor_names_ends_the_wait_with_it() {
    let script = Script::new(&[
        (200, CREATING),
        (400, r#"{"__type":"AccessDeniedException","message":"no"}"#),
    ]);
    let error = run(&TABLE_EXISTS, &script, Duration::from_secs(600))
        .await
        .unwrap_err();
    assert_eq!(error.attempts, 2);
    match &error.kind {
        WaiterErrorKind::Operation(e) => {
            assert_eq!(
                e.meta().and_then(|m| m.code()),
                Some("AccessDeniedException")
            )
        }
        other => panic!("{other:?}"),
    }
}

/// `TableNotExists`: success on the error code, and on a status (404 here, as S3's
/// `ObjectNotExists` waits for).
static TABLE_NOT_EXISTS: WaiterSchema = WaiterSchema {
    name: "TableNotExists",
    operation: "DescribeTable",
    delay_secs: 5,
    max_attempts: 4,
    acceptors: &[
        Acceptor {
            state: AcceptorState::Success,
            matcher: Matcher::Error("ResourceNotFoundException"),
        },
        Acceptor {
            state: AcceptorState::Success,
            matcher: Matcher::Status(404),
        },
    ],
};

#[tokio::test(start_paused = true)]
async fn an_error_acceptor_succeeds_with_the_error() {
    let script = Script::new(&[(200, ACTIVE), (200, ACTIVE), (400, NOT_FOUND)]);
    let outcome = run(&TABLE_NOT_EXISTS, &script, Duration::from_secs(600))
        .await
        .unwrap();
    assert_eq!(outcome.attempts, 3);
    assert_eq!(outcome.elapsed, Duration::from_secs(10));
    let error = outcome.response.unwrap_err();
    assert_eq!(
        error.meta().and_then(|m| m.code()),
        Some("ResourceNotFoundException")
    );

    let script = Script::new(&[(404, r#"{"__type":"Gone"}"#)]);
    let outcome = run(&TABLE_NOT_EXISTS, &script, Duration::from_secs(600))
        .await
        .unwrap();
    assert_eq!(outcome.attempts, 1);
}

/// S3's `BucketExists` style: a successful answer matched by its status, and
/// `error: false` (any successful answer).
static ANSWERED: WaiterSchema = WaiterSchema {
    name: "Answered",
    operation: "DescribeTable",
    delay_secs: 5,
    max_attempts: 3,
    acceptors: &[
        Acceptor {
            state: AcceptorState::Retry,
            matcher: Matcher::Status(500),
        },
        Acceptor {
            state: AcceptorState::Success,
            matcher: Matcher::AnyError(false),
        },
        Acceptor {
            state: AcceptorState::Failure,
            matcher: Matcher::AnyError(true),
        },
    ],
};

#[tokio::test(start_paused = true)]
async fn status_and_any_error_acceptors() {
    let script = Script::new(&[
        (500, r#"{"__type":"InternalServerError"}"#),
        (200, CREATING),
    ]);
    let outcome = run(&ANSWERED, &script, Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!((outcome.attempts, script.sent()), (2, 2));
    assert_eq!(
        outcome.into_output().unwrap().table_status.as_deref(),
        Some("CREATING")
    );

    let script = Script::new(&[(400, NOT_FOUND)]);
    let error = run(&ANSWERED, &script, Duration::from_secs(60))
        .await
        .unwrap_err();
    match error.kind {
        WaiterErrorKind::FailureState { error: Some(e), .. } => assert_eq!(
            e.meta().and_then(|m| m.code()),
            Some("ResourceNotFoundException")
        ),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn the_waiter_makes_at_most_its_attempts() {
    let script = Script::new(&[(200, ACTIVE); 4]);
    let error = run(&TABLE_NOT_EXISTS, &script, Duration::from_secs(3600))
        .await
        .unwrap_err();
    assert!(matches!(
        error.kind,
        WaiterErrorKind::MaxAttempts { last: None }
    ));
    assert_eq!((error.attempts, script.sent()), (4, 4));
    assert_eq!(error.elapsed, Duration::from_secs(15));
    assert!(error.to_string().contains("max attempts"), "{error}");
}

#[tokio::test(start_paused = true)]
async fn the_callers_maximum_wait_stops_it_first() {
    let script = Script::new(&[(200, CREATING); 25]);
    let error = run(&TABLE_EXISTS, &script, Duration::from_secs(50))
        .await
        .unwrap_err();
    // Attempts at 0, 20 and 40 s; the next would start at 60 s, past the 50 s limit.
    assert_eq!((error.attempts, script.sent()), (3, 3));
    assert!(
        matches!(error.kind, WaiterErrorKind::Timeout { max_wait } if max_wait == Duration::from_secs(50))
    );
    assert_eq!(error.elapsed, Duration::from_secs(40));
    let text = error.to_string();
    assert!(
        text.contains("TableExists") && text.contains("3 attempts"),
        "{text}"
    );
}

/// EC2's `InstanceRunning`, over this output's list of instances.
static INSTANCE_RUNNING: WaiterSchema = WaiterSchema {
    name: "InstanceRunning",
    operation: "DescribeTable",
    delay_secs: 15,
    max_attempts: 40,
    acceptors: &[
        Acceptor {
            state: AcceptorState::Success,
            matcher: Matcher::PathAll {
                path: "Instances[].State",
                expected: Expected::String("running"),
            },
        },
        Acceptor {
            state: AcceptorState::Failure,
            matcher: Matcher::PathAny {
                path: "Instances[].State",
                expected: Expected::String("terminated"),
            },
        },
    ],
};

fn instances(states: &[&str]) -> &'static str {
    let items: Vec<String> = states
        .iter()
        .map(|s| format!(r#"{{"State":"{s}"}}"#))
        .collect();
    Box::leak(format!(r#"{{"Instances":[{}]}}"#, items.join(",")).into_boxed_str())
}

#[tokio::test(start_paused = true)]
async fn path_all_and_path_any_over_lists() {
    // An empty list matches neither pathAll nor pathAny, as in botocore.
    let script = Script::new(&[
        (200, instances(&[])),
        (200, instances(&["pending", "running"])),
        (200, instances(&["running", "running"])),
    ]);
    let outcome = run(&INSTANCE_RUNNING, &script, Duration::from_secs(600))
        .await
        .unwrap();
    assert_eq!(outcome.attempts, 3);

    let script = Script::new(&[
        (200, instances(&["pending", "running"])),
        (200, instances(&["running", "terminated"])),
    ]);
    let error = run(&INSTANCE_RUNNING, &script, Duration::from_secs(600))
        .await
        .unwrap_err();
    assert_eq!(error.attempts, 2);
    assert!(matches!(error.kind, WaiterErrorKind::FailureState { .. }));
}

static BAD_PATH: WaiterSchema = WaiterSchema {
    name: "BadPath",
    operation: "DescribeTable",
    delay_secs: 1,
    max_attempts: 2,
    acceptors: &[Acceptor {
        state: AcceptorState::Success,
        matcher: Matcher::Path {
            path: "Table.[Status",
            expected: Expected::Bool(true),
        },
    }],
};

#[tokio::test(start_paused = true)]
async fn a_bad_path_is_a_clear_error() {
    let script = Script::new(&[(200, ACTIVE)]);
    let error = run(&BAD_PATH, &script, Duration::from_secs(60))
        .await
        .unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains("`Table.[Status`") && text.contains("column 14"),
        "{text}"
    );
}

#[path = "waiters/paths.rs"]
mod paths;
