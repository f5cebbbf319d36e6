//! The tag features of a generated crate compile in every combination that
//! matters, with no warning: each tag alone, none, all (the default), each
//! with and without `mock` and `webhooks`. The fixture
//! (`tests/fixtures/tag_features.yaml`) is generated once and copied into a
//! throwaway cargo workspace (sharing the repository's target directory), one
//! member per combination, its package renamed and its `default` features set
//! to the combination, so one `cargo check` checks them all at once. None
//! turns on `patterns`, so this also checks the runtime without its regex
//! engine (features are unified across the members, which share one runtime).

use std::path::Path;

mod scratch;
use scratch::write_if_changed;

const NAME: &str = "tag_features";

/// The fixture's tag features (its `Cargo.toml` is checked to list exactly these).
const TAGS: &[&str] = &["numbers", "messaging", "billing", "default-api"];

/// Every combination to check: a member name and its features.
fn combinations() -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for extra in [&[][..], &["mock", "webhooks"]] {
        let suffix = if extra.is_empty() { "" } else { "_mock" };
        let with = |features: &[&str]| -> Vec<String> {
            ["rustls-tls"]
                .iter()
                .chain(features)
                .chain(extra)
                .map(|f| (*f).to_owned())
                .collect()
        };
        out.push((format!("none{suffix}"), with(&[])));
        out.push((format!("all{suffix}"), with(&["all-apis"])));
        for tag in TAGS {
            out.push((format!("{}{suffix}", tag.replace('-', "_")), with(&[tag])));
        }
    }
    out
}

#[test]
fn every_tag_feature_combination_compiles_without_warnings() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = std::fs::read_to_string(repo.join(format!("tests/fixtures/{NAME}.yaml")))
        .expect("read the fixture");
    let config = codegen::Config::parse(&format!("crate: {{name: {NAME}, version: 0.1.0}}"))
        .expect("fixture config parses");
    let files = codegen::generate_from_str(&spec, NAME, config).expect("the fixture generates");
    let manifest = &files.files["Cargo.toml"];
    let default = "default = [\"rustls-tls\", \"patterns\", \"all-apis\"]\n";
    assert!(manifest.contains(default), "{manifest}");
    let all = TAGS
        .iter()
        .map(|t| format!("{t:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    assert!(
        manifest.contains(&format!("\nall-apis = [{all}]\n")),
        "{manifest}"
    );

    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tag-features");
    let combinations = combinations();
    let members: Vec<String> = combinations.iter().map(|(m, _)| format!("{m:?}")).collect();
    // Its own `[workspace]`, the repository's profile and lock file, so the
    // shared target directory already holds every dependency as this build wants it.
    let workspace = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev.package.\"*\"]\ndebug = false\n",
        members.join(", ")
    );
    write_if_changed(&root.join("Cargo.toml"), &workspace);
    let lock = std::fs::read_to_string(repo.join("Cargo.lock")).expect("read Cargo.lock");
    write_if_changed(&root.join("Cargo.lock"), &lock);
    // One runtime crate for all combinations (its name must be unique in the workspace).
    for (path, contents) in &files.files {
        if path.starts_with("runtime/") {
            write_if_changed(&root.join(path), contents);
        }
    }
    for (member, features) in &combinations {
        let features: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
        for (path, contents) in &files.files {
            if path.starts_with("runtime/") {
                continue;
            }
            let contents = if path == "Cargo.toml" {
                contents
                    .replacen(
                        &format!("name = \"{NAME}\""),
                        &format!("name = \"{NAME}_{member}\""),
                        1,
                    )
                    .replacen(
                        default,
                        &format!("default = [{}]\n", features.join(", ")),
                        1,
                    )
                    .replacen("path = \"runtime\"", "path = \"../runtime\"", 1)
            } else {
                contents.clone()
            };
            write_if_changed(&root.join(member).join(path), &contents);
        }
    }

    let output = scratch::cargo(
        &["check", "--workspace", "--message-format=json"],
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
        if !target.starts_with(NAME) {
            continue;
        }
        match msg["reason"].as_str() {
            Some("compiler-message") => {
                let rendered = msg["message"]["rendered"].as_str().unwrap_or("?");
                diagnostics.push(format!("[{target}] {rendered}"));
            }
            Some("compiler-artifact") if target != format!("{NAME}_runtime") => {
                checked.push(target.to_owned());
            }
            _ => {}
        }
    }
    assert!(
        output.status.success() && diagnostics.is_empty(),
        "the tag feature combinations do not compile cleanly ({}):\n{}\n{stderr}",
        root.display(),
        diagnostics.join("")
    );
    checked.sort();
    let mut expected: Vec<String> = combinations
        .iter()
        .map(|(m, _)| format!("{NAME}_{m}"))
        .collect();
    expected.sort();
    assert_eq!(checked, expected, "every combination is checked");
}
