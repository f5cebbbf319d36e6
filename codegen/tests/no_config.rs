//! Generation with no config file: what is inferred from the spec (crate
//! identity, envelope, error pointers), only where every operation agrees,
//! and that a named config file must exist.

use std::path::Path;

fn spec(envelope_everywhere: bool, title: &str, version: &str) -> String {
    let second = if envelope_everywhere {
        "{type: object, properties: {status: {type: string}, data: {type: array, items: {type: string}}}}"
    } else {
        "{type: array, items: {type: string}}"
    };
    format!(
        r#"openapi: 3.0.3
info: {{title: '{title}', version: '{version}'}}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{status: {{type: string}}, data: {{type: object, properties: {{id: {{type: string}}}}}}}}}}}}}}}}
        '404': {{description: no, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Problem'}}}}}}}}
  /b:
    get:
      operationId: getB
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {second}}}}}}}
        default: {{description: no, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Problem'}}}}}}}}
components:
  schemas:
    Problem:
      type: object
      properties:
        error: {{type: object, properties: {{code: {{type: string}}, message: {{type: string}}}}}}
"#
    )
}

fn generate(text: &str, origin: &str) -> codegen::Files {
    codegen::generate_from_str(text, origin, codegen::Config::without_file()).unwrap()
}

#[test]
fn an_envelope_every_operation_has_is_unwrapped() {
    let files = generate(&spec(true, "Acme Billing API", "2.1.0"), "acme.yaml");
    assert!(files.files["Cargo.toml"].contains("name = \"acme_billing_api\"\nversion = \"2.1.0\""));
    assert!(files.files["src/client.rs"].contains("error_code_pointers: &[\"/error/code\"]"));
    assert!(files.files["src/client.rs"].contains("error_message_pointers: &[\"/error/message\"]"));
    assert!(files.files["src/client.rs"].contains("struct Envelope"));
    assert_eq!(
        files.summary,
        "inferred: crate acme_billing_api 2.1.0; envelope /data; errors code /error/code message /error/message; lists: 0 paged, 1 whole"
    );
}

#[test]
fn an_envelope_one_operation_lacks_is_left_alone() {
    let files = generate(&spec(false, "Ünïcode", "v2"), "/some/dir/their-api.yaml");
    assert!(!files.files["src/client.rs"].contains("struct Envelope"));
    assert!(files.files["Cargo.toml"].contains("name = \"their_api\"\nversion = \"0.1.0\""));
    assert!(!files.summary.contains("envelope"), "{}", files.summary);
}

#[test]
fn the_config_overrides_part_by_part() {
    let config =
        codegen::Config::parse("crate: {name: mine}\nenvelope: null\nerrors: {message: [/detail]}")
            .unwrap();
    let files =
        codegen::generate_from_str(&spec(true, "Acme", "1.2.3"), "acme.yaml", config).unwrap();
    assert!(files.files["Cargo.toml"].contains("name = \"mine\"\nversion = \"1.2.3\""));
    assert!(!files.files["src/client.rs"].contains("struct Envelope"));
    assert!(files.files["src/client.rs"].contains("error_message_pointers: &[\"/detail\"]"));
    assert!(files.files["src/client.rs"].contains("error_code_pointers: &[\"/error/code\"]"));
}

#[test]
fn a_missing_default_config_is_fine_a_named_one_is_not() {
    let dir = std::env::temp_dir().join(format!("no-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("acme.yaml");
    std::fs::write(&path, spec(true, "Acme", "1.0.0")).unwrap();
    assert!(codegen::generate(&path, None).is_ok());
    let missing = dir.join("missing.codegen.yaml");
    let err = codegen::generate(&path, Some(Path::new(&missing))).unwrap_err();
    assert!(matches!(err, codegen::Error::Io { .. }), "{err}");
    assert!(err.to_string().contains("missing.codegen.yaml"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
