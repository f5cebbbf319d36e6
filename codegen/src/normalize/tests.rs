//! Whole-document normalization: the walk, references, notes, and that every
//! error's pointer resolves in the input.

use serde_json::json;

use super::*;

#[test]
fn callbacks_are_dropped() {
    let mut doc = json!({"openapi": "3.0.3", "paths": {"/a": {"post": {"callbacks": {"c": 1}}}},
        "components": {"callbacks": {"c": 1}}});
    normalize(&mut doc).unwrap();
    assert_eq!(doc["paths"]["/a"]["post"], json!({}));
    assert!(doc["components"].get("callbacks").is_none());
}

#[test]
fn document_walk_finds_parameter_and_component_schemas() {
    let mut doc = json!({"openapi": "3.1.0", "paths": {"/a": {"get": {"parameters": [
        {"name": "x", "in": "query", "schema": {"type": ["string", "null"]}, "examples": {"e": {"value": 1}}}]}}},
        "components": {"schemas": {"S": {"const": 2}}}});
    normalize(&mut doc).unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    assert_eq!(
        doc["paths"]["/a"]["get"]["parameters"][0]["schema"]["nullable"],
        true
    );
    assert_eq!(
        doc["paths"]["/a"]["get"]["parameters"][0]["examples"]["e"]["value"],
        1
    );
    assert_eq!(doc["components"]["schemas"]["S"], json!({"enum": [2]}));
}
