//! The client generated from `tests/fixtures/streams.yaml`, end to end:
//! typed and raw event streams, a completion that is one body or a stream,
//! NDJSON and raw lines, a JSON Lines upload, and the `mock` feature serving
//! streams with waits, malformed events and a dropped connection that the
//! client resumes with `Last-Event-ID`.

use std::time::{Duration, Instant};

use streams::mock::MockServer;
use streams::runtime::{EventStream, JsonLines, SseEvent};
use streams::types::{
    CallEvent, CallEventType, Cdr, Completion, CompletionChunk, CompletionChunkRequired,
    CompletionRequest, CompletionRequired, Contact, TranscribeLiveBody,
    TranscribeLiveResponseEvent,
};
use streams::{Client, Error};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, ResponseTemplate};

async fn drain<T>(mut stream: EventStream<T>) -> Vec<Result<T, Error>> {
    let mut out = Vec::new();
    while let Some(item) = stream.next().await {
        out.push(item);
    }
    out
}

fn chunk(delta: &str) -> CompletionChunk {
    CompletionChunk::new(CompletionChunkRequired {
        id: "cmpl-1".into(),
        delta: delta.into(),
    })
}

#[tokio::test]
async fn a_mocked_call_event_stream_arrives_item_by_item_with_its_waits() {
    let server = MockServer::start().await;
    let client = server.client();
    server
        .on_stream(client.default().call_events("call-1"))
        .event(CallEvent::new(CallEventType::Ringing, "call-1"))
        .wait(Duration::from_millis(150))
        .event(CallEvent::new(CallEventType::Answered, "call-1"))
        .raw(": keep-alive\n\n")
        .event(CallEvent::new(CallEventType::Ended, "call-1").with_duration(42))
        .streams()
        .await;

    let started = Instant::now();
    let mut events = client.default().call_events("call-1").await.unwrap();
    let first = events.next().await.unwrap().unwrap();
    assert_eq!(first.r#type, CallEventType::Ringing);
    assert!(
        started.elapsed() < Duration::from_millis(140),
        "the first event comes before the wait"
    );
    let rest: Vec<CallEvent> = drain(events)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(rest.len(), 2);
    assert_eq!(
        (rest[1].r#type.clone(), rest[1].duration),
        (CallEventType::Ended, Some(42))
    );
    assert_eq!(
        server.calls(&client.default().call_events("call-1")).await,
        1
    );
}

#[tokio::test]
async fn a_dropped_mocked_stream_resumes_after_the_last_event_id() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry(streams::RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(5),
            ..streams::RetryPolicy::default()
        })
        .build()
        .unwrap();
    let event = |id: &str, kind: &str| {
        SseEvent::new(format!("{{\"type\":\"{kind}\",\"call_id\":\"c\"}}")).id(id)
    };
    server
        .on_stream(client.default().call_events("c"))
        .sse(event("1", "ringing"))
        .sse(event("2", "answered"))
        .cut()
        .sse(event("3", "ended"))
        .streams()
        .await;
    let items: Vec<CallEventType> = drain(client.default().call_events("c").await.unwrap())
        .await
        .into_iter()
        .map(|item| item.unwrap().r#type)
        .collect();
    assert_eq!(
        items,
        [
            CallEventType::Ringing,
            CallEventType::Answered,
            CallEventType::Ended
        ]
    );
    let sent = server.received(&client.default().call_events("c")).await;
    assert_eq!(sent.len(), 2, "the first request and one reconnection");
    assert!(!sent[0].headers.contains_key("last-event-id"));
    assert_eq!(sent[1].headers["last-event-id"], "2");
}

#[tokio::test]
async fn a_completion_is_one_body_or_a_stream_that_ends_at_done() {
    let server = MockServer::start().await;
    let client = server.client();
    let request = || CompletionRequest::new("Say hello");
    server
        .on_stream(client.default().create_completion(request()))
        .events([chunk("Hel"), chunk("lo")])
        .raw("data: {\"id\": 7}\n\n")
        .event(chunk("!"))
        .streams()
        .await;
    let items = drain(
        client
            .default()
            .create_completion(request())
            .events()
            .await
            .unwrap(),
    )
    .await;
    // The mock ends the stream with the documented `data: [DONE]`, which is no item.
    assert_eq!(items.len(), 4, "{items:?}");
    let Err(Error::Decode(bad)) = &items[2] else {
        panic!("{:?}", items[2])
    };
    assert_eq!(bad.item.as_ref().map(|i| i.index), Some(2));
    let text: String = items
        .into_iter()
        .filter_map(Result::ok)
        .map(|c| c.delta)
        .collect();
    assert_eq!(text, "Hello!");
    // `events()` asked for the stream in the body it sent.
    let sent = server
        .received(&client.default().create_completion(request()))
        .await;
    let body: serde_json::Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"prompt": "Say hello", "stream": true})
    );
    assert_eq!(sent[0].headers["accept"], "text/event-stream");

    // The same operation, sent as usual, is one JSON body.
    let server = MockServer::start().await;
    let client = server.client();
    let whole = Completion::new(CompletionRequired {
        id: "cmpl-2".into(),
        text: "Hello!".into(),
    });
    server
        .on(client.default().create_completion(request()))
        .returns(whole.clone())
        .await;
    assert_eq!(
        client.default().create_completion(request()).await.unwrap(),
        whole
    );
}

#[tokio::test]
async fn a_live_transcript_ends_at_its_documented_sentinel_on_the_wire() {
    let server = wiremock::MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/transcriptions/live"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "data: {\"text\":\"hello\",\"final\":false}\n\ndata: {\"text\":\"hello world\",\"final\":true,\"confidence\":0.9}\n\ndata: [DONE]\n\n",
            "text/event-stream",
        ))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let response = client
        .default()
        .transcribe_live(TranscribeLiveBody::new("https://example.com/a.wav"))
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let items: Vec<TranscribeLiveResponseEvent> = drain(response.into_inner())
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(items.len(), 2);
    assert!(items[1].r#final);
    assert_eq!(items[1].confidence, Some(0.9));
}

#[tokio::test]
async fn raw_events_ndjson_and_raw_lines_read_as_declared() {
    let server = wiremock::MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/logs/live"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "event: error\nid: 9\ndata: disk full\n\nevent: info\ndata: recovered\n\n",
            "text/event-stream",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/cdrs/export"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "{\"id\":\"c1\",\"from\":\"+1555\",\"to\":\"+1666\",\"duration\":30}\n{\"id\":\"c2\",\"from\":\"+1555\",\"to\":\"+1777\",\"duration\":5}\n",
            "application/x-ndjson",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/recordings/r1/transcript-lines"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("Hello.\nHow can I help?\n", "application/jsonl"),
        )
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();

    let logs: Vec<SseEvent> = drain(client.default().tail_logs().await.unwrap())
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        logs.iter()
            .map(|e| (e.event.as_str(), e.data.as_str(), e.id.as_deref()))
            .collect::<Vec<_>>(),
        [
            ("error", "disk full", Some("9")),
            ("info", "recovered", Some("9"))
        ]
    );

    let cdrs: Vec<Cdr> = drain(client.default().export_cdrs("2025-01-01").await.unwrap())
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(cdrs.iter().map(|c| c.duration).collect::<Vec<_>>(), [30, 5]);

    let lines: Vec<String> = drain(client.default().transcript_lines("r1").await.unwrap())
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(lines, ["Hello.", "How can I help?"]);
    let asked = server.received_requests().await.unwrap();
    assert_eq!(asked[1].headers["accept"], "application/x-ndjson");
}

#[tokio::test]
async fn contacts_upload_as_json_lines_from_a_vec_or_a_stream() {
    let server = wiremock::MockServer::start().await;
    let lines = "{\"phone\":\"+15550001\",\"name\":\"Ada\"}\n{\"phone\":\"+15550002\"}\n";
    Mock::given(method("POST"))
        .and(path("/contacts/import"))
        .and(header("content-type", "application/x-ndjson"))
        .and(body_string(lines))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"imported": 2})))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let contacts = || {
        vec![
            Contact::new("+15550001").with_name("Ada"),
            Contact::new("+15550002"),
        ]
    };
    let from_vec = client.default().import_contacts(contacts()).await.unwrap();
    assert_eq!(from_vec.imported, 2);

    let stream = futures_util::stream::iter(contacts());
    let from_stream = client
        .default()
        .import_contacts(JsonLines::from_stream(stream))
        .await
        .unwrap();
    assert_eq!(from_stream.imported, 2);
}
