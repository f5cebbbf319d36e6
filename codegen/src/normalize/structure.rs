//! Where each kind of OpenAPI object sits in a document, found by following
//! the document's structure: under `properties`, `components/parameters` or
//! `headers` every key is a name, never a keyword, so a parameter called
//! `schema` or a property called `type` is read as what it is.

use serde_json::Value;

use crate::error::pointer_token;

/// The kinds of object a position holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    Header,
    MediaType,
    Encoding,
    Example,
    Link,
    SecurityScheme,
    Schema,
    /// One callback of an operation: its URL expressions, a path item each.
    Callback,
    /// A map of named objects (`content`, `headers`, ...) given as a `$ref`.
    Map,
}

impl Kind {
    /// The `components` member that holds named objects of this kind, when
    /// `openapiv3` reads a `$ref` in its place.
    pub(crate) fn component(self) -> Option<&'static str> {
        Some(match self {
            Kind::Parameter => "parameters",
            Kind::RequestBody => "requestBodies",
            Kind::Response => "responses",
            Kind::Header => "headers",
            Kind::Example => "examples",
            Kind::Link => "links",
            Kind::SecurityScheme => "securitySchemes",
            Kind::Schema => "schemas",
            // `openapiv3` reads no callbacks (`load::take_events` takes them
            // out first), so a callback's `$ref` is resolved here.
            Kind::PathItem
            | Kind::Operation
            | Kind::MediaType
            | Kind::Encoding
            | Kind::Callback
            | Kind::Map => return None,
        })
    }
}

/// The fixed fields of a path item that hold an operation: the HTTP
/// methods `openapiv3` reads, and 3.2's `query`.
pub(crate) const METHODS: [&str; 9] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// One position: its JSON pointer and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Position {
    pub at: String,
    pub kind: Kind,
}

/// Every position outside schemas, in document order. Schemas are listed
/// where they start (a `schema` member, a component); what is inside a
/// schema is the schema walk's business. Positions holding a `$ref` are
/// listed but not entered.
pub(crate) fn positions(doc: &Value) -> Vec<Position> {
    let mut out = Vec::new();
    let mut walk = Walk { out: &mut out };
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            walk.object(
                item,
                &format!("#/paths/{}", pointer_token(path)),
                Kind::PathItem,
            );
        }
    }
    // 3.1's webhooks: path items of the requests the API sends.
    if let Some(webhooks) = doc.get("webhooks").and_then(Value::as_object) {
        for (name, item) in webhooks {
            walk.object(
                item,
                &format!("#/webhooks/{}", pointer_token(name)),
                Kind::PathItem,
            );
        }
    }
    if let Some(components) = doc.get("components").and_then(Value::as_object) {
        for (member, kind) in [
            ("schemas", Kind::Schema),
            ("responses", Kind::Response),
            ("parameters", Kind::Parameter),
            ("examples", Kind::Example),
            ("requestBodies", Kind::RequestBody),
            ("headers", Kind::Header),
            ("securitySchemes", Kind::SecurityScheme),
            ("links", Kind::Link),
            // 3.2: media types referenced from `content` maps.
            ("mediaTypes", Kind::MediaType),
        ] {
            walk.named(
                components.get(member),
                &format!("#/components/{member}"),
                kind,
            );
        }
    }
    out
}

struct Walk<'o> {
    out: &'o mut Vec<Position>,
}

impl Walk<'_> {
    /// Each member of a map of named objects of one kind.
    fn named(&mut self, map: Option<&Value>, at: &str, kind: Kind) {
        if let Some(map) = map.and_then(Value::as_object) {
            if map.get("$ref").is_some_and(Value::is_string) {
                self.out.push(Position {
                    at: at.to_owned(),
                    kind: Kind::Map,
                });
                return;
            }
            for (name, value) in map {
                self.object(value, &format!("{at}/{}", pointer_token(name)), kind);
            }
        }
    }

    fn list(&mut self, list: Option<&Value>, at: &str, kind: Kind) {
        if let Some(list) = list.and_then(Value::as_array) {
            for (i, value) in list.iter().enumerate() {
                self.object(value, &format!("{at}/{i}"), kind);
            }
        }
    }

    fn object(&mut self, value: &Value, at: &str, kind: Kind) {
        let Some(map) = value.as_object() else {
            // A boolean schema is a schema too; anything else in a schema's
            // place is for the schema walk to reject.
            if kind == Kind::Schema {
                self.out.push(Position {
                    at: at.to_owned(),
                    kind,
                });
            }
            return;
        };
        self.out.push(Position {
            at: at.to_owned(),
            kind,
        });
        if map.contains_key("$ref") {
            return;
        }
        let member = |name: &str| format!("{at}/{}", pointer_token(name));
        match kind {
            Kind::PathItem => {
                self.list(
                    map.get("parameters"),
                    &member("parameters"),
                    Kind::Parameter,
                );
                for method in METHODS {
                    if let Some(op) = map.get(method) {
                        self.object(op, &member(method), Kind::Operation);
                    }
                }
                // 3.2's methods beyond the fixed ones (see `v32::operations`).
                self.named(
                    map.get("additionalOperations"),
                    &member("additionalOperations"),
                    Kind::Operation,
                );
            }
            Kind::Operation => {
                self.list(
                    map.get("parameters"),
                    &member("parameters"),
                    Kind::Parameter,
                );
                if let Some(body) = map.get("requestBody") {
                    self.object(body, &member("requestBody"), Kind::RequestBody);
                }
                self.named(map.get("responses"), &member("responses"), Kind::Response);
                self.named(map.get("callbacks"), &member("callbacks"), Kind::Callback);
            }
            Kind::Callback => {
                for (expression, item) in map {
                    self.object(item, &member(expression), Kind::PathItem);
                }
            }
            Kind::Parameter | Kind::Header => {
                if let Some(schema) = map.get("schema") {
                    self.object(schema, &member("schema"), Kind::Schema);
                }
                self.named(map.get("content"), &member("content"), Kind::MediaType);
                self.named(map.get("examples"), &member("examples"), Kind::Example);
            }
            Kind::RequestBody => {
                self.named(map.get("content"), &member("content"), Kind::MediaType);
            }
            Kind::Response => {
                self.named(map.get("headers"), &member("headers"), Kind::Header);
                self.named(map.get("content"), &member("content"), Kind::MediaType);
                self.named(map.get("links"), &member("links"), Kind::Link);
            }
            Kind::MediaType => {
                // 3.2's `itemSchema`: one item of a sequential media type.
                for keyword in ["schema", "itemSchema"] {
                    if let Some(schema) = map.get(keyword) {
                        self.object(schema, &member(keyword), Kind::Schema);
                    }
                }
                self.named(map.get("examples"), &member("examples"), Kind::Example);
                self.named(map.get("encoding"), &member("encoding"), Kind::Encoding);
            }
            Kind::Encoding => {
                self.named(map.get("headers"), &member("headers"), Kind::Header);
            }
            Kind::Example | Kind::Link | Kind::SecurityScheme | Kind::Schema | Kind::Map => {}
        }
    }
}

/// The subschemas directly inside a schema object, as (pointer suffix, value)
/// pairs: keywords whose value is a schema, a list of schemas, or a map of
/// names to schemas. Everything else in a schema is data or a constraint.
pub(crate) fn subschema_paths(schema: &serde_json::Map<String, Value>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (key, value) in schema {
        match key.as_str() {
            "items"
            | "additionalProperties"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "unevaluatedProperties"
            | "unevaluatedItems"
            | "additionalItems"
            | "contentSchema" => match value {
                Value::Object(_) => out.push(vec![key.clone()]),
                Value::Array(items) => {
                    out.extend((0..items.len()).map(|i| vec![key.clone(), i.to_string()]));
                }
                _ => {}
            },
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                if let Some(items) = value.as_array() {
                    out.extend((0..items.len()).map(|i| vec![key.clone(), i.to_string()]));
                }
            }
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                if let Some(map) = value.as_object() {
                    out.extend(map.keys().map(|name| vec![key.clone(), name.clone()]));
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_are_never_read_as_keywords() {
        let doc = json!({
            "paths": {"/a": {"parameters": [{"$ref": "#/components/parameters/schema"}],
                "get": {"responses": {"200": {"headers": {"schema": {"schema": {"type": "string"}}},
                    "content": {"application/json": {"schema": {"type": "object"}}}}}}}},
            "components": {
                "parameters": {"schema": {"name": "schema", "in": "query", "schema": {}}},
                "requestBodies": {"properties": {"content": {"text/plain": {"schema": {}}}}},
                "securitySchemes": {"schema": {"type": "http", "scheme": "bearer"}}
            }
        });
        let found: Vec<(String, Kind)> = positions(&doc)
            .into_iter()
            .map(|p| (p.at, p.kind))
            .collect();
        let schemas: Vec<&str> = found
            .iter()
            .filter(|(_, k)| *k == Kind::Schema)
            .map(|(at, _)| at.as_str())
            .collect();
        assert_eq!(
            schemas,
            [
                "#/paths/~1a/get/responses/200/headers/schema/schema",
                "#/paths/~1a/get/responses/200/content/application~1json/schema",
                "#/components/parameters/schema/schema",
                "#/components/requestBodies/properties/content/text~1plain/schema",
            ]
        );
        assert!(found.contains(&(
            "#/components/securitySchemes/schema".into(),
            Kind::SecurityScheme
        )));
        assert!(found.contains(&("#/paths/~1a/parameters/0".into(), Kind::Parameter)));
    }

    #[test]
    fn subschemas_follow_keywords_not_names() {
        let schema = json!({"properties": {"items": {}, "type": {}}, "items": {}, "anyOf": [{}, {}],
            "type": "object", "required": ["items"]});
        let mut paths = subschema_paths(schema.as_object().unwrap());
        paths.sort();
        assert_eq!(
            paths,
            [
                vec!["anyOf", "0"],
                vec!["anyOf", "1"],
                vec!["items"],
                vec!["properties", "items"],
                vec!["properties", "type"],
            ]
        );
    }
}
