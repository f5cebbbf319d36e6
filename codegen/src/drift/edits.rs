//! What each kind of record changes in the spec, made on the node where it
//! lands ([`place_for`](super::place::place_for)) in the forms of the spec's
//! version. Each change returns the words its action's description uses, or
//! why the record changes nothing (the spec already says it, or cannot say
//! it there).

use serde_json::{json, Map, Value};

use super::place::is_null_schema;
use super::records::{Detail, Tally};
use super::sketch::{JsonType, Sketch};
use super::Spec;
use crate::load::Version;

/// Keywords that only describe a schema: they stay on the outside when a
/// schema is wrapped in an `anyOf`, so its documentation stays where it was.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "nullable",
    "x-nullable",
];

/// What a response the spec did not declare is described as.
const OBSERVED_RESPONSE: &str = "Not in the vendor's spec: seen from the server (drift logs).";

/// Makes the change `detail` asks for on `node` (at a place whose node in
/// the spec as read is `old`): the words for the description, or why
/// nothing changed.
pub(crate) fn apply(
    spec: &Spec,
    detail: &Detail,
    tally: &Tally,
    node: &mut Map<String, Value>,
    old: &Value,
) -> Result<String, String> {
    let observed = tally.observed.clone().unwrap_or_default();
    match detail {
        Detail::Property(name) => add_property(spec, node, old, name, &observed),
        Detail::EnumValue(text) => add_enum_value(node, old, tally.value.as_ref(), text),
        Detail::Redacted => Err("the value was withheld (the place holds a secret)".into()),
        Detail::Format => change_format(node, &observed),
        Detail::Type => widen(spec.version, node, &observed),
        Detail::Null => allow_null(spec.version, node),
        Detail::Status {
            status,
            content_type,
        } => add_status(
            spec,
            node,
            old,
            status,
            content_type.as_deref(),
            tally.observed.as_ref(),
        ),
        Detail::ContentType {
            response,
            content_type,
        } => add_content_type(
            spec,
            node,
            old,
            response,
            content_type,
            tally.observed.as_ref(),
        ),
    }
}

/// The property, optional, its schema the observed sketch's; `properties`
/// is created when the object has none.
fn add_property(
    spec: &Spec,
    node: &mut Map<String, Value>,
    old: &Value,
    name: &str,
    observed: &Sketch,
) -> Result<String, String> {
    if old.get("properties").and_then(|p| p.get(name)).is_some() {
        return Err(format!("property `{name}` is declared there now"));
    }
    if let Some(types) = declared_types(node) {
        if !types.iter().any(|t| t == "object") {
            return Err(format!(
                "the schema there is {}, not an object",
                types.join(" or ")
            ));
        }
    }
    let properties = node
        .entry("properties")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(properties) = properties else {
        return Err("`properties` there is not an object".into());
    };
    properties.insert(name.to_owned(), observed.schema(spec.version));
    Ok(format!(
        "property `{name}` ({observed}) not in the spec; added, optional"
    ))
}

/// The value appended to `enum` (the update of an array appends).
fn add_enum_value(
    node: &mut Map<String, Value>,
    old: &Value,
    value: Option<&Value>,
    text: &str,
) -> Result<String, String> {
    let Some(value) = value else {
        return Err("the record has no value".into());
    };
    if old
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.contains(value))
    {
        return Err(format!("{text} is listed there now"));
    }
    if let Some(types) = declared_types(node) {
        if !types.iter().any(|t| json_type_of(value).fits(t)) {
            return Err(format!(
                "{text} is {} and the enum holds {}: a type mismatch, not a missing value",
                json_type_of(value).name(),
                types.join(" or ")
            ));
        }
    }
    let Some(Value::Array(values)) = node.get_mut("enum") else {
        return Err("the schema there has no `enum`".into());
    };
    values.push(value.clone());
    Ok(format!("value {text} not among the enum's values; added"))
}

/// The format every record agrees on replaces the declared one; records
/// that disagree (or saw no known format) mean the server sends more than
/// one shape, and `format` goes.
fn change_format(node: &mut Map<String, Value>, observed: &Sketch) -> Result<String, String> {
    let Some(declared) = node
        .get("format")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return Err("the schema there has no `format`".into());
    };
    // The formats seen, then "no format" for values in none recognised.
    let mut seen: Vec<&str> = observed
        .formats
        .iter()
        .filter(|f| !f.is_empty())
        .map(String::as_str)
        .collect();
    if observed.formats.is_empty() || observed.formats.contains("") {
        seen.push("no format");
    }
    let seen = seen.join(", ");
    match observed.agreed_format() {
        Some(format) if format == declared => Err(format!("the format is {declared} there now")),
        Some(format) => {
            node.insert("format".into(), json!(format));
            Ok(format!(
                "{format} where the spec says format {declared}; format set to {format}, as every record agrees"
            ))
        }
        None => {
            node.shift_remove("format");
            Ok(format!(
                "values not in format {declared} (seen: {seen}); format removed, as the server sends more than one shape"
            ))
        }
    }
}

/// The schema accepts the observed type too: an integer seen as a number
/// becomes a number; otherwise 3.1 lists both types, and 3.0 takes an
/// `anyOf` of the declared and the observed schema (an `anyOf` rather than
/// a `oneOf`: the generator makes either an untagged enum with a `From`
/// per alternative, and `anyOf` stays true of a value both fit). Swagger
/// 2.0 has no way to say either-or: the value becomes any JSON value.
fn widen(
    version: Version,
    node: &mut Map<String, Value>,
    observed: &Sketch,
) -> Result<String, String> {
    let observed = observed.without_null();
    let types = observed.value_types();
    if types.is_empty() {
        return Err("the record saw no type".into());
    }
    let before = described(node);
    let declared = declared_types(node).unwrap_or_default();
    let names: Vec<&str> = types.iter().map(|t| t.name()).collect();
    let numbers_only = types
        .iter()
        .all(|t| matches!(t, JsonType::Integer | JsonType::Number));
    if declared == ["integer"] && numbers_only && !node.contains_key("$ref") {
        node.insert("type".into(), json!("number"));
        if matches!(
            node.get("format").and_then(Value::as_str),
            Some("int32" | "int64")
        ) {
            node.shift_remove("format");
        }
        return Ok(format!(
            "{observed} where the spec says integer; widened to number"
        ));
    }
    let accepted = accepted(node);
    if names.iter().all(|n| accepted.iter().any(|a| a == n)) {
        return Err(format!("the schema there accepts {observed} now"));
    }
    let composed = ["anyOf", "oneOf"]
        .into_iter()
        .find(|c| node.get(*c).is_some_and(Value::is_array));
    match version {
        Version::V20 => {
            node.retain(|key, _| ANNOTATIONS.contains(&key.as_str()));
            return Ok(format!(
                "{observed} where the spec says {before}; Swagger 2.0 cannot say either-or, so the value is now any JSON value"
            ));
        }
        Version::V31 | Version::V32 if !declared.is_empty() && !node.contains_key("$ref") => {
            let mut all: Vec<Value> = declared.iter().map(|d| json!(d)).collect();
            all.extend(
                names
                    .iter()
                    .filter(|n| !declared.iter().any(|d| d == *n))
                    .map(|n| json!(n)),
            );
            node.insert("type".into(), Value::Array(all));
            if let Value::Object(shape) = observed.schema(version) {
                for key in ["properties", "items"] {
                    if let (Some(value), false) = (shape.get(key), node.contains_key(key)) {
                        node.insert(key.into(), value.clone());
                    }
                }
            }
        }
        _ if composed.is_some() && !node.contains_key("$ref") => {
            if let Some(Value::Array(branches)) = composed.and_then(|c| node.get_mut(c)) {
                branches.push(observed.schema(version));
            }
        }
        _ => wrap(node, observed.schema(version)),
    }
    Ok(format!(
        "{observed} where the spec says {before}; now {before} or {observed}"
    ))
}

/// `node` becomes `anyOf: [node, alternative]`, its annotations kept outside.
fn wrap(node: &mut Map<String, Value>, alternative: Value) {
    let (outer, core): (Map<String, Value>, Map<String, Value>) = std::mem::take(node)
        .into_iter()
        .partition(|(key, _)| ANNOTATIONS.contains(&key.as_str()));
    *node = outer;
    node.insert(
        "anyOf".into(),
        Value::Array(vec![Value::Object(core), alternative]),
    );
}

/// The schema allows `null`: `nullable` (3.0), `x-nullable` (2.0) or
/// `"null"` among the types (3.1), a `$ref` wrapped so the change is not
/// ignored.
fn allow_null(version: Version, node: &mut Map<String, Value>) -> Result<String, String> {
    if is_nullable(version, node) {
        return Err("the schema there is nullable now".into());
    }
    let before = described(node);
    let reference = node.shift_remove("$ref");
    match (version, reference) {
        // Siblings of `$ref` are ignored before 3.1: the reference goes into
        // an `allOf`, which the generator reads as the referenced type.
        (Version::V30 | Version::V20, reference) => {
            if let Some(reference) = reference {
                node.insert("allOf".into(), json!([{"$ref": reference}]));
            }
            let flag = if version == Version::V30 {
                "nullable"
            } else {
                "x-nullable"
            };
            node.insert(flag.into(), Value::Bool(true));
        }
        (Version::V31 | Version::V32, Some(reference)) => {
            node.insert(
                "anyOf".into(),
                json!([{"$ref": reference}, {"type": "null"}]),
            );
        }
        (Version::V31 | Version::V32, None) => match node.get_mut("type") {
            Some(Value::Array(names)) => names.push(json!("null")),
            Some(name @ Value::String(_)) => *name = json!([name.clone(), "null"]),
            _ => {
                let composed = ["anyOf", "oneOf"]
                    .into_iter()
                    .find(|c| node.get(*c).is_some_and(Value::is_array));
                match composed.and_then(|c| node.get_mut(c)) {
                    Some(Value::Array(branches)) => branches.push(json!({"type": "null"})),
                    _ => wrap(node, json!({"type": "null"})),
                }
            }
        },
    }
    // An enum lists every value the schema allows, `null` too.
    if let Some(Value::Array(values)) = node.get_mut("enum") {
        values.push(Value::Null);
    }
    Ok(format!("null where the spec says {before}; now nullable"))
}

fn is_nullable(version: Version, node: &Map<String, Value>) -> bool {
    let flag = |name: &str| node.get(name) == Some(&Value::Bool(true));
    match version {
        Version::V30 => flag("nullable"),
        Version::V20 => flag("x-nullable"),
        Version::V31 | Version::V32 => {
            declared_types(node).is_some_and(|types| types.iter().any(|t| t == "null"))
                || ["anyOf", "oneOf"].iter().any(|c| {
                    node.get(*c)
                        .and_then(Value::as_array)
                        .is_some_and(|branches| branches.iter().any(is_null_schema))
                })
        }
    }
}

/// The response, described as observed, with its body's media type and
/// sketch (2.0: its `schema`) when the record saw one.
fn add_status(
    spec: &Spec,
    responses: &mut Map<String, Value>,
    old: &Value,
    status: &str,
    content_type: Option<&str>,
    observed: Option<&Sketch>,
) -> Result<String, String> {
    if old.get(status).is_some() {
        return Err(format!("status {status} is declared now"));
    }
    let response = responses
        .entry(status)
        .or_insert_with(|| json!({"description": OBSERVED_RESPONSE}));
    let Value::Object(response) = response else {
        return Err(format!("response {status} is not an object"));
    };
    let body = match (content_type, observed) {
        (Some(content_type), Some(observed)) => format!(" ({content_type}: {observed})"),
        (Some(content_type), None) => format!(" ({content_type})"),
        (None, _) => String::new(),
    };
    match (spec.version, content_type) {
        (Version::V20, _) => {
            if let (Some(observed), false) = (observed, response.contains_key("schema")) {
                response.insert("schema".into(), observed.schema(spec.version));
            }
        }
        (_, Some(content_type)) => {
            let media = media_type(observed, spec.version);
            let content = response
                .entry("content")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(content) = content {
                content.insert(content_type.to_owned(), media);
            }
        }
        (_, None) => {}
    }
    Ok(format!(
        "status {status}{body} not among the operation's responses; added"
    ))
}

/// The media type added to the declared response that matched (2.0: to
/// what the operation `produces`).
fn add_content_type(
    spec: &Spec,
    node: &mut Map<String, Value>,
    old: &Value,
    response: &str,
    content_type: &str,
    observed: Option<&Sketch>,
) -> Result<String, String> {
    let what = format!("content type {content_type} not declared for response {response}; added");
    if spec.version == Version::V20 {
        // `node` is the operation: its `produces`, else the document's, else JSON.
        let listed = |value: Option<&Value>| -> Option<Vec<Value>> {
            value?.as_array().filter(|list| !list.is_empty()).cloned()
        };
        let mut produces = listed(old.get("produces"))
            .or_else(|| listed(spec.doc.get("produces")))
            .unwrap_or_else(|| vec![json!(crate::normalize::SWAGGER2_DEFAULT_MEDIA_TYPE)]);
        if produces.contains(&json!(content_type)) {
            return Err(format!("{content_type} is produced there now"));
        }
        produces.push(json!(content_type));
        node.insert("produces".into(), Value::Array(produces));
        return Ok(what);
    }
    if old
        .get("content")
        .and_then(|c| c.get(content_type))
        .is_some()
    {
        return Err(format!("{content_type} is declared there now"));
    }
    let content = node
        .entry("content")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(content) = content else {
        return Err("the response's `content` is not an object".into());
    };
    content.insert(content_type.to_owned(), media_type(observed, spec.version));
    Ok(what)
}

/// A media type object: the body's schema when the record sketched one.
fn media_type(observed: Option<&Sketch>, version: Version) -> Value {
    match observed {
        Some(observed) => json!({"schema": observed.schema(version)}),
        None => json!({}),
    }
}

/// The type names a schema declares (`type` as a string or an array).
fn declared_types(node: &Map<String, Value>) -> Option<Vec<String>> {
    match node.get("type")? {
        Value::String(name) => Some(vec![name.clone()]),
        Value::Array(names) => Some(
            names
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        ),
        _ => None,
    }
}

/// The JSON types a schema accepts, as far as its `type` and the `type`s
/// of its `anyOf`/`oneOf` branches say (`number` accepting integers too).
fn accepted(node: &Map<String, Value>) -> Vec<String> {
    let mut names = declared_types(node).unwrap_or_default();
    for combinator in ["anyOf", "oneOf"] {
        let branches = node.get(combinator).and_then(Value::as_array);
        for branch in branches.into_iter().flatten() {
            if let Value::Object(branch) = branch {
                names.extend(declared_types(branch).unwrap_or_default());
            }
        }
    }
    if names.iter().any(|n| n == "number") {
        names.push("integer".into());
    }
    names
}

/// A schema in words, for descriptions: `integer`, `string or null`,
/// `Carrier` (a reference), `a union`, `any value`.
fn described(node: &Map<String, Value>) -> String {
    if let Some(types) = declared_types(node) {
        return types.join(" or ");
    }
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        return reference.rsplit('/').next().unwrap_or(reference).to_owned();
    }
    if ["anyOf", "oneOf"].iter().any(|c| node.contains_key(*c)) {
        return "a union".into();
    }
    if node.contains_key("properties") {
        return "object".into();
    }
    "any value".into()
}

fn json_type_of(value: &Value) -> JsonType {
    match value {
        Value::String(_) => JsonType::String,
        Value::Number(n) if n.is_i64() || n.is_u64() => JsonType::Integer,
        Value::Number(_) => JsonType::Number,
        Value::Bool(_) => JsonType::Boolean,
        Value::Object(_) => JsonType::Object,
        Value::Array(_) => JsonType::Array,
        Value::Null => JsonType::Null,
    }
}

impl JsonType {
    /// Whether a value of this type is valid for the declared type `name`.
    fn fits(self, name: &str) -> bool {
        self.name() == name || (self == JsonType::Integer && name == "number")
    }
}
