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
      parameters: [{name: job_id, in: path, required: true, schema: {type: string}}]
      requestBody: {$ref: '#/components/requestBodies/Gone'}
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
                && n.contains("\"#/components/requestBodies/Gone\" points to nothing")),
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
    assert!(err.to_string().contains("Gone"), "{err}");
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

/// A path naming a parameter the operation never declares (Intercom's
/// `/export/reporting_data/{job_identifier}`, whose `job_identifier` is
/// declared in the query by mistake) gets a string path parameter and a note.
#[test]
fn an_undeclared_path_name_becomes_a_required_string_with_a_note() {
    let spec = r#"
openapi: 3.0.3
info: {title: Jobs, version: '1'}
paths:
  /jobs/{job_identifier}/parts/{part}:
    get:
      operationId: getJobPart
      parameters:
        - {name: part, in: path, required: true, schema: {type: integer}}
        - {name: job_identifier, in: query, required: true, schema: {type: string}}
      responses: {'204': {description: ok}}
"#;
    // Not left out, with or without a config file saying to skip.
    for extra in ["", "unsupported: skip"] {
        let files = codegen::generate_from_str(spec, "spec", config(extra)).unwrap();
        let api = &files.files["src/apis/default.rs"];
        // Two strings, so given by name: the undeclared one first, in path order.
        assert!(
            api.contains("pub fn get_job_part(&self, required: GetJobPartRequired) -> GetJobPart")
                && api.contains(
                    "pub struct GetJobPartRequired {\n    /// The `{job_identifier}` segment of `/jobs/{job_identifier}/parts/{part}`, which the spec names without declaring it: taken as a string.\n    pub job_identifier: String,\n    /// The `part` parameter.\n    pub part: i64,\n    /// The `job_identifier` parameter.\n    pub job_identifier2: String,\n}"
                ),
            "{api}"
        );
        assert!(
            api.contains(r#""/jobs/{}/parts/{}""#)
                && api.contains("runtime::encode_path_segment(& self.job_identifier)")
                && api.contains(
                    r#"request.query_opt("job_identifier", Some(&self.job_identifier2))"#
                ),
            "{api}"
        );
        let notes: Vec<&String> = files
            .notes
            .iter()
            .filter(|n| n.contains("job_identifier"))
            .collect();
        assert_eq!(notes.len(), 1, "{:?}", files.notes);
        assert!(
            notes[0].contains("GET /jobs/{job_identifier}/parts/{part} (getJobPart)")
                && notes[0].contains("no path parameter `job_identifier` is declared")
                && notes[0].contains("taken as a required string"),
            "{notes:?}"
        );
        assert!(files.left_out.is_empty(), "{:?}", files.left_out);
    }
    // Braces that do not pair up are still an error.
    let broken = spec.replace("{part}:", "{part:");
    let err = codegen::generate_from_str(&broken, "spec", config("")).unwrap_err();
    assert!(err.to_string().contains("never closed"), "{err}");
}
