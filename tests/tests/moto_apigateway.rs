//! API Gateway end to end: the generated restJson1 client against a moto server.
//!
//! Needs `MOTO_SERVER` (set by `cargo xtask test`).

use std::collections::BTreeMap;

use sdk_apigateway::operation::get_rest_api::GetRestApiError;
use sdk_apigateway::{Client, Config, Credentials};
use tests::moto::MotoServer;

fn client(server: &MotoServer) -> Client {
    Client::from_config(
        Config::builder()
            .endpoint_url(server.endpoint())
            .region("us-east-1")
            .credentials(Credentials::new("testing", "testing", None)),
    )
}

#[tokio::test]
async fn a_rest_api_gets_resources_methods_an_integration_a_deployment_and_a_stage() {
    let server = MotoServer::start();
    let client = client(&server);

    let api = client
        .create_rest_api("pets")
        .description("a pet store")
        .tags(BTreeMap::from([("team".to_owned(), "core".to_owned())]))
        .send()
        .await
        .expect("create REST API");
    assert_eq!(api.name.as_deref(), Some("pets"));
    assert_eq!(api.description.as_deref(), Some("a pet store"));
    assert!(
        api.created_date.is_some(),
        "a creation date (epoch seconds)"
    );
    let api_id = api.id.expect("an API id");
    let read = client.get_rest_api(&api_id).send().await.expect("get");
    assert_eq!(read.name.as_deref(), Some("pets"));
    assert_eq!(
        read.tags
            .unwrap_or_default()
            .get("team")
            .map(String::as_str),
        Some("core")
    );

    // The root resource, then /pets under it. `items` travels as `item` in JSON.
    let resources = client
        .get_resources(&api_id)
        .send()
        .await
        .expect("resources")
        .items
        .unwrap_or_default();
    let [root] = resources.as_slice() else {
        panic!("one root resource: {resources:?}");
    };
    assert_eq!(root.path.as_deref(), Some("/"));
    let root_id = root.id.clone().expect("a root id");
    let pets = client
        .create_resource(&api_id, &root_id, "pets")
        .send()
        .await
        .expect("create resource");
    assert_eq!(pets.path.as_deref(), Some("/pets"));
    assert_eq!(pets.parent_id.as_deref(), Some(root_id.as_str()));
    let pets_id = pets.id.expect("a resource id");

    // GET /pets, answered by a mock integration.
    let method = client
        .put_method(&api_id, &pets_id, "GET", "NONE")
        .request_parameters(BTreeMap::from([(
            "method.request.querystring.type".to_owned(),
            false,
        )]))
        .send()
        .await
        .expect("put method");
    assert_eq!(method.http_method.as_deref(), Some("GET"));
    assert_eq!(method.authorization_type.as_deref(), Some("NONE"));
    let integration = client
        .put_integration(&api_id, &pets_id, "GET", "MOCK")
        .request_templates(BTreeMap::from([(
            "application/json".to_owned(),
            r#"{"statusCode": 200}"#.to_owned(),
        )]))
        .send()
        .await
        .expect("put integration");
    assert_eq!(
        integration.request_templates.unwrap_or_default()["application/json"],
        r#"{"statusCode": 200}"#
    );
    let read = client
        .get_integration(&api_id, &pets_id, "GET")
        .send()
        .await
        .expect("get integration");
    assert_eq!(
        read.r#type.map(|t| t.as_str().to_owned()).as_deref(),
        Some("MOCK")
    );

    // The resource now lists its method and integration.
    let resources = client
        .get_resources(&api_id)
        .send()
        .await
        .expect("resources")
        .items
        .unwrap_or_default();
    let pets = resources
        .iter()
        .find(|r| r.path.as_deref() == Some("/pets"))
        .expect("/pets listed");
    let get = &pets.resource_methods.as_ref().expect("methods")["GET"];
    assert_eq!(get.authorization_type.as_deref(), Some("NONE"));

    // A deployment makes the stage.
    let deployment = client
        .create_deployment(&api_id)
        .stage_name("prod")
        .description("first")
        .send()
        .await
        .expect("deploy");
    assert_eq!(deployment.description.as_deref(), Some("first"));
    let deployment_id = deployment.id.expect("a deployment id");
    let stages = client
        .get_stages(&api_id)
        .send()
        .await
        .expect("stages")
        .item
        .unwrap_or_default();
    let names: Vec<_> = stages
        .iter()
        .filter_map(|s| s.stage_name.as_deref())
        .collect();
    assert_eq!(names, ["prod"]);
    let stage = client
        .get_stage(&api_id, "prod")
        .send()
        .await
        .expect("stage");
    assert_eq!(stage.deployment_id.as_deref(), Some(deployment_id.as_str()));
    let deployments = client
        .get_deployments(&api_id)
        .send()
        .await
        .expect("deployments")
        .items
        .unwrap_or_default();
    let ids: Vec<_> = deployments.iter().filter_map(|d| d.id.as_deref()).collect();
    assert_eq!(ids, [deployment_id.as_str()]);
}

#[tokio::test]
async fn a_missing_rest_api_is_a_typed_error() {
    let server = MotoServer::start();
    let client = client(&server);
    match client.get_rest_api("nope").send().await {
        Err(GetRestApiError::NotFoundException(e)) => {
            let message = e.to_string();
            assert!(message.contains("Invalid Rest API Id"), "{message}");
        }
        other => panic!("expected NotFoundException, got {other:?}"),
    }
}
