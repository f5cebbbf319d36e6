//! Each operation goes to its own server, on the wire: the top-level one,
//! its path item's, or its own (whose URL has variables); one server moved
//! moves only its operations, `base_url` moves them all, and a variable
//! without default must be set before the client builds.

use servers::{Client, ClientBuilder, Server};
use wiremock::matchers::{any, method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that answers everything: `200 []` (for `listItems`) or `204`.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex("/items$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(Vec::<String>::new()))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// The paths `server` received, in order.
async fn paths(server: &MockServer) -> Vec<String> {
    let received = server.received_requests().await.unwrap_or_default();
    received
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect()
}

/// The upload relay's variables, pointing it at `relay`.
fn relay(builder: ClientBuilder, relay: &MockServer) -> ClientBuilder {
    let address = relay.address();
    builder
        .host(address.ip().to_string())
        .port(address.port().to_string())
}

/// One call of each operation, on whatever servers the client was given.
async fn call_each(client: &Client) {
    let api = client.default();
    api.list_items().await.unwrap();
    api.create_item().await.unwrap();
    api.get_item("i1").await.unwrap();
    api.list_files().await.unwrap();
    api.upload_file().await.unwrap();
}

#[tokio::test]
async fn each_operation_reaches_its_own_server() {
    let (main, files, uploads) = (server().await, server().await, server().await);
    let client = relay(Client::builder(), &uploads)
        .server_url(Server::ApiExample, format!("{}/v1", main.uri()))
        .server_url(Server::FilesExample, files.uri())
        .build()
        .unwrap();
    call_each(&client).await;
    assert_eq!(
        paths(&main).await,
        ["GET /v1/items", "POST /v1/items", "GET /v1/items/i1"]
    );
    assert_eq!(paths(&files).await, ["GET /files"]);
    // The variables' values and the default `version` form the relay's URL.
    assert_eq!(paths(&uploads).await, ["POST /v2/files"]);
}

#[tokio::test]
async fn a_set_variable_replaces_its_default() {
    let uploads = server().await;
    let client = relay(Client::builder(), &uploads)
        .version("v1")
        .build()
        .unwrap();
    client.default().upload_file().await.unwrap();
    assert_eq!(paths(&uploads).await, ["POST /v1/files"]);
}

#[tokio::test]
async fn moving_one_server_moves_only_its_operations() {
    let (main, files, uploads) = (server().await, server().await, server().await);
    let moved = server().await;
    let client = relay(Client::builder(), &uploads)
        .server_url(Server::ApiExample, main.uri())
        .server_url(Server::FilesExample, files.uri())
        .server_url(Server::FilesExample, moved.uri())
        .build()
        .unwrap();
    call_each(&client).await;
    assert_eq!(paths(&moved).await, ["GET /files"]);
    assert!(paths(&files).await.is_empty());
    assert_eq!(paths(&main).await.len(), 3);
    assert_eq!(paths(&uploads).await, ["POST /v2/files"]);
}

#[tokio::test]
async fn base_url_moves_every_operation_but_a_server_given_its_own() {
    let (all, files) = (server().await, server().await);
    // No variable is needed: the base URL replaces every server's URL.
    let client = Client::builder().base_url(all.uri()).build().unwrap();
    call_each(&client).await;
    assert_eq!(
        paths(&all).await,
        [
            "GET /items",
            "POST /items",
            "GET /items/i1",
            "GET /files",
            "POST /files"
        ]
    );
    let (all, files_only) = (server().await, files);
    let client = Client::builder()
        .base_url(all.uri())
        .server_url(Server::FilesExample, files_only.uri())
        .build()
        .unwrap();
    call_each(&client).await;
    assert_eq!(paths(&files_only).await, ["GET /files"]);
    assert_eq!(paths(&all).await.len(), 4);
}

#[test]
fn build_fails_naming_the_setter_of_a_variable_without_default() {
    let err = Client::builder().build().unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, servers::Error::Config(_)), "{err:?}");
    assert!(
        message.contains("`host`") && message.contains("`host(…)`"),
        "{message}"
    );
    // The defaults of the other servers need nothing.
    assert!(Client::builder().host("relay.internal").build().is_ok());
    let err = Client::builder()
        .host("relay.internal")
        .server_variable("region", "eu")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("`region`"), "{err}");
}

#[tokio::test]
async fn the_mock_client_reaches_every_server() {
    let mock = servers::mock::MockServer::start().await;
    let client = mock.client();
    mock.on(client.default().list_items())
        .returns(vec!["a".to_owned()])
        .await;
    mock.on(client.default().list_files()).returns(()).await;
    mock.on(client.default().upload_file()).returns(()).await;
    assert_eq!(client.default().list_items().await.unwrap(), ["a"]);
    client.default().list_files().await.unwrap();
    client.default().upload_file().await.unwrap();
    assert!(mock.unexpected().is_empty(), "{:?}", mock.unexpected());
}
