//! `multipart/form-data` request bodies: file parts from bytes, a file or a
//! stream, beside text and JSON fields.
//!
//! A form is kept as plain data until each attempt turns it into reqwest's
//! form, so parts held in memory are sent again on a retry. A part read from a
//! stream can be sent once only: a request carrying one is never retried.

use std::path::Path;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_core::Stream;
use serde::Serialize;

use super::error::Error;
use super::request::ParamValue;

type ByteChunks = std::pin::Pin<
    Box<dyn Stream<Item = Result<Bytes, Box<dyn std::error::Error + Send + Sync>>> + Send>,
>;

/// The content of a file part of a `multipart/form-data` body: bytes, a file or
/// a stream, with an optional file name and content type.
///
/// `FilePart::from_file("invoice.pdf").await?` is named `invoice.pdf` and typed
/// `application/pdf`; `FilePart::from_bytes(png).file_name("logo.png").mime("image/png")`
/// sets both itself.
///
/// Cloning shares a stream rather than copying it: whichever clone is sent
/// first consumes it.
#[derive(Clone)]
pub struct FilePart {
    content: FileContent,
    file_name: Option<String>,
    mime: Option<String>,
}

#[derive(Clone)]
enum FileContent {
    Bytes(Bytes),
    /// Taken by the first send.
    Stream {
        chunks: Arc<Mutex<Option<ByteChunks>>>,
        length: Option<u64>,
    },
}

impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let content = match &self.content {
            FileContent::Bytes(b) => format!("{} bytes", b.len()),
            FileContent::Stream { length, .. } => match length {
                Some(n) => format!("stream of {n} bytes"),
                None => "stream".to_owned(),
            },
        };
        f.debug_struct("FilePart")
            .field("content", &content)
            .field("file_name", &self.file_name)
            .field("mime", &self.mime)
            .finish()
    }
}

impl FilePart {
    /// A part holding these bytes; it is sent again on a retry.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        Self {
            content: FileContent::Bytes(bytes.into()),
            file_name: None,
            mime: None,
        }
    }

    /// Reads a file whole, naming the part after it and taking its content type
    /// from its extension (both can be replaced). Held in memory, the part is
    /// sent again on a retry; for files too large for that, use
    /// [`from_stream`](Self::from_stream).
    ///
    /// # Errors
    /// When the file cannot be read.
    pub async fn from_file(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let bytes = tokio::fs::read(path).await?;
        let mut part = Self::from_bytes(bytes);
        part.file_name = path.file_name().and_then(|n| n.to_str()).map(str::to_owned);
        part.mime = mime_guess::from_path(path).first_raw().map(str::to_owned);
        Ok(part)
    }

    /// A part read from a stream of chunks as it is sent, so a large file need
    /// not be in memory. A stream can be sent once only: a call with such a
    /// part is not retried, whatever its retry policy.
    pub fn from_stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        Self::stream(stream, None)
    }

    /// As [`from_stream`](Self::from_stream), for a stream of known length, which
    /// some servers require of a part.
    pub fn from_stream_with_length<S, E>(stream: S, length: u64) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        Self::stream(stream, Some(length))
    }

    fn stream<S, E>(stream: S, length: Option<u64>) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        let chunks: ByteChunks = Box::pin(MapErr(Box::pin(stream)));
        Self {
            content: FileContent::Stream {
                chunks: Arc::new(Mutex::new(Some(chunks))),
                length,
            },
            file_name: None,
            mime: None,
        }
    }

    /// Sets the file name sent with the part.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's content type, e.g. `application/pdf` (by default the
    /// one the spec declares, else `application/octet-stream`).
    pub fn mime(mut self, mime: impl Into<String>) -> Self {
        self.mime = Some(mime.into());
        self
    }

    /// Whether the part can be sent more than once (it is not a stream).
    pub fn is_replayable(&self) -> bool {
        matches!(self.content, FileContent::Bytes(_))
    }
}

/// Boxes a stream's error type.
struct MapErr<S>(std::pin::Pin<Box<S>>);

impl<S, E> Stream for MapErr<S>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Item = Result<Bytes, Box<dyn std::error::Error + Send + Sync>>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0
            .as_mut()
            .poll_next(cx)
            .map(|item| item.map(|r| r.map_err(Into::into)))
    }
}

#[derive(Debug, Clone)]
enum PartValue {
    Text(String),
    File(FilePart),
}

#[derive(Debug, Clone)]
struct Part {
    name: String,
    value: PartValue,
    /// The spec's content type for the part, when it states one.
    content_type: Option<String>,
}

/// A `multipart/form-data` body under construction by a generated method.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a field of any type: a string or number as its text, `null` not at
    /// all, an array of scalars as one part per item, and an object or any
    /// other array as JSON (`application/json` unless `content_type` says).
    ///
    /// # Errors
    /// When the value does not serialize.
    pub fn field(
        &mut self,
        name: &str,
        value: &impl Serialize,
        content_type: Option<&str>,
    ) -> Result<(), Error> {
        use serde_json::Value;
        let json = serde_json::to_value(value)
            .map_err(|e| Error::Config(format!("cannot encode form field `{name}`: {e}")))?;
        let scalar = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(_) | Value::Bool(_) => Some(v.to_string()),
            _ => None,
        };
        match &json {
            Value::Null => {}
            Value::Array(items) if items.iter().all(|i| scalar(i).is_some()) => {
                for text in items.iter().filter_map(scalar) {
                    self.push_text(name, text, content_type);
                }
            }
            Value::Array(_) | Value::Object(_) => {
                let text = json.to_string();
                self.push_text(name, text, content_type.or(Some("application/json")));
            }
            other => {
                let text = scalar(other).unwrap_or_default();
                self.push_text(name, text, content_type);
            }
        }
        Ok(())
    }

    /// Adds a text field.
    pub fn text(&mut self, name: &str, value: &(impl ParamValue + ?Sized)) {
        self.push_text(name, value.to_param().into_owned(), None);
    }

    fn push_text(&mut self, name: &str, text: String, content_type: Option<&str>) {
        self.parts.push(Part {
            name: name.to_owned(),
            value: PartValue::Text(text),
            content_type: content_type.map(str::to_owned),
        });
    }

    /// Adds a file part; `content_type` is the spec's, used unless the part
    /// sets its own.
    pub fn file(&mut self, name: &str, file: &FilePart, content_type: Option<&str>) {
        self.parts.push(Part {
            name: name.to_owned(),
            value: PartValue::File(file.clone()),
            content_type: content_type.map(str::to_owned),
        });
    }

    /// Whether every part can be sent more than once.
    pub fn is_replayable(&self) -> bool {
        self.parts.iter().all(|p| match &p.value {
            PartValue::Text(_) => true,
            PartValue::File(f) => f.is_replayable(),
        })
    }

    /// reqwest's form for one attempt. Takes the streams of streamed parts.
    pub(crate) fn to_form(&self, operation: &str) -> Result<reqwest::multipart::Form, Error> {
        let mut form = reqwest::multipart::Form::new();
        for part in &self.parts {
            let (body, file_name, mime) = match &part.value {
                PartValue::Text(text) => (
                    reqwest::multipart::Part::text(text.clone()),
                    None,
                    part.content_type.clone(),
                ),
                PartValue::File(file) => {
                    let body = match &file.content {
                        FileContent::Bytes(b) => reqwest::multipart::Part::stream(b.clone()),
                        FileContent::Stream { chunks, length } => {
                            let taken = chunks.lock().ok().and_then(|mut c| c.take());
                            let chunks = taken.ok_or_else(|| {
                                Error::Config(format!(
                                    "{operation}: the streamed file part `{}` was sent already; a stream can be sent once only",
                                    part.name
                                ))
                            })?;
                            let body = reqwest::Body::wrap_stream(chunks);
                            match length {
                                Some(n) => reqwest::multipart::Part::stream_with_length(body, *n),
                                None => reqwest::multipart::Part::stream(body),
                            }
                        }
                    };
                    let mime = file
                        .mime
                        .clone()
                        .or_else(|| part.content_type.clone())
                        .unwrap_or_else(|| "application/octet-stream".to_owned());
                    // A file part always has a file name: servers tell files from fields by it.
                    let name = file.file_name.clone().unwrap_or_else(|| part.name.clone());
                    (body, Some(name), Some(mime))
                }
            };
            let mut body = body;
            if let Some(name) = file_name {
                body = body.file_name(name);
            }
            if let Some(mime) = mime {
                body = body.mime_str(&mime).map_err(|_| {
                    Error::Config(format!(
                        "{operation}: `{mime}` of form part `{}` is not a content type",
                        part.name
                    ))
                })?;
            }
            form = form.part(part.name.clone(), body);
        }
        Ok(form)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_take_the_form_their_json_has() {
        let mut form = Multipart::new();
        form.field("to", &"+15551234567", None).unwrap();
        form.field("pages", &3, None).unwrap();
        form.field("tags", &["a", "b"], None).unwrap();
        form.field("meta", &serde_json::json!({"k": 1}), None)
            .unwrap();
        form.field("skip", &Option::<String>::None, None).unwrap();
        form.field("csv", &"a,b", Some("text/csv")).unwrap();
        let parts: Vec<(&str, &str, Option<&str>)> = form
            .parts
            .iter()
            .map(|p| match &p.value {
                PartValue::Text(t) => (p.name.as_str(), t.as_str(), p.content_type.as_deref()),
                PartValue::File(_) => unreachable!(),
            })
            .collect();
        assert_eq!(
            parts,
            [
                ("to", "+15551234567", None),
                ("pages", "3", None),
                ("tags", "a", None),
                ("tags", "b", None),
                ("meta", r#"{"k":1}"#, Some("application/json")),
                ("csv", "a,b", Some("text/csv")),
            ]
        );
    }

    #[test]
    fn a_stream_is_sent_once() {
        let chunks = [Ok::<_, std::io::Error>(Bytes::from_static(b"abc"))];
        let part = FilePart::from_stream(StreamOf(chunks.into_iter()));
        assert!(!part.is_replayable());
        let mut form = Multipart::new();
        form.file("media", &part, Some("audio/wav"));
        form.text("to", "+1");
        assert!(!form.is_replayable());
        form.to_form("op").unwrap();
        let Err(Error::Config(message)) = form.to_form("op") else {
            panic!("a second send of a stream must fail")
        };
        assert!(message.contains("`media`"), "{message}");
        let mut bytes = Multipart::new();
        bytes.file("media", &FilePart::from_bytes(&b"x"[..]), None);
        assert!(bytes.is_replayable());
        bytes.to_form("op").unwrap();
        bytes.to_form("op").unwrap();
        let mut bad = Multipart::new();
        bad.file(
            "f",
            &FilePart::from_bytes(&b"x"[..]).mime("not a type"),
            None,
        );
        assert!(bad.to_form("op").is_err());
    }

    /// An iterator as a stream, for tests.
    struct StreamOf<I>(I);

    impl<I: Iterator + Unpin> Stream for StreamOf<I> {
        type Item = I::Item;

        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<I::Item>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
}
