//! How an operation's HTTP method is written: the `reqwest::Method`
//! constant of one of the methods reqwest names, in a `static` operation;
//! any other method (OpenAPI 3.2's `QUERY`, an `additionalOperations` one
//! such as `PURGE`) is made at run time, so its operation is a `LazyLock`
//! that reads like the `static` it stands for.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::Operation;

/// The `reqwest::Method` constant an operation's method has, if it has one.
pub fn reqwest_method(op: &Operation) -> Option<proc_macro2::Ident> {
    const NAMED: &[&str] = &[
        "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "CONNECT",
    ];
    NAMED
        .contains(&op.http_method.as_str())
        .then(|| format_ident!("{}", op.http_method))
}

/// The `runtime::Operation` static `konst` of `op`, whose members after
/// `id` and `method` are `rest`.
pub fn operation_static(
    op: &Operation,
    konst: &proc_macro2::Ident,
    rest: &TokenStream,
) -> TokenStream {
    let id = &op.id;
    match reqwest_method(op) {
        Some(method) => quote! {
            static #konst: runtime::Operation = runtime::Operation {
                id: #id,
                method: reqwest::Method::#method,
                #rest
            };
        },
        None => {
            // The model has only methods whose names are HTTP tokens, which
            // `from_bytes` takes.
            let name = proc_macro2::Literal::byte_string(op.http_method.as_bytes());
            quote! {
                static #konst: std::sync::LazyLock<runtime::Operation> =
                    std::sync::LazyLock::new(|| runtime::Operation {
                        id: #id,
                        method: reqwest::Method::from_bytes(#name).expect("an HTTP method name"),
                        #rest
                    });
            }
        }
    }
}
