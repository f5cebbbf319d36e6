//! Streamed answers of the mock server (the `mock` feature): events or
//! lines written one by one with waits between them, which wiremock, whose
//! answers are one body sent at once, cannot do. A stub answers its
//! requests with a redirect (307, which keeps the method and body) to this
//! small HTTP/1.1 server beside wiremock, which plays the stub's script as
//! a chunked body: so wiremock still matches, counts and records every
//! request, and the client reads a real stream over a real connection.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One step of a script.
#[derive(Debug)]
pub(crate) enum Step {
    /// Bytes written as one chunk; `id` is the event id they carry, where a
    /// reconnection with that `Last-Event-ID` resumes after them.
    Send { bytes: Vec<u8>, id: Option<String> },
    /// A pause before the next step.
    Wait(Duration),
    /// The connection dropped without ending the body, the first time a
    /// request reaches it (a reconnection then goes on past it).
    Cut(AtomicBool),
}

/// What a stub answers: a status, a content type and the steps of its body.
#[derive(Debug)]
pub(crate) struct Script {
    pub(crate) status: u16,
    pub(crate) content_type: String,
    pub(crate) steps: Vec<Step>,
}

impl Script {
    /// The steps a request with `last_event_id` gets: after the event with
    /// that id, or all of them when no event has it.
    fn resumed(&self, last_event_id: Option<&str>) -> &[Step] {
        let after = last_event_id.and_then(|last| {
            self.steps
                .iter()
                .rposition(|s| matches!(s, Step::Send { id: Some(id), .. } if id == last))
        });
        after.map_or(&self.steps[..], |i| &self.steps[i + 1..])
    }
}

type Scripts = Arc<Mutex<Vec<Arc<Script>>>>;

/// The server; it stops when dropped.
#[derive(Debug)]
pub(crate) struct StreamServer {
    port: u16,
    scripts: Scripts,
    task: JoinHandle<()>,
}

impl Drop for StreamServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl StreamServer {
    pub(crate) async fn start() -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let scripts: Scripts = Arc::default();
        let shared = Arc::clone(&scripts);
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let scripts = Arc::clone(&shared);
                tokio::spawn(async move {
                    // A client that goes away mid-stream is no error of the mock's.
                    let _ = serve(socket, &scripts).await;
                });
            }
        });
        Ok(Self {
            port,
            scripts,
            task,
        })
    }

    /// Adds a script; the URL that plays it.
    pub(crate) fn add(&self, script: Script) -> String {
        let mut scripts = self.scripts.lock().unwrap_or_else(PoisonError::into_inner);
        scripts.push(Arc::new(script));
        format!("http://127.0.0.1:{}/{}", self.port, scripts.len() - 1)
    }
}

/// The most a request's head may take.
const HEAD_LIMIT: usize = 64 * 1024;

/// The largest chunk of a request body read; a larger one ends the connection.
const CHUNK_LIMIT: usize = 64 * 1024 * 1024;

/// Answers one request with its script.
async fn serve(socket: TcpStream, scripts: &Scripts) -> std::io::Result<()> {
    let mut socket = BufReader::new(socket);
    let mut head = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if socket.read_until(b'\n', &mut line).await? == 0 || head.len() > HEAD_LIMIT {
            return Ok(());
        }
        if line == b"\r\n" || line == b"\n" {
            break;
        }
        head.extend_from_slice(&line);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut lines = head.lines();
    let target = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("/");
    let header = |name: &str| {
        head.lines().skip(1).find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    };
    // The redirected request's body is read whole first: a server that
    // answers over an unread body may have its answer reset.
    if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            line.clear();
            socket.read_until(b'\n', &mut line).await?;
            let text = String::from_utf8_lossy(&line);
            let size =
                usize::from_str_radix(text.trim().split(';').next().unwrap_or(""), 16).unwrap_or(0);
            if size > CHUNK_LIMIT {
                return Ok(());
            }
            let mut chunk = vec![0; size + 2];
            socket.read_exact(&mut chunk).await?;
            if size == 0 {
                break;
            }
        }
    } else if let Some(length) = header("content-length").and_then(|v| v.parse::<u64>().ok()) {
        tokio::io::copy(&mut (&mut socket).take(length), &mut tokio::io::sink()).await?;
    }
    let script = target
        .trim_start_matches('/')
        .parse::<usize>()
        .ok()
        .and_then(|i| {
            let scripts = scripts.lock().unwrap_or_else(PoisonError::into_inner);
            scripts.get(i).cloned()
        });
    let mut socket = socket.into_inner();
    let Some(script) = script else {
        socket
            .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            .await?;
        return Ok(());
    };
    let start = format!(
        "HTTP/1.1 {} Mock\r\ncontent-type: {}\r\ncache-control: no-cache\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n",
        script.status, script.content_type
    );
    socket.write_all(start.as_bytes()).await?;
    socket.flush().await?;
    let last_event_id = header("last-event-id");
    for step in script.resumed(last_event_id.as_deref()) {
        match step {
            Step::Send { bytes, .. } if !bytes.is_empty() => {
                let mut chunk = format!("{:x}\r\n", bytes.len()).into_bytes();
                chunk.extend_from_slice(bytes);
                chunk.extend_from_slice(b"\r\n");
                socket.write_all(&chunk).await?;
                socket.flush().await?;
            }
            Step::Send { .. } => {}
            Step::Wait(pause) => tokio::time::sleep(*pause).await,
            Step::Cut(done) => {
                if !done.swap(true, Ordering::SeqCst) {
                    // Closed without the last chunk: the client sees the body cut short.
                    return Ok(());
                }
            }
        }
    }
    socket.write_all(b"0\r\n\r\n").await?;
    socket.shutdown().await
}
