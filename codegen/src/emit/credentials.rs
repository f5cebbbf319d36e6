//! The client's credentials in generated code: the runtime's table of
//! security schemes (each with the slot of its credential), and per
//! credential a builder method and a `set_…` method on the client.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc;
use super::rust::ident;
use crate::model::{Api, Credential, Location, SchemeKind};

fn location_word(location: Location) -> &'static str {
    match location {
        Location::Query => "query parameter",
        Location::Cookie => "cookie",
        _ => "header",
    }
}

/// What the credential is and how it travels, as a noun phrase.
fn what(c: &Credential) -> String {
    match &c.kind {
        SchemeKind::Bearer => "the bearer token, sent as `Authorization: Bearer <token>`".to_owned(),
        SchemeKind::Basic => {
            "the user name and password, sent with HTTP basic authentication (`Authorization: Basic`)"
                .to_owned()
        }
        SchemeKind::ApiKey { location, name } => {
            format!("the API key, sent in the `{name}` {}", location_word(*location))
        }
    }
}

/// `` `a` ``, `` `a` and `b` ``, `` `a`, `b` and `c` ``.
fn listed(keys: &[&str]) -> String {
    let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    match keys.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => keys.join(""),
    }
}

/// Which schemes a credential serves, and their descriptions.
fn serves(api: &Api, c: &Credential) -> String {
    if c.implied_from.is_some() {
        let SchemeKind::ApiKey { name, .. } = &c.kind else {
            return ".".to_owned();
        };
        return format!(
            ". The spec declares no security scheme, but {} of its {} operations take a `{name}` header parameter: they send this key instead.",
            c.operations,
            api.operations.len()
        );
    }
    let keys: Vec<&str> = c
        .schemes
        .iter()
        .map(|&s| api.schemes[s].key.as_str())
        .collect();
    let mut text = match keys.len() {
        1 => format!(", for the security scheme {}.", listed(&keys)),
        _ => format!(
            ", for the security schemes {}: one credential serves every operation that names any of them.",
            listed(&keys)
        ),
    };
    for &s in &c.schemes {
        let scheme = &api.schemes[s];
        if let Some(d) = scheme.doc.as_deref().filter(|d| !d.trim().is_empty()) {
            let d = doc::sanitize(d);
            if c.schemes.len() == 1 {
                text.push_str(&format!("\n\n{d}"));
            } else {
                text.push_str(&format!("\n\n`{}`: {d}", scheme.key));
            }
        }
    }
    text
}

/// The scheme whose name the generated methods pass to the runtime: the
/// credential's first (any of its schemes reaches the same slot).
fn scheme_name(api: &Api, c: &Credential) -> String {
    c.schemes
        .first()
        .map(|&s| api.schemes[s].key.clone())
        .unwrap_or_default()
}

/// `runtime::SecurityScheme` for each scheme, in the order operations index them.
pub(super) fn runtime_schemes(api: &Api) -> Vec<TokenStream> {
    api.schemes
        .iter()
        .map(|s| {
            let key = &s.key;
            let kind = match &s.kind {
                SchemeKind::Bearer => quote! { runtime::SchemeKind::Bearer },
                SchemeKind::Basic => quote! { runtime::SchemeKind::Basic },
                SchemeKind::ApiKey { location, name } => {
                    let loc = match location {
                        Location::Query => quote! { Query },
                        Location::Cookie => quote! { Cookie },
                        _ => quote! { Header },
                    };
                    quote! { runtime::SchemeKind::ApiKey { location: runtime::ApiKeyLocation::#loc, name: #name } }
                }
            };
            let slot = proc_macro2::Literal::usize_unsuffixed(s.credential);
            let setter = &api.credentials[s.credential].setter;
            quote! { runtime::SecurityScheme { name: #key, kind: #kind, slot: #slot, setter: #setter } }
        })
        .collect()
}

/// A `ClientBuilder` method per credential.
pub(super) fn builder_setters(api: &Api) -> Vec<TokenStream> {
    api.credentials
        .iter()
        .map(|c| {
            let m = ident(&c.setter);
            let key = scheme_name(api, c);
            let d = doc::attrs(&format!("Sets {}{}", what(c), serves(api, c)));
            match &c.kind {
                SchemeKind::Basic => quote! {
                    #d
                    pub fn #m(self, username: impl Into<String>, password: impl Into<runtime::Secret>) -> Self {
                        self.basic(#key, username, password)
                    }
                },
                SchemeKind::Bearer => quote! {
                    #d
                    pub fn #m(self, token: impl Into<runtime::Secret>) -> Self {
                        self.token(#key, token)
                    }
                },
                SchemeKind::ApiKey { .. } => quote! {
                    #d
                    pub fn #m(self, key: impl Into<runtime::Secret>) -> Self {
                        self.token(#key, key)
                    }
                },
            }
        })
        .collect()
}

/// A `Client` method per credential, to set or replace it at run time.
pub(super) fn client_setters(api: &Api) -> Vec<TokenStream> {
    api.credentials
        .iter()
        .map(|c| {
            let m = format_ident!("set_{}", c.setter);
            let builder = &c.setter;
            let key = scheme_name(api, c);
            let d = doc::attrs(&format!(
                "[`ClientBuilder::{builder}`] at run time: sets or replaces {}. Every clone of \
                 this client uses it from its next call on.\n\n# Errors\n\n\
                 [`Error::Config`](crate::Error::Config) when the credential cannot be sent \
                 (empty, or characters a header cannot carry); the previous one is kept.",
                what(c)
            ));
            match &c.kind {
                SchemeKind::Basic => quote! {
                    #d
                    pub fn #m(&self, username: impl Into<String>, password: impl Into<runtime::Secret>) -> runtime::Result<()> {
                        self.set_credential(#key, runtime::Credential::Basic { username: username.into(), password: password.into() })
                    }
                },
                SchemeKind::Bearer => quote! {
                    #d
                    pub fn #m(&self, token: impl Into<runtime::Secret>) -> runtime::Result<()> {
                        self.set_token(#key, token)
                    }
                },
                SchemeKind::ApiKey { .. } => quote! {
                    #d
                    pub fn #m(&self, key: impl Into<runtime::Secret>) -> runtime::Result<()> {
                        self.set_token(#key, key)
                    }
                },
            }
        })
        .collect()
}
