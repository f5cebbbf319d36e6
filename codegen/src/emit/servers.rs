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

/// The sentence in an operation's docs naming the server it calls, when
/// that is not the default one.
pub fn sent_to(servers: &Servers, server: usize) -> String {
    let s = &servers.list[server];
    let moved = if servers.several() {
        format!(" ([`Server::{v}`](crate::Server::{v}))", v = s.variant)
    } else {
        String::new()
    };
    format!(" Sent to {}{moved}.", code(&s.url))
}

/// `1 operation`, `2 operations`.
fn operations(n: usize) -> String {
    format!("{n} operation{}", if n == 1 { "" } else { "s" })
}

/// Whether the crate has the `Server` enum: operations call several servers.
pub fn has_enum(api: &Api) -> bool {
    api.servers.several()
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
        .variable(name)
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

/// The quick start's builder lines that let the client reach the API when
/// the spec gives no usable default: a base URL, else each variable without
/// default, read from the environment (each line starts with a newline).
pub fn quick_start_lines(api: &Api) -> String {
    if let Some(path) = api.servers.needs_base_url() {
        return format!(
            "\n    .base_url(std::env::var(\"API_BASE_URL\")?) // https://<host>{path}"
        );
    }
    api.servers
        .required_variables()
        .iter()
        .map(|v| {
            let setter = v.setter.trim_start_matches("r#");
            format!(
                "\n    .{}(std::env::var(\"API_{}\")?)",
                v.setter,
                setter.to_ascii_uppercase()
            )
        })
        .collect()
}

/// The README's `## Servers`, for a spec with several servers or any
/// variable: each server with its operations and variables, and how to
/// move them.
pub fn readme_section(api: &Api, krate: &str) -> String {
    let servers = &api.servers;
    let any_variable = servers.list.iter().any(|s| !s.variables.is_empty());
    if servers.list.len() < 2 && !any_variable {
        return String::new();
    }
    let named = has_enum(api);
    let mut out = String::from(
        "## Servers\n\nEach operation is sent to the server the spec gives it. `Client::builder().base_url(url)` sends every operation to `url` instead (a proxy, a sandbox, a mock).\n\n",
    );
    for (i, s) in servers.list.iter().enumerate() {
        let mut line = format!("- {}", code(&s.url));
        if servers.default == Some(i) {
            line.push_str(" (default)");
        }
        if s.called() {
            line.push_str(&format!(": {}", operations(s.operations)));
            if named {
                line.push_str(&format!(", `Server::{}`", s.variant));
            }
        } else {
            // Chosen in place of the server it stands in for, so the
            // operations of other servers stay where they are.
            let replaced = s
                .alternative_to
                .and_then(|i| servers.list.get(i))
                .filter(|r| named && r.called());
            let choose = match replaced {
                Some(r) => format!("server_url(Server::{}, {:?})", r.variant, s.url),
                None => format!("base_url({:?})", s.url),
            };
            line.push_str(&format!(
                ": an alternative no operation calls by itself, chosen with `{choose}`"
            ));
        }
        if let Some(d) = &s.description {
            let first = super::doc::sanitize(d);
            let first = first.lines().next().unwrap_or("").trim();
            if !first.is_empty() {
                line.push_str(&format!(". {first}"));
            }
        }
        for v in &s.variables {
            let default = v
                .default
                .as_deref()
                .map_or("no default: required".to_owned(), |d| {
                    format!("default `{d}`")
                });
            let setter = servers
                .variable(&v.name)
                .map(|sv| format!(", set with `.{}(...)`", sv.setter.trim_start_matches("r#")))
                .unwrap_or_default();
            line.push_str(&format!("\n  - `{{{}}}`: {default}{setter}", v.name));
            if !v.enumeration.is_empty() {
                let values: Vec<String> = v.enumeration.iter().map(|e| format!("`{e}`")).collect();
                line.push_str(&format!(" (one of {})", values.join(", ")));
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    if named {
        let slots = servers.slots();
        let moved = &servers.list[slots[slots.len() - 1]];
        out.push_str(&format!(
            "\n`server_url` moves one server's operations and leaves the others where they are:\n\n```rust,no_run\n# fn run() -> Result<(), {krate}::Error> {{\nuse {krate}::{{Client, Server}};\n\nlet client = Client::builder()\n    .server_url(Server::{}, \"http://localhost:8080\")\n    .build()?;\n# let _ = client;\n# Ok(())\n# }}\n```\n",
            moved.variant
        ));
    }
    out.push('\n');
    out
}
