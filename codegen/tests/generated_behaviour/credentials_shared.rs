//! Two bearer schemes are one credential, basic is another, and a requirement
//! of two credentials together (AND) sends both: on the wire, against a local
//! server.

use credentials_shared::{Client, Error};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(["m1"]))
        .mount(&server)
        .await;
    server
}

/// `Authorization` and `X-Tenant-Key` of each request, in order.
async fn seen(server: &MockServer) -> Vec<(Option<String>, Option<String>)> {
    let header = |r: &wiremock::Request, name: &str| {
        r.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| (header(r, "authorization"), header(r, "x-tenant-key")))
        .collect()
}

fn bearer(token: &str) -> (Option<String>, Option<String>) {
    (Some(format!("Bearer {token}")), None)
}

#[tokio::test]
async fn one_bearer_token_serves_operations_naming_either_bearer_scheme() {
    let server = server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("tok-1")
        .build()
        .unwrap();
    // `listModels` and `getModel` name `ApiKeyAuth`, `listUsers` and `listAudit` `AdminApiKeyAuth`.
    client.default().list_models().await.unwrap();
    client.default().get_model("gpt").await.unwrap();
    client.default().list_users().await.unwrap();
    client.default().list_audit().await.unwrap();
    // Replaced at run time, once, for both schemes.
    client.set_bearer_token("tok-2").unwrap();
    client.default().list_models().await.unwrap();
    client.default().list_users().await.unwrap();
    let expected = [
        bearer("tok-1"),
        bearer("tok-1"),
        bearer("tok-1"),
        bearer("tok-1"),
        bearer("tok-2"),
        bearer("tok-2"),
    ];
    assert_eq!(seen(&server).await, expected);
}

#[tokio::test]
async fn basic_auth_sends_the_basic_header_where_basic_is_accepted() {
    let server = server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .basic_auth("user", "pass")
        .build()
        .unwrap();
    client.default().get_report().await.unwrap();
    // `listAudit` takes the admin bearer token or basic: with basic alone, basic.
    client.default().list_audit().await.unwrap();
    let basic = (Some("Basic dXNlcjpwYXNz".to_owned()), None);
    assert_eq!(seen(&server).await, [basic.clone(), basic]);
    // An operation that needs the bearer token fails before sending, naming the setter.
    let err = client.default().list_models().await.unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(err.to_string().contains("`bearer_token`"), "{err}");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_requirement_of_two_credentials_sends_both() {
    let server = server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("tok")
        .build()
        .unwrap();
    let err = client.default().list_tenant_things().await.unwrap_err();
    assert!(err.to_string().contains("`api_key`"), "{err}");
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("tok")
        .api_key("tenant-1")
        .build()
        .unwrap();
    client.default().list_tenant_things().await.unwrap();
    let both = (Some("Bearer tok".to_owned()), Some("tenant-1".to_owned()));
    assert_eq!(seen(&server).await, [both]);
}

#[tokio::test]
async fn the_mock_client_has_every_credential() {
    let server = credentials_shared::mock::MockServer::start().await;
    let client = server.client();
    server
        .on(client.default().list_tenant_things())
        .returns(())
        .await;
    server.on(client.default().get_report()).returns(()).await;
    client.default().list_tenant_things().await.unwrap();
    client.default().get_report().await.unwrap();
    assert!(server.unexpected().is_empty(), "{:?}", server.unexpected());
}

/// The README quick start's builder chain, pointed at `base_url`.
fn quick_start_client(base_url: String) -> Result<Client, Box<dyn std::error::Error>> {
    // README quick start
}

#[tokio::test]
async fn the_readme_quick_start_authenticates() {
    std::env::set_var("API_KEY", "quick-start-key");
    let server = server().await;
    let client = quick_start_client(server.uri()).unwrap();
    client.default().list_models().await.unwrap();
    client.default().list_users().await.unwrap();
    let expected = [bearer("quick-start-key"), bearer("quick-start-key")];
    assert_eq!(seen(&server).await, expected);
}
