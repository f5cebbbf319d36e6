//! What the generator infers about paging, read from the crate's
//! `.codegen/inference.json`: vendor extensions override inference, a style
//! whose page continues beats one that walks blind (and the note says so),
//! and every list left without a stream says why.

use serde_json::Value;

/// A spec with one GET `/things` whose parameters and 200 body are given.
fn spec(extra: &str, params: &str, body: &str) -> String {
    format!(
        r#"
openapi: 3.0.3
info: {{title: Things, version: 1.0.0}}
{extra}
paths:
  /things:
    get:
      operationId: listThings
      parameters: {params}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {body}
"#
    )
}

fn report(text: &str) -> Value {
    let files = codegen::generate_from_str(text, "things.yaml", codegen::Config::without_file())
        .unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&files.files[codegen::emit::inference::PATH]).unwrap()
}

/// The one operation's entry.
fn entry(text: &str) -> Value {
    report(text)["operations"][0].clone()
}

const DATA: &str = "{type: object, properties: {data: {type: array, items: {type: object, properties: {id: {type: string}}}}, next: {type: string}, total: {type: integer}}}";

#[test]
fn speakeasy_pagination_overrides_inference() {
    let op = entry(&spec(
        "",
        "[{name: offset, in: query, schema: {type: integer}}, {name: limit, in: query, schema: {type: integer}}, {name: pg, in: query, schema: {type: integer}}]\n      x-speakeasy-pagination: {type: offsetLimit, inputs: [{name: pg, in: parameters, type: page}, {name: limit, in: parameters, type: limit}], outputs: {results: $.data}}",
        DATA,
    ));
    let p = &op["pagination"];
    assert_eq!(p["style"], "page", "{op}");
    assert_eq!(p["param"], "pg");
    assert_eq!(p["size_param"], "limit");
    assert_eq!(p["source"], "x-speakeasy-pagination");
}

#[test]
fn speakeasy_cursor_from_the_last_item_is_a_keyset_walk() {
    let op = entry(&spec(
        "",
        "[{name: after, in: query, schema: {type: string}}]\n      x-speakeasy-pagination: {type: cursor, inputs: [{name: after, in: parameters, type: cursor}], outputs: {nextCursor: '$.data[-1].id', results: $.data}}",
        DATA,
    ));
    assert_eq!(op["pagination"]["style"], "after_last", "{op}");
    assert_eq!(op["pagination"]["item_id"], "/id");
}

#[test]
fn fern_pagination_and_its_document_defaults() {
    let own = entry(&spec(
        "",
        "[{name: cursor, in: query, schema: {type: string}}]\n      x-fern-pagination: {cursor: $request.cursor, next_cursor: $response.next, results: $response.data}",
        DATA,
    ));
    assert_eq!(own["pagination"]["style"], "cursor", "{own}");
    assert_eq!(own["pagination"]["next"], "/next");
    assert_eq!(own["pagination"]["source"], "x-fern-pagination");
    let defaults = entry(&spec(
        "x-fern-pagination: {offset: $request.skip, step: $request.take, results: $response.data}",
        "[{name: skip, in: query, schema: {type: integer}}, {name: take, in: query, schema: {type: integer}}]\n      x-fern-pagination: true",
        DATA,
    ));
    assert_eq!(defaults["pagination"]["style"], "offset", "{defaults}");
    assert_eq!(defaults["pagination"]["size_param"], "take");
}

#[test]
fn a_request_body_cursor_is_refused_and_inference_takes_over() {
    let files = codegen::generate_from_str(
        &spec(
            "",
            "[{name: cursor, in: query, schema: {type: string}}]\n      x-speakeasy-pagination: {type: cursor, inputs: [{name: cursor, in: requestBody, type: cursor}], outputs: {nextCursor: $.next}}",
            DATA,
        ),
        "things.yaml",
        codegen::Config::without_file(),
    )
    .unwrap();
    assert!(
        files.notes.iter().any(|n| n.contains("requestBody")),
        "{:?}",
        files.notes
    );
    let report: Value = serde_json::from_str(&files.files[codegen::emit::inference::PATH]).unwrap();
    assert_eq!(report["operations"][0]["pagination"]["source"], "inferred");
}

#[test]
fn x_pagination_names_the_style_and_inference_fills_it_in() {
    let op = entry(&spec(
        "",
        "[{name: cursor, in: query, schema: {type: string}}, {name: offset, in: query, schema: {type: integer}}, {name: limit, in: query, schema: {type: integer}}]\n      x-pagination: {style: offset}",
        DATA,
    ));
    assert_eq!(op["pagination"]["style"], "offset", "{op}");
    assert_eq!(op["pagination"]["source"], "x-pagination");
}

#[test]
fn ms_pageable_without_a_next_link_is_one_page() {
    let op = entry(&spec(
        "",
        "[]\n      x-ms-pageable: {nextLinkName: null}",
        "{type: object, properties: {value: {type: array, items: {type: string}}}}",
    ));
    assert!(op["pagination"].is_null(), "{op}");
    assert!(op["reason"].as_str().unwrap().contains("one page"), "{op}");
}

#[test]
fn a_cursor_that_continues_beats_an_offset_that_walks_blind_and_says_so() {
    let op = entry(&spec(
        "",
        "[{name: offset, in: query, schema: {type: integer}}, {name: limit, in: query, schema: {type: integer}}, {name: cursor, in: query, schema: {type: string}}]",
        "{type: object, properties: {items: {type: array, items: {type: string}}, metadata: {type: object, properties: {next_cursor: {type: string}}}}}",
    ));
    let p = &op["pagination"];
    assert_eq!(p["style"], "cursor", "{op}");
    assert_eq!(p["next"], "/metadata/next_cursor");
    let note = p["note"].as_str().unwrap();
    assert!(
        note.contains("item offsets in `offset`") && note.contains("walk blind"),
        "{note}"
    );
}

#[test]
fn time_ranges_are_not_offsets() {
    let op = entry(&spec(
        "",
        "[{name: from, in: query, schema: {type: integer}}, {name: to, in: query, schema: {type: integer}}]",
        "{type: array, items: {type: string}}",
    ));
    assert!(op["pagination"].is_null(), "{op}");
    assert!(
        op["reason"].as_str().unwrap().contains("one response"),
        "{op}"
    );
}

#[test]
fn a_date_filter_named_after_is_no_cursor() {
    let op = entry(&spec(
        "",
        "[{name: created_at_after, in: query, schema: {type: string, format: date-time}}]",
        "{type: object, properties: {data: {type: array, items: {type: object, properties: {id: {type: string}}}}, pages: {type: object, properties: {next: {type: object, properties: {starting_after: {type: string}}}}}}}",
    ));
    // The cursor the page names goes back under its own name, not the filter's.
    assert_eq!(op["pagination"]["param"], "starting_after", "{op}");
}

#[test]
fn every_list_without_a_stream_says_why() {
    let r = report(&spec(
        "",
        "[{name: cursor, in: query, schema: {type: string}}]",
        "{type: object, properties: {data: {type: array, items: {type: string}}}}",
    ));
    let op = &r["operations"][0];
    assert!(op["pagination"].is_null());
    assert!(
        op["reason"]
            .as_str()
            .unwrap()
            .contains("takes a cursor `cursor`"),
        "{op}"
    );
}

#[test]
fn error_pointers_follow_what_most_error_schemas_share() {
    let text = r#"
openapi: 3.0.3
info: {title: Errs, version: 1.0.0}
paths:
  /a:
    get:
      operationId: a
      responses:
        '200': {description: ok}
        '400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        '404': {description: gone, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        '429':
          description: slow down
          content: {application/json: {schema: {type: object, properties: {message: {type: string}, retryAfter: {type: integer}}}}}
components:
  schemas:
    Problem:
      type: object
      properties:
        type: {type: string}
        title: {type: string}
        status: {type: integer}
        detail: {type: string}
"#;
    let r = report(text);
    assert_eq!(r["errors"]["message"], "/title", "{r}");
    assert_eq!(r["errors"]["code"], "/type", "{r}");
    assert_eq!(r["errors"]["retry_after"][0], "/retryAfter", "{r}");
}
