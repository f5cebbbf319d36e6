//! The structs of required values named ([`crate::model::required`] says
//! which calls take them): an operation's, beside its request builder,
//! which its method takes instead of positional arguments. Their fields are
//! public and the struct is not `#[non_exhaustive]`, so a value left out is
//! a compile error naming its field. A multipart form's is here too; a
//! struct's is written with its `new`, in `constructors.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::operations::body_type;
use super::rust::{ident, Emitter};
use crate::model::{Doc, FormPartKind, FormStruct, Operation, Tag};

/// A field's documentation without `#[deprecated]`: a required value must be
/// given, deprecated or not, so warning whoever gives it helps no one.
pub(super) fn field_doc(d: &Doc, fallback: &str) -> TokenStream {
    let d = Doc {
        deprecated: false,
        ..d.clone()
    };
    doc::for_item(&d, fallback)
}

/// The struct of an operation's required parameters and body, when its
/// method takes them named; nothing otherwise.
pub(super) fn operation_struct(e: &Emitter<'_>, tag: &Tag, op: &Operation) -> TokenStream {
    let Some(name) = &op.required_name else {
        return quote! {};
    };
    let mut fields = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        let field = ident(&p.name);
        let ty = e.ty(&p.ty, true);
        let docs = field_doc(&p.doc, &format!("The `{}` parameter.", p.wire));
        fields.push(quote! { #docs pub #field: #ty, });
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let (ty, _, _) = body_type(e, body);
        let text = body
            .doc
            .as_deref()
            .map(doc::sanitize)
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| "The request body.".to_owned());
        let docs = doc::attrs(&text);
        fields.push(quote! { #docs pub body: #ty, });
    }
    let text = doc::attrs(&format!(
        "The required parameters{} of `{}`, for [`{}::{}`]: named, so that none can take another's place or be left out.",
        if op.body.as_ref().is_some_and(|b| b.required) {
            " and body"
        } else {
            ""
        },
        op.id,
        tag.struct_name,
        op.method_name.trim_start_matches("r#"),
    ));
    let name = ident(name);
    quote! {
        #text
        pub struct #name {
            #( #fields )*
        }
    }
}

/// The method's one argument and the statement that takes the struct apart
/// into the builder's fields, when it takes its required values named.
pub(super) fn unpack(op: &Operation) -> Option<(TokenStream, TokenStream)> {
    let name = ident(op.required_name.as_ref()?);
    let mut fields: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let field = ident(&p.name);
            quote! { #field }
        })
        .collect();
    if op.body.as_ref().is_some_and(|b| b.required) {
        fields.push(quote! { body });
    }
    Some((
        quote! { required: #name },
        quote! { let #name { #( #fields ),* } = required; },
    ))
}

/// A form whose `new` takes its required parts named: the argument, the
/// statement taking it apart, the struct, and the initializers of every
/// field of the form.
pub(super) struct NamedParts {
    pub arg: TokenStream,
    pub unpack: TokenStream,
    pub item: TokenStream,
    pub inits: Vec<TokenStream>,
}

/// The struct of a form's required parts, when its `new` takes them named;
/// `None` otherwise. Each part is held as the form holds it.
pub(super) fn form_struct(e: &Emitter<'_>, form: &FormStruct) -> Option<NamedParts> {
    let name = ident(form.required_name.as_ref()?);
    let mut fields = Vec::new();
    let mut names = Vec::new();
    for part in form.parts.iter().filter(|p| p.required) {
        let field = ident(&part.name);
        let ty = match &part.kind {
            FormPartKind::File { many: true } => quote! { Vec<runtime::FilePart> },
            FormPartKind::File { many: false } => quote! { runtime::FilePart },
            FormPartKind::Value(ty) => e.ty(ty, true),
        };
        let docs = doc::attrs(
            &part
                .doc
                .as_deref()
                .map(doc::sanitize)
                .unwrap_or_else(|| format!("The `{}` part.", part.wire)),
        );
        fields.push(quote! { #docs pub #field: #ty, });
        names.push(field);
    }
    let inits = form
        .parts
        .iter()
        .map(|p| {
            let field = ident(&p.name);
            match (&p.kind, p.required) {
                (_, true) => quote! { #field },
                (FormPartKind::File { many: true }, false) => quote! { #field: Vec::new() },
                (_, false) => quote! { #field: None },
            }
        })
        .collect();
    let text = doc::attrs(&format!(
        "The required parts of [`{}`], for [`{}::new`]: named, so that none can take another's place or be left out.",
        form.name, form.name
    ));
    Some(NamedParts {
        arg: quote! { required: #name },
        unpack: quote! { let #name { #( #names ),* } = required; },
        item: quote! {
            #text
            pub struct #name {
                #( #fields )*
            }
        },
        inits,
    })
}
