//! Shared config and credentials files that are not what they should be: a device that
//! never ends, a FIFO nobody writes to, a file too large, a directory. Loading must
//! fail quickly with an error naming the file, never read without end or hang.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use sdk_runtime::env::Env;
use sdk_runtime::profile::MAX_FILE_SIZE;
use sdk_runtime::{Config, ConfigError, ConfigLoader};

/// Loads with `AWS_CONFIG_FILE` (or the credentials variable) set to `path`, on a
/// thread of its own, failing the test instead of hanging if it takes too long.
fn load_with(var: &str, path: &Path) -> Result<Config, ConfigError> {
    let env = Env::fixed([(var, path.display().to_string())], None);
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let _ = done.send(runtime.block_on(ConfigLoader::new().env(env).load()));
    });
    result
        .recv_timeout(Duration::from_secs(10))
        .unwrap_or_else(|_| panic!("loading {} did not finish", path.display()))
}

/// The message of the error of loading `path`, which must name it.
fn refused(var: &str, path: &Path) -> String {
    let error = load_with(var, path).expect_err("the file was accepted");
    assert!(matches!(error, ConfigError::ReadFile { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    message
}

#[cfg(unix)]
#[test]
fn an_endless_device_is_refused() {
    let message = refused("AWS_CONFIG_FILE", Path::new("/dev/zero"));
    assert!(message.contains("not a regular file"), "{message}");
}

#[cfg(unix)]
#[test]
fn the_null_device_still_counts_as_an_empty_file() {
    let config = load_with("AWS_CONFIG_FILE", Path::new("/dev/null")).unwrap();
    assert!(config.region().is_none());
    load_with("AWS_SHARED_CREDENTIALS_FILE", Path::new("/dev/null")).unwrap();
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("config");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    for var in ["AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"] {
        let message = refused(var, &fifo);
        assert!(message.contains("not a regular file"), "{message}");
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("credentials");
    let line = "# padding\n";
    let mut text = String::from("[default]\nregion = us-east-1\n");
    while text.len() as u64 <= MAX_FILE_SIZE - line.len() as u64 {
        text.push_str(line);
    }
    // At the limit: read.
    text.push_str(&"#".repeat((MAX_FILE_SIZE - text.len() as u64) as usize));
    std::fs::write(&path, &text).unwrap();
    let config = load_with("AWS_CONFIG_FILE", &path).unwrap();
    assert_eq!(config.region().map(|r| r.as_str()), Some("us-east-1"));
    // One byte more: refused, saying the limit.
    text.push('#');
    std::fs::write(&path, &text).unwrap();
    for var in ["AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"] {
        let message = refused(var, &path);
        assert!(message.contains("1 MiB"), "{message}");
    }
}

#[test]
fn a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for var in ["AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"] {
        let message = refused(var, dir.path());
        assert!(message.contains("not a regular file"), "{message}");
    }
}
