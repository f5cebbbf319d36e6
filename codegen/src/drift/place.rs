//! Places in the spec: a record's JSON pointer resolved to the node it
//! names (following local `$ref`s where the pointer runs through one), the
//! place where the change a record asks for lands (for a property or an enum
//! value, the schema a `$ref` there leads to), and a place written as the
//! RFC 9535 normalized JSONPath an overlay targets.

use serde_json::{json, Value};

use super::records::Detail;
use super::Spec;
use crate::load::Version;

/// One step from a node to a child.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

/// A node's place: the steps from the document's root. Places order as
/// their targets do: a node before the nodes inside it.
pub(crate) type Place = Vec<Step>;

/// How many `$ref`s one resolution follows before it calls them a cycle.
const MAX_REFS: usize = 64;

pub(crate) fn node<'a>(doc: &'a Value, place: &[Step]) -> Option<&'a Value> {
    place.iter().try_fold(doc, |node, step| match (node, step) {
        (Value::Object(map), Step::Key(key)) => map.get(key),
        (Value::Array(items), Step::Index(index)) => items.get(*index),
        _ => None,
    })
}

pub(crate) fn node_mut<'a>(doc: &'a mut Value, place: &[Step]) -> Option<&'a mut Value> {
    place.iter().try_fold(doc, |node, step| match (node, step) {
        (Value::Object(map), Step::Key(key)) => map.get_mut(key),
        (Value::Array(items), Step::Index(index)) => items.get_mut(*index),
        _ => None,
    })
}

/// The place a JSON pointer (RFC 6901, without `#`) names in `doc`. Where a
/// step is missing from an object holding a local `$ref`, the pointer goes
/// on in the referenced node: a recorder names a property of a referenced
/// schema through the place that references it, and the change belongs
/// where the schema is written. `None` when the pointer names nothing.
pub(crate) fn resolve(doc: &Value, pointer: &str) -> Option<Place> {
    resolve_within(doc, pointer, &mut 0)
}

fn resolve_within(doc: &Value, pointer: &str, refs: &mut usize) -> Option<Place> {
    let mut place = Place::new();
    if pointer.is_empty() {
        return Some(place);
    }
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        loop {
            match node(doc, &place)? {
                Value::Object(map) if map.contains_key(&token) => {
                    place.push(Step::Key(token));
                    break;
                }
                Value::Object(map) => {
                    let target = local_ref(map.get("$ref"))?;
                    *refs += 1;
                    if *refs > MAX_REFS {
                        return None;
                    }
                    place = resolve_within(doc, target, refs)?;
                }
                Value::Array(items) => {
                    let index: usize = token.parse().ok()?;
                    // RFC 6901 indices have no leading zeros or signs.
                    if index >= items.len() || index.to_string() != token {
                        return None;
                    }
                    place.push(Step::Index(index));
                    break;
                }
                _ => return None,
            }
        }
    }
    Some(place)
}

/// The place a node's own local `$ref`s lead to (the node itself when it
/// has none); `None` for a reference to nothing, or a cycle.
pub(crate) fn follow(doc: &Value, mut place: Place) -> Option<Place> {
    let mut refs = 0;
    while let Some(target) = node(doc, &place).and_then(|n| local_ref(n.get("$ref"))) {
        refs += 1;
        if refs > MAX_REFS {
            return None;
        }
        place = resolve_within(doc, target, &mut refs)?;
    }
    Some(place)
}

/// The pointer of a local reference (`#/components/schemas/Number`).
fn local_ref(reference: Option<&Value>) -> Option<&str> {
    reference?.as_str()?.strip_prefix('#')
}

/// Where the change a record asks for lands, or why it cannot land.
pub(crate) fn place_for(spec: &Spec, pointer: &str, detail: &Detail) -> Result<Place, String> {
    let found = resolve(spec.doc, pointer).ok_or_else(|| {
        format!("the spec has nothing at #{pointer} (it changed since the recording?)")
    })?;
    let unresolved = || format!("#{pointer} leads to a `$ref` to nothing");
    match detail {
        Detail::Property(_) => holder(spec.doc, found, "properties").ok_or_else(unresolved),
        Detail::EnumValue(_) | Detail::Redacted => {
            holder(spec.doc, found, "enum").ok_or_else(unresolved)
        }
        Detail::Format => holder(spec.doc, found, "format").ok_or_else(unresolved),
        // Nullability and type belong to the place itself, not to a
        // schema it references and others share: a `$ref` there is wrapped.
        Detail::Type | Detail::Null => Ok(found),
        Detail::Status { .. } => responses(spec.doc, found, pointer),
        Detail::ContentType { .. } => {
            let parent = found.len().checked_sub(1).and_then(|n| found.get(..n));
            if responses(spec.doc, parent.unwrap_or_default().to_vec(), pointer).is_err() {
                return Err(format!(
                    "#{pointer} is no response; content type records name the declared response"
                ));
            }
            if spec.version == Version::V20 {
                // 2.0 lists response media types on the operation.
                return Ok(found
                    .get(..found.len().saturating_sub(2))
                    .unwrap_or_default()
                    .to_vec());
            }
            follow(spec.doc, found).ok_or_else(unresolved)
        }
    }
}

/// The place, when it is an operation's `responses`.
fn responses(doc: &Value, found: Place, pointer: &str) -> Result<Place, String> {
    let is_responses = found.last() == Some(&Step::Key("responses".into()))
        && node(doc, &found).is_some_and(Value::is_object);
    if is_responses {
        Ok(found)
    } else {
        Err(format!(
            "#{pointer} is no operation's `responses`, which status records name"
        ))
    }
}

/// The schema a change of `keyword` belongs to: past `$ref`s, and into the
/// one branch of an `allOf`/`anyOf`/`oneOf` that is not `null` (a schema an
/// earlier overlay wrapped) when the node lacks the keyword itself.
fn holder(doc: &Value, found: Place, keyword: &str) -> Option<Place> {
    let mut here = follow(doc, found)?;
    for _ in 0..16 {
        let Some(Value::Object(map)) = node(doc, &here) else {
            return Some(here);
        };
        if map.contains_key(keyword) {
            return Some(here);
        }
        let mut branches = Vec::new();
        for combinator in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(items)) = map.get(combinator) {
                for (index, item) in items.iter().enumerate() {
                    if !is_null_schema(item) {
                        branches.push((combinator, index));
                    }
                }
            }
        }
        let [(combinator, index)] = branches[..] else {
            return Some(here);
        };
        let mut inner = here.clone();
        inner.extend([Step::Key(combinator.into()), Step::Index(index)]);
        here = follow(doc, inner)?;
    }
    Some(here)
}

pub(crate) fn is_null_schema(schema: &Value) -> bool {
    schema.get("type") == Some(&json!("null"))
}

/// The place as a JSON pointer with `#`, for notes.
pub(crate) fn pointer(place: &[Step]) -> String {
    let mut text = String::from("#");
    for step in place {
        match step {
            Step::Key(key) => {
                text.push('/');
                text.push_str(&crate::error::pointer_token(key));
            }
            Step::Index(index) => text.push_str(&format!("/{index}")),
        }
    }
    text
}

/// The place as an RFC 9535 normalized path: `$['paths']['/calls/{id}']['get']`,
/// `$['allOf'][0]`. It selects exactly this node in any document holding it.
pub(crate) fn json_path(place: &[Step]) -> String {
    let mut path = String::from("$");
    for step in place {
        match step {
            Step::Key(key) => {
                path.push_str("['");
                escape_into(key, &mut path);
                path.push_str("']");
            }
            Step::Index(index) => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// A member name escaped as RFC 9535 section 2.7 says a normalized path
/// escapes it: `\\`, `\'`, the short escapes of `\b \f \n \r \t`, and
/// `\u00XX` (lower-case hex) for the other control characters.
fn escape_into(name: &str, path: &mut String) {
    for c in name.chars() {
        match c {
            '\\' => path.push_str("\\\\"),
            '\'' => path.push_str("\\'"),
            '\u{8}' => path.push_str("\\b"),
            '\u{c}' => path.push_str("\\f"),
            '\n' => path.push_str("\\n"),
            '\r' => path.push_str("\\r"),
            '\t' => path.push_str("\\t"),
            c if c < ' ' => path.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => path.push(c),
        }
    }
}
