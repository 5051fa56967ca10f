//! EC2 end to end: the generated ec2Query client against a moto server.
//!
//! Needs `MOTO_SERVER` (set by `cargo xtask test`).

use futures_util::TryStreamExt as _;
use sdk_ec2::operation::describe_instances::DescribeInstancesError;
use sdk_ec2::types::{
    Filter, Instance, InstanceStateName, InstanceType, ResourceType, Tag, TagSpecification,
};
use sdk_ec2::{Client, Config, Credentials};
use tests::moto::MotoServer;

/// One of the images moto knows in every region.
const IMAGE: &str = "ami-03cf127a";

fn client(server: &MotoServer) -> Client {
    Client::from_config(
        Config::builder()
            .endpoint_url(server.endpoint())
            .region("us-east-1")
            .credentials(Credentials::new("testing", "testing", None)),
    )
}

fn tag(key: &str, value: &str) -> Tag {
    Tag::new().key(key).value(value)
}

fn filter(name: &str, values: &[&str]) -> Filter {
    Filter::new()
        .name(name)
        .values(values.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>())
}

fn tag_value<'a>(instance: &'a Instance, key: &str) -> Option<&'a str> {
    instance
        .tags
        .as_deref()?
        .iter()
        .find(|t| t.key.as_deref() == Some(key))?
        .value
        .as_deref()
}

/// The ids of the instances the filters select, sorted.
async fn ids(client: &Client, filters: Vec<Filter>) -> Vec<String> {
    let reservations: Vec<_> = client
        .describe_instances()
        .filters(filters)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .expect("describe instances");
    let mut ids: Vec<_> = reservations
        .into_iter()
        .flat_map(|r| r.instances.unwrap_or_default())
        .filter_map(|i| i.instance_id)
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn instances_are_run_described_with_filters_and_pages_and_terminated() {
    let server = MotoServer::start();
    let client = client(&server);

    // Two web servers in one reservation, tagged at launch.
    let web = client
        .run_instances(2, 2)
        .image_id(IMAGE)
        .instance_type(InstanceType::T3Micro)
        .tag_specifications(vec![TagSpecification::new()
            .resource_type(ResourceType::Instance)
            .tags(vec![tag("Name", "web"), tag("env", "prod")])])
        .send()
        .await
        .expect("run instances");
    let instances = web.instances.expect("the instances");
    assert_eq!(instances.len(), 2);
    assert!(web.reservation_id.is_some_and(|id| id.starts_with("r-")));
    for instance in &instances {
        assert_eq!(instance.image_id.as_deref(), Some(IMAGE));
        assert_eq!(instance.instance_type, Some(InstanceType::T3Micro));
        assert_eq!(tag_value(instance, "env"), Some("prod"));
    }
    let mut web_ids: Vec<_> = instances
        .into_iter()
        .filter_map(|i| i.instance_id)
        .collect();
    web_ids.sort();

    // Five more reservations of one worker each.
    for i in 0..5 {
        client
            .run_instances(1, 1)
            .image_id(IMAGE)
            .tag_specifications(vec![TagSpecification::new()
                .resource_type(ResourceType::Instance)
                .tags(vec![tag("env", "dev"), tag("worker", &i.to_string())])])
            .send()
            .await
            .expect("run a worker");
    }

    // Filters travel as Filter.N.Name and Filter.N.Value.M.
    assert_eq!(
        ids(&client, vec![filter("tag:env", &["prod"])]).await,
        web_ids
    );
    assert_eq!(
        ids(&client, vec![filter("tag:env", &["dev"])]).await.len(),
        5
    );
    assert_eq!(
        ids(
            &client,
            vec![
                filter("tag:env", &["dev", "prod"]),
                filter("instance-state-name", &["running"]),
            ]
        )
        .await
        .len(),
        7
    );

    // Six reservations, five per page: the paginator follows NextToken to a second page.
    let pages: Vec<_> = client
        .describe_instances()
        .into_paginator()
        .page_size(5)
        .try_collect()
        .await
        .expect("describe pages");
    let per_page: Vec<_> = pages
        .iter()
        .map(|p| p.reservations.as_ref().map_or(0, Vec::len))
        .collect();
    assert_eq!(per_page, [5, 1]);
    let running = pages
        .iter()
        .flat_map(|p| p.reservations.iter().flatten())
        .flat_map(|r| r.instances.iter().flatten())
        .filter(|i| {
            i.state.as_ref().and_then(|s| s.name.as_ref()) == Some(&InstanceStateName::Running)
        })
        .count();
    assert_eq!(running, 7);

    let terminated = client
        .terminate_instances(web_ids.clone())
        .send()
        .await
        .expect("terminate instances");
    for change in terminated.terminating_instances.expect("state changes") {
        assert_eq!(
            change.previous_state.and_then(|s| s.name),
            Some(InstanceStateName::Running)
        );
        let now = change.current_state.expect("a current state");
        assert!(matches!(
            now.name,
            Some(InstanceStateName::ShuttingDown | InstanceStateName::Terminated)
        ));
        assert!(web_ids.contains(&change.instance_id.expect("an instance id")));
    }
    assert_eq!(
        ids(&client, vec![filter("instance-state-name", &["running"])])
            .await
            .len(),
        5
    );

    // An unknown instance id: the error's code and message from <Response><Errors>.
    match client
        .describe_instances()
        .instance_ids(vec!["i-0123456789abcdef0".to_owned()])
        .send()
        .await
    {
        Err(DescribeInstancesError::Unhandled(meta)) => {
            assert_eq!(meta.code(), Some("InvalidInstanceID.NotFound"));
            assert_eq!(meta.status(), 400);
            assert!(meta
                .message()
                .is_some_and(|m| m.contains("i-0123456789abcdef0")));
        }
        other => panic!("expected InvalidInstanceID.NotFound, got {other:?}"),
    }
}
