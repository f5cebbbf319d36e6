//! Line-delimited JSON both ways: reading a response of JSON Lines / NDJSON
//! (`application/jsonl`, `application/x-ndjson`) or JSON text sequences
//! (`application/json-seq`, RFC 7464) line by line as it arrives, and
//! sending a request body of typed items encoded one per line as they are
//! read ([`JsonLines`]).

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use serde::Serialize;

use super::sse::{Parsed, SseEvent};

/// The record separator that starts each record of a JSON text sequence.
const RECORD_SEPARATOR: u8 = 0x1E;

/// Splits a body into lines: LF-terminated (a CR before it dropped), the
/// last one complete at the end of the body without one; blank lines and a
/// JSON text sequence's record separators skipped.
#[derive(Debug)]
pub(crate) struct LineParser {
    line: Vec<u8>,
    /// The current line broke the limit: its bytes are dropped until its end.
    dropping: bool,
    at_start: bool,
    ready: VecDeque<Parsed>,
    limit: usize,
}

impl LineParser {
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            line: Vec::new(),
            dropping: false,
            at_start: true,
            ready: VecDeque::new(),
            limit,
        }
    }

    pub(crate) fn set_limit(&mut self, limit: usize) {
        self.limit = limit;
    }

    pub(crate) fn next(&mut self) -> Option<Parsed> {
        self.ready.pop_front()
    }

    pub(crate) fn push(&mut self, mut chunk: &[u8]) {
        while !chunk.is_empty() {
            match chunk.iter().position(|&b| b == b'\n') {
                Some(end) => {
                    self.extend(&chunk[..end]);
                    self.line_ended();
                    chunk = &chunk[end + 1..];
                }
                None => {
                    self.extend(chunk);
                    break;
                }
            }
        }
    }

    /// The body ended: a last line without its newline is still a line.
    pub(crate) fn finish(&mut self) {
        self.line_ended();
    }

    fn extend(&mut self, bytes: &[u8]) {
        if self.dropping {
            return;
        }
        if self.line.len() + bytes.len() > self.limit {
            self.dropping = true;
            self.line.clear();
            self.ready.push_back(Parsed::TooLarge { limit: self.limit });
            return;
        }
        self.line.extend_from_slice(bytes);
    }

    fn line_ended(&mut self) {
        if std::mem::take(&mut self.dropping) {
            return;
        }
        let mut line: &[u8] = &self.line;
        if std::mem::take(&mut self.at_start) {
            line = line
                .strip_prefix(b"\xEF\xBB\xBF".as_slice())
                .unwrap_or(line);
        }
        let line = line.strip_prefix(&[RECORD_SEPARATOR]).unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.iter().all(u8::is_ascii_whitespace) {
            self.ready.push_back(Parsed::Event(SseEvent {
                data: String::from_utf8_lossy(line).into_owned(),
                ..SseEvent::default()
            }));
        }
        self.line.clear();
    }
}

/// The chunks of a body read as it is sent.
pub(crate) type ByteChunks =
    Pin<Box<dyn Stream<Item = Result<Bytes, Box<dyn std::error::Error + Send + Sync>>> + Send>>;

/// A body read from a stream once, shared by the clones of the request that
/// carries it: whichever attempt sends first takes it.
#[derive(Clone)]
pub(crate) struct OnceBody(Arc<Mutex<Option<ByteChunks>>>);

impl OnceBody {
    /// The chunks, unless an earlier attempt took them.
    pub(crate) fn take(&self) -> Option<ByteChunks> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

impl std::fmt::Debug for OnceBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnceBody")
    }
}

/// A request body of JSON Lines: each item encoded as one line of JSON.
///
/// From a `Vec` (`vec![a, b].into()`) the body is encoded at once and sent
/// again on a retry; from an iterator ([`from_iter`](Self::from_iter)) or a
/// `Stream` ([`from_stream`](Self::from_stream)) each item is encoded as the
/// upload reads it, so a large import is never in memory whole, and the
/// call is never retried (what was read is gone).
pub struct JsonLines<T> {
    pub(crate) body: LinesBody,
    item: PhantomData<fn(T)>,
}

#[derive(Clone)]
pub(crate) enum LinesBody {
    Encoded(Result<Bytes, String>),
    Streamed(OnceBody),
}

impl<T> Clone for JsonLines<T> {
    fn clone(&self) -> Self {
        Self {
            body: self.body.clone(),
            item: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for JsonLines<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body = match &self.body {
            LinesBody::Encoded(Ok(bytes)) => format!("{} bytes", bytes.len()),
            LinesBody::Encoded(Err(e)) => format!("not encodable: {e}"),
            LinesBody::Streamed(_) => "streamed".to_owned(),
        };
        f.debug_struct("JsonLines").field("body", &body).finish()
    }
}

/// One item as a line: its JSON and a newline.
fn line<T: Serialize>(item: &T) -> Result<Bytes, serde_json::Error> {
    let mut line = serde_json::to_vec(item)?;
    line.push(b'\n');
    Ok(line.into())
}

impl<T: Serialize> From<Vec<T>> for JsonLines<T> {
    fn from(items: Vec<T>) -> Self {
        let mut out = Vec::new();
        let encoded = items.iter().try_for_each(|item| {
            serde_json::to_writer(&mut out, item)?;
            out.push(b'\n');
            Ok::<(), serde_json::Error>(())
        });
        Self {
            body: LinesBody::Encoded(encoded.map(|()| out.into()).map_err(|e| e.to_string())),
            item: PhantomData,
        }
    }
}

impl<T: Serialize + Send + 'static> JsonLines<T> {
    /// Items from an iterator, encoded as they are sent.
    #[allow(clippy::should_implement_trait)]
    pub fn from_iter<I>(items: I) -> Self
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'static,
    {
        Self::from_stream(Iter(Box::new(items.into_iter())))
    }

    /// Items from a `Stream`, encoded as they are sent; an item that does not
    /// serialize fails the call.
    pub fn from_stream<S>(items: S) -> Self
    where
        S: Stream<Item = T> + Send + 'static,
    {
        let chunks: ByteChunks = Box::pin(Encode(Box::pin(items)));
        Self {
            body: LinesBody::Streamed(OnceBody(Arc::new(Mutex::new(Some(chunks))))),
            item: PhantomData,
        }
    }
}

impl<T> JsonLines<T> {
    /// Whether the body can be sent more than once (it was not read from an
    /// iterator or a stream).
    pub fn is_replayable(&self) -> bool {
        matches!(self.body, LinesBody::Encoded(_))
    }
}

/// An iterator as a stream that is always ready (boxed: any iterator,
/// self-referential or not, moves freely then).
struct Iter<I>(Box<I>);

impl<I: Iterator> Stream for Iter<I> {
    type Item = I::Item;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I::Item>> {
        Poll::Ready(self.0.next())
    }
}

/// Items encoded as lines as they are read.
struct Encode<S>(Pin<Box<S>>);

impl<S: Stream> Stream for Encode<S>
where
    S::Item: Serialize,
{
    type Item = Result<Bytes, Box<dyn std::error::Error + Send + Sync>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0
            .as_mut()
            .poll_next(cx)
            .map(|item| item.map(|item| line(&item).map_err(Into::into)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(chunks: &[&[u8]]) -> Vec<String> {
        let mut p = LineParser::new(32);
        let mut out = Vec::new();
        for chunk in chunks {
            p.push(chunk);
        }
        p.finish();
        while let Some(parsed) = p.next() {
            out.push(match parsed {
                Parsed::Event(e) => e.data,
                Parsed::TooLarge { limit } => format!("<over {limit}>"),
            });
        }
        out
    }

    #[test]
    fn lines_split_anywhere_read_the_same() {
        let wire: &[u8] = b"\xEF\xBB\xBF{\"a\":1}\r\n\n  \n\x1E{\"b\":2}\n{\"c\":3}";
        let whole = lines(&[wire]);
        assert_eq!(whole, [r#"{"a":1}"#, r#"{"b":2}"#, r#"{"c":3}"#]);
        for cut in 0..wire.len() {
            assert_eq!(lines(&[&wire[..cut], &wire[cut..]]), whole, "cut at {cut}");
        }
    }

    #[test]
    fn a_line_over_the_limit_is_reported_once_and_skipped() {
        let long = [b'x'; 100];
        assert_eq!(
            lines(&[b"{}\n", &long, &long, b"\n[1]\n"]),
            ["{}", "<over 32>", "[1]"]
        );
    }

    #[test]
    fn bodies_encode_one_item_per_line() {
        let body: JsonLines<serde_json::Value> =
            vec![serde_json::json!({"a": 1}), serde_json::json!([2])].into();
        assert!(body.is_replayable());
        let LinesBody::Encoded(Ok(bytes)) = &body.body else {
            panic!()
        };
        assert_eq!(&bytes[..], b"{\"a\":1}\n[2]\n");

        let streamed = JsonLines::from_iter(vec![1, 2, 3]);
        assert!(!streamed.is_replayable());
        let LinesBody::Streamed(once) = &streamed.body else {
            panic!()
        };
        let mut chunks = once.take().unwrap();
        assert!(once.take().is_none(), "a stream is sent once");
        struct Noop;
        impl std::task::Wake for Noop {
            fn wake(self: Arc<Self>) {}
        }
        let waker = std::task::Waker::from(Arc::new(Noop));
        let mut cx = Context::from_waker(&waker);
        let mut sent = Vec::new();
        while let Poll::Ready(Some(chunk)) = chunks.as_mut().poll_next(&mut cx) {
            sent.extend_from_slice(&chunk.unwrap());
        }
        assert_eq!(sent, b"1\n2\n3\n");
    }
}
