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
    diff::compare(&old, &new).render(&old.config.krate.version)
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

/// GitHub's REST API from `@octokit/openapi` 22.0.0 to 23.0.0, as fetched by
/// `scripts/diff-public-spec.sh`. The operation counts were confirmed by hand
/// against the two documents (routes and operationIds listed with `jq`).
#[test]
#[ignore = "needs the two 13 MB specs fetched by scripts/diff-public-spec.sh"]
fn github_22_to_23() {
    let dir = PathBuf::from(
        std::env::var("DIFF_PUBLIC_DIR").unwrap_or_else(|_| "/tmp/diff-public".into()),
    );
    let config =
        Config::parse("crate: {name: github, version: 22.0.0}\nunsupported: skip").unwrap();
    let read = |name: &str| {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}; run scripts/diff-public-spec.sh", path.display()));
        codegen::normalized(&text, name).unwrap()
    };
    let (old_doc, new_doc) = (read("22.0.0.json"), read("23.0.0.json"));
    let old = codegen::build_model(old_doc.clone(), config.clone()).unwrap();
    let new = codegen::build_model(new_doc.clone(), config).unwrap();
    let text = diff::compare(&old, &new).render("22.0.0");
    let lines: Vec<&str> = text.lines().collect();
    let count = |needle: &str| lines.iter().filter(|l| l.contains(needle)).count();

    // 40 routes gone and 155 new; three of each are one operation moved from
    // `/organizations/{org}/dependabot/...` to `/orgs/{org}/dependabot/...`.
    assert_eq!(count(": operation removed ("), 37);
    assert_eq!(count(": operation added ("), 152);
    assert_eq!(
        count("(was PATCH /organizations/{org}/dependabot/repository-access)"),
        1
    );
    // 36 optional query parameters added to existing operations, none required, none removed.
    let parameters = |what: &str| {
        let param = lines.iter().filter(|l| l.contains(": parameter `"));
        param.filter(|l| l.contains(what)).count()
    };
    assert_eq!(parameters("` added (optional)"), 36);
    assert_eq!(parameters("` added (required)"), 0);
    assert_eq!(parameters("` removed"), 0);
    assert_eq!(parameters("` became "), 0);
    for expected in [
        "breaking  teams().list_members_in_org: returns Vec<TeamMember> (was Vec<SimpleUser>)",
        "breaking  actions().create_workflow_dispatch: returns WorkflowDispatchResponse (was ())",
        "breaking  types::TagProtection: type removed",
        "breaking  types::WebhookSubIssuesSubIssueRemoved: field `sub_issue_id` became optional",
        "additive  types::Repository: field `has_pull_requests` added (optional)",
        "change: breaking (next version: 23.0.0)",
    ] {
        assert!(lines.contains(&expected), "missing {expected:?}");
    }

    // Every component object in both versions: the fields the report adds and
    // removes are exactly the properties the documents add and remove.
    let mut checked = 0;
    for def in &new.types.defs {
        let Some(key) = def.pointer.strip_prefix("#/components/schemas/") else {
            continue;
        };
        let properties = |doc: &serde_json::Value| -> Option<Vec<String>> {
            let schema = doc.pointer(&format!("/components/schemas/{key}"))?;
            let props = schema.get("properties")?.as_object()?;
            Some(props.keys().cloned().collect())
        };
        let (Some(before), Some(after)) = (properties(&old_doc), properties(&new_doc)) else {
            continue;
        };
        let field_lines = |what: &str| {
            let prefix = format!("types::{}: field `", def.name);
            lines
                .iter()
                .filter(|l| l.contains(&prefix) && l.contains(what))
                .count()
        };
        let added = after.iter().filter(|p| !before.contains(p)).count();
        let removed = before.iter().filter(|p| !after.contains(p)).count();
        assert_eq!(
            (field_lines("` added ("), field_lines("` removed")),
            (added, removed),
            "{}",
            def.name
        );
        checked += 1;
    }
    assert!(checked > 700, "only {checked} objects compared");
}
