//! Drift, end to end on VoiceTel: the generated client records where a server
//! departs from the spec while still decoding its responses; the records
//! become an overlay (`tests/fixtures/drift/voicetel-observed.overlay.yaml`);
//! and the client generated with that overlay (`tests/clients/voicetel-drifted`,
//! which `cargo xtask codegen --check` keeps current) decodes the same
//! responses into typed fields, a change `cargo xtask diff` calls additive.
//!
//! The overlay is committed, so a change in what is recorded or derived shows
//! in review: the test fails when the derived overlay differs, and writes the
//! new one with `UPDATE_DRIFT_OVERLAY=1`.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use voicetel::{DriftRecorder, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

const OVERLAY: &str = "tests/fixtures/drift/voicetel-observed.overlay.yaml";

/// A VoiceTel that departs from its spec the way real servers do, in ways the
/// client survives: properties the spec never declares (a string and an
/// object), `null` for a boolean, a date where a date-time is declared, a
/// status the operation does not declare.
async fn departing_server() -> MockServer {
    let server = MockServer::start().await;
    let answer = |status: u16, body: Value| ResponseTemplate::new(status).set_body_json(body);
    Mock::given(method("GET"))
        .and(path("/v2.2/numbers/2015551234"))
        .respond_with(answer(
            200,
            json!({"status": "success", "data": {
                "number": "2015551234", "route": 7, "cnam": null,
                "carrierName": "Lumen",
                "porting": {"state": "pending", "due": "2025-01-10"},
            }}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2.2/numbers/2015559999"))
        .respond_with(answer(
            409,
            json!({"status": "error", "error": {"code": "locked", "message": "the number is being ported"}}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2.2/account"))
        .respond_with(answer(
            200,
            json!({"status": "success", "data": {"name": "Acme", "created": "2024-05-01"}}),
        ))
        .mount(&server)
        .await;
    server
}

/// Calls the departing server with the VoiceTel client recording drift into
/// `log`, checking it decodes what it did before.
async fn record(server: &MockServer, log: &Path) {
    let recorder = DriftRecorder::json_lines(log).unwrap();
    let client = voicetel::Client::builder()
        .base_url(server.uri())
        .bearer_token("key-123")
        .record_drift(recorder.clone())
        .build()
        .unwrap();
    for _ in 0..2 {
        let detail = client.numbers().get("2015551234").await.unwrap();
        assert_eq!(detail.route, Some(7));
        assert_eq!(detail.cnam, None);
    }
    let locked = client.numbers().get("2015559999").await;
    assert!(matches!(locked, Err(Error::Api(e)) if e.status == 409));
    let account = client.account().get().await.unwrap();
    assert_eq!(account.created.as_deref(), Some("2024-05-01"));
    recorder.flush();
}

#[tokio::test]
async fn recorded_drift_becomes_an_overlay_that_types_what_the_server_sends() {
    let server = departing_server().await;
    let dir = std::env::temp_dir().join(format!("drift-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("drift.jsonl");
    let _ = std::fs::remove_file(&log);
    record(&server, &log).await;

    // What was recorded: one line per place and delivery, counts adding up.
    let lines: Vec<Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let count = |kind: &str, property: Option<&str>| -> u64 {
        lines
            .iter()
            .filter(|l| l["kind"] == kind && property.is_none_or(|p| l["property"] == p))
            .map(|l| l["count"].as_u64().unwrap())
            .sum()
    };
    assert_eq!(
        count("undeclared_property", Some("carrierName")),
        2,
        "{lines:#?}"
    );
    assert_eq!(count("undeclared_property", Some("porting")), 2);
    assert_eq!(count("unexpected_null", None), 2);
    assert_eq!(count("format_mismatch", None), 1);
    assert_eq!(count("undeclared_status", None), 1);
    assert!(
        !std::fs::read_to_string(&log).unwrap().contains("Lumen"),
        "a record carries no value of the response"
    );

    // The overlay those records give, against the committed one.
    let spec = root().join("spec/voicetel.yaml");
    let drift = codegen::drift::from_files(&spec, None, &[], &[log]).unwrap();
    let committed = root().join(OVERLAY);
    if std::env::var_os("UPDATE_DRIFT_OVERLAY").is_some() {
        std::fs::write(&committed, &drift.overlay).unwrap();
    }
    let expected = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        drift.overlay == expected,
        "the overlay derived from the recorded drift differs from {OVERLAY}; review, then \
         write it with UPDATE_DRIFT_OVERLAY=1 cargo test -p workspace-tests --test drift_overlay \
         and regenerate (cargo xtask codegen):\n{}",
        drift.overlay
    );
    std::fs::remove_dir_all(&dir).unwrap();

    // The client generated with it reads what was undeclared into typed fields.
    let client = voicetel_drifted::Client::builder()
        .base_url(server.uri())
        .bearer_token("key-123")
        .build()
        .unwrap();
    let detail = client.numbers().get("2015551234").await.unwrap();
    let carrier: Option<String> = detail.carrier_name;
    assert_eq!(carrier.as_deref(), Some("Lumen"));
    let porting = detail.porting.expect("porting, now declared");
    assert_eq!(porting.state.as_deref(), Some("pending"));
    assert_eq!(porting.due.as_deref(), Some("2025-01-10"));
    // The status the spec did not declare is now one of the operation's typed errors.
    let locked = client.numbers().get("2015559999").await.unwrap_err();
    let typed = locked.typed::<voicetel_drifted::apis::numbers::NumbersGetError>();
    let Some(voicetel_drifted::apis::numbers::NumbersGetError::Status409(body)) = typed else {
        panic!("409 is not typed: {locked:?}");
    };
    let error = body.error.expect("the error object");
    assert_eq!(error.code.as_deref(), Some("locked"));

    // And the change to the spec adds to the API, breaking nothing.
    let text = std::fs::read_to_string(&spec).unwrap();
    let origin = spec.display().to_string();
    let old = codegen::normalized(&text, &origin).unwrap();
    let new = codegen::normalized_with_overlays(&text, &origin, &[committed]).unwrap();
    let config = codegen::config_for(&spec, None).unwrap();
    let report = codegen::diff::between(old, new, config).unwrap();
    assert!(
        report.ends_with("change: additive (next version: 0.1.1)\n"),
        "{report}"
    );
    assert!(report.contains("carrier_name"), "{report}");
}
