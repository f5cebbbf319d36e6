//! Schemas given by reference to a document the spec does not carry (a
//! shared `common.json`, a pagination file beside the spec) are read as any
//! JSON value, with one note per reference, instead of costing every
//! operation that uses them. Parameters and responses given that way still
//! cost their operation, with a note.

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Numbers, version: '1'}
paths:
  /numbers:
    get:
      operationId: listNumbers
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: string}}
                  page:
                    description: Where the list is.
                    $ref: '../../common/pagination.yml'
        default:
          description: failed
          content:
            application/json:
              schema: {$ref: '../Common/common.json#/definitions/ErrorResponse'}
  /numbers/{id}:
    get:
      operationId: getNumber
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Number'}
        default:
          description: failed
          content:
            application/json:
              schema: {$ref: '../Common/common.json#/definitions/ErrorResponse'}
  /numbers/{id}/release:
    post:
      operationId: releaseNumber
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {$ref: '../Common/common.json#/parameters/ApiVersion'}
      responses: {'204': {description: ok}}
components:
  schemas:
    Number:
      type: object
      properties:
        e164: {type: string}
        carrier: {$ref: 'carriers.yaml#/Carrier'}
"#;

fn generate(config: &str) -> codegen::Result<codegen::Files> {
    let config = if config.is_empty() {
        codegen::Config::without_file()
    } else {
        codegen::Config::parse(config).unwrap()
    };
    codegen::generate_from_str(SPEC, "numbers.yaml", config)
}

/// The notes about references to other documents.
fn reference_notes(files: &codegen::Files) -> Vec<&String> {
    files
        .notes
        .iter()
        .filter(|n| n.contains("does not carry"))
        .collect()
}

#[test]
fn external_schemas_cost_nothing_and_are_noted_once_each() {
    let files = generate("").unwrap();
    let api = &files.files["src/apis/default.rs"];
    for method in ["pub fn list_numbers(", "pub fn get_number("] {
        assert!(api.contains(method), "{method} missing:\n{api}");
    }
    assert_eq!(
        reference_notes(&files),
        [
            "#/paths/~1numbers/get/responses/200/content/application~1json/schema/properties/page/$ref: reference \"../../common/pagination.yml\" is to a document this one does not carry: read as any JSON value",
            "#/paths/~1numbers/get/responses/default/content/application~1json/schema/$ref: reference \"../Common/common.json#/definitions/ErrorResponse\" is to a document this one does not carry: read as any JSON value",
            "#/components/schemas/Number/properties/carrier/$ref: reference \"carriers.yaml#/Carrier\" is to a document this one does not carry: read as any JSON value",
        ]
    );
    // Read as any JSON value, the description kept.
    let types = &files.files["src/types.rs"];
    assert!(
        types.contains("pub carrier: Option<serde_json::Value>"),
        "{types}"
    );
    assert!(types.contains("Where the list is."), "{types}");
}

#[test]
fn an_external_parameter_still_costs_its_operation() {
    let files = generate("").unwrap();
    assert_eq!(
        files.left_out.values().sum::<usize>(),
        1,
        "{:?}",
        files.notes
    );
    assert!(
        files
            .notes
            .iter()
            .any(|n| n.starts_with("left out POST /numbers/{id}/release (releaseNumber)")),
        "{:?}",
        files.notes
    );
    assert!(!files.files["src/apis/default.rs"].contains("release_number"));
}

#[test]
fn with_a_config_that_refuses_unsupported_constructs_it_still_generates() {
    // Without the parameter given by reference, nothing is unsupported.
    let spec = SPEC.replace(
        "        - {$ref: '../Common/common.json#/parameters/ApiVersion'}\n",
        "",
    );
    let config = codegen::Config::parse("crate: {name: numbers, version: 0.1.0}").unwrap();
    let files = codegen::generate_from_str(&spec, "numbers.yaml", config).unwrap();
    assert!(files.files["src/apis/default.rs"].contains("pub fn release_number("));
    assert_eq!(reference_notes(&files).len(), 3);
}
