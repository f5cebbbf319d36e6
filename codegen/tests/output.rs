//! Writing a generated crate into a folder: only what a run wrote is
//! replaced or removed, a folder holding other files is refused without a
//! manifest, an edited generated file is reported, a failed write changes
//! nothing, and `--check` compares generated files alone.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::output::manifest;
use codegen::{Error, Files};

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("output-{name}"));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn files(entries: &[(&str, &str)]) -> Files {
    let mut files = Files::default();
    for (path, contents) in entries {
        files.add(path, (*contents).to_owned());
    }
    files
}

fn put(dir: &Path, path: &str, contents: &str) {
    let path = dir.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, contents).unwrap();
}

fn read(dir: &Path, path: &str) -> String {
    fs::read_to_string(dir.join(path)).unwrap()
}

fn refusal(result: codegen::Result<codegen::output::Written>) -> String {
    match result {
        Err(e @ Error::Output { .. }) => e.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn files_no_run_wrote_are_kept_and_only_generated_ones_replaced_or_removed() {
    let dir = scratch("keep");
    files(&[
        ("Cargo.toml", "v1"),
        ("src/lib.rs", "a"),
        ("src/old/mod.rs", "o"),
    ])
    .write_atomically(&dir, false)
    .unwrap();
    assert!(dir.join(manifest::PATH).is_file());
    // What a user or cargo puts beside a crate.
    put(&dir, "Cargo.lock", "lock");
    put(&dir, "target/debug/build/out.rs", "built");
    put(&dir, "src/hand_written.rs", "mine");
    put(&dir, "notes/todo.md", "todo");
    let written = files(&[
        ("Cargo.toml", "v2"),
        ("src/lib.rs", "a"),
        ("src/new.rs", "n"),
    ])
    .write_atomically(&dir, false)
    .unwrap();
    assert_eq!(read(&dir, "Cargo.toml"), "v2");
    assert_eq!(read(&dir, "src/new.rs"), "n");
    assert!(
        !dir.join("src/old").exists(),
        "the dropped file and its folder go"
    );
    for (path, contents) in [
        ("Cargo.lock", "lock"),
        ("target/debug/build/out.rs", "built"),
        ("src/hand_written.rs", "mine"),
        ("notes/todo.md", "todo"),
    ] {
        assert_eq!(read(&dir, path), contents, "{path} is kept");
    }
    assert_eq!(written.removed, ["src/old/mod.rs"]);
    assert_eq!(written.unchanged, 1);
    assert_eq!(
        written.written,
        ["Cargo.toml", "src/new.rs", manifest::PATH],
        "the manifest last"
    );
    assert_eq!(
        written.to_string(),
        "wrote 3 files (1 unchanged), removed 1"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unchanged_file_is_not_touched() {
    let dir = scratch("mtime");
    let crate_files = files(&[("src/lib.rs", "a"), ("src/b.rs", "b")]);
    crate_files.write_atomically(&dir, false).unwrap();
    let before = fs::metadata(dir.join("src/lib.rs"))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let written = crate_files.write_atomically(&dir, false).unwrap();
    assert!(written.written.is_empty(), "{written:?}");
    let after = fs::metadata(dir.join("src/lib.rs"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after, "cargo sees nothing to rebuild");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_folder_without_a_manifest_holding_other_files_is_refused_unless_forced() {
    let dir = scratch("unowned");
    for i in 0..12 {
        put(&dir, &format!("src/mine_{i:02}.rs"), "mine");
    }
    put(&dir, "Cargo.toml", "the user's own");
    let new = files(&[("Cargo.toml", "generated"), ("src/lib.rs", "a")]);
    let message = refusal(new.write_atomically(&dir, false));
    assert!(message.contains("no codegen run wrote"), "{message}");
    assert!(message.contains("no .codegen/manifest.json"), "{message}");
    assert!(
        message.contains("\n  Cargo.toml\n  src/mine_00.rs"),
        "{message}"
    );
    assert!(
        message.contains("... and 3 more"),
        "first ten, then a count: {message}"
    );
    assert!(message.contains("--force"), "{message}");
    assert_eq!(
        read(&dir, "Cargo.toml"),
        "the user's own",
        "nothing written"
    );
    assert!(!dir.join("src/lib.rs").exists() && !dir.join(".codegen").exists());

    new.write_atomically(&dir, true).unwrap();
    assert_eq!(read(&dir, "Cargo.toml"), "generated");
    assert_eq!(
        read(&dir, "src/mine_11.rs"),
        "mine",
        "forced, other files still kept"
    );
    // From now on the manifest says what is generated: no refusal, no force.
    files(&[("Cargo.toml", "again"), ("src/lib.rs", "a")])
        .write_atomically(&dir, false)
        .unwrap();
    assert_eq!(read(&dir, "src/mine_00.rs"), "mine");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_empty_or_missing_folder_or_one_holding_exactly_the_crate_is_written() {
    let missing = scratch("missing");
    files(&[("src/lib.rs", "a")])
        .write_atomically(&missing.join("deep/er"), false)
        .unwrap();
    assert_eq!(read(&missing, "deep/er/src/lib.rs"), "a");
    let empty = scratch("empty");
    fs::create_dir_all(empty.join("empty/sub")).unwrap();
    files(&[("src/lib.rs", "a")])
        .write_atomically(&empty, false)
        .unwrap();
    // A crate generated before manifests existed, as this very run makes it.
    let earlier = scratch("earlier");
    put(&earlier, "src/lib.rs", "a");
    put(&earlier, ".codegen/spec.json", "{}");
    let written = files(&[("src/lib.rs", "a"), (".codegen/spec.json", "{}")])
        .write_atomically(&earlier, false)
        .unwrap();
    assert_eq!(
        written.written,
        [manifest::PATH],
        "only its manifest is new"
    );
    for dir in [missing, empty, earlier] {
        fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn a_generated_file_edited_since_is_reported_not_overwritten() {
    let dir = scratch("edited");
    files(&[("src/lib.rs", "a"), ("src/gone.rs", "g")])
        .write_atomically(&dir, false)
        .unwrap();
    put(&dir, "src/lib.rs", "a, with a local fix");
    put(&dir, "src/gone.rs", "g, edited");
    let new = files(&[("src/lib.rs", "b")]);
    let message = refusal(new.write_atomically(&dir, false));
    assert!(
        message.contains("edited since:\n  src/gone.rs\n  src/lib.rs"),
        "{message}"
    );
    assert_eq!(read(&dir, "src/lib.rs"), "a, with a local fix");
    assert!(new
        .diff(&dir)
        .unwrap()
        .contains(&"changed: src/lib.rs".to_owned()));

    new.write_atomically(&dir, true).unwrap();
    assert_eq!(read(&dir, "src/lib.rs"), "b");
    assert!(!dir.join("src/gone.rs").exists());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_edit_that_matches_the_new_output_is_no_conflict() {
    let dir = scratch("merged");
    files(&[("src/lib.rs", "a")])
        .write_atomically(&dir, false)
        .unwrap();
    // As after a merge of two branches that both regenerated.
    put(&dir, "src/lib.rs", "b");
    let written = files(&[("src/lib.rs", "b")])
        .write_atomically(&dir, false)
        .unwrap();
    assert_eq!(written.written, [manifest::PATH]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_no_run_wrote_at_a_generated_path_is_refused() {
    let dir = scratch("collision");
    files(&[("src/lib.rs", "a")])
        .write_atomically(&dir, false)
        .unwrap();
    put(&dir, "src/client.rs", "mine");
    let new = files(&[("src/lib.rs", "a"), ("src/client.rs", "generated")]);
    let message = refusal(new.write_atomically(&dir, false));
    assert!(
        message.contains("are where this run writes:\n  src/client.rs"),
        "{message}"
    );
    assert_eq!(read(&dir, "src/client.rs"), "mine");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_folder_where_a_file_goes_is_never_replaced() {
    let dir = scratch("folder");
    put(&dir, "src/lib.rs/inside.txt", "mine");
    let message = refusal(files(&[("src/lib.rs", "a")]).write_atomically(&dir, true));
    assert!(message.contains("src/lib.rs is a folder"), "{message}");
    assert_eq!(read(&dir, "src/lib.rs/inside.txt"), "mine");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_manifest_that_names_paths_outside_the_folder_is_an_error() {
    let dir = scratch("tampered");
    put(&dir, "outside.txt", "keep");
    let inner = dir.join("crate");
    put(
        &inner,
        manifest::PATH,
        r#"{"files": {"../outside.txt": "sha256:00"}}"#,
    );
    let err = files(&[("src/lib.rs", "a")])
        .write_atomically(&inner, false)
        .unwrap_err();
    assert!(
        err.to_string().contains("not a relative path inside"),
        "{err}"
    );
    assert_eq!(read(&dir, "outside.txt"), "keep");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn check_compares_only_generated_files() {
    let dir = scratch("check");
    let crate_files = files(&[
        ("Cargo.toml", "c"),
        ("src/lib.rs", "a"),
        ("src/old.rs", "o"),
    ]);
    assert!(crate_files
        .diff(&dir)
        .unwrap()
        .contains(&format!("added:   {}", manifest::PATH)));
    crate_files.write_atomically(&dir, false).unwrap();
    put(&dir, "Cargo.lock", "lock");
    put(&dir, "target/debug/app", "built");
    put(&dir, "src/mine.rs", "mine");
    assert_eq!(crate_files.diff(&dir).unwrap(), Vec::<String>::new());
    let new = files(&[("Cargo.toml", "c"), ("src/lib.rs", "b")]);
    assert_eq!(
        new.diff(&dir).unwrap(),
        [
            format!("changed: {}", manifest::PATH),
            "changed: src/lib.rs".to_owned(),
            "removed: src/old.rs".to_owned(),
        ]
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_failed_write_leaves_the_previous_output_whole() {
    let dir = scratch("failed");
    files(&[("src/lib.rs", "old")])
        .write_atomically(&dir, false)
        .unwrap();
    put(&dir, "Cargo.lock", "lock");
    let before = manifest_text(&dir);
    // `gen` as a file and as a folder: staging fails halfway.
    let bad = files(&[
        ("a.rs", "new"),
        ("gen", "a file"),
        ("gen/lib.rs", "new"),
        ("src/lib.rs", "new"),
    ]);
    let err = bad.write_atomically(&dir, false).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err}");
    assert_eq!(read(&dir, "src/lib.rs"), "old");
    assert_eq!(read(&dir, "Cargo.lock"), "lock");
    assert!(!dir.join("a.rs").exists());
    assert_eq!(manifest_text(&dir), before);
    assert!(
        !dir.join(".codegen/.staging").exists(),
        "staging is cleaned up"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_fails_the_write_and_changes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("read-only");
    files(&[("src/lib.rs", "old"), ("src/api/mod.rs", "old")])
        .write_atomically(&dir, false)
        .unwrap();
    let api = dir.join("src/api");
    fs::set_permissions(&api, fs::Permissions::from_mode(0o555)).unwrap();
    // Permissions bind no superuser: then there is no failure to observe.
    let enforced = fs::write(api.join("probe"), "").is_err();
    let result =
        files(&[("src/lib.rs", "new"), ("src/api/mod.rs", "new")]).write_atomically(&dir, false);
    fs::set_permissions(&api, fs::Permissions::from_mode(0o755)).unwrap();
    if enforced {
        let err = result.unwrap_err().to_string();
        assert!(err.contains("src/api/mod.rs"), "names the file: {err}");
        assert_eq!(read(&dir, "src/lib.rs"), "old", "the earlier move undone");
        assert_eq!(read(&dir, "src/api/mod.rs"), "old");
    } else {
        eprintln!("permissions are not enforced here (superuser): nothing to fail");
    }
    fs::remove_dir_all(&dir).unwrap();
}

fn manifest_text(dir: &Path) -> String {
    read(dir, manifest::PATH)
}

#[cfg(unix)]
#[test]
fn a_dangling_link_where_a_file_goes_is_refused() {
    let dir = scratch("dangling");
    fs::create_dir_all(dir.join("src")).unwrap();
    std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("src/lib.rs")).unwrap();
    let message = refusal(files(&[("src/lib.rs", "a")]).write_atomically(&dir, true));
    assert!(
        message.contains("src/lib.rs is a link to nothing"),
        "{message}"
    );
    assert!(fs::symlink_metadata(dir.join("src/lib.rs")).is_ok());
    fs::remove_dir_all(&dir).unwrap();
}
