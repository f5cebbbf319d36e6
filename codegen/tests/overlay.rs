//! Overlays (OpenAPI Overlay 1.0 and 1.1) applied to a spec before it is
//! normalised: the Overlay Specification's own examples (in values of our
//! own), the files and the config, the command line, the build script, and
//! the code generated from `tests/fixtures/overlays/`.

use std::path::{Path, PathBuf};

use codegen::overlay::{Applied, Overlay};
use serde_json::{json, Value};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/overlays")
}

/// A folder of this test's own, emptied.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("overlay-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn apply(doc: Value, overlay: &str) -> (Value, Applied) {
    let mut doc = doc;
    let mut applied = Applied::default();
    Overlay::parse(overlay, Path::new("example.yaml"))
        .and_then(|o| o.apply(&mut doc, &mut applied))
        .unwrap_or_else(|e| panic!("{e}"));
    (doc, applied)
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap()
}

// The examples of the Overlay Specification 1.1.0, with other values.

#[test]
fn spec_example_structured_overlay_mirrors_the_document() {
    let doc = yaml(
        "openapi: 3.1.0\ninfo: {title: Shop, version: '1'}\npaths:\n  /: {get: {responses: {}}}\n  /orders: {get: {responses: {}}}\n",
    );
    let (doc, _) = apply(
        doc,
        "overlay: 1.0.0\ninfo: {title: s, version: '1'}\nactions:\n  - target: $\n    update:\n      info: {x-reviewed: yes-by-overlay}\n      paths:\n        /: {summary: Home, get: {summary: The home page, x-rate-limit: 10}}\n        /orders: {get: {summary: All orders, x-rate-limit: 10}}\n",
    );
    assert_eq!(doc["info"]["x-reviewed"], "yes-by-overlay");
    assert_eq!(doc["info"]["title"], "Shop");
    assert_eq!(doc["paths"]["/"]["summary"], "Home");
    assert_eq!(
        doc["paths"]["/orders"]["get"],
        json!({"responses": {}, "summary": "All orders", "x-rate-limit": 10})
    );
}

#[test]
fn spec_example_targeted_overlay_replaces_a_primitive_and_merges_a_child() {
    let doc = yaml(
        "paths:\n  /orders: {get: {description: old}}\n  /refunds: {get: {description: old}}\n",
    );
    let (doc, _) = apply(
        doc,
        "overlay: 1.1.0\ninfo: {title: s, version: '1'}\nactions:\n  - target: $.paths['/orders'].get.description\n    update: Lists orders\n  - target: $.paths['/refunds'].get.description\n    update: Lists refunds\n  - target: $.paths['/refunds']\n    update: {post: {description: Refunds an order, x-safe: false}}\n",
    );
    assert_eq!(
        doc,
        json!({"paths": {
            "/orders": {"get": {"description": "Lists orders"}},
            "/refunds": {"get": {"description": "Lists refunds"},
                         "post": {"description": "Refunds an order", "x-safe": false}}
        }})
    );
}

#[test]
fn spec_example_wildcard_and_filter_with_two_conditions() {
    let doc = yaml(
        "paths:\n  /a: {get: {parameters: [{name: sort, in: query}, {name: sort, in: header}]}}\n  /b: {get: {parameters: [{name: page, in: query}]}, put: {}}\n",
    );
    let (doc, _) = apply(
        doc,
        "overlay: 1.0.0\ninfo: {title: s, version: '1'}\nactions:\n  - target: $.paths.*.get\n    update: {x-safe: true}\n  - target: $.paths.*.get.parameters[?@.name=='sort' && @.in=='query']\n    update: {schema: {$ref: '#/components/schemas/Sort'}}\n",
    );
    assert_eq!(doc["paths"]["/a"]["get"]["x-safe"], true);
    assert_eq!(doc["paths"]["/b"]["get"]["x-safe"], true);
    assert_eq!(doc["paths"]["/b"]["put"], json!({}));
    assert_eq!(
        doc["paths"]["/a"]["get"]["parameters"],
        json!([
            {"name": "sort", "in": "query", "schema": {"$ref": "#/components/schemas/Sort"}},
            {"name": "sort", "in": "header"}
        ])
    );
}

#[test]
fn spec_example_array_items_added_and_removed() {
    let doc = yaml(
        "paths:\n  /a: {get: {parameters: [{name: legacy, in: query}], tags: [calls, legacy]}}\n  /b: {get: {parameters: [], tags: [legacy]}}\n",
    );
    let (doc, _) = apply(
        doc,
        "overlay: 1.1.0\ninfo: {title: s, version: '1'}\nactions:\n  - target: $.paths.*.get.parameters\n    update: {name: trace, in: header}\n  - target: $.paths.*.get.parameters[?@.name == 'legacy']\n    remove: true\n  - target: $.paths.*.get.tags[?@ == 'legacy']\n    remove: true\n",
    );
    assert_eq!(
        doc,
        json!({"paths": {
            "/a": {"get": {"parameters": [{"name": "trace", "in": "header"}], "tags": ["calls"]}},
            "/b": {"get": {"parameters": [{"name": "trace", "in": "header"}], "tags": []}}
        }})
    );
}

#[test]
fn spec_example_traits_select_operations_by_an_extension() {
    let doc = yaml(
        "paths:\n  /calls: {get: {x-oai-traits: [paged], responses: {}}}\n  /calls/{id}/legs: {get: {x-oai-traits: [paged], parameters: [{name: id, in: path}]}}\n  /me: {get: {responses: {}}}\n",
    );
    let (doc, _) = apply(
        doc,
        "overlay: 1.0.0\ninfo: {title: s, version: '1'}\nactions:\n  - target: $.paths[?(@.get['x-oai-traits'][?(@ == 'paged')])].get\n    update:\n      parameters: [{name: limit, in: query}, {name: cursor, in: query}]\n",
    );
    let names = |path: &str| -> Vec<String> {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names("/calls"), ["limit", "cursor"]);
    assert_eq!(names("/calls/{id}/legs"), ["id", "limit", "cursor"]);
    assert!(names("/me").is_empty());
}

const ITEMS: &str = "paths:\n  /items: {get: {responses: {'200': {description: OK}}}}\n  /some-items: {delete: {responses: {'200': {description: OK}}}}\n";

#[test]
fn spec_example_copy_into_an_existing_path_item() {
    let (doc, _) = apply(
        yaml(ITEMS),
        "overlay: 1.1.0\ninfo: {title: s, version: '1'}\nactions:\n  - target: $.paths['/some-items']\n    copy: $.paths['/items']\n",
    );
    assert_eq!(
        doc["paths"]["/some-items"],
        json!({"delete": {"responses": {"200": {"description": "OK"}}},
               "get": {"responses": {"200": {"description": "OK"}}}})
    );
}

#[test]
fn spec_example_copy_after_making_the_target_and_move() {
    let made = "overlay: 1.1.0\ninfo: {title: s, version: '1'}\nactions:\n  - target: $.paths\n    update: {/other-items: {}}\n  - target: $.paths['/other-items']\n    copy: $.paths['/items']\n";
    let (doc, _) = apply(yaml(ITEMS), made);
    assert_eq!(doc["paths"]["/other-items"], doc["paths"]["/items"]);
    // Moving is the same, then the source removed.
    let moved = format!("{made}  - target: $.paths['/items']\n    remove: true\n");
    let (doc, _) = apply(yaml(ITEMS), &moved);
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    assert_eq!(paths, ["/some-items", "/other-items"]);
}

// The pipeline: files, config, command line, build script.

#[test]
fn the_fixture_overlay_changes_the_generated_code() {
    let spec = fixtures().join("calls.yaml");
    // The config beside the spec lists the overlay.
    let files = codegen::generate(&spec, None).unwrap();
    let types = &files.files["src/types.rs"];
    assert!(
        types.contains("pub answered_at: Option<String>,"),
        "{types}"
    );
    assert!(types.contains("Completed => \"completed\""), "{types}");
    let api = &files.files["src/apis/default.rs"];
    assert!(
        api.contains("pub fn get_call(") && !api.contains("delete_call"),
        "{api}"
    );
    assert!(files.notes.is_empty(), "{:?}", files.notes);

    // Without it, the spec as the vendor wrote it.
    let mut config = codegen::config_for(&spec, None).unwrap();
    config.overlays.clear();
    let text = std::fs::read_to_string(&spec).unwrap();
    let files = codegen::generate_from_str(&text, "calls.yaml", config).unwrap();
    let types = &files.files["src/types.rs"];
    assert!(types.contains("pub answered_at: String,"), "{types}");
    assert!(!types.contains("Completed"), "{types}");
    assert!(files.files["src/apis/default.rs"].contains("pub fn delete_call("));
}

#[test]
fn command_line_overlays_apply_after_the_configs_in_the_order_given() {
    let dir = scratch("cli");
    // Its target exists only once the config's overlay added `completed`.
    let later = dir.join("later.yaml");
    std::fs::write(
        &later,
        "overlay: 1.0.0\ninfo: {title: later, version: '1'}\nactions:\n  - target: $.components.schemas.CallStatus.enum[?@ == 'completed']\n    remove: true\n  - target: $.paths['/calls/{id}'].delete\n    description: gone already\n    remove: true\n",
    )
    .unwrap();
    let flags = codegen::cli::parse(
        [
            "--spec",
            fixtures().join("calls.yaml").to_str().unwrap(),
            "--out",
            dir.join("out").to_str().unwrap(),
            "--overlay",
            later.to_str().unwrap(),
        ]
        .map(String::from)
        .into_iter(),
    )
    .unwrap();
    assert_eq!(flags.options.overlays, [later]);
    let out = flags.out.unwrap();
    assert!(codegen::cli::generate_crate(&flags.spec.unwrap(), &out, &flags.options).unwrap());
    let types = std::fs::read_to_string(out.join("src/types.rs")).unwrap();
    assert!(
        types.contains("pub answered_at: Option<String>,"),
        "{types}"
    );
    assert!(!types.contains("Completed"), "{types}");
    // --check sees the same crate with the same overlays, a stale one without.
    let mut check = flags.options.clone();
    check.check = true;
    let spec = fixtures().join("calls.yaml");
    assert!(codegen::cli::generate_crate(&spec, &out, &check).unwrap());
    check.overlays.clear();
    assert!(!codegen::cli::generate_crate(&spec, &out, &check).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_target_selecting_nothing_is_a_note_naming_the_file_and_action() {
    let dir = scratch("note");
    let overlay = dir.join("stale.yaml");
    std::fs::write(
        &overlay,
        "overlay: 1.0.0\ninfo: {title: s, version: '1'}\nactions:\n  - target: $.components.schemas.Call\n    update: {description: A call.}\n  - target: $.paths['/recordings']\n    description: recordings are gone\n    remove: true\n",
    )
    .unwrap();
    let mut config = codegen::config_for(&fixtures().join("calls.yaml"), None).unwrap();
    config.overlays.push(overlay.clone());
    let text = std::fs::read_to_string(fixtures().join("calls.yaml")).unwrap();
    let files = codegen::generate_from_str(&text, "calls.yaml", config).unwrap();
    assert_eq!(
        files.notes,
        [format!(
            "overlay {} action 1 (\"recordings are gone\"): target $.paths['/recordings'] selects nothing; the action changed nothing",
            overlay.display()
        )]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_wrong_overlay_file_is_an_error_naming_the_file_and_the_pointer() {
    let dir = scratch("wrong");
    let overlay = dir.join("fix.yaml");
    std::fs::write(
        &overlay,
        "overlay: 1.0.0\ninfo: {title: s, version: '1'}\nactions:\n  - target: $.info\n    update: {x: 1}\n  - target: $.paths[?\n    remove: true\n",
    )
    .unwrap();
    let mut config = codegen::Config::without_file();
    config.overlays.push(overlay.clone());
    let text = std::fs::read_to_string(fixtures().join("calls.yaml")).unwrap();
    let err = codegen::generate_from_str(&text, "calls.yaml", config)
        .unwrap_err()
        .to_string();
    let expected = format!(
        "{}: /actions/1/target: not an RFC 9535 JSONPath query",
        overlay.display()
    );
    assert!(err.starts_with(&expected), "{err}");
    // A missing file is an I/O error naming it.
    let mut config = codegen::Config::without_file();
    config.overlays.push(dir.join("missing.yaml"));
    let err = codegen::generate_from_str(&text, "calls.yaml", config).unwrap_err();
    assert!(
        matches!(err, codegen::Error::Io { ref path, .. } if path.ends_with("missing.yaml")),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_error_in_the_spec_an_overlay_made_names_the_action() {
    let dir = scratch("blame");
    let overlay = dir.join("fix.yaml");
    std::fs::write(
        &overlay,
        "overlay: 1.0.0\ninfo: {title: s, version: '1'}\nactions:\n  - target: $.info\n    update: {x-reviewed: true}\n  - target: $.components.schemas.Call.properties.status\n    description: status is a Status\n    update: {$ref: '#/components/schemas/Status'}\n",
    )
    .unwrap();
    let mut config = codegen::Config::without_file();
    config.unsupported = codegen::config::OnUnsupported::Fail;
    config.overlays.push(overlay.clone());
    let text = std::fs::read_to_string(fixtures().join("calls.yaml")).unwrap();
    let err = codegen::generate_from_str(&text, "calls.yaml", config)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("#/components/schemas/Call/properties/status"),
        "{err}"
    );
    let blame = format!(
        " (last changed by {} action 1: \"status is a Status\")",
        overlay.display()
    );
    assert!(err.ends_with(&blame), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn overlays_apply_to_swagger_2_documents_as_written() {
    let spec = "swagger: '2.0'\ninfo: {title: Old, version: 1.0.0}\nhost: api.example.com\nschemes: [https]\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses: {'200': {description: ok, schema: {type: array, items: {type: string}}}}\n    post:\n      operationId: addPet\n      parameters: [{name: body, in: body, schema: {type: string}}]\n      responses: {'204': {description: ok}}\n";
    let dir = scratch("swagger");
    let overlay = dir.join("fix.json");
    std::fs::write(
        &overlay,
        r#"{"overlay": "1.0.0", "info": {"title": "s", "version": "1"},
            "actions": [{"target": "$.paths['/pets'].post", "remove": true}]}"#,
    )
    .unwrap();
    let doc = codegen::normalized_with_overlays(spec, "pets.yaml", &[overlay]).unwrap();
    assert!(doc["paths"]["/pets"].get("post").is_none(), "{doc}");
    assert!(doc["paths"]["/pets"]["get"].is_object());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn config_overlays_are_relative_to_the_config_file() {
    let config = codegen::Config::load(&fixtures().join("calls.codegen.yaml")).unwrap();
    assert_eq!(config.overlays, [fixtures().join("fix-calls.overlay.yaml")]);
}

#[test]
fn the_build_script_takes_overlays() {
    let dir = scratch("build");
    let extra = dir.join("extra.yaml");
    std::fs::write(
        &extra,
        "overlay: 1.0.0\ninfo: {title: s, version: '1'}\nactions:\n  - target: $.components.schemas.Call.properties\n    update: {duration: {type: integer}}\n",
    )
    .unwrap();
    let generated = codegen::build_script::Client::new(fixtures().join("calls.yaml"))
        .overlay(&extra)
        .out_dir(&dir)
        .generate()
        .unwrap();
    let types = std::fs::read_to_string(generated.dir.join("types.rs")).unwrap();
    assert!(
        types.contains("pub answered_at: Option<String>,"),
        "{types}"
    );
    assert!(types.contains("pub duration: Option<i64>,"), "{types}");
    std::fs::remove_dir_all(&dir).unwrap();
}
