//! Tests of drift: each kind on 3.0, 3.1 and 2.0 snippets (`kinds`), and
//! here the log itself: merging, summing, order independence, wrong lines,
//! places the spec lacks, targets and the empty log.

mod kinds;

use std::path::Path;

use serde_json::{json, Value};

use super::place::{self, Step};
use super::{overlay_for, Drift, Logs};
use crate::overlay::{Applied, Overlay};

pub(super) fn spec(yaml: &str) -> Value {
    serde_yaml::from_str(yaml).unwrap()
}

pub(super) fn logs(lines: &[&str]) -> Logs {
    let mut logs = Logs::default();
    logs.add_text(&lines.join("\n"), "drift.jsonl").unwrap();
    logs
}

/// The overlay's actions, as data.
pub(super) fn actions(drift: &Drift) -> Vec<Value> {
    let doc: Value = serde_yaml::from_str(&drift.overlay).unwrap();
    doc["actions"].as_array().unwrap().clone()
}

/// The spec with the derived overlay applied by the overlay module.
pub(super) fn applied(spec: &Value, drift: &Drift) -> Value {
    let mut doc = spec.clone();
    Overlay::parse(&drift.overlay, Path::new("drift.yaml"))
        .and_then(|o| o.apply(&mut doc, &mut Applied::default()))
        .unwrap();
    doc
}

/// The spec, the overlay derived for `lines`, and the spec it makes.
pub(super) fn run(spec_yaml: &str, lines: &[&str]) -> (Value, Drift, Value) {
    let spec = spec(spec_yaml);
    let drift = overlay_for(&spec, &logs(lines)).unwrap_or_else(|e| panic!("{e}"));
    let after = applied(&spec, &drift);
    (spec, drift, after)
}

pub(super) const NUMBERS_30: &str = "
openapi: 3.0.3
info: {title: Numbers, version: 1.0.0}
paths:
  /numbers:
    get:
      operationId: numbersList
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Number'}}}}}
  /numbers/{id}:
    get:
      operationId: numbersGet
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Number'}}}}
components:
  schemas:
    Number:
      type: object
      required: [id]
      properties:
        id: {type: string}
        status: {type: string, enum: [active, ported]}
        carrier: {$ref: '#/components/schemas/Carrier'}
        rate: {type: integer, format: int32}
        activated_at: {type: string, format: date-time}
    Carrier:
      type: object
      properties: {name: {type: string}}
";

const CARRIER_LIST: &str = r#"{"kind":"undeclared_property","operation":"numbersList","schema":"/components/schemas/Number","property":"region","observed":{"type":"string"},"count":9}"#;
const CARRIER_GET: &str = r#"{"kind":"undeclared_property","operation":"numbersGet","schema":"/components/schemas/Number","property":"region","observed":{"type":"string"},"count":3}"#;
const PORTING: &str = r#"{"kind":"unlisted_enum_value","operation":"numbersGet","schema":"/components/schemas/Number/properties/status","value":"porting","count":2}"#;
const NULL_RATE: &str = r#"{"kind":"unexpected_null","operation":"numbersList","schema":"/components/schemas/Number/properties/rate","count":4}"#;

#[test]
fn records_of_one_place_sum_their_counts_and_name_every_operation() {
    let (_, drift, after) = run(NUMBERS_30, &[CARRIER_GET, CARRIER_LIST, CARRIER_GET]);
    assert_eq!(
        actions(&drift),
        [json!({
            "target": "$['components']['schemas']['Number']",
            "description": "Seen 15 times on numbersList, numbersGet: property `region` (string) not in the spec; added, optional.",
            "update": {"properties": {"region": {"type": "string"}}},
        })]
    );
    assert_eq!(
        after["components"]["schemas"]["Number"]["required"],
        json!(["id"])
    );
    assert_eq!(drift.changes, 1);
}

#[test]
fn counts_sum_across_logs() {
    let spec = spec(NUMBERS_30);
    let mut two = Logs::default();
    two.add_text(CARRIER_LIST, "a.jsonl").unwrap();
    two.add_text(&format!("{CARRIER_GET}\n\n{CARRIER_GET}\n"), "b.jsonl")
        .unwrap();
    assert_eq!((two.logs(), two.records(), two.observations()), (2, 3, 15));
    let drift = overlay_for(&spec, &two).unwrap();
    assert!(drift
        .overlay
        .contains("Seen 15 times on numbersList, numbersGet"));
    assert!(drift
        .overlay
        .contains("3 records (15 observations) in 2 logs"));
}

#[test]
fn the_overlay_is_the_same_whatever_the_order_of_lines_and_logs() {
    let spec = spec(NUMBERS_30);
    let lines = [CARRIER_LIST, PORTING, NULL_RATE, CARRIER_GET];
    let forward = {
        let mut logs = Logs::default();
        logs.add_text(&lines[..2].join("\n"), "a.jsonl").unwrap();
        logs.add_text(&lines[2..].join("\n"), "b.jsonl").unwrap();
        overlay_for(&spec, &logs).unwrap()
    };
    let backward = {
        let mut logs = Logs::default();
        let mut reversed = lines;
        reversed.reverse();
        logs.add_text(&reversed[..2].join("\n"), "b.jsonl").unwrap();
        logs.add_text(&reversed[2..].join("\n"), "a.jsonl").unwrap();
        overlay_for(&spec, &logs).unwrap()
    };
    assert_eq!(forward.overlay, backward.overlay);
    // Sorted by target: the object, then its properties in name order.
    let targets: Vec<Value> = actions(&forward)
        .iter()
        .map(|a| a["target"].clone())
        .collect();
    assert_eq!(
        targets,
        [
            "$['components']['schemas']['Number']",
            "$['components']['schemas']['Number']['properties']['rate']",
            "$['components']['schemas']['Number']['properties']['status']",
        ]
    );
}

#[test]
fn a_wrong_line_is_an_error_naming_the_file_and_line() {
    let cases = [
        ("{not json", "not a JSON drift record"),
        ("[1, 2]", "a drift record is a JSON object"),
        (
            r#"{"kind":"gone_missing","operation":"a","schema":"/a"}"#,
            "unknown kind \"gone_missing\"",
        ),
        (
            r#"{"kind":"unexpected_null","schema":"/a"}"#,
            "no `operation`",
        ),
        (
            r#"{"kind":"unexpected_null","operation":"a","schema":"components"}"#,
            "is not a JSON pointer",
        ),
        (
            r#"{"kind":"unexpected_null","operation":"a","schema":"/a","count":0}"#,
            "`count`: 0 is not a positive integer",
        ),
        (
            r#"{"kind":"undeclared_property","operation":"a","schema":"/a","property":"p"}"#,
            "needs `observed`",
        ),
        (
            r#"{"kind":"type_mismatch","operation":"a","schema":"/a","observed":{"type":"text"}}"#,
            "\"text\" is not a JSON type",
        ),
        (
            r#"{"kind":"undeclared_status","operation":"a","schema":"/a","status":"600"}"#,
            "is not an HTTP status",
        ),
    ];
    for (line, expected) in cases {
        let text = format!("{CARRIER_GET}\n\n{line}\n");
        let err = Logs::default()
            .add_text(&text, "logs/drift.jsonl")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("cannot parse logs/drift.jsonl:3: ") && err.contains(expected),
            "{line}: {err}"
        );
    }
}

#[test]
fn a_log_file_that_is_missing_or_wrong_is_named() {
    let dir = std::env::temp_dir().join(format!("drift-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let wrong = dir.join("wrong.jsonl");
    std::fs::write(&wrong, format!("{CARRIER_GET}\n{{\"kind\": 1}}\n")).unwrap();
    let mut logs = Logs::default();
    let err = logs.read(&wrong).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!("cannot parse {}:2: ", wrong.display())),
        "{err}"
    );
    assert_eq!(logs.records(), 0, "nothing of a wrong log is added");
    let err = logs.read(&dir.join("missing.jsonl")).unwrap_err();
    assert!(matches!(err, crate::Error::Io { ref path, .. } if path.ends_with("missing.jsonl")));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_place_the_spec_lacks_is_skipped_with_a_note_naming_it() {
    let gone = r#"{"kind":"unexpected_null","operation":"numbersGet","schema":"/components/schemas/Gone/properties/x","count":2}"#;
    let (_, drift, _) = run(NUMBERS_30, &[gone, PORTING]);
    assert_eq!(
        drift.notes,
        ["unexpected_null at #/components/schemas/Gone/properties/x (seen 2 times on numbersGet) changes nothing: the spec has nothing at #/components/schemas/Gone/properties/x (it changed since the recording?)"]
    );
    assert_eq!(actions(&drift).len(), 1);
    assert!(drift
        .overlay
        .contains("# Note: unexpected_null at #/components/schemas/Gone"));
}

#[test]
fn what_the_spec_already_says_changes_nothing() {
    let listed = r#"{"kind":"unlisted_enum_value","operation":"numbersGet","schema":"/components/schemas/Number/properties/status","value":"ported"}"#;
    let (_, drift, _) = run(NUMBERS_30, &[listed]);
    assert_eq!(drift.changes, 0);
    assert!(
        drift.notes[0].ends_with("changes nothing: \"ported\" is listed there now"),
        "{:?}",
        drift.notes
    );
}

#[test]
fn empty_logs_give_an_overlay_that_changes_nothing_and_says_so() {
    let spec = spec(NUMBERS_30);
    let drift = overlay_for(&spec, &logs(&[""])).unwrap();
    assert_eq!(drift.changes, 0);
    assert!(
        drift
            .overlay
            .contains("# Nothing was recorded in the drift logs."),
        "{}",
        drift.overlay
    );
    assert_eq!(
        actions(&drift),
        [
            json!({"target": "$", "description": "Nothing was recorded in the drift logs: this action changes nothing.", "update": {}})
        ]
    );
    assert_eq!(applied(&spec, &drift), spec);
    let doc: Value = serde_yaml::from_str(&drift.overlay).unwrap();
    assert_eq!(
        doc["info"],
        json!({"title": "Numbers: what its server was seen to send (derived from drift logs)", "version": "1.0.0"})
    );
}

#[test]
fn targets_are_normalized_paths_with_quotes_and_backslashes_escaped() {
    let place = [
        Step::Key("paths".into()),
        Step::Key("/it's\\here\n".into()),
        Step::Key("allOf".into()),
        Step::Index(1),
        Step::Key("\u{1}".into()),
    ];
    assert_eq!(
        place::json_path(&place),
        r"$['paths']['/it\'s\\here\n']['allOf'][1]['\u0001']"
    );
    // Through the whole command: the target selects the property named so.
    let spec_text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \"O'Brien\\\\\": {type: object, properties: {a: {type: string}}}\n";
    let line = r#"{"kind":"unexpected_null","operation":"op","schema":"/components/schemas/O'Brien\\/properties/a"}"#;
    let (_, drift, after) = run(spec_text, &[line]);
    assert_eq!(
        actions(&drift)[0]["target"],
        r"$['components']['schemas']['O\'Brien\\']['properties']['a']"
    );
    assert_eq!(
        after["components"]["schemas"]["O'Brien\\"]["properties"]["a"]["nullable"],
        true
    );
}

#[test]
fn a_pointer_through_a_ref_lands_where_the_schema_is_written() {
    // The list's items are a `$ref` to Number: the property is Number's.
    let through = r#"{"kind":"undeclared_property","operation":"numbersList","schema":"/paths/~1numbers/get/responses/200/content/application~1json/schema/items","property":"region","observed":{"type":"string"}}"#;
    let (_, drift, _) = run(NUMBERS_30, &[through, CARRIER_GET]);
    let actions = actions(&drift);
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["target"], "$['components']['schemas']['Number']");
    assert!(actions[0]["description"]
        .as_str()
        .unwrap()
        .starts_with("Seen 4 times on numbersGet, numbersList:"));
}

#[test]
fn records_as_a_client_writes_them_are_read_whole() {
    let spec_text = "
openapi: 3.0.3
info: {title: Numbers, version: 1.0.0}
paths:
  /v2.2/numbers:
    get:
      operationId: numbersList
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/Number'}}}}}}}
        4XX: {$ref: '#/components/responses/Problem'}
components:
  responses:
    Problem: {description: A problem, content: {application/json: {schema: {type: object}}}}
  schemas:
    Number: {type: object, properties: {id: {type: string}}}
";
    let property = r#"{"operation":"numbersList","operation_pointer":"/paths/~1v2.2~1numbers/get","status":200,"content_type":"application/json","kind":"undeclared_property","schema":"/components/schemas/Number","property":"carrier","at":"/data/*/carrier","observed":{"type":"object","properties":{"name":{"type":"string"}}},"count":3}"#;
    let problem = r#"{"operation":"numbersList","operation_pointer":"/paths/~1v2.2~1numbers/get","status":404,"content_type":"text/html","kind":"undeclared_content_type","schema":"/paths/~1v2.2~1numbers/get/responses/4XX","observed":null,"count":2}"#;
    let gone = r#"{"operation":"numbersList","operation_pointer":"/paths/~1v2.2~1numbers/get","status":410,"content_type":"text/html","kind":"undeclared_content_type","schema":"/paths/~1v2.2~1numbers/get/responses/4XX","count":1}"#;
    let (_, drift, after) = run(spec_text, &[property, problem, gone]);
    assert_eq!(
        after["components"]["schemas"]["Number"]["properties"]["carrier"],
        json!({"type": "object", "properties": {"name": {"type": "string"}}})
    );
    // The 4XX response is a `$ref`: the content type goes where it is written.
    assert_eq!(
        after["components"]["responses"]["Problem"]["content"]["text/html"],
        json!({})
    );
    let actions = actions(&drift);
    let described: Vec<&str> = actions
        .iter()
        .filter_map(|a| a["description"].as_str()?.split(':').next())
        .collect();
    assert_eq!(
        described,
        ["Seen 3 times on numbersList", "Seen 3 times on numbersList"]
    );
    assert!(drift
        .overlay
        .contains("content type text/html not declared for response 4XX"));
}
