//! One spec's inference (`.codegen/inference.json`) judged against its
//! answer key: each list operation the key names streams correctly, wrongly
//! or not at all (with a note saying why, or silently); operations the key
//! says are not lists must get no stream; the base URL, the quick start's
//! credential and the error pointers match or not, and whether a client
//! reads the code and message from an error body shaped as the key says.

use serde_json::Value;

use super::key::{Key, Rule};

/// What one spec scores.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Figures {
    /// List operations the key names.
    pub lists: usize,
    pub correct: usize,
    pub wrong: usize,
    /// No stream, with a note saying why.
    pub missing_noted: usize,
    /// No stream and no note (or the operation is not in the crate at all).
    pub missing_silent: usize,
    /// Streams on operations the key says are not lists.
    pub false_streams: usize,
    pub base_url: bool,
    pub credential: bool,
    /// The error pointers inferred from the spec are the key's.
    pub errors: bool,
    /// A client reads the key's code and message (or none, where the key
    /// has none) from a body holding just those fields: the spec's pointers
    /// first, then the runtime's common ones.
    pub errors_on_wire: bool,
}

/// A finding worth a line in the details.
pub type Details = Vec<String>;

fn s(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_owned)
}

/// Every operation of the normalized document: (id as the generator names
/// it, upper-case method, JSON pointer).
fn operations(doc: &Value) -> Vec<(String, String, String)> {
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let mut out = Vec::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (method, op) in item.as_object().into_iter().flatten() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let id = op
                .get("operationId")
                .and_then(Value::as_str)
                .filter(|s| !s.trim().is_empty())
                .map_or_else(|| format!("{method} {path}"), str::to_owned);
            let pointer = format!(
                "#/paths/{}/{method}",
                path.replace('~', "~0").replace('/', "~1")
            );
            out.push((id, method.to_ascii_uppercase(), pointer));
        }
    }
    out
}

/// Whether our pagination walks the way the rule says. A next link the
/// page itself carries is right whatever the key calls the style, when the
/// key names that very pointer as the next position.
fn judge(rule: &Rule, ours: &Value) -> Result<(), String> {
    let style = s(ours, "style").unwrap_or_default();
    let (param, next) = (s(ours, "param"), s(ours, "next"));
    if let Some(items) = &rule.items {
        if s(ours, "items").as_deref() != Some(items.as_str()) {
            return Err(format!("items {:?}, key {items:?}", s(ours, "items")));
        }
    }
    if style == "next_url" && rule.next.is_some() && next == rule.next {
        return Ok(());
    }
    let same_param = rule.param.is_none() || param == rule.param;
    let same_next = rule.next.is_none() || next == rule.next;
    let ok = match rule.style.as_str() {
        "page" => {
            style == "page"
                && same_param
                && (rule.total_pages.is_none()
                    || s(ours, "total_pages").is_none()
                    || s(ours, "total_pages") == rule.total_pages)
        }
        "cursor" => style == "cursor" && same_param && same_next,
        "offset" => style == "offset" && same_param,
        // The last item's id, or a field the page names it in.
        "after_last" => {
            (style == "after_last" && same_param)
                || (style == "cursor" && same_param && rule.next.is_some() && same_next)
        }
        "next_url" => style == "next_url" && same_next,
        other => style == other,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "ours {style} param {param:?} next {next:?}; key {} param {:?} next {:?}",
            rule.style, rule.param, rule.next
        ))
    }
}

fn same_url(a: &str, b: &str) -> bool {
    a.trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim_end_matches('/'))
}

/// Whether the quick start's credential is the one the key says most operations need.
fn credential(key: &Key, report: &Value) -> Result<(), String> {
    let (scheme, kind, name) = &key.auth;
    let quick = report
        .get("credentials")
        .and_then(Value::as_array)
        .and_then(|c| c.iter().find(|c| c["quick_start"] == true));
    let Some(quick) = quick else {
        return if kind == "none" {
            Ok(())
        } else {
            Err(format!("no quick-start credential; key {kind} {scheme:?}"))
        };
    };
    let schemes: Vec<&str> = quick["schemes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let ours = s(quick, "kind").unwrap_or_default();
    let same_scheme = scheme.as_deref().is_none_or(|k| schemes.contains(&k));
    let same_kind = match kind.as_str() {
        "oauth2" | "bearer" => ours == "bearer",
        "api_key_header" | "api_key_query" => {
            // A key in `Authorization` given as a bearer token is the same header.
            (ours == *kind
                || (ours == "bearer"
                    && name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case("authorization"))))
                && (ours == "bearer"
                    || name.as_deref().is_none_or(|n| {
                        s(quick, "name").is_some_and(|o| o.eq_ignore_ascii_case(n))
                    }))
        }
        other => ours == other,
    };
    if same_scheme && same_kind {
        Ok(())
    } else {
        Err(format!(
            "quick start sets {ours} {schemes:?}; key {kind} {scheme:?} {name:?}"
        ))
    }
}

/// Judges one spec. `report` is its `.codegen/inference.json`, `doc` the
/// normalized document the crate was made from.
pub fn spec(key: &Key, report: &Value, doc: &Value) -> (Figures, Details) {
    let mut f = Figures::default();
    let mut details = Vec::new();
    let ours: Vec<&Value> = report
        .get("operations")
        .and_then(Value::as_array)
        .map(|ops| ops.iter().collect())
        .unwrap_or_default();
    let find = |id: &str| ours.iter().find(|o| o["id"].as_str() == Some(id));
    for (id, method, at) in operations(doc) {
        let entry = find(&id);
        let pagination = entry.map(|e| &e["pagination"]).filter(|p| p.is_object());
        if key.not_lists.contains(&id) {
            if let Some(p) = pagination {
                f.false_streams += 1;
                details.push(format!("false stream {id}: {p}"));
            }
            continue;
        }
        let Some(rule) = key.rule_for(doc, &id, &method, &at) else {
            continue;
        };
        f.lists += 1;
        match pagination {
            Some(p) => match judge(rule, p) {
                Ok(()) => f.correct += 1,
                Err(why) => {
                    f.wrong += 1;
                    details.push(format!("wrong {id}: {why}"));
                }
            },
            None => match entry.and_then(|e| e["reason"].as_str()) {
                Some(why) => {
                    f.missing_noted += 1;
                    details.push(format!("missing {id} (noted: {why}); key {}", rule.style));
                }
                None => {
                    f.missing_silent += 1;
                    details.push(format!("missing {id} (silent); key {}", rule.style));
                }
            },
        }
    }
    let ours_url = report.get("base_url").and_then(Value::as_str);
    f.base_url = match (&key.base_url, ours_url) {
        (Some(k), Some(o)) => same_url(k, o),
        (None, None) => true,
        _ => false,
    };
    if !f.base_url {
        details.push(format!("base URL {ours_url:?}; key {:?}", key.base_url));
    }
    match credential(key, report) {
        Ok(()) => f.credential = true,
        Err(why) => details.push(format!("credential: {why}")),
    }
    let code = report.pointer("/errors/code").and_then(Value::as_str);
    let message = report.pointer("/errors/message").and_then(Value::as_str);
    f.errors = code == key.error_code.as_deref() && message == key.error_message.as_deref();
    if !f.errors {
        details.push(format!(
            "errors code {code:?} message {message:?}; key {:?} {:?}",
            key.error_code, key.error_message
        ));
    }
    // The places a client tries, in order: the spec's, then the common ones.
    let tried = |what: &str| -> Vec<&str> {
        report
            .pointer(&format!("/errors/{what}_tried"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect()
    };
    let body = error_body(key.error_code.as_deref(), key.error_message.as_deref());
    let code_read = first_text(&body, &tried("code"));
    let message_read = first_text(&body, &tried("message"));
    f.errors_on_wire = code_read == key.error_code.as_ref().map(|_| CODE)
        && message_read == key.error_message.as_ref().map(|_| MESSAGE);
    if !f.errors_on_wire {
        details.push(format!(
            "on the wire, from {body}: code {code_read:?}, message {message_read:?}"
        ));
    }
    (f, details)
}

/// The values the synthetic error body holds at the key's pointers.
const CODE: &str = "the code";
const MESSAGE: &str = "the message";

/// An error body with the key's code and message at their pointers and
/// nothing else: objects along the way, arrays where a token is an index.
fn error_body(code: Option<&str>, message: Option<&str>) -> Value {
    let mut body = Value::Object(Default::default());
    for (pointer, value) in [(code, CODE), (message, MESSAGE)] {
        if let Some(pointer) = pointer {
            put(&mut body, pointer, value);
        }
    }
    body
}

fn put(body: &mut Value, pointer: &str, value: &str) {
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    let mut at = body;
    for (i, token) in tokens.iter().enumerate() {
        let last = i + 1 == tokens.len();
        let next = if last {
            Value::String(value.to_owned())
        } else if tokens[i + 1].parse::<usize>().is_ok() {
            Value::Array(Vec::new())
        } else {
            Value::Object(Default::default())
        };
        at = match at {
            Value::Object(map) => map.entry(token.to_string()).or_insert(next),
            Value::Array(items) => {
                let index: usize = token.parse().unwrap_or(0);
                while items.len() <= index {
                    items.push(next.clone());
                }
                &mut items[index]
            }
            _ => return,
        };
    }
}

/// What the runtime reads: the first place that holds a scalar.
fn first_text(body: &Value, tried: &[&str]) -> Option<&'static str> {
    tried.iter().find_map(|p| match body.pointer(p)? {
        Value::String(s) if s == CODE => Some(CODE),
        Value::String(s) if s == MESSAGE => Some(MESSAGE),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rule(style: &str, param: Option<&str>, next: Option<&str>) -> Rule {
        Rule {
            matches: super::super::key::Match::Ids(vec![]),
            style: style.into(),
            param: param.map(Into::into),
            next: next.map(Into::into),
            total_pages: None,
            items: Some("/data".into()),
        }
    }

    #[test]
    fn styles_must_agree_on_what_is_sent_and_read() {
        let cursor = rule("cursor", Some("cursor"), Some("/next_cursor"));
        let ours =
            json!({"style": "cursor", "param": "cursor", "next": "/next_cursor", "items": "/data"});
        assert!(judge(&cursor, &ours).is_ok());
        let elsewhere =
            json!({"style": "cursor", "param": "cursor", "next": "/meta/next", "items": "/data"});
        assert!(judge(&cursor, &elsewhere).is_err());
        let other_items =
            json!({"style": "cursor", "param": "cursor", "next": "/next_cursor", "items": "/rows"});
        assert!(judge(&cursor, &other_items).is_err());
        let page = json!({"style": "page", "param": "cursor", "items": "/data"});
        assert!(judge(&cursor, &page).is_err());
    }

    #[test]
    fn the_pages_own_next_link_is_right_whatever_the_key_calls_it() {
        let offset = rule("offset", Some("offset"), Some("/next_url"));
        let link = json!({"style": "next_url", "next": "/next_url", "items": "/data"});
        assert!(judge(&offset, &link).is_ok());
        let other_link = json!({"style": "next_url", "next": "/links/next", "items": "/data"});
        assert!(judge(&offset, &other_link).is_err());
    }

    #[test]
    fn a_named_last_id_is_an_after_last_walk() {
        let after = rule("after_last", Some("after"), Some("/last_id"));
        let ours =
            json!({"style": "cursor", "param": "after", "next": "/last_id", "items": "/data"});
        assert!(judge(&after, &ours).is_ok());
        let by_item = rule("after_last", Some("after"), None);
        let ours = json!({"style": "after_last", "param": "after", "items": "/data"});
        assert!(judge(&by_item, &ours).is_ok());
        let before = json!({"style": "after_last", "param": "before", "items": "/data"});
        assert!(judge(&by_item, &before).is_err());
    }

    #[test]
    fn an_error_is_read_where_the_key_puts_it_or_not_at_all() {
        let body = error_body(Some("/errors/0/code"), Some("/errors/0/title"));
        assert_eq!(body, json!({"errors": [{"code": CODE, "title": MESSAGE}]}));
        // An object on the way is passed over, as the runtime does.
        let message = ["/errors/0", "/errors/0/title"];
        assert_eq!(first_text(&body, &message), Some(MESSAGE));
        // A place the spec declares that the body does not have is no read.
        assert_eq!(first_text(&body, &["/error/code"]), None);
        // The message's place tried for the code reads the wrong field.
        let flat = error_body(None, Some("/message"));
        assert_eq!(first_text(&flat, &["/message"]), Some(MESSAGE));
    }
}
