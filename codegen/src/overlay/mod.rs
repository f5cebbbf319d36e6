//! Overlays: documents of the OpenAPI Overlay Specification (1.0.0 and
//! 1.1.0) that change a spec without editing it, applied to the spec's JSON
//! value after it is read and before it is normalised.
//!
//! Vendor specs are often wrong in small ways (a field the API sends as
//! `null`, an enum value it forgot, an operation that does not work), and the
//! spec is theirs: an overlay kept beside the config says what to fix, and
//! survives the next download of the spec. Applying it to the document as
//! read, before [`normalize`](crate::normalize), makes one overlay work on
//! Swagger 2.0, OpenAPI 3.0, 3.1 and 3.2 alike, and lets its targets name the
//! places the user sees in the vendor's file.
//!
//! An overlay is an ordered list of actions, each a `target` (an RFC 9535
//! JSONPath query, evaluated with `serde_json_path`) and one of `update`
//! (merged into each selected object, appended to each selected array, or,
//! in 1.1, replacing each selected primitive), `remove: true` (each selected
//! node removed; it wins over `update` and `copy`) and, in 1.1, `copy` (a
//! JSONPath selecting exactly one node of the document, used as the update).
//! Actions apply in order, each target evaluated against the document as the
//! previous actions left it; overlay files apply in the order given.
//!
//! A target selecting nothing changes nothing (as the specification says)
//! and is a note, since it usually means the vendor's spec moved on. A wrong
//! overlay is an [`Error::Overlay`] naming the file and the JSON pointer in
//! it. [`Applied`] remembers which places each action changed, so that an
//! error or note about the spec at one of them can say which action last
//! changed it: otherwise a user would look for the problem in the vendor's
//! file, where it is not.

mod apply;
mod parse;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use serde_json::Value;
use serde_json_path::JsonPath;

use crate::error::{Error, Result};

/// One overlay document, read and checked.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// The file, as given (how errors and notes name it).
    path: PathBuf,
    /// Whether the document is Overlay 1.1 (`copy`, primitive targets).
    v11: bool,
    actions: Vec<Action>,
}

/// One action of an overlay.
#[derive(Debug, Clone)]
struct Action {
    /// Its index in `actions` (`/actions/N`).
    index: usize,
    description: Option<String>,
    /// The query as written, for notes.
    target_text: String,
    target: JsonPath,
    change: Change,
}

/// What an action does to the nodes its target selects.
#[derive(Debug, Clone)]
enum Change {
    Remove,
    Update(Value),
    /// The query (and its text) selecting the one node to copy.
    Copy(JsonPath, String),
}

impl Overlay {
    /// Reads the overlay file at `path` (YAML or JSON).
    ///
    /// # Errors
    /// An unreadable file ([`Error::Io`]), or one that is no valid Overlay
    /// 1.0/1.1 document ([`Error::Overlay`], with the pointer in it).
    pub fn read(path: &Path) -> Result<Overlay> {
        Overlay::parse(&crate::read_file(path)?, path)
    }

    /// Reads overlay text; `path` names it in errors and notes.
    ///
    /// # Errors
    /// Text that is no valid Overlay 1.0/1.1 document ([`Error::Overlay`]).
    pub fn parse(text: &str, path: &Path) -> Result<Overlay> {
        parse::overlay(text, path)
    }

    /// Applies every action to `doc` in order, recording into `applied` what
    /// each changed and the targets that selected nothing.
    ///
    /// # Errors
    /// An action that cannot apply to this document (an `update` of the
    /// wrong kind for its target, a `copy` selecting other than one node, a
    /// removal of the root), naming the pointer in the overlay. `doc` may
    /// then hold the earlier actions' changes.
    pub fn apply(&self, doc: &mut Value, applied: &mut Applied) -> Result<()> {
        for action in &self.actions {
            apply::action(self, action, doc, applied)?;
        }
        Ok(())
    }

    fn error(&self, pointer: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Overlay {
            path: self.path.clone(),
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

/// Reads the overlay files and applies them to `doc`, in order.
///
/// # Errors
/// As [`Overlay::read`] and [`Overlay::apply`].
pub fn apply_files(doc: &mut Value, paths: &[PathBuf]) -> Result<Applied> {
    let mut applied = Applied::default();
    for path in paths {
        Overlay::read(path)?.apply(doc, &mut applied)?;
    }
    Ok(applied)
}

/// What applying overlays did: the notes to print, and which places of the
/// document each action changed.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    /// One per target that selected nothing.
    pub notes: Vec<String>,
    /// In the order the actions applied.
    changes: Vec<Changed>,
}

/// The places one action changed.
#[derive(Debug, Clone)]
struct Changed {
    /// `overlays/fix.yaml action 3: "make status nullable"`.
    action: String,
    /// JSON pointers (RFC 6901, without `#`) of the objects an update merged
    /// into, the arrays it appended to, the primitives it replaced and the
    /// containers a removal took a node from.
    places: Vec<String>,
}

impl Applied {
    /// The action that last changed the place at `pointer` (`#/...` or
    /// `/...`) or a place holding it, as `overlays/fix.yaml action 3: "..."`.
    #[must_use]
    pub fn last_changed(&self, pointer: &str) -> Option<&str> {
        let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
        let within = |place: &String| {
            pointer
                .strip_prefix(place.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        self.changes
            .iter()
            .rev()
            .find(|changed| changed.places.iter().any(within))
            .map(|changed| changed.action.as_str())
    }

    /// An error about the spec, its message followed by the action that
    /// last changed the place it names, if one did: the one place errors
    /// learn about overlays.
    #[must_use]
    pub fn annotate_error(&self, error: Error) -> Error {
        match error {
            Error::Unsupported { pointer, message } => Error::Unsupported {
                message: self.suffixed(message, &pointer),
                pointer,
            },
            Error::Invalid { pointer, message } => Error::Invalid {
                message: self.suffixed(message, &pointer),
                pointer,
            },
            other => other,
        }
    }

    /// A note, followed by the action that last changed the first place it
    /// names (`#/...`), if one did.
    #[must_use]
    pub fn annotate_note(&self, note: String) -> String {
        match first_pointer(&note) {
            Some(pointer) => {
                let pointer = pointer.to_owned();
                self.suffixed(note, &pointer)
            }
            None => note,
        }
    }

    fn suffixed(&self, mut message: String, pointer: &str) -> String {
        if let Some(action) = self.last_changed(pointer) {
            message.push_str(&format!(" (last changed by {action})"));
        }
        message
    }

    fn record(&mut self, overlay: &Overlay, action: &Action, places: Vec<String>) {
        if places.is_empty() {
            return;
        }
        self.changes.push(Changed {
            action: describe(overlay, action),
            places,
        });
    }
}

/// `overlays/fix.yaml action 3: "make status nullable"` (the index as in
/// the pointer `/actions/3`), or without the description when it has none.
fn describe(overlay: &Overlay, action: &Action) -> String {
    let mut text = format!("{} action {}", overlay.path.display(), action.index);
    if let Some(description) = &action.description {
        text.push_str(&format!(": {description:?}"));
    }
    text
}

/// The first JSON pointer written `#/...` in a note, without trailing punctuation.
fn first_pointer(note: &str) -> Option<&str> {
    let start = note.find("#/")?;
    let rest = &note[start..];
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    Some(rest[..end].trim_end_matches([':', ',', ';', ')', '.', '"']))
}
