//! The servers in the generated crate's `src/client.rs`: the table of
//! `ApiInfo::servers` (the default first: the order each operation's
//! `server` index refers to), the `Server` enum with
//! `ClientBuilder::server_url` when operations call more than one server,
//! and a builder setter per server variable.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::rust::ident;
use crate::model::servers::{Server, Servers, Variable};
use crate::model::Api;

/// A URL in docs: code, so rustdoc neither links nor warns about it.
pub(crate) fn code(url: &str) -> String {
    format!("`{}`", url.replace('`', "'"))
}

/// `1 operation`, `2 operations`.
fn operations(n: usize) -> String {
    format!("{n} operation{}", if n == 1 { "" } else { "s" })
}

/// Whether the crate has the `Server` enum: operations call several servers.
pub fn has_enum(api: &Api) -> bool {
    api.servers.slots().len() > 1
}

/// `&[runtime::Server { .. }, ..]` for `ApiInfo::servers`.
pub fn table(api: &Api) -> TokenStream {
    let servers = &api.servers;
    let named = has_enum(api);
    let entries = servers.slots().into_iter().map(|i| {
        let s = &servers.list[i];
        let url = &s.url;
        let name = if named { s.variant.as_str() } else { "" };
        let variables = s.variables.iter().map(|v| {
            let name = &v.name;
            let setter = setter_of(servers, &v.name);
            let default = match &v.default {
                Some(d) => quote! { Some(#d) },
                None => quote! { None },
            };
            quote! { runtime::ServerVariable { name: #name, setter: #setter, default: #default } }
        });
        quote! { runtime::Server { url: #url, name: #name, variables: &[#( #variables ),*] } }
    });
    quote! { &[#( #entries ),*] }
}

/// The builder setter of the variable `name`.
fn setter_of<'a>(servers: &'a Servers, name: &str) -> &'a str {
    servers
        .variables
        .iter()
        .find(|v| v.name == name)
        .map_or("server_variable", |v| v.setter.trim_start_matches("r#"))
}

/// The `Server` enum and the builder's `server_url` (for several servers)
/// and variable setters.
pub fn items(api: &Api) -> TokenStream {
    let servers = &api.servers;
    let setters = servers.variables.iter().map(|v| setter(servers, v));
    let Some(enumeration) = has_enum(api).then(|| server_enum(api)) else {
        if servers.variables.is_empty() {
            return TokenStream::new();
        }
        return quote! { impl ClientBuilder { #( #setters )* } };
    };
    quote! {
        #enumeration

        impl ClientBuilder {
            /// Sends the operations that call `server` to `url` instead of the
            /// spec's URL for it (with its variables), leaving the others
            /// where they are; [`base_url`](Self::base_url) moves every server
            /// but those given their own URL here.
            pub fn server_url(self, server: Server, url: impl Into<String>) -> Self {
                self.inner.server_url(server.index(), url).into()
            }

            #( #setters )*
        }
    }
}

fn server_enum(api: &Api) -> TokenStream {
    let servers = &api.servers;
    let slots = servers.slots();
    let total = api.operations.len();
    let variants = slots.iter().map(|&i| {
        let s = &servers.list[i];
        let v = ident(&s.variant);
        let d = doc::attrs(&variant_doc(s, servers.default == Some(i), total));
        quote! { #d #v }
    });
    let arms = slots.iter().enumerate().map(|(slot, &i)| {
        let v = ident(&servers.list[i].variant);
        let slot = proc_macro2::Literal::usize_unsuffixed(slot);
        quote! { Server::#v => #slot }
    });
    quote! {
        /// The servers the API's operations call, as the spec declares them,
        /// for [`ClientBuilder::server_url`]. Named after their hosts.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Server {
            #( #variants, )*
        }

        impl Server {
            /// Its position in the runtime's table of servers.
            fn index(self) -> usize {
                match self {
                    #( #arms, )*
                }
            }
        }
    }
}

fn variant_doc(s: &Server, default: bool, total: usize) -> String {
    let mut text = format!(
        "{}: {} of {total}{}.",
        code(&s.url),
        operations(s.operations),
        if default { " (the default server)" } else { "" }
    );
    if let Some(d) = &s.description {
        text.push_str("\n\n");
        text.push_str(&doc::sanitize(d));
    }
    text
}

/// The builder setter of one server variable, documented with its default
/// per server and its allowed values.
fn setter(servers: &Servers, v: &Variable) -> TokenStream {
    let method = ident(&v.setter);
    let name = &v.name;
    let uses: Vec<(&Server, &crate::model::servers::ServerVariable)> = servers
        .slots()
        .into_iter()
        .map(|i| &servers.list[i])
        .filter_map(|s| Some((s, s.variables.iter().find(|sv| sv.name == v.name)?)))
        .collect();
    let mut text = format!("Sets the server variable `{name}` in every server URL that names it:");
    for (s, sv) in &uses {
        let default = sv.default.as_deref().map_or(
            "no default: `build()` fails unless it is set".to_owned(),
            |d| format!("default `{d}`"),
        );
        text.push_str(&format!("\n- {} ({default})", code(&s.url)));
    }
    let mut allowed: Vec<&str> = Vec::new();
    for value in uses.iter().flat_map(|(_, sv)| &sv.enumeration) {
        if !allowed.contains(&value.as_str()) {
            allowed.push(value);
        }
    }
    if !allowed.is_empty() {
        let listed: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
        text.push_str(&format!(
            "\n\nThe spec lists the values {}.",
            listed.join(", ")
        ));
    }
    if let Some(d) = uses.iter().find_map(|(_, sv)| sv.description.as_deref()) {
        text.push_str("\n\n");
        text.push_str(&doc::sanitize(d));
    }
    let d = doc::attrs(&text);
    quote! {
        #d
        pub fn #method(self, value: impl Into<String>) -> Self {
            self.server_variable(#name, value)
        }
    }
}

