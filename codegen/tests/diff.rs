//! The spec-change report: each case under `tests/fixtures/diff/` is a pair
//! of specs (`old.yaml`, `new.yaml`, optionally `new.codegen.yaml`) and the
//! exact report expected (`expected.txt`, as `cargo xtask diff old.yaml new.yaml` prints it).

use std::path::{Path, PathBuf};

use codegen::{diff, Config};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/diff")
}

fn model(path: &Path, config: &Config) -> codegen::model::Api {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = codegen::normalized(&text, &path.display().to_string()).unwrap();
    codegen::build_model(doc, config.clone()).unwrap()
}

fn report(case: &Path) -> String {
    let config_path = case.join("new.codegen.yaml");
    let config = if config_path.exists() {
        Config::load(&config_path).unwrap()
    } else {
        Config::parse("crate: {name: numbers, version: 0.1.0}").unwrap()
    };
    let old = model(&case.join("old.yaml"), &config);
    let new = model(&case.join("new.yaml"), &config);
    diff::compare(&old, &new).render(&config.krate.version)
}

#[test]
fn every_case_gives_its_expected_report() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "the cases are missing: {cases:?}");
    let mut failures = Vec::new();
    for case in &cases {
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        let actual = report(case);
        if actual != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                case.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn reversing_a_change_reverses_its_direction() {
    let case = cases_dir().join("operation_added");
    let config = Config::parse("crate: {name: numbers, version: 1.0.0}").unwrap();
    let old = model(&case.join("old.yaml"), &config);
    let new = model(&case.join("new.yaml"), &config);
    let forward = diff::compare(&old, &new);
    let backward = diff::compare(&new, &old);
    assert_eq!(forward.level(), Some(diff::Kind::Additive));
    assert_eq!(backward.level(), Some(diff::Kind::Breaking));
    assert!(backward
        .render("1.0.0")
        .ends_with("change: breaking (next version: 2.0.0)\n"));
}

/// What `cargo xtask codegen` keeps beside a crate rebuilds the same model.
#[test]
fn the_recorded_spec_gives_the_same_api() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/voicetel.yaml");
    let config = Config::load(&Config::path_for(&spec)).unwrap();
    let text = std::fs::read_to_string(&spec).unwrap();
    let doc = codegen::normalized(&text, "voicetel.yaml").unwrap();
    let record = diff::record(&doc);
    assert_eq!(record, diff::record(&doc), "the record is deterministic");
    let reread: serde_json::Value = serde_json::from_str(&record).unwrap();
    let original = codegen::build_model(doc, config.clone()).unwrap();
    let rebuilt = codegen::build_model(reread, config).unwrap();
    let report = diff::compare(&original, &rebuilt);
    assert!(report.changes.is_empty(), "{}", report.render("0.1.0"));
    assert!(!original.operations.is_empty());
}
