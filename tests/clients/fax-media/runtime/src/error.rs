//! The client's one error type, and the parsing of error bodies in every
//! shape servers really send (the spec's own, common JSON shapes, plain text,
//! HTML, nothing at all) without ever panicking.
//!
//! Every `Display` and `Debug` here is safe to log: URLs in transport errors
//! are dropped or redacted (a query-string API key would otherwise leak), and
//! the transport scrubs the client's credentials from server-sent text.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::error_fields::{CODE_POINTERS, MESSAGE_POINTERS};

/// The result of every client call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong with a call.
///
/// Match on the variant to tell what happened; new variants may be added.
/// `Display` and `Debug` never contain a credential.
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status.
    Api(Box<ApiError>),
    /// The server rate limited the call (429, or 503 with `Retry-After`) and
    /// either asked for a longer wait than the retry policy allows or the
    /// attempts ran out.
    RateLimited {
        /// The wait the server asked for, if it said.
        retry_after: Option<Duration>,
        /// The response itself.
        error: Box<ApiError>,
    },
    /// An attempt took longer than the timeout, or the call's deadline
    /// passed (across attempts and the waits between them).
    Timeout {
        /// The operation id.
        operation: &'static str,
        /// The timeout or deadline that elapsed.
        after: Duration,
    },
    /// The request could not be sent or the response could not be read
    /// (DNS, refused connection, TLS, reset).
    Connection {
        /// The operation id.
        operation: &'static str,
        /// The underlying failure, its URL removed.
        source: reqwest::Error,
    },
    /// A successful response whose body does not match the spec.
    Decode(Box<DecodeError>),
    /// The request broke a constraint of the spec and was not sent.
    Validation(ValidationError),
    /// The client is misconfigured (bad base URL, missing credentials) or the
    /// request could not be encoded.
    Config(String),
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) | Error::RateLimited { error: e, .. } => Some(e.status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The API error details, when the server answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) | Error::RateLimited { error: e, .. } => Some(e),
            _ => None,
        }
    }

    /// The wait the server asked for before calling again, when it rate limited the call.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The request id the server assigned, to quote to the provider's support.
    pub fn request_id(&self) -> Option<&str> {
        self.api_error().and_then(|e| e.request_id.as_deref())
    }

    /// The raw error body the server sent, when it answered with an error status.
    pub fn body(&self) -> Option<&str> {
        self.api_error().map(|e| e.body.as_str())
    }

    /// The error body decoded as `T`; `None` when the server did not answer
    /// with an error status or the body is not a `T`.
    pub fn body_as<T: DeserializeOwned>(&self) -> Option<T> {
        self.api_error().and_then(|e| e.decode_body().ok())
    }

    /// The error as one of the responses the operation declares: each
    /// operation has such an enum (`NumbersGetError` for `NumbersGet`), so a
    /// `match` names the status and gets its typed body. `None` when the
    /// server did not answer with an error status.
    ///
    /// ```ignore
    /// match err.typed() {
    ///     Some(NumbersGetError::Status404(body)) => println!("{}", body.error.message),
    ///     _ => return Err(err),
    /// }
    /// ```
    pub fn typed<E: TypedError>(&self) -> Option<E> {
        self.api_error().map(E::from_api_error)
    }

    fn status_code(&self) -> Option<u16> {
        self.api_error().map(|e| e.status.as_u16())
    }

    /// The server answered 404 Not Found (or 410 Gone).
    pub fn is_not_found(&self) -> bool {
        matches!(self.status_code(), Some(404 | 410))
    }

    /// The server refused the credentials: 401 Unauthorized (missing or bad
    /// credentials) or 403 Forbidden (valid credentials without the right).
    pub fn is_unauthorized(&self) -> bool {
        matches!(self.status_code(), Some(401 | 403))
    }

    /// The server rate limited the call (429, or 503 with `Retry-After`);
    /// [`retry_after`](Self::retry_after) says how long it asked to wait.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Error::RateLimited { .. })
    }

    /// The server answered with a 5xx status.
    pub fn is_server_error(&self) -> bool {
        matches!(self.status_code(), Some(500..=599))
    }

    /// The call ran out of time: an attempt's timeout or the call's deadline.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// A later identical call may succeed: a timeout, a connection failure,
    /// rate limiting, or a status the default [`RetryPolicy`](super::RetryPolicy)
    /// retries (500, 502, 503, 504). Whether re-sending is *safe* depends on
    /// the method; the client's own retries already take care of that.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout { .. } | Error::Connection { .. } | Error::RateLimited { .. } => true,
            Error::Api(e) => super::retry::status_is_retryable(e.status),
            _ => false,
        }
    }
}

/// The error responses one operation declares, as an enum generated per
/// operation: one variant per declared status (its body decoded into the
/// declared schema) and `Unknown` for anything else. Got with [`Error::typed`].
pub trait TypedError: Sized {
    /// Picks the variant for the error's status and decodes its body; a body
    /// that does not match the declared schema gives the `Unknown` variant.
    fn from_api_error(error: &ApiError) -> Self;
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::RateLimited {
                retry_after: Some(wait),
                error,
            } => {
                write!(
                    f,
                    "{error}; rate limited, retry after {} s",
                    wait.as_secs_f64()
                )
            }
            Error::RateLimited {
                retry_after: None,
                error,
            } => write!(f, "{error}; rate limited"),
            Error::Timeout { operation, after } => {
                write!(f, "{operation}: timed out after {} s", after.as_secs_f64())
            }
            Error::Connection { operation, source } => {
                write!(
                    f,
                    "{operation}: connection failed: {}",
                    describe_transport_error(source)
                )
            }
            Error::Decode(e) => e.fmt(f),
            Error::Validation(e) => e.fmt(f),
            Error::Config(msg) => write!(f, "client configuration: {msg}"),
        }
    }
}

// Written by hand rather than derived so that the transport error is shown
// through the same URL-free description as `Display`: a URL nested anywhere in
// its chain could carry a query-string API key.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => f.debug_tuple("Api").field(e).finish(),
            Error::RateLimited { retry_after, error } => f
                .debug_struct("RateLimited")
                .field("retry_after", retry_after)
                .field("error", error)
                .finish(),
            Error::Timeout { operation, after } => f
                .debug_struct("Timeout")
                .field("operation", operation)
                .field("after", after)
                .finish(),
            Error::Connection { operation, source } => f
                .debug_struct("Connection")
                .field("operation", operation)
                .field("kind", &transport_error_kind(source))
                .field("source", &describe_transport_error(source))
                .finish(),
            Error::Decode(e) => f.debug_tuple("Decode").field(e).finish(),
            Error::Validation(e) => f.debug_tuple("Validation").field(e).finish(),
            Error::Config(msg) => f.debug_tuple("Config").field(msg).finish(),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Connection { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Error::Validation(e)
    }
}

/// A transport error's causes as text, without the URL reqwest attaches
/// (which may carry an API key sent as a query parameter). URLs nested deeper
/// in the chain are redacted too.
pub(crate) fn describe_transport_error(e: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(err) = cur {
        let text = redact_urls(&err.to_string()).into_owned();
        // Wrappers often repeat their cause's text; once is enough.
        if !parts.last().is_some_and(|p| p.ends_with(&text)) {
            parts.push(text);
        }
        cur = err.source();
    }
    if parts.is_empty() {
        transport_error_kind(e).to_owned()
    } else {
        parts.join(": ")
    }
}

/// The phase a transport error happened in, in words.
fn transport_error_kind(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_redirect() {
        "redirect failed"
    } else if e.is_body() || e.is_decode() {
        "could not read the response"
    } else if e.is_builder() {
        "could not build the request"
    } else {
        "request failed"
    }
}

/// Replaces the user information and query of every URL in `text` with
/// `***`, the two places a credential can sit in a URL.
pub(crate) fn redact_urls(text: &str) -> Cow<'_, str> {
    if !text.contains("://") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        let end = tail
            // `)` ends a URL in reqwest's "for url (...)"; our query values are
            // form-encoded, so a `)` inside one is `%29` and cannot cut a secret short.
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`' | ')'))
            .unwrap_or(tail.len());
        let (url, after) = tail.split_at(end);
        let authority_end = url.find(['/', '?', '#']).unwrap_or(url.len());
        let (authority, path) = url.split_at(authority_end);
        match authority.rfind('@') {
            Some(at) => {
                out.push_str("***@");
                out.push_str(&authority[at + 1..]);
            }
            None => out.push_str(authority),
        }
        match path.find('?') {
            Some(q) => {
                out.push_str(&path[..q]);
                out.push_str("?***");
            }
            None => out.push_str(path),
        }
        rest = after;
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// An error status from the server, with what it said.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation id of the call (the type name for `value.validate()`).
    pub operation: &'static str,
    /// The HTTP status.
    pub status: StatusCode,
    /// The API's own error code, when the body carries one (as text, whether the server sent a number or a string).
    pub code: Option<String>,
    /// The API's error message, or a short excerpt of a non-JSON body.
    pub message: Option<String>,
    /// The raw body, as text (lossy for invalid UTF-8).
    pub body: String,
    /// The response headers.
    pub headers: HeaderMap,
    /// The request id the server assigned, from a `X-Request-Id`-style header.
    pub request_id: Option<String>,
}

impl ApiError {
    /// Decodes the body as one of the error schemas the spec declares for this operation.
    ///
    /// # Errors
    /// When the body does not match `T`.
    pub fn decode_body<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.body)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        if let Some(code) = &self.code {
            write!(f, " (code {code})")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

/// A response body that does not match the spec.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// The operation id of the call (the type name for `value.validate()`).
    pub operation: &'static str,
    /// The HTTP status of the response.
    pub status: StatusCode,
    /// Where in the body decoding failed, as a path like `data.numbers[2].route`.
    pub path: String,
    /// What was wrong there.
    pub message: String,
    /// The raw body, as text (for an item of a stream, that item's data).
    pub body: String,
    /// For one item of an event stream or of JSON Lines, which one; `None`
    /// when a whole body did not decode.
    pub item: Option<StreamItem>,
}

/// Which item of a stream of events or lines did not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StreamItem {
    /// Its place in the stream, counted from 0 over every event or line
    /// received, those that failed included.
    pub index: u64,
    /// The event's id (the last `id` the stream set), for an event stream.
    pub id: Option<String>,
    /// The event's type (its `event` field), for an event stream.
    pub event: Option<String>,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.item {
            Some(item) => {
                write!(f, "{}: item {} of the stream", self.operation, item.index)?;
                match (&item.id, &item.event) {
                    (Some(id), Some(event)) => write!(f, " (event `{event}`, id `{id}`)")?,
                    (None, Some(event)) => write!(f, " (event `{event}`)")?,
                    (Some(id), None) => write!(f, " (id `{id}`)")?,
                    (None, None) => {}
                }
                write!(
                    f,
                    " does not match the spec at `{}`: {}",
                    self.path, self.message
                )
            }
            None => write!(
                f,
                "{}: response (HTTP {}) does not match the spec at `{}`: {}",
                self.operation, self.status, self.path, self.message
            ),
        }
    }
}

/// A request rejected before sending because it breaks the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidationError {
    /// The operation id of the call (the type name for `value.validate()`).
    pub operation: &'static str,
    /// The parameter or body field, e.g. `number` or `body.numbers[0]`.
    pub field: String,
    /// Which constraint failed.
    pub reason: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: invalid `{}`: {}",
            self.operation, self.field, self.reason
        )
    }
}

/// The headers servers commonly use for a request id, most common first.
const REQUEST_ID_HEADERS: &[&str] = &[
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-correlation-id",
    "x-trace-id",
    "cf-ray",
];

/// The longest message taken from a text or HTML body, in characters.
const EXCERPT_CHARS: usize = 200;

/// The request id of a response, from the first of the common headers it carries.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    REQUEST_ID_HEADERS.iter().find_map(|h| {
        headers
            .get(*h)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    })
}

/// Builds an [`ApiError`] from a response, whatever the body looks like:
/// JSON in the API's shape or a common one, plain text, HTML, or nothing.
pub(crate) fn api_error(
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    body: &[u8],
    code_pointers: &[&str],
    message_pointers: &[&str],
) -> ApiError {
    let text = String::from_utf8_lossy(body).into_owned();
    let json = serde_json::from_slice::<serde_json::Value>(strip_bom(body)).ok();
    let (code, message) = match &json {
        // A bare JSON string is a message in quotes.
        Some(serde_json::Value::String(s)) => (None, excerpt(s)),
        Some(json) => (
            first_text(json, code_pointers.iter().chain(CODE_POINTERS)),
            first_text(json, message_pointers.iter().chain(MESSAGE_POINTERS)),
        ),
        None if is_html(&headers, &text) => (None, html_excerpt(&text)),
        None => (None, excerpt(&text)),
    };
    let request_id = request_id(&headers).map(str::to_owned);
    ApiError {
        operation,
        status,
        code,
        message,
        body: text,
        headers,
        request_id,
    }
}

/// Replaces every occurrence of each secret in `text` with `***`.
pub(crate) fn scrub(text: &mut String, secrets: &[String]) {
    for secret in secrets {
        if text.contains(secret.as_str()) {
            *text = text.replace(secret.as_str(), "***");
        }
    }
}

impl ApiError {
    /// Replaces every occurrence of each secret in what `Display` and `Debug`
    /// show (texts, headers, request id), for servers that echo a rejected key back.
    pub(crate) fn redact(&mut self, secrets: &[String]) {
        for text in [
            self.code.as_mut(),
            self.message.as_mut(),
            Some(&mut self.body),
            self.request_id.as_mut(),
        ]
        .into_iter()
        .flatten()
        {
            scrub(text, secrets);
        }
        for value in self.headers.values_mut() {
            let Ok(text) = value.to_str() else { continue };
            if secrets.iter().any(|s| text.contains(s.as_str())) {
                let mut clean = text.to_owned();
                scrub(&mut clean, secrets);
                if let Ok(v) = reqwest::header::HeaderValue::from_str(&clean) {
                    *value = v;
                }
            }
        }
    }
}

impl DecodeError {
    /// A decode error for a response of `operation`, its path shown as `(root)`
    /// when the whole body is at fault, and the client's secrets scrubbed.
    pub(crate) fn new(
        operation: &'static str,
        status: StatusCode,
        path: String,
        message: String,
        body: &[u8],
        secrets: &[String],
    ) -> Self {
        let path = if path.is_empty() || path == "." {
            String::from("(root)")
        } else {
            path
        };
        let body = String::from_utf8_lossy(body).into_owned();
        let mut error = DecodeError {
            operation,
            status,
            path,
            message,
            body,
            item: None,
        };
        error.redact(secrets);
        error
    }

    /// Replaces every occurrence of each secret in the message and raw body.
    pub(crate) fn redact(&mut self, secrets: &[String]) {
        scrub(&mut self.message, secrets);
        scrub(&mut self.body, secrets);
        scrub(&mut self.path, secrets);
    }
}

/// The body without a UTF-8 byte order mark, which JSON parsers reject.
pub(crate) fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(body)
}

/// The first pointer that names a scalar (or a list of strings), as text.
fn first_text<'a>(
    json: &serde_json::Value,
    pointers: impl Iterator<Item = &'a &'a str>,
) -> Option<String> {
    use serde_json::Value;
    pointers
        .filter_map(|p| json.pointer(p))
        .find_map(|v| match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            // Validation frameworks send `"message": ["a is required", "b is too long"]`.
            Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_string) => {
                let parts: Vec<&str> = items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                (!parts.is_empty()).then(|| parts.join("; "))
            }
            _ => None,
        })
}

fn is_html(headers: &HeaderMap, text: &str) -> bool {
    let declared = headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("html"));
    declared || text.trim_start().starts_with('<')
}

/// A one-line excerpt of a plain-text body: white space folded, at most
/// [`EXCERPT_CHARS`] characters. `None` for an empty body.
fn excerpt(text: &str) -> Option<String> {
    let folded: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.is_empty() {
        return None;
    }
    Some(match folded.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &folded[..cut]),
        None => folded,
    })
}

/// What a person would read first on an HTML error page: its `<title>`, or
/// else its text without tags, scripts and styles (proxies and CDNs send
/// pages that are mostly script).
fn html_excerpt(html: &str) -> Option<String> {
    // ASCII lowercasing keeps every byte offset, so indices found in `lower` slice `html`.
    let lower = html.to_ascii_lowercase();
    if let Some(start) = lower.find("<title") {
        if let Some(open) = lower[start..].find('>') {
            let from = start + open + 1;
            if let Some(len) = lower[from..].find("</title") {
                if let Some(title) = excerpt(&decode_entities(&html[from..from + len])) {
                    return Some(title);
                }
            }
        }
    }
    let mut plain = String::with_capacity(html.len().min(4096));
    let mut pos = 0;
    while let Some(rel) = lower[pos..].find('<') {
        let lt = pos + rel;
        plain.push_str(&html[pos..lt]);
        plain.push(' ');
        let Some(gt) = lower[lt..].find('>') else {
            pos = html.len();
            break;
        };
        let name = lower[lt + 1..lt + gt]
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("");
        pos = lt + gt + 1;
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            pos = lower[pos..].find(&close).map_or(html.len(), |c| pos + c);
        }
    }
    plain.push_str(&html[pos..]);
    excerpt(&decode_entities(&plain))
}

/// Decodes the few character references error pages actually use.
fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = text.to_owned();
    for (entity, plain) in [
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&apos;", "'"),
        ("&nbsp;", " "),
    ] {
        out = out.replace(entity, plain);
    }
    // Last, so that `&amp;lt;` stays `&lt;`.
    Cow::Owned(out.replace("&amp;", "&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> ApiError {
        api_error(
            "op",
            StatusCode::BAD_REQUEST,
            HeaderMap::new(),
            body.as_bytes(),
            &["/error/code"],
            &["/error/message"],
        )
    }

    #[test]
    fn spec_shape() {
        let e = parse(r#"{"status":"error","error":{"code":400,"message":"Invalid number"}}"#);
        assert_eq!(e.code.as_deref(), Some("400"));
        assert_eq!(e.message.as_deref(), Some("Invalid number"));
    }

    #[test]
    fn spec_pointers_win_over_generic_ones() {
        let e = api_error(
            "op",
            StatusCode::BAD_REQUEST,
            HeaderMap::new(),
            br#"{"code":"generic","message":"generic","fault":{"id":"E42","text":"specific"}}"#,
            &["/fault/id"],
            &["/fault/text"],
        );
        assert_eq!(e.code.as_deref(), Some("E42"));
        assert_eq!(e.message.as_deref(), Some("specific"));
    }

    #[test]
    fn flat_shape_with_string_code() {
        let e = parse(r#"{"code":"VALIDATION_ERROR","message":"bad page"}"#);
        assert_eq!(e.code.as_deref(), Some("VALIDATION_ERROR"));
        assert_eq!(e.message.as_deref(), Some("bad page"));
    }

    #[test]
    fn json_api_error_list() {
        let e = parse(
            r#"{"errors":[{"code":"10009","title":"Authentication failed","detail":"bad key"}]}"#,
        );
        assert_eq!(e.code.as_deref(), Some("10009"));
        assert_eq!(e.message.as_deref(), Some("bad key"));
        let e = parse(r#"{"errors":[{"status":"422","title":"Invalid Attribute"}]}"#);
        assert_eq!(e.code, None);
        assert_eq!(e.message.as_deref(), Some("Invalid Attribute"));
    }

    #[test]
    fn other_common_shapes() {
        let oauth = parse(r#"{"error":"invalid_grant","error_description":"token expired"}"#);
        assert_eq!(oauth.message.as_deref(), Some("token expired"));
        let list = parse(
            r#"{"statusCode":400,"message":["a is required","b is too long"],"error":"Bad Request"}"#,
        );
        assert_eq!(
            list.message.as_deref(),
            Some("a is required; b is too long")
        );
        let bare = parse(r#""quota exceeded""#);
        assert_eq!(bare.message.as_deref(), Some("quota exceeded"));
        let strings = parse(r#"{"errors":["number is taken"]}"#);
        assert_eq!(strings.message.as_deref(), Some("number is taken"));
        let nothing_known = parse(r#"{"foo":"bar"}"#);
        assert_eq!((nothing_known.code, nothing_known.message), (None, None));
        let kind =
            parse(r#"{"error":{"type":"index_not_found_exception","reason":"no such index"}}"#);
        assert_eq!(kind.code.as_deref(), Some("index_not_found_exception"));
        assert_eq!(kind.message.as_deref(), Some("no such index"));
        let bom = parse("\u{feff}{\"code\":\"X\",\"message\":\"with BOM\"}");
        assert_eq!(bom.message.as_deref(), Some("with BOM"));
    }

    #[test]
    fn plain_text_html_and_empty() {
        assert_eq!(
            parse("Service Unavailable").message.as_deref(),
            Some("Service Unavailable")
        );
        assert_eq!(
            parse("a < b\n  and   c").message.as_deref(),
            Some("a < b and c")
        );
        let html = parse(
            "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>",
        );
        assert_eq!(html.message.as_deref(), Some("502 Bad Gateway"));
        let untitled = parse(
            "<!DOCTYPE html><html><head><style>h1{color:red}</style><script>var x = '<b>';</script></head>\
             <body><h1>Access &amp; denied</h1><p>Ray&nbsp;ID: 42</p></body></html>",
        );
        assert_eq!(
            untitled.message.as_deref(),
            Some("Access & denied Ray ID: 42")
        );
        assert_eq!(parse("").message, None);
        assert_eq!(parse("   ").code, None);
        assert_eq!(parse("   ").message, None);
    }

    #[test]
    fn html_by_content_type() {
        let mut h = HeaderMap::new();
        h.insert(
            reqwest::header::CONTENT_TYPE,
            "text/html; charset=utf-8".parse().unwrap(),
        );
        let e = api_error(
            "op",
            StatusCode::FORBIDDEN,
            h,
            b"Forbidden<br>by policy",
            &[],
            &[],
        );
        assert_eq!(e.message.as_deref(), Some("Forbidden by policy"));
    }

    #[test]
    fn odd_bodies_never_panic() {
        let bodies: &[&[u8]] = &[
            b"null",
            b"[]",
            b"42",
            br#"{"error":null}"#,
            br#"{"error":{"code":{}}}"#,
            br#"{"message":[1,2]}"#,
            b"\x00\xff",
            b"{",
            b"<",
            b"<title>",
            b"<title>x",
            b"<script>never closed",
            b"<html><title></title></html>",
            b"\xEF\xBB\xBF",
            "<p>\u{e9}t\u{e9} \u{1f600}</p>".as_bytes(),
            b"&amp;&",
        ];
        for body in bodies {
            let e = api_error(
                "op",
                StatusCode::BAD_GATEWAY,
                HeaderMap::new(),
                body,
                &["/x/0"],
                &["/y"],
            );
            assert_eq!(e.body, String::from_utf8_lossy(body));
            let _ = (e.to_string(), format!("{e:?}"));
        }
        let e = api_error(
            "op",
            StatusCode::BAD_GATEWAY,
            HeaderMap::new(),
            &[0xff, 0xfe, b'x'],
            &[],
            &[],
        );
        assert!(e.message.is_some());
    }

    #[test]
    fn random_bodies_never_panic() {
        // Fragments that exercise every branch of the parsers, glued at random.
        const PIECES: &[&str] = &[
            "<",
            ">",
            "<title>",
            "</title",
            "<script>",
            "</script>",
            "<style",
            "&amp;",
            "&",
            "{",
            "}",
            "\"",
            ":",
            "[",
            "]",
            "\u{e9}",
            "\u{1f600}",
            " ",
            "\n",
            "code",
            "message",
            "errors",
            "0",
            "null",
            "<!--",
            "-->",
            "\u{feff}",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..2000 {
            let mut body = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            for i in 0..(state % 24) {
                body.push_str(PIECES[((state >> (i % 50)) as usize + i as usize) % PIECES.len()]);
            }
            let mut h = HeaderMap::new();
            if state % 3 == 0 {
                h.insert(reqwest::header::CONTENT_TYPE, "text/html".parse().unwrap());
            }
            let e = api_error(
                "op",
                StatusCode::BAD_GATEWAY,
                h,
                body.as_bytes(),
                &["/error/code"],
                &["/error/message"],
            );
            let _ = (e.to_string(), format!("{e:?}"));
        }
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary() {
        let e = parse(&"x".repeat(500));
        assert_eq!(e.message.unwrap().chars().count(), EXCERPT_CHARS + 1);
        let e = parse(&"\u{e9}".repeat(500));
        assert!(e.message.unwrap().ends_with('…'));
    }

    #[test]
    fn request_id_from_headers() {
        let mut h = HeaderMap::new();
        h.insert("x-correlation-id", "corr-9".parse().unwrap());
        h.insert("x-request-id", "req-1".parse().unwrap());
        let e = api_error("op", StatusCode::NOT_FOUND, h, b"", &[], &[]);
        assert_eq!(e.request_id.as_deref(), Some("req-1"));
        assert_eq!(e.to_string(), "op: HTTP 404 Not Found");
        assert_eq!(Error::Api(Box::new(e)).request_id(), Some("req-1"));
    }

    #[test]
    fn redact_covers_headers_request_id_and_decode_errors() {
        let mut h = HeaderMap::new();
        h.insert(
            "www-authenticate",
            "Bearer error=\"invalid_token\", token sk_live_abcdefgh"
                .parse()
                .unwrap(),
        );
        h.insert("x-request-id", "sk_live_abcdefgh".parse().unwrap());
        let mut e = api_error("op", StatusCode::UNAUTHORIZED, h, b"", &[], &[]);
        e.redact(&["sk_live_abcdefgh".to_owned()]);
        assert!(!format!("{e:?}").contains("sk_live_abcdefgh"), "{e:?}");
        let mut d = DecodeError {
            operation: "op",
            status: StatusCode::OK,
            path: "id".into(),
            message: "invalid type: string \"sk_live_abcdefgh\"".into(),
            body: "{\"id\":\"sk_live_abcdefgh\"}".into(),
            item: None,
        };
        d.redact(&["sk_live_abcdefgh".to_owned()]);
        assert!(!format!("{d:?} {d}").contains("sk_live_abcdefgh"));
    }

    #[test]
    fn redact_replaces_echoed_secrets() {
        let mut e =
            parse(r#"{"code":"sk_live_abcdefgh","message":"key sk_live_abcdefgh is revoked"}"#);
        e.redact(&["sk_live_abcdefgh".to_owned()]);
        assert_eq!(e.message.as_deref(), Some("key *** is revoked"));
        assert!(!format!("{e:?}").contains("sk_live"));
    }

    #[test]
    fn urls_lose_user_info_and_query() {
        assert_eq!(
            redact_urls("error sending request for url (https://u:p@h.example/a/b?api_key=s3cr3t&x=1#f): reset"),
            "error sending request for url (https://***@h.example/a/b?***): reset"
        );
        assert_eq!(
            redact_urls("http://h/x 'https://h/y?k=v'"),
            "http://h/x 'https://h/y?***'"
        );
        assert_eq!(redact_urls("no url here"), "no url here");
        assert_eq!(redact_urls("odd ://?k=v"), "odd ://?***");
    }

    #[test]
    fn display_of_every_variant() {
        let api = Box::new(parse(r#"{"code":"E","message":"m"}"#));
        let cases = [
            (
                Error::Api(api.clone()),
                "op: HTTP 400 Bad Request (code E): m",
            ),
            (
                Error::RateLimited {
                    retry_after: Some(Duration::from_secs(3)),
                    error: api.clone(),
                },
                "op: HTTP 400 Bad Request (code E): m; rate limited, retry after 3 s",
            ),
            (
                Error::RateLimited {
                    retry_after: None,
                    error: api,
                },
                "op: HTTP 400 Bad Request (code E): m; rate limited",
            ),
            (
                Error::Timeout {
                    operation: "op",
                    after: Duration::from_millis(1500),
                },
                "op: timed out after 1.5 s",
            ),
            (Error::Config("bad".into()), "client configuration: bad"),
            (
                Error::from(ValidationError {
                    operation: "op",
                    field: "n".into(),
                    reason: "too long".into(),
                }),
                "op: invalid `n`: too long",
            ),
        ];
        for (error, text) in cases {
            assert_eq!(error.to_string(), text);
            assert!(!format!("{error:?}").is_empty());
        }
    }

    #[test]
    fn error_is_send_sync_and_static() {
        fn check<T: Send + Sync + 'static + std::error::Error>() {}
        check::<Error>();
    }
}
