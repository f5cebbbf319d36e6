//! The hand-written API every integration test calls: a static `ApiInfo`
//! with one security scheme of each kind, and one `Operation` per method and
//! security shape, the way generated code declares them.

// Each test binary uses a different part of this module.
#![allow(dead_code)]

pub mod stream_server;

use std::time::Duration;

use codegen_runtime::{
    ApiInfo, ApiKeyLocation, Client, ClientBuilder, Operation, Request, RetryPolicy, SchemeKind,
    SecurityScheme, Server,
};
use reqwest::Method;
use wiremock::MockServer;

pub const BEARER: usize = 0;
pub const QUERY_KEY: usize = 1;
pub const HEADER_KEY: usize = 2;
pub const COOKIE_KEY: usize = 3;
pub const BASIC: usize = 4;

pub static SCHEMES: &[SecurityScheme] = &[
    SecurityScheme {
        name: "bearerAuth",
        kind: SchemeKind::Bearer,
        slot: 0,
        setter: "",
    },
    SecurityScheme {
        name: "queryKey",
        kind: SchemeKind::ApiKey {
            location: ApiKeyLocation::Query,
            name: "api_key",
        },
        slot: 1,
        setter: "",
    },
    SecurityScheme {
        name: "headerKey",
        kind: SchemeKind::ApiKey {
            location: ApiKeyLocation::Header,
            name: "X-Api-Key",
        },
        slot: 2,
        setter: "",
    },
    SecurityScheme {
        name: "cookieKey",
        kind: SchemeKind::ApiKey {
            location: ApiKeyLocation::Cookie,
            name: "session",
        },
        slot: 3,
        setter: "",
    },
    SecurityScheme {
        name: "basicAuth",
        kind: SchemeKind::Basic,
        slot: 4,
        setter: "",
    },
];

pub static INFO: ApiInfo = ApiInfo {
    user_agent: "runtime-tests/1.0",
    servers: &[Server {
        url: "https://api.invalid/v1",
        name: "",
        variables: &[],
    }],
    security_schemes: SCHEMES,
    error_code_pointers: &["/error/code"],
    error_message_pointers: &["/error/message"],
    retry_after_pointers: &["/error/retryAfter"],
    // Untyped calls send the bearer token, else the query key.
    default_security: &[&[BEARER], &[QUERY_KEY]],
};

macro_rules! operation {
    ($name:ident, $id:literal, $method:ident, $path:literal, $security:expr, $key:expr) => {
        pub static $name: Operation = Operation {
            id: $id,
            method: Method::$method,
            path: $path,
            security: $security,
            idempotency_header: $key,
            server: 0,
        };
    };
}

operation!(GET_ITEM, "getItem", GET, "/items/{id}", &[], None);
operation!(HEAD_ITEM, "headItem", HEAD, "/items/{id}", &[], None);
operation!(PUT_ITEM, "putItem", PUT, "/items/{id}", &[], None);
operation!(DELETE_ITEM, "deleteItem", DELETE, "/items/{id}", &[], None);
operation!(PATCH_ITEM, "patchItem", PATCH, "/items/{id}", &[], None);
operation!(CREATE_ITEM, "createItem", POST, "/items", &[], None);
operation!(
    CREATE_ITEM_KEYED,
    "createItemKeyed",
    POST,
    "/items",
    &[],
    Some("Idempotency-Key")
);
operation!(
    PATCH_ITEM_KEYED,
    "patchItemKeyed",
    PATCH,
    "/items/{id}",
    &[],
    Some("Idempotency-Key")
);

operation!(
    BEARER_OP,
    "bearerOp",
    GET,
    "/auth/bearer",
    &[&[BEARER]],
    None
);
operation!(
    QUERY_KEY_OP,
    "queryKeyOp",
    GET,
    "/auth/query",
    &[&[QUERY_KEY]],
    None
);
operation!(
    HEADER_KEY_OP,
    "headerKeyOp",
    GET,
    "/auth/header",
    &[&[HEADER_KEY]],
    None
);
operation!(
    COOKIE_KEY_OP,
    "cookieKeyOp",
    GET,
    "/auth/cookie",
    &[&[COOKIE_KEY]],
    None
);
operation!(BASIC_OP, "basicOp", GET, "/auth/basic", &[&[BASIC]], None);
operation!(
    BEARER_OR_QUERY_OP,
    "bearerOrQueryOp",
    GET,
    "/auth/either",
    &[&[BEARER], &[QUERY_KEY]],
    None
);
operation!(
    BEARER_AND_HEADER_OP,
    "bearerAndHeaderOp",
    GET,
    "/auth/both",
    &[&[BEARER, HEADER_KEY]],
    None
);
operation!(
    OPTIONAL_BEARER_OP,
    "optionalBearerOp",
    GET,
    "/auth/optional",
    &[&[], &[BEARER]],
    None
);
operation!(PUBLIC_OP, "publicOp", GET, "/auth/none", &[], None);

/// Retries that cost milliseconds, so tests of many attempts stay fast.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(5),
        ..RetryPolicy::default()
    }
}

/// A builder for a client of the mock server with fast retries.
pub fn builder(server: &MockServer) -> ClientBuilder {
    ClientBuilder::new(&INFO)
        .base_url(server.uri())
        .retry(fast_retry())
}

pub fn client(server: &MockServer) -> Client {
    builder(server).build().unwrap()
}

/// A request for `op` with `{id}` filled in as generated code would.
pub fn request(op: &'static Operation) -> Request {
    Request::new(
        op,
        op.path
            .replace("{id}", &codegen_runtime::encode_path_segment("42")),
    )
}

/// A base URL where nothing listens: a port bound and released at once.
pub fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}
