//! No security scheme, but a credential header on most operations: the key
//! is set once on the client and sent by every operation that took the
//! header, and by no other.

use credentials_implied_header::Client;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// Path and `xi-api-key` of each request, in order.
async fn seen(server: &MockServer) -> Vec<(String, Option<String>)> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            let key = r
                .headers
                .get("xi-api-key")
                .map(|v| v.to_str().unwrap().to_owned());
            (r.url.path().to_owned(), key)
        })
        .collect()
}

async fn call_all(client: &Client) {
    // None of them takes the key as an argument or setter any more.
    client.default().list_voices().page_size(10).await.unwrap();
    client.default().get_voice("v1").await.unwrap();
    client.default().list_models().x_request_id("r1").await.unwrap();
    client.default().health().await.unwrap();
}

fn expected(key: &str) -> Vec<(String, Option<String>)> {
    let key = Some(key.to_owned());
    vec![
        ("/v1/voices".to_owned(), key.clone()),
        ("/v1/voices/v1".to_owned(), key.clone()),
        ("/v1/models".to_owned(), key),
        ("/health".to_owned(), None),
    ]
}

#[tokio::test]
async fn the_key_is_sent_by_every_operation_that_took_the_header() {
    let server = server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key("xi-key-1")
        .build()
        .unwrap();
    call_all(&client).await;
    assert_eq!(seen(&server).await, expected("xi-key-1"));
}

#[tokio::test]
async fn a_required_header_makes_the_key_required() {
    let server = server().await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    // Optional where the header was: sent without.
    client.default().list_voices().await.unwrap();
    let err = client.default().get_voice("v1").await.unwrap_err();
    assert!(err.to_string().contains("`api_key`"), "{err}");
    assert_eq!(seen(&server).await, [("/v1/voices".to_owned(), None)]);
}

/// The README quick start's builder chain, pointed at `base_url`.
fn quick_start_client(base_url: String) -> Result<Client, Box<dyn std::error::Error>> {
    // README quick start
}

#[tokio::test]
async fn the_readme_quick_start_authenticates() {
    std::env::set_var("API_KEY", "xi-quick-start");
    let server = server().await;
    let client = quick_start_client(server.uri()).unwrap();
    call_all(&client).await;
    assert_eq!(seen(&server).await, expected("xi-quick-start"));
}
