//! `Client::execute` against a local mock server: which failures are
//! retried and how often, idempotency keys, `Retry-After`, timeouts and
//! connection failures.

mod common;

use std::time::{Duration, Instant, SystemTime};

use codegen_runtime::{CallOptions, ClientBuilder, Error, Operation, RetryPolicy};
use common::*;
use wiremock::matchers::{any, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_answering(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status))
        .mount(&server)
        .await;
    server
}

async fn requests_received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

async fn attempts_for(op: &'static Operation, status: u16) -> (usize, Error) {
    let server = server_answering(status).await;
    let error = client(&server)
        .execute(request(op), &CallOptions::new())
        .await
        .unwrap_err();
    (requests_received(&server).await, error)
}

#[tokio::test]
async fn get_is_retried_on_each_retryable_status() {
    for status in [429, 500, 502, 503, 504] {
        let (sent, error) = attempts_for(&GET_ITEM, status).await;
        assert_eq!(sent, 3, "status {status}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        match (status, &error) {
            (
                429,
                Error::RateLimited {
                    retry_after: None, ..
                },
            ) => {}
            (500..=504, Error::Api(_)) => {}
            _ => panic!("status {status} gave {error:?}"),
        }
    }
}

#[tokio::test]
async fn other_statuses_are_not_retried() {
    for status in [400, 401, 403, 404, 409, 422, 501] {
        let (sent, error) = attempts_for(&GET_ITEM, status).await;
        assert_eq!(sent, 1, "status {status}");
        assert!(matches!(error, Error::Api(_)), "{error:?}");
    }
}

#[tokio::test]
async fn idempotent_methods_are_retried() {
    for op in [&GET_ITEM, &HEAD_ITEM, &PUT_ITEM, &DELETE_ITEM] {
        let (sent, _) = attempts_for(op, 503).await;
        assert_eq!(sent, 3, "{}", op.id);
    }
}

#[tokio::test]
async fn post_and_patch_without_a_key_are_sent_once() {
    for op in [&CREATE_ITEM, &PATCH_ITEM] {
        for status in [429, 502, 503, 504] {
            let (sent, _) = attempts_for(op, status).await;
            assert_eq!(sent, 1, "{} on {status}", op.id);
        }
    }
}

#[tokio::test]
async fn post_without_a_key_is_not_resent_after_a_timeout() {
    for op in [&CREATE_ITEM, &PATCH_ITEM] {
        let server = MockServer::start().await;
        Mock::given(method(op.method.as_str()))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(500)))
            .mount(&server)
            .await;
        let client = builder(&server)
            .timeout(Duration::from_millis(100))
            .build()
            .unwrap();
        let error = client
            .execute(request(op), &CallOptions::new())
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
        assert_eq!(requests_received(&server).await, 1, "{}", op.id);
    }
}

fn keys_of(requests: &[wiremock::Request]) -> Vec<String> {
    requests
        .iter()
        .map(|r| {
            r.headers
                .get("idempotency-key")
                .expect("no idempotency key")
                .to_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

fn is_uuid_v4(key: &str) -> bool {
    let groups: Vec<usize> = key.split('-').map(str::len).collect();
    groups == [8, 4, 4, 4, 12]
        && key.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
        && key.as_bytes()[14] == b'4'
        && matches!(key.as_bytes()[19], b'8' | b'9' | b'a' | b'b')
}

#[tokio::test]
async fn keyed_post_and_patch_are_retried_with_one_fresh_key() {
    for op in [&CREATE_ITEM_KEYED, &PATCH_ITEM_KEYED] {
        let server = server_answering(503).await;
        let client = client(&server);
        client
            .execute(request(op), &CallOptions::new())
            .await
            .unwrap_err();
        let first = keys_of(&server.received_requests().await.unwrap());
        assert_eq!(first.len(), 3, "{}", op.id);
        assert!(first.iter().all(|k| k == &first[0]), "{first:?}");
        assert!(is_uuid_v4(&first[0]), "{}", first[0]);

        server.reset().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        client
            .execute(request(op), &CallOptions::new())
            .await
            .unwrap_err();
        let second = keys_of(&server.received_requests().await.unwrap());
        assert_ne!(second[0], first[0], "each call needs its own key");
    }
}

#[tokio::test]
async fn keyed_post_is_retried_after_a_timeout_with_the_same_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_delay(Duration::from_millis(500)))
        .mount(&server)
        .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(80))
        .build()
        .unwrap();
    let error = client
        .execute(request(&CREATE_ITEM_KEYED), &CallOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    let keys = keys_of(&server.received_requests().await.unwrap());
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|k| k == &keys[0]));
}

#[tokio::test]
async fn a_key_set_by_the_caller_is_kept() {
    let server = server_answering(503).await;
    let mut req = request(&CREATE_ITEM_KEYED);
    req.header("Idempotency-Key", "order-2024-0001").unwrap();
    client(&server)
        .execute(req, &CallOptions::new())
        .await
        .unwrap_err();
    let keys = keys_of(&server.received_requests().await.unwrap());
    assert_eq!(keys, vec!["order-2024-0001"; 3]);
}

#[tokio::test]
async fn attempts_follow_call_then_handle_then_client_settings() {
    let server = server_answering(503).await;
    let client = builder(&server)
        .retry(RetryPolicy {
            max_attempts: 4,
            ..fast_retry()
        })
        .build()
        .unwrap();
    let cases = [
        (client.clone(), CallOptions::new(), 4),
        (client.clone(), CallOptions::new().max_attempts(1), 1),
        (client.clone(), CallOptions::new().max_attempts(5), 5),
        (client.clone(), CallOptions::new().max_attempts(0), 1),
        (
            client.clone(),
            CallOptions::new().retry(RetryPolicy::none()),
            1,
        ),
        (
            client.clone(),
            CallOptions::new().retry(RetryPolicy {
                max_attempts: 2,
                ..fast_retry()
            }),
            2,
        ),
        (
            client.with_options(CallOptions::new().max_attempts(2)),
            CallOptions::new(),
            2,
        ),
        (
            client.with_options(CallOptions::new().max_attempts(2)),
            CallOptions::new().max_attempts(3),
            3,
        ),
    ];
    for (i, (client, options, expected)) in cases.into_iter().enumerate() {
        server.reset().await;
        Mock::given(path("/items/42"))
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        client
            .execute(request(&GET_ITEM), &options)
            .await
            .unwrap_err();
        assert_eq!(requests_received(&server).await, expected, "case {i}");
    }
}

#[tokio::test]
async fn a_retry_that_succeeds_returns_the_success() {
    let server = MockServer::start().await;
    Mock::given(path("/items/42"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(path("/items/42"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"id":42}"#))
        .mount(&server)
        .await;
    let raw = client(&server)
        .execute(request(&GET_ITEM), &CallOptions::new())
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
    assert_eq!(requests_received(&server).await, 3);
}

async fn rate_limited_once_then_ok(status: u16, retry_after: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/items/42"))
        .respond_with(ResponseTemplate::new(status).insert_header("Retry-After", retry_after))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/items/42"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn retry_after_in_seconds_is_waited_out() {
    let server = rate_limited_once_then_ok(429, "1").await;
    let started = Instant::now();
    client(&server)
        .execute(request(&GET_ITEM), &CallOptions::new())
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(950), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(2500), "{elapsed:?}");
    assert_eq!(requests_received(&server).await, 2);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_waited_out() {
    // Dates have whole seconds, so "in 2 s" means a wait between 1 and 2 s.
    let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let server = rate_limited_once_then_ok(503, &at).await;
    let started = Instant::now();
    client(&server)
        .execute(request(&GET_ITEM), &CallOptions::new())
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(3000), "{elapsed:?}");
    assert_eq!(requests_received(&server).await, 2);
}

#[tokio::test]
async fn retry_after_beyond_the_cap_is_returned_at_once() {
    let in_an_hour = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
    for (status, value, min_wait) in [
        (429, "120", 120),
        (503, "6", 6),
        (429, in_an_hour.as_str(), 3500),
    ] {
        let server = rate_limited_once_then_ok(status, value).await;
        let started = Instant::now();
        let error = client(&server)
            .execute(request(&GET_ITEM), &CallOptions::new())
            .await
            .unwrap_err();
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "{:?}",
            started.elapsed()
        );
        let Error::RateLimited {
            retry_after: Some(wait),
            error: api,
        } = &error
        else {
            panic!("{error:?}")
        };
        assert!(
            *wait >= Duration::from_secs(min_wait) && *wait <= Duration::from_secs(3600),
            "{wait:?}"
        );
        assert_eq!(api.status, status);
        assert_eq!(error.retry_after(), Some(*wait));
        assert_eq!(requests_received(&server).await, 1);
    }
}

async fn hint_in_body_once_then_ok(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/items/42"))
        .respond_with(response)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/items/42"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn retry_hint_in_the_body_is_honoured_without_the_header() {
    let body = serde_json::json!({"error": {"message": "slow down", "retryAfter": 1}});
    let server = hint_in_body_once_then_ok(ResponseTemplate::new(429).set_body_json(&body)).await;
    let started = Instant::now();
    client(&server)
        .execute(request(&GET_ITEM), &CallOptions::new())
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(950), "{elapsed:?}");
    assert_eq!(requests_received(&server).await, 2);

    // Beyond the cap: the error comes back at once, carrying the body's wait.
    let body = serde_json::json!({"error": {"retryAfter": "120"}});
    let server = hint_in_body_once_then_ok(ResponseTemplate::new(503).set_body_json(&body)).await;
    let error = client(&server)
        .execute(request(&GET_ITEM), &CallOptions::new())
        .await
        .unwrap_err();
    assert!(error.is_rate_limited(), "{error:?}");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(requests_received(&server).await, 1);
}

#[tokio::test]
async fn the_retry_after_header_wins_over_the_body() {
    let body = serde_json::json!({"error": {"retryAfter": 120}});
    let server = hint_in_body_once_then_ok(
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "0")
            .set_body_json(&body),
    )
    .await;
    let started = Instant::now();
    client(&server)
        .execute(request(&GET_ITEM), &CallOptions::new())
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(requests_received(&server).await, 2);
}

#[tokio::test]
async fn the_cap_is_the_policy_s() {
    let server = rate_limited_once_then_ok(429, "1").await;
    let strict = RetryPolicy {
        max_retry_after: Duration::from_millis(500),
        ..fast_retry()
    };
    let started = Instant::now();
    let error = client(&server)
        .execute(request(&GET_ITEM), &CallOptions::new().retry(strict))
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(1)));
}

#[tokio::test]
async fn rate_limited_when_the_attempts_run_out() {
    let server = MockServer::start().await;
    Mock::given(path("/items/42"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .mount(&server)
        .await;
    let error = client(&server)
        .execute(request(&GET_ITEM), &CallOptions::new())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::RateLimited {
                retry_after: Some(Duration::ZERO),
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(requests_received(&server).await, 3);
}

async fn slow_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/items/42"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    server
}

async fn assert_times_out(client: codegen_runtime::Client, options: CallOptions, after: Duration) {
    let started = Instant::now();
    let error = client
        .execute(request(&GET_ITEM), &options.max_attempts(1))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_millis(1000), "{elapsed:?}");
    match error {
        Error::Timeout {
            operation: "getItem",
            after: reported,
        } => assert_eq!(reported, after),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn timeout_of_the_client() {
    let server = slow_server().await;
    let client = builder(&server)
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    assert_times_out(client, CallOptions::new(), Duration::from_millis(150)).await;
}

#[tokio::test]
async fn timeout_holds_with_a_caller_supplied_http_client() {
    let server = slow_server().await;
    let client = builder(&server)
        .http_client(reqwest::Client::new())
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    assert_times_out(client, CallOptions::new(), Duration::from_millis(150)).await;
}

#[tokio::test]
async fn timeout_of_the_call_overrides_the_client() {
    let server = slow_server().await;
    let client = builder(&server)
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let options = CallOptions::new().timeout(Duration::from_millis(120));
    assert_times_out(client.clone(), options.clone(), Duration::from_millis(120)).await;
    let handle = client.with_options(options);
    assert_times_out(handle, CallOptions::new(), Duration::from_millis(120)).await;
}

#[tokio::test]
async fn timed_out_get_is_retried() {
    let server = slow_server().await;
    let client = builder(&server)
        .timeout(Duration::from_millis(80))
        .build()
        .unwrap();
    let error = client
        .execute(request(&GET_ITEM), &CallOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }));
    assert_eq!(requests_received(&server).await, 3);
}

#[tokio::test]
async fn refused_connection_is_a_connection_error() {
    for op in [&GET_ITEM, &CREATE_ITEM] {
        let client = ClientBuilder::new(&INFO)
            .base_url(refused_url())
            .retry(fast_retry())
            .build()
            .unwrap();
        let started = Instant::now();
        let error = client
            .execute(request(op), &CallOptions::new())
            .await
            .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(2));
        let Error::Connection { operation, source } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(*operation, op.id);
        assert!(source.is_connect(), "{source:?}");
        assert!(source.url().is_none(), "the URL may hold a key");
        let text = error.to_string();
        assert!(
            text.starts_with(&format!("{}: connection failed: ", op.id)),
            "{text}"
        );
        assert!(!text.contains("127.0.0.1:"), "{text}");
        assert!(std::error::Error::source(&error).is_some());
    }
}

#[tokio::test]
async fn user_agent_comes_from_the_api_info_or_the_builder() {
    let server = MockServer::start().await;
    Mock::given(header("user-agent", "runtime-tests/1.0"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(header("user-agent", "my-app/2.0"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .execute(request(&GET_ITEM), &CallOptions::new())
        .await
        .unwrap();
    let custom = builder(&server).user_agent("my-app/2.0").build().unwrap();
    custom
        .execute(request(&GET_ITEM), &CallOptions::new())
        .await
        .unwrap();
}

#[tokio::test]
async fn query_headers_and_body_reach_the_server() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/items"))
        .and(query_param("q", "a b&c=d"))
        .and(query_param("tag", "x"))
        .and(header("content-type", "application/json"))
        .and(header("x-trace", "t-1"))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;
    let mut req = request(&CREATE_ITEM);
    req.query("q", "a b&c=d");
    req.query_array("tag", &["x", "y"], true);
    req.header("X-Trace", "t-1").unwrap();
    req.json(&serde_json::json!({"name": "n"})).unwrap();
    let raw = client(&server)
        .execute(req, &CallOptions::new())
        .await
        .unwrap();
    assert_eq!(raw.status(), 201);
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(sent.url.query(), Some("q=a+b%26c%3Dd&tag=x&tag=y"));
    assert_eq!(sent.body, br#"{"name":"n"}"#);
}

#[tokio::test]
async fn paths_that_would_name_another_resource_are_not_sent() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server);
    for value in ["..", ".", ""] {
        let req = codegen_runtime::Request::new(
            &DELETE_ITEM,
            format!("/items/{}", codegen_runtime::encode_path_segment(value)),
        );
        let error = client.execute(req, &CallOptions::new()).await.unwrap_err();
        let Error::Validation(e) = &error else {
            panic!("{value:?} gave {error:?}")
        };
        assert_eq!((e.operation, e.field.as_str()), ("deleteItem", "id"));
    }
}
