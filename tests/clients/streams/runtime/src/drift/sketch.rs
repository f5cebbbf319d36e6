//! What a value looked like, without the value: a JSON Schema sketch of its
//! type (and, for strings, the format their shape plainly has), and the checks
//! of the formats a spec declares. A drift record carries these, never the
//! data a response held.

use serde_json::{Map, Value};

use super::json::Json;

/// How deep a sketch describes nested objects and arrays.
const DEPTH: usize = 3;

/// The JSON type name of a value, as JSON Schema writes it.
pub(crate) fn json_type(value: &Json<'_>) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

/// A schema a value fits: its type, a string's format, an object's
/// properties (sorted) and an array's first item, objects [`DEPTH`] levels deep.
pub(crate) fn sketch(value: &Json<'_>) -> Value {
    sketch_at(value, DEPTH)
}

fn sketch_at(value: &Json<'_>, depth: usize) -> Value {
    let mut out = Map::new();
    out.insert("type".into(), json_type(value).into());
    match value {
        Json::String(s) => {
            if let Some(format) = guess_format(s) {
                out.insert("format".into(), format.into());
            }
        }
        Json::Object(members) if depth > 1 && !members.is_empty() => {
            let mut sorted: Vec<&(std::borrow::Cow<'_, str>, Json<'_>)> = members.iter().collect();
            // Sorted, and the first of a repeated key kept: a sketch is the same whatever the order.
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            let mut properties = Map::new();
            for (key, member) in sorted {
                if !properties.contains_key(key.as_ref()) {
                    properties.insert(key.as_ref().to_owned(), sketch_at(member, depth - 1));
                }
            }
            out.insert("properties".into(), properties.into());
        }
        // An array's item is a level of the data, not of its sketch's depth.
        Json::Array(items) => {
            if let Some(first) = items.first() {
                out.insert("items".into(), sketch_at(first, depth));
            }
        }
        _ => {}
    }
    out.into()
}

/// The format a string plainly has, of those a spec commonly declares.
pub(crate) fn guess_format(s: &str) -> Option<&'static str> {
    const FORMATS: [&str; 6] = ["date-time", "date", "time", "uuid", "uri", "email"];
    FORMATS.into_iter().find(|f| fits(f, s) == Some(true))
}

/// Whether `s` has the shape of `format`; `None` for a format not checked
/// (a vendor's own, or one such as `byte` whose every string is plausible),
/// which is never drift.
pub(crate) fn fits(format: &str, s: &str) -> Option<bool> {
    Some(match format {
        "date-time" => is_date_time(s),
        "date" => is_date(s),
        "time" => is_time(s),
        "uuid" => is_uuid(s),
        "uri" => is_uri(s),
        "email" => is_email(s),
        _ => return None,
    })
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// RFC 3339 `full-date`: `2024-05-01`.
fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    matches!(parts.as_slice(), [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2))
}

/// RFC 3339 `full-time`, the offset optional: `10:20:30`, `10:20:30.5Z`, `10:20:30+02:00`.
fn is_time(s: &str) -> bool {
    let (clock, offset) = split_offset(s);
    if let Some(offset) = offset {
        if !is_offset(offset) {
            return false;
        }
    }
    is_clock(clock)
}

/// RFC 3339 `date-time`: a date, `T` (or a space), a time with its offset.
fn is_date_time(s: &str) -> bool {
    let Some((date, time)) = s.split_once(['T', 't', ' ']) else {
        return false;
    };
    let (clock, offset) = split_offset(time);
    is_date(date) && is_clock(clock) && offset.is_some_and(is_offset)
}

fn split_offset(s: &str) -> (&str, Option<&str>) {
    match s.find(['Z', 'z', '+', '-']) {
        Some(at) => (&s[..at], Some(&s[at..])),
        None => (s, None),
    }
}

fn is_offset(s: &str) -> bool {
    if s.eq_ignore_ascii_case("z") {
        return true;
    }
    let Some(rest) = s.strip_prefix(['+', '-']) else {
        return false;
    };
    matches!(rest.split_once(':'), Some((h, m)) if digits(h, 2) && digits(m, 2))
}

fn is_clock(s: &str) -> bool {
    let (whole, fraction) = match s.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (s, "0"),
    };
    let parts: Vec<&str> = whole.split(':').collect();
    matches!(parts.as_slice(), [h, m, sec] if digits(h, 2) && digits(m, 2) && digits(sec, 2))
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

fn is_uuid(s: &str) -> bool {
    let lengths = [8, 4, 4, 4, 12];
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip(lengths)
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// An absolute URI: a scheme, `:`, and no whitespace.
fn is_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        && !rest.is_empty()
        && !s.chars().any(char::is_whitespace)
}

fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.contains('@')
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn formats_are_told_by_their_shape() {
        assert_eq!(guess_format("2024-05-01T10:20:30Z"), Some("date-time"));
        assert_eq!(
            guess_format("2024-05-01 10:20:30.125+02:00"),
            Some("date-time")
        );
        assert_eq!(guess_format("2024-05-01"), Some("date"));
        assert_eq!(guess_format("10:20:30"), Some("time"));
        assert_eq!(
            guess_format("0f8fad5b-d9cb-469f-a165-70867728950e"),
            Some("uuid")
        );
        assert_eq!(guess_format("https://example.com/a"), Some("uri"));
        assert_eq!(guess_format("ops@example.com"), Some("email"));
        assert_eq!(guess_format("+15551234567"), None);
        assert_eq!(guess_format("05/01/2024"), None);
        // A date-time without its offset is not RFC 3339.
        assert_eq!(fits("date-time", "2024-05-01T10:20:30"), Some(false));
        assert_eq!(fits("int64", "12"), None);
    }

    #[test]
    fn a_sketch_has_types_and_never_values() {
        let value = json!({"b": "secret-ish", "a": [{"x": 1.5}], "c": {"d": {"e": {"f": 1}}}});
        let sketch = sketch(&Json::parse(value.to_string().as_bytes()).unwrap());
        assert_eq!(
            sketch,
            json!({"type": "object", "properties": {
                "a": {"type": "array", "items": {"type": "object", "properties": {"x": {"type": "number"}}}},
                "b": {"type": "string"},
                "c": {"type": "object", "properties": {"d": {"type": "object"}}},
            }})
        );
        assert!(!sketch.to_string().contains("secret-ish"));
    }
}
