//! Whole-document normalization: the walk, references, notes, and that every
//! error's pointer resolves in the input.

use serde_json::json;

use super::*;

#[test]
fn webhook_and_callback_schemas_are_normalized_in_place() {
    let null_or_string = json!({"type": ["string", "null"]});
    let body = json!({"content": {"application/json": {"schema": {"type": "object",
        "properties": {"status": null_or_string}}}}});
    let mut doc = json!({"openapi": "3.1.0",
        "webhooks": {"call.ended": {"post": {"requestBody": body}}},
        "paths": {"/a": {"post": {"callbacks": {"done": {"{$request.body#/url}": {"post": {"requestBody": body}}}}}}},
        "components": {"callbacks": {"c": 1}}});
    normalize(&mut doc).unwrap();
    let status = "/requestBody/content/application~1json/schema/properties/status";
    let webhook = doc
        .pointer(&format!("/webhooks/call.ended/post{status}"))
        .unwrap();
    assert_eq!(webhook, &json!({"type": "string", "nullable": true}));
    let callback = doc
        .pointer(&format!(
            "/paths/~1a/post/callbacks/done/{{$request.body#~1url}}/post{status}"
        ))
        .unwrap();
    assert_eq!(callback, webhook);
    assert!(doc["components"].get("callbacks").is_none());
}

#[test]
fn callbacks_given_by_reference_are_copied_in_and_normalized() {
    let body = json!({"content": {"application/json": {"schema": {"type": "object",
        "properties": {"status": {"type": ["string", "null"]}, "at": {"prefixItems": [{}]}}}}}});
    let mut doc = json!({"openapi": "3.1.0",
        "paths": {"/a": {"post": {"callbacks": {
            "done": {"$ref": "#/components/callbacks/Done"},
            "gone": {"$ref": "#/components/callbacks/Nowhere"},
            "loop": {"$ref": "#/components/callbacks/Loop"}}}}},
        "components": {"callbacks": {
            "Done": {"{$request.body#/url}": {"post": {"requestBody": body}}},
            "Loop": {"$ref": "#/components/callbacks/Loop"}}}});
    let normalized = normalize(&mut doc).unwrap();
    let callbacks = &doc["paths"]["/a"]["post"]["callbacks"];
    let status = &callbacks["done"]["{$request.body#/url}"]["post"]["requestBody"]["content"]
        ["application/json"]["schema"]["properties"]["status"];
    assert_eq!(status, &json!({"type": "string", "nullable": true}));
    // A note about the copy names the component it came from.
    let pointers: Vec<&str> = normalized
        .notes
        .iter()
        .map(|n| n.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        ["#/components/callbacks/Done/{$request.body#~1url}/post/requestBody/content/application~1json/schema/properties/at/prefixItems"]
    );
    // What cannot be followed stays a reference, for the model to note.
    assert_eq!(
        callbacks["gone"],
        json!({"$ref": "#/components/callbacks/Nowhere"})
    );
    assert!(callbacks["loop"].get("$ref").is_some());
    assert!(doc["components"].get("callbacks").is_none());
}

#[test]
fn document_walk_finds_parameter_and_component_schemas() {
    let mut doc = json!({"openapi": "3.1.0", "paths": {"/a": {"get": {"parameters": [
        {"name": "x", "in": "query", "schema": {"type": ["string", "null"]}, "examples": {"e": {"value": 1}}}]}}},
        "components": {"schemas": {"S": {"const": 2}}}});
    normalize(&mut doc).unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    assert_eq!(
        doc["paths"]["/a"]["get"]["parameters"][0]["schema"]["nullable"],
        true
    );
    assert_eq!(
        doc["paths"]["/a"]["get"]["parameters"][0]["examples"]["e"]["value"],
        1
    );
    assert_eq!(doc["components"]["schemas"]["S"], json!({"enum": [2]}));
}

/// The JSON pointer an error names.
fn pointer_of(error: &crate::Error) -> String {
    match error {
        crate::Error::Unsupported { pointer, .. } | crate::Error::Invalid { pointer, .. } => {
            pointer.clone()
        }
        crate::Error::Parse { at, .. } => at
            .split_once(" at ")
            .map_or_else(String::new, |(_, p)| p.to_owned()),
        other => panic!("no pointer in {other}"),
    }
}

/// Generates `spec` expecting an error, and checks that the error's pointer
/// names a place that exists in the input document and ends with `ends`.
fn assert_error_points_into_input(spec: &str, ends: &str) {
    let config = crate::Config::parse("crate: {name: t, version: 0.1.0}").unwrap();
    let error = crate::generate_from_str(spec, "spec", config).unwrap_err();
    let pointer = pointer_of(&error);
    assert!(pointer.ends_with(ends), "{error}");
    // The input as written (YAML text parsed without any rewriting); NaN has
    // no JSON form, so such a document is checked against its text instead.
    let input: serde_json::Value = serde_yaml::from_str(&spec.replace(".nan", "0")).unwrap();
    let found = input.pointer(pointer.strip_prefix('#').unwrap_or("?"));
    assert!(
        found.is_some(),
        "{pointer} does not resolve in the input: {error}"
    );
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n";

#[test]
fn error_pointers_resolve_in_the_input() {
    // A reference to nothing, where a media type belongs.
    assert_error_points_into_input(
        &format!("{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {{$ref: '#/components/mediaTypes/none'}}\n"),
        "/content/application~1json/$ref",
    );
    // A wrong keyword inside a schema reached through a `$ref` into `$defs`.
    assert_error_points_into_input(
        &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      properties: {{b: {{$ref: '#/components/schemas/A/$defs/B'}}}}\n      $defs: {{B: {{type: string, minLength: -1}}}}\n"),
        "#/components/schemas/A/$defs/B/minLength",
    );
    // A wrong keyword inside a media type copied from a non-standard component.
    assert_error_points_into_input(
        &format!("{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: {{$ref: '#/components/mediaTypes/m'}}\ncomponents:\n  mediaTypes:\n    m:\n      application/json: {{schema: {{type: object, required: 3}}}}\n"),
        "#/components/mediaTypes/m/application~1json/schema/required",
    );
    // The model's error about a copied schema names the original.
    assert_error_points_into_input(
        &format!("{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {{schema: {{$ref: '#/components/schemas/A/properties/b'}}}}\ncomponents:\n  schemas:\n    A: {{properties: {{b: {{not: {{type: string}}}}}}}}\n"),
        "#/components/schemas/A/properties/b/not",
    );
    // The model's error about a branch that moved when a `null` branch went.
    assert_error_points_into_input(
        &format!("{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {{schema: {{$ref: '#/components/schemas/A'}}}}\ncomponents:\n  schemas:\n    A: {{properties: {{b: {{anyOf: [{{type: 'null'}}, {{not: {{type: string}}}}]}}}}}}\n"),
        "#/components/schemas/A/properties/b/anyOf/1/not",
    );
    assert_error_points_into_input(
        &format!("{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {{schema: {{$ref: '#/components/schemas/A'}}}}\ncomponents:\n  schemas:\n    A: {{properties: {{b: {{oneOf: [{{type: 'null'}}, {{type: string}}, {{not: {{type: string}}}}]}}}}}}\n"),
        "#/components/schemas/A/properties/b/oneOf/2/not",
    );
    // A value YAML can hold and JSON cannot.
    assert_error_points_into_input(
        &format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: number, maximum: .nan}}\n"
        ),
        "#/components/schemas/A/maximum",
    );
    // openapiv3's own error, under a path with `.` in it.
    assert_error_points_into_input(
        &format!("{HEAD}paths:\n  /a.json:\n    get:\n      parameters: [{{name: 5, in: query}}]\n      responses: {{'200': {{description: ok}}}}\n"),
        "",
    );
}

#[test]
fn keyword_names_are_names() {
    let mut doc: serde_json::Value = serde_json::from_str(
        r##"{"openapi": "3.1.0", "paths": {"/schema": {"get": {"parameters": [{"$ref": "#/components/parameters/schema"}],
            "requestBody": {"$ref": "#/components/requestBodies/type"},
            "responses": {"200": {"$ref": "#/components/responses/properties"}}}}},
        "components": {
            "parameters": {"schema": {"name": "schema", "in": "query", "schema": {"type": ["string", "null"]}}},
            "requestBodies": {"type": {"content": {"application/json": {"schema": {"const": 1}}}}},
            "responses": {"properties": {"content": {"application/json": {"schema": {"type": "object",
                "properties": {"required": {"type": ["integer", "null"]}, "type": {"const": "t"}}}}}}},
            "headers": {"schema": {"schema": {"const": 2}}}
        }}"##,
    )
    .unwrap();
    normalize(&mut doc).unwrap();
    let c = &doc["components"];
    assert_eq!(
        c["parameters"]["schema"]["schema"],
        json!({"type": "string", "nullable": true})
    );
    assert_eq!(
        c["requestBodies"]["type"]["content"]["application/json"]["schema"],
        json!({"enum": [1]})
    );
    let props =
        &c["responses"]["properties"]["content"]["application/json"]["schema"]["properties"];
    assert_eq!(
        props["required"],
        json!({"type": "integer", "nullable": true})
    );
    assert_eq!(props["type"], json!({"enum": ["t"]}));
    // A response read as a response: it gets its required description.
    assert_eq!(c["responses"]["properties"]["description"], "");
    assert_eq!(c["headers"]["schema"]["schema"], json!({"enum": [2]}));
}

#[test]
fn notes_name_input_pointers_once_and_in_order() {
    let mut doc = json!({"openapi": "3.1.0", "paths": {"/a": {"get": {"responses": {"200": {
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A/properties/t"}}}}}}}},
    "components": {"schemas": {
        "A": {"properties": {"t": {"prefixItems": [{"type": "string"}]}}},
        "B": {"if": {}, "patternProperties": {"^x": {}}}
    }}});
    let notes: Vec<String> = normalize(&mut doc)
        .unwrap()
        .notes
        .iter()
        .map(|n| n.pointer.clone())
        .collect();
    assert_eq!(
        notes,
        [
            "#/components/schemas/B/patternProperties",
            "#/components/schemas/B/if",
            "#/components/schemas/A/properties/t/prefixItems",
        ]
    );
}

#[test]
fn schemas_in_other_documents_are_any_value_with_one_note_per_reference() {
    let mut doc = json!({"openapi": "3.0.3", "paths": {"/a": {"get": {"responses": {
        "200": {"content": {"application/json": {"schema": {"type": "object", "properties": {
            "page": {"allOf": [{"$ref": "../common/pagination.yml"}, {"type": "object"}]},
            "owner": {"$ref": "common.json#/definitions/Owner", "description": "Who."}}}}}},
        "default": {"content": {"application/json": {"schema": {"$ref": "common.json#/definitions/Error"}}}}}}}},
        "components": {"schemas": {
            "Error": {"$ref": "common.json#/definitions/Error"},
            "Local": {"$ref": "#/components/schemas/Error"}}}});
    let notes: Vec<String> = normalize(&mut doc)
        .unwrap()
        .notes
        .iter()
        .map(ToString::to_string)
        .collect();
    let schema =
        &doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(schema["properties"]["page"]["allOf"][0], json!({}));
    assert_eq!(
        schema["properties"]["owner"],
        json!({"description": "Who."})
    );
    assert_eq!(doc["components"]["schemas"]["Error"], json!({}));
    assert_eq!(
        doc["components"]["schemas"]["Local"],
        json!({"$ref": "#/components/schemas/Error"})
    );
    let at = "#/paths/~1a/get/responses";
    assert_eq!(
        notes,
        [
            format!("{at}/200/content/application~1json/schema/properties/page/allOf/0/$ref: reference \"../common/pagination.yml\" is to a document this one does not carry: read as any JSON value"),
            format!("{at}/200/content/application~1json/schema/properties/owner/$ref: reference \"common.json#/definitions/Owner\" is to a document this one does not carry: read as any JSON value"),
            format!("{at}/default/content/application~1json/schema/$ref: reference \"common.json#/definitions/Error\" is to a document this one does not carry: read as any JSON value"),
        ]
    );

    // In a 2.0 document, the note names the place in the input.
    let mut doc = json!({"swagger": "2.0", "paths": {}, "definitions": {
        "Error": {"$ref": "../common.json#/definitions/Error"}}});
    let notes = normalize(&mut doc).unwrap().notes;
    assert_eq!(notes[0].pointer, "#/definitions/Error/$ref");
    assert_eq!(doc["components"]["schemas"]["Error"], json!({}));
}

#[test]
fn swagger_documents_are_converted_first() {
    let mut doc = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"schema": {"type": ["string", "null"]}}}}}}});
    normalize(&mut doc).unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    assert!(doc.get("swagger").is_none());
    // Then normalized as any document: the 3.1 type array, the missing description.
    let response = &doc["paths"]["/a"]["get"]["responses"]["200"];
    assert_eq!(
        response["content"]["application/json"]["schema"],
        json!({"type": "string", "nullable": true})
    );
    assert_eq!(response["description"], "");
}
