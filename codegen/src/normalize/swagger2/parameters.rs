//! Parameters and headers: 2.0 puts `type`, `format`, `items` and the
//! constraints on the parameter itself where 3.0 has a `schema`, and says
//! how arrays are written with `collectionFormat` where 3.0 has
//! `style`/`explode`. Also how a parameter list splits into what stays a
//! parameter and what makes the request body (`in: body`, `in: formData`).

use serde_json::{json, Map, Value};

use super::{member, reference_token, schemas, Cx};
use crate::error::{Error, Result};

/// The keywords of a 2.0 parameter, header or items object that 3.0 keeps
/// in the schema.
pub(super) const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
];

/// How deep `items` in `items` are followed; far beyond what a parameter
/// holds, only a guard against a hostile document.
const MAX_DEPTH: usize = 32;

/// What a parameter becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// The request body.
    Body,
    /// A field of a form body.
    Form,
    /// A parameter still.
    Other,
}

/// The kind of a parameter by its `in`.
///
/// # Errors
/// No `in`, or one 2.0 does not have.
pub(super) fn kind(parameter: &Map<String, Value>, at: &str) -> Result<Kind> {
    match parameter.get("in") {
        Some(Value::String(location)) => match location.as_str() {
            "body" => Ok(Kind::Body),
            "formData" => Ok(Kind::Form),
            // `cookie` is 3.0's; a document mixing the two means it as 3.0 does.
            "query" | "header" | "path" | "cookie" => Ok(Kind::Other),
            other => Err(Error::invalid(
                member(at, "in"),
                format!("`in: {other}`: a Swagger 2.0 parameter is in query, header, path, formData or body"),
            )),
        },
        Some(_) => Err(Error::invalid(member(at, "in"), "`in` must be a string")),
        None => Err(Error::invalid(at, "a parameter needs `in`")),
    }
}

/// A parameter that makes (part of) the request body.
#[derive(Debug, Clone)]
pub(super) struct Source {
    /// The parameter, resolved when given by reference.
    pub value: Map<String, Value>,
    /// Where its members are in the input (the definition, for a reference).
    pub from: String,
    /// Where it is listed in the input.
    pub at: String,
    /// The top-level parameter's name, when given by reference.
    pub reference: Option<String>,
}

impl Source {
    fn name(&self) -> Option<&str> {
        self.value.get("name").and_then(Value::as_str)
    }
}

/// The parameters of a list that make the body.
#[derive(Debug, Clone, Default)]
pub(super) struct Payload {
    pub bodies: Vec<Source>,
    pub forms: Vec<Source>,
}

impl Payload {
    /// Adds the path item's body and form parameters the operation does not
    /// override (a form field by name; the body whatever its name, since
    /// there is one).
    pub(super) fn inherit(&mut self, path_level: &Payload) {
        if self.bodies.is_empty() {
            self.bodies.extend(path_level.bodies.iter().cloned());
        }
        for form in &path_level.forms {
            if !self.forms.iter().any(|f| f.name() == form.name()) {
                self.forms.push(form.clone());
            }
        }
    }
}

/// Splits a `parameters` list at `at`: the 3.0 parameters, and the ones
/// that make the body.
///
/// # Errors
/// A list or parameter of the wrong JSON type, or a parameter without a
/// valid `in`.
pub(super) fn list(value: Option<&Value>, at: &str, cx: &mut Cx) -> Result<(Vec<Value>, Payload)> {
    let mut kept = Vec::new();
    let mut payload = Payload::default();
    let entries = match value {
        None | Some(Value::Null) => return Ok((kept, payload)),
        Some(Value::Array(entries)) => entries,
        Some(_) => return Err(Error::invalid(at, "`parameters` must be an array")),
    };
    for (i, entry) in entries.iter().enumerate() {
        let entry_at = format!("{at}/{i}");
        let Value::Object(map) = entry else {
            return Err(Error::invalid(entry_at, "a parameter must be an object"));
        };
        let source = match map.get("$ref") {
            Some(Value::String(reference)) => match referenced(reference, &entry_at, cx)? {
                Some(source) => source,
                None => {
                    // External, or to nothing: the model says what it cannot follow.
                    cx.moved(format!("{at}/{}", kept.len()), &entry_at);
                    let target = cx.target(reference).unwrap_or_else(|| reference.clone());
                    kept.push(json!({ "$ref": target }));
                    continue;
                }
            },
            Some(_) => {
                return Err(Error::invalid(
                    member(&entry_at, "$ref"),
                    "`$ref` must be a string",
                ))
            }
            None => Source {
                value: map.clone(),
                from: entry_at.clone(),
                at: entry_at.clone(),
                reference: None,
            },
        };
        match kind(&source.value, &source.from)? {
            Kind::Body => payload.bodies.push(source),
            Kind::Form => payload.forms.push(source),
            Kind::Other => {
                let to = format!("{at}/{}", kept.len());
                if let Some(name) = &source.reference {
                    cx.moved(&to, &entry_at);
                    kept.push(json!({ "$ref": member("#/components/parameters", name) }));
                } else {
                    kept.push(convert(&source.value, &source.from, &to, cx));
                }
            }
        }
    }
    Ok((kept, payload))
}

/// The top-level parameter a `#/parameters/X` reference listed at `at`
/// names; `None` for any other reference, or one to nothing.
fn referenced(reference: &str, at: &str, cx: &Cx) -> Result<Option<Source>> {
    let Some(token) = reference
        .strip_prefix("#/parameters/")
        .filter(|t| !t.contains('/'))
    else {
        return Ok(None);
    };
    let name = reference_token(token);
    let from = member("#/parameters", &name);
    match cx.parameters.get(&name) {
        Some(Value::Object(value)) => Ok(Some(Source {
            value: value.clone(),
            from,
            at: at.to_owned(),
            reference: Some(name),
        })),
        Some(_) => Err(Error::invalid(from, "a parameter must be an object")),
        None => Ok(None),
    }
}

/// A non-body parameter in the 3.0 form: its type keywords in a `schema`,
/// `collectionFormat` as `style`/`explode`.
pub(super) fn convert(parameter: &Map<String, Value>, from: &str, to: &str, cx: &mut Cx) -> Value {
    let location = parameter
        .get("in")
        .and_then(Value::as_str)
        .unwrap_or("query");
    // 3.0's `schema` or `content` in a 2.0 document (it happens) are read as written.
    let typed = parameter.contains_key("type");
    let given = parameter.get("schema").filter(|_| !typed);
    let schema = match given {
        Some(schema) => {
            let mut schema = schema.clone();
            schemas::convert(&mut schema, cx);
            cx.moved(member(to, "schema"), member(from, "schema"));
            Some(schema)
        }
        None if !typed && parameter.contains_key("content") => None,
        None => {
            cx.moved(member(to, "schema"), from);
            Some(Value::Object(value_schema(
                parameter,
                from,
                "parameter",
                cx,
            )))
        }
    };
    let mut shape = style(parameter, location, from, cx);
    shape.extend(schema.map(|schema| ("schema".to_owned(), schema)));
    let mut out = Map::new();
    for (key, value) in parameter {
        match key.as_str() {
            "name" | "in" | "description" | "required" | "deprecated" | "example" | "examples"
            | "content" => {
                out.insert(key.clone(), value.clone());
            }
            // 3.0 allows it in the query only.
            "allowEmptyValue" if location == "query" => {
                out.insert(key.clone(), value.clone());
            }
            k if k.starts_with("x-") => {
                out.insert(key.clone(), value.clone());
            }
            k if SCHEMA_KEYWORDS.contains(&k) || k == "collectionFormat" || k == "schema" => {
                out.extend(shape.drain(..));
            }
            _ => {}
        }
    }
    out.extend(shape);
    cx.moved(to, from);
    Value::Object(out)
}

/// A response header in the 3.0 form.
pub(super) fn header(header: &Map<String, Value>, from: &str, to: &str, cx: &mut Cx) -> Value {
    let mut out = Map::new();
    if let Some(description) = header.get("description") {
        out.insert("description".into(), description.clone());
    }
    // A header array is comma-separated in 3.0 (`simple`), as 2.0's default `csv`.
    if header.get("type").and_then(Value::as_str) == Some("array") {
        if let Some(format) = header
            .get("collectionFormat")
            .and_then(Value::as_str)
            .filter(|f| *f != "csv")
        {
            cx.note(
                member(from, "collectionFormat"),
                format!("`collectionFormat: {format}` has no OpenAPI 3 form in a header: read comma-separated"),
            );
        }
    }
    cx.moved(member(to, "schema"), from);
    out.insert(
        "schema".into(),
        Value::Object(value_schema(header, from, "header", cx)),
    );
    for (key, value) in header {
        if key.starts_with("x-") {
            out.insert(key.clone(), value.clone());
        }
    }
    cx.moved(to, from);
    Value::Object(out)
}

/// The schema a parameter, header or form field describes with its own
/// keywords; one without a `type` (which 2.0 requires) is read as a string.
pub(super) fn value_schema(
    item: &Map<String, Value>,
    from: &str,
    what: &str,
    cx: &mut Cx,
) -> Map<String, Value> {
    let mut schema = items_schema(item, from, cx, false, 0);
    if !item.contains_key("type") {
        cx.note(from, format!("a {what} without `type`: read as a string"));
        schema.insert("type".into(), json!("string"));
    }
    schema
}

/// The schema of a parameter's (or an `items` object's) type keywords;
/// `nested` for an `items` object, whose extensions belong to the schema.
fn items_schema(
    item: &Map<String, Value>,
    from: &str,
    cx: &mut Cx,
    nested: bool,
    depth: usize,
) -> Map<String, Value> {
    let mut schema = Map::new();
    let file = item.get("type").and_then(Value::as_str) == Some("file");
    for (key, value) in item {
        match key.as_str() {
            "type" if file => {
                schema.insert("type".into(), json!("string"));
                schema.insert("format".into(), json!("binary"));
            }
            "format" if file => {}
            "items" => {
                let items_at = member(from, "items");
                let items = match value {
                    // A schema where an items object belongs (a `$ref`, properties): as a schema.
                    Value::Object(items)
                        if items.contains_key("$ref") || items.contains_key("properties") =>
                    {
                        let mut items = value.clone();
                        schemas::convert(&mut items, cx);
                        items
                    }
                    Value::Object(items) if depth < MAX_DEPTH => {
                        if items.get("type").and_then(Value::as_str) == Some("array")
                            && items.contains_key("collectionFormat")
                        {
                            cx.note(
                                member(&items_at, "collectionFormat"),
                                "an array inside an array has no `collectionFormat` in OpenAPI 3: the inner arrays' format is not kept",
                            );
                        }
                        Value::Object(items_schema(items, &items_at, cx, true, depth + 1))
                    }
                    other => other.clone(),
                };
                schema.insert(key.clone(), items);
            }
            "x-nullable" => {
                if value == &Value::Bool(true) {
                    schema.insert("nullable".into(), Value::Bool(true));
                }
                if nested {
                    schema.insert(key.clone(), value.clone());
                }
            }
            k if SCHEMA_KEYWORDS.contains(&k) => {
                schema.insert(key.clone(), value.clone());
            }
            k if nested && k.starts_with("x-") => {
                schema.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }
    schema
}

/// `collectionFormat` as 3.0's `style` and `explode`, for an array parameter
/// in `location`. 2.0's default is `csv`, 3.0's for the query is exploded
/// `form`, so a query array always says which it is.
fn style(
    parameter: &Map<String, Value>,
    location: &str,
    from: &str,
    cx: &mut Cx,
) -> Vec<(String, Value)> {
    if parameter.get("type").and_then(Value::as_str) != Some("array") {
        return Vec::new();
    }
    let format = parameter.get("collectionFormat").and_then(Value::as_str);
    let at = member(from, "collectionFormat");
    let shape = |style: &str, explode: bool| {
        vec![
            ("style".to_owned(), json!(style)),
            ("explode".to_owned(), json!(explode)),
        ]
    };
    if location != "query" {
        // `simple`, the 3.0 default in a path or header, is `csv`.
        if let Some(format) = format.filter(|f| *f != "csv") {
            cx.note(
                at,
                format!("`collectionFormat: {format}` has no OpenAPI 3 form in a {location} parameter: sent comma-separated (`csv`)"),
            );
        }
        return Vec::new();
    }
    match format {
        None | Some("csv") => shape("form", false),
        Some("multi") => shape("form", true),
        Some("ssv") => shape("spaceDelimited", false),
        Some("pipes") => shape("pipeDelimited", false),
        Some(other) => {
            cx.note(
                at,
                format!("`collectionFormat: {other}` has no OpenAPI 3 style: sent comma-separated (`csv`)"),
            );
            shape("form", false)
        }
    }
}

/// The 3.0 `encoding` of an array field of an urlencoded form, by its
/// `collectionFormat` (`None`: 3.0's default, exploded `form`, is `multi`).
pub(super) fn form_encoding(field: &Map<String, Value>, from: &str, cx: &mut Cx) -> Option<Value> {
    if field.get("type").and_then(Value::as_str) != Some("array") {
        return None;
    }
    let style = |style: &str| Some(json!({"style": style, "explode": false}));
    match field.get("collectionFormat").and_then(Value::as_str) {
        None | Some("csv") => style("form"),
        Some("multi") => None,
        Some("ssv") => style("spaceDelimited"),
        Some("pipes") => style("pipeDelimited"),
        Some(other) => {
            cx.note(
                member(from, "collectionFormat"),
                format!("`collectionFormat: {other}` has no OpenAPI 3 style: sent comma-separated (`csv`)"),
            );
            style("form")
        }
    }
}
