//! The client generated at build time, called against a local mock server:
//! the request on the wire, the typed response, and the API's error.

use acme_sms::types::{MessageStatus, NewMessage, NewMessageRequired};
use acme_sms::{Client, Error};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("key-123")
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_message_is_sent_as_json_and_comes_back_typed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/messages"))
        .and(header("authorization", "Bearer key-123"))
        .and(body_json(json!({"from": "+15550100", "to": "+15550199", "text": "Hello"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "id": "msg_1", "from": "+15550100", "to": "+15550199", "text": "Hello", "status": "queued"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let message = client(&server)
        .messages()
        .send_message(NewMessage::new(NewMessageRequired {
            from: "+15550100".into(),
            to: "+15550199".into(),
            text: "Hello".into(),
        }))
        .await
        .unwrap();
    assert_eq!(message.id, "msg_1");
    assert_eq!(message.status, MessageStatus::Queued);
}

#[tokio::test]
async fn every_tag_is_compiled_without_features() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/numbers"))
        .and(query_param("country", "US"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"number": "+15550100", "country": "US", "sms": true}
        ])))
        .mount(&server)
        .await;
    let numbers = client(&server)
        .numbers()
        .list_numbers()
        .country("US")
        .await
        .unwrap();
    assert_eq!(numbers.len(), 1);
    assert_eq!(numbers[0].number, "+15550100");
    assert_eq!(numbers[0].sms, Some(true));
}

#[tokio::test]
async fn the_apis_error_is_read_from_its_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/messages/msg_404"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "error": {"code": "not_found", "message": "No message msg_404"}
        })))
        .mount(&server)
        .await;
    let err = client(&server)
        .messages()
        .get_message("msg_404")
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected the API's error, got {err:?}");
    };
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.code.as_deref(), Some("not_found"));
    assert_eq!(api.message.as_deref(), Some("No message msg_404"));
}
