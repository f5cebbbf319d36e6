//! Growing a spec is not a breaking change: adding unrelated schemas and
//! operations (first and last), or an optional field, renames no public type
//! or method (nor the structs of required values named), and reordering the
//! spec renames nothing either. Names read from what the spec means (enum
//! values named by an extension or a description, sort directions,
//! comparison operators in parameter names) are as stable.

use std::collections::BTreeMap;
use std::path::Path;

use codegen::model::TypeKind;
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
/// pointer (their enum variants and fields by value and wire name, and the
/// struct of their required fields when `new` takes them named),
/// operations by id (their tag module, method and builder, the struct of
/// their required values, and their parameters by place and wire name).
fn public_names(api: &codegen::model::Api) -> BTreeMap<String, String> {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for d in &api.types.defs {
        let required = match &d.kind {
            TypeKind::Struct(s) => s.required_name.clone(),
            _ => None,
        };
        names.insert(
            d.pointer.clone(),
            format!("{} {}", d.name, required.unwrap_or_default()),
        );
        match &d.kind {
            TypeKind::Enum(e) => {
                for v in &e.variants {
                    names.insert(format!("{} value {:?}", d.pointer, v.wire), v.name.clone());
                }
            }
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    names.insert(format!("{} field {:?}", d.pointer, f.wire), f.name.clone());
                }
            }
            _ => {}
        }
    }
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
            for p in &op.params {
                names.insert(
                    format!(
                        "operation {} {:?} parameter {:?}",
                        op.id, p.location, p.wire
                    ),
                    p.name.clone(),
                );
            }
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

/// One construct for each rule that names from the spec's intent, beside
/// parts that could collide with them.
fn intent() -> Value {
    let enum_of = |values: Value, extra: Value| {
        let mut schema = json!({"type": "integer", "enum": values});
        schema
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        schema
    };
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Intent", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/calls": {"get": {
                "operationId": "listCalls",
                "parameters": [
                    {"name": "StartTime", "in": "query", "schema": {"type": "string", "format": "date-time"}},
                    {"name": "StartTime<", "in": "query", "schema": {"type": "string", "format": "date-time"}},
                    {"name": "StartTime>", "in": "query", "schema": {"$ref": "#/components/schemas/Timestamp"}},
                    {"name": "price>=", "in": "query", "schema": {"type": "number"}},
                    {"name": "price<=", "in": "query", "schema": {"type": "number"}},
                    {"name": "date[gte]", "in": "query", "schema": {"type": "string", "format": "date"}},
                    {"name": "date[lt]", "in": "query", "schema": {"type": "string", "format": "date"}},
                    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["-created_at", "created_at", "+name", "-name"]}}
                ],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Call"}}}}}
            }},
            "/other": {"get": {
                "operationId": "listOther",
                "parameters": [{"name": "StartTime<", "in": "query", "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "ok"}}
            }}
        },
        "components": {"schemas": {
            "Timestamp": {"type": "string", "format": "date-time"},
            "AuthType": enum_of(json!([0, 1, 2, 3]), json!({"description": "0 = Digest only, 1 = IP allowlist only, 2 = Digest OR IP allowlist, 3 = Digest AND IP allowlist."})),
            "PlanType": enum_of(json!([1, 2, 99]), json!({"description": "* `1` - Basic\n* `2` - Licensed\n* `99` - None"})),
            "Weekday": enum_of(json!([1, 2, 3]), json!({"x-enum-varnames": ["MONDAY", "TUESDAY", "WEDNESDAY"]})),
            "Call": {"type": "object", "properties": {
                "auth": {"$ref": "#/components/schemas/AuthType"},
                "ended[gt]": {"$ref": "#/components/schemas/Timestamp"},
                "ended[lte]": {"type": "string", "format": "date-time"},
                "ended": {"type": "string"}
            }}
        }}
    })
}

fn intent_api(mut doc: Value) -> codegen::model::Api {
    codegen::normalize::normalize(&mut doc).unwrap();
    let openapi = codegen::load::into_openapi(doc).unwrap();
    let config = codegen::Config::parse("crate: {name: intent, version: 0.1.0}").unwrap();
    codegen::model::build(&openapi, config).unwrap()
}

fn reverse_array(value: &mut Value) {
    let items = value.as_array_mut().unwrap();
    items.reverse();
}

fn reverse_object(value: &mut Value) {
    let map = value.as_object_mut().unwrap();
    let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().rev().collect();
    map.extend(entries);
}

#[test]
fn names_from_intent_read_as_the_spec_means_them() {
    let names = public_names(&intent_api(intent()));
    let name = |key: &str| {
        names
            .get(key)
            .cloned()
            .unwrap_or_else(|| panic!("no {key}"))
    };
    let param = |wire: &str| name(&format!("operation listCalls Query parameter {wire:?}"));
    assert_eq!(param("StartTime<"), "start_time_before");
    assert_eq!(param("StartTime>"), "start_time_after");
    assert_eq!(param("price>="), "price_gte");
    assert_eq!(param("price<="), "price_lte");
    assert_eq!(param("date[gte]"), "date_on_or_after");
    assert_eq!(param("date[lt]"), "date_before");
    assert_eq!(
        name("operation listOther Query parameter \"StartTime<\""),
        "start_time_lt"
    );
    let value =
        |schema: &str, wire: &str| name(&format!("#/components/schemas/{schema} value {wire:?}"));
    assert_eq!(value("AuthType", "2"), "DigestOrIpAllowlist");
    assert_eq!(value("PlanType", "99"), "NoneValue");
    assert_eq!(value("Weekday", "1"), "Monday");
    let field = |wire: &str| name(&format!("#/components/schemas/Call field {wire:?}"));
    assert_eq!(field("ended[gt]"), "ended_after");
    assert_eq!(field("ended[lte]"), "ended_on_or_before");
    let sort = "#/paths/~1calls/get/parameters/7/schema value";
    assert_eq!(name(&format!("{sort} \"-created_at\"")), "CreatedAtDesc");
    assert_eq!(name(&format!("{sort} \"+name\"")), "NameAsc");
}

#[test]
fn reordering_what_intent_names_renames_nothing() {
    let before = public_names(&intent_api(intent()));
    let mut doc = intent();
    reverse_object(&mut doc["paths"]);
    reverse_object(&mut doc["components"]["schemas"]);
    let schemas = &mut doc["components"]["schemas"];
    reverse_object(&mut schemas["Call"]["properties"]);
    // Values a description or the values themselves name, in another order.
    reverse_array(&mut schemas["AuthType"]["enum"]);
    reverse_array(&mut schemas["PlanType"]["enum"]);
    // Names listed by position move with their values.
    reverse_array(&mut schemas["Weekday"]["enum"]);
    reverse_array(&mut schemas["Weekday"]["x-enum-varnames"]);
    let parameters = &mut doc["paths"]["/calls"]["get"]["parameters"];
    let mut sort = parameters.as_array_mut().unwrap().pop().unwrap();
    reverse_array(&mut sort["schema"]["enum"]);
    reverse_array(parameters);
    // The sort parameter keeps its place, which names its inline type's pointer.
    parameters.as_array_mut().unwrap().push(sort);
    assert_eq!(before, public_names(&intent_api(doc)));
}

#[test]
fn unrelated_parts_rename_nothing_intent_named() {
    let before = public_names(&intent_api(intent()));
    let mut doc = intent();
    let schemas = doc["components"]["schemas"].as_object_mut().unwrap();
    with_entry_first(schemas, "aaaUnrelated", unrelated_schema());
    schemas.insert("zzzUnrelated".into(), unrelated_schema());
    let paths = doc["paths"].as_object_mut().unwrap();
    with_entry_first(paths, "/aaa", unrelated_operation("aaaList", "Aaa"));
    paths.insert("/zzz".into(), unrelated_operation("zzzList", "Zzz"));
    let after = public_names(&intent_api(doc));
    let changed: Vec<String> = before
        .iter()
        .filter(|(key, name)| after.get(*key) != Some(name))
        .map(|(key, name)| format!("{key}: {name} -> {:?}", after.get(key)))
        .collect();
    assert!(changed.is_empty(), "renamed:\n{}", changed.join("\n"));
}
