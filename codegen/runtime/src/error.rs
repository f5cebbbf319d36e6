//! The client's one error type, and the parsing of error bodies in every
//! shape servers really send.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

/// The result of every client call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong with a call.
///
/// Match on the variant to tell what happened; new variants may be added.
#[derive(Debug)]
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
    /// An attempt took longer than the timeout.
    Timeout {
        /// The operation id.
        operation: &'static str,
        /// The timeout that elapsed.
        after: Duration,
    },
    /// The request could not be sent or the response could not be read
    /// (DNS, refused connection, TLS, reset).
    Connection {
        /// The operation id.
        operation: &'static str,
        /// The underlying failure.
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
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::RateLimited { retry_after: Some(wait), error } => {
                write!(f, "{error}; rate limited, retry after {} s", wait.as_secs_f64())
            }
            Error::RateLimited { retry_after: None, error } => write!(f, "{error}; rate limited"),
            Error::Timeout { operation, after } => {
                write!(f, "{operation}: timed out after {} s", after.as_secs_f64())
            }
            Error::Connection { operation, source } => {
                write!(f, "{operation}: connection failed: {}", without_url(source))
            }
            Error::Decode(e) => e.fmt(f),
            Error::Validation(e) => e.fmt(f),
            Error::Config(msg) => write!(f, "client configuration: {msg}"),
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

/// A reqwest error's text without the URL, which may carry an API key sent as a query parameter.
fn without_url(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(err) = cur {
        parts.push(err.to_string());
        cur = err.source();
    }
    if parts.is_empty() {
        if e.is_connect() { "could not connect".to_owned() } else { "request failed".to_owned() }
    } else {
        parts.join(": ")
    }
}

/// An error status from the server, with what it said.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation id of the call.
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
    /// The operation id of the call.
    pub operation: &'static str,
    /// The HTTP status of the response.
    pub status: StatusCode,
    /// Where in the body decoding failed, as a path like `data.numbers[2].route`.
    pub path: String,
    /// What was wrong there.
    pub message: String,
    /// The raw body, as text.
    pub body: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: response (HTTP {}) does not match the spec at `{}`: {}", self.operation, self.status, self.path, self.message)
    }
}

/// A request rejected before sending because it breaks the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidationError {
    /// The operation id of the call.
    pub operation: &'static str,
    /// The parameter or body field, e.g. `number` or `body.numbers[0]`.
    pub field: String,
    /// Which constraint failed.
    pub reason: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: invalid `{}`: {}", self.operation, self.field, self.reason)
    }
}

/// The headers servers commonly use for a request id, most common first.
const REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id", "cf-ray"];

/// Generic places of an error code, after the API's own.
const CODE_POINTERS: &[&str] = &["/error/code", "/code", "/errors/0/code", "/error_code", "/status_code"];
/// Generic places of an error message, after the API's own.
const MESSAGE_POINTERS: &[&str] = &[
    "/error/message",
    "/message",
    "/errors/0/detail",
    "/errors/0/message",
    "/errors/0/title",
    "/detail",
    "/title",
    "/error_description",
    "/error",
];

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
    let (code, message) = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(json) => (
            first_text(&json, code_pointers.iter().chain(CODE_POINTERS)),
            first_text(&json, message_pointers.iter().chain(MESSAGE_POINTERS)),
        ),
        Err(_) => (None, excerpt(&text)),
    };
    let request_id = REQUEST_ID_HEADERS
        .iter()
        .find_map(|h| headers.get(*h).and_then(|v| v.to_str().ok()).map(str::to_owned));
    ApiError { operation, status, code, message, body: text, headers, request_id }
}

/// The first pointer that names a scalar, as text.
fn first_text<'a>(json: &serde_json::Value, pointers: impl Iterator<Item = &'a &'a str>) -> Option<String> {
    pointers.filter_map(|p| json.pointer(p)).find_map(|v| match v {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

/// A one-line excerpt of a text or HTML body: tags dropped, white space
/// folded, at most 200 characters. `None` for an empty body.
fn excerpt(text: &str) -> Option<String> {
    let mut plain = String::with_capacity(text.len().min(1024));
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            _ if !in_tag => plain.push(c),
            _ => {}
        }
    }
    let folded: String = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.is_empty() {
        return None;
    }
    Some(match folded.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &folded[..cut]),
        None => folded,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> ApiError {
        api_error("op", StatusCode::BAD_REQUEST, HeaderMap::new(), body.as_bytes(), &["/error/code"], &["/error/message"])
    }

    #[test]
    fn spec_shape() {
        let e = parse(r#"{"status":"error","error":{"code":400,"message":"Invalid number"}}"#);
        assert_eq!(e.code.as_deref(), Some("400"));
        assert_eq!(e.message.as_deref(), Some("Invalid number"));
    }

    #[test]
    fn flat_shape_with_string_code() {
        let e = parse(r#"{"code":"VALIDATION_ERROR","message":"bad page"}"#);
        assert_eq!(e.code.as_deref(), Some("VALIDATION_ERROR"));
        assert_eq!(e.message.as_deref(), Some("bad page"));
    }

    #[test]
    fn json_api_error_list() {
        let e = parse(r#"{"errors":[{"code":"10009","title":"Authentication failed","detail":"bad key"}]}"#);
        assert_eq!(e.code.as_deref(), Some("10009"));
        assert_eq!(e.message.as_deref(), Some("bad key"));
    }

    #[test]
    fn plain_text_html_and_empty() {
        assert_eq!(parse("Service Unavailable").message.as_deref(), Some("Service Unavailable"));
        let html = parse("<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>");
        assert_eq!(html.message.as_deref(), Some("502 Bad Gateway 502"));
        assert_eq!(parse("").message, None);
        assert_eq!(parse("   ").code, None);
    }

    #[test]
    fn odd_json_never_panics() {
        for body in ["null", "[]", "42", r#"{"error":null}"#, r#"{"error":{"code":{}}}"#, "\u{0}\u{ff}", "{"] {
            let e = parse(body);
            assert_eq!(e.body, body);
        }
        let e = api_error("op", StatusCode::BAD_GATEWAY, HeaderMap::new(), &[0xff, 0xfe, b'x'], &[], &[]);
        assert!(e.message.is_some());
    }

    #[test]
    fn long_text_is_cut() {
        let e = parse(&"x".repeat(500));
        assert_eq!(e.message.unwrap().chars().count(), 201);
    }

    #[test]
    fn request_id_from_headers() {
        let mut h = HeaderMap::new();
        h.insert("x-request-id", "req-1".parse().unwrap());
        let e = api_error("op", StatusCode::NOT_FOUND, h, b"", &[], &[]);
        assert_eq!(e.request_id.as_deref(), Some("req-1"));
        assert_eq!(e.to_string(), "op: HTTP 404 Not Found");
    }
}
