//! Inferring how a list pages from its structure: the roles its parameters
//! play (page number, size, offset, cursor) and what its page says about the
//! next one (a next URL, a next cursor, a page count, a "more" flag), matched
//! to each other. A style whose page says where to continue is preferred to
//! one that walks blind, and the note says so; evidence that leads nowhere
//! is a reason for no stream, never a guess.

use super::continuation::{
    after_last, cursor_candidates, depth, header_cursor, next_url, Candidate, Input, Read,
};
use super::page::{self, kind_of, Found, Items, PageField};
use super::words::{field_role, param_role, squash, words, FieldRole, Kind, ParamRole};
use super::{query_params, MoreFlag, Pagination, Source};
use crate::config::{PaginationStyle, ParamPlace};
use crate::model::operations::{BodyKind, Content, Operation};
use crate::model::types::TypeSpace;

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

/// The paging inputs among the operation's query parameters (and the
/// cursor members of a search's JSON body). A text
/// parameter whose description speaks of a token or cursor, and which the
/// page echoes, is a cursor whatever its name (`sync`: "a sync token
/// received from the last request", and a `sync` in the page). `fields`
/// are the page's.
fn inputs(space: &TypeSpace, op: &Operation, fields: &[PageField]) -> Vec<Input> {
    query_params(space, op)
        .into_iter()
        .filter_map(|(wire, ty, doc)| {
            let kind = kind_of(space, &ty);
            // Described as a token, and echoed by the page under its own name.
            let described = kind == Kind::Text
                && doc
                    .as_deref()
                    .is_some_and(|d| words(d).iter().any(|w| w == "token" || w == "cursor"))
                && fields.iter().any(|f| squash(&f.name) == squash(&wire));
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
            Some(Input {
                wire,
                role,
                place: ParamPlace::Query,
                first,
            })
        })
        .chain(body_cursors(space, op))
        .collect()
}

/// The cursor members of a search's JSON body (`cursor`, `start_cursor`):
/// a search sent with a body (POST, or GET where an API reads one) takes its
/// position where it takes its terms.
fn body_cursors(space: &TypeSpace, op: &Operation) -> Vec<Input> {
    let Some(body) = op.body.as_ref().filter(|b| b.kind == BodyKind::Json) else {
        return Vec::new();
    };
    page::struct_fields(space, &body.ty)
        .unwrap_or(&[])
        .iter()
        .filter(|f| kind_of(space, &f.ty) == Kind::Text)
        .filter(|f| param_role(&f.wire, Kind::Text) == Some(ParamRole::Cursor))
        .map(|f| Input {
            wire: f.wire.clone(),
            role: ParamRole::Cursor,
            place: ParamPlace::Body,
            first: None,
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

/// Whether any field of the page names a next page or cursor.
fn continues_somewhere(fields: &[PageField]) -> bool {
    fields.iter().any(|f| {
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
    let search = matches!(op.http_method.as_str(), "POST" | "QUERY");
    if op.http_method != "GET" && !search {
        return Inference::NotAList;
    }
    // The page's fields, walked once: what inputs it echoes, where it says
    // the next page is, and the "more" flag and counts all read from them.
    let fields = page::fields(space, body);
    let inputs = inputs(space, op, &fields);
    // An offset with no page size beside it may be an offset into something
    // else (a character position in a search text): alone it does not make
    // a response of several arrays a list.
    let sized = inputs.iter().any(|i| i.role == ParamRole::PageSize);
    let positional = inputs
        .iter()
        .any(|i| i.role != ParamRole::PageSize && (sized || i.role != ParamRole::Offset));
    // A search sent as POST pages like a GET when it takes a page position;
    // one whose page names a next position it cannot send back is noted.
    if search && !positional {
        return match fields.iter().find(|f| {
            field_role(&f.name, &f.container, f.kind, f.url) == Some(FieldRole::NextCursor)
        }) {
            Some(f) => Inference::NoStream(format!(
                "the page gives the next position at `{}`, but the operation has no query parameter or body member to send it back in",
                f.pointer
            )),
            None => Inference::NotAList,
        };
    }
    let link_header = op
        .success
        .headers
        .iter()
        .any(|h| h.eq_ignore_ascii_case("link"));
    let items = match page::items(space, body, &page::op_words(&op.id, &op.path)) {
        Found::Items(items) => items,
        Found::Nothing => return Inference::NotAList,
        // Several arrays in one resource (`/messages/{id}`) are its parts,
        // unless it takes a page position.
        Found::Several(_) if !positional && op.path.trim_end_matches('/').ends_with('}') => {
            return Inference::NotAList
        }
        Found::Several(names) if positional || link_header || continues_somewhere(&fields) => {
            return Inference::NoStream(format!(
                "several arrays could hold the items ({})",
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
    let has_evidence = inputs.iter().any(|i| i.role != ParamRole::PageSize)
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
                "the page gives the next position at `{at}`, but the operation has no query parameter or body member to send it back in"
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
