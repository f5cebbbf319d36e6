//! From summed records to overlay actions against the spec: each record's
//! place found, the records of one place merged into the changes of that
//! place, the changes made on a copy of the spec (deepest places first, so
//! a schema wrapped later carries the changes made inside it), and then,
//! place by place in target order, the difference between the node as it
//! was and as it is written as Overlay actions: `remove` for what must go
//! or be replaced (a `$ref` that gets siblings, a `type` that becomes a
//! list), then one `update` merging in the rest.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::edits;
use super::place::{self, Place, Step};
use super::records::{Detail, Logs, Tally};
use super::sketch::Sketch;
use super::Spec;

/// What the records make of the spec.
pub(crate) struct Plan {
    /// The overlay actions, in the order they apply.
    pub actions: Vec<Value>,
    /// The spec as the actions leave it.
    pub expected: Value,
    /// The records that change nothing, and why.
    pub notes: Vec<String>,
}

/// The changes one place gets, described.
struct Group {
    place: Place,
    sentences: Vec<String>,
    removes: Vec<Place>,
    update: Map<String, Value>,
}

/// The actions the records of `logs` ask of `spec`, and what they leave.
pub(crate) fn plan(spec: &Spec, logs: &Logs) -> Plan {
    let mut notes = Vec::new();
    let places = by_place(spec, logs, &mut notes);
    let mut expected = spec.doc.clone();
    let mut said: BTreeMap<Place, Vec<String>> = BTreeMap::new();
    let mut deepest_first: Vec<(&Place, &BTreeMap<Detail, Tally>)> = places.iter().collect();
    deepest_first.sort_by(|(a, _), (b, _)| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    for (at, seen) in deepest_first {
        let old = place::node(spec.doc, at).unwrap_or(&Value::Null);
        let Some(Value::Object(node)) = place::node_mut(&mut expected, at) else {
            for (detail, tally) in seen {
                notes.push(skipped(detail, at, tally, "the spec there is no object"));
            }
            continue;
        };
        for (detail, tally) in seen {
            match edits::apply(spec, detail, tally, node, old) {
                Ok(what) => said
                    .entry(at.clone())
                    .or_default()
                    .push(format!("{}: {what}.", tally.seen())),
                Err(why) => notes.push(skipped(detail, at, tally, &why)),
            }
        }
    }
    let groups = groups(spec.doc, &expected, said);
    Plan {
        actions: groups.iter().flat_map(actions_of).collect(),
        expected,
        notes,
    }
}

/// The records by the place their change lands, merged; a note for each
/// record whose place the spec lacks.
fn by_place(
    spec: &Spec,
    logs: &Logs,
    notes: &mut Vec<String>,
) -> BTreeMap<Place, BTreeMap<Detail, Tally>> {
    let mut places: BTreeMap<Place, BTreeMap<Detail, Tally>> = BTreeMap::new();
    let mut nulls = Vec::new();
    for ((pointer, detail), tally) in &logs.seen {
        if *detail == Detail::Null {
            nulls.push((pointer, tally));
            continue;
        }
        match place::place_for(spec, pointer, detail) {
            Ok(at) => places
                .entry(at)
                .or_default()
                .entry(detail.clone())
                .or_default()
                .absorb(tally),
            Err(why) => notes.push(skipped_at(detail, pointer, tally, &why)),
        }
    }
    // After the properties: `null` in a property the spec lacks makes the
    // property added for it nullable.
    for (pointer, tally) in nulls {
        match place::place_for(spec, pointer, &Detail::Null) {
            Ok(at) => places
                .entry(at)
                .or_default()
                .entry(Detail::Null)
                .or_default()
                .absorb(tally),
            Err(why) => match added_property(spec, &mut places, pointer) {
                Some(property) => {
                    let mut null = tally.clone();
                    null.observed = Some(Sketch::null());
                    property.absorb(&null);
                }
                None => notes.push(skipped_at(&Detail::Null, pointer, tally, &why)),
            },
        }
    }
    places
}

/// The tally of the property `pointer` names (`.../properties/carrier`)
/// when a record adds that property.
fn added_property<'a>(
    spec: &Spec,
    places: &'a mut BTreeMap<Place, BTreeMap<Detail, Tally>>,
    pointer: &str,
) -> Option<&'a mut Tally> {
    let (object, name) = pointer.rsplit_once('/')?;
    let object = object.strip_suffix("/properties")?;
    let property = Detail::Property(name.replace("~1", "/").replace("~0", "~"));
    let at = place::place_for(spec, object, &property).ok()?;
    places.get_mut(&at)?.get_mut(&property)
}

/// Each changed place with the actions that change it, in target order. A
/// place inside a node an earlier place removes (a schema wrapped in an
/// `anyOf`) has no actions of its own: that place's update carries its
/// changes, and its description says them.
fn groups(old: &Value, new: &Value, said: BTreeMap<Place, Vec<String>>) -> Vec<Group> {
    let changed: BTreeSet<Place> = said.keys().cloned().collect();
    let mut groups: Vec<Group> = Vec::new();
    for (at, sentences) in said {
        let absorber = groups
            .iter_mut()
            .find(|group| group.removes.iter().any(|removed| at.starts_with(removed)));
        if let Some(group) = absorber {
            group.sentences.extend(sentences);
            continue;
        }
        let (Some(Value::Object(before)), Some(Value::Object(after))) =
            (place::node(old, &at), place::node(new, &at))
        else {
            continue;
        };
        let skip = |inner: &[Step]| inner != at.as_slice() && changed.contains(inner);
        let mut removes = Vec::new();
        let update = diff(before, after, &at, &skip, &mut removes);
        if removes.is_empty() && update.is_empty() {
            continue;
        }
        groups.push(Group {
            place: at,
            sentences,
            removes,
            update,
        });
    }
    groups
}

/// The actions of one place: its removals, then its update, each described.
fn actions_of(group: &Group) -> Vec<Value> {
    let description = group.sentences.join(" ");
    let mut actions = Vec::new();
    for removed in &group.removes {
        let relative = removed.get(group.place.len()..).unwrap_or_default();
        let why = match relative.last() {
            _ if group.update.is_empty() => None,
            Some(Step::Key(key)) if is_given(&group.update, relative) => Some(format!(
                "Removed for the next action, which sets `{key}` anew."
            )),
            Some(Step::Key(key)) if key == "$ref" => {
                Some("Removed for the next action, which wraps the reference.".to_owned())
            }
            _ => Some("Removed for the next action.".to_owned()),
        };
        let text = match why {
            Some(why) => format!("{why} {description}"),
            None => description.clone(),
        };
        actions.push(
            json!({"target": place::json_path(removed), "description": text, "remove": true}),
        );
    }
    if !group.update.is_empty() {
        actions.push(json!({
            "target": place::json_path(&group.place),
            "description": description,
            "update": Value::Object(group.update.clone()),
        }));
    }
    actions
}

/// Whether `update` gives a value at `relative` (the place of a member a
/// removal takes out, from the update's target).
fn is_given(update: &Map<String, Value>, relative: &[Step]) -> bool {
    let Some((Step::Key(last), path)) = relative.split_last() else {
        return false;
    };
    let mut map = update;
    for step in path {
        match step {
            Step::Key(key) => match map.get(key) {
                Some(Value::Object(inner)) => map = inner,
                _ => return false,
            },
            Step::Index(_) => return false,
        }
    }
    map.contains_key(last)
}

/// The Overlay update that turns object `old` (at `at`) into `new`, with
/// the places of the members to remove first pushed onto `removes`: a
/// member merges (objects recursively, an array that only grew by its new
/// tail, a primitive by the new one) or is removed and given again whole.
/// Members at places `skip` names have actions of their own.
fn diff(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    at: &[Step],
    skip: &dyn Fn(&[Step]) -> bool,
    removes: &mut Vec<Place>,
) -> Map<String, Value> {
    let child = |key: &str| {
        let mut child = at.to_vec();
        child.push(Step::Key(key.to_owned()));
        child
    };
    for key in old.keys() {
        if !new.contains_key(key) {
            removes.push(child(key));
        }
    }
    let mut update = Map::new();
    for (key, after) in new {
        let here = child(key);
        let Some(before) = old.get(key) else {
            update.insert(key.clone(), after.clone());
            continue;
        };
        if same_except(before, after, &here, skip) {
            continue;
        }
        match (before, after) {
            (Value::Object(before), Value::Object(after)) => {
                let inner = diff(before, after, &here, skip, removes);
                if !inner.is_empty() {
                    update.insert(key.clone(), Value::Object(inner));
                }
            }
            (Value::Array(before), Value::Array(after))
                if after.len() >= before.len()
                    && before.iter().zip(after).enumerate().all(|(i, (b, a))| {
                        let mut item = here.clone();
                        item.push(Step::Index(i));
                        same_except(b, a, &item, skip)
                    }) =>
            {
                update.insert(key.clone(), Value::Array(after[before.len()..].to_vec()));
            }
            (before, after) if !is_container(before) && !is_container(after) => {
                update.insert(key.clone(), after.clone());
            }
            _ => {
                removes.push(here);
                update.insert(key.clone(), after.clone());
            }
        }
    }
    update
}

/// Whether two nodes are equal but for the places `skip` names.
fn same_except(a: &Value, b: &Value, at: &[Step], skip: &dyn Fn(&[Step]) -> bool) -> bool {
    if skip(at) {
        return true;
    }
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter().all(|(key, value)| {
                    b.get(key).is_some_and(|other| {
                        let mut inner = at.to_vec();
                        inner.push(Step::Key(key.clone()));
                        same_except(value, other, &inner, skip)
                    })
                })
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len()
                && a.iter().zip(b).enumerate().all(|(i, (x, y))| {
                    let mut inner = at.to_vec();
                    inner.push(Step::Index(i));
                    same_except(x, y, &inner, skip)
                })
        }
        _ => a == b,
    }
}

fn is_container(value: &Value) -> bool {
    value.is_object() || value.is_array()
}

/// A note for a record that changes nothing, at a place found.
fn skipped(detail: &Detail, at: &[Step], tally: &Tally, why: &str) -> String {
    skipped_at(
        detail,
        place::pointer(at).trim_start_matches('#'),
        tally,
        why,
    )
}

/// A note for a record that changes nothing, by the pointer it names.
fn skipped_at(detail: &Detail, pointer: &str, tally: &Tally, why: &str) -> String {
    let seen = format!(
        "{} time{} on {}",
        tally.count,
        if tally.count == 1 { "" } else { "s" },
        tally.operation_list()
    );
    if *detail == Detail::Redacted {
        return format!(
            "a value not among the enum's values at #{pointer} was seen {seen}, but withheld, as the place holds a secret: no action; add the value by hand once it is known"
        );
    }
    let what = match detail {
        Detail::Property(name) => format!(" `{name}`"),
        Detail::EnumValue(value) => format!(" {value}"),
        Detail::Status { status, .. } => format!(" {status}"),
        Detail::ContentType {
            response,
            content_type,
        } => format!(" {content_type} of {response}"),
        _ => String::new(),
    };
    format!(
        "{}{what} at #{pointer} (seen {seen}) changes nothing: {why}",
        detail.kind()
    )
}
