//! Swagger 2.0 documents rewritten, in place, into the OpenAPI 3.0 shape the
//! rest of normalizing reads, before any reference is resolved: this module
//! owns the document's top level (the version, `components`, the walk over
//! paths and operations, the 2.0 members 3.0 does not have) and the record of
//! where every converted part came from, so an error or note about the
//! converted document names its place in the 2.0 input. The parts live
//! beside it: servers, parameters, bodies, responses, schemas, security.
//!
//! Vendor extensions stay on the object that carried them; external
//! references are left as they are, for [`super::refs`] to read.

mod bodies;
mod parameters;
mod responses;
mod schemas;
mod security;
mod servers;
#[cfg(test)]
mod tests;

use serde_json::{json, Map, Value};

use super::refs::Moved;
use super::Note;
use crate::error::{pointer_token, Error, Result};

/// What converting found besides the converted document.
#[derive(Debug, Default)]
pub(crate) struct Converted {
    /// What 3.0 cannot say as 2.0 did, or says only approximately, by input pointer.
    pub notes: Vec<Note>,
    /// Where converted parts came from, all made at once (one batch).
    pub moves: Vec<Moved>,
}

/// Whether `doc` is a Swagger document (a `swagger` member and no `openapi`).
pub(crate) fn is_swagger(doc: &Value) -> bool {
    doc.get("openapi").is_none() && doc.get("swagger").is_some()
}

/// The top-level members 2.0 has and 3.0 does not, dropped once converted.
const SWAGGER_ONLY: &[&str] = &[
    "swagger",
    "host",
    "basePath",
    "schemes",
    "consumes",
    "produces",
    "definitions",
    "parameters",
    "responses",
    "securityDefinitions",
];

/// The HTTP methods a 2.0 path item can hold.
const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// Media types when neither the operation nor the document names any: the
/// 2.0 specification leaves them open, and JSON is what APIs of that age
/// overwhelmingly meant.
pub(crate) const DEFAULT_MEDIA_TYPE: &str = "application/json";

/// Converts a Swagger 2.0 document into the OpenAPI 3.0 shape, in place.
///
/// # Errors
/// A document that is not 2.0, or a member that does not have the shape 2.0
/// gives it where the conversion needs to read it, named by its pointer.
pub(crate) fn convert(doc: &mut Value) -> Result<Converted> {
    let Value::Object(root) = doc else {
        return Err(Error::invalid("#", "a Swagger document must be an object"));
    };
    match root.get("swagger") {
        Some(v) if crate::load::is_swagger_20(v) => {}
        Some(v) => {
            return Err(Error::unsupported(
                "#/swagger",
                format!("Swagger version {v}; supported: 2.0"),
            ))
        }
        None => return Err(Error::invalid("#", "no `swagger` version field")),
    }
    let input = std::mem::take(root);
    let mut cx = Cx {
        parameters: object_member(&input, "parameters")?,
        responses: object_member(&input, "responses")?,
        consumes: media_types(input.get("consumes"), "#/consumes")?.unwrap_or_default(),
        produces: media_types(input.get("produces"), "#/produces")?.unwrap_or_default(),
        scheme: None,
        converted: Converted::default(),
    };
    let mut servers = servers::servers(&input, &mut cx)?;
    let mut components = components(&input, &mut cx)?;
    let mut out = Map::new();
    for (key, value) in input {
        match key.as_str() {
            "swagger" => {
                out.insert("openapi".into(), json!("3.0.3"));
            }
            "info" => {
                out.insert(key, value);
                if let Some(servers) = servers.take() {
                    out.insert("servers".into(), servers);
                }
            }
            "paths" => {
                out.insert(key, paths(value, &mut cx)?);
            }
            "components" => {
                // Not 2.0; a document that has it anyway keeps what it says,
                // beside what the conversion adds.
                if let Value::Object(existing) = value {
                    for (member, entries) in existing {
                        components.entry(member).or_insert(entries);
                    }
                }
            }
            k if SWAGGER_ONLY.contains(&k) => {}
            _ => {
                out.insert(key, value);
            }
        }
    }
    if let Some(servers) = servers {
        out.insert("servers".into(), servers);
    }
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    *root = out;
    Ok(cx.converted)
}

/// What every part of the conversion reads and adds to.
pub(super) struct Cx {
    /// The input's top-level `parameters`, for parameters given by reference.
    parameters: Map<String, Value>,
    /// The input's top-level `responses`, for responses given by reference.
    responses: Map<String, Value>,
    /// The document's `consumes` (empty when it names none).
    consumes: Vec<String>,
    /// The document's `produces` (empty when it names none).
    produces: Vec<String>,
    /// The scheme of the first server, once servers are converted.
    scheme: Option<String>,
    converted: Converted,
}

impl Cx {
    pub(super) fn note(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.converted.notes.push(Note {
            pointer: pointer.into(),
            message: message.into(),
        });
    }

    /// Records that what is at `to` in the converted document was at `from`.
    pub(super) fn moved(&mut self, to: impl Into<String>, from: impl Into<String>) {
        let (to, from) = (to.into(), from.into());
        if to != from {
            self.converted.moves.push(Moved { to, from });
        }
    }

    /// The media types an operation's own list (if any) leaves in effect.
    fn in_effect(own: Option<Vec<String>>, document: &[String]) -> Vec<String> {
        match own {
            Some(own) if !own.is_empty() => own,
            _ if !document.is_empty() => document.to_vec(),
            _ => vec![DEFAULT_MEDIA_TYPE.to_owned()],
        }
    }

    /// The request media types of the document.
    fn document_consumes(&self) -> Vec<String> {
        Self::in_effect(None, &self.consumes)
    }

    /// The response media types of the document.
    fn document_produces(&self) -> Vec<String> {
        Self::in_effect(None, &self.produces)
    }

    /// A top-level parameter's `in`, by its (decoded) name.
    fn parameter_in(&self, name: &str) -> Option<&str> {
        self.parameters.get(name)?.get("in")?.as_str()
    }

    /// The 3.0 form of a local reference into a part of the document the
    /// conversion moved; `None` for one that stays as it is (external, or
    /// into a part that did not move).
    pub(super) fn target(&self, reference: &str) -> Option<String> {
        let rest = reference.strip_prefix("#/")?;
        let (head, tail) = rest.split_once('/')?;
        let (name, deeper) = tail.split_once('/').unwrap_or((tail, ""));
        match head {
            "definitions" => Some(format!("#/components/schemas/{tail}")),
            "securityDefinitions" => Some(format!("#/components/securitySchemes/{tail}")),
            "responses" => {
                let media = self.document_produces();
                Some(format!(
                    "#/components/responses/{name}{}",
                    inside_response(deeper, &media[0])
                ))
            }
            "parameters" => match self.parameter_in(&reference_token(name)) {
                Some("body") => {
                    let media = self.document_consumes();
                    let deeper = match inside_content(deeper, &media[0]) {
                        Some(schema) => schema,
                        None if deeper.is_empty() => String::new(),
                        None => format!("/{deeper}"),
                    };
                    Some(format!("#/components/requestBodies/{name}{deeper}"))
                }
                // A form field is no component in 3.0: operations get a copy.
                Some("formData") => None,
                _ => Some(format!(
                    "#/components/parameters/{name}{}",
                    inside_simple(deeper)
                )),
            },
            _ => None,
        }
    }
}

/// The path inside a converted response or request body for a path inside
/// the `schema` of a 2.0 one (whose schema now sits under one media type);
/// `None` for a path elsewhere.
fn inside_content(deeper: &str, media: &str) -> Option<String> {
    let schema = deeper.strip_prefix("schema")?;
    (schema.is_empty() || schema.starts_with('/'))
        .then(|| format!("/content/{}/schema{schema}", pointer_token(media)))
}

/// The path inside a converted response for a path inside a 2.0 one.
fn inside_response(deeper: &str, media: &str) -> String {
    if deeper.is_empty() {
        return String::new();
    }
    if let Some(schema) = inside_content(deeper, media) {
        return schema;
    }
    if let Some(header) = deeper.strip_prefix("headers/") {
        let (name, rest) = header.split_once('/').unwrap_or((header, ""));
        return format!("/headers/{name}{}", inside_simple(rest));
    }
    format!("/{deeper}")
}

/// The path inside a converted parameter or header for a path inside a 2.0
/// one, whose type keywords now sit in its `schema`.
fn inside_simple(deeper: &str) -> String {
    if deeper.is_empty() {
        return String::new();
    }
    let first = deeper.split('/').next().unwrap_or("");
    if parameters::SCHEMA_KEYWORDS.contains(&first) {
        format!("/schema/{deeper}")
    } else {
        format!("/{deeper}")
    }
}

/// One token of a reference, unescaped (JSON pointer escapes and, as
/// references are URI fragments, percent escapes).
fn reference_token(token: &str) -> String {
    let token = super::refs::percent_decode(token).unwrap_or_else(|| token.to_owned());
    token.replace("~1", "/").replace("~0", "~")
}

/// `{at}/{key}`, the key escaped.
pub(super) fn member(at: &str, key: &str) -> String {
    format!("{at}/{}", pointer_token(key))
}

/// A top-level member that must be an object when present.
fn object_member(input: &Map<String, Value>, key: &str) -> Result<Map<String, Value>> {
    match input.get(key) {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map.clone()),
        Some(_) => Err(Error::invalid(
            format!("#/{key}"),
            format!("`{key}` must be an object"),
        )),
    }
}

/// A `consumes`/`produces` list: media type strings.
pub(super) fn media_types(value: Option<&Value>, at: &str) -> Result<Option<Vec<String>>> {
    let Some(value) = value else {
        return Ok(None);
    };
    let list = value.as_array().and_then(|items| {
        items
            .iter()
            .map(|m| m.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
    });
    match list {
        Some(list) => Ok(Some(list)),
        None => Err(Error::invalid(at, "must be an array of media type strings")),
    }
}

/// The 2.0 definitions, parameters, responses and security definitions as
/// 3.0 components.
fn components(input: &Map<String, Value>, cx: &mut Cx) -> Result<Map<String, Value>> {
    let mut components = Map::new();
    let definitions = object_member(input, "definitions")?;
    if !definitions.is_empty() {
        let mut schemas = Map::new();
        for (name, mut schema) in definitions {
            schemas::convert(&mut schema, cx);
            schemas.insert(name, schema);
        }
        cx.moved("#/components/schemas", "#/definitions");
        components.insert("schemas".into(), Value::Object(schemas));
    }
    let mut plain = Map::new();
    let mut bodies = Map::new();
    for (name, parameter) in cx.parameters.clone() {
        let from = member("#/parameters", &name);
        let Value::Object(parameter) = parameter else {
            return Err(Error::invalid(from, "a parameter must be an object"));
        };
        match parameters::kind(&parameter, &from)? {
            parameters::Kind::Body => {
                let to = member("#/components/requestBodies", &name);
                let consumes = cx.document_consumes();
                let body = bodies::body(&parameter, &from, &to, &consumes, cx);
                bodies.insert(name, body);
            }
            // Copied into each operation's form body instead.
            parameters::Kind::Form => {}
            parameters::Kind::Other => {
                let to = member("#/components/parameters", &name);
                let converted = parameters::convert(&parameter, &from, &to, cx);
                plain.insert(name, converted);
            }
        }
    }
    if !plain.is_empty() {
        components.insert("parameters".into(), Value::Object(plain));
    }
    if !bodies.is_empty() {
        components.insert("requestBodies".into(), Value::Object(bodies));
    }
    if !cx.responses.is_empty() {
        let mut converted = Map::new();
        let produces = cx.document_produces();
        for (name, response) in cx.responses.clone() {
            let from = member("#/responses", &name);
            let to = member("#/components/responses", &name);
            let response = responses::response(&response, &from, &to, &produces, cx)?;
            converted.insert(name, response);
        }
        components.insert("responses".into(), Value::Object(converted));
    }
    let definitions = object_member(input, "securityDefinitions")?;
    if !definitions.is_empty() {
        let schemes = security::schemes(definitions, cx)?;
        components.insert("securitySchemes".into(), Value::Object(schemes));
    }
    Ok(components)
}

/// The paths, each operation converted.
fn paths(paths: Value, cx: &mut Cx) -> Result<Value> {
    let Value::Object(paths) = paths else {
        return Err(Error::invalid("#/paths", "`paths` must be an object"));
    };
    let mut out = Map::new();
    for (path, item) in paths {
        if path.starts_with("x-") {
            out.insert(path, item);
            continue;
        }
        let at = member("#/paths", &path);
        let Value::Object(item) = item else {
            return Err(Error::invalid(at, "a path item must be an object"));
        };
        out.insert(path, Value::Object(path_item(item, &at, cx)?));
    }
    Ok(Value::Object(out))
}

/// One path item: its own parameters (body and form ones go down into each
/// operation, since 3.0 has no path-level body), then each operation.
fn path_item(item: Map<String, Value>, at: &str, cx: &mut Cx) -> Result<Map<String, Value>> {
    if item.contains_key("$ref") {
        return Ok(item);
    }
    let list_at = member(at, "parameters");
    let (kept, inherited) = parameters::list(item.get("parameters"), &list_at, cx)?;
    let mut out = Map::new();
    for (key, value) in item {
        match key.as_str() {
            "parameters" => {
                if !kept.is_empty() {
                    out.insert(key, Value::Array(kept.clone()));
                }
            }
            method if METHODS.contains(&method) => {
                let op_at = member(at, method);
                let Value::Object(op) = value else {
                    return Err(Error::invalid(op_at, "an operation must be an object"));
                };
                out.insert(key, Value::Object(operation(op, &op_at, &inherited, cx)?));
            }
            _ => {
                out.insert(key, value);
            }
        }
    }
    Ok(out)
}

/// One operation: parameters, the body they make, responses; `consumes`,
/// `produces` and `schemes` are read and dropped.
fn operation(
    op: Map<String, Value>,
    at: &str,
    inherited: &parameters::Payload,
    cx: &mut Cx,
) -> Result<Map<String, Value>> {
    let consumes = Cx::in_effect(
        media_types(op.get("consumes"), &member(at, "consumes"))?,
        &cx.consumes,
    );
    let produces = Cx::in_effect(
        media_types(op.get("produces"), &member(at, "produces"))?,
        &cx.produces,
    );
    if let (Some(schemes), Some(scheme)) = (op.get("schemes").and_then(Value::as_array), &cx.scheme)
    {
        let listed = schemes
            .iter()
            .filter_map(Value::as_str)
            .any(|s| s.eq_ignore_ascii_case(scheme));
        if !schemes.is_empty() && !listed {
            cx.note(
                member(at, "schemes"),
                format!("the operation's `schemes` leave out {scheme}, the server's: it is called over {scheme} like the rest"),
            );
        }
    }
    let list_at = member(at, "parameters");
    let (kept, mut payload) = parameters::list(op.get("parameters"), &list_at, cx)?;
    payload.inherit(inherited);
    let body_at = member(at, "requestBody");
    let mut body = bodies::request_body(payload, &body_at, &consumes, cx);
    let mut out = Map::new();
    for (key, value) in op {
        match key.as_str() {
            "consumes" | "produces" | "schemes" => {}
            "parameters" => {
                if !kept.is_empty() {
                    out.insert(key, Value::Array(kept.clone()));
                }
                if let Some(body) = body.take() {
                    out.insert("requestBody".into(), body);
                }
            }
            "responses" => {
                if let Some(body) = body.take() {
                    out.insert("requestBody".into(), body);
                }
                let value = responses::responses(value, &member(at, "responses"), &produces, cx)?;
                out.insert(key, value);
            }
            _ => {
                out.insert(key, value);
            }
        }
    }
    if let Some(body) = body {
        out.insert("requestBody".into(), body);
    }
    Ok(out)
}
