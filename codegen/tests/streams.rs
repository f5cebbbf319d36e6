//! Which operations answer with a typed stream, of what, how it ends and how
//! it is asked for: read from the model and the inference report, for the
//! shapes specs write (a stream alone, beside JSON, untyped, lines) and the
//! config that corrects them.

use codegen::model::streams::{self, Framing};
use codegen::model::{Api, BodyKind, Content};
use codegen::Config;

fn model(paths: &str, components: &str, config: &str) -> codegen::Result<Api> {
    let spec = format!(
        "openapi: 3.1.0\ninfo: {{title: Streams, version: '1'}}\nservers: [{{url: 'https://api.example.com'}}]\npaths:\n{paths}\ncomponents:\n  schemas:\n{components}"
    );
    let doc = codegen::normalized(&spec, "spec.yaml")?;
    let config = Config::parse(&format!("crate: {{name: s, version: 0.1.0}}\n{config}"))
        .expect("the test's config parses");
    codegen::build_model(doc, config)
}

const CHAT: &str = r#"
  /chat:
    post:
      operationId: createChat
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ChatRequest'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Chat'}
            text/event-stream:
              schema: {$ref: '#/components/schemas/ChatChunk'}
  /feed:
    get:
      operationId: feed
      parameters:
        - {name: events, in: query, schema: {type: string}}
      responses:
        '200':
          description: Everything that happens.
          content:
            text/event-stream:
              schema: {type: string}
            application/json:
              schema: {type: object}
"#;

const CHAT_TYPES: &str = r#"
    ChatRequest:
      type: object
      properties:
        prompt: {type: string}
        stream: {type: [boolean, 'null']}
        stream_options: {$ref: '#/components/schemas/StreamOptions'}
    StreamOptions:
      type: [object, 'null']
      properties:
        include_usage:
          type: boolean
          description: "An extra chunk is streamed before the `data: [DONE]` message."
    Chat:
      type: object
      properties: {text: {type: string}}
    ChatChunk:
      type: object
      properties: {delta: {type: string}}
"#;

fn op<'a>(api: &'a Api, id: &str) -> &'a codegen::model::Operation {
    api.operations.iter().find(|o| o.id == id).unwrap()
}

#[test]
fn a_stream_beside_json_is_asked_for_and_ends_where_the_request_documents() {
    let api = model(CHAT, CHAT_TYPES, "").unwrap();
    let chat = op(&api, "createChat");
    // `send()` keeps its JSON; the stream is the alternative `events()` returns.
    assert!(matches!(chat.success.content, Content::Json(_)));
    let stream = chat.success.stream.as_ref().unwrap();
    assert_eq!(stream.method, "events");
    assert_eq!(stream.framing, Framing::ServerSentEvents);
    let flag = stream.flag.as_ref().unwrap();
    assert_eq!(
        (flag.name.as_str(), flag.value.as_deref()),
        ("stream", None)
    );
    assert_eq!(stream.sentinel.as_deref(), Some("[DONE]"));
    assert_eq!(
        stream.sentinel_source.as_deref(),
        Some("the description of `stream_options`")
    );
    assert!(!stream.reconnects, "a POST's answer is never sent again");
    assert!(chat.success.accept.is_none(), "the JSON form asks for JSON");

    // A string schema is raw events; a parameter called `events` keeps its
    // setter and the method takes another name; a GET reconnects.
    let feed = streams::of(op(&api, "feed")).unwrap();
    assert_eq!(
        (feed.item.as_ref(), feed.method.as_str(), feed.reconnects),
        (None, "event_stream", true)
    );
    assert!(feed.flag.is_none() && feed.sentinel.is_none());
}

#[test]
fn the_config_sets_or_clears_a_sentinel_and_names_only_streams() {
    let api = model(
        CHAT,
        CHAT_TYPES,
        "streams:\n  - {operation: createChat, sentinel: null}\n  - {operation: feed, sentinel: '[END]'}",
    )
    .unwrap();
    assert_eq!(streams::of(op(&api, "createChat")).unwrap().sentinel, None);
    let feed = streams::of(op(&api, "feed")).unwrap();
    assert_eq!(
        (feed.sentinel.as_deref(), feed.sentinel_source.as_deref()),
        (Some("[END]"), Some("the config"))
    );

    for (entry, why) in [
        ("{operation: nope}", "which the spec does not have"),
        ("{operation: plain}", "no stream"),
    ] {
        let paths = format!("{CHAT}  /plain:\n    get:\n      operationId: plain\n      responses: {{'204': {{description: ok}}}}\n");
        let err = model(&paths, CHAT_TYPES, &format!("streams: [{entry}]")).unwrap_err();
        assert!(err.to_string().contains(why), "{err}");
    }
}

#[test]
fn lines_both_ways_and_what_stays_text() {
    let api = model(
        r#"
  /export:
    get:
      operationId: exportRecords
      responses:
        '200':
          description: One record per line.
          content:
            application/x-ndjson:
              schema: {$ref: '#/components/schemas/Record'}
        '500':
          description: Failed.
          content:
            text/event-stream: {}
  /import:
    post:
      operationId: importRecords
      requestBody:
        required: true
        content:
          application/jsonl:
            schema: {$ref: '#/components/schemas/Record'}
      responses: {'204': {description: ok}}
  /import-text:
    post:
      operationId: importText
      requestBody:
        required: true
        content:
          application/x-ndjson: {}
      responses: {'204': {description: ok}}
"#,
        "    Record:\n      type: object\n      properties: {id: {type: string}}\n",
        "",
    )
    .unwrap();
    let export = op(&api, "exportRecords");
    let Content::Stream(stream) = &export.success.content else {
        panic!("{:?}", export.success.content)
    };
    assert_eq!(
        (
            stream.framing,
            stream.media_type.as_str(),
            stream.method.as_str()
        ),
        (Framing::Lines, "application/x-ndjson", "send")
    );
    assert!(stream.item.is_some() && !stream.reconnects);
    // An error response's media types are not the success's stream.
    assert_eq!(export.errors.len(), 1);

    let import = op(&api, "importRecords").body.as_ref().unwrap();
    assert_eq!(import.kind, BodyKind::JsonLines("application/jsonl".into()));
    // Lines with no item type are text the caller writes.
    let text = op(&api, "importText").body.as_ref().unwrap();
    assert_eq!(text.kind, BodyKind::Text("application/x-ndjson".into()));
}

#[test]
fn the_inference_report_lists_streams_with_their_item_types() {
    let spec = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/streams.yaml"),
    )
    .unwrap();
    let files = codegen::generate_from_str(&spec, "streams", Config::default()).unwrap();
    let report: serde_json::Value = serde_json::from_str(
        files
            .files
            .iter()
            .find(|(p, _)| *p == ".codegen/inference.json")
            .unwrap()
            .1,
    )
    .unwrap();
    let streams: Vec<(String, String, serde_json::Value)> = report["streams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_owned(),
                s["returned_by"].as_str().unwrap().to_owned(),
                s["item"].clone(),
            )
        })
        .collect();
    let expected = [
        ("callEvents", "send", "CallEvent"),
        ("createCompletion", "events", "CompletionChunk"),
        ("transcribeLive", "send", "TranscribeLiveResponseEvent"),
        ("tailLogs", "send", ""),
        ("exportCdrs", "send", "Cdr"),
        ("transcriptLines", "send", ""),
    ];
    assert_eq!(streams.len(), expected.len());
    for ((id, method, item), (eid, emethod, eitem)) in streams.iter().zip(expected) {
        assert_eq!((id.as_str(), method.as_str()), (eid, emethod));
        assert_eq!(item.as_str().unwrap_or(""), eitem, "{id}");
    }
    assert!(files.explain.contains(
        "POST /completions (createCompletion): stream (text/event-stream) of CompletionChunk, returned by `.events()`, ends at [DONE]"
    ), "{}", files.explain);
    // A spec without streams has no such key: its report is as before.
    let plain = codegen::generate_from_str(
        "openapi: 3.0.3\ninfo: {title: P, version: '1'}\npaths: {}\n",
        "p",
        Config::default(),
    )
    .unwrap();
    let text = &plain
        .files
        .iter()
        .find(|(p, _)| *p == ".codegen/inference.json")
        .unwrap()
        .1;
    assert!(!text.contains("streams"), "{text}");
}
