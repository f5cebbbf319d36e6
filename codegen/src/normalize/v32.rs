//! OpenAPI 3.2's additions, rewritten into the 3.0 forms `openapiv3` reads
//! or into what the model reads beside them, and noted where the client
//! does less than the spec says. Sequential media types (`itemSchema`) are
//! [`sequential`](super::sequential)'s.
//!
//! Read: the `query` method and `additionalOperations` (kept under the path
//! item's [`EXTRA_OPERATIONS`] member, as `openapiv3` has no slot for them),
//! `in: querystring` parameters (an `in: query` one marked [`QUERYSTRING`],
//! whose value is the whole query string), security requirements naming a
//! scheme by URI, a response's `summary` and a tag's `summary` where there is
//! no description, an example's `dataValue` (or a JSON `serializedValue`),
//! a server's `name` where it has no description. Tags of a `kind` other
//! than navigation come after an operation's other tags, so they do not
//! decide its accessor. Noted: tag `parent`s (accessors are not nested),
//! other tag kinds, `style: cookie`, deprecated security schemes, a
//! discriminator's `defaultMapping` or missing `propertyName`. Dropped,
//! as they change nothing the client does: `$self`, `oauth2MetadataUrl`,
//! the `deviceAuthorization` flow (any OAuth 2 token is a bearer token),
//! XML `nodeType` (XML bodies are text to the client).

use serde_json::{Map, Value};

use super::structure::{positions, subschema_paths, Kind, METHODS};
use super::Note;
use crate::error::pointer_token;

/// The path-item member holding, by method as sent (`QUERY`, `PURGE`), the
/// operations `openapiv3`'s path item has no field for.
pub(crate) const EXTRA_OPERATIONS: &str = "x-codegen-operations";

/// The parameter member that marks an `in: query` parameter as 3.2's
/// `in: querystring`: its value is the entire query string.
pub(crate) const QUERYSTRING: &str = "x-codegen-querystring";

/// How deep the walk for discriminators goes; deeper schemas are refused by
/// the schema walk anyway.
const MAX_DEPTH: usize = 64;

/// Rewrites a 3.2 document's additions in place, before references are
/// resolved (so a component is rewritten once, wherever it is used).
pub(crate) fn prepare(doc: &mut Value) -> Vec<Note> {
    let mut notes = Vec::new();
    let Some(root) = doc.as_object_mut() else {
        return notes;
    };
    // The document's own URI, for resolving references to other documents,
    // which are not followed anyway.
    root.remove("$self");
    let secondary = tags(root, &mut notes);
    let schemes: Vec<String> = root
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
        .and_then(Value::as_object)
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default();
    scheme_uris(root.get_mut("security"), &schemes);
    servers(root.get_mut("servers"));
    for position in positions(doc) {
        let Some(Value::Object(map)) = lookup_mut(doc, &position.at) else {
            continue;
        };
        let at = position.at.as_str();
        match position.kind {
            Kind::PathItem => servers(map.get_mut("servers")),
            Kind::Operation => {
                servers(map.get_mut("servers"));
                scheme_uris(map.get_mut("security"), &schemes);
                navigation_tags_first(map, &secondary);
            }
            Kind::Response => {
                // Shown where the description would be, when there is none.
                if let Some(summary) = map.remove("summary") {
                    let empty = map
                        .get("description")
                        .and_then(Value::as_str)
                        .is_none_or(|d| d.trim().is_empty());
                    if empty && summary.is_string() {
                        map.insert("description".into(), summary);
                    }
                }
            }
            Kind::Example => example_value(map),
            Kind::Parameter => parameter(map, at, &mut notes),
            Kind::SecurityScheme => security_scheme(map, at, &mut notes),
            Kind::Schema => {
                if let Some(schema) = lookup_mut(doc, at) {
                    discriminators(schema, at, 0, &mut notes);
                }
            }
            _ => {}
        }
    }
    notes
}

/// The value at a `#/...` pointer, to change.
fn lookup_mut<'v>(doc: &'v mut Value, at: &str) -> Option<&'v mut Value> {
    doc.pointer_mut(at.strip_prefix('#')?)
}

/// Reads the tags: a `summary` documents a tag without a description;
/// `parent` and a `kind` other than `nav` are noted. Returns the tags of
/// other kinds (badges, audiences), which do not group operations.
fn tags(root: &mut Map<String, Value>, notes: &mut Vec<Note>) -> Vec<String> {
    let Some(Value::Array(tags)) = root.get_mut("tags") else {
        return Vec::new();
    };
    let declared: Vec<String> = tags
        .iter()
        .filter_map(|t| t.get("name").and_then(Value::as_str))
        .map(str::to_owned)
        .collect();
    let mut secondary = Vec::new();
    for (i, tag) in tags.iter_mut().enumerate() {
        let Some(tag) = tag.as_object_mut() else {
            continue;
        };
        let name = tag
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if let Some(summary) = tag.remove("summary").filter(Value::is_string) {
            tag.entry("description").or_insert(summary);
        }
        let at = format!("#/tags/{i}");
        if let Some(parent) = tag.remove("parent") {
            let parent = parent.as_str().unwrap_or_default();
            let message = if declared.iter().any(|d| d == parent) {
                format!("tag `{name}` nests under `{parent}`: accessors are not nested, so its operations have their own accessor on the client, beside `{parent}`'s")
            } else {
                format!("tag `{name}` names `{parent}` as its parent, which is not a declared tag: read as a tag of its own")
            };
            notes.push(Note {
                pointer: format!("{at}/parent"),
                message,
            });
        }
        if let Some(kind) = tag.remove("kind") {
            let kind = kind.as_str().unwrap_or_default();
            if kind != "nav" {
                secondary.push(name.clone());
                notes.push(Note {
                    pointer: format!("{at}/kind"),
                    message: format!("tag `{name}` is of kind `{kind}`, not a navigation group: an operation with another tag gets that one's accessor"),
                });
            }
        }
    }
    secondary
}

/// Puts an operation's navigation tags before the `secondary` ones, so its
/// first tag (which names its accessor) groups it; an operation with only
/// secondary tags keeps them as they are.
fn navigation_tags_first(op: &mut Map<String, Value>, secondary: &[String]) {
    let Some(Value::Array(tags)) = op.get_mut("tags") else {
        return;
    };
    let is_secondary = |t: &Value| t.as_str().is_some_and(|t| secondary.iter().any(|s| s == t));
    if tags.iter().all(is_secondary) {
        return;
    }
    // A stable sort: each group keeps the spec's order.
    tags.sort_by_key(is_secondary);
}

/// Security requirements that name a scheme by URI
/// (`#/components/securitySchemes/bearer`, with or without the document's
/// own URI before the `#`) name it by its key, as 3.0 does.
fn scheme_uris(security: Option<&mut Value>, declared: &[String]) {
    let Some(Value::Array(requirements)) = security else {
        return;
    };
    for requirement in requirements.iter_mut().filter_map(Value::as_object_mut) {
        let renamed: Vec<(String, String)> = requirement
            .keys()
            .filter(|key| !declared.contains(key))
            .filter_map(|key| {
                let fragment = key.split_once('#')?.1;
                let name = fragment
                    .strip_prefix("/components/securitySchemes/")?
                    .replace("~1", "/")
                    .replace("~0", "~");
                let name = super::refs::percent_decode(&name).unwrap_or(name);
                declared.contains(&name).then(|| (key.clone(), name))
            })
            .collect();
        for (uri, name) in renamed {
            if let Some(scopes) = requirement.remove(&uri) {
                requirement.entry(name).or_insert(scopes);
            }
        }
    }
}

/// A server's `name` documents it when it has no description.
fn servers(servers: Option<&mut Value>) {
    let Some(Value::Array(servers)) = servers else {
        return;
    };
    for server in servers.iter_mut().filter_map(Value::as_object_mut) {
        if let Some(name) = server.remove("name").filter(Value::is_string) {
            server.entry("description").or_insert(name);
        }
    }
}

/// An example's value: `value`, else `dataValue` (the data as the API
/// means it), else a `serializedValue` that is JSON text.
fn example_value(example: &mut Map<String, Value>) {
    let data = example.remove("dataValue");
    let serialized = example.remove("serializedValue");
    if example.contains_key("value") || example.contains_key("$ref") {
        return;
    }
    let value = data.or_else(|| {
        serialized
            .as_ref()
            .and_then(Value::as_str)
            .and_then(|text| serde_json::from_str(text).ok())
    });
    if let Some(value) = value {
        example.insert("value".into(), value);
    }
}

/// `in: querystring` becomes `in: query` marked [`QUERYSTRING`] (the
/// model sends its value as the whole query string); a cookie's 3.2
/// `style: cookie` is sent in the one style `openapiv3` reads, with a note.
fn parameter(param: &mut Map<String, Value>, at: &str, notes: &mut Vec<Note>) {
    match param.get("in").and_then(Value::as_str) {
        Some("querystring") => {
            param.insert("in".into(), "query".into());
            param.insert(QUERYSTRING.into(), Value::Bool(true));
            // Not allowed beside `querystring`; meaningless for the whole string.
            for keyword in ["style", "explode", "allowReserved", "allowEmptyValue"] {
                param.remove(keyword);
            }
        }
        Some("cookie") if param.get("style").and_then(Value::as_str) == Some("cookie") => {
            param.remove("style");
            notes.push(Note {
                pointer: format!("{at}/style"),
                message: "style `cookie` is sent as `form`: a character cookie syntax forbids (space, `;`, `,`, `\"`, `\\`) or `%` is percent-encoded rather than sent as it is".into(),
            });
        }
        _ => {}
    }
}

/// Drops what a security scheme gains in 3.2 and changes nothing the
/// client sends; a deprecated scheme is noted, its credential still set.
fn security_scheme(scheme: &mut Map<String, Value>, at: &str, notes: &mut Vec<Note>) {
    scheme.remove("oauth2MetadataUrl");
    if let Some(Value::Object(flows)) = scheme.get_mut("flows") {
        flows.remove("deviceAuthorization");
    }
    if scheme.remove("deprecated") == Some(Value::Bool(true)) {
        notes.push(Note {
            pointer: format!("{at}/deprecated"),
            message: "the security scheme is deprecated: its credential can still be set, and is sent where an operation accepts it".into(),
        });
    }
}

/// Discriminators in a schema and its subschemas: 3.2's `defaultMapping`
/// is not applied, and a discriminator without `propertyName` (allowed
/// in 3.2) names nothing to tell the alternatives apart by.
fn discriminators(schema: &mut Value, at: &str, depth: usize, notes: &mut Vec<Note>) {
    let Value::Object(map) = schema else {
        return;
    };
    if let Some(Value::Object(discriminator)) = map.get_mut("discriminator") {
        let property = discriminator
            .get("propertyName")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let default = discriminator.remove("defaultMapping");
        match (&property, default) {
            (Some(property), Some(default)) => notes.push(Note {
                pointer: format!("{at}/discriminator/defaultMapping"),
                message: format!("`defaultMapping` ({default}) is not applied: a value whose `{property}` selects no alternative decodes as `Unknown`"),
            }),
            (None, _) => {
                map.remove("discriminator");
                notes.push(Note {
                    pointer: format!("{at}/discriminator"),
                    message: "a discriminator without `propertyName` is not used: a value decodes as the first alternative it fits".into(),
                });
            }
            _ => {}
        }
    }
    if depth >= MAX_DEPTH {
        return;
    }
    for path in subschema_paths(map) {
        let mut sub = Some(&mut *schema);
        for token in &path {
            sub = sub.and_then(|v| match v {
                Value::Object(m) => m.get_mut(token.as_str()),
                Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
                _ => None,
            });
        }
        if let Some(sub) = sub {
            let pointer: String = path
                .iter()
                .map(|t| format!("/{}", pointer_token(t)))
                .collect();
            discriminators(sub, &format!("{at}{pointer}"), depth + 1, notes);
        }
    }
}

/// Whether `method` is an HTTP method name (RFC 9110's `token`).
fn is_token(method: &str) -> bool {
    !method.is_empty()
        && method
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Moves each path item's `query` and `additionalOperations` (normalized in
/// place like every operation) under [`EXTRA_OPERATIONS`], by the method
/// they are sent with; the model reads them from there. Done last, so every
/// pointer the earlier steps and the model name is the operation's place in
/// the input. One `openapiv3` cannot read, or a method name that is none, is
/// left out with a note.
pub(crate) fn stash_operations(doc: &mut Value) -> Vec<Note> {
    let mut notes = Vec::new();
    // The API's own requests are read by HTTP method (`load::take_events`).
    let webhooks = doc.get("webhooks").and_then(Value::as_object);
    for (name, item) in webhooks.into_iter().flatten() {
        for keyword in ["query", "additionalOperations"] {
            if item.get(keyword).is_some() {
                notes.push(Note {
                    pointer: format!("#/webhooks/{}/{keyword}", pointer_token(name)),
                    message: format!("`{keyword}` of a webhook is not read: webhooks are read for the fixed HTTP methods"),
                });
            }
        }
    }
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return notes;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        let at = format!("#/paths/{}", pointer_token(path));
        // By method as sent, in the spec's order, `query` first.
        let mut extra: Vec<(String, Value)> = Vec::new();
        if let Some(op) = item.remove("query") {
            extra.push(("QUERY".to_owned(), op));
        }
        let additional = match item.remove("additionalOperations") {
            Some(Value::Object(additional)) => additional,
            _ => Map::new(),
        };
        for (method, op) in additional {
            let op_at = format!("{at}/additionalOperations/{}", pointer_token(&method));
            let fixed = method.to_ascii_lowercase();
            let mut note = |message: String| {
                notes.push(Note {
                    pointer: op_at.clone(),
                    message,
                });
            };
            if !is_token(&method) {
                note(format!("left out: {method:?} is not an HTTP method name"));
            } else if METHODS.contains(&fixed.as_str()) {
                let taken = item.contains_key(&fixed)
                    || (fixed == "query" && extra.iter().any(|(m, _)| m == "QUERY"));
                if taken {
                    note(format!("left out: `{fixed}` is declared already, and `additionalOperations` may not repeat it"));
                } else {
                    note(format!("read as the path item's `{fixed}`, where `additionalOperations` may not declare it"));
                    if fixed == "query" {
                        extra.insert(0, ("QUERY".to_owned(), op));
                    } else {
                        item.insert(fixed, op);
                    }
                }
            } else {
                extra.push((method, op));
            }
        }
        let mut stash = Map::new();
        for (method, op) in extra {
            // Callbacks are read on their own (`load::take_events`).
            let mut readable = op.clone();
            if let Some(readable) = readable.as_object_mut() {
                readable.remove("callbacks");
            }
            match serde_json::from_value::<openapiv3::Operation>(readable) {
                Ok(_) => {
                    stash.insert(method, op);
                }
                Err(e) => notes.push(Note {
                    pointer: format!("{at}/{}", extra_operation_key(&method)),
                    message: format!("left out the {method} operation: {e}"),
                }),
            }
        }
        if !stash.is_empty() {
            item.insert(EXTRA_OPERATIONS.into(), Value::Object(stash));
        }
    }
    notes
}

/// Where an operation stashed by [`stash_operations`] under `method` was in
/// the path item, as JSON pointer tokens: `query`, or
/// `additionalOperations/PURGE`.
pub(crate) fn extra_operation_key(method: &str) -> String {
    if method == "QUERY" {
        "query".to_owned()
    } else {
        format!("additionalOperations/{}", pointer_token(method))
    }
}

#[cfg(test)]
mod tests;
