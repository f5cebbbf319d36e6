//! Response bodies read as they arrive, so a large recording or a
//! long-lived event stream need not be held in memory whole, each read
//! bounded by an idle timeout rather than the download by a deadline
//! ([`TimedBody`], which event streams read through too).

use std::future::Future as _;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::time::{Instant, Sleep};

use super::error::Error;

type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, reqwest::Error>> + Send>>;

/// A response body read chunk by chunk, failing with [`Error::Timeout`] when
/// no chunk arrives within the idle timeout: a download of any length goes
/// on while bytes keep coming, and a stalled one ends.
pub(crate) struct TimedBody {
    operation: &'static str,
    chunks: Chunks,
    idle: Option<Duration>,
    /// Runs while a read waits; set again when a wait starts.
    timer: Option<Pin<Box<Sleep>>>,
    /// A read is waiting: the timer runs from when it began.
    waiting: bool,
}

impl TimedBody {
    pub(crate) fn new(
        operation: &'static str,
        response: reqwest::Response,
        idle: Option<Duration>,
    ) -> Self {
        Self {
            operation,
            chunks: Box::pin(response.bytes_stream()),
            idle,
            timer: None,
            waiting: false,
        }
    }

    fn buffered(operation: &'static str, body: Bytes) -> Self {
        Self {
            operation,
            chunks: Box::pin(Once(Some(body))),
            idle: None,
            timer: None,
            waiting: false,
        }
    }

    /// The next chunk; `None` at the end of the body.
    pub(crate) fn poll_chunk(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Error>>> {
        match self.chunks.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                self.waiting = false;
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(Error::Connection {
                operation: self.operation,
                source: e.without_url(),
            }))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => {
                let Some(idle) = self.idle else {
                    return Poll::Pending;
                };
                // Timed from when this wait began, not from the last chunk: a
                // reader slow to ask for more is not the server being idle.
                let starts = !std::mem::replace(&mut self.waiting, true);
                let timer = self
                    .timer
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(idle)));
                if starts {
                    timer.as_mut().reset(Instant::now() + idle);
                }
                match timer.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        self.waiting = false;
                        Poll::Ready(Some(Err(Error::Timeout {
                            operation: self.operation,
                            after: idle,
                        })))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

/// The body of a successful response as a `Stream` of chunks.
///
/// The call's timeout and deadline hold until the response starts; from
/// then on each chunk must come within the idle timeout
/// ([`ClientBuilder::idle_timeout`](super::ClientBuilder::idle_timeout),
/// by default the timeout), however long the whole download takes.
pub struct ByteStream {
    body: TimedBody,
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream")
            .field("operation", &self.body.operation)
            .field("idle_timeout", &self.body.idle)
            .finish_non_exhaustive()
    }
}

impl ByteStream {
    pub(crate) fn new(
        operation: &'static str,
        response: reqwest::Response,
        idle: Option<Duration>,
    ) -> Self {
        Self {
            body: TimedBody::new(operation, response, idle),
        }
    }

    /// A body already read, as one chunk.
    pub(crate) fn buffered(operation: &'static str, body: Bytes) -> Self {
        Self {
            body: TimedBody::buffered(operation, body),
        }
    }

    /// The next chunk, or `None` at the end of the body.
    ///
    /// # Errors
    /// [`Error::Connection`] when the connection fails mid-body,
    /// [`Error::Timeout`] when no byte came within the idle timeout.
    pub async fn next_chunk(&mut self) -> Result<Option<Bytes>, Error> {
        std::future::poll_fn(|cx| self.body.poll_chunk(cx))
            .await
            .transpose()
    }

    /// Writes every remaining chunk to `writer` (a file, a socket, a buffer)
    /// and returns how many bytes were written.
    ///
    /// # Errors
    /// When writing fails, or reading does: then the error's
    /// [`get_ref`](std::io::Error::get_ref) is the [`Error`].
    pub async fn copy_to<W: AsyncWrite + Unpin + ?Sized>(
        mut self,
        writer: &mut W,
    ) -> std::io::Result<u64> {
        let mut written = 0u64;
        while let Some(chunk) = self.next_chunk().await.map_err(std::io::Error::other)? {
            writer.write_all(&chunk).await?;
            written += chunk.len() as u64;
        }
        writer.flush().await?;
        Ok(written)
    }

    /// Reads the rest of the body into memory.
    ///
    /// # Errors
    /// When the connection fails or times out mid-body.
    pub async fn collect(mut self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        while let Some(chunk) = self.next_chunk().await? {
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.body.poll_chunk(cx)
    }
}

/// One chunk, then the end.
struct Once(Option<Bytes>);

impl Stream for Once {
    type Item = Result<Bytes, reqwest::Error>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.take().filter(|b| !b.is_empty()).map(Ok))
    }
}
