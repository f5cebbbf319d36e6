//! Walking the pages of a list operation: page numbers, cursors, offsets,
//! the last item's key, or the next page's URL or token the server gives
//! (in the body, a `Link` header or another response header), as the spec
//! describes, page by page or as a stream of items. Every walk ends: on the
//! last page the server signals (no next link or cursor, a page count
//! reached, a "more" flag false), on a page shorter than the size asked
//! for, on an empty page, and with an error when the server repeats a
//! cursor, a URL or a page. A next-page URL is followed only on the client's
//! own base URL, so credentials never go to another host.

use std::collections::HashSet;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::{stream, TryStreamExt};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::config::CallOptions;
use super::error::{DecodeError, Error};
use super::page_links::{follow, next_link};
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
    /// A flag in each page saying whether more pages follow, if pages carry one.
    pub more: Option<MoreFlag>,
    /// The page-size query key, to tell a short last page in the styles
    /// that walk without the server saying where the list ends.
    pub size: Option<PageSize>,
}

/// A page's "more pages follow" flag.
#[derive(Debug)]
pub struct MoreFlag {
    /// Pointer to it.
    pub pointer: &'static str,
    /// It says "this is the last page" instead.
    pub inverted: bool,
}

/// The page-size parameter.
#[derive(Debug)]
pub struct PageSize {
    /// Its query key.
    pub param: &'static str,
    /// The largest size the spec allows: a server gives no more than that,
    /// whatever was asked.
    pub max: Option<u64>,
}

/// The pagination styles.
#[derive(Debug)]
pub enum PageStyle {
    /// A page-number query parameter.
    Page {
        /// Its query key.
        param: &'static str,
        /// The first page's number.
        first: u64,
        /// Pointer to the total page count, if pages carry it.
        total_pages: Option<&'static str>,
        /// Pointer to the next page number (null or absent on the last page), if pages carry it.
        next_page: Option<&'static str>,
    },
    /// An opaque cursor from each page, sent back for the next.
    Cursor {
        /// Its query key, request header or body member.
        param: &'static str,
        /// Pointer to the next cursor (null, absent or empty on the last page).
        next: &'static str,
        /// Where it goes back.
        sent_in: SentIn,
    },
    /// An item offset.
    Offset {
        /// Its query key.
        param: &'static str,
        /// Pointer to the total item count, if pages carry it.
        total: Option<&'static str>,
    },
    /// The next page starts after the last item: its id is sent as the cursor.
    AfterLast {
        /// The cursor query key.
        param: &'static str,
        /// Pointer to the id within an item.
        id: &'static str,
    },
    /// The next page's URL, in each page's body (null, absent or empty on the last page).
    NextUrl {
        /// Pointer to it.
        next: &'static str,
    },
    /// The next page's URL, in the `Link` response header as `rel="next"` (RFC 8288).
    LinkHeader,
    /// A continuation token in a response header, sent back as a query
    /// parameter, a request header or a body member (absent or empty on the
    /// last page).
    HeaderCursor {
        /// The response header.
        header: &'static str,
        /// The query key, request header or body member it goes back as.
        param: &'static str,
        /// Where it goes back.
        sent_in: SentIn,
    },
}

/// Where a cursor goes back to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentIn {
    /// As a query parameter.
    Query,
    /// As a request header.
    Header,
    /// As a top-level member of the JSON request body, the rest of the body
    /// as the caller gave it (a search sent as POST).
    Body,
}

#[derive(Debug, Clone)]
enum Position {
    First,
    /// A page number or an item offset.
    Number(u64),
    Cursor(String),
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
        let spec = self.spec;
        // Where this page starts: the page number or item offset sent (on the
        // first page, whatever the caller set, else the API's default start).
        let current = self.place(&mut request)?;
        // A page shorter than the size asked for is the last one; a server
        // never sends more than the spec's maximum, whatever was asked.
        let size = spec
            .size
            .as_ref()
            .and_then(|s| query_number(&request, s.param).map(|n| s.max.map_or(n, |m| n.min(m))));

        let raw = self.client.execute(request, &self.options).await?;
        let from_header = match spec.style {
            PageStyle::LinkHeader => next_link(&raw.headers),
            PageStyle::HeaderCursor { header, .. } => raw
                .headers
                .get(header)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty()),
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
        let page = match spec.envelope {
            Some(field) => json.get(field).unwrap_or(&Value::Null),
            None => &json,
        };
        let items_value = page.pointer(spec.items).cloned().unwrap_or(Value::Null);
        // Page numbers and offsets are keyed by the page's items (a cursor or
        // URL is its own key), so only they pay for serialising every page.
        let fingerprint = matches!(
            spec.style,
            PageStyle::Page { .. } | PageStyle::Offset { .. }
        )
        .then(|| items_value.to_string());
        let last_id = match spec.style {
            PageStyle::AfterLast { id, .. } => items_value
                .as_array()
                .and_then(|items| items.last())
                .and_then(|item| item.pointer(id))
                .and_then(text),
            _ => None,
        };
        let items = decode_items::<T>(items_value, spec.items, &decode_error)?;

        // The server's word that this is the last page.
        let no_more = items.is_empty()
            || spec.more.as_ref().is_some_and(|m| {
                page.pointer(m.pointer)
                    .and_then(Value::as_bool)
                    .is_some_and(|flag| flag == m.inverted)
            });
        let short = size.is_some_and(|s| (items.len() as u64) < s);
        let count = items.len() as u64;
        // `None`: this was the last page. The key identifies the position so a
        // server that sends the same one twice is caught.
        let (next, key, what) = match &spec.style {
            PageStyle::Cursor { next, .. } => {
                let cursor = page.pointer(next).and_then(text).filter(|_| !no_more);
                (cursor.clone().map(Position::Cursor), cursor, "a cursor")
            }
            PageStyle::HeaderCursor { .. } => {
                let cursor = from_header.filter(|_| !no_more);
                (cursor.clone().map(Position::Cursor), cursor, "a cursor")
            }
            PageStyle::NextUrl { next } => {
                let url = page.pointer(next).and_then(text).filter(|_| !no_more);
                (url.clone().map(Position::Url), url, "a next page URL")
            }
            PageStyle::LinkHeader => {
                let url = from_header.filter(|_| !no_more);
                (url.clone().map(Position::Url), url, "a next page URL")
            }
            PageStyle::AfterLast { .. } => {
                let cursor = last_id.filter(|_| !no_more && !short);
                (cursor.clone().map(Position::Cursor), cursor, "a cursor")
            }
            PageStyle::Page {
                total_pages,
                next_page,
                first,
                ..
            } => {
                let total = total_pages.and_then(|p| page.pointer(p)).and_then(number);
                let next = match (next_page, total) {
                    _ if no_more => None,
                    (Some(pointer), _) => page
                        .pointer(pointer)
                        .and_then(number)
                        .filter(|&n| n > current),
                    (None, Some(total)) => (current + 1 < first + total).then_some(current + 1),
                    (None, None) => (!short).then_some(current + 1),
                };
                (next.map(Position::Number), fingerprint, "the same page")
            }
            PageStyle::Offset { total, .. } => {
                let total = total.and_then(|p| page.pointer(p)).and_then(number);
                let next = current + count;
                let last = no_more || total.map_or(short, |t| next >= t);
                (
                    (!last).then_some(Position::Number(next)),
                    fingerprint,
                    "the same page",
                )
            }
        };
        if let (Some(_), Some(key)) = (&next, key) {
            if !self.seen.insert(key) {
                let error = decode_error(
                    spec.items.to_owned(),
                    format!("the server repeated {what}; stopping instead of looping forever"),
                );
                if matches!(
                    spec.style,
                    PageStyle::Page { .. } | PageStyle::Offset { .. }
                ) {
                    // A repeated page holds only items already delivered.
                    return Err(error);
                }
                // The items behind a repeated cursor are new; the walk ends with the error next.
                self.pending = Some(error);
                return Ok(Some(items));
            }
        }
        match next {
            Some(position) => self.position = position,
            None => self.done = true,
        }
        Ok(Some(items))
    }

    /// Puts the walk's position into `request`; the page number or offset it asks for.
    fn place(&self, request: &mut Request) -> Result<u64, Error> {
        let operation = request.operation.id;
        Ok(match (&self.position, &self.spec.style) {
            (Position::First, PageStyle::Page { param, first, .. }) => {
                query_number(request, param).unwrap_or(*first)
            }
            (Position::First, PageStyle::Offset { param, .. }) => {
                query_number(request, param).unwrap_or(0)
            }
            (
                Position::Number(n),
                PageStyle::Page { param, .. } | PageStyle::Offset { param, .. },
            ) => {
                request.set_query(param, &n.to_string());
                *n
            }
            (
                Position::Cursor(c),
                PageStyle::Cursor { param, sent_in, .. }
                | PageStyle::HeaderCursor { param, sent_in, .. },
            ) => {
                match sent_in {
                    SentIn::Query => request.set_query(param, c),
                    SentIn::Header => request.header(param, c.as_str())?,
                    SentIn::Body => request
                        .set_body_member(param, c)
                        .map_err(|why| Error::Config(format!("{operation}: the cursor {why}")))?,
                }
                0
            }
            (Position::Cursor(c), PageStyle::AfterLast { param, .. }) => {
                request.set_query(param, c);
                0
            }
            (Position::Url(next), _) => {
                follow(request, self.client.base_url(request.operation), next)
                    .map_err(|why| Error::Config(format!("{operation}: next page URL {why}")))?;
                0
            }
            _ => 0,
        })
    }
}

/// A page's items, decoded one by one so an error names the item.
fn decode_items<T: DeserializeOwned>(
    value: Value,
    pointer: &str,
    decode_error: &dyn Fn(String, String) -> Error,
) -> Result<Vec<T>, Error> {
    match value {
        Value::Null => Ok(Vec::new()),
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
                            pointer.trim_start_matches('/').replace('/', ".")
                        ),
                        e.into_inner().to_string(),
                    )
                })
            })
            .collect(),
        other => Err(decode_error(
            pointer.to_owned(),
            format!("expected an array of items, found {other}"),
        )),
    }
}

/// A position the server gave: a non-empty string, or a number as text.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A count or page number, as a number or as digits.
fn number(value: &Value) -> Option<u64> {
    value
        .as_u64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
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
