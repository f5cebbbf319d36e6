//! Runtime shared by every generated client: transport, retries, timeouts,
//! authentication, validation and errors.
//!
//! This crate is ordinary Rust, compiled and tested in the generator's
//! workspace and copied verbatim beside each generated crate (its `runtime/`
//! folder, a crate of its own that the generated one depends on by path and
//! re-exports as `runtime`). An application still names one dependency, and
//! rebuilding a generated crate after a spec change does not rebuild this one.
//! Generated code reaches it through the items re-exported here.
//!
//! What every generated client gets from it:
//! - walking paginated lists page by page or as a stream ([`Pages`]);
//! - one [`Error`] telling API errors, rate limiting, timeouts, connection
//!   failures, undecodable responses, invalid requests and misconfiguration
//!   apart, with error bodies parsed in whatever shape they come;
//! - retries of connection failures, timeouts, 429, 500, 502, 503 and 504
//!   with jittered exponential backoff and the server's retry hint (header or
//!   body), never re-sending a POST or PATCH the server cannot deduplicate
//!   ([`RetryPolicy`]);
//! - a timeout per attempt that holds with a caller-supplied HTTP client,
//!   and an optional deadline across attempts;
//! - credentials per operation, replaceable at run time on every clone of
//!   the client, which appear in no `Debug`, error or trace;
//! - escape hatches: extra headers and query parameters per call, hooks on
//!   every request and response ([`Hook`]), untyped calls ([`RawRequest`]);
//! - typed error bodies per operation ([`Error::typed`]);
//! - forgiving decoding of successes ([`RawResponse::json`]), binary bodies
//!   byte-exact or as a stream ([`ByteStream`]);
//! - Server-Sent Events and JSON Lines as a `Stream` of typed items
//!   ([`EventStream`]): an item that does not decode is an error item, the
//!   stream goes on; a dropped GET event stream reconnects with
//!   `Last-Event-ID`; an idle timeout instead of a deadline on the whole
//!   body; request bodies of JSON Lines encoded as they are sent ([`JsonLines`]);
//! - `multipart/form-data` uploads of bytes, files or streams ([`FilePart`]),
//!   never re-sent when read from a stream;
//! - one `tracing` span per call ([`Client::execute`]);
//! - with the `webhooks` feature, signature checks of webhook deliveries
//!   (`WebhookVerifier`).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod auth;
mod call;
mod client_types;
mod config;
mod download;
#[cfg(feature = "drift")]
pub mod drift;
mod error;
mod error_fields;
mod event_stream;
mod hook;
mod item_stream;
mod json_lines;
mod json_path;
#[cfg(feature = "mock")]
pub mod mock;
#[cfg(feature = "mock")]
mod mock_stream;
mod multipart;
mod nullable;
mod object;
mod page_links;
mod paginate;
mod request;
mod response;
mod retry;
mod secret;
mod servers;
mod sse;
mod stream_source;
mod string_enum;
mod tagged;
mod transport;
mod validate;
#[cfg(feature = "webhooks")]
mod webhook;

pub use self::auth::{ApiKeyLocation, Credential, SchemeKind, SecurityScheme};
pub use self::call::{call, call_value, Decoder};
pub use self::config::{ApiInfo, CallOptions, ClientBuilder};
pub use self::download::ByteStream;
#[cfg(feature = "drift")]
pub use self::drift::{DriftKind, DriftRecord, DriftRecorder, DriftSink};
pub use self::error::{
    ApiError, DecodeError, Error, Result, StreamItem, TypedError, ValidationError,
};
pub use self::event_stream::{
    call_stream, call_stream_value, json_item, raw_event, raw_line, EventStream, Framing,
    ItemDecoder, StreamFlag, StreamSpec,
};
pub use self::hook::{Hook, HookResponse};
pub use self::json_lines::JsonLines;
pub use self::multipart::{FilePart, Multipart};
pub use self::nullable::Nullable;
pub use self::object::{missing_field, next_value, required, FieldName};
pub use self::paginate::{Items, MoreFlag, PageSize, PageSpec, PageStyle, Pages, SentIn};
pub use self::request::{encode_path_segment, join_params, Operation, ParamValue, Request};
pub use self::response::{RawResponse, Response};
pub use self::retry::RetryPolicy;
pub use self::secret::Secret;
pub use self::servers::{Server, ServerVariable};
pub use self::sse::SseEvent;
pub use self::tagged::{decode_variant, serialize_tagged, tag_of, try_variant};
pub use self::transport::{Client, RawRequest};
pub use self::validate::{Pattern, Validate, Validator};
#[cfg(feature = "webhooks")]
pub use self::webhook::{WebhookError, WebhookVerifier, DEFAULT_TOLERANCE};

/// What generated code's macros name, whatever the crate using them depends on.
#[doc(hidden)]
pub mod __private {
    pub use reqwest;
    pub use serde;
}

/// The chunks of streamed uploads and downloads.
pub use bytes::Bytes;

/// A boxed future, the type behind `IntoFuture` on generated request builders.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
