//! `#[allow(deprecated)]` on exactly the generated items that use what the
//! spec marks deprecated. Users of a deprecated type, field, parameter or
//! operation get the warning; the crate's own definitions, impls and builders,
//! which must use them, do not (a crate-wide allow would hide the crate's own
//! mistakes too).

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

use crate::model::{Api, TypeKind};

/// The Rust names of everything the spec marks deprecated.
pub fn names(api: &Api) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add = |name: &str| {
        out.insert(name.trim_start_matches("r#").to_owned());
    };
    for def in &api.types.defs {
        if def.doc.deprecated {
            add(&def.name);
        }
        if let TypeKind::Struct(s) = &def.kind {
            s.fields
                .iter()
                .filter(|f| f.doc.deprecated)
                .for_each(|f| add(&f.name));
        }
    }
    for op in &api.operations {
        if op.deprecated {
            add(&op.method_name);
        }
        op.params
            .iter()
            .filter(|p| p.doc.deprecated)
            .for_each(|p| add(&p.name));
    }
    out
}

/// Whether `code` names any of `names` as an identifier (doc strings are
/// literals, so prose never counts).
fn uses(code: TokenStream, names: &BTreeSet<String>) -> bool {
    code.into_iter().any(|tree| match tree {
        TokenTree::Ident(ident) => {
            let text = ident.to_string();
            names.contains(text.trim_start_matches("r#"))
        }
        TokenTree::Group(group) => uses(group.stream(), names),
        _ => false,
    })
}

/// Adds `#[allow(deprecated)]` to each top-level item of `file` that uses one of `names`.
pub fn allow_where_used(file: &mut syn::File, names: &BTreeSet<String>) {
    if names.is_empty() {
        return;
    }
    let allow: syn::Attribute = syn::parse_quote!(#[allow(deprecated)]);
    let allow_text = allow.to_token_stream().to_string();
    for item in &mut file.items {
        // The runtime's item macros (`decode_object!`, `string_enum!`,
        // `call_methods!`) put attributes written before their input on the
        // impls they expand to.
        if let syn::Item::Macro(item) = item {
            let tokens = &mut item.mac.tokens;
            if uses(tokens.clone(), names) {
                *tokens = quote::quote! { #allow #tokens };
            }
            continue;
        }
        if !uses(item.to_token_stream(), names) {
            continue;
        }
        let Some(attrs) = super::rust::item_attrs(item) else {
            continue;
        };
        // Code that knew it uses a deprecated item may have said so already.
        if !attrs
            .iter()
            .any(|a| a.to_token_stream().to_string() == allow_text)
        {
            attrs.push(allow.clone());
        }
    }
}
