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
    normalize::normalize(&mut doc)?;
    let openapi = load::into_openapi(doc)?;
    let api = model::build_from(&openapi, config, origin)?;
    let mut files = emit::emit(&api)?;
    files.summary = api.summary.to_string();
    files.left_out.clone_from(&api.summary.left_out);
    for (id, why) in &api.summary.ambiguous {
        files.notes.push(format!(
            "no pagination for {id}: {why}; the config can state it"
        ));
    }
    Ok(files)
}

/// The config for `spec`: the file `config` names (which must exist), else
/// `name.codegen.yaml` beside the spec if there is one, else none: everything
/// inferred, unsupported operations left out ([`Config::without_file`]).
///
/// # Errors
/// A named config file that is missing, or a config file that is wrong.
pub fn config_for(spec: &Path, config: Option<&Path>) -> Result<Config> {
    if let Some(path) = config {
        return Config::load(path);
    }
    let beside = Config::path_for(spec);
    if beside.exists() {
        Config::load(&beside)
    } else {
        Ok(Config::without_file())
    }
}

/// Generates the crate for the spec at `spec`, with its config (see [`config_for`]).
///
/// # Errors
/// As [`generate_from_str`], plus unreadable files.
pub fn generate(spec: &Path, config: Option<&Path>) -> Result<Files> {
    let config = config_for(spec, config)?;
    let text = std::fs::read_to_string(spec).map_err(|source| Error::Io {
        path: spec.to_owned(),
        source,
    })?;
    generate_from_str(&text, &spec.display().to_string(), config)
}
