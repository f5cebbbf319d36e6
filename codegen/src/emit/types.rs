//! `types.rs` of the generated crate: a struct, enum, union or alias per
//! named type, with serde derives chosen by the direction each type travels
//! and validation for the ones sent in requests.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{ident, Emitter};
use super::{doc, features};
use crate::error::Result;
use crate::model::{
    EnumDef, EnumRepr, EnumVariant, Field, Location, StructDef, TypeDef, TypeId, TypeKind, TypeRef,
    UnionDef, UnionVariant,
};

/// How many types one part of the `types` module holds: the module is by far
/// the largest file, so it is built in parts that format on all threads.
const TYPES_PER_PART: usize = 24;

/// The types of each part of the `types` module, in order.
pub fn parts(e: &Emitter<'_>) -> Vec<std::ops::Range<usize>> {
    let count = e.space().defs.len();
    (0..count.div_ceil(TYPES_PER_PART))
        .map(|p| p * TYPES_PER_PART..((p + 1) * TYPES_PER_PART).min(count))
        .collect()
}

/// The names the module's imports bring in, which a type's items may use.
const IMPORTED: [&str; 2] = ["runtime", "Nullable"];

/// The items of the types in `range`, each type parsed on its own so its
/// feature gate goes on its items, with the ids of the types that use each
/// of [`IMPORTED`] (for [`header`], printed once every part is).
pub fn part(e: &Emitter<'_>, range: std::ops::Range<usize>) -> Result<super::Part> {
    let defs = &e.space().defs[range.clone()];
    let gates = &e.api.type_gates[range.clone()];
    let mut file = syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: Vec::new(),
    };
    let mut uses = Vec::new();
    for ((i, def), gate) in range.zip(defs).zip(gates) {
        let tokens = item(e, TypeId(i), def);
        for (n, name) in IMPORTED.iter().enumerate() {
            if super::mentions(&tokens, name) {
                uses.push((n, i));
            }
        }
        let mut items = super::parse(&def.name, tokens)?.items;
        features::gate(e.api, gate, &mut items);
        file.items.extend(items);
    }
    Ok(super::Part { file, uses })
}

/// The head of the `types` module: its doc and the imports its types use
/// (`uses` as [`part`] found them), each under the features of its users,
/// so a spec without types (or without responses) warns about nothing.
pub fn header(e: &Emitter<'_>, uses: &[(usize, usize)]) -> TokenStream {
    let defs = &e.space().defs;
    let gates = &e.api.type_gates;
    let import = |users: &mut dyn Iterator<Item = usize>, tokens| {
        features::import(e.api, users.filter_map(|i| gates.get(i)), tokens)
    };
    // Structs decode through `runtime::decode_object!`, which names serde's paths itself.
    let deserialize = import(
        &mut (0..defs.len()).filter(|&i| {
            defs[i].usage.response && matches!(defs[i].kind, TypeKind::Enum(_) | TypeKind::Union(_))
        }),
        quote! { use serde::Deserialize; },
    );
    let users = |n: usize| uses.iter().filter(move |(m, _)| *m == n).map(|(_, i)| *i);
    let runtime = import(&mut users(0), quote! { use crate::runtime; });
    let nullable = import(&mut users(1), quote! { use crate::runtime::Nullable; });
    quote! {
        //! The API's data types, one per schema of the spec.
        #deserialize
        #runtime
        #nullable
    }
}

/// Whether `def` is only ever decoded: its `Serialize` then compiles only
/// with the crate's `serialize` feature (on with `mock`), since a derive on
/// every response type was a sixth of the crate's build.
fn decode_only(def: &TypeDef) -> bool {
    def.usage.response && !def.usage.request
}

/// `impl Serialize` written by hand for `def`, behind the `serialize` feature
/// when the type is only decoded.
fn serialize_impl(def: &TypeDef, body: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let cfg = decode_only(def).then(|| quote! { #[cfg(feature = "serialize")] });
    quote! {
        #cfg
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #body
            }
        }
    }
}

/// A serde attribute of a field or type, only with the `serialize` feature
/// when the type derives `Serialize` only then (and nothing else reads it).
fn serde_attr(def: &TypeDef, attr: TokenStream) -> TokenStream {
    if decode_only(def) {
        quote! { #[cfg_attr(feature = "serialize", serde(#attr))] }
    } else {
        quote! { #[serde(#attr)] }
    }
}

/// The derives of a struct or untagged union; `Deserialize` only when
/// `derive_deserialize` and the type is decoded from responses.
fn derives(def: &TypeDef, extra: TokenStream, derive_deserialize: bool) -> TokenStream {
    let de = (derive_deserialize && def.usage.response).then(|| quote! { Deserialize, });
    if decode_only(def) {
        quote! {
            #[derive(Debug, Clone, PartialEq, #de #extra)]
            #[cfg_attr(feature = "serialize", derive(serde::Serialize))]
        }
    } else {
        quote! { #[derive(Debug, Clone, PartialEq, serde::Serialize, #de #extra)] }
    }
}

fn item(e: &Emitter<'_>, id: TypeId, def: &TypeDef) -> TokenStream {
    let docs = doc::for_item(&def.doc, &format!("`{}` as the API defines it.", def.name));
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => structure(e, id, def, s, docs),
        TypeKind::Enum(en) => enumeration(def, en, docs),
        TypeKind::Union(u) => union(e, id, def, u, docs),
        TypeKind::Alias(ty) => {
            let ty = e.ty(ty, false);
            quote! { #docs pub type #name = #ty; }
        }
    }
}

/// A field's Rust type and serde attributes, by required/nullable and direction.
fn field_decl(e: &Emitter<'_>, def: &TypeDef, f: &Field) -> TokenStream {
    let mut ty = e.ty(&f.ty, false);
    if f.boxed {
        ty = quote! { Box<#ty> };
    }
    let rename = (f.name.trim_start_matches("r#") != f.wire).then(|| {
        let wire = &f.wire;
        quote! { rename = #wire, }
    });
    let (ty, skip) = match (f.required, f.nullable) {
        (true, false) => (ty, None),
        (true, true) => (quote! { Option<#ty> }, None),
        (false, true) if def.usage.request => (
            quote! { Nullable<#ty> },
            Some(quote! { default, skip_serializing_if = "Nullable::is_absent" }),
        ),
        (false, _) => (
            quote! { Option<#ty> },
            Some(quote! { default, skip_serializing_if = "Option::is_none" }),
        ),
    };
    // One serde attribute: the wire name, then how an absent value is left out.
    let attr =
        (rename.is_some() || skip.is_some()).then(|| serde_attr(def, quote! { #rename #skip }));
    let docs = doc::for_item(&f.doc, &format!("`{}`", f.wire));
    let name = ident(&f.name);
    quote! { #docs #attr pub #name: #ty, }
}

fn structure(
    e: &Emitter<'_>,
    id: TypeId,
    def: &TypeDef,
    s: &StructDef,
    docs: TokenStream,
) -> TokenStream {
    let name = ident(&def.name);
    let fields = s.fields.iter().map(|f| field_decl(e, def, f));
    let additional = s.additional.as_ref().map(|t| {
        let t = e.ty(t, false);
        let flatten = serde_attr(def, quote! { flatten });
        quote! {
            /// Properties the spec does not list.
            #flatten
            pub additional_properties: std::collections::BTreeMap<String, #t>,
        }
    });
    let all_optional = s.fields.iter().all(|f| !f.required);
    let derive = derives(
        def,
        if all_optional {
            quote! { Default }
        } else {
            quote! {}
        },
        false,
    );
    let decode = def.usage.response.then(|| decode_object(def, s));
    let validate = (def.usage.request && e.needs_validation(&TypeRef::Named(id))).then(|| {
        let checks = s.fields.iter().map(|f| {
            let field = ident(&f.name);
            let wire = &f.wire;
            let value = if f.boxed {
                quote! { x.as_ref() }
            } else {
                quote! { x }
            };
            let body = e.checks(wire, value, &f.ty, &f.constraints);
            if body.is_empty() {
                return quote! {};
            }
            match (f.required, f.nullable) {
                (true, false) => quote! { { let x = &self.#field; #body } },
                (false, true) if def.usage.request => {
                    quote! { if let Nullable::Value(x) = &self.#field { #body } }
                }
                _ => quote! { if let Some(x) = &self.#field { #body } },
            }
        });
        quote! {
            impl runtime::Validate for #name {
                fn validate(&self, v: &mut runtime::Validator) {
                    #( #checks )*
                }
            }
        }
    });
    let methods = super::constructors::request_methods(e, id, def, s);
    // Adding a field is not a breaking change: outside the crate, values are
    // built with `new` and the `with_*` setters, never as literals.
    quote! {
        #docs
        #derive
        #[non_exhaustive]
        pub struct #name {
            #( #fields )*
            #additional
        }
        #decode
        #methods
        #validate
    }
}

/// `Deserialize` of a struct: the field list for `runtime::decode_object!`,
/// far less code to build than `#[derive(Deserialize)]`.
fn decode_object(def: &TypeDef, s: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let entry = |f: &Field| {
        let wire = &f.wire;
        let field = ident(&f.name);
        quote! { #wire => #field, }
    };
    let required = s.fields.iter().filter(|f| f.required).map(entry);
    let optional = s.fields.iter().filter(|f| !f.required).map(entry);
    let additional = s
        .additional
        .is_some()
        .then(|| quote! { additional additional_properties });
    quote! {
        runtime::decode_object! {
            #name {
                required { #( #required )* }
                optional { #( #optional )* }
                #additional
            }
        }
    }
}

fn enumeration(def: &TypeDef, en: &EnumDef, docs: TokenStream) -> TokenStream {
    if en.repr == EnumRepr::Integer {
        return integer_enumeration(def, en, docs);
    }
    let name = ident(&def.name);
    let variants = en.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let docs = variant_docs(v);
        quote! { #docs #vname, }
    });
    let table = en.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        quote! { #vname => #wire }
    });
    let deserialize = def.usage.response.then(|| {
        quote! {
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    String::deserialize(deserializer).map(Self::from)
                }
            }
        }
    });
    let serialize = serialize_impl(def, quote! { serializer.serialize_str(self.as_str()) });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A value this version of the client does not know; kept so new server values still decode.
            Unknown(String),
        }

        runtime::string_enum!(#name { #( #table ),* });

        #serialize

        #deserialize
    }
}

/// A variant's value, and what the spec says it means.
fn variant_docs(v: &EnumVariant) -> TokenStream {
    let value = format!("`{}`", v.wire.replace('`', "'"));
    let meaning = v
        .doc
        .as_deref()
        .map(doc::sanitize)
        .filter(|t| !t.is_empty());
    match meaning {
        Some(meaning) => doc::attrs(&format!("{value}: {meaning}")),
        None => {
            let text = format!(" {value}");
            quote! { #[doc = #text] }
        }
    }
}

/// An integer enum: numbers on the wire, an `Unknown(i64)` for unlisted ones.
fn integer_enumeration(def: &TypeDef, en: &EnumDef, docs: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    // The model writes the wire text from an `i64`, so it always parses.
    let value = |wire: &str| proc_macro2::Literal::i64_unsuffixed(wire.parse().unwrap_or_default());
    let variants = en.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let docs = variant_docs(v);
        quote! { #docs #vname, }
    });
    let to_int = en.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let n = value(&v.wire);
        quote! { Self::#vname => #n, }
    });
    let from_int = en.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let n = value(&v.wire);
        quote! { #n => Self::#vname, }
    });
    let deserialize = def.usage.response.then(|| {
        quote! {
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    i64::deserialize(deserializer).map(Self::from)
                }
            }
        }
    });
    let serialize = serialize_impl(def, quote! { serializer.serialize_i64(self.value()) });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A value this version of the client does not know; kept so new server values still decode.
            Unknown(i64),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    #( #to_int )*
                    Self::Unknown(other) => *other,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #( #from_int )*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        #serialize

        #deserialize

        impl runtime::ParamValue for #name {
            fn to_param(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Owned(self.value().to_string())
            }
        }
    }
}

fn union(
    e: &Emitter<'_>,
    id: TypeId,
    def: &TypeDef,
    u: &UnionDef,
    docs: TokenStream,
) -> TokenStream {
    let name = ident(&def.name);
    let variants = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let ty = variant_type(e, v);
        let text = match (&u.tag, v.tags.as_slice()) {
            (Some(property), [_, ..]) => {
                let values: Vec<String> = v
                    .tags
                    .iter()
                    .map(|t| format!("`{}`", t.replace('`', "'")))
                    .collect();
                format!(
                    " The `{}` form: `{}` is {}.",
                    v.name,
                    property.replace('`', "'"),
                    values.join(" or ")
                )
            }
            _ => format!(" The `{}` form.", v.name),
        };
        quote! { #[doc = #text] #vname(#ty), }
    });
    let unknown = u.tag.as_ref().map(|property| {
        let text = format!(
            " A `{}` this version of the client does not know, kept as it came.",
            property.replace('`', "'")
        );
        quote! { #[doc = #text] Unknown(serde_json::Value), }
    });
    let validate = (def.usage.request && e.needs_validation(&TypeRef::Named(id))).then(|| {
        let arms = u.variants.iter().map(|v| {
            let vname = ident(&v.name);
            let value = if v.boxed {
                quote! { x.as_ref() }
            } else {
                quote! { x }
            };
            let body = e.checks("", value, &v.ty, &v.constraints);
            if body.is_empty() {
                quote! { Self::#vname(_) => {} }
            } else {
                quote! { Self::#vname(x) => { #body } }
            }
        });
        let unknown = u.tag.is_some().then(|| quote! { Self::Unknown(_) => {} });
        quote! {
            impl runtime::Validate for #name {
                fn validate(&self, v: &mut runtime::Validator) {
                    match self { #( #arms )* #unknown }
                }
            }
        }
    });
    // `From` each variant's type, where no two variants are one Rust type
    // (aliases included), so a setter taking `impl Into<Union>` accepts the plain value.
    let identities: Vec<TypeRef> = u
        .variants
        .iter()
        .map(|v| e.space().identity(&v.ty))
        .collect();
    let unique = |ty: &TypeRef| identities.iter().filter(|t| *t == ty).count() == 1;
    let froms = u
        .variants
        .iter()
        .zip(&identities)
        .filter(|(_, identity)| unique(identity))
        .map(|(v, identity)| {
            let vname = ident(&v.name);
            let ty = e.ty(&v.ty, false);
            let wrap = if v.boxed {
                quote! { Box::new(value) }
            } else {
                quote! { value }
            };
            let str_from = (*identity == TypeRef::String).then(|| {
                quote! {
                    impl From<&str> for #name {
                        fn from(value: &str) -> Self {
                            Self::#vname(value.to_owned())
                        }
                    }
                }
            });
            quote! {
                impl From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        Self::#vname(#wrap)
                    }
                }
                #str_from
            }
        });
    // A union of scalars has one text form, so it can be a path, query or
    // header parameter; one with arrays of scalars too has one in paths and
    // headers (comma-joined), written where a parameter there needs it.
    let own = TypeRef::Named(id);
    let space = e.space();
    let in_path_or_header = || {
        e.api.operations.iter().any(|op| {
            op.params
                .iter()
                .any(|p| p.location != Location::Query && space.identity(&p.ty) == own)
        })
    };
    let has_arrays = !space.is_scalar(&own);
    let param_value = (space.is_scalar(&own)
        || (space.has_simple_form(&own) && in_path_or_header()))
    .then(|| {
        let arms = u.variants.iter().map(|v| {
            let vname = ident(&v.name);
            quote! { Self::#vname(value) => runtime::ParamValue::to_param(value), }
        });
        // Scalars are encoded whole; arrays item by item.
        let segments = has_arrays.then(|| {
            let arms = u.variants.iter().map(|v| {
                let vname = ident(&v.name);
                quote! { Self::#vname(value) => runtime::ParamValue::to_path_segment(value), }
            });
            quote! {
                fn to_path_segment(&self) -> String {
                    match self { #( #arms )* }
                }
            }
        });
        quote! {
            impl runtime::ParamValue for #name {
                fn to_param(&self) -> std::borrow::Cow<'_, str> {
                    match self { #( #arms )* }
                }
                #segments
            }
        }
    });
    // Untagged unions derive their serde impls; tagged ones write them.
    let (derive, codec) = match &u.tag {
        Some(property) => (
            quote! { #[derive(Debug, Clone, PartialEq)] },
            tagged_codec(e, def, u, property),
        ),
        None => {
            let derive = derives(def, quote! {}, true);
            (quote! { #derive #[serde(untagged)] }, quote! {})
        }
    };
    quote! {
        #docs
        #derive
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            #unknown
        }
        #codec
        #( #froms )*
        #param_value
        #validate
    }
}

fn variant_type(e: &Emitter<'_>, v: &UnionVariant) -> TokenStream {
    let ty = e.ty(&v.ty, false);
    if v.boxed {
        quote! { Box<#ty> }
    } else {
        ty
    }
}

/// `Serialize` and `Deserialize` of a union with a discriminator: decoding
/// reads the value once, looks at the tag and decodes the alternative it
/// names; a tag no alternative claims tries the untagged alternatives, then
/// keeps the value in `Unknown`.
fn tagged_codec(e: &Emitter<'_>, def: &TypeDef, u: &UnionDef, property: &str) -> TokenStream {
    let name = ident(&def.name);
    let wrap = |v: &UnionVariant| {
        let vname = ident(&v.name);
        if v.boxed {
            quote! { |value| Self::#vname(Box::new(value)) }
        } else {
            quote! { Self::#vname }
        }
    };
    let construct = |v: &UnionVariant, value: TokenStream| {
        let vname = ident(&v.name);
        if v.boxed {
            quote! { Self::#vname(Box::new(#value)) }
        } else {
            quote! { Self::#vname(#value) }
        }
    };
    let serialize_arms = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        match v.tags.first() {
            // A required tag property is written by the value itself.
            Some(tag) if !declares_required(e, &v.ty, property) => quote! {
                Self::#vname(value) => runtime::serialize_tagged(value, #property, #tag, serializer),
            },
            _ => quote! { Self::#vname(value) => serde::Serialize::serialize(value, serializer), },
        }
    });
    let deserialize = def.usage.response.then(|| {
        let tagged = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
            let tags = &v.tags;
            let wrap = wrap(v);
            quote! { Some(#( #tags )|*) => runtime::decode_variant(value).map(#wrap), }
        });
        let untagged = u.variants.iter().filter(|v| v.tags.is_empty()).map(|v| {
            let decoded = construct(v, quote! { decoded });
            quote! {
                if let Some(decoded) = runtime::try_variant(&value) {
                    return Ok(#decoded);
                }
            }
        });
        quote! {
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = serde_json::Value::deserialize(deserializer)?;
                    match runtime::tag_of(&value, #property).as_deref() {
                        #( #tagged )*
                        _ => {
                            #( #untagged )*
                            Ok(Self::Unknown(value))
                        }
                    }
                }
            }
        }
    });
    let serialize = serialize_impl(
        def,
        quote! {
            match self {
                #( #serialize_arms )*
                Self::Unknown(value) => serde::Serialize::serialize(value, serializer),
            }
        },
    );
    quote! {
        #serialize
        #deserialize
    }
}

/// Whether `ty` is a struct with `property` as a required, non-nullable field.
fn declares_required(e: &Emitter<'_>, ty: &TypeRef, property: &str) -> bool {
    let TypeRef::Named(id) = e.space().identity(ty) else {
        return false;
    };
    match &e.space().get(id).kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .any(|f| f.wire == property && f.required && !f.nullable),
        _ => false,
    }
}
