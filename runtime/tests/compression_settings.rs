//! Request compression settings as the loader reads them: the environment over the
//! profile, explicit settings over both, and values that cannot be used refused with
//! the variable or key they came from.

use std::path::Path;

use sdk_runtime::compression::RequestCompression;
use sdk_runtime::env::Env;
use sdk_runtime::{Config, ConfigError, ConfigLoader};

/// A home directory whose `~/.aws/config` is `config`.
fn home(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".aws")).unwrap();
    std::fs::write(dir.path().join(".aws/config"), config).unwrap();
    dir
}

async fn load(home: &Path, vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let env = Env::fixed(vars.iter().copied(), Some(home.to_path_buf()));
    ConfigLoader::new().env(env).load().await
}

#[tokio::test]
async fn request_compression_settings_come_from_the_environment_over_the_profile() {
    let empty = home("");
    let config = load(empty.path(), &[]).await.unwrap();
    assert_eq!(config.request_compression(), RequestCompression::default());

    let dir = home(
        "[default]\ndisable_request_compression = True\nrequest_min_compression_size_bytes = 100\n",
    );
    let config = load(dir.path(), &[]).await.unwrap();
    let want = RequestCompression {
        disabled: true,
        min_size_bytes: 100,
    };
    assert_eq!(config.request_compression(), want);

    let vars = [
        ("AWS_DISABLE_REQUEST_COMPRESSION", "false"),
        ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "10485760"),
    ];
    let config = load(dir.path(), &vars).await.unwrap();
    let want = RequestCompression {
        disabled: false,
        min_size_bytes: 10_485_760,
    };
    assert_eq!(config.request_compression(), want);
    // Explicit settings win over both.
    let config = config
        .to_builder()
        .disable_request_compression(true)
        .request_min_compression_size_bytes(0)
        .build();
    let want = RequestCompression {
        disabled: true,
        min_size_bytes: 0,
    };
    assert_eq!(config.request_compression(), want);
}

#[tokio::test]
async fn invalid_request_compression_settings_name_their_source() {
    let empty = home("");
    for (var, value) in [
        ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "10485761"),
        ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "-1"),
        ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "1e3"),
        ("AWS_DISABLE_REQUEST_COMPRESSION", "yes"),
    ] {
        let error = load(empty.path(), &[(var, value)]).await.unwrap_err();
        assert!(
            matches!(&error, ConfigError::InvalidSetting { name, .. } if name == var),
            "{error}"
        );
        assert!(error.to_string().contains(value), "{error}");
    }
    let dir = home("[default]\nrequest_min_compression_size_bytes = lots\n");
    let error = load(dir.path(), &[]).await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains(r#"request_min_compression_size_bytes "lots""#),
        "{error}"
    );
    let dir = home("[default]\ndisable_request_compression = 1\n");
    let error = load(dir.path(), &[]).await.unwrap_err();
    assert!(
        error.to_string().contains("disable_request_compression"),
        "{error}"
    );
}
