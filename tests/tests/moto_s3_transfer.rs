//! A 200 MiB object streamed up from a file and down to a file by the generated S3
//! client, against a moto server, in a process of its own whose peak resident memory
//! (`VmHWM`) must stay under 64 MiB: the body is never held whole.
//!
//! Needs `MOTO_SERVER` (set by `cargo xtask test`). The transfer runs in this test
//! binary started again with only the ignored `transfer` test selected and the
//! `S3_TRANSFER` variable naming the endpoint and files; the parent makes and compares
//! the files, outside the measured process.

use std::fs::File;
use std::io::{BufWriter, Read as _, Write as _};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use sdk_runtime::wire::ByteStream;
use sdk_s3::{Client, Config, Credentials};
use tests::moto::MotoServer;

/// The object's size.
const SIZE: usize = 200 << 20;
/// The most the transferring process may have resident at any time.
const PEAK_LIMIT_KB: u64 = 64 << 10;
/// How the child reports its peak on stdout.
const PEAK_LINE: &str = "transfer peak VmHWM kB: ";

#[test]
fn a_200_mib_object_streams_up_and_down_in_under_64_mib() {
    let server = MotoServer::start();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let upload = dir.path().join("upload.bin");
    let download = dir.path().join("download.bin");
    write_pattern(&upload);

    let started = Instant::now();
    let output = Command::new(std::env::current_exe().expect("this test binary"))
        .args(["transfer", "--exact", "--include-ignored", "--nocapture"])
        .env(
            "S3_TRANSFER",
            format!(
                "{}\n{}\n{}",
                server.endpoint(),
                upload.display(),
                download.display()
            ),
        )
        .output()
        .expect("run the transfer");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the transfer failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let peak_kb: u64 = stdout
        .lines()
        .find_map(|line| line.strip_prefix(PEAK_LINE))
        .unwrap_or_else(|| panic!("no peak reported:\n{stdout}"))
        .trim()
        .parse()
        .expect("a number of kB");
    println!(
        "200 MiB up and down in {:.1?}, peak resident {} MiB",
        started.elapsed(),
        peak_kb >> 10
    );

    assert_same_content(&upload, &download);
    assert!(
        peak_kb < PEAK_LIMIT_KB,
        "peak resident memory {peak_kb} kB is not under {PEAK_LIMIT_KB} kB"
    );
}

/// The transfer itself, run only as the child of the test above.
#[test]
#[ignore = "run by a_200_mib_object_streams_up_and_down_in_under_64_mib in a process of its own"]
fn transfer() {
    let Ok(spec) = std::env::var("S3_TRANSFER") else {
        return;
    };
    let [endpoint, upload, download]: [&str; 3] = spec
        .split('\n')
        .collect::<Vec<_>>()
        .try_into()
        .expect("endpoint, upload and download");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let client = Client::from_config(
            Config::builder()
                .endpoint_url(endpoint)
                .region("us-east-1")
                .credentials(Credentials::new("testing", "testing", None)),
        );
        client
            .create_bucket("transfer")
            .send()
            .await
            .expect("create bucket");
        let body = ByteStream::from_path(upload).expect("open the upload");
        assert_eq!(body.len(), Some(SIZE as u64));
        client
            .put_object("transfer", "big.bin")
            .body(body)
            .send()
            .await
            .expect("put the object");

        let mut got = client
            .get_object("transfer", "big.bin")
            .send()
            .await
            .expect("get the object");
        assert_eq!(got.content_length, Some(SIZE as i64));
        let mut out = File::create(download).expect("create the download");
        while let Some(piece) = got.body.next().await {
            out.write_all(&piece.expect("a piece of the body"))
                .expect("write the download");
        }
    });
    drop(runtime);
    println!("{PEAK_LINE}{}", peak_resident_kb());
}

/// `VmHWM` of /proc/self/status: the most this process has had resident.
fn peak_resident_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().strip_suffix("kB"))
        .and_then(|kb| kb.trim().parse().ok())
        .expect("VmHWM in kB")
}

/// SIZE bytes of xorshift noise, each MiB starting with its own index, so a piece out of
/// place or repeated is noticed.
fn write_pattern(path: &Path) {
    let mut block = vec![0u8; 1 << 20];
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    for chunk in block.chunks_exact_mut(8) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        chunk.copy_from_slice(&state.to_le_bytes());
    }
    let mut out = BufWriter::new(File::create(path).expect("create the upload"));
    for index in 0..(SIZE >> 20) as u64 {
        block[..8].copy_from_slice(&index.to_le_bytes());
        out.write_all(&block).expect("write the upload");
    }
    out.flush().expect("flush the upload");
}

fn assert_same_content(expected: &Path, actual: &Path) {
    let (mut a, mut b) = (
        File::open(expected).expect("open the upload"),
        File::open(actual).expect("open the download"),
    );
    assert_eq!(
        a.metadata().expect("upload size").len(),
        b.metadata().expect("download size").len(),
        "the download's length differs"
    );
    let (mut x, mut y) = (vec![0u8; 1 << 20], vec![0u8; 1 << 20]);
    for mib in 0.. {
        let n = a.read(&mut x).expect("read the upload");
        if n == 0 {
            break;
        }
        b.read_exact(&mut y[..n]).expect("read the download");
        assert!(x[..n] == y[..n], "the download differs in MiB {mib}");
    }
}
