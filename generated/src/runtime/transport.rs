//! Sending a request: credentials, idempotency key, timeout, the retry loop,
//! tracing, and turning error statuses into [`Error`]s.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderValue, RETRY_AFTER, USER_AGENT};
use reqwest::{StatusCode, Url};
use tracing::Instrument;

use super::auth::{self, AuthTarget, Credential};
use super::config::{ApiInfo, CallOptions, ClientBuilder};
use super::error::{api_error, Error};
use super::request::Request;
use super::response::RawResponse;
use super::retry::{self, RetryPolicy};

/// A configured API client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    options: CallOptions,
}

struct Inner {
    info: &'static ApiInfo,
    http: reqwest::Client,
    base_url: String,
    timeout: Duration,
    retry: RetryPolicy,
    validate: bool,
    credentials: Vec<Option<Credential>>,
    user_agent: HeaderValue,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let schemes: Vec<&str> = self
            .inner
            .info
            .security_schemes
            .iter()
            .zip(&self.inner.credentials)
            .filter(|(_, c)| c.is_some())
            .map(|(s, _)| s.name)
            .collect();
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("validate", &self.inner.validate)
            .field("credentials_for", &schemes)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub(crate) fn from_builder(b: ClientBuilder) -> Result<Self, Error> {
        if b.credentials.len() > b.info.security_schemes.len() {
            let known: Vec<&str> = b.info.security_schemes.iter().map(|s| s.name).collect();
            return Err(Error::Config(format!(
                "a credential was set for an unknown security scheme; the spec declares {known:?}"
            )));
        }
        let base = b.base_url.trim_end_matches('/').to_owned();
        Url::parse(&base).map_err(|e| Error::Config(format!("base URL {base:?}: {e}")))?;
        let http = match b.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(b.connect_timeout)
                .build()
                .map_err(|e| Error::Config(format!("cannot create the HTTP client: {e}")))?,
        };
        let ua = b.user_agent.as_deref().unwrap_or(b.info.user_agent);
        let user_agent = HeaderValue::from_str(ua)
            .map_err(|_| Error::Config(format!("invalid User-Agent {ua:?}")))?;
        Ok(Self {
            inner: Arc::new(Inner {
                info: b.info,
                http,
                base_url: base,
                timeout: b.timeout,
                retry: b.retry,
                validate: b.validate,
                credentials: b.credentials,
                user_agent,
            }),
            options: CallOptions::default(),
        })
    }

    /// A handle to the same client whose calls use `options` where they set something.
    pub fn with_options(&self, options: CallOptions) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            options: merge(&self.options, &options),
        }
    }

    /// Whether requests are checked against the spec before sending.
    pub fn validates(&self, call: &CallOptions) -> bool {
        call.validate
            .or(self.options.validate)
            .unwrap_or(self.inner.validate)
    }

    /// Sends `request`, retrying as the policy allows, and returns the successful
    /// response or the error that ended the call.
    ///
    /// # Errors
    /// See [`Error`].
    pub async fn execute(
        &self,
        request: Request,
        call: &CallOptions,
    ) -> Result<RawResponse, Error> {
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
        self.execute_in_span(request, call).instrument(span).await
    }

    async fn execute_in_span(
        &self,
        mut request: Request,
        call: &CallOptions,
    ) -> Result<RawResponse, Error> {
        let op = request.operation;
        let inner = &*self.inner;
        let options = merge(&self.options, call);
        let timeout = options.timeout.unwrap_or(inner.timeout);
        let policy = options.retry.clone().unwrap_or_else(|| inner.retry.clone());
        let max_attempts = options.max_attempts.unwrap_or(policy.max_attempts).max(1);

        // One key per logical call, reused by every retry, so the server can deduplicate.
        let has_key = match op.idempotency_header {
            Some(name) => {
                if !request.headers.contains_key(name) {
                    let key = uuid::Uuid::new_v4().to_string();
                    request.header(name, &key)?;
                }
                true
            }
            None => false,
        };
        let retryable_method = retry::method_is_retryable(&op.method, has_key);

        auth::apply(
            inner.info.security_schemes,
            &inner.credentials,
            op.security,
            AuthTarget {
                headers: &mut request.headers,
                query: &mut request.query,
            },
        )
        .map_err(|missing| {
            Error::Config(format!(
                "{}: no credential set for security scheme {missing:?}",
                op.id
            ))
        })?;
        request.headers.insert(USER_AGENT, inner.user_agent.clone());

        let mut url = Url::parse(&format!("{}{}", inner.base_url, request.path))
            .map_err(|e| Error::Config(format!("{}: invalid URL: {e}", op.id)))?;
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(request.query.iter());
        }

        let span = tracing::Span::current();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let started = Instant::now();
            let mut builder = inner
                .http
                .request(op.method.clone(), url.clone())
                .headers(request.headers.clone())
                .timeout(timeout);
            if let Some(body) = &request.body {
                builder = builder.body(body.clone());
            }
            let outcome = send(builder).await;
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            let can_retry = retryable_method && attempt < max_attempts;
            match outcome {
                Ok((status, headers, body)) if status.is_success() => {
                    span.record("status", status.as_u16());
                    tracing::debug!(attempt, status = status.as_u16(), "response");
                    return Ok(RawResponse {
                        operation: op.id,
                        status,
                        headers,
                        body,
                    });
                }
                Ok((status, headers, body)) => {
                    span.record("status", status.as_u16());
                    let retry_after = headers
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| retry::parse_retry_after(v, SystemTime::now()));
                    let error = Box::new(api_error(
                        op.id,
                        status,
                        headers,
                        &body,
                        inner.info.error_code_pointers,
                        inner.info.error_message_pointers,
                    ));
                    let rate_limited = status == StatusCode::TOO_MANY_REQUESTS
                        || (status == StatusCode::SERVICE_UNAVAILABLE && retry_after.is_some());
                    let too_long = retry_after.is_some_and(|w| w > policy.max_retry_after);
                    if can_retry && retry::status_is_retryable(status) && !too_long {
                        let wait = retry_after.unwrap_or_else(|| policy.backoff(attempt));
                        tracing::debug!(
                            attempt,
                            status = status.as_u16(),
                            wait_ms = wait.as_millis() as u64,
                            "retrying"
                        );
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    return Err(if rate_limited {
                        Error::RateLimited { retry_after, error }
                    } else {
                        Error::Api(error)
                    });
                }
                Err(e) => {
                    let timed_out = e.is_timeout();
                    if can_retry {
                        let wait = policy.backoff(attempt);
                        tracing::debug!(
                            attempt,
                            timed_out,
                            wait_ms = wait.as_millis() as u64,
                            "retrying after a failed attempt"
                        );
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    return Err(if timed_out {
                        Error::Timeout {
                            operation: op.id,
                            after: timeout,
                        }
                    } else {
                        Error::Connection {
                            operation: op.id,
                            source: e.without_url(),
                        }
                    });
                }
            }
        }
    }
}

/// One attempt: send and read the whole body, both under the request's timeout.
async fn send(
    builder: reqwest::RequestBuilder,
) -> Result<(StatusCode, reqwest::header::HeaderMap, Vec<u8>), reqwest::Error> {
    let response = builder.send().await?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    Ok((status, headers, body.to_vec()))
}

fn merge(base: &CallOptions, over: &CallOptions) -> CallOptions {
    CallOptions {
        timeout: over.timeout.or(base.timeout),
        retry: over.retry.clone().or_else(|| base.retry.clone()),
        max_attempts: over.max_attempts.or(base.max_attempts),
        validate: over.validate.or(base.validate),
    }
}
