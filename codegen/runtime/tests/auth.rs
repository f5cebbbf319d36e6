//! Credentials on the wire, per operation, and nowhere else: not in `Debug`
//! of the client, its builder or a credential, and not in any error.

mod common;

use std::time::Duration;

use codegen_runtime::{CallOptions, ClientBuilder, Credential, Error, Operation};
use common::*;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const BEARER_TOKEN: &str = "bearer-SECRET-1a2b3c";
const QUERY_TOKEN: &str = "query-SECRET-4d5e6f";
const HEADER_TOKEN: &str = "header-SECRET-7a8b9c";
const COOKIE_TOKEN: &str = "cookie-SECRET-0d1e2f";
const BASIC_USER: &str = "basic-user-SECRET";
const BASIC_PASSWORD: &str = "basic-pass-SECRET";
/// `base64("basic-user-SECRET:basic-pass-SECRET")`, what goes on the wire.
const BASIC_ENCODED: &str = "YmFzaWMtdXNlci1TRUNSRVQ6YmFzaWMtcGFzcy1TRUNSRVQ=";

fn with_all_credentials(b: ClientBuilder) -> ClientBuilder {
    b.token("bearerAuth", BEARER_TOKEN)
        .token("queryKey", QUERY_TOKEN)
        .token("headerKey", HEADER_TOKEN)
        .token("cookieKey", COOKIE_TOKEN)
        .basic("basicAuth", BASIC_USER, BASIC_PASSWORD)
}

/// Fails when `text` holds any credential or the encoded basic header.
fn assert_hidden(text: &str) {
    for secret in [
        BEARER_TOKEN,
        QUERY_TOKEN,
        HEADER_TOKEN,
        COOKIE_TOKEN,
        BASIC_USER,
        BASIC_PASSWORD,
        BASIC_ENCODED,
    ] {
        assert!(!text.contains(secret), "{secret} leaked in: {text}");
    }
    assert!(!text.contains("SECRET"), "a secret leaked in: {text}");
}

fn assert_error_hidden(error: &Error) {
    assert_hidden(&error.to_string());
    assert_hidden(&format!("{error:?}"));
    let mut cause = std::error::Error::source(error);
    while let Some(e) = cause {
        assert_hidden(&e.to_string());
        assert_hidden(&format!("{e:?}"));
        cause = e.source();
    }
}

/// What the server saw of one call of `op`: authorization, API key header,
/// cookie, and the query string.
struct Seen {
    authorization: Option<String>,
    api_key_header: Option<String>,
    cookie: Option<String>,
    query: Option<String>,
}

async fn seen(b: ClientBuilder, server: &MockServer, op: &'static Operation) -> Seen {
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(server)
        .await;
    b.build()
        .unwrap()
        .execute(request(op), &CallOptions::new())
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    let header = |name: &str| r.headers.get(name).map(|v| v.to_str().unwrap().to_owned());
    Seen {
        authorization: header("authorization"),
        api_key_header: header("x-api-key"),
        cookie: header("cookie"),
        query: r.url.query().map(str::to_owned),
    }
}

#[tokio::test]
async fn each_scheme_travels_where_the_spec_says_and_only_for_its_operations() {
    let server = MockServer::start().await;
    let b = || with_all_credentials(builder(&server));

    let s = seen(b(), &server, &BEARER_OP).await;
    assert_eq!(
        s.authorization.as_deref(),
        Some("Bearer bearer-SECRET-1a2b3c")
    );
    assert_eq!((s.api_key_header, s.cookie, s.query), (None, None, None));

    let s = seen(b(), &server, &QUERY_KEY_OP).await;
    assert_eq!(s.query.as_deref(), Some("api_key=query-SECRET-4d5e6f"));
    assert_eq!(
        (s.authorization, s.api_key_header, s.cookie),
        (None, None, None)
    );

    let s = seen(b(), &server, &HEADER_KEY_OP).await;
    assert_eq!(s.api_key_header.as_deref(), Some(HEADER_TOKEN));
    assert_eq!((s.authorization, s.cookie, s.query), (None, None, None));

    let s = seen(b(), &server, &COOKIE_KEY_OP).await;
    assert_eq!(s.cookie.as_deref(), Some("session=cookie-SECRET-0d1e2f"));
    assert_eq!(
        (s.authorization, s.api_key_header, s.query),
        (None, None, None)
    );

    let s = seen(b(), &server, &BASIC_OP).await;
    assert_eq!(s.authorization, Some(format!("Basic {BASIC_ENCODED}")));

    let s = seen(b(), &server, &BEARER_AND_HEADER_OP).await;
    assert_eq!(
        s.authorization.as_deref(),
        Some("Bearer bearer-SECRET-1a2b3c")
    );
    assert_eq!(s.api_key_header.as_deref(), Some(HEADER_TOKEN));
}

#[tokio::test]
async fn security_none_sends_nothing() {
    let server = MockServer::start().await;
    let s = seen(with_all_credentials(builder(&server)), &server, &PUBLIC_OP).await;
    assert_eq!(
        (s.authorization, s.api_key_header, s.cookie, s.query),
        (None, None, None, None)
    );
}

#[tokio::test]
async fn alternatives_use_the_first_one_the_client_can_meet() {
    let server = MockServer::start().await;
    let s = seen(
        with_all_credentials(builder(&server)),
        &server,
        &BEARER_OR_QUERY_OP,
    )
    .await;
    assert_eq!((s.authorization.is_some(), s.query), (true, None));

    let only_query = builder(&server).token("queryKey", QUERY_TOKEN);
    let s = seen(only_query, &server, &BEARER_OR_QUERY_OP).await;
    assert_eq!(
        (s.authorization, s.query.as_deref()),
        (None, Some("api_key=query-SECRET-4d5e6f"))
    );
}

#[tokio::test]
async fn optional_auth_sends_a_credential_when_there_is_one() {
    let server = MockServer::start().await;
    let s = seen(builder(&server), &server, &OPTIONAL_BEARER_OP).await;
    assert_eq!(s.authorization, None);
    let s = seen(
        builder(&server).token("bearerAuth", BEARER_TOKEN),
        &server,
        &OPTIONAL_BEARER_OP,
    )
    .await;
    assert_eq!(
        s.authorization.as_deref(),
        Some("Bearer bearer-SECRET-1a2b3c")
    );
}

#[tokio::test]
async fn a_missing_credential_fails_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = builder(&server)
        .token("headerKey", HEADER_TOKEN)
        .build()
        .unwrap();
    let error = client
        .execute(request(&BEARER_OR_QUERY_OP), &CallOptions::new())
        .await
        .unwrap_err();
    let Error::Config(msg) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        msg,
        "bearerOrQueryOp: no credential set for security scheme `bearerAuth` or `queryKey`; set one on the client builder"
    );
}

#[tokio::test]
async fn a_credential_for_an_unknown_scheme_fails_the_build() {
    let error = with_all_credentials(ClientBuilder::new(&INFO))
        .token("bearer", BEARER_TOKEN)
        .build()
        .unwrap_err();
    let Error::Config(msg) = &error else {
        panic!("{error:?}")
    };
    assert!(
        msg.contains("`bearer`") && msg.contains("`bearerAuth`"),
        "{msg}"
    );
    assert_error_hidden(&error);
}

#[tokio::test]
async fn debug_of_client_builder_and_credentials_hides_them() {
    let b = with_all_credentials(ClientBuilder::new(&INFO)).base_url("http://127.0.0.1:9");
    let builder_text = format!("{b:?}");
    assert!(
        builder_text.contains("bearerAuth") && builder_text.contains("basicAuth"),
        "{builder_text}"
    );
    assert_hidden(&builder_text);
    let client = b.build().unwrap();
    assert_hidden(&format!("{client:?}"));
    assert_hidden(&format!(
        "{:?}",
        client.with_options(CallOptions::new().timeout(Duration::from_secs(1)))
    ));
    let credentials = [
        Credential::Token(BEARER_TOKEN.into()),
        Credential::Basic {
            username: BASIC_USER.into(),
            password: BASIC_PASSWORD.into(),
        },
    ];
    assert_hidden(&format!("{credentials:?}"));
}

#[tokio::test]
async fn a_query_string_key_never_shows_in_errors() {
    let client = with_all_credentials(ClientBuilder::new(&INFO))
        .base_url(refused_url())
        .retry(fast_retry())
        .build()
        .unwrap();
    let error = client
        .execute(request(&QUERY_KEY_OP), &CallOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    assert_error_hidden(&error);
    if let Error::Connection { source, .. } = &error {
        assert_hidden(&source.to_string());
        assert_hidden(&format!("{source:?}"));
    }

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let client = with_all_credentials(builder(&server))
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let error = client
        .execute(request(&QUERY_KEY_OP), &CallOptions::new().max_attempts(1))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_error_hidden(&error);
}

#[tokio::test]
async fn a_key_echoed_by_the_server_is_scrubbed_from_the_error() {
    let server = MockServer::start().await;
    let body = format!(
        r#"{{"error":{{"code":"BAD_KEY","message":"key {QUERY_TOKEN} rejected for {BASIC_USER}; header was Basic {BASIC_ENCODED}"}}}}"#
    );
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401).set_body_string(body))
        .mount(&server)
        .await;
    let client = with_all_credentials(builder(&server)).build().unwrap();
    let error = client
        .execute(request(&QUERY_KEY_OP), &CallOptions::new())
        .await
        .unwrap_err();
    let api = error.api_error().unwrap();
    assert_eq!(api.code.as_deref(), Some("BAD_KEY"));
    assert_eq!(
        api.message.as_deref(),
        Some("key *** rejected for ***; header was Basic ***")
    );
    assert_error_hidden(&error);
}

#[tokio::test]
async fn bad_credentials_fail_the_build_without_showing_them() {
    let cases = [
        ClientBuilder::new(&INFO).token("bearerAuth", "bearer-SECRET-x\n"),
        ClientBuilder::new(&INFO).token("bearerAuth", ""),
        ClientBuilder::new(&INFO).token("headerKey", "header-SECRET\r\nX-Injected: 1"),
        ClientBuilder::new(&INFO).basic("bearerAuth", BASIC_USER, BASIC_PASSWORD),
        ClientBuilder::new(&INFO).token("cookieKey", "cookie-SECRET; admin=1"),
    ];
    for b in cases {
        let error = b.build().unwrap_err();
        assert!(matches!(error, Error::Config(_)), "{error:?}");
        assert_error_hidden(&error);
    }
}

#[tokio::test]
async fn a_replaced_credential_is_sent_from_the_next_call_and_stays_scrubbed() {
    let server = MockServer::start().await;
    let client = builder(&server)
        .token("bearerAuth", BEARER_TOKEN)
        .build()
        .unwrap();
    let clone = client.clone();
    client
        .set_token("bearerAuth", "bearer-ROTATED-9z8y7x")
        .unwrap();
    let after = seen_with(&clone, &server, &BEARER_OP).await;
    assert_eq!(
        after.authorization.as_deref(),
        Some("Bearer bearer-ROTATED-9z8y7x")
    );

    // The server echoes the key it no longer accepts: still scrubbed.
    server.reset().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(401).set_body_string(format!("key {BEARER_TOKEN} revoked")),
        )
        .mount(&server)
        .await;
    let error = clone
        .execute(request(&BEARER_OP), &CallOptions::new())
        .await
        .unwrap_err();
    assert_error_hidden(&error);

    let unknown = client.set_token("nope", "x").unwrap_err();
    assert!(unknown.to_string().contains("`nope`"), "{unknown}");
    client.clear_credential("bearerAuth");
    let missing = clone
        .execute(request(&BEARER_OP), &CallOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(missing, Error::Config(_)), "{missing:?}");
    assert!(!format!("{client:?}").contains("bearerAuth"));
}

#[tokio::test]
async fn untyped_calls_send_the_top_level_requirement() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    // `INFO` says: the bearer token, else the query key.
    let client = builder(&server)
        .token("queryKey", QUERY_TOKEN)
        .build()
        .unwrap();
    client
        .request(reqwest::Method::DELETE, "/not/in/the/spec")
        .send()
        .await
        .unwrap();
    let r = &server.received_requests().await.unwrap()[0];
    assert_eq!(r.method.as_str(), "DELETE");
    assert_eq!(r.url.path(), "/not/in/the/spec");
    assert_eq!(r.url.query(), Some(&*format!("api_key={QUERY_TOKEN}")));
    assert!(r.headers.get("authorization").is_none());

    let odd = client
        .request(reqwest::Method::TRACE, "/x")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(odd, Error::Config(_)), "{odd:?}");
}

/// What the server saw of one call of `op` by `client`.
async fn seen_with(
    client: &codegen_runtime::Client,
    server: &MockServer,
    op: &'static Operation,
) -> Seen {
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(server)
        .await;
    client
        .execute(request(op), &CallOptions::new())
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let r = &requests[0];
    Seen {
        authorization: r
            .headers
            .get("authorization")
            .map(|v| v.to_str().unwrap().to_owned()),
        api_key_header: None,
        cookie: None,
        query: r.url.query().map(str::to_owned),
    }
}

/// Two bearer schemes sharing one credential slot, as a generated crate
/// declares them when a spec has `ApiKeyAuth` and `AdminApiKeyAuth`.
static SHARED_SCHEMES: &[codegen_runtime::SecurityScheme] = &[
    codegen_runtime::SecurityScheme {
        name: "ApiKeyAuth",
        kind: codegen_runtime::SchemeKind::Bearer,
        slot: 0,
        setter: "bearer_token",
    },
    codegen_runtime::SecurityScheme {
        name: "AdminApiKeyAuth",
        kind: codegen_runtime::SchemeKind::Bearer,
        slot: 0,
        setter: "bearer_token",
    },
];

static SHARED: codegen_runtime::ApiInfo = codegen_runtime::ApiInfo {
    user_agent: "runtime-tests/1.0",
    servers: &[codegen_runtime::Server {
        url: "https://api.invalid/v1",
        name: "",
        variables: &[],
    }],
    security_schemes: SHARED_SCHEMES,
    error_code_pointers: &[],
    error_message_pointers: &[],
    retry_after_pointers: &[],
    default_security: &[&[0]],
};

static USER_OP: Operation = Operation {
    id: "listModels",
    method: reqwest::Method::GET,
    path: "/models",
    security: &[&[0]],
    idempotency_header: None,
    server: 0,
};

static ADMIN_OP: Operation = Operation {
    id: "listUsers",
    method: reqwest::Method::GET,
    path: "/users",
    security: &[&[1]],
    idempotency_header: None,
    server: 0,
};

#[tokio::test]
async fn schemes_sharing_a_slot_take_one_credential_set_by_either_name() {
    let server = MockServer::start().await;
    // Set through the second scheme's name, used by operations naming the first.
    let client = ClientBuilder::new(&SHARED)
        .base_url(server.uri())
        .token("AdminApiKeyAuth", BEARER_TOKEN)
        .build()
        .unwrap();
    for op in [&USER_OP, &ADMIN_OP] {
        let seen = seen_with(&client, &server, op).await;
        assert_eq!(seen.authorization, Some(format!("Bearer {BEARER_TOKEN}")));
    }
    // Replaced through the first, for both.
    client.set_token("ApiKeyAuth", "replaced-token").unwrap();
    let seen = seen_with(&client, &server, &ADMIN_OP).await;
    assert_eq!(seen.authorization.as_deref(), Some("Bearer replaced-token"));
    // `Debug` names every scheme the credential serves.
    let shown = format!("{client:?}");
    assert!(
        shown.contains("ApiKeyAuth") && shown.contains("AdminApiKeyAuth"),
        "{shown}"
    );
    // Cleared through either name, for both; the message names the setter.
    client.clear_credential("AdminApiKeyAuth");
    let err = client
        .execute(request(&USER_OP), &CallOptions::new())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "client configuration: listModels: no credential set for security scheme `ApiKeyAuth`; set one on the client builder (`bearer_token`)"
    );
}
