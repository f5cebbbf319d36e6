//! One test per conversion rule, on small inline documents; then that errors
//! and notes about converted parts name their places in the 2.0 input. The
//! rules of operations (parameters, bodies, responses) are in `operations`.

mod operations;

use serde_json::{json, Value};

use super::*;
use crate::normalize::refs::original_pointer;

/// A 2.0 document with `rest` as its other top-level members.
pub(super) fn doc(rest: Value) -> Value {
    let mut doc = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}});
    doc.as_object_mut()
        .unwrap()
        .extend(rest.as_object().unwrap().clone());
    doc
}

pub(super) fn converted(rest: Value) -> (Value, Converted) {
    let mut doc = doc(rest);
    let converted = convert(&mut doc).unwrap();
    (doc, converted)
}

/// The notes' pointers and messages, one line each.
pub(super) fn notes(converted: &Converted) -> Vec<String> {
    converted.notes.iter().map(ToString::to_string).collect()
}

/// The input pointer of a pointer into the converted document.
pub(super) fn origin(converted: &Converted, pointer: &str) -> String {
    original_pointer(std::slice::from_ref(&converted.moves), pointer)
}

#[test]
fn top_level_is_3_0_and_2_0_members_are_gone() {
    let (doc, _) = converted(json!({"host": "h", "basePath": "/v1", "schemes": ["https"],
        "consumes": ["application/json"], "produces": ["application/json"],
        "definitions": {}, "parameters": {}, "responses": {}, "securityDefinitions": {},
        "paths": {}, "tags": [{"name": "a"}], "x-top": 1}));
    let keys: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["openapi", "info", "servers", "paths", "tags", "x-top"]
    );
    assert_eq!(doc["openapi"], "3.0.3");
}

#[test]
fn servers_from_host_base_path_and_schemes_https_first() {
    let (doc, _) = converted(json!({"host": "api.example.com", "basePath": "/v1/",
        "schemes": ["http", "https", "ws"], "paths": {}}));
    assert_eq!(
        doc["servers"],
        json!([{"url": "https://api.example.com/v1"}, {"url": "http://api.example.com/v1"}])
    );
    let (doc, _) = converted(json!({"host": "api.example.com", "basePath": "/", "paths": {}}));
    assert_eq!(doc["servers"], json!([{"url": "https://api.example.com"}]));
    let (doc, _) = converted(json!({"schemes": ["http"], "host": "h", "paths": {}}));
    assert_eq!(doc["servers"], json!([{"url": "http://h"}]));
    // No host: relative to where the document is served; nothing at all: no servers.
    let (doc, _) = converted(json!({"basePath": "/api", "paths": {}}));
    assert_eq!(doc["servers"], json!([{"url": "/api"}]));
    let (doc, _) = converted(json!({"paths": {}}));
    assert!(doc.get("servers").is_none());
}

#[test]
fn parameterized_host_becomes_a_url_template_with_variables() {
    let extension = json!({"hostTemplate": "{endpoint}", "useSchemePrefix": false,
        "parameters": [{"$ref": "#/parameters/Endpoint"}]});
    let (doc, c) = converted(json!({"host": "ignored.example.com",
        "x-ms-parameterized-host": extension,
        "parameters": {"Endpoint": {"name": "endpoint", "in": "path", "required": true,
            "type": "string", "description": "The resource's endpoint.", "x-ms-skip-url-encoding": true}},
        "paths": {}}));
    assert_eq!(
        doc["servers"],
        json!([{"url": "{endpoint}", "variables": {"endpoint":
            {"default": "", "description": "The resource's endpoint."}}}])
    );
    // The extension itself stays as written.
    assert_eq!(doc["x-ms-parameterized-host"], extension);
    assert_eq!(
        origin(&c, "#/servers/0/variables/endpoint/default"),
        "#/parameters/Endpoint/default"
    );

    // The scheme goes first by default; a parameter's default and enum are kept;
    // a variable no parameter describes has an empty default, and a note.
    let (doc, c) = converted(json!({"basePath": "/v2", "schemes": ["https"],
        "x-ms-parameterized-host": {"hostTemplate": "{account}.{zone}.example.com",
            "parameters": [{"name": "account", "in": "path", "type": "string",
                "default": "demo", "enum": ["demo", "prod"]}]},
        "paths": {}}));
    assert_eq!(
        doc["servers"],
        json!([{"url": "https://{account}.{zone}.example.com/v2", "variables": {
            "account": {"default": "demo", "enum": ["demo", "prod"]},
            "zone": {"default": ""}}}])
    );
    assert_eq!(
        notes(&c),
        ["#/x-ms-parameterized-host/hostTemplate: `{zone}` in the host template has no parameter describing it: a server variable without a default"]
    );
}

#[test]
fn definitions_become_component_schemas_and_references_follow() {
    let (doc, c) = converted(json!({"paths": {}, "definitions": {
        "Pet": {"type": "object", "discriminator": "kind", "required": ["kind"],
            "properties": {
                "kind": {"type": "string"},
                "owner": {"$ref": "#/definitions/Owner", "x-nullable": true},
                "photo": {"type": "file"},
                "tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}},
                "remote": {"$ref": "other.json#/definitions/Remote"}}},
        "Owner": {"type": "object", "x-nullable": true, "x-ms-client-name": "Keeper",
            "properties": {"name": {"type": "string", "x-nullable": false}}},
        "Tag": {"type": "string"}}}));
    let schemas = &doc["components"]["schemas"];
    let pet = &schemas["Pet"];
    assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
    assert_eq!(
        pet["properties"]["owner"],
        json!({"$ref": "#/components/schemas/Owner", "x-nullable": true, "nullable": true})
    );
    assert_eq!(
        pet["properties"]["photo"],
        json!({"type": "string", "format": "binary"})
    );
    assert_eq!(
        pet["properties"]["tags"]["items"],
        json!({"$ref": "#/components/schemas/Tag"})
    );
    // Another document's reference is for normalizing to read, as it stands.
    assert_eq!(
        pet["properties"]["remote"],
        json!({"$ref": "other.json#/definitions/Remote"})
    );
    assert_eq!(
        schemas["Owner"],
        json!({"type": "object", "x-nullable": true, "x-ms-client-name": "Keeper",
            "properties": {"name": {"type": "string", "x-nullable": false}}, "nullable": true})
    );
    assert_eq!(
        origin(&c, "#/components/schemas/Pet/properties/kind"),
        "#/definitions/Pet/properties/kind"
    );
}

#[test]
fn security_definitions_become_schemes_of_3_0() {
    let (doc, c) = converted(json!({"paths": {}, "securityDefinitions": {
        "basic": {"type": "basic", "description": "User and password."},
        "key": {"type": "apiKey", "name": "X-Key", "in": "header", "x-extra": 1},
        "implicit": {"type": "oauth2", "flow": "implicit",
            "authorizationUrl": "https://a/auth", "scopes": {"read": "Read."}},
        "password": {"type": "oauth2", "flow": "password", "tokenUrl": "https://a/token", "scopes": {}},
        "application": {"type": "oauth2", "flow": "application", "tokenUrl": "https://a/token"},
        "accessCode": {"type": "oauth2", "flow": "accessCode",
            "authorizationUrl": "https://a/auth", "tokenUrl": "https://a/token",
            "scopes": {"write": "Write."}},
        "broken": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a/auth"}}}));
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(
        schemes["basic"],
        json!({"type": "http", "scheme": "basic", "description": "User and password."})
    );
    assert_eq!(
        schemes["key"],
        json!({"type": "apiKey", "name": "X-Key", "in": "header", "x-extra": 1})
    );
    assert_eq!(
        schemes["implicit"]["flows"],
        json!({"implicit": {"authorizationUrl": "https://a/auth", "scopes": {"read": "Read."}}})
    );
    assert_eq!(
        schemes["password"]["flows"],
        json!({"password": {"tokenUrl": "https://a/token", "scopes": {}}})
    );
    assert_eq!(
        schemes["application"]["flows"],
        json!({"clientCredentials": {"tokenUrl": "https://a/token", "scopes": {}}})
    );
    assert_eq!(
        schemes["accessCode"],
        json!({"type": "oauth2", "flows": {"authorizationCode": {"authorizationUrl": "https://a/auth",
            "tokenUrl": "https://a/token", "scopes": {"write": "Write."}}}})
    );
    assert_eq!(
        schemes["broken"]["flows"]["authorizationCode"]["tokenUrl"],
        ""
    );
    assert_eq!(
        notes(&c),
        ["#/securityDefinitions/broken: the oauth2 `authorizationCode` flow has no `tokenUrl`: declared empty"]
    );
    assert_eq!(
        origin(
            &c,
            "#/components/securitySchemes/implicit/flows/implicit/authorizationUrl"
        ),
        "#/securityDefinitions/implicit/authorizationUrl"
    );
}

#[test]
fn vendor_extensions_stay_where_they_were() {
    let (doc, _) = converted(
        json!({"x-ms-paths": {"/b?op": {}}, "paths": {"x-path-ext": 1,
        "/a": {"x-item": 2, "get": {"operationId": "list",
            "x-ms-pageable": {"nextLinkName": "nextLink", "itemName": "value"},
            "x-ms-long-running-operation": true,
            "x-ms-examples": {"e": {"$ref": "./examples/e.json"}},
            "responses": {"200": {"description": "ok", "schema": {"type": "string",
                "enum": ["a"], "x-ms-enum": {"name": "E", "modelAsString": true}}}}}}}}),
    );
    let get = &doc["paths"]["/a"]["get"];
    assert_eq!(
        get["x-ms-pageable"],
        json!({"nextLinkName": "nextLink", "itemName": "value"})
    );
    assert_eq!(get["x-ms-long-running-operation"], true);
    assert_eq!(
        get["x-ms-examples"],
        json!({"e": {"$ref": "./examples/e.json"}})
    );
    assert_eq!(
        get["responses"]["200"]["content"]["application/json"]["schema"]["x-ms-enum"],
        json!({"name": "E", "modelAsString": true})
    );
    assert_eq!(doc["paths"]["x-path-ext"], 1);
    assert_eq!(doc["paths"]["/a"]["x-item"], 2);
    assert_eq!(doc["x-ms-paths"], json!({"/b?op": {}}));
}

#[test]
fn operation_schemes_that_leave_out_the_servers_are_a_note() {
    let (doc, c) = converted(
        json!({"host": "h", "schemes": ["https"], "paths": {"/a": {"get": {
        "schemes": ["http"], "responses": {"204": {"description": "ok"}}}}}}),
    );
    assert!(doc["paths"]["/a"]["get"].get("schemes").is_none());
    assert_eq!(
        notes(&c),
        ["#/paths/~1a/get/schemes: the operation's `schemes` leave out https, the server's: it is called over https like the rest"]
    );
}

#[test]
fn wrong_shapes_are_errors_at_their_pointer() {
    let error = |rest: Value| convert(&mut doc(rest)).unwrap_err().to_string();
    let cases = [
        (json!({"paths": []}), "#/paths: "),
        (json!({"paths": {"/a": 1}}), "#/paths/~1a: "),
        (json!({"paths": {"/a": {"get": "x"}}}), "#/paths/~1a/get: "),
        (
            json!({"paths": {"/a": {"get": {"parameters": {}}}}}),
            "#/paths/~1a/get/parameters: ",
        ),
        (
            json!({"paths": {"/a": {"get": {"parameters": [3]}}}}),
            "#/paths/~1a/get/parameters/0: ",
        ),
        (
            json!({"paths": {"/a": {"get": {"parameters": [{"name": "a", "in": "form"}]}}}}),
            "#/paths/~1a/get/parameters/0/in: ",
        ),
        (
            json!({"paths": {"/a": {"get": {"parameters": [{"name": "a"}]}}}}),
            "#/paths/~1a/get/parameters/0: ",
        ),
        (
            json!({"paths": {"/a": {"get": {"responses": []}}}}),
            "#/paths/~1a/get/responses: ",
        ),
        (
            json!({"paths": {"/a": {"get": {"responses": {"200": {"headers": {"X": 1}}}}}}}),
            "#/paths/~1a/get/responses/200/headers/X: ",
        ),
        (
            json!({"paths": {"/a": {"get": {"consumes": "application/json"}}}}),
            "#/paths/~1a/get/consumes: ",
        ),
        (json!({"definitions": []}), "#/definitions: "),
        (json!({"parameters": {"P": true}}), "#/parameters/P: "),
        (json!({"responses": {"R": 1}}), "#/responses/R: "),
        (
            json!({"securityDefinitions": {"S": {"type": "bearer"}}}),
            "#/securityDefinitions/S/type: ",
        ),
        (json!({"host": 1}), "#/host: "),
        (json!({"schemes": "https"}), "#/schemes: "),
    ];
    for (rest, pointer) in cases {
        let e = error(rest.clone());
        assert!(e.contains(&format!(" {pointer}")), "{rest}: {e}");
    }
    let mut other = json!({"swagger": "1.2"});
    let e = convert(&mut other).unwrap_err().to_string();
    assert!(e.contains("#/swagger") && e.contains("1.2"), "{e}");
}

/// Generates a 2.0 spec expecting an error at `pointer` whose message has `words`.
fn generation_error(spec: &str, pointer: &str, words: &str) {
    let config = crate::Config::parse("crate: {name: t, version: 0.1.0}").unwrap();
    let e = crate::generate_from_str(spec, "spec", config)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(&format!(" {pointer}:")) && e.contains(words),
        "{e}"
    );
}

const HEAD: &str = "swagger: '2.0'\ninfo: {title: t, version: '1'}\n";

#[test]
fn errors_in_converted_parts_name_their_place_in_the_input() {
    // Inside a definition.
    generation_error(
        &format!("{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200': {{description: ok, schema: {{$ref: '#/definitions/A'}}}}\ndefinitions:\n  A: {{type: object, properties: {{b: {{not: {{type: string}}}}}}}}\n"),
        "#/definitions/A/properties/b/not",
        "not",
    );
    // Inside a body parameter's schema, sent as two media types.
    generation_error(
        &format!("{HEAD}consumes: [application/json, text/json]\npaths:\n  /a:\n    post:\n      parameters:\n        - {{name: b, in: body, schema: {{type: object, properties: {{c: {{type: string, minLength: -1}}}}}}}}\n      responses: {{'204': {{description: ok}}}}\n"),
        "#/paths/~1a/post/parameters/0/schema/properties/c/minLength",
        "minLength",
    );
    // Inside a parameter's items.
    generation_error(
        &format!("{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - {{name: h, in: header, type: string}}\n        - {{name: b, in: body, schema: {{type: string}}}}\n        - {{name: q, in: query, type: array, items: {{type: string, maxLength: x}}}}\n      responses: {{'204': {{description: ok}}}}\n"),
        "#/paths/~1a/get/parameters/2/items/maxLength",
        "maxLength",
    );
    // A reference to a definition that is not there: where it is used.
    generation_error(
        &format!("{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200': {{description: ok, schema: {{$ref: '#/definitions/Gone'}}}}\n"),
        "#/paths/~1a/get/responses/200/schema",
        "Gone",
    );
    // A non-object where an operation belongs.
    generation_error(
        &format!("{HEAD}paths:\n  /a:\n    get: [1]\n"),
        "#/paths/~1a/get",
        "must be an object",
    );
}

#[test]
fn a_converted_document_generates() {
    let spec = format!("{HEAD}host: api.example.com\nbasePath: /v1\nsecurityDefinitions:\n  key: {{type: apiKey, name: X-Key, in: header}}\nsecurity: [{{key: []}}]\npaths:\n  /pets/{{id}}:\n    parameters: [{{name: id, in: path, required: true, type: string}}]\n    get:\n      operationId: getPet\n      responses:\n        '200': {{description: ok, schema: {{$ref: '#/definitions/Pet'}}}}\ndefinitions:\n  Pet: {{type: object, properties: {{name: {{type: string, x-nullable: true}}}}}}\n");
    let config = crate::Config::parse("crate: {name: t, version: 0.1.0}").unwrap();
    let files = crate::generate_from_str(&spec, "spec", config).unwrap();
    let client = &files.files["src/client.rs"];
    assert!(
        client.contains("url: \"https://api.example.com/v1\""),
        "{client}"
    );
    assert!(files.files["src/types.rs"].contains("pub struct Pet"));
    assert!(files.files["src/apis/default.rs"].contains("fn get_pet("));
}
