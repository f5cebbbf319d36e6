//! Runtime shared by every generated client: transport, retries, timeouts,
//! authentication, validation and errors.
//!
//! This module is ordinary Rust, compiled and tested on its own in the
//! generator's workspace and copied verbatim into each generated crate, so an
//! application depends on one crate only. Generated code reaches it through
//! the items re-exported here; sibling files refer to each other with
//! `super::` so the same text compiles both as a crate root and as a module.
//!
//! What every generated client gets from it:
//! - walking paginated lists page by page or as a stream ([`Pages`]);
//! - one [`Error`] telling API errors, rate limiting, timeouts, connection
//!   failures, undecodable responses, invalid requests and misconfiguration
//!   apart, with error bodies parsed in whatever shape they come;
//! - retries of connection failures, timeouts, 429, 502, 503 and 504 with
//!   jittered exponential backoff and `Retry-After`, never re-sending a POST
//!   or PATCH the server cannot deduplicate ([`RetryPolicy`]);
//! - a timeout per attempt that holds with a caller-supplied HTTP client;
//! - credentials per operation, which appear in no `Debug`, error or trace;
//! - forgiving decoding of successes ([`RawResponse::json`]);
//! - one `tracing` span per call ([`Client::execute`]).

mod auth;
mod config;
mod error;
mod nullable;
mod paginate;
mod request;
mod response;
mod retry;
mod secret;
mod transport;
mod validate;

pub use self::auth::{ApiKeyLocation, Credential, SchemeKind, SecurityScheme};
pub use self::config::{ApiInfo, CallOptions, ClientBuilder};
pub use self::error::{ApiError, DecodeError, Error, Result, ValidationError};
pub use self::nullable::Nullable;
pub use self::paginate::{Items, PageSpec, PageStyle, Pages};
pub use self::request::{encode_path_segment, join_params, Operation, ParamValue, Request};
pub use self::response::{RawResponse, Response};
pub use self::retry::RetryPolicy;
pub use self::secret::Secret;
pub use self::transport::Client;
pub use self::validate::{Pattern, Validate, Validator};

/// A boxed future, the type behind `IntoFuture` on generated request builders.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
