//! The recorder against a small hand-written spec, as a generated crate
//! writes it: each kind of departure, counts, bounds, secrets and sinks.

use std::sync::{Arc, Mutex};

use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use serde_json::json;

use super::shape::{Def, DefKind, Field, Media, Op, Resp, Spec, Ty};
use super::{Active, DriftKind, DriftRecord, DriftRecorder};

static SPEC: Spec = Spec {
    operations: &[Op {
        id: "callsGet",
        pointer: "/paths/~1calls~1{id}/get",
        responses: &[
            Resp {
                status: "200",
                content: &[Media {
                    media_type: "application/json",
                    body: Some(Ty::Named(0)),
                }],
            },
            Resp {
                status: "404",
                content: &[],
            },
        ],
    }],
    types: &[
        Def {
            pointer: "/components/schemas/Call",
            kind: DefKind::Object {
                fields: &[
                    Field {
                        name: "id",
                        ty: Ty::Integer,
                        nullable: false,
                        secret: false,
                    },
                    Field {
                        name: "status",
                        ty: Ty::Named(1),
                        nullable: false,
                        secret: false,
                    },
                    Field {
                        name: "started",
                        ty: Ty::String(Some("date-time")),
                        nullable: false,
                        secret: false,
                    },
                    Field {
                        name: "legs",
                        ty: Ty::List(&Ty::Named(2)),
                        nullable: true,
                        secret: false,
                    },
                    Field {
                        name: "pin",
                        ty: Ty::Named(1),
                        nullable: false,
                        secret: true,
                    },
                ],
                additional: None,
            },
        },
        Def {
            pointer: "/components/schemas/CallStatus",
            kind: DefKind::Enum(&["ringing", "answered"]),
        },
        Def {
            pointer: "/components/schemas/Leg",
            kind: DefKind::Object {
                fields: &[Field {
                    name: "to",
                    ty: Ty::String(None),
                    nullable: false,
                    secret: false,
                }],
                additional: None,
            },
        },
    ],
};

fn json_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    let json = HeaderValue::from_static("application/json; charset=utf-8");
    headers.insert(CONTENT_TYPE, json);
    headers
}

/// A recorder collecting what it delivers, and the client side of it.
fn collecting() -> (Active, Arc<Mutex<Vec<DriftRecord>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let recorder = DriftRecorder::callback(move |r| sink.lock().unwrap().push(r.clone()));
    let active = Active {
        recorder,
        spec: &SPEC,
    };
    (active, seen)
}

fn observe(active: &Active, status: u16, body: serde_json::Value) {
    let body = body.to_string();
    active.observe(
        "callsGet",
        status,
        &json_headers(),
        body.as_bytes(),
        &["s3cr3t".into()],
    );
}

#[test]
fn a_response_that_fits_its_spec_records_nothing() {
    let (active, seen) = collecting();
    observe(
        &active,
        200,
        json!({"id": 1, "status": "ringing", "started": "2024-05-01T10:00:00Z", "legs": null}),
    );
    active.recorder.flush();
    assert!(seen.lock().unwrap().is_empty());
}

#[test]
fn each_kind_of_departure_is_recorded_where_it_is() {
    let (active, seen) = collecting();
    observe(
        &active,
        200,
        json!({
            "id": "42",
            "status": "transferred",
            "started": "2024-05-01",
            "legs": [{"to": null, "carrier": {"name": "x"}}],
            "region": "eu",
        }),
    );
    let seen = seen.lock().unwrap();
    let find = |kind| {
        seen.iter()
            .find(|r| r.kind == kind)
            .unwrap_or_else(|| panic!("no {kind:?} in {seen:#?}"))
    };

    let r = find(DriftKind::TypeMismatch);
    assert_eq!(r.schema, "/components/schemas/Call/properties/id");
    assert_eq!(r.at.as_deref(), Some("/id"));
    assert_eq!(r.expected, Some(json!({"type": "integer"})));
    assert_eq!(r.observed, Some(json!({"type": "string"})));

    let r = find(DriftKind::UnlistedEnumValue);
    assert_eq!(r.schema, "/components/schemas/CallStatus");
    assert_eq!(r.value, Some(json!("transferred")));

    let r = find(DriftKind::FormatMismatch);
    assert_eq!(
        r.observed,
        Some(json!({"type": "string", "format": "date"}))
    );

    let r = find(DriftKind::UnexpectedNull);
    assert_eq!(r.schema, "/components/schemas/Leg/properties/to");
    assert_eq!(r.at.as_deref(), Some("/legs/*/to"));

    let undeclared: Vec<_> = seen
        .iter()
        .filter(|r| r.kind == DriftKind::UndeclaredProperty)
        .collect();
    assert_eq!(undeclared.len(), 2);
    let carrier = undeclared
        .iter()
        .find(|r| r.property.as_deref() == Some("carrier"))
        .unwrap();
    assert_eq!(carrier.schema, "/components/schemas/Leg");
    assert_eq!(
        carrier.observed,
        Some(json!({"type": "object", "properties": {"name": {"type": "string"}}}))
    );
    assert!(seen
        .iter()
        .all(|r| r.operation == "callsGet" && r.status == 200));
    assert_eq!(seen[0].content_type.as_deref(), Some("application/json"));
}

#[test]
fn statuses_and_media_types_the_operation_does_not_declare() {
    let (active, seen) = collecting();
    observe(&active, 409, json!({"error": "busy"}));
    observe(&active, 404, json!({"error": "gone"}));
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].kind, DriftKind::UndeclaredStatus);
    assert_eq!(seen[0].schema, "/paths/~1calls~1{id}/get/responses");
    assert_eq!(
        seen[0].observed,
        Some(json!({"type": "object", "properties": {"error": {"type": "string"}}}))
    );
    assert_eq!(seen[1].kind, DriftKind::UndeclaredContentType);
    assert_eq!(seen[1].schema, "/paths/~1calls~1{id}/get/responses/404");
}

#[test]
fn repeats_are_counted_and_delivered_on_flush_so_counts_add_up() {
    let (active, seen) = collecting();
    let items: Vec<_> = (0..5).map(|_| json!({"to": "+1", "extra": 1})).collect();
    observe(
        &active,
        200,
        json!({"id": 1, "status": "ringing", "started": "2024-05-01T10:00:00Z", "legs": items}),
    );
    observe(
        &active,
        200,
        json!({"id": 2, "status": "ringing", "started": "2024-05-01T10:00:00Z", "legs": [{"to": "+1", "extra": 2}]}),
    );
    assert_eq!(active.recorder.places(), 1);
    active.recorder.flush();
    active.recorder.flush();
    let seen = seen.lock().unwrap();
    let counts: Vec<u64> = seen.iter().map(|r| r.count).collect();
    // First sighting: the 5 of one response; the flush: the one since.
    assert_eq!(counts, [5, 1]);
}

#[test]
fn secrets_are_never_recorded() {
    let (active, seen) = collecting();
    observe(
        &active,
        200,
        json!({"id": 1, "status": "s3cr3t", "started": "2024-05-01T10:00:00Z", "pin": "4711"}),
    );
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    assert!(
        seen.iter().all(|r| r.redacted && r.value.is_none()),
        "{seen:#?}"
    );
    let log = serde_json::to_string(&*seen).unwrap();
    assert!(!log.contains("4711") && !log.contains("s3cr3t"));
}

#[test]
fn the_recorder_keeps_a_bounded_number_of_places() {
    let (active, seen) = collecting();
    let active = Active {
        recorder: active.recorder.max_places(3),
        ..active
    };
    let mut body = serde_json::Map::new();
    for i in 0..10 {
        body.insert(format!("k{i}"), json!(i));
    }
    observe(&active, 200, body.into());
    assert_eq!(active.recorder.places(), 3);
    // A missing required field is the decoder's to report, not drift.
    assert_eq!(active.recorder.dropped(), 7);
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[test]
fn a_json_lines_log_has_one_record_per_line() {
    let dir = std::env::temp_dir().join(format!("drift-log-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("drift.jsonl");
    let _ = std::fs::remove_file(&path);
    {
        let active = Active {
            recorder: DriftRecorder::json_lines(&path).unwrap(),
            spec: &SPEC,
        };
        observe(
            &active,
            200,
            json!({"id": 1, "status": "ringing", "started": "2024-05-01T10:00:00Z", "x": true}),
        );
        observe(
            &active,
            200,
            json!({"id": 1, "status": "ringing", "started": "2024-05-01T10:00:00Z", "x": false}),
        );
    } // dropped: flushed
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["kind"], "undeclared_property");
    assert_eq!(lines[0]["property"], "x");
    assert_eq!(lines[0]["operation_pointer"], "/paths/~1calls~1{id}/get");
    assert_eq!(
        lines
            .iter()
            .map(|l| l["count"].as_u64().unwrap())
            .sum::<u64>(),
        2
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// What the check costs per response, beside parsing the body alone:
/// `cargo test -p codegen-runtime --release --lib check_cost -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn check_cost() {
    let (active, _) = collecting();
    // As large as a typical object of a telephony API: a dozen properties.
    let body = json!({"id": 1, "status": "ringing", "started": "2024-05-01T10:00:00Z",
        "legs": [{"to": "+15551234567"}, {"to": "+15557654321"}, {"to": "+15550000000"},
                 {"to": "+15551111111"}, {"to": "+15552222222"}, {"to": "+15553333333"}],
        "region": "eu"})
    .to_string();
    let headers = json_headers();
    let rounds = 200_000;
    let started = std::time::Instant::now();
    for _ in 0..rounds {
        active.observe("callsGet", 200, &headers, body.as_bytes(), &[]);
    }
    let check = started.elapsed().as_nanos() / rounds;
    let started = std::time::Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(serde_json::from_slice::<serde_json::Value>(body.as_bytes()).ok());
    }
    let parse = started.elapsed().as_nanos() / rounds;
    let fits = body.replace(r#","region":"eu""#, "");
    let started = std::time::Instant::now();
    for _ in 0..rounds {
        active.observe("callsGet", 200, &headers, fits.as_bytes(), &[]);
    }
    let clean = started.elapsed().as_nanos() / rounds;
    println!("check {check} ns per response with one departure, {clean} ns without; parsing into a Value {parse} ns");
}

/// [`check_cost`] for the per-call benchmark's body and schema: a number's
/// details in a success envelope, with one undeclared property.
#[test]
#[ignore = "a measurement, not a check"]
fn check_cost_of_the_per_call_body() {
    const fn field(name: &'static str, ty: Ty, nullable: bool) -> Field {
        Field {
            name,
            ty,
            nullable,
            secret: false,
        }
    }
    static NUMBERS: Spec = Spec {
        operations: &[Op {
            id: "numbersGet",
            pointer: "/paths/~1v2.2~1numbers~1{number}/get",
            responses: &[Resp {
                status: "200",
                content: &[Media {
                    media_type: "application/json",
                    body: Some(Ty::Named(0)),
                }],
            }],
        }],
        types: &[
            Def {
                pointer: "/components/schemas/numberDetailResponse",
                kind: DefKind::Object {
                    fields: &[
                        field("data", Ty::Named(1), false),
                        field("status", Ty::Named(2), false),
                    ],
                    additional: None,
                },
            },
            Def {
                pointer: "/components/schemas/numberDetail",
                kind: DefKind::Object {
                    fields: &[
                        field("carrier", Ty::Integer, false),
                        field("cnam", Ty::Boolean, false),
                        field("faxEnabled", Ty::Boolean, false),
                        field("forward", Ty::Boolean, false),
                        field("forwardTo", Ty::String(None), true),
                        field("gateway", Ty::String(None), true),
                        field("number", Ty::String(None), false),
                        field("route", Ty::Integer, false),
                        field("smsEnabled", Ty::Boolean, false),
                        field("translated", Ty::String(None), false),
                    ],
                    additional: None,
                },
            },
            Def {
                pointer: "/components/schemas/numberDetailResponse/properties/status",
                kind: DefKind::Enum(&["success"]),
            },
        ],
    };
    let body = r#"{"data": {"route": 1000, "carrier": 0, "faxEnabled": true, "gateway": "203.0.113.10:5060", "translated": "2015551234", "forward": true, "forwardTo": "example", "number": "2015551234", "smsEnabled": true, "cnam": true, "portingState": "none"}, "status": "success"}"#;
    let active = Active {
        recorder: DriftRecorder::callback(|r| {
            std::hint::black_box(r);
        }),
        spec: &NUMBERS,
    };
    let headers = json_headers();
    let rounds = 200_000;
    let started = std::time::Instant::now();
    for _ in 0..rounds {
        active.observe(
            "numbersGet",
            200,
            &headers,
            body.as_bytes(),
            &["bench-key".into()],
        );
    }
    let check = started.elapsed().as_nanos() / rounds;
    assert_eq!(active.recorder.places(), 1);
    println!("check {check} ns per response");
}
