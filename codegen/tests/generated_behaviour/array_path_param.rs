//! Array path parameters in `simple` style, and array headers, on the wire.

use array_path_param::types::Color;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn array_items_are_encoded_and_comma_joined() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = array_path_param::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    client
        .default()
        .get_analytics(vec!["site a".to_owned(), "b".to_owned()])
        .x_colors(vec![Color::Red, Color::Green])
        .send()
        .await
        .unwrap();
    client.default().get_points(vec![1, 22]).send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), "/analytics/site%20a,b");
    assert_eq!(requests[0].headers.get("X-Colors").unwrap(), "red,green");
    assert_eq!(requests[1].url.path(), "/points/1,22");
}
