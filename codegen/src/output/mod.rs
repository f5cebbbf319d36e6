//! The generated files as data, and putting them on disk without destroying
//! anything a run did not write. A manifest (`.codegen/manifest.json`,
//! [`manifest`]) records the files each run wrote and their hashes; the next
//! run replaces and removes only those, refuses to overwrite one edited
//! since or a file no run wrote (unless forced, `plan`), and swaps its
//! files in with a rollback on failure (`swap`), so a failed write leaves
//! the previous output whole.

pub mod manifest;
mod plan;
mod swap;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use crate::error::{Error, Result};
use manifest::Manifest;

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

    /// The files under `dir` that writing these would add, change or remove:
    /// the generated files and the manifest, and files the previous run
    /// wrote that this one does not make. Nothing else in `dir` is compared
    /// (a `target/` or `Cargo.lock` beside a crate is not stale).
    ///
    /// # Errors
    /// When a file or the manifest in `dir` cannot be read.
    pub fn diff(&self, dir: &Path) -> Result<Vec<String>> {
        let files = self.with_manifest();
        let mut changed = Vec::new();
        for (path, contents) in &files {
            let full = dir.join(path);
            match fs::read(&full) {
                Ok(old) if old == contents.as_bytes() => {}
                Ok(_) => changed.push(format!("changed: {path}")),
                Err(e) if e.kind() == ErrorKind::NotFound => {
                    changed.push(format!("added:   {path}"));
                }
                Err(_) if full.is_dir() => changed.push(format!("changed: {path} (a folder)")),
                Err(source) => return Err(Error::Io { path: full, source }),
            }
        }
        if let Some(previous) = Manifest::read(dir)? {
            for path in previous.files.keys() {
                if !files.contains_key(path) && dir.join(path).is_file() {
                    changed.push(format!("removed: {path}"));
                }
            }
        }
        Ok(changed)
    }

    /// Writes these files into `dir` (created if missing) with their
    /// manifest, removes the files the previous run wrote that these do not
    /// include, and leaves every other file alone. Files already as they
    /// should be are not touched, so their modification times stay.
    ///
    /// Refused ([`Error::Output`], listing the files) when `dir` has no
    /// manifest and holds files other than these, when a file no run wrote
    /// is at a generated path, or when a generated file was edited since;
    /// `force` writes anyway, replacing files at generated paths (and
    /// removing edited ones no longer generated) and keeping the rest.
    ///
    /// # Errors
    /// A refusal as above, or an I/O error; `dir` is then as it was.
    pub fn write_atomically(&self, dir: &Path, force: bool) -> Result<Written> {
        self.write_failing_at(dir, force, None)
    }

    /// [`Self::write_atomically`], with an I/O error injected at step
    /// `fail_at` of the write (for tests of the rollback).
    pub(crate) fn write_failing_at(
        &self,
        dir: &Path,
        force: bool,
        fail_at: Option<usize>,
    ) -> Result<Written> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::Output {
                dir: dir.to_owned(),
                message: "is a file; the crate goes in a folder".into(),
            });
        }
        let files = self.with_manifest();
        let previous = match Manifest::read(dir) {
            Ok(previous) => previous,
            // Forced: as if there were none, so every file is the user's and kept.
            Err(_) if force => None,
            Err(e) => return Err(e),
        };
        // The manifest last: until it is in place, the previous one stands.
        let order: Vec<&str> = files
            .keys()
            .map(String::as_str)
            .filter(|p| *p != manifest::PATH)
            .chain([manifest::PATH])
            .collect();
        let plan = plan::plan(dir, &files, &order, previous.as_ref(), force)?;
        let notes = swap::apply(dir, &plan, fail_at)?;
        Ok(Written {
            written: plan.write.iter().map(|(p, _)| (*p).to_owned()).collect(),
            unchanged: plan.unchanged,
            removed: plan.remove,
            notes,
        })
    }

    /// The files with their manifest.
    fn with_manifest(&self) -> BTreeMap<String, String> {
        let mut files = self.files.clone();
        files.remove(manifest::PATH);
        let manifest = Manifest::of(&files).render();
        files.insert(manifest::PATH.to_owned(), manifest);
        files
    }
}

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Written {
    /// Files added or replaced, the manifest among them.
    pub written: Vec<String>,
    /// Generated files already as they should be, left untouched.
    pub unchanged: usize,
    /// Files the previous run wrote that this one does not make, removed.
    pub removed: Vec<String>,
    /// What the user should know that is no failure.
    pub notes: Vec<String>,
}

impl fmt::Display for Written {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.written.len();
        let s = if n == 1 { "" } else { "s" };
        write!(f, "wrote {n} file{s} ({} unchanged)", self.unchanged)?;
        if !self.removed.is_empty() {
            write!(f, ", removed {}", self.removed.len())?;
        }
        Ok(())
    }
}
