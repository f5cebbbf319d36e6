//! Carrying out a [`Plan`] so that a failure changes nothing: every new file
//! is written to a staging area inside the folder first; then each is renamed
//! into place, the file it replaces (or one removed) moved aside, every step
//! recorded; an error undoes the recorded steps in reverse. Only after the
//! last step is the staging area, with the replaced files, deleted.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::plan::{Plan, STAGING};
use crate::error::{Error, Result};

/// A step of the swap, as it is undone.
enum Done {
    /// A file that was at this path is in `old/`.
    MovedAside(String),
    /// The new file is at this path.
    Placed(String),
    /// This folder did not exist.
    CreatedDir(PathBuf),
}

/// Counts the steps that can fail; `fail_at` makes the one of that number
/// fail, so tests reach every point of the swap.
struct Steps {
    taken: usize,
    fail_at: Option<usize>,
}

impl Steps {
    fn step(&mut self) -> io::Result<()> {
        let this = self.taken;
        self.taken += 1;
        if self.fail_at == Some(this) {
            return Err(io::Error::other(format!("injected failure at step {this}")));
        }
        Ok(())
    }
}

/// Applies `plan` to `dir`; `fail_at` injects an I/O error at that step.
/// Returns what the user should know that is no failure (a staging area that
/// could not be deleted after a complete write).
///
/// # Errors
/// The first I/O error, after putting `dir` back as it was.
pub fn apply(dir: &Path, plan: &Plan<'_>, fail_at: Option<usize>) -> Result<Vec<String>> {
    if plan.write.is_empty() && plan.remove.is_empty() {
        return Ok(Vec::new());
    }
    let staging = dir.join(STAGING);
    // A staging area left by a run that was killed midway: its own, and stale.
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io_at(&staging))?;
    }
    let (new, old) = (staging.join("new"), staging.join("old"));
    let mut steps = Steps { taken: 0, fail_at };
    let mut done = Vec::new();
    let result = stage(&new, plan, &mut steps, &mut done)
        .and_then(|()| swap(dir, &new, &old, plan, &mut steps, &mut done));
    if let Err(error) = result {
        return Err(match undo(dir, &old, done) {
            Ok(created) => {
                let _ = fs::remove_dir_all(&staging);
                // Empty now, unless something else wrote there meanwhile: kept then.
                for folder in &created {
                    let _ = fs::remove_dir(folder);
                }
                error
            }
            Err(undo_error) => Error::Output {
                dir: dir.to_owned(),
                message: format!(
                    "{error}; putting the previous files back failed too ({undo_error}): \
                     they are in {}",
                    old.display()
                ),
            },
        });
    }
    let mut notes = Vec::new();
    if let Err(e) = fs::remove_dir_all(&staging) {
        notes.push(format!(
            "{}: {e}; the next run deletes it",
            staging.display()
        ));
    }
    for path in &plan.remove {
        remove_empty_parents(dir, path);
    }
    Ok(notes)
}

/// Writes every new file under `new`, creating the folders it needs.
fn stage(new: &Path, plan: &Plan<'_>, steps: &mut Steps, done: &mut Vec<Done>) -> Result<()> {
    create_dirs(new, steps, done)?;
    for (path, contents) in &plan.write {
        let target = new.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io_at(parent))?;
        }
        steps.step().map_err(io_at(&target))?;
        fs::write(&target, contents).map_err(io_at(&target))?;
    }
    Ok(())
}

/// Moves each staged file into place (the file it replaces aside, into
/// `old`), then each file to remove aside; the manifest comes last.
fn swap(
    dir: &Path,
    new: &Path,
    old: &Path,
    plan: &Plan<'_>,
    steps: &mut Steps,
    done: &mut Vec<Done>,
) -> Result<()> {
    let paths = plan.write.iter().map(|(p, _)| *p);
    for path in paths
        .clone()
        .filter(|p| fs::symlink_metadata(dir.join(p)).is_ok())
    {
        move_aside(dir, old, path, steps, done)?;
    }
    for path in &plan.remove {
        move_aside(dir, old, path, steps, done)?;
    }
    for path in paths {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            create_dirs(parent, steps, done)?;
        }
        steps.step().map_err(io_at(&target))?;
        fs::rename(new.join(path), &target).map_err(io_at(&target))?;
        done.push(Done::Placed(path.to_owned()));
    }
    Ok(())
}

/// Moves `dir/path` to `old/path`.
fn move_aside(
    dir: &Path,
    old: &Path,
    path: &str,
    steps: &mut Steps,
    done: &mut Vec<Done>,
) -> Result<()> {
    let (from, to) = (dir.join(path), old.join(path));
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent).map_err(io_at(parent))?;
    }
    steps.step().map_err(io_at(&from))?;
    fs::rename(&from, &to).map_err(io_at(&from))?;
    done.push(Done::MovedAside(path.to_owned()));
    Ok(())
}

/// Creates `path` and its missing parents, recording each one created.
fn create_dirs(path: &Path, steps: &mut Steps, done: &mut Vec<Done>) -> Result<()> {
    let missing: Vec<&Path> = path.ancestors().take_while(|p| !p.exists()).collect();
    for dir in missing.into_iter().rev() {
        steps.step().map_err(io_at(dir))?;
        fs::create_dir(dir).map_err(io_at(dir))?;
        done.push(Done::CreatedDir(dir.to_owned()));
    }
    Ok(())
}

/// Undoes `done` in reverse: new files out, previous files back. Returns
/// the folders the write created outside the staging area, innermost first,
/// to remove once the staging area is gone.
fn undo(dir: &Path, old: &Path, done: Vec<Done>) -> io::Result<Vec<PathBuf>> {
    let staging = dir.join(STAGING);
    let mut created = Vec::new();
    for step in done.into_iter().rev() {
        match step {
            Done::Placed(path) => fs::remove_file(dir.join(path))?,
            Done::MovedAside(path) => fs::rename(old.join(&path), dir.join(&path))?,
            Done::CreatedDir(path) if !path.starts_with(&staging) => created.push(path),
            Done::CreatedDir(_) => {}
        }
    }
    Ok(created)
}

/// Removes the folders that held `path` when it was their last file, up to `dir`.
fn remove_empty_parents(dir: &Path, path: &str) {
    let full = dir.join(path);
    for folder in full.ancestors().skip(1) {
        if folder == dir || !folder.starts_with(dir) || fs::remove_dir(folder).is_err() {
            break;
        }
    }
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> Error {
    let path = path.to_owned();
    move |source| Error::Io { path, source }
}
