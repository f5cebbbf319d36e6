//! Request bodies: 2.0 sends a body as a parameter (`in: body`, with the
//! media types of `consumes`) or as form fields (`in: formData`), where 3.0
//! has one `requestBody` with a schema per media type.

use serde_json::{json, Map, Value};

use super::parameters::{form_encoding, value_schema, Payload, Source};
use super::{member, schemas, Cx};
use crate::media_type::essence;

/// The `requestBody` an operation's body and form parameters make, at `at`.
pub(super) fn request_body(
    payload: Payload,
    at: &str,
    consumes: &[String],
    cx: &mut Cx,
) -> Option<Value> {
    let Payload { mut bodies, forms } = payload;
    if bodies.is_empty() {
        return (!forms.is_empty()).then(|| form(&forms, at, consumes, cx));
    }
    let first = bodies.remove(0);
    let name = first
        .value
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("");
    for extra in &bodies {
        cx.note(
            &extra.at,
            format!("an operation has one body: only the first body parameter (`{name}`) is sent"),
        );
    }
    if let Some(field) = forms.first() {
        cx.note(
            &field.at,
            "formData parameters beside a body parameter are not sent: an operation has one body",
        );
    }
    if let Some(reference) = &first.reference {
        // The component has the document's media types; an operation that
        // names others gets a copy with its own.
        if consumes == cx.document_consumes() {
            cx.moved(at, &first.at);
            return Some(json!({ "$ref": member("#/components/requestBodies", reference) }));
        }
    }
    Some(body(&first.value, &first.from, at, consumes, cx))
}

/// A body parameter at `from` as the request body at `to`.
pub(super) fn body(
    parameter: &Map<String, Value>,
    from: &str,
    to: &str,
    consumes: &[String],
    cx: &mut Cx,
) -> Value {
    let schema_from = member(from, "schema");
    let schema = match parameter.get("schema") {
        Some(schema) => {
            let mut schema = schema.clone();
            schemas::convert(&mut schema, cx);
            schema
        }
        None => {
            cx.note(
                from,
                "a body parameter without `schema`: the body is any JSON value",
            );
            json!({})
        }
    };
    let content_at = member(to, "content");
    let mut content = Map::new();
    for media in consumes {
        cx.moved(member(&member(&content_at, media), "schema"), &schema_from);
        content.insert(media.clone(), json!({ "schema": schema.clone() }));
    }
    let mut out = Map::new();
    if let Some(description) = parameter.get("description") {
        out.insert("description".into(), description.clone());
    }
    out.insert("content".into(), Value::Object(content));
    if let Some(required) = parameter.get("required") {
        out.insert("required".into(), required.clone());
    }
    for (key, value) in parameter {
        if key.starts_with("x-") {
            out.insert(key.clone(), value.clone());
        }
    }
    cx.moved(to, from);
    Value::Object(out)
}

const MULTIPART: &str = "multipart/form-data";
const URLENCODED: &str = "application/x-www-form-urlencoded";

/// Form fields as one object schema, sent as `multipart/form-data` when
/// `consumes` lists it or a field is a file (which only multipart carries),
/// else urlencoded.
fn form(fields: &[Source], at: &str, consumes: &[String], cx: &mut Cx) -> Value {
    let is_file = |f: &Source| f.value.get("type").and_then(Value::as_str) == Some("file");
    let listed = |media: &str| consumes.iter().any(|m| essence(m) == media);
    let file = fields.iter().find(|f| is_file(f));
    let multipart = listed(MULTIPART) || file.is_some();
    match file {
        Some(file) if !listed(MULTIPART) => cx.note(
            &file.at,
            format!("a file is sent as {MULTIPART}, which `consumes` does not list"),
        ),
        None if !multipart && !listed(URLENCODED) => cx.note(
            &fields[0].at,
            format!("formData parameters where `consumes` names no form media type: sent as {URLENCODED}"),
        ),
        _ => {}
    }
    let media = if multipart { MULTIPART } else { URLENCODED };
    let media_at = member(&member(at, "content"), media);
    let schema_at = member(&media_at, "schema");
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut encoding = Map::new();
    for field in fields {
        let Some(name) = field.value.get("name").and_then(Value::as_str) else {
            cx.note(&field.at, "a formData parameter without a `name`: not sent");
            continue;
        };
        let property_at = member(&member(&schema_at, "properties"), name);
        cx.moved(&property_at, &field.from);
        let mut property = value_schema(&field.value, &field.from, "formData parameter", cx);
        if let Some(description) = field.value.get("description") {
            property.insert("description".into(), description.clone());
        }
        for (key, value) in &field.value {
            if key.starts_with("x-") {
                property.insert(key.clone(), value.clone());
            }
        }
        if field.value.get("required") == Some(&Value::Bool(true)) {
            required.push(json!(name));
        }
        if multipart {
            let is_array = field.value.get("type").and_then(Value::as_str) == Some("array");
            let format = field.value.get("collectionFormat").and_then(Value::as_str);
            if is_array && format != Some("multi") {
                cx.note(
                    &field.from,
                    format!(
                        "an array in a multipart form is sent as one part per item (`multi`), not `{}`",
                        format.unwrap_or("csv")
                    ),
                );
            }
        } else if let Some(style) = form_encoding(&field.value, &field.from, cx) {
            cx.moved(member(&member(&media_at, "encoding"), name), &field.from);
            encoding.insert(name.to_owned(), style);
        }
        properties.insert(name.to_owned(), Value::Object(property));
    }
    let mut schema = Map::new();
    schema.insert("type".into(), json!("object"));
    schema.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".into(), Value::Array(required.clone()));
    }
    let mut media_type = Map::new();
    media_type.insert("schema".into(), Value::Object(schema));
    if !encoding.is_empty() {
        media_type.insert("encoding".into(), Value::Object(encoding));
    }
    // The form as a whole came from the fields' list.
    let list_at = fields[0].at.rsplit_once('/').map_or("", |(list, _)| list);
    cx.moved(&schema_at, list_at);
    cx.moved(&media_at, list_at);
    cx.moved(at, list_at);
    let mut body = Map::new();
    body.insert("content".into(), json!({ media: media_type }));
    if !required.is_empty() {
        body.insert("required".into(), json!(true));
    }
    Value::Object(body)
}
