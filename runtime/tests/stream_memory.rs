//! A 200 MiB streaming download through the client leaves the process's peak memory
//! where it was: the body is never held whole. Alone in its test binary, so that no
//! other test moves the peak; Linux only (it reads `VmHWM` from `/proc/self/status`).

#![cfg(target_os = "linux")]

#[path = "streaming/loopback.rs"]
#[allow(dead_code)]
mod loopback;
#[path = "streaming/tapes.rs"]
#[allow(dead_code)]
mod tapes;

use std::io::Write as _;

use sdk_runtime::{Config, Credentials, Handle};
use tapes::{GetTape, GetTapeInput, SERVICE};

/// The peak resident memory of this process so far, in KiB.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_200_mib_download_keeps_peak_memory_flat() {
    const SIZE: usize = 200 << 20;
    let (url, _) = loopback::serve(|_, _, socket| {
        write!(socket, "HTTP/1.1 200 OK\r\nContent-Length: {SIZE}\r\n\r\n")?;
        let piece = vec![b'a'; 64 * 1024];
        for _ in 0..SIZE / piece.len() {
            socket.write_all(&piece)?;
        }
        socket.flush()
    });
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None))
        .endpoint_url(url)
        .build();
    let handle = Handle::new(&config, &SERVICE);
    let before = peak_kib();
    let input = GetTapeInput {
        name: "big".to_owned(),
    };
    let mut body = handle.send::<GetTape>(&input).await.unwrap().body;
    let mut read = 0;
    while let Some(piece) = body.next().await {
        read += piece.unwrap().len();
    }
    assert_eq!(read, SIZE);
    let grown = peak_kib() - before;
    assert!(grown < 32 * 1024, "the peak grew by {grown} KiB");
}
