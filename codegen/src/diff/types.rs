//! Changes to the crate's types: types, struct fields, enum and union
//! variants and aliases, matched by Rust name (fields and enum values by
//! their wire names) and compared by their rendered Rust types.
//!
//! Direction decides what breaks: a new required field breaks code that
//! builds a request but not code that reads a response; so does a change in
//! how a request's `new` takes its required fields (in order or named, see
//! [`crate::model::required`]), or in their order when positional. A type used both
//! ways takes the stricter rule. Enums and unions are `#[non_exhaustive]`,
//! so a new variant or alternative breaks no `match`.

use std::collections::BTreeMap;

use super::{docs, push, render, Change, Kind};
use crate::model::{Api, EnumDef, StructDef, TypeDef, TypeKind, TypeSpace, UnionDef, Usage};

/// Reports every type added, removed or changed.
pub fn compare(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let by_name = |api: &Api| -> BTreeMap<String, usize> {
        let defs = api.types.defs.iter().enumerate();
        defs.map(|(i, d)| (d.name.clone(), i)).collect()
    };
    let (old_names, new_names) = (by_name(old), by_name(new));
    let mut names: Vec<&String> = old_names.keys().chain(new_names.keys()).collect();
    names.sort();
    names.dedup();
    for name in names {
        let subject = format!("types::{name}");
        match (old_names.get(name), new_names.get(name)) {
            (Some(_), None) => push(out, Kind::Breaking, &subject, "type removed"),
            (None, Some(&i)) => push(
                out,
                Kind::Additive,
                &subject,
                format!("type added ({})", kind_name(&new.types.defs[i].kind)),
            ),
            (Some(&a), Some(&b)) => {
                let pair = Pair {
                    old: &old.types,
                    new: &new.types,
                    subject: &subject,
                };
                pair.def(&old.types.defs[a], &new.types.defs[b], out);
            }
            (None, None) => {}
        }
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union",
        TypeKind::Alias(_) => "alias",
    }
}

/// One type as it is in both models.
struct Pair<'a> {
    old: &'a TypeSpace,
    new: &'a TypeSpace,
    subject: &'a str,
}

impl Pair<'_> {
    fn def(&self, a: &TypeDef, b: &TypeDef, out: &mut Vec<Change>) {
        let usage = Usage {
            request: a.usage.request || b.usage.request,
            response: a.usage.response || b.usage.response,
        };
        docs::compare(&a.doc, &b.doc, self.subject, "", out);
        match (&a.kind, &b.kind) {
            (TypeKind::Struct(x), TypeKind::Struct(y)) => self.structure(a, x, b, y, usage, out),
            (TypeKind::Enum(x), TypeKind::Enum(y)) => self.enumeration(x, y, out),
            (TypeKind::Union(x), TypeKind::Union(y)) => self.union(x, y, out),
            (TypeKind::Alias(x), TypeKind::Alias(y)) => {
                let (x, y) = (render::type_ref(self.old, x), render::type_ref(self.new, y));
                if x != y {
                    self.push(
                        out,
                        Kind::Breaking,
                        format!("now an alias of {y} (was {x})"),
                    );
                }
            }
            (x, y) => self.push(
                out,
                Kind::Breaking,
                format!("now a {} (was a {})", kind_name(y), kind_name(x)),
            ),
        }
    }

    fn push(&self, out: &mut Vec<Change>, kind: Kind, what: String) {
        push(out, kind, self.subject, what);
    }

    fn structure(
        &self,
        a: &TypeDef,
        x: &StructDef,
        b: &TypeDef,
        y: &StructDef,
        usage: Usage,
        out: &mut Vec<Change>,
    ) {
        for f in &x.fields {
            let Some(g) = y.fields.iter().find(|g| g.wire == f.wire) else {
                self.push(out, Kind::Breaking, format!("field `{}` removed", f.name));
                continue;
            };
            let item = format!("field `{}`", g.name);
            if f.name != g.name {
                let what = format!("field `{}` renamed to `{}`", f.name, g.name);
                self.push(out, Kind::Breaking, what);
            }
            let (old_ty, new_ty) = (render::field(self.old, a, f), render::field(self.new, b, g));
            let same_inner = render::type_ref(self.old, &f.ty) == render::type_ref(self.new, &g.ty);
            // A nullable field is an `Option` either way: its requiredness alone changes nothing.
            if old_ty != new_ty {
                let what = if f.required != g.required && same_inner {
                    let now = if g.required { "required" } else { "optional" };
                    format!("{item} became {now}")
                } else {
                    format!("{item} retyped from {old_ty} to {new_ty}")
                };
                self.push(out, Kind::Breaking, what);
            }
            docs::compare(&f.doc, &g.doc, self.subject, &item, out);
        }
        for g in y
            .fields
            .iter()
            .filter(|g| x.fields.iter().all(|f| f.wire != g.wire))
        {
            let kind = if g.required && usage.request {
                Kind::Breaking
            } else {
                Kind::Additive
            };
            let how = if g.required { "required" } else { "optional" };
            let what = format!("field `{}` added ({how})", g.name);
            self.push(out, kind, what);
        }
        if usage.request {
            self.constructor(x, y, out);
        }
        let extra = |space, t: &Option<_>| t.as_ref().map(|t| render::type_ref(space, t));
        match (
            extra(self.old, &x.additional),
            extra(self.new, &y.additional),
        ) {
            (None, Some(t)) => {
                let what = format!("field `additional_properties` added (BTreeMap<String, {t}>)");
                self.push(out, Kind::Additive, what);
            }
            (Some(_), None) => {
                let what = "field `additional_properties` removed".to_owned();
                self.push(out, Kind::Breaking, what);
            }
            (Some(s), Some(t)) if s != t => {
                let what =
                    format!("field `additional_properties` retyped from BTreeMap<String, {s}> to BTreeMap<String, {t}>");
                self.push(out, Kind::Breaking, what);
            }
            _ => {}
        }
    }

    /// How a request struct's `new` takes the required fields: in order,
    /// where reordering them breaks callers, or named in a struct, where
    /// order is no matter. Types only received have a `new` with the `mock`
    /// feature alone, for tests, so like a new required field of theirs, a
    /// change to it is not counted.
    fn constructor(&self, x: &StructDef, y: &StructDef, out: &mut Vec<Change>) {
        match (&x.required_name, &y.required_name) {
            (None, Some(name)) => {
                let what = format!(
                    "`new` now takes the required fields named, in `{name}` (was in order)"
                );
                return self.push(out, Kind::Breaking, what);
            }
            (Some(_), None) => {
                let what = "`new` now takes the required fields in order (was named)".to_owned();
                return self.push(out, Kind::Breaking, what);
            }
            (Some(s), Some(t)) if s != t => {
                let what = format!("`new` now takes the required fields in `{t}` (was `{s}`)");
                return self.push(out, Kind::Breaking, what);
            }
            (Some(_), Some(_)) => return,
            (None, None) => {}
        }
        let kept = |s: &StructDef, other: &StructDef| -> Vec<String> {
            s.fields
                .iter()
                .filter(|f| {
                    f.required && other.fields.iter().any(|g| g.wire == f.wire && g.required)
                })
                .map(|f| f.wire.clone())
                .collect()
        };
        let (before, after) = (kept(x, y), kept(y, x));
        if before != after {
            let what = format!(
                "arguments of `new` reordered: ({}) (was ({}))",
                after.join(", "),
                before.join(", ")
            );
            self.push(out, Kind::Breaking, what);
        }
    }

    fn enumeration(&self, x: &EnumDef, y: &EnumDef, out: &mut Vec<Change>) {
        for v in &x.variants {
            match y.variants.iter().find(|w| w.wire == v.wire) {
                None => {
                    let what = format!("variant `{}` ({:?}) removed", v.name, v.wire);
                    self.push(out, Kind::Breaking, what);
                }
                Some(w) if w.name != v.name => {
                    let what = format!(
                        "variant `{}` ({:?}) renamed to `{}`",
                        v.name, v.wire, w.name
                    );
                    self.push(out, Kind::Breaking, what);
                }
                Some(_) => {}
            }
        }
        // Values the old crate did not list decoded as `Unknown`: a new variant breaks no code.
        for w in y
            .variants
            .iter()
            .filter(|w| x.variants.iter().all(|v| v.wire != w.wire))
        {
            let what = format!("variant `{}` ({:?}) added", w.name, w.wire);
            self.push(out, Kind::Additive, what);
        }
    }

    fn union(&self, x: &UnionDef, y: &UnionDef, out: &mut Vec<Change>) {
        for v in &x.variants {
            let old_ty = render::type_ref(self.old, &v.ty);
            match y.variants.iter().find(|w| w.name == v.name) {
                None => {
                    let what = format!("variant `{}` ({old_ty}) removed", v.name);
                    self.push(out, Kind::Breaking, what);
                }
                Some(w) => {
                    let new_ty = render::type_ref(self.new, &w.ty);
                    if old_ty != new_ty {
                        let what =
                            format!("variant `{}` retyped from {old_ty} to {new_ty}", v.name);
                        self.push(out, Kind::Breaking, what);
                    }
                }
            }
        }
        // Unions are `#[non_exhaustive]`: every `match` on one already has a wildcard arm.
        let kind = Kind::Additive;
        for w in y
            .variants
            .iter()
            .filter(|w| x.variants.iter().all(|v| v.name != w.name))
        {
            let what = format!(
                "variant `{}` ({}) added",
                w.name,
                render::type_ref(self.new, &w.ty)
            );
            self.push(out, kind, what);
        }
    }
}
