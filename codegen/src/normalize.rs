//! Rewrites OpenAPI 3.1 constructs into the 3.0 forms `openapiv3` reads,
//! without losing meaning: type arrays with `"null"` become `nullable`,
//! `const` a one-value `enum`, schema `examples` an `example`, numeric
//! `exclusiveMinimum`/`exclusiveMaximum` the boolean forms, and `$ref` with
//! sibling keywords an `allOf` that keeps them. Keywords that change what
//! values a schema accepts and that the generator cannot honour are errors
//! naming their JSON pointer; annotation-only keywords are dropped.

use serde_json::{json, Map, Value};

use crate::error::{pointer_token, Error, Result};

/// Keywords whose meaning the generated types cannot carry.
const UNSUPPORTED: &[&str] = &[
    "prefixItems",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "patternProperties",
    "$dynamicRef",
    "$recursiveRef",
];

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

/// Normalizes a whole document in place.
///
/// # Errors
/// An unsupported keyword, named by its JSON pointer.
pub fn normalize(doc: &mut Value) -> Result<()> {
    if let Some(obj) = doc.as_object_mut() {
        obj.insert("openapi".into(), json!("3.0.3"));
        obj.entry("paths").or_insert_with(|| json!({}));
        // 3.1-only top-level members openapiv3 would reject or that the client never uses.
        obj.remove("webhooks");
        obj.remove("jsonSchemaDialect");
        if let Some(components) = obj.get_mut("components").and_then(Value::as_object_mut) {
            components.remove("pathItems");
            components.remove("callbacks");
        }
    }
    drop_callbacks(doc);
    fill_response_descriptions(doc);
    walk_document(doc, "#")
}

/// Callbacks describe requests the server makes, which a client never sends:
/// nothing is generated from them, so they need not be read (nor fail to be).
fn drop_callbacks(doc: &mut Value) {
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            if let Some(item) = item.as_object_mut() {
                for op in item.values_mut() {
                    if let Some(op) = op.as_object_mut() {
                        op.remove("callbacks");
                    }
                }
            }
        }
    }
}

/// `description` is required on responses, but many real specs omit it and
/// it carries no meaning for a client; `openapiv3` will not read them without it.
fn fill_response_descriptions(doc: &mut Value) {
    let fill = |responses: &mut Value| {
        if let Some(map) = responses.as_object_mut() {
            for response in map.values_mut() {
                if let Some(r) = response.as_object_mut() {
                    if !r.contains_key("$ref") {
                        r.entry("description").or_insert_with(|| json!(""));
                    }
                }
            }
        }
    };
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            if let Some(item) = item.as_object_mut() {
                for op in item.values_mut() {
                    if let Some(responses) = op.get_mut("responses") {
                        fill(responses);
                    }
                }
            }
        }
    }
    if let Some(responses) = doc.pointer_mut("/components/responses") {
        fill(responses);
    }
}

/// Finds every schema position outside schemas (`schema` members, component schemas).
fn walk_document(value: &mut Value, at: &str) -> Result<()> {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let child_at = format!("{at}/{}", pointer_token(key));
                if key == "schema" && child.is_object() {
                    normalize_schema(child, &child_at)?;
                } else if key == "schemas" && at == "#/components" {
                    if let Some(schemas) = child.as_object_mut() {
                        for (name, schema) in schemas.iter_mut() {
                            normalize_schema(
                                schema,
                                &format!("{child_at}/{}", pointer_token(name)),
                            )?;
                        }
                    }
                } else if key != "example" && key != "examples" && !key.starts_with("x-") {
                    // Examples are data, and vendor extensions are not OpenAPI:
                    // a `schema` key inside them is not a schema.
                    walk_document(child, &child_at)?;
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                walk_document(child, &format!("{at}/{i}"))?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// How deeply schemas may nest inline. Beyond what real specs do, and within
/// what every later stage handles on a 2 MiB thread stack (a spawned thread's
/// default) in a debug build, with room to spare: `openapiv3`'s deserializer
/// takes some 70 KiB of stack per level of `allOf` nesting in a parameter.
/// Deeper would overflow the stack: an abort, not an error.
const MAX_SCHEMA_DEPTH: usize = 20;

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

/// Normalizes one schema and, recursively, its subschemas.
pub(crate) fn normalize_schema(schema: &mut Value, at: &str) -> Result<()> {
    normalize_nested(schema, at, 0)
}

fn normalize_nested(schema: &mut Value, at: &str, depth: usize) -> Result<()> {
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
    for key in UNSUPPORTED {
        if map.contains_key(*key) {
            return Err(Error::unsupported(
                format!("{at}/{}", pointer_token(key)),
                format!("the JSON Schema keyword `{key}` cannot be expressed in Rust types"),
            ));
        }
    }
    binary_from_content_media_type(map);
    for key in DROPPED {
        map.remove(*key);
    }
    for child in ["items", "additionalProperties", "not"] {
        if let Some(sub) = map.get_mut(child) {
            if sub.is_array() {
                return Err(Error::unsupported(
                    format!("{at}/{child}"),
                    "tuple-form `items` (an array of schemas)",
                ));
            }
            if sub.is_object() || (child != "additionalProperties" && sub.is_boolean()) {
                normalize_nested(sub, &format!("{at}/{child}"), depth + 1)?;
            }
        }
    }
    if let Some(Value::Object(props)) = map.get_mut("properties") {
        for (name, sub) in props.iter_mut() {
            normalize_nested(
                sub,
                &format!("{at}/properties/{}", pointer_token(name)),
                depth + 1,
            )?;
        }
    }
    for combinator in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(subs)) = map.get_mut(combinator) {
            for (i, sub) in subs.iter_mut().enumerate() {
                normalize_nested(sub, &format!("{at}/{combinator}/{i}"), depth + 1)?;
            }
        }
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
            map.insert("nullable".into(), Value::Bool(true));
        }
    }
    split_type_array(map, at)?;
    lift_null_branches(map);
    wrap_ref_with_siblings(map);
    check_keyword_values(map, at)
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
fn lift_null_branches(map: &mut Map<String, Value>) {
    for combinator in ["anyOf", "oneOf"] {
        let Some(Value::Array(branches)) = map.get_mut(combinator) else {
            continue;
        };
        let before = branches.len();
        branches.retain(|b| !is_null_schema(b));
        if branches.len() == before {
            continue;
        }
        map.insert("nullable".into(), Value::Bool(true));
        if let Some(Value::Array(branches)) = map.get(combinator) {
            if branches.len() == 1 {
                let only = branches[0].clone();
                map.remove(combinator);
                map.insert("allOf".into(), Value::Array(vec![only]));
            }
        }
    }
}

fn is_null_schema(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null")
        || v.get("enum")
            .and_then(Value::as_array)
            .is_some_and(|e| e.len() == 1 && e[0].is_null())
}

/// `{$ref, ...siblings}` → `{allOf: [{$ref}], ...siblings}`: 3.0 ignores a
/// reference's siblings, 3.1 applies them (a description, `nullable`).
fn wrap_ref_with_siblings(map: &mut Map<String, Value>) {
    if map.len() > 1 {
        if let Some(r) = map.remove("$ref") {
            let target = json!({ "$ref": r });
            match map.get_mut("allOf") {
                Some(Value::Array(all)) => all.insert(0, target),
                _ => {
                    map.insert("allOf".into(), Value::Array(vec![target]));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(mut v: Value) -> Value {
        normalize_schema(&mut v, "#/x").unwrap();
        v
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

    #[test]
    fn unsupported_keywords_name_their_pointer() {
        let mut v = json!({"properties": {"a/b": {"prefixItems": []}}});
        let e = normalize_schema(&mut v, "#/components/schemas/T")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("#/components/schemas/T/properties/a~1b/prefixItems"),
            "{e}"
        );
        let mut v = json!({"items": [{"type": "string"}]});
        assert!(normalize_schema(&mut v, "#/s")
            .unwrap_err()
            .to_string()
            .contains("tuple-form"));
    }

    #[test]
    fn keyword_values_of_the_wrong_type_are_named_where_they_are() {
        let mut v =
            json!({"type": "array", "items": {"type": "object", "additionalProperties": 3}});
        let e = normalize_schema(&mut v, "#/s").unwrap_err().to_string();
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
            let mut v = bad;
            let e = normalize_schema(&mut v, "#/s").unwrap_err().to_string();
            assert!(e.contains(&format!("#/s/{key}:")), "{e}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let mut v = json!({"type": "string"});
        for _ in 0..MAX_SCHEMA_DEPTH {
            v = json!({"type": "array", "items": v});
        }
        let e = normalize_schema(&mut v, "#/s").unwrap_err().to_string();
        assert!(e.contains("nested more than 20 levels deep"), "{e}");
        let mut shallower = v["items"].take();
        normalize_schema(&mut shallower, "#/s").unwrap();
    }

    #[test]
    fn callbacks_are_dropped() {
        let mut doc = json!({"openapi": "3.0.3", "paths": {"/a": {"post": {"callbacks": {"c": 1}}}},
            "components": {"callbacks": {"c": 1}}});
        normalize(&mut doc).unwrap();
        assert_eq!(doc["paths"]["/a"]["post"], json!({}));
        assert!(doc["components"].get("callbacks").is_none());
    }

    #[test]
    fn document_walk_finds_parameter_and_component_schemas() {
        let mut doc = json!({"openapi": "3.1.0", "paths": {"/a": {"get": {"parameters": [
            {"name": "x", "in": "query", "schema": {"type": ["string", "null"]}, "examples": {"e": {"value": 1}}}]}}},
            "components": {"schemas": {"S": {"const": 2}}}});
        normalize(&mut doc).unwrap();
        assert_eq!(doc["openapi"], "3.0.3");
        assert_eq!(
            doc["paths"]["/a"]["get"]["parameters"][0]["schema"]["nullable"],
            true
        );
        assert_eq!(
            doc["paths"]["/a"]["get"]["parameters"][0]["examples"]["e"]["value"],
            1
        );
        assert_eq!(doc["components"]["schemas"]["S"], json!({"enum": [2]}));
    }
}
