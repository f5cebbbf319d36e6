//! Binary response bodies read as they arrive, so a large recording or
//! document need not be held in memory whole.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use super::error::Error;

type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, reqwest::Error>> + Send>>;

/// The body of a successful response as a `Stream` of chunks.
///
/// The call's timeout covers the whole download: for large media, give the
/// call a longer one with `with_options`.
pub struct ByteStream {
    operation: &'static str,
    chunks: Chunks,
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream")
            .field("operation", &self.operation)
            .finish_non_exhaustive()
    }
}

impl ByteStream {
    pub(crate) fn new(operation: &'static str, response: reqwest::Response) -> Self {
        Self {
            operation,
            chunks: Box::pin(response.bytes_stream()),
        }
    }

    /// A failure mid-body, a timeout included (its source says which).
    /// A body already read, as one chunk.
    pub(crate) fn buffered(operation: &'static str, body: Bytes) -> Self {
        Self {
            operation,
            chunks: Box::pin(Once(Some(body))),
        }
    }

    fn error(&self, e: reqwest::Error) -> Error {
        Error::Connection {
            operation: self.operation,
            source: e.without_url(),
        }
    }

    /// The next chunk, or `None` at the end of the body.
    ///
    /// # Errors
    /// When the connection fails or times out mid-body.
    pub async fn next_chunk(&mut self) -> Result<Option<Bytes>, Error> {
        std::future::poll_fn(|cx| self.chunks.as_mut().poll_next(cx))
            .await
            .transpose()
            .map_err(|e| self.error(e))
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
        match self.chunks.as_mut().poll_next(cx) {
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(self.error(e)))),
            Poll::Ready(Some(Ok(chunk))) => Poll::Ready(Some(Ok(chunk))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
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
