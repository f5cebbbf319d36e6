//! The overlay document: its actions checked by applying them, one by one,
//! with the overlay module (each target must select exactly one node, and
//! the result must be the spec the records asked for), then written as YAML
//! under a comment saying what it was derived from and what it left out.

use std::path::Path;

use serde_json::{json, Value};
use serde_json_path::JsonPath;

use crate::error::{Error, Result};
use crate::overlay::{Applied, Overlay};

/// The action an overlay holds when no record changes the spec: the
/// Overlay Specification asks for at least one action, and a document that
/// `--overlay` can take keeps a pipeline from logs to code running on a
/// day the server sent nothing new.
pub(crate) fn nothing_to_do(why: &str) -> Value {
    json!({
        "target": "$",
        "description": format!("{why}: this action changes nothing."),
        "update": {},
    })
}

/// The overlay document holding `actions`, titled after the spec.
pub(crate) fn document(spec: &Value, actions: Vec<Value>) -> Value {
    let title = spec
        .pointer("/info/title")
        .and_then(Value::as_str)
        .unwrap_or("The spec");
    json!({
        "overlay": "1.0.0",
        "info": {
            "title": format!("{title}: what its server was seen to send (derived from drift logs)"),
            "version": "1.0.0",
        },
        "actions": actions,
    })
}

/// Applies `actions` to `spec` through the overlay module, one at a time,
/// and requires each target to select exactly one node as the actions
/// before it left the spec. What they make of it all is checked once, on the
/// text written ([`render`]).
pub(crate) fn check(spec: &Value, actions: &[Value]) -> Result<()> {
    let mut doc = spec.clone();
    for (index, action) in actions.iter().enumerate() {
        let target = action.get("target").and_then(Value::as_str).unwrap_or("");
        let selected = JsonPath::parse(target)
            .map(|path| path.query(&doc).len())
            .map_err(|e| internal(index, target, &format!("is no JSONPath: {e}")))?;
        if selected != 1 {
            return Err(internal(
                index,
                target,
                &format!("selects {selected} nodes"),
            ));
        }
        let one = document(spec, vec![action.clone()]);
        Overlay::parse(&one.to_string(), Path::new("derived overlay"))
            .and_then(|overlay| overlay.apply(&mut doc, &mut Applied::default()))
            .map_err(|e| internal(index, target, &format!("does not apply: {e}")))?;
    }
    Ok(())
}

fn internal(index: usize, target: &str, what: &str) -> Error {
    Error::Internal(format!(
        "derived overlay action {index}: the target {target} {what}"
    ))
}

/// The document as YAML, under `comment` (one `# ` line per entry), read
/// back and applied to `spec`, which it must make `expected`: what the
/// overlay says is checked against what the text written does.
pub(crate) fn render(
    comment: &[String],
    overlay: &Value,
    spec: &Value,
    expected: &Value,
) -> Result<String> {
    let yaml = serde_yaml::to_string(overlay)
        .map_err(|e| Error::Internal(format!("the derived overlay as YAML: {e}")))?;
    let mut text = String::new();
    for line in comment {
        for part in line.lines() {
            text.push_str("# ");
            text.push_str(part);
            text.push('\n');
        }
    }
    text.push_str(&yaml);
    let mut doc = spec.clone();
    Overlay::parse(&text, Path::new("derived overlay"))
        .and_then(|overlay| overlay.apply(&mut doc, &mut Applied::default()))
        .map_err(|e| Error::Internal(format!("the derived overlay, read back: {e}")))?;
    if doc != *expected {
        return Err(Error::Internal(
            "the derived overlay does not make the spec what the drift records asked for".into(),
        ));
    }
    Ok(text)
}
