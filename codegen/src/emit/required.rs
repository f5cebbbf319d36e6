//! The structs of required values named ([`crate::model::required`] says
//! which calls take them): a struct's, for its `new`; a multipart form's,
//! for its `new`; an operation's, beside its request builder, which its
//! method takes instead of positional arguments. Their fields are public
//! and the struct is not `#[non_exhaustive]`, so a value left out is a
//! compile error naming its field. All three are written by [`Named::new`],
//! so they cannot drift apart; each caller gives the fields as its own
//! struct holds them.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::doc;
use super::operations::body_type;
use super::rust::{ident, Emitter};
use crate::model::{Doc, FormStruct, Operation, Tag};

/// A call's required values given by name: its one argument, the statement
/// taking that apart into a binding per field (named as the field), and the
/// struct itself.
pub(super) struct Named {
    pub arg: TokenStream,
    pub unpack: TokenStream,
    pub item: TokenStream,
}

impl Named {
    /// The struct `name` of `fields` (each a name and its declaration:
    /// docs, `pub`, name and type), with `attrs` (its doc, a `cfg`) before it.
    fn new(name: &str, attrs: TokenStream, fields: &[(Ident, TokenStream)]) -> Self {
        let name = ident(name);
        let names = fields.iter().map(|(field, _)| field);
        let decls = fields.iter().map(|(_, decl)| decl);
        Named {
            arg: quote! { required: #name },
            unpack: quote! { let #name { #( #names ),* } = required; },
            item: quote! {
                #attrs
                pub struct #name {
                    #( #decls, )*
                }
            },
        }
    }
}

/// A field's documentation without `#[deprecated]`: a required value must be
/// given, deprecated or not, so warning whoever gives it helps no one.
pub(super) fn field_doc(d: &Doc, fallback: &str) -> TokenStream {
    let d = Doc {
        deprecated: false,
        ..d.clone()
    };
    doc::for_item(&d, fallback)
}

/// The required fields of the struct `def_name`, named `required` (see
/// [`Named::new`] for `fields`); `cfg` gates it as the struct's `new` is.
pub(super) fn of_struct(
    def_name: &str,
    required: &str,
    cfg: Option<TokenStream>,
    fields: &[(Ident, TokenStream)],
) -> Named {
    let doc = format!(
        " The required fields of [`{def_name}`], for [`{def_name}::new`]: named, so that none can take another's place or be left out."
    );
    Named::new(required, quote! { #cfg #[doc = #doc] }, fields)
}

/// The required parts of a form, when its `new` takes them named (see
/// [`Named::new`] for `fields`, each held as the form holds it).
pub(super) fn of_form(form: &FormStruct, fields: &[(Ident, TokenStream)]) -> Option<Named> {
    let required = form.required_name.as_deref()?;
    let doc = doc::attrs(&format!(
        "The required parts of [`{}`], for [`{}::new`]: named, so that none can take another's place or be left out.",
        form.name, form.name
    ));
    Some(Named::new(required, doc, fields))
}

/// An operation's required parameters and body, when its method takes them
/// named; each held as the request builder holds it.
pub(super) fn of_operation(e: &Emitter<'_>, tag: &Tag, op: &Operation) -> Option<Named> {
    let required = op.required_name.as_deref()?;
    let mut fields = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        let field = ident(&p.name);
        let ty = e.ty(&p.ty, true);
        let docs = field_doc(&p.doc, &format!("The `{}` parameter.", p.wire));
        fields.push((field.clone(), quote! { #docs pub #field: #ty }));
    }
    let body = op.body.as_ref().filter(|b| b.required);
    if let Some(body) = body {
        let (ty, _, _) = body_type(e, body);
        let text = body
            .doc
            .as_deref()
            .map(doc::sanitize)
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| "The request body.".to_owned());
        let docs = doc::attrs(&text);
        fields.push((ident("body"), quote! { #docs pub body: #ty }));
    }
    let doc = doc::attrs(&format!(
        "The required parameters{} of `{}`, for [`{}::{}`]: named, so that none can take another's place or be left out.",
        if body.is_some() { " and body" } else { "" },
        op.id,
        tag.struct_name,
        op.method_name.trim_start_matches("r#"),
    ));
    Some(Named::new(required, doc, &fields))
}
