//! A local HTTP/1.1 server that answers each connection with a scripted,
//! chunked body: bytes cut wherever a test wants them cut, pauses between
//! them, a connection dropped mid-body. What streaming tests need and a
//! mock that sends a body at once cannot do. It records every request's
//! head and body. And the item type the stream tests decode.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use codegen_runtime::{Error, EventStream};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// The item the stream tests decode.
#[derive(Debug, serde::Deserialize, serde::Serialize, PartialEq)]
pub struct Delta {
    pub n: i64,
    pub text: String,
}

pub fn delta(n: i64, text: &str) -> Delta {
    Delta {
        n,
        text: text.to_owned(),
    }
}

/// Every item until the end.
pub async fn drain<T>(mut stream: EventStream<T>) -> Vec<Result<T, Error>> {
    let mut out = Vec::new();
    while let Some(item) = stream.next().await {
        out.push(item);
    }
    out
}

/// The items, each of which must be a value.
pub fn values<T: std::fmt::Debug>(items: Vec<Result<T, Error>>) -> Vec<T> {
    items.into_iter().map(Result::unwrap).collect()
}

/// One piece of a scripted answer.
#[derive(Debug, Clone)]
pub enum Part {
    /// Bytes sent as one chunk, flushed on their own.
    Bytes(Vec<u8>),
    /// A pause.
    Wait(Duration),
    /// The connection closed without ending the body.
    Cut,
}

pub fn text(s: &str) -> Part {
    Part::Bytes(s.as_bytes().to_vec())
}

pub fn wait(ms: u64) -> Part {
    Part::Wait(Duration::from_millis(ms))
}

/// An answer: status, content type, the body's parts.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    /// Sent before the status line: a server slow to answer.
    pub delay: Duration,
    pub parts: Vec<Part>,
}

impl Reply {
    pub fn events(parts: Vec<Part>) -> Self {
        Self {
            status: 200,
            content_type: "text/event-stream",
            delay: Duration::ZERO,
            parts,
        }
    }

    pub fn with(status: u16, content_type: &'static str, parts: Vec<Part>) -> Self {
        Self {
            status,
            content_type,
            delay: Duration::ZERO,
            parts,
        }
    }
}

/// A request as received.
#[derive(Debug, Clone)]
pub struct Received {
    /// The request line and headers, header names lower-cased.
    pub head: String,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    }
}

pub struct StreamServer {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl StreamServer {
    /// Starts a server whose n-th connection gets `replies[n]` (the last
    /// one again after that).
    pub async fn start(replies: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let log = Arc::clone(&received);
        tokio::spawn(async move {
            let mut n = 0;
            while let Ok((socket, _)) = listener.accept().await {
                socket.set_nodelay(true).unwrap();
                let reply = replies[n.min(replies.len() - 1)].clone();
                n += 1;
                let log = Arc::clone(&log);
                tokio::spawn(async move {
                    let _ = answer(socket, reply, log).await;
                });
            }
        });
        Self { url, received }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

async fn answer(
    socket: tokio::net::TcpStream,
    reply: Reply,
    log: Arc<Mutex<Vec<Received>>>,
) -> std::io::Result<()> {
    let mut socket = BufReader::new(socket);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if socket.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        if line.trim().is_empty() {
            break;
        }
        head.push_str(&line);
    }
    let header = |name: &str| {
        head.lines().skip(1).find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    };
    let mut body = Vec::new();
    if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        loop {
            let mut size = String::new();
            socket.read_line(&mut size).await?;
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            let mut chunk = vec![0; n + 2];
            socket.read_exact(&mut chunk).await?;
            body.extend_from_slice(&chunk[..n]);
            if n == 0 {
                break;
            }
        }
    } else if let Some(n) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
        body.resize(n, 0);
        socket.read_exact(&mut body).await?;
    }
    log.lock().unwrap().push(Received {
        head: head.clone(),
        body,
        at: Instant::now(),
    });
    tokio::time::sleep(reply.delay).await;
    let mut socket = socket.into_inner();
    let start = format!(
        "HTTP/1.1 {} X\r\ncontent-type: {}\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n",
        reply.status, reply.content_type
    );
    socket.write_all(start.as_bytes()).await?;
    socket.flush().await?;
    for part in reply.parts {
        match part {
            Part::Bytes(bytes) => {
                let mut chunk = format!("{:x}\r\n", bytes.len()).into_bytes();
                chunk.extend_from_slice(&bytes);
                chunk.extend_from_slice(b"\r\n");
                socket.write_all(&chunk).await?;
                socket.flush().await?;
                // Each part arrives on its own, not merged with the next.
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            Part::Wait(pause) => tokio::time::sleep(pause).await,
            Part::Cut => return Ok(()),
        }
    }
    socket.write_all(b"0\r\n\r\n").await?;
    socket.shutdown().await
}
