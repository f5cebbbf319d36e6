//! The host a spec names in its own prose, for a spec that declares no
//! server: absolute `http(s)` URLs in its descriptions whose path is one of
//! the spec's paths (a path-template segment matches any segment, so
//! `https://api.example.com/v1/voices/abc` names `/v1/voices/{voice_id}`)
//! give their origin; the most frequent origin wins. Links to documentation
//! and sample hosts (`example.com`, `.test`, ...) name no path of the spec,
//! or are refused outright, so they never win.

use std::collections::BTreeMap;

use serde_json::Value;

/// A host found in the spec's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// `scheme://host[:port]`.
    pub origin: String,
    /// How many URLs named it.
    pub count: usize,
    /// The first of them.
    pub example: String,
}

/// The host the descriptions of `spec` give for its paths, if any.
pub fn host_in_descriptions(spec: &openapiv3::OpenAPI) -> Option<Found> {
    // Only read for a spec without servers: the cost of writing it out as
    // JSON (to reach every description, wherever it sits) is paid rarely.
    let doc = serde_json::to_value(spec).ok()?;
    let mut texts = Vec::new();
    descriptions(&doc, &mut texts);
    let paths: Vec<&str> = spec.paths.paths.keys().map(String::as_str).collect();
    host_of(&texts, &paths)
}

/// Every string under a `description` key, in document order.
fn descriptions<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("description", Value::String(text)) => out.push(text),
                    _ => descriptions(v, out),
                }
            }
        }
        Value::Array(items) => {
            for v in items {
                descriptions(v, out);
            }
        }
        _ => {}
    }
}

/// The most frequent origin of the URLs in `texts` that name one of
/// `paths`; on a tie, the one named first.
pub fn host_of(texts: &[&str], paths: &[&str]) -> Option<Found> {
    // Per origin: its count, the order it was first seen in, and that URL.
    let mut seen: BTreeMap<String, (usize, usize, String)> = BTreeMap::new();
    for url in texts.iter().flat_map(|t| urls(t)) {
        let Some((origin, path)) = split(url) else {
            continue;
        };
        if !paths.iter().any(|p| names_path(path, p)) {
            continue;
        }
        let order = seen.len();
        let entry = seen
            .entry(origin)
            .or_insert_with(|| (0, order, url.to_owned()));
        entry.0 += 1;
    }
    let (origin, (count, _, example)) = seen
        .into_iter()
        .max_by(|(_, a), (_, b)| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))?;
    Some(Found {
        origin,
        count,
        example,
    })
}

/// The `http(s)` URLs in a text, without the punctuation that ends a sentence.
fn urls(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("http") {
        let candidate = &rest[at..];
        if !candidate.starts_with("http://") && !candidate.starts_with("https://") {
            rest = &candidate[4..];
            continue;
        }
        let end = candidate
            .find(|c: char| c.is_whitespace() || "\"'<>()[]`\\|^".contains(c))
            .unwrap_or(candidate.len());
        out.push(candidate[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '*']));
        rest = &candidate[end..];
    }
    out
}

/// A URL's origin (lower-cased) and path; `None` for a URL with user
/// information, a host that is no plain host name or address, or a host kept
/// for examples and tests (RFC 2606, RFC 6761).
fn split(url: &str) -> Option<(String, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let path = tail.split(['?', '#']).next().unwrap_or("");
    let plain = |c: char| c.is_ascii_alphanumeric() || "-.:[]".contains(c);
    if authority.is_empty() || !authority.chars().all(plain) {
        return None;
    }
    let authority = authority.to_ascii_lowercase();
    let host = authority
        .rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map_or(authority.as_str(), |(host, _)| host);
    let reserved = ["example.com", "example.org", "example.net", "localhost"];
    let reserved_suffix = [".example", ".test", ".invalid", ".localhost"];
    if reserved
        .iter()
        .any(|r| host == *r || host.ends_with(&format!(".{r}")))
        || reserved_suffix.iter().any(|s| host.ends_with(s))
    {
        return None;
    }
    Some((
        format!("{}://{authority}", scheme.to_ascii_lowercase()),
        path,
    ))
}

/// Whether a URL path names the path template `template`: the same
/// segments, a template segment standing for any non-empty one, and at
/// least one literal segment alike (a template of variables alone would
/// name any URL).
fn names_path(path: &str, template: &str) -> bool {
    let trim = |p: &'_ str| p.trim_end_matches('/').to_owned();
    let (path, template) = (trim(path), trim(template));
    let (mut segments, mut parts) = (path.split('/'), template.split('/'));
    let mut literal = false;
    loop {
        match (segments.next(), parts.next()) {
            (None, None) => return literal,
            (Some(s), Some(t)) if t.contains('{') => {
                if s.is_empty() {
                    return false;
                }
            }
            (Some(s), Some(t)) if s == t => literal |= !t.is_empty(),
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_naming_a_path_gives_its_origin() {
        let texts = [
            "Lists voices: `curl https://api.example.io/v1/voices`.",
            "See https://docs.example.io/v1/voices for more.",
            "Get one at https://API.example.io/v1/voices/21m00Tcm4TlvDq8ikWAM, or",
            "[it](https://api.example.io/v1/history?page=2).",
        ];
        let paths = ["/v1/voices", "/v1/voices/{voice_id}", "/v1/history"];
        let found = host_of(&texts, &paths).unwrap();
        assert_eq!(found.origin, "https://api.example.io");
        assert_eq!(found.count, 3);
        assert_eq!(found.example, "https://api.example.io/v1/voices");
    }

    #[test]
    fn the_most_frequent_origin_wins_and_ties_go_to_the_first() {
        let paths = ["/v1/items"];
        let texts = [
            "https://b.example.io/v1/items https://a.example.io/v1/items https://a.example.io/v1/items",
        ];
        assert_eq!(
            host_of(&texts, &paths).unwrap().origin,
            "https://a.example.io"
        );
        let tie = ["https://b.example.io/v1/items https://a.example.io/v1/items"];
        assert_eq!(
            host_of(&tie, &paths).unwrap().origin,
            "https://b.example.io"
        );
    }

    #[test]
    fn urls_naming_no_path_or_sample_hosts_give_nothing() {
        let paths = ["/v1/items", "/{mount}/{path}"];
        for text in [
            "https://docs.vendor.io/guide",
            "https://vendor.io/v1/items/extra",
            "https://vendor.io/v2/items",
            // Only variables: any two-segment URL would do.
            "https://vendor.io/v1/pki",
            "https://api.example.com/v1/items",
            "http://localhost:8200/v1/items",
            "https://vault.test/v1/items",
            "https://user:secret@vendor.io/v1/items",
            "https://%LOCATION%-api.vendor.io/v1/items",
            "no URL at all",
        ] {
            assert_eq!(host_of(&[text], &paths), None, "{text}");
        }
    }

    #[test]
    fn ports_and_trailing_slashes() {
        let found = host_of(&["http://10.0.0.1:8080/items/"], &["/items"]).unwrap();
        assert_eq!(found.origin, "http://10.0.0.1:8080");
    }
}
