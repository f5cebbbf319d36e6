//! Callbacks given as a `$ref` into `#/components/callbacks` read like inline
//! ones: each becomes a `WebhookEvent` variant; one that points to nothing
//! costs itself, with a note naming it.

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Calls, version: '1'}
paths:
  /calls:
    post:
      operationId: createCall
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, properties: {status_url: {type: string}}}
      responses: {'204': {description: placed}}
      callbacks:
        statusChanged: {$ref: '#/components/callbacks/StatusChanged'}
        recordingReady: {$ref: '#/components/callbacks/Nowhere'}
components:
  callbacks:
    StatusChanged:
      '{$request.body#/status_url}':
        post:
          summary: The call's status changed.
          requestBody:
            content:
              application/json:
                schema:
                  type: object
                  required: [call_id, status]
                  properties:
                    call_id: {type: string}
                    status: {type: string, enum: [ringing, answered]}
          responses: {'204': {description: ok}}
"#;

#[test]
fn a_referenced_callback_is_an_event_and_a_dangling_one_a_note() {
    let config = codegen::Config::parse("crate: {name: calls, version: 0.1.0}").unwrap();
    let files = codegen::generate_from_str(SPEC, "spec", config).unwrap();
    let webhooks = &files.files["src/webhooks.rs"];
    assert!(
        webhooks.contains("/// The `statusChanged` callback of `createCall`, sent to `{$request.body#/status_url}` (POST).\n    CreateCallStatusChanged(Box<types::CreateCallStatusChangedEvent>),"),
        "{webhooks}"
    );
    assert!(
        webhooks.contains(
            r#"pub const NAMES: &'static [&'static str] = &["createCall.statusChanged"];"#
        ),
        "{webhooks}"
    );
    let types = &files.files["src/types.rs"];
    assert!(
        types.contains("pub struct CreateCallStatusChangedEvent {")
            && types.contains("pub status: CreateCallStatusChangedEventStatus,"),
        "{types}"
    );
    let notes: Vec<&String> = files
        .notes
        .iter()
        .filter(|n| n.contains("recordingReady"))
        .collect();
    assert_eq!(notes.len(), 1, "{:?}", files.notes);
    assert!(
        notes[0].contains("left out callback createCall.recordingReady at #/paths/~1calls/post/callbacks/recordingReady")
            && notes[0].contains(r##"reference "#/components/callbacks/Nowhere" points to no callback"##),
        "{notes:?}"
    );
}
