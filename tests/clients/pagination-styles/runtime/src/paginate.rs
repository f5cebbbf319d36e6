//! Walking the pages of a list operation: page numbers, cursors, offsets, or
//! the next page's URL (in the body or a `Link` header), as the spec
//! describes, page by page or as a stream of items. Every walk ends: on the
//! last page the server signals, on an empty page, and with an error when the
//! server repeats a cursor, a URL or a page. A next-page URL is followed only
//! on the client's own base URL, so credentials never go to another host.

use std::collections::HashSet;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::{stream, TryStreamExt};
use reqwest::header::{HeaderMap, LINK};
use reqwest::Url;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::config::CallOptions;
use super::error::{DecodeError, Error};
use super::request::Request;
use super::transport::Client;

/// How an operation pages, fixed at generation time.
#[derive(Debug)]
pub struct PageSpec {
    /// JSON pointer to the item array within a page (after the envelope).
    pub items: &'static str,
    /// The envelope property a page sits in, if the API wraps bodies.
    pub envelope: Option<&'static str>,
    /// The style.
    pub style: PageStyle,
}

/// The pagination styles.
#[derive(Debug)]
pub enum PageStyle {
    /// A page-number query parameter.
    Page {
        /// Its query key.
        param: &'static str,
        /// Pointer to the total page count, if pages carry it.
        total_pages: Option<&'static str>,
        /// Pointer to the next page number (null or absent on the last page), if pages carry it.
        next_page: Option<&'static str>,
    },
    /// An opaque cursor from each page, sent back for the next.
    Cursor {
        /// Its query key.
        param: &'static str,
        /// Pointer to the next cursor (null, absent or empty on the last page).
        next: &'static str,
    },
    /// An item offset.
    Offset {
        /// Its query key.
        param: &'static str,
        /// The page-size query key, to detect a short last page.
        limit_param: Option<&'static str>,
    },
    /// The next page starts after the last item: its id is sent as the cursor.
    AfterLast {
        /// The cursor query key.
        param: &'static str,
        /// Pointer to the id within an item.
        id: &'static str,
        /// Pointer to the page's "more pages follow" flag, if pages carry one.
        has_more: Option<&'static str>,
    },
    /// The next page's URL, in each page's body (null, absent or empty on the last page).
    NextUrl {
        /// Pointer to it.
        next: &'static str,
    },
    /// The next page's URL, in the `Link` response header as `rel="next"` (RFC 8288).
    LinkHeader,
}

#[derive(Debug, Clone)]
enum Position {
    First,
    Page(u64),
    Cursor(String),
    Offset(u64),
    Url(String),
}

/// The pages of a list call. [`next_page`](Self::next_page) fetches one at a
/// time; [`items`](Self::items) streams the items of all of them.
pub struct Pages<T> {
    client: Client,
    request: Result<Request, Option<Error>>,
    options: CallOptions,
    spec: &'static PageSpec,
    position: Position,
    seen: HashSet<String>,
    done: bool,
    /// An error found with the last page, returned by the next fetch so that
    /// page's items are not lost.
    pending: Option<Error>,
    _items: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("spec", &self.spec)
            .field("position", &self.position)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> Pages<T> {
    /// Pages of `request` (or the error building it, returned by the first fetch).
    pub fn new(
        client: Client,
        request: Result<Request, Error>,
        options: CallOptions,
        spec: &'static PageSpec,
    ) -> Self {
        Self {
            client,
            request: request.map_err(Some),
            options,
            spec,
            position: Position::First,
            seen: HashSet::new(),
            done: false,
            pending: None,
            _items: PhantomData,
        }
    }

    /// Fetches the next page; `Ok(None)` after the last one.
    ///
    /// # Errors
    /// Any error of the call, a page that does not decode, or a server that
    /// repeats a cursor or a page (which would otherwise loop forever).
    pub async fn next_page(&mut self) -> Result<Option<Vec<T>>, Error> {
        if self.done {
            return Ok(None);
        }
        if let Some(error) = self.pending.take() {
            self.done = true;
            return Err(error);
        }
        let result = self.fetch().await;
        if !matches!(result, Ok(Some(_))) {
            self.done = true;
        }
        result
    }

    async fn fetch(&mut self) -> Result<Option<Vec<T>>, Error> {
        let template = match &mut self.request {
            Ok(r) => r,
            Err(e) => {
                return Err(e
                    .take()
                    .unwrap_or_else(|| Error::Config("the request could not be built".into())))
            }
        };
        let mut request = template.clone();
        let operation = request.operation.id;
        // Where this page starts: the page number or item offset sent (on the
        // first page, whatever the caller set, else the API's default start).
        let current = match (&self.position, &self.spec.style) {
            (Position::First, PageStyle::Page { param, .. }) => {
                query_number(&request, param).unwrap_or(1)
            }
            (Position::First, PageStyle::Offset { param, .. }) => {
                query_number(&request, param).unwrap_or(0)
            }
            (
                Position::Page(n) | Position::Offset(n),
                PageStyle::Page { param, .. } | PageStyle::Offset { param, .. },
            ) => {
                request.set_query(param, &n.to_string());
                *n
            }
            (
                Position::Cursor(c),
                PageStyle::Cursor { param, .. } | PageStyle::AfterLast { param, .. },
            ) => {
                request.set_query(param, c);
                0
            }
            (Position::Url(next), _) => {
                let base_url = self.client.base_url(request.operation);
                follow(&mut request, base_url, next)
                    .map_err(|why| Error::Config(format!("{operation}: next page URL {why}")))?;
                0
            }
            _ => 0,
        };
        let limit = match &self.spec.style {
            PageStyle::Offset {
                limit_param: Some(l),
                ..
            } => query_number(&request, l),
            _ => None,
        };

        let raw = self.client.execute(request, &self.options).await?;
        let next_link = match self.spec.style {
            PageStyle::LinkHeader => next_link(&raw.headers),
            _ => None,
        };
        let (status, body, secrets) = (raw.status, raw.body, raw.secrets);
        let decode_error = |path: String, message: String| {
            Error::Decode(Box::new(DecodeError::new(
                operation, status, path, message, &body, &secrets,
            )))
        };
        let json: Value = serde_json::from_slice(&body)
            .map_err(|e| decode_error("(root)".into(), e.to_string()))?;
        let page = match self.spec.envelope {
            Some(field) => json.get(field).unwrap_or(&Value::Null),
            None => &json,
        };
        let items_value = page
            .pointer(self.spec.items)
            .cloned()
            .unwrap_or(Value::Null);
        let fingerprint = items_value.to_string();
        let last_id = match self.spec.style {
            PageStyle::AfterLast { id, .. } => items_value
                .as_array()
                .and_then(|items| items.last())
                .and_then(|item| item.pointer(id))
                .and_then(|v| match v {
                    Value::String(s) if !s.is_empty() => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                }),
            _ => None,
        };
        let items: Vec<T> = match items_value {
            Value::Null => Vec::new(),
            Value::Array(values) => values
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    serde_path_to_error::deserialize(v).map_err(|e| {
                        let inner = e.path().to_string();
                        let at = if inner == "." {
                            String::new()
                        } else {
                            format!(".{inner}")
                        };
                        decode_error(
                            format!(
                                "{}[{i}]{at}",
                                self.spec.items.trim_start_matches('/').replace('/', ".")
                            ),
                            e.into_inner().to_string(),
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
            other => {
                return Err(decode_error(
                    self.spec.items.to_owned(),
                    format!("expected an array of items, found {other}"),
                ))
            }
        };

        // `None`: this was the last page. The key identifies the position so a
        // server that sends the same one twice is caught.
        let (next, key, what) = match &self.spec.style {
            PageStyle::Cursor { next, .. } => {
                let cursor = match page.pointer(next) {
                    _ if items.is_empty() => None,
                    Some(Value::String(c)) if !c.is_empty() => Some(c.clone()),
                    Some(Value::Number(n)) => Some(n.to_string()),
                    _ => None,
                };
                (
                    cursor.clone().map(Position::Cursor),
                    cursor.unwrap_or_default(),
                    "a cursor",
                )
            }
            PageStyle::Page {
                total_pages,
                next_page,
                ..
            } => {
                let next = if items.is_empty() {
                    None
                } else {
                    let total = total_pages
                        .and_then(|p| page.pointer(p))
                        .and_then(Value::as_u64);
                    match (next_page, total) {
                        (Some(pointer), _) => page
                            .pointer(pointer)
                            .and_then(Value::as_u64)
                            .filter(|&n| n > current)
                            .map(Position::Page),
                        (None, Some(total)) => {
                            (current < total).then_some(Position::Page(current + 1))
                        }
                        (None, None) => Some(Position::Page(current + 1)),
                    }
                };
                (next, fingerprint, "the same page")
            }
            PageStyle::Offset { .. } => {
                let last = items.is_empty() || limit.is_some_and(|l| (items.len() as u64) < l);
                let next = (!last).then(|| Position::Offset(current + items.len() as u64));
                (next, fingerprint, "the same page")
            }
            PageStyle::NextUrl { next } => {
                let url = match page.pointer(next) {
                    _ if items.is_empty() => None,
                    Some(Value::String(u)) if !u.is_empty() => Some(u.clone()),
                    _ => None,
                };
                (
                    url.clone().map(Position::Url),
                    url.unwrap_or_default(),
                    "a next page URL",
                )
            }
            PageStyle::AfterLast { has_more, .. } => {
                let more = has_more
                    .and_then(|p| page.pointer(p))
                    .and_then(Value::as_bool)
                    .unwrap_or(true);
                let cursor = last_id.filter(|_| more && !items.is_empty());
                (
                    cursor.clone().map(Position::Cursor),
                    cursor.unwrap_or_default(),
                    "a cursor",
                )
            }
            PageStyle::LinkHeader => {
                let url = next_link.filter(|_| !items.is_empty());
                (
                    url.clone().map(Position::Url),
                    url.unwrap_or_default(),
                    "a next page URL",
                )
            }
        };
        if next.is_some() && !self.seen.insert(key) {
            let error = decode_error(
                self.spec.items.to_owned(),
                format!("the server repeated {what}; stopping instead of looping forever"),
            );
            if matches!(
                self.spec.style,
                PageStyle::Cursor { .. }
                    | PageStyle::AfterLast { .. }
                    | PageStyle::NextUrl { .. }
                    | PageStyle::LinkHeader
            ) {
                // The items behind a repeated cursor are new; the walk ends with the error next.
                self.pending = Some(error);
                return Ok(Some(items));
            }
            // A repeated page holds only items already delivered.
            return Err(error);
        }
        match next {
            Some(position) => self.position = position,
            None => self.done = true,
        }
        Ok(Some(items))
    }
}

impl<T: DeserializeOwned + Send + Unpin + 'static> Pages<T> {
    /// A stream of the items of every page, fetched as they are consumed.
    pub fn items(self) -> Items<T> {
        // Page by page until the walk ends or fails (an error is the last
        // item), each page flattened into its items.
        let pages = stream::try_unfold(self, |mut pages| async move {
            let page = pages.next_page().await?;
            Ok::<_, Error>(page.map(|page| (page, pages)))
        });
        let items = pages
            .map_ok(|page| stream::iter(page.into_iter().map(Ok)))
            .try_flatten();
        Items {
            inner: Box::pin(items),
        }
    }
}

/// The items of all pages as a `futures_core::Stream`; an error ends it.
pub struct Items<T> {
    inner: Pin<Box<dyn futures_core::Stream<Item = Result<T, Error>> + Send>>,
}

impl<T> std::fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items").finish_non_exhaustive()
    }
}

impl<T> futures_core::Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

/// The numeric value of query key `key`, if the request has one.
fn query_number(request: &Request, key: &str) -> Option<u64> {
    request
        .query
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.parse().ok())
}

/// Points `request` at `next`, a URL the server gave for the next page,
/// resolved against the current request's URL. `Err` says why it is refused:
/// it must stay under the client's base URL (same scheme, host, port and path
/// prefix), so the client's credentials go nowhere else.
fn follow(request: &mut Request, base_url: &str, next: &str) -> Result<(), String> {
    let base = Url::parse(base_url).map_err(|e| format!("cannot be resolved: {e}"))?;
    let path = if request.path.starts_with('/') {
        request.path.clone()
    } else {
        format!("/{}", request.path)
    };
    let current =
        Url::parse(&format!("{base_url}{path}")).map_err(|e| format!("cannot be resolved: {e}"))?;
    let url = current
        .join(next)
        .map_err(|e| format!("is not a URL: {e}"))?;
    if url.origin() != base.origin() {
        return Err("points to another host; not followed".into());
    }
    let prefix = base.path().trim_end_matches('/');
    let rest = url
        .path()
        .strip_prefix(prefix)
        .filter(|p| p.is_empty() || p.starts_with('/'))
        .ok_or("is outside the client's base URL; not followed")?;
    request.path = rest.to_owned();
    request.query = url.query_pairs().into_owned().collect();
    Ok(())
}

/// The `rel="next"` target of the `Link` headers (RFC 8288), if any.
fn next_link(headers: &HeaderMap) -> Option<String> {
    for value in headers.get_all(LINK) {
        let Ok(text) = value.to_str() else {
            continue;
        };
        let mut rest = text;
        while let Some(start) = rest.find('<') {
            let after = &rest[start + 1..];
            let end = after.find('>')?;
            let target = &after[..end];
            let params_end = after[end + 1..]
                .find('<')
                .map_or(after.len(), |i| end + 1 + i);
            let is_next = after[end + 1..params_end].split(';').any(|param| {
                let Some((key, value)) = param.trim().trim_end_matches(',').split_once('=') else {
                    return false;
                };
                key.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_matches('"')
                        .split_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("next"))
            });
            if is_next {
                return Some(target.to_owned());
            }
            rest = &after[params_end..];
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    static OP: super::super::request::Operation = super::super::request::Operation {
        id: "op",
        method: reqwest::Method::GET,
        path: "/x",
        security: &[],
        idempotency_header: None,
        server: 0,
    };

    #[test]
    fn follows_next_urls_only_under_the_base_url() {
        let mut r = Request::new(&OP, "/items".into());
        r.set_query("page", "1");
        follow(
            &mut r,
            "https://h.example/v1",
            "https://h.example/v1/items?page%5Bcursor%5D=a%20b",
        )
        .unwrap();
        assert_eq!(r.path, "/items");
        assert_eq!(r.query, vec![("page[cursor]".to_owned(), "a b".to_owned())]);
        follow(&mut r, "https://h.example/v1", "/v1/items?after=9").unwrap();
        assert_eq!((r.path.as_str(), r.query[0].1.as_str()), ("/items", "9"));
        follow(&mut r, "https://h.example/v1", "?after=10").unwrap();
        assert_eq!((r.path.as_str(), r.query[0].1.as_str()), ("/items", "10"));
        for bad in [
            "https://evil.example/v1/items",
            "http://h.example/v1/items",
            "https://h.example/v2/items",
            "https://h.example/v10/items",
        ] {
            assert!(
                follow(&mut r, "https://h.example/v1", bad).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn finds_the_next_link_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            LINK,
            HeaderValue::from_static(
                "<https://h.example/v1/x?page=1>; rel=\"prev first\", <https://h.example/v1/x?page=3>; rel=\"next\"; title=\"a, b\"",
            ),
        );
        assert_eq!(
            next_link(&h).as_deref(),
            Some("https://h.example/v1/x?page=3")
        );
        h.insert(LINK, HeaderValue::from_static("</x?page=2>; REL=next"));
        assert_eq!(next_link(&h).as_deref(), Some("/x?page=2"));
        h.insert(
            LINK,
            HeaderValue::from_static("<https://h.example/x?page=9>; rel=last"),
        );
        assert_eq!(next_link(&h), None);
    }
}
