//! Sequential media types (Server-Sent Events, JSON Lines, JSON text
//! sequences, `multipart/mixed`): after this step a sequential media type's
//! `schema` is the type of one item's payload, however the spec said it.
//!
//! - 3.2's `itemSchema` (one item) becomes the `schema`; where both are
//!   given, the item wins, with a note. On a media type that is not
//!   sequential it means nothing, and goes with a note.
//! - In a 3.2 document a sequential type's `schema` describes the whole
//!   stream as an array: its `items` are the item.
//! - An event stream's item is an event, an object of the SSE fields
//!   (`event`, `data`, `id`, `retry`); its payload is the `data`: the
//!   `contentSchema` of JSON data (`contentMediaType: application/json`),
//!   a string for text, or the schema `data` is declared with when that is
//!   structured. The other fields are left out of the item type, with a
//!   note. Alternatives of events (`oneOf` by `event` name) give a `oneOf`
//!   of their payloads. A schema with other members than the SSE fields
//!   already describes the payload, and stays. This reading applies to
//!   every version: a 3.1 spec can say the same with `contentSchema`.
//!
//! `itemEncoding` and `prefixEncoding` (3.2's per-part multipart encodings)
//! are not applied, with a note. Every copy is recorded as a move, so an
//! error inside the new `schema` names where it was in the input.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::refs::{lookup, Moved};
use super::structure::{positions, Kind};
use super::Note;
use crate::media_type::{is_event_stream, is_json_document, is_sequential};

/// The fields of a Server-Sent Event (WHATWG HTML, "Interpreting an event
/// stream"): an object declaring only these is an event, not a payload.
const SSE_FIELDS: [&str; 4] = ["event", "data", "id", "retry"];

/// How many `$ref`s are followed to see what a schema is.
const MAX_HOPS: usize = 16;

/// What rewriting item schemas found.
#[derive(Debug, Default)]
pub(crate) struct Rewritten {
    pub notes: Vec<Note>,
    /// Each new `schema` (or part of one) and where it came from.
    pub moves: Vec<Moved>,
}

/// Rewrites every media type under `content` in place (components'
/// `mediaTypes` are copied in by then). `whole_stream_schema`: the
/// document is 3.2, where `schema` describes the whole stream.
pub(crate) fn rewrite(doc: &mut Value, whole_stream_schema: bool) -> Rewritten {
    let mut out = Rewritten::default();
    let media_types: Vec<String> = positions(doc)
        .into_iter()
        .filter(|p| p.kind == Kind::MediaType && !p.at.starts_with("#/components/mediaTypes/"))
        .map(|p| p.at)
        .collect();
    for at in media_types {
        let Some(Value::Object(media)) = lookup(doc, &at).cloned() else {
            continue;
        };
        let name = media_type_name(&at);
        let rewritten = rewrite_one(doc, media, &name, &at, whole_stream_schema, &mut out);
        if let Some(slot) = doc.pointer_mut(&at[1..]) {
            *slot = Value::Object(rewritten);
        }
    }
    out
}

/// The media type a position under `content` names: its last token.
fn media_type_name(at: &str) -> String {
    at.rsplit('/')
        .next()
        .unwrap_or_default()
        .replace("~1", "/")
        .replace("~0", "~")
}

fn rewrite_one(
    doc: &Value,
    mut media: Map<String, Value>,
    name: &str,
    at: &str,
    whole_stream_schema: bool,
    out: &mut Rewritten,
) -> Map<String, Value> {
    let mut note = |keyword: &str, message: String| {
        out.notes.push(Note {
            pointer: format!("{at}/{keyword}"),
            message,
        });
    };
    for keyword in ["itemEncoding", "prefixEncoding"] {
        if media.remove(keyword).is_some() {
            note(
                keyword,
                format!("`{keyword}` is not applied: each part is sent and read with its default content type"),
            );
        }
    }
    let item = media.remove("itemSchema");
    if !is_sequential(name) {
        if item.is_some() {
            note(
                "itemSchema",
                format!("`itemSchema` describes the items of a sequential media type (an event stream, JSON Lines); `{name}` is not one, so it is not used"),
            );
        }
        return media;
    }
    // Where the item schema is now, and where it was in the input.
    let schema_at = format!("{at}/schema");
    let (schema, from) = match item {
        Some(item) => {
            if media.contains_key("schema") {
                note(
                    "schema",
                    "`schema` and `itemSchema` are both given: `itemSchema` is the type of each item, and `schema` (the whole stream) is not used".into(),
                );
            }
            (item, format!("{at}/itemSchema"))
        }
        None => match media.remove("schema") {
            Some(schema) => {
                match whole_stream_schema.then(|| array_items(doc, &schema, &schema_at)) {
                    Some(Some((items, items_at))) => (items, items_at),
                    _ => (schema, schema_at.clone()),
                }
            }
            None => return media,
        },
    };
    if is_event_stream(name) {
        if let Some(event) = event_of(doc, &schema, &from, 0) {
            let (payload, moves) = event.payload(&schema_at);
            let mut left_out: Vec<&str> = event.others.iter().map(String::as_str).collect();
            left_out.sort_unstable();
            let fields = match left_out.as_slice() {
                [] => String::new(),
                fields => format!(
                    "; its {} field{} {} not part of the item type",
                    fields
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if fields.len() == 1 { "" } else { "s" },
                    if fields.len() == 1 { "is" } else { "are" },
                ),
            };
            out.notes.push(Note {
                pointer: from.clone(),
                message: format!(
                    "each item of this event stream is the event's `data`, {}{fields}",
                    event.described()
                ),
            });
            out.notes.extend(event.notes);
            out.moves.extend(moves);
            media.insert("schema".into(), payload);
            return media;
        }
    }
    if from != schema_at {
        out.moves.push(Moved {
            to: schema_at,
            from,
        });
    }
    media.insert("schema".into(), schema);
    media
}

/// A schema (followed through `$ref`s) and where it is.
fn resolved<'d>(doc: &'d Value, schema: &'d Value, at: &str) -> Option<(&'d Value, String)> {
    let mut current = schema;
    let mut at = at.to_owned();
    for _ in 0..MAX_HOPS {
        match current.get("$ref").and_then(Value::as_str) {
            Some(target) if target.starts_with('#') => {
                current = lookup(doc, target)?;
                at = target.to_owned();
            }
            Some(_) => return None,
            None => return Some((current, at)),
        }
    }
    None
}

/// The `items` of an array schema, and where they are.
fn array_items(doc: &Value, schema: &Value, at: &str) -> Option<(Value, String)> {
    let (schema, at) = resolved(doc, schema, at)?;
    if schema.get("type").and_then(Value::as_str) != Some("array") {
        return None;
    }
    let items = schema.get("items").filter(|i| i.is_object())?;
    Some((items.clone(), format!("{at}/items")))
}

/// What one event carries.
#[derive(Debug, Clone, PartialEq)]
enum Data {
    /// Text: a string payload.
    Text,
    /// A JSON value of this schema (copied from `from`), decoded from the
    /// text; `embedded`: the schema is a `contentSchema`.
    Json {
        schema: Value,
        from: String,
        embedded: bool,
    },
}

/// An event structure: the payload of each alternative, and the other SSE
/// fields it declares.
#[derive(Debug, Default)]
struct Event {
    data: Vec<Data>,
    others: BTreeSet<String>,
    notes: Vec<Note>,
}

impl Event {
    /// The item schema, and the moves that made it, for a media type whose
    /// `schema` is at `schema_at`.
    fn payload(&self, schema_at: &str) -> (Value, Vec<Moved>) {
        // Alternatives carrying the same payload are one.
        let same = |a: &Data, b: &Data| match (a, b) {
            (Data::Text, Data::Text) => true,
            (Data::Json { schema: a, .. }, Data::Json { schema: b, .. }) => a == b,
            _ => false,
        };
        let mut distinct: Vec<&Data> = Vec::new();
        for data in &self.data {
            if !distinct.iter().any(|d| same(d, data)) {
                distinct.push(data);
            }
        }
        let one = |data: &Data, to: String, moves: &mut Vec<Moved>| match data {
            Data::Text => json!({"type": "string"}),
            Data::Json { schema, from, .. } => {
                moves.push(Moved {
                    to,
                    from: from.clone(),
                });
                schema.clone()
            }
        };
        let mut moves = Vec::new();
        let schema = match distinct.as_slice() {
            [data] => one(data, schema_at.to_owned(), &mut moves),
            many => {
                let branches: Vec<Value> = many
                    .iter()
                    .enumerate()
                    .map(|(i, d)| one(d, format!("{schema_at}/oneOf/{i}"), &mut moves))
                    .collect();
                json!({ "oneOf": branches })
            }
        };
        (schema, moves)
    }

    /// What the payload is, for the note.
    fn described(&self) -> String {
        let json = self.data.iter().any(|d| matches!(d, Data::Json { .. }));
        let text = self.data.contains(&Data::Text);
        let embedded = self
            .data
            .iter()
            .any(|d| matches!(d, Data::Json { embedded: true, .. }));
        let how = match (json, text) {
            (false, _) => "as text",
            (true, false) if embedded => "decoded as JSON of its `contentSchema`",
            (true, false) => "decoded as JSON of the schema `data` declares",
            (true, true) => "as text or decoded as JSON, by alternative",
        };
        if self.data.len() > 1 {
            format!("{how} (one of the alternatives' payloads)")
        } else {
            how.to_owned()
        }
    }
}

/// The event structure `schema` (at `at` in the input) is, if it is one:
/// an object declaring only SSE fields, `data` among them (or in each of
/// its `oneOf`/`anyOf` alternatives, which must be event structures too).
fn event_of(doc: &Value, schema: &Value, at: &str, depth: usize) -> Option<Event> {
    if depth > MAX_HOPS {
        return None;
    }
    let (schema, at) = resolved(doc, schema, at)?;
    let map = schema.as_object()?;
    if map
        .get("type")
        .is_some_and(|t| t.as_str() != Some("object"))
        || map.contains_key("allOf")
    {
        return None;
    }
    let properties = map.get("properties").and_then(Value::as_object);
    if properties.is_some_and(|p| p.keys().any(|k| !SSE_FIELDS.contains(&k.as_str()))) {
        return None;
    }
    let mut event = Event::default();
    event.others.extend(
        properties
            .into_iter()
            .flat_map(|p| p.keys())
            .filter(|k| *k != "data")
            .cloned(),
    );
    let own = properties
        .and_then(|p| p.get("data"))
        .map(|d| data_of(doc, d, &format!("{at}/properties/data"), &mut event.notes));
    let branches = ["oneOf", "anyOf"].into_iter().find_map(|keyword| {
        map.get(keyword)
            .and_then(Value::as_array)
            .filter(|b| !b.is_empty())
            .map(|b| (keyword, b))
    });
    match branches {
        Some((keyword, branches)) => {
            for (i, branch) in branches.iter().enumerate() {
                let inner = event_of(doc, branch, &format!("{at}/{keyword}/{i}"), depth + 1)?;
                event.others.extend(inner.others);
                event.notes.extend(inner.notes);
                if inner.data.is_empty() {
                    event.data.push(own.clone()?);
                } else {
                    event.data.extend(inner.data);
                }
            }
        }
        None => event.data.extend(own),
    }
    // A branch may leave `data` to the structure around it; the top level may not.
    (depth > 0 || !event.data.is_empty()).then_some(event)
}

/// The payload an event's `data` (at `at`) carries.
fn data_of(doc: &Value, data: &Value, at: &str, notes: &mut Vec<Note>) -> Data {
    let Some((resolved_data, target)) = resolved(doc, data, at) else {
        return Data::Text;
    };
    if let Some(content) = resolved_data.get("contentSchema") {
        let media = resolved_data
            .get("contentMediaType")
            .and_then(Value::as_str)
            .unwrap_or("application/json");
        if is_json_document(media) {
            return Data::Json {
                schema: content.clone(),
                from: format!("{target}/contentSchema"),
                embedded: true,
            };
        }
        notes.push(Note {
            pointer: format!("{target}/contentSchema"),
            message: format!(
                "the event's `data` is `{media}`, not JSON: each item is its text, and `contentSchema` is not applied"
            ),
        });
        return Data::Text;
    }
    // Data is text on the wire; a schema declaring it as anything else
    // means the JSON that text holds.
    let structured = match resolved_data.get("type") {
        Some(Value::String(t)) => t != "string",
        Some(_) => true,
        None => ["properties", "items", "oneOf", "anyOf", "allOf"]
            .iter()
            .any(|k| resolved_data.get(k).is_some()),
    };
    if structured {
        Data::Json {
            schema: data.clone(),
            from: at.to_owned(),
            embedded: false,
        }
    } else {
        Data::Text
    }
}

#[cfg(test)]
mod tests;
