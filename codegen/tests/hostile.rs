//! Hostile and odd specs: one small fixture per construct in
//! `tests/fixtures/hostile/`. Each either generates a crate that compiles
//! (checked all at once, in one throwaway cargo workspace that shares the
//! repository's target directory) or fails with an error that names the
//! construct and its JSON pointer. The `types.rs` of every crate that
//! generates is snapshotted, so a reviewer sees how each construct maps.

use std::path::{Path, PathBuf};

mod scratch;
use scratch::write_if_changed;

/// What a fixture must do.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Generates a crate that `cargo check`s.
    Compiles,
    /// Fails; the message contains the pointer and every one of the words.
    Fails {
        pointer: &'static str,
        words: &'static [&'static str],
    },
}

use Expect::{Compiles, Fails};

/// Every fixture and its expected outcome. A new fixture must be listed here.
const FIXTURES: &[(&str, Expect)] = &[
    ("additional_properties", Compiles),
    ("all_of", Compiles),
    ("all_of_not_recursive", Compiles),
    ("all_of_wrap", Compiles),
    ("array_alias_validation", Compiles),
    ("callbacks", Compiles),
    ("case_collision", Compiles),
    ("cookie_param", Compiles),
    (
        "deep_nesting",
        Fails {
            // 20 levels of `items` below the schema.
            pointer: "#/components/schemas/Deep/items/items/items/items/items/items/items/items/items/items/items/items/items/items/items/items/items/items/items/items",
            words: &["nested more than 20 levels deep"],
        },
    ),
    ("deprecated_everything", Compiles),
    ("digits_symbols", Compiles),
    (
        "discriminator_missing_mapping",
        Fails {
            pointer: "#/components/schemas/Pet/discriminator/mapping/dog",
            words: &["#/components/schemas/Dog", "points to no schema"],
        },
    ),
    ("empty_descriptions", Compiles),
    ("empty_schema", Compiles),
    ("enum_values", Compiles),
    ("error_responses", Compiles),
    ("form_body", Compiles),
    ("multipart_body", Compiles),
    ("free_form", Compiles),
    ("html_descriptions", Compiles),
    ("keywords", Compiles),
    (
        "missing_ref",
        Fails {
            pointer: "#/components/schemas/Holder/properties/items/items",
            words: &["#/components/schemas/Nowhere", "points to no schema"],
        },
    ),
    ("mutual_recursion", Compiles),
    ("no_operation_id", Compiles),
    ("non_ascii", Compiles),
    ("nullable_ref_30", Compiles),
    ("nullable_ref_31", Compiles),
    (
        "nullable_self_ref",
        Fails {
            pointer: "#/components/schemas/Maybe",
            words: &["`$ref` cycle", "Maybe"],
        },
    ),
    (
        "param_content",
        Fails {
            pointer: "#/paths/~1search/get/parameters/0/content",
            words: &["`content`", "structured schema"],
        },
    ),
    ("recursive", Compiles),
    (
        "param_array_of_objects",
        Fails {
            pointer: "#/paths/~1p/get/parameters",
            words: &["filters", "arrays of objects"],
        },
    ),
    (
        "param_object_header",
        Fails {
            pointer: "#/paths/~1p/get/parameters/0/schema",
            words: &["X-Obj", "query only"],
        },
    ),
    ("one_of_beside_properties", Compiles),
    ("param_shapes", Compiles),
    (
        "path_braces",
        Fails {
            pointer: "#/paths/~1a~1{id}}~1b",
            words: &["path template", "does not enclose a parameter name"],
        },
    ),
    ("path_undeclared", Compiles),
    (
        "recursive_all_of",
        Fails {
            pointer: "#/components/schemas/Dog/properties/puppy",
            words: &["recursive merge", "#/components/schemas/Dog"],
        },
    ),
    (
        "recursive_all_of_mutual",
        Fails {
            pointer: "#/components/schemas/Kitten/properties/mother",
            words: &["recursive merge", "#/components/schemas/Cat"],
        },
    ),
    ("recursive_alias", Compiles),
    (
        "ref_to_nothing",
        Fails {
            pointer: "#/paths/~1balance/get/responses/200/content/application~1json/$ref",
            words: &["#/components/mediaTypes/balance", "points to nothing"],
        },
    ),
    ("reserved_names", Compiles),
    (
        "ref_cycle",
        Fails {
            pointer: "#/components/schemas/A",
            words: &["`$ref` cycle", "A → B → A"],
        },
    ),
    (
        "self_ref",
        Fails {
            pointer: "#/components/schemas/Loop",
            words: &["`$ref` cycle", "Loop → Loop"],
        },
    ),
    (
        "self_union",
        Fails {
            pointer: "#/components/schemas/Only",
            words: &["every alternative is the schema itself"],
        },
    ),
    ("swagger2", Compiles),
    ("streams_odd", Compiles),
    ("union_same_types", Compiles),
    (
        "union_cycle",
        Fails {
            pointer: "#/components/schemas/U1",
            words: &["lead back to the union", "#/components/schemas/U2"],
        },
    ),
    ("webhooks_only", Compiles),
];

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/hostile")
}

fn fixture_text(name: &str) -> String {
    let path = fixture_dir().join(format!("{name}.yaml"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn generate(name: &str) -> codegen::Result<codegen::Files> {
    let config = codegen::Config::parse(&format!("crate: {{name: {name}, version: 0.1.0}}"))
        .expect("fixture config parses");
    codegen::generate_from_str(&fixture_text(name), name, config)
}

/// The fixture's leading `# ...` comment: what construct it is about.
fn construct(name: &str) -> String {
    fixture_text(name)
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_fixture_has_an_expectation() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixture_dir())
        .expect("tests/fixtures/hostile exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = FIXTURES.iter().map(|(n, _)| (*n).to_owned()).collect();
    listed.sort();
    listed.dedup();
    assert_eq!(on_disk, listed, "FIXTURES must list every fixture once");
    for name in &listed {
        assert!(
            !construct(name).is_empty(),
            "{name}.yaml must start with a `#` comment naming its construct"
        );
    }
}

#[test]
fn failing_fixtures_name_the_construct_and_its_pointer() {
    let mut problems = Vec::new();
    for &(name, expect) in FIXTURES {
        let Fails { pointer, words } = expect else {
            continue;
        };
        match generate(name) {
            Ok(_) => problems.push(format!("{name}: generated, expected an error at {pointer}")),
            Err(e) => {
                let message = e.to_string();
                if !message.contains(&format!(" {pointer}:")) {
                    problems.push(format!("{name}: error lacks pointer {pointer}: {message}"));
                }
                for word in words {
                    if !message.contains(word) {
                        problems.push(format!("{name}: error lacks {word:?}: {message}"));
                    }
                }
                if matches!(e, codegen::Error::Internal(_)) {
                    problems.push(format!("{name}: internal error: {message}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The fixtures expected to compile, generated; panics with every failure at once.
fn generated_crates() -> Vec<(&'static str, codegen::Files)> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for &(name, expect) in FIXTURES {
        if !matches!(expect, Compiles) {
            continue;
        }
        match generate(name) {
            Ok(files) => out.push((name, files)),
            Err(e) => problems.push(format!("{name}: expected to generate, got: {e}")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    out
}

/// Fixtures whose construct shows in the operations more than in the types:
/// their API modules are snapshotted too.
const API_SNAPSHOTS: &[&str] = &[
    "cookie_param",
    "deprecated_everything",
    "error_responses",
    "multipart_body",
    "no_operation_id",
    "param_shapes",
    "path_undeclared",
    "streams_odd",
    "swagger2",
];

#[test]
fn generated_types_snapshots() {
    for (name, files) in generated_crates() {
        let mut settings = insta::Settings::clone_current();
        settings.set_description(construct(name));
        settings.set_omit_expression(true);
        settings.bind(|| {
            insta::assert_snapshot!(format!("{name}__types"), &files.files["src/types.rs"]);
            if API_SNAPSHOTS.contains(&name) {
                for (path, contents) in &files.files {
                    if let Some(module) = path.strip_prefix("src/apis/").filter(|m| *m != "mod.rs")
                    {
                        let module = module.trim_end_matches(".rs");
                        insta::assert_snapshot!(format!("{name}__apis__{module}"), contents);
                    }
                }
            }
        });
    }
}

/// Warnings the generated crates are known to have: (fixture, message).
/// Each is a generator bug reported to the owner of `emit`; remove it here when fixed.
const KNOWN_WARNINGS: &[(&str, &str)] = &[];

/// Writes `crates` into a cargo workspace at `root`, leaving unchanged files alone.
fn write_workspace(root: &Path, crates: &[(&str, codegen::Files)]) {
    std::fs::create_dir_all(root).expect("create the check workspace");
    let members: Vec<String> = crates.iter().map(|(n, _)| format!("{n:?}")).collect();
    // Its own `[workspace]`, so it is not taken for a member of the repository's
    // workspace; the repository's profile and lock file, so the shared target
    // directory already holds every dependency exactly as this build wants it.
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev.package.\"*\"]\ndebug = false\n",
        members.join(", ")
    );
    write_if_changed(&root.join("Cargo.toml"), &manifest);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let lock = std::fs::read_to_string(repo.join("Cargo.lock")).expect("read Cargo.lock");
    write_if_changed(&root.join("Cargo.lock"), &lock);
    for (name, files) in crates {
        let dir = root.join(name);
        let stale = files.diff(&dir).map_or(true, |changes| !changes.is_empty());
        if stale {
            // The test's own scratch folder, perhaps from before manifests.
            files
                .write_atomically(&dir, true)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}

#[test]
fn generated_crates_compile() {
    let crates = generated_crates();
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-check");
    write_workspace(&root, &crates);
    let started = std::time::Instant::now();
    let output = scratch::cargo(
        &[
            "check",
            "--workspace",
            // The `mock` and `webhooks` features generate code of their own
            // (the transport features only pick reqwest's).
            "--features",
            "mock,webhooks",
            "--message-format=json-diagnostic-rendered-ansi",
        ],
        &root.join("Cargo.toml"),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);

    // Diagnostics by generated crate, deduplicated.
    let mut diagnostics: Vec<(String, String, String, String)> = Vec::new();
    for line in stdout.lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if msg["reason"] != "compiler-message" {
            continue;
        }
        let krate = msg["target"]["name"].as_str().unwrap_or("?").to_owned();
        let level = msg["message"]["level"].as_str().unwrap_or("?").to_owned();
        let text = msg["message"]["message"].as_str().unwrap_or("?").to_owned();
        let rendered = msg["message"]["rendered"].as_str().unwrap_or("").to_owned();
        let entry = (krate, level, text, rendered);
        if !diagnostics.contains(&entry) {
            diagnostics.push(entry);
        }
    }
    let render = |items: &[&(String, String, String, String)]| {
        items
            .iter()
            .map(|(krate, _, _, rendered)| format!("[{krate}] {rendered}"))
            .collect::<String>()
    };
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.1 == "error").collect();
    assert!(
        output.status.success() && errors.is_empty(),
        "the generated crates do not compile ({}):\n{}\n{stderr}",
        root.display(),
        render(&errors)
    );
    let known = |d: &(String, String, String, String)| {
        KNOWN_WARNINGS
            .iter()
            .any(|(krate, text)| d.0 == *krate && d.2.contains(text))
    };
    let unexpected: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.1 != "error" && !d.2.starts_with("aborting") && !known(d))
        .collect();
    assert!(
        unexpected.is_empty(),
        "the generated crates compile with warnings:\n{}",
        render(&unexpected)
    );
    for (krate, text) in KNOWN_WARNINGS {
        if !diagnostics
            .iter()
            .any(|d| d.0 == *krate && d.2.contains(text))
        {
            eprintln!("known warning gone, remove it from KNOWN_WARNINGS: {krate}: {text}");
        }
    }
    println!(
        "checked {} generated crates in {:.1?}",
        crates.len(),
        started.elapsed()
    );
}

/// Descriptions written in HTML become Markdown that rustdoc renders
/// without a warning (`invalid_html_tags`, `bare_urls`, broken intra-doc
/// links, code blocks run as doctests): the fixture's crate documented.
#[test]
fn html_descriptions_document_without_warnings() {
    let name = "html_descriptions";
    let files = generate(name).expect("the fixture generates");
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-doc");
    write_workspace(&root, &[(name, files)]);
    let output = scratch::cargo(
        &["doc", "--no-deps", "--message-format=json"],
        &root.join("Cargo.toml"),
    );
    let warnings: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|msg| msg["reason"] == "compiler-message")
        .filter(|msg| {
            !msg["message"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("emitted")
        })
        .filter_map(|msg| msg["message"]["rendered"].as_str().map(str::to_owned))
        .collect();
    assert!(
        output.status.success(),
        "cargo doc failed ({}):\n{}",
        root.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        warnings.is_empty(),
        "rustdoc warns ({}):\n{}",
        root.display(),
        warnings.join("\n")
    );
}
