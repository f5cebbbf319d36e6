//! Responses: 2.0 gives one `schema` for all the media types of `produces`,
//! headers with their type keywords on the header, and `examples` by media
//! type; 3.0 has `content` with a schema (and an example) per media type,
//! and headers with a `schema`.

use serde_json::{json, Map, Value};

use super::parameters::header;
use super::{member, reference_token, schemas, Cx};
use crate::error::{Error, Result};

/// An operation's `responses` at `at`, with the media types it produces.
///
/// # Errors
/// A map or response of the wrong JSON type.
pub(super) fn responses(value: Value, at: &str, produces: &[String], cx: &mut Cx) -> Result<Value> {
    let Value::Object(map) = value else {
        return Err(Error::invalid(at, "`responses` must be an object"));
    };
    let mut out = Map::new();
    for (code, response) in map {
        if code.starts_with("x-") {
            out.insert(code, response);
            continue;
        }
        let response_at = member(at, &code);
        let converted = match response.get("$ref") {
            Some(Value::String(reference)) => by_reference(reference, &response_at, produces, cx)?,
            Some(_) => {
                return Err(Error::invalid(
                    member(&response_at, "$ref"),
                    "`$ref` must be a string",
                ))
            }
            None => self::response(&response, &response_at, &response_at, produces, cx)?,
        };
        out.insert(code, converted);
    }
    Ok(Value::Object(out))
}

/// A response given by reference: a reference to the component, or a copy
/// of it where the operation produces other media types than the document.
fn by_reference(reference: &str, at: &str, produces: &[String], cx: &mut Cx) -> Result<Value> {
    if let Some(token) = reference
        .strip_prefix("#/responses/")
        .filter(|t| !t.contains('/'))
    {
        let name = reference_token(token);
        let target = cx.responses.get(&name).cloned();
        if let Some(target) = target.filter(|t| t.get("schema").is_some()) {
            if produces != cx.document_produces() {
                return response(&target, &member("#/responses", &name), at, produces, cx);
            }
        }
    }
    let target = cx.target(reference).unwrap_or_else(|| reference.to_owned());
    Ok(json!({ "$ref": target }))
}

/// The response at `from` in the 3.0 form, to be placed at `to`.
///
/// # Errors
/// A response, `headers` or `examples` that is not an object.
pub(super) fn response(
    value: &Value,
    from: &str,
    to: &str,
    produces: &[String],
    cx: &mut Cx,
) -> Result<Value> {
    let Value::Object(map) = value else {
        return Err(Error::invalid(from, "a response must be an object"));
    };
    let content_at = member(to, "content");
    let mut content = map.get("schema").map(|schema| {
        let mut schema = schema.clone();
        schemas::convert(&mut schema, cx);
        let mut content = Map::new();
        for media in produces {
            cx.moved(
                member(&member(&content_at, media), "schema"),
                member(from, "schema"),
            );
            content.insert(media.clone(), json!({ "schema": schema.clone() }));
        }
        content
    });
    // Said when the walk below reaches `examples`, so notes keep the input's order.
    let mut left_out = Vec::new();
    match map.get("examples") {
        None | Some(Value::Null) => {}
        Some(Value::Object(examples)) => {
            for (media, example) in examples {
                let example_from = member(&member(from, "examples"), media);
                let entry = content.as_mut().and_then(|c| {
                    let key = c.keys().find(|k| same_media(k, media))?.clone();
                    c.get_mut(&key)?.as_object_mut().map(|e| (key, e))
                });
                match entry {
                    Some((key, entry)) => {
                        entry.insert("example".into(), example.clone());
                        cx.moved(member(&member(&content_at, &key), "example"), example_from);
                    }
                    None => left_out.push(example_from),
                }
            }
        }
        Some(_) => {
            return Err(Error::invalid(
                member(from, "examples"),
                "`examples` must be an object of examples by media type",
            ))
        }
    }
    let mut out = Map::new();
    for (key, value) in map {
        match key.as_str() {
            "description" => {
                out.insert(key.clone(), value.clone());
            }
            "examples" => {
                for example in left_out.drain(..) {
                    cx.note(
                        example,
                        "an example for a media type the response does not produce (or of a response without `schema`): left out",
                    );
                }
            }
            "schema" => {
                if let Some(content) = content.take() {
                    out.insert("content".into(), Value::Object(content));
                }
            }
            "headers" => {
                let headers_from = member(from, "headers");
                let Value::Object(headers) = value else {
                    return Err(Error::invalid(headers_from, "`headers` must be an object"));
                };
                let mut converted = Map::new();
                for (name, h) in headers {
                    let header_from = member(&headers_from, name);
                    let Value::Object(h) = h else {
                        return Err(Error::invalid(header_from, "a header must be an object"));
                    };
                    let header_to = member(&member(to, "headers"), name);
                    converted.insert(name.clone(), header(h, &header_from, &header_to, cx));
                }
                out.insert(key.clone(), Value::Object(converted));
            }
            // 3.0's members in a 2.0 document (it happens) are read as written.
            "content" | "links" => {
                out.entry(key.clone()).or_insert_with(|| value.clone());
            }
            k if k.starts_with("x-") => {
                out.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }
    cx.moved(to, from);
    Ok(Value::Object(out))
}

/// Whether two media types are the same, parameters and case aside.
fn same_media(a: &str, b: &str) -> bool {
    let essence = |m: &str| {
        m.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    };
    a == b || essence(a) == essence(b)
}
