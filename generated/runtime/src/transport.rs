//! Sending a request: credentials (replaceable at run time), idempotency
//! key, extra headers and query parameters, timeouts and the deadline, the
//! retry loop, hooks, tracing, and turning error statuses and transport
//! failures into [`Error`]s.

use std::borrow::Cow;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, RETRY_AFTER, USER_AGENT};
use reqwest::{StatusCode, Url};
use tracing::{Instrument, Level};

use super::auth::{self, Credential};
use super::config::{ApiInfo, CallOptions, ClientBuilder};
use super::error::{api_error, describe_transport_error, redact_urls, Error, ValidationError};
use super::hook::{Hook, HookResponse};
use super::request::{Operation, Request};
use super::response::RawResponse;
use super::retry::{self, RetryPolicy};
use super::secret::Secret;

/// A configured API client. Cheap to clone: clones share one connection
/// pool and one set of credentials, so a credential replaced on one (e.g.
/// [`set_credential`](Self::set_credential)) is used by all.
///
/// `Debug` shows the settings and which schemes have a credential, never the
/// credentials themselves.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Set by [`with_options`](Self::with_options); shared, so that a client
    /// (of which every request builder holds one) is cheap to copy, and
    /// `None` without options, so that copying it then costs no reference count.
    options: Option<Arc<CallOptions>>,
}

/// The options of a client handle without any.
static NO_OPTIONS: CallOptions = CallOptions {
    timeout: None,
    deadline: None,
    idle_timeout: None,
    retry: None,
    max_attempts: None,
    validate: None,
    headers: Vec::new(),
    query: Vec::new(),
};

struct Inner {
    info: &'static ApiInfo,
    http: reqwest::Client,
    /// Per server of `info.servers` (one when it declares none), its base
    /// URL without a trailing slash; request paths start with one.
    base_urls: Box<[String]>,
    timeout: Duration,
    deadline: Option<Duration>,
    /// Between the chunks of a streamed body; `None`: the timeout.
    idle_timeout: Option<Duration>,
    /// `None` with a caller-supplied HTTP client, whose connect timeout is its own.
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    validate: bool,
    /// Replaced whole when one changes; a call holds the set it started with.
    credentials: RwLock<Arc<Credentials>>,
    hooks: Vec<Arc<dyn Hook>>,
    user_agent: HeaderValue,
    #[cfg(feature = "drift")]
    drift: Option<super::drift::Active>,
}

/// The credentials a client holds, replaced whole when one changes.
struct Credentials {
    /// One per credential slot of `info.security_schemes`.
    slots: Vec<Option<Credential>>,
    /// Per slot, the header its credential is sent as (see [`auth::header_value`]).
    headers: Vec<Option<HeaderValue>>,
    /// Scrubbed from error bodies, for servers that echo a rejected key:
    /// the current credentials and every one replaced before.
    secrets: Arc<[String]>,
}

impl Credentials {
    fn new(
        schemes: &[auth::SecurityScheme],
        slots: Vec<Option<Credential>>,
        secrets: Vec<String>,
    ) -> Self {
        let headers = slots
            .iter()
            .enumerate()
            .map(|(slot, c)| {
                let scheme = auth::slot_scheme(schemes, slot)?;
                auth::header_value(scheme, c.as_ref()?)
            })
            .collect();
        Self {
            slots,
            headers,
            secrets: secrets.into(),
        }
    }
}

impl Inner {
    /// The credentials as they are now. A writer that panicked left the
    /// previous complete set in place, so a poisoned lock is still usable.
    fn credentials(&self) -> Arc<Credentials> {
        let held = self
            .credentials
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        Arc::clone(&held)
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let schemes = auth::schemes_with_credentials(
            self.inner.info.security_schemes,
            &self.inner.credentials().slots,
        );
        f.debug_struct("Client")
            .field(
                "base_urls",
                &self
                    .inner
                    .base_urls
                    .iter()
                    .map(|u| redact_urls(u))
                    .collect::<Vec<_>>(),
            )
            .field("timeout", &self.inner.timeout)
            .field("deadline", &self.inner.deadline)
            .field("idle_timeout", &self.inner.idle_timeout)
            .field("connect_timeout", &self.inner.connect_timeout)
            .field("retry", &self.inner.retry)
            .field("validate", &self.inner.validate)
            .field("credentials_for", &schemes)
            .field("hooks", &self.inner.hooks.len())
            .field("options", self.options())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The base URL `op`'s requests go to (no trailing `/`), against which
    /// next-page URLs are checked.
    pub(crate) fn base_url(&self, op: &Operation) -> &str {
        let urls = &self.inner.base_urls;
        urls.get(op.server)
            .or(urls.first())
            .map_or("", String::as_str)
    }

    pub(crate) fn from_builder(b: ClientBuilder) -> Result<Self, Error> {
        let schemes = b.info.security_schemes;
        if !b.unknown_schemes.is_empty() {
            let known = if schemes.is_empty() {
                "none".to_owned()
            } else {
                names(schemes.iter().map(|s| s.name), "and")
            };
            return Err(Error::Config(format!(
                "a credential was set for security scheme {}, which the API does not declare (it declares {known})",
                names(b.unknown_schemes.iter().map(String::as_str), "and"),
            )));
        }
        for (slot, credential) in b.credentials.iter().enumerate() {
            if let (Some(credential), Some(scheme)) = (credential, auth::slot_scheme(schemes, slot))
            {
                auth::check(scheme, credential).map_err(Error::Config)?;
            }
        }
        let base_urls = super::servers::resolve(b.info.servers, &b.servers)?;
        let (http, connect_timeout) = match b.http {
            Some(http) => (http, None),
            None => {
                let http = reqwest::Client::builder()
                    .connect_timeout(b.connect_timeout)
                    .build()
                    .map_err(|e| Error::Config(format!("cannot create the HTTP client: {e}")))?;
                (http, Some(b.connect_timeout))
            }
        };
        let ua = b.user_agent.as_deref().unwrap_or(b.info.user_agent);
        let user_agent = HeaderValue::from_str(ua)
            .map_err(|_| Error::Config(format!("invalid User-Agent {ua:?}")))?;
        let secrets = auth::secrets(schemes, &b.credentials);
        Ok(Self {
            inner: Arc::new(Inner {
                info: b.info,
                http,
                base_urls,
                timeout: b.timeout,
                deadline: b.deadline,
                idle_timeout: b.idle_timeout,
                connect_timeout,
                retry: b.retry,
                validate: b.validate,
                credentials: RwLock::new(Arc::new(Credentials::new(
                    schemes,
                    b.credentials,
                    secrets,
                ))),
                hooks: b.hooks,
                user_agent,
                #[cfg(feature = "drift")]
                drift: b.drift,
            }),
            options: None,
        })
    }

    /// The options of this handle (see [`with_options`](Self::with_options)).
    fn options(&self) -> &CallOptions {
        self.options.as_deref().unwrap_or(&NO_OPTIONS)
    }

    /// A handle to the same client whose calls use `options` where they set something.
    pub fn with_options(&self, options: CallOptions) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            options: Some(Arc::new(self.options().merged(&options))),
        }
    }

    /// Sets or replaces the credential for the security scheme named
    /// `scheme` (and every scheme sharing its slot), for this client and
    /// every clone of it, from the next call on (a call already under way
    /// keeps the credential it started with).
    ///
    /// Generated crates offer a typed `set_…` method per credential that calls this.
    ///
    /// # Errors
    /// [`Error::Config`] when the spec declares no such scheme or the
    /// credential cannot be sent (as [`ClientBuilder::build`] checks); the
    /// credential in place is then kept. The message never contains a credential.
    pub fn set_credential(&self, scheme: &str, credential: Credential) -> Result<(), Error> {
        let schemes = self.inner.info.security_schemes;
        let Some(found) = schemes.iter().find(|s| s.name == scheme) else {
            return Err(Error::Config(format!(
                "no security scheme `{scheme}` in the API (it declares {})",
                names(schemes.iter().map(|s| s.name), "and")
            )));
        };
        auth::check(found, &credential).map_err(Error::Config)?;
        self.replace_credential(found.slot, Some(credential));
        Ok(())
    }

    /// Sets or replaces a bearer token or API key, as [`set_credential`](Self::set_credential).
    ///
    /// # Errors
    /// As [`set_credential`](Self::set_credential).
    pub fn set_token(&self, scheme: &str, token: impl Into<Secret>) -> Result<(), Error> {
        self.set_credential(scheme, Credential::Token(token.into()))
    }

    /// Removes the credential for the scheme named `scheme` (and every scheme
    /// sharing its slot), if the client has one; operations that need it then
    /// fail before sending.
    pub fn clear_credential(&self, scheme: &str) {
        if let Some(found) = self
            .inner
            .info
            .security_schemes
            .iter()
            .find(|s| s.name == scheme)
        {
            self.replace_credential(found.slot, None);
        }
    }

    fn replace_credential(&self, slot: usize, credential: Option<Credential>) {
        let schemes = self.inner.info.security_schemes;
        let mut held = self
            .inner
            .credentials
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        let mut slots = held.slots.clone();
        slots[slot] = credential;
        // The replaced key stays scrubbed: a server may still echo it.
        let mut secrets = auth::secrets(schemes, &slots);
        secrets.extend(held.secrets.iter().cloned());
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        *held = Arc::new(Credentials::new(schemes, slots, secrets));
    }

    /// An untyped call to an endpoint the spec does not describe, to `path`
    /// below the default server's base URL, with the client's credentials (those of the spec's
    /// top-level security requirement), timeouts, retries, hooks and tracing.
    ///
    /// ```ignore
    /// let raw = client
    ///     .request(reqwest::Method::GET, "/v2.2/beta/feature")
    ///     .query("limit", "10")
    ///     .send()
    ///     .await?;
    /// let value = raw.json::<serde_json::Value>()?.into_inner();
    /// ```
    pub fn request(&self, method: reqwest::Method, path: impl Into<String>) -> RawRequest {
        let operation = UNTYPED.iter().find(|op| op.method == method);
        RawRequest {
            client: self.clone(),
            request: match operation {
                Some(op) => Ok(Request::new(op, path.into())),
                None => Err(Error::Config(format!(
                    "untyped calls support the methods {}, not {method}",
                    names(UNTYPED.iter().map(|op| op.method.as_str()), "and")
                ))),
            },
            options: CallOptions::default(),
        }
    }

    /// The retry policy a call with `call`'s options follows (its
    /// `max_attempts` applied): what an event stream's reconnections follow.
    pub(crate) fn retry_policy(&self, call: &CallOptions) -> RetryPolicy {
        let handle = self.options();
        let mut policy = call
            .retry
            .as_ref()
            .or(handle.retry.as_ref())
            .unwrap_or(&self.inner.retry)
            .clone();
        if let Some(attempts) = call.max_attempts.or(handle.max_attempts) {
            policy.max_attempts = attempts.max(1);
        }
        policy
    }

    /// Whether requests are checked against the spec before sending.
    pub fn validates(&self, call: &CallOptions) -> bool {
        call.validate
            .or(self.options().validate)
            .unwrap_or(self.inner.validate)
    }

    /// Sends `request`, retrying as the policy allows, and returns the
    /// successful (2xx) response or the error that ended the call.
    ///
    /// Each call runs in a `DEBUG` span named `api_call` that records the
    /// operation id, method, path template, the last attempt's number and
    /// status, and the whole call's latency; attempts and retries are
    /// `DEBUG` events inside it. None of it holds a credential or a URL.
    ///
    /// # Errors
    /// See [`Error`].
    pub fn execute<'a>(
        &'a self,
        request: Request,
        call: &'a CallOptions,
    ) -> impl std::future::Future<Output = Result<RawResponse, Error>> + Send + 'a {
        // Not an `async fn`: its future would only wrap (and copy) the one below.
        let security = request.operation.security;
        self.execute_as(request, call, security)
    }

    /// [`execute`](Self::execute) with the given security requirement.
    fn execute_as<'a>(
        &'a self,
        mut request: Request,
        call: &'a CallOptions,
        security: &'static [&'static [usize]],
    ) -> impl std::future::Future<Output = Result<RawResponse, Error>> + Send + 'a {
        let op = request.operation;
        let span = tracing::debug_span!(
            "api_call",
            operation = op.id,
            method = %op.method,
            path = op.path,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let recorded = span.clone();
        // A block, not an `async fn`: that would carry its parameters twice
        // in its future, as parameters and as the locals they are moved to.
        // The request stays here, lent to the attempts.
        async move {
            // A span no subscriber wants records nothing: no clock reads for it.
            let started = (!recorded.is_disabled()).then(Instant::now);
            let mut attempts = 0;
            let result = self
                .execute_in_span(&mut request, call, security, &mut attempts)
                .await;
            // Recorded once at the end: a field cannot be cleared, so a status
            // recorded per attempt would outlive a later attempt's timeout, and
            // `fmt` subscribers would print every value ever recorded.
            if attempts > 0 {
                recorded.record("attempt", attempts);
            }
            if let Some(status) = result
                .as_ref()
                .map_or_else(Error::status, |r| Some(r.status))
            {
                recorded.record("status", status.as_u16());
            }
            if let Some(started) = started {
                recorded.record("latency_ms", started.elapsed().as_millis() as u64);
            }
            match &result {
                Ok(response) => {
                    tracing::debug!(status = response.status.as_u16(), "call succeeded");
                }
                Err(error) => tracing::debug!(error = %error, "call failed"),
            }
            result
        }
        .instrument(span)
    }

    async fn execute_in_span(
        &self,
        request: &mut Request,
        call: &CallOptions,
        security: &'static [&'static [usize]],
        attempts: &mut u32,
    ) -> Result<RawResponse, Error> {
        let op = request.operation;
        let inner = &*self.inner;
        // The call's options over the handle's over the client's, read in
        // place: a merged copy would be carried through every await.
        let client = self.options();
        let timeout = call.timeout.or(client.timeout).unwrap_or(inner.timeout);
        // A stream that reconnects has long outlived any deadline of the call
        // that opened it: each reconnection is timed on its own.
        let deadline = call
            .deadline
            .or(client.deadline)
            .or(inner.deadline)
            .filter(|_| !request.reconnection)
            .map(|total| (total, Instant::now() + total));
        let policy = call
            .retry
            .as_ref()
            .or(client.retry.as_ref())
            .unwrap_or(&inner.retry);
        let mut max_attempts = call
            .max_attempts
            .or(client.max_attempts)
            .unwrap_or(policy.max_attempts)
            .max(1);
        // A streamed upload is consumed by its first attempt: there is nothing to send again.
        if request.once_body.is_some()
            || request
                .multipart
                .as_ref()
                .is_some_and(|form| !form.is_replayable())
        {
            max_attempts = 1;
        }

        check_path(op, &request.path)?;

        // One key per logical call, reused by every retry, so the server can deduplicate.
        let has_key = match op.idempotency_header {
            Some(name) => {
                let set = request
                    .headers
                    .get(name)
                    .is_some_and(|v| !v.as_bytes().iter().all(u8::is_ascii_whitespace));
                if !set {
                    // A version 4 UUID from the thread's fast generator: a key
                    // must not repeat, not be secret, and the OS generator
                    // would cost a system call per call.
                    let random = fastrand::u128(..).to_le_bytes();
                    let key = uuid::Builder::from_random_bytes(random).into_uuid();
                    request.header(name, &key.to_string())?;
                }
                true
            }
            None => false,
        };
        let retryable_method = retry::method_is_retryable(&op.method, has_key);

        for (name, value) in client.headers.iter().chain(&call.headers) {
            request.header(name, value.as_str())?;
        }
        let extra_query = client.query.iter().chain(&call.query);
        request.query.extend(extra_query.cloned());

        // The credentials as the call starts, kept for all its attempts. Those
        // of headers are added to each attempt's copy of the request's own
        // headers, so that an operation without header parameters has none
        // to copy: one set of headers is built per attempt, not two.
        let credentials = inner.credentials();
        let schemes = inner.info.security_schemes;
        let alternative = auth::select(schemes, &credentials.slots, security)
            .map_err(|e| Error::Config(e.describe(op.id)))?;
        auth::apply_query(schemes, &credentials.slots, alternative, &mut request.query);

        let path: Cow<'_, str> = if request.path.starts_with('/') {
            Cow::Borrowed(&request.path)
        } else {
            Cow::Owned(format!("/{}", request.path))
        };
        // The parse error never quotes the URL, which may hold a query-string key.
        let mut url = Url::parse(&format!("{}{path}", self.base_url(op)))
            .map_err(|e| Error::Config(format!("{}: invalid URL: {e}", op.id)))?;
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(request.query.iter());
        }

        // The attempt's latency goes to hooks and `DEBUG` events only: without
        // either, and without a deadline to check, the clock is not read.
        let timed =
            deadline.is_some() || !inner.hooks.is_empty() || tracing::enabled!(Level::DEBUG);
        // reqwest's own timeout is needed where ours cannot stand in for it: a
        // caller-supplied client, whose own total timeout it replaces. Elsewhere
        // a timer around the attempt costs less than reqwest's (no request
        // extensions, no box). A body wanted as a stream is never timed whole:
        // the timer covers the attempt until the body starts, and the body's
        // reads have the idle timeout (`download::TimedBody`).
        let reqwest_times = !request.stream_response && inner.connect_timeout.is_none();
        let idle_timeout = request.stream_response.then(|| {
            call.idle_timeout
                .or(client.idle_timeout)
                .or(inner.idle_timeout)
                .unwrap_or(timeout)
        });

        let mut attempt = 0u32;
        loop {
            attempt += 1;
            *attempts = attempt;
            let started = timed.then(Instant::now);
            // The deadline shortens the last attempts; an attempt cut short
            // by it reports the deadline, not the per-attempt timeout.
            let (attempt_timeout, cut_by_deadline) = match deadline {
                Some((total, at)) => {
                    let left = at.saturating_duration_since(started.unwrap_or_else(Instant::now));
                    if left.is_zero() {
                        return Err(Error::Timeout {
                            operation: op.id,
                            after: total,
                        });
                    }
                    (timeout.min(left), left < timeout)
                }
                None => (timeout, false),
            };
            // Built and sent in a block of its own: a local that lived on
            // across the await would be carried in this future (a moved-from
            // one too), and the request is big.
            let response = {
                let mut http_request = reqwest::Request::new(op.method.clone(), url.clone());
                let headers = http_request.headers_mut();
                *headers = request.headers.clone();
                auth::apply_headers(
                    schemes,
                    &credentials.slots,
                    &credentials.headers,
                    alternative,
                    headers,
                );
                headers.insert(USER_AGENT, inner.user_agent.clone());
                // The client decodes JSON; say so, unless the operation set its own.
                headers
                    .entry(ACCEPT)
                    .or_insert_with(|| HeaderValue::from_static("application/json"));
                if let Some(body) = &request.body {
                    *http_request.body_mut() = Some(body.clone().into());
                } else if let Some(once) = &request.once_body {
                    let Some(chunks) = once.take() else {
                        return Err(Error::Config(format!(
                            "{}: the request's body was read from a stream and sent already",
                            op.id
                        )));
                    };
                    *http_request.body_mut() = Some(reqwest::Body::wrap_stream(chunks));
                    // hyper sends a body of unknown length on a GET only when told it is chunked.
                    http_request.headers_mut().insert(
                        reqwest::header::TRANSFER_ENCODING,
                        HeaderValue::from_static("chunked"),
                    );
                }
                if reqwest_times {
                    *http_request.timeout_mut() = Some(attempt_timeout);
                }
                if let Some(form) = &request.multipart {
                    http_request =
                        reqwest::RequestBuilder::from_parts(inner.http.clone(), http_request)
                            .multipart(form.to_form(op.id)?)
                            .build()
                            .map_err(|e| cannot_build(op.id, &e))?;
                }
                for hook in &inner.hooks {
                    hook.on_request(op.id, &mut http_request);
                }
                inner.http.execute(http_request)
            };
            let stream = request.stream_response;
            let outcome = if reqwest_times {
                receive(response, stream).await.map_err(Failure::Http)
            } else {
                match tokio::time::timeout(attempt_timeout, receive(response, stream)).await {
                    Ok(outcome) => outcome.map_err(Failure::Http),
                    Err(_) => Err(Failure::TimedOut),
                }
            };
            let latency = started.map_or(Duration::ZERO, |started| started.elapsed());
            let latency_ms = latency.as_millis() as u64;
            let retries_left = attempt < max_attempts;

            let (error, wait) = match outcome {
                Ok((status, headers, body, stream)) => {
                    tracing::debug!(attempt, status = status.as_u16(), latency_ms, "response");
                    for hook in &inner.hooks {
                        hook.on_response(&HookResponse {
                            operation: op.id,
                            attempt,
                            status,
                            headers: &headers,
                            body: &body,
                            latency,
                        });
                    }
                    #[cfg(feature = "drift")]
                    if let Some(drift) = &inner.drift {
                        let body = if stream.is_some() { &[][..] } else { &body[..] };
                        let secrets = &credentials.secrets;
                        drift.observe(op.id, status.as_u16(), &headers, body, secrets);
                    }
                    if status.is_success() {
                        return Ok(RawResponse {
                            operation: op.id,
                            status,
                            headers,
                            body,
                            stream,
                            idle_timeout,
                            secrets: Arc::clone(&credentials.secrets),
                        });
                    }
                    let now = SystemTime::now();
                    let retry_after = match headers.get(RETRY_AFTER) {
                        Some(v) => v
                            .to_str()
                            .ok()
                            .and_then(|v| retry::parse_retry_after(v, now)),
                        None => {
                            retry::body_retry_after(&body, inner.info.retry_after_pointers, now)
                        }
                    };
                    let mut error = Box::new(api_error(
                        op.id,
                        status,
                        headers,
                        &body,
                        inner.info.error_code_pointers,
                        inner.info.error_message_pointers,
                    ));
                    error.redact(&credentials.secrets);
                    let rate_limited = status == StatusCode::TOO_MANY_REQUESTS
                        || (status == StatusCode::SERVICE_UNAVAILABLE && retry_after.is_some());
                    let error = if rate_limited {
                        Error::RateLimited { retry_after, error }
                    } else {
                        Error::Api(error)
                    };
                    let wait = if !policy.retries_status(status) || !retryable_method {
                        None
                    } else {
                        match retry_after {
                            // Waiting that long would hang the caller; they get the wait to decide.
                            Some(asked) if asked > policy.max_retry_after => {
                                tracing::debug!(
                                    attempt,
                                    retry_after_ms = asked.as_millis() as u64,
                                    "server asks for a longer wait than the policy allows"
                                );
                                None
                            }
                            Some(asked) => Some(asked),
                            None => Some(policy.backoff(attempt)),
                        }
                    };
                    (error, wait)
                }
                Err(failure) => {
                    let (is_timeout, is_connect) = match &failure {
                        Failure::Http(e) => (e.is_timeout(), e.is_connect()),
                        Failure::TimedOut => (true, false),
                    };
                    tracing::debug!(
                        attempt,
                        latency_ms,
                        timeout = is_timeout,
                        connect = is_connect,
                        "request failed"
                    );
                    if let Failure::Http(e) = &failure {
                        if e.is_builder() {
                            return Err(cannot_build(op.id, e));
                        }
                    }
                    let redirect = matches!(&failure, Failure::Http(e) if e.is_redirect());
                    // A connection never established carried nothing, so any method may try again.
                    let retry = !redirect && (retryable_method || is_connect);
                    let error = match failure {
                        Failure::Http(e) if !is_timeout => Error::Connection {
                            operation: op.id,
                            source: e.without_url(),
                        },
                        _ => Error::Timeout {
                            operation: op.id,
                            after: match deadline {
                                Some((total, _)) if cut_by_deadline => total,
                                _ if is_connect => inner.connect_timeout.unwrap_or(timeout),
                                _ => timeout,
                            },
                        },
                    };
                    let retry = retry && !cut_by_deadline;
                    (error, Some(policy.backoff(attempt)).filter(|_| retry))
                }
            };
            // A wait that would outlast the deadline leaves the caller nothing to gain.
            let wait = wait.filter(|&wait| match deadline {
                Some((_, at)) => Instant::now() + wait < at,
                None => true,
            });
            match wait {
                Some(wait) if retries_left => {
                    tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, "retrying");
                    tokio::time::sleep(wait).await;
                }
                _ => return Err(error),
            }
        }
    }
}

/// What one attempt received: status, headers, the body read whole, or unread
/// for a successful response that is wanted as a stream.
type Received = (StatusCode, HeaderMap, Bytes, Option<reqwest::Response>);

/// Why an attempt got no response.
enum Failure {
    /// reqwest's error: connecting, sending, reading, or its own timeout.
    Http(reqwest::Error),
    /// The attempt's timeout elapsed.
    TimedOut,
}

/// The error for a request reqwest refuses to build.
fn cannot_build(operation: &str, e: &reqwest::Error) -> Error {
    let why = describe_transport_error(e);
    Error::Config(format!("{operation}: cannot build the request: {why}"))
}

/// One attempt, once sent: the response and its whole body (unless a
/// success is wanted as a stream).
async fn receive(
    response: impl std::future::Future<Output = Result<reqwest::Response, reqwest::Error>>,
    stream: bool,
) -> Result<Received, reqwest::Error> {
    let mut response = response.await?;
    let status = response.status();
    // reqwest chose the body's decoder when the response arrived: reading
    // the body needs no headers, so they are taken instead of copied.
    let headers = std::mem::take(response.headers_mut());
    if stream && status.is_success() {
        return Ok((status, headers, Bytes::new(), Some(response)));
    }
    // Chunk by chunk rather than `bytes()`, whose future is three times the
    // size of this one's (and every future this one is nested in carries it).
    // A body that came in one chunk is kept as it is; several are joined.
    let Some(first) = response.chunk().await? else {
        return Ok((status, headers, Bytes::new(), None));
    };
    let Some(second) = response.chunk().await? else {
        return Ok((status, headers, first, None));
    };
    let mut body = Vec::with_capacity(first.len() + second.len());
    body.extend_from_slice(&first);
    body.extend_from_slice(&second);
    while let Some(chunk) = response.chunk().await? {
        body.extend_from_slice(&chunk);
    }
    Ok((status, headers, body.into(), None))
}

/// The operations behind untyped calls, one per method they support.
static UNTYPED: [Operation; 7] = {
    const fn untyped(method: reqwest::Method) -> Operation {
        Operation {
            id: "untyped",
            method,
            path: "*",
            security: &[],
            idempotency_header: None,
            server: 0,
        }
    }
    [
        untyped(reqwest::Method::GET),
        untyped(reqwest::Method::POST),
        untyped(reqwest::Method::PUT),
        untyped(reqwest::Method::PATCH),
        untyped(reqwest::Method::DELETE),
        untyped(reqwest::Method::HEAD),
        untyped(reqwest::Method::OPTIONS),
    ]
};

/// An untyped call, from [`Client::request`]: set query parameters, headers
/// and a body, then [`send`](Self::send) it.
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest {
    client: Client,
    /// The first encoding error, reported by `send`.
    request: Result<Request, Error>,
    options: CallOptions,
}

impl RawRequest {
    fn edit(mut self, f: impl FnOnce(&mut Request) -> Result<(), Error>) -> Self {
        if let Ok(request) = &mut self.request {
            if let Err(e) = f(request) {
                self.request = Err(e);
            }
        }
        self
    }

    /// Adds `name=value` to the query string.
    pub fn query(self, name: &str, value: impl super::ParamValue) -> Self {
        self.edit(|r| {
            r.query(name, &value);
            Ok(())
        })
    }

    /// Sets a header.
    pub fn header(self, name: &str, value: impl super::ParamValue) -> Self {
        self.edit(|r| r.header(name, &value))
    }

    /// Sets a JSON body.
    pub fn json(self, body: &impl serde::Serialize) -> Self {
        self.edit(|r| r.json(body))
    }

    /// Sets a raw body of the given content type.
    pub fn body(self, body: impl AsRef<[u8]>, media_type: &str) -> Self {
        self.edit(|r| {
            r.bytes(body.as_ref(), media_type);
            Ok(())
        })
    }

    /// Overrides the client's timeout, deadline and retry settings for this call.
    pub fn with_options(mut self, options: CallOptions) -> Self {
        self.options = self.options.merged(&options);
        self
    }

    /// Sends the request; a 2xx response comes back undecoded.
    ///
    /// # Errors
    /// See [`Error`].
    pub async fn send(self) -> Result<RawResponse, Error> {
        let request = self.request?;
        let security = self.client.inner.info.default_security;
        self.client
            .execute_as(request, &self.options, security)
            .await
    }
}

/// The base URL without trailing slashes, checked to be one that paths can be
/// appended to. Messages show it redacted: callers do put keys in URLs.
pub(crate) fn check_base_url(raw: &str) -> Result<String, Error> {
    let base = raw.trim().trim_end_matches('/');
    let shown = redact_urls(base);
    let url = Url::parse(base).map_err(|e| Error::Config(format!("base URL {shown:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::Config(format!(
            "base URL {shown:?} is not an http or https URL"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!(
            "base URL {shown:?} has a query or fragment; operation paths are appended to it"
        )));
    }
    Ok(base.to_owned())
}

/// Rejects a path whose parameter values would make the URL name another
/// resource: an empty value (`/numbers/` for `/numbers/{id}`, which may be the
/// list endpoint) or a dot segment, which URL parsing resolves away even when
/// percent-encoded (`%2E%2E`), so that `DELETE /numbers/..` cannot become
/// `DELETE /`.
fn check_path(op: &Operation, path: &str) -> Result<(), Error> {
    // This runs on every call: one pass over the bytes clears a path none of
    // whose segments (past a leading `/`) is empty or starts with `.` or `%`,
    // and only a path with such a segment is looked at closely.
    let bytes = path.as_bytes();
    let suspect = |at: usize| matches!(bytes.get(at), None | Some(b'/' | b'.' | b'%'));
    let first_clear = bytes.first() == Some(&b'/') || !suspect(0);
    if first_clear
        && !bytes
            .iter()
            .enumerate()
            .any(|(i, &b)| b == b'/' && suspect(i + 1))
    {
        return Ok(());
    }
    let aligned = op.path.split('/').count() == path.split('/').count();
    let mut template = op.path.split('/');
    for segment in path.split('/') {
        let param = template
            .next()
            .filter(|_| aligned)
            .and_then(|t| t.strip_prefix('{'))
            .and_then(|t| t.strip_suffix('}'))
            .filter(|name| !name.contains(['{', '}']));
        let reason = if is_dot_segment(segment) {
            "cannot be `.` or `..`, which would change the URL's path"
        } else if segment.is_empty() && param.is_some() {
            "must not be empty, or the URL would name another resource"
        } else {
            continue;
        };
        return Err(Error::Validation(ValidationError {
            operation: op.id,
            field: param.unwrap_or("path").to_owned(),
            reason: reason.to_owned(),
        }));
    }
    Ok(())
}

/// `.` or `..`, plainly or percent-encoded, as the URL standard reads them.
fn is_dot_segment(segment: &str) -> bool {
    if segment.len() > 6 || !segment.starts_with(['.', '%']) {
        return false;
    }
    let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
    decoded == "." || decoded == ".."
}

/// `` `a`, `b` and `c` `` for error messages.
fn names<'a>(items: impl Iterator<Item = &'a str>, last_joiner: &str) -> String {
    let quoted: Vec<String> = items.map(|s| format!("`{s}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{} {last_joiner} {last}", rest.join(", "))
        }
        _ => quoted.concat(),
    }
}

#[cfg(test)]
mod tests {
    use reqwest::Method;

    use super::super::auth::{ApiKeyLocation, SchemeKind, SecurityScheme};
    use super::*;

    static SCHEMES: &[SecurityScheme] = &[
        SecurityScheme {
            name: "bearerAuth",
            kind: SchemeKind::Bearer,
            slot: 0,
            setter: "",
        },
        SecurityScheme {
            name: "apiKey",
            kind: SchemeKind::ApiKey {
                location: ApiKeyLocation::Query,
                name: "key",
            },
            slot: 1,
            setter: "",
        },
    ];

    static INFO: ApiInfo = ApiInfo {
        user_agent: "test-client/1.0",
        servers: &[super::super::Server {
            url: "https://api.example.com/v1",
            name: "",
            variables: &[],
        }],
        security_schemes: SCHEMES,
        error_code_pointers: &[],
        error_message_pointers: &[],
        retry_after_pointers: &[],
        default_security: &[],
    };

    static GET_NUMBER: Operation = Operation {
        id: "getNumber",
        method: Method::GET,
        path: "/numbers/{number}/routes",
        security: &[],
        idempotency_header: None,
        server: 0,
    };

    fn builder() -> ClientBuilder {
        ClientBuilder::new(&INFO)
    }

    fn config_error(b: ClientBuilder) -> String {
        match b.build() {
            Err(Error::Config(msg)) => msg,
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn unknown_scheme_is_named_at_build() {
        let msg = config_error(
            builder()
                .token("bearAuth", "tok")
                .token("bearAuth", "tok2")
                .token("other", "x"),
        );
        assert_eq!(
            msg,
            "a credential was set for security scheme `bearAuth` and `other`, which the API does not declare \
             (it declares `bearerAuth` and `apiKey`)"
        );
        assert!(!msg.contains("tok"));
        assert!(builder().token("bearerAuth", "tok").build().is_ok());
    }

    #[test]
    fn unusable_credentials_fail_at_build_without_showing_them() {
        let msg = config_error(builder().token("bearerAuth", "sk_live_1\n"));
        assert!(
            msg.contains("`bearerAuth`") && !msg.contains("sk_live_1"),
            "{msg}"
        );
        let msg = config_error(builder().basic("apiKey", "user", "sk_live_2"));
        assert!(
            msg.contains("takes a token") && !msg.contains("sk_live_2"),
            "{msg}"
        );
    }

    #[test]
    fn base_url_must_be_http_without_query() {
        assert!(
            config_error(builder().base_url("localhost:8080")).contains("not an http or https URL")
        );
        assert!(config_error(builder().base_url("not a url")).contains("base URL"));
        let msg = config_error(builder().base_url("https://h.example/v1?api_key=sk_live_3"));
        assert!(msg.contains("query") && !msg.contains("sk_live_3"), "{msg}");
        let client = builder()
            .base_url("http://127.0.0.1:9/v1//")
            .build()
            .unwrap();
        assert_eq!(client.base_url(&GET_NUMBER), "http://127.0.0.1:9/v1");
        assert!(config_error(builder().user_agent("bad\nagent")).contains("User-Agent"));
    }

    #[test]
    fn debug_hides_credentials_and_url_secrets() {
        let b = builder()
            .base_url("https://user:sk_live_url@h.example/v1")
            .token("bearerAuth", "sk_live_bearer")
            .token("apiKey", "sk_live_query")
            .http_client(reqwest::Client::new());
        let shown = format!("{b:?}");
        let client = b.build().unwrap();
        let shown = format!(
            "{shown} {client:?} {:?}",
            client.with_options(CallOptions::new().max_attempts(1))
        );
        assert!(
            shown.contains("bearerAuth") && shown.contains("h.example"),
            "{shown}"
        );
        for secret in ["sk_live_url", "sk_live_bearer", "sk_live_query"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }

    #[test]
    fn options_merge_call_over_client() {
        let client = builder()
            .build()
            .unwrap()
            .with_options(CallOptions::new().max_attempts(5).validate(false));
        assert!(!client.validates(&CallOptions::new()));
        assert!(client.validates(&CallOptions::new().validate(true)));
        let merged = client.options().merged(
            &CallOptions::new()
                .max_attempts(2)
                .timeout(Duration::from_secs(1)),
        );
        assert_eq!(merged.max_attempts, Some(2));
        assert_eq!(merged.timeout, Some(Duration::from_secs(1)));
        assert_eq!(merged.validate, Some(false));
        assert!(!builder().build().unwrap().validates(&CallOptions::new()));
        assert!(builder()
            .validate(true)
            .build()
            .unwrap()
            .validates(&CallOptions::new()));
    }

    #[test]
    fn paths_that_would_point_elsewhere_are_rejected() {
        let ok = [
            "/numbers/2015551234/routes",
            "/numbers/a%2Fb/routes",
            "/numbers/.../routes",
            "/numbers/.x/routes",
        ];
        for path in ok {
            assert!(check_path(&GET_NUMBER, path).is_ok(), "{path}");
        }
        for path in [
            "/numbers//routes",
            "/numbers/../routes",
            "/numbers/%2E%2E/routes",
            "/numbers/%2e/routes",
            "/numbers/.%2E/routes",
        ] {
            let Err(Error::Validation(e)) = check_path(&GET_NUMBER, path) else {
                panic!("{path} accepted")
            };
            assert_eq!(e.field, "number", "{path}");
        }
        let Err(Error::Validation(e)) = check_path(&GET_NUMBER, "/numbers/a/../b/routes") else {
            panic!()
        };
        assert_eq!(e.field, "path");
    }

    #[test]
    fn client_and_calls_are_send() {
        fn check<T: Send + Sync + Clone + 'static>(_: &T) {}
        fn future_is_send<F: std::future::Future + Send>(_: F) {}
        let client = builder().build().unwrap();
        check(&client);
        let request = Request::new(&GET_NUMBER, "/numbers/1/routes".into());
        future_is_send(client.execute(request, &CallOptions::new()));
    }

    #[test]
    fn names_read_as_a_list() {
        assert_eq!(names(["a"].into_iter(), "or"), "`a`");
        assert_eq!(names(["a", "b", "c"].into_iter(), "or"), "`a`, `b` or `c`");
        assert_eq!(names(std::iter::empty(), "or"), "");
    }
}
