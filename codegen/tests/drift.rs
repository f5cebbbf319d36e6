//! `cargo xtask drift` end to end on `tests/fixtures/drift/`: the overlay
//! derived from the fixture logs, applied to the fixture spec as
//! `--overlay` would, gives a crate whose types hold what the server sent,
//! and `codegen::diff` calls the new fields and enum values additive.

use std::path::{Path, PathBuf};

use codegen::{diff, Config};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/drift")
}

/// A folder of this test's own, emptied.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("drift-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn config(overlays: &[PathBuf]) -> Config {
    let mut config = Config::parse("crate: {name: numbers, version: 0.1.0}").unwrap();
    config.overlays = overlays.to_vec();
    config
}

fn spec_text() -> String {
    std::fs::read_to_string(fixtures().join("numbers.yaml")).unwrap()
}

/// The overlay derived from the named fixture logs, written into `dir`.
fn derived(dir: &Path, logs: &[&str]) -> (PathBuf, codegen::drift::Drift) {
    let logs: Vec<PathBuf> = logs.iter().map(|log| fixtures().join(log)).collect();
    let drift = codegen::drift::from_files(&fixtures().join("numbers.yaml"), None, &[], &logs)
        .unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("drift.overlay.yaml");
    std::fs::write(&path, &drift.overlay).unwrap();
    (path, drift)
}

fn types_rs(overlays: &[PathBuf]) -> String {
    let files = codegen::generate_from_str(&spec_text(), "numbers.yaml", config(overlays))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(files.notes.is_empty(), "{:?}", files.notes);
    files.files["src/types.rs"].clone()
}

fn model(overlays: &[PathBuf]) -> codegen::model::Api {
    let doc = codegen::normalized_with_overlays(&spec_text(), "numbers.yaml", overlays).unwrap();
    codegen::build_model(doc, config(&[])).unwrap()
}

#[test]
fn regenerating_with_the_overlay_types_what_the_server_sent() {
    let dir = scratch("types");
    let before = types_rs(&[]);
    assert!(before.contains("pub cnam: String,"), "{before}");
    assert!(!before.contains("carrier"), "{before}");

    let (overlay, drift) = derived(&dir, &["additive.jsonl", "changes.jsonl"]);
    let types = types_rs(&[overlay]);
    // Undeclared properties: optional fields of the types the server sent.
    assert!(
        types.contains("pub carrier: Option<NumberCarrier>,"),
        "{types}"
    );
    assert!(types.contains("pub struct NumberCarrier {"), "{types}");
    assert!(types.contains("pub ocn: Option<String>,"), "{types}");
    assert!(types.contains("pub lata: Option<i64>,"), "{types}");
    assert!(types.contains("pub ported_at: Option<String>,"), "{types}");
    // The unlisted value is a variant.
    assert!(types.contains("Porting => \"porting\""), "{types}");
    // The required field sent as null is an Option.
    assert!(types.contains("pub cnam: Option<String>,"), "{types}");
    // A string where an integer was declared: a union of both.
    assert!(
        types.contains("pub rate_center: Option<NumberRateCenter>,"),
        "{types}"
    );
    assert!(
        types.contains("Integer(i64),") && types.contains("String(String),"),
        "{types}"
    );
    // The undeclared 404 has its body type.
    assert!(types.contains("pub struct NumbersGetError404 {"), "{types}");
    // The record whose schema the spec lacks is named, not applied.
    assert_eq!(drift.notes.len(), 1, "{:?}", drift.notes);
    assert!(
        drift.notes[0].contains("#/components/schemas/Porting"),
        "{:?}",
        drift.notes
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn diff_calls_the_new_fields_and_enum_values_additive() {
    let dir = scratch("diff");
    let (overlay, _) = derived(&dir, &["additive.jsonl"]);
    let old = model(&[]);
    let new = model(&[overlay]);
    let report = diff::compare(&old, &new);
    assert_eq!(
        report.level(),
        Some(diff::Kind::Additive),
        "{}",
        report.render("0.1.0")
    );
    let text = report.render("0.1.0");
    for added in ["`carrier`", "`lata`", "`ported_at`", "`Porting`"] {
        assert!(text.contains(added), "{added} missing from:\n{text}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_same_logs_against_the_overlaid_spec_ask_for_nothing_more() {
    let dir = scratch("again");
    let (overlay, drift) = derived(&dir, &["additive.jsonl", "changes.jsonl"]);
    assert!(drift.changes > 0);
    let logs = [
        fixtures().join("changes.jsonl"),
        fixtures().join("additive.jsonl"),
    ];
    let again =
        codegen::drift::from_files(&fixtures().join("numbers.yaml"), None, &[overlay], &logs)
            .unwrap();
    assert_eq!(again.changes, 0, "{}", again.overlay);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_command_writes_the_same_bytes_whatever_the_order_of_the_logs() {
    let dir = scratch("cli");
    let run = |logs: [&str; 2], out: &Path| {
        let mut args = vec![
            "--spec".to_owned(),
            fixtures().join("numbers.yaml").display().to_string(),
        ];
        args.extend(
            logs.iter()
                .map(|log| fixtures().join(log).display().to_string()),
        );
        args.extend(["--out".to_owned(), out.display().to_string()]);
        let flags = codegen::cli::drift::parse(args.into_iter()).unwrap();
        codegen::cli::drift::run(&flags).unwrap_or_else(|e| panic!("{e}"));
        std::fs::read_to_string(out).unwrap()
    };
    let forward = run(["additive.jsonl", "changes.jsonl"], &dir.join("a.yaml"));
    let backward = run(["changes.jsonl", "additive.jsonl"], &dir.join("b.yaml"));
    assert_eq!(forward, backward);
    assert!(
        forward.starts_with("# Derived from drift logs: 12 records (52 observations) in 2 logs.\n"),
        "{forward}"
    );
    assert!(forward.contains("Seen 15 times on numbersList, numbersGet: property `carrier` (object) not in the spec; added, optional."), "{forward}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_wrong_log_line_names_the_file_and_line() {
    let dir = scratch("wrong");
    let log = dir.join("drift.jsonl");
    let first = std::fs::read_to_string(fixtures().join("additive.jsonl")).unwrap();
    let first = first.lines().next().unwrap();
    std::fs::write(
        &log,
        format!("{first}\n{{\"kind\": \"undeclared_property\"\n"),
    )
    .unwrap();
    let err = codegen::drift::from_files(
        &fixtures().join("numbers.yaml"),
        None,
        &[],
        std::slice::from_ref(&log),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with(&format!(
            "cannot parse {}:2: not a JSON drift record",
            log.display()
        )),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
