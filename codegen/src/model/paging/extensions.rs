//! Vendor pagination extensions, read before inference and overriding it:
//! Microsoft's `x-ms-pageable` (`nextLinkName`, `itemName`), Speakeasy's
//! `x-speakeasy-pagination` (`type`, `inputs`, `outputs` as JSONPath), Fern's
//! `x-fern-pagination` (`$request.` / `$response.` paths, or `true` for the
//! document's defaults) and a generic `x-pagination` (this generator's own
//! config keys, or just a `style` that inference then fills in). What an
//! extension says is checked against the operation's types like a config.

use indexmap::IndexMap;
use serde_json::Value;

use super::page::{self, Found};
use super::{query_params, type_at, MoreFlag, Pagination, Source};
use crate::config::{PaginationStyle, ParamPlace};
use crate::error::pointer_token;
use crate::model::operations::{Content, Operation};
use crate::model::types::{TypeRef, TypeSpace};

/// The extensions read, in order of precedence.
const KEYS: &[&str] = &[
    "x-ms-pageable",
    "x-speakeasy-pagination",
    "x-fern-pagination",
    "x-pagination",
];

/// The operation's pagination extension, if it has one.
pub fn find(extensions: &IndexMap<String, Value>) -> Option<(String, Value)> {
    KEYS.iter()
        .find_map(|k| extensions.get(*k).map(|v| ((*k).to_owned(), v.clone())))
}

/// What an extension says of an operation.
#[derive(Debug)]
pub enum Read {
    /// There is none.
    Absent,
    /// It pages this way.
    Paged(Box<Pagination>),
    /// It says the list comes in one page, and why.
    Unpaged(String),
    /// It cannot be read, and why.
    Unreadable(String),
}

fn source(key: &str) -> Source {
    Source::Extension(
        KEYS.iter()
            .copied()
            .find(|k| *k == key)
            .unwrap_or("x-pagination"),
    )
}

/// A JSONPath (`$.a.b`, `$response.a.b`, `$.a[0]`) or JSON pointer as a JSON pointer.
fn pointer(path: &str) -> Option<String> {
    if path.starts_with('/') || path.is_empty() {
        return Some(path.to_owned());
    }
    let rest = path
        .strip_prefix("$response")
        .or_else(|| path.strip_prefix('$'))?;
    let mut out = String::new();
    for part in rest.split('.').filter(|p| !p.is_empty()) {
        let (name, index) = match part.split_once('[') {
            Some((n, i)) => (n, Some(i.trim_end_matches(']'))),
            None => (part, None),
        };
        if !name.is_empty() {
            out.push('/');
            out.push_str(&pointer_token(name));
        }
        if let Some(i) = index {
            out.push('/');
            out.push_str(i.trim_matches(|c| c == '\'' || c == '"'));
        }
    }
    Some(out)
}

/// A `$request.name` (or bare name) that is one of the operation's query keys.
fn query_key(space: &TypeSpace, op: &Operation, path: &str) -> Result<String, String> {
    let name = path.strip_prefix("$request.").unwrap_or(path);
    if query_params(space, op).iter().any(|(k, _, _)| k == name) {
        Ok(name.to_owned())
    } else {
        Err(format!(
            "`{path}` is not a query parameter of the operation (a request body field cannot carry a page position)"
        ))
    }
}

/// The items: the extension's pointer when it gives one (it must reach an array), else the page's own.
fn items(
    space: &TypeSpace,
    op: &Operation,
    given: Option<&str>,
) -> Result<(String, TypeRef), String> {
    let Content::Json(body) = &op.success.content else {
        return Err("the success response is not JSON".into());
    };
    match given {
        Some(p) => {
            let at = pointer(p).ok_or_else(|| format!("`{p}` is not a path into the response"))?;
            type_at(space, body, &at)
                .and_then(|t| page::array_item(space, &t))
                .map(|item| (at.clone(), item))
                .ok_or_else(|| format!("`{p}` does not lead to an array in the success response"))
        }
        None => match page::items(space, body, &page::op_words(&op.id, &op.path)) {
            Found::Items(i) => Ok((i.pointer, i.item_ty)),
            _ => Err("it names no item array, and the page has no single one".into()),
        },
    }
}

/// Reads the operation's extension. `fern_defaults` is the document's
/// `x-fern-pagination`, which `x-fern-pagination: true` refers to.
pub fn read(space: &TypeSpace, op: &Operation, fern_defaults: Option<&Value>) -> Read {
    let Some((key, value)) = &op.paging_extension else {
        return Read::Absent;
    };
    let result = match key.as_str() {
        "x-ms-pageable" => ms_pageable(space, op, value),
        "x-speakeasy-pagination" => speakeasy(space, op, value),
        "x-fern-pagination" => match value {
            Value::Bool(true) => match fern_defaults {
                Some(defaults) => fern(space, op, defaults),
                None => Err("`true`, but the document has no `x-fern-pagination` defaults".into()),
            },
            Value::Bool(false) => return Read::Absent,
            v => fern(space, op, v),
        },
        _ => generic(space, op, value),
    };
    match result {
        Ok(Some((items, item_ty, style, more))) => Read::Paged(Box::new(Pagination {
            items,
            item_ty,
            style,
            more,
            source: source(key),
            note: None,
        })),
        Ok(None) => Read::Unpaged(format!("`{key}` says the list comes in one page")),
        Err(why) => Read::Unreadable(format!("`{key}`: {why}")),
    }
}

type Paged = Option<(String, TypeRef, PaginationStyle, Option<MoreFlag>)>;

/// `x-ms-pageable`: the next page's URL at `nextLinkName` (none: one page),
/// the items at `itemName` (default `value`).
fn ms_pageable(space: &TypeSpace, op: &Operation, v: &Value) -> Result<Paged, String> {
    let item_name = v.get("itemName").and_then(Value::as_str).unwrap_or("value");
    let item_pointer = format!("/{}", pointer_token(item_name));
    let (items, item_ty) = items(space, op, Some(&item_pointer))?;
    let Some(next) = v.get("nextLinkName").and_then(Value::as_str) else {
        return Ok(None);
    };
    let next_url = format!("/{}", pointer_token(next));
    Ok(Some((
        items,
        item_ty,
        PaginationStyle::NextUrl { next_url },
        None,
    )))
}

/// `x-speakeasy-pagination`: `type` `offsetLimit` (a `page` or `offset`
/// input, an optional `limit`), `cursor` (`outputs.nextCursor`, or the last
/// item's field as `$.data[-1].id`) or `url` (`outputs.nextUrl`).
fn speakeasy(space: &TypeSpace, op: &Operation, v: &Value) -> Result<Paged, String> {
    let inputs: Vec<(&str, &str, &str)> = v
        .get("inputs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|i| {
            Some((
                i.get("name")?.as_str()?,
                i.get("in").and_then(Value::as_str).unwrap_or("parameters"),
                i.get("type")?.as_str()?,
            ))
        })
        .collect();
    let input = |kind: &str| -> Result<Option<String>, String> {
        match inputs.iter().find(|(_, _, t)| *t == kind) {
            None => Ok(None),
            Some((name, "parameters", _)) => query_key(space, op, name).map(Some),
            Some((name, place, _)) => Err(format!(
                "input `{name}` is sent in `{place}`, which cannot carry a page position"
            )),
        }
    };
    let outputs = v.get("outputs");
    let output = |k: &str| outputs.and_then(|o| o.get(k)).and_then(Value::as_str);
    let (items, item_ty) = items(space, op, output("results"))?;
    let limit = input("limit")?;
    let style = match v.get("type").and_then(Value::as_str) {
        Some("offsetLimit") => match (input("page")?, input("offset")?) {
            (Some(page_param), _) => PaginationStyle::Page {
                page_param,
                size_param: limit,
                total_pages: output("numPages").and_then(pointer),
                next_page: None,
                first_page: None,
            },
            (None, Some(offset_param)) => PaginationStyle::Offset {
                offset_param,
                limit_param: limit,
                total: None,
            },
            (None, None) => return Err("`offsetLimit` without a `page` or `offset` input".into()),
        },
        Some("cursor") => {
            let cursor_param = input("cursor")?.ok_or("`cursor` without a `cursor` input")?;
            let next = output("nextCursor").ok_or("`cursor` without `outputs.nextCursor`")?;
            match next.split_once("[-1]") {
                Some((_, field)) => PaginationStyle::AfterLast {
                    cursor_param,
                    item_id: pointer(&format!("${field}")).ok_or("an unreadable `nextCursor`")?,
                    limit_param: limit,
                },
                None => PaginationStyle::Cursor {
                    cursor_param,
                    next_cursor: pointer(next).ok_or("an unreadable `nextCursor`")?,
                    cursor_in: ParamPlace::Query,
                },
            }
        }
        Some("url") => PaginationStyle::NextUrl {
            next_url: output("nextUrl")
                .and_then(pointer)
                .ok_or("`url` without `outputs.nextUrl`")?,
        },
        other => return Err(format!("unknown `type` {other:?}")),
    };
    Ok(Some((items, item_ty, style, None)))
}

/// `x-fern-pagination`: `cursor` + `next_cursor`, `offset` (+ `step`: item
/// offsets; without: page numbers), `next_uri` or `next_path`; `results`,
/// `has-next-page`.
fn fern(space: &TypeSpace, op: &Operation, v: &Value) -> Result<Paged, String> {
    let get = |k: &str| v.get(k).and_then(Value::as_str);
    let (items, item_ty) = items(space, op, get("results"))?;
    let more = get("has-next-page")
        .and_then(pointer)
        .map(|pointer| MoreFlag {
            pointer,
            inverted: false,
        });
    let style = if let Some(next) = get("next_uri").or(get("next_path")) {
        PaginationStyle::NextUrl {
            next_url: pointer(next).ok_or("an unreadable next link path")?,
        }
    } else if let Some(cursor) = get("cursor") {
        PaginationStyle::Cursor {
            cursor_param: query_key(space, op, cursor)?,
            next_cursor: get("next_cursor")
                .and_then(pointer)
                .ok_or("`cursor` without `next_cursor`")?,
            cursor_in: ParamPlace::Query,
        }
    } else if let Some(offset) = get("offset") {
        let param = query_key(space, op, offset)?;
        match get("step") {
            Some(step) => PaginationStyle::Offset {
                offset_param: param,
                limit_param: Some(query_key(space, op, step)?),
                total: None,
            },
            None => PaginationStyle::Page {
                page_param: param,
                size_param: None,
                total_pages: None,
                next_page: None,
                first_page: None,
            },
        }
    } else {
        return Err("none of `cursor`, `offset`, `next_uri`, `next_path`".into());
    };
    Ok(Some((items, item_ty, style, more)))
}

/// The config's style names, and the other names specs give them.
fn style_name(name: &str) -> Option<&'static str> {
    let squashed: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match squashed.as_str() {
        "page" | "pages" | "pagenumber" | "paged" => "page",
        "cursor" | "token" | "pagetoken" => "cursor",
        "offset" | "offsetlimit" => "offset",
        "afterlast" | "keyset" => "after_last",
        "nexturl" | "url" | "link" | "nextlink" => "next_url",
        "linkheader" => "link_header",
        "headercursor" => "header_cursor",
        _ => return None,
    })
}

/// `x-pagination`: this generator's config keys (`style` and its fields,
/// `items`), or a `style` alone, which inference then fills in; it must
/// infer that style.
fn generic(space: &TypeSpace, op: &Operation, v: &Value) -> Result<Paged, String> {
    let name = v
        .get("style")
        .or_else(|| v.get("type"))
        .and_then(Value::as_str)
        .ok_or("no `style`")?;
    let style = style_name(name).ok_or_else(|| format!("unknown style {name:?}"))?;
    let given_items = v
        .get("items")
        .or_else(|| v.get("results"))
        .and_then(Value::as_str);
    let mut fields = v.clone();
    if let Some(o) = fields.as_object_mut() {
        o.insert("style".into(), Value::from(style));
    }
    if let Ok(style) = serde_json::from_value::<PaginationStyle>(fields) {
        let (items, item_ty) = items(space, op, given_items)?;
        return Ok(Some((items, item_ty, style, None)));
    }
    match super::infer::infer_as(space, op, Some(style)) {
        super::infer::Inference::Paged(p) => Ok(Some((p.items, p.item_ty, p.style, p.more))),
        _ => Err(format!(
            "says `{style}` without its fields, and the operation's parameters and page do not say how"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_paths_become_pointers() {
        assert_eq!(pointer("$.data.results").as_deref(), Some("/data/results"));
        assert_eq!(
            pointer("$response.meta.next").as_deref(),
            Some("/meta/next")
        );
        assert_eq!(pointer("$.items[0]").as_deref(), Some("/items/0"));
        assert_eq!(pointer("/links/next").as_deref(), Some("/links/next"));
        assert_eq!(pointer("data.x"), None);
        assert_eq!(style_name("offsetLimit"), Some("offset"));
        assert_eq!(style_name("next-url"), Some("next_url"));
        assert_eq!(style_name("weird"), None);
    }
}
