//! The rollback of a write, with a failure injected at every step of it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::Files;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-output-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

/// Every file and folder under `dir`, with the files' contents.
fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                out.insert(rel, None);
                stack.push(path);
            } else {
                out.insert(rel, Some(fs::read(&path).unwrap()));
            }
        }
    }
    out
}

fn files(entries: &[(&str, &str)]) -> Files {
    let mut files = Files::default();
    for (path, contents) in entries {
        files.add(path, (*contents).to_owned());
    }
    files
}

#[test]
fn a_failure_at_any_step_leaves_the_previous_output_whole() {
    let dir = scratch("rollback");
    let first = files(&[
        ("Cargo.toml", "v1"),
        ("src/lib.rs", "same"),
        ("src/gone/mod.rs", "dropped next time"),
    ]);
    first.write_atomically(&dir, false).unwrap();
    fs::write(dir.join("Cargo.lock"), "the user's").unwrap();
    fs::create_dir_all(dir.join("target/debug")).unwrap();
    fs::write(dir.join("target/debug/app"), "built").unwrap();
    let second = files(&[
        ("Cargo.toml", "v2"),
        ("src/lib.rs", "same"),
        ("src/new/deep/mod.rs", "added"),
    ]);
    let before = tree(&dir);
    let mut step = 0;
    let written = loop {
        match second.write_failing_at(&dir, false, Some(step)) {
            Err(e) => {
                assert!(e.to_string().contains("injected failure"), "{e}");
                assert_eq!(tree(&dir), before, "after a failure at step {step}");
                step += 1;
            }
            Ok(written) => break written,
        }
    };
    assert!(step >= 8, "the write has steps to fail at: {step}");
    assert_eq!(fs::read_to_string(dir.join("Cargo.toml")).unwrap(), "v2");
    assert_eq!(
        fs::read_to_string(dir.join("Cargo.lock")).unwrap(),
        "the user's"
    );
    assert!(dir.join("target/debug/app").exists());
    assert!(!dir.join("src/gone").exists(), "emptied folders go");
    assert_eq!(written.removed, ["src/gone/mod.rs"]);
    assert_eq!(written.unchanged, 1);
    assert!(!dir.join(super::plan::STAGING).exists());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_failed_first_write_leaves_no_folder_behind() {
    let root = scratch("first");
    let dir = root.join("a/b");
    let new = files(&[("src/lib.rs", "x")]);
    let mut step = 0;
    while new.write_failing_at(&dir, false, Some(step)).is_err() {
        assert!(!root.exists(), "after a failure at step {step}");
        step += 1;
    }
    assert_eq!(fs::read_to_string(dir.join("src/lib.rs")).unwrap(), "x");
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_failed_write_into_an_empty_folder_keeps_the_folder() {
    let dir = scratch("empty");
    fs::create_dir_all(&dir).unwrap();
    let new = files(&[("src/lib.rs", "x")]);
    assert!(new.write_failing_at(&dir, false, Some(3)).is_err());
    assert!(dir.is_dir());
    assert_eq!(tree(&dir), BTreeMap::new());
    fs::remove_dir_all(&dir).unwrap();
}
