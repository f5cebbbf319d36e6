//! Unions of scalars as path, query and header parameters, on the wire.

use union_params::types::{Indices, NameOrId, PortId};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> union_params::Client {
    union_params::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_scalar_union_is_a_path_query_and_header_value() {
    let server = server().await;
    client(&server)
        .default()
        .get_instance(NameOrId::Name("web-1".into()))
        .project(NameOrId::Id("6a1f0c3e-0000-4000-8000-000000000000".into()))
        .x_port(PortId::String("qsfp0".into()))
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let r = &requests[0];
    assert_eq!(r.url.path(), "/instances/web-1");
    assert_eq!(
        r.url.query(),
        Some("project=6a1f0c3e-0000-4000-8000-000000000000")
    );
    assert_eq!(r.headers.get("X-Port").unwrap(), "qsfp0");
}

#[tokio::test]
async fn one_name_or_a_list_is_comma_joined_in_the_path() {
    let server = server().await;
    let api = client(&server);
    api.default().search("logs").send().await.unwrap();
    api.default()
        .search(vec!["logs".to_owned(), "a,b/c".to_owned()])
        .routing(Indices::List(vec!["r1".into(), "r2".into()]))
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), "/logs/_search");
    // Items are encoded one by one: a comma inside one stays part of it.
    assert_eq!(requests[1].url.path(), "/logs,a%2Cb%2Fc/_search");
    // In the query, the list is exploded as the parameter says.
    assert_eq!(requests[1].url.query(), Some("routing=r1&routing=r2"));
}
