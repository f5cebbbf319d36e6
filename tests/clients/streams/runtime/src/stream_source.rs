//! The untyped half of an [`EventStream`](super::EventStream): the events
//! or lines of a response read as they arrive, each read bounded by the
//! idle timeout, a documented sentinel (`data: [DONE]`) ending the stream,
//! and a dropped GET event stream reconnecting with `Last-Event-ID` within
//! the client's retry policy. Written once, not per item type: what a
//! stream's items decode into is the only generic part.

use std::future::Future as _;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use reqwest::StatusCode;
use tokio::time::Sleep;

use super::config::CallOptions;
use super::download::TimedBody;
use super::error::{DecodeError, Error, StreamItem};
use super::json_lines::LineParser;
use super::request::Request;
use super::response::RawResponse;
use super::retry::RetryPolicy;
use super::sse::{Parsed, SseEvent, SseParser};
use super::transport::Client;
use super::BoxFuture;

/// The most bytes one line, or one event's data, may take by default
/// before it is skipped with an error item: enough for audio or images
/// sent in events, small enough that a server that never ends a line
/// cannot exhaust memory.
pub(crate) const DEFAULT_MAX_ITEM: usize = 16 * 1024 * 1024;

enum Parser {
    Sse(SseParser),
    Lines(LineParser),
}

/// What a dropped GET event stream needs to connect again.
pub(crate) struct Reconnect {
    pub(crate) client: Client,
    /// The request as first sent; each reconnection sends a copy.
    pub(crate) request: Request,
    pub(crate) options: CallOptions,
    pub(crate) policy: RetryPolicy,
    /// Failed connections since the last event, bounded by the policy's attempts.
    failures: u32,
}

impl Reconnect {
    pub(crate) fn new(client: Client, request: Request, mut options: CallOptions) -> Self {
        let policy = client.retry_policy(&options);
        // The stream counts attempts itself, one request per reconnection;
        // and it sets `Last-Event-ID`, whatever header the caller gave first.
        options = options.merged(&CallOptions::new().max_attempts(1));
        options
            .headers
            .retain(|(name, _)| !name.eq_ignore_ascii_case("last-event-id"));
        Self {
            client,
            request,
            options,
            policy,
            failures: 0,
        }
    }
}

enum State {
    Reading,
    Waiting(Pin<Box<Sleep>>),
    Connecting(BoxFuture<'static, Result<RawResponse, Error>>),
    Done,
}

/// The frames of a sequential body: events, or lines as events' `data`.
pub(crate) struct Source {
    operation: &'static str,
    status: StatusCode,
    parser: Parser,
    body: Option<TimedBody>,
    sentinel: Option<&'static str>,
    reconnect: Option<Reconnect>,
    state: State,
    /// Events or lines received so far: the next one's index.
    received: u64,
    /// The client's credentials, scrubbed from what an error item shows.
    secrets: Arc<[String]>,
}

impl Source {
    /// Reads `raw`'s unread body as server-sent events (`sse`) or lines.
    pub(crate) fn new(
        raw: &mut RawResponse,
        sse: bool,
        sentinel: Option<&'static str>,
        reconnect: Option<Reconnect>,
    ) -> Self {
        let parser = if sse {
            Parser::Sse(SseParser::new(DEFAULT_MAX_ITEM))
        } else {
            Parser::Lines(LineParser::new(DEFAULT_MAX_ITEM))
        };
        let body = raw
            .stream
            .take()
            .map(|response| TimedBody::new(raw.operation, response, raw.idle_timeout));
        let mut source = Self {
            operation: raw.operation,
            status: raw.status,
            parser,
            body: None,
            sentinel,
            reconnect,
            state: State::Reading,
            received: 0,
            secrets: Arc::clone(&raw.secrets),
        };
        match body {
            Some(body) => source.body = Some(body),
            // A body read already (a hook's doing, or a mock's): parsed at once.
            None => {
                source.push(&raw.body);
                source.finish();
            }
        }
        source
    }

    pub(crate) fn set_max_item(&mut self, bytes: usize) {
        match &mut self.parser {
            Parser::Sse(p) => p.set_limit(bytes),
            Parser::Lines(p) => p.set_limit(bytes),
        }
    }

    pub(crate) fn last_event_id(&self) -> Option<&str> {
        match &self.parser {
            Parser::Sse(p) => p.last_event_id(),
            Parser::Lines(_) => None,
        }
    }

    fn push(&mut self, chunk: &[u8]) {
        match &mut self.parser {
            Parser::Sse(p) => p.push(chunk),
            Parser::Lines(p) => p.push(chunk),
        }
    }

    /// The body ended: a last line without its newline counts (an event
    /// without its blank line does not, as the standard says).
    fn finish(&mut self) {
        if let Parser::Lines(p) = &mut self.parser {
            p.finish();
        }
        self.body = None;
        self.state = State::Done;
    }

    fn parsed(&mut self) -> Option<Parsed> {
        match &mut self.parser {
            Parser::Sse(p) => p.next(),
            Parser::Lines(p) => p.next(),
        }
    }

    /// The next event (its index and itself), an error item, or the end.
    pub(crate) fn poll_frame(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<(u64, SseEvent), Error>>> {
        loop {
            if let Some(parsed) = self.parsed() {
                let index = self.received;
                self.received += 1;
                return match parsed {
                    Parsed::Event(event) => {
                        if self.sentinel.is_some_and(|s| event.data.trim() == s) {
                            // Whatever follows the sentinel is not read.
                            self.body = None;
                            self.state = State::Done;
                            while self.parsed().is_some() {}
                            return Poll::Ready(None);
                        }
                        if let Some(r) = &mut self.reconnect {
                            r.failures = 0;
                        }
                        Poll::Ready(Some(Ok((index, event))))
                    }
                    Parsed::TooLarge { limit } => {
                        let message = format!(
                            "longer than the limit of {limit} bytes, and skipped (`EventStream::max_item_size` sets the limit)"
                        );
                        Poll::Ready(Some(Err(self.item_error(index, None, "(root)", message))))
                    }
                };
            }
            match &mut self.state {
                State::Done => return Poll::Ready(None),
                State::Reading => {
                    let Some(body) = &mut self.body else {
                        self.finish();
                        continue;
                    };
                    match ready!(body.poll_chunk(cx)) {
                        Some(Ok(chunk)) => self.push(&chunk),
                        None => self.finish(),
                        Some(Err(e)) => {
                            self.body = None;
                            if let Some(error) = self.dropped(e) {
                                return Poll::Ready(Some(Err(error)));
                            }
                        }
                    }
                }
                State::Waiting(sleep) => {
                    ready!(sleep.as_mut().poll(cx));
                    self.state = State::Connecting(self.connect_again());
                }
                State::Connecting(connecting) => match ready!(connecting.as_mut().poll(cx)) {
                    // 204 is the server saying the stream is over, as `EventSource` reads it.
                    Ok(raw) if raw.status == StatusCode::NO_CONTENT => self.finish(),
                    Ok(mut raw) => {
                        tracing::debug!(operation = self.operation, "event stream reconnected");
                        if let Parser::Sse(p) = &mut self.parser {
                            p.reconnected();
                        }
                        self.body = raw.stream.take().map(|response| {
                            TimedBody::new(raw.operation, response, raw.idle_timeout)
                        });
                        self.state = State::Reading;
                    }
                    Err(e) => {
                        if let Some(error) = self.dropped(e) {
                            return Poll::Ready(Some(Err(error)));
                        }
                    }
                },
            }
        }
    }

    /// The connection dropped, timed out or could not be made again: waits
    /// and reconnects when the stream may, else the error ends the stream
    /// (returned, to be its last item).
    fn dropped(&mut self, error: Error) -> Option<Error> {
        let server_wait = match &self.parser {
            Parser::Sse(p) => p.retry(),
            Parser::Lines(_) => None,
        };
        let Some(r) = &mut self.reconnect else {
            self.state = State::Done;
            return Some(error);
        };
        r.failures += 1;
        if !error.is_retryable() || r.failures >= r.policy.max_attempts {
            self.state = State::Done;
            return Some(error);
        }
        // The server's own wait (a 429's, else its `retry` field) within the
        // policy's limit, else the policy's backoff.
        let wait = match error.retry_after().or(server_wait) {
            Some(asked) => asked.min(r.policy.max_retry_after),
            None => r.policy.backoff(r.failures),
        };
        tracing::debug!(
            operation = self.operation,
            error = %error,
            wait_ms = wait.as_millis() as u64,
            "event stream dropped; reconnecting"
        );
        self.state = State::Waiting(Box::pin(tokio::time::sleep(wait)));
        None
    }

    /// The request that resumes the stream: the first one again, with the
    /// last event id the server sent.
    fn connect_again(&self) -> BoxFuture<'static, Result<RawResponse, Error>> {
        let Some(r) = &self.reconnect else {
            return Box::pin(std::future::ready(Err(Error::Config(
                "an event stream without a way to reconnect".into(),
            ))));
        };
        let mut request = r.request.clone();
        request.reconnection = true;
        if let Some(id) = self.last_event_id() {
            // An id no header can carry is not sent: the server resumes as it can.
            let _ = request.header("Last-Event-ID", id);
        }
        let (client, options) = (r.client.clone(), r.options.clone());
        Box::pin(async move { client.execute(request, &options).await })
    }

    /// An item that does not decode (or was too large), named by its place;
    /// the error keeps the event's (or line's) data.
    pub(crate) fn item_error(
        &self,
        index: u64,
        event: Option<&SseEvent>,
        path: &str,
        message: String,
    ) -> Error {
        let data = event.map_or("", |e| e.data.as_str());
        let sse = matches!(self.parser, Parser::Sse(_));
        let item = StreamItem {
            index,
            id: if sse {
                event
                    .and_then(|e| e.id.clone())
                    .or_else(|| self.last_event_id().map(str::to_owned))
            } else {
                None
            },
            event: event.filter(|_| sse).map(|e| e.event.clone()),
        };
        let mut error = DecodeError::new(
            self.operation,
            self.status,
            path.to_owned(),
            message,
            data.as_bytes(),
            &self.secrets,
        );
        error.item = Some(item);
        Error::Decode(Box::new(error))
    }
}
