//! Each kind of record, on OpenAPI 3.0, 3.1 and Swagger 2.0 snippets: the
//! actions derived, and the spec they make when applied.

use serde_json::{json, Value};

use super::{actions, run, NUMBERS_30};

const NUMBERS_31: &str = "
openapi: 3.1.0
info: {title: Numbers, version: 1.0.0}
paths:
  /numbers/{id}:
    get:
      operationId: numbersGet
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Number'}}}}
components:
  schemas:
    Number:
      type: object
      properties:
        status: {type: string, enum: [active]}
        carrier: {$ref: '#/components/schemas/Carrier', description: Who serves it}
        rate: {type: integer}
        tags: {type: [string, array], items: {type: string}}
    Carrier: {type: object}
";

const PETS_20: &str = "
swagger: '2.0'
info: {title: Pets, version: 1.0.0}
produces: [application/json]
paths:
  /pets/{id}:
    get:
      operationId: petsGet
      responses:
        '200': {description: ok, schema: {$ref: '#/definitions/Pet'}}
definitions:
  Pet:
    type: object
    properties:
      name: {type: string}
      owner: {$ref: '#/definitions/Owner'}
      age: {type: integer}
  Owner: {type: object}
";

fn line(kind: &str, schema: &str, rest: &str) -> String {
    format!(r#"{{"kind":"{kind}","operation":"op","schema":"{schema}"{rest}}}"#)
}

fn run_lines(spec: &str, lines: &[String]) -> (Value, Vec<Value>, Value) {
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let (before, drift, after) = run(spec, &lines);
    (before, actions(&drift), after)
}

const NUMBER: &str = "/components/schemas/Number";

#[test]
fn an_undeclared_property_is_added_with_its_sketch_creating_properties() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents: {schemas: {Bare: {type: object}}}\n";
    let (_, actions, after) = run_lines(
        spec,
        &[line(
            "undeclared_property",
            "/components/schemas/Bare",
            r#","property":"meta","observed":{"type":"object","properties":{"at":{"type":"string","format":"date-time"},"ids":{"type":"array","items":{"type":"integer"}}}}"#,
        )],
    );
    assert_eq!(actions.len(), 1);
    assert_eq!(
        after["components"]["schemas"]["Bare"],
        json!({"type": "object", "properties": {"meta": {"type": "object", "properties": {
            "at": {"type": "string", "format": "date-time"},
            "ids": {"type": "array", "items": {"type": "integer"}}}}}})
    );
    assert_eq!(
        actions[0]["description"],
        "Seen 1 time on op: property `meta` (object) not in the spec; added, optional."
    );
}

#[test]
fn properties_of_one_object_are_one_update_and_null_makes_a_new_one_nullable() {
    let (_, actions, after) = run_lines(
        NUMBERS_30,
        &[
            line(
                "undeclared_property",
                NUMBER,
                r#","property":"region","observed":{"type":"string"}"#,
            ),
            line(
                "undeclared_property",
                NUMBER,
                r#","property":"lata","observed":{"type":"integer"}"#,
            ),
            // `null` recorded at the place of a property the spec lacks.
            line(
                "unexpected_null",
                &format!("{NUMBER}/properties/region"),
                "",
            ),
        ],
    );
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(
        actions[0]["update"],
        json!({"properties": {"lata": {"type": "integer"}, "region": {"type": "string", "nullable": true}}})
    );
    assert!(actions[0]["description"]
        .as_str()
        .unwrap()
        .contains("property `region` (string or null)"));
    assert_eq!(
        after["components"]["schemas"]["Number"]["properties"]["region"]["nullable"],
        true
    );
}

#[test]
fn a_property_on_31_seen_null_gets_null_in_its_type() {
    let (_, _, after) = run_lines(
        NUMBERS_31,
        &[line(
            "undeclared_property",
            NUMBER,
            r#","property":"region","observed":{"type":["string","null"]}"#,
        )],
    );
    assert_eq!(
        after["components"]["schemas"]["Number"]["properties"]["region"],
        json!({"type": ["string", "null"]})
    );
}

#[test]
fn unlisted_enum_values_are_appended_in_one_update() {
    let status = format!("{NUMBER}/properties/status");
    let (_, actions, after) = run_lines(
        NUMBERS_30,
        &[
            line("unlisted_enum_value", &status, r#","value":"suspended""#),
            line(
                "unlisted_enum_value",
                &status,
                r#","value":"porting","count":5"#,
            ),
        ],
    );
    assert_eq!(actions.len(), 1);
    assert_eq!(
        actions[0]["update"],
        json!({"enum": ["porting", "suspended"]})
    );
    assert_eq!(
        after["components"]["schemas"]["Number"]["properties"]["status"]["enum"],
        json!(["active", "ported", "porting", "suspended"])
    );
}

#[test]
fn a_redacted_enum_value_is_a_note_and_no_action() {
    let status = format!("{NUMBER}/properties/status");
    let spec = super::spec(NUMBERS_30);
    let drift = super::overlay_for(
        &spec,
        &super::logs(&[&line(
            "unlisted_enum_value",
            &status,
            r#","redacted":true,"count":3"#,
        )]),
    )
    .unwrap();
    assert_eq!(drift.changes, 0);
    assert_eq!(
        drift.notes,
        ["a value not among the enum's values at #/components/schemas/Number/properties/status was seen 3 times on op, but withheld, as the place holds a secret: no action; add the value by hand once it is known"]
    );
    assert!(drift
        .overlay
        .contains("# Note: a value not among the enum's values"));
}

#[test]
fn null_makes_a_30_schema_nullable_and_wraps_a_ref_in_all_of() {
    let (_, actions, after) = run_lines(
        NUMBERS_30,
        &[
            line("unexpected_null", &format!("{NUMBER}/properties/rate"), ""),
            line(
                "unexpected_null",
                &format!("{NUMBER}/properties/carrier"),
                "",
            ),
            line(
                "unexpected_null",
                &format!("{NUMBER}/properties/status"),
                "",
            ),
        ],
    );
    let properties = &after["components"]["schemas"]["Number"]["properties"];
    assert_eq!(
        properties["rate"],
        json!({"type": "integer", "format": "int32", "nullable": true})
    );
    assert_eq!(
        properties["carrier"],
        json!({"allOf": [{"$ref": "#/components/schemas/Carrier"}], "nullable": true})
    );
    // An enum lists `null` once its schema allows it.
    assert_eq!(
        properties["status"]["enum"],
        json!(["active", "ported", null])
    );
    assert_eq!(
        actions[0]["target"],
        "$['components']['schemas']['Number']['properties']['carrier']['$ref']"
    );
    assert_eq!(actions[0]["remove"], true);
    assert!(actions[0]["description"].as_str().unwrap().starts_with("Removed for the next action, which wraps the reference. Seen 1 time on op: null where the spec says Carrier; now nullable."));
    assert_eq!(
        actions[1]["target"],
        "$['components']['schemas']['Number']['properties']['carrier']"
    );
}

#[test]
fn null_on_31_adds_null_to_the_type_or_wraps_a_ref_in_any_of() {
    let (_, actions, after) = run_lines(
        NUMBERS_31,
        &[
            line("unexpected_null", &format!("{NUMBER}/properties/rate"), ""),
            line(
                "unexpected_null",
                &format!("{NUMBER}/properties/carrier"),
                "",
            ),
            line("unexpected_null", &format!("{NUMBER}/properties/tags"), ""),
        ],
    );
    let properties = &after["components"]["schemas"]["Number"]["properties"];
    assert_eq!(properties["rate"], json!({"type": ["integer", "null"]}));
    assert_eq!(
        properties["carrier"],
        json!({"description": "Who serves it", "anyOf": [{"$ref": "#/components/schemas/Carrier"}, {"type": "null"}]})
    );
    assert_eq!(
        properties["tags"]["type"],
        json!(["string", "array", "null"])
    );
    // A string `type` becoming a list is removed, then given again.
    let rate: Vec<&Value> = actions
        .iter()
        .filter(|a| a["target"].as_str().unwrap().contains("['rate']"))
        .collect();
    assert_eq!(
        rate[0]["target"],
        "$['components']['schemas']['Number']['properties']['rate']['type']"
    );
    assert_eq!(rate[1]["update"], json!({"type": ["integer", "null"]}));
}

#[test]
fn null_on_swagger_2_is_x_nullable_and_wraps_a_ref() {
    let (_, _, after) = run_lines(
        PETS_20,
        &[
            line("unexpected_null", "/definitions/Pet/properties/name", ""),
            line("unexpected_null", "/definitions/Pet/properties/owner", ""),
        ],
    );
    let properties = &after["definitions"]["Pet"]["properties"];
    assert_eq!(
        properties["name"],
        json!({"type": "string", "x-nullable": true})
    );
    assert_eq!(
        properties["owner"],
        json!({"allOf": [{"$ref": "#/definitions/Owner"}], "x-nullable": true})
    );
}

#[test]
fn a_type_mismatch_widens_the_type() {
    let rate = format!("{NUMBER}/properties/rate");
    let carrier = format!("{NUMBER}/properties/carrier");
    let string = r#","observed":{"type":"string"}"#;
    // 3.0: an `anyOf` of the declared schema and the observed one.
    let (_, _, after) = run_lines(
        NUMBERS_30,
        &[
            line("type_mismatch", &rate, string),
            line("type_mismatch", &carrier, string),
        ],
    );
    let properties = &after["components"]["schemas"]["Number"]["properties"];
    assert_eq!(
        properties["rate"],
        json!({"anyOf": [{"type": "integer", "format": "int32"}, {"type": "string"}]})
    );
    assert_eq!(
        properties["carrier"],
        json!({"anyOf": [{"$ref": "#/components/schemas/Carrier"}, {"type": "string"}]})
    );
    // 3.1: a type list; a `$ref` in an `anyOf`, its description kept outside.
    let (_, _, after) = run_lines(
        NUMBERS_31,
        &[
            line("type_mismatch", &rate, string),
            line("type_mismatch", &carrier, string),
        ],
    );
    let properties = &after["components"]["schemas"]["Number"]["properties"];
    assert_eq!(properties["rate"], json!({"type": ["integer", "string"]}));
    assert_eq!(
        properties["carrier"],
        json!({"description": "Who serves it", "anyOf": [{"$ref": "#/components/schemas/Carrier"}, {"type": "string"}]})
    );
    // A number where an integer was declared: a number.
    let (_, actions, after) = run_lines(
        NUMBERS_30,
        &[line(
            "type_mismatch",
            &rate,
            r#","observed":{"type":"number"}"#,
        )],
    );
    assert_eq!(
        after["components"]["schemas"]["Number"]["properties"]["rate"],
        json!({"type": "number"})
    );
    assert!(actions[0]["description"]
        .as_str()
        .unwrap()
        .ends_with("number where the spec says integer; widened to number."));
    // 2.0 has no `anyOf`: any value.
    let (_, _, after) = run_lines(
        PETS_20,
        &[line(
            "type_mismatch",
            "/definitions/Pet/properties/age",
            string,
        )],
    );
    assert_eq!(after["definitions"]["Pet"]["properties"]["age"], json!({}));
}

#[test]
fn a_type_mismatch_of_an_object_carries_the_properties_added_inside_it() {
    // The object is wrapped in an `anyOf`: the new property goes with it, in one update.
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Call:\n      type: object\n      properties:\n        meta: {type: object, description: Extra, properties: {a: {type: string}}}\n";
    let meta = "/components/schemas/Call/properties/meta";
    let (_, actions, after) = run_lines(
        spec,
        &[
            line("type_mismatch", meta, r#","observed":{"type":"string"}"#),
            line(
                "undeclared_property",
                meta,
                r#","property":"b","observed":{"type":"boolean"}"#,
            ),
        ],
    );
    assert_eq!(
        after["components"]["schemas"]["Call"]["properties"]["meta"],
        json!({"description": "Extra", "anyOf": [
            {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "boolean"}}},
            {"type": "string"}]})
    );
    let update = actions.last().unwrap();
    let description = update["description"].as_str().unwrap();
    assert!(
        description.contains("now object or string") && description.contains("property `b`"),
        "{description}"
    );
}

#[test]
fn a_format_every_record_agrees_on_replaces_the_declared_one() {
    let at = format!("{NUMBER}/properties/activated_at");
    let date = r#","observed":{"type":"string","format":"date"}"#;
    let (_, actions, after) = run_lines(
        NUMBERS_30,
        &[
            line("format_mismatch", &at, date),
            line("format_mismatch", &at, date),
        ],
    );
    assert_eq!(
        after["components"]["schemas"]["Number"]["properties"]["activated_at"],
        json!({"type": "string", "format": "date"})
    );
    assert!(actions[0]["description"].as_str().unwrap().ends_with(
        "date where the spec says format date-time; format set to date, as every record agrees."
    ));
}

#[test]
fn formats_that_differ_remove_the_format() {
    let at = format!("{NUMBER}/properties/activated_at");
    let (_, actions, after) = run_lines(
        NUMBERS_30,
        &[
            line(
                "format_mismatch",
                &at,
                r#","observed":{"type":"string","format":"date"}"#,
            ),
            line("format_mismatch", &at, r#","observed":{"type":"string"}"#),
        ],
    );
    assert_eq!(
        after["components"]["schemas"]["Number"]["properties"]["activated_at"],
        json!({"type": "string"})
    );
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0]["remove"], true);
    assert_eq!(
        actions[0]["target"],
        "$['components']['schemas']['Number']['properties']['activated_at']['format']"
    );
    assert!(actions[0]["description"]
        .as_str()
        .unwrap()
        .contains("(seen: date, no format); format removed"));
}

#[test]
fn an_undeclared_status_is_added_with_its_body() {
    let responses = "/paths/~1numbers~1{id}/get/responses";
    let (_, actions, after) = run_lines(
        NUMBERS_30,
        &[
            line(
                "undeclared_status",
                responses,
                r#","status":409,"content_type":"application/json","observed":{"type":"object","properties":{"error":{"type":"string"}}}"#,
            ),
            line(
                "undeclared_status",
                responses,
                r#","status":429,"content_type":null"#,
            ),
        ],
    );
    let responses = &after["paths"]["/numbers/{id}"]["get"]["responses"];
    assert_eq!(
        responses["409"],
        json!({"description": "Not in the vendor's spec: seen from the server (drift logs).",
               "content": {"application/json": {"schema": {"type": "object", "properties": {"error": {"type": "string"}}}}}})
    );
    assert_eq!(
        responses["429"],
        json!({"description": "Not in the vendor's spec: seen from the server (drift logs)."})
    );
    assert_eq!(actions.len(), 1);
    assert_eq!(
        actions[0]["target"],
        "$['paths']['/numbers/{id}']['get']['responses']"
    );
}

#[test]
fn an_undeclared_content_type_is_added_to_its_response() {
    let (_, _, after) = run_lines(
        NUMBERS_30,
        &[line(
            "undeclared_content_type",
            "/paths/~1numbers~1{id}/get/responses/200",
            r#","status":200,"content_type":"text/csv","observed":{"type":"string"}"#,
        )],
    );
    assert_eq!(
        after["paths"]["/numbers/{id}"]["get"]["responses"]["200"]["content"]["text/csv"],
        json!({"schema": {"type": "string"}})
    );
    // 2.0: the operation produces it too, beside what the document produces.
    let (_, _, after) = run_lines(
        PETS_20,
        &[line(
            "undeclared_content_type",
            "/paths/~1pets~1{id}/get/responses/200",
            r#","status":200,"content_type":"text/csv""#,
        )],
    );
    assert_eq!(
        after["paths"]["/pets/{id}"]["get"]["produces"],
        json!(["application/json", "text/csv"])
    );
}
