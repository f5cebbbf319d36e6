//! Links to the next page a server gives, in a body field or a `Link`
//! header: parsed (RFC 8288), resolved against the page's own URL (so an
//! absolute, host-relative or path-relative link all work), and followed
//! only under the client's base URL, so its credentials go nowhere else.

use reqwest::header::{HeaderMap, LINK};
use reqwest::Url;

use super::request::Request;

/// Points `request` at `next`, a URL the server gave for the next page,
/// resolved against the current request's URL. `Err` says why it is refused:
/// it must stay under the client's base URL (same scheme, host, port and path
/// prefix), so the client's credentials go nowhere else.
pub(crate) fn follow(request: &mut Request, base_url: &str, next: &str) -> Result<(), String> {
    let base = Url::parse(base_url).map_err(|e| format!("cannot be resolved: {e}"))?;
    let path = if request.path.starts_with('/') {
        request.path.clone()
    } else {
        format!("/{}", request.path)
    };
    let mut current =
        Url::parse(&format!("{base_url}{path}")).map_err(|e| format!("cannot be resolved: {e}"))?;
    if !request.query.is_empty() {
        current.query_pairs_mut().extend_pairs(&request.query);
    }
    let url = current
        .join(next.trim())
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
pub(crate) fn next_link(headers: &HeaderMap) -> Option<String> {
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
            "//evil.example/v1/items",
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
    fn host_and_path_relative_links_resolve_against_the_page() {
        // Twilio-style: the whole path from the host, version prefix included.
        let mut r = Request::new(&OP, "/Accounts/AC1/Calls.json".into());
        follow(
            &mut r,
            "https://api.h.example/2010-04-01",
            "/2010-04-01/Accounts/AC1/Calls.json?Page=1&PageToken=PA2",
        )
        .unwrap();
        assert_eq!(r.path, "/Accounts/AC1/Calls.json");
        assert_eq!(
            r.query,
            vec![
                ("Page".to_owned(), "1".to_owned()),
                ("PageToken".to_owned(), "PA2".to_owned())
            ]
        );
        // Relative to the page's own path.
        let mut r = Request::new(&OP, "/teams/7/members".into());
        follow(&mut r, "https://h.example/api", "members?page=3").unwrap();
        assert_eq!(r.path, "/teams/7/members");
        assert_eq!(r.query, vec![("page".to_owned(), "3".to_owned())]);
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
