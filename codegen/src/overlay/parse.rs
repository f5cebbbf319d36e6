//! Reading an overlay document and checking it against the Overlay
//! Specification's structure before anything is applied, so that a wrong
//! overlay fails with the place in it, never halfway through changing a spec.

use std::path::Path;

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use super::{Action, Change, Overlay};
use crate::error::Result;

/// Reads and checks overlay text.
pub(super) fn overlay(text: &str, path: &Path) -> Result<Overlay> {
    let mut overlay = Overlay {
        path: path.to_owned(),
        v11: false,
        actions: Vec::new(),
    };
    let doc = crate::load::json_or_yaml(text).map_err(|(pointer, message)| {
        // The YAML reader names nodes `#/...`; overlay errors name them as RFC 6901 does.
        let pointer = pointer.unwrap_or_default();
        overlay.error(pointer.trim_start_matches('#'), message)
    })?;
    let Value::Object(root) = doc else {
        return Err(overlay.error("", "not an Overlay document: not a YAML/JSON object"));
    };
    overlay.v11 = version(&overlay, &root)?;
    info(&overlay, &root)?;
    let actions = match root.get("actions") {
        Some(Value::Array(actions)) if !actions.is_empty() => actions,
        Some(Value::Array(_)) => {
            return Err(overlay.error("/actions", "no actions: an overlay needs at least one"))
        }
        Some(_) => return Err(overlay.error("/actions", "not a list of actions")),
        None => return Err(overlay.error("", "no `actions`: not an Overlay document")),
    };
    let mut read = Vec::with_capacity(actions.len());
    for (index, value) in actions.iter().enumerate() {
        read.push(action(&overlay, index, value)?);
    }
    overlay.actions = read;
    Ok(overlay)
}

/// Whether the `overlay` version is 1.1 (else 1.0); only the minor version
/// matters, as the specification says of patch versions.
fn version(overlay: &Overlay, root: &Map<String, Value>) -> Result<bool> {
    let version = match root.get("overlay") {
        Some(Value::String(version)) => version,
        Some(other) => {
            return Err(overlay.error("/overlay", format!("{other} is no version string")))
        }
        None => return Err(overlay.error("", "no `overlay` version: not an Overlay document")),
    };
    let mut parts = version.split('.');
    let (major, minor) = (parts.next(), parts.next());
    let patch_ok = parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    match (major, minor, patch_ok && parts.next().is_none()) {
        (Some("1"), Some("0"), true) => Ok(false),
        (Some("1"), Some("1"), true) => Ok(true),
        _ => Err(overlay.error(
            "/overlay",
            format!("Overlay version {version:?}; supported: 1.0.x and 1.1.x"),
        )),
    }
}

/// `info` with its required `title` and `version`.
fn info(overlay: &Overlay, root: &Map<String, Value>) -> Result<()> {
    let Some(info) = root.get("info") else {
        return Err(overlay.error("", "no `info`: not an Overlay document"));
    };
    let Value::Object(info) = info else {
        return Err(overlay.error("/info", "not an object"));
    };
    for field in ["title", "version"] {
        match info.get(field) {
            Some(Value::String(_)) => {}
            Some(_) => return Err(overlay.error(format!("/info/{field}"), "not a string")),
            None => return Err(overlay.error("/info", format!("no `{field}`"))),
        }
    }
    Ok(())
}

/// One action, its target and copy parsed as JSONPath.
fn action(overlay: &Overlay, index: usize, value: &Value) -> Result<Action> {
    let at = format!("/actions/{index}");
    let Value::Object(fields) = value else {
        return Err(overlay.error(at, "an action is an object"));
    };
    let query = |field: &str| -> Result<Option<(JsonPath, String)>> {
        match fields.get(field) {
            None => Ok(None),
            Some(Value::String(text)) => JsonPath::parse(text)
                .map(|path| Some((path, text.clone())))
                .map_err(|e| {
                    overlay.error(
                        format!("{at}/{field}"),
                        format!("not an RFC 9535 JSONPath query: {e}"),
                    )
                }),
            Some(_) => Err(overlay.error(format!("{at}/{field}"), "not a string")),
        }
    };
    let Some((target, target_text)) = query("target")? else {
        return Err(overlay.error(at, "no `target`"));
    };
    let description = match fields.get("description") {
        None => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(_) => return Err(overlay.error(format!("{at}/description"), "not a string")),
    };
    let remove = match fields.get("remove") {
        None => false,
        Some(Value::Bool(remove)) => *remove,
        Some(_) => return Err(overlay.error(format!("{at}/remove"), "not a boolean")),
    };
    let copy = query("copy")?;
    if copy.is_some() && !overlay.v11 {
        return Err(overlay.error(
            format!("{at}/copy"),
            "`copy` is an Overlay 1.1 action; this overlay says 1.0 (`overlay: 1.1.0` enables it)",
        ));
    }
    let update = fields.get("update");
    // `remove: true` wins: the specification says update and copy then have no impact.
    let change = match (remove, update, copy) {
        (true, _, _) => Change::Remove,
        (false, Some(_), Some(_)) => {
            return Err(overlay.error(at, "both `update` and `copy`: an action takes one of them"))
        }
        (false, Some(update), None) => Change::Update(update.clone()),
        (false, None, Some((path, text))) => Change::Copy(path, text),
        (false, None, None) => {
            return Err(overlay.error(
                at,
                "no `update`, `remove: true` or `copy`: the action does nothing",
            ))
        }
    };
    Ok(Action {
        index,
        description,
        target_text,
        target,
        change,
    })
}
