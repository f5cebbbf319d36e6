//! JSON Lines and downloads against a local server that cuts its answers
//! where each test needs: lines split across chunks, a bad line among good
//! ones, raw lines, request bodies of JSON Lines sent as they are encoded
//! (and never retried then), and a download bounded by an idle timeout
//! rather than a deadline.

mod common;

use std::time::Duration;

use codegen_runtime::{
    call_stream, call_stream_value, json_item, raw_line, CallOptions, Client, ClientBuilder, Error,
    Framing, JsonLines, Operation, Request, StreamSpec,
};
use common::stream_server::{delta, drain, text, values, wait, Delta, Part, Reply, StreamServer};
use common::{fast_retry, GET_ITEM, INFO, PUT_ITEM};
use reqwest::Method;

static EXPORT: Operation = Operation {
    id: "exportRecords",
    method: Method::GET,
    path: "/records/export",
    security: &[],
    idempotency_header: None,
    server: 0,
};

static LINES: StreamSpec = StreamSpec {
    framing: Framing::Lines,
    media_type: "application/x-ndjson",
    sentinel: None,
    flag: None,
};

fn builder(server: &StreamServer) -> ClientBuilder {
    ClientBuilder::new(&INFO)
        .base_url(&server.url)
        .retry(fast_retry())
}

fn client(server: &StreamServer) -> Client {
    builder(server).build().unwrap()
}

fn export() -> Request {
    Request::new(&EXPORT, "/records/export".into())
}

#[tokio::test]
async fn json_lines_split_anywhere_decode_with_the_response_at_hand() {
    let server = StreamServer::start(vec![Reply::with(
        200,
        "application/x-ndjson",
        vec![
            text("{\"n\":1,\"te"),
            text("xt\":\"a\"}\r\n\n{\"n\":2,"),
            text("\"text\":\"b\"}\n{\"n\":\"bad\"}\n{\"n\":3,\"text\":\"c\"}"),
        ],
    )])
    .await;
    let response = call_stream(
        client(&server),
        Ok(export()),
        CallOptions::new(),
        &LINES,
        json_item::<Delta>,
    )
    .await
    .unwrap();
    assert_eq!(response.headers()["content-type"], "application/x-ndjson");
    let items = drain(response.into_inner()).await;
    assert_eq!(items.len(), 4, "{items:?}");
    assert!(
        matches!(&items[2], Err(Error::Decode(e)) if e.item.as_ref().unwrap().index == 2 && e.item.as_ref().unwrap().id.is_none())
    );
    // The last line needs no newline; a dropped lines stream is not reconnected.
    assert_eq!(items[3].as_ref().unwrap(), &delta(3, "c"));

    let server = StreamServer::start(vec![Reply::with(
        200,
        "application/jsonl",
        vec![text("first\nsecond\n")],
    )])
    .await;
    let lines = call_stream_value(
        client(&server),
        Ok(export()),
        CallOptions::new(),
        &LINES,
        raw_line,
    )
    .await
    .unwrap();
    assert_eq!(values(drain(lines).await), ["first", "second"]);
}

#[tokio::test]
async fn json_lines_bodies_are_encoded_as_they_are_sent_and_never_retried() {
    let server = StreamServer::start(vec![Reply::with(503, "text/plain", vec![])]).await;
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    // Items are produced only as the upload reads them.
    let items = (0..3).map(move |n| {
        let _ = tx.send(());
        delta(n, "x")
    });
    // A PUT, which the policy would retry were its body not a stream.
    let mut request = Request::new(&PUT_ITEM, "/items/42".into());
    request
        .json_lines(&JsonLines::from_iter(items), "application/x-ndjson")
        .unwrap();
    assert!(rx.try_recv().is_err(), "nothing is encoded before sending");
    let result = client(&server).execute(request, &CallOptions::new()).await;
    assert!(matches!(result, Err(Error::Api(_))));
    let sent = server.received();
    assert_eq!(sent.len(), 1, "a streamed body is sent once");
    assert_eq!(
        String::from_utf8_lossy(&sent[0].body),
        "{\"n\":0,\"text\":\"x\"}\n{\"n\":1,\"text\":\"x\"}\n{\"n\":2,\"text\":\"x\"}\n"
    );
    assert_eq!(
        sent[0].header("content-type").as_deref(),
        Some("application/x-ndjson")
    );

    // A GET carries a streamed body too (hyper sends one only when told it is chunked).
    let mut request = Request::new(&GET_ITEM, "/items/42".into());
    request
        .json_lines(
            &JsonLines::from_iter([delta(7, "g")]),
            "application/x-ndjson",
        )
        .unwrap();
    let _ = client(&server).execute(request, &CallOptions::new()).await;
    assert_eq!(server.received()[1].body, b"{\"n\":7,\"text\":\"g\"}\n");

    // From a `Vec`, encoded at once: retried with the same body.
    let mut request = Request::new(&PUT_ITEM, "/items/42".into());
    let body: JsonLines<Delta> = vec![delta(1, "y")].into();
    request.json_lines(&body, "application/jsonl").unwrap();
    let _ = client(&server).execute(request, &CallOptions::new()).await;
    let sent = server.received();
    assert_eq!(sent.len(), 5);
    assert_eq!(sent[4].body, b"{\"n\":1,\"text\":\"y\"}\n");
}

#[tokio::test]
async fn a_download_has_an_idle_timeout_not_a_deadline() {
    let mut parts = Vec::new();
    for _ in 0..5 {
        parts.push(wait(70));
        parts.push(Part::Bytes(vec![7; 1000]));
    }
    parts.push(wait(1_000));
    parts.push(Part::Bytes(vec![8; 10]));
    let server = StreamServer::start(vec![Reply::with(200, "audio/wav", parts)]).await;
    let client = builder(&server)
        .timeout(Duration::from_millis(200))
        .idle_timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    let mut request = Request::new(&GET_ITEM, "/items/42".into());
    request.stream_response();
    let raw = client.execute(request, &CallOptions::new()).await.unwrap();
    let mut body = raw.byte_stream().into_inner();
    let mut received = 0;
    let failure = loop {
        match body.next_chunk().await {
            Ok(Some(chunk)) => received += chunk.len(),
            Ok(None) => panic!("the stalled body ended"),
            Err(e) => break e,
        }
    };
    // 350 ms of chunks, longer than the timeout, then the stall.
    assert_eq!(received, 5_000);
    assert!(
        matches!(failure, Error::Timeout { after, .. } if after == Duration::from_millis(150)),
        "{failure:?}"
    );
}
