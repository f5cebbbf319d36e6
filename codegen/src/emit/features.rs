//! The tag features in emitted code: the `#[cfg]` of a [`Gate`], put on
//! every item a type or tag emits, on the imports only gated items use, and
//! the gate of what several tags share (patterns, the envelope).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::features::{Gate, ALL_APIS};
use crate::model::{Api, Content};

/// The attribute that compiles an item only under `gate`; none for
/// [`Gate::Always`] and in a crate without tag features (with no tags at
/// all, or a single one).
pub fn cfg(api: &Api, gate: &Gate) -> Option<TokenStream> {
    let Gate::AnyTag(tags) = gate else {
        return None;
    };
    if api.tags.iter().any(|t| t.feature.is_none()) {
        return None;
    }
    let names: Vec<&str> = tags
        .iter()
        .filter_map(|&t| api.tags.get(t).and_then(|tag| tag.feature.as_deref()))
        .collect();
    match names.as_slice() {
        [] if api.tags.is_empty() => None,
        [] => Some(quote! { #[cfg(feature = #ALL_APIS)] }),
        [one] => Some(quote! { #[cfg(feature = #one)] }),
        many => Some(quote! { #[cfg(any( #( feature = #many ),* ))] }),
    }
}

/// The gate of what the operations of tag `t` use.
pub fn tag(t: usize) -> Gate {
    Gate::AnyTag(vec![t])
}

/// The gate of something every tag's operations may use (the `apis` module itself).
pub fn any_tag(api: &Api) -> Gate {
    Gate::AnyTag((0..api.tags.len()).collect())
}

/// The union of the gates of an item's users; `None` when it has none.
pub fn union<'a>(gates: impl IntoIterator<Item = &'a Gate>) -> Option<Gate> {
    gates.into_iter().fold(None, |acc, g| match acc {
        None => Some(g.clone()),
        Some(acc) => Some(acc.union(g)),
    })
}

/// `import` (a `use` item) gated by the union of its users' gates; none
/// when nothing uses it, so no build has an unused import.
pub fn import<'a>(
    api: &Api,
    users: impl IntoIterator<Item = &'a Gate>,
    import: TokenStream,
) -> Option<TokenStream> {
    let gate = union(users)?;
    let cfg = cfg(api, &gate);
    Some(quote! { #cfg #import })
}

/// Puts the attribute of `gate` on each of `items`, after their docs.
pub fn gate(api: &Api, gate: &Gate, items: &mut [syn::Item]) {
    let Some(cfg) = cfg(api, gate) else {
        return;
    };
    let attr: syn::Attribute = syn::parse_quote! { #cfg };
    for item in items {
        if let Some(attrs) = super::rust::item_attrs(item) {
            let docs = attrs
                .iter()
                .take_while(|a| a.path().is_ident("doc"))
                .count();
            attrs.insert(docs, attr.clone());
        }
    }
}

/// The gate of the success envelope: the tags with an operation that
/// decodes one. `None` when no operation does (it is emitted ungated then).
pub fn envelope(api: &Api) -> Option<Gate> {
    let users: Vec<Gate> = api
        .tags
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            t.operations.iter().any(|&i| {
                api.operations.get(i).is_some_and(|op| {
                    op.success.envelope.is_some() && matches!(op.success.content, Content::Json(_))
                })
            })
        })
        .map(|(t, _)| tag(t))
        .collect();
    union(&users)
}
