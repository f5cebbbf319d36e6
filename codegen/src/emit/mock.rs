//! The generated crate's `mock` feature: typed test doubles for the
//! applications that depend on it. Every request builder describes its
//! request and success to the runtime's mock server
//! (`runtime::mock::Endpoint`); `src/mock.rs` starts that server with the
//! API's operations and hands out a client pointed at it. Nothing here is
//! compiled without the feature.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{ident, Emitter};
use crate::model::{Content, Operation, SchemeKind};

/// `impl runtime::mock::Endpoint` for one operation's builder.
pub fn endpoint(op: &Operation, builder: &TokenStream, output: &TokenStream) -> TokenStream {
    // A range such as `2XX` stands for its first status.
    let status: u16 = op
        .success
        .status
        .replace(['X', 'x'], "0")
        .parse()
        .unwrap_or(200);
    let status = proc_macro2::Literal::u16_unsuffixed(status);
    let body = match &op.success.content {
        Content::Json(_) => match &op.success.envelope {
            Some(property) => {
                quote! { runtime::mock::SuccessBody::Json { envelope: Some(#property) } }
            }
            None => quote! { runtime::mock::SuccessBody::Json { envelope: None } },
        },
        Content::Text => quote! { runtime::mock::SuccessBody::Text },
        Content::Bytes => quote! { runtime::mock::SuccessBody::Bytes },
        Content::Empty => quote! { runtime::mock::SuccessBody::Empty },
        Content::Stream(_) => quote! { runtime::mock::SuccessBody::Stream },
    };
    quote! {
        #[cfg(feature = "mock")]
        impl runtime::mock::Endpoint for #builder {
            type Success = #output;
            const SUCCESS_STATUS: u16 = #status;
            const SUCCESS_BODY: runtime::mock::SuccessBody = #body;
            fn mock_request(&self) -> runtime::Result<runtime::Request> {
                self.build()
            }
        }
    }
}

/// A tag module's list of its operations, for naming unexpected requests:
/// each operation's static, and whether it is made at run time (one of a
/// method `reqwest` has no constant for), which makes the list so too.
pub fn operations(consts: &[(TokenStream, bool)]) -> TokenStream {
    if consts.iter().any(|(_, lazy)| *lazy) {
        let items = consts.iter().map(|(c, lazy)| match lazy {
            true => quote! { &*#c },
            false => quote! { &#c },
        });
        return quote! {
            /// This module's operations, for the mock server's messages.
            #[cfg(feature = "mock")]
            pub(crate) static OPERATIONS: std::sync::LazyLock<Vec<&'static runtime::Operation>> =
                std::sync::LazyLock::new(|| vec![#( #items ),*]);
        };
    }
    let consts = consts.iter().map(|(c, _)| c);
    quote! {
        /// This module's operations, for the mock server's messages.
        #[cfg(feature = "mock")]
        pub(crate) static OPERATIONS: &[&runtime::Operation] = &[#( &#consts ),*];
    }
}

/// `src/mock.rs`.
pub fn module(e: &Emitter<'_>) -> TokenStream {
    let api = e.api;
    let lists = api.tags.iter().enumerate().map(|(i, t)| {
        let cfg = super::features::cfg(api, &super::features::tag(i));
        let m = ident(&t.module);
        let lazy = t
            .operations
            .iter()
            .any(|&o| super::methods::reqwest_method(&api.operations[o]).is_none());
        match lazy {
            true => quote! { #cfg crate::apis::#m::OPERATIONS.as_slice() },
            false => quote! { #cfg crate::apis::#m::OPERATIONS },
        }
    });
    let credentials = api.credentials.iter().map(|c| {
        let m = ident(&c.setter);
        match c.kind {
            SchemeKind::Basic => quote! { .#m("mock-user", "mock-password") },
            _ => quote! { .#m("mock-credential") },
        }
    });
    // Stream stubs are named only by crates that have streams.
    let streams = api
        .operations
        .iter()
        .any(|op| crate::model::streams::of(op).is_some())
        .then(|| quote! { pub use crate::runtime::mock::{StreamEndpoint, StreamStub}; });
    quote! {
        //! Typed test doubles for your application's tests (feature `mock`):
        //! stub this API's operations with values of their own types on a
        //! local server, and hand your code a client pointed at it. See the
        //! crate's README.

        use crate::{runtime, Client, RetryPolicy};

        pub use crate::runtime::mock::{Endpoint, Received, Stub, SuccessBody};
        #streams

        /// A local server standing in for this API: stub operations with
        /// [`on`](runtime::mock::MockServer::on), point a client at it with
        /// [`client`](Self::client). Everything of the runtime's mock server
        /// is reachable through `Deref`.
        #[derive(Debug)]
        pub struct MockServer(runtime::mock::MockServer);

        impl std::ops::Deref for MockServer {
            type Target = runtime::mock::MockServer;
            fn deref(&self) -> &runtime::mock::MockServer {
                &self.0
            }
        }

        impl MockServer {
            /// Starts a mock of this API on a local port.
            pub async fn start() -> Self {
                Self(runtime::mock::MockServer::start_with(&[#( #lists ),*]).await)
            }

            /// A client of this mock, with placeholder credentials and no
            /// retries, so a stubbed failure reaches your code at once.
            ///
            /// # Panics
            /// Never in practice: the mock's address is a valid base URL.
            pub fn client(&self) -> Client {
                Client::builder()
                    .base_url(self.uri())
                    #( #credentials )*
                    .retry(RetryPolicy { max_attempts: 1, ..RetryPolicy::default() })
                    .build()
                    .expect("the mock server's address is a valid base URL")
            }
        }
    }
}
