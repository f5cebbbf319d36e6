//! What the generated crate says about its servers: the inference report's
//! `base_url` and `servers`, the `--explain` text, and the README's quick
//! start and `## Servers`, for the fixture with servers at every level and
//! for specs whose client cannot know where to go.

use std::path::Path;

use serde_json::{json, Value};

fn generate(yaml: &str) -> codegen::Files {
    codegen::generate_from_str(yaml, "servers.yaml", codegen::Config::without_file())
        .expect("the spec generates")
}

fn fixture() -> codegen::Files {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/servers.yaml");
    generate(&std::fs::read_to_string(path).expect("the fixture is readable"))
}

fn report(files: &codegen::Files) -> Value {
    serde_json::from_str(&files.files[".codegen/inference.json"]).expect("the report is JSON")
}

#[test]
fn the_report_lists_every_server_with_its_variables() {
    let files = fixture();
    let report = report(&files);
    assert_eq!(report["base_url"], "https://api.example.com/v1");
    let servers = report["servers"].as_array().unwrap();
    let summary: Vec<(&str, u64, bool)> = servers
        .iter()
        .map(|s| {
            (
                s["url"].as_str().unwrap(),
                s["operations"].as_u64().unwrap(),
                s["default"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("https://api.example.com/v1", 3, true),
            ("https://sandbox.example.com/v1", 0, false),
            ("https://files.example.com", 1, false),
            ("http://{host}:{port}/{version}", 1, false),
        ]
    );
    assert_eq!(servers[0]["description"], "Production.");
    assert_eq!(
        servers[3]["variables"],
        json!({
            "host": {"default": null},
            "port": {"default": "8080"},
            "version": {"default": "v2", "enum": ["v1", "v2"]},
        })
    );
    let explain = &files.explain;
    assert!(
        explain.contains("base URL: https://api.example.com/v1\n"),
        "{explain}"
    );
    assert!(
        explain.contains("server https://files.example.com: 1 of 5 operations\n"),
        "{explain}"
    );
    assert!(
        explain.contains("variable host: no default; variable port: default \"8080\""),
        "{explain}"
    );
}

#[test]
fn the_readme_sets_what_the_client_needs_and_lists_the_servers() {
    let readme = &fixture().files["README.md"];
    assert!(
        readme.contains(
            "Client::builder()\n        .host(std::env::var(\"API_HOST\")?)\n        .build()?;"
        ),
        "{readme}"
    );
    assert!(readme.contains("## Servers"), "{readme}");
    assert!(
        readme.contains(
            "- `https://files.example.com`: 1 operation, `Server::FilesExample`. Downloads."
        ),
        "{readme}"
    );
    assert!(
        readme.contains("  - `{host}`: no default: required, set with `.host(...)`"),
        "{readme}"
    );
    assert!(readme.contains(".server_url(Server::"), "{readme}");
}

#[test]
fn a_client_that_cannot_know_its_host_is_told_to_set_one() {
    let files = generate(
        "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get: {operationId: a, responses: {'204': {description: ok}}}
",
    );
    let said = report(&files);
    assert_eq!(said["base_url"], Value::Null);
    assert_eq!(said["servers"], json!([]));
    assert!(
        files
            .explain
            .starts_with("base URL: none: the spec declares no server; set `base_url("),
        "{}",
        files.explain
    );
    let readme = &files.files["README.md"];
    assert!(
        readme.contains(".base_url(std::env::var(\"API_BASE_URL\")?)"),
        "{readme}"
    );
    // One server, no variable: no section to read.
    assert!(!readme.contains("## Servers"), "{readme}");
    let files = generate(
        "openapi: 3.0.3
info: {title: T, version: '1'}
servers: [{url: /api/v3}]
paths:
  /a:
    get: {operationId: a, responses: {'204': {description: ok}}}
",
    );
    assert_eq!(report(&files)["base_url"], Value::Null);
    assert!(
        files.explain.contains("https://…/api/v3"),
        "{}",
        files.explain
    );
    assert!(files.files["README.md"].contains("// https://<host>/api/v3"));
}
