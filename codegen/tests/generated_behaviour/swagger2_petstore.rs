//! A crate generated from a Swagger 2.0 spec sends what the spec says: csv
//! and multi arrays, a header parameter, a JSON body, an urlencoded and a
//! multipart form, the three kinds of credentials, and follows
//! `x-ms-pageable`'s next links.

use swagger2_petstore::runtime::FilePart;
use swagger2_petstore::types::{AddNoteBody, ListPetsStatusItem, NewPet, NewPetPetType};
use swagger2_petstore::{apis::photos::UploadPhotoForm, Client};
use wiremock::matchers::{any, method, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server answering every request with `status` and `body`.
async fn server(status: u16, body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

fn pet(id: i64) -> serde_json::Value {
    serde_json::json!({"id": id, "name": format!("pet {id}"), "petType": "cat", "tag": null})
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/v2", server.uri()))
        .api_key("k-123")
        .basic_auth("ann", "secret")
        .bearer_token("t-456")
        .build()
        .unwrap()
}

#[tokio::test]
async fn query_arrays_headers_and_the_api_key() {
    let server = server(200, serde_json::json!({"value": []})).await;
    client(&server)
        .pets()
        .list_pets()
        .tags(vec!["old".into(), "shy".into()])
        .status(vec![
            ListPetsStatusItem::Resident,
            ListPetsStatusItem::Discharged,
        ])
        .limit(5)
        .x_request_id("6a1f0c3e-0000-4000-8000-000000000000")
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let r = &requests[0];
    assert_eq!(r.url.path(), "/v2/pets");
    let pairs: Vec<(String, String)> = r.url.query_pairs().into_owned().collect();
    let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    assert_eq!(
        pairs,
        [
            pair("tags", "old,shy"),
            pair("status", "resident"),
            pair("status", "discharged"),
            pair("limit", "5"),
        ]
    );
    assert_eq!(
        r.headers.get("X-Request-Id").unwrap(),
        "6a1f0c3e-0000-4000-8000-000000000000"
    );
    assert_eq!(r.headers.get("X-Api-Key").unwrap(), "k-123");
}

#[tokio::test]
async fn next_links_are_followed() {
    let server = MockServer::start().await;
    // Under the client's base URL, as a link the client follows must be.
    let next = format!("{}/v2/pets?page=2", server.uri());
    Mock::given(method("GET"))
        .and(query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"value": [pet(2)], "nextLink": null})),
        )
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"value": [pet(1)], "nextLink": next})),
        )
        .mount(&server)
        .await;
    let pets = client(&server)
        .pets()
        .list_pets()
        .items()
        .collect_all()
        .await
        .unwrap();
    let ids: Vec<i64> = pets.iter().map(|p| p.id).collect();
    assert_eq!(ids, [1, 2]);
    // `x-nullable` in a response: null decodes as absent.
    assert_eq!(pets[0].tag, None);
}

#[tokio::test]
async fn the_body_parameter_is_json_and_oauth2_sends_a_bearer_token() {
    let server = server(201, pet(7)).await;
    let created = client(&server)
        .pets()
        .create_pet(NewPet::new("Rex", NewPetPetType::Dog).with_tag("new"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.id, 7);
    let requests = server.received_requests().await.unwrap();
    let r = &requests[0];
    assert_eq!(r.method.as_str(), "POST");
    assert_eq!(r.headers.get("content-type").unwrap(), "application/json");
    assert_eq!(r.headers.get("authorization").unwrap(), "Bearer t-456");
    let sent: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        sent,
        serde_json::json!({"name": "Rex", "petType": "dog", "tag": "new"})
    );
}

#[tokio::test]
async fn form_fields_are_an_urlencoded_body() {
    let server = server(204, serde_json::json!(null)).await;
    client(&server)
        .pets()
        .add_note(3, AddNoteBody::new("Eats well").with_urgent(true))
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let r = &requests[0];
    assert_eq!(r.url.path(), "/v2/pets/3/notes");
    assert_eq!(
        r.headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        String::from_utf8_lossy(&r.body),
        "text=Eats+well&urgent=true"
    );
}

#[tokio::test]
async fn a_file_field_is_a_multipart_part() {
    let server = server(204, serde_json::json!(null)).await;
    let photo = FilePart::from_bytes(&b"\x89PNG-bytes"[..])
        .file_name("rex.png")
        .mime("image/png");
    client(&server)
        .photos()
        .upload_photo(4, UploadPhotoForm::new(photo).caption("Rex at noon"))
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let r = &requests[0];
    assert_eq!(r.method.as_str(), "PUT");
    let content_type = r.headers.get("content-type").unwrap().to_str().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&r.body);
    for part in [
        "name=\"photo\"; filename=\"rex.png\"",
        "PNG-bytes",
        "name=\"caption\"",
        "Rex at noon",
    ] {
        assert!(body.contains(part), "{part} missing from {body}");
    }
}

#[tokio::test]
async fn basic_credentials_go_where_the_operation_asks_for_them() {
    let server = server(204, serde_json::json!(null)).await;
    client(&server)
        .pets()
        .discharge_pet(9)
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let r = &requests[0];
    assert_eq!(r.method.as_str(), "DELETE");
    // base64("ann:secret")
    assert_eq!(
        r.headers.get("authorization").unwrap(),
        "Basic YW5uOnNlY3JldA=="
    );
    assert!(r.headers.get("X-Api-Key").is_none());
}
