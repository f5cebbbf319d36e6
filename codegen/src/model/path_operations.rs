//! The operations of a path item, whatever their method: the eight
//! `openapiv3` has fields for, then OpenAPI 3.2's `query` and
//! `additionalOperations`, which normalizing keeps under a member of the
//! path item (`x-codegen-operations`), by the method they are sent with.
//! Every part of the model that walks a path item's operations does it
//! through [`of`], so an operation of a custom method is built, grouped,
//! served and counted like any other.

use std::borrow::Cow;

use openapiv3::{Operation, PathItem};

use crate::normalize::{extra_operation_key, EXTRA_OPERATIONS};

/// The methods of a path item that `openapiv3` reads as operations.
const FIXED: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of a path item.
#[derive(Debug, Clone)]
pub struct PathOperation<'a> {
    /// The method as sent: `GET`, `QUERY`, `PURGE`.
    pub method: String,
    /// Where it is in its path item, as JSON pointer tokens: `get`, `query`,
    /// `additionalOperations/PURGE`.
    pub key: String,
    /// The operation.
    pub op: Cow<'a, Operation>,
}

impl PathOperation<'_> {
    /// Whether it is sent with one of the methods `reqwest::Method` names
    /// (GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH, TRACE).
    #[must_use]
    pub fn has_fixed_method(&self) -> bool {
        FIXED.contains(&self.method.to_ascii_lowercase().as_str())
    }
}

/// The operations of `item`, the fixed methods first in `openapiv3`'s
/// order, then the others as normalizing kept them (`query` first, then
/// `additionalOperations` in the spec's order).
#[must_use]
pub fn of(item: &PathItem) -> Vec<PathOperation<'_>> {
    // `PathItem::iter` yields exactly the fixed methods.
    let mut out: Vec<PathOperation<'_>> = item.iter().map(fixed).collect();
    for (method, op) in extra(item) {
        out.extend(kept_aside(method, op));
    }
    out
}

fn fixed<'a>((method, op): (&str, &'a Operation)) -> PathOperation<'a> {
    PathOperation {
        method: method.to_ascii_uppercase(),
        key: method.to_owned(),
        op: Cow::Borrowed(op),
    }
}

/// The operations normalizing kept aside, by method, as JSON.
fn extra(item: &PathItem) -> impl Iterator<Item = (&String, &serde_json::Value)> {
    let kept = item.extensions.get(EXTRA_OPERATIONS);
    kept.and_then(serde_json::Value::as_object)
        .into_iter()
        .flatten()
}

/// One kept-aside operation, read. Normalizing kept only operations that
/// read; anything else here was not put there by it.
fn kept_aside<'a>(method: &str, op: &serde_json::Value) -> Option<PathOperation<'a>> {
    let op = serde_json::from_value::<Operation>(op.clone()).ok()?;
    Some(PathOperation {
        method: method.to_owned(),
        key: extra_operation_key(method),
        op: Cow::Owned(op),
    })
}

/// The operation of `item` sent with `method` (as the model's
/// [`Operation::http_method`](super::Operation::http_method) holds it).
#[must_use]
pub fn find<'a>(item: &'a PathItem, method: &str) -> Option<PathOperation<'a>> {
    // Only the operation asked for is read from the kept-aside JSON.
    let fixed_one = item.iter().map(fixed).find(|o| o.method == method);
    fixed_one.or_else(|| {
        extra(item)
            .find(|(m, _)| *m == method)
            .and_then(|(m, op)| kept_aside(m, op))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_methods_follow_the_fixed_ones_with_their_places() {
        let item: PathItem = serde_json::from_value(serde_json::json!({
            "get": {"responses": {}},
            EXTRA_OPERATIONS: {
                "QUERY": {"operationId": "search", "responses": {}},
                "PURGE": {"operationId": "purge", "responses": {}},
                "BAD": {"responses": 3}
            }
        }))
        .unwrap();
        let found: Vec<(String, String, bool)> = of(&item)
            .into_iter()
            .map(|o| (o.method.clone(), o.key.clone(), o.has_fixed_method()))
            .collect();
        assert_eq!(
            found,
            [
                ("GET".into(), "get".into(), true),
                ("QUERY".into(), "query".into(), false),
                ("PURGE".into(), "additionalOperations/PURGE".into(), false),
            ]
        );
        let purge = find(&item, "PURGE").unwrap();
        assert_eq!(purge.op.operation_id.as_deref(), Some("purge"));
        assert!(find(&item, "get").is_none(), "methods are compared as sent");
    }
}
