//! IAM end to end: the generated awsQuery client against a moto server (IAM is a
//! global service: its requests are signed for us-east-1 whatever the region).
//!
//! Needs `MOTO_SERVER` (set by `cargo xtask test`).

use futures_util::TryStreamExt as _;
use sdk_iam::operation::create_user::CreateUserError;
use sdk_iam::operation::get_user::GetUserError;
use sdk_iam::types::{PolicyScopeType, Tag};
use sdk_iam::{Client, Config, Credentials};
use tests::moto::MotoServer;

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
const READ_LOGS: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:Get*","Resource":"*"}]}"#;

/// A policy document as the client takes it: the JSON text (botocore's
/// `policyDocumentType` is a string on the wire, whatever boto3's pages print).
fn policy(json: &str) -> String {
    json.to_owned()
}

fn client(server: &MotoServer) -> Client {
    Client::from_config(
        Config::builder()
            .endpoint_url(server.endpoint())
            .region("eu-west-1")
            .credentials(Credentials::new("testing", "testing", None)),
    )
}

#[tokio::test]
async fn users_are_created_tagged_given_inline_policies_listed_and_deleted() {
    let server = MotoServer::start();
    let client = client(&server);

    let created = client
        .create_user("alice")
        .path("/engineering/")
        .tags(vec![Tag::new("team", "core")])
        .send()
        .await
        .expect("create user");
    let user = created.user.expect("the user");
    assert_eq!(
        user.arn.as_deref(),
        Some("arn:aws:iam::123456789012:user/engineering/alice")
    );
    assert!(user.create_date.is_some());
    for name in ["bob", "carol"] {
        client
            .create_user(name)
            .path("/engineering/")
            .send()
            .await
            .expect("create user");
    }
    client
        .create_user("dave")
        .send()
        .await
        .expect("create user");
    match client.create_user("alice").send().await {
        Err(CreateUserError::EntityAlreadyExistsException(e)) => {
            assert_eq!(e.meta().code(), Some("EntityAlreadyExists"));
            assert_eq!(e.meta().status(), 409);
        }
        other => panic!("expected EntityAlreadyExists, got {other:?}"),
    }

    let got = client
        .get_user()
        .user_name("alice")
        .send()
        .await
        .expect("get user");
    let user = got.user.expect("the user");
    assert_eq!(user.path.as_deref(), Some("/engineering/"));
    assert_eq!(
        user.tags.unwrap_or_default(),
        [Tag::new("team", "core")],
        "tags come back as a list of members"
    );

    client
        .put_user_policy("alice", "read-logs", policy(READ_LOGS))
        .send()
        .await
        .expect("put user policy");
    // IAM answers the document percent-encoded; the client hands back its JSON text.
    let read = client
        .get_user_policy("alice", "read-logs")
        .send()
        .await
        .expect("get user policy");
    assert_eq!(read.policy_document.as_deref(), Some(READ_LOGS));
    let inline = client
        .list_user_policies("alice")
        .send()
        .await
        .expect("list user policies");
    assert_eq!(inline.policy_names.unwrap_or_default(), ["read-logs"]);

    let mut engineers: Vec<String> = client
        .list_users()
        .path_prefix("/engineering/")
        .into_paginator()
        .items()
        .map_ok(|u| u.user_name.unwrap_or_default())
        .try_collect()
        .await
        .expect("list users");
    engineers.sort();
    assert_eq!(engineers, ["alice", "bob", "carol"]);

    client
        .delete_user_policy("alice", "read-logs")
        .send()
        .await
        .expect("delete user policy");
    client
        .delete_user("alice")
        .send()
        .await
        .expect("delete user");
    match client.get_user().user_name("alice").send().await {
        Err(GetUserError::NoSuchEntityException(e)) => assert_eq!(e.meta().status(), 404),
        other => panic!("expected NoSuchEntity, got {other:?}"),
    }
}

#[tokio::test]
async fn roles_and_managed_policies_are_listed_over_several_pages_and_attached() {
    let server = MotoServer::start();
    let client = client(&server);

    for i in 0..5 {
        let role = client
            .create_role(format!("worker-{i}"), policy(TRUST))
            .path("/service/")
            .description("runs jobs")
            .max_session_duration(7200)
            .send()
            .await
            .expect("create role")
            .role
            .expect("the role");
        assert_eq!(
            role.arn,
            Some(format!("arn:aws:iam::123456789012:role/service/worker-{i}"))
        );
    }
    let role = client
        .get_role("worker-3")
        .send()
        .await
        .expect("get role")
        .role
        .expect("the role");
    assert_eq!(role.description.as_deref(), Some("runs jobs"));
    assert_eq!(role.max_session_duration, Some(7200));

    // Two roles per page: the paginator follows IsTruncated and Marker over three.
    let pages: Vec<_> = client
        .list_roles()
        .path_prefix("/service/")
        .into_paginator()
        .page_size(2)
        .try_collect()
        .await
        .expect("list role pages");
    let sizes: Vec<_> = pages
        .iter()
        .map(|p| p.roles.as_ref().map_or(0, Vec::len))
        .collect();
    assert_eq!(sizes, [2, 2, 1]);
    let mut names: Vec<_> = pages
        .into_iter()
        .flat_map(|p| p.roles.unwrap_or_default())
        .filter_map(|r| r.role_name)
        .collect();
    names.sort();
    assert_eq!(
        names,
        (0..5).map(|i| format!("worker-{i}")).collect::<Vec<_>>()
    );

    let mut arns = Vec::new();
    for i in 0..5 {
        let policy = client
            .create_policy(format!("read-logs-{i}"), policy(READ_LOGS))
            .path("/app/")
            .description("reads logs")
            .send()
            .await
            .expect("create policy")
            .policy
            .expect("the policy");
        assert_eq!(policy.default_version_id.as_deref(), Some("v1"));
        arns.push(policy.arn.expect("a policy ARN"));
    }
    assert_eq!(arns[0], "arn:aws:iam::123456789012:policy/app/read-logs-0");
    let policies: Vec<_> = client
        .list_policies()
        .scope(PolicyScopeType::Local)
        .path_prefix("/app/")
        .into_paginator()
        .page_size(2)
        .items()
        .try_collect()
        .await
        .expect("list policies");
    let mut listed: Vec<_> = policies.into_iter().filter_map(|p| p.arn).collect();
    listed.sort();
    assert_eq!(listed, arns);

    for arn in &arns[..3] {
        client
            .attach_role_policy("worker-0", arn)
            .send()
            .await
            .expect("attach role policy");
    }
    let attached: Vec<_> = client
        .list_attached_role_policies("worker-0")
        .into_paginator()
        .page_size(2)
        .items()
        .try_collect()
        .await
        .expect("list attached policies");
    let mut attached: Vec<_> = attached.into_iter().filter_map(|p| p.policy_arn).collect();
    attached.sort();
    assert_eq!(attached, arns[..3]);
}
