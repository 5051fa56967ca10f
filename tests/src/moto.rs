//! A moto server on loopback for end-to-end tests, started per test and always stopped.
//!
//! The pinned `moto[server]` (see `tests/moto.pin`) is installed into a private virtualenv
//! by `cargo xtask test`, which passes its `moto_server` to the tests as `MOTO_SERVER`.
//! Each [`MotoServer`] listens on its own free port of 127.0.0.1, so tests run in
//! parallel without sharing state, and stops when dropped: at the end of the test and
//! also when the test panics. `cargo xtask moto` starts one the same way, for trying
//! the clients by hand.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// How long moto may take to answer after it was started.
const STARTUP: Duration = Duration::from_secs(30);

/// A running `moto_server` on 127.0.0.1.
#[derive(Debug)]
pub struct MotoServer {
    child: Child,
    addr: SocketAddr,
}

impl MotoServer {
    /// Starts a server on a free port and waits until it answers.
    ///
    /// # Panics
    /// When `moto_server` cannot be found or does not come up: an end-to-end test cannot
    /// run without it, and the message says how to install it.
    pub fn start() -> Self {
        Self::launch(&server_program()).unwrap_or_else(|error| panic!("{error}"))
    }

    /// Starts `program` (a `moto_server`) on a free port and waits until it answers; the
    /// error says why it did not come up.
    pub fn launch(program: &Path) -> Result<Self, String> {
        let mut last_error = String::new();
        // The port is free when chosen but may be taken before moto binds it: retry.
        for _ in 0..3 {
            let addr = free_port();
            let mut child = Command::new(program)
                .args(["-H", "127.0.0.1", "-p", &addr.port().to_string()])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
            match wait_until_ready(&mut child, addr) {
                Ok(()) => return Ok(Self { child, addr }),
                Err(error) => {
                    last_error = error;
                    let _ = child.kill();
                    let _ = child.wait();
                }
            }
        }
        Err(format!("moto_server did not come up: {last_error}"))
    }

    /// `http://127.0.0.1:<port>`: the endpoint URL to give a client.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Creates an IAM role and returns its ARN: Lambda on moto accepts only a role that
    /// exists. IAM speaks awsQuery, which no crate here has a client for yet, so this is
    /// one form-encoded POST; moto routes it by the credential scope and does not check
    /// the signature.
    ///
    /// # Panics
    /// When moto does not answer 200 with the role's ARN.
    pub fn create_iam_role(&self, name: &str) -> String {
        let body = format!(
            "Action=CreateRole&Version=2010-05-08&RoleName={name}&AssumeRolePolicyDocument=%7B%7D"
        );
        let request = format!(
            "POST / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len}\r\n\
             Authorization: AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/iam/\
             aws4_request, SignedHeaders=host, Signature=0\r\n\r\n{body}",
            addr = self.addr,
            len = body.len(),
        );
        let mut stream = TcpStream::connect(self.addr).expect("connect to moto");
        stream
            .write_all(request.as_bytes())
            .expect("send CreateRole");
        let mut response = String::new();
        stream
            .read_to_string(&mut response)
            .expect("read CreateRole");
        assert!(
            response.starts_with("HTTP/1.1 200"),
            "CreateRole: {response}"
        );
        let arn = response
            .split("<Arn>")
            .nth(1)
            .and_then(|rest| rest.split("</Arn>").next())
            .unwrap_or_else(|| panic!("no role ARN in {response}"));
        arn.to_owned()
    }

    /// Waits until the server exits by itself (or is killed from outside).
    pub fn wait(&mut self) -> std::io::Result<ExitStatus> {
        self.child.wait()
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `MOTO_SERVER`, or the virtualenv `cargo xtask test` makes.
fn server_program() -> PathBuf {
    if let Some(path) = std::env::var_os("MOTO_SERVER") {
        return PathBuf::from(path);
    }
    panic!(
        "MOTO_SERVER is not set: run the tests with `cargo xtask test`, which installs the \
         pinned moto[server] into a private virtualenv, or point MOTO_SERVER at a moto_server"
    );
}

fn free_port() -> SocketAddr {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .expect("no free port on 127.0.0.1")
}

/// Polls moto's own API until it answers 200, the process exits, or time runs out.
fn wait_until_ready(child: &mut Child, addr: SocketAddr) -> Result<(), String> {
    let deadline = Instant::now() + STARTUP;
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("moto_server exited early ({status})"));
        }
        if answers(addr) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("no answer on {addr} within {STARTUP:?}"))
}

fn answers(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request =
        format!("GET /moto-api/data.json HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.") && &head[9..12] == b"200"
}
