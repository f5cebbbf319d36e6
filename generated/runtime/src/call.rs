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

/// The methods every generated request builder has, written once: per-call
/// settings (`with_options`, `header`, `query`, `validate`), `send`,
/// `send_with_response` and `IntoFuture`, for a builder struct with
/// `client: Client` and `options: CallOptions` fields and a
/// `fn build(&self) -> Result<Request>`.
///
/// ```ignore
/// runtime::call_methods!(NumbersGet => types::NumberDetail, json);
/// runtime::call_methods!(NumbersList => types::NumbersListData, enveloped);
/// runtime::call_methods!(NumbersDelete, empty); // also `text`, `bytes`
/// runtime::call_methods!(ListPets => [types::Pet], json); // a `Vec<types::Pet>`
/// // A stream (`runtime::EventStream`) of items decoded as JSON, of raw
/// // events (`runtime::SseEvent`) or of raw lines (`String`), as `STREAM` says:
/// runtime::call_methods!(ChatCreate => stream types::Chunk, CHAT_CREATE_STREAM, json);
/// runtime::call_methods!(CallEvents => stream runtime::SseEvent, CALL_EVENTS_STREAM, event);
/// runtime::call_methods!(ExportLogs => stream String, EXPORT_LOGS_STREAM, line);
/// ```
///
/// What differs between operations is the output and how it decodes: JSON
/// (`json`), JSON inside the API's success envelope (`enveloped`, through the
/// generated crate's `client::enveloped`), no, text or binary content, or a
/// stream of items. Attributes before the builder's name go on both impls
/// (`#[allow(deprecated)]` for an output type the spec deprecates).
/// Generated code's, not the API a client's users call.
#[doc(hidden)]
#[macro_export]
// `crate::client::enveloped` is the calling crate's: the envelope is its API's.
#[allow(clippy::crate_in_macro_def)]
macro_rules! call_methods {
    // `[T]` for `Vec<T>`, which the generated source then prints without spaced `< >`.
    ($(#[$attr:meta])* $builder:ident => [$item:ty], $decode:ident) => {
        $crate::call_methods!($(#[$attr])* $builder => Vec<$item>, $decode);
    };
    // Streams come before `$out:ty`: a type fragment, once started, cannot backtrack.
    ($(#[$attr:meta])* $builder:ident => stream [$item:ty], $spec:ident, $decode:ident) => {
        $crate::call_methods!($(#[$attr])* $builder => stream Vec<$item>, $spec, $decode);
    };
    ($(#[$attr:meta])* $builder:ident => stream $item:ty, $spec:ident, json) => {
        $crate::call_methods!(@stream [$(#[$attr])*] $builder, $item, $spec, $crate::json_item::<$item>);
    };
    ($(#[$attr:meta])* $builder:ident => stream $item:ty, $spec:ident, event) => {
        $crate::call_methods!(@stream [$(#[$attr])*] $builder, $item, $spec, $crate::raw_event);
    };
    ($(#[$attr:meta])* $builder:ident => stream $item:ty, $spec:ident, line) => {
        $crate::call_methods!(@stream [$(#[$attr])*] $builder, $item, $spec, $crate::raw_line);
    };
    ($(#[$attr:meta])* $builder:ident => $out:ty, json) => {
        $crate::call_methods!(@impl [$(#[$attr])*] $builder, $out, $crate::RawResponse::json::<$out>);
    };
    ($(#[$attr:meta])* $builder:ident => $out:ty, enveloped) => {
        $crate::call_methods!(@impl [$(#[$attr])*] $builder, $out, crate::client::enveloped::<$out>);
    };
    ($(#[$attr:meta])* $builder:ident, empty) => {
        $crate::call_methods!(@impl [$(#[$attr])*] $builder, (), |raw| Ok(raw.empty()));
    };
    ($(#[$attr:meta])* $builder:ident, text) => {
        $crate::call_methods!(@impl [$(#[$attr])*] $builder, String, |raw| Ok(raw.text()));
    };
    ($(#[$attr:meta])* $builder:ident, bytes) => {
        $crate::call_methods!(@impl [$(#[$attr])*] $builder, Vec<u8>, |raw| Ok(raw.bytes()));
    };
    (@settings) => {
        /// Overrides the client's timeout, deadline, retry and validation
        /// settings for this call, where `options` sets them.
        pub fn with_options(mut self, options: $crate::CallOptions) -> Self {
            self.options = self.options.merged(&options);
            self
        }

        /// Sends this header too, replacing one of the same name the operation sets.
        pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.options = self.options.header(name, value);
            self
        }

        /// Adds this query parameter, after the operation's own.
        pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.options = self.options.query(name, value);
            self
        }

        /// Whether to check this call's parameters and body against the spec's
        /// constraints before sending, whatever the client's setting (off by default).
        pub fn validate(mut self, enabled: bool) -> Self {
            self.options = self.options.validate(enabled);
            self
        }
    };
    (@impl [$(#[$attr:meta])*] $builder:ident, $out:ty, $decode:expr) => {
        $(#[$attr])*
        impl $builder {
            $crate::call_methods!(@settings);

            /// Sends the request and returns the decoded value with the response
            /// status, headers, request id and raw body.
            ///
            /// # Errors
            /// See [`Error`](crate::Error).
            #[inline]
            pub fn send_with_response(
                self,
            ) -> $crate::BoxFuture<'static, $crate::Result<$crate::Response<$out>>> {
                let request = self.build();
                $crate::call(self.client, request, self.options, $decode)
            }

            /// Sends the request and returns the decoded value (what awaiting
            /// the builder does).
            ///
            /// # Errors
            /// See [`Error`](crate::Error).
            #[inline]
            pub fn send(self) -> $crate::BoxFuture<'static, $crate::Result<$out>> {
                let request = self.build();
                $crate::call_value(self.client, request, self.options, $decode)
            }
        }

        $(#[$attr])*
        impl std::future::IntoFuture for $builder {
            type Output = $crate::Result<$out>;
            type IntoFuture = $crate::BoxFuture<'static, Self::Output>;

            // Inline, so an operation's whole call chain (encoding, sending,
            // decoding its types) is compiled where it is awaited, not in the
            // generated crate for every operation: it builds in about half the time.
            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
    (@stream [$(#[$attr:meta])*] $builder:ident, $item:ty, $spec:ident, $decode:expr) => {
        $(#[$attr])*
        impl $builder {
            $crate::call_methods!(@settings);

            /// Sends the request and returns its items as they arrive, with the
            /// response status and headers.
            ///
            /// # Errors
            /// See [`Error`](crate::Error): the request failing or the server
            /// answering with an error; items that fail later are items of the stream.
            #[inline]
            pub fn send_with_response(
                self,
            ) -> $crate::BoxFuture<'static, $crate::Result<$crate::Response<$crate::EventStream<$item>>>> {
                let request = self.build();
                $crate::call_stream(self.client, request, self.options, &$spec, $decode)
            }

            /// Sends the request and returns its items as a
            /// [`EventStream`](crate::runtime::EventStream), read as they arrive
            /// (what awaiting the builder does).
            ///
            /// # Errors
            /// See [`Error`](crate::Error): the request failing or the server
            /// answering with an error; items that fail later are items of the stream.
            #[inline]
            pub fn send(self) -> $crate::BoxFuture<'static, $crate::Result<$crate::EventStream<$item>>> {
                let request = self.build();
                $crate::call_stream_value(self.client, request, self.options, &$spec, $decode)
            }
        }

        $(#[$attr])*
        impl std::future::IntoFuture for $builder {
            type Output = $crate::Result<$crate::EventStream<$item>>;
            type IntoFuture = $crate::BoxFuture<'static, Self::Output>;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}
