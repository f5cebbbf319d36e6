//! Responses that are sequences: Server-Sent Events (`text/event-stream`)
//! and JSON Lines / NDJSON / JSON text sequences, read as a `Stream` of
//! typed items as they arrive ([`EventStream`]), and the calls that open
//! them ([`call_stream`], used by the `send` methods of generated builders).
//!
//! An item that does not decode is an error item naming it (its index, its
//! event id, the JSON path), and the stream goes on after it; a documented
//! sentinel (`data: [DONE]`) ends it. The reading itself, reconnection
//! included, is in `stream_source.rs`, written once for every item type.

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::Stream;
use serde::de::DeserializeOwned;

use super::config::CallOptions;
use super::error::{DecodeError, Error};
use super::paginate::SentIn;
use super::request::Request;
use super::response::Response;
use super::sse::SseEvent;
use super::stream_source::{Reconnect, Source};
use super::transport::Client;
use super::BoxFuture;

/// How a sequential body is cut into items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// Server-Sent Events (`text/event-stream`): an item per event.
    ServerSentEvents,
    /// An item per line: JSON Lines, NDJSON, JSON text sequences (RFC 7464).
    Lines,
}

/// A request member that asks the server for the stream rather than one
/// body (`"stream": true`, `"stream_format": "sse"`), set by the methods
/// that return a stream.
#[derive(Debug)]
pub struct StreamFlag {
    /// The member's name.
    pub name: &'static str,
    /// Where it goes: the query, a header or the JSON body.
    pub sent_in: SentIn,
    /// The string it is set to; `None`: `true`.
    pub value: Option<&'static str>,
}

/// What an operation's stream is, fixed at generation time.
#[derive(Debug)]
pub struct StreamSpec {
    /// How its body is cut into items.
    pub framing: Framing,
    /// The media type asked for with `Accept`.
    pub media_type: &'static str,
    /// The data of the event or line that ends the stream, when the spec
    /// documents one (`[DONE]`); it is not an item.
    pub sentinel: Option<&'static str>,
    /// The member that asks for the stream, when the operation has one.
    pub flag: Option<StreamFlag>,
}

/// How an event (a line is an event's `data`) becomes an item: `Err` is the
/// JSON path where it failed and what was wrong there.
pub type ItemDecoder<T> = fn(&mut SseEvent) -> Result<T, (String, String)>;

/// An item decoded from an event's `data` (or a line) as JSON.
pub fn json_item<T: DeserializeOwned>(event: &mut SseEvent) -> Result<T, (String, String)> {
    super::response::decode_tracked(event.data.as_bytes(), false)
}

/// The event itself, for a stream whose spec gives no item type.
pub fn raw_event(event: &mut SseEvent) -> Result<SseEvent, (String, String)> {
    Ok(std::mem::take(event))
}

/// The line itself, for lines whose spec gives no item type.
pub fn raw_line(event: &mut SseEvent) -> Result<String, (String, String)> {
    Ok(std::mem::take(&mut event.data))
}

/// A response read as a `Stream` of typed items as they arrive: the events
/// of a `text/event-stream` or the lines of JSON Lines.
///
/// ```ignore
/// let mut events = client.chat().create(request).send().await?;
/// while let Some(item) = events.next().await {
///     match item {
///         Ok(chunk) => print!("{}", chunk.text()),
///         // One item that did not decode: the stream goes on.
///         Err(e) => eprintln!("{e}"),
///     }
/// }
/// ```
///
/// - An item that does not match the spec is an `Err` item
///   ([`Error::Decode`] whose [`item`](DecodeError::item) names it), and the
///   items after it still come; a line or event longer than
///   [`max_item_size`](Self::max_item_size) is one too, and is skipped
///   without being held in memory.
/// - The stream ends when the body does, or at the sentinel the spec
///   documents (`data: [DONE]`).
/// - Each wait for more bytes is bounded by the idle timeout
///   ([`ClientBuilder::idle_timeout`](super::ClientBuilder::idle_timeout)),
///   not the whole stream by the call's timeout.
/// - A GET event stream whose connection drops, or goes idle, reconnects
///   with `Last-Event-ID` (the last id the server sent), waiting the
///   server's `retry` time or the retry policy's backoff, at most the
///   policy's `max_attempts` times in a row without an event; a stream of
///   another method (a POST's answer) is never sent again: the failure is
///   its last item.
#[must_use = "a stream does nothing unless read"]
pub struct EventStream<T> {
    source: Source,
    decode: ItemDecoder<T>,
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("last_event_id", &self.last_event_id())
            .finish_non_exhaustive()
    }
}

impl<T> EventStream<T> {
    /// The next item, `Err` for one that failed; `None` at the end.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// The id of the last event that set one: where a new stream would
    /// resume (sent as `Last-Event-ID` on reconnection).
    pub fn last_event_id(&self) -> Option<&str> {
        self.source.last_event_id()
    }

    /// The most bytes one line or event may take (16 MiB by default); a
    /// longer one is an error item, skipped as it arrives.
    pub fn max_item_size(mut self, bytes: usize) -> Self {
        self.source.set_max_item(bytes.max(1));
        self
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error>>> {
        let frame = ready!(self.source.poll_frame(cx));
        Poll::Ready(frame.map(|frame| {
            let (index, mut event) = frame?;
            (self.decode)(&mut event).map_err(|(path, message)| {
                self.source.item_error(index, Some(&event), &path, message)
            })
        }))
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

/// Sends `request` for a stream and returns it once the response starts,
/// with the response's status and headers. Generated code's.
#[doc(hidden)]
pub fn call_stream<T: 'static>(
    client: Client,
    request: Result<Request, Error>,
    options: CallOptions,
    spec: &'static StreamSpec,
    decode: ItemDecoder<T>,
) -> BoxFuture<'static, Result<Response<EventStream<T>>, Error>> {
    Box::pin(Opening {
        opening: open(client, request, options, spec),
        decode,
    })
}

/// [`call_stream`] for the stream alone. Generated code's.
#[doc(hidden)]
pub fn call_stream_value<T: 'static>(
    client: Client,
    request: Result<Request, Error>,
    options: CallOptions,
    spec: &'static StreamSpec,
    decode: ItemDecoder<T>,
) -> BoxFuture<'static, Result<EventStream<T>, Error>> {
    Box::pin(OpeningValue(Opening {
        opening: open(client, request, options, spec),
        decode,
    }))
}

/// The response starting, then its items' decoder put on it: a plain
/// future, so an item type costs no `async` state machine of its own.
struct Opening<T> {
    opening: BoxFuture<'static, Result<Response<Source>, Error>>,
    decode: ItemDecoder<T>,
}

impl<T> Future for Opening<T> {
    type Output = Result<Response<EventStream<T>>, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let decode = self.decode;
        let opened = ready!(self.opening.as_mut().poll(cx));
        Poll::Ready(opened.map(|response| response.map(|source| EventStream { source, decode })))
    }
}

struct OpeningValue<T>(Opening<T>);

impl<T> Future for OpeningValue<T> {
    type Output = Result<EventStream<T>, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let opened = ready!(Pin::new(&mut self.0).poll(cx));
        Poll::Ready(opened.map(Response::into_inner))
    }
}

/// The most of an unexpected body kept for the error that reports it.
const UNEXPECTED_BODY_LIMIT: usize = 16 * 1024;

/// Sends the request asking for the stream, and reads the response's start.
fn open(
    client: Client,
    request: Result<Request, Error>,
    options: CallOptions,
    spec: &'static StreamSpec,
) -> BoxFuture<'static, Result<Response<Source>, Error>> {
    Box::pin(async move {
        let mut request = request?;
        request.stream_response();
        request.accept(spec.media_type);
        if let Some(flag) = &spec.flag {
            let text = flag.value.unwrap_or("true");
            match flag.sent_in {
                SentIn::Query => request.set_query(flag.name, text),
                SentIn::Header => request.header(flag.name, text)?,
                SentIn::Body => request
                    .set_body_value(
                        flag.name,
                        flag.value
                            .map_or(serde_json::Value::Bool(true), |v| v.to_owned().into()),
                    )
                    .map_err(|why| {
                        Error::Config(format!(
                            "{}: cannot ask for a stream: `{}` {why}",
                            request.operation.id, flag.name
                        ))
                    })?,
            }
        }
        let sse = spec.framing == Framing::ServerSentEvents;
        let replay =
            (sse && request.operation.method == reqwest::Method::GET).then(|| request.clone());
        let mut raw = client.execute(request, &options).await?;
        if let Some(sent) = sse.then(|| not_events(&raw)).flatten() {
            return Err(not_a_stream(raw, spec, &sent).await);
        }
        let reconnect = replay.map(|request| Reconnect::new(client, request, options));
        let source = Source::new(&mut raw, sse, spec.sentinel, reconnect);
        Ok(raw.empty().map(|()| source))
    })
}

/// The content type of a response asked for as an event stream that is
/// none: JSON, audio, anything but text, which no event can be read from
/// (a server that did not take the request as asking for a stream). Text of
/// any kind, or no content type, is read as events.
fn not_events(raw: &super::RawResponse) -> Option<String> {
    let essence = super::response::media_type(&raw.headers)?;
    (!essence.starts_with("text/")).then_some(essence)
}

/// The error for a body that is no event stream where one was asked for,
/// with (the start of) the body.
async fn not_a_stream(mut raw: super::RawResponse, spec: &StreamSpec, sent: &str) -> Error {
    let mut body = raw.body.to_vec();
    if let Some(mut response) = raw.stream.take() {
        while body.len() < UNEXPECTED_BODY_LIMIT {
            match response.chunk().await {
                Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                _ => break,
            }
        }
    }
    let hint = match &spec.flag {
        Some(flag) => format!(" (`{}` was set to ask for it)", flag.name),
        None => " (the request may have to ask for a stream)".to_owned(),
    };
    Error::Decode(Box::new(DecodeError::new(
        raw.operation,
        raw.status,
        String::new(),
        format!(
            "expected an event stream (`{}`) but the server sent `{sent}`{hint}",
            spec.media_type
        ),
        &body,
        &raw.secrets,
    )))
}
