//! Pagination of list operations: from the config where it says, inferred
//! from parameter and response names where it can be, and checked against
//! the operation's types either way. Inference uses the parameters' wire
//! names (`page[number]`, and deepObject members as `page[size]`), follows
//! next-page URLs the server gives (a body `links.next`, a `Link` header),
//! and gives up, saying why, when the evidence conflicts or is incomplete:
//! a wrong guess would loop or stop early.

use super::operations::{Content, Encoding, Location, Operation};
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
pub(crate) fn type_at(space: &TypeSpace, ty: &TypeRef, pointer: &str) -> Option<TypeRef> {
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
            PaginationStyle::Page { page_param, .. } => Some(page_param),
            PaginationStyle::Cursor { cursor_param, .. } => Some(cursor_param),
            PaginationStyle::Offset { offset_param, .. } => Some(offset_param),
            PaginationStyle::AfterLast { cursor_param, .. } => Some(cursor_param),
            PaginationStyle::NextUrl { .. } | PaginationStyle::LinkHeader => None,
        };
        if let Some(param) = param.filter(|p| !query_keys(space, op).contains(p)) {
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

/// The query keys an operation can send: each parameter's wire name, and for
/// deepObject parameters `name[member]` per member (the bare name is never sent).
fn query_keys(space: &TypeSpace, op: &Operation) -> Vec<String> {
    let mut keys = Vec::new();
    for p in op.params.iter().filter(|p| p.location == Location::Query) {
        if p.encoding != Encoding::DeepObject {
            keys.push(p.wire.clone());
            continue;
        }
        let members = match &p.ty {
            TypeRef::Named(id) => match &space.get(*id).kind {
                TypeKind::Struct(s) => s.fields.iter().map(|f| f.wire.clone()).collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        keys.extend(members.iter().map(|m| format!("{}[{m}]", p.wire)));
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

/// What inference made of one operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Inference {
    /// Not a list with pagination parameters.
    NotAList,
    /// A list that pages this way.
    Paged(Pagination),
    /// A list whose pagination evidence conflicts or is incomplete: no stream.
    Ambiguous(String),
}

/// Names of the item array when a page has several arrays (JSON:API's `included` beside `data`).
const ITEM_ARRAYS: &[&str] = &["data", "items", "results", "records", "entries"];
/// Cursor query keys.
const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "page_token",
    "pageToken",
    "next_page_token",
    "starting_after",
    "after",
    "page[cursor]",
    "page[after]",
];
/// Response fields holding the next cursor.
const NEXT_CURSOR_FIELDS: &[&str] = &[
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "cursor",
];
/// Page-number query keys.
const PAGE_PARAMS: &[&str] = &["page", "page[number]", "pageNumber", "page_number"];
/// Page-size query keys.
const SIZE_PARAMS: &[&str] = &[
    "page_size",
    "pageSize",
    "page[size]",
    "per_page",
    "limit",
    "size",
];
/// Item-offset query keys.
const OFFSET_PARAMS: &[&str] = &["offset", "page[offset]"];
/// Response fields (as pointers) holding the next page's URL.
const NEXT_URL_FIELDS: &[&str] = &[
    "/links/next",
    "/next_page_url",
    "/nextPageUrl",
    "/next_url",
    "/nextLink",
    "/@odata.nextLink",
];

/// The page's item array: the only top-level array, or the one with an item-like name.
fn items_array(space: &TypeSpace, op: &Operation) -> Result<Option<(String, TypeRef)>, String> {
    // A body that is itself the array (the next page then comes from a header).
    if let Some(item) = item_type(space, op, "") {
        return Ok(Some((String::new(), item)));
    }
    let fields = response_fields(space, op);
    let arrays: Vec<(&str, &str, &TypeRef)> = fields
        .iter()
        .filter_map(|(n, p, t)| match t {
            TypeRef::Vec(item) if p.matches('/').count() == 1 => {
                Some((n.as_str(), p.as_str(), &**item))
            }
            _ => None,
        })
        .collect();
    let chosen: Vec<&(&str, &str, &TypeRef)> = if arrays.len() > 1 {
        arrays
            .iter()
            .filter(|(n, _, _)| ITEM_ARRAYS.contains(n))
            .collect()
    } else {
        arrays.iter().collect()
    };
    match chosen.as_slice() {
        [] if arrays.is_empty() => Ok(None),
        [(_, p, t)] => Ok(Some(((*p).to_owned(), (*t).clone()))),
        _ => Err(format!(
            "several item arrays ({})",
            arrays
                .iter()
                .map(|(n, _, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Infers pagination for a GET whose response has an item array and whose
/// parameters and fields follow a common naming scheme.
pub fn infer(space: &TypeSpace, op: &Operation) -> Inference {
    if op.http_method != "GET" {
        return Inference::NotAList;
    }
    let keys = query_keys(space, op);
    let first = |names: &[&str]| {
        names
            .iter()
            .find(|k| keys.iter().any(|x| x == *k))
            .map(|k| (*k).to_owned())
    };
    let cursor_param = first(CURSOR_PARAMS);
    let page_param = first(PAGE_PARAMS);
    let offset_param = first(OFFSET_PARAMS);
    let fields = response_fields(space, op);
    let next_url = NEXT_URL_FIELDS
        .iter()
        .find(|p| {
            fields
                .iter()
                .any(|(_, q, t)| q == *p && *t == TypeRef::String)
        })
        .map(|p| (*p).to_owned());
    let link_header = op.success.link_header;
    let has_params = cursor_param.is_some() || page_param.is_some() || offset_param.is_some();
    if !has_params && next_url.is_none() && !link_header {
        return Inference::NotAList;
    }
    let (items, item_ty) = match items_array(space, op) {
        Ok(Some(found)) => found,
        Ok(None) => return Inference::NotAList,
        Err(why) => return Inference::Ambiguous(why),
    };
    let paged = |style| {
        Inference::Paged(Pagination {
            items: items.clone(),
            item_ty: item_ty.clone(),
            style,
            configured: false,
        })
    };
    // A URL the server gives for the next page is right by construction.
    if let Some(next_url) = next_url {
        return paged(PaginationStyle::NextUrl { next_url });
    }
    if link_header {
        return paged(PaginationStyle::LinkHeader);
    }
    let field = |names: &[&str]| {
        fields
            .iter()
            .find(|(n, _, _)| names.contains(&n.as_str()))
            .map(|(_, p, _)| p.clone())
    };
    let kinds: Vec<&String> = [&cursor_param, &page_param, &offset_param]
        .into_iter()
        .flatten()
        .collect();
    if kinds.len() > 1 {
        let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        return Inference::Ambiguous(format!(
            "parameters of several styles ({})",
            names.join(", ")
        ));
    }
    if let Some(param) = cursor_param {
        // `after`/`starting_after` take the last item's id, which some APIs return as `last_id`.
        let by_last_id = matches!(param.as_str(), "after" | "starting_after" | "page[after]");
        // Dropshot's `next_page` is the next token when it is a string.
        let string_next_page = fields
            .iter()
            .find(|(n, _, t)| {
                matches!(n.as_str(), "next_page" | "nextPage") && *t == TypeRef::String
            })
            .map(|(_, p, _)| p.clone());
        let next = field(NEXT_CURSOR_FIELDS)
            .or(string_next_page)
            .or_else(|| by_last_id.then(|| field(&["last_id", "lastId"])).flatten());
        if let Some(next_cursor) = next {
            return paged(PaginationStyle::Cursor {
                cursor_param: param,
                next_cursor,
            });
        }
        // Else the cursor is the last item's id, as `has_more` lists (Stripe's) have it.
        let has_more = fields
            .iter()
            .find(|(n, p, t)| {
                matches!(n.as_str(), "has_more" | "hasMore")
                    && p.matches('/').count() == 1
                    && *t == TypeRef::Boolean
            })
            .map(|(_, p, _)| p.clone());
        let item_has_id = type_at(space, &item_ty, "/id").is_some_and(|t| space.is_scalar(&t));
        return match has_more {
            Some(has_more) if by_last_id && item_has_id => paged(PaginationStyle::AfterLast {
                cursor_param: param,
                item_id: "/id".into(),
                has_more: Some(has_more),
            }),
            _ => Inference::Ambiguous(format!("`{param}` but no next cursor in the response")),
        };
    }
    if let Some(param) = page_param {
        let size = first(SIZE_PARAMS);
        let total = field(&["total_pages", "totalPages", "page_count", "pageCount"]);
        let next = field(&["nextPage", "next_page"]);
        if total.is_none() && next.is_none() {
            return Inference::Ambiguous(format!(
                "`{param}` but no page count or next page in the response"
            ));
        }
        return paged(PaginationStyle::Page {
            page_param: param,
            size_param: size,
            total_pages: total,
            next_page: next,
        });
    }
    match offset_param {
        Some(param) => {
            let limit = first(&["limit", "page[limit]", "page[size]"]);
            paged(PaginationStyle::Offset {
                offset_param: param,
                limit_param: limit,
            })
        }
        None => Inference::NotAList,
    }
}
