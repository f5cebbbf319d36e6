//! Drift: from what a server was seen to send to an Overlay that makes its
//! spec say so.
//!
//! A client generated with drift recording on notes where responses depart
//! from the spec while still decoding, and writes those records as JSON
//! Lines. This module reads such logs ([`Logs`]), finds each record's place
//! in the spec (as read, with the user's overlays applied, exactly as
//! generation reads it), and writes an OpenAPI Overlay 1.0 document whose
//! actions change the spec to describe the server: a property added, an
//! enum value listed, a value made nullable, a type widened, a format
//! corrected, a response or content type declared ([`overlay_for`]).
//!
//! # The log format
//!
//! One JSON object per line, as a generated client writes them (blank lines
//! are skipped, fields not read here are ignored: `operation_pointer`, `at`,
//! `expected`):
//!
//! - `kind`: `undeclared_property`, `unlisted_enum_value`,
//!   `unexpected_null`, `type_mismatch`, `format_mismatch`,
//!   `undeclared_status` or `undeclared_content_type`;
//! - `operation`: the operation the response answered (its `operationId`);
//! - `schema`: a JSON pointer (RFC 6901, `#` optional) into the spec as read
//!   (after the user's overlays): the object's schema for
//!   `undeclared_property`, the schema holding `enum` for
//!   `unlisted_enum_value`, the value's schema for the null, type and format
//!   kinds, the operation's `responses` for `undeclared_status`, and the
//!   declared response that matched (`.../responses/200`, `.../4XX`,
//!   `.../default`) for `undeclared_content_type`. A pointer may run through
//!   a `$ref` (`.../schema/items/properties/carrier` where `items` is one);
//! - `count`: how many times it was seen (a positive integer, 1 if absent);
//! - `observed`: what the server sent, sketched: `type` (a JSON type name, or
//!   a list of them), `format` (a recognised string format), `properties`
//!   (name to sketch) and `items` (a sketch). Needed by `undeclared_property`
//!   and `type_mismatch`; for `format_mismatch`, its `format` is the one
//!   recognised (none when no known format fitted); for the response kinds,
//!   the body, if it was JSON;
//! - `property`: the undeclared property's name;
//! - `value`: the unlisted enum value; absent, with `"redacted": true`, when
//!   the place holds a secret;
//! - `status`: the HTTP status (`undeclared_status`);
//! - `content_type`: the response's media type, absent or `null` when it had
//!   no body (needed by `undeclared_content_type`).
//!
//! Records of one place and detail are summed, from any log and line. A
//! wrong line is an error naming the file and line.
//!
//! # What the overlay does
//!
//! Each place's records become one `update` (preceded by the `remove`s of
//! what it replaces), described by how many times and on which operations
//! each departure was seen; actions come in target order, each target an
//! RFC 9535 normalized path selecting exactly one node. A `$ref` that gains
//! `nullable` or another type is wrapped (`allOf: [{$ref}]` beside
//! `nullable` in 3.0, `anyOf: [{$ref}, {type: "null"}]` in 3.1), as siblings
//! of `$ref` are ignored before 3.1. Before the document is returned, its
//! actions are applied with the [`overlay`](crate::overlay) module and the
//! result compared with the changes asked for.

mod actions;
mod edits;
mod place;
mod records;
mod sketch;
#[cfg(test)]
mod tests;
mod write;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::Result;
use crate::load::Version;
pub use records::Logs;

/// An overlay derived from drift logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// The Overlay document, YAML, under a comment saying what it came from.
    pub overlay: String,
    /// How many of its actions change the spec (none when nothing recorded
    /// applies; the document then holds one action that changes nothing).
    pub changes: usize,
    /// What to tell the user: records that change nothing and why (their
    /// place is gone from the spec, the spec says it already, a secret's
    /// value was withheld), and the notes of the user's overlays.
    pub notes: Vec<String>,
}

/// The overlay making `spec` (the document as read, the user's overlays
/// applied) describe what `logs` recorded.
///
/// # Errors
/// A document that is no Swagger 2.0 or OpenAPI 3.0/3.1 spec, or (a bug) an
/// overlay that would not do what the records ask ([`Error::Internal`](crate::Error::Internal)).
pub fn overlay_for(spec: &Value, logs: &Logs) -> Result<Drift> {
    let version = crate::load::version_of(spec, "the spec")?;
    let plan = actions::plan(&Spec { doc: spec, version }, logs);
    write::check(spec, &plan.actions)?;
    let changes = plan.actions.len();
    let mut comment = vec![format!(
        "Derived from drift logs: {} record{} ({} observation{}) in {} log{}.",
        logs.records(),
        plural(logs.records() as u64),
        logs.observations(),
        plural(logs.observations()),
        logs.logs(),
        plural(logs.logs() as u64),
    )];
    let mut actions = plan.actions;
    if actions.is_empty() {
        let why = if logs.records() == 0 {
            "Nothing was recorded in the drift logs"
        } else {
            "No drift record changes the spec (the notes say why)"
        };
        comment.push(format!("{why}."));
        actions.push(write::nothing_to_do(why));
    } else {
        comment.push(
            "Each action makes the spec say what the server was seen to send: review them, then generate with --overlay.".into(),
        );
    }
    comment.extend(plan.notes.iter().map(|note| format!("Note: {note}")));
    let document = write::document(spec, actions);
    let overlay = write::render(&comment, &document, spec, &plan.expected)?;
    Ok(Drift {
        overlay,
        changes,
        notes: plan.notes,
    })
}

/// [`overlay_for`] for files, as `cargo xtask drift` runs it: the spec read
/// with its config's overlays and then `overlays` applied, as generation
/// reads it, and every log's records summed.
///
/// # Errors
/// Unreadable files, a wrong config or overlay, a log line that is no drift
/// record (naming the file and line), and [`overlay_for`]'s errors.
pub fn from_files(
    spec: &Path,
    config: Option<&Path>,
    overlays: &[PathBuf],
    logs: &[PathBuf],
) -> Result<Drift> {
    let mut settings = crate::config_for(spec, config)?;
    settings.overlays.extend(overlays.iter().cloned());
    let text = crate::read_file(spec)?;
    let (doc, applied) = crate::overlaid(&text, &spec.display().to_string(), &settings.overlays)?;
    let mut read = Logs::default();
    for log in logs {
        read.read(log)?;
    }
    let mut drift = overlay_for(&doc, &read)?;
    drift.notes.splice(0..0, applied.notes);
    Ok(drift)
}

/// The spec as read (with the user's overlays) and its version.
pub(crate) struct Spec<'a> {
    pub doc: &'a Value,
    pub version: Version,
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
