//! Rewrites a Swagger 2.0, OpenAPI 3.1 or 3.2 (or loosely written 3.0)
//! document into the 3.0 forms `openapiv3` reads. A 2.0 document is first
//! converted into the 3.0 shape (`swagger2`), a 3.2 one's additions read
//! into 3.0 forms (`v32`); then the document is walked by its structure
//! (`structure`), `$ref`s the later stages cannot follow are resolved, and
//! schemas in other documents read as any value (`refs`), a sequential
//! media type's schema made the type of one item (`sequential`), and each
//! schema is rewritten on its own (`schema`). Last, 3.2's operations of
//! methods `openapiv3` has no field for are put where the model reads them
//! (`v32`). What had to be approximated comes back as [`Note`]s.

mod refs;
mod schema;
mod sequential;
mod structure;
mod swagger2;
mod v32;

use std::fmt;

use serde_json::{json, Value};

use crate::error::Result;
use refs::Moved;
use structure::{positions, Kind};

pub(crate) use schema::normalize_schema;
use schema::Findings;
pub(crate) use swagger2::DEFAULT_MEDIA_TYPE as SWAGGER2_DEFAULT_MEDIA_TYPE;
pub(crate) use v32::{extra_operation_key, EXTRA_OPERATIONS, QUERYSTRING};

/// Something the generated client does less precisely than the spec says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// JSON pointer, in the input document, of the construct.
    pub pointer: String,
    /// What was approximated, and how.
    pub message: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// What normalizing reports besides the rewritten document.
#[derive(Debug, Default)]
pub struct Normalized {
    /// Approximations, in document order.
    pub notes: Vec<Note>,
    /// What moved, one batch per rewrite in the order they happened: first
    /// what converting a 2.0 document moved (one batch), then the copies
    /// made for references, then branches moved within schemas.
    moves: Vec<Vec<Moved>>,
    /// How many of `moves` were made before schemas were normalized.
    copies: usize,
}

impl Normalized {
    /// The pointer in the input document for a pointer into the normalized
    /// one: inside a resolved reference's copy, the place it was copied
    /// from; for a branch that moved, where it was.
    #[must_use]
    pub fn original_pointer(&self, pointer: &str) -> String {
        refs::original_pointer(&self.moves, pointer)
    }

    /// The same for a pointer taken while schemas were being normalized,
    /// before any branch had moved.
    fn copied_from(&self, pointer: &str) -> String {
        refs::original_pointer(&self.moves[..self.copies], pointer)
    }
}

/// Normalizes a whole document in place.
///
/// # Errors
/// A reference that resolves nowhere, or a schema that cannot be read,
/// named by its JSON pointer in the input.
pub fn normalize(doc: &mut Value) -> Result<Normalized> {
    let mut out = Normalized::default();
    let is_32 = crate::load::version_of(doc, "").ok() == Some(crate::load::Version::V32);
    if swagger2::is_swagger(doc) {
        let converted = swagger2::convert(doc)?;
        out.notes = converted.notes;
        out.moves.push(converted.moves);
    } else if is_32 {
        out.notes = v32::prepare(doc);
    }
    for mut note in refs::free_external_schemas(doc) {
        note.pointer = refs::original_pointer(&out.moves, &note.pointer);
        out.notes.push(note);
    }
    let mut copies = Vec::new();
    refs::resolve(doc, &mut copies)
        .map_err(|e| e.with_pointer(|p| refs::original_pointer(&out.moves, p)))?;
    out.moves.extend(copies.into_iter().map(|m| vec![m]));
    // Media types given by reference are copied in by now, so each is read
    // under the name of the type it is used as.
    let items = sequential::rewrite(doc, is_32);
    for mut note in items.notes {
        note.pointer = refs::original_pointer(&out.moves, &note.pointer);
        out.notes.push(note);
    }
    out.moves.push(items.moves);
    out.copies = out.moves.len();
    if let Some(obj) = doc.as_object_mut() {
        obj.insert("openapi".into(), json!("3.0.3"));
        obj.entry("paths").or_insert_with(|| json!({}));
        // 3.1-only top-level members openapiv3 would reject or that the client never uses;
        // `webhooks` stays, normalized like the paths, for `load::take_events`.
        obj.remove("jsonSchemaDialect");
        server_variable_defaults(obj.get_mut("servers"));
        if let Some(components) = obj.get_mut("components").and_then(Value::as_object_mut) {
            components.remove("pathItems");
            components.remove("callbacks");
            // Copied into each `content` that refers to one.
            components.remove("mediaTypes");
        }
    }
    let mut found = Findings::default();
    for position in positions(doc) {
        let Some(value) = doc.pointer_mut(&position.at[1..]) else {
            continue;
        };
        match position.kind {
            // `description` is required on responses, but many real specs
            // omit it and it carries no meaning for a client; `openapiv3`
            // will not read them without it.
            Kind::Response => {
                if let Some(r) = value.as_object_mut() {
                    if !r.contains_key("$ref") {
                        r.entry("description").or_insert_with(|| json!(""));
                    }
                }
            }
            Kind::Schema => {
                normalize_schema(value, &position.at, &mut found)
                    .map_err(|e| e.with_pointer(|p| out.copied_from(p)))?;
            }
            Kind::PathItem | Kind::Operation => {
                server_variable_defaults(value.get_mut("servers"));
            }
            _ => {}
        }
    }
    // A schema copied by a reference is normalized twice, in place and as
    // the copy; both name the same input pointer, and it is said once.
    let mut seen = std::collections::BTreeSet::new();
    for mut note in found.notes {
        note.pointer = out.copied_from(&note.pointer);
        if seen.insert((note.pointer.clone(), note.message.clone())) {
            out.notes.push(note);
        }
    }
    out.moves
        .extend(found.moves.into_iter().filter(|batch| !batch.is_empty()));
    if is_32 {
        out.notes.extend(v32::stash_operations(doc));
    }
    Ok(out)
}

#[cfg(test)]
mod tests;

/// A server variable without a `default` (`openapiv3` requires one, though a
/// converted Swagger 2.0 `x-ms-parameterized-host` has none) gets an empty
/// one, which the model reads as "none: the user sets it"; a number or
/// boolean default or enum value becomes its text.
fn server_variable_defaults(servers: Option<&mut Value>) {
    let servers = servers.and_then(Value::as_array_mut).into_iter().flatten();
    let variables = servers
        .filter_map(|s| s.get_mut("variables"))
        .filter_map(Value::as_object_mut)
        .flat_map(|vars| vars.values_mut())
        .filter_map(Value::as_object_mut);
    let text = |v: &mut Value| {
        if v.is_number() || v.is_boolean() {
            *v = Value::String(v.to_string());
        }
    };
    for variable in variables {
        text(variable.entry("default").or_insert_with(|| json!("")));
        if let Some(values) = variable.get_mut("enum").and_then(Value::as_array_mut) {
            values.iter_mut().for_each(text);
        }
    }
}
