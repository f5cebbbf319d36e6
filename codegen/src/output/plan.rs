//! What a write will do in the output folder, decided before anything is
//! touched: the generated files to put in place, those already as they
//! should be, those an earlier run wrote that this one no longer makes, and
//! what it refuses to touch (files no run wrote, generated files edited
//! since), unless forced.

use std::collections::BTreeMap;
use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use super::manifest::{self, hash, Manifest};
use crate::error::{Error, Result};

/// Where a write stages its files, inside the folder so that every move is a
/// rename within one file system; never listed as the user's.
pub const STAGING: &str = ".codegen/.staging";

/// How many paths a refusal lists before it counts the rest.
const LISTED: usize = 10;

/// The changes a write makes.
#[derive(Debug, Default)]
pub struct Plan<'a> {
    /// Files to put in place, new or changed, by path; the manifest last.
    pub write: Vec<(&'a str, &'a str)>,
    /// Generated files already as this run makes them (left untouched, so
    /// their modification times do not make cargo rebuild).
    pub unchanged: usize,
    /// Files an earlier run wrote that this one does not make.
    pub remove: Vec<String>,
}

/// A file in the way of a write, and why it is not the generator's to replace.
enum Conflict {
    /// No run wrote it (or the folder has no manifest to say one did).
    Unowned(String),
    /// A run wrote it, and it was edited since.
    Edited(String),
}

/// The plan for writing `files` (the new manifest among them, last in
/// `order`) into `dir`, whose manifest is `previous`. With `force`, files no
/// run wrote at generated paths and generated files edited since are
/// replaced (and edited ones no longer generated removed); files at other
/// paths are kept whatever `force` says.
///
/// # Errors
/// [`Error::Output`] listing what the write would destroy, unless `force`;
/// a folder where a generated file goes, whatever `force`; unreadable files.
pub fn plan<'a>(
    dir: &Path,
    files: &'a BTreeMap<String, String>,
    order: &[&'a str],
    previous: Option<&Manifest>,
    force: bool,
) -> Result<Plan<'a>> {
    let mut plan = Plan::default();
    let mut conflicts = Vec::new();
    for &path in order {
        let contents = &files[path];
        let Some(found) = read(dir, path)? else {
            plan.write.push((path, contents));
            continue;
        };
        if found == contents.as_bytes() {
            plan.unchanged += 1;
            continue;
        }
        match previous.and_then(|m| m.files.get(path)) {
            Some(written) if *written == hash(&found) => {}
            Some(_) => conflicts.push(Conflict::Edited(path.to_owned())),
            None if path == manifest::PATH => {}
            None => conflicts.push(Conflict::Unowned(path.to_owned())),
        }
        plan.write.push((path, contents));
    }
    match previous {
        Some(previous) => {
            for (path, written) in &previous.files {
                if files.contains_key(path) {
                    continue;
                }
                // Gone already, or a folder now: nothing of the run's to remove.
                let Some(found) = read(dir, path).ok().flatten() else {
                    continue;
                };
                if hash(&found) != *written {
                    conflicts.push(Conflict::Edited(path.clone()));
                }
                plan.remove.push(path.clone());
            }
        }
        None => {
            // With no manifest nothing here is known to be generated: every
            // file but those identical to what this run writes is the user's.
            for path in list(dir)? {
                if !files.contains_key(&path) {
                    conflicts.push(Conflict::Unowned(path));
                }
            }
        }
    }
    if force || conflicts.is_empty() {
        return Ok(plan);
    }
    Err(Error::Output {
        dir: dir.to_owned(),
        message: refusal(&conflicts, previous.is_some()),
    })
}

/// The contents of `dir/path`; `None` when there is no such file.
///
/// # Errors
/// A folder or a dangling link at `path` (the generator writes a file there
/// and removes neither), or a file that cannot be read.
fn read(dir: &Path, path: &str) -> Result<Option<Vec<u8>>> {
    let full = dir.join(path);
    match fs::read(&full) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == ErrorKind::NotFound && fs::symlink_metadata(&full).is_ok() => {
            Err(Error::Output {
                dir: dir.to_owned(),
                message: format!(
                    "{path} is a link to nothing, where the generator writes a file; remove it first"
                ),
            })
        }
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(_) if full.is_dir() => Err(Error::Output {
            dir: dir.to_owned(),
            message: format!(
                "{path} is a folder, where the generator writes a file; move it away first"
            ),
        }),
        Err(source) => Err(Error::Io { path: full, source }),
    }
}

/// Every file under `dir` (relative paths with `/`), sorted, but the staging area.
fn list(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![String::new()];
    while let Some(rel) = stack.pop() {
        let here = dir.join(&rel);
        let entries = match fs::read_dir(&here) {
            Ok(entries) => entries,
            Err(e) if rel.is_empty() && e.kind() == ErrorKind::NotFound => return Ok(out),
            Err(source) => return Err(Error::Io { path: here, source }),
        };
        for entry in entries {
            let entry = entry.map_err(|source| Error::Io {
                path: here.clone(),
                source,
            })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if path == STAGING {
                continue;
            }
            // A link to a folder is listed, not followed: it is the user's either way.
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Why a write was refused: the files in the way, by kind, a few of each.
fn refusal(conflicts: &[Conflict], has_manifest: bool) -> String {
    let (mut unowned, mut edited) = (Vec::new(), Vec::new());
    for conflict in conflicts {
        match conflict {
            Conflict::Unowned(p) => unowned.push(p.as_str()),
            Conflict::Edited(p) => edited.push(p.as_str()),
        }
    }
    unowned.sort_unstable();
    edited.sort_unstable();
    let mut out = String::from("refusing to write, so as to destroy nothing");
    if !unowned.is_empty() {
        out.push_str(if has_manifest {
            "; files no codegen run wrote are where this run writes:"
        } else {
            "; the folder holds files no codegen run wrote (it has no .codegen/manifest.json):"
        });
        out.push_str(&listing(&unowned));
    }
    if !edited.is_empty() {
        out.push_str("; files codegen wrote were edited since:");
        out.push_str(&listing(&edited));
    }
    out.push_str(if has_manifest {
        "\n--force replaces (or removes) these; every other file is kept."
    } else {
        "\nChoose an empty folder, or pass --force to write here anyway: generated files \
         replace those at the same paths, every other file is kept."
    });
    out
}

/// The first [`LISTED`] paths, one a line, and how many more there are.
fn listing(paths: &[&str]) -> String {
    let mut out: String = paths
        .iter()
        .take(LISTED)
        .map(|p| format!("\n  {p}"))
        .collect();
    if paths.len() > LISTED {
        out.push_str(&format!("\n  ... and {} more", paths.len() - LISTED));
    }
    out
}
