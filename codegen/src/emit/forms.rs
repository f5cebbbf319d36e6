//! The types of `multipart/form-data` bodies, beside the operation's
//! builder: a struct per form (its parts as fields, files as `FilePart`s),
//! and for a union of forms an enum of them with `From` each, so a caller
//! passes whichever form it built. Also the checks of their value parts.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::operations::arg_type;
use super::rust::{ident, Emitter};
use crate::model::{Body, BodyKind, Form, FormPartKind, FormStruct, Operation};

/// The form types of an operation with a multipart body; nothing otherwise.
pub(super) fn types(e: &Emitter<'_>, op: &Operation) -> TokenStream {
    let Some(Body {
        kind: BodyKind::Multipart(form),
        ..
    }) = &op.body
    else {
        return quote! {};
    };
    let id = &op.id;
    match form {
        Form::Object(form) => form_struct(
            e,
            form,
            &format!("The `multipart/form-data` body of `{id}`: [`new`](Self::new) takes the required parts, setters the others; files are [`FilePart`](runtime::FilePart)s."),
        ),
        Form::OneOf { name, variants } => {
            let structs = variants.iter().map(|v| {
                let what = v
                    .doc
                    .as_deref()
                    .map(|d| format!("\n\n{}", doc::sanitize(d)))
                    .unwrap_or_default();
                form_struct(
                    e,
                    &v.form,
                    &format!("The `{}` form of `{id}`'s `multipart/form-data` body ([`{name}::{}`]): [`new`](Self::new) takes the required parts, setters the others; files are [`FilePart`](runtime::FilePart)s.{what}", v.name, v.name),
                )
            });
            let structs: Vec<TokenStream> = structs.collect();
            let union = form_union(form, id, name, variants);
            quote! { #( #structs )* #union }
        }
    }
}

/// The enum of a union's forms, a `From` per form, and its encoding: the
/// form of whichever alternative it holds.
fn form_union(
    form: &Form,
    id: &str,
    name: &str,
    variants: &[crate::model::FormVariant],
) -> TokenStream {
    let enum_name = ident(name);
    let fallible = form.fallible();
    let mut defs = Vec::new();
    let mut froms = Vec::new();
    let mut arms = Vec::new();
    for v in variants {
        let variant = ident(&v.name);
        let inner = ident(&v.form.name);
        let vdoc = doc::attrs(&format!("A [`{}`].", v.form.name));
        defs.push(quote! { #vdoc #variant(#inner) });
        froms.push(quote! {
            impl From<#inner> for #enum_name {
                fn from(form: #inner) -> Self {
                    Self::#variant(form)
                }
            }
        });
        arms.push(if fallible && !v.form.fallible() {
            quote! { Self::#variant(form) => Ok(form.to_multipart()), }
        } else {
            quote! { Self::#variant(form) => form.to_multipart(), }
        });
    }
    let ret = if fallible {
        quote! { runtime::Result<runtime::Multipart> }
    } else {
        quote! { runtime::Multipart }
    };
    let enum_doc = doc::attrs(&format!(
        "The `multipart/form-data` body of `{id}`, one of {} forms: the operation takes any of them, each converts into this.",
        variants.len()
    ));
    quote! {
        #enum_doc
        // A body is built once and moved into its request: the size of the
        // largest form costs nothing worth boxing the others for.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum #enum_name {
            #( #defs, )*
        }

        #( #froms )*

        impl #enum_name {
            fn to_multipart(&self) -> #ret {
                match self {
                    #( #arms )*
                }
            }
        }
    }
}

/// The checks of a form's value parts, with the form as `form` (when
/// validation is on); empty when no part has any.
pub(super) fn checks(e: &Emitter<'_>, form: &Form) -> TokenStream {
    match form {
        Form::Object(form) => struct_checks(e, form),
        Form::OneOf { name, variants } => {
            let enum_name = ident(name);
            let arms: Vec<(TokenStream, TokenStream)> = variants
                .iter()
                .filter_map(|v| {
                    let checks = struct_checks(e, &v.form);
                    let variant = ident(&v.name);
                    (!checks.is_empty()).then(|| (quote! { #enum_name::#variant(form) }, checks))
                })
                .collect();
            match arms.as_slice() {
                [] => quote! {},
                // One form with checks is an `if let`, as clippy asks.
                [(pattern, checks)] if variants.len() > 1 => {
                    quote! { if let #pattern = form { #checks } }
                }
                _ => {
                    let rest = (arms.len() < variants.len()).then(|| quote! { _ => {} });
                    let arms = arms.iter().map(|(p, c)| quote! { #p => { #c } });
                    quote! {
                        match form {
                            #( #arms )*
                            #rest
                        }
                    }
                }
            }
        }
    }
}

fn struct_checks(e: &Emitter<'_>, form: &FormStruct) -> TokenStream {
    let mut checks = Vec::new();
    for part in &form.parts {
        let FormPartKind::Value(ty) = &part.kind else {
            continue;
        };
        let check = e.checks(&part.wire, quote! { x }, ty, &part.constraints);
        if check.is_empty() {
            continue;
        }
        let field = ident(&part.name);
        checks.push(if part.required {
            quote! { { let x = &form.#field; #check } }
        } else {
            quote! { if let Some(x) = &form.#field { #check } }
        });
    }
    quote! { #( #checks )* }
}

/// The struct of one form: a field per part, the file parts as
/// [`FilePart`]s, a constructor taking the required ones, setters for the
/// rest, and its encoding into the runtime's form.
fn form_struct(e: &Emitter<'_>, form: &FormStruct, struct_doc: &str) -> TokenStream {
    let name = ident(&form.name);
    let parts = &form.parts;
    let mut fields = Vec::new();
    let mut args = Vec::new();
    // The required parts' fields, for the struct `new` takes them named in.
    let mut required = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut encode = Vec::new();
    // Named: the required-parts struct holds each part as the form does.
    let named = form.required_name.is_some();
    for part in parts {
        let field = ident(&part.name);
        let wire = &part.wire;
        let pdoc = doc::attrs(
            &part
                .doc
                .as_deref()
                .map(doc::sanitize)
                .unwrap_or_else(|| format!("The `{wire}` part.")),
        );
        let content_type = match &part.content_type {
            Some(t) => quote! { Some(#t) },
            None => quote! { None },
        };
        let (ty, single) = match &part.kind {
            FormPartKind::File { many: true } => {
                let decl = quote! { #pdoc pub #field: Vec<runtime::FilePart> };
                fields.push(decl.clone());
                if part.required {
                    required.push((field.clone(), decl));
                    args.push(quote! { #field: Vec<runtime::FilePart> });
                    inits.push(quote! { #field });
                } else {
                    inits.push(quote! { #field: Vec::new() });
                }
                let add_doc = format!(" Adds a file to the `{wire}` parts, one part per file.");
                setters.push(quote! {
                    #[doc = #add_doc]
                    pub fn #field(mut self, value: runtime::FilePart) -> Self {
                        self.#field.push(value);
                        self
                    }
                });
                encode.push(quote! {
                    for file in &self.#field { form.file(#wire, file, #content_type); }
                });
                continue;
            }
            FormPartKind::File { many: false } => (quote! { runtime::FilePart }, true),
            FormPartKind::Value(ty) => (e.ty(ty, true), false),
        };
        let add = |value: TokenStream| {
            if single {
                quote! { form.file(#wire, #value, #content_type); }
            } else {
                quote! { form.field(#wire, #value, #content_type)?; }
            }
        };
        let converted = |name: TokenStream| match &part.kind {
            FormPartKind::Value(t) => arg_type(e, t, &name),
            FormPartKind::File { .. } => (ty.clone(), quote! {}),
        };
        let (arg_ty, value) = converted(quote! { value });
        let value = if value.is_empty() {
            quote! { value }
        } else {
            value
        };
        if part.required {
            let decl = quote! { #pdoc pub #field: #ty };
            fields.push(decl.clone());
            required.push((field.clone(), decl));
            args.push(quote! { #field: #arg_ty });
            let (_, init) = converted(quote! { #field });
            inits.push(if init.is_empty() || named {
                quote! { #field }
            } else {
                quote! { #field: #init }
            });
            encode.push(add(quote! { &self.#field }));
        } else {
            fields.push(quote! { #pdoc pub #field: Option<#ty> });
            inits.push(quote! { #field: None });
            setters.push(quote! {
                #pdoc
                pub fn #field(mut self, value: #arg_ty) -> Self {
                    self.#field = Some(#value);
                    self
                }
            });
            let add = add(quote! { value });
            encode.push(quote! { if let Some(value) = &self.#field { #add } });
        }
    }
    // With nothing required, `new` is the default, as clippy asks.
    let default = args.is_empty().then(|| quote! { , Default });
    let (args, unpack, required) = match super::required::of_form(form, &required) {
        Some(named) => (vec![named.arg], named.unpack, named.item),
        None => (args, quote! {}, quote! {}),
    };
    let many_args = (args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let (ret, ok) = if form.fallible() {
        (
            quote! { runtime::Result<runtime::Multipart> },
            quote! { Ok(form) },
        )
    } else {
        (quote! { runtime::Multipart }, quote! { form })
    };
    let struct_doc = doc::attrs(struct_doc);
    let new_doc = match &form.required_name {
        Some(required) => {
            format!(" A form with the required parts, given by name in [`{required}`].")
        }
        None => " A form with the required parts.".to_owned(),
    };
    quote! {
        #struct_doc
        #[derive(Debug, Clone #default)]
        pub struct #name {
            #( #fields, )*
        }

        #required

        impl #name {
            #[doc = #new_doc]
            #many_args
            pub fn new(#( #args ),*) -> Self {
                #unpack
                Self { #( #inits, )* }
            }

            #( #setters )*

            fn to_multipart(&self) -> #ret {
                let mut form = runtime::Multipart::new();
                #( #encode )*
                #ok
            }
        }
    }
}
