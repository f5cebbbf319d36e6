//! Applying one action to the document: the nodes its target selects (with
//! their places, from `serde_json_path`), then the removal, the merge of an
//! update, or the merge of the node a copy selects, as the Overlay
//! Specification words them.

use std::cmp::Reverse;

use serde_json::{Map, Value};
use serde_json_path::{JsonPath, PathElement};

use super::{Action, Applied, Change, Overlay};
use crate::error::{pointer_token, Result};

/// One step from a node to a child: the owned form of a normalized path's
/// element, so the document can be changed after the query.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Key(String),
    Index(usize),
}

/// A selected node's place: its steps from the root and its JSON pointer.
type Place = (Vec<Step>, String);

/// The places `path` selects in `doc`, each once, in document order.
fn select(path: &JsonPath, doc: &Value) -> Vec<Place> {
    path.query_located(doc)
        .dedup()
        .locations()
        .map(|location| {
            let steps = location
                .iter()
                .map(|element| match element {
                    PathElement::Name(name) => Step::Key((*name).to_owned()),
                    PathElement::Index(index) => Step::Index(*index),
                })
                .collect();
            (steps, location.to_json_pointer())
        })
        .collect()
}

fn node_mut<'a>(doc: &'a mut Value, steps: &[Step]) -> Option<&'a mut Value> {
    steps.iter().try_fold(doc, |node, step| match (node, step) {
        (Value::Object(map), Step::Key(key)) => map.get_mut(key),
        (Value::Array(items), Step::Index(index)) => items.get_mut(*index),
        _ => None,
    })
}

/// Applies `action` of `overlay` to `doc`, recording what it changed.
pub(super) fn action(
    overlay: &Overlay,
    action: &Action,
    doc: &mut Value,
    applied: &mut Applied,
) -> Result<()> {
    let targets = select(&action.target, doc);
    if targets.is_empty() {
        // The specification calls this a success; it is still worth saying,
        // as it usually means the spec changed under the overlay.
        let about = action
            .description
            .as_ref()
            .map_or_else(String::new, |d| format!(" ({d:?})"));
        applied.notes.push(format!(
            "overlay {} action {}{about}: target {} selects nothing; the action changed nothing",
            overlay.path.display(),
            action.index,
            action.target_text,
        ));
        return Ok(());
    }
    let at = format!("/actions/{}", action.index);
    let places = match &action.change {
        Change::Remove => remove(overlay, &at, doc, targets)?,
        Change::Update(update) => {
            let from = Source {
                at: format!("{at}/update"),
                what: "`update`".into(),
            };
            merge_into(overlay, action, doc, &targets, update, &from)?
        }
        Change::Copy(path, text) => {
            let sources = select(path, doc);
            let [(steps, pointer)] = <[Place; 1]>::try_from(sources).map_err(|sources| {
                overlay.error(
                    format!("{at}/copy"),
                    format!(
                        "{text} selects {} nodes; `copy` needs exactly one",
                        sources.len()
                    ),
                )
            })?;
            // A clone: the copy may land inside the node it is copied from.
            let value = node_mut(doc, &steps).map(|v| v.clone()).unwrap_or_default();
            let from = Source {
                at: format!("{at}/copy"),
                what: format!("the node {text} selects ({pointer})"),
            };
            merge_into(overlay, action, doc, &targets, &value, &from)?
        }
    };
    applied.record(overlay, action, places);
    Ok(())
}

/// Removes each selected node from the object or array holding it; the
/// places recorded are those holders.
fn remove(
    overlay: &Overlay,
    at: &str,
    doc: &mut Value,
    mut targets: Vec<Place>,
) -> Result<Vec<String>> {
    // Deepest and last first, so that no removal moves a node still to be
    // removed (a later array item, or a node inside an earlier one).
    targets.sort_by(|a, b| Reverse(&a.0).cmp(&Reverse(&b.0)));
    let mut places = Vec::new();
    for (steps, _) in targets {
        let Some((last, parent_steps)) = steps.split_last() else {
            return Err(overlay.error(
                format!("{at}/target"),
                "selects the document's root, which cannot be removed",
            ));
        };
        let removed = match (node_mut(doc, parent_steps), last) {
            (Some(Value::Object(map)), Step::Key(key)) => map.shift_remove(key).is_some(),
            (Some(Value::Array(items)), Step::Index(index)) if *index < items.len() => {
                items.remove(*index);
                true
            }
            // Inside a node already removed by this action.
            _ => false,
        };
        if removed {
            let parent = pointer_of(parent_steps);
            if !places.contains(&parent) {
                places.push(parent);
            }
        }
    }
    Ok(places)
}

/// Where a value to merge comes from, for errors.
struct Source {
    /// The pointer in the overlay (`/actions/2/update`).
    at: String,
    /// How to name the value in a message.
    what: String,
}

/// Merges `value` into each selected node: into objects recursively,
/// appended to (or, an array, concatenated with) arrays, replacing
/// primitives (Overlay 1.1). The selected nodes must be all of one kind.
fn merge_into(
    overlay: &Overlay,
    action: &Action,
    doc: &mut Value,
    targets: &[Place],
    value: &Value,
    from: &Source,
) -> Result<Vec<String>> {
    let kinds: Vec<Kind> = targets
        .iter()
        .map(|(steps, _)| node_mut(doc, steps).map_or(Kind::Primitive, |n| Kind::of(n)))
        .collect();
    if kinds.iter().any(|k| *k != kinds[0]) {
        return Err(overlay.error(
            format!("/actions/{}/target", action.index),
            format!(
                "{} selects {} and {} together; an update or copy needs them all objects, all arrays or all primitives",
                action.target_text,
                kinds[0].plural(),
                kinds.iter().find(|k| **k != kinds[0]).map_or("", |k| k.plural()),
            ),
        ));
    }
    let mut places = Vec::new();
    for (steps, pointer) in targets {
        // An earlier target of this action may have been merged into this one's parent.
        let Some(node) = node_mut(doc, steps) else {
            continue;
        };
        match (node, value) {
            (Value::Object(node), Value::Object(update)) => {
                merge(node, update, pointer, "", &mut places)
                    .map_err(|(inner, message)| overlay.error(format!("{}{inner}", from.at), message))?;
            }
            (Value::Object(_), other) => {
                return Err(overlay.error(
                    &from.at,
                    format!(
                        "the target {pointer} is an object, and {} is {}: an object is merged only with an object",
                        from.what,
                        Kind::of(other).one()
                    ),
                ))
            }
            (Value::Array(items), Value::Array(more)) => {
                items.extend(more.iter().cloned());
                places.push(pointer.clone());
            }
            (Value::Array(items), other) => {
                items.push(other.clone());
                places.push(pointer.clone());
            }
            (_, _) if !overlay.v11 => {
                return Err(overlay.error(
                    format!("/actions/{}/target", action.index),
                    format!(
                        "the target {pointer} is a primitive value; Overlay 1.0 updates objects and arrays (1.1 replaces primitives: `overlay: 1.1.0`)"
                    ),
                ))
            }
            (node, other) if Kind::of(other) == Kind::Primitive => {
                other.clone_into(node);
                places.push(pointer.clone());
            }
            (_, other) => {
                return Err(overlay.error(
                    &from.at,
                    format!(
                        "the target {pointer} is a primitive value, and {} is {}: a primitive is replaced only by a primitive",
                        from.what,
                        Kind::of(other).one()
                    ),
                ))
            }
        }
    }
    Ok(places)
}

/// The specification's recursive merge of `update` into `target` (at
/// `pointer` in the document; `inner` is the place inside the update). A
/// place is recorded for each object a property was inserted into or
/// replaced in, and each array concatenated with, rather than for the
/// target alone: an update of the root then blames only what it changed.
/// An error is the pointer inside the update and the message.
fn merge(
    target: &mut Map<String, Value>,
    update: &Map<String, Value>,
    pointer: &str,
    inner: &str,
    places: &mut Vec<String>,
) -> std::result::Result<(), (String, String)> {
    let mut changed = false;
    for (key, value) in update {
        let token = pointer_token(key);
        let (child, child_inner) = (format!("{pointer}/{token}"), format!("{inner}/{token}"));
        let Some(existing) = target.get_mut(key) else {
            target.insert(key.clone(), value.clone());
            changed = true;
            continue;
        };
        match (existing, value) {
            (Value::Object(existing), Value::Object(value)) => {
                merge(existing, value, &child, &child_inner, places)?;
            }
            (Value::Array(existing), Value::Array(value)) => {
                existing.extend(value.iter().cloned());
                places.push(child);
            }
            (existing, value)
                if Kind::of(existing) == Kind::Primitive && Kind::of(value) == Kind::Primitive =>
            {
                value.clone_into(existing);
                changed = true;
            }
            (existing, value) => {
                return Err((
                    child_inner,
                    format!(
                        "{child} is {} in the spec and {} here: the Overlay Specification merges object with object, array with array, primitive with primitive",
                        Kind::of(existing).one(),
                        Kind::of(value).one()
                    ),
                ))
            }
        }
    }
    if changed {
        places.push(pointer.to_owned());
    }
    Ok(())
}

fn pointer_of(steps: &[Step]) -> String {
    steps
        .iter()
        .map(|step| match step {
            Step::Key(key) => format!("/{}", pointer_token(key)),
            Step::Index(index) => format!("/{index}"),
        })
        .collect()
}

/// What the specification tells apart when merging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
    Primitive,
}

impl Kind {
    fn of(value: &Value) -> Kind {
        match value {
            Value::Object(_) => Kind::Object,
            Value::Array(_) => Kind::Array,
            _ => Kind::Primitive,
        }
    }

    fn one(self) -> &'static str {
        match self {
            Kind::Object => "an object",
            Kind::Array => "an array",
            Kind::Primitive => "a primitive value",
        }
    }

    fn plural(self) -> &'static str {
        match self {
            Kind::Object => "objects",
            Kind::Array => "arrays",
            Kind::Primitive => "primitive values",
        }
    }
}
