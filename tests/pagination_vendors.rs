//! Auto-pagination, end to end, of the ways real APIs page that the
//! generator infers with no config (`tests/fixtures/pagination_vendors.yaml`):
//! three pages in each vendor's shape against a local mock server, every
//! item once and in order, the walk ending where the server says, and a clear
//! error when a server repeats a page.

use futures_util::StreamExt;
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn items(n: std::ops::Range<u32>) -> Vec<Value> {
    n.map(|i| json!({ "id": format!("item-{i}") })).collect()
}

fn expected(n: u32) -> Vec<String> {
    (0..n).map(|i| format!("item-{i}")).collect()
}

/// The client under the base URL `<server>/v1`, as the spec declares.
fn client(server: &MockServer) -> pagination_vendors::Client {
    pagination_vendors::Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .build()
        .unwrap()
}

/// Answers requests to `at` whose query key `key` is `value` (absent: `None`), exactly once.
async fn page(server: &MockServer, at: &str, key: &str, value: Option<&str>, body: Value) {
    let mock = Mock::given(method("GET")).and(path(at));
    let mock = match value {
        Some(v) => mock.and(query_param(key, v)),
        None => mock.and(query_param_is_missing(key)),
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

fn ids<T>(
    results: Vec<Result<T, pagination_vendors::Error>>,
    id: impl Fn(T) -> String,
) -> Vec<String> {
    results.into_iter().map(|r| id(r.unwrap())).collect()
}

/// `Page`/`PageSize`/`PageToken` in another case, followed by a host-relative
/// `next_page_uri` that carries them, as Twilio's lists do.
#[tokio::test]
async fn host_relative_next_page_uri() {
    let server = MockServer::start().await;
    let at = "/v1/Accounts/AC1/Calls.json";
    let next = |page: u32, token: &str| format!("{at}?Page={page}&PageSize=2&PageToken={token}");
    page(
        &server,
        at,
        "PageToken",
        None,
        json!({"calls": items(0..2), "next_page_uri": next(1, "PA2")}),
    )
    .await;
    page(
        &server,
        at,
        "PageToken",
        Some("PA2"),
        json!({"calls": items(2..4), "next_page_uri": next(2, "PA4")}),
    )
    .await;
    page(
        &server,
        at,
        "PageToken",
        Some("PA4"),
        json!({"calls": items(4..5), "next_page_uri": null}),
    )
    .await;
    let all: Vec<_> = client(&server)
        .default()
        .list_calls("AC1")
        .page_size(2)
        .items()
        .collect()
        .await;
    assert_eq!(ids(all, |c| c.id), expected(5));
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 3);
    assert!(
        sent[2]
            .url
            .query_pairs()
            .any(|(k, v)| k == "Page" && v == "2"),
        "{}",
        sent[2].url
    );
}

/// The next page's absolute URL nested in `meta.next`.
#[tokio::test]
async fn next_url_in_meta() {
    let server = MockServer::start().await;
    let base = format!("{}/v1/recordings", server.uri());
    page(
        &server,
        "/v1/recordings",
        "after",
        None,
        json!({"recordings": items(0..2), "meta": {"next": format!("{base}?after=b")}}),
    )
    .await;
    page(
        &server,
        "/v1/recordings",
        "after",
        Some("b"),
        json!({"recordings": items(2..4), "meta": {"next": format!("{base}?after=d")}}),
    )
    .await;
    page(
        &server,
        "/v1/recordings",
        "after",
        Some("d"),
        json!({"recordings": items(4..6), "meta": {"next": null}}),
    )
    .await;
    let all: Vec<_> = client(&server)
        .default()
        .list_recordings()
        .items()
        .collect()
        .await;
    assert_eq!(ids(all, |r| r.id), expected(6));
}

/// `links.pages.next`, relative to the page's own path.
#[tokio::test]
async fn path_relative_link_in_links_pages() {
    let server = MockServer::start().await;
    page(
        &server,
        "/v1/teams",
        "page",
        None,
        json!({"teams": items(0..2), "links": {"pages": {"next": "teams?page=2"}}}),
    )
    .await;
    page(
        &server,
        "/v1/teams",
        "page",
        Some("2"),
        json!({"teams": items(2..4), "links": {"pages": {"next": "teams?page=3"}}}),
    )
    .await;
    page(
        &server,
        "/v1/teams",
        "page",
        Some("3"),
        json!({"teams": items(4..5), "links": {"pages": {}}}),
    )
    .await;
    let all: Vec<_> = client(&server)
        .default()
        .list_teams()
        .items()
        .collect()
        .await;
    assert_eq!(ids(all, |t| t.id), expected(5));
}

/// HAL: items in `_embedded.orders`, the next page in `_links.next.href`.
#[tokio::test]
async fn hal_links_next_href() {
    let server = MockServer::start().await;
    let body = |n: std::ops::Range<u32>, next: Option<&str>| {
        let mut links = json!({"self": {"href": "/v1/orders"}});
        if let Some(next) = next {
            links["next"] = json!({ "href": next });
        }
        json!({"_embedded": {"orders": items(n)}, "_links": links})
    };
    page(
        &server,
        "/v1/orders",
        "p",
        None,
        body(0..2, Some("/v1/orders?p=2")),
    )
    .await;
    page(
        &server,
        "/v1/orders",
        "p",
        Some("2"),
        body(2..4, Some("/v1/orders?p=3")),
    )
    .await;
    page(&server, "/v1/orders", "p", Some("3"), body(4..6, None)).await;
    let all: Vec<_> = client(&server)
        .default()
        .list_orders()
        .items()
        .collect()
        .await;
    assert_eq!(ids(all, |o| o.id), expected(6));
}

/// The next page as an object holding its `uri`.
#[tokio::test]
async fn next_page_object_with_a_uri() {
    let server = MockServer::start().await;
    let body = |n: std::ops::Range<u32>, next: Option<&str>| json!({"contacts": items(n), "navigation": {"previousPage": {"uri": "/v1/contacts?start=0"}, "nextPage": next.map(|u| json!({"uri": u}))}});
    page(
        &server,
        "/v1/contacts",
        "start",
        None,
        body(0..2, Some("/v1/contacts?start=2")),
    )
    .await;
    page(
        &server,
        "/v1/contacts",
        "start",
        Some("2"),
        body(2..4, Some("/v1/contacts?start=4")),
    )
    .await;
    page(
        &server,
        "/v1/contacts",
        "start",
        Some("4"),
        body(4..5, None),
    )
    .await;
    let all: Vec<_> = client(&server)
        .default()
        .list_contacts()
        .items()
        .collect()
        .await;
    assert_eq!(ids(all, |c| c.id), expected(5));
}

/// Page numbers with no count: a page shorter than `per_page` is the last,
/// so no fourth request goes out.
#[tokio::test]
async fn page_numbers_end_on_a_short_page() {
    let server = MockServer::start().await;
    page(&server, "/v1/tags", "page", None, json!(items(0..2))).await;
    page(&server, "/v1/tags", "page", Some("2"), json!(items(2..4))).await;
    page(&server, "/v1/tags", "page", Some("3"), json!(items(4..5))).await;
    let all: Vec<_> = client(&server)
        .default()
        .list_tags()
        .per_page(2)
        .items()
        .collect()
        .await;
    assert_eq!(ids(all, |t| t.id), expected(5));
    assert_eq!(requests(&server).await.len(), 3);
}

/// A server that sends the same page again gets an error, not a loop.
#[tokio::test]
async fn a_repeated_page_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/tags"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(items(0..2))))
        .mount(&server)
        .await;
    let all: Vec<_> = client(&server)
        .default()
        .list_tags()
        .per_page(2)
        .items()
        .collect()
        .await;
    assert_eq!(all.len(), 3, "two items, then the error");
    let err = all[2].as_ref().unwrap_err();
    assert!(err.to_string().contains("repeated the same page"), "{err}");
}

/// An offset named `record_index`, ending at `paging.total`.
#[tokio::test]
async fn offset_under_another_name_ends_at_the_total() {
    let server = MockServer::start().await;
    let body = |n: std::ops::Range<u32>| json!({"records": items(n), "paging": {"total": 5}});
    page(&server, "/v1/cdrs", "record_index", None, body(0..2)).await;
    page(&server, "/v1/cdrs", "record_index", Some("2"), body(2..4)).await;
    page(&server, "/v1/cdrs", "record_index", Some("4"), body(4..5)).await;
    let all: Vec<_> = client(&server)
        .default()
        .list_cdrs()
        .limit(2)
        .items()
        .collect()
        .await;
    assert_eq!(ids(all, |r| r.id), expected(5));
    assert_eq!(requests(&server).await.len(), 3);
}

/// A continuation token in a response header, sent back as a request header.
#[tokio::test]
async fn continuation_token_in_a_header() {
    let server = MockServer::start().await;
    let answer = |n: std::ops::Range<u32>, next: Option<&str>| {
        let r = ResponseTemplate::new(200).set_body_json(json!(items(n)));
        match next {
            Some(t) => r.insert_header("x-continuation", t),
            None => r,
        }
    };
    Mock::given(method("GET"))
        .and(path("/v1/jobs"))
        .and(header("x-continuation", "t2"))
        .respond_with(answer(2..4, Some("t3")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/jobs"))
        .and(header("x-continuation", "t3"))
        .respond_with(answer(4..6, None))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/jobs"))
        .respond_with(answer(0..2, Some("t2")))
        .expect(1)
        .mount(&server)
        .await;
    let all: Vec<_> = client(&server)
        .default()
        .list_jobs()
        .items()
        .collect()
        .await;
    assert_eq!(ids(all, |j| j.id), expected(6));
    let sent = requests(&server).await;
    assert!(sent[0].headers.get("x-continuation").is_none());
}

/// A string `page` parameter and `next_page`: a cursor, however it is named.
#[tokio::test]
async fn string_next_page_is_a_cursor() {
    let server = MockServer::start().await;
    page(
        &server,
        "/v1/usage",
        "page",
        None,
        json!({"data": items(0..2), "has_more": true, "next_page": "page_AAA"}),
    )
    .await;
    page(
        &server,
        "/v1/usage",
        "page",
        Some("page_AAA"),
        json!({"data": items(2..4), "has_more": true, "next_page": "page_BBB"}),
    )
    .await;
    page(
        &server,
        "/v1/usage",
        "page",
        Some("page_BBB"),
        json!({"data": items(4..6), "has_more": false, "next_page": null}),
    )
    .await;
    let all: Vec<_> = client(&server)
        .default()
        .list_usage()
        .items()
        .collect()
        .await;
    assert_eq!(ids(all, |u| u.id), expected(6));
}

/// An `offset` token read from inside the `next_page` object.
#[tokio::test]
async fn cursor_inside_a_next_page_object() {
    let server = MockServer::start().await;
    let body = |n: std::ops::Range<u32>, next: Option<&str>| json!({"data": items(n), "next_page": next.map(|o| json!({"offset": o, "path": "/tasks", "uri": "https://elsewhere.example/tasks"}))});
    page(
        &server,
        "/v1/tasks",
        "offset",
        None,
        body(0..2, Some("eyJ0")),
    )
    .await;
    page(
        &server,
        "/v1/tasks",
        "offset",
        Some("eyJ0"),
        body(2..4, Some("eyJ1")),
    )
    .await;
    page(
        &server,
        "/v1/tasks",
        "offset",
        Some("eyJ1"),
        body(4..6, None),
    )
    .await;
    let all: Vec<_> = client(&server)
        .default()
        .list_tasks()
        .items()
        .collect()
        .await;
    assert_eq!(ids(all, |t| t.id), expected(6));
}

/// No declared parameter: the cursor's name comes from `pages.next`.
#[tokio::test]
async fn cursor_named_by_the_page() {
    let server = MockServer::start().await;
    let body = |n: std::ops::Range<u32>, next: Option<&str>| {
        let next = next.map_or(json!(null), |c| json!({ "starting_after": c }));
        json!({"conversations": items(n), "pages": {"next": next, "total_pages": 3}})
    };
    page(
        &server,
        "/v1/conversations",
        "starting_after",
        None,
        body(0..2, Some("c2")),
    )
    .await;
    page(
        &server,
        "/v1/conversations",
        "starting_after",
        Some("c2"),
        body(2..4, Some("c4")),
    )
    .await;
    page(
        &server,
        "/v1/conversations",
        "starting_after",
        Some("c4"),
        body(4..6, None),
    )
    .await;
    let all: Vec<_> = client(&server)
        .default()
        .list_conversations()
        .items()
        .collect()
        .await;
    assert_eq!(ids(all, |c| c.id), expected(6));
}

/// Newest first: the link to older items is the way through the list.
#[tokio::test]
async fn newest_first_walks_to_older_items() {
    let server = MockServer::start().await;
    let base = format!("{}/v1/transcripts", server.uri());
    let body = |n: std::ops::Range<u32>, older: Option<&str>| json!({"transcripts": items(n), "page_details": {"prev_url": older.map(|o| format!("{base}?before_id={o}")), "next_url": format!("{base}?after_id=newest")}});
    page(
        &server,
        "/v1/transcripts",
        "before_id",
        None,
        body(0..2, Some("item-1")),
    )
    .await;
    page(
        &server,
        "/v1/transcripts",
        "before_id",
        Some("item-1"),
        body(2..4, Some("item-3")),
    )
    .await;
    page(
        &server,
        "/v1/transcripts",
        "before_id",
        Some("item-3"),
        body(4..5, None),
    )
    .await;
    let all: Vec<_> = client(&server)
        .default()
        .list_transcripts()
        .items()
        .collect()
        .await;
    assert_eq!(ids(all, |t| t.id), expected(5));
}

/// `x-ms-pageable`: items in `blobs`, the next page at `nextLink`.
#[tokio::test]
async fn ms_pageable_next_link() {
    let server = MockServer::start().await;
    let link = |skip: u32| format!("{}/v1/blobs?skipToken={skip}", server.uri());
    page(
        &server,
        "/v1/blobs",
        "skipToken",
        None,
        json!({"blobs": items(0..2), "nextLink": link(2)}),
    )
    .await;
    page(
        &server,
        "/v1/blobs",
        "skipToken",
        Some("2"),
        json!({"blobs": items(2..4), "nextLink": link(4)}),
    )
    .await;
    page(
        &server,
        "/v1/blobs",
        "skipToken",
        Some("4"),
        json!({"blobs": items(4..6)}),
    )
    .await;
    let all: Vec<_> = client(&server)
        .default()
        .list_blobs()
        .items()
        .collect()
        .await;
    assert_eq!(ids(all, |b| b.id), expected(6));
}

/// `has_more: false` ends the walk though the page still names a cursor.
#[tokio::test]
async fn has_more_false_ends_a_cursor_walk() {
    let server = MockServer::start().await;
    page(
        &server,
        "/v1/files",
        "cursor",
        None,
        json!({"files": items(0..2), "next_cursor": "b", "has_more": true}),
    )
    .await;
    page(
        &server,
        "/v1/files",
        "cursor",
        Some("b"),
        json!({"files": items(2..4), "next_cursor": "c", "has_more": true}),
    )
    .await;
    page(
        &server,
        "/v1/files",
        "cursor",
        Some("c"),
        json!({"files": items(4..5), "next_cursor": "d", "has_more": false}),
    )
    .await;
    let all: Vec<_> = client(&server)
        .default()
        .list_files()
        .items()
        .collect()
        .await;
    assert_eq!(ids(all, |f| f.id), expected(5));
    assert_eq!(requests(&server).await.len(), 3);
}

/// Pages counted from zero (the parameter's minimum): the second request asks for page 1.
#[tokio::test]
async fn pages_counted_from_zero() {
    let server = MockServer::start().await;
    page(
        &server,
        "/v1/voices",
        "page",
        None,
        json!({"voices": items(0..2), "has_more": true}),
    )
    .await;
    page(
        &server,
        "/v1/voices",
        "page",
        Some("1"),
        json!({"voices": items(2..4), "has_more": true}),
    )
    .await;
    page(
        &server,
        "/v1/voices",
        "page",
        Some("2"),
        json!({"voices": items(4..6), "has_more": false}),
    )
    .await;
    let all: Vec<_> = client(&server)
        .default()
        .list_voices()
        .items()
        .collect()
        .await;
    assert_eq!(ids(all, |v| v.id), expected(6));
}

/// A next link to another host is refused, so credentials stay with the API.
#[tokio::test]
async fn a_next_link_to_another_host_is_not_followed() {
    let server = MockServer::start().await;
    page(&server, "/v1/recordings", "after", None, json!({"recordings": items(0..2), "meta": {"next": "https://elsewhere.example/v1/recordings?after=b"}})).await;
    let all: Vec<_> = client(&server)
        .default()
        .list_recordings()
        .items()
        .collect()
        .await;
    assert_eq!(all.len(), 3);
    let err = all[2].as_ref().unwrap_err();
    assert!(err.to_string().contains("another host"), "{err}");
}

/// A search sent as POST: its cursor goes back in the JSON body, beside the
/// terms the caller gave, which every page keeps (Notion's `start_cursor`).
#[tokio::test]
async fn cursor_sent_back_in_the_json_body() {
    let server = MockServer::start().await;
    for (cursor, body) in [
        (
            None,
            json!({"results": items(0..2), "next_cursor": "c2", "has_more": true}),
        ),
        (
            Some("c2"),
            json!({"results": items(2..4), "next_cursor": "c4", "has_more": true}),
        ),
        (
            Some("c4"),
            json!({"results": items(4..5), "next_cursor": null, "has_more": false}),
        ),
    ] {
        let expected = cursor.map(str::to_owned);
        Mock::given(method("POST"))
            .and(path("/v1/search"))
            .and(header("content-type", "application/json"))
            .and(move |r: &Request| {
                let sent: Value = serde_json::from_slice(&r.body).unwrap_or_default();
                sent["query"] == "cats"
                    && sent["page_size"] == 2
                    && sent.get("start_cursor").and_then(Value::as_str) == expected.as_deref()
            })
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
    }
    let search = pagination_vendors::types::SearchPagesBody::new()
        .with_query("cats")
        .with_page_size(2);
    let all: Vec<_> = client(&server)
        .default()
        .search_pages()
        .body(search)
        .items()
        .collect()
        .await;
    assert_eq!(ids(all, |f| f.id), expected(5));
    assert_eq!(requests(&server).await.len(), 3);
}
