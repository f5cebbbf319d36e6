//! Names read as words: what a query parameter or a page's field is for,
//! judged from the words of its name (`nextPageToken`, `next_page_token`,
//! `NextPageToken` and `page[token]` all read the same) together with its
//! schema type, so `page` holding a string is a cursor and `next_page`
//! holding an integer is a page number.

/// The lower-case words of a name: split at separators and at case changes
/// (`@odata.nextLink` → `odata next link`, `PageSize` → `page size`).
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev: Option<char> = None;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            prev = None;
            continue;
        }
        let boundary = prev.is_some_and(|p| {
            (p.is_ascii_lowercase() && c.is_ascii_uppercase())
                || (p.is_ascii_alphabetic() && c.is_ascii_digit())
        });
        if boundary && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        word.push(c.to_ascii_lowercase());
        prev = Some(c);
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// A name with case and separators gone: `page_size`, `pageSize`,
/// `PageSize` and `page[size]` are all `pagesize`.
pub fn squash(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A word without a plural ending, so `entries` meets `entry` and `logs` meets `log`.
pub fn stem(word: &str) -> String {
    if let Some(s) = word.strip_suffix("ies").filter(|s| s.len() > 1) {
        return format!("{s}y");
    }
    let singular = !["ss", "us", "is"].iter().any(|e| word.ends_with(e));
    word.strip_suffix('s')
        .filter(|s| singular && s.len() > 2)
        .unwrap_or(word)
        .to_owned()
}

/// The JSON kind of a value, as far as paging cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Integer,
    Boolean,
    Other,
}

/// What a query parameter (or request header) does for paging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamRole {
    /// The number of the page to fetch.
    PageNumber,
    /// How many items a page holds.
    PageSize,
    /// How many items to skip.
    Offset,
    /// An opaque position from the previous page (or the last item's key).
    Cursor,
}

fn has(words: &[String], w: &str) -> bool {
    words.iter().any(|x| x == w)
}

/// What a parameter named `name` of JSON kind `kind` does for paging, if anything.
pub fn param_role(name: &str, kind: Kind) -> Option<ParamRole> {
    let w = words(name);
    let s = squash(name);
    let last = w.last().map_or("", String::as_str);
    let sizes = [
        "perpage",
        "pagesize",
        "maxresults",
        "maxitems",
        "top",
        "numresults",
        "pagelimit",
        "first",
    ];
    if last == "size" || last == "limit" || sizes.contains(&s.as_str()) {
        return (kind == Kind::Integer).then_some(ParamRole::PageSize);
    }
    // Words run together count too: `pagetoken`, `nextpagetoken`. A token is
    // a position only when its name says so (`sessiontoken` is not one).
    let positional_token = s.contains("token")
        && [
            "page",
            "next",
            "continuation",
            "sync",
            "skip",
            "scroll",
            "resume",
            "start",
        ]
        .iter()
        .any(|q| s.contains(q));
    // `scroll_id` is a position; `scroll` alone is how long one lives.
    let scroll = s.contains("scroll") && ["id", "param"].iter().any(|q| has(&w, q));
    let cursor_words = ["cursor", "continuation", "marker"];
    if positional_token || scroll || cursor_words.iter().any(|c| s.contains(c)) {
        return Some(ParamRole::Cursor);
    }
    // Keyset positions start with their direction: `after`, `before_id`,
    // `starting_after`, `start_after_history_item_id`, `last_doc`; a name
    // that ends with it filters a field (`created_at_after`).
    let lead = ["after", "before", "starting", "ending", "start", "last"];
    let temporal = ["on", "at", "date", "time", "day"]
        .iter()
        .any(|t| has(&w, t));
    let keyset = w.first().is_some_and(|f| lead.contains(&f.as_str()))
        && (has(&w, "after") || has(&w, "before") || w[0] == "last")
        && !temporal;
    if keyset && kind != Kind::Boolean {
        return Some(ParamRole::Cursor);
    }
    let numbers = ["pagenumber", "pageno", "pagenum", "pageindex"];
    let offsets = [
        "from",
        "start",
        "startindex",
        "startat",
        "recordindex",
        "skip",
        "startrecord",
        "firstresult",
        "startposition",
    ];
    match kind {
        Kind::Integer if s == "page" || numbers.contains(&s.as_str()) => {
            Some(ParamRole::PageNumber)
        }
        Kind::Integer if last == "offset" || offsets.contains(&s.as_str()) => {
            Some(ParamRole::Offset)
        }
        // Digits in a string are still a page number when the name says number.
        Kind::Text if numbers.contains(&s.as_str()) => Some(ParamRole::PageNumber),
        // A `page` or `offset` that is text is a token the server gave
        // (`from`, `start` in text are dates, not positions).
        Kind::Text if s == "page" || last == "offset" => Some(ParamRole::Cursor),
        _ => None,
    }
}

/// What a field of a page says about the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRole {
    /// The next page's URL (absolute or relative).
    NextUrl,
    /// An opaque token for the next page.
    NextCursor,
    /// The next page's number.
    NextPage,
    /// How many pages there are (or the last page's number).
    TotalPages,
    /// How many items there are in all.
    TotalItems,
    /// Whether more pages follow (`inverted`: whether this is the last).
    HasMore { inverted: bool },
}

/// Words of link-holding names: a field named so holds a URL.
const LINK_WORDS: &[&str] = &["url", "uri", "link", "href", "path"];

/// What a page's field named `name` (its enclosing objects' names in
/// `container`, outermost first) of kind `kind` says, if anything. `url`: its
/// schema's format or description says it is a URL.
pub fn field_role(name: &str, container: &[String], kind: Kind, url: bool) -> Option<FieldRole> {
    let w = words(name);
    let around: Vec<String> = container.iter().flat_map(|c| words(c)).collect();
    let in_cursors = around.iter().any(|a| a.starts_with("cursor"));
    // Facebook-style `paging.cursors.after` is the next position too.
    let next = has(&w, "next")
        || (w.len() <= 2 && has(&around, "next"))
        || (in_cursors && has(&w, "after"));
    let linkish = LINK_WORDS.iter().any(|l| has(&w, l));
    let backwards = ["prev", "previous", "first", "last", "self", "current"]
        .iter()
        .any(|b| {
            has(&w, b)
                || (w.len() <= 2
                    && around
                        .last()
                        .is_some_and(|a| words(a).iter().any(|x| x == b)))
        });
    // `next_open_time` is a time, not a position: a next cursor names what it points at.
    let positions = [
        "cursor", "token", "key", "marker", "id", "page", "doc", "offset", "position", "start",
    ];
    let position = w.len() == 1
        || positions.iter().any(|p| has(&w, p))
        || in_cursors
        || around.iter().any(|a| {
            [
                "links",
                "link",
                "pages",
                "paging",
                "pagination",
                "meta",
                "navigation",
                "cursors",
                "next",
            ]
            .contains(&a.as_str())
        });
    let next = next && (position || linkish || url);
    match kind {
        Kind::Text if next && !backwards => {
            let in_links = around
                .iter()
                .any(|a| a.starts_with("link") || a == "navigation");
            if linkish || url || (in_links && !in_cursors) {
                Some(FieldRole::NextUrl)
            } else {
                Some(FieldRole::NextCursor)
            }
        }
        // `cursor`, `endCursor`: the position to continue from.
        Kind::Text if has(&w, "cursor") && !backwards => Some(FieldRole::NextCursor),
        Kind::Integer if next && has(&w, "page") && !backwards => Some(FieldRole::NextPage),
        Kind::Integer => {
            let s = squash(name);
            let pages = has(&w, "pages")
                || ["pagecount", "lastpage", "numpages", "pagestotal"].contains(&s.as_str());
            if pages && !next {
                Some(FieldRole::TotalPages)
            } else if has(&w, "total") && !pages {
                Some(FieldRole::TotalItems)
            } else {
                None
            }
        }
        Kind::Boolean => {
            if has(&w, "more") || (has(&w, "has") && next) || has(&w, "truncated") {
                Some(FieldRole::HasMore { inverted: false })
            } else if has(&w, "last") || (has(&w, "is") && has(&w, "end")) {
                Some(FieldRole::HasMore { inverted: true })
            } else {
                None
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_the_same_words_whatever_their_case() {
        assert_eq!(words("nextPageToken"), ["next", "page", "token"]);
        assert_eq!(words("next_page_token"), ["next", "page", "token"]);
        assert_eq!(words("NextPageToken"), ["next", "page", "token"]);
        assert_eq!(words("@odata.nextLink"), ["odata", "next", "link"]);
        assert_eq!(words("page[size]"), ["page", "size"]);
        assert_eq!(words("X-Next-Token"), ["x", "next", "token"]);
        assert_eq!(squash("Page-Size"), squash("page[size]"));
        assert_eq!(stem("entries"), "entry");
        assert_eq!(stem("logs"), "log");
        assert_eq!(stem("status"), "status");
    }

    #[test]
    fn a_parameter_is_read_by_its_words_and_its_type() {
        use ParamRole::*;
        for (name, kind, role) in [
            ("page", Kind::Integer, Some(PageNumber)),
            ("Page", Kind::Integer, Some(PageNumber)),
            ("page[number]", Kind::Integer, Some(PageNumber)),
            ("page", Kind::Text, Some(Cursor)),
            ("PageSize", Kind::Integer, Some(PageSize)),
            ("per_page", Kind::Integer, Some(PageSize)),
            ("limit", Kind::Integer, Some(PageSize)),
            ("offset", Kind::Integer, Some(Offset)),
            ("offset", Kind::Text, Some(Cursor)),
            ("page_number", Kind::Text, Some(PageNumber)),
            ("from", Kind::Text, None),
            ("start_at", Kind::Text, None),
            ("startIndex", Kind::Integer, Some(Offset)),
            ("record_index", Kind::Integer, Some(Offset)),
            ("from", Kind::Integer, Some(Offset)),
            ("PageToken", Kind::Text, Some(Cursor)),
            ("pagetoken", Kind::Text, Some(Cursor)),
            ("starting_after", Kind::Text, Some(Cursor)),
            ("start_after_history_item_id", Kind::Text, Some(Cursor)),
            ("last_doc", Kind::Text, Some(Cursor)),
            ("scroll_id", Kind::Text, Some(Cursor)),
            ("scroll", Kind::Text, None),
            ("start_on.before", Kind::Text, None),
            ("sessiontoken", Kind::Text, None),
            ("skipToken", Kind::Text, Some(Cursor)),
            ("status", Kind::Text, None),
            ("created_after", Kind::Boolean, None),
            ("created_at_after", Kind::Text, None),
            ("before_id", Kind::Text, Some(Cursor)),
        ] {
            assert_eq!(param_role(name, kind), role, "{name}");
        }
    }

    #[test]
    fn a_field_is_read_by_its_words_its_place_and_its_type() {
        use FieldRole::*;
        let c = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        for (name, container, kind, url, role) in [
            ("next_page_uri", c(&[]), Kind::Text, false, Some(NextUrl)),
            ("@odata.nextLink", c(&[]), Kind::Text, false, Some(NextUrl)),
            ("next", c(&["links"]), Kind::Text, false, Some(NextUrl)),
            (
                "href",
                c(&["_links", "next"]),
                Kind::Text,
                false,
                Some(NextUrl),
            ),
            (
                "uri",
                c(&["navigation", "nextPage"]),
                Kind::Text,
                false,
                Some(NextUrl),
            ),
            (
                "next",
                c(&["links", "pages"]),
                Kind::Text,
                false,
                Some(NextUrl),
            ),
            ("next", c(&[]), Kind::Text, true, Some(NextUrl)),
            ("next", c(&[]), Kind::Text, false, Some(NextCursor)),
            (
                "next",
                c(&["meta", "cursors"]),
                Kind::Text,
                false,
                Some(NextCursor),
            ),
            ("nextPageToken", c(&[]), Kind::Text, false, Some(NextCursor)),
            ("next_page", c(&[]), Kind::Text, false, Some(NextCursor)),
            ("next_page", c(&[]), Kind::Integer, false, Some(NextPage)),
            ("prev_url", c(&[]), Kind::Text, false, None),
            ("href", c(&["_links", "self"]), Kind::Text, false, None),
            (
                "total_pages",
                c(&[]),
                Kind::Integer,
                false,
                Some(TotalPages),
            ),
            (
                "last_page",
                c(&["data"]),
                Kind::Integer,
                false,
                Some(TotalPages),
            ),
            (
                "totalCount",
                c(&["pagination"]),
                Kind::Integer,
                false,
                Some(TotalItems),
            ),
            (
                "has_more",
                c(&[]),
                Kind::Boolean,
                false,
                Some(HasMore { inverted: false }),
            ),
            (
                "hasNextPage",
                c(&[]),
                Kind::Boolean,
                false,
                Some(HasMore { inverted: false }),
            ),
            (
                "isLastPage",
                c(&[]),
                Kind::Boolean,
                false,
                Some(HasMore { inverted: true }),
            ),
        ] {
            assert_eq!(
                field_role(name, &container, kind, url),
                role,
                "{name} in {container:?}"
            );
        }
    }
}
