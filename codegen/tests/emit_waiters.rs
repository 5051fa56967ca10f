//! Waiters emitted: the `lifecycle` fixture's `LightOn` waiter, with acceptors from a
//! wire-facts file, becomes a static `WaiterSchema`, a `Client::wait_until_light_on`
//! method and its builder; the crate turns on the runtime's `waiters` feature and
//! builds with clippy's warnings denied. (moto_waiters in the tests crate waits on
//! real services.)

mod emit_support;
mod fs_support;

use std::path::{Path, PathBuf};

use codegen::emit::generate_crate;
use emit_support::{snapshot_settings, GeneratedCrate};

const WIRE: &str = r#"
[waiters.LightOn]
acceptors = [
  { state = "success", matcher = "pathAll", argument = "Lights[].State", expected = "ON" },
  { state = "failure", matcher = "path", argument = "length(Lights) > `3`", expected = true },
  { state = "retry", matcher = "error", expected = "LightNotFound" },
  { state = "retry", matcher = "status", expected = 429 },
  { state = "success", matcher = "error", expected = false },
]
"#;

fn lifecycle(wire: Option<&str>) -> (tempfile::TempDir, codegen::ir::Service) {
    let tmp = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rst/lifecycle");
    fs_support::copy_dir(&from, tmp.path()).unwrap();
    if let Some(wire) = wire {
        std::fs::write(tmp.path().join("wire.toml"), wire).unwrap();
    }
    let mut service = codegen::load_service(tmp.path()).unwrap().service;
    let title = service.title.clone();
    service.metadata.service_id.get_or_insert(title);
    (tmp, service)
}

#[test]
fn a_waiter_with_acceptors_gets_a_schema_a_client_method_and_a_builder() {
    let (_dir, service) = lifecycle(Some(WIRE));
    let files = generate_crate(&service, &snapshot_settings("sdk-lifecycle")).unwrap();
    let waiters = &files[&PathBuf::from("src/waiters.rs")];
    insta::assert_snapshot!("lifecycle_waiters", waiters);
    let client = &files[&PathBuf::from("src/client.rs")];
    assert!(
        client.contains("pub fn wait_until_light_on(&self) -> crate::waiters::LightOnWaiter"),
        "{client}"
    );
    assert!(files[&PathBuf::from("Cargo.toml")].contains("features = [\"json\", \"waiters\"]"));
    GeneratedCrate::write(&service, "sdk-lifecycle", &[]).clippy();
}

#[test]
fn a_waiter_without_acceptors_is_not_emitted() {
    // Without wire facts the pages say when to poll but not what the answers mean.
    let (_dir, service) = lifecycle(None);
    assert!(service.waiters["LightOn"].acceptors.is_empty());
    let files = generate_crate(&service, &snapshot_settings("sdk-lifecycle")).unwrap();
    assert!(!files.contains_key(&PathBuf::from("src/waiters.rs")));
    assert!(!files[&PathBuf::from("src/client.rs")].contains("wait_until"));
    assert!(!files[&PathBuf::from("Cargo.toml")].contains("waiters"));
}
