//! Swagger 2.0 specs generate crates as OpenAPI 3 ones do: the two 2.0
//! fixtures (`tests/fixtures/swagger2_petstore.yaml`, and
//! `swagger2_parameterized_host.yaml` in Azure's style) are generated, their
//! key facts checked in the generated code, and both crates `cargo check`ed
//! without a warning in one throwaway workspace that shares the repository's
//! target directory. What the petstore crate sends on the wire is checked by
//! its behaviour tests (`generated_behaviour/swagger2_petstore.rs`).

use std::path::Path;

mod scratch;
use scratch::write_if_changed;

const CRATES: &[&str] = &["swagger2_petstore", "swagger2_parameterized_host"];

fn generate(name: &str) -> codegen::Files {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../tests/fixtures/{name}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let config = codegen::Config::parse(&format!("crate: {{name: {name}, version: 0.1.0}}"))
        .expect("fixture config parses");
    codegen::generate_from_str(&text, name, config).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Asserts that `file` of `files` contains each of `needles`.
fn assert_contains(files: &codegen::Files, file: &str, needles: &[&str]) {
    let text = &files.files[file];
    for needle in needles {
        assert!(text.contains(needle), "{file} lacks {needle:?}:\n{text}");
    }
}

#[test]
fn petstore_servers_bodies_forms_and_security() {
    let files = generate("swagger2_petstore");
    // host + basePath, https preferred over the http listed first.
    assert_contains(
        &files,
        "src/client.rs",
        &[
            "url: \"https://pets.example.com/v2\"",
            // basic, apiKey and oauth2 (a bearer token) setters.
            "pub fn basic_auth(\n        self,\n        username: impl Into<String>,\n        password: impl Into<runtime::Secret>,",
            "pub fn api_key(self, key: impl Into<runtime::Secret>) -> Self",
            "sent in the `X-Api-Key` header",
            "pub fn bearer_token(self, token: impl Into<runtime::Secret>) -> Self",
        ],
    );
    assert_contains(
        &files,
        "src/apis/pets.rs",
        &[
            // The body parameter, JSON (of `application/json` and `application/xml`).
            "pub fn create_pet(&self, body: types::NewPet) -> CreatePet",
            "request.json(&self.body)?;",
            // The path-level parameter by reference, with its minimum.
            "pub fn get_pet(&self, pet_id: i64) -> GetPet",
            // Form fields as one urlencoded struct.
            "pub fn add_note(&self, pet_id: i64, body: types::AddNoteBody) -> AddNote",
            // csv is comma-joined, multi repeated.
            "request.query_array(\"tags\", values, false);",
            "request.query_array(\"status\", values, true);",
            // A header parameter, by reference.
            "request.header_opt(\"X-Request-Id\", self.x_request_id.as_ref())?;",
            // x-ms-pageable's nextLink and value.
            "pub fn items(self) -> runtime::Items<types::Pet>",
        ],
    );
    assert_contains(
        &files,
        "src/apis/photos.rs",
        &[
            // A file field makes a multipart form.
            "pub fn upload_photo(&self, pet_id: i64, body: UploadPhotoForm) -> UploadPhoto",
            "pub fn new(photo: runtime::FilePart) -> Self",
            // `type: file` in a response is bytes, with the produced types accepted.
            "pub fn send_streaming(",
            "image/png, image/jpeg",
        ],
    );
    assert_contains(
        &files,
        "src/types.rs",
        &[
            "pub struct AddNoteBody",
            // x-nullable in a request type: absent, null or a value.
            "pub tag: Nullable<String>,",
            "pub struct Dog",
            "pub barks: Option<bool>,",
        ],
    );
    assert!(files.notes.is_empty(), "{:?}", files.notes);
}

#[test]
fn parameterized_host_is_a_server_template_with_its_variable() {
    let files = generate("swagger2_parameterized_host");
    assert_eq!(
        files.normalized["servers"],
        serde_json::json!([{"url": "{endpoint}", "variables": {"endpoint": {"default": "",
            "description": "The resource's endpoint, for example https://contoso.lines.example.com."}}}])
    );
    assert_eq!(
        files.normalized["x-ms-parameterized-host"]["parameters"][0]["$ref"],
        "#/parameters/Endpoint"
    );
    assert_contains(
        &files,
        "src/client.rs",
        &[
            "url: \"{endpoint}\"",
            // The host template's variable is a setting the user must give.
            "name: \"endpoint\",\n                    setter: \"endpoint\",\n                    default: None,",
            "pub fn endpoint(self, value: impl Into<String>) -> Self",
            "pub fn bearer_token(self, token: impl Into<runtime::Secret>) -> Self",
        ],
    );
    assert_contains(
        &files,
        "src/apis/default.rs",
        &[
            "pub fn lines_list(&self, api_version: impl Into<String>) -> LinesList",
            "pub fn items(self) -> runtime::Items<types::Line>",
            "body: types::LineUpdate",
        ],
    );
    // The error model lives in a document the spec does not carry: any JSON value, one note.
    assert_eq!(files.notes.len(), 1, "{:?}", files.notes);
    assert!(
        files.notes[0].starts_with("#/paths/~1lines/get/responses/default/schema/$ref: reference \"../common/v1/common.json#/definitions/ErrorResponse\""),
        "{:?}",
        files.notes
    );
    assert!(files.left_out.is_empty(), "{:?}", files.left_out);
}

#[test]
fn both_crates_compile_without_warnings() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("swagger2-check");
    let members: Vec<String> = CRATES.iter().map(|n| format!("{n:?}")).collect();
    // Its own `[workspace]`, the repository's profile and lock file, so the
    // shared target directory already holds every dependency as this build wants it.
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev.package.\"*\"]\ndebug = false\n",
        members.join(", ")
    );
    write_if_changed(&root.join("Cargo.toml"), &manifest);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let lock = std::fs::read_to_string(repo.join("Cargo.lock")).expect("read Cargo.lock");
    write_if_changed(&root.join("Cargo.lock"), &lock);
    for name in CRATES {
        for (path, contents) in &generate(name).files {
            write_if_changed(&root.join(name).join(path), contents);
        }
    }
    let output = scratch::cargo(
        &[
            "check",
            "--workspace",
            "--features",
            "mock,webhooks",
            "--message-format=json",
        ],
        &root.join("Cargo.toml"),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut diagnostics = Vec::new();
    let mut checked = Vec::new();
    for line in stdout.lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let target = msg["target"]["name"].as_str().unwrap_or("?");
        match msg["reason"].as_str() {
            Some("compiler-message") => {
                let rendered = msg["message"]["rendered"].as_str().unwrap_or("?");
                diagnostics.push(format!("[{target}] {rendered}"));
            }
            Some("compiler-artifact") if CRATES.contains(&target) => {
                checked.push(target.to_owned());
            }
            _ => {}
        }
    }
    assert!(
        output.status.success() && diagnostics.is_empty(),
        "the Swagger 2.0 crates do not compile cleanly ({}):\n{}\n{stderr}",
        root.display(),
        diagnostics.join("")
    );
    checked.sort();
    let mut expected: Vec<String> = CRATES.iter().map(|c| (*c).to_owned()).collect();
    expected.sort();
    assert_eq!(checked, expected, "both crates are checked");
}
