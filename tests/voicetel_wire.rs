//! The generated VoiceTel client against a local mock server: what goes on
//! the wire (method, path, query, headers, JSON body) and what comes back.

use serde_json::json;
use voicetel::types::{
    AccountApiKeyRequest, AccountApiKeyRequestRequired, OrderCreateRequest,
    OrderCreateRequestNumbersItem,
};
use voicetel::{Client, Error};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("key-123")
        .build()
        .unwrap()
}

#[tokio::test]
async fn get_sends_bearer_and_unwraps_the_envelope() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2.2/numbers/2015551234"))
        .and(header("authorization", "Bearer key-123"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "success",
            "data": {"number": "2015551234", "route": 7, "gateway": null, "unknownField": true}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let detail = client(&server)
        .await
        .numbers()
        .get("2015551234")
        .await
        .unwrap();
    assert_eq!(detail.number.as_deref(), Some("2015551234"));
    assert_eq!(detail.route, Some(7));
    assert_eq!(detail.gateway, None);
}

#[tokio::test]
async fn query_parameters_and_percent_encoded_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2.2/inventory"))
        .and(query_param("tnMask", "201555XXXX"))
        .and(query_param("quantity", "5"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": "success", "data": {"numbers": []}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server).await;
    let found = c
        .i_numbering()
        .inventory_search("201555XXXX")
        .quantity(5)
        .await
        .unwrap();
    assert_eq!(found.numbers.as_deref().map(<[_]>::len), Some(0));

    // A path parameter cannot change the URL's shape.
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    c.numbers().delete("a/b?c").await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(
        received.last().unwrap().url.path(),
        "/v2.2/numbers/a%2Fb%3Fc"
    );
}

#[tokio::test]
async fn json_body_and_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2.2/orders"))
        .and(body_json(json!({"numbers": ["2015551234"]})))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"status": "success", "data": {}})),
        )
        .expect(2)
        .mount(&server)
        .await;
    let c = client(&server).await;
    let order = || {
        OrderCreateRequest::new(vec![OrderCreateRequestNumbersItem::String(
            "2015551234".into(),
        )])
    };
    c.i_numbering()
        .order_create(order())
        .idempotency_key("my-key-1")
        .await
        .unwrap();
    c.i_numbering().order_create(order()).await.unwrap();
    let received = server.received_requests().await.unwrap();
    let key = |r: &Request| {
        r.headers
            .get("idempotency-key")
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(key(&received[0]).as_deref(), Some("my-key-1"));
    let generated = key(&received[1]).expect("a key is generated when none is set");
    assert_eq!(generated.len(), 36, "a UUID: {generated}");
}

#[tokio::test]
async fn security_none_sends_no_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2.2/account/api-key"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": "success", "data": {"apikey": "abc"}})),
        )
        .mount(&server)
        .await;
    let body = AccountApiKeyRequest::new(AccountApiKeyRequestRequired {
        password: "pw".into(),
        username: "1000000001".into(),
    });
    client(&server).await.account().api_key(body).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert!(received[0].headers.get("authorization").is_none());
}

#[tokio::test]
async fn invalid_input_is_rejected_before_sending_with_validation_on() {
    let server = MockServer::start().await;
    let c = client(&server).await;
    let bad = OrderCreateRequest::new(vec![OrderCreateRequestNumbersItem::String("12".into())]);
    let err = c
        .i_numbering()
        .order_create(bad)
        .validate(true)
        .await
        .unwrap_err();
    let Error::Validation(v) = err else {
        panic!("expected a validation error, got {err:?}")
    };
    assert_eq!(v.field, "body.numbers[0]");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn api_errors_carry_code_and_message() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "status": "error", "error": {"code": 404, "message": "Number not found"}
        })))
        .mount(&server)
        .await;
    let err = client(&server)
        .await
        .numbers()
        .get("2015551234")
        .await
        .unwrap_err();
    let api = err.api_error().expect("an API error");
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.code.as_deref(), Some("404"));
    assert_eq!(api.message.as_deref(), Some("Number not found"));
}
