//! Event streams against a local server that cuts its answers where each
//! test needs: events split across chunks, multi-line data, comments,
//! `retry`, reconnection with `Last-Event-ID` (GET) and none (POST), idle
//! timeouts in place of a deadline on the whole body, a malformed event
//! mid-stream, and the member that asks for a stream.

mod common;

use std::time::{Duration, Instant};

use codegen_runtime::{
    call_stream_value, json_item, raw_event, CallOptions, Client, ClientBuilder, Error,
    EventStream, Framing, Operation, Request, SentIn, SseEvent, StreamFlag, StreamSpec,
};
use common::stream_server::{delta, drain, text, values, wait, Delta, Part, Reply, StreamServer};
use common::{fast_retry, INFO};
use reqwest::Method;

static CREATE: Operation = Operation {
    id: "createCompletion",
    method: Method::POST,
    path: "/completions",
    security: &[],
    idempotency_header: None,
    server: 0,
};

static FEED: Operation = Operation {
    id: "callEvents",
    method: Method::GET,
    path: "/calls/events",
    security: &[],
    idempotency_header: None,
    server: 0,
};

static EVENTS: StreamSpec = StreamSpec {
    framing: Framing::ServerSentEvents,
    media_type: "text/event-stream",
    sentinel: Some("[DONE]"),
    flag: Some(StreamFlag {
        name: "stream",
        sent_in: SentIn::Body,
        value: None,
    }),
};

static PLAIN_EVENTS: StreamSpec = StreamSpec {
    framing: Framing::ServerSentEvents,
    media_type: "text/event-stream",
    sentinel: None,
    flag: None,
};

fn client(server: &StreamServer) -> Client {
    builder(server).build().unwrap()
}

fn builder(server: &StreamServer) -> ClientBuilder {
    ClientBuilder::new(&INFO)
        .base_url(&server.url)
        .retry(fast_retry())
}

fn post(body: serde_json::Value) -> Request {
    let mut r = Request::new(&CREATE, "/completions".into());
    r.json(&body).unwrap();
    r
}

fn get_feed() -> Request {
    Request::new(&FEED, "/calls/events".into())
}

async fn deltas(client: Client, request: Request, spec: &'static StreamSpec) -> EventStream<Delta> {
    call_stream_value(
        client,
        Ok(request),
        CallOptions::new(),
        spec,
        json_item::<Delta>,
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn events_split_anywhere_with_multi_line_data_and_comments_decode_in_order() {
    let server = StreamServer::start(vec![Reply::events(vec![
        text(": the stream opens\n\nda"),
        text("ta: {\"n\":1,"),
        text("\"text\":\"he\"}\r"),
        text("\n\r\n: keep-alive\n\n"),
        text("event: delta\ndata: {\"n\":2,\ndata: \"text\":\"llo\"}\n"),
        text("\n"),
        text("data: [DONE]\n\ndata: {\"n\":3,\"text\":\"after the end\"}\n\n"),
    ])])
    .await;
    let items = drain(
        deltas(
            client(&server),
            post(serde_json::json!({"prompt": "hi"})),
            &EVENTS,
        )
        .await,
    )
    .await;
    assert_eq!(values(items), [delta(1, "he"), delta(2, "llo")]);

    let sent = &server.received()[0];
    assert_eq!(sent.header("accept").as_deref(), Some("text/event-stream"));
    // The operation's flag asks for the stream; the caller's body is kept.
    let body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(body, serde_json::json!({"prompt": "hi", "stream": true}));
}

#[tokio::test]
async fn a_malformed_event_is_an_error_item_naming_it_and_the_stream_goes_on() {
    let server = StreamServer::start(vec![Reply::events(vec![
        text("data: {\"n\":1,\"text\":\"a\"}\n\n"),
        text("id: evt-7\nevent: delta\ndata: {\"n\":\"two\",\"text\":\"b\"}\n\n"),
        text("data: not json at all\n\n"),
        text("data: {\"n\":4,\"text\":\"d\"}\n\n"),
    ])])
    .await;
    let items = drain(deltas(client(&server), get_feed(), &PLAIN_EVENTS).await).await;
    assert_eq!(items.len(), 4, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap(), &delta(1, "a"));
    let Err(Error::Decode(bad)) = &items[1] else {
        panic!("{:?}", items[1])
    };
    let item = bad.item.as_ref().unwrap();
    assert_eq!(
        (item.index, item.id.as_deref(), item.event.as_deref()),
        (1, Some("evt-7"), Some("delta"))
    );
    assert_eq!(bad.path, "n");
    assert!(bad.body.contains("\"two\""), "{}", bad.body);
    let shown = bad.to_string();
    assert!(
        shown.contains("item 1") && shown.contains("evt-7") && shown.contains("`n`"),
        "{shown}"
    );
    assert!(matches!(&items[2], Err(Error::Decode(e)) if e.item.as_ref().unwrap().index == 2));
    assert_eq!(items[3].as_ref().unwrap(), &delta(4, "d"));
}

#[tokio::test]
async fn a_dropped_get_stream_reconnects_with_last_event_id_after_the_retry_field() {
    let server = StreamServer::start(vec![
        Reply::events(vec![
            text("retry: 150\nid: 41\ndata: {\"n\":1,\"text\":\"ringing\"}\n\n"),
            text("id: 42\ndata: {\"n\":2,\"text\":\"answered\"}\n\ndata: {\"n\":99,"),
            Part::Cut,
        ]),
        Reply::events(vec![text("id: 43\ndata: {\"n\":3,\"text\":\"ended\"}\n\n")]),
    ])
    .await;
    let stream = deltas(client(&server), get_feed(), &PLAIN_EVENTS).await;
    let items = drain(stream).await;
    // The half event of the dropped connection is not an item.
    assert_eq!(
        values(items),
        [delta(1, "ringing"), delta(2, "answered"), delta(3, "ended")]
    );
    let sent = server.received();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].header("last-event-id"), None);
    assert_eq!(sent[1].header("last-event-id").as_deref(), Some("42"));
    // The server's `retry` (150 ms), not the policy's 5 ms backoff.
    let waited = sent[1].at - sent[0].at;
    assert!(waited >= Duration::from_millis(140), "{waited:?}");
}

#[tokio::test]
async fn a_post_stream_is_never_sent_again() {
    let server = StreamServer::start(vec![Reply::events(vec![
        text("id: 1\ndata: {\"n\":1,\"text\":\"a\"}\n\n"),
        Part::Cut,
    ])])
    .await;
    let items = drain(deltas(client(&server), post(serde_json::json!({})), &EVENTS).await).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items[0].is_ok());
    assert!(
        matches!(items[1], Err(Error::Connection { .. })),
        "{:?}",
        items[1]
    );
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn reconnection_gives_up_within_the_retry_policy() {
    let server = StreamServer::start(vec![
        Reply::events(vec![text("data: {\"n\":1,\"text\":\"a\"}\n\n"), Part::Cut]),
        Reply::with(503, "text/plain", vec![text("busy")]),
    ])
    .await;
    let items = drain(deltas(client(&server), get_feed(), &PLAIN_EVENTS).await).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(matches!(&items[1], Err(e) if e.status().map(|s| s.as_u16()) == Some(503)));
    // The first request, then two reconnections: the policy's three attempts.
    assert_eq!(server.received().len(), 3);
    // No retries at all: the drop is the last item.
    let server = StreamServer::start(vec![Reply::events(vec![Part::Cut])]).await;
    let client = builder(&server)
        .retry(codegen_runtime::RetryPolicy::none())
        .build()
        .unwrap();
    let items = drain(deltas(client, get_feed(), &PLAIN_EVENTS).await).await;
    assert!(
        matches!(items.as_slice(), [Err(Error::Connection { .. })]),
        "{items:?}"
    );
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_stream_outlives_the_timeout_while_bytes_keep_coming() {
    let mut parts = Vec::new();
    for n in 0..6 {
        parts.push(wait(80));
        parts.push(text(&format!("data: {{\"n\":{n},\"text\":\"t\"}}\n\n")));
    }
    let server = StreamServer::start(vec![Reply::events(parts)]).await;
    let client = builder(&server)
        .timeout(Duration::from_millis(200))
        .idle_timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    let started = Instant::now();
    let items = drain(deltas(client, post(serde_json::json!({})), &EVENTS).await).await;
    assert_eq!(values(items).len(), 6);
    assert!(started.elapsed() > Duration::from_millis(400));
}

#[tokio::test]
async fn an_idle_post_stream_ends_with_a_timeout() {
    let server = StreamServer::start(vec![Reply::events(vec![
        text("data: {\"n\":1,\"text\":\"a\"}\n\n"),
        wait(2_000),
        text("data: {\"n\":2,\"text\":\"too late\"}\n\n"),
    ])])
    .await;
    let client = builder(&server)
        .idle_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let started = Instant::now();
    let items = drain(deltas(client, post(serde_json::json!({})), &EVENTS).await).await;
    assert_eq!(items.len(), 2, "{items:?}");
    let Err(Error::Timeout { after, .. }) = &items[1] else {
        panic!("{:?}", items[1])
    };
    assert_eq!(*after, Duration::from_millis(100));
    assert!(started.elapsed() < Duration::from_millis(1_500));
}

#[tokio::test]
async fn an_idle_get_stream_reconnects() {
    let server = StreamServer::start(vec![
        Reply::events(vec![
            text("id: a\ndata: {\"n\":1,\"text\":\"a\"}\n\n"),
            wait(2_000),
        ]),
        Reply::events(vec![text("data: {\"n\":2,\"text\":\"b\"}\n\n")]),
    ])
    .await;
    let client = builder(&server)
        .idle_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let items = drain(deltas(client, get_feed(), &PLAIN_EVENTS).await).await;
    assert_eq!(values(items), [delta(1, "a"), delta(2, "b")]);
    assert_eq!(
        server.received()[1].header("last-event-id").as_deref(),
        Some("a")
    );
}

#[tokio::test]
async fn the_deadline_holds_until_the_stream_starts_and_not_after() {
    let mut slow = Reply::events(vec![text("data: {\"n\":1,\"text\":\"a\"}\n\n")]);
    slow.delay = Duration::from_millis(400);
    let server = StreamServer::start(vec![slow]).await;
    let client = builder(&server)
        .deadline(Duration::from_millis(150))
        .build()
        .unwrap();
    let opened = call_stream_value(
        client,
        Ok(post(serde_json::json!({}))),
        CallOptions::new(),
        &EVENTS,
        json_item::<Delta>,
    )
    .await;
    assert!(matches!(opened, Err(Error::Timeout { .. })), "{opened:?}");

    let server = StreamServer::start(vec![Reply::events(vec![
        text("data: {\"n\":1,\"text\":\"a\"}\n\n"),
        wait(300),
        text("data: {\"n\":2,\"text\":\"b\"}\n\n"),
    ])])
    .await;
    let client = builder(&server)
        .deadline(Duration::from_millis(150))
        .build()
        .unwrap();
    let items = drain(deltas(client, post(serde_json::json!({})), &EVENTS).await).await;
    assert_eq!(values(items).len(), 2);
}

#[tokio::test]
async fn raw_events_keep_their_fields() {
    let server = StreamServer::start(vec![Reply::events(vec![text(
        "event: ringing\nid: c1\nretry: 3000\ndata: line one\ndata: line two\n\n",
    )])])
    .await;
    let stream = call_stream_value(
        client(&server),
        Ok(get_feed()),
        CallOptions::new(),
        &PLAIN_EVENTS,
        raw_event,
    )
    .await
    .unwrap();
    assert_eq!(stream.last_event_id(), None);
    let items = values(drain(stream).await);
    let mut expected = SseEvent::new("line one\nline two")
        .event("ringing")
        .id("c1");
    expected.retry = Some(Duration::from_secs(3));
    assert_eq!(items, [expected]);
}

#[tokio::test]
async fn a_json_answer_where_events_were_asked_for_is_an_error() {
    let server = StreamServer::start(vec![Reply::with(
        200,
        "application/json",
        vec![text("{\"n\":1,\"text\":\"whole\"}")],
    )])
    .await;
    let opened = call_stream_value(
        client(&server),
        Ok(post(serde_json::json!({}))),
        CallOptions::new(),
        &EVENTS,
        json_item::<Delta>,
    )
    .await;
    let Err(Error::Decode(e)) = opened else {
        panic!("{opened:?}")
    };
    assert!(
        e.message.contains("event stream") && e.message.contains("`application/json`"),
        "{}",
        e.message
    );
    assert!(e.body.contains("whole"));
    // Audio where events were asked for is no stream either; text of any kind is read.
    let server = StreamServer::start(vec![
        Reply::with(200, "audio/mpeg", vec![Part::Bytes(vec![0xFF, 0xFB, 0x90])]),
        Reply::with(
            200,
            "text/plain",
            vec![text("data: {\"n\":1,\"text\":\"a\"}\n\n")],
        ),
    ])
    .await;
    let open = || {
        call_stream_value(
            client(&server),
            Ok(post(serde_json::json!({}))),
            CallOptions::new(),
            &EVENTS,
            json_item::<Delta>,
        )
    };
    assert!(matches!(open().await, Err(Error::Decode(e)) if e.message.contains("`audio/mpeg`")));
    assert_eq!(values(drain(open().await.unwrap()).await), [delta(1, "a")]);
}

#[tokio::test]
async fn an_error_status_fails_the_call_not_the_stream() {
    let server = StreamServer::start(vec![Reply::with(
        404,
        "application/json",
        vec![text(
            "{\"error\":{\"code\":\"no_call\",\"message\":\"no such call\"}}",
        )],
    )])
    .await;
    let opened = call_stream_value(
        client(&server),
        Ok(get_feed()),
        CallOptions::new(),
        &PLAIN_EVENTS,
        json_item::<Delta>,
    )
    .await;
    let Err(Error::Api(e)) = opened else {
        panic!("{opened:?}")
    };
    assert_eq!(e.message.as_deref(), Some("no such call"));
}

#[tokio::test]
async fn a_flag_asks_for_the_stream_in_the_query_or_with_its_value() {
    static FORMAT: StreamSpec = StreamSpec {
        framing: Framing::ServerSentEvents,
        media_type: "text/event-stream",
        sentinel: None,
        flag: Some(StreamFlag {
            name: "stream_format",
            sent_in: SentIn::Body,
            value: Some("sse"),
        }),
    };
    static QUERY: StreamSpec = StreamSpec {
        framing: Framing::ServerSentEvents,
        media_type: "text/event-stream",
        sentinel: None,
        flag: Some(StreamFlag {
            name: "stream",
            sent_in: SentIn::Query,
            value: None,
        }),
    };
    let server = StreamServer::start(vec![Reply::events(vec![])]).await;
    drain(
        deltas(
            client(&server),
            post(serde_json::json!({"input": "hi"})),
            &FORMAT,
        )
        .await,
    )
    .await;
    drain(deltas(client(&server), get_feed(), &QUERY).await).await;
    let sent = server.received();
    let body: serde_json::Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"input": "hi", "stream_format": "sse"})
    );
    assert!(
        sent[1].head.starts_with("GET /calls/events?stream=true "),
        "{}",
        sent[1].head
    );
}

#[tokio::test]
async fn a_slow_reader_is_not_an_idle_server() {
    let server = StreamServer::start(vec![Reply::events(vec![
        text("data: {\"n\":1,\"text\":\"a\"}\n\n"),
        wait(350),
        text("data: {\"n\":2,\"text\":\"b\"}\n\n"),
    ])])
    .await;
    let client = builder(&server)
        .idle_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let mut stream = deltas(client, post(serde_json::json!({})), &EVENTS).await;
    assert!(stream.next().await.unwrap().is_ok());
    // The reader takes longer than the idle timeout, then waits ~50 ms for
    // the next event: its wait, not the time since the last event, is timed.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(stream.next().await.unwrap().unwrap(), delta(2, "b"));
    assert!(stream.next().await.is_none());
}
