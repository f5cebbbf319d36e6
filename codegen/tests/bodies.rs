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

/// The struct a multipart form becomes, from `pub struct {name}` to the end of its `impl`.
fn form_struct(api: &str, name: &str) -> String {
    let start = api
        .find(&format!("pub struct {name} {{"))
        .unwrap_or_else(|| panic!("no struct {name} in:\n{api}"));
    let end = start + api[start..].find("fn to_multipart").unwrap();
    api[start..end].to_owned()
}

#[test]
fn a_multipart_schema_with_properties_and_no_type_is_an_object() {
    let files = generate(
        r#"
  /faxes:
    post:
      operationId: sendFax
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              required: [to, contents]
              properties:
                to: {type: string}
                contents: {type: string, format: binary}
      responses: {'204': {description: ok}}
  /covers:
    post:
      operationId: uploadCover
      requestBody:
        content:
          multipart/form-data:
            schema: {$ref: '#/components/schemas/Cover'}
      responses: {'204': {description: ok}}
components:
  schemas:
    Cover:
      properties:
        image: {type: string, format: binary}
        caption: {type: string}
"#,
    );
    let api = &files["src/apis/default.rs"];
    assert!(
        api.contains("pub fn send_fax(&self, body: SendFaxForm) -> SendFax"),
        "{api}"
    );
    let fax = form_struct(api, "SendFaxForm");
    assert!(
        fax.contains("pub to: String,")
            && fax.contains("pub contents: runtime::FilePart,")
            && fax
                .contains("pub fn new(to: impl Into<String>, contents: runtime::FilePart) -> Self"),
        "{fax}"
    );
    let cover = form_struct(api, "UploadCoverForm");
    assert!(
        cover.contains("pub image: Option<runtime::FilePart>,")
            && cover.contains("pub caption: Option<String>,"),
        "{cover}"
    );
    assert!(
        api.contains("pub fn body(mut self, value: UploadCoverForm) -> Self"),
        "{api}"
    );
}

#[test]
fn a_multipart_all_of_of_objects_is_one_form_of_the_merged_properties() {
    // Lob's Informed Delivery campaigns: `allOf` of a `$ref` (itself an
    // `allOf`) and an object that adds properties and requires some.
    let files = generate(
        r#"
  /campaigns:
    post:
      operationId: createCampaign
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema: {$ref: '#/components/schemas/create'}
      responses: {'204': {description: ok}}
components:
  schemas:
    common:
      type: object
      properties:
        quantity: {type: integer}
    writable_base:
      allOf:
        - $ref: '#/components/schemas/common'
        - type: object
          properties:
            ride_along_image: {type: string, format: binary}
    create:
      allOf:
        - $ref: '#/components/schemas/writable_base'
        - type: object
          required: [quantity, ride_along_image]
          properties:
            status: {type: string, enum: [pending_approval]}
"#,
    );
    let api = &files["src/apis/default.rs"];
    let form = form_struct(api, "CreateCampaignForm");
    assert!(
        form.contains("pub quantity: i64,")
            && form.contains("pub ride_along_image: runtime::FilePart,")
            && form.contains("pub status: Option<types::CreateCampaignFormStatus>,")
            && form
                .contains("pub fn new(quantity: i64, ride_along_image: runtime::FilePart) -> Self"),
        "{form}"
    );
}

const UNION: &str = r#"
  /posts:
    post:
      operationId: createPost
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              oneOf:
                - $ref: '#/components/schemas/TextPost'
                - $ref: '#/components/schemas/ImagePost'
                - title: link
                  properties:
                    url: {type: string, maxLength: 200}
                  required: [url]
                - properties:
                    quote: {type: string}
      responses: {'204': {description: ok}}
components:
  schemas:
    TextPost:
      type: object
      required: [text]
      properties:
        text: {type: string}
    ImagePost:
      description: An image with an optional caption.
      allOf:
        - {$ref: '#/components/schemas/Captioned'}
        - type: object
          required: [image]
          properties:
            image: {type: string, format: binary}
    Captioned:
      type: object
      properties:
        caption: {type: string}
"#;

#[test]
fn a_multipart_one_of_objects_is_an_enum_of_one_form_per_alternative() {
    let files = generate(UNION);
    let api = &files["src/apis/default.rs"];
    assert!(
        api.contains("pub fn create_post(&self, body: impl Into<CreatePostForm>) -> CreatePost"),
        "{api}"
    );
    assert!(
        api.contains(
            "pub enum CreatePostForm {\n    /// A [`CreatePostTextPostForm`].\n    TextPost(CreatePostTextPostForm),\n    /// A [`CreatePostImagePostForm`].\n    ImagePost(CreatePostImagePostForm),\n    /// A [`CreatePostLinkForm`].\n    Link(CreatePostLinkForm),\n    /// A [`CreatePostAlternative4Form`].\n    Alternative4(CreatePostAlternative4Form),\n}"
        ),
        "{api}"
    );
    for (form, variant) in [
        ("CreatePostTextPostForm", "TextPost"),
        ("CreatePostImagePostForm", "ImagePost"),
        ("CreatePostLinkForm", "Link"),
        ("CreatePostAlternative4Form", "Alternative4"),
    ] {
        assert!(
            api.contains(&format!(
                "impl From<{form}> for CreatePostForm {{\n    fn from(form: {form}) -> Self {{\n        Self::{variant}(form)\n    }}\n}}"
            )),
            "{form}: {api}"
        );
    }
    let image = form_struct(api, "CreatePostImagePostForm");
    assert!(
        image.contains("pub caption: Option<String>,")
            && image.contains("pub fn new(image: runtime::FilePart) -> Self"),
        "{image}"
    );
    assert!(
        api.contains("An image with an optional caption."),
        "the alternative's description documents its form: {api}"
    );
    assert!(form_struct(api, "CreatePostTextPostForm")
        .contains("pub fn new(text: impl Into<String>) -> Self"));
    // The body is sent as the form of whichever alternative it holds; the
    // link's `maxLength` is checked in its arm.
    assert!(
        api.contains("request.multipart(CreatePostForm::to_multipart(&self.body)?);"),
        "{api}"
    );
    assert!(
        api.contains("Self::TextPost(form) => form.to_multipart(),")
            && api.contains("if let CreatePostForm::Link(form) = form {"),
        "{api}"
    );
    // The README's examples take the enum as the body.
    let readme = &files["README.md"];
    assert!(
        readme.contains("body: bodies::apis::default::CreatePostForm"),
        "{readme}"
    );
}

#[test]
fn a_multipart_union_with_an_alternative_that_is_not_an_object_is_named() {
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{title: Bodies, version: '1'}}\npaths:\n{}",
        UNION.replace(
            "- properties:\n                    quote: {type: string}",
            "- {type: string, format: binary}"
        )
    );
    let config = codegen::Config::parse("crate: {name: bodies, version: 0.1.0}").unwrap();
    let err = codegen::generate_from_str(&spec, "spec", config)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "#/paths/~1posts/post/requestBody/content/multipart~1form-data/schema/oneOf/3:"
        ) && err.contains("not an object with properties"),
        "{err}"
    );
}
