//! Stores, reads and lists secrets with the generated Secrets Manager client, at the
//! endpoint, region and credentials the environment gives: a local moto server in the
//! README's walk-through.
//!
//! ```text
//! cargo xtask moto -- cargo run -p tests --example secrets_manager
//! ```

use futures_util::TryStreamExt as _;
use sdk_secretsmanager::operation::create_secret::CreateSecretError;
use sdk_secretsmanager::Client;

const NAME: &str = "example/greeting";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env().await?;

    // The first run creates the secret; later runs store a new version of it.
    match client
        .create_secret(NAME)
        .description("made by the secrets_manager example")
        .secret_string("hello")
        .send()
        .await
    {
        Ok(created) => println!("created {}", created.arn.unwrap_or_default()),
        Err(CreateSecretError::ResourceExistsException(_)) => {
            let put = client
                .put_secret_value(NAME)
                .secret_string("hello again")
                .send()
                .await?;
            println!("stored version {}", put.version_id.unwrap_or_default());
        }
        Err(other) => return Err(other.into()),
    }

    let value = client.get_secret_value(NAME).send().await?;
    println!(
        "{NAME} = {:?}",
        value.secret_string.as_deref().unwrap_or_default()
    );

    // Every secret, two per request: the paginator follows the tokens.
    let names: Vec<String> = client
        .list_secrets()
        .into_paginator()
        .page_size(2)
        .items()
        .map_ok(|secret| secret.name.unwrap_or_default())
        .try_collect()
        .await?;
    println!("{} secret(s): {}", names.len(), names.join(", "));
    Ok(())
}
