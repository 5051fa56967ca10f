//! SNS to SQS end to end: the generated awsQuery SNS client publishes to a topic that an
//! SQS queue (the awsJson client) is subscribed to, against one moto server.
//!
//! Needs `MOTO_SERVER` (set by `cargo xtask test`).

use std::collections::BTreeMap;

use futures_util::TryStreamExt as _;
use sdk_sns::types::MessageAttributeValue;
use sdk_sqs::types::QueueAttributeName;
use tests::moto::MotoServer;

fn config(server: &MotoServer) -> sdk_sns::Config {
    sdk_sns::Config::builder()
        .endpoint_url(server.endpoint())
        .region("us-east-1")
        .credentials(sdk_sns::Credentials::new("testing", "testing", None))
        .build()
}

/// The bodies of the messages waiting in the queue, read and deleted.
async fn drain(sqs: &sdk_sqs::Client, queue_url: &str) -> Vec<String> {
    let received = sqs
        .receive_message(queue_url)
        .max_number_of_messages(10)
        .wait_time_seconds(1)
        .send()
        .await
        .expect("receive message");
    let mut bodies = Vec::new();
    for message in received.messages.unwrap_or_default() {
        sqs.delete_message(queue_url, message.receipt_handle.expect("a receipt handle"))
            .send()
            .await
            .expect("delete message");
        bodies.push(message.body.expect("a body"));
    }
    bodies
}

#[tokio::test]
async fn a_message_published_to_a_topic_arrives_in_the_subscribed_queue() {
    let server = MotoServer::start();
    // One configuration makes clients of both services.
    let config = config(&server);
    let sns = sdk_sns::Client::new(&config);
    let sqs = sdk_sqs::Client::new(&config);

    let queue_url = sqs
        .create_queue("orders")
        .send()
        .await
        .expect("create queue")
        .queue_url
        .expect("a queue URL");
    let queue_arn = sqs
        .get_queue_attributes(&queue_url)
        .attribute_names(vec![QueueAttributeName::QueueArn])
        .send()
        .await
        .expect("get queue attributes")
        .attributes
        .and_then(|mut attributes| attributes.remove("QueueArn"))
        .expect("the queue ARN");

    let topic_arn = sns
        .create_topic("orders")
        .tags(vec![sdk_sns::types::Tag::new("team", "shop")])
        .send()
        .await
        .expect("create topic")
        .topic_arn
        .expect("a topic ARN");
    assert_eq!(topic_arn, "arn:aws:sns:us-east-1:123456789012:orders");

    let subscription_arn = sns
        .subscribe(&topic_arn, "sqs")
        .endpoint(&queue_arn)
        .return_subscription_arn(true)
        .send()
        .await
        .expect("subscribe")
        .subscription_arn
        .expect("a subscription ARN");
    assert!(subscription_arn.starts_with(&format!("{topic_arn}:")));
    let subscriptions: Vec<_> = sns
        .list_subscriptions_by_topic(&topic_arn)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .expect("list subscriptions");
    assert_eq!(subscriptions.len(), 1);
    assert_eq!(subscriptions[0].protocol.as_deref(), Some("sqs"));
    assert_eq!(subscriptions[0].endpoint.as_ref(), Some(&queue_arn));

    // Delivered as SNS's JSON envelope: the message, subject, attributes and ids.
    let published = sns
        .publish("order 17 placed & paid: <ok>")
        .topic_arn(&topic_arn)
        .subject("new order")
        .message_attributes(BTreeMap::from([(
            "kind".to_owned(),
            MessageAttributeValue::new("String").string_value("order"),
        )]))
        .send()
        .await
        .expect("publish");
    let message_id = published.message_id.expect("a message id");
    let bodies = drain(&sqs, &queue_url).await;
    assert_eq!(bodies.len(), 1, "{bodies:?}");
    let envelope: serde_json::Value = serde_json::from_str(&bodies[0]).expect("a JSON envelope");
    assert_eq!(envelope["Type"], "Notification");
    assert_eq!(envelope["MessageId"], message_id.as_str());
    assert_eq!(envelope["TopicArn"], topic_arn.as_str());
    assert_eq!(envelope["Subject"], "new order");
    assert_eq!(envelope["Message"], "order 17 placed & paid: <ok>");
    assert_eq!(
        envelope["MessageAttributes"]["kind"],
        serde_json::json!({"Type": "String", "Value": "order"})
    );

    // With raw delivery the queue gets the message alone.
    sns.set_subscription_attributes(&subscription_arn, "RawMessageDelivery")
        .attribute_value("true")
        .send()
        .await
        .expect("set subscription attributes");
    sns.publish("order 18 placed")
        .topic_arn(&topic_arn)
        .send()
        .await
        .expect("publish raw");
    assert_eq!(drain(&sqs, &queue_url).await, ["order 18 placed"]);

    sns.unsubscribe(&subscription_arn)
        .send()
        .await
        .expect("unsubscribe");
    sns.publish("nobody listens")
        .topic_arn(&topic_arn)
        .send()
        .await
        .expect("publish to no one");
    assert!(drain(&sqs, &queue_url).await.is_empty());
}
