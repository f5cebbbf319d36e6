//! Generates a typed async Rust client crate from a Swagger 2.0, OpenAPI
//! 3.0, 3.1 or 3.2 document.
//!
//! The pipeline, one module per stage:
//! [`load`] (YAML/JSON, version check) → [`overlay`] (the config's and
//! command line's OpenAPI Overlays, if any) → [`normalize`] (Swagger 2.0, 3.1
//! and 3.2 forms into the 3.0 forms `openapiv3` reads) → [`model`] (operations, parameters, types,
//! every name resolved once) → [`emit`] (tokens with `quote!`, printed by
//! `prettyplease`) → [`output`] (a write that replaces only what an earlier
//! run wrote, atomic; the staleness check). Emit reads only the model, never
//! the spec. [`cli`] is the command line the `telephony-codegen` command and
//! `cargo xtask codegen` share. Beside the pipeline, [`diff`] says what changed
//! between two specs, and [`drift`] turns what a generated client saw the
//! server send into an overlay that makes the spec say so.
//!
//! # Generating a crate
//!
//! [`generate`] reads a spec (and its config, if one is beside it) and
//! returns the crate's files, which [`Files::write_atomically`] writes into a
//! folder: the crate, with its runtime crate in `runtime/`.
//!
//! ```no_run
//! # fn main() -> codegen::Result<()> {
//! use std::path::Path;
//!
//! let files = codegen::generate(Path::new("spec/acme-sms.yaml"), None)?;
//! println!("{}", files.summary); // what was inferred from the spec
//! let written = files.write_atomically(Path::new("acme-sms"), false)?;
//! println!("{written}");
//! # Ok(())
//! # }
//! ```
//!
//! # From a build script
//!
//! Cargo reads every `Cargo.toml` before any build script runs, so a build
//! script cannot write a crate its package depends on; it writes the crate's
//! code into `OUT_DIR` instead, for a crate of the application's own to
//! include at its root ([`build_script`] says why and what that costs). In
//! that crate's `build.rs`:
//!
//! ```no_run
//! // The body of `fn main`.
//! if let Err(e) = codegen::build_script::Client::new("spec/acme-sms.yaml").generate() {
//!     eprintln!("error: {e}");
//!     std::process::exit(1);
//! }
//! ```
//!
//! Its `src/lib.rs`, for a spec whose crate is `acme_sms`:
//!
//! ```ignore
//! include!(concat!(env!("OUT_DIR"), "/acme_sms/lib.rs"));
//! ```
//!
//! And its `Cargo.toml`: this library to build with, the runtime under the
//! name the generated code gives it, and what the code names itself:
//!
//! ```toml
//! [dependencies]
//! acme_sms_runtime = { package = "codegen-runtime", path = "../codegen/runtime" }
//! reqwest = { version = "0.12", default-features = false, features = ["multipart", "stream"] }
//! serde = { version = "1", features = ["derive"] }
//! serde_json = "1"
//!
//! [build-dependencies]
//! codegen = { path = "../codegen" }
//! ```
//!
//! `examples/build-script-client` in this repository is such a crate, tested
//! against a mock server.

pub mod build_script;
pub mod cli;
pub mod config;
pub mod diff;
pub mod drift;
pub mod emit;
pub mod error;
pub mod load;
mod media_type;
pub mod model;
pub mod normalize;
pub mod output;
pub mod overlay;

use std::path::Path;

pub use config::Config;
pub use error::{Error, Result};
pub use output::Files;

/// Generates the crate for spec text with its config.
///
/// # Errors
/// A parse error, or an unsupported or invalid construct named by its JSON
/// pointer in the document as given.
pub fn generate_from_str(spec: &str, origin: &str, config: Config) -> Result<Files> {
    generate_text(spec, origin, config, true)
}

/// [`generate_from_str`]; without `tag_features`, every tag's operations
/// are compiled whatever the features (for a crate whose `Cargo.toml` the
/// generator does not write: [`build_script`]).
fn generate_text(spec: &str, origin: &str, config: Config, tag_features: bool) -> Result<Files> {
    let (mut doc, applied) = overlaid(spec, origin, &config.overlays)?;
    // Every error and note naming a place in the spec also names the
    // overlay action that last changed it, here and nowhere else.
    let result = (|| {
        let normalized = normalize::normalize(&mut doc)?;
        let in_input = |e: Error| e.with_pointer(|p| normalized.original_pointer(p));
        let mut api = model_of(doc.clone(), config, origin).map_err(in_input)?;
        if !tag_features {
            for tag in &mut api.tags {
                tag.feature = None;
            }
        }
        let approximations = normalized.notes.iter().map(ToString::to_string);
        api.notes
            .splice(0..0, applied.notes.iter().cloned().chain(approximations));
        let mut files = emit::emit(&api)?;
        files.summary = api.summary.to_string();
        files.left_out.clone_from(&api.summary.left_out);
        for (id, why) in &api.summary.unpaged {
            files.notes.push(format!(
                "no pagination for {id}: {why}; the config can state it"
            ));
        }
        Ok(files)
    })();
    let mut files = result.map_err(|e| applied.annotate_error(e))?;
    files.notes = std::mem::take(&mut files.notes)
        .into_iter()
        .map(|note| applied.annotate_note(note))
        .collect();
    files.normalized = doc;
    Ok(files)
}

/// Spec text read, with the overlay files applied in order (and its
/// OpenAPI version checked after them, as an overlay may change it).
fn overlaid(
    spec: &str,
    origin: &str,
    overlays: &[std::path::PathBuf],
) -> Result<(serde_json::Value, overlay::Applied)> {
    let mut doc = load::parse_value(spec, origin)?;
    let applied = overlay::apply_files(&mut doc, overlays)?;
    load::version_of(&doc, origin)?;
    Ok((doc, applied))
}

/// Spec text read and normalized: the document the model is built from.
///
/// # Errors
/// A parse error, or a construct normalizing cannot express, by JSON pointer.
pub fn normalized(spec: &str, origin: &str) -> Result<serde_json::Value> {
    normalized_with_overlays(spec, origin, &[])
}

/// [`normalized`], with the overlay files applied, in order, before normalising.
///
/// # Errors
/// As [`normalized`], plus an unreadable or wrong overlay ([`Error::Overlay`]).
pub fn normalized_with_overlays(
    spec: &str,
    origin: &str,
    overlays: &[std::path::PathBuf],
) -> Result<serde_json::Value> {
    let (mut doc, applied) = overlaid(spec, origin, overlays)?;
    normalize::normalize(&mut doc).map_err(|e| applied.annotate_error(e))?;
    Ok(doc)
}

/// The model of a [`normalized`] document: what [`emit`] would turn into a crate.
///
/// # Errors
/// An unsupported or invalid construct named by its JSON pointer in `normalized`.
pub fn build_model(normalized: serde_json::Value, config: Config) -> Result<model::Api> {
    model_of(normalized, config, "")
}

/// The model of a normalized document read from `origin` (whose file name
/// names the crate when the title cannot).
fn model_of(mut normalized: serde_json::Value, config: Config, origin: &str) -> Result<model::Api> {
    let (events, mut notes) = load::take_events(&mut normalized);
    let openapi = load::into_openapi(normalized)?;
    let mut api = model::build_from(&openapi, &events, config, origin)?;
    api.notes.append(&mut notes);
    Ok(api)
}

/// The spec in the 3.0 forms the model reads (what [`normalize`] makes of it), as
/// JSON with `openapi` set to `3.0.3`: for tools that read only OpenAPI 3.0.
///
/// # Errors
/// As [`generate_from_str`], for the load and normalize stages.
pub fn normalized_as_30(spec: &str, origin: &str) -> Result<serde_json::Value> {
    let mut doc = normalized(spec, origin)?;
    // Webhooks are 3.1's, and callbacks are read by the model on their own.
    let _ = load::take_events(&mut doc);
    if let Some(object) = doc.as_object_mut() {
        object.insert("openapi".into(), "3.0.3".into());
    }
    Ok(doc)
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
    let text = read_file(spec)?;
    generate_from_str(&text, &spec.display().to_string(), config)
}

/// A spec's (or overlay's) text, an unreadable file an [`Error::Io`] naming it.
fn read_file(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })
}
