//! The application's `describe_number`, against the VoiceTel client's typed
//! mock: stubs are written with the client's own request builders and types.

use std::time::Duration;

use mock_consumer::describe_number;
use voicetel::mock::MockServer;
use voicetel::types::{ErrorResponse, ErrorResponseErrorValue, ErrorResponseStatus, NumberDetail};

fn forwarded(to: &str) -> NumberDetail {
    NumberDetail::new()
        .with_number("2015551234")
        .with_forward(true)
        .with_forward_to(to)
}

fn error(code: i64, message: &str) -> ErrorResponse {
    ErrorResponse::new(
        ErrorResponseErrorValue::new(code, message),
        ErrorResponseStatus::ErrorValue,
    )
}

#[tokio::test]
async fn a_forwarded_number_says_where_it_goes() {
    let server = MockServer::start().await;
    let client = server.client();
    server
        .on(client.numbers().get("2015551234"))
        .returns(forwarded("3125550000"))
        .await;

    let line = describe_number(&client, "2015551234").await.unwrap();
    assert_eq!(line, "2015551234: forwarded to 3125550000");
    assert_eq!(server.calls(&client.numbers().get("2015551234")).await, 1);
    let received = server.received(&client.numbers().get("2015551234")).await;
    assert_eq!(
        received[0].headers["authorization"],
        "Bearer mock-credential"
    );
}

#[tokio::test]
async fn a_declared_404_becomes_not_on_this_account() {
    let server = MockServer::start().await;
    let client = server.client();
    server
        .on(client.numbers().get("2015550000"))
        .fails(404, error(404, "number not found"))
        .await;
    let line = describe_number(&client, "2015550000").await.unwrap();
    assert_eq!(line, "2015550000: not on this account");
}

#[tokio::test]
async fn other_errors_reach_the_caller_with_their_body() {
    let server = MockServer::start().await;
    let client = server.client();
    server
        .on(client.numbers().get("2015551234"))
        .fails(401, error(401, "Missing or invalid API key"))
        .await;
    let Err(voicetel::Error::Api(e)) = describe_number(&client, "2015551234").await else {
        panic!("a 401 must be an API error");
    };
    assert_eq!(e.status.as_u16(), 401);
    assert_eq!(e.message.as_deref(), Some("Missing or invalid API key"));
}

#[tokio::test]
async fn a_slow_server_trips_the_callers_timeout() {
    let server = MockServer::start().await;
    let client = server.client();
    server
        .on(client.numbers().get("2015551234"))
        .delay(Duration::from_millis(500))
        .returns(forwarded("3125550000"))
        .await;
    let impatient =
        client.with_options(voicetel::CallOptions::new().timeout(Duration::from_millis(50)));
    let err = describe_number(&impatient, "2015551234").await.unwrap_err();
    assert!(matches!(err, voicetel::Error::Timeout { .. }), "{err}");
}

#[tokio::test]
async fn an_unexpected_request_names_the_operation_and_the_stubs() {
    let server = MockServer::start().await;
    let client = server.client();
    server
        .on(client.numbers().get("2015551234"))
        .returns(forwarded("3125550000"))
        .await;
    let err = describe_number(&client, "9999999999").await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("numbersGet"), "{text}");
    let unexpected = server.unexpected();
    assert_eq!(unexpected.len(), 1);
    assert!(
        unexpected[0].contains("GET /v2.2/numbers/9999999999")
            && unexpected[0].contains("looks like `numbersGet` (GET /v2.2/numbers/{number})")
            && unexpected[0].contains("stubs: `numbersGet` (GET /v2.2/numbers/2015551234)"),
        "{}",
        unexpected[0]
    );
}

#[tokio::test]
async fn a_stub_can_require_a_number_of_calls() {
    let server = MockServer::start().await;
    let client = server.client();
    server
        .on(client.numbers().get("2015551234"))
        .times(2)
        .returns(forwarded("3125550000"))
        .await;
    describe_number(&client, "2015551234").await.unwrap();
    describe_number(&client, "2015551234").await.unwrap();
    // Dropping the server checks the expectation: a third or a missing call fails the test.
}
