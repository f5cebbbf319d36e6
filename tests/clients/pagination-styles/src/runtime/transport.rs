//! Sending a request: credentials, idempotency key, timeouts, the retry loop,
//! tracing, and turning error statuses and transport failures into [`Error`]s.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, RETRY_AFTER, USER_AGENT};
use reqwest::{StatusCode, Url};
use tracing::Instrument;

use super::auth::{self, AuthTarget, Credential};
use super::config::{ApiInfo, CallOptions, ClientBuilder};
use super::error::{api_error, describe_transport_error, redact_urls, Error, ValidationError};
use super::request::{Operation, Request};
use super::response::RawResponse;
use super::retry::{self, RetryPolicy};

/// A configured API client. Cheap to clone: clones share one connection pool.
///
/// `Debug` shows the settings and which schemes have a credential, never the
/// credentials themselves.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    options: CallOptions,
}

struct Inner {
    info: &'static ApiInfo,
    http: reqwest::Client,
    /// Without a trailing slash; request paths start with one.
    base_url: String,
    timeout: Duration,
    /// `None` with a caller-supplied HTTP client, whose connect timeout is its own.
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    validate: bool,
    /// One slot per scheme of `info.security_schemes`.
    credentials: Vec<Option<Credential>>,
    /// Scrubbed from error bodies, for servers that echo a rejected key.
    secrets: Arc<[String]>,
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
            .field("base_url", &redact_urls(&self.inner.base_url))
            .field("timeout", &self.inner.timeout)
            .field("connect_timeout", &self.inner.connect_timeout)
            .field("retry", &self.inner.retry)
            .field("validate", &self.inner.validate)
            .field("credentials_for", &schemes)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The base URL requests go to (no trailing `/`), against which next-page URLs are checked.
    pub(crate) fn base_url(&self) -> &str {
        &self.inner.base_url
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
        for (scheme, credential) in schemes.iter().zip(&b.credentials) {
            if let Some(credential) = credential {
                auth::check(scheme, credential).map_err(Error::Config)?;
            }
        }
        let base_url = check_base_url(&b.base_url)?;
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
                base_url,
                timeout: b.timeout,
                connect_timeout,
                retry: b.retry,
                validate: b.validate,
                credentials: b.credentials,
                secrets: secrets.into(),
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
        let started = Instant::now();
        let mut attempts = 0;
        let result = self
            .execute_in_span(request, call, &mut attempts)
            .instrument(span.clone())
            .await;
        // Recorded once at the end: a field cannot be cleared, so a status
        // recorded per attempt would outlive a later attempt's timeout, and
        // `fmt` subscribers would print every value ever recorded.
        if attempts > 0 {
            span.record("attempt", attempts);
        }
        if let Some(status) = result
            .as_ref()
            .map_or_else(Error::status, |r| Some(r.status))
        {
            span.record("status", status.as_u16());
        }
        span.record("latency_ms", started.elapsed().as_millis() as u64);
        span.in_scope(|| match &result {
            Ok(response) => tracing::debug!(status = response.status.as_u16(), "call succeeded"),
            Err(error) => tracing::debug!(error = %error, "call failed"),
        });
        result
    }

    async fn execute_in_span(
        &self,
        mut request: Request,
        call: &CallOptions,
        attempts: &mut u32,
    ) -> Result<RawResponse, Error> {
        let op = request.operation;
        let inner = &*self.inner;
        let options = merge(&self.options, call);
        let timeout = options.timeout.unwrap_or(inner.timeout);
        let policy = options.retry.clone().unwrap_or_else(|| inner.retry.clone());
        let max_attempts = options.max_attempts.unwrap_or(policy.max_attempts).max(1);

        check_path(op, &request.path)?;

        // One key per logical call, reused by every retry, so the server can deduplicate.
        let has_key = match op.idempotency_header {
            Some(name) => {
                let set = request
                    .headers
                    .get(name)
                    .is_some_and(|v| !v.as_bytes().iter().all(u8::is_ascii_whitespace));
                if !set {
                    request.header(name, &uuid::Uuid::new_v4().to_string())?;
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
        .map_err(|e| Error::Config(e.describe(op.id)))?;
        request.headers.insert(USER_AGENT, inner.user_agent.clone());
        // The client decodes JSON; say so, unless the operation set its own.
        request
            .headers
            .entry(ACCEPT)
            .or_insert_with(|| HeaderValue::from_static("application/json"));

        let path: Cow<'_, str> = if request.path.starts_with('/') {
            Cow::Borrowed(&request.path)
        } else {
            Cow::Owned(format!("/{}", request.path))
        };
        // The parse error never quotes the URL, which may hold a query-string key.
        let mut url = Url::parse(&format!("{}{path}", inner.base_url))
            .map_err(|e| Error::Config(format!("{}: invalid URL: {e}", op.id)))?;
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(request.query.iter());
        }

        let mut attempt = 0u32;
        loop {
            attempt += 1;
            *attempts = attempt;
            let started = Instant::now();
            let mut builder = inner
                .http
                .request(op.method.clone(), url.clone())
                .headers(request.headers.clone())
                // Per request, so it holds with a caller-supplied client too.
                .timeout(timeout);
            if let Some(body) = &request.body {
                builder = builder.body(body.clone());
            }
            let outcome = send(builder).await;
            let latency_ms = started.elapsed().as_millis() as u64;
            let retries_left = attempt < max_attempts;

            let (error, wait) = match outcome {
                Ok((status, headers, body)) => {
                    tracing::debug!(attempt, status = status.as_u16(), latency_ms, "response");
                    if status.is_success() {
                        return Ok(RawResponse {
                            operation: op.id,
                            status,
                            headers,
                            body,
                            secrets: Arc::clone(&inner.secrets),
                        });
                    }
                    let retry_after = headers
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| retry::parse_retry_after(v, SystemTime::now()));
                    let mut error = Box::new(api_error(
                        op.id,
                        status,
                        headers,
                        &body,
                        inner.info.error_code_pointers,
                        inner.info.error_message_pointers,
                    ));
                    error.redact(&inner.secrets);
                    let rate_limited = status == StatusCode::TOO_MANY_REQUESTS
                        || (status == StatusCode::SERVICE_UNAVAILABLE && retry_after.is_some());
                    let error = if rate_limited {
                        Error::RateLimited { retry_after, error }
                    } else {
                        Error::Api(error)
                    };
                    let wait = if !retry::status_is_retryable(status) || !retryable_method {
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
                Err(e) => {
                    tracing::debug!(
                        attempt,
                        latency_ms,
                        timeout = e.is_timeout(),
                        connect = e.is_connect(),
                        "request failed"
                    );
                    if e.is_builder() {
                        let why = describe_transport_error(&e);
                        return Err(Error::Config(format!(
                            "{}: cannot build the request: {why}",
                            op.id
                        )));
                    }
                    // A connection never established carried nothing, so any method may try again.
                    let retry = !e.is_redirect() && (retryable_method || e.is_connect());
                    let error = if e.is_timeout() {
                        let after = if e.is_connect() {
                            inner.connect_timeout.unwrap_or(timeout)
                        } else {
                            timeout
                        };
                        Error::Timeout {
                            operation: op.id,
                            after,
                        }
                    } else {
                        Error::Connection {
                            operation: op.id,
                            source: e.without_url(),
                        }
                    };
                    (error, Some(policy.backoff(attempt)).filter(|_| retry))
                }
            };
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

/// One attempt: send and read the whole body, both under the request's timeout.
async fn send(
    builder: reqwest::RequestBuilder,
) -> Result<(StatusCode, HeaderMap, Vec<u8>), reqwest::Error> {
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

/// The base URL without trailing slashes, checked to be one that paths can be
/// appended to. Messages show it redacted: callers do put keys in URLs.
fn check_base_url(raw: &str) -> Result<String, Error> {
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
    let template: Vec<&str> = op.path.split('/').collect();
    let actual: Vec<&str> = path.split('/').collect();
    let aligned = template.len() == actual.len();
    for (i, segment) in actual.iter().enumerate() {
        let param = aligned
            .then(|| {
                template[i]
                    .strip_prefix('{')
                    .and_then(|t| t.strip_suffix('}'))
            })
            .flatten()
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
        },
        SecurityScheme {
            name: "apiKey",
            kind: SchemeKind::ApiKey {
                location: ApiKeyLocation::Query,
                name: "key",
            },
        },
    ];

    static INFO: ApiInfo = ApiInfo {
        user_agent: "test-client/1.0",
        default_base_url: "https://api.example.com/v1",
        security_schemes: SCHEMES,
        error_code_pointers: &[],
        error_message_pointers: &[],
    };

    static GET_NUMBER: Operation = Operation {
        id: "getNumber",
        method: Method::GET,
        path: "/numbers/{number}/routes",
        security: &[],
        idempotency_header: None,
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
        assert_eq!(client.inner.base_url, "http://127.0.0.1:9/v1");
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
        let merged = merge(
            &client.options,
            &CallOptions::new()
                .max_attempts(2)
                .timeout(Duration::from_secs(1)),
        );
        assert_eq!(merged.max_attempts, Some(2));
        assert_eq!(merged.timeout, Some(Duration::from_secs(1)));
        assert_eq!(merged.validate, Some(false));
        assert!(builder().build().unwrap().validates(&CallOptions::new()));
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
