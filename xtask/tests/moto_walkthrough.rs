//! The README's "Try it locally against moto", run as a user runs it, and
//! `cargo xtask moto` serving on its own. Both install the pinned moto on first use
//! (Python 3 and its package index needed, as for `cargo xtask test`).
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ sits in the repository")
}

/// The first `sh` block after the walkthrough's heading.
fn walkthrough() -> String {
    let readme = std::fs::read_to_string(repository().join("README.md")).expect("README.md");
    let section = readme
        .split_once("### Try it locally against moto")
        .expect("the README has the walkthrough")
        .1;
    let block = section
        .split_once("```sh\n")
        .expect("the walkthrough has a shell block")
        .1;
    block
        .split_once("```")
        .expect("the block ends")
        .0
        .to_owned()
}

/// GET `/moto-api/data.json` answers 200.
fn answers(endpoint: &str) -> bool {
    let host = endpoint.trim_start_matches("http://");
    let Ok(mut stream) = TcpStream::connect(host) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request =
        format!("GET /moto-api/data.json HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    let mut head = [0u8; 12];
    stream.write_all(request.as_bytes()).is_ok()
        && stream.read_exact(&mut head).is_ok()
        && &head[9..12] == b"200"
}

#[test]
fn the_readme_walkthrough_runs_the_example_against_moto() {
    let script = walkthrough();
    assert!(script.contains("cargo xtask moto"), "{script}");
    // The walkthrough must not need a particular port: hold the one it used to take.
    let _port_5000 = TcpListener::bind((Ipv4Addr::LOCALHOST, 5000));
    let output = Command::new("sh")
        .args(["-ec", &script])
        .current_dir(repository())
        .output()
        .expect("sh runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{script}\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("example/greeting = \"hello"), "{stdout}");
    assert!(stdout.contains("secret(s): "), "{stdout}");
}

#[test]
fn without_a_command_it_prints_the_environment_and_serves_until_stopped() {
    // Any target directory: the virtualenv goes where cargo's build output goes.
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("another-target-dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("moto")
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(repository())
        .stdout(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("xtask starts");
    let group = child.id();
    let stdout = child.stdout.take().expect("stdout is piped");
    let lines: Vec<String> = BufReader::new(stdout)
        .lines()
        .take(4)
        .map(|line| line.expect("stdout is text"))
        .collect();
    let endpoint = lines
        .iter()
        .find_map(|line| line.strip_prefix("export AWS_ENDPOINT_URL="))
        .map(str::to_owned);
    let serving = endpoint.as_deref().is_some_and(answers);
    let _ = Command::new("kill")
        .args(["-TERM", "--", &format!("-{group}")])
        .status();
    let _ = child.wait();

    let endpoint = endpoint.unwrap_or_else(|| panic!("no endpoint in {lines:?}"));
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{lines:?}");
    assert!(
        lines.contains(&"export AWS_REGION=us-east-1".to_owned()),
        "{lines:?}"
    );
    assert!(serving, "nothing answers at {endpoint}");
    assert!(
        std::fs::read_dir(target.join("moto-env")).is_ok_and(|mut envs| envs.next().is_some()),
        "moto is not installed under {}",
        target.display()
    );
    assert!(!answers(&endpoint), "the server outlived its task");
}
