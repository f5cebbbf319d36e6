//! Snapshots of generated code: the whole VoiceTel crate, and one small
//! fixture spec per construct so a reviewer sees how each maps to Rust.
//! Review changes with `cargo insta review`.

use workspace_tests::{fixture_config, generate_fixture, root};

#[test]
fn voicetel_crate() {
    let spec = root().join("spec/voicetel.yaml");
    let files = codegen::generate(&spec, None).expect("the VoiceTel spec generates");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (path, contents) in &files.files {
            // The runtime is copied verbatim and tested in its own crate.
            if path.starts_with("runtime/src/") {
                continue;
            }
            insta::assert_snapshot!(format!("voicetel__{}", path.replace('/', "__")), contents);
        }
    });
}

#[test]
fn generation_is_deterministic() {
    let spec = root().join("spec/voicetel.yaml");
    let a = codegen::generate(&spec, None).unwrap();
    let b = codegen::generate(&spec, None).unwrap();
    assert_eq!(a, b);
}

#[test]
fn fixtures() {
    let dir = root().join("tests/fixtures");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for path in entries
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        {
            let name = path
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .replace('-', "_");
            let text = std::fs::read_to_string(path).unwrap();
            let rendered = match generate_fixture(&name, &text) {
                Ok(files) => {
                    // What the generator said about the spec comes first.
                    let notes = codegen::generate_from_str(&text, &name, fixture_config(&name))
                        .map(|f| f.notes)
                        .unwrap_or_default()
                        .iter()
                        .map(|n| format!("note: {n}\n"))
                        .collect::<String>();
                    notes
                        + &files
                            .iter()
                            .filter(|(p, _)| p.ends_with(".rs") && p != "src/lib.rs")
                            .map(|(p, c)| format!("=== {p}\n{c}"))
                            .collect::<String>()
                }
                Err(e) => format!("error: {e}\n"),
            };
            insta::assert_snapshot!(format!("fixture__{name}"), rendered);
        }
    });
}
