//! The generated crate's `drift` feature: `src/drift.rs`, the spec as a
//! client recording drift checks responses against (the runtime's
//! `drift::shape`), and the builder's `record_drift`. Plain `'static` data,
//! one entry per operation and per named type, compiled only with the
//! feature, so a crate built without it costs nothing more.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::model::{Api, TypeKind, TypeRef};

/// `src/drift.rs`.
pub fn module(api: &Api) -> TokenStream {
    let mut operations: Vec<_> = api.operations.iter().collect();
    // The runtime finds an operation by binary search on its id.
    operations.sort_by(|a, b| a.id.cmp(&b.id));
    let operations = operations.iter().map(|op| {
        let id = &op.id;
        let pointer = spec_pointer(&op.pointer);
        let responses = op.declared.iter().map(|r| {
            let status = &r.status;
            let media = r.media.iter().map(|(media_type, ty)| {
                let body = match ty {
                    Some(ty) => {
                        let ty = shape(ty, None);
                        quote! { Some(#ty) }
                    }
                    None => quote! { None },
                };
                quote! { Media { media_type: #media_type, body: #body } }
            });
            quote! { Resp { status: #status, content: &[#( #media ),*] } }
        });
        quote! { Op { id: #id, pointer: #pointer, responses: &[#( #responses ),*] } }
    });
    let types = api.types.defs.iter().map(|def| {
        let pointer = spec_pointer(&def.pointer);
        let kind = match &def.kind {
            TypeKind::Struct(s) => {
                let fields = s.fields.iter().map(|f| {
                    let name = &f.wire;
                    let ty = shape(&f.ty, f.doc.format.as_deref());
                    let nullable = f.nullable;
                    let secret = f.doc.format.as_deref() == Some("password");
                    quote! { Field { name: #name, ty: #ty, nullable: #nullable, secret: #secret } }
                });
                let additional = match &s.additional {
                    Some(ty) => {
                        let ty = shape(ty, None);
                        quote! { Some(#ty) }
                    }
                    None => quote! { None },
                };
                quote! { DefKind::Object { fields: &[#( #fields ),*], additional: #additional } }
            }
            TypeKind::Enum(e) => {
                let values = e.variants.iter().map(|v| &v.wire);
                quote! { DefKind::Enum(&[#( #values ),*]) }
            }
            TypeKind::Union(u) => {
                let variants = u.variants.iter().map(|v| shape(&v.ty, None));
                quote! { DefKind::OneOf(&[#( #variants ),*]) }
            }
            TypeKind::Alias(ty) => {
                let ty = shape(ty, def.doc.format.as_deref());
                quote! { DefKind::Alias(#ty) }
            }
        };
        quote! { Def { pointer: #pointer, kind: #kind } }
    });
    quote! {
        //! What a client recording drift checks responses against: each
        //! operation's declared responses and the schemas of their bodies, by
        //! JSON pointer into the spec.
        use crate::runtime::drift::shape::{Def, DefKind, Field, Media, Op, Resp, Spec, Ty};

        /// The spec, as `ClientBuilder::record_drift` checks responses against it.
        pub(crate) static SPEC: Spec = Spec {
            operations: &[#( #operations ),*],
            types: &[#( #types ),*],
        };
    }
}

/// `ClientBuilder::record_drift`, for `src/client.rs`.
pub fn builder_method() -> TokenStream {
    quote! {
        #[cfg(feature = "drift")]
        impl ClientBuilder {
            /// Checks every response against the spec and records, in
            /// `recorder`, where it departs: undeclared properties, unlisted
            /// enum values, unexpected `null`s, other types and formats,
            /// undeclared statuses and media types. Responses decode as
            /// before. `cargo xtask drift` turns the records into an overlay
            /// that makes the spec say what the server does.
            pub fn record_drift(self, recorder: runtime::DriftRecorder) -> Self {
                Self {
                    inner: self.inner.record_drift(recorder, &crate::drift::SPEC),
                }
            }
        }
    }
}

/// The runtime's `Ty` for a type; `format` is a string's, from where it is used.
fn shape(ty: &TypeRef, format: Option<&str>) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let i = Literal::usize_unsuffixed(id.0);
            quote! { Ty::Named(#i) }
        }
        TypeRef::String => match format {
            Some(format) => quote! { Ty::String(Some(#format)) },
            None => quote! { Ty::String(None) },
        },
        TypeRef::Integer(_) => quote! { Ty::Integer },
        TypeRef::Number => quote! { Ty::Number },
        TypeRef::Boolean => quote! { Ty::Boolean },
        TypeRef::Json => quote! { Ty::Any },
        TypeRef::Vec(item) => {
            let item = shape(item, None);
            quote! { Ty::List(&#item) }
        }
        TypeRef::Map(value) => {
            let value = shape(value, None);
            quote! { Ty::Map(&#value) }
        }
    }
}

/// A model pointer (`#/components/...`) as a plain JSON pointer into the spec.
fn spec_pointer(pointer: &str) -> &str {
    pointer.strip_prefix('#').unwrap_or(pointer)
}
