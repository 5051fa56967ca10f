//! What a client holds in memory when a server sends far more than it should. Run it
//! under `/usr/bin/time -v` and read "Maximum resident set size":
//!
//! ```sh
//! cargo build --release -p sdk-runtime --example body_limit
//! /usr/bin/time -v target/release/examples/body_limit whitespace
//! /usr/bin/time -v target/release/examples/body_limit endless
//! ```
//!
//! `whitespace` answers 200 with a body of 2 GiB of spaces, announced by
//! `Content-Length`; `endless` answers 200 with a chunked body of spaces that never
//! ends. The server runs on 127.0.0.1 in this process, on its own thread, and makes
//! its bytes only as fast as the client takes them. A second argument stops it after
//! that many MiB, for clients that would otherwise read on until the attempt timeout.
//!
//! The call uses the default configuration (default body limit, timeouts and retries)
//! and prints its outcome, the connections the server accepted and what it sent.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use sdk_runtime::protocol::ServiceSpec;
use sdk_runtime::{Config, Credentials, Handle};

static SPEC: ServiceSpec = ServiceSpec {
    service_id: "Body Limit",
    signing_name: "bodylimit",
    endpoint_prefix: "bodylimit",
    target_prefix: "BodyLimit_20240101",
    json_version: "1.1",
    api_version: "2024-01-01",
    protocol: sdk_runtime::schema::Protocol::AwsJson1_1,
    query_compatible: false,
    default_headers: &[],
};

#[path = "../tests/support/things.rs"]
#[allow(dead_code)] // Only ListThings is called.
mod things;

#[derive(Clone, Copy)]
enum Mode {
    Whitespace,
    Endless,
}

#[derive(Default)]
struct Counters {
    connections: AtomicUsize,
    sent: AtomicU64,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mode = match args.next().as_deref() {
        Some("whitespace") => Mode::Whitespace,
        Some("endless") => Mode::Endless,
        _ => return Err("usage: body_limit whitespace|endless [stop-after-MiB]".into()),
    };
    let stop_after = match args.next() {
        Some(mib) => mib.parse::<u64>()? << 20,
        None => u64::MAX,
    };
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    let counters = Arc::new(Counters::default());
    let serving = Arc::clone(&counters);
    std::thread::spawn(move || {
        for socket in listener.incoming() {
            let Ok(socket) = socket else { return };
            serving.connections.fetch_add(1, Ordering::SeqCst);
            let _ = answer(socket, mode, stop_after, &serving.sent);
        }
    });

    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(url)
        .build();
    let handle = Handle::new(&config, &SPEC);
    let started = Instant::now();
    let result = handle
        .send::<things::ListThings>(&things::ListThingsInput::default())
        .await;
    println!("outcome: {result:?}");
    println!("took: {:.1?}", started.elapsed());
    println!(
        "server: {} connections, {} MiB sent",
        counters.connections.load(Ordering::SeqCst),
        counters.sent.load(Ordering::SeqCst) >> 20
    );
    Ok(())
}

/// Reads a request, then sends the body of `mode` until `stop_after` bytes or until
/// the client hangs up.
fn answer(socket: TcpStream, mode: Mode, stop_after: u64, sent: &AtomicU64) -> std::io::Result<()> {
    let mut reader = BufReader::new(socket.try_clone()?);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let line = line.trim_end().to_ascii_lowercase();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("content-length:") {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    reader.take(length as u64).read_to_end(&mut Vec::new())?;

    let mut socket = socket;
    let framing = match mode {
        Mode::Whitespace => format!("Content-Length: {}", 2u64 << 30),
        Mode::Endless => "Transfer-Encoding: chunked".to_owned(),
    };
    write!(
        socket,
        "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\n{framing}\r\n\r\n"
    )?;
    let spaces = vec![b' '; 64 * 1024];
    let total = match mode {
        Mode::Whitespace => (2u64 << 30).min(stop_after),
        Mode::Endless => stop_after,
    };
    let mut written = 0u64;
    while written < total {
        let piece = &spaces[..spaces.len().min((total - written) as usize)];
        if let Mode::Endless = mode {
            write!(socket, "{:x}\r\n", piece.len())?;
        }
        socket.write_all(piece)?;
        if let Mode::Endless = mode {
            socket.write_all(b"\r\n")?;
        }
        written += piece.len() as u64;
        sent.fetch_add(piece.len() as u64, Ordering::SeqCst);
    }
    socket.flush()
}
