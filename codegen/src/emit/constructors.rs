//! How users build structs: `new` with the required fields, a `with_*`
//! setter per optional field, and for request structs `validate()` for an
//! explicit check.
//!
//! Structs are `#[non_exhaustive]`, so code outside the crate cannot write
//! them as literals; these methods are the way in, and they keep compiling
//! when the spec adds an optional field (a new setter, not a new argument).
//! Where two required fields could be swapped (see
//! [`crate::model::required`]), `new` takes them named, in a struct with a
//! public field each that is not `#[non_exhaustive]`: a swap does not
//! compile, and a field left out is an error naming it.
//! Structs only ever received get them with the `mock` feature, for the
//! values tests stub responses with; the default build does not pay for them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{ident, Emitter};
use crate::model::{Field, StructDef, TypeDef, TypeId, TypeKind, TypeRef};

/// The inherent `impl` of a struct: always for those sent in requests,
/// behind the `mock` feature for the others; and the struct of its required
/// fields when `new` takes them named.
pub fn request_methods(e: &Emitter<'_>, id: TypeId, def: &TypeDef, s: &StructDef) -> TokenStream {
    let only_mock = (!def.usage.request).then(|| quote! { #[cfg(feature = "mock")] });
    let name = ident(&def.name);
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let named = s.required_name.as_deref().map(|r| {
        let fields: Vec<_> = required
            .iter()
            .map(|f| {
                let field = ident(&f.name);
                let (ty, _) = stored(e, f);
                let docs = super::required::field_doc(&f.doc, &format!("`{}`", f.wire));
                (field.clone(), quote! { #docs pub #field: #ty })
            })
            .collect();
        super::required::of_struct(&def.name, r, only_mock.clone(), &fields)
    });
    let by_name = named.is_some();
    let (params, unpack, required_struct) = match named {
        Some(n) => (n.arg, n.unpack, n.item),
        None => {
            let args = required.iter().map(|f| {
                let field = ident(&f.name);
                let (ty, _) = argument(e, f);
                quote! { #field: #ty }
            });
            (quote! { #( #args ),* }, quote! {}, quote! {})
        }
    };
    let inits = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        if f.required {
            let (_, value) = if by_name {
                stored(e, f)
            } else {
                argument(e, f)
            };
            // The field-init shorthand where the argument is stored as it is.
            if field == value.to_string() {
                quote! { #field, }
            } else {
                quote! { #field: #value, }
            }
        } else {
            quote! { #field: Default::default(), }
        }
    });
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote! { additional_properties: Default::default(), });
    let setters = s
        .fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| setter(e, def, f));
    let many =
        (!by_name && required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let new_doc = if required.is_empty() {
        " An empty value: every field is optional; set them with the `with_*` methods.".to_owned()
    } else if let Some(rname) = &s.required_name {
        format!(
            " A value with the required fields, given by name in [`{rname}`]; set optional fields with the `with_*` methods."
        )
    } else {
        let list: Vec<String> = required.iter().map(|f| format!("`{}`", f.wire)).collect();
        format!(
            " A value with the required {}; set optional fields with the `with_*` methods.",
            list.join(", ")
        )
    };
    let type_name = &def.name;
    let check = if e.needs_validation(&TypeRef::Named(id)) {
        quote! {
            let mut v = runtime::Validator::new(#type_name);
            runtime::Validate::validate(self, &mut v);
            v.finish()
        }
    } else {
        quote! { Ok(()) }
    };
    let validate = def.usage.request.then(|| {
        quote! {
            /// Checks this value against the spec's patterns, lengths, ranges and
            /// item counts, as a request with validation on would before sending.
            ///
            /// # Errors
            /// The first field that breaks a constraint, with the reason; its
            /// `operation` is this type's name.
            pub fn validate(&self) -> Result<(), runtime::ValidationError> {
                #check
            }
        }
    });
    // Deprecated fields are still set (to their default) by `new`.
    let allow_deprecated = s
        .fields
        .iter()
        .any(|f| f.doc.deprecated)
        .then(|| quote! { #[allow(deprecated)] });
    quote! {
        #required_struct
        #only_mock
        #allow_deprecated
        impl #name {
            #[doc = #new_doc]
            #many
            pub fn new(#params) -> Self {
                #unpack
                Self {
                    #( #inits )*
                    #additional
                }
            }

            #( #setters )*

            #validate
        }
    }
}

/// A required field as the required-fields struct holds it (its own type,
/// `Option` when nullable) and the expression storing it (boxed where the
/// struct boxes it).
fn stored(e: &Emitter<'_>, f: &Field) -> (TokenStream, TokenStream) {
    let field = ident(&f.name);
    let rust = e.ty(&f.ty, false);
    match (f.nullable, f.boxed) {
        (false, false) => (rust, quote! { #field }),
        (false, true) => (rust, quote! { Box::new(#field) }),
        (true, false) => (quote! { Option<#rust> }, quote! { #field }),
        (true, true) => (quote! { Option<#rust> }, quote! { #field.map(Box::new) }),
    }
}

/// The argument type of a field's value and the expression storing it:
/// strings and unions through `Into`, so `&str` and a union's plain values work.
fn argument(e: &Emitter<'_>, f: &Field) -> (TokenStream, TokenStream) {
    let field = ident(&f.name);
    let rust = e.ty(&f.ty, false);
    let converts = matches!(f.ty, TypeRef::String)
        || matches!(f.ty, TypeRef::Named(id) if matches!(e.space().get(id).kind, TypeKind::Union(_)));
    let (ty, mut value) = if converts {
        (quote! { impl Into<#rust> }, quote! { #field.into() })
    } else {
        (rust, quote! { #field })
    };
    if f.boxed {
        value = quote! { Box::new(#value) };
    }
    if f.required && f.nullable {
        // A required nullable field is `Option<T>`: the caller says which.
        let rust = e.ty(&f.ty, false);
        return if f.boxed {
            (quote! { Option<#rust> }, quote! { #field.map(Box::new) })
        } else {
            (quote! { Option<#rust> }, quote! { #field })
        };
    }
    (ty, value)
}

fn setter(e: &Emitter<'_>, def: &TypeDef, f: &Field) -> TokenStream {
    let field = ident(&f.name);
    // `_1st` (a name that would start with a digit) gives `with_1st`.
    let method = format_ident!(
        "with_{}",
        f.name.trim_start_matches("r#").trim_start_matches('_')
    );
    let (ty, value) = argument(e, f);
    let wrapped = if f.nullable && def.usage.request {
        quote! { Nullable::Value(#value) }
    } else {
        quote! { Some(#value) }
    };
    let text = if f.nullable && def.usage.request {
        format!(
            " Sets `{}`. To send an explicit `null`, assign `Nullable::Null` to the field.",
            f.wire
        )
    } else {
        format!(" Sets `{}`.", f.wire)
    };
    let deprecated = f.doc.deprecated.then(|| quote! { #[deprecated] });
    quote! {
        #[doc = #text]
        #deprecated
        pub fn #method(mut self, #field: #ty) -> Self {
            self.#field = #wrapped;
            self
        }
    }
}
