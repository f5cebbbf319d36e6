//! The generated VoiceTel client end to end against a local mock server,
//! through the typed methods a user calls: error shapes, retries,
//! `Retry-After`, idempotency keys, timeouts, authentication per operation,
//! redaction of the API key, request validation, lenient success decoding
//! and response metadata. One test per behaviour; every backoff is a few
//! milliseconds, so each test takes well under two seconds.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use voicetel::types::{
    AccountApiKeyRequest, AccountApiKeyRequestRequired, AccountRecoverRequest,
    AccountSignupRequest, AccountSignupRequestRequired, ErrorResponse, ErrorResponseStatus,
    MessageSendDataType, MessageSendRequest, MessageSendRequestRequired, NumberAddRequest,
    NumberTranslationRequest, OrderCreateRequest, OrderCreateRequestNumbersItem,
};
use voicetel::{ApiError, CallOptions, Client, Error, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The API key every client here holds; no output may ever contain it.
const KEY: &str = "sk_live_BEHAVIOUR_7f3a9c2e";
const NUMBER: &str = "2015551234";
const OTHER_NUMBER: &str = "3125550199";

fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(5),
        ..Default::default()
    }
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token(KEY)
        .retry(fast_retry())
        .build()
        .unwrap()
}

fn one_attempt() -> CallOptions {
    CallOptions::new().max_attempts(1)
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

/// A success in the spec's envelope.
fn success(status: u16, data: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"status": "success", "data": data}))
}

fn message(from: &str) -> MessageSendRequest {
    MessageSendRequest::new(MessageSendRequestRequired {
        from_number: from.into(),
        text: "hello".into(),
        to_number: OTHER_NUMBER.into(),
    })
}

fn message_sent() -> ResponseTemplate {
    success(
        201,
        json!({"id": "m-1", "type": "sms", "fromNumber": NUMBER, "toNumber": OTHER_NUMBER, "parts": 1}),
    )
}

fn order() -> OrderCreateRequest {
    OrderCreateRequest::new(vec![OrderCreateRequestNumbersItem::String(NUMBER.into())])
}

fn new_number() -> NumberAddRequest {
    NumberAddRequest::new(NUMBER)
}

/// Answers every request with `response` and returns the error of one
/// `numbers().get` attempt.
async fn get_error(response: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2.2/numbers/{NUMBER}")))
        .respond_with(response)
        .mount(&server)
        .await;
    let err = client(&server)
        .numbers()
        .get(NUMBER)
        .with_options(one_attempt())
        .await
        .unwrap_err();
    assert_eq!(received(&server).await.len(), 1);
    err
}

fn api(err: &Error) -> &ApiError {
    match err {
        Error::Api(e) => e,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn assert_hides_key(err: &Error) {
    let shown = format!("{err} | {err:?}");
    assert!(!shown.contains(KEY), "the key leaked: {shown}");
}

// ---------------------------------------------------------------------------
// 1. Error shapes

#[tokio::test]
async fn spec_error_body_gives_code_message_request_id_and_typed_body() {
    let body = json!({"status": "error", "error": {"code": 404, "message": "Number not found"}});
    let err = get_error(
        ResponseTemplate::new(404)
            .set_body_json(&body)
            .insert_header("X-Request-Id", "req-404-abc"),
    )
    .await;
    let e = api(&err);
    assert_eq!(e.status.as_u16(), 404);
    assert_eq!(e.code.as_deref(), Some("404"));
    assert_eq!(e.message.as_deref(), Some("Number not found"));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&e.body).unwrap(),
        body
    );
    assert_eq!(e.request_id.as_deref(), Some("req-404-abc"));
    assert_eq!(err.request_id(), Some("req-404-abc"));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert!(err.to_string().contains("Number not found"), "{err}");

    let typed: ErrorResponse = e.decode_body().unwrap();
    assert_eq!(typed.status, ErrorResponseStatus::ErrorValue);
    assert_eq!(typed.error.code, 404);
    assert_eq!(typed.error.message, "Number not found");
}

#[tokio::test]
async fn flat_error_body_with_string_code() {
    let body = r#"{"code":"NUMBER_LOCKED","message":"Number is locked by a port"}"#;
    let err = get_error(
        ResponseTemplate::new(409)
            .set_body_raw(body, "application/json")
            .insert_header("X-Request-Id", "req-409"),
    )
    .await;
    let e = api(&err);
    assert_eq!(e.status.as_u16(), 409);
    assert_eq!(e.code.as_deref(), Some("NUMBER_LOCKED"));
    assert_eq!(e.message.as_deref(), Some("Number is locked by a port"));
    assert_eq!(e.body, body);
    assert_eq!(e.request_id.as_deref(), Some("req-409"));
    // Not the spec's shape, so the typed decode says so instead of inventing values.
    assert!(e.decode_body::<ErrorResponse>().is_err());
}

#[tokio::test]
async fn plain_text_error_body() {
    let err = get_error(
        ResponseTemplate::new(500)
            .set_body_raw("Internal   Server\nError", "text/plain")
            .insert_header("X-Request-Id", "req-500"),
    )
    .await;
    let e = api(&err);
    assert_eq!(e.status.as_u16(), 500);
    assert_eq!(e.code, None);
    assert_eq!(e.message.as_deref(), Some("Internal Server Error"));
    assert_eq!(e.body, "Internal   Server\nError");
    assert_eq!(e.request_id.as_deref(), Some("req-500"));
}

#[tokio::test]
async fn html_502_page() {
    let page = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title>\
                <style>body{color:red}</style></head><body><h1>Bad Gateway</h1>\
                <p>nginx</p></body></html>";
    let err = get_error(
        ResponseTemplate::new(502)
            .set_body_raw(page, "text/html; charset=utf-8")
            .insert_header("X-Request-Id", "req-502"),
    )
    .await;
    let e = api(&err);
    assert_eq!(e.status.as_u16(), 502);
    assert_eq!(e.code, None);
    assert_eq!(e.message.as_deref(), Some("502 Bad Gateway"));
    assert_eq!(e.body, page);
    assert_eq!(e.request_id.as_deref(), Some("req-502"));
}

#[tokio::test]
async fn empty_error_body() {
    let err =
        get_error(ResponseTemplate::new(404).insert_header("X-Request-Id", "req-empty")).await;
    let e = api(&err);
    assert_eq!(e.status.as_u16(), 404);
    assert_eq!((e.code.as_deref(), e.message.as_deref()), (None, None));
    assert_eq!(e.body, "");
    assert_eq!(e.request_id.as_deref(), Some("req-empty"));
    assert_eq!(err.to_string(), "numbersGet: HTTP 404 Not Found");
}

#[tokio::test]
async fn too_many_requests_is_rate_limited() {
    let body = json!({"status": "error", "error": {"code": 429, "message": "Slow down"}});
    let err = get_error(
        ResponseTemplate::new(429)
            .set_body_json(&body)
            .insert_header("X-Request-Id", "req-429"),
    )
    .await;
    let Error::RateLimited { retry_after, error } = &err else {
        panic!("expected Error::RateLimited, got {err:?}")
    };
    assert_eq!(*retry_after, None);
    assert_eq!(error.status.as_u16(), 429);
    assert_eq!(error.code.as_deref(), Some("429"));
    assert_eq!(error.message.as_deref(), Some("Slow down"));
    assert_eq!(error.request_id.as_deref(), Some("req-429"));
    assert_eq!(err.api_error().unwrap().body, body.to_string());
}

// ---------------------------------------------------------------------------
// 2. Retry counts

#[tokio::test]
async fn get_succeeds_after_one_503() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(success(200, json!({"number": NUMBER, "route": 4})))
        .mount(&server)
        .await;
    let detail = client(&server).numbers().get(NUMBER).await.unwrap();
    assert_eq!(detail.number.as_deref(), Some(NUMBER));
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn get_on_persistent_502_makes_exactly_max_attempts_requests() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let err = client(&server).numbers().get(NUMBER).await.unwrap_err();
    assert_eq!(api(&err).status.as_u16(), 502);
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn bad_request_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"status": "error", "error": {"code": 400, "message": "Invalid number"}}),
        ))
        .mount(&server)
        .await;
    let err = client(&server).numbers().get(NUMBER).await.unwrap_err();
    assert_eq!(api(&err).status.as_u16(), 400);
    assert_eq!(received(&server).await.len(), 1);
}

// ---------------------------------------------------------------------------
// 3. Retry-After

#[tokio::test]
async fn retry_after_within_the_cap_is_waited_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(success(200, json!({"number": NUMBER})))
        .mount(&server)
        .await;
    let started = Instant::now();
    client(&server).numbers().get(NUMBER).await.unwrap();
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(950), "{elapsed:?}");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn retry_after_above_the_cap_returns_rate_limited_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "120"))
        .mount(&server)
        .await;
    let started = Instant::now();
    let err = client(&server).numbers().get(NUMBER).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_millis(500), "{elapsed:?}");
    let Error::RateLimited { retry_after, .. } = &err else {
        panic!("expected Error::RateLimited, got {err:?}")
    };
    assert_eq!(*retry_after, Some(Duration::from_secs(120)));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(received(&server).await.len(), 1);
}

// ---------------------------------------------------------------------------
// 4. Idempotency

fn is_uuid_v4(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && s.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
        && groups[2].starts_with('4')
}

async fn order_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2.2/orders"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2.2/orders"))
        .respond_with(success(
            201,
            json!({"orderId": "o-1", "numbersOrdered": [NUMBER], "amountCharged": 1.5}),
        ))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn order_create_retries_with_the_same_generated_key() {
    let server = order_server().await;
    let created = client(&server)
        .i_numbering()
        .order_create(order())
        .await
        .unwrap();
    assert_eq!(created.order_id.as_deref(), Some("o-1"));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    let first = header(&requests[0], "idempotency-key").expect("a key is generated");
    assert!(is_uuid_v4(&first), "not a UUID v4: {first}");
    assert_eq!(header(&requests[1], "idempotency-key"), Some(first));
}

#[tokio::test]
async fn order_create_retries_with_the_callers_key() {
    let server = order_server().await;
    client(&server)
        .i_numbering()
        .order_create(order())
        .idempotency_key("order-2024-06-01_A")
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_eq!(
            header(r, "idempotency-key").as_deref(),
            Some("order-2024-06-01_A")
        );
    }
}

#[tokio::test]
async fn post_without_idempotency_key_is_sent_once_on_503() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let c = client(&server);

    let err = c
        .messaging()
        .message_send(message(NUMBER))
        .await
        .unwrap_err();
    assert_eq!(api(&err).status.as_u16(), 503);
    assert_eq!(received(&server).await.len(), 1, "messageSend was re-sent");

    let err = c.numbers().create(new_number()).await.unwrap_err();
    assert_eq!(api(&err).status.as_u16(), 503);
    assert_eq!(
        received(&server).await.len(),
        2,
        "numbersCreate was re-sent"
    );

    let requests = received(&server).await;
    assert!(requests
        .iter()
        .all(|r| r.headers.get("idempotency-key").is_none()));
}

#[tokio::test]
async fn post_without_idempotency_key_is_sent_once_on_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(message_sent().set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let c = Client::builder()
        .base_url(server.uri())
        .bearer_token(KEY)
        .retry(fast_retry())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = c
        .messaging()
        .message_send(message(NUMBER))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(received(&server).await.len(), 1);
}

// ---------------------------------------------------------------------------
// 5. Timeouts

async fn slow_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(success(200, json!({"number": NUMBER})).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn slow_server_gives_timeout_quickly() {
    let server = slow_server().await;
    let c = Client::builder()
        .base_url(server.uri())
        .bearer_token(KEY)
        .retry(fast_retry())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = c
        .numbers()
        .get(NUMBER)
        .with_options(one_attempt())
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    let Error::Timeout { operation, after } = err else {
        panic!("expected Error::Timeout, got {err:?}")
    };
    assert_eq!(operation, "numbersGet");
    assert_eq!(after, Duration::from_millis(200));
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
}

#[tokio::test]
async fn timeouts_of_a_get_are_retried_up_to_max_attempts() {
    let server = slow_server().await;
    let c = client(&server).with_options(CallOptions::new().timeout(Duration::from_millis(150)));
    let started = Instant::now();
    let err = c.numbers().get(NUMBER).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn timeout_covers_a_slow_body() {
    // A server that sends the status line and headers at once, then stalls
    // in the middle of the body.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = [0u8; 4096];
        let _ = stream.read(&mut request);
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"status\":",
        );
        let _ = stream.flush();
        std::thread::sleep(Duration::from_secs(5));
    });
    let c = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .bearer_token(KEY)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = c
        .numbers()
        .get(NUMBER)
        .with_options(one_attempt())
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
}

// ---------------------------------------------------------------------------
// 6. Authentication per operation

#[tokio::test]
async fn bearer_token_is_sent_on_ordinary_operations() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(success(200, json!({"number": NUMBER})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(message_sent())
        .mount(&server)
        .await;
    let c = client(&server);
    c.numbers().get(NUMBER).await.unwrap();
    c.messaging().message_send(message(NUMBER)).await.unwrap();
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_eq!(
            header(r, "authorization"),
            Some(format!("Bearer {KEY}")),
            "{} {}",
            r.method,
            r.url
        );
    }
}

async fn mount_security_none_ops(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/v2.2/account/api-key"))
        .respond_with(success(
            200,
            json!({"apikey": "0123456789abcdef0123456789abcdef"}),
        ))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2.2/accounts"))
        .respond_with(success(
            201,
            json!({"username": "1000000002", "name": "Ada", "email": "ada@example.com"}),
        ))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2.2/account/recovery"))
        .respond_with(success(200, json!({"message": "Recovery email sent"})))
        .mount(server)
        .await;
}

async fn call_security_none_ops(c: &Client) {
    let key = c
        .account()
        .api_key(AccountApiKeyRequest::new(AccountApiKeyRequestRequired {
            password: "correct horse".into(),
            username: "1000000001".into(),
        }))
        .await
        .unwrap();
    assert_eq!(
        key.apikey.as_deref(),
        Some("0123456789abcdef0123456789abcdef")
    );
    let signup = c
        .account()
        .create(AccountSignupRequest::new(AccountSignupRequestRequired {
            email: "ada@example.com".into(),
            name: "Ada".into(),
        }))
        .await
        .unwrap();
    assert_eq!(signup.username.as_deref(), Some("1000000002"));
    let recovery = c
        .account()
        .recovery(AccountRecoverRequest::new("ada@example.com"))
        .await
        .unwrap();
    assert_eq!(recovery.message.as_deref(), Some("Recovery email sent"));
}

#[tokio::test]
async fn security_none_operations_send_no_credential() {
    let server = MockServer::start().await;
    mount_security_none_ops(&server).await;
    call_security_none_ops(&client(&server)).await;
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    for r in &requests {
        assert!(
            r.headers.get("authorization").is_none(),
            "credential sent to {}",
            r.url.path()
        );
        assert!(!format!("{:?}", r.headers).contains(KEY));
    }
}

#[tokio::test]
async fn security_none_operations_work_without_any_credential() {
    let server = MockServer::start().await;
    mount_security_none_ops(&server).await;
    let anonymous = Client::builder().base_url(server.uri()).build().unwrap();
    call_security_none_ops(&anonymous).await;
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn missing_credential_fails_before_sending_and_names_the_scheme() {
    let server = MockServer::start().await;
    let anonymous = Client::builder().base_url(server.uri()).build().unwrap();
    let err = anonymous.numbers().get(NUMBER).await.unwrap_err();
    let Error::Config(msg) = &err else {
        panic!("expected Error::Config, got {err:?}")
    };
    assert!(msg.contains("bearerAuth"), "{msg}");
    assert!(msg.contains("numbersGet"), "{msg}");
    let err = anonymous
        .messaging()
        .message_send(message(NUMBER))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Config(m) if m.contains("bearerAuth")),
        "{err:?}"
    );
    assert!(received(&server).await.is_empty());
}

// ---------------------------------------------------------------------------
// 7. Redaction of the API key

#[tokio::test]
async fn client_debug_hides_the_key() {
    let builder = Client::builder()
        .base_url("https://api.voicetel.example")
        .bearer_token(KEY);
    let shown_builder = format!("{builder:?}");
    let c = builder.build().unwrap();
    let shown = format!(
        "{shown_builder} {c:?} {c:#?} {:?} {:?}",
        c.with_options(one_attempt()),
        c.numbers().get(NUMBER)
    );
    assert!(shown.contains("bearerAuth"), "{shown}");
    assert!(!shown.contains(KEY), "the key leaked: {shown}");
}

#[tokio::test]
async fn key_echoed_by_the_server_is_scrubbed_from_api_errors() {
    let err = get_error(
        ResponseTemplate::new(401)
            .set_body_json(json!({
                "status": "error",
                "error": {"code": 401, "message": format!("API key {KEY} is revoked")}
            }))
            .insert_header("X-Request-Id", "req-401"),
    )
    .await;
    let e = api(&err);
    assert_eq!(e.status.as_u16(), 401);
    assert_eq!(e.message.as_deref(), Some("API key *** is revoked"));
    assert!(!e.body.contains(KEY), "{}", e.body);
    assert_hides_key(&err);
}

#[tokio::test]
async fn key_echoed_in_an_error_header_is_not_shown() {
    // Gateways put the rejected token in `WWW-Authenticate`.
    let err = get_error(ResponseTemplate::new(401).insert_header(
        "WWW-Authenticate",
        format!(r#"Bearer error="invalid_token", error_description="token {KEY} has expired""#),
    ))
    .await;
    assert_eq!(api(&err).status.as_u16(), 401);
    assert_hides_key(&err);
}

#[tokio::test]
async fn key_echoed_in_an_undecodable_success_is_not_shown() {
    // A base URL that points at an echo service (a debugging proxy, an
    // httpbin-like endpoint) answers 200 with the request's headers, which
    // does not decode as the operation's response.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(|r: &Request| {
            let headers: serde_json::Map<String, serde_json::Value> = r
                .headers
                .iter()
                .map(|(k, v)| (k.to_string(), json!(v.to_str().unwrap())))
                .collect();
            ResponseTemplate::new(200).set_body_json(json!({"headers": headers}))
        })
        .mount(&server)
        .await;
    let err = client(&server).numbers().get(NUMBER).await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_hides_key(&err);
}

#[tokio::test]
async fn connection_refused_error_hides_the_key() {
    let port = closed_port();
    // A credential in the base URL's user info must not show either.
    let url_secret = "urlpass_SECRET_5e6f";
    let c = Client::builder()
        .base_url(format!("http://user:{url_secret}@127.0.0.1:{port}"))
        .bearer_token(KEY)
        .retry(fast_retry())
        .build()
        .unwrap();
    let err = c.numbers().get(NUMBER).await.unwrap_err();
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
    assert_hides_key(&err);
    let shown = format!("{err} | {err:?} | {c:?}");
    assert!(!shown.contains(url_secret), "{shown}");

    // A POST that never reached a server fails the same way.
    let err = c
        .messaging()
        .message_send(message(NUMBER))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
    assert_hides_key(&err);
}

#[tokio::test]
async fn timeout_error_hides_the_key() {
    let server = slow_server().await;
    let c = Client::builder()
        .base_url(server.uri())
        .bearer_token(KEY)
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = c
        .numbers()
        .get(NUMBER)
        .with_options(one_attempt())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_hides_key(&err);
}

/// A `tracing` writer that keeps everything written to it.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Needs the dev-dependency
/// `tracing-subscriber = { version = "0.3", default-features = false, features = ["fmt", "std"] }`.
#[tokio::test]
async fn trace_output_never_contains_the_key() {
    use tracing_subscriber::fmt::format::FmtSpan;
    use tracing_subscriber::util::SubscriberInitExt;

    let capture = Capture::default();
    let writer = capture.clone();
    // The test runs on one thread (`#[tokio::test]` is single-threaded), so a
    // thread-local subscriber sees the client, its connections and nothing of other tests.
    let _guard = tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_writer(move || writer.clone())
        .finish()
        .set_default();

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2.2/numbers/{NUMBER}")))
        .respond_with(success(200, json!({"number": NUMBER})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v2.2/numbers/{OTHER_NUMBER}")))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "status": "error",
            "error": {"code": 401, "message": format!("API key {KEY} is revoked")}
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(message_sent().set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let c = Client::builder()
        .base_url(server.uri())
        .bearer_token(KEY)
        .retry(fast_retry())
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    c.numbers().get(NUMBER).await.unwrap();
    c.numbers().get(OTHER_NUMBER).await.unwrap_err();
    c.messaging()
        .message_send(message(NUMBER))
        .await
        .unwrap_err();
    c.messaging()
        .message_send(message("123"))
        .await
        .unwrap_err();
    let refused = Client::builder()
        .base_url(format!("http://127.0.0.1:{}", closed_port()))
        .bearer_token(KEY)
        .retry(fast_retry())
        .build()
        .unwrap();
    refused.numbers().get(NUMBER).await.unwrap_err();

    let text = capture.text();
    assert!(
        text.contains("numbersGet") && text.contains("messageSend"),
        "nothing was traced: {text}"
    );
    assert!(!text.contains(KEY), "the key reached the trace:\n{text}");
}

// ---------------------------------------------------------------------------
// 8. Validation

/// A DNIS translation the official SDK sends and the server accepts, though
/// the spec's pattern asks for ten digits.
const SEVEN_DIGITS: &str = "5551234";

async fn translation_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/v2.2/numbers/{NUMBER}/translation")))
        .respond_with(success(
            200,
            json!({"number": NUMBER, "translation": SEVEN_DIGITS}),
        ))
        .mount(&server)
        .await;
    server
}

fn translation(c: &Client) -> voicetel::apis::numbers::NumbersTranslation {
    c.numbers()
        .translation(NUMBER, NumberTranslationRequest::new(SEVEN_DIGITS))
}

#[tokio::test]
async fn constraints_the_server_may_not_enforce_are_not_checked_by_default() {
    let server = translation_server().await;
    translation(&client(&server)).await.unwrap();
    let sent = received(&server).await;
    assert_eq!(sent.len(), 1);
    let body: serde_json::Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(body, json!({"translation": SEVEN_DIGITS}));
}

fn assert_translation_refused(err: &Error) {
    let Error::Validation(v) = err else {
        panic!("expected Error::Validation, got {err:?}")
    };
    assert_eq!(v.operation, "numbersTranslation");
    assert_eq!(v.field, "body.translation");
    assert!(v.reason.contains("does not match the pattern"), "{err}");
}

#[tokio::test]
async fn validation_on_the_client_refuses_before_sending() {
    let server = translation_server().await;
    let strict = Client::builder()
        .base_url(server.uri())
        .bearer_token(KEY)
        .validate(true)
        .build()
        .unwrap();
    let err = translation(&strict).await.unwrap_err();
    assert_translation_refused(&err);
    assert!(received(&server).await.is_empty());
    // One call can still opt out.
    translation(&strict).validate(false).await.unwrap();
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn validation_on_for_one_call_only() {
    let server = translation_server().await;
    let c = client(&server);
    let err = translation(&c).validate(true).await.unwrap_err();
    assert_translation_refused(&err);
    assert!(received(&server).await.is_empty());
    // The next call is not checked.
    translation(&c).await.unwrap();
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn validation_on_a_client_handle() {
    let server = translation_server().await;
    let strict = client(&server).with_options(CallOptions::new().validate(true));
    let err = translation(&strict).await.unwrap_err();
    assert_translation_refused(&err);
    assert!(received(&server).await.is_empty());
}

#[test]
fn request_values_validate_on_demand() {
    let err = NumberTranslationRequest::new(SEVEN_DIGITS)
        .validate()
        .unwrap_err();
    assert_eq!(err.field, "translation");
    assert!(err.reason.contains("does not match the pattern"), "{err}");
    NumberTranslationRequest::new("2015550123")
        .validate()
        .unwrap();
    assert!(message("123").validate().is_err());
    message(NUMBER).validate().unwrap();
}

// ---------------------------------------------------------------------------
// 9. Success statuses other than the declared one

#[tokio::test]
async fn operations_declared_201_accept_200() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2.2/numbers"))
        .respond_with(success(200, json!({"number": NUMBER, "route": 4})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2.2/messages"))
        .respond_with(success(200, json!({"id": "m-7", "parts": 2})))
        .mount(&server)
        .await;
    let c = client(&server);
    let added = c.numbers().create(new_number()).await.unwrap();
    assert_eq!(
        (added.number.as_deref(), added.route),
        (Some(NUMBER), Some(4))
    );
    let sent = c
        .messaging()
        .message_send(message(NUMBER))
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(sent.status().as_u16(), 200);
    assert_eq!((sent.id.as_deref(), sent.parts), (Some("m-7"), Some(2)));
}

#[tokio::test]
async fn operations_declared_204_accept_200_with_a_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/v2.2/numbers/{NUMBER}")))
        .respond_with(success(200, json!({"number": NUMBER, "deleted": true})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/v2.2/numbers/{NUMBER}/release")))
        .respond_with(ResponseTemplate::new(200).set_body_raw("released", "text/plain"))
        .mount(&server)
        .await;
    let c = client(&server);
    c.numbers().delete(NUMBER).await.unwrap();
    let released = c
        .numbers()
        .release(NUMBER)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(released.status().as_u16(), 200);
    assert_eq!(received(&server).await.len(), 2);
}

// ---------------------------------------------------------------------------
// 10. Forward compatibility of responses

#[tokio::test]
async fn unknown_enum_value_and_extra_fields_decode() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2.2/messages"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "status": "success",
            "data": {
                "id": "m-9",
                "type": "rcs",
                "parts": 1,
                "deliveredVia": {"network": "future", "hops": [1, 2]},
                "priority": "high"
            },
            "meta": {"apiVersion": "2.3"}
        })))
        .mount(&server)
        .await;
    let sent = client(&server)
        .messaging()
        .message_send(message(NUMBER))
        .await
        .unwrap();
    assert_eq!(
        sent.r#type,
        Some(MessageSendDataType::Unknown("rcs".into()))
    );
    assert_eq!((sent.id.as_deref(), sent.parts), (Some("m-9"), Some(1)));
}

// ---------------------------------------------------------------------------
// 11. Response metadata and User-Agent

#[tokio::test]
async fn send_with_response_exposes_status_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2.2/messages"))
        .respond_with(
            message_sent()
                .insert_header("X-Request-Id", "req-201")
                .insert_header("X-RateLimit-Remaining", "41"),
        )
        .mount(&server)
        .await;
    let response = client(&server)
        .messaging()
        .message_send(message(NUMBER))
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.headers()["x-request-id"], "req-201");
    assert_eq!(response.headers()["x-ratelimit-remaining"], "41");
    assert_eq!(response.id.as_deref(), Some("m-1"));
    let data = response.into_inner();
    assert_eq!(data.r#type, Some(MessageSendDataType::Sms));
}

#[tokio::test]
async fn user_agent_is_crate_name_and_version() {
    // The generated crate's own version, not this test crate's.
    let version = include_str!("../generated/Cargo.toml")
        .lines()
        .find_map(|l| l.strip_prefix("version = "))
        .unwrap()
        .trim_matches('"');
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(success(200, json!({"number": NUMBER})))
        .mount(&server)
        .await;
    client(&server).numbers().get(NUMBER).await.unwrap();
    let requests = received(&server).await;
    assert_eq!(
        header(&requests[0], "user-agent"),
        Some(format!("voicetel/{version}"))
    );
}

#[tokio::test]
async fn caller_supplied_http_client_still_times_out() {
    let server = slow_server().await;
    let c = Client::builder()
        .base_url(server.uri())
        .bearer_token(KEY)
        .http_client(reqwest::Client::new())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = c
        .numbers()
        .get(NUMBER)
        .with_options(one_attempt())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout { after, .. } if after == Duration::from_millis(200)),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_hides_key(&err);
}

// ---- Errors as values to branch on ----

#[tokio::test]
async fn error_predicates_name_what_happened() {
    let body = json!({"status": "error", "error": {"code": 404, "message": "Number not found"}});
    let not_found = get_error(ResponseTemplate::new(404).set_body_json(&body)).await;
    assert!(not_found.is_not_found() && !not_found.is_unauthorized());
    assert!(!not_found.is_retryable() && !not_found.is_server_error());
    assert_eq!(not_found.body_as::<serde_json::Value>(), Some(body));

    for status in [401, 403] {
        let err = get_error(ResponseTemplate::new(status)).await;
        assert!(err.is_unauthorized() && !err.is_not_found(), "{status}");
    }
    let server_error = get_error(ResponseTemplate::new(500).set_body_string("boom")).await;
    assert!(server_error.is_server_error() && server_error.is_retryable());
    assert_eq!(server_error.body(), Some("boom"));
    assert_eq!(server_error.status().map(|s| s.as_u16()), Some(500));

    let limited = get_error(ResponseTemplate::new(429).insert_header("Retry-After", "60")).await;
    assert!(limited.is_rate_limited() && limited.is_retryable());
    assert!(!limited.is_timeout() && !limited.is_server_error());
}

#[tokio::test]
async fn declared_error_bodies_come_typed_per_operation() {
    use voicetel::apis::numbers::NumbersGetError;
    let err = get_error(ResponseTemplate::new(404).set_body_json(
        json!({"status": "error", "error": {"code": 404, "message": "Number not found"}}),
    ))
    .await;
    let Some(NumbersGetError::Status404(body)) = err.typed() else {
        panic!(
            "expected a typed 404, got {:?}",
            err.typed::<NumbersGetError>()
        )
    };
    assert_eq!(body.error.message, "Number not found");

    // A status the operation does not declare, and a declared one whose body
    // is not the declared schema, are `Unknown`; the raw body stays at hand.
    let undeclared = get_error(ResponseTemplate::new(409).set_body_string("conflict")).await;
    assert_eq!(undeclared.typed(), Some(NumbersGetError::Unknown));
    let odd = get_error(ResponseTemplate::new(401).set_body_string("<html>no</html>")).await;
    assert_eq!(odd.typed(), Some(NumbersGetError::Unknown));
    assert_eq!(odd.body(), Some("<html>no</html>"));
}

// ---- Retries and deadlines ----

#[tokio::test]
async fn get_is_retried_on_500_and_post_without_key_is_not() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(success(200, json!({"number": NUMBER})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let c = client(&server);
    c.numbers().get(NUMBER).await.unwrap();
    assert_eq!(received(&server).await.len(), 2);
    let err = c
        .messaging()
        .message_send(message(NUMBER))
        .await
        .unwrap_err();
    assert!(err.is_server_error(), "{err:?}");
    assert_eq!(received(&server).await.len(), 3, "the POST was sent once");

    // The statuses retried are the policy's to choose.
    let strict = RetryPolicy::default().with_statuses([503]);
    let server = server_answering_get(ResponseTemplate::new(500)).await;
    let err = client(&server)
        .numbers()
        .get(NUMBER)
        .with_options(CallOptions::new().retry(strict))
        .await
        .unwrap_err();
    assert!(err.is_server_error());
    assert_eq!(received(&server).await.len(), 1);
}

async fn server_answering_get(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn deadline_bounds_all_attempts_together() {
    let server = slow_server().await;
    let c = Client::builder()
        .base_url(server.uri())
        .bearer_token(KEY)
        .retry(fast_retry())
        .timeout(Duration::from_millis(150))
        .deadline(Duration::from_millis(400))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = c.numbers().get(NUMBER).await.unwrap_err();
    let elapsed = started.elapsed();
    // Three attempts of 150 ms would take 450 ms and more: the deadline cuts the third.
    assert!(
        matches!(err, Error::Timeout { after, .. } if after == Duration::from_millis(400)),
        "{err:?}"
    );
    assert!(err.is_timeout());
    assert!(elapsed < Duration::from_millis(800), "{elapsed:?}");
    assert_eq!(received(&server).await.len(), 3);

    // Per call, with the per-attempt timeout left long.
    let started = Instant::now();
    let err = client(&server)
        .numbers()
        .get(NUMBER)
        .with_options(CallOptions::new().deadline(Duration::from_millis(200)))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn no_retry_waits_past_the_deadline() {
    let server =
        server_answering_get(ResponseTemplate::new(503).insert_header("Retry-After", "2")).await;
    let started = Instant::now();
    let err = client(&server)
        .numbers()
        .get(NUMBER)
        .with_options(CallOptions::new().deadline(Duration::from_millis(500)))
        .await
        .unwrap_err();
    // The server's own answer, at once, rather than a timeout after waiting.
    assert_eq!(err.retry_after(), Some(Duration::from_secs(2)));
    assert!(started.elapsed() < Duration::from_millis(400));
    assert_eq!(received(&server).await.len(), 1);
}

// ---- Credentials that change ----

fn api_key_issued(key: &str) -> ResponseTemplate {
    success(200, json!({"apikey": key}))
}

#[tokio::test]
async fn credential_set_at_run_time_reaches_every_clone() {
    let server = server_answering_get(success(200, json!({"number": NUMBER}))).await;
    let first = client(&server);
    let clone = first.clone();
    let handle = first.with_options(one_attempt());
    first.set_bearer_token("sk_live_ROTATED_0c1d2e3f").unwrap();
    clone.numbers().get(NUMBER).await.unwrap();
    handle.numbers().get(NUMBER).await.unwrap();
    for r in received(&server).await {
        assert_eq!(
            header(&r, "authorization").as_deref(),
            Some("Bearer sk_live_ROTATED_0c1d2e3f")
        );
    }
    // A credential that cannot be sent is refused, and the one in place kept.
    let err = first.set_bearer_token("").unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    clone.numbers().get(NUMBER).await.unwrap();
    let last = received(&server).await.pop().unwrap();
    assert_eq!(
        header(&last, "authorization").as_deref(),
        Some("Bearer sk_live_ROTATED_0c1d2e3f")
    );
}

#[tokio::test]
async fn api_key_exchanged_installed_and_refetched_after_a_password_change() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2.2/account/api-key"))
        .respond_with(api_key_issued("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2.2/account/api-key"))
        .respond_with(api_key_issued("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v2.2/auth"))
        .respond_with(success(200, json!({"password": "updated"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(success(200, json!({"number": NUMBER})))
        .mount(&server)
        .await;

    // No credential yet: the key exchange is an operation without auth.
    let c = Client::builder().base_url(server.uri()).build().unwrap();
    let login = |password: &str| {
        AccountApiKeyRequest::new(AccountApiKeyRequestRequired {
            password: password.into(),
            username: "alice".into(),
        })
    };
    let key = c.account().api_key(login("secret1")).await.unwrap().apikey;
    c.set_bearer_token(key.unwrap()).unwrap();
    c.numbers().get(NUMBER).await.unwrap();

    c.authentication()
        .put(voicetel::types::AuthPutRequest::new().with_password("secret2"))
        .await
        .unwrap();
    let key = c.account().api_key(login("secret2")).await.unwrap().apikey;
    c.set_bearer_token(key.unwrap()).unwrap();
    c.numbers().get(NUMBER).await.unwrap();

    let auth: Vec<Option<String>> = received(&server)
        .await
        .iter()
        .map(|r| header(r, "authorization"))
        .collect();
    let bearer = |k: &str| Some(format!("Bearer {}", k.repeat(32)));
    assert_eq!(
        auth,
        [None, bearer("a"), bearer("a"), None, bearer("b")],
        "exchange, call, password change, exchange, call"
    );
}

// ---- Escape hatches ----

#[tokio::test]
async fn extra_headers_and_query_parameters_per_call() {
    let server = server_answering_get(success(200, json!({"number": NUMBER}))).await;
    let tenant = client(&server).with_options(CallOptions::new().header("X-Tenant", "acme"));
    tenant
        .numbers()
        .get(NUMBER)
        .header("X-Trace", "t-1")
        .query("expand", "routes")
        .with_options(one_attempt())
        .await
        .unwrap();
    let r = &received(&server).await[0];
    assert_eq!(header(r, "x-tenant").as_deref(), Some("acme"));
    assert_eq!(header(r, "x-trace").as_deref(), Some("t-1"));
    assert_eq!(r.url.query(), Some("expand=routes"));
    assert_eq!(
        header(r, "authorization"),
        Some(format!("Bearer {KEY}")),
        "credentials still sent"
    );

    let err = client(&server)
        .numbers()
        .get(NUMBER)
        .header("X-Bad", "a\nb")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    assert_eq!(
        received(&server).await.len(),
        1,
        "an invalid header is never sent"
    );
}

#[derive(Default)]
struct Recorder {
    requests: Mutex<Vec<String>>,
    statuses: Mutex<Vec<(u32, u16)>>,
}

impl voicetel::Hook for Recorder {
    fn on_request(&self, operation: &'static str, request: &mut reqwest::Request) {
        request
            .headers_mut()
            .insert("x-signed", "yes".parse().unwrap());
        self.requests
            .lock()
            .unwrap()
            .push(format!("{operation} {}", request.url().path()));
    }

    fn on_response(&self, response: &voicetel::HookResponse<'_>) {
        self.statuses
            .lock()
            .unwrap()
            .push((response.attempt, response.status.as_u16()));
    }
}

#[tokio::test]
async fn hooks_see_every_attempt_and_may_change_the_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(success(200, json!({"number": NUMBER})))
        .mount(&server)
        .await;
    let recorder = Arc::new(Recorder::default());
    let c = Client::builder()
        .base_url(server.uri())
        .bearer_token(KEY)
        .retry(fast_retry())
        .hook(Arc::clone(&recorder))
        .build()
        .unwrap();
    c.numbers().get(NUMBER).await.unwrap();
    let sent = format!("numbersGet /v2.2/numbers/{NUMBER}");
    assert_eq!(*recorder.requests.lock().unwrap(), [sent.clone(), sent]);
    assert_eq!(*recorder.statuses.lock().unwrap(), [(1, 503), (2, 200)]);
    for r in received(&server).await {
        assert_eq!(header(&r, "x-signed").as_deref(), Some("yes"));
    }
}

#[tokio::test]
async fn successes_carry_request_id_and_raw_body() {
    let body = json!({"status": "success", "data": {"number": NUMBER, "notInTheSpec": 7}});
    let server = server_answering_get(
        ResponseTemplate::new(200)
            .set_body_json(&body)
            .insert_header("X-Request-Id", "req-ok-1"),
    )
    .await;
    let response = client(&server)
        .numbers()
        .get(NUMBER)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.request_id(), Some("req-ok-1"));
    let raw: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(raw["data"]["notInTheSpec"], 7);
}

#[tokio::test]
async fn untyped_call_reuses_auth_retries_and_options() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2.2/unlisted"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2.2/unlisted"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"beta": true})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2.2/unlisted"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let c = client(&server);
    let raw = c
        .request(reqwest::Method::GET, "/v2.2/unlisted")
        .query("limit", 10)
        .header("X-Extra", "1")
        .send()
        .await
        .unwrap();
    let value = raw.json::<serde_json::Value>().unwrap().into_inner();
    assert_eq!(value, json!({"beta": true}));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2, "the 503 was retried");
    for r in &requests {
        assert_eq!(header(r, "authorization"), Some(format!("Bearer {KEY}")));
        assert_eq!(r.url.query(), Some("limit=10"));
        assert_eq!(header(r, "x-extra").as_deref(), Some("1"));
    }

    let err = c
        .request(reqwest::Method::POST, "/v2.2/unlisted")
        .json(&json!({"a": 1}))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_server_error());
    let posts: Vec<Request> = received(&server)
        .await
        .into_iter()
        .filter(|r| r.method.as_str() == "POST")
        .collect();
    assert_eq!(
        posts.len(),
        1,
        "a POST without idempotency key is sent once"
    );
    assert_eq!(posts[0].body, br#"{"a":1}"#);
    assert_eq!(
        header(&posts[0], "content-type").as_deref(),
        Some("application/json")
    );
    assert_hides_key(&err);
}
