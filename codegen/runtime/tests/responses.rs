//! What `Client::execute` and `RawResponse` make of what servers send back:
//! error bodies in every shape, and forgiving decoding of successes.

mod common;

use codegen_runtime::{CallOptions, Error};
use common::*;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn error_for(template: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    client(&server)
        .execute(request(&GET_ITEM), &CallOptions::new())
        .await
        .unwrap_err()
}

async fn api_error_for(status: u16, content_type: &str, body: &[u8]) -> codegen_runtime::ApiError {
    let template = ResponseTemplate::new(status).set_body_raw(body.to_vec(), content_type);
    match error_for(template).await {
        Error::Api(e) => *e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn the_spec_s_error_shape() {
    let body = br#"{"status":"error","error":{"code":400,"message":"Invalid number"}}"#;
    let e = api_error_for(400, "application/json", body).await;
    assert_eq!(
        (e.code.as_deref(), e.message.as_deref()),
        (Some("400"), Some("Invalid number"))
    );
    assert_eq!(e.body.as_bytes(), body);
    assert_eq!(e.operation, "getItem");
    assert_eq!(
        e.to_string(),
        "getItem: HTTP 400 Bad Request (code 400): Invalid number"
    );

    #[derive(serde::Deserialize)]
    struct SpecError {
        error: Detail,
    }
    #[derive(serde::Deserialize)]
    struct Detail {
        code: u16,
    }
    assert_eq!(e.decode_body::<SpecError>().unwrap().error.code, 400);
}

#[tokio::test]
async fn flat_shape_with_a_string_code() {
    let e = api_error_for(
        422,
        "application/json",
        br#"{"code":"VALIDATION_ERROR","message":"page must be positive"}"#,
    )
    .await;
    assert_eq!(e.code.as_deref(), Some("VALIDATION_ERROR"));
    assert_eq!(e.message.as_deref(), Some("page must be positive"));
}

#[tokio::test]
async fn json_api_errors_list() {
    let body = br#"{"errors":[{"status":"401","code":"10009","title":"Authentication failed","detail":"The API key is invalid"}]}"#;
    let e = api_error_for(401, "application/vnd.api+json", body).await;
    assert_eq!(e.code.as_deref(), Some("10009"));
    assert_eq!(e.message.as_deref(), Some("The API key is invalid"));
}

#[tokio::test]
async fn plain_text() {
    let e = api_error_for(500, "text/plain", b"Internal Server Error\n").await;
    assert_eq!(e.message.as_deref(), Some("Internal Server Error"));
    assert_eq!(e.code, None);
}

#[tokio::test]
async fn html_error_page() {
    let page = b"<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n</body>\r\n</html>\r\n";
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(504).set_body_raw(page.to_vec(), "text/html"))
        .mount(&server)
        .await;
    let error = client(&server)
        .execute(request(&GET_ITEM), &CallOptions::new().max_attempts(1))
        .await
        .unwrap_err();
    let e = error.api_error().unwrap();
    assert_eq!(e.message.as_deref(), Some("504 Gateway Time-out"));
    assert!(e.body.contains("<center>"));
}

#[tokio::test]
async fn empty_and_broken_bodies() {
    let e = api_error_for(404, "application/json", b"").await;
    assert_eq!((e.code, e.message), (None, None));
    assert_eq!(e.body, "");
    let e = api_error_for(400, "application/json", b"{\"error\": {\"code\": ").await;
    assert_eq!(e.message.as_deref(), Some("{\"error\": {\"code\":"));
    let e = api_error_for(400, "application/octet-stream", &[0xff, 0xfe, 0x00, b'!']).await;
    assert!(e.body.contains('!'));
}

#[tokio::test]
async fn request_id_and_headers_are_kept() {
    let template = ResponseTemplate::new(409)
        .insert_header("X-Request-Id", "req-7f3a")
        .insert_header("X-RateLimit-Remaining", "0")
        .set_body_raw(
            br#"{"code":"CONFLICT","message":"exists"}"#.to_vec(),
            "application/json",
        );
    let error = error_for(template).await;
    assert_eq!(error.request_id(), Some("req-7f3a"));
    let e = error.api_error().unwrap();
    assert_eq!(e.headers["x-ratelimit-remaining"], "0");
    assert_eq!(error.status().unwrap(), 409);
}

#[derive(serde::Deserialize, Debug)]
struct Item {
    id: u64,
    name: String,
}

async fn success(status: u16, body: &str) -> codegen_runtime::RawResponse {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(status)
                .set_body_raw(body.as_bytes().to_vec(), "application/json"),
        )
        .mount(&server)
        .await;
    client(&server)
        .execute(request(&CREATE_ITEM), &CallOptions::new())
        .await
        .unwrap()
}

#[tokio::test]
async fn any_2xx_decodes_with_the_success_type() {
    // The spec says 201; the server answers 200, or 202.
    for status in [200, 201, 202] {
        let item = success(status, r#"{"id":1,"name":"a"}"#)
            .await
            .json::<Item>()
            .unwrap();
        assert_eq!(item.status(), status);
        assert_eq!((item.id, item.name.as_str()), (1, "a"));
    }
}

#[tokio::test]
async fn unknown_fields_are_ignored() {
    let item = success(
        200,
        r#"{"id":2,"name":"b","added_later":{"x":[1,2]},"flag":true}"#,
    )
    .await
    .json::<Item>()
    .unwrap();
    assert_eq!(item.id, 2);
}

#[tokio::test]
async fn no_content_is_fine() {
    let raw = success(204, "").await;
    assert_eq!(raw.status(), 204);
    raw.empty().into_inner();
    success(204, "").await.json::<()>().unwrap();
    assert!(success(204, "")
        .await
        .json::<Option<Item>>()
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn a_mismatch_is_a_decode_error_with_path_and_body() {
    let body = r#"{"id":"three","name":"c"}"#;
    let error = success(200, body).await.json::<Item>().unwrap_err();
    assert_eq!(error.status().unwrap(), 200);
    let Error::Decode(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(e.path, "id");
    assert_eq!(e.body, body);
    assert_eq!(e.operation, "createItem");
    assert!(
        error
            .to_string()
            .starts_with("createItem: response (HTTP 200 OK) does not match the spec at `id`"),
        "{error}"
    );

    let Err(Error::Decode(e)) = success(200, "").await.json::<Item>() else {
        panic!()
    };
    assert!(e.message.contains("no body"), "{}", e.message);
    let Err(Error::Decode(e)) = success(200, "<html>maintenance</html>")
        .await
        .json::<Item>()
    else {
        panic!()
    };
    assert_eq!(e.path, "(root)");
}
