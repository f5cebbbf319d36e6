//! Recursive types: a struct or union that contains itself by value has no
//! size, so the fields that close such a cycle are boxed.

use std::collections::BTreeSet;

use super::types::{TypeId, TypeKind, TypeRef, TypeSpace};

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
