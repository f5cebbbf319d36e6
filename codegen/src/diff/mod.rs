//! What changed in the generated public API between two specs, compared at
//! the model level (operations, parameters, types, fields, variants), each
//! change classified from the crate user's side: breaking, additive or
//! docs-only. The report ends with the semver bump the changes call for.

mod docs;
mod operations;
pub(crate) mod render;
mod servers;
mod types;
pub mod version;

use std::fmt;

use crate::model::Api;

/// Where `cargo xtask codegen` keeps the spec a crate was generated from
/// (the normalized document as JSON), so the next run can say what changed.
pub const SPEC_RECORD: &str = ".codegen/spec.json";

/// How a change affects code that uses the crate. Ordered strictest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Code written against the old crate may stop compiling or working.
    Breaking,
    /// Something new; code written against the old crate keeps working.
    Additive,
    /// Only the documentation differs.
    DocsOnly,
}

impl Kind {
    /// The label that starts a report line.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Breaking => "breaking",
            Kind::Additive => "additive",
            Kind::DocsOnly => "docs-only",
        }
    }
}

/// One change in the public API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Its classification.
    pub kind: Kind,
    /// The item that changed, as the user writes it: `numbers().get`, `types::Number`.
    pub subject: String,
    /// What happened to it.
    pub what: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:<9} {}: {}",
            self.kind.label(),
            self.subject,
            self.what
        )
    }
}

/// Every change between two models, breaking ones first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The changes, grouped by kind, each group in the order of the API.
    pub changes: Vec<Change>,
}

impl Report {
    /// The strictest kind of change, `None` when the APIs are the same.
    pub fn level(&self) -> Option<Kind> {
        self.changes.iter().map(|c| c.kind).min()
    }

    /// The report text: one line per change, then
    /// `change: breaking|additive|none (next version: X.Y.Z)`. Docs-only
    /// changes leave the API as it was (`none`), but the crate's docs changed,
    /// so the next version is a patch release.
    pub fn render(&self, current_version: &str) -> String {
        let mut out = String::new();
        for change in &self.changes {
            out.push_str(&change.to_string());
            out.push('\n');
        }
        let level = match self.level() {
            Some(kind @ (Kind::Breaking | Kind::Additive)) => kind.label(),
            Some(Kind::DocsOnly) | None => "none",
        };
        let next = version::next(current_version, self.level());
        out.push_str(&format!("change: {level} (next version: {next})\n"));
        out
    }
}

/// Compares the public API of two models.
pub fn compare(old: &Api, new: &Api) -> Report {
    let mut changes = Vec::new();
    operations::compare(old, new, &mut changes);
    operations::compare_client(old, new, &mut changes);
    types::compare(old, new, &mut changes);
    // Stable: each group keeps the order of the API.
    changes.sort_by_key(|c| c.kind);
    Report { changes }
}

/// The report between two normalized documents generated with one config:
/// every change, then the next version from the old crate's (configured,
/// else its spec's own).
///
/// # Errors
/// When either document does not build a model.
pub fn between(
    old: serde_json::Value,
    new: serde_json::Value,
    config: crate::Config,
) -> crate::Result<String> {
    let old = crate::build_model(old, config.clone())?;
    let new = crate::build_model(new, config)?;
    Ok(compare(&old, &new).render(&old.config.krate.version))
}

/// The text of [`SPEC_RECORD`] for a normalized document: pretty JSON in
/// the document's own order (which names can depend on), so the model built
/// from it later is the one the crate was generated from.
pub fn record(normalized: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(normalized).unwrap_or_default();
    text.push('\n');
    text
}

/// Appends a change.
fn push(out: &mut Vec<Change>, kind: Kind, subject: &str, what: impl Into<String>) {
    out.push(Change {
        kind,
        subject: subject.to_owned(),
        what: what.into(),
    });
}
