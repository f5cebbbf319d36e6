//! The conversion rules of operations: parameters and their styles, body and
//! form parameters, parameters at the path level and at the top level, and
//! responses.

use serde_json::{json, Value};

use super::{converted, notes, origin};

#[test]
fn parameters_take_a_schema_and_collection_formats_a_style() {
    let param = |extra: Value| {
        let mut p = json!({"name": "ids", "in": "query", "type": "array",
            "items": {"type": "integer", "format": "int64", "minimum": 1}});
        p.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        p
    };
    let (doc, c) = converted(json!({"paths": {"/a": {"get": {"parameters": [
        param(json!({})),
        param(json!({"collectionFormat": "csv", "maxItems": 5, "x-ms-client-name": "Ids"})),
        param(json!({"collectionFormat": "multi"})),
        param(json!({"collectionFormat": "ssv"})),
        param(json!({"collectionFormat": "pipes"})),
        param(json!({"collectionFormat": "tsv"})),
        {"name": "X-Tags", "in": "header", "type": "array", "items": {"type": "string"},
            "collectionFormat": "pipes"},
        {"name": "id", "in": "path", "required": true, "type": "string", "pattern": "^[a-z]+$",
            "x-nullable": true},
        {"name": "q", "in": "query", "type": "string", "enum": ["a", "b"], "default": "a",
            "allowEmptyValue": true, "x-ms-enum": {"name": "Q"}},
        {"name": "untyped", "in": "query"}
    ], "responses": {"204": {"description": "ok"}}}}}}));
    let params = &doc["paths"]["/a"]["get"]["parameters"];
    let items = json!({"type": "integer", "format": "int64", "minimum": 1});
    assert_eq!(
        params[0],
        json!({"name": "ids", "in": "query", "style": "form", "explode": false,
            "schema": {"type": "array", "items": items}})
    );
    assert_eq!(
        params[1],
        json!({"name": "ids", "in": "query", "style": "form", "explode": false,
            "schema": {"type": "array", "items": items, "maxItems": 5}, "x-ms-client-name": "Ids"})
    );
    let styles: Vec<(Value, Value)> = (2..6)
        .map(|i| (params[i]["style"].clone(), params[i]["explode"].clone()))
        .collect();
    assert_eq!(
        styles,
        [
            (json!("form"), json!(true)),
            (json!("spaceDelimited"), json!(false)),
            (json!("pipeDelimited"), json!(false)),
            (json!("form"), json!(false)),
        ]
    );
    assert_eq!(
        params[6],
        json!({"name": "X-Tags", "in": "header",
            "schema": {"type": "array", "items": {"type": "string"}}})
    );
    assert_eq!(
        params[7],
        json!({"name": "id", "in": "path", "required": true,
            "schema": {"type": "string", "pattern": "^[a-z]+$", "nullable": true}, "x-nullable": true})
    );
    assert_eq!(
        params[8],
        json!({"name": "q", "in": "query",
            "schema": {"type": "string", "enum": ["a", "b"], "default": "a"},
            "allowEmptyValue": true, "x-ms-enum": {"name": "Q"}})
    );
    assert_eq!(params[9]["schema"], json!({"type": "string"}));
    assert_eq!(
        notes(&c),
        [
            "#/paths/~1a/get/parameters/5/collectionFormat: `collectionFormat: tsv` has no OpenAPI 3 style: sent comma-separated (`csv`)",
            "#/paths/~1a/get/parameters/6/collectionFormat: `collectionFormat: pipes` has no OpenAPI 3 form in a header parameter: sent comma-separated (`csv`)",
            "#/paths/~1a/get/parameters/9: a parameter without `type`: read as a string",
        ]
    );
    assert_eq!(
        origin(&c, "#/paths/~1a/get/parameters/1/schema/items/minimum"),
        "#/paths/~1a/get/parameters/1/items/minimum"
    );
}

#[test]
fn body_parameters_become_request_bodies_with_the_consumed_media_types() {
    let body = |name: &str| {
        json!({"name": name, "in": "body", "required": true, "description": "The pet.",
            "schema": {"$ref": "#/definitions/Pet"}, "x-ms-client-flatten": true})
    };
    let ok = json!({"200": {"description": "ok"}});
    let (doc, c) = converted(json!({"consumes": ["application/json", "text/json"],
        "definitions": {"Pet": {"type": "object"}},
        "paths": {"/a": {
            "post": {"parameters": [{"name": "x", "in": "query", "type": "string"}, body("pet")],
                "responses": ok},
            "put": {"consumes": ["application/merge-patch+json"], "parameters": [body("pet")],
                "responses": ok}}}}));
    let post = &doc["paths"]["/a"]["post"];
    let schema = json!({"schema": {"$ref": "#/components/schemas/Pet"}});
    assert_eq!(
        post["requestBody"],
        json!({"description": "The pet.", "content": {"application/json": schema, "text/json": schema},
            "required": true, "x-ms-client-flatten": true})
    );
    // The body is out of the list; what stays is a parameter.
    assert_eq!(post["parameters"].as_array().unwrap().len(), 1);
    let keys: Vec<&str> = post
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["parameters", "requestBody", "responses"]);
    assert_eq!(
        doc["paths"]["/a"]["put"]["requestBody"]["content"],
        json!({"application/merge-patch+json": schema})
    );
    assert!(doc["paths"]["/a"]["put"].get("parameters").is_none());
    assert!(doc["paths"]["/a"]["put"].get("consumes").is_none());
    assert_eq!(
        origin(
            &c,
            "#/paths/~1a/put/requestBody/content/application~1merge-patch+json/schema"
        ),
        "#/paths/~1a/put/parameters/0/schema"
    );
    assert!(c.notes.is_empty(), "{:?}", notes(&c));

    // Neither the operation nor the document names a media type: JSON.
    let (doc, _) = converted(json!({"paths": {"/a": {"post": {
        "parameters": [{"name": "b", "in": "body", "schema": {"type": "string"}}],
        "responses": ok}}}}));
    assert_eq!(
        doc["paths"]["/a"]["post"]["requestBody"],
        json!({"content": {"application/json": {"schema": {"type": "string"}}}})
    );
}

#[test]
fn a_body_without_schema_or_beside_another_body_is_a_note() {
    let (doc, c) = converted(json!({"paths": {"/a": {"post": {"parameters": [
        {"name": "first", "in": "body"},
        {"name": "second", "in": "body", "schema": {"type": "string"}},
        {"name": "field", "in": "formData", "type": "string"}],
        "responses": {"204": {"description": "ok"}}}}}}));
    assert_eq!(
        doc["paths"]["/a"]["post"]["requestBody"],
        json!({"content": {"application/json": {"schema": {}}}})
    );
    assert_eq!(
        notes(&c),
        [
            "#/paths/~1a/post/parameters/1: an operation has one body: only the first body parameter (`first`) is sent",
            "#/paths/~1a/post/parameters/2: formData parameters beside a body parameter are not sent: an operation has one body",
            "#/paths/~1a/post/parameters/0: a body parameter without `schema`: the body is any JSON value",
        ]
    );
}

#[test]
fn form_fields_become_one_object_body() {
    let fields = json!([
        {"name": "name", "in": "formData", "type": "string", "required": true,
            "description": "Who.", "x-ms-client-name": "Who"},
        {"name": "tags", "in": "formData", "type": "array", "items": {"type": "string"}},
        {"name": "ids", "in": "formData", "type": "array", "items": {"type": "integer"},
            "collectionFormat": "multi"},
        {"name": "age", "in": "formData", "type": "integer", "minimum": 0}
    ]);
    let (doc, c) = converted(json!({"consumes": ["application/x-www-form-urlencoded"],
        "paths": {"/a": {"post": {"parameters": fields, "responses": {"204": {"description": "ok"}}}}}}));
    assert_eq!(
        doc["paths"]["/a"]["post"]["requestBody"],
        json!({"content": {"application/x-www-form-urlencoded": {
            "schema": {"type": "object", "properties": {
                "name": {"type": "string", "description": "Who.", "x-ms-client-name": "Who"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "ids": {"type": "array", "items": {"type": "integer"}},
                "age": {"type": "integer", "minimum": 0}},
                "required": ["name"]},
            "encoding": {"tags": {"style": "form", "explode": false}}}},
            "required": true})
    );
    assert!(c.notes.is_empty(), "{:?}", notes(&c));
    assert_eq!(
        origin(&c, "#/paths/~1a/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/age/minimum"),
        "#/paths/~1a/post/parameters/3/minimum"
    );

    // A file makes it multipart whatever `consumes` says, with a note when it
    // does not say so; `consumes` can ask for multipart without a file.
    let file = json!({"name": "upload", "in": "formData", "type": "file", "required": true});
    let (doc, c) = converted(json!({"consumes": ["application/x-www-form-urlencoded"],
        "paths": {"/a": {"post": {"parameters": [file, fields[1]],
            "responses": {"204": {"description": "ok"}}}}}}));
    assert_eq!(
        doc["paths"]["/a"]["post"]["requestBody"]["content"],
        json!({"multipart/form-data": {"schema": {"type": "object", "properties": {
            "upload": {"type": "string", "format": "binary"},
            "tags": {"type": "array", "items": {"type": "string"}}},
            "required": ["upload"]}}})
    );
    assert_eq!(
        notes(&c),
        [
            "#/paths/~1a/post/parameters/0: a file is sent as multipart/form-data, which `consumes` does not list",
            "#/paths/~1a/post/parameters/1: an array in a multipart form is sent as one part per item (`multi`), not `csv`",
        ]
    );
    let (doc, _) = converted(json!({"paths": {"/a": {"post": {
        "consumes": ["multipart/form-data"], "parameters": [fields[0]],
        "responses": {"204": {"description": "ok"}}}}}}));
    assert!(doc["paths"]["/a"]["post"]["requestBody"]["content"]
        .get("multipart/form-data")
        .is_some());
}

#[test]
fn path_level_parameters_stay_and_path_level_bodies_go_to_each_operation() {
    let (doc, c) = converted(json!({"paths": {"/a/{id}": {
        "parameters": [
            {"name": "body", "in": "body", "schema": {"type": "object"}},
            {"name": "id", "in": "path", "required": true, "type": "string"}],
        "put": {"responses": {"204": {"description": "ok"}}},
        "post": {"parameters": [{"name": "other", "in": "body", "schema": {"type": "string"}}],
            "responses": {"204": {"description": "ok"}}}}}}));
    let item = &doc["paths"]["/a/{id}"];
    assert_eq!(
        item["parameters"],
        json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}])
    );
    assert_eq!(
        item["put"]["requestBody"]["content"]["application/json"]["schema"],
        json!({"type": "object"})
    );
    // The operation's own body overrides the path's.
    assert_eq!(
        item["post"]["requestBody"]["content"]["application/json"]["schema"],
        json!({"type": "string"})
    );
    assert_eq!(
        origin(&c, "#/paths/~1a~1{id}/parameters/0/schema/type"),
        "#/paths/~1a~1{id}/parameters/1/type"
    );
    assert_eq!(
        origin(
            &c,
            "#/paths/~1a~1{id}/put/requestBody/content/application~1json/schema"
        ),
        "#/paths/~1a~1{id}/parameters/0/schema"
    );
}

#[test]
fn top_level_parameters_become_components_by_kind() {
    let (doc, c) = converted(json!({"consumes": ["application/json"],
        "parameters": {
            "Limit": {"name": "limit", "in": "query", "type": "integer", "maximum": 100},
            "Pet": {"name": "pet", "in": "body", "required": true, "schema": {"type": "object"}},
            "Note": {"name": "note", "in": "formData", "type": "string"}},
        "paths": {"/a": {
            "post": {"parameters": [{"$ref": "#/parameters/Limit"}, {"$ref": "#/parameters/Pet"}],
                "responses": {"204": {"description": "ok"}}},
            "put": {"consumes": ["text/json"], "parameters": [{"$ref": "#/parameters/Pet"}],
                "responses": {"204": {"description": "ok"}}},
            "patch": {"parameters": [{"$ref": "#/parameters/Note"}, {"$ref": "#/parameters/Gone"}],
                "responses": {"204": {"description": "ok"}}}}}}));
    let components = &doc["components"];
    assert_eq!(
        components["parameters"],
        json!({"Limit": {"name": "limit", "in": "query",
            "schema": {"type": "integer", "maximum": 100}}})
    );
    assert_eq!(
        components["requestBodies"],
        json!({"Pet": {"content": {"application/json": {"schema": {"type": "object"}}},
            "required": true}})
    );
    let a = &doc["paths"]["/a"];
    assert_eq!(
        a["post"]["parameters"],
        json!([{"$ref": "#/components/parameters/Limit"}])
    );
    assert_eq!(
        a["post"]["requestBody"],
        json!({"$ref": "#/components/requestBodies/Pet"})
    );
    // Another media type than the component's: a copy.
    assert_eq!(
        a["put"]["requestBody"],
        json!({"content": {"text/json": {"schema": {"type": "object"}}}, "required": true})
    );
    assert_eq!(
        origin(&c, "#/paths/~1a/put/requestBody/content/text~1json/schema"),
        "#/parameters/Pet/schema"
    );
    // A form field has no component: the operation gets a copy. A reference
    // to nothing is left for the model to report where it is used.
    assert_eq!(
        a["patch"]["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
            ["properties"],
        json!({"note": {"type": "string"}})
    );
    assert_eq!(
        a["patch"]["parameters"],
        json!([{"$ref": "#/components/parameters/Gone"}])
    );
    assert_eq!(
        origin(&c, "#/paths/~1a/patch/parameters/0"),
        "#/paths/~1a/patch/parameters/1"
    );
    assert_eq!(
        origin(&c, "#/components/parameters/Limit/schema/maximum"),
        "#/parameters/Limit/maximum"
    );
}

#[test]
fn responses_get_content_per_produced_media_type_headers_and_examples() {
    let (doc, c) = converted(json!({"produces": ["application/json"],
        "responses": {"NotFound": {"description": "gone", "schema": {"$ref": "#/definitions/Error"}}},
        "definitions": {"Error": {"type": "object"}},
        "paths": {"/a": {"get": {"produces": ["application/json", "application/xml"],
            "responses": {
                "200": {"description": "ok", "schema": {"type": "array", "items": {"type": "string"}},
                    "headers": {"X-Rate": {"type": "integer", "format": "int32", "description": "left"},
                        "X-Ids": {"type": "array", "items": {"type": "string"}, "collectionFormat": "ssv"}},
                    "examples": {"application/json": ["a"], "text/csv": "a"},
                    "x-ms-error-response": false},
                "404": {"$ref": "#/responses/NotFound"},
                "x-extension": true}},
            "delete": {"responses": {"404": {"$ref": "#/responses/NotFound"},
                "default": {"$ref": "../common.json#/responses/Error"}}}}}}));
    let get = &doc["paths"]["/a"]["get"]["responses"];
    let items = json!({"type": "array", "items": {"type": "string"}});
    assert_eq!(
        get["200"],
        json!({"description": "ok",
            "content": {"application/json": {"schema": items, "example": ["a"]},
                "application/xml": {"schema": items}},
            "headers": {
                "X-Rate": {"description": "left", "schema": {"type": "integer", "format": "int32"}},
                "X-Ids": {"schema": {"type": "array", "items": {"type": "string"}}}},
            "x-ms-error-response": false})
    );
    // The component has the document's media types; this operation's differ: a copy.
    assert_eq!(
        get["404"]["content"]["application/xml"]["schema"],
        json!({"$ref": "#/components/schemas/Error"})
    );
    assert_eq!(get["x-extension"], true);
    let delete = &doc["paths"]["/a"]["delete"]["responses"];
    assert_eq!(
        delete["404"],
        json!({"$ref": "#/components/responses/NotFound"})
    );
    assert_eq!(
        delete["default"],
        json!({"$ref": "../common.json#/responses/Error"})
    );
    assert_eq!(
        doc["components"]["responses"]["NotFound"],
        json!({"description": "gone", "content": {"application/json":
            {"schema": {"$ref": "#/components/schemas/Error"}}}})
    );
    assert_eq!(
        notes(&c),
        [
            "#/paths/~1a/get/responses/200/headers/X-Ids/collectionFormat: `collectionFormat: ssv` has no OpenAPI 3 form in a header: read comma-separated",
            "#/paths/~1a/get/responses/200/examples/text~1csv: an example for a media type the response does not produce (or of a response without `schema`): left out",
        ]
    );
    assert_eq!(
        origin(
            &c,
            "#/paths/~1a/get/responses/200/headers/X-Rate/schema/format"
        ),
        "#/paths/~1a/get/responses/200/headers/X-Rate/format"
    );
    assert_eq!(
        origin(
            &c,
            "#/paths/~1a/get/responses/200/content/application~1json/example"
        ),
        "#/paths/~1a/get/responses/200/examples/application~1json"
    );
    assert_eq!(
        origin(
            &c,
            "#/paths/~1a/get/responses/404/content/application~1xml/schema"
        ),
        "#/responses/NotFound/schema"
    );
}
