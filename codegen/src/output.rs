//! The generated files as data, and putting them on disk atomically: the
//! new tree is written beside the old one and swapped in only when complete,
//! so a failure never leaves a half-written crate.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Generated files by relative path, in a stable order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Files {
    /// Path (with `/` separators) to contents.
    pub files: BTreeMap<String, String>,
    /// What the user should know about this generation (operations left out).
    pub notes: Vec<String>,
    /// One line: what was inferred from the spec, and what was left out.
    pub summary: String,
    /// What was inferred about the API's protocol, as text (`--explain`);
    /// `.codegen/inference.json` among the files says the same as data.
    pub explain: String,
    /// Operations left out, counted by the unsupported construct that cost them.
    pub left_out: BTreeMap<String, usize>,
    /// The normalized document the crate was made from, for a caller that
    /// records it (see `diff::record`) without reading the spec again.
    pub normalized: serde_json::Value,
}

impl Files {
    /// Adds a file.
    pub fn add(&mut self, path: &str, contents: String) {
        self.files.insert(path.to_owned(), contents);
    }

    /// The files under `dir` that would be added, changed or removed by writing these.
    ///
    /// # Errors
    /// When `dir` cannot be read.
    pub fn diff(&self, dir: &Path) -> Result<Vec<String>> {
        let existing = read_tree(dir)?;
        let mut changed = Vec::new();
        for (path, contents) in &self.files {
            match existing.get(path) {
                Some(old) if old == contents => {}
                Some(_) => changed.push(format!("changed: {path}")),
                None => changed.push(format!("added:   {path}")),
            }
        }
        for path in existing.keys().filter(|p| !self.files.contains_key(*p)) {
            changed.push(format!("removed: {path}"));
        }
        Ok(changed)
    }

    /// Replaces `dir` with exactly these files.
    ///
    /// # Errors
    /// When writing fails; `dir` is then as it was.
    pub fn write_atomically(&self, dir: &Path) -> Result<()> {
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("generated");
        let staging = parent.join(format!(".{name}.new"));
        let old = parent.join(format!(".{name}.old"));
        let io = |path: &Path| {
            let path = path.to_owned();
            move |source| Error::Io { path, source }
        };
        for leftover in [&staging, &old] {
            if leftover.exists() {
                fs::remove_dir_all(leftover).map_err(io(leftover))?;
            }
        }
        let result = (|| {
            for (rel, contents) in &self.files {
                let path = staging.join(rel);
                if let Some(p) = path.parent() {
                    fs::create_dir_all(p).map_err(io(p))?;
                }
                fs::write(&path, contents).map_err(io(&path))?;
            }
            Ok(())
        })();
        if let Err(e) = result {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
        if dir.exists() {
            fs::rename(dir, &old).map_err(io(dir))?;
        }
        if let Err(source) = fs::rename(&staging, dir) {
            // Put the previous tree back before reporting.
            let _ = fs::rename(&old, dir);
            return Err(Error::Io {
                path: dir.to_owned(),
                source,
            });
        }
        if old.exists() {
            fs::remove_dir_all(&old).map_err(io(&old))?;
        }
        Ok(())
    }
}

/// Every file under `dir` (relative paths with `/`), skipping build output.
fn read_tree(dir: &Path) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack: Vec<PathBuf> = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let entries = fs::read_dir(&d).map_err(|source| Error::Io {
            path: d.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| Error::Io {
                path: d.clone(),
                source,
            })?;
            let path = entry.path();
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            if rel == "target" || rel == "Cargo.lock" {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = fs::read(&path).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
                out.insert(rel, String::from_utf8_lossy(&text).into_owned());
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_previous_tree_untouched() {
        let root = std::env::temp_dir().join(format!("codegen-atomic-{}", std::process::id()));
        let dir = root.join("out");
        let _ = fs::remove_dir_all(&root);
        let mut good = Files::default();
        good.add("src/lib.rs", "old".into());
        good.write_atomically(&dir).unwrap();
        // `src` as a file and as a directory: the second write fails halfway.
        let mut bad = Files::default();
        bad.add("a.rs", "new".into());
        bad.add("src", "a file".into());
        bad.add("src/lib.rs", "new".into());
        assert!(bad.write_atomically(&dir).is_err());
        assert_eq!(fs::read_to_string(dir.join("src/lib.rs")).unwrap(), "old");
        assert!(!dir.join("a.rs").exists());
        assert!(
            !root.join(".out.new").exists(),
            "the staging tree is cleaned up"
        );
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn write_then_diff_is_clean_and_changes_are_listed() {
        let root = std::env::temp_dir().join(format!("codegen-output-{}", std::process::id()));
        let dir = root.join("out");
        let _ = fs::remove_dir_all(&root);
        let mut files = Files::default();
        files.add("src/lib.rs", "a".into());
        files.add("Cargo.toml", "b".into());
        files.write_atomically(&dir).unwrap();
        assert!(files.diff(&dir).unwrap().is_empty());
        fs::write(dir.join("stray.rs"), "x").unwrap();
        files.add("src/lib.rs", "changed".into());
        assert_eq!(
            files.diff(&dir).unwrap(),
            vec!["changed: src/lib.rs", "removed: stray.rs"]
        );
        files.write_atomically(&dir).unwrap();
        assert!(!dir.join("stray.rs").exists());
        assert_eq!(
            fs::read_to_string(dir.join("src/lib.rs")).unwrap(),
            "changed"
        );
        fs::remove_dir_all(&root).unwrap();
    }
}
