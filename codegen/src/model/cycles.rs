//! Recursive types: a struct or union that contains itself by value has no
//! size, so the fields that close such a cycle are boxed. Type aliases cannot
//! be recursive at all: a cycle of bare `$ref`s is an error, and an array or
//! map of itself becomes a one-variant union (a nominal type).

use std::collections::BTreeSet;

use super::types::{TypeId, TypeKind, TypeRef, TypeSpace, UnionDef, UnionVariant};
use crate::error::{Error, Result};

/// Named types held by value (not behind a `Vec` or map, which already allocate).
fn by_value(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        _ => None,
    }
}

fn edges(space: &TypeSpace, id: TypeId) -> Vec<TypeId> {
    match &space.get(id).kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| by_value(&f.ty)).collect(),
        TypeKind::Union(u) => u.variants.iter().filter_map(|v| by_value(&v.ty)).collect(),
        TypeKind::Alias(t) => by_value(t).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

fn reaches(space: &TypeSpace, from: TypeId, target: TypeId) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if id == target {
            return true;
        }
        if seen.insert(id) {
            stack.extend(edges(space, id));
        }
    }
    false
}

/// The schema name behind a component pointer, for messages.
fn schema_name(pointer: &str) -> String {
    pointer
        .rsplit('/')
        .next()
        .unwrap_or(pointer)
        .replace("~1", "/")
        .replace("~0", "~")
}

/// Rejects aliases that only name each other (`A: {$ref: B}`, `B: {$ref: A}`,
/// or a schema that is `$ref: itself`): no schema is left to generate.
///
/// # Errors
/// The first such cycle, at the pointer of its first schema.
pub fn check_alias_cycles(space: &TypeSpace) -> Result<()> {
    for start in 0..space.defs.len() {
        let mut path = vec![start];
        let mut current = start;
        while let TypeKind::Alias(TypeRef::Named(next)) = &space.defs[current].kind {
            current = next.0;
            if let Some(pos) = path.iter().position(|&i| i == current) {
                if pos != 0 {
                    // The cycle does not pass through `start`: it is reported from its own first member.
                    break;
                }
                let chain: Vec<String> = path
                    .iter()
                    .chain([&current])
                    .map(|&i| schema_name(&space.defs[i].pointer))
                    .collect();
                return Err(Error::invalid(
                    space.defs[start].pointer.clone(),
                    format!("a `$ref` cycle with no schema in it: {}", chain.join(" → ")),
                ));
            }
            path.push(current);
        }
    }
    Ok(())
}

/// The aliases an alias's type names, through arrays and maps.
fn alias_edges(space: &TypeSpace, ty: &TypeRef, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(id) if matches!(space.get(*id).kind, TypeKind::Alias(_)) => out.push(id.0),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => alias_edges(space, inner, out),
        _ => {}
    }
}

/// Turns an alias that contains itself through an array or map
/// (`Tree: {type: array, items: {$ref: Tree}}`) into a one-variant untagged
/// union, which serializes the same but is a type of its own. Call after
/// [`check_alias_cycles`], so every alias cycle passes through such an alias.
pub fn break_alias_cycles(space: &mut TypeSpace) {
    let edges: Vec<Vec<usize>> = space
        .defs
        .iter()
        .map(|def| {
            let mut out = Vec::new();
            if let TypeKind::Alias(ty) = &def.kind {
                alias_edges(space, ty, &mut out);
            }
            out
        })
        .collect();
    let on_cycle = |start: usize| {
        let mut seen = BTreeSet::new();
        let mut stack = edges[start].clone();
        while let Some(i) = stack.pop() {
            if i == start {
                return true;
            }
            if seen.insert(i) {
                stack.extend(&edges[i]);
            }
        }
        false
    };
    let to_wrap: Vec<usize> = (0..space.defs.len())
        .filter(|&i| {
            matches!(
                space.defs[i].kind,
                TypeKind::Alias(TypeRef::Vec(_) | TypeRef::Map(_))
            ) && on_cycle(i)
        })
        .collect();
    for i in to_wrap {
        let TypeKind::Alias(ty) = &space.defs[i].kind else {
            continue;
        };
        let name = if matches!(ty, TypeRef::Vec(_)) {
            "List"
        } else {
            "Map"
        };
        let ty = ty.clone();
        space.defs[i].kind = TypeKind::Union(UnionDef {
            variants: vec![UnionVariant {
                name: name.to_owned(),
                ty,
                boxed: false,
                constraints: Default::default(),
                tags: Vec::new(),
            }],
            tag: None,
        });
    }
}

/// Where a by-value reference leads through aliases: the first type that is not an alias.
fn through_aliases(space: &TypeSpace, ty: &TypeRef) -> Option<TypeId> {
    let mut id = by_value(ty)?;
    // Alias chains end (`check_alias_cycles`); the bound only guards against a caller that did not check.
    for _ in 0..=space.defs.len() {
        match &space.get(id).kind {
            TypeKind::Alias(next) => id = by_value(next)?,
            _ => return Some(id),
        }
    }
    None
}

/// Unions decode untagged, trying each alternative in turn: an alternative
/// that is the union itself adds no values but would be tried forever (a stack
/// overflow on a value that fits no other alternative). Such alternatives are
/// dropped (`Expr: {oneOf: [..., {$ref: Expr}]}`); a cycle through other unions
/// only, with no object in between to consume input, is an error.
///
/// # Errors
/// A union whose every alternative is itself, or a cycle of unions.
pub fn check_union_cycles(space: &mut TypeSpace) -> Result<()> {
    for index in 0..space.defs.len() {
        let TypeKind::Union(u) = &space.defs[index].kind else {
            continue;
        };
        let keep: Vec<bool> = u
            .variants
            .iter()
            .map(|v| through_aliases(space, &v.ty) != Some(TypeId(index)))
            .collect();
        if !keep.contains(&false) {
            continue;
        }
        if !keep.contains(&true) {
            return Err(Error::invalid(
                space.defs[index].pointer.clone(),
                "a `oneOf`/`anyOf` whose every alternative is the schema itself",
            ));
        }
        if let TypeKind::Union(u) = &mut space.defs[index].kind {
            let mut keep = keep.into_iter();
            u.variants.retain(|_| keep.next().unwrap_or(true));
        }
    }
    for index in 0..space.defs.len() {
        if !matches!(space.defs[index].kind, TypeKind::Union(_)) {
            continue;
        }
        // Follow union alternatives (through aliases) only; reaching this union again is the cycle.
        let mut seen = BTreeSet::new();
        let mut stack: Vec<(usize, Vec<usize>)> = vec![(index, Vec::new())];
        while let Some((id, path)) = stack.pop() {
            let TypeKind::Union(u) = &space.defs[id].kind else {
                continue;
            };
            for v in &u.variants {
                let Some(next) = through_aliases(space, &v.ty) else {
                    continue;
                };
                if next.0 == index {
                    let via: Vec<&str> = path
                        .iter()
                        .chain([&id])
                        .skip(1)
                        .map(|&i| space.defs[i].pointer.as_str())
                        .collect();
                    return Err(Error::unsupported(
                        space.defs[index].pointer.clone(),
                        format!(
                            "`oneOf`/`anyOf` alternatives that lead back to the union through other unions only ({}): its decoder would try them forever",
                            via.join(", ")
                        ),
                    ));
                }
                if seen.insert(next.0) {
                    let mut p = path.clone();
                    p.push(id);
                    stack.push((next.0, p));
                }
            }
        }
    }
    Ok(())
}

/// Boxes every by-value field or variant whose type leads back to its owner.
pub fn box_cycles(space: &mut TypeSpace) {
    for index in 0..space.defs.len() {
        let owner = TypeId(index);
        let to_box: Vec<usize> = match &space.defs[index].kind {
            TypeKind::Struct(s) => positions(space, owner, s.fields.iter().map(|f| &f.ty)),
            TypeKind::Union(u) => positions(space, owner, u.variants.iter().map(|v| &v.ty)),
            _ => Vec::new(),
        };
        match &mut space.defs[index].kind {
            TypeKind::Struct(s) => to_box.into_iter().for_each(|i| s.fields[i].boxed = true),
            TypeKind::Union(u) => to_box.into_iter().for_each(|i| u.variants[i].boxed = true),
            _ => {}
        }
    }
}

fn positions<'a>(
    space: &TypeSpace,
    owner: TypeId,
    tys: impl Iterator<Item = &'a TypeRef>,
) -> Vec<usize> {
    tys.enumerate()
        .filter(|(_, ty)| by_value(ty).is_some_and(|t| reaches(space, t, owner)))
        .map(|(i, _)| i)
        .collect()
}

/// Every named type `ty` holds, through arrays and maps.
fn named_in(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => named_in(inner, out),
        _ => {}
    }
}

/// For every type, the first of `targets` it holds (itself included) through
/// any depth of fields, variants, aliases, arrays and maps; `None` for types
/// that hold none.
pub fn reaching(space: &TypeSpace, targets: &[TypeId]) -> Vec<Option<TypeId>> {
    let mut held_by: Vec<Vec<TypeId>> = vec![Vec::new(); space.defs.len()];
    for (i, def) in space.defs.iter().enumerate() {
        let mut held = Vec::new();
        match &def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| named_in(&f.ty, &mut held));
                if let Some(a) = &s.additional {
                    named_in(a, &mut held);
                }
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| named_in(&v.ty, &mut held)),
            TypeKind::Alias(t) => named_in(t, &mut held),
            TypeKind::Enum(_) => {}
        }
        for h in held {
            held_by[h.0].push(TypeId(i));
        }
    }
    let mut root = vec![None; space.defs.len()];
    for &target in targets {
        let mut stack = vec![target];
        while let Some(id) = stack.pop() {
            if root[id.0].is_some() {
                continue;
            }
            root[id.0] = Some(target);
            stack.extend(held_by[id.0].iter().copied());
        }
    }
    root
}

/// Marks `ty` and everything it contains as travelling in `request`/`response`.
pub fn mark_usage(space: &mut TypeSpace, ty: &TypeRef, request: bool) {
    let mut stack = vec![ty.clone()];
    let mut seen = BTreeSet::new();
    while let Some(t) = stack.pop() {
        match t {
            TypeRef::Vec(inner) | TypeRef::Map(inner) => stack.push(*inner),
            TypeRef::Named(id) => {
                if !seen.insert(id) {
                    continue;
                }
                let def = &mut space.defs[id.0];
                if request {
                    def.usage.request = true;
                } else {
                    def.usage.response = true;
                }
                match &def.kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|f| f.ty.clone()));
                        stack.extend(s.additional.clone());
                    }
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| v.ty.clone())),
                    TypeKind::Alias(a) => stack.push(a.clone()),
                    TypeKind::Enum(_) => {}
                }
            }
            _ => {}
        }
    }
}
