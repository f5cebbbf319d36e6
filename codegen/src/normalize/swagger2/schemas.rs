//! Schemas: a 2.0 schema is the JSON Schema subset 3.0 reads, but for
//! `type: file` (3.0's binary string), a `discriminator` given as the
//! property's name (3.0 wants an object), `x-nullable` (3.0's `nullable`) and
//! references into `#/definitions` and the other 2.0 top-level maps.

use serde_json::{json, Value};

use super::Cx;
use crate::error::pointer_token;
use crate::normalize::structure::subschema_paths;

/// How deep the walk goes; the schema stage refuses far shallower nesting,
/// and this only keeps a hostile document from exhausting the stack here.
const MAX_DEPTH: usize = 64;

/// Converts a schema and its subschemas in place.
pub(super) fn convert(schema: &mut Value, cx: &Cx) {
    walk(schema, cx, 0);
}

fn walk(schema: &mut Value, cx: &Cx, depth: usize) {
    let Value::Object(map) = schema else {
        return;
    };
    if let Some(target) = map
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| cx.target(r))
    {
        map.insert("$ref".into(), Value::String(target));
    }
    if map.get("type").and_then(Value::as_str) == Some("file") {
        map.insert("type".into(), json!("string"));
        map.insert("format".into(), json!("binary"));
    }
    if map.get("x-nullable") == Some(&Value::Bool(true)) {
        map.entry("nullable").or_insert(Value::Bool(true));
    }
    if let Some(Value::String(property)) = map.get("discriminator") {
        let discriminator = json!({ "propertyName": property });
        map.insert("discriminator".into(), discriminator);
    }
    if depth >= MAX_DEPTH {
        return;
    }
    for path in subschema_paths(map) {
        let pointer: String = path
            .iter()
            .map(|t| format!("/{}", pointer_token(t)))
            .collect();
        if let Some(sub) = schema.pointer_mut(&pointer) {
            walk(sub, cx, depth + 1);
        }
    }
}
