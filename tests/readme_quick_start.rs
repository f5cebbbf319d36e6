//! The generated README's quick start is a whole program: its `Cargo.toml`
//! lines and `src/main.rs`, copied into a fresh crate that has nothing else,
//! build offline (with the generated crate as a path dependency in place of
//! the registry version the README names).

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The body of the first fenced block opening with exactly `fence` after `after`.
fn block<'a>(text: &'a str, after: &str, fence: &str) -> &'a str {
    let from = text.find(after).unwrap_or_else(|| panic!("no {after:?}"));
    let rest = &text[from..];
    let start = rest.find(&format!("{fence}\n")).expect("opening fence") + fence.len() + 1;
    let len = rest[start..].find("\n```").expect("closing fence");
    &rest[start..start + len + 1]
}

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).unwrap();
    }
}

#[test]
fn quick_start_builds_with_only_its_listed_dependencies() {
    let readme = std::fs::read_to_string(repo().join("generated/README.md")).unwrap();
    let toml = block(&readme, "## Quick start", "```toml");
    let main = block(&readme, "## Quick start", "```rust,no_run");
    assert!(
        main.contains("#[tokio::main]") && main.contains("fn main()"),
        "{main}"
    );
    assert!(toml.starts_with("[dependencies]\n"), "{toml}");

    let generated = repo().join("generated").canonicalize().unwrap();
    let mut dependencies = String::new();
    for line in toml.lines() {
        if line.starts_with("voicetel ") {
            dependencies.push_str(&format!("voicetel = {{ path = {:?} }}\n", generated));
        } else {
            dependencies.push_str(line);
            dependencies.push('\n');
        }
    }
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme-quick-start");
    std::fs::create_dir_all(root.join("src")).unwrap();
    // Its own `[workspace]`, the repository's profile and lock file: the
    // shared target directory already holds most dependencies as built here.
    let manifest = format!(
        "[package]\nname = \"readme-quick-start\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[profile.dev.package.\"*\"]\ndebug = false\n\n{dependencies}"
    );
    write_if_changed(&root.join("Cargo.toml"), &manifest);
    if !root.join("Cargo.lock").exists() {
        std::fs::copy(repo().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    }
    write_if_changed(&root.join("src/main.rs"), main);

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let output = Command::new(cargo)
        .args(["build", "--offline", "--quiet", "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .output()
        .expect("run cargo build");
    assert!(
        output.status.success(),
        "the quick start does not build with\n{toml}\n{main}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
