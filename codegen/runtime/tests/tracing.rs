//! Everything traced during calls, at TRACE level and from every crate
//! (reqwest's `log` records included), holds no credential, and the call span
//! carries what an operator needs.
//!
//! Its own test binary: the subscriber is process-wide.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use codegen_runtime::{CallOptions, ClientBuilder, Error};
use common::*;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRETS: &[&str] = &[
    "bearer-SECRET-1a2b3c",
    "query-SECRET-4d5e6f",
    "header-SECRET-7a8b9c",
    "cookie-SECRET-0d1e2f",
    "basic-user-SECRET",
    "basic-pass-SECRET",
    // base64("basic-user-SECRET:basic-pass-SECRET")
    "YmFzaWMtdXNlci1TRUNSRVQ6YmFzaWMtcGFzcy1TRUNSRVQ=",
];

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

fn with_all_credentials(b: ClientBuilder) -> ClientBuilder {
    b.token("bearerAuth", SECRETS[0])
        .token("queryKey", SECRETS[1])
        .token("headerKey", SECRETS[2])
        .token("cookieKey", SECRETS[3])
        .basic("basicAuth", SECRETS[4], SECRETS[5])
}

#[tokio::test]
async fn no_credential_is_ever_traced() {
    let capture = Capture::default();
    let writer = capture.clone();
    // The mock server's own log shows what it received, credentials
    // included, as a server would: it is not the client's output.
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(move || writer.clone())
        .with_span_events(FmtSpan::FULL)
        .with_filter(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_filter(tracing_subscriber::filter::filter_fn(|meta| {
            !meta.target().starts_with("wiremock")
        }));
    tracing_subscriber::registry()
        .with(layer)
        .try_init()
        .unwrap();

    let server = MockServer::start().await;
    Mock::given(path("/auth/denied"))
        .respond_with(ResponseTemplate::new(401).set_body_string(format!(
            r#"{{"error":{{"code":"BAD_KEY","message":"key {} is revoked"}}}}"#,
            SECRETS[1]
        )))
        .mount(&server)
        .await;
    Mock::given(path("/items/42"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    Mock::given(path("/auth/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;

    let client = with_all_credentials(builder(&server))
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let mut errors: Vec<Error> = Vec::new();
    for op in [
        &BEARER_OP,
        &QUERY_KEY_OP,
        &HEADER_KEY_OP,
        &COOKIE_KEY_OP,
        &BASIC_OP,
        &BEARER_AND_HEADER_OP,
    ] {
        client
            .execute(request(op), &CallOptions::new())
            .await
            .unwrap();
    }
    errors.push(
        client
            .execute(request(&GET_ITEM), &CallOptions::new())
            .await
            .unwrap_err(),
    );
    let denied = codegen_runtime::Request::new(&QUERY_KEY_OP, "/auth/denied".into());
    errors.push(
        client
            .execute(denied, &CallOptions::new())
            .await
            .unwrap_err(),
    );
    let slow = codegen_runtime::Request::new(&QUERY_KEY_OP, "/auth/slow".into());
    errors.push(
        client
            .execute(slow, &CallOptions::new().max_attempts(1))
            .await
            .unwrap_err(),
    );
    let refused = with_all_credentials(ClientBuilder::new(&INFO))
        .base_url(refused_url())
        .retry(fast_retry());
    let refused = refused.build().unwrap();
    errors.push(
        refused
            .execute(request(&QUERY_KEY_OP), &CallOptions::new())
            .await
            .unwrap_err(),
    );
    errors.push(
        with_all_credentials(ClientBuilder::new(&INFO))
            .token("nope", SECRETS[0])
            .build()
            .unwrap_err(),
    );
    assert!(matches!(errors[0], Error::Api(_)));
    assert!(matches!(errors[1], Error::Api(_)));
    assert!(matches!(errors[2], Error::Timeout { .. }));
    assert!(matches!(errors[3], Error::Connection { .. }));
    assert!(matches!(errors[4], Error::Config(_)));

    let mut everything = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    for error in &errors {
        everything.push_str(&format!("\n{error}\n{error:?}\n"));
    }
    everything.push_str(&format!(
        "\n{client:?}\n{:?}\n",
        with_all_credentials(builder(&server))
    ));
    for secret in SECRETS {
        assert!(
            !everything.contains(secret),
            "{secret} leaked:\n{everything}"
        );
    }

    // The capture did see the calls: one span per call with what an operator needs.
    for expected in [
        "api_call",
        "operation=\"queryKeyOp\"",
        "method=GET",
        // The span's own fields once the call is over.
        "api_call{operation=\"getItem\" method=GET path=\"/items/{id}\" attempt=3 status=503 latency_ms=",
        "retrying",
        "call failed",
        "call succeeded",
    ] {
        assert!(everything.contains(expected), "no {expected:?} in:\n{everything}");
    }
    // reqwest and hyper traced too, so their output was checked as well.
    assert!(everything.contains("hyper"), "{everything}");
}
