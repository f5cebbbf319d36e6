//! `unsupported: skip` in the config leaves out what cannot be generated,
//! says so, and generates the rest; without it, generation stops.

const SPEC: &str = r#"
openapi: 3.1.0
info: {title: Uploads, version: '1'}
paths:
  /files:
    post:
      operationId: uploadFile
      requestBody:
        content:
          multipart/form-data:
            schema: {type: array, items: {type: string, format: binary}}
      responses: {'204': {description: ok}}
  /files/{id}:
    get:
      operationId: getFile
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}
"#;

fn config(extra: &str) -> codegen::Config {
    codegen::Config::parse(&format!(
        "crate: {{name: uploads, version: 0.1.0}}\n{extra}"
    ))
    .unwrap()
}

#[test]
fn by_default_an_unsupported_operation_stops_generation() {
    let err = codegen::generate_from_str(SPEC, "spec", config("")).unwrap_err();
    assert!(
        err.to_string()
            .contains("#/paths/~1files/post/requestBody/content"),
        "{err}"
    );
}

#[test]
fn skip_leaves_it_out_and_says_so() {
    let files = codegen::generate_from_str(SPEC, "spec", config("unsupported: skip")).unwrap();
    assert_eq!(files.notes.len(), 1);
    assert!(
        files.notes[0].contains("POST /files (uploadFile)"),
        "{:?}",
        files.notes
    );
    let api = &files.files["src/apis/default.rs"];
    assert!(
        api.contains("pub fn get_file(") && !api.contains("upload_file"),
        "{api}"
    );
    let readme = &files.files["README.md"];
    assert!(
        readme.contains("## Operations not generated")
            && readme.contains("`POST /files` (`uploadFile`)")
    );
}

/// An operation the spec gets wrong, and one with a parameter that has no
/// text form: each costs itself under `skip`, and stops generation without it.
const FLAWED: &str = r#"
openapi: 3.0.3
info: {title: Reports, version: '1'}
paths:
  /reports/{job_id}:
    get:
      operationId: getReport
      responses: {'204': {description: ok}}
  /analytics:
    get:
      operationId: analytics
      parameters:
        - name: ids
          in: query
          schema: {type: array, items: {type: object, properties: {id: {type: string}}}}
      responses: {'204': {description: ok}}
  /reports:
    get:
      operationId: listReports
      responses: {'204': {description: ok}}
"#;

#[test]
fn an_invalid_operation_or_an_unwritable_parameter_costs_only_that_operation() {
    let files = codegen::generate_from_str(FLAWED, "spec", config("unsupported: skip")).unwrap();
    let left_out: Vec<&String> = files
        .notes
        .iter()
        .filter(|n| n.contains("left out"))
        .collect();
    assert_eq!(left_out.len(), 2, "{:?}", files.notes);
    assert!(
        left_out
            .iter()
            .any(|n| n.contains("GET /reports/{job_id} (getReport)")
                && n.contains("no path parameter `job_id` is declared")),
        "{left_out:?}"
    );
    assert!(
        left_out
            .iter()
            .any(|n| n.contains("GET /analytics (analytics)") && n.contains("parameter `ids`")),
        "{left_out:?}"
    );
    let api = &files.files["src/apis/default.rs"];
    assert!(api.contains("pub fn list_reports("), "{api}");
    assert!(
        !api.contains("get_report") && !api.contains("fn analytics"),
        "{api}"
    );

    let err = codegen::generate_from_str(FLAWED, "spec", config("")).unwrap_err();
    assert!(err.to_string().contains("job_id"), "{err}");
}

#[test]
fn each_note_is_said_once() {
    let spec = r#"
openapi: 3.0.3
info: {title: Notes, version: '1'}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: code, in: query, schema: {type: string, pattern: '\p{Alnum}+'}}
      responses: {'204': {description: ok}}
  /reports:
    get:
      operationId: getReports
      parameters:
        - name: ids
          in: query
          schema: {type: array, items: {type: object, properties: {id: {type: string}}}}
      responses: {'204': {description: ok}}
"#;
    let files = codegen::generate_from_str(spec, "spec", config("unsupported: skip")).unwrap();
    let pattern: Vec<&String> = files
        .notes
        .iter()
        .filter(|n| n.contains("not checking the pattern"))
        .collect();
    let left_out: Vec<&String> = files
        .notes
        .iter()
        .filter(|n| n.contains("left out GET /reports"))
        .collect();
    assert_eq!((pattern.len(), left_out.len()), (1, 1), "{:?}", files.notes);
}
