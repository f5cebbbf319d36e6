//! Which request body and response content an operation gets when its spec
//! offers several media types, read from the generated code a user calls.

fn generate(paths: &str) -> std::collections::BTreeMap<String, String> {
    let spec = format!("openapi: 3.0.3\ninfo: {{title: Bodies, version: '1'}}\npaths:\n{paths}");
    let config = codegen::Config::parse("crate: {name: bodies, version: 0.1.0}").unwrap();
    codegen::generate_from_str(&spec, "spec", config)
        .unwrap()
        .files
        .into_iter()
        .collect()
}

fn api(paths: &str) -> String {
    generate(paths)["src/apis/default.rs"].clone()
}

#[test]
fn json_stays_the_typed_body_beside_other_types() {
    let api = api(r#"
  /faxes:
    post:
      operationId: sendFax
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema: {type: object, properties: {file: {type: string, format: binary}}}
          application/json:
            schema: {type: object, properties: {media_url: {type: string}}}
      responses: {'204': {description: ok}}
"#);
    assert!(api.contains("body: types::SendFaxBody"), "{api}");
    assert!(!api.contains("Multipart"), "{api}");
}

#[test]
fn other_media_types_go_as_text_or_bytes_with_their_type() {
    let api = api(r#"
  /a:
    post:
      operationId: sendPack
      requestBody:
        required: true
        content:
          application/x-msgpack: {schema: {type: string, format: binary}}
      responses: {'204': {description: ok}}
  /b:
    post:
      operationId: sendMixed
      requestBody:
        required: true
        content:
          multipart/mixed: {schema: {type: string}}
      responses: {'204': {description: ok}}
  /c:
    post:
      operationId: sendXml
      requestBody:
        required: true
        content:
          application/vnd.example+xml: {schema: {type: string}}
      responses: {'204': {description: ok}}
"#);
    assert!(
        api.contains(r#"request.bytes(&self.body, "application/x-msgpack")"#),
        "{api}"
    );
    assert!(
        api.contains(r#"request.bytes(&self.body, "multipart/mixed")"#),
        "{api}"
    );
    assert!(
        api.contains(r#"request.text(&self.body, "application/vnd.example+xml")"#),
        "{api}"
    );
}

#[test]
fn responses_are_text_only_when_every_type_is_textual() {
    let api = api(r#"
  /recording:
    get:
      operationId: getRecording
      responses:
        '200':
          description: audio, or a text error page
          content:
            text/plain: {schema: {type: string}}
            audio/x-wav: {schema: {type: string, format: binary}}
  /cdr:
    get:
      operationId: getCdr
      responses:
        '200':
          description: CSV or XML
          content:
            text/csv: {schema: {type: string}}
            application/xml: {schema: {type: string}}
  /zip:
    get:
      operationId: getArchive
      responses:
        '200':
          description: an archive
          content:
            application/zip: {schema: {type: string, format: binary}}
  /any:
    get:
      operationId: getMedia
      responses:
        '200':
          description: a file of any type
          content:
            '*/*': {schema: {type: string, format: binary}}
"#);
    // A builder, through the shared methods that name its output.
    let section = |name: &str| {
        let start = api.find(&format!("pub struct {name} ")).unwrap();
        let end = start + api[start..].find("runtime::call_methods!").unwrap();
        let end = end + api[end..].find(';').unwrap();
        api[start..=end].to_owned()
    };
    let recording = section("GetRecording");
    assert!(
        recording.contains("runtime::call_methods!(GetRecording, bytes);"),
        "{recording}"
    );
    assert!(recording.contains(r#"request.accept("text/plain, audio/x-wav")"#));
    assert!(recording.contains("pub fn send_streaming("));
    let cdr = section("GetCdr");
    assert!(
        cdr.contains("runtime::call_methods!(GetCdr, text);") && !cdr.contains("send_streaming"),
        "{cdr}"
    );
    assert!(section("GetArchive").contains("(GetArchive, bytes)"));
    // A wildcard type is JSON unless its schema says bytes.
    assert!(section("GetMedia").contains("(GetMedia, bytes)"));
}

#[test]
fn a_multipart_body_that_is_not_an_object_is_named_with_its_pointer() {
    let spec = r#"
openapi: 3.0.3
info: {title: Bodies, version: '1'}
paths:
  /files:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema: {type: string, format: binary}
      responses: {'204': {description: ok}}
"#;
    let config = codegen::Config::parse("crate: {name: bodies, version: 0.1.0}").unwrap();
    let err = codegen::generate_from_str(spec, "spec", config)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("#/paths/~1files/post/requestBody/content/multipart~1form-data/schema")
            && err.contains("not an object with properties"),
        "{err}"
    );
}
