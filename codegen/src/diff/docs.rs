//! Documentation changes: descriptions, formats, defaults and deprecation,
//! which change what the user reads but not what their code can do.

use super::{push, Change, Kind};
use crate::model::Doc;

/// Reports how the documentation of `item` (`""` for the subject itself) changed.
pub fn compare(old: &Doc, new: &Doc, subject: &str, item: &str, out: &mut Vec<Change>) {
    let prefix = if item.is_empty() {
        String::new()
    } else {
        format!("{item}: ")
    };
    if let Some(what) = text(old.text.as_deref(), new.text.as_deref()) {
        push(out, Kind::DocsOnly, subject, format!("{prefix}{what}"));
    }
    if old.format != new.format {
        let show = |f: &Option<String>| f.as_deref().unwrap_or("none").to_owned();
        push(
            out,
            Kind::DocsOnly,
            subject,
            format!(
                "{prefix}format `{}` (was `{}`)",
                show(&new.format),
                show(&old.format)
            ),
        );
    }
    if old.default != new.default {
        let show =
            |d: &Option<serde_json::Value>| d.as_ref().map_or("none".into(), |v| v.to_string());
        push(
            out,
            Kind::DocsOnly,
            subject,
            format!(
                "{prefix}default {} (was {})",
                show(&new.default),
                show(&old.default)
            ),
        );
    }
    if old.deprecated != new.deprecated {
        let what = if new.deprecated {
            "deprecated"
        } else {
            "no longer deprecated"
        };
        push(out, Kind::DocsOnly, subject, format!("{prefix}{what}"));
    }
}

/// How a description changed, if it did.
pub fn text(old: Option<&str>, new: Option<&str>) -> Option<&'static str> {
    match (old.map(str::trim), new.map(str::trim)) {
        (a, b) if a == b => None,
        (None, Some(_)) => Some("description added"),
        (Some(_), None) => Some("description removed"),
        _ => Some("description reworded"),
    }
}
