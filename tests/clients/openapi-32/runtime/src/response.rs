//! A successful response: decoded into the operation's type, forgivingly
//! (unknown fields, any 2xx, empty bodies), with its status and headers at
//! hand for callers who need them.

use std::ops::Deref;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::download::ByteStream;
use super::error::{strip_bom, DecodeError, Error};

/// A decoded successful response with its status, headers, request id and raw body.
///
/// It dereferences to the value, so fields read directly; [`into_inner`](Self::into_inner) takes it.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    /// The body as received, for fields the spec does not describe.
    body: Bytes,
    value: T,
}

impl<T> Response<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The request id the server assigned, from a `X-Request-Id`-style header.
    pub fn request_id(&self) -> Option<&str> {
        super::error::request_id(&self.headers)
    }

    /// The raw body, as received (empty for binary and streamed bodies, whose value is the body).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The decoded value.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// Transforms the value, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: self.body,
            value: f(self.value),
        }
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// A successful response before decoding.
#[derive(Debug)]
pub struct RawResponse {
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    /// As reqwest read it: shared, never copied.
    pub(crate) body: Bytes,
    /// The unread body, when the request asked for a stream.
    pub(crate) stream: Option<reqwest::Response>,
    /// How long the unread body's reads may wait for a byte.
    pub(crate) idle_timeout: Option<std::time::Duration>,
    /// The client's credentials, scrubbed from decode errors (a server may echo them).
    pub(crate) secrets: std::sync::Arc<[String]>,
}

impl RawResponse {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The request id the server assigned, from a `X-Request-Id`-style header.
    pub fn request_id(&self) -> Option<&str> {
        super::error::request_id(&self.headers)
    }

    /// Decodes the JSON body, whichever 2xx status came with it. Unknown
    /// fields are ignored; a mismatch is an [`Error::Decode`] that names the
    /// JSON path and keeps the raw body. An empty body decodes as `null`, so
    /// it suits `()` and `Option<_>` and is a clear error for anything else.
    ///
    /// # Errors
    /// When the body is not JSON of type `T`.
    pub fn json<T: DeserializeOwned>(self) -> Result<Response<T>, Error> {
        let body = strip_bom(&self.body);
        // An empty body reads as `null` (fine for `()` and `Option`), through the same
        // decoder: one instantiation per type keeps the generated crate quick to build.
        let empty = body.iter().all(u8::is_ascii_whitespace);
        let json = if empty { b"null" } else { body };
        let decoded = decode_tracked(json, empty);
        match decoded {
            Ok(value) => Ok(Response {
                status: self.status,
                headers: self.headers,
                body: self.body,
                value,
            }),
            Err((path, message)) => Err(Error::Decode(Box::new(DecodeError::new(
                self.operation,
                self.status,
                path,
                message,
                &self.body,
                &self.secrets,
            )))),
        }
    }

    /// For operations whose success has no content: whatever body came is ignored.
    pub fn empty(self) -> Response<()> {
        Response {
            status: self.status,
            headers: self.headers,
            body: self.body,
            value: (),
        }
    }

    /// The body byte for byte, for binary content types (audio, images, PDFs).
    pub fn bytes(self) -> Response<Vec<u8>> {
        Response {
            status: self.status,
            headers: self.headers,
            // The value is the body: not kept twice.
            body: Bytes::new(),
            value: self.body.into(),
        }
    }

    /// The body as a stream of chunks read as they arrive, for a request sent
    /// with [`Request::stream_response`](super::Request::stream_response); an
    /// already read body comes as one chunk.
    pub fn byte_stream(self) -> Response<ByteStream> {
        let value = match self.stream {
            Some(response) => ByteStream::new(self.operation, response, self.idle_timeout),
            None => ByteStream::buffered(self.operation, self.body),
        };
        Response {
            status: self.status,
            headers: self.headers,
            body: Bytes::new(),
            value,
        }
    }

    /// The body as text, for text content types (invalid UTF-8 replaced).
    pub fn text(self) -> Response<String> {
        let value = String::from_utf8_lossy(&self.body).into_owned();
        Response {
            status: self.status,
            headers: self.headers,
            body: self.body,
            value,
        }
    }
}

/// Decodes `json` as [`RawResponse::json`] does: `(path, message)` when it
/// fails, the path found from where serde_json stopped.
pub(crate) fn decode_tracked<T: DeserializeOwned>(
    json: &[u8],
    empty: bool,
) -> Result<T, (String, String)> {
    let mut de = serde_json::Deserializer::from_slice(json);
    T::deserialize(&mut de)
        .and_then(|value| de.end().map(|()| value))
        .map_err(|e| {
            let message = if empty {
                "the response has no body, but the spec describes one".to_owned()
            } else {
                e.to_string()
            };
            (super::json_path::of_error(json, &e), message)
        })
}

/// A response's media type, its essence (`application/json` of
/// `Application/JSON; charset=utf-8`); `None` without a `Content-Type`.
pub(crate) fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(reqwest::header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or("").trim();
    (!essence.is_empty()).then(|| essence.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Item {
        route: i64,
    }

    #[derive(serde::Deserialize, Debug)]
    struct Page {
        items: Vec<Item>,
    }

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            operation: "op",
            status: StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
            body: Bytes::copy_from_slice(body.as_bytes()),
            stream: None,
            idle_timeout: None,
            secrets: std::sync::Arc::from(Vec::new()),
        }
    }

    fn decode_error<T: DeserializeOwned + std::fmt::Debug>(r: RawResponse) -> DecodeError {
        match r.json::<T>() {
            Err(Error::Decode(e)) => *e,
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn decode_failure_names_the_path_and_keeps_the_body() {
        let e = decode_error::<Page>(raw(200, r#"{"items":[{"route":1},{"route":"x"}]}"#));
        assert_eq!(e.path, "items[1].route");
        assert!(e.body.contains(r#""route":"x""#));
        assert!(e.to_string().contains("items[1].route"), "{e}");
        let e = decode_error::<Page>(raw(200, r#"{"items":[]} trailing"#));
        assert_eq!(e.path, "(root)");
        let e = decode_error::<Page>(raw(200, "<html>oops</html>"));
        assert_eq!(
            (e.path.as_str(), e.body.as_str()),
            ("(root)", "<html>oops</html>")
        );
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let ok = raw(
            200,
            r#"{"items":[{"route":7,"new":1}],"extra":{"deep":[true]}}"#,
        )
        .json::<Page>()
        .unwrap();
        assert_eq!(ok.status(), StatusCode::OK);
        assert_eq!(ok.items[0].route, 7);
    }

    #[test]
    fn any_2xx_decodes_and_keeps_its_status() {
        let created = raw(201, r#"{"items":[]}"#).json::<Page>().unwrap();
        assert_eq!(created.status(), StatusCode::CREATED);
        let accepted = raw(202, r#"{"items":[]}"#).json::<Page>().unwrap();
        assert_eq!(accepted.status(), StatusCode::ACCEPTED);
    }

    #[test]
    fn empty_bodies() {
        raw(204, "").empty().into_inner();
        raw(200, "ignored").empty().into_inner();
        raw(204, "").json::<()>().unwrap();
        assert!(raw(204, " \n").json::<Option<Page>>().unwrap().is_none());
        let e = decode_error::<Page>(raw(200, ""));
        assert!(e.message.contains("no body"), "{}", e.message);
    }

    #[test]
    fn byte_order_mark_and_text() {
        let ok = raw(200, "\u{feff}{\"items\":[]}").json::<Page>().unwrap();
        assert!(ok.items.is_empty());
        let text = raw(200, "plain").text();
        assert_eq!(
            (text.status(), text.into_inner()),
            (StatusCode::OK, "plain".to_owned())
        );
        let r = raw(200, "x");
        assert_eq!(
            (r.status(), r.body(), r.headers().len()),
            (StatusCode::OK, b"x".as_slice(), 0)
        );
    }

    #[test]
    fn binary_bodies_stay_byte_exact() {
        use futures_core::Stream;
        use std::task::{Context, Poll, Wake, Waker};
        struct Noop;
        impl Wake for Noop {
            fn wake(self: std::sync::Arc<Self>) {}
        }
        let bytes: &[u8] = b"RIFF\xff\xfe\x00\x80WAVE";
        let mut r = raw(200, "");
        r.body = Bytes::from_static(bytes);
        assert_eq!(r.bytes().into_inner(), bytes);
        let mut r = raw(200, "");
        r.body = Bytes::from_static(bytes);
        // A body read already streams as one chunk, ready at once.
        let mut stream = r.byte_stream().into_inner();
        let waker = Waker::from(std::sync::Arc::new(Noop));
        let mut cx = Context::from_waker(&waker);
        let mut next = || std::pin::Pin::new(&mut stream).poll_next(&mut cx);
        assert!(matches!(next(), Poll::Ready(Some(Ok(chunk))) if chunk == bytes));
        assert!(matches!(next(), Poll::Ready(None)));
    }

    #[test]
    fn response_maps_and_derefs() {
        let r = raw(200, r#"{"items":[{"route":3}]}"#)
            .json::<Page>()
            .unwrap();
        assert_eq!(r.items.len(), 1);
        let mapped = r.map(|p| p.items.len());
        assert_eq!((*mapped, mapped.status()), (1, StatusCode::OK));
    }
}
