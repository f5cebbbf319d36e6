//! Inferring how a list pages from its structure: the roles its parameters
//! play (page number, size, offset, cursor) and what its page says about the
//! next one (a next URL, a next cursor, a page count, a "more" flag), matched
//! to each other. A style whose page says where to continue is preferred to
//! one that walks blind, and the note says so; evidence that leads nowhere
//! is a reason for no stream, never a guess.

use super::page::{self, Found, Items, PageField};
use super::words::{field_role, param_role, squash, words, FieldRole, Kind, ParamRole};
use super::{query_params, MoreFlag, Pagination, Source};
use crate::config::{PaginationStyle, ParamPlace};
use crate::model::operations::{Content, Location, Operation};
use crate::model::types::{TypeRef, TypeSpace};

/// What inference made of one operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Inference {
    /// Not a list.
    NotAList,
    /// A list that pages this way.
    Paged(Box<Pagination>),
    /// A list with no stream, and why.
    NoStream(String),
    /// A list that returns every item in one response.
    Whole,
}

/// Why a list that comes whole has no stream.
pub const WHOLE: &str = "returns every item in one response: no page, offset or cursor parameter, and nothing in the response says there is more";

/// A parameter that plays a part in paging.
#[derive(Debug)]
struct Input {
    wire: String,
    role: ParamRole,
    /// The spec's default or minimum, for a page number (0-based lists).
    first: Option<u64>,
}

/// A way the list could be walked, before one is chosen.
struct Candidate {
    style: PaginationStyle,
    /// The page says where to continue (a next link, cursor, count or flag).
    continues: bool,
    /// How the note names it.
    label: String,
}

fn kind_of(space: &TypeSpace, ty: &TypeRef) -> Kind {
    page::kind_of(space, ty)
}

/// The paging inputs among the operation's query parameters. A text
/// parameter whose description speaks of a token or cursor is a cursor
/// whatever its name (`sync`: "a sync token received from the last request").
fn inputs(space: &TypeSpace, op: &Operation) -> Vec<Input> {
    query_params(space, op)
        .into_iter()
        .filter_map(|(wire, ty, doc)| {
            let kind = kind_of(space, &ty);
            let described = kind == Kind::Text
                && doc
                    .as_deref()
                    .is_some_and(|d| words(d).iter().any(|w| w == "token" || w == "cursor"));
            let role = param_role(&wire, kind).or(described.then_some(ParamRole::Cursor))?;
            if role == ParamRole::Offset && is_range_start(op, &wire, doc.as_deref()) {
                return None;
            }
            let first = op.params.iter().find(|p| p.wire == wire).and_then(|p| {
                p.doc
                    .default
                    .as_ref()
                    .and_then(serde_json::Value::as_u64)
                    .or(p.constraints.minimum.map(|(m, _)| m.max(0.0) as u64))
            });
            Some(Input { wire, role, first })
        })
        .collect()
}

/// Whether a `from` or `start` is one end of a range (of times, say)
/// rather than an item offset: the operation takes its other end (`to`,
/// `end`), or its description speaks of time.
fn is_range_start(op: &Operation, wire: &str, doc: Option<&str>) -> bool {
    let ends: &[&str] = match squash(wire).as_str() {
        "from" => &["to", "until"],
        "start" | "startat" => &["end", "endat", "stop", "until"],
        _ => return false,
    };
    let paired = op
        .params
        .iter()
        .any(|p| ends.contains(&squash(&p.wire).as_str()));
    let timely = doc.is_some_and(|d| {
        words(d)
            .iter()
            .any(|w| ["time", "timestamp", "date", "epoch", "datetime"].contains(&w.as_str()))
    });
    paired || timely
}

/// A field with the role it plays.
struct Read<'f> {
    field: &'f PageField,
    role: Option<FieldRole>,
}

fn depth(f: &PageField) -> usize {
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
fn header_cursor(space: &TypeSpace, op: &Operation, inputs: &[Input]) -> Option<PaginationStyle> {
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
        .filter(|p| p.location == Location::Header && kind_of(space, &p.ty) == Kind::Text)
        .find(|p| matches(&p.wire))
        .map(|p| (p.wire.clone(), ParamPlace::Header));
    let cursors: Vec<&Input> = inputs
        .iter()
        .filter(|i| i.role == ParamRole::Cursor)
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

/// Whether any field of the body names a next page or cursor.
fn continues_somewhere(space: &TypeSpace, body: &TypeRef) -> bool {
    page::fields(space, body, "").iter().any(|f| {
        matches!(
            field_role(&f.name, &f.container, f.kind, f.url),
            Some(FieldRole::NextUrl | FieldRole::NextCursor)
        )
    })
}

/// The way the operation's list is walked, if its structure says.
pub fn infer(space: &TypeSpace, op: &Operation) -> Inference {
    infer_as(space, op, None)
}

/// As [`infer`], considering only the style named `only` when given (a
/// vendor extension that names the style but not its fields).
pub fn infer_as(space: &TypeSpace, op: &Operation, only: Option<&str>) -> Inference {
    let Content::Json(body) = &op.success.content else {
        return Inference::NotAList;
    };
    let inputs = inputs(space, op);
    let positional = inputs.iter().any(|i| i.role != ParamRole::PageSize);
    // A search sent as POST pages like a GET when it takes a page position;
    // one whose page names a next position it cannot send back is noted.
    if op.http_method != "GET" {
        let search = matches!(op.http_method.as_str(), "POST" | "QUERY");
        if !search {
            return Inference::NotAList;
        }
        if !positional {
            return match page::fields(space, body, "").iter().find(|f| {
                field_role(&f.name, &f.container, f.kind, f.url) == Some(FieldRole::NextCursor)
            }) {
                Some(f) => Inference::NoStream(format!(
                    "the page gives the next position at `{}`, but the operation has no query parameter to send it back in",
                    f.pointer
                )),
                None => Inference::NotAList,
            };
        }
    }
    let link_header = op
        .success
        .headers
        .iter()
        .any(|h| h.eq_ignore_ascii_case("link"));
    let items = match page::items(space, body, &page::op_words(&op.id, &op.path)) {
        Found::Items(items) => items,
        Found::Nothing => return Inference::NotAList,
        Found::Several(names) if positional || link_header || continues_somewhere(space, body) => {
            return Inference::NoStream(format!(
                "several arrays could hold the items ({}); the config can say which",
                names.join(", ")
            ))
        }
        Found::Several(_) => return Inference::NotAList,
        Found::Shapes => {
            return Inference::NoStream(
                "the page is one of several shapes (a `oneOf` of arrays), so its items have no one type".into(),
            )
        }
    };
    let fields = page::fields(space, body, &items.pointer);
    let read: Vec<Read<'_>> = fields
        .iter()
        .map(|f| Read {
            field: f,
            role: field_role(&f.name, &f.container, f.kind, f.url),
        })
        .collect();
    let role = |r: FieldRole| {
        read.iter()
            .filter(|x| x.role == Some(r))
            .min_by_key(|x| depth(x.field))
            .map(|x| x.field.pointer.clone())
    };
    let more = read
        .iter()
        .filter_map(|x| match x.role {
            Some(FieldRole::HasMore { inverted }) => Some((x.field, inverted)),
            _ => None,
        })
        .min_by_key(|(f, _)| depth(f))
        .map(|(f, inverted)| MoreFlag {
            pointer: f.pointer.clone(),
            inverted,
        });
    let header_style = header_cursor(space, op, &inputs);
    let has_evidence = positional
        || link_header
        || header_style.is_some()
        || read
            .iter()
            .any(|r| matches!(r.role, Some(FieldRole::NextUrl | FieldRole::NextCursor)));
    if !has_evidence {
        // A whole list in one response, or an object that merely holds an array.
        let collection = items.pointer.is_empty() || !op.path.trim_end_matches('/').ends_with('}');
        return if collection && op.http_method == "GET" {
            Inference::Whole
        } else {
            Inference::NotAList
        };
    }

    let mut candidates = cursor_candidates(&inputs, &read);
    if let Some(next) = next_url(&read) {
        candidates.push(Candidate {
            style: PaginationStyle::NextUrl {
                next_url: next.clone(),
            },
            continues: true,
            label: format!("the next page's URL at `{next}`"),
        });
    }
    if link_header {
        candidates.push(Candidate {
            style: PaginationStyle::LinkHeader,
            continues: true,
            label: "the `Link` header's next URL".into(),
        });
    }
    if let Some(style) = header_style {
        let label = match &style {
            PaginationStyle::HeaderCursor { next_header, .. } => {
                format!("the `{next_header}` response header")
            }
            _ => String::new(),
        };
        candidates.push(Candidate {
            style,
            continues: true,
            label,
        });
    }
    let size = inputs
        .iter()
        .find(|i| i.role == ParamRole::PageSize)
        .map(|i| i.wire.clone());
    if let Some(page) = inputs.iter().find(|i| i.role == ParamRole::PageNumber) {
        let total_pages = role(FieldRole::TotalPages);
        let next_page = role(FieldRole::NextPage);
        candidates.push(Candidate {
            continues: total_pages.is_some() || next_page.is_some() || more.is_some(),
            label: format!("page numbers in `{}`", page.wire),
            style: PaginationStyle::Page {
                page_param: page.wire.clone(),
                size_param: size.clone(),
                total_pages,
                next_page,
                first_page: page.first,
            },
        });
    }
    if let Some(offset) = inputs.iter().find(|i| i.role == ParamRole::Offset) {
        let total = role(FieldRole::TotalItems);
        candidates.push(Candidate {
            continues: total.is_some() || more.is_some(),
            label: format!("item offsets in `{}`", offset.wire),
            style: PaginationStyle::Offset {
                offset_param: offset.wire.clone(),
                limit_param: size.clone(),
                total,
            },
        });
    }
    if let Some(candidate) = after_last(space, op, &inputs, &items, size.clone(), more.is_some()) {
        candidates.push(candidate);
    }
    if let Some(only) = only {
        candidates.retain(|c| c.style.name() == only);
    }
    let given = role(FieldRole::NextCursor);
    choose(candidates, items, more, &inputs, given)
}

/// Cursor parameters matched to the field that continues them (the closest
/// match of any parameter first); else, when the operation declares no page
/// position at all, a "next" object's member named like a cursor parameter
/// (`pages.next.starting_after`): the page names what to send.
fn cursor_candidates(inputs: &[Input], read: &[Read<'_>]) -> Vec<Candidate> {
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
fn next_url(read: &[Read<'_>]) -> Option<String> {
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
fn after_last(
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
        .filter(|i| i.role == ParamRole::Cursor)
        .filter(|i| keyset(i).0 || keyset(i).1)
        .min_by_key(|i| !keyset(i).0)?;
    let scalar = |p: &str| super::type_at(space, &items.item_ty, p).filter(|t| space.is_scalar(t));
    let fields = page::struct_fields(space, &items.item_ty).unwrap_or(&[]);
    let nested_id = || {
        let found: Vec<String> = fields
            .iter()
            .map(|f| format!("/{}/id", f.wire.replace('~', "~0").replace('/', "~1")))
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
            [one] => Some(format!(
                "/{}",
                one.wire.replace('~', "~0").replace('/', "~1")
            )),
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

/// The first candidate in order of trust: those whose page says where to
/// continue before those that walk until a short or empty page.
fn choose(
    candidates: Vec<Candidate>,
    items: Items,
    more: Option<MoreFlag>,
    inputs: &[Input],
    given: Option<String>,
) -> Inference {
    // A position the operation declares and its page continues comes first;
    // then what the server hands over (a link or token); then keyset walks
    // the page confirms with a "more" flag; then blind walks to a short or
    // empty page, the keyset guess last.
    let rank = |c: &Candidate| -> usize {
        let base = match c.style {
            PaginationStyle::Cursor { .. } => 0,
            PaginationStyle::Page { .. } => 1,
            PaginationStyle::Offset { .. } => 2,
            PaginationStyle::NextUrl { .. } => 3,
            PaginationStyle::LinkHeader => 4,
            PaginationStyle::HeaderCursor { .. } => 5,
            PaginationStyle::AfterLast { .. } => 6,
        };
        if c.continues {
            base
        } else {
            base + 10
        }
    };
    let mut candidates = candidates;
    candidates.sort_by_key(|c| rank(c));
    let Some(chosen) = candidates.first() else {
        let cursor = inputs.iter().find(|i| i.role == ParamRole::Cursor);
        return Inference::NoStream(match (cursor, given) {
            (Some(c), _) => format!(
                "takes a cursor `{}`, but nothing in the response says what to send next",
                c.wire
            ),
            (None, Some(at)) => format!(
                "the page gives the next position at `{at}`, but the operation has no query parameter to send it back in"
            ),
            (None, None) => "nothing says where the next page starts".into(),
        });
    };
    let others: Vec<&str> = candidates[1..].iter().map(|c| c.label.as_str()).collect();
    let note = (!others.is_empty()).then(|| {
        let why = if chosen.continues && candidates[1..].iter().any(|c| !c.continues) {
            "it continues from what each page says, where the other would walk blind until a short or empty page"
        } else {
            "the page says where it continues"
        };
        format!("by {} rather than {}: {why}", chosen.label, others.join(" or "))
    });
    Inference::Paged(Box::new(Pagination {
        items: items.pointer,
        item_ty: items.item_ty,
        style: chosen.style.clone(),
        more,
        source: Source::Inferred,
        note,
    }))
}
