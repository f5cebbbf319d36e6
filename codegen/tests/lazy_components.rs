//! A component schema with an unsupported construct costs the operations that
//! use it (under `unsupported: skip`), not the spec; by default it still stops
//! generation with the construct's pointer. Fixture:
//! `tests/fixtures/lazy_component_failure.yaml` (its snapshot shows the default).

use std::path::Path;

fn fixture() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/lazy_component_failure.yaml");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn generate(extra_config: &str) -> codegen::Result<codegen::Files> {
    let config = codegen::Config::parse(&format!(
        "crate: {{name: lazy, version: 0.1.0}}\n{extra_config}"
    ))
    .expect("config parses");
    codegen::generate_from_str(&fixture(), "lazy_component_failure", config)
}

#[test]
fn by_default_the_first_unsupported_component_stops_generation() {
    let err = generate("").expect_err("`not` is unsupported").to_string();
    assert!(
        err.contains("#/components/schemas/Lock/properties/code/not") && err.contains("`not`"),
        "{err}"
    );
}

#[test]
fn with_skip_only_the_operations_reaching_it_are_left_out() {
    let files = generate("unsupported: skip").expect("generates without the failing schemas");
    let types = &files.files["src/types.rs"];
    assert!(types.contains("pub struct Pet "), "{types}");
    for left_out in ["Cage", "Lock", "Unused"] {
        assert!(
            !types.contains(&format!(" {left_out} ")),
            "{left_out} is left out: {types}"
        );
    }
    let api = &files.files["src/apis/default.rs"];
    assert!(api.contains("pet_list"), "{api}");
    assert!(!api.contains("cage_get"), "{api}");

    let notes = files.notes.join("\n");
    // The operation's note is the construct's own error, through the schema that uses it.
    assert!(
        notes.contains("left out GET /cages (cageGet): unsupported at #/components/schemas/Lock/properties/code/not"),
        "{notes}"
    );
    assert!(notes.contains("\"Cage\" uses"), "{notes}");
    // A failing schema no operation uses is left out with a note of its own.
    assert!(
        notes.contains(
            "left out schema \"Unused\": unsupported at #/components/schemas/Unused/properties/anything/not"
        ),
        "{notes}"
    );
    assert!(!notes.contains("petList"), "{notes}");
}

#[test]
fn output_is_the_same_on_every_run() {
    let a = generate("unsupported: skip").unwrap();
    let b = generate("unsupported: skip").unwrap();
    assert_eq!(a, b);
}
