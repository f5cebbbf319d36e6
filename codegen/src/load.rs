//! Reading a spec: YAML or JSON text into a JSON value, with the OpenAPI
//! (or Swagger 2.0) version checked, then (after [`normalize`](crate::normalize)) into
//! `openapiv3`'s typed document. Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2
//! are read; a later version (3.3, 4.0) is refused by name, as its
//! additions could change what a document means.

use serde::Deserialize;
use serde_json::Value;

use crate::error::{pointer_token, Error, Result};
use crate::model::events::{EventItem, EventSource};

mod yaml;

/// Which OpenAPI line a document follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// Swagger 2.0, converted into the 3.0 shape by [`normalize`](crate::normalize).
    V20,
    /// 3.0.x
    V30,
    /// 3.1.x
    V31,
    /// 3.2.x, whose additions [`normalize`](crate::normalize) rewrites into
    /// the 3.0 forms or notes.
    V32,
}

impl Version {
    /// The OpenAPI line an `openapi` member names (`3.2.0`, or `3.2`);
    /// `None` for one this generator does not read.
    #[must_use]
    pub fn of_openapi(version: &str) -> Option<Self> {
        let line = |minor: &str| {
            version == minor
                || version
                    .strip_prefix(minor)
                    .is_some_and(|patch| patch.starts_with('.'))
        };
        if line("3.0") {
            Some(Version::V30)
        } else if line("3.1") {
            Some(Version::V31)
        } else if line("3.2") {
            Some(Version::V32)
        } else {
            None
        }
    }
}

/// What the refusal of any other version lists.
const SUPPORTED: &str = "supported: Swagger 2.0, OpenAPI 3.0.x, 3.1.x and 3.2.x";

/// Parses YAML or JSON text into a Swagger 2.0 or OpenAPI 3.0/3.1/3.2 document.
///
/// # Errors
/// When the text is neither YAML nor JSON (see [`parse_value`]), or is not
/// a Swagger 2.0 or OpenAPI 3.0/3.1/3.2 document.
pub fn parse_text(text: &str, origin: &str) -> Result<(Value, Version)> {
    check_version(parse_value(text, origin)?, origin)
}

/// Parses YAML or JSON text (JSON is YAML, but a JSON parser gives better
/// errors for it) into a JSON value, whatever document it is.
///
/// # Errors
/// When the text is neither. A YAML error names the JSON pointer of the node
/// being read when it happened.
pub fn parse_value(text: &str, origin: &str) -> Result<Value> {
    json_or_yaml(text).map_err(|(pointer, message)| Error::Parse {
        at: match pointer {
            Some(pointer) => format!("{origin} at {pointer}"),
            None => origin.to_owned(),
        },
        message,
    })
}

/// [`parse_value`]'s reading, its failure as the JSON pointer of the node
/// being read (YAML only) and the message: for documents other than specs
/// (overlays), whose errors are worded their own way.
pub(crate) fn json_or_yaml(text: &str) -> std::result::Result<Value, (Option<String>, String)> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| (None, format!("JSON: {e}")))
    } else {
        yaml::to_json(text).map_err(|(pointer, e)| (Some(pointer), format!("YAML: {e}")))
    }
}

/// The OpenAPI line of a parsed document, or why it is not one this generator reads.
pub(crate) fn check_version(value: Value, origin: &str) -> Result<(Value, Version)> {
    let version = version_of(&value, origin)?;
    Ok((value, version))
}

/// [`check_version`] of a document that stays where it is.
pub(crate) fn version_of(value: &Value, origin: &str) -> Result<Version> {
    Ok(match value.get("openapi") {
        Some(Value::String(v)) => Version::of_openapi(v).ok_or_else(|| {
            Error::unsupported("#/openapi", format!("OpenAPI version {v:?}; {SUPPORTED}"))
        })?,
        // YAML reads an unquoted `3.1` as a number; no such number names a
        // version with a patch, so the text is what the author meant.
        Some(v @ Value::Number(_)) => Version::of_openapi(&v.to_string()).ok_or_else(|| {
            Error::unsupported("#/openapi", format!("OpenAPI version {v}; {SUPPORTED}"))
        })?,
        Some(v) => {
            return Err(Error::invalid(
                "#/openapi",
                format!("the OpenAPI version must be a string such as \"3.1.0\", not {v}"),
            ))
        }
        None => match value.get("swagger") {
            Some(v) if is_swagger_20(v) => Version::V20,
            Some(v) => {
                return Err(Error::unsupported(
                    "#/swagger",
                    format!("Swagger version {v}; {SUPPORTED}"),
                ))
            }
            None => {
                return Err(Error::Parse {
                    at: origin.to_owned(),
                    message: "no `openapi` version field: not an OpenAPI document".into(),
                })
            }
        },
    })
}

/// Whether a `swagger` member says 2.0; YAML reads an unquoted `2.0` as a
/// number, which hand-written documents often have.
pub(crate) fn is_swagger_20(version: &Value) -> bool {
    match version {
        Value::String(v) => v == "2.0",
        Value::Number(n) => n.as_f64() == Some(2.0),
        _ => false,
    }
}

/// Deserializes a normalized document with `openapiv3`, naming the JSON
/// pointer of the first thing it cannot read.
///
/// # Errors
/// When the document does not have OpenAPI 3.0's shape.
pub fn into_openapi(value: Value) -> Result<openapiv3::OpenAPI> {
    // The plain decoder is much faster; the path-tracking one runs only to
    // explain a failure.
    if let Ok(openapi) = openapiv3::OpenAPI::deserialize(&value) {
        return Ok(openapi);
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        // Built from the segments, not the dotted display, so keys holding
        // `.` or `/` (`/files/{name}.json`) stay one token each.
        let mut pointer = String::from("#");
        for segment in e.path().iter() {
            let token = match segment {
                serde_path_to_error::Segment::Seq { index } => index.to_string(),
                serde_path_to_error::Segment::Map { key } => crate::error::pointer_token(key),
                serde_path_to_error::Segment::Enum { variant } => {
                    crate::error::pointer_token(variant)
                }
                serde_path_to_error::Segment::Unknown => break,
            };
            pointer.push('/');
            pointer.push_str(&token);
        }
        Error::invalid(pointer, e.inner().to_string())
    })
}

/// Takes the top-level `webhooks` and every operation's `callbacks` out of a
/// normalized document, before it becomes `openapiv3`'s (which reads neither
/// webhooks nor `$ref` path items in callbacks). Each path item is read on
/// its own: one that cannot be read is a note, not a failure of the spec, and
/// so is a callback whose `$ref` normalizing could not follow.
pub fn take_events(doc: &mut Value) -> (Vec<EventItem>, Vec<String>) {
    let mut items = Vec::new();
    let mut notes = Vec::new();
    let mut read = |notes: &mut Vec<String>,
                    key: String,
                    source: EventSource,
                    mut item: Value,
                    pointer: String| {
        // As for paths: `openapiv3` wants the response descriptions real specs omit.
        for op in item
            .as_object_mut()
            .into_iter()
            .flat_map(|i| i.values_mut())
        {
            let responses = op.get_mut("responses").and_then(Value::as_object_mut);
            for response in responses.into_iter().flat_map(|r| r.values_mut()) {
                if let Some(r) = response.as_object_mut().filter(|r| !r.contains_key("$ref")) {
                    r.entry("description").or_insert_with(|| "".into());
                }
            }
        }
        match serde_json::from_value::<openapiv3::PathItem>(item) {
            Ok(item) => items.push(EventItem {
                key,
                source,
                item,
                pointer,
            }),
            Err(e) => notes.push(format!("left out event {key:?} at {pointer}: {e}")),
        }
    };
    if let Some(Value::Object(webhooks)) = doc.as_object_mut().and_then(|d| d.remove("webhooks")) {
        for (name, item) in webhooks {
            let pointer = format!("#/webhooks/{}", pointer_token(&name));
            read(&mut notes, name, EventSource::Webhook, item, pointer);
        }
    }
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            // By where each is in the path item as the spec has it: `get`, or
            // `query` and `additionalOperations/PURGE` for those normalizing
            // keeps aside.
            // With the method, lower case, that names an operation without an id.
            let mut ops: Vec<(String, String, &mut serde_json::Map<String, Value>)> = Vec::new();
            for (key, value) in item.iter_mut() {
                if key == crate::normalize::EXTRA_OPERATIONS {
                    for (method, op) in value.as_object_mut().into_iter().flatten() {
                        if let Some(op) = op.as_object_mut() {
                            let at = crate::normalize::extra_operation_key(method);
                            ops.push((at, method.to_ascii_lowercase(), op));
                        }
                    }
                } else if let Some(op) = value.as_object_mut() {
                    ops.push((pointer_token(key), key.clone(), op));
                }
            }
            for (at_method, method, op) in ops {
                let Some(Value::Object(callbacks)) = op.remove("callbacks") else {
                    continue;
                };
                let operation = op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("{method} {path}"), str::to_owned);
                for (name, expressions) in callbacks {
                    let at = format!(
                        "#/paths/{}/{at_method}/callbacks/{}",
                        pointer_token(path),
                        pointer_token(&name)
                    );
                    // Normalizing resolved the references it could follow; what
                    // is left points to nothing (or to another document).
                    let why = match expressions {
                        Value::Object(e) if !e.contains_key("$ref") => Ok(e),
                        Value::Object(e) => Err(format!(
                            "reference {} points to no callback in the document",
                            e.get("$ref").map_or_else(String::new, Value::to_string)
                        )),
                        _ => Err("not a map of URL expressions to path items".to_owned()),
                    };
                    let expressions = match why {
                        Ok(expressions) => expressions,
                        Err(why) => {
                            notes.push(format!(
                                "left out callback {operation}.{name} at {at}: {why}"
                            ));
                            continue;
                        }
                    };
                    for (expression, item) in expressions {
                        let pointer = format!("{at}/{}", pointer_token(&expression));
                        let source = EventSource::Callback {
                            operation: operation.clone(),
                            expression,
                        };
                        read(
                            &mut notes,
                            format!("{operation}.{name}"),
                            source,
                            item,
                            pointer,
                        );
                    }
                }
            }
        }
    }
    (items, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_with_integer_keys_and_json_both_load() {
        let (v, ver) = parse_text(
            "openapi: 3.1.0\nresponses:\n  200: {description: ok}\n",
            "t",
        )
        .unwrap();
        assert_eq!(ver, Version::V31);
        assert!(v["responses"]["200"].is_object());
        let (_, ver) = parse_text(r#"{"openapi": "3.0.3"}"#, "t").unwrap();
        assert_eq!(ver, Version::V30);
    }

    #[test]
    fn swagger_20_loads_and_other_swagger_versions_do_not() {
        let (_, ver) = parse_text("swagger: '2.0'\ninfo: {title: t, version: '1'}", "t").unwrap();
        assert_eq!(ver, Version::V20);
        let (_, ver) = parse_text("swagger: 2.0", "t").unwrap();
        assert_eq!(ver, Version::V20);
        let e = parse_text("swagger: '1.2'", "t").unwrap_err().to_string();
        assert!(e.contains("#/swagger") && e.contains("\"1.2\""), "{e}");
    }

    #[test]
    fn openapi_32_loads_and_later_versions_are_refused_by_name() {
        for text in ["openapi: 3.2.0", "openapi: '3.2'", "openapi: 3.2.17"] {
            assert_eq!(parse_text(text, "t").unwrap().1, Version::V32, "{text}");
        }
        for (text, named) in [
            ("openapi: 3.3.0", "\"3.3.0\""),
            ("openapi: 4.0.0", "\"4.0.0\""),
            ("openapi: 4.0", "4.0"),
            ("openapi: 3.20.0", "\"3.20.0\""),
        ] {
            let e = parse_text(text, "t").unwrap_err().to_string();
            assert!(
                e.contains("#/openapi") && e.contains(named) && e.contains("3.2.x"),
                "{text}: {e}"
            );
        }
    }

    #[test]
    fn callbacks_of_operations_kept_aside_by_method_are_events_too() {
        let callback = serde_json::json!({"{$request.body#/url}": {"post": {"responses": {}}}});
        let mut doc = serde_json::json!({"paths": {"/calls": {crate::normalize::EXTRA_OPERATIONS: {
            "QUERY": {"responses": {}, "callbacks": {"done": callback}}}}}});
        let (events, notes) = take_events(&mut doc);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].key, "query /calls.done");
        assert_eq!(
            events[0].pointer,
            "#/paths/~1calls/query/callbacks/done/{$request.body#~1url}"
        );
        let stashed = &doc["paths"]["/calls"][crate::normalize::EXTRA_OPERATIONS]["QUERY"];
        assert!(stashed.get("callbacks").is_none());
    }

    #[test]
    fn wrong_documents_are_named() {
        assert!(parse_text("openapi: 4.0.0", "t")
            .unwrap_err()
            .to_string()
            .contains("4.0.0"));
        assert!(parse_text("a: [", "t")
            .unwrap_err()
            .to_string()
            .contains("YAML"));
        assert!(parse_text("{\"a\":", "t")
            .unwrap_err()
            .to_string()
            .contains("JSON"));
        assert!(parse_text("title: x", "t")
            .unwrap_err()
            .to_string()
            .contains("not an OpenAPI document"));
    }
}
