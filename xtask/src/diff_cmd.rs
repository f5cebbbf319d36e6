//! `cargo xtask diff OLD NEW [--config C] [--overlay F]...`: what changed in the generated
//! crate's public API between two specs, each change classified, and the
//! next crate version (the same report `cargo xtask codegen` prints when it
//! rewrites or checks a crate whose spec changed: `codegen::cli`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::diff;
use codegen::Config;
use serde_json::Value;

/// Runs the command; `Err` is a usage error.
pub fn run(args: impl Iterator<Item = String>) -> Result<ExitCode, String> {
    let mut args = args;
    let (mut specs, mut config, mut overlays) = (Vec::new(), None, Vec::new());
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--config" => {
                let path = args.next().ok_or("--config needs a value")?;
                config = Some(PathBuf::from(path));
            }
            "--overlay" => {
                let path = args.next().ok_or("--overlay needs a value")?;
                overlays.push(PathBuf::from(path));
            }
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown argument {flag:?}")),
            spec => specs.push(PathBuf::from(spec)),
        }
    }
    let [old, new] = <[PathBuf; 2]>::try_from(specs)
        .map_err(|_| "diff needs two specs: OLD and NEW".to_owned())?;
    match report(&old, &new, config.as_deref(), &overlays) {
        Ok(text) => {
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The report for two spec files. The config's overlays, then `overlays`,
/// apply to both: one config speaks for both sides (its crate version is
/// NEW's), and an overlay fixing a vendor's spec usually fixes the next
/// release of it too; a target one side lacks changes nothing there.
fn report(
    old: &Path,
    new: &Path,
    config: Option<&Path>,
    overlays: &[PathBuf],
) -> codegen::Result<String> {
    let mut config = resolve_config(new, config)?;
    config.overlays.extend(overlays.iter().cloned());
    let old_doc = read_normalized(old, &config.overlays)?;
    let new_doc = read_normalized(new, &config.overlays)?;
    diff::between(old_doc, new_doc, config)
}

fn read_normalized(spec: &Path, overlays: &[PathBuf]) -> codegen::Result<Value> {
    let text = std::fs::read_to_string(spec).map_err(|source| codegen::Error::Io {
        path: spec.to_owned(),
        source,
    })?;
    codegen::normalized_with_overlays(&text, &spec.display().to_string(), overlays)
}

/// `--config`, else the config beside the new spec, else none: then the crate
/// version is the old spec's `info.version` when it is semver (else 0.1.0), and
/// unsupported operations are left out, so that any spec can be compared.
fn resolve_config(new: &Path, flag: Option<&Path>) -> codegen::Result<Config> {
    codegen::config_for(new, flag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version_without_config(info_version: &str) -> String {
        let old = serde_json::json!({"openapi": "3.0.3", "paths": {},
            "info": {"title": "Numbers", "version": info_version}});
        let config = resolve_config(Path::new("/nonexistent/new.yaml"), None).unwrap();
        codegen::build_model(old, config)
            .unwrap()
            .config
            .krate
            .version
    }

    #[test]
    fn without_a_config_the_version_is_the_old_specs_when_semver() {
        assert_eq!(version_without_config("2.3.4"), "2.3.4");
        assert_eq!(version_without_config("2022-11-28"), "0.1.0");
        assert_eq!(version_without_config("v1"), "0.1.0");
        assert_eq!(version_without_config("1.0.0'\ncrate: x"), "0.1.0");
    }

    #[test]
    fn a_named_config_that_is_missing_is_an_error() {
        let missing = Path::new("/nonexistent/c.yaml");
        assert!(resolve_config(Path::new("new.yaml"), Some(missing)).is_err());
    }
}
