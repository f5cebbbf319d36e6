//! The JSON path of the value a failed decode stopped at, found from the
//! position serde_json reports: responses decode with plain serde_json (one
//! instantiation per type, no path bookkeeping on every call), and only a
//! failure pays for a scan of the body up to where it stopped.

use std::ops::Range;

/// Where the decode of `json` that failed with `error` stopped, as a path
/// like `items[1].route`; empty for the whole document.
pub(crate) fn of_error(json: &[u8], error: &serde_json::Error) -> String {
    let Some(mut at) = offset(json, error.line(), error.column()) else {
        return String::new();
    };
    // A type error leaves serde_json before the byte after the bad value; a
    // syntax error is reported past the byte at fault.
    if !error.is_data() {
        at = at.saturating_sub(1);
    }
    path_at(json, at)
}

/// The byte offset of a serde_json position: its column counts the bytes
/// before it on its line, which starts after the `line - 1`th newline.
fn offset(json: &[u8], line: usize, column: usize) -> Option<usize> {
    let start = if line <= 1 {
        0
    } else {
        json.iter()
            .enumerate()
            .filter(|(_, &b)| b == b'\n')
            .nth(line - 2)
            .map(|(i, _)| i + 1)?
    };
    Some((start + column).min(json.len()))
}

/// A container the scan is inside.
enum Frame {
    /// An object, with the byte range of its current key (quotes excluded)
    /// once one is read, and whether a key comes next.
    Object {
        key: Option<Range<usize>>,
        expects_key: bool,
    },
    /// An array, at its element `index`.
    Array { index: usize },
}

/// The path of the value being read at byte `at` of `json`: the keys and
/// indices of the containers open there. Reads JSON loosely (it only has to
/// follow well-formed input up to a decode error) and never fails.
fn path_at(json: &[u8], at: usize) -> String {
    let json = &json[..at.min(json.len())];
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while let Some(&byte) = json.get(i) {
        match byte {
            b'{' => stack.push(Frame::Object {
                key: None,
                expects_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, expects_key }) => {
                    *key = None;
                    *expects_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b'"' => {
                let end = string_end(json, i + 1);
                if let Some(Frame::Object { key, expects_key }) = stack.last_mut() {
                    if *expects_key {
                        *key = Some(i + 1..end);
                        *expects_key = false;
                    }
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object {
                key: Some(key),
                expects_key: false,
            } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&key_text(&json[key.clone()]));
            }
            Frame::Object { .. } => break,
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// The index of the quote that closes the string whose text starts at
/// `start`, or the end of `json` when it is cut short.
fn string_end(json: &[u8], start: usize) -> usize {
    let mut i = start;
    while let Some(&byte) = json.get(i) {
        match byte {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    json.len()
}

/// A key's text with its escapes read, as written when it has none.
fn key_text(raw: &[u8]) -> String {
    if !raw.contains(&b'\\') {
        return String::from_utf8_lossy(raw).into_owned();
    }
    let mut quoted = Vec::with_capacity(raw.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(raw);
    quoted.push(b'"');
    serde_json::from_slice::<String>(&quoted)
        .unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Item {
        route: i64,
        kind: Option<Kind>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Fax,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Page {
        items: Vec<Item>,
        next: Option<String>,
    }

    /// The path found from serde_json's error, beside the one
    /// serde_path_to_error tracks while decoding.
    fn both<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str) -> (String, String) {
        let error = serde_json::from_str::<T>(json).expect_err("the decode fails");
        let mut de = serde_json::Deserializer::from_str(json);
        let tracked = serde_path_to_error::deserialize::<_, T>(&mut de).expect_err("fails too");
        let tracked = match tracked.path().to_string() {
            root if root == "." => String::new(),
            path => path,
        };
        (of_error(json.as_bytes(), &error), tracked)
    }

    #[test]
    fn finds_the_path_serde_path_to_error_tracks() {
        let cases = [
            // A scalar of the wrong type, in an array, in an object.
            r#"{"items":[{"route":1},{"route":"x"}]}"#,
            // A missing field: the object that lacks it.
            r#"{"items":[{"route":1},{"kind":"fax"}], "next": null}"#,
            // An unknown enum value.
            r#"{"items":[{"route":1,"kind":"voice"}]}"#,
            // An object where a number belongs, and an array where an object does.
            r#"{"items":[{"route":{"a":[1,2]}}]}"#,
            r#"{"items":[[1]]}"#,
            // Whitespace, line breaks and escaped keys and strings on the way.
            "{\n  \"items\": [\n    {\"route\": 1, \"kind\": \"fax\"},\n    {\"ro\\u0075te\": \"a\\\"b\"}\n  ]\n}",
            r#"{"next":"a,b]}","items":[{"route":2,"kind":1}]}"#,
            // The wrong type at the root.
            r#"[1, 2]"#,
        ];
        for json in cases {
            let (found, tracked) = both::<Page>(json);
            assert_eq!(found, tracked, "{json}");
        }
        assert_eq!(both::<Page>(cases[0]).0, "items[1].route");
        assert_eq!(both::<Page>(cases[1]).0, "items[1]");
        assert_eq!(both::<Page>(cases[5]).0, "items[1].route");
    }

    #[test]
    fn keys_with_escapes_read_as_text() {
        let (found, tracked) = both::<std::collections::BTreeMap<String, Page>>(
            r#"{"a\"b": {"items": [{"route": true}]}}"#,
        );
        assert_eq!(found, r#"a"b.items[0].route"#);
        assert_eq!(found, tracked);
    }

    #[test]
    fn syntax_errors_name_where_they_are_and_never_fail() {
        let (found, _) = both::<Page>(r#"{"items":[{"route":1},{"route":1,}]}"#);
        assert_eq!(found, "items[1]");
        assert_eq!(both::<Page>("<html>oops</html>").0, "");
        let trailing = r#"{"items":[{"route":1}]} trailing"#;
        let error = serde_json::from_str::<Page>(trailing).expect_err("trailing characters");
        assert_eq!(of_error(trailing.as_bytes(), &error), "");
        for cut in [
            r#"{"items":[{"rou"#,
            r#"{"items":[{"route":"#,
            r#"{"a\"#,
            "\"",
            "[",
        ] {
            let error = serde_json::from_str::<Page>(cut).expect_err("cut short");
            let _ = of_error(cut.as_bytes(), &error);
        }
    }
}
