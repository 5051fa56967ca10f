//! What a client holds in memory while it downloads a large streaming payload. Run it
//! under `/usr/bin/time -v` and read "Maximum resident set size":
//!
//! ```sh
//! cargo build --release -p sdk-runtime --example stream_download
//! /usr/bin/time -v target/release/examples/stream_download stream 200
//! /usr/bin/time -v target/release/examples/stream_download stream 20
//! /usr/bin/time -v target/release/examples/stream_download collect 200
//! ```
//!
//! A restJson1 operation whose output is a streaming blob payload (as Polly's
//! `SynthesizeSpeech` audio) is answered by a server on 127.0.0.1, in this process on
//! its own thread, with a body of the given number of MiB. `stream` reads the body as
//! it arrives and counts it; `collect` reads it into memory, for comparison. Peak
//! memory of `stream` stays the same whatever the size.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::time::Instant;

use sdk_runtime::protocol::{Operation, RequestError, ServiceFailure, ServiceSpec};
use sdk_runtime::request_id::SetRequestId;
use sdk_runtime::schema::{
    prelude, HttpBinding, Location, Member, MemberTraits, MemberWriter, OperationSchema, Protocol,
    ReadError, ReadValue, Schema, ShapeKind, ShapeTraits, UriSegment, ValueReader, WriteError,
    WriteStruct,
};
use sdk_runtime::wire::ByteStream;
use sdk_runtime::{CallError, Config, Credentials, Handle};

static SERVICE: ServiceSpec = ServiceSpec {
    service_id: "Tapes",
    signing_name: "tapes",
    endpoint_prefix: "tapes",
    target_prefix: "",
    json_version: "1.1",
    api_version: "2024-01-01",
    protocol: Protocol::RestJson1,
    query_compatible: false,
    default_headers: &[],
};

static INPUT: Schema = Schema {
    name: "GetTapeInput",
    kind: ShapeKind::Structure,
    members: &[],
    traits: ShapeTraits::NONE,
};

static OUTPUT: Schema = Schema {
    name: "GetTapeOutput",
    kind: ShapeKind::Structure,
    members: &[Member {
        name: "Body",
        target: &prelude::STREAMING_BLOB,
        location: Location::Payload,
        traits: MemberTraits::NONE,
    }],
    traits: ShapeTraits::NONE,
};

static GET_TAPE: OperationSchema = OperationSchema {
    name: "GetTape",
    input: &INPUT,
    output: &OUTPUT,
    http: Some(HttpBinding {
        method: "GET",
        path: &[UriSegment::Literal("/tape")],
        query: &[],
        code: 200,
        host_prefix: None,
    }),
    request_compression: &[],
    checksum: sdk_runtime::schema::HttpChecksum::NONE,
};

struct GetTapeInput;

impl WriteStruct for GetTapeInput {
    fn schema(&self) -> &'static Schema {
        &INPUT
    }
    fn write_members(&self, _: &mut dyn MemberWriter) -> Result<(), WriteError> {
        Ok(())
    }
}

struct GetTapeOutput {
    body: ByteStream,
}

impl ReadValue for GetTapeOutput {
    fn read_value(r: &mut dyn ValueReader) -> Result<Self, ReadError> {
        let mut body = None;
        r.structure(&OUTPUT, &mut |_, r| {
            body = Some(ByteStream::read_value(r)?);
            Ok(())
        })?;
        Ok(Self {
            body: body.unwrap_or_default(),
        })
    }
}

impl SetRequestId for GetTapeOutput {
    fn set_request_id(&mut self, _: Option<&str>) {}
}

#[derive(Debug)]
struct Failed(String);

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Failed {}

impl From<CallError> for Failed {
    fn from(e: CallError) -> Self {
        Self(e.to_string())
    }
}

impl From<ServiceFailure> for Failed {
    fn from(e: ServiceFailure) -> Self {
        Self(e.to_string())
    }
}

impl From<RequestError> for Failed {
    fn from(e: RequestError) -> Self {
        Self(e.to_string())
    }
}

struct GetTape;

impl Operation for GetTape {
    const SCHEMA: &'static OperationSchema = &GET_TAPE;
    const SERVICE: &'static ServiceSpec = &SERVICE;
    type Input = GetTapeInput;
    type Output = GetTapeOutput;
    type Error = Failed;
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let collect = match args.next().as_deref() {
        Some("stream") => false,
        Some("collect") => true,
        _ => return Err("usage: stream_download stream|collect [MiB]".into()),
    };
    let size: u64 = args.next().map_or(Ok(200), |mib| mib.parse())? << 20;
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    std::thread::spawn(move || {
        let Ok((socket, _)) = listener.accept() else {
            return;
        };
        let mut reader = BufReader::new(&socket);
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        let mut socket = &socket;
        let piece = vec![b'a'; 64 * 1024];
        let _ = write!(
            socket,
            "HTTP/1.1 200 OK\r\nContent-Length: {size}\r\nContent-Type: audio/mpeg\r\n\r\n"
        );
        let mut left = size;
        while left > 0 {
            let n = left.min(piece.len() as u64) as usize;
            if socket.write_all(&piece[..n]).is_err() {
                return;
            }
            left -= n as u64;
        }
    });

    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None))
        .endpoint_url(url)
        .build();
    let handle = Handle::new(&config, &SERVICE);
    let started = Instant::now();
    let mut body = handle.send::<GetTape>(&GetTapeInput).await?.body;
    let read = if collect {
        body.collect(usize::MAX).await?.len() as u64
    } else {
        let mut read = 0;
        while let Some(piece) = body.next().await {
            read += piece?.len() as u64;
        }
        read
    };
    println!(
        "{} {} MiB in {:.2?}",
        if collect { "collected" } else { "streamed" },
        read >> 20,
        started.elapsed()
    );
    Ok(())
}
