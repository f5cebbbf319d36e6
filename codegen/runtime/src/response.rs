//! A successful response: decoded into the operation's type, with its status
//! and headers at hand for callers who need them.

use std::ops::Deref;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::error::{DecodeError, Error};

/// A decoded successful response with its status and headers.
///
/// It dereferences to the value, so fields read directly; [`into_inner`](Self::into_inner) takes it.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
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

    /// The decoded value.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// Transforms the value, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
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
    pub(crate) body: Vec<u8>,
}

impl RawResponse {
    /// Decodes the JSON body. Unknown fields are ignored; a mismatch is an
    /// [`Error::Decode`] that names the JSON path and keeps the raw body.
    ///
    /// # Errors
    /// When the body is not JSON of type `T`.
    pub fn json<T: DeserializeOwned>(self) -> Result<Response<T>, Error> {
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        let decoded = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| (e.path().to_string(), e.into_inner()))
            .and_then(|value| de.end().map(|()| value).map_err(|e| (String::new(), e)));
        match decoded {
            Ok(value) => Ok(Response {
                status: self.status,
                headers: self.headers,
                value,
            }),
            Err((path, e)) => Err(Error::Decode(Box::new(DecodeError {
                operation: self.operation,
                status: self.status,
                path: if path.is_empty() || path == "." {
                    String::from("(root)")
                } else {
                    path
                },
                message: e.to_string(),
                body: String::from_utf8_lossy(&self.body).into_owned(),
            }))),
        }
    }

    /// For operations whose success has no content: whatever body came is ignored.
    pub fn empty(self) -> Response<()> {
        Response {
            status: self.status,
            headers: self.headers,
            value: (),
        }
    }

    /// The body as text, for content types the spec does not describe as JSON.
    pub fn text(self) -> Response<String> {
        let value = String::from_utf8_lossy(&self.body).into_owned();
        Response {
            status: self.status,
            headers: self.headers,
            value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Item {
        route: i64,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Page {
        items: Vec<Item>,
    }

    fn raw(body: &str) -> RawResponse {
        RawResponse {
            operation: "op",
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn decode_failure_names_the_path_and_keeps_the_body() {
        let err = raw(r#"{"items":[{"route":1},{"route":"x"}]}"#)
            .json::<Page>()
            .unwrap_err();
        let Error::Decode(e) = err else {
            panic!("not a decode error")
        };
        assert_eq!(e.path, "items[1].route");
        assert!(e.body.contains(r#""route":"x""#));
    }

    #[test]
    fn unknown_fields_are_ignored_and_empty_body_is_an_error() {
        let ok = raw(r#"{"items":[],"extra":true}"#).json::<Page>().unwrap();
        assert_eq!(ok.status(), StatusCode::OK);
        assert!(matches!(raw("").json::<Page>(), Err(Error::Decode(_))));
        raw("ignored").empty().into_inner();
    }
}
