//! Reading a spec: YAML or JSON text into a JSON value, with the OpenAPI
//! version checked, then (after [`normalize`](crate::normalize)) into
//! `openapiv3`'s typed document.

use serde::Deserialize;
use serde_json::Value;

use crate::error::{pointer_token, Error, Result};
use crate::model::events::{EventItem, EventSource};

/// Which OpenAPI line a document follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// 3.0.x
    V30,
    /// 3.1.x
    V31,
}

/// Parses YAML or JSON text (JSON is YAML, but a JSON parser gives better errors for it).
///
/// # Errors
/// When the text is neither, or is not an OpenAPI 3.0/3.1 document.
pub fn parse_text(text: &str, origin: &str) -> Result<(Value, Version)> {
    let value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| Error::Parse {
            at: origin.to_owned(),
            message: format!("JSON: {e}"),
        })?
    } else {
        // Straight into JSON values when every key is a string (the common case);
        // through YAML values, which turn `200:` keys into strings, otherwise.
        if let Ok(direct) = serde_yaml::from_str::<Value>(text) {
            return check_version(direct, origin);
        }
        let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| Error::Parse {
            at: origin.to_owned(),
            message: format!("YAML: {e}"),
        })?;
        yaml_to_json(yaml, "#")?
    };
    check_version(value, origin)
}

/// The OpenAPI line of a parsed document, or why it is not one this generator reads.
fn check_version(value: Value, origin: &str) -> Result<(Value, Version)> {
    let version = match value.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") || v == "3.0" => Version::V30,
        Some(v) if v.starts_with("3.1.") || v == "3.1" => Version::V31,
        Some(v) => {
            return Err(Error::unsupported(
                "#/openapi",
                format!("OpenAPI version {v:?}; supported: 3.0.x and 3.1.x"),
            ))
        }
        None if value.get("swagger").is_some() => {
            return Err(Error::unsupported(
                "#/swagger",
                "Swagger 2.0 documents; convert to OpenAPI 3 first",
            ))
        }
        None => {
            return Err(Error::Parse {
                at: origin.to_owned(),
                message: "no `openapi` version field: not an OpenAPI document".into(),
            })
        }
    };
    Ok((value, version))
}

/// Converts YAML to JSON, turning non-string keys (`200:` response codes) into strings.
fn yaml_to_json(yaml: serde_yaml::Value, at: &str) -> Result<Value> {
    use serde_yaml::Value as Y;
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| Error::Parse {
                        at: at.to_owned(),
                        message: format!("number {f} has no JSON form"),
                    })?
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| yaml_to_json(v, &format!("{at}/{i}")))
                .collect::<Result<_>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => {
                        return Err(Error::Parse {
                            at: at.to_owned(),
                            message: format!("unsupported mapping key {other:?}"),
                        })
                    }
                };
                let child = format!("{at}/{}", crate::error::pointer_token(&key));
                out.insert(key, yaml_to_json(v, &child)?);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => yaml_to_json(t.value, at)?,
    })
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
        let pointer = format!("#/{}", e.path().to_string().replace('.', "/"));
        Error::invalid(pointer, e.inner().to_string())
    })
}

/// Takes the top-level `webhooks` and every operation's `callbacks` out of a
/// normalized document, before it becomes `openapiv3`'s (which reads neither
/// webhooks nor `$ref` path items in callbacks). Each path item is read on
/// its own: one that cannot be read is a note, not a failure of the spec.
pub fn take_events(doc: &mut Value) -> (Vec<EventItem>, Vec<String>) {
    let mut items = Vec::new();
    let mut notes = Vec::new();
    let mut read = |key: String, source: EventSource, mut item: Value, pointer: String| {
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
            read(name, EventSource::Webhook, item, pointer);
        }
    }
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, op) in item.iter_mut() {
                let Some(op) = op.as_object_mut() else {
                    continue;
                };
                let Some(Value::Object(callbacks)) = op.remove("callbacks") else {
                    continue;
                };
                let operation = op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("{method} {path}"), str::to_owned);
                for (name, expressions) in callbacks {
                    let Value::Object(expressions) = expressions else {
                        continue;
                    };
                    for (expression, item) in expressions {
                        let pointer = format!(
                            "#/paths/{}/{method}/callbacks/{}/{}",
                            pointer_token(path),
                            pointer_token(&name),
                            pointer_token(&expression)
                        );
                        let source = EventSource::Callback {
                            operation: operation.clone(),
                            expression,
                        };
                        read(format!("{operation}.{name}"), source, item, pointer);
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
    fn wrong_documents_are_named() {
        assert!(parse_text("swagger: '2.0'", "t")
            .unwrap_err()
            .to_string()
            .contains("Swagger 2.0"));
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
