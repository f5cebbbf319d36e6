//! Behaviour of generated code, tested in the generated crates themselves:
//! each fixture spec in `tests/fixtures/` listed here is generated into a
//! throwaway cargo workspace (sharing the repository's target directory and
//! lock file) together with the test file of the same name in
//! `codegen/tests/generated_behaviour/`, and `cargo test` runs them there.
//! Tagged unions decoding by their discriminator, integer enums, union and
//! array parameters on the wire, each operation reaching its own server,
//! what a crate generated from a Swagger 2.0 spec sends, and credentials
//! are checked this way: a test file may leave the body of a function to
//! the README's quick start (see [`QUICK_START`]), so the builder chain the
//! README shows is compiled and run against a local server.

use std::path::{Path, PathBuf};

mod scratch;
use scratch::write_if_changed;

/// The fixtures whose generated crate has its own tests.
const CRATES: &[&str] = &[
    "array_path_param",
    "credentials_implied_header",
    "credentials_never_required",
    "credentials_shared",
    "discriminator",
    "integer_enum",
    "servers",
    "union_params",
    "swagger2_petstore",
];

/// The line of a test file that the harness replaces with the generated
/// README's quick-start builder chain, pointed at `base_url` (a `String` in
/// scope), followed by `Ok(client)`.
const QUICK_START: &str = "    // README quick start\n";

/// The quick start's `let client = Client::builder()...build()?;`, with
/// `.base_url(base_url)` added, and `Ok(client)`.
fn quick_start_body(readme: &str) -> String {
    let start = readme.find("## Quick start").expect("a quick start");
    let rest = &readme[start..];
    let from = rest
        .find("let client = Client::builder()")
        .expect("the quick start builds a client");
    let len = rest[from..]
        .find(".build()?;")
        .expect("the chain ends in build")
        + ".build()?;".len();
    let chain = rest[from..from + len].replacen(
        "Client::builder()",
        "Client::builder()\n        .base_url(base_url)",
        1,
    );
    format!("    {chain}\n    Ok(client)\n")
}

/// What the tests need beyond the generated crate's own `[dev-dependencies]`
/// (which has tokio); in the lock file already.
const DEV_DEPENDENCIES: &str = "wiremock = \"0.6\"\n";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn generated_crates_pass_their_tests() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-behaviour");
    let members: Vec<String> = CRATES.iter().map(|n| format!("{n:?}")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev.package.\"*\"]\ndebug = false\n",
        members.join(", ")
    );
    write_if_changed(&root.join("Cargo.toml"), &manifest);
    let lock = std::fs::read_to_string(repo().join("Cargo.lock")).expect("read Cargo.lock");
    write_if_changed(&root.join("Cargo.lock"), &lock);
    for name in CRATES {
        let spec = repo().join(format!("tests/fixtures/{name}.yaml"));
        let text = std::fs::read_to_string(&spec).unwrap_or_else(|e| panic!("{spec:?}: {e}"));
        let config = codegen::Config::parse(&format!("crate: {{name: {name}, version: 0.1.0}}"))
            .expect("fixture config parses");
        let files = codegen::generate_from_str(&text, name, config)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let dir = root.join(name);
        for (path, contents) in &files.files {
            let contents = if path == "Cargo.toml" {
                contents.replacen(
                    "[dev-dependencies]\n",
                    &format!("[dev-dependencies]\n{DEV_DEPENDENCIES}"),
                    1,
                )
            } else {
                contents.clone()
            };
            write_if_changed(&dir.join(path), &contents);
        }
        let tests = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/generated_behaviour/{name}.rs"));
        let mut tests =
            std::fs::read_to_string(&tests).unwrap_or_else(|e| panic!("{tests:?}: {e}"));
        if tests.contains(QUICK_START) {
            let readme = &files.files["README.md"];
            tests = tests.replace(QUICK_START, &quick_start_body(readme));
        }
        write_if_changed(&dir.join("tests/behaviour.rs"), &tests);
    }
    // Only the behaviour tests: the runtime's own tests run in its crate. The
    // tests round-trip response types, which serialize with the `serialize`
    // feature, and use the `mock` feature's server.
    let features: Vec<String> = CRATES
        .iter()
        .flat_map(|n| [format!("{n}/serialize"), format!("{n}/mock")])
        .collect();
    let features = features.join(",");
    let output = scratch::cargo(
        &[
            "test",
            "--workspace",
            "--test",
            "behaviour",
            "--features",
            &features,
        ],
        &root.join("Cargo.toml"),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the generated crates' tests fail ({}):\n{stdout}\n{stderr}",
        root.display()
    );
    // Every listed crate ran its tests, and each ran some (none would prove nothing).
    let ran = stderr.matches("Running tests/behaviour.rs").count();
    let empty = stdout.matches("test result: ok. 0 passed").count();
    assert!(
        ran == CRATES.len() && empty == 0,
        "expected tests in each of {} crates, saw {ran} runs, {empty} empty:\n{stdout}\n{stderr}",
        CRATES.len()
    );
}
