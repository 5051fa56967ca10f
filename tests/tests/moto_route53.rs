//! Route 53 end to end: the generated restXml client against a moto server (a global
//! service: its requests are signed for us-east-1 whatever the region).
//!
//! Needs `MOTO_SERVER` (set by `cargo xtask test`).

use sdk_route53::operation::change_resource_record_sets::ChangeResourceRecordSetsError;
use sdk_route53::operation::get_hosted_zone::GetHostedZoneError;
use sdk_route53::types::{
    Change, ChangeAction, ChangeBatch, HostedZoneConfig, ResourceRecord, ResourceRecordSet, RrType,
};
use sdk_route53::{Client, Config, Credentials};
use tests::moto::MotoServer;

fn client(server: &MotoServer) -> Client {
    Client::from_config(
        Config::builder()
            .endpoint_url(server.endpoint())
            .region("eu-central-1")
            .credentials(Credentials::new("testing", "testing", None)),
    )
}

fn record(name: &str, kind: RrType, ttl: i64, values: &[&str]) -> ResourceRecordSet {
    ResourceRecordSet::new(name, kind)
        .ttl(ttl)
        .resource_records(
            values
                .iter()
                .map(|v| ResourceRecord::new(*v))
                .collect::<Vec<_>>(),
        )
}

#[tokio::test]
async fn a_hosted_zone_gets_record_sets_changed_and_listed() {
    let server = MotoServer::start();
    let client = client(&server);

    let created = client
        .create_hosted_zone("example.com", "zone-1")
        .hosted_zone_config(
            HostedZoneConfig::new()
                .comment("the shop")
                .private_zone(false),
        )
        .send()
        .await
        .expect("create hosted zone");
    let zone = created.hosted_zone.expect("the zone");
    // The id comes back as "/hostedzone/<id>" and is taken that way, as boto3 takes it.
    let zone_id = zone.id.expect("a zone id");
    assert!(zone_id.starts_with("/hostedzone/"), "{zone_id}");
    assert_eq!(zone.name.as_deref(), Some("example.com."));
    assert_eq!(zone.caller_reference.as_deref(), Some("zone-1"));
    assert!(created
        .delegation_set
        .and_then(|d| d.name_servers)
        .is_some_and(|servers| !servers.is_empty()));
    assert!(created.location.is_some_and(|l| l.ends_with(&zone_id)));

    let got = client
        .get_hosted_zone(&zone_id)
        .send()
        .await
        .expect("get hosted zone");
    let config = got.hosted_zone.and_then(|z| z.config).expect("a config");
    assert_eq!(config.comment.as_deref(), Some("the shop"));

    // One change batch: an A record of two addresses, a TXT record and a CNAME.
    let changed = client
        .change_resource_record_sets(
            &zone_id,
            ChangeBatch::new(vec![
                Change::new(
                    ChangeAction::Create,
                    record(
                        "www.example.com.",
                        RrType::A,
                        300,
                        &["192.0.2.1", "192.0.2.2"],
                    ),
                ),
                Change::new(
                    ChangeAction::Create,
                    record("example.com.", RrType::Txt, 60, &["\"v=spf1 -all\""]),
                ),
                Change::new(
                    ChangeAction::Create,
                    record(
                        "shop.example.com.",
                        RrType::Cname,
                        600,
                        &["www.example.com"],
                    ),
                ),
            ])
            .comment("launch"),
        )
        .send()
        .await
        .expect("change record sets");
    let change = changed.change_info.expect("change info");
    assert!(change.id.is_some() && change.submitted_at.is_some());

    // All of them, with the zone's own NS and SOA records.
    let listed = client
        .list_resource_record_sets(&zone_id)
        .send()
        .await
        .expect("list record sets");
    let sets = listed.resource_record_sets.expect("record sets");
    let mut kinds: Vec<_> = sets
        .iter()
        .map(|s| (s.name.as_str(), s.r#type.clone()))
        .collect();
    kinds.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    assert_eq!(
        kinds,
        [
            ("example.com.", RrType::Ns),
            ("example.com.", RrType::Soa),
            ("example.com.", RrType::Txt),
            ("shop.example.com.", RrType::Cname),
            ("www.example.com.", RrType::A),
        ]
    );
    let www = sets
        .iter()
        .find(|s| s.name == "www.example.com.")
        .expect("the A record");
    assert_eq!(
        www,
        &record(
            "www.example.com.",
            RrType::A,
            300,
            &["192.0.2.1", "192.0.2.2"]
        )
    );

    // Two per page: MaxItems in the query, the next record's name and type back.
    let mut names = Vec::new();
    let mut next: Option<(String, RrType)> = None;
    let mut pages = 0;
    loop {
        let mut call = client.list_resource_record_sets(&zone_id).max_items("2");
        if let Some((name, kind)) = next.take() {
            call = call.start_record_name(name).start_record_type(kind);
        }
        let page = call.send().await.expect("list a page");
        pages += 1;
        names.extend(
            page.resource_record_sets
                .unwrap_or_default()
                .into_iter()
                .map(|s| s.name),
        );
        if page.is_truncated != Some(true) {
            break;
        }
        next = Some((
            page.next_record_name.expect("the next name"),
            page.next_record_type.expect("the next type"),
        ));
    }
    assert_eq!(pages, 3);
    assert_eq!(names.len(), 5);

    // UPSERT replaces, DELETE removes.
    client
        .change_resource_record_sets(
            &zone_id,
            ChangeBatch::new(vec![
                Change::new(
                    ChangeAction::Upsert,
                    record("www.example.com.", RrType::A, 60, &["192.0.2.9"]),
                ),
                Change::new(
                    ChangeAction::Delete,
                    record(
                        "shop.example.com.",
                        RrType::Cname,
                        600,
                        &["www.example.com"],
                    ),
                ),
            ]),
        )
        .send()
        .await
        .expect("upsert and delete");
    let sets = client
        .list_resource_record_sets(&zone_id)
        .start_record_name("www.example.com.")
        .start_record_type(RrType::A)
        .send()
        .await
        .expect("list from www")
        .resource_record_sets
        .expect("record sets");
    assert_eq!(
        sets,
        [record("www.example.com.", RrType::A, 60, &["192.0.2.9"])]
    );

    // Deleting what is not there: a typed error (AWS says InvalidChangeBatch, moto
    // InvalidInput), its message naming the record.
    let missing = client
        .change_resource_record_sets(
            &zone_id,
            ChangeBatch::new(vec![Change::new(
                ChangeAction::Delete,
                record("gone.example.com.", RrType::A, 60, &["192.0.2.3"]),
            )]),
        )
        .send()
        .await;
    match missing {
        Err(
            error @ (ChangeResourceRecordSetsError::InvalidChangeBatch(_)
            | ChangeResourceRecordSetsError::InvalidInput(_)),
        ) => {
            let meta = error.meta().expect("error metadata");
            assert_eq!(meta.status(), 400);
            assert!(meta
                .message()
                .is_some_and(|m| m.contains("gone.example.com.")));
        }
        other => panic!("expected InvalidChangeBatch or InvalidInput, got {other:?}"),
    }

    client
        .change_resource_record_sets(
            &zone_id,
            ChangeBatch::new(vec![
                Change::new(
                    ChangeAction::Delete,
                    record("www.example.com.", RrType::A, 60, &["192.0.2.9"]),
                ),
                Change::new(
                    ChangeAction::Delete,
                    record("example.com.", RrType::Txt, 60, &["\"v=spf1 -all\""]),
                ),
            ]),
        )
        .send()
        .await
        .expect("empty the zone");
    client
        .delete_hosted_zone(&zone_id)
        .send()
        .await
        .expect("delete hosted zone");
    match client.get_hosted_zone(&zone_id).send().await {
        Err(GetHostedZoneError::NoSuchHostedZone(e)) => assert_eq!(e.meta().status(), 404),
        other => panic!("expected NoSuchHostedZone, got {other:?}"),
    }
}
