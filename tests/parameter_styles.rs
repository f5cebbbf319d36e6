//! Parameter styles on the wire, asserted on the exact query string the
//! generated clients send: deepObject filters, repeated keys, one value or an
//! array, range objects, headers, and API keys in a header.

use contact_center_cdrs::types::{CdrType, NumberRange};
use telnyx_csr::types::{
    CustomerServiceRecordStatus, ListCustomerServiceRecordsFilter,
    ListCustomerServiceRecordsFilterStatus, ListCustomerServiceRecordsPage,
};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Answers every GET with `body`.
async fn serve(server: &MockServer, body: serde_json::Value) {
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

/// The one request the server got.
async fn one_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

fn decoded_query(r: &Request) -> Vec<(String, String)> {
    r.url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[tokio::test]
async fn deep_object_filters_and_page() {
    let server = MockServer::start().await;
    serve(&server, serde_json::json!({"data": []})).await;
    let client = telnyx_csr::Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let filter = ListCustomerServiceRecordsFilter::new().with_status(
        ListCustomerServiceRecordsFilterStatus::new().with_in(vec![
            CustomerServiceRecordStatus::Pending,
            CustomerServiceRecordStatus::Failed,
        ]),
    );
    client
        .customer_service_record()
        .list_customer_service_records()
        .page(
            ListCustomerServiceRecordsPage::new()
                .with_number(2)
                .with_size(25),
        )
        .filter(filter)
        .await
        .unwrap();
    let r = one_request(&server).await;
    assert_eq!(
        r.url.query(),
        Some("page%5Bnumber%5D=2&page%5Bsize%5D=25&filter%5Bstatus%5D%5Bin%5D%5B%5D=pending&filter%5Bstatus%5D%5Bin%5D%5B%5D=failed")
    );
    assert_eq!(r.headers["authorization"], "Bearer t");
}

#[tokio::test]
async fn form_explode_repeats_the_key() {
    let server = MockServer::start().await;
    serve(&server, serde_json::json!({"sms": []})).await;
    let client = zoom_cc_sms::Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    client
        .sms()
        .list_sms()
        .country_iso_codes(vec!["US".into(), "CA".into()])
        .from("2024-01-01")
        .to("2024-01-31")
        .await
        .unwrap();
    let r = one_request(&server).await;
    assert_eq!(
        r.url.query(),
        Some("from=2024-01-01&to=2024-01-31&country_iso_codes=US&country_iso_codes=CA")
    );
}

#[tokio::test]
async fn one_value_or_an_array_and_ranges() {
    let server = MockServer::start().await;
    serve(&server, serde_json::json!({"items": []})).await;
    let client = contact_center_cdrs::Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    client
        .cdrs()
        .list_cdrs()
        .r#type(vec![CdrType::Call, CdrType::Sms])
        .user_id("u-1")
        .duration(NumberRange::new().with_gte(10.0).with_lt(60.0))
        .score(4.5)
        .await
        .unwrap();
    let r = one_request(&server).await;
    let q = decoded_query(&r);
    let pairs: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        pairs,
        [
            ("type", "call"),
            ("type", "sms"),
            ("user_id", "u-1"),
            ("score", "4.5"),
            ("duration[gte]", "10.0"),
            ("duration[lt]", "60.0")
        ]
    );
}

#[tokio::test]
async fn api_key_header_and_path_parameter() {
    let server = MockServer::start().await;
    serve(&server, serde_json::json!({"items": []})).await;
    let client = carecycle_calls::Client::builder()
        .base_url(server.uri())
        .api_key("cc_test_key")
        .build()
        .unwrap();
    client
        .customers()
        .get_customer_calls("497f6eca-6276-4993-bfeb-53cbbbba6f08")
        .limit(10)
        .await
        .unwrap();
    let r = one_request(&server).await;
    assert_eq!(
        r.url.path(),
        "/v2/customers/497f6eca-6276-4993-bfeb-53cbbbba6f08/calls"
    );
    assert_eq!(r.url.query(), Some("limit=10"));
    assert_eq!(r.headers["x-api-key"], "cc_test_key");
    assert!(r.headers.get("authorization").is_none());
}

#[tokio::test]
async fn invalid_path_parameter_is_rejected_before_sending_with_validation_on() {
    let server = MockServer::start().await;
    let client = carecycle_calls::Client::builder()
        .base_url(server.uri())
        .api_key("cc_test_key")
        .validate(true)
        .build()
        .unwrap();
    let err = client
        .customers()
        .get_customer_calls("not-a-uuid")
        .await
        .unwrap_err();
    let carecycle_calls::Error::Validation(v) = err else {
        panic!("{err:?}")
    };
    assert_eq!(v.field, "id");
    assert!(server.received_requests().await.unwrap().is_empty());
}
