//! Generating a client from a build script: the crate's code written into
//! `OUT_DIR`, for a crate of the user's own to `include!` at its root.
//!
//! Why this form: a generated crate is a whole crate (a `Cargo.toml`, its
//! code, a runtime crate beside it), and cargo reads every `Cargo.toml` of a
//! build before any build script runs, so a build script cannot write the
//! crate its own package depends on. What a build script can write is code:
//! here the generated crate's `src/` (its `lib.rs` without the crate-level
//! attributes an included file cannot carry), which the including crate
//! compiles as its own. That crate's `Cargo.toml` is then the user's, and
//! names what the code needs:
//!
//! - the runtime as a dependency named `<crate>_runtime` (the generated code
//!   says `pub use <crate>_runtime as runtime`), taken from this repository's
//!   `codegen/runtime` (package `codegen-runtime`) at the same revision as the
//!   generator, so the two match;
//! - `reqwest` (with `multipart` and `stream`), `serde` (with `derive`) and
//!   `serde_json`, which generated code names itself;
//! - optionally the generated crate's own features, forwarded to the
//!   runtime: `mock = ["<crate>_runtime/mock", "serialize"]`, `serialize = []`,
//!   `webhooks = ["<crate>_runtime/webhooks"]`. Undeclared, their code is left
//!   out without a warning ([`Client::generate`] declares them as expected
//!   `cfg`s).
//!
//! Limits: the spec's tags get no cargo features (every tag is compiled), the
//! crate's README is not part of its docs, clippy's lints are allowed in the
//! generated modules (as cargo caps a dependency's), the including crate's root holds
//! the generated items (its own items must not take their names, such as
//! `Client`, `types` or `runtime`), and the generator is a build dependency
//! (its build adds a few seconds, once). To review or commit generated code
//! instead, generate the crate with the `telephony-codegen` command.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::{config_for, generate_text, read_file, Config, Files};

/// A client to generate from a build script.
#[derive(Debug, Clone)]
pub struct Client {
    spec: PathBuf,
    config: Option<PathBuf>,
    overlays: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
}

/// What [`Client::generate`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// The folder holding the code: `OUT_DIR/<crate>`.
    pub dir: PathBuf,
    /// The file to `include!` at the crate root: `dir/lib.rs`.
    pub lib: PathBuf,
    /// The crate's name (from the config, else the spec's title).
    pub crate_name: String,
    /// The name the code gives the runtime, which the including crate
    /// declares as a dependency: `<crate>_runtime`.
    pub runtime_crate: String,
    /// The features the code tests (`mock`, `serialize`, `webhooks`, ...).
    pub features: Vec<String>,
    /// One line: what was inferred from the spec, and what was left out.
    pub summary: String,
    /// What the user should know about the generation (operations left out).
    pub notes: Vec<String>,
}

impl Client {
    /// The client of the spec at `spec` (relative to the package's root in a
    /// build script), with the config beside it if there is one.
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Client {
            spec: spec.into(),
            config: None,
            overlays: Vec::new(),
            out_dir: None,
        }
    }

    /// The config file to use instead of the one beside the spec.
    #[must_use]
    pub fn config(mut self, path: impl Into<PathBuf>) -> Self {
        self.config = Some(path.into());
        self
    }

    /// An overlay file (OpenAPI Overlay 1.0 or 1.1) to apply to the spec
    /// before generating, after the config's `overlays:` and any given
    /// before; the build script runs again when it changes.
    #[must_use]
    pub fn overlay(mut self, path: impl Into<PathBuf>) -> Self {
        self.overlays.push(path.into());
        self
    }

    /// Where the code goes, instead of the build script's `OUT_DIR`.
    #[must_use]
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Generates the code into `OUT_DIR/<crate>` (files already as they
    /// should be are left untouched, so nothing is rebuilt for nothing) and
    /// prints the build script's instructions to cargo: run again when the
    /// spec, its config or an overlay changes, and expect the generated crate's features
    /// in `cfg`s.
    ///
    /// # Errors
    /// No `OUT_DIR` (outside a build script, with no [`Self::out_dir`]), an
    /// unreadable or invalid spec or config, or a failed write.
    pub fn generate(&self) -> Result<Generated> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| Error::Io {
                    path: "OUT_DIR".into(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "not set: generate from a build script, or give `out_dir`",
                    ),
                })?,
        };
        let config_file = self
            .config
            .clone()
            .or_else(|| Some(Config::path_for(&self.spec)).filter(|p| p.exists()));
        // A missing file would make cargo run the script on every build.
        for watched in [Some(&self.spec), config_file.as_ref()]
            .into_iter()
            .flatten()
        {
            println!("cargo:rerun-if-changed={}", watched.display());
        }
        let mut config = config_for(&self.spec, self.config.as_deref())?;
        config.overlays.extend(self.overlays.iter().cloned());
        for overlay in &config.overlays {
            println!("cargo:rerun-if-changed={}", overlay.display());
        }
        let origin = self.spec.display().to_string();
        let files = generate_text(&read_file(&self.spec)?, &origin, config, false)?;
        let manifest = files.files.get("Cargo.toml").map_or("", String::as_str);
        let crate_name = package_name(manifest)
            .ok_or_else(|| Error::Internal("the generated Cargo.toml names no crate".into()))?;
        let runtime_crate = runtime_dependency(manifest)
            .ok_or_else(|| Error::Internal("the generated Cargo.toml has no runtime".into()))?;
        let features = features(manifest);
        let quoted: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
        println!(
            "cargo:rustc-check-cfg=cfg(feature, values({}))",
            quoted.join(", ")
        );
        let dir = out_dir.join(&crate_name);
        module(&files, &origin)?.write_atomically(&dir, false)?;
        Ok(Generated {
            lib: dir.join("lib.rs"),
            dir,
            crate_name,
            runtime_crate,
            features,
            summary: files.summary,
            notes: files.notes,
        })
    }
}

/// The crate's code as a folder to include: `src/` at its root, `lib.rs`
/// without crate attributes, and `.codegen/` (what was inferred) beside it.
fn module(files: &Files, origin: &str) -> Result<Files> {
    let mut module = Files::default();
    for (path, contents) in &files.files {
        if let Some(code) = path.strip_prefix("src/") {
            let contents = if code == "lib.rs" {
                includable(contents, origin)?
            } else {
                contents.clone()
            };
            module.add(code, contents);
        } else if path.starts_with(".codegen/") {
            module.add(path, contents.clone());
        }
    }
    Ok(module)
}

/// `lib.rs` as items only: `include!` takes no inner attributes (`#![...]`),
/// and the including crate sets its own. Its modules allow clippy's lints:
/// generated code is not the including crate's to fix, and cargo caps the
/// lints of a generated crate used as a dependency all the same.
fn includable(lib: &str, origin: &str) -> Result<String> {
    let mut file = syn::parse_file(lib)
        .map_err(|e| Error::Internal(format!("the generated src/lib.rs: {e}")))?;
    file.attrs.clear();
    for item in &mut file.items {
        if let syn::Item::Mod(module) = item {
            module.attrs.push(syn::parse_quote! {
                #[allow(clippy::all, clippy::pedantic, clippy::nursery, clippy::cargo)]
            });
        }
    }
    Ok(format!(
        "// @generated by codegen::build_script from {origin}. Do not edit.\n\
         // The crate's src/lib.rs without its crate attributes, for `include!` at a crate root.\n\n{}",
        prettyplease::unparse(&file)
    ))
}

/// The `[package]` name of a generated `Cargo.toml`.
fn package_name(manifest: &str) -> Option<String> {
    table(manifest, "[package]")
        .find_map(|(key, value)| (key == "name").then(|| value.trim_matches('"').to_owned()))
}

/// The dependency the generated crate takes from its `runtime/` folder.
fn runtime_dependency(manifest: &str) -> Option<String> {
    table(manifest, "[dependencies]")
        .find_map(|(key, value)| value.contains("path = \"runtime\"").then(|| key.to_owned()))
}

/// The names of a generated `Cargo.toml`'s features.
fn features(manifest: &str) -> Vec<String> {
    table(manifest, "[features]")
        .map(|(key, _)| key.to_owned())
        .collect()
}

/// The `key = value` lines of one table of a generated `Cargo.toml` (which
/// the generator writes one entry a line).
fn table<'a>(manifest: &'a str, name: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> {
    let mut inside = false;
    manifest.lines().filter_map(move |line| {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == name;
            return None;
        }
        if !inside || line.starts_with('#') {
            return None;
        }
        let (key, value) = line.split_once('=')?;
        Some((key.trim(), value.trim()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "# @generated\n[package]\nname = \"acme_sms\"\nversion = \"0.1.0\"\n\n[dependencies]\nacme_sms_runtime = { path = \"runtime\", version = \"=0.1.0\" }\nserde = \"1\"\n\n[features]\ndefault = [\"rustls-tls\"]\n# Typed test doubles.\nmock = [\"acme_sms_runtime/mock\", \"serialize\"]\nserialize = []\n\n[dev-dependencies]\ntokio = \"1\"\n";

    #[test]
    fn the_manifest_says_the_crate_its_runtime_and_features() {
        assert_eq!(package_name(MANIFEST).as_deref(), Some("acme_sms"));
        assert_eq!(
            runtime_dependency(MANIFEST).as_deref(),
            Some("acme_sms_runtime")
        );
        assert_eq!(features(MANIFEST), ["default", "mock", "serialize"]);
    }

    #[test]
    fn the_included_lib_has_no_crate_attributes() {
        let lib = "//! Docs.\n#![forbid(unsafe_code)]\n#![doc = include_str!(\"../README.md\")]\n\n#[rustfmt::skip]\npub mod types;\npub use acme_runtime as runtime;\n";
        let included = includable(lib, "spec/acme.yaml").unwrap();
        assert!(!included.contains("#!["), "{included}");
        assert!(!included.contains("//!"), "{included}");
        assert!(
            included.contains("#[allow(clippy::all, clippy::pedantic, clippy::nursery, clippy::cargo)]\npub mod types;"),
            "{included}"
        );
        assert!(included.starts_with("// @generated by codegen::build_script from spec/acme.yaml"));
    }

    #[test]
    fn without_out_dir_outside_a_build_script_it_says_what_to_do() {
        if std::env::var_os("OUT_DIR").is_some() {
            return;
        }
        let err = Client::new("spec.yaml").generate().unwrap_err().to_string();
        assert!(err.contains("OUT_DIR: not set"), "{err}");
    }
}
