//! Schemes declared but never required: every operation sends a credential
//! when the client has one, and none when it has none.

use credentials_never_required::types::CreateMessageBody;
use credentials_never_required::Client;
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

/// `Authorization` of each request, in order.
async fn seen(server: &MockServer) -> Vec<Option<String>> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            r.headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned())
        })
        .collect()
}

async fn call_all(client: &Client) {
    client.default().list_messages().await.unwrap();
    client
        .default()
        .create_message(CreateMessageBody::new())
        .await
        .unwrap();
    client.default().list_rooms().await.unwrap();
}

#[tokio::test]
async fn without_a_credential_nothing_is_sent() {
    let server = server().await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    call_all(&client).await;
    assert_eq!(seen(&server).await, [None, None, None]);
}

#[tokio::test]
async fn a_credential_set_is_sent_by_every_operation() {
    let server = server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("tok")
        .build()
        .unwrap();
    call_all(&client).await;
    let bearer = Some("Bearer tok".to_owned());
    assert_eq!(seen(&server).await, [bearer.clone(), bearer.clone(), bearer]);
}

/// The README quick start's builder chain, pointed at `base_url`.
fn quick_start_client(base_url: String) -> Result<Client, Box<dyn std::error::Error>> {
    // README quick start
}

#[tokio::test]
async fn the_readme_quick_start_authenticates_with_basic() {
    std::env::set_var("API_USERNAME", "user");
    std::env::set_var("API_PASSWORD", "pass");
    let server = server().await;
    let client = quick_start_client(server.uri()).unwrap();
    call_all(&client).await;
    let basic = Some("Basic dXNlcjpwYXNz".to_owned());
    assert_eq!(seen(&server).await, [basic.clone(), basic.clone(), basic]);
}
