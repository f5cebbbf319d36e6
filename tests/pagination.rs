//! Auto-pagination of the generated clients for the four seed APIs, one per
//! style, against a local mock server: every item arrives once, the walk ends
//! where the server says, on an empty page, and never loops on a repeated cursor.

use futures_util::StreamExt;
use serde_json::{json, Value};
use wiremock::matchers::{method, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn ids(n: std::ops::Range<u32>) -> Vec<Value> {
    n.map(|i| json!({ "id": format!("item-{i}") })).collect()
}

async fn page(server: &MockServer, key: &str, value: &str, body: Value) {
    Mock::given(method("GET"))
        .and(query_param(key, value))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

/// The first request carries no page parameter unless the caller set one.
async fn first_page(server: &MockServer, key: &str, body: Value) {
    Mock::given(method("GET"))
        .and(query_param_is_missing(key))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

/// Page numbers with `page[number]` inside a deepObject `page` parameter and `meta.total_pages`.
#[tokio::test]
async fn page_number_with_total_pages() {
    let server = MockServer::start().await;
    first_page(
        &server,
        "page[number]",
        json!({"data": ids(0..2), "meta": {"total_pages": 3, "page_number": 1}}),
    )
    .await;
    for n in 2..=3u32 {
        let items = ids((n - 1) * 2..n * 2);
        page(
            &server,
            "page[number]",
            &n.to_string(),
            json!({"data": items, "meta": {"total_pages": 3, "page_number": n}}),
        )
        .await;
    }
    let client = telnyx_csr::Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let list = client
        .customer_service_record()
        .list_customer_service_records();
    let list = list.page(telnyx_csr::types::ListCustomerServiceRecordsPage::new().with_size(2));
    let all: Vec<_> = list.items().collect().await;
    let all: Vec<String> = all.into_iter().map(|r| r.unwrap().id.unwrap()).collect();
    assert_eq!(all, (0..6).map(|i| format!("item-{i}")).collect::<Vec<_>>());
    assert_eq!(requests(&server).await, 3);
    // The page size the caller chose travels with every page.
    for r in server.received_requests().await.unwrap() {
        assert!(
            r.url
                .query_pairs()
                .any(|(k, v)| k == "page[size]" && v == "2"),
            "{}",
            r.url
        );
    }
}

/// `page`/`limit` with a `nextPage` field that is null on the last page, walked page by page.
#[tokio::test]
async fn page_number_with_next_page_field() {
    let server = MockServer::start().await;
    first_page(
        &server,
        "page",
        json!({"items": ids(0..2), "currentPage": 1, "nextPage": 2}),
    )
    .await;
    page(
        &server,
        "page",
        "2",
        json!({"items": ids(2..4), "currentPage": 2, "nextPage": null}),
    )
    .await;
    let client = carecycle_calls::Client::builder()
        .base_url(server.uri())
        .api_key("cc_key")
        .build()
        .unwrap();
    let mut pages = client
        .customers()
        .get_customer_calls("497f6eca-6276-4993-bfeb-53cbbbba6f08")
        .pages();
    assert_eq!(pages.next_page().await.unwrap().unwrap().len(), 2);
    assert_eq!(pages.next_page().await.unwrap().unwrap().len(), 2);
    assert!(pages.next_page().await.unwrap().is_none());
    assert!(pages.next_page().await.unwrap().is_none(), "stays finished");
    assert_eq!(requests(&server).await, 2);
}

/// An opaque cursor in `metadata.next_cursor`, absent on the last page.
#[tokio::test]
async fn opaque_cursor() {
    let server = MockServer::start().await;
    first_page(
        &server,
        "cursor",
        json!({"items": ids(0..3), "metadata": {"next_cursor": "c2"}}),
    )
    .await;
    page(
        &server,
        "cursor",
        "c2",
        json!({"items": ids(3..5), "metadata": {"next_cursor": null}}),
    )
    .await;
    let client = contact_center_cdrs::Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let items: Vec<_> = client.cdrs().list_cdrs().limit(3).items().collect().await;
    assert_eq!(items.len(), 5);
    assert!(items.iter().all(Result::is_ok));
    assert_eq!(requests(&server).await, 2);
}

/// A server that hands back the same cursor forever: the stream ends with an error, after two pages.
#[tokio::test]
async fn a_repeated_cursor_stops_the_walk() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"items": ids(0..1), "metadata": {"next_cursor": "same"}})),
        )
        .mount(&server)
        .await;
    let client = contact_center_cdrs::Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let results: Vec<_> = client.cdrs().list_cdrs().items().collect().await;
    assert_eq!(results.len(), 3, "two items, then the error: {results:?}");
    let err = results.last().unwrap().as_ref().unwrap_err();
    assert!(err.to_string().contains("repeated a cursor"), "{err}");
    assert_eq!(requests(&server).await, 2);
}

/// `next_page_token`, empty on the last page (as Zoom sends it).
#[tokio::test]
async fn next_page_token_empty_at_the_end() {
    let server = MockServer::start().await;
    first_page(
        &server,
        "next_page_token",
        json!({"sms": [{"engagement_id": "e1"}], "next_page_token": "tok2"}),
    )
    .await;
    page(
        &server,
        "next_page_token",
        "tok2",
        json!({"sms": [{"engagement_id": "e2"}], "next_page_token": ""}),
    )
    .await;
    let client = zoom_cc_sms::Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let items: Vec<_> = client.sms().list_sms().page_size(1).items().collect().await;
    let ids: Vec<String> = items
        .into_iter()
        .map(|r| r.unwrap().engagement_id.unwrap())
        .collect();
    assert_eq!(ids, ["e1", "e2"]);
}

/// An empty page ends the walk even when the server claims more pages.
#[tokio::test]
async fn an_empty_page_ends_the_walk() {
    let server = MockServer::start().await;
    first_page(
        &server,
        "page[number]",
        json!({"data": ids(0..2), "meta": {"total_pages": 9}}),
    )
    .await;
    page(
        &server,
        "page[number]",
        "2",
        json!({"data": [], "meta": {"total_pages": 9}}),
    )
    .await;
    let client = telnyx_csr::Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let items: Vec<_> = client
        .customer_service_record()
        .list_customer_service_records()
        .items()
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    assert_eq!(requests(&server).await, 2);
}

/// A server that ignores the page number and sends the same page again: the walk ends with an error.
#[tokio::test]
async fn a_repeated_page_stops_the_walk() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": ids(0..2), "meta": {"total_pages": 9}})),
        )
        .mount(&server)
        .await;
    let client = telnyx_csr::Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let results: Vec<_> = client
        .customer_service_record()
        .list_customer_service_records()
        .items()
        .collect()
        .await;
    assert_eq!(
        results.len(),
        3,
        "the first page's two items, then the error"
    );
    assert!(results[2]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("repeated the same page"));
    assert_eq!(requests(&server).await, 2);
}

/// An error response ends the stream with that error.
#[tokio::test]
async fn an_error_page_ends_the_stream_with_the_error() {
    let server = MockServer::start().await;
    first_page(
        &server,
        "page[number]",
        json!({"data": ids(0..1), "meta": {"total_pages": 2}}),
    )
    .await;
    Mock::given(method("GET"))
        .and(query_param("page[number]", "2"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(json!({"errors": [{"code": "10010", "detail": "nope"}]})),
        )
        .mount(&server)
        .await;
    let client = telnyx_csr::Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let items: Vec<_> = client
        .customer_service_record()
        .list_customer_service_records()
        .items()
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    let api = items[1].as_ref().unwrap_err().api_error().unwrap();
    assert_eq!(
        (api.status.as_u16(), api.code.as_deref()),
        (403, Some("10010"))
    );
}

/// Two pages of SMS records, `e1` then `e2`, and a client for them.
async fn two_sms_pages() -> (MockServer, zoom_cc_sms::Client) {
    let server = MockServer::start().await;
    first_page(
        &server,
        "next_page_token",
        json!({"sms": [{"engagement_id": "e1"}], "next_page_token": "tok2"}),
    )
    .await;
    page(
        &server,
        "next_page_token",
        "tok2",
        json!({"sms": [{"engagement_id": "e2"}], "next_page_token": ""}),
    )
    .await;
    let client = zoom_cc_sms::Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    (server, client)
}

/// The stream's own `collect_all`, for callers without a futures crate.
#[tokio::test]
async fn collect_all_gathers_every_page() {
    let (_server, client) = two_sms_pages().await;
    let all = client.sms().list_sms().items().collect_all().await.unwrap();
    let ids: Vec<_> = all.into_iter().map(|s| s.engagement_id.unwrap()).collect();
    assert_eq!(ids, ["e1", "e2"]);
}

/// The stream's own `try_next`: item by item, across pages, then `None`.
#[tokio::test]
async fn try_next_walks_item_by_item() {
    let (_server, client) = two_sms_pages().await;
    let mut items = client.sms().list_sms().items();
    let first = items.try_next().await.unwrap().unwrap();
    assert_eq!(first.engagement_id.as_deref(), Some("e1"));
    let second = items.try_next().await.unwrap().unwrap();
    assert_eq!(second.engagement_id.as_deref(), Some("e2"));
    assert!(items.try_next().await.unwrap().is_none());
}

/// `collect_all` returns the error that ended the walk.
#[tokio::test]
async fn collect_all_returns_the_walks_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"items": ids(0..1), "metadata": {"next_cursor": "same"}})),
        )
        .mount(&server)
        .await;
    let client = contact_center_cdrs::Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let err = client
        .cdrs()
        .list_cdrs()
        .items()
        .collect_all()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("repeated a cursor"), "{err}");
}

/// The client generated from `tests/fixtures/pagination_styles.yaml` with no
/// config, under a base URL with a path, as real APIs have.
fn styles_client(server: &MockServer) -> pagination_styles::Client {
    pagination_styles::Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .build()
        .unwrap()
}

/// A deepObject `page` parameter walks `page[number]`, inferred without config.
#[tokio::test]
async fn bracketed_page_number_inferred_without_config() {
    let server = MockServer::start().await;
    first_page(
        &server,
        "page[number]",
        json!({"data": ids(0..2), "meta": {"total_pages": 2}}),
    )
    .await;
    page(
        &server,
        "page[number]",
        "2",
        json!({"data": ids(2..4), "meta": {"total_pages": 2}}),
    )
    .await;
    let items: Vec<_> = styles_client(&server)
        .default()
        .list_plans()
        .page(pagination_styles::types::ListPlansPage::new().with_size(2))
        .items()
        .collect()
        .await;
    let items: Vec<String> = items.into_iter().map(|r| r.unwrap().id).collect();
    assert_eq!(
        items,
        (0..4).map(|i| format!("item-{i}")).collect::<Vec<_>>()
    );
    for r in server.received_requests().await.unwrap() {
        assert!(!r.url.query_pairs().any(|(k, _)| k == "page"), "{}", r.url);
        assert!(r
            .url
            .query_pairs()
            .any(|(k, v)| k == "page[size]" && v == "2"));
    }
}

/// `page[cursor]` lists follow the `links.next` URL the server gives, to the end.
#[tokio::test]
async fn bracketed_cursor_follows_links_next() {
    let server = MockServer::start().await;
    let next = format!(
        "{}/v1/events?page%5Bcursor%5D=c2&page%5Bsize%5D=2",
        server.uri()
    );
    first_page(
        &server,
        "page[cursor]",
        json!({"data": ids(0..2), "included": [], "links": {"self": "x", "next": next}}),
    )
    .await;
    page(
        &server,
        "page[cursor]",
        "c2",
        json!({"data": ids(2..3), "links": {"self": "y", "next": null}}),
    )
    .await;
    let items: Vec<_> = styles_client(&server)
        .default()
        .list_events()
        .page_size(2)
        .items()
        .collect()
        .await;
    let items: Vec<String> = items.into_iter().map(|r| r.unwrap().id).collect();
    assert_eq!(items, ["item-0", "item-1", "item-2"]);
    let second = &server.received_requests().await.unwrap()[1];
    assert_eq!(second.url.path(), "/v1/events");
}

/// A next-page URL on another host is not followed: the client's credentials stay home.
#[tokio::test]
async fn a_next_url_elsewhere_is_refused() {
    let server = MockServer::start().await;
    first_page(
        &server,
        "page[cursor]",
        json!({"data": ids(0..1), "links": {"self": "x", "next": "https://elsewhere.example/v1/events?page%5Bcursor%5D=c2"}}),
    )
    .await;
    let results: Vec<_> = styles_client(&server)
        .default()
        .list_events()
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 2, "the first page's item, then the error");
    let error = results[1].as_ref().unwrap_err().to_string();
    assert!(error.contains("another host"), "{error}");
    assert_eq!(requests(&server).await, 1);
}

/// A body that is the item array pages by the `Link: <...>; rel="next"` header.
#[tokio::test]
async fn link_header_next() {
    let server = MockServer::start().await;
    let link = format!(
        "<{0}/v1/messages?limit=2&after=m1>; rel=\"next\", <{0}/v1/messages?limit=2>; rel=\"first\"",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(query_param_is_missing("after"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("link", link.as_str())
                .set_body_json(json!(ids(0..2))),
        )
        .expect(1)
        .mount(&server)
        .await;
    page(&server, "after", "m1", json!(ids(2..3))).await;
    let mut pages = styles_client(&server)
        .default()
        .list_messages()
        .limit(2)
        .pages();
    assert_eq!(pages.next_page().await.unwrap().unwrap().len(), 2);
    assert_eq!(pages.next_page().await.unwrap().unwrap().len(), 1);
    assert!(
        pages.next_page().await.unwrap().is_none(),
        "no Link header: the last page"
    );
    assert_eq!(requests(&server).await, 2);
}

/// `starting_after` takes the last item's id until `has_more` is false.
#[tokio::test]
async fn starting_after_the_last_item_until_has_more_is_false() {
    let server = MockServer::start().await;
    first_page(
        &server,
        "starting_after",
        json!({"object": "list", "data": ids(0..2), "has_more": true}),
    )
    .await;
    page(
        &server,
        "starting_after",
        "item-1",
        json!({"object": "list", "data": ids(2..3), "has_more": false}),
    )
    .await;
    let items: Vec<_> = styles_client(&server)
        .default()
        .list_charges()
        .limit(2)
        .items()
        .collect()
        .await;
    let items: Vec<String> = items.into_iter().map(|r| r.unwrap().id).collect();
    assert_eq!(items, ["item-0", "item-1", "item-2"]);
    assert_eq!(
        requests(&server).await,
        2,
        "has_more: false ends it without another request"
    );
}

/// Evidence that leads nowhere (a cursor with no next value, two arrays that
/// could each be the items) gets no stream, and the generation summary names
/// the lists; a cursor beside a page number pages by the cursor the page
/// continues, and the report says why.
#[test]
fn lists_whose_evidence_leads_nowhere_get_no_stream_and_say_why() {
    let path = workspace_tests::root().join("tests/fixtures/pagination_styles.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let files = codegen::generate_from_str(
        &text,
        &path.display().to_string(),
        codegen::Config::without_file(),
    )
    .unwrap();
    let api = &files.files["src/apis/default.rs"];
    for paged in [
        "LIST_PLANS_PAGES",
        "LIST_EVENTS_PAGES",
        "LIST_MESSAGES_PAGES",
        "LIST_CHARGES_PAGES",
        "LIST_LOGS_PAGES",
    ] {
        assert!(api.contains(paged), "{paged}");
    }
    for unpaged in ["LIST_AUDITS_PAGES", "LIST_REPORTS_PAGES"] {
        assert!(!api.contains(unpaged), "{unpaged}");
    }
    assert!(
        files
            .summary
            .contains("lists: 5 paged, 2 with no stream: listAudits, listReports"),
        "{}",
        files.summary
    );
    let report: serde_json::Value =
        serde_json::from_str(&files.files[".codegen/inference.json"]).unwrap();
    let op = |id: &str| {
        report["operations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == id)
            .unwrap()
            .clone()
    };
    let logs = op("listLogs");
    assert_eq!(logs["pagination"]["style"], "cursor");
    assert!(logs["pagination"]["note"]
        .as_str()
        .unwrap()
        .contains("rather than page numbers in `page`"));
    assert!(op("listAudits")["reason"]
        .as_str()
        .unwrap()
        .contains("nothing in the response says what to send next"));
    assert!(op("listReports")["reason"]
        .as_str()
        .unwrap()
        .contains("daily, weekly"));
}
