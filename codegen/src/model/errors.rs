//! Where an API's error bodies keep their code, message and retry hint,
//! inferred from the error schemas its operations declare, by what most of
//! them share (a few odd ones out do not veto it). Each schema is read in
//! the shapes errors commonly take: an `error` object (`{"error": {"code",
//! "message"}}`), a JSON:API list (`errors[0].code`, `.detail`), flat members
//! (`code`, `error_code`, `type_name`, `message`, `msg`, `error`), RFC 9457
//! problem details (`type`, `title`, `status`, `detail`), FastAPI's
//! validation list (`detail[0].msg`) and a list of strings (`errors`).

use std::collections::BTreeMap;

use super::operations::Operation;
use super::paging::page::{array_item, kind_of, struct_fields};
use super::paging::words::{squash, Kind};
use super::types::{Field, TypeRef, TypeSpace};
use crate::error::pointer_token;

/// What error bodies say, as JSON pointers tried in order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ErrorFields {
    pub code: Vec<String>,
    pub message: Vec<String>,
    /// A retry hint in 429 and 503 bodies (seconds, or an HTTP date).
    pub retry_after: Vec<String>,
}

/// Member names that hold a message, in order of preference.
const MESSAGES: &[&str] = &[
    "message",
    "msg",
    "errormessage",
    "detail",
    "reason",
    "description",
    "errordescription",
    "error",
];

/// Member names that hold a code, in order of preference; `type`, `id` and
/// `name` only where the container is the body or its `error` object.
const CODES: &[&str] = &["code", "errorcode", "typename"];
const LOOSE_CODES: &[&str] = &["type", "id", "name"];

fn text_like(space: &TypeSpace, ty: &TypeRef) -> bool {
    matches!(kind_of(space, ty), Kind::Text | Kind::Integer)
}

fn find<'f>(fields: &'f [Field], name: &str) -> Option<&'f Field> {
    fields.iter().find(|f| squash(&f.wire) == name)
}

/// The code and message pointers one error schema offers.
fn read(space: &TypeSpace, ty: &TypeRef) -> Option<(Option<String>, Vec<String>)> {
    let root = struct_fields(space, ty)?;
    // (prefix, fields, whether loose code names count)
    let mut containers: Vec<(String, &[Field], bool)> = Vec::new();
    if let Some(f) = find(root, "error") {
        if let Some(inner) = struct_fields(space, &f.ty) {
            containers.push((format!("/{}", pointer_token(&f.wire)), inner, true));
        }
    }
    for name in ["errors", "detail"] {
        if let Some(f) = find(root, name) {
            if let Some(inner) = array_item(space, &f.ty).and_then(|i| struct_fields(space, &i)) {
                containers.push((format!("/{}/0", pointer_token(&f.wire)), inner, false));
            }
        }
    }
    containers.push((String::new(), root, true));
    for (prefix, fields, loose) in &containers {
        let texts = |names: &[&str]| -> Vec<String> {
            names
                .iter()
                .filter_map(|n| find(fields, n))
                .filter(|f| text_like(space, &f.ty))
                .map(|f| format!("{prefix}/{}", pointer_token(&f.wire)))
                .collect()
        };
        let has = |n: &str| find(fields, n).is_some();
        // Problem details: the title is the one a server always fills; JSON:API
        // errors say the most in `detail`.
        let messages = if prefix.is_empty() && has("title") && (has("type") || has("status")) {
            texts(&["title", "detail"])
        } else if has("title") && has("detail") {
            texts(&["detail", "title"])
        } else {
            texts(MESSAGES).into_iter().take(1).collect()
        };
        if messages.is_empty() {
            continue;
        }
        let code = texts(CODES).into_iter().next().or_else(|| {
            loose
                .then(|| texts(LOOSE_CODES).into_iter().next())
                .flatten()
        });
        return Some((code, messages));
    }
    // A list of strings is the message itself.
    let list = find(root, "errors")
        .filter(|f| array_item(space, &f.ty).is_some_and(|i| kind_of(space, &i) == Kind::Text))?;
    Some((None, vec![format!("/{}", pointer_token(&list.wire))]))
}

/// The value most of `votes` share, if more than half of `total` do.
fn majority<T: Ord + Clone>(votes: &[T], total: usize) -> Option<T> {
    let mut counts: BTreeMap<&T, usize> = BTreeMap::new();
    for v in votes {
        *counts.entry(v).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| n * 2 > total)
        .map(|(v, _)| v.clone())
}

/// A retry hint member of a rate-limit or unavailable body (`retryAfter`,
/// `retry_after`, in the body or its `error` object), in seconds or a date.
fn retry_hint(space: &TypeSpace, ty: &TypeRef) -> Option<String> {
    let root = struct_fields(space, ty)?;
    let hint = |fields: &[Field], prefix: &str| {
        fields
            .iter()
            .find(|f| {
                squash(&f.wire) == "retryafter"
                    && matches!(kind_of(space, &f.ty), Kind::Text | Kind::Integer)
            })
            .map(|f| format!("{prefix}/{}", pointer_token(&f.wire)))
    };
    hint(root, "").or_else(|| {
        let error = find(root, "error")?;
        hint(
            struct_fields(space, &error.ty)?,
            &format!("/{}", error.wire),
        )
    })
}

/// The pointers most declared error schemas share.
pub fn infer(space: &TypeSpace, ops: &[Operation]) -> ErrorFields {
    let schemas: Vec<(&str, &TypeRef)> = ops
        .iter()
        .flat_map(|o| &o.errors)
        .filter_map(|e| Some((e.status.as_str(), e.ty.as_ref()?)))
        .collect();
    let read: Vec<(Option<String>, Vec<String>)> = schemas
        .iter()
        .filter_map(|(_, ty)| read(space, ty))
        .collect();
    let total = schemas.len();
    let messages: Vec<Vec<String>> = read.iter().map(|(_, m)| m.clone()).collect();
    let codes: Vec<Option<String>> = read.iter().map(|(c, _)| c.clone()).collect();
    let limited: Vec<&TypeRef> = schemas
        .iter()
        .filter(|(status, _)| matches!(*status, "429" | "503" | "4XX" | "5XX" | "default"))
        .map(|(_, ty)| *ty)
        .collect();
    let mut retry_after: Vec<String> = limited
        .iter()
        .filter_map(|ty| retry_hint(space, ty))
        .collect();
    retry_after.sort();
    retry_after.dedup();
    ErrorFields {
        code: majority(&codes, total).flatten().into_iter().collect(),
        message: majority(&messages, total).unwrap_or_default(),
        retry_after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_is_enough_and_a_split_says_nothing() {
        let votes = ["a", "a", "b"];
        assert_eq!(majority(&votes, 3), Some("a"));
        assert_eq!(majority(&votes, 7), None);
        assert_eq!(majority(&["a", "b"], 2), None);
    }
}
