//! DynamoDB end to end: the generated client against a moto server.
//!
//! Needs `MOTO_SERVER` (set by `cargo xtask test`).

use std::collections::BTreeMap;

use futures_util::TryStreamExt as _;
use sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType,
    ScalarAttributeType,
};
use sdk_dynamodb::{Blob, Client, Config, Credentials};
use tests::moto::MotoServer;

fn client(server: &MotoServer) -> Client {
    Client::from_config(
        Config::builder()
            .endpoint_url(server.endpoint())
            .region("us-east-1")
            .credentials(Credentials::new("testing", "testing", None)),
    )
}

/// A table keyed by `pk` (string) and `sk` (number).
async fn create_table(client: &Client, name: &str) {
    let created = client
        .create_table(name)
        .attribute_definitions(vec![
            AttributeDefinition::new("pk", ScalarAttributeType::S),
            AttributeDefinition::new("sk", ScalarAttributeType::N),
        ])
        .key_schema(vec![
            KeySchemaElement::new("pk", KeyType::Hash),
            KeySchemaElement::new("sk", KeyType::Range),
        ])
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .expect("create table");
    let table = created.table_description.expect("a table description");
    assert_eq!(table.table_name.as_deref(), Some(name));
}

fn s(value: &str) -> AttributeValue {
    AttributeValue::new().s(value)
}

fn n(value: &str) -> AttributeValue {
    AttributeValue::new().n(value)
}

fn key(pk: &str, sk: &str) -> BTreeMap<String, AttributeValue> {
    BTreeMap::from([("pk".to_owned(), s(pk)), ("sk".to_owned(), n(sk))])
}

/// An item with every kind of attribute value, nested.
fn order(sk: &str) -> BTreeMap<String, AttributeValue> {
    let mut item = key("customer-1", sk);
    let address = BTreeMap::from([
        ("street".to_owned(), s("1 Main St")),
        ("floor".to_owned(), n("3")),
        ("notes".to_owned(), AttributeValue::new().null(true)),
    ]);
    let lines = vec![
        AttributeValue::new().m(BTreeMap::from([
            ("sku".to_owned(), s("pen")),
            ("quantity".to_owned(), n("2")),
            ("price".to_owned(), n("1.25")),
        ])),
        AttributeValue::new().l(vec![s("gift"), AttributeValue::new().bool(true)]),
    ];
    item.insert("address".to_owned(), AttributeValue::new().m(address));
    item.insert("lines".to_owned(), AttributeValue::new().l(lines));
    item.insert("total".to_owned(), n("2.50"));
    item.insert("paid".to_owned(), AttributeValue::new().bool(false));
    item.insert(
        "receipt".to_owned(),
        AttributeValue::new().b(Blob::new(vec![0u8, 159, 146, 150, 255])),
    );
    item.insert(
        "tags".to_owned(),
        AttributeValue::new().ss(vec!["new".to_owned(), "urgent".to_owned()]),
    );
    item.insert(
        "scores".to_owned(),
        AttributeValue::new().ns(vec!["1".to_owned(), "2.5".to_owned()]),
    );
    item.insert(
        "chunks".to_owned(),
        AttributeValue::new().bs(vec![Blob::from("a"), Blob::from("bc")]),
    );
    item
}

/// Sets compare without order.
fn sorted(mut item: BTreeMap<String, AttributeValue>) -> BTreeMap<String, AttributeValue> {
    for value in item.values_mut() {
        if let Some(set) = value.ss.as_mut() {
            set.sort();
        }
        if let Some(set) = value.ns.as_mut() {
            set.sort();
        }
        if let Some(set) = value.bs.as_mut() {
            set.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        }
    }
    item
}

#[tokio::test]
async fn items_with_nested_values_are_put_read_and_queried() {
    let server = MotoServer::start();
    let client = client(&server);
    create_table(&client, "orders").await;

    for sk in ["1", "2", "3"] {
        client
            .put_item("orders", order(sk))
            .send()
            .await
            .expect("put item");
    }

    let read = client
        .get_item("orders", key("customer-1", "2"))
        .consistent_read(true)
        .send()
        .await
        .expect("get item");
    let item = read.item.expect("the item exists");
    assert_eq!(sorted(item), sorted(order("2")));

    let missing = client
        .get_item("orders", key("customer-1", "9"))
        .send()
        .await
        .expect("get a missing item");
    assert!(missing.item.is_none());

    let queried = client
        .query("orders")
        .key_condition_expression("pk = :pk AND sk >= :from")
        .expression_attribute_values(BTreeMap::from([
            (":pk".to_owned(), s("customer-1")),
            (":from".to_owned(), n("2")),
        ]))
        .send()
        .await
        .expect("query");
    assert_eq!(queried.count, Some(2));
    let items = queried.items.expect("items");
    let sort_keys: Vec<Option<&str>> = items
        .iter()
        .map(|item| item.get("sk").and_then(|v| v.n.as_deref()))
        .collect();
    assert_eq!(sort_keys, [Some("2"), Some("3")]);
    let lines = items[0].get("lines").and_then(|v| v.l.as_ref());
    let first_line = lines.and_then(|l| l.first()).and_then(|v| v.m.as_ref());
    assert_eq!(
        first_line
            .and_then(|m| m.get("price"))
            .and_then(|v| v.n.as_deref()),
        Some("1.25")
    );

    let deleted = client.delete_table("orders").send().await.expect("delete");
    assert_eq!(
        deleted
            .table_description
            .and_then(|t| t.table_name)
            .as_deref(),
        Some("orders")
    );
    let tables = client.list_tables().send().await.expect("list");
    assert_eq!(tables.table_names, Some(Vec::new()));
}

#[tokio::test]
async fn tables_are_listed_over_several_pages() {
    let server = MotoServer::start();
    let client = client(&server);
    let mut names: Vec<String> = (1..=5).map(|i| format!("table-{i}")).collect();
    for name in &names {
        create_table(&client, name).await;
    }

    let pages: Vec<_> = client
        .list_tables()
        .into_paginator()
        .page_size(2)
        .try_collect()
        .await
        .expect("pages");
    let sizes: Vec<usize> = pages
        .iter()
        .map(|page| page.table_names.as_ref().map_or(0, Vec::len))
        .collect();
    assert_eq!(sizes, [2, 2, 1]);

    let mut listed: Vec<String> = client
        .list_tables()
        .into_paginator()
        .page_size(2)
        .items()
        .try_collect()
        .await
        .expect("items");
    listed.sort();
    names.sort();
    assert_eq!(listed, names);

    // Resuming after the second table lists the other three.
    let rest: Vec<String> = client
        .list_tables()
        .into_paginator()
        .page_size(2)
        .starting_token(names[1].clone())
        .items()
        .try_collect()
        .await
        .expect("items after a token");
    assert_eq!(rest, names[2..]);

    for name in &names {
        client
            .delete_table(name.as_str())
            .send()
            .await
            .expect("delete");
    }
    let left: Vec<String> = client
        .list_tables()
        .into_paginator()
        .items()
        .try_collect()
        .await
        .expect("items");
    assert!(left.is_empty(), "{left:?}");
}
