//! OpenAPI 3.2 documents generate what the same API says in 3.1 does: the
//! 3.1 fixtures restated in 3.2's idiom (`tests/fixtures/openapi_32_restated/`)
//! give their originals' crates, and every 3.1 spec of the repository reads
//! the same when it says `openapi: 3.2.0`. The restated crates and the one
//! of `tests/fixtures/openapi_32.yaml` (every 3.2 addition) compile without a
//! warning, checked in one throwaway workspace that shares the repository's
//! target directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod scratch;
use scratch::write_if_changed;

/// Each restatement, and the 3.1 fixture it restates.
const RESTATED: &[(&str, &str)] = &[
    ("json_schema_2020", "json_schema_2020"),
    ("null_branches", "null_branches_31"),
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn generate(text: &str, name: &str) -> codegen::Result<codegen::Files> {
    let config = codegen::Config::parse(&format!("crate: {{name: {name}, version: 0.1.0}}"))
        .expect("fixture config parses");
    codegen::generate_from_str(text, name, config)
}

/// What a crate is to its users: its files, but not the record of the
/// normalized spec (which keeps a 3.2 document's own shape) or the manifest
/// that hashes it; and the notes.
fn public_part(files: &codegen::Files) -> (BTreeMap<&str, &str>, &[String]) {
    let kept = files
        .files
        .iter()
        .filter(|(path, _)| {
            !matches!(
                path.as_str(),
                ".codegen/spec.json" | ".codegen/manifest.json"
            )
        })
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    (kept, &files.notes)
}

/// Asserts two generations are the same crate, naming the first file that differs.
fn assert_same_crate(ours: &codegen::Files, theirs: &codegen::Files, what: &str) {
    let (a, notes_a) = public_part(ours);
    let (b, notes_b) = public_part(theirs);
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}: the files differ"
    );
    for (path, contents) in &a {
        assert_eq!(contents, &b[path], "{what}: {path} differs");
    }
    assert_eq!(notes_a, notes_b, "{what}: the notes differ");
}

#[test]
fn restated_specs_generate_their_31_originals_crates() {
    for (restated, original) in RESTATED {
        let ours = read(&repo().join(format!(
            "tests/fixtures/openapi_32_restated/{restated}.yaml"
        )));
        assert!(
            ours.contains("\nopenapi: 3.2.0\n"),
            "{restated} is a 3.2 document"
        );
        let theirs = read(&repo().join(format!("tests/fixtures/{original}.yaml")));
        let ours = generate(&ours, original).unwrap_or_else(|e| panic!("{restated}: {e}"));
        let theirs = generate(&theirs, original).unwrap_or_else(|e| panic!("{original}: {e}"));
        assert_same_crate(&ours, &theirs, restated);
    }
}

/// The repository's 3.1 specs: the fixtures (hostile ones too) and the
/// example APIs.
fn specs_31() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["tests/fixtures", "tests/fixtures/hostile", "spec/examples"] {
        let entries = std::fs::read_dir(repo().join(dir)).expect("a fixture folder");
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            let yaml = path.extension().is_some_and(|e| e == "yaml");
            if yaml && read(&path).contains("\nopenapi: 3.1") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Specs that mean something else in 3.2, and why.
const READ_OTHERWISE_IN_32: &[(&str, &str)] = &[(
    "streams_odd.yaml",
    "an event stream's `schema: {type: array}` is one event in 3.1 practice, the whole stream in 3.2",
)];

#[test]
fn every_31_spec_reads_the_same_as_32() {
    let specs = specs_31();
    assert!(specs.len() > 20, "found {specs:?}");
    let differs = |path: &Path| {
        READ_OTHERWISE_IN_32
            .iter()
            .any(|(name, _)| path.file_name().is_some_and(|f| f == *name))
    };
    for path in specs.into_iter().filter(|p| !differs(p)) {
        let text = read(&path);
        let line = text
            .lines()
            .find(|l| l.starts_with("openapi: 3.1"))
            .expect("the version line");
        let as_32 = text.replacen(line, "openapi: 3.2.0", 1);
        let name = "fixture";
        let what = path.display().to_string();
        match (generate(&as_32, name), generate(&text, name)) {
            (Ok(ours), Ok(theirs)) => assert_same_crate(&ours, &theirs, &what),
            (Err(ours), Err(theirs)) => assert_eq!(ours.to_string(), theirs.to_string(), "{what}"),
            (ours, theirs) => panic!(
                "{what}: 3.2 gives {:?}, 3.1 gives {:?}",
                ours.map(|_| "a crate"),
                theirs.map(|_| "a crate")
            ),
        }
    }
}

#[test]
fn the_32_crates_compile_without_warnings() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("openapi-32-check");
    let mut crates: Vec<(String, String)> = RESTATED
        .iter()
        .map(|(name, _)| {
            let path = format!("tests/fixtures/openapi_32_restated/{name}.yaml");
            (format!("restated_{name}"), path)
        })
        .collect();
    crates.push(("openapi_32".into(), "tests/fixtures/openapi_32.yaml".into()));
    let members: Vec<String> = crates.iter().map(|(n, _)| format!("{n:?}")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev.package.\"*\"]\ndebug = false\n",
        members.join(", ")
    );
    write_if_changed(&root.join("Cargo.toml"), &manifest);
    write_if_changed(&root.join("Cargo.lock"), &read(&repo().join("Cargo.lock")));
    for (name, spec) in &crates {
        let files =
            generate(&read(&repo().join(spec)), name).unwrap_or_else(|e| panic!("{spec}: {e}"));
        for (path, contents) in &files.files {
            write_if_changed(&root.join(name).join(path), contents);
        }
    }
    let output = scratch::cargo(
        &[
            "check",
            "--workspace",
            "--features",
            "mock,webhooks",
            "--message-format=json",
        ],
        &root.join("Cargo.toml"),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut diagnostics = Vec::new();
    let mut checked = Vec::new();
    for line in stdout.lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let target = msg["target"]["name"].as_str().unwrap_or("?");
        match msg["reason"].as_str() {
            Some("compiler-message") => {
                let rendered = msg["message"]["rendered"].as_str().unwrap_or("?");
                diagnostics.push(format!("[{target}] {rendered}"));
            }
            Some("compiler-artifact") if crates.iter().any(|(n, _)| n == target) => {
                checked.push(target.to_owned());
            }
            _ => {}
        }
    }
    assert!(
        output.status.success() && diagnostics.is_empty(),
        "the 3.2 crates do not compile cleanly ({}):\n{}\n{stderr}",
        root.display(),
        diagnostics.join("")
    );
    checked.sort();
    let mut expected: Vec<String> = crates.into_iter().map(|(n, _)| n).collect();
    expected.sort();
    assert_eq!(checked, expected, "every crate is checked");
}
