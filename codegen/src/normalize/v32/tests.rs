//! OpenAPI 3.2's additions through the whole normalization: each read into
//! what the model reads, or noted.

use serde_json::{json, Value};

use super::super::normalize;
use super::{EXTRA_OPERATIONS, QUERYSTRING};

fn normalized(mut doc: Value) -> (Value, Vec<String>) {
    let out = normalize(&mut doc).unwrap();
    (doc, out.notes.iter().map(ToString::to_string).collect())
}

fn op(id: &str) -> Value {
    json!({"operationId": id, "responses": {"200": {"description": "ok"}}})
}

#[test]
fn query_and_additional_operations_are_kept_by_method() {
    let (doc, notes) = normalized(json!({"openapi": "3.2.0", "paths": {"/calls": {
        "get": op("list"),
        "query": op("search"),
        "additionalOperations": {"PURGE": op("purge"), "POST": op("create"),
            "GET": op("again"), "NOT A METHOD": op("bad")}}}}));
    let item = &doc["paths"]["/calls"];
    assert!(item.get("query").is_none() && item.get("additionalOperations").is_none());
    let extra = item[EXTRA_OPERATIONS].as_object().unwrap();
    let methods: Vec<&str> = extra.keys().map(String::as_str).collect();
    assert_eq!(methods, ["QUERY", "PURGE"]);
    assert_eq!(extra["QUERY"]["operationId"], "search");
    // A fixed method in the wrong place is read from there when its field is free.
    assert_eq!(item["post"]["operationId"], "create");
    assert_eq!(item["get"]["operationId"], "list");
    let at = |m: &str| format!("#/paths/~1calls/additionalOperations/{m}: ");
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with(&at("POST")) && n.contains("read as the path item's `post`")),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n.starts_with(&at("GET")) && n.contains("left out: `get` is declared already")), "{notes:?}");
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with(&at("NOT A METHOD")) && n.contains("not an HTTP method name")),
        "{notes:?}"
    );
}

#[test]
fn a_webhook_of_another_method_is_noted() {
    let (_, notes) = normalized(json!({"openapi": "3.2.0",
        "webhooks": {"ping": {"query": op("ping"), "post": op("pong")}}}));
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with("#/webhooks/ping/query: `query` of a webhook is not read"),
        "{notes:?}"
    );
}

#[test]
fn an_operation_openapiv3_cannot_read_costs_itself_only() {
    let (doc, notes) = normalized(json!({"openapi": "3.2.0", "paths": {"/a": {
        "query": {"responses": {"200": {"description": "ok"}}, "parameters": [{"name": "x"}]},
        "additionalOperations": {"LINK": op("link")}}}}));
    let extra = doc["paths"]["/a"][EXTRA_OPERATIONS].as_object().unwrap();
    assert_eq!(extra.keys().collect::<Vec<_>>(), ["LINK"]);
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("#/paths/~1a/query: left out the QUERY operation")),
        "{notes:?}"
    );
}

#[test]
fn a_querystring_parameter_becomes_a_marked_query_one() {
    let form = json!({"application/x-www-form-urlencoded": {"schema": {"type": "object",
        "properties": {"from": {"type": "string"}}}}});
    let (doc, notes) = normalized(json!({"openapi": "3.2.0", "paths": {"/calls": {"get": {
        "parameters": [{"name": "criteria", "in": "querystring", "style": "form", "content": form}],
        "responses": {"200": {"description": "ok"}}}}}}));
    let param = &doc["paths"]["/calls"]["get"]["parameters"][0];
    assert_eq!(param["in"], "query");
    assert_eq!(param[QUERYSTRING], true);
    assert!(param.get("style").is_none());
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn tags_summaries_examples_servers_and_schemes_are_read() {
    let (doc, notes) = normalized(
        json!({"openapi": "3.2.0", "$self": "https://example.com/openapi.yaml",
        "servers": [{"url": "https://api.example.com", "name": "Production"}],
        "tags": [{"name": "Calls", "summary": "Phone calls", "kind": "nav"},
            {"name": "Recordings", "parent": "Calls", "description": "Audio"},
            {"name": "Beta", "kind": "badge"}],
        "security": [{"#/components/securitySchemes/token": []}],
        "paths": {"/calls": {"get": {"tags": ["Beta", "Calls"],
            "security": [{"https://example.com/openapi.yaml#/components/securitySchemes/token": []}],
            "responses": {"200": {"summary": "The calls", "content": {"application/json": {
                "examples": {"one": {"dataValue": {"id": 1}}, "two": {"serializedValue": "{\"id\": 2}"},
                    "three": {"serializedValue": "id=3"}}}}}}}}},
        "components": {"securitySchemes": {"token": {"type": "oauth2", "deprecated": true,
            "oauth2MetadataUrl": "https://auth.example.com/.well-known/oauth-authorization-server",
            "flows": {"deviceAuthorization": {"deviceAuthorizationUrl": "https://auth.example.com/device",
                "tokenUrl": "https://auth.example.com/token", "scopes": {}}}}}}}),
    );
    assert!(doc.get("$self").is_none());
    assert_eq!(
        doc["servers"][0],
        json!({"url": "https://api.example.com", "description": "Production"})
    );
    assert_eq!(
        doc["tags"][0],
        json!({"name": "Calls", "description": "Phone calls"})
    );
    assert_eq!(doc["security"], json!([{"token": []}]));
    let get = &doc["paths"]["/calls"]["get"];
    assert_eq!(
        get["tags"],
        json!(["Calls", "Beta"]),
        "navigation tags first"
    );
    assert_eq!(get["security"], json!([{"token": []}]));
    let response = &get["responses"]["200"];
    assert_eq!(response["description"], "The calls");
    let examples = &response["content"]["application/json"]["examples"];
    assert_eq!(examples["one"], json!({"value": {"id": 1}}));
    assert_eq!(examples["two"], json!({"value": {"id": 2}}));
    assert_eq!(examples["three"], json!({}));
    let scheme = &doc["components"]["securitySchemes"]["token"];
    assert_eq!(scheme, &json!({"type": "oauth2", "flows": {}}));
    let expected = [
        "#/tags/1/parent: tag `Recordings` nests under `Calls`: accessors are not nested",
        "#/tags/2/kind: tag `Beta` is of kind `badge`, not a navigation group",
        "#/components/securitySchemes/token/deprecated: the security scheme is deprecated",
    ];
    for start in expected {
        assert!(
            notes.iter().any(|n| n.starts_with(start)),
            "{start}: {notes:?}"
        );
    }
    assert_eq!(notes.len(), expected.len(), "{notes:?}");
}

#[test]
fn discriminator_defaults_and_cookie_style_are_noted() {
    let (doc, notes) = normalized(json!({"openapi": "3.2.0", "paths": {"/a": {"get": {
        "parameters": [{"name": "session", "in": "cookie", "style": "cookie", "schema": {"type": "string"}}],
        "responses": {"200": {"description": "ok"}}}}},
        "components": {"schemas": {
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}],
                "discriminator": {"propertyName": "kind", "defaultMapping": "#/components/schemas/Cat"}},
            "Holder": {"properties": {"any": {"oneOf": [{"type": "string"}],
                "discriminator": {"defaultMapping": "#/components/schemas/Cat"}}}},
            "Cat": {"type": "object", "properties": {"kind": {"type": "string"}},
                "xml": {"nodeType": "element"}}}}}));
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["Pet"]["discriminator"],
        json!({"propertyName": "kind"})
    );
    assert!(schemas["Holder"]["properties"]["any"]
        .get("discriminator")
        .is_none());
    assert!(doc["paths"]["/a"]["get"]["parameters"][0]
        .get("style")
        .is_none());
    let expected = [
        "#/paths/~1a/get/parameters/0/style: style `cookie` is sent as `form`",
        "#/components/schemas/Pet/discriminator/defaultMapping: `defaultMapping` (\"#/components/schemas/Cat\") is not applied",
        "#/components/schemas/Holder/properties/any/discriminator: a discriminator without `propertyName` is not used",
    ];
    for start in expected {
        assert!(
            notes.iter().any(|n| n.starts_with(start)),
            "{start}: {notes:?}"
        );
    }
    assert_eq!(notes.len(), expected.len(), "{notes:?}");
}

#[test]
fn the_same_constructs_in_a_31_document_are_left_as_they_were() {
    let (doc, _) = normalized(
        json!({"openapi": "3.1.0", "tags": [{"name": "A", "summary": "s"}],
        "paths": {"/a": {"query": op("search")}}}),
    );
    assert_eq!(doc["tags"][0]["summary"], "s");
    assert!(doc["paths"]["/a"].get(EXTRA_OPERATIONS).is_none());
}
