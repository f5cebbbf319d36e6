//! Sequential media types through the whole normalization: what becomes
//! each one's `schema`, what is noted, and where errors inside it point.

use serde_json::{json, Value};

use super::super::normalize;

/// A 3.2 (or other) document with one response of `media`.
fn doc(version: &str, media: &str, body: Value) -> Value {
    json!({"openapi": version, "info": {"title": "t", "version": "1"},
        "paths": {"/calls/{id}/events": {"get": {"responses": {"200": {"description": "ok",
            "content": {media: body}}}}}}})
}

fn media<'d>(doc: &'d Value, name: &str) -> &'d Value {
    &doc["paths"]["/calls/{id}/events"]["get"]["responses"]["200"]["content"][name]
}

/// Normalizes, returning the document and its notes as text.
fn normalized(mut doc: Value) -> (Value, Vec<String>) {
    let out = normalize(&mut doc).unwrap();
    (doc, out.notes.iter().map(ToString::to_string).collect())
}

#[test]
fn an_event_with_json_data_has_its_content_schema_as_the_item() {
    let item = json!({"type": "object", "required": ["data"], "properties": {
        "event": {"type": "string"}, "id": {"type": "string"},
        "data": {"type": "string", "contentMediaType": "application/json",
            "contentSchema": {"type": "object", "properties": {"text": {"type": "string"}}}}}});
    let (doc, notes) = normalized(doc(
        "3.2.0",
        "text/event-stream",
        json!({"itemSchema": item}),
    ));
    let media = media(&doc, "text/event-stream");
    assert_eq!(
        media["schema"],
        json!({"type": "object", "properties": {"text": {"type": "string"}}})
    );
    assert!(media.get("itemSchema").is_none());
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with("#/paths/~1calls~1{id}~1events/get/responses/200/content/text~1event-stream/itemSchema: each item of this event stream is the event's `data`, decoded as JSON of its `contentSchema`; its `event`, `id` fields are not part of the item type"),
        "{notes:?}"
    );
}

#[test]
fn an_error_inside_the_payload_names_its_place_in_the_input() {
    let item = json!({"properties": {"data": {"contentMediaType": "application/json",
        "contentSchema": {"type": "object", "properties": {"n": {"minLength": "two"}}}}}});
    let mut input = doc("3.2.0", "text/event-stream", json!({"itemSchema": item}));
    let e = normalize(&mut input).unwrap_err().to_string();
    assert!(
        e.contains(
            "text~1event-stream/itemSchema/properties/data/contentSchema/properties/n/minLength"
        ),
        "{e}"
    );
}

#[test]
fn referenced_events_text_data_and_alternatives() {
    let components = json!({"schemas": {
        "Transcript": {"type": "object", "properties": {"text": {"type": "string"}}},
        "TranscriptEvent": {"type": "object", "properties": {
            "event": {"const": "transcript"},
            "data": {"contentMediaType": "application/json",
                "contentSchema": {"$ref": "#/components/schemas/Transcript"}}}},
        "Ping": {"type": "object", "properties": {"event": {"const": "ping"}, "data": {"type": "string"}}}}});
    let with = |body: Value| {
        let mut d = doc("3.2.0", "text/event-stream", body);
        d["components"] = components.clone();
        normalized(d)
    };
    // By reference: the payload is the referenced content schema.
    let (d, _) = with(json!({"itemSchema": {"$ref": "#/components/schemas/TranscriptEvent"}}));
    assert_eq!(
        media(&d, "text/event-stream")["schema"],
        json!({"$ref": "#/components/schemas/Transcript"})
    );
    // Text data: a string.
    let (d, notes) = with(json!({"itemSchema": {"$ref": "#/components/schemas/Ping"}}));
    assert_eq!(
        media(&d, "text/event-stream")["schema"],
        json!({"type": "string"})
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("the event's `data`, as text; its `event` field is not part")),
        "{notes:?}"
    );
    // Alternatives by event name: one of their payloads.
    let (d, notes) = with(json!({"itemSchema": {"oneOf": [
        {"$ref": "#/components/schemas/TranscriptEvent"}, {"$ref": "#/components/schemas/Ping"}]}}));
    assert_eq!(
        media(&d, "text/event-stream")["schema"],
        json!({"oneOf": [{"$ref": "#/components/schemas/Transcript"}, {"type": "string"}]})
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("as text or decoded as JSON, by alternative")),
        "{notes:?}"
    );
}

#[test]
fn a_payload_schema_stays_and_item_schema_wins_over_schema() {
    // Members beyond the SSE fields: the item is the payload itself.
    let payload = json!({"type": "object", "properties": {"type": {"type": "string"},
        "timestamp": {"type": "string"}, "data": {}}});
    let (d, notes) = normalized(doc(
        "3.2.0",
        "text/event-stream",
        json!({
        "schema": {"type": "string"}, "itemSchema": payload}),
    ));
    assert_eq!(media(&d, "text/event-stream")["schema"], payload);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("/schema: `schema` and `itemSchema` are both given: `itemSchema` is the type of each item"), "{notes:?}");
}

#[test]
fn json_lines_take_the_item_and_a_32_stream_schema_is_an_array_of_items() {
    let line = json!({"type": "object", "properties": {"n": {"type": "integer"}}});
    let (d, notes) = normalized(doc(
        "3.2.0",
        "application/jsonl",
        json!({"itemSchema": line}),
    ));
    assert_eq!(media(&d, "application/jsonl")["schema"], line);
    assert!(notes.is_empty(), "{notes:?}");
    let (d, _) = normalized(doc(
        "3.2.0",
        "application/x-ndjson",
        json!({"schema": {"type": "array", "items": line}}),
    ));
    assert_eq!(media(&d, "application/x-ndjson")["schema"], line);
    // Before 3.2 `schema` is what the spec gives for each item, array or not.
    let (d, _) = normalized(doc(
        "3.1.0",
        "application/x-ndjson",
        json!({"schema": {"type": "array", "items": line}}),
    ));
    assert_eq!(media(&d, "application/x-ndjson")["schema"]["type"], "array");
}

#[test]
fn a_31_event_stream_unwraps_its_content_schema_too() {
    let (d, notes) = normalized(doc(
        "3.1.0",
        "text/event-stream",
        json!({"schema": {
        "type": "object", "properties": {"data": {"type": "string",
            "contentMediaType": "application/json", "contentSchema": {"type": "integer"}}}}}),
    ));
    assert_eq!(
        media(&d, "text/event-stream")["schema"],
        json!({"type": "integer"})
    );
    assert_eq!(notes.len(), 1, "{notes:?}");
}

#[test]
fn item_schemas_elsewhere_and_per_part_encodings_are_noted() {
    let (d, notes) = normalized(doc(
        "3.2.0",
        "application/json",
        json!({
        "schema": {"type": "object"}, "itemSchema": {"type": "string"}}),
    ));
    assert_eq!(
        media(&d, "application/json"),
        &json!({"schema": {"type": "object"}})
    );
    assert!(
        notes[0].ends_with("`application/json` is not one, so it is not used"),
        "{notes:?}"
    );
    let (d, notes) = normalized(doc(
        "3.2.0",
        "multipart/mixed",
        json!({
        "itemSchema": {"type": "string"}, "itemEncoding": {"contentType": "text/plain"}}),
    ));
    assert_eq!(
        media(&d, "multipart/mixed"),
        &json!({"schema": {"type": "string"}})
    );
    assert!(
        notes[0].contains("multipart~1mixed/itemEncoding: `itemEncoding` is not applied"),
        "{notes:?}"
    );
}

#[test]
fn a_media_type_component_is_read_under_the_type_it_is_used_as() {
    let mut d = doc(
        "3.2.0",
        "text/event-stream",
        json!({"$ref": "#/components/mediaTypes/Events"}),
    );
    d["components"] = json!({"mediaTypes": {"Events": {"itemSchema": {"properties": {
        "data": {"contentMediaType": "application/json", "contentSchema": {"type": "boolean"}}}}}}});
    let (d, notes) = normalized(d);
    assert_eq!(
        media(&d, "text/event-stream"),
        &json!({"schema": {"type": "boolean"}})
    );
    assert!(d["components"].get("mediaTypes").is_none());
    // The note names the component the stream was described in.
    assert!(
        notes[0].starts_with("#/components/mediaTypes/Events/itemSchema: each item"),
        "{notes:?}"
    );
}
