//! One operation's call as a boxed future, for the `send` methods of
//! generated request builders.
//!
//! The `async` part of every call is written here once, generic over the
//! decoded type, instead of as two `async fn`s per operation in the generated
//! crate: each of those is a state machine the compiler checks on its own
//! (layout, borrows, `Send`), and together they were a third of a generated
//! crate's build. What a builder keeps is synchronous: encoding its request
//! and naming how the success body decodes.

use super::config::CallOptions;
use super::error::Error;
use super::request::Request;
use super::response::{RawResponse, Response};
use super::transport::Client;
use super::BoxFuture;

/// How a success response becomes an operation's output, e.g.
/// `RawResponse::json::<T>`; a plain function, so it costs no generic
/// closure type per operation.
pub type Decoder<T> = fn(RawResponse) -> Result<Response<T>, Error>;

/// Sends `request` (or fails with its encoding error without sending) and
/// decodes the success with `decode`, keeping the status, headers and raw body.
pub fn call<T: Send + 'static>(
    client: Client,
    request: Result<Request, Error>,
    options: CallOptions,
    decode: Decoder<T>,
) -> BoxFuture<'static, Result<Response<T>, Error>> {
    Box::pin(async move {
        let raw = client.execute(request?, &options).await?;
        decode(raw)
    })
}

/// [`call`] for the decoded value alone.
pub fn call_value<T: Send + 'static>(
    client: Client,
    request: Result<Request, Error>,
    options: CallOptions,
    decode: Decoder<T>,
) -> BoxFuture<'static, Result<T, Error>> {
    Box::pin(async move {
        let raw = client.execute(request?, &options).await?;
        decode(raw).map(Response::into_inner)
    })
}
