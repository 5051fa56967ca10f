//! A loopback HTTP/1.1 server on its own threads, reading bodies sent with a
//! `Content-Length` or chunked.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
// ---- a loopback HTTP/1.1 server ----

/// A request as the server read it.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) head: String,
    pub(crate) body: Vec<u8>,
}

impl Seen {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Serves each connection on its own thread: reads requests (with `Content-Length`
/// or chunked bodies) and lets `answer` write each response. Returns the base URL and
/// the requests seen.
pub(crate) fn serve<F>(answer: F) -> (String, Arc<Mutex<Vec<Seen>>>)
where
    F: Fn(usize, &Seen, &mut TcpStream) -> std::io::Result<()> + Send + Sync + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let answer = Arc::new(answer);
    let count = Arc::new(AtomicUsize::new(0));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for socket in listener.incoming() {
            let Ok(mut socket) = socket else { return };
            let (answer, log, count) = (Arc::clone(&answer), Arc::clone(&log), Arc::clone(&count));
            std::thread::spawn(move || {
                let mut reader = BufReader::new(socket.try_clone().unwrap());
                while let Some(request) = read_request(&mut reader) {
                    log.lock().unwrap().push(request.clone());
                    let n = count.fetch_add(1, Ordering::SeqCst);
                    if answer(n, &request, &mut socket).is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, seen)
}

pub(crate) fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Seen> {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let mut seen = Seen {
        head,
        body: Vec::new(),
    };
    if let Some(len) = seen.header("content-length") {
        let mut body = vec![0; len.parse().ok()?];
        reader.read_exact(&mut body).ok()?;
        seen.body = body;
    } else if seen.header("transfer-encoding") == Some("chunked") {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim(), 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            if size == 0 {
                break;
            }
            seen.body.extend_from_slice(&chunk[..size]);
        }
    }
    Some(seen)
}

pub(crate) fn respond(
    socket: &mut TcpStream,
    status: u16,
    headers: &str,
    body: &[u8],
) -> std::io::Result<()> {
    write!(
        socket,
        "HTTP/1.1 {status} X\r\n{headers}Content-Length: {}\r\n\r\n",
        body.len()
    )?;
    socket.write_all(body)?;
    socket.flush()
}
