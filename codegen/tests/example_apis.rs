//! The project's example telephony APIs generated with no config file, as a
//! new user would: what the generator infers must be what their configs
//! state, and more (a cursor that continues where an offset stops, a retry
//! hint in a 429 body).

use serde_json::Value;

fn report(stem: &str) -> (codegen::Files, Value) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../spec/examples")
        .join(format!("{stem}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    let files = codegen::generate_from_str(
        &text,
        &path.display().to_string(),
        codegen::Config::without_file(),
    )
    .unwrap_or_else(|e| panic!("{stem}: {e}"));
    let report = serde_json::from_str(&files.files[codegen::emit::inference::PATH]).unwrap();
    (files, report)
}

/// Voiso's CDR list offers `limit`/`offset` and a cursor; offsets stop at
/// 10,000 records, the cursor goes on, and the page names the next cursor.
#[test]
fn a_cursor_beside_an_offset_pages_by_the_cursor() {
    let (_, report) = report("contact-center-cdrs");
    let op = &report["operations"][0];
    let p = &op["pagination"];
    assert_eq!(p["style"], "cursor", "{op}");
    assert_eq!(p["param"], "cursor");
    assert_eq!(p["next"], "/metadata/next_cursor");
    assert_eq!(p["source"], "inferred");
    assert!(
        p["note"]
            .as_str()
            .unwrap()
            .contains("item offsets in `offset`"),
        "{op}"
    );
}

/// CareCycle's 429 body carries `retryAfter`: the client waits that long
/// when no `Retry-After` header says otherwise, with no config saying so.
#[test]
fn a_retry_hint_in_a_429_body_is_found() {
    let (files, report) = report("carecycle-calls");
    assert_eq!(
        report["errors"]["retry_after"][0], "/retryAfter",
        "{report}"
    );
    assert!(
        files.files["src/client.rs"].contains("retry_after_pointers: &[\"/retryAfter\"]"),
        "{}",
        files.files["src/client.rs"]
    );
    // And its `page`/`limit` list with `nextPage`, as its config states.
    let p = &report["operations"][0]["pagination"];
    assert_eq!(
        (p["style"].as_str(), p["param"].as_str(), p["next"].as_str()),
        (Some("page"), Some("page"), Some("/nextPage"))
    );
}
