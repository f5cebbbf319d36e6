//! One cargo feature per tag module, so an application compiles only the
//! tags it uses: each tag's feature name, and for every type the tags whose
//! operations reach it (its [`Gate`]).
//!
//! A crate with fewer than two tag modules has no tag features: everything is
//! [`Gate::Always`]. An operation lives in the module of its first tag only,
//! so the types it uses belong to that tag's feature. A type is compiled
//! whatever the features when every tag reaches it, or when an event does
//! (the `webhooks` module is not gated). A type nothing reaches (a component
//! only merged into others by `allOf`, say) comes with [`ALL_APIS`] alone, so
//! a build of every tag still has every schema's type.

use std::collections::BTreeSet;

use super::events::Events;
use super::forms::FormPartKind;
use super::operations::{BodyKind, Content, Operation};
use super::types::{TypeKind, TypeRef, TypeSpace};
use super::{names::Namespace, Tag};

/// The feature that turns on every tag's feature (on by default).
pub const ALL_APIS: &str = "all-apis";

/// Features and dependencies the generated crate has whatever its spec:
/// a tag's feature never takes one of these names (cargo refuses a feature
/// named like a dependency, and the others are the crate's own features).
/// `crate_files` checks this list against the `Cargo.toml` it writes.
pub const RESERVED: &[&str] = &[
    // Features.
    "default",
    "rustls-tls",
    "native-tls",
    "gzip",
    "brotli",
    "http2",
    "patterns",
    "webhooks",
    "mock",
    "drift",
    "serialize",
    ALL_APIS,
    // Dependencies and dev-dependencies.
    "reqwest",
    "bytes",
    "mime_guess",
    "serde",
    "serde_json",
    "serde_path_to_error",
    "tokio",
    "tracing",
    "uuid",
    "httpdate",
    "percent-encoding",
    "url",
    "regress",
    "futures-core",
    "futures-util",
    "fastrand",
    "secrecy",
    "hmac",
    "sha2",
    "base64",
    "wiremock",
];

/// What a generated item needs to be compiled.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Gate {
    /// Nothing: it is compiled whatever the features.
    #[default]
    Always,
    /// The feature of at least one of these tags (indices into
    /// [`super::Api::tags`], ascending), or [`ALL_APIS`], which turns on
    /// every tag's: with no tags, `all-apis` alone.
    AnyTag(Vec<usize>),
}

impl Gate {
    /// The gate of an item used by everything `self` and `other` gate.
    #[must_use]
    pub fn union(&self, other: &Gate) -> Gate {
        match (self, other) {
            (Gate::AnyTag(a), Gate::AnyTag(b)) => {
                let merged: BTreeSet<usize> = a.iter().chain(b).copied().collect();
                Gate::AnyTag(merged.into_iter().collect())
            }
            _ => Gate::Always,
        }
    }
}

/// Names each tag's feature, when there are two tags or more: its module
/// name in kebab case (`i_numbering` → `i-numbering`, `type_` → `type`);
/// one that is taken (a [`RESERVED`] name, or another tag's) gets `-api`
/// (`default` → `default-api`), then a number, in tag order.
pub fn name_features(tags: &mut [Tag]) {
    if tags.len() < 2 {
        return;
    }
    let mut taken = Namespace::with_taken(RESERVED.iter().copied());
    for tag in tags {
        tag.feature = Some(taken.claim_readable(kebab(&tag.module), "-api"));
    }
}

/// `snake_case` (perhaps with leading or trailing `_`) to `kebab-case`.
pub fn kebab(module: &str) -> String {
    let words: Vec<&str> = module
        .trim_start_matches("r#")
        .split('_')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        "api".to_owned()
    } else {
        words.join("-")
    }
}

/// The gate of every type, by [`super::types::TypeId`].
pub fn type_gates(
    types: &TypeSpace,
    operations: &[Operation],
    tags: &[Tag],
    events: &Events,
) -> Vec<Gate> {
    let count = types.defs.len();
    if tags.len() < 2 {
        return vec![Gate::Always; count];
    }
    // Per type, the tags that reach it.
    let mut reached: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (t, tag) in tags.iter().enumerate() {
        let mut roots = Vec::new();
        for &i in &tag.operations {
            if let Some(op) = operations.get(i) {
                operation_roots(op, &mut roots);
            }
        }
        for id in reachable(types, roots) {
            reached[id].push(t);
        }
    }
    // What the `webhooks` module holds is compiled whatever the features.
    let roots = events
        .events
        .iter()
        .filter_map(|e| e.payload.as_ref())
        .collect();
    let always = reachable(types, roots);
    (0..count)
        .map(|i| {
            if always.contains(&i) || reached[i].len() == tags.len() {
                Gate::Always
            } else {
                Gate::AnyTag(std::mem::take(&mut reached[i]))
            }
        })
        .collect()
}

/// Every type an operation names: parameters, body (and form parts),
/// success (and the envelope it is unwrapped from), typed error bodies and
/// the items of its pages.
fn operation_roots<'a>(op: &'a Operation, out: &mut Vec<&'a TypeRef>) {
    out.extend(op.params.iter().map(|p| &p.ty));
    if let Some(body) = &op.body {
        out.push(&body.ty);
        if let BodyKind::Multipart(form) = &body.kind {
            out.extend(form.parts().filter_map(|p| match &p.kind {
                FormPartKind::Value(ty) => Some(ty),
                FormPartKind::File { .. } => None,
            }));
        }
    }
    if let Content::Json(ty) = &op.success.content {
        out.push(ty);
    }
    out.extend(super::streams::of(op).and_then(|s| s.item.as_ref()));
    out.extend(op.success.unwrapped.as_ref());
    out.extend(op.errors.iter().filter_map(|e| e.ty.as_ref()));
    if let Some(p) = &op.pagination {
        out.push(&p.item_ty);
    }
}

/// The named types `roots` hold, through any depth of struct fields
/// (declared and additional), union variants, aliases, arrays and maps.
fn reachable<'a>(types: &'a TypeSpace, roots: Vec<&'a TypeRef>) -> BTreeSet<usize> {
    let mut seen = BTreeSet::new();
    let mut stack = roots;
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Vec(inner) | TypeRef::Map(inner) => stack.push(inner),
            TypeRef::Named(id) => {
                let Some(def) = types.defs.get(id.0) else {
                    continue;
                };
                if !seen.insert(id.0) {
                    continue;
                }
                match &def.kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|f| &f.ty));
                        stack.extend(s.additional.as_ref());
                    }
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(next) => stack.push(next),
                    TypeKind::Enum(_) => {}
                }
            }
            _ => {}
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn tag(module: &str) -> Tag {
        Tag {
            name: module.to_owned(),
            module: module.to_owned(),
            struct_name: String::new(),
            doc: None,
            operations: Vec::new(),
            feature: None,
        }
    }

    fn features(modules: &[&str]) -> Vec<String> {
        let mut tags: Vec<Tag> = modules.iter().map(|m| tag(m)).collect();
        name_features(&mut tags);
        tags.into_iter().filter_map(|t| t.feature).collect()
    }

    #[test]
    fn feature_names_are_kebab_modules_with_a_fallback_for_taken_ones() {
        assert_eq!(
            features(&["i_numbering", "type_", "_1st", "webhooks", "default"]),
            ["i-numbering", "type", "1st", "webhooks-api", "default-api"]
        );
        // A fallback taken by an earlier tag gets `-api` again, then numbers.
        assert_eq!(
            features(&["mock_api", "mock", "serde", "serde_api", "all_apis"]),
            [
                "mock-api",
                "mock2",
                "serde-api",
                "serde-api-api",
                "all-apis-api"
            ]
        );
        assert!(
            features(&["only"]).is_empty(),
            "one tag module, no features"
        );
    }

    /// The gates of the fixture's types, by name, as feature names.
    fn fixture_gates() -> BTreeMap<String, Vec<String>> {
        let spec = include_str!("../../../tests/fixtures/tag_features.yaml");
        let config = crate::Config::parse("crate: {name: tag_features, version: 0.1.0}")
            .expect("config parses");
        let doc = crate::normalized(spec, "tag_features.yaml").expect("the fixture normalizes");
        let api = crate::build_model(doc, config).expect("the fixture builds");
        let feature = |t: &usize| api.tags[*t].feature.clone().unwrap_or_default();
        api.types
            .defs
            .iter()
            .zip(&api.type_gates)
            .map(|(def, gate)| {
                let names = match gate {
                    Gate::Always => vec!["always".to_owned()],
                    Gate::AnyTag(tags) if tags.is_empty() => vec![ALL_APIS.to_owned()],
                    Gate::AnyTag(tags) => tags.iter().map(feature).collect(),
                };
                (def.name.clone(), names)
            })
            .collect()
    }

    #[test]
    fn types_are_gated_by_the_tags_that_reach_them() {
        let gates = fixture_gates();
        let expected: &[(&str, &[&str])] = &[
            // Every tag's error body, and what the webhook carries.
            ("Problem", &["always"]),
            ("NumberPorted", &["always"]),
            ("PortStatus", &["always"]),
            // One tag: directly, nested in fields, through an alias of an array.
            ("NotFound", &["numbers"]),
            ("NumberUpdate", &["numbers"]),
            ("Number", &["numbers"]),
            ("NumberFeatures", &["numbers"]),
            ("Labels", &["numbers"]),
            ("Label", &["numbers"]),
            // The envelope an operation's success is unwrapped from.
            ("NumbersUpdateResponse", &["numbers"]),
            // Union variants; an `allOf` merge.
            ("MessageBody", &["messaging"]),
            ("TextBody", &["messaging"]),
            ("Message", &["messaging"]),
            // An operation tagged `Billing` and `Numbers` is in `billing`;
            // a map's values.
            ("Invoice", &["billing"]),
            ("InvoiceLine", &["billing"]),
            // Shared by some tags, transitively too.
            ("Address", &["numbers", "messaging"]),
            ("Country", &["numbers", "messaging"]),
            ("Money", &["messaging", "billing"]),
            // Used by all three tags with a body, not by the untagged `healthCheck`.
            ("Status", &["numbers", "messaging", "billing"]),
            // Nothing uses them: only merged into `Message`, or not at all.
            ("MessageBase", &[ALL_APIS]),
            ("Unused", &[ALL_APIS]),
        ];
        for (name, want) in expected {
            let want: Vec<String> = want.iter().map(|w| (*w).to_owned()).collect();
            assert_eq!(gates.get(*name), Some(&want), "{name}");
        }
    }
}
