//! OpenAPI 3.2 on the wire, through the client generated from
//! `tests/fixtures/openapi_32.yaml`: a `query` operation is sent with the
//! QUERY method and its body, and retried as a GET would be; an
//! `additionalOperations` method (PURGE) is sent as the spec spells it; a
//! `querystring` parameter is the whole query string; and the `mock` feature
//! stubs operations of such methods and names them in its messages.

use std::time::Duration;

use live_calls::apis::recordings::PurgeRecordingRequired;
use live_calls::types::{Call, CallFilter, CallSearch, CallStatus};
use live_calls::{Client, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("token")
        .retry(RetryPolicy {
            initial_backoff: Duration::from_millis(5),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap()
}

fn purge(id: &str, recording_id: &str) -> PurgeRecordingRequired {
    PurgeRecordingRequired {
        id: id.into(),
        recording_id: recording_id.into(),
    }
}

#[tokio::test]
async fn a_query_operation_sends_its_body_with_the_query_method_and_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("QUERY"))
        .and(path("/calls"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("QUERY"))
        .and(path("/calls"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!([{"id": "c1", "status": "ended"}])),
        )
        .mount(&server)
        .await;
    let calls = client(&server)
        .calls()
        .search_calls(CallSearch::new("refund"))
        .await
        .unwrap();
    assert_eq!(calls[0].id, "c1");
    assert_eq!(calls[0].status, CallStatus::Ended);
    // QUERY is safe and idempotent: the 503 was tried again, with the same body.
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_eq!(r.method.as_str(), "QUERY");
        assert_eq!(r.headers["content-type"], "application/json");
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&r.body).unwrap(),
            serde_json::json!({"said": "refund"})
        );
    }
}

#[tokio::test]
async fn an_additional_operation_is_sent_with_its_own_method_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("PURGE"))
        .and(path("/calls/c1/recordings/r%201"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let e = client(&server)
        .recordings()
        .purge_recording(purge("c1", "r 1"))
        .await
        .unwrap_err();
    assert!(
        matches!(e, live_calls::Error::Api(ref api) if api.status.as_u16() == 503),
        "{e}"
    );
    // A method of unknown safety is sent once.
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method.as_str(), "PURGE");
    assert_eq!(requests[0].headers["authorization"], "Bearer token");
}

#[tokio::test]
async fn a_querystring_parameter_is_the_whole_query_string() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/calls"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    let client = client(&server);
    let filter = CallFilter::new()
        .with_status(CallStatus::Active)
        .with_since("2025-06-01T00:00:00Z")
        .with_number(vec!["+12015550100".into(), "+12015550101".into()]);
    client.calls().list_calls().filter(filter).await.unwrap();
    client.calls().list_calls().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some("status=active&since=2025-06-01T00%3A00%3A00Z&number=%2B12015550100&number=%2B12015550101")
    );
    assert_eq!(requests[1].url.query(), None);
}

#[tokio::test]
async fn the_mock_feature_stubs_operations_of_other_methods() {
    let server = live_calls::mock::MockServer::start().await;
    let client = server.client();
    server
        .on(client.calls().search_calls(CallSearch::new("refund")))
        .returns(vec![Call::new("c9", CallStatus::Ended)])
        .await;
    let found = client
        .calls()
        .search_calls(CallSearch::new("refund"))
        .await
        .unwrap();
    assert_eq!(found[0].id, "c9");
    let stubbed = client.calls().search_calls(CallSearch::new("refund"));
    assert_eq!(server.calls(&stubbed).await, 1);
    // A request no stub answers is named by the operation it looks like.
    client
        .recordings()
        .purge_recording(purge("c1", "r1"))
        .await
        .unwrap_err();
    let unexpected = server.unexpected();
    assert!(
        unexpected[0].contains("PURGE /calls/c1/recordings/r1")
            && unexpected[0].contains(
                "looks like `purgeRecording` (PURGE /calls/{id}/recordings/{recordingId})"
            ),
        "{unexpected:?}"
    );
}
