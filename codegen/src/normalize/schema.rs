//! One schema rewritten into the 3.0 form `openapiv3` reads, without losing
//! meaning where 3.0 can say the same: type arrays with `"null"` become
//! `nullable`, `type: "null"` and `{type: "null"}` branches too, `const` a
//! one-value `enum`, `examples` an `example`, numeric
//! `exclusiveMinimum`/`exclusiveMaximum` the boolean forms, and `$ref` with
//! sibling keywords an `allOf` that keeps them. Keywords whose meaning Rust
//! types cannot carry are approximated by a looser schema, with a note
//! (see [`approximate`]); annotation-only keywords are dropped.

use serde_json::{json, Map, Value};

use super::refs::Moved;
use super::Note;
use crate::error::{pointer_token, Error, Result};

/// What normalizing schemas found besides the rewritten schemas.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    /// Approximations, named by their pointer before any branch moved.
    pub notes: Vec<Note>,
    /// Branches that moved (a `null` branch removed before them, a lone
    /// branch made an `allOf` part), one batch per rewrite, in the order
    /// the rewrites happened.
    pub moves: Vec<Vec<Moved>>,
}

/// Keywords that only annotate or only validate in ways the client does not
/// check; `openapiv3` does not know them, so they go.
const DROPPED: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "$anchor",
    "$dynamicAnchor",
    "$defs",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "$vocabulary",
    "additionalItems",
];

/// Keywords that belong to one instance type, moved into that branch when a
/// type array is split into `anyOf`.
fn keyword_type(keyword: &str) -> Option<&'static str> {
    Some(match keyword {
        "pattern" | "minLength" | "maxLength" => "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => "number",
        "items" | "minItems" | "maxItems" | "uniqueItems" => "array",
        "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => {
            "object"
        }
        _ => return None,
    })
}

/// How deeply schemas may nest inline. Beyond what real specs do, and within
/// what every later stage handles on a 2 MiB thread stack (a spawned thread's
/// default) in a debug build, with room to spare: `openapiv3`'s deserializer
/// takes some 70 KiB of stack per level of `allOf` nesting in a parameter.
/// Deeper would overflow the stack: an abort, not an error.
const MAX_SCHEMA_DEPTH: usize = 20;

/// Normalizes one schema and, recursively, its subschemas; approximations
/// are added to `notes`.
pub(crate) fn normalize_schema(schema: &mut Value, at: &str, found: &mut Findings) -> Result<()> {
    normalize_nested(schema, at, 0, found)
}

fn normalize_nested(
    schema: &mut Value,
    at: &str,
    depth: usize,
    found: &mut Findings,
) -> Result<()> {
    if depth >= MAX_SCHEMA_DEPTH {
        return Err(Error::unsupported(
            at,
            format!("schemas nested more than {MAX_SCHEMA_DEPTH} levels deep"),
        ));
    }
    let Value::Object(map) = schema else {
        if schema.is_boolean() {
            // `true` accepts anything, `false` nothing: an empty schema is the honest 3.0 form of `true`.
            if schema == &Value::Bool(false) {
                return Err(Error::unsupported(
                    at,
                    "the schema `false` (no value is valid)",
                ));
            }
            *schema = json!({});
            return Ok(());
        }
        return Err(Error::invalid(at, "a schema must be an object"));
    };
    approximate(map, at, &mut found.notes);
    binary_from_content_media_type(map);
    for key in DROPPED {
        map.remove(*key);
    }
    for child in ["items", "additionalProperties", "not"] {
        if let Some(sub) = map.get_mut(child) {
            if sub.is_object() || (child != "additionalProperties" && sub.is_boolean()) {
                normalize_nested(sub, &format!("{at}/{child}"), depth + 1, found)?;
            }
        }
    }
    if let Some(Value::Object(props)) = map.get_mut("properties") {
        for (name, sub) in props.iter_mut() {
            normalize_nested(
                sub,
                &format!("{at}/properties/{}", pointer_token(name)),
                depth + 1,
                found,
            )?;
        }
    }
    for combinator in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(subs)) = map.get_mut(combinator) {
            for (i, sub) in subs.iter_mut().enumerate() {
                normalize_nested(sub, &format!("{at}/{combinator}/{i}"), depth + 1, found)?;
            }
        }
    }
    // After the branches are normalized, so every way of saying "only null"
    // has become `{nullable: true}`; errors inside branches were reported
    // at their places in the input, and later ones are mapped back by `moves`.
    let moved = lift_null_branches(map, at);
    found.moves.push(moved);
    merge_const_branches(map);
    let moved = lift_annotation_parts(map, at);
    found.moves.push(moved);
    if map.get("type").and_then(Value::as_str) == Some("null") {
        // Only `null` is valid: 3.0 has no such type, so this becomes "any
        // value, nullable", which the model maps to an optional JSON value.
        map.remove("type");
        map.insert("nullable".into(), Value::Bool(true));
    }

    if let Some(c) = map.remove("const") {
        map.insert("enum".into(), Value::Array(vec![c]));
    }
    if let Some(Value::Array(mut list)) = map.remove("examples") {
        if !list.is_empty() && !map.contains_key("example") {
            map.insert("example".into(), list.swap_remove(0));
        }
    }
    for (keyword, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(n) = map.get(keyword).filter(|v| v.is_number()).cloned() {
            map.insert(bound.into(), n);
            map.insert(keyword.into(), Value::Bool(true));
        }
    }
    if let Some(Value::Array(values)) = map.get_mut("enum") {
        let before = values.len();
        values.retain(|v| !v.is_null());
        if values.len() != before {
            if values.is_empty() {
                map.remove("enum");
            }
            map.insert("nullable".into(), Value::Bool(true));
        }
    }
    split_type_array(map, at)?;
    fit_integer_bounds(map, at, &mut found.notes);
    if let Some(Value::Array(branches)) = map.get_mut("anyOf") {
        for (i, branch) in branches.iter_mut().enumerate() {
            if let Value::Object(branch) = branch {
                fit_integer_bounds(branch, &format!("{at}/anyOf/{i}"), &mut found.notes);
            }
        }
    }
    let moved = wrap_ref_with_siblings(map, at);
    found.moves.push(moved);
    check_keyword_values(map, at)
}

/// Replaces the keywords whose meaning Rust types cannot carry by a looser
/// schema that accepts every value the original did, and says so in a note:
/// tuples (`prefixItems`, array-form `items`) become arrays of their one item
/// schema, or of any JSON value; `patternProperties` a map of its one value
/// schema, or of any JSON value; conditionals (`if`/`then`/`else`,
/// `dependentSchemas`) are ignored; dynamic references accept any value.
fn approximate(map: &mut Map<String, Value>, at: &str, notes: &mut Vec<Note>) {
    let mut note = |keyword: &str, message: String| {
        notes.push(Note {
            pointer: format!("{at}/{}", pointer_token(keyword)),
            message,
        });
    };
    let tuple = match map.remove("prefixItems") {
        Some(Value::Array(prefix)) => {
            let rest = map.remove("items");
            Some(("prefixItems", prefix, rest))
        }
        Some(_) => None,
        None => match map.remove("items") {
            Some(Value::Array(prefix)) => Some(("items", prefix, map.remove("additionalItems"))),
            Some(other) => {
                map.insert("items".into(), other);
                None
            }
            None => None,
        },
    };
    if let Some((keyword, mut members, rest)) = tuple {
        members.extend(rest.filter(Value::is_object));
        let (items, what) = one_or_any(members);
        map.insert("items".into(), items);
        map.entry("type").or_insert_with(|| json!("array"));
        note(
            keyword,
            format!("a tuple is generated as an array of {what}: positions are not typed"),
        );
    }
    if let Some(patterns) = map.remove("patternProperties") {
        let mut members: Vec<Value> = patterns
            .as_object()
            .map(|p| p.values().cloned().collect())
            .unwrap_or_default();
        members.extend(map.remove("additionalProperties").filter(Value::is_object));
        let (values, what) = one_or_any(members);
        map.insert("additionalProperties".into(), values);
        note(
            "patternProperties",
            format!("properties matching a pattern are generated as a map of {what}; names are not checked"),
        );
    }
    for keyword in ["if", "then", "else", "dependentSchemas"] {
        if map.remove(keyword).is_some() {
            note(
                keyword,
                format!("`{keyword}` is ignored: values are typed by the rest of the schema"),
            );
        }
    }
    for keyword in ["$dynamicRef", "$recursiveRef"] {
        if map.remove(keyword).is_some() {
            note(
                keyword,
                format!("`{keyword}` is not followed: any value is accepted here"),
            );
        }
    }
}

/// The schema all of `members` share, or the empty schema (any value) when
/// they differ; and a phrase saying which, for notes.
fn one_or_any(mut members: Vec<Value>) -> (Value, &'static str) {
    members.dedup();
    if members.len() == 1 {
        (members.remove(0), "the one schema they share")
    } else {
        (json!({}), "any JSON value")
    }
}

/// `openapiv3` holds an integer schema's bounds as `i64`: a bound with a
/// fraction is rounded inwards (the same integers pass), and one beyond the
/// 64-bit range (often a 64-bit limit printed as a double) is dropped, with
/// a note.
#[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
fn fit_integer_bounds(map: &mut Map<String, Value>, at: &str, notes: &mut Vec<Note>) {
    if map.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for (keyword, round) in [
        ("minimum", f64::ceil as fn(f64) -> f64),
        ("maximum", f64::floor),
        ("multipleOf", f64::round),
    ] {
        let Some(bound) = map.get(keyword).cloned() else {
            continue;
        };
        if bound.is_i64() || !bound.is_number() {
            continue;
        }
        let f = bound.as_f64().unwrap_or(f64::NAN);
        let rounded = round(f);
        // `i64::MAX as f64` is 2^63, itself out of range.
        if rounded >= -(2f64.powi(63)) && rounded < 2f64.powi(63) && rounded != 0.0 {
            map.insert(keyword.into(), Value::from(rounded as i64));
        } else {
            map.remove(keyword);
            notes.push(Note {
                pointer: format!("{at}/{keyword}"),
                message: format!(
                    "`{keyword}: {bound}` does not fit a 64-bit integer and is not checked"
                ),
            });
        }
    }
}

/// What a JSON value is, for messages.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Checks that each keyword `openapiv3` reads has a value of the type it
/// expects, so a wrong one is reported at its own pointer. Left to
/// `openapiv3`, it would be named only by the outermost schema, after every
/// enclosing level had been parsed again (time exponential in the depth).
fn check_keyword_values(map: &Map<String, Value>, at: &str) -> Result<()> {
    let strings = |v: &Value| v.as_array().is_some_and(|a| a.iter().all(Value::is_string));
    for (key, value) in map {
        let expected = match key.as_str() {
            "nullable" | "readOnly" | "writeOnly" | "deprecated" | "exclusiveMinimum"
            | "exclusiveMaximum" | "uniqueItems" => (!value.is_boolean()).then_some("a boolean"),
            "title" | "description" | "pattern" | "format" | "type" | "$ref" => {
                (!value.is_string()).then_some("a string")
            }
            "multipleOf" | "minimum" | "maximum" => (!value.is_number()).then_some("a number"),
            "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
            | "maxProperties" => (!value.is_u64()).then_some("a non-negative integer"),
            "required" => (!strings(value)).then_some("an array of strings"),
            "enum" => (!value.is_array()).then_some("an array"),
            "properties" => (!value.is_object()).then_some("an object of schemas"),
            "items" | "not" => (!value.is_object()).then_some("a schema"),
            "additionalProperties" => {
                (!value.is_object() && !value.is_boolean()).then_some("a boolean or a schema")
            }
            "allOf" | "oneOf" | "anyOf" => (!value.is_array()).then_some("an array of schemas"),
            "externalDocs" => (!value.as_object().is_some_and(|d| {
                d.get("url").is_some_and(Value::is_string)
                    && d.get("description").is_none_or(Value::is_string)
            }))
            .then_some("an object with a string `url`"),
            "discriminator" => (!value.as_object().is_some_and(|d| {
                d.get("propertyName").is_some_and(Value::is_string)
                    && d.get("mapping").is_none_or(|m| {
                        m.as_object()
                            .is_some_and(|m| m.values().all(Value::is_string))
                    })
            }))
            .then_some("an object with a string `propertyName` and string `mapping` values"),
            _ => None,
        };
        if let Some(expected) = expected {
            return Err(Error::invalid(
                format!("{at}/{}", pointer_token(key)),
                format!("`{key}` must be {expected}, not {}", json_kind(value)),
            ));
        }
    }
    Ok(())
}

/// `type: [T, "null"]` → `type: T, nullable: true`; several non-null types →
/// an `anyOf` with one branch per type carrying that type's keywords.
fn split_type_array(map: &mut Map<String, Value>, at: &str) -> Result<()> {
    let Some(Value::Array(types)) = map.get("type") else {
        return Ok(());
    };
    let mut names = Vec::with_capacity(types.len());
    for t in types {
        match t.as_str() {
            Some(s) => names.push(s.to_owned()),
            None => {
                return Err(Error::invalid(
                    format!("{at}/type"),
                    "type array entries must be strings",
                ))
            }
        }
    }
    let nullable = names.iter().any(|t| t == "null");
    names.retain(|t| t != "null");
    if nullable {
        map.insert("nullable".into(), Value::Bool(true));
    }
    match names.len() {
        0 => {
            map.remove("type");
        }
        1 => {
            map.insert("type".into(), Value::String(names.remove(0)));
        }
        _ => {
            map.remove("type");
            let mut branches = Vec::with_capacity(names.len());
            for t in &names {
                let mut branch = Map::new();
                branch.insert("type".into(), Value::String(t.clone()));
                let family = if t == "integer" { "number" } else { t.as_str() };
                for (k, v) in map.iter() {
                    if keyword_type(k) == Some(family) {
                        branch.insert(k.clone(), v.clone());
                    }
                }
                if let Some(Value::Array(values)) = map.get("enum") {
                    let fitting: Vec<Value> = values
                        .iter()
                        .filter(|v| json_type_matches(v, t))
                        .cloned()
                        .collect();
                    if !fitting.is_empty() {
                        branch.insert("enum".into(), Value::Array(fitting));
                    }
                }
                if let Some(format) = map.get("format") {
                    if family != "object" && family != "array" {
                        branch.insert("format".into(), format.clone());
                    }
                }
                branches.push(Value::Object(branch));
            }
            map.retain(|k, _| keyword_type(k).is_none() && k != "enum" && k != "format");
            map.insert("anyOf".into(), Value::Array(branches));
        }
    }
    Ok(())
}

fn json_type_matches(v: &Value, t: &str) -> bool {
    match t {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => false,
    }
}

/// `anyOf`/`oneOf` with a `{type: "null"}` branch (the 3.1 way to say nullable):
/// the branch goes and `nullable` is set; a single remaining branch stands alone.
fn lift_null_branches(map: &mut Map<String, Value>, at: &str) -> Vec<Moved> {
    let mut moves = Vec::new();
    for combinator in ["anyOf", "oneOf"] {
        let Some(Value::Array(branches)) = map.get_mut(combinator) else {
            continue;
        };
        if !branches.iter().any(is_null_schema) {
            continue;
        }
        let mut kept: Vec<(usize, Value)> = std::mem::take(branches)
            .into_iter()
            .enumerate()
            .filter(|(_, b)| !is_null_schema(b))
            .collect();
        map.insert("nullable".into(), Value::Bool(true));
        let from = |i: usize| format!("{at}/{combinator}/{i}");
        if kept.len() > 1 {
            for (j, (i, _)) in kept.iter().enumerate() {
                if *i != j {
                    moves.push(Moved {
                        to: format!("{at}/{combinator}/{j}"),
                        from: from(*i),
                    });
                }
            }
            let branches = kept.into_iter().map(|(_, b)| b).collect();
            map.insert(combinator.into(), Value::Array(branches));
            continue;
        }
        map.remove(combinator);
        if let Some((i, only)) = kept.pop() {
            if !map.get("allOf").is_some_and(Value::is_array) {
                map.insert("allOf".into(), json!([]));
            }
            if let Some(Value::Array(all)) = map.get_mut("allOf") {
                moves.push(Moved {
                    to: format!("{at}/allOf/{}", all.len()),
                    from: from(i),
                });
                all.push(only);
            }
        }
    }
    moves
}

/// Schemas with their index in the list they came from.
type Indexed = Vec<(usize, Value)>;

/// `allOf` parts that only annotate (`{nullable: true}`, `{description}`:
/// the 3.0 way to make a `$ref` nullable or describe it) → keywords of the
/// schema itself, so what is left to merge are the real parts.
fn lift_annotation_parts(map: &mut Map<String, Value>, at: &str) -> Vec<Moved> {
    let mut moves = Vec::new();
    let Some(Value::Array(parts)) = map.get_mut("allOf") else {
        return moves;
    };
    let annotation = |k: &str| {
        matches!(
            k,
            "nullable"
                | "description"
                | "title"
                | "example"
                | "default"
                | "readOnly"
                | "writeOnly"
                | "deprecated"
        )
    };
    let (lifted, kept): (Indexed, Indexed) = parts.drain(..).enumerate().partition(|(_, p)| {
        p.as_object()
            .is_some_and(|p| !p.is_empty() && p.keys().all(|k| annotation(k)))
    });
    for (j, (i, _)) in kept.iter().enumerate() {
        if *i != j {
            moves.push(Moved {
                to: format!("{at}/allOf/{j}"),
                from: format!("{at}/allOf/{i}"),
            });
        }
    }
    *parts = kept.into_iter().map(|(_, p)| p).collect();
    if parts.is_empty() {
        map.remove("allOf");
    }
    for (_, part) in lifted {
        for (k, v) in part.as_object().into_iter().flatten() {
            if k == "nullable" {
                if v == &Value::Bool(true) {
                    map.insert(k.clone(), v.clone());
                }
            } else {
                map.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }
    moves
}

/// `oneOf`/`anyOf` whose every branch is one constant (with at most a title
/// or description: the 3.1 way to document each enum value) → an `enum`.
fn merge_const_branches(map: &mut Map<String, Value>) {
    for combinator in ["oneOf", "anyOf"] {
        let Some(Value::Array(branches)) = map.get(combinator) else {
            continue;
        };
        let values: Option<Vec<Value>> = branches.iter().map(single_constant).collect();
        let Some(values) = values.filter(|v| !v.is_empty()) else {
            continue;
        };
        if !map.contains_key("type") {
            if let Some(t) = common_type(&values) {
                map.insert("type".into(), json!(t));
            }
        }
        map.remove(combinator);
        map.insert("enum".into(), Value::Array(values));
        return;
    }
}

/// The one value a branch allows, when it is `{const: x}` or `{enum: [x]}`
/// with annotations only.
fn single_constant(branch: &Value) -> Option<Value> {
    let map = branch.as_object()?;
    let annotation = |k: &str| {
        matches!(
            k,
            "title" | "description" | "deprecated" | "type" | "const" | "enum"
        ) || k.starts_with("x-")
    };
    if !map.keys().all(|k| annotation(k)) {
        return None;
    }
    match (map.get("const"), map.get("enum")) {
        (Some(c), None) => Some(c.clone()),
        (None, Some(Value::Array(e))) if e.len() == 1 => Some(e[0].clone()),
        _ => None,
    }
}

/// The JSON type every value has, if they share one.
fn common_type(values: &[Value]) -> Option<&'static str> {
    ["string", "integer", "number", "boolean"]
        .into_iter()
        .find(|t| values.iter().all(|v| json_type_matches(v, t)))
}

/// A normalized schema that accepts only `null`: every 3.1 way of saying so
/// (`type: "null"`, `type: ["null"]`, `enum: [null]`, `const: null`) has
/// become `nullable` with nothing but annotations beside it.
fn is_null_schema(v: &Value) -> bool {
    v.as_object().is_some_and(|m| {
        m.get("nullable") == Some(&Value::Bool(true))
            && m.keys().all(|k| {
                matches!(
                    k.as_str(),
                    "nullable" | "title" | "description" | "example" | "default" | "deprecated"
                ) || k.starts_with("x-")
            })
    })
}

/// `{$ref, ...siblings}` → `{allOf: [{$ref}], ...siblings}`: 3.0 ignores a
/// reference's siblings, 3.1 applies them (a description, `nullable`).
fn wrap_ref_with_siblings(map: &mut Map<String, Value>, at: &str) -> Vec<Moved> {
    let mut moves = Vec::new();
    if map.len() > 1 {
        if let Some(r) = map.remove("$ref") {
            let target = json!({ "$ref": r });
            moves.push(Moved {
                to: format!("{at}/allOf/0"),
                from: at.to_owned(),
            });
            match map.get_mut("allOf") {
                Some(Value::Array(all)) => {
                    moves.extend((0..all.len()).map(|i| Moved {
                        to: format!("{at}/allOf/{}", i + 1),
                        from: format!("{at}/allOf/{i}"),
                    }));
                    all.insert(0, target);
                }
                _ => {
                    map.insert("allOf".into(), Value::Array(vec![target]));
                }
            }
        }
    }
    moves
}

/// 3.1 says raw bytes with `contentMediaType` (a file in a multipart form)
/// where 3.0 said `format: binary`, and base64 text with `contentEncoding`
/// where 3.0 said `format: byte`: the 3.0 forms keep that meaning.
fn binary_from_content_media_type(map: &mut serde_json::Map<String, Value>) {
    let stringy = match map.get("type") {
        None => true,
        Some(Value::String(t)) => t == "string",
        Some(_) => false,
    };
    if !stringy || map.contains_key("format") {
        return;
    }
    let format = match map.get("contentEncoding").and_then(Value::as_str) {
        Some(e) if e.eq_ignore_ascii_case("base64") => "byte",
        Some(_) => return,
        None if map.contains_key("contentMediaType") => "binary",
        None => return,
    };
    map.insert("type".into(), json!("string"));
    map.insert("format".into(), json!(format));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(mut v: Value) -> Value {
        normalize_schema(&mut v, "#/x", &mut Findings::default()).unwrap();
        v
    }

    fn fails(mut v: Value, at: &str) -> String {
        normalize_schema(&mut v, at, &mut Findings::default())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn type_arrays() {
        assert_eq!(
            norm(json!({"type": ["string", "null"]})),
            json!({"type": "string", "nullable": true})
        );
        let multi = norm(
            json!({"type": ["string", "integer", "null"], "pattern": "^a", "minimum": 1, "description": "d"}),
        );
        assert_eq!(
            multi,
            json!({"description": "d", "nullable": true, "anyOf": [
                {"type": "string", "pattern": "^a"}, {"type": "integer", "minimum": 1}]})
        );
    }

    #[test]
    fn const_examples_and_exclusive_bounds() {
        assert_eq!(norm(json!({"const": "x"})), json!({"enum": ["x"]}));
        assert_eq!(
            norm(json!({"type": "string", "examples": ["a", "b"]})),
            json!({"type": "string", "example": "a"})
        );
        assert_eq!(
            norm(json!({"type": "number", "exclusiveMinimum": 0})),
            json!({"type": "number", "exclusiveMinimum": true, "minimum": 0})
        );
        // The 3.0 boolean form stays as it is.
        assert_eq!(
            norm(json!({"type": "number", "minimum": 0, "exclusiveMinimum": true})),
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true})
        );
    }

    #[test]
    fn ref_siblings_and_null_branches() {
        assert_eq!(
            norm(json!({"$ref": "#/components/schemas/A", "description": "d"})),
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        assert_eq!(
            norm(json!({"$ref": "#/components/schemas/A"})),
            json!({"$ref": "#/components/schemas/A"})
        );
        assert_eq!(
            norm(json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]})),
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
    }

    #[test]
    fn nested_schemas_are_reached() {
        let v = norm(
            json!({"type": "object", "properties": {"a": {"type": ["integer", "null"]}},
            "items": {"const": 1}, "allOf": [{"type": ["boolean", "null"]}]}),
        );
        assert_eq!(
            v["properties"]["a"],
            json!({"type": "integer", "nullable": true})
        );
        assert_eq!(v["items"], json!({"enum": [1]}));
        assert_eq!(v["allOf"][0], json!({"type": "boolean", "nullable": true}));
    }

    fn with_notes(mut v: Value) -> (Value, Vec<String>) {
        let mut found = Findings::default();
        normalize_schema(&mut v, "#/s", &mut found).unwrap();
        (v, found.notes.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn tuples_become_arrays_with_a_note() {
        let (v, notes) = with_notes(
            json!({"properties": {"a/b": {"prefixItems": [{"type": "string"}, {"type": "string"}]}}}),
        );
        assert_eq!(
            v["properties"]["a/b"],
            json!({"type": "array", "items": {"type": "string"}})
        );
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].starts_with("#/s/properties/a~1b/prefixItems: a tuple"),
            "{notes:?}"
        );
        let (v, notes) = with_notes(
            json!({"items": [{"type": "string"}, {"type": "integer"}], "additionalItems": false}),
        );
        assert_eq!(v, json!({"type": "array", "items": {}}));
        assert!(notes[0].contains("any JSON value"), "{notes:?}");
    }

    #[test]
    fn patterns_and_conditionals_are_approximated_with_notes() {
        let (v, notes) = with_notes(
            json!({"type": "object", "patternProperties": {"^x": {"type": ["integer", "null"]}},
            "if": {"required": ["a"]}, "then": {"required": ["b"]}, "$dynamicRef": "#node"}),
        );
        assert_eq!(
            v,
            json!({"type": "object", "additionalProperties": {"type": "integer", "nullable": true}})
        );
        let pointers: Vec<&str> = notes
            .iter()
            .map(|n| n.split(": ").next().unwrap())
            .collect();
        assert_eq!(
            pointers,
            [
                "#/s/patternProperties",
                "#/s/if",
                "#/s/then",
                "#/s/$dynamicRef"
            ]
        );
    }

    #[test]
    fn null_only_schemas_and_branches_become_nullable() {
        assert_eq!(norm(json!({"type": "null"})), json!({"nullable": true}));
        assert_eq!(norm(json!({"enum": [null]})), json!({"nullable": true}));
        assert_eq!(
            norm(
                json!({"oneOf": [{"const": null}, {"type": "string"}], "allOf": [{"minLength": 1}]})
            ),
            json!({"nullable": true, "allOf": [{"minLength": 1}, {"type": "string"}]})
        );
        assert_eq!(
            norm(json!({"anyOf": [{"type": ["null"]}, {"type": "integer"}, {"type": "string"}]})),
            json!({"nullable": true, "anyOf": [{"type": "integer"}, {"type": "string"}]})
        );
    }

    #[test]
    fn annotation_only_all_of_parts_annotate_the_schema() {
        assert_eq!(
            norm(
                json!({"allOf": [{"$ref": "#/components/schemas/A"}, {"nullable": true, "description": "d"}]})
            ),
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true, "description": "d"})
        );
        // A part with a constraint is merged by the model, not lifted.
        let merged =
            norm(json!({"allOf": [{"$ref": "#/components/schemas/A"}, {"required": ["x"]}]}));
        assert_eq!(merged["allOf"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn documented_constants_become_an_enum() {
        assert_eq!(
            norm(
                json!({"oneOf": [{"title": "USER", "const": "user"}, {"const": "bot", "description": "d"}]})
            ),
            json!({"type": "string", "enum": ["user", "bot"]})
        );
        // A branch with a constraint is a real alternative.
        let union = json!({"anyOf": [{"const": 1}, {"type": "integer", "minimum": 5}]});
        assert!(norm(union)["anyOf"].is_array());
    }

    #[test]
    fn integer_bounds_fit_64_bits() {
        let (v, notes) = with_notes(
            json!({"type": "integer", "minimum": -9.223_372_036_854_776e18,
            "maximum": 1.844_674_407_370_955_2e19, "multipleOf": 2.0}),
        );
        // -2^63 printed as a double is exactly `i64::MIN`; 2^64 is beyond.
        assert_eq!(
            v,
            json!({"type": "integer", "minimum": i64::MIN, "multipleOf": 2})
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].starts_with("#/s/maximum:"), "{notes:?}");
        let (v, notes) =
            with_notes(json!({"type": ["integer", "null"], "minimum": i64::MIN, "maximum": 1.5}));
        assert_eq!(
            v,
            json!({"type": "integer", "nullable": true, "minimum": i64::MIN, "maximum": 1})
        );
        assert!(notes.is_empty());
        // A number keeps its double bounds.
        assert_eq!(
            norm(json!({"type": "number", "maximum": 1e300})),
            json!({"type": "number", "maximum": 1e300})
        );
    }

    #[test]
    fn keyword_values_of_the_wrong_type_are_named_where_they_are() {
        let v = json!({"type": "array", "items": {"type": "object", "additionalProperties": 3}});
        let e = fails(v, "#/s");
        assert!(e.contains("#/s/items/additionalProperties:"), "{e}");
        assert!(e.contains("a boolean or a schema, not a number"), "{e}");
        for (bad, key) in [
            (json!({"minLength": -1}), "minLength"),
            (json!({"required": ["a", 1]}), "required"),
            (json!({"nullable": "yes"}), "nullable"),
            (json!({"properties": []}), "properties"),
            (json!({"allOf": {}}), "allOf"),
            (json!({"discriminator": {"mapping": {}}}), "discriminator"),
            (json!({"type": 42}), "type"),
        ] {
            let e = fails(bad, "#/s");
            assert!(e.contains(&format!("#/s/{key}:")), "{e}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let mut v = json!({"type": "string"});
        for _ in 0..MAX_SCHEMA_DEPTH {
            v = json!({"type": "array", "items": v});
        }
        let mut shallower = v["items"].clone();
        let e = fails(v, "#/s");
        assert!(e.contains("nested more than 20 levels deep"), "{e}");
        normalize_schema(&mut shallower, "#/s", &mut Findings::default()).unwrap();
    }
}
