//! Pagination of list operations: from the config where it says, inferred
//! from parameter and response names where it can be, and checked against
//! the operation's types either way.

use super::operations::{Content, Location, Operation};
use super::types::{TypeKind, TypeRef, TypeSpace};
use crate::config::{self, PaginationStyle};
use crate::error::{Error, Result};

/// How a list operation pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// JSON pointer to the item array within a (unwrapped) page.
    pub items: String,
    /// The item type.
    pub item_ty: TypeRef,
    /// The style.
    pub style: PaginationStyle,
    /// Whether it came from the config (else it was inferred).
    pub configured: bool,
}

/// Finds the type at a JSON pointer within `ty` (through struct fields and array items).
fn type_at(space: &TypeSpace, ty: &TypeRef, pointer: &str) -> Option<TypeRef> {
    let mut cur = ty.clone();
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        cur = match &cur {
            TypeRef::Named(id) => match &space.get(*id).kind {
                TypeKind::Struct(s) => s.fields.iter().find(|f| f.wire == token)?.ty.clone(),
                TypeKind::Alias(t) => type_at(space, t, &format!("/{token}"))?,
                _ => return None,
            },
            TypeRef::Vec(inner) if token.parse::<usize>().is_ok() => (**inner).clone(),
            TypeRef::Map(inner) => (**inner).clone(),
            _ => return None,
        };
    }
    Some(cur)
}

fn item_type(space: &TypeSpace, op: &Operation, items: &str) -> Option<TypeRef> {
    let Content::Json(ty) = &op.success.content else {
        return None;
    };
    match type_at(space, ty, items)? {
        TypeRef::Vec(inner) => Some(*inner),
        TypeRef::Named(id) => match &space.get(id).kind {
            TypeKind::Alias(TypeRef::Vec(inner)) => Some((**inner).clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Attaches configured pagination, checking that the items pointer reaches an array.
///
/// # Errors
/// A config entry naming an unknown operation or a pointer that is not an array.
pub fn configure(
    ops: &mut [Operation],
    space: &TypeSpace,
    config: &[config::Pagination],
) -> Result<()> {
    for entry in config {
        let Some(op) = ops.iter_mut().find(|o| o.id == entry.operation) else {
            return Err(Error::Config {
                path: "pagination".into(),
                message: format!(
                    "pagination names operation {:?}, which the spec does not have",
                    entry.operation
                ),
            });
        };
        let item_ty = item_type(space, op, &entry.items).ok_or_else(|| Error::Config {
            path: "pagination".into(),
            message: format!(
                "operation {:?}: items pointer {:?} does not lead to an array in the success response",
                entry.operation, entry.items
            ),
        })?;
        let param = match &entry.style {
            PaginationStyle::Page { page_param, .. } => page_param,
            PaginationStyle::Cursor { cursor_param, .. } => cursor_param,
            PaginationStyle::Offset { offset_param, .. } => offset_param,
        };
        if !query_keys(op).iter().any(|k| k == param) {
            return Err(Error::Config {
                path: "pagination".into(),
                message: format!(
                    "operation {:?} has no query parameter {param:?}",
                    entry.operation
                ),
            });
        }
        op.pagination = Some(Pagination {
            items: entry.items.clone(),
            item_ty,
            style: entry.style.clone(),
            configured: true,
        });
    }
    Ok(())
}

/// The query keys an operation can send, deepObject members as `name[member]`.
fn query_keys(op: &Operation) -> Vec<String> {
    let mut keys = Vec::new();
    for p in op.params.iter().filter(|p| p.location == Location::Query) {
        keys.push(p.wire.clone());
        for member in [
            "number", "size", "limit", "offset", "cursor", "after", "token",
        ] {
            keys.push(format!("{}[{member}]", p.wire));
        }
    }
    keys
}

/// Field names of the success body's top level, with their pointers (one level of nesting too).
fn response_fields(space: &TypeSpace, op: &Operation) -> Vec<(String, String, TypeRef)> {
    let mut out = Vec::new();
    let Content::Json(TypeRef::Named(id)) = &op.success.content else {
        return out;
    };
    let TypeKind::Struct(s) = &space.get(*id).kind else {
        return out;
    };
    for f in &s.fields {
        out.push((f.wire.clone(), format!("/{}", f.wire), f.ty.clone()));
        if let TypeRef::Named(inner) = &f.ty {
            if let TypeKind::Struct(inner) = &space.get(*inner).kind {
                for g in &inner.fields {
                    out.push((
                        g.wire.clone(),
                        format!("/{}/{}", f.wire, g.wire),
                        g.ty.clone(),
                    ));
                }
            }
        }
    }
    out
}

/// Infers pagination for a GET whose response has one top-level array and
/// whose parameters and fields follow a common naming scheme. Returns `None`
/// when unsure: a wrong guess would loop or stop early, so the config must say.
pub fn infer(space: &TypeSpace, op: &Operation) -> Option<Pagination> {
    if op.http_method != "GET" {
        return None;
    }
    let fields = response_fields(space, op);
    let arrays: Vec<&(String, String, TypeRef)> = fields
        .iter()
        .filter(|(_, p, t)| p.matches('/').count() == 1 && matches!(t, TypeRef::Vec(_)))
        .collect();
    let [(_, items, TypeRef::Vec(item))] = arrays.as_slice() else {
        return None;
    };
    let keys = query_keys(op);
    let has = |k: &str| keys.iter().any(|x| x == k);
    let field = |names: &[&str]| {
        fields
            .iter()
            .find(|(n, _, _)| names.contains(&n.as_str()))
            .map(|(_, p, _)| p.clone())
    };
    let style = if let Some(param) = [
        "cursor",
        "page_token",
        "pageToken",
        "next_page_token",
        "starting_after",
    ]
    .into_iter()
    .find(|k| has(k))
    {
        let next = field(&[
            "next_cursor",
            "nextCursor",
            "next_page_token",
            "nextPageToken",
            "next_token",
            "cursor",
        ])?;
        PaginationStyle::Cursor {
            cursor_param: param.to_owned(),
            next_cursor: next,
        }
    } else if let Some(param) = ["page", "page[number]", "pageNumber", "page_number"]
        .into_iter()
        .find(|k| has(k))
    {
        let size = [
            "page_size",
            "pageSize",
            "page[size]",
            "per_page",
            "limit",
            "size",
        ]
        .into_iter()
        .find(|k| has(k));
        let total = field(&["total_pages", "totalPages", "page_count", "pageCount"]);
        let next = field(&["nextPage", "next_page"]);
        if total.is_none() && next.is_none() {
            return None;
        }
        PaginationStyle::Page {
            page_param: param.to_owned(),
            size_param: size.map(str::to_owned),
            total_pages: total,
            next_page: next,
        }
    } else if has("offset") {
        PaginationStyle::Offset {
            offset_param: "offset".into(),
            limit_param: has("limit").then(|| "limit".into()),
        }
    } else {
        return None;
    };
    Some(Pagination {
        items: items.clone(),
        item_ty: (**item).clone(),
        style,
        configured: false,
    })
}
