//! What in a page continues a list, matched to what the request sends
//! back: cursor parameters to the field that echoes them, next links (and,
//! for newest-first lists, the link to older items), continuation tokens in
//! response headers, and the last item's key for keyset walks. Each way is
//! a [`Candidate`]; [`super::infer`] chooses among them.

use super::page::{self, Items, PageField};
use super::words::{param_role, squash, words, FieldRole, Kind, ParamRole};
use crate::config::{PaginationStyle, ParamPlace};
use crate::error::pointer_token;
use crate::model::operations::{Location, Operation};
use crate::model::types::TypeSpace;

/// A parameter that plays a part in paging.
#[derive(Debug)]
pub(super) struct Input {
    pub(super) wire: String,
    pub(super) role: ParamRole,
    /// A query parameter, or a member of a search's JSON body.
    pub(super) place: ParamPlace,
    /// The spec's default or minimum, for a page number (0-based lists).
    pub(super) first: Option<u64>,
}

/// A way the list could be walked, before one is chosen.
pub(super) struct Candidate {
    pub(super) style: PaginationStyle,
    /// The page says where to continue (a next link, cursor, count or flag).
    pub(super) continues: bool,
    /// How the note names it.
    pub(super) label: String,
}

/// A field with the role it plays.
pub(super) struct Read<'f> {
    pub(super) field: &'f PageField,
    pub(super) role: Option<FieldRole>,
}

/// How many objects deep a field sits: of two alike, the shallower is the page's own.
pub(super) fn depth(f: &PageField) -> usize {
    f.container.len()
}

/// How closely a field answers a cursor parameter, best first: inside a
/// "next" object under the parameter's own name (`next_page.offset` for
/// `offset`), the parameter's own name echoed (`next_page_token`,
/// `_scroll_id` for `scroll_id`), `next` + its name (`nextPageToken` for
/// `pageToken`), the last item's key named for it (`last_id` for `after`,
/// `last_history_item_id` for `start_after_history_item_id`), or the page's
/// one next-cursor field (or the one that shares a word with it).
const LEVELS: usize = 5;

fn cursor_field<'f>(param: &str, read: &[Read<'f>], level: usize) -> Option<&'f PageField> {
    let p = squash(param);
    let pw = words(param);
    let texty = |r: &&Read<'f>| matches!(r.field.kind, Kind::Text | Kind::Integer);
    let in_next = |f: &PageField| {
        f.container
            .last()
            .is_some_and(|c| words(c).iter().any(|w| w == "next"))
    };
    let by = |test: &dyn Fn(&PageField) -> bool| {
        read.iter()
            .filter(texty)
            .filter(|r| test(r.field))
            .min_by_key(|r| depth(r.field))
            .map(|r| r.field)
    };
    match level {
        0 => by(&|f| in_next(f) && squash(&f.name) == p),
        1 => by(&|f| squash(&f.name) == p && f.kind == Kind::Text),
        2 => by(&|f| squash(&f.name) == format!("next{p}")),
        3 => by(&|f| {
            let w = words(&f.name);
            w.first().is_some_and(|x| x == "last")
                && w.len() > 1
                && (pw.ends_with(&w[1..]) || (w[1..] == ["id"] && pw.iter().any(|x| x == "after")))
        }),
        _ => {
            let cursors: Vec<&Read<'f>> = read
                .iter()
                .filter(|r| r.role == Some(FieldRole::NextCursor))
                .collect();
            let sharing: Vec<&&Read<'f>> = cursors
                .iter()
                .filter(|r| {
                    words(&r.field.name)
                        .iter()
                        .any(|w| pw.contains(w) && w != "next")
                })
                .collect();
            match (cursors.as_slice(), sharing.as_slice()) {
                (_, [one]) => Some(one.field),
                ([one], _) => Some(one.field),
                _ => None,
            }
        }
    }
}

/// Response headers that carry a continuation token, with where it goes back.
pub(super) fn header_cursor(
    space: &TypeSpace,
    op: &Operation,
    inputs: &[Input],
) -> Option<PaginationStyle> {
    let header = op.success.headers.iter().find(|h| {
        let w = words(h);
        let continuation = w.iter().any(|x| x == "continuation");
        let next = w.iter().any(|x| x == "next")
            && w.iter()
                .any(|x| ["token", "cursor", "marker", "page"].contains(&x.as_str()));
        (continuation || next) && !w.iter().any(|x| x == "link")
    })?;
    let h = squash(header);
    let h = h
        .strip_prefix('x')
        .filter(|_| header.to_ascii_lowercase().starts_with("x-"))
        .unwrap_or(&h);
    let matches = |name: &str| {
        let q = squash(name);
        h == q || h == format!("next{q}") || squash(header) == q
    };
    let back_in_header = op
        .params
        .iter()
        .filter(|p| p.location == Location::Header && page::kind_of(space, &p.ty) == Kind::Text)
        .find(|p| matches(&p.wire))
        .map(|p| (p.wire.clone(), ParamPlace::Header));
    let cursors: Vec<&Input> = inputs
        .iter()
        .filter(|i| i.role == ParamRole::Cursor && i.place == ParamPlace::Query)
        .collect();
    let back_in_query = cursors
        .iter()
        .find(|i| matches(&i.wire))
        .or(match cursors.as_slice() {
            [one] => Some(one),
            _ => None,
        })
        .map(|i| (i.wire.clone(), ParamPlace::Query));
    let (cursor_param, cursor_in) = back_in_header.or(back_in_query)?;
    Some(PaginationStyle::HeaderCursor {
        next_header: header.clone(),
        cursor_param,
        cursor_in,
    })
}

/// Cursor parameters matched to the field that continues them (the closest
/// match of any parameter first); else, when the operation declares no page
/// position at all, a "next" object's member named like a cursor parameter
/// (`pages.next.starting_after`): the page names what to send.
pub(super) fn cursor_candidates(inputs: &[Input], read: &[Read<'_>]) -> Vec<Candidate> {
    let cursors: Vec<&Input> = inputs
        .iter()
        .filter(|i| i.role == ParamRole::Cursor)
        .collect();
    for level in 0..LEVELS {
        for input in &cursors {
            if let Some(field) = cursor_field(&input.wire, read, level) {
                return vec![Candidate {
                    label: format!("the cursor `{}` from `{}`", input.wire, field.pointer),
                    style: PaginationStyle::Cursor {
                        cursor_param: input.wire.clone(),
                        next_cursor: field.pointer.clone(),
                        cursor_in: input.place,
                    },
                    continues: true,
                }];
            }
        }
    }
    if inputs.iter().any(|i| i.role != ParamRole::PageSize) {
        return Vec::new();
    }
    let named = read.iter().find(|r| {
        r.field.kind == Kind::Text
            && r.field
                .container
                .last()
                .is_some_and(|c| words(c).iter().any(|w| w == "next"))
            && param_role(&r.field.name, Kind::Text) == Some(ParamRole::Cursor)
    });
    named
        .map(|r| Candidate {
            label: format!("the cursor `{}` from `{}`", r.field.name, r.field.pointer),
            style: PaginationStyle::Cursor {
                cursor_param: r.field.name.clone(),
                next_cursor: r.field.pointer.clone(),
                cursor_in: ParamPlace::Query,
            },
            continues: true,
        })
        .into_iter()
        .collect()
}

/// The page's next link: one named as a link (`uri`, `href`) before a path,
/// the shallowest first. A list sorted newest first, whose previous link is
/// documented as leading to older items and whose next link to newer ones,
/// walks by the previous link: a walk starts at the newest page.
pub(super) fn next_url(read: &[Read<'_>]) -> Option<String> {
    let says = |r: &Read<'_>, word: &str| {
        r.field
            .doc
            .as_deref()
            .is_some_and(|d| words(d).iter().any(|w| w == word))
    };
    let next = read
        .iter()
        .filter(|r| r.role == Some(FieldRole::NextUrl))
        .min_by_key(|r| {
            (
                words(&r.field.name).iter().any(|w| w == "path"),
                depth(r.field),
            )
        });
    let older = read.iter().find(|r| {
        let w = words(&r.field.name);
        r.field.kind == Kind::Text
            && (r.field.url
                || w.iter()
                    .any(|x| ["url", "uri", "link", "href"].contains(&x.as_str())))
            && w.iter().any(|x| x == "prev" || x == "previous")
            && says(r, "older")
    });
    match (next, older) {
        (Some(n), Some(o)) if says(n, "newer") => Some(o.field.pointer.clone()),
        (None, Some(o)) => Some(o.field.pointer.clone()),
        (n, _) => n.map(|r| r.field.pointer.clone()),
    }
}

/// Keyset paging: a cursor parameter with nothing in the page naming its
/// next value (forwards with `after` first). The key is the item's `id`,
/// else an `id` one object down (`user.id`), else, for a parameter that
/// takes a date-time, the item's one date-time field (`pinned_at`).
pub(super) fn after_last(
    space: &TypeSpace,
    op: &Operation,
    inputs: &[Input],
    items: &Items,
    size: Option<String>,
    more: bool,
) -> Option<Candidate> {
    let keyset = |w: &Input| {
        let words = words(&w.wire);
        (
            words.iter().any(|x| x == "after"),
            words.iter().any(|x| x == "before"),
        )
    };
    let param = inputs
        .iter()
        .filter(|i| i.role == ParamRole::Cursor && i.place == ParamPlace::Query)
        .filter(|i| keyset(i).0 || keyset(i).1)
        .min_by_key(|i| !keyset(i).0)?;
    let scalar = |p: &str| super::type_at(space, &items.item_ty, p).filter(|t| space.is_scalar(t));
    let fields = page::struct_fields(space, &items.item_ty).unwrap_or(&[]);
    let nested_id = || {
        let found: Vec<String> = fields
            .iter()
            .map(|f| format!("/{}/id", pointer_token(&f.wire)))
            .filter(|p| scalar(p).is_some())
            .collect();
        match found.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        }
    };
    let format = op
        .params
        .iter()
        .find(|p| p.wire == param.wire)
        .and_then(|p| p.doc.format.clone());
    let dated = || {
        let format = format.as_deref()?;
        let found: Vec<&crate::model::types::Field> = fields
            .iter()
            .filter(|f| f.doc.format.as_deref() == Some(format))
            .collect();
        match found.as_slice() {
            [one] => Some(format!("/{}", pointer_token(&one.wire))),
            _ => None,
        }
    };
    let id = scalar("/id")
        .map(|_| "/id".to_owned())
        .or_else(nested_id)
        .or_else(dated)?;
    Some(Candidate {
        continues: more,
        label: format!(
            "the last item's `{}` in `{}`",
            id.trim_start_matches('/'),
            param.wire
        ),
        style: PaginationStyle::AfterLast {
            cursor_param: param.wire.clone(),
            item_id: id,
            limit_param: size,
        },
    })
}
