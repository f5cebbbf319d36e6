//! Scratch cargo workspaces of generated crates under the target directory,
//! shared by the tests that build what the generator writes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's target directory (`CARGO_TARGET_TMPDIR` is `<target>/tmp`),
/// so generated crates reuse the dependencies already built there.
pub fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).to_path_buf()
}

/// Writes `contents` to `path` unless it is there already, so cargo sees unchanged crates as fresh.
pub fn write_if_changed(path: &Path, contents: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    }
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

/// Runs cargo with `args` on the workspace at `manifest`, offline, in the
/// repository's target directory, without the environment of the cargo
/// running this test.
pub fn cargo(args: &[&str], manifest: &Path) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    Command::new(cargo)
        .args(args)
        .arg("--offline")
        .arg("--manifest-path")
        .arg(manifest)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"))
}
