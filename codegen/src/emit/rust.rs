//! Shared pieces of emission: Rust types for [`TypeRef`]s, identifiers,
//! the pattern table, and validation calls.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::features::Gate;
use crate::model::{Api, Constraints, IntWidth, TypeKind, TypeRef, TypeSpace};

/// The attributes of an item of the kinds emitted code has; `None` for others.
pub fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    use syn::Item;
    Some(match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        _ => return None,
    })
}

/// An identifier, raw when it starts with `r#`.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// What emission needs besides the model: where types live and the pattern table.
pub struct Emitter<'a> {
    /// The model.
    pub api: &'a Api,
    /// Each distinct pattern and its static's index.
    pub patterns: BTreeMap<String, usize>,
    /// Per pattern static (by index), the gate of what checks it.
    pub pattern_gates: Vec<Gate>,
    /// Per type: whether its values have something to check before sending.
    validates: Vec<bool>,
}

impl<'a> Emitter<'a> {
    /// Collects the pattern table.
    pub fn new(api: &'a Api) -> Self {
        let mut patterns = BTreeMap::new();
        let mut pattern_gates: Vec<Option<Gate>> = Vec::new();
        let mut add = |c: &Constraints, gate: &Gate| {
            let mut cur = Some(c);
            while let Some(c) = cur {
                if let Some(p) = &c.pattern {
                    let next = patterns.len();
                    let index = *patterns.entry(p.clone()).or_insert(next);
                    if index == pattern_gates.len() {
                        pattern_gates.push(None);
                    }
                    let slot = &mut pattern_gates[index];
                    *slot = super::features::union(slot.iter().chain([gate]));
                }
                cur = c.items.as_deref();
            }
        };
        for (def, gate) in api.types.defs.iter().zip(&api.type_gates) {
            if !def.usage.request {
                continue;
            }
            match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().for_each(|f| add(&f.constraints, gate)),
                TypeKind::Union(u) => u.variants.iter().for_each(|v| add(&v.constraints, gate)),
                _ => {}
            }
        }
        // An operation's checks are compiled with its tag's module.
        let mut op_gates = vec![Gate::Always; api.operations.len()];
        for (t, tag) in api.tags.iter().enumerate() {
            for &i in &tag.operations {
                if let Some(slot) = op_gates.get_mut(i) {
                    *slot = super::features::tag(t);
                }
            }
        }
        for (op, gate) in api.operations.iter().zip(&op_gates) {
            op.params.iter().for_each(|p| add(&p.constraints, gate));
            if let Some(crate::model::Body {
                kind: crate::model::BodyKind::Multipart(form),
                ..
            }) = &op.body
            {
                form.parts().for_each(|p| add(&p.constraints, gate));
            }
        }
        let pattern_gates = pattern_gates
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        let validates = validating_types(&api.types);
        Self {
            api,
            patterns,
            pattern_gates,
            validates,
        }
    }

    /// The type space.
    pub fn space(&self) -> &TypeSpace {
        &self.api.types
    }

    /// The Rust type of `ty`; `qualified` prefixes named types with `types::`.
    pub fn ty(&self, ty: &TypeRef, qualified: bool) -> TokenStream {
        match ty {
            TypeRef::Named(id) => {
                let name = ident(&self.space().get(*id).name);
                if qualified {
                    quote! { types::#name }
                } else {
                    quote! { #name }
                }
            }
            TypeRef::String => quote! { String },
            TypeRef::Integer(IntWidth::I32) => quote! { i32 },
            TypeRef::Integer(IntWidth::I64) => quote! { i64 },
            TypeRef::Number => quote! { f64 },
            TypeRef::Boolean => quote! { bool },
            TypeRef::Json => quote! { serde_json::Value },
            TypeRef::Vec(inner) => {
                let inner = self.ty(inner, qualified);
                quote! { Vec<#inner> }
            }
            TypeRef::Map(inner) => {
                let inner = self.ty(inner, qualified);
                quote! { std::collections::BTreeMap<String, #inner> }
            }
        }
    }

    /// Whether values of `ty` have something to validate before sending.
    pub fn needs_validation(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Vec(inner) | TypeRef::Map(inner) => self.needs_validation(inner),
            TypeRef::Named(id) => self.validates[id.0],
            _ => false,
        }
    }

    /// Statements checking `value` (an expression of type `&T`) named `name`
    /// against `c`, and recursing into nested types that validate.
    pub fn checks(
        &self,
        name: &str,
        value: TokenStream,
        ty: &TypeRef,
        c: &Constraints,
    ) -> TokenStream {
        let mut out = TokenStream::new();
        if let Some(p) = &c.pattern {
            if matches!(ty, TypeRef::String) {
                let pat = format_ident!("P{}", self.patterns[p]);
                out.extend(quote! { v.pattern(#name, #value, &crate::patterns::#pat); });
            }
        }
        if (c.min_length.is_some() || c.max_length.is_some()) && matches!(ty, TypeRef::String) {
            let (min, max) = (opt_u64(c.min_length), opt_u64(c.max_length));
            out.extend(quote! { v.length(#name, #value, #min, #max); });
        }
        if (c.minimum.is_some() || c.maximum.is_some())
            && matches!(ty, TypeRef::Integer(_) | TypeRef::Number)
        {
            let (min, max) = (opt_bound(c.minimum), opt_bound(c.maximum));
            let number = if matches!(ty, TypeRef::Number) {
                quote! { *#value }
            } else {
                quote! { *#value as f64 }
            };
            out.extend(quote! { v.range(#name, #number, #min, #max); });
        }
        if let TypeRef::Vec(inner) = ty {
            if c.min_items.is_some() || c.max_items.is_some() {
                let (min, max) = (opt_u64(c.min_items), opt_u64(c.max_items));
                out.extend(quote! { v.count(#name, #value.len(), #min, #max); });
            }
            let item_c = c.items.as_deref().cloned().unwrap_or_default();
            let inner_checks = self.checks("", quote! { item }, inner, &item_c);
            if !inner_checks.is_empty() {
                out.extend(quote! {
                    v.enter(#name);
                    for (i, item) in #value.iter().enumerate() {
                        v.enter_index(i);
                        #inner_checks
                        v.leave();
                    }
                    v.leave();
                });
            }
        }
        if let TypeRef::Map(inner) = ty {
            let inner_checks = self.checks("", quote! { item }, inner, &Constraints::default());
            if !inner_checks.is_empty() {
                out.extend(quote! {
                    v.enter(#name);
                    for (key, item) in #value.iter() {
                        v.enter(key);
                        #inner_checks
                        v.leave();
                    }
                    v.leave();
                });
            }
        }
        if let TypeRef::Named(_) = ty {
            if self.needs_validation(ty) {
                out.extend(quote! { v.nested(#name, #value); });
            }
        }
        out
    }
}

/// For every type, whether it (or a type it holds, through any depth of
/// fields, variants, aliases, arrays and maps) has a constraint to check:
/// computed once, to a fixed point, so recursive types need no special case.
fn validating_types(space: &TypeSpace) -> Vec<bool> {
    let named = |ty: &TypeRef| -> Option<usize> {
        let mut ty = ty;
        while let TypeRef::Vec(inner) | TypeRef::Map(inner) = ty {
            ty = inner;
        }
        match ty {
            TypeRef::Named(id) => Some(id.0),
            _ => None,
        }
    };
    // Each type's own constraints, and the types it holds.
    let mut validates = Vec::with_capacity(space.defs.len());
    let mut holds: Vec<Vec<usize>> = Vec::with_capacity(space.defs.len());
    for def in &space.defs {
        let (direct, children) = match &def.kind {
            TypeKind::Struct(s) => (
                s.fields.iter().any(|f| applies(&f.constraints, &f.ty)),
                s.fields.iter().filter_map(|f| named(&f.ty)).collect(),
            ),
            TypeKind::Union(u) => (
                u.variants.iter().any(|v| applies(&v.constraints, &v.ty)),
                u.variants.iter().filter_map(|v| named(&v.ty)).collect(),
            ),
            TypeKind::Alias(t) => (false, named(t).into_iter().collect()),
            TypeKind::Enum(_) => (false, Vec::new()),
        };
        validates.push(direct);
        holds.push(children);
    }
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..validates.len() {
            if !validates[i] && holds[i].iter().any(|&j| validates[j]) {
                validates[i] = true;
                changed = true;
            }
        }
    }
    validates
}

/// Whether `c` has a check [`Emitter::checks`] emits for a value of `ty`
/// (a `maxLength` on an enum, say, has none).
fn applies(c: &Constraints, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String => c.pattern.is_some() || c.min_length.is_some() || c.max_length.is_some(),
        TypeRef::Integer(_) | TypeRef::Number => c.minimum.is_some() || c.maximum.is_some(),
        TypeRef::Vec(inner) => {
            c.min_items.is_some()
                || c.max_items.is_some()
                || c.items.as_deref().is_some_and(|i| applies(i, inner))
        }
        _ => false,
    }
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => quote! { Some(#v) },
        None => quote! { None },
    }
}

fn opt_bound(v: Option<(f64, bool)>) -> TokenStream {
    match v {
        Some((m, exclusive)) => quote! { Some((#m, #exclusive)) },
        None => quote! { None },
    }
}
