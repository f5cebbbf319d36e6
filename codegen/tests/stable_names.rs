//! Growing a spec is not a breaking change: adding unrelated schemas and
//! operations (first and last), or an optional field, renames no public type
//! or method (nor the structs of required values named), and reordering the
//! spec renames nothing either.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Map, Value};

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn voicetel() -> Value {
    let text = std::fs::read_to_string(repo().join("spec/voicetel.yaml")).unwrap();
    codegen::load::parse_text(&text, "voicetel.yaml").unwrap().0
}

fn config() -> codegen::Config {
    codegen::Config::load(&repo().join("spec/voicetel.codegen.yaml")).unwrap()
}

fn api(mut doc: Value) -> codegen::model::Api {
    codegen::normalize::normalize(&mut doc).unwrap();
    let openapi = codegen::load::into_openapi(doc).unwrap();
    codegen::model::build(&openapi, config()).unwrap()
}

/// Every public name, keyed by what it names: types by their schema's JSON
/// pointer (with the struct of their required fields, when `new` takes them
/// named), operations by id (their tag module, method and builder, and the
/// struct of their required values).
fn public_names(api: &codegen::model::Api) -> BTreeMap<String, String> {
    let mut names: BTreeMap<String, String> = api
        .types
        .defs
        .iter()
        .map(|d| {
            let required = match &d.kind {
                codegen::model::TypeKind::Struct(s) => s.required_name.clone(),
                _ => None,
            };
            let name = format!("{} {}", d.name, required.unwrap_or_default());
            (d.pointer.clone(), name)
        })
        .collect();
    for tag in &api.tags {
        for &i in &tag.operations {
            let op = &api.operations[i];
            names.insert(
                format!("operation {}", op.id),
                format!(
                    "{}::{} {} {}",
                    tag.module,
                    op.method_name,
                    op.builder_name,
                    op.required_name.as_deref().unwrap_or_default()
                ),
            );
        }
    }
    names
}

fn with_entry_first(map: &mut Map<String, Value>, key: &str, value: Value) {
    let rest = std::mem::take(map);
    map.insert(key.to_owned(), value);
    map.extend(rest);
}

/// A schema that shares nothing with the spec's but the shapes an inline
/// name could collide on: an envelope `status` enum, a `data` object, items.
fn unrelated_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "status": {"type": "string", "enum": ["success"]},
            "type": {"type": "string", "enum": ["sms", "mms"]},
            "data": {"type": "object", "properties": {"status": {"type": "string", "enum": ["error"]}}},
            "items": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string", "enum": ["a"]}}}}
        }
    })
}

fn unrelated_operation(id: &str, tag: &str) -> Value {
    json!({"get": {
        "operationId": id,
        "tags": [tag],
        "parameters": [{"name": "status", "in": "query", "schema": {"type": "string", "enum": ["open", "closed"]}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": unrelated_schema()}}}}
    }})
}

fn grown() -> Value {
    let mut doc = voicetel();
    let schemas = doc["components"]["schemas"].as_object_mut().unwrap();
    with_entry_first(schemas, "aaaUnrelated", unrelated_schema());
    schemas.insert("zzzUnrelated".into(), unrelated_schema());
    let paths = doc["paths"].as_object_mut().unwrap();
    with_entry_first(
        paths,
        "/aaa-unrelated",
        unrelated_operation("aaaUnrelatedList", "Aaa"),
    );
    paths.insert(
        "/zzz-unrelated".into(),
        unrelated_operation("zzzUnrelatedList", "Zzz"),
    );
    doc
}

#[test]
fn unrelated_schemas_and_operations_rename_nothing() {
    let before = public_names(&api(voicetel()));
    let after = public_names(&api(grown()));
    let changed: Vec<String> = before
        .iter()
        .filter(|(key, name)| after.get(*key) != Some(name))
        .map(|(key, name)| format!("{key}: {name} -> {:?}", after.get(key)))
        .collect();
    assert!(changed.is_empty(), "renamed:\n{}", changed.join("\n"));
    assert!(after.len() > before.len());
}

#[test]
fn reordering_the_spec_renames_nothing() {
    let mut reversed = voicetel();
    for (section, key) in [("components", Some("schemas")), ("paths", None)] {
        let mut section = &mut reversed[section];
        if let Some(key) = key {
            section = &mut section[key];
        }
        let map = section.as_object_mut().unwrap();
        let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().rev().collect();
        map.extend(entries);
    }
    assert_eq!(public_names(&api(voicetel())), public_names(&api(reversed)));
}

/// A schema that takes the name a required-fields struct would have pushes
/// that struct to the next free name, wherever the schema sits in the spec.
#[test]
fn a_required_struct_yields_its_name_to_a_schema_in_any_order() {
    let required_name = |doc: Value| {
        let api = api(doc);
        let def = api
            .types
            .defs
            .iter()
            .find(|d| d.name == "MessageSendRequest");
        match def.map(|d| &d.kind) {
            Some(codegen::model::TypeKind::Struct(s)) => s.required_name.clone(),
            _ => None,
        }
    };
    assert_eq!(
        required_name(voicetel()).as_deref(),
        Some("MessageSendRequestRequired")
    );
    let mut first = voicetel();
    let schemas = first["components"]["schemas"].as_object_mut().unwrap();
    with_entry_first(schemas, "MessageSendRequestRequired", unrelated_schema());
    let mut last = voicetel();
    let schemas = last["components"]["schemas"].as_object_mut().unwrap();
    schemas.insert("MessageSendRequestRequired".into(), unrelated_schema());
    for doc in [first, last] {
        assert_eq!(
            required_name(doc).as_deref(),
            Some("MessageSendRequestRequired2")
        );
    }
}

#[test]
fn inline_types_are_named_by_their_context() {
    let api = api(voicetel());
    let names: Vec<&str> = api.types.defs.iter().map(|d| d.name.as_str()).collect();
    for expected in [
        "AccountCreditsStatus",
        "AccountCreditsResponseStatus",
        "ErrorResponseStatus",
    ] {
        assert!(names.contains(&expected), "no {expected}");
    }
    // Names that said nothing but the order they were met in.
    for order_named in ["Status", "Status2", "Status3", "Type", "Type2", "Field"] {
        assert!(!names.contains(&order_named), "{order_named}");
    }
}

/// The README's request-body example, and the rest of the README, read the
/// same after the example's body type gains an optional field.
#[test]
fn an_optional_field_changes_no_readme_example() {
    let readme = |doc: Value| {
        let files = codegen::emit::emit(&api(doc)).unwrap();
        files.files["README.md"].clone()
    };
    let before = readme(voicetel());
    let used = before
        .split("use voicetel::types::")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .expect("the README builds a request body")
        .to_owned();
    let mut doc = voicetel();
    let key = doc["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .find(|k| heck_pascal(k) == used)
        .cloned()
        .unwrap_or_else(|| panic!("no schema named {used}"));
    doc["components"]["schemas"][&key]["properties"]["addedLater"] =
        json!({"type": "string", "description": "A field a later version adds."});
    assert_eq!(before, readme(doc));
}

/// `gatewayAddRequest` → `GatewayAddRequest`, enough for the spec's schema keys.
fn heck_pascal(key: &str) -> String {
    let mut chars = key.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}
