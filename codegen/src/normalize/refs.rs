//! `$ref`s that `openapiv3` or the model cannot follow, made into ones they
//! can: a reference where 3.0 wants an inline object (a media type under
//! `content`), or to a place that is not a component of its kind
//! (`#/components/mediaTypes/x`, `#/paths/~1a/get/parameters/0`), is replaced
//! by a copy of its target; a schema reference into the inside of another
//! schema (`#/components/schemas/A/properties/b`, `.../$defs/B`) gets its
//! target copied into a new component, named from the target's pointer, so
//! the model sees an ordinary `#/components/schemas/` reference. Every copy
//! is recorded, so an error inside one names the place it was copied from.
//!
//! A schema given by reference to another document, which this one does not
//! carry, is read as any JSON value ([`free_external_schemas`]): the value
//! still decodes, where refusing it would cost every operation that uses it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::structure::{positions, subschema_paths, Kind};
use super::Note;
use crate::error::{pointer_token, Error, Result};

/// A part of the normalized document copied from another place in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Moved {
    /// Where the copy is in the normalized document.
    pub to: String,
    /// Where it came from in the input.
    pub from: String,
}

/// How many rounds of copying a chain of references may take: each round
/// resolves one more link of a reference to a reference.
const MAX_ROUNDS: usize = 16;

/// One `$ref` and what to do with it.
struct Site {
    /// The object holding the `$ref`.
    at: String,
    kind: Kind,
    target: String,
}

/// Rewrites the references that need it, recording each copy in `moved`.
///
/// # Errors
/// A local reference that does not resolve, named by the `$ref`'s pointer;
/// a chain of references that does not end.
pub(crate) fn resolve(doc: &mut Value, moved: &mut Vec<Moved>) -> Result<()> {
    let mut sites = sites_to_rewrite(doc)?;
    if sites.is_empty() {
        return Ok(());
    }
    // Targets are read from the input as it was, so a copy never depends on
    // the order in which other copies were made.
    let original = doc.clone();
    let mut hoisted: BTreeMap<String, String> = BTreeMap::new();
    for _ in 0..MAX_ROUNDS {
        // Sorted by target, so a new component's name (which may need a
        // suffix to be unique) depends only on the targets.
        sites.sort_by(|a, b| a.target.cmp(&b.target).then(a.at.cmp(&b.at)));
        for site in &sites {
            let Some(target) = lookup(&original, &site.target) else {
                continue;
            };
            let replacement = if site.kind == Kind::Schema {
                let name = match hoisted.get(&site.target) {
                    Some(name) => name.clone(),
                    None => {
                        let name = hoist(doc, &site.target, target.clone());
                        let reference = json!({
                            "$ref": format!("#/components/schemas/{}", pointer_token(&name))
                        });
                        // Inside a component schema, the original place now
                        // refers to the new component too, so one schema
                        // gives one type.
                        if site.target.starts_with("#/components/schemas/") {
                            if let Some(slot) = doc.pointer_mut(&site.target[1..]) {
                                *slot = reference;
                            }
                        }
                        moved.push(Moved {
                            to: format!("#/components/schemas/{}", pointer_token(&name)),
                            from: site.target.clone(),
                        });
                        hoisted.insert(site.target.clone(), name.clone());
                        name
                    }
                };
                let mut kept = lookup(doc, &site.at)
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                kept.insert(
                    "$ref".into(),
                    Value::String(format!("#/components/schemas/{}", pointer_token(&name))),
                );
                Value::Object(kept)
            } else {
                moved.push(Moved {
                    to: site.at.clone(),
                    from: site.target.clone(),
                });
                target.clone()
            };
            if let Some(slot) = doc.pointer_mut(&site.at[1..]) {
                *slot = replacement;
            }
        }
        sites = sites_to_rewrite(doc)?;
        if sites.is_empty() {
            return Ok(());
        }
    }
    // Likewise a callback's endless chain: it is left as a reference, which
    // `load::take_events` notes.
    let Some(site) = sites.iter().find(|s| s.kind != Kind::Callback) else {
        return Ok(());
    };
    Err(Error::unsupported(
        format!("{}/$ref", site.at),
        format!(
            "the chain of references through {:?} does not end in an object",
            site.target
        ),
    ))
}

/// Replaces each schema that is a reference to another document (one not
/// starting with `#`) by the empty schema, any JSON value, keeping its
/// `description`; one note per distinct reference, at its first place.
pub(crate) fn free_external_schemas(doc: &mut Value) -> Vec<Note> {
    let mut found = Vec::new();
    for position in positions(doc) {
        if position.kind != Kind::Schema {
            continue;
        }
        if let Some(value) = lookup(doc, &position.at) {
            schema_refs(value, &position.at, &mut found, 0);
        }
    }
    let mut notes = Vec::new();
    let mut seen = BTreeSet::new();
    for site in found.into_iter().filter(|s| !s.target.starts_with('#')) {
        let Some(slot) = lookup_mut(doc, &site.at) else {
            continue;
        };
        let mut free = serde_json::Map::new();
        if let Some(description) = slot.get("description").filter(|d| d.is_string()) {
            free.insert("description".into(), description.clone());
        }
        *slot = Value::Object(free);
        if seen.insert(site.target.clone()) {
            notes.push(Note {
                pointer: format!("{}/$ref", site.at),
                message: format!(
                    "reference {:?} is to a document this one does not carry: read as any JSON value",
                    site.target
                ),
            });
        }
    }
    notes
}

/// The value at a `#/...` pointer, to change.
fn lookup_mut<'v>(doc: &'v mut Value, at: &str) -> Option<&'v mut Value> {
    doc.pointer_mut(at.strip_prefix('#')?)
}

/// The value at a `#/...` pointer; a reference is a URI fragment, so it may
/// be percent-encoded (`#/paths/~1users~1%7Bid%7D`).
pub(crate) fn lookup<'v>(doc: &'v Value, at: &str) -> Option<&'v Value> {
    let pointer = at.strip_prefix('#')?;
    doc.pointer(pointer).or_else(|| {
        let decoded = percent_decode(pointer)?;
        doc.pointer(&decoded)
    })
}

/// `%XX` escapes decoded, when there are any and they make UTF-8.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Puts a copy of a schema into `components/schemas` under a new name made
/// from its pointer's tokens (keywords left out), and returns the name.
fn hoist(doc: &mut Value, target: &str, schema: Value) -> String {
    const NOISE: &[&str] = &[
        "components",
        "schemas",
        "paths",
        "properties",
        "schema",
        "content",
        "$defs",
        "definitions",
        "allOf",
        "anyOf",
        "oneOf",
        "prefixItems",
        "patternProperties",
        "parameters",
        "responses",
        "requestBody",
        "requestBodies",
        "headers",
        "mediaTypes",
    ];
    let words: Vec<String> = target
        .trim_start_matches('#')
        .split('/')
        .map(|t| match t {
            // Named as the model names inline item and value schemas.
            "items" => "Item".to_owned(),
            "additionalProperties" => "Value".to_owned(),
            t => t.replace("~1", "/").replace("~0", "~"),
        })
        .filter(|t| !t.is_empty() && !NOISE.contains(&t.as_str()))
        .map(|t| {
            t.chars()
                .map(|c| if c.is_alphanumeric() { c } else { '_' })
                .collect()
        })
        .collect();
    let base = if words.is_empty() {
        "Schema".to_owned()
    } else {
        words.join("_")
    };
    let Some(root) = doc.as_object_mut() else {
        return base;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(serde_json::Map::new()));
    if !components.is_object() {
        *components = Value::Object(serde_json::Map::new());
    }
    let schemas = components
        .as_object_mut()
        .map(|c| {
            c.entry("schemas")
                .or_insert_with(|| Value::Object(serde_json::Map::new()))
        })
        .and_then(Value::as_object_mut);
    let Some(schemas) = schemas else {
        return base;
    };
    let mut name = base.clone();
    let mut n = 2;
    while schemas.contains_key(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    schemas.insert(name.clone(), schema);
    name
}

/// Every `$ref` the later stages cannot follow and that this stage can
/// rewrite; local references that resolve nowhere are errors here, external
/// ones (parameters, responses: schemas are free by now) are left for the
/// model to report (they cost only what uses them).
fn sites_to_rewrite(doc: &Value) -> Result<Vec<Site>> {
    let mut found = Vec::new();
    for position in positions(doc) {
        let Some(value) = lookup(doc, &position.at) else {
            continue;
        };
        if position.kind == Kind::Schema {
            schema_refs(value, &position.at, &mut found, 0);
        } else if let Some(target) = value.get("$ref").and_then(Value::as_str) {
            found.push(Site {
                at: position.at,
                kind: position.kind,
                target: target.to_owned(),
            });
        }
    }
    let mut sites = Vec::new();
    for site in found {
        if !site.target.starts_with('#') {
            // Where `openapiv3` reads a reference, the model says it cannot
            // follow it (at the cost of what uses it); elsewhere nothing would.
            if matches!(site.kind, Kind::MediaType | Kind::Encoding | Kind::Map) {
                return Err(Error::unsupported(
                    format!("{}/$ref", site.at),
                    format!("reference {:?} to another document", site.target),
                ));
            }
            continue;
        }
        if is_component_of_kind(&site.target, site.kind) {
            continue;
        }
        if lookup(doc, &site.target).is_none() {
            // A callback is read on its own (`load::take_events`), so one that
            // points to nothing costs itself, with a note, not the spec.
            if site.kind == Kind::Callback {
                continue;
            }
            return Err(Error::invalid(
                format!("{}/$ref", site.at),
                format!(
                    "reference {:?} points to nothing in the document",
                    site.target
                ),
            ));
        }
        sites.push(site);
    }
    Ok(sites)
}

/// Whether a reference names a whole component of the kind its position
/// holds (`#/components/parameters/limit` for a parameter).
fn is_component_of_kind(target: &str, kind: Kind) -> bool {
    let Some(member) = kind.component() else {
        return false;
    };
    target
        .strip_prefix("#/components/")
        .and_then(|rest| rest.strip_prefix(member))
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

/// How deep the search for references inside one schema goes; deeper
/// schemas are refused by the schema walk anyway.
const MAX_DEPTH: usize = 64;

/// The references inside a schema, following its keywords.
fn schema_refs(schema: &Value, at: &str, found: &mut Vec<Site>, depth: usize) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if let Some(target) = map.get("$ref").and_then(Value::as_str) {
        found.push(Site {
            at: at.to_owned(),
            kind: Kind::Schema,
            target: target.to_owned(),
        });
    }
    if depth >= MAX_DEPTH {
        return;
    }
    'paths: for path in subschema_paths(map) {
        let mut sub = schema;
        let mut sub_at = at.to_owned();
        for token in &path {
            let next = match sub {
                Value::Object(m) => m.get(token.as_str()),
                Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
                _ => None,
            };
            let Some(next) = next else {
                continue 'paths;
            };
            sub = next;
            sub_at.push('/');
            sub_at.push_str(&pointer_token(token));
        }
        schema_refs(sub, &sub_at, found, depth + 1);
    }
}

/// The input pointer for a pointer into the normalized document. `batches`
/// are the rewrites in the order they happened, each a set of moves made at
/// once; undone newest first, each at most once, so a branch that moved up
/// by one is not then taken for the branch that was there before it.
pub(crate) fn original_pointer(batches: &[Vec<Moved>], pointer: &str) -> String {
    let mut current = pointer.to_owned();
    for batch in batches.iter().rev() {
        let step = batch
            .iter()
            .filter(|m| {
                current == m.to
                    || current
                        .strip_prefix(m.to.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|m| m.to.len());
        if let Some(m) = step {
            current = format!("{}{}", m.from, &current[m.to.len()..]);
        }
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn media_type_refs_are_inlined_and_inner_schema_refs_hoisted() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"responses": {"200": {"description": "",
                "content": {"application/json": {"$ref": "#/components/mediaTypes/m"}}}}}}},
            "components": {
                "mediaTypes": {"m": {"schema": {"$ref": "#/components/schemas/A/properties/b"}}},
                "schemas": {"A": {"properties": {"b": {"type": "string"}}}, "A_b": {}}
            }
        });
        let mut moves = Vec::new();
        resolve(&mut doc, &mut moves).unwrap();
        let moved: Vec<Vec<Moved>> = moves.into_iter().map(|m| vec![m]).collect();
        let media = "#/paths/~1a/get/responses/200/content/application~1json";
        assert_eq!(
            lookup(&doc, media).unwrap(),
            &json!({"schema": {"$ref": "#/components/schemas/A_b_2"}})
        );
        assert_eq!(
            doc["components"]["schemas"]["A_b_2"],
            json!({"type": "string"})
        );
        assert_eq!(
            doc["components"]["schemas"]["A"]["properties"]["b"],
            json!({"$ref": "#/components/schemas/A_b_2"})
        );
        assert_eq!(
            original_pointer(&moved, &format!("{media}/schema")),
            "#/components/mediaTypes/m/schema"
        );
        assert_eq!(
            original_pointer(&moved, "#/components/schemas/A_b_2/type"),
            "#/components/schemas/A/properties/b/type"
        );
    }

    #[test]
    fn a_content_map_given_as_a_reference_is_inlined() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"responses": {"200": {"content": {"$ref": "#/components/mediaTypes/c"}}}}}},
            "components": {"mediaTypes": {"c": {"text/plain": {"schema": {"type": "string"}}}}}
        });
        resolve(&mut doc, &mut Vec::new()).unwrap();
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["text/plain"]["schema"],
            json!({"type": "string"})
        );
    }

    #[test]
    fn percent_encoded_references_resolve() {
        let mut doc = json!({
            "paths": {"/u/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "schema": {}}]}},
                "/v": {"parameters": [{"$ref": "#/paths/~1u~1%7Bid%7D/get/parameters/0"}]}}
        });
        resolve(&mut doc, &mut Vec::new()).unwrap();
        assert_eq!(doc["paths"]["/v"]["parameters"][0]["name"], "id");
    }

    #[test]
    fn self_references_inside_a_schema_end() {
        let mut doc = json!({"components": {"schemas": {"T": {"$defs": {"Node": {
            "properties": {"next": {"$ref": "#/components/schemas/T/$defs/Node"}}}},
            "properties": {"root": {"$ref": "#/components/schemas/T/$defs/Node"}}}}}});
        resolve(&mut doc, &mut Vec::new()).unwrap();
        assert_eq!(
            doc["components"]["schemas"]["T_Node"]["properties"]["next"],
            json!({"$ref": "#/components/schemas/T_Node"})
        );
    }

    #[test]
    fn unresolved_and_endless_references_are_named_at_the_ref() {
        let mut doc = json!({"paths": {"/a": {"get": {"requestBody":
            {"content": {"application/json": {"$ref": "#/components/mediaTypes/none"}}}}}}});
        let e = resolve(&mut doc, &mut Vec::new()).unwrap_err().to_string();
        assert!(
            e.contains("#/paths/~1a/get/requestBody/content/application~1json/$ref:"),
            "{e}"
        );
        let mut doc = json!({"paths": {"/a": {"$ref": "#/x/a"}}, "x": {"a": {"$ref": "#/x/a"}}});
        let e = resolve(&mut doc, &mut Vec::new()).unwrap_err().to_string();
        assert!(
            e.contains("#/paths/~1a/$ref:") && e.contains("does not end"),
            "{e}"
        );
        let mut doc = json!({"paths": {"/a": {"get": {"requestBody":
            {"content": {"$ref": "other.yaml#/content"}}}}}});
        let e = resolve(&mut doc, &mut Vec::new()).unwrap_err().to_string();
        assert!(
            e.contains("#/paths/~1a/get/requestBody/content/$ref:")
                && e.contains("another document"),
            "{e}"
        );
        // Component references of the right kind are the model's to follow.
        let mut doc =
            json!({"paths": {"/a": {"parameters": [{"$ref": "#/components/parameters/gone"}]}}});
        resolve(&mut doc, &mut Vec::new()).unwrap();
    }
}
