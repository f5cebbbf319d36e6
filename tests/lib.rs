//! Helpers shared by the end-to-end tests.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// A minimal config for fixture specs.
pub fn fixture_config(name: &str) -> codegen::Config {
    codegen::Config::parse(&format!("crate: {{name: {name}, version: 0.1.0}}"))
        .expect("fixture config parses")
}

/// Generates a fixture spec (YAML or JSON text) and returns its files, runtime copies left out.
pub fn generate_fixture(name: &str, spec: &str) -> codegen::Result<Vec<(String, String)>> {
    let files = codegen::generate_from_str(spec, name, fixture_config(name))?;
    Ok(files
        .files
        .into_iter()
        .filter(|(path, _)| !path.starts_with("runtime/src/"))
        .collect())
}
