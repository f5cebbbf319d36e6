//! Typed test doubles for the applications that use the client (the crate's
//! `mock` feature): a local HTTP server, wiremock underneath, that answers
//! the API's operations with values of their own success and error types.
//!
//! A stub is described by the very request builder the application would
//! send, so it is checked by the compiler like a real call: its method,
//! path and query parameters are what the builder encodes, and its success
//! value has the operation's return type. A request no stub matches gets a
//! `501` whose message names the operation it looks like and the stubs that
//! exist, and is listed by [`MockServer::unexpected`]. An operation that
//! answers with a stream of events or lines is stubbed with
//! [`MockServer::on_stream`]: a sequence of items, with waits between them
//! (`mock_stream.rs` serves it).

use std::marker::PhantomData;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use reqwest::Method;
use serde::Serialize;
use wiremock::{matchers, Mock, Respond, ResponseTemplate};

pub use wiremock::Request as Received;

use super::error::Result;
use super::event_stream::{Framing, StreamSpec};
use super::mock_stream::{Script, Step, StreamServer};
use super::request::{Operation, Request};
use super::sse::SseEvent;

/// How an operation's success body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuccessBody {
    /// JSON of the success type, inside the envelope property when there is one.
    Json {
        /// The envelope property the client unwraps, if any.
        envelope: Option<&'static str>,
    },
    /// Text.
    Text,
    /// Raw bytes.
    Bytes,
    /// No body.
    Empty,
    /// A stream of events or lines: stubbed with [`MockServer::on_stream`].
    Stream,
}

/// An operation's request builder, seen from a mock: what it sends and what
/// its success looks like. Implemented by every generated builder.
pub trait Endpoint {
    /// What the operation returns on success.
    type Success;
    /// The declared success status.
    const SUCCESS_STATUS: u16;
    /// How the success body is written.
    const SUCCESS_BODY: SuccessBody;
    /// The request as the client would send it.
    ///
    /// # Errors
    /// When the builder's values do not make a request (a validation failure).
    fn mock_request(&self) -> Result<Request>;
}

/// An operation's request builder whose call returns a stream of items
/// (from `send()`, or from `events()` beside a single body), seen from a
/// mock. Implemented by the generated builders of such operations.
pub trait StreamEndpoint: Endpoint {
    /// One item of the stream.
    type Item;
    /// How the stream is framed and ended.
    const STREAM: &'static StreamSpec;
}

/// What a request must look like to match a stub.
#[derive(Debug, Clone)]
struct Target {
    operation: &'static Operation,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
}

impl Target {
    fn of(endpoint: &impl Endpoint) -> Result<Self> {
        let r = endpoint.mock_request()?;
        Ok(Self {
            operation: r.operation,
            method: r.operation.method.clone(),
            path: r.path,
            query: r.query,
        })
    }

    fn label(&self) -> String {
        let query: Vec<String> = self.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let query = if query.is_empty() {
            String::new()
        } else {
            format!("?{}", query.join("&"))
        };
        format!(
            "`{}` ({} {}{query})",
            self.operation.id, self.method, self.path
        )
    }

    fn matches(&self, request: &Received) -> bool {
        request.method == self.method
            && request.url.path() == self.path
            && self.query.iter().all(|(k, v)| {
                request
                    .url
                    .query_pairs()
                    .any(|(rk, rv)| rk == *k && rv == *v)
            })
    }
}

/// Whether a request path fits a path template (`{name}` matches one segment).
fn fits(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| (t.starts_with('{') && t.ends_with('}') && !p.is_empty()) || t == p)
}

#[derive(Default)]
struct Ledger {
    stubs: Vec<String>,
    unexpected: Vec<String>,
}

/// Answers what no stub matched, saying what it looked like.
struct Fallback {
    operations: Vec<&'static Operation>,
    ledger: Arc<Mutex<Ledger>>,
}

impl Respond for Fallback {
    fn respond(&self, request: &Received) -> ResponseTemplate {
        let path = request.url.path();
        let looks_like = self
            .operations
            .iter()
            .find(|op| op.method == request.method && fits(op.path, path))
            .map_or_else(
                || "no operation of the API".to_owned(),
                |op| format!("`{}` ({} {})", op.id, op.method, op.path),
            );
        let mut ledger = self.ledger.lock().unwrap_or_else(PoisonError::into_inner);
        let stubs = if ledger.stubs.is_empty() {
            "none".to_owned()
        } else {
            ledger.stubs.join(", ")
        };
        let query = request
            .url
            .query()
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        let message = format!(
            "mock: no stub matches {} {path}{query}, which looks like {looks_like}; stubs: {stubs}",
            request.method
        );
        ledger.unexpected.push(message.clone());
        ResponseTemplate::new(501)
            .set_body_json(serde_json::json!({"code": "no_stub", "message": message}))
    }
}

/// A mock of the API on a local port. Dropping it checks every
/// [`Stub::times`] expectation (and panics, failing the test, when one fails).
pub struct MockServer {
    server: wiremock::MockServer,
    ledger: Arc<Mutex<Ledger>>,
    streams: StreamServer,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.server.uri())
            .finish()
    }
}

impl MockServer {
    /// Starts a server that knows `operations` (to name what an unexpected
    /// request looked like).
    pub async fn start_with(operations: &[&[&'static Operation]]) -> Self {
        let server = wiremock::MockServer::start().await;
        let ledger = Arc::new(Mutex::new(Ledger::default()));
        Mock::given(matchers::any())
            .respond_with(Fallback {
                operations: operations
                    .iter()
                    .flat_map(|ops| ops.iter().copied())
                    .collect(),
                ledger: ledger.clone(),
            })
            .with_priority(u8::MAX)
            .mount(&server)
            .await;
        let streams = StreamServer::start()
            .await
            .unwrap_or_else(|e| panic!("mock: cannot listen on a local port: {e}"));
        Self {
            server,
            ledger,
            streams,
        }
    }

    /// The server's base URL, for a client built by hand.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A stub for the request `endpoint` describes: finish it with
    /// [`Stub::returns`] or [`Stub::fails`].
    ///
    /// # Panics
    /// When the builder cannot make a request (its values fail validation):
    /// a mistake in the test itself.
    pub fn on<E: Endpoint>(&self, endpoint: E) -> Stub<'_, E::Success> {
        let target = Target::of(&endpoint)
            .unwrap_or_else(|e| panic!("mock: the stubbed request cannot be built: {e}"));
        Stub {
            server: self,
            target,
            status: E::SUCCESS_STATUS,
            body: E::SUCCESS_BODY,
            delay: None,
            times: None,
            success: PhantomData,
        }
    }

    /// A stub for the request `endpoint` describes, answering with a stream:
    /// add its items with [`StreamStub::event`] (and waits, raw events, a
    /// dropped connection), then mount it with [`StreamStub::streams`].
    ///
    /// # Panics
    /// As [`MockServer::on`].
    pub fn on_stream<E: StreamEndpoint>(&self, endpoint: E) -> StreamStub<'_, E::Item> {
        let target = Target::of(&endpoint)
            .unwrap_or_else(|e| panic!("mock: the stubbed request cannot be built: {e}"));
        StreamStub {
            server: self,
            target,
            spec: E::STREAM,
            steps: Vec::new(),
            times: None,
            item: PhantomData,
        }
    }

    /// The requests received that match what `endpoint` would send.
    ///
    /// # Panics
    /// As [`MockServer::on`].
    pub async fn received(&self, endpoint: &impl Endpoint) -> Vec<Received> {
        let target = Target::of(endpoint)
            .unwrap_or_else(|e| panic!("mock: the request cannot be built: {e}"));
        let all = self.server.received_requests().await.unwrap_or_default();
        all.into_iter().filter(|r| target.matches(r)).collect()
    }

    /// How many received requests match what `endpoint` would send.
    ///
    /// # Panics
    /// As [`MockServer::on`].
    pub async fn calls(&self, endpoint: &impl Endpoint) -> usize {
        self.received(endpoint).await.len()
    }

    /// What no stub matched, one message per request, in order.
    pub fn unexpected(&self) -> Vec<String> {
        let ledger = self.ledger.lock().unwrap_or_else(PoisonError::into_inner);
        ledger.unexpected.clone()
    }
}

/// A stub being described; nothing is answered until it is finished with
/// [`returns`](Stub::returns), [`fails`](Stub::fails) or
/// [`responds`](Stub::responds).
#[must_use = "a stub is mounted only by `returns`, `fails` or `responds`"]
pub struct Stub<'s, T> {
    server: &'s MockServer,
    target: Target,
    status: u16,
    body: SuccessBody,
    delay: Option<Duration>,
    times: Option<u64>,
    success: PhantomData<fn(T)>,
}

impl<T> Stub<'_, T> {
    /// Answers only after `delay`: for testing timeouts and slow servers.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Expects exactly `n` matching requests; checked when the server is dropped.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Answers with the declared error `status` and its error body.
    pub async fn fails(self, status: u16, body: impl Serialize) {
        let template = ResponseTemplate::new(status).set_body_json(body);
        self.responds(template).await;
    }

    /// Answers with anything wiremock can describe.
    pub async fn responds(self, response: ResponseTemplate) {
        let response = match self.delay {
            Some(d) => response.set_delay(d),
            None => response,
        };
        self.server.mount(&self.target, response, self.times).await;
    }
}

impl MockServer {
    /// Mounts `response` for requests that look like `target`.
    async fn mount(&self, target: &Target, response: ResponseTemplate, times: Option<u64>) {
        let t = target;
        let mut mock =
            Mock::given(matchers::method(t.method.as_str())).and(matchers::path(t.path.as_str()));
        for (k, v) in &t.query {
            mock = mock.and(matchers::query_param(k.as_str(), v.as_str()));
        }
        let mut mock = mock.respond_with(response).named(t.label());
        if let Some(n) = times {
            mock = mock.expect(n);
        }
        mock.mount(&self.server).await;
        let mut ledger = self.ledger.lock().unwrap_or_else(PoisonError::into_inner);
        ledger.stubs.push(t.label());
    }
}

impl<T: Serialize> Stub<'_, T> {
    /// Answers with the operation's success status and `value`, as the API
    /// would send it (inside its envelope, when it has one).
    pub async fn returns(self, value: T) {
        let status = self.status;
        let response = match self.body {
            SuccessBody::Json { envelope } => {
                let value = serde_json::to_value(&value).unwrap_or(serde_json::Value::Null);
                let body = match envelope {
                    Some(property) => {
                        let mut wrapped = serde_json::Map::new();
                        wrapped.insert(property.to_owned(), value);
                        serde_json::Value::Object(wrapped)
                    }
                    None => value,
                };
                ResponseTemplate::new(status).set_body_json(body)
            }
            SuccessBody::Text | SuccessBody::Bytes => {
                let text = match serde_json::to_value(&value) {
                    Ok(serde_json::Value::String(s)) => s.into_bytes(),
                    Ok(serde_json::Value::Array(bytes)) => bytes
                        .iter()
                        .filter_map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()))
                        .collect(),
                    _ => Vec::new(),
                };
                ResponseTemplate::new(status).set_body_bytes(text)
            }
            SuccessBody::Empty | SuccessBody::Stream => ResponseTemplate::new(status),
        };
        self.responds(response).await;
    }
}

/// A stub answering with a stream, described step by step; nothing is
/// answered until it is mounted with [`streams`](Self::streams).
///
/// ```ignore
/// server
///     .on_stream(client.calls().events("call-1"))
///     .event(ringing)
///     .wait(Duration::from_millis(200))
///     .event(answered)
///     .streams()
///     .await;
/// ```
///
/// The stream ends with the sentinel the spec documents (`data: [DONE]`),
/// as the API's would.
#[must_use = "a stub is mounted only by `streams`"]
pub struct StreamStub<'s, T> {
    server: &'s MockServer,
    target: Target,
    spec: &'static StreamSpec,
    steps: Vec<Step>,
    times: Option<u64>,
    item: PhantomData<fn(T)>,
}

impl<T> StreamStub<'_, T> {
    /// Waits this long before the next step: for testing slow streams and
    /// idle timeouts.
    pub fn wait(mut self, pause: Duration) -> Self {
        self.steps.push(Step::Wait(pause));
        self
    }

    /// Sends this event as it is (its type, id and data), for event streams
    /// with raw items, ids to resume from, or data the item type cannot hold.
    pub fn sse(mut self, event: SseEvent) -> Self {
        self.steps.push(Step::Send {
            bytes: event.to_wire().into_bytes(),
            id: event.id.clone(),
        });
        self
    }

    /// Sends these bytes as they are: a malformed event, a comment, a
    /// keep-alive, half an event.
    pub fn raw(mut self, text: impl Into<String>) -> Self {
        self.steps.push(Step::Send {
            bytes: text.into().into_bytes(),
            id: None,
        });
        self
    }

    /// Drops the connection here, without ending the body, the first time a
    /// request gets this far; a GET event stream's reconnection (with
    /// `Last-Event-ID`) then goes on after the event with that id.
    pub fn cut(mut self) -> Self {
        self.steps
            .push(Step::Cut(std::sync::atomic::AtomicBool::new(false)));
        self
    }

    /// Expects exactly `n` matching requests (reconnections count);
    /// checked when the server is dropped.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Mounts the stub: matching requests get the stream.
    pub async fn streams(mut self) {
        if let Some(sentinel) = self.spec.sentinel {
            let end = match self.spec.framing {
                Framing::ServerSentEvents => format!("data: {sentinel}\n\n"),
                Framing::Lines => format!("{sentinel}\n"),
            };
            self.steps.push(Step::Send {
                bytes: end.into_bytes(),
                id: None,
            });
        }
        let url = self.server.streams.add(Script {
            status: 200,
            content_type: self.spec.media_type.to_owned(),
            steps: std::mem::take(&mut self.steps),
        });
        let redirect = ResponseTemplate::new(307).insert_header("location", url.as_str());
        self.server.mount(&self.target, redirect, self.times).await;
    }
}

impl<T: Serialize> StreamStub<'_, T> {
    /// Sends `item`: an event whose data is its JSON, or a line of it.
    pub fn event(mut self, item: T) -> Self {
        let json = serde_json::to_string(&item).unwrap_or_else(|_| "null".to_owned());
        let bytes = match self.spec.framing {
            Framing::ServerSentEvents => SseEvent::new(json).to_wire(),
            Framing::Lines => format!("{json}\n"),
        };
        self.steps.push(Step::Send {
            bytes: bytes.into_bytes(),
            id: None,
        });
        self
    }

    /// Sends each of `items` with [`event`](Self::event).
    pub fn events(self, items: impl IntoIterator<Item = T>) -> Self {
        items.into_iter().fold(self, Self::event)
    }
}
