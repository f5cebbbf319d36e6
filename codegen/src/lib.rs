//! Generates a typed async Rust client crate from an OpenAPI 3.0 or 3.1 document.
//!
//! The pipeline, one module per stage:
//! [`load`] (YAML/JSON, version check) → [`normalize`] (3.1 forms into the
//! 3.0 forms `openapiv3` reads) → [`model`] (operations, parameters, types,
//! every name resolved once) → [`emit`] (tokens with `quote!`, printed by
//! `prettyplease`) → [`output`] (atomic write, staleness check).
//! Emit reads only the model, never the spec.

pub mod config;
pub mod emit;
pub mod error;
pub mod load;
pub mod model;
pub mod normalize;
pub mod output;

use std::path::Path;

pub use config::Config;
pub use error::{Error, Result};
pub use output::Files;

/// Generates the crate for spec text with its config.
///
/// # Errors
/// A parse error, or an unsupported or invalid construct named by its JSON pointer.
pub fn generate_from_str(spec: &str, origin: &str, config: Config) -> Result<Files> {
    let (mut doc, _version) = load::parse_text(spec, origin)?;
    let normalized = normalize::normalize(&mut doc)?;
    let in_input = |e: Error| e.with_pointer(|p| normalized.original_pointer(p));
    let openapi = load::into_openapi(doc).map_err(in_input)?;
    let api = model::build(&openapi, config).map_err(in_input)?;
    let mut files = emit::emit(&api)?;
    let approximations = normalized.notes.iter().map(ToString::to_string);
    files.notes.splice(0..0, approximations);
    Ok(files)
}

/// Generates the crate for the spec at `spec`, with the config beside it
/// (`name.codegen.yaml`) unless `config` names another.
///
/// # Errors
/// As [`generate_from_str`], plus unreadable files.
pub fn generate(spec: &Path, config: Option<&Path>) -> Result<Files> {
    let config_path = config.map_or_else(|| Config::path_for(spec), Path::to_path_buf);
    let config = Config::load(&config_path)?;
    let text = std::fs::read_to_string(spec).map_err(|source| Error::Io {
        path: spec.to_owned(),
        source,
    })?;
    generate_from_str(&text, &spec.display().to_string(), config)
}
