//! The answer key: `<corpus>/protocol/<stem>.json`, how each API really
//! behaves on the wire according to its vendor's documentation (format in
//! that folder's README), and which of a spec's operations each pagination
//! rule covers.

use serde_json::Value;

/// One pagination rule of the key.
#[derive(Debug)]
pub struct Rule {
    /// Operation ids it names, or (`response_has`, method) to match by schema.
    pub matches: Match,
    pub style: String,
    pub param: Option<String>,
    pub next: Option<String>,
    pub total_pages: Option<String>,
    /// `None`: the key does not say (it differs between the operations).
    pub items: Option<String>,
}

#[derive(Debug)]
pub enum Match {
    Ids(Vec<String>),
    ResponseHas { pointer: String, method: String },
}

/// The key for one spec.
#[derive(Debug)]
pub struct Key {
    pub base_url: Option<String>,
    /// `(scheme, kind, name)`.
    pub auth: (Option<String>, String, Option<String>),
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub rules: Vec<Rule>,
    pub not_lists: Vec<String>,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

impl Key {
    /// Reads a key file's JSON.
    pub fn parse(json: &Value) -> Result<Self, String> {
        let auth = json.get("auth").ok_or("no `auth`")?;
        let rules = json
            .get("pagination")
            .and_then(Value::as_array)
            .ok_or("no `pagination` list")?
            .iter()
            .map(|r| {
                let m = r.get("match").ok_or("a rule without `match`")?;
                let matches = match m.get("operation_ids").and_then(Value::as_array) {
                    Some(ids) => Match::Ids(
                        ids.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect(),
                    ),
                    None => Match::ResponseHas {
                        pointer: text(m, "response_has").ok_or("a `match` of neither form")?,
                        method: text(m, "method").unwrap_or_else(|| "GET".into()),
                    },
                };
                Ok(Rule {
                    matches,
                    style: text(r, "style").ok_or("a rule without `style`")?,
                    param: text(r, "param"),
                    next: text(r, "next"),
                    total_pages: text(r, "total_pages"),
                    items: text(r, "items"),
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(Key {
            base_url: text(json, "base_url"),
            auth: (
                text(auth, "scheme"),
                text(auth, "kind").unwrap_or_default(),
                text(auth, "name"),
            ),
            error_code: json
                .pointer("/errors/code")
                .and_then(Value::as_str)
                .map(str::to_owned),
            error_message: json
                .pointer("/errors/message")
                .and_then(Value::as_str)
                .map(str::to_owned),
            rules,
            not_lists: json
                .get("not_lists")
                .and_then(Value::as_array)
                .map(|l| {
                    l.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
        })
    }

    /// The first rule that covers operation `id` (`method` in upper case),
    /// whose success body in the normalized `doc` is found at `pointer`.
    pub fn rule_for(&self, doc: &Value, id: &str, method: &str, at: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| match &r.matches {
            Match::Ids(ids) => ids.iter().any(|i| i == id),
            Match::ResponseHas { pointer, method: m } => {
                m.eq_ignore_ascii_case(method)
                    && success_schema(doc, at).is_some_and(|s| has(doc, s, pointer, 0))
            }
        })
    }
}

/// The JSON success schema of the operation at JSON pointer `at` (`#/paths/...`).
fn success_schema<'d>(doc: &'d Value, at: &str) -> Option<&'d Value> {
    let op = doc.pointer(at.strip_prefix('#')?)?;
    let responses = op.get("responses")?.as_object()?;
    let (_, response) = responses
        .iter()
        .filter(|(code, _)| code.starts_with('2'))
        .min_by(|a, b| a.0.cmp(b.0))?;
    let response = resolve(doc, response)?;
    let content = response.get("content")?.as_object()?;
    content
        .iter()
        .find(|(media, _)| media.contains("json"))
        .and_then(|(_, m)| m.get("schema"))
}

fn resolve<'d>(doc: &'d Value, mut v: &'d Value) -> Option<&'d Value> {
    for _ in 0..16 {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => v = doc.pointer(r.strip_prefix('#')?)?,
            None => return Some(v),
        }
    }
    None
}

/// Whether `schema` (through references and `allOf`) has a property path `pointer`.
fn has(doc: &Value, schema: &Value, pointer: &str, depth: usize) -> bool {
    let Some(schema) = resolve(doc, schema) else {
        return false;
    };
    if pointer.is_empty() {
        return true;
    }
    if depth > 32 {
        return false;
    }
    let (token, rest) = match pointer[1..].split_once('/') {
        Some((t, r)) => (t, format!("/{r}")),
        None => (&pointer[1..], String::new()),
    };
    let token = token.replace("~1", "/").replace("~0", "~");
    let parts = ["allOf", "anyOf", "oneOf"]
        .iter()
        .filter_map(|k| schema.get(*k).and_then(Value::as_array))
        .flatten();
    schema
        .pointer(&format!(
            "/properties/{}",
            token.replace('~', "~0").replace('/', "~1")
        ))
        .is_some_and(|p| has(doc, p, &rest, depth + 1))
        || parts.into_iter().any(|s| has(doc, s, pointer, depth + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn response_has_follows_refs_and_all_of() {
        let doc = json!({
            "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}}}}},
            "components": {"schemas": {
                "Page": {"allOf": [{"$ref": "#/components/schemas/Next"}, {"properties": {"data": {}}}]},
                "Next": {"properties": {"next_page": {"properties": {"offset": {}}}}}
            }}
        });
        let key = Key::parse(&json!({
            "auth": {"kind": "none"},
            "pagination": [{"match": {"response_has": "/next_page/offset", "method": "GET"}, "style": "cursor"}],
        }))
        .unwrap();
        assert!(key.rule_for(&doc, "x", "GET", "#/paths/~1a/get").is_some());
        assert!(key.rule_for(&doc, "x", "POST", "#/paths/~1a/get").is_none());
        let other = Key::parse(&json!({
            "auth": {"kind": "none"},
            "pagination": [{"match": {"response_has": "/next_page/uri"}, "style": "cursor"}],
        }))
        .unwrap();
        assert!(other
            .rule_for(&doc, "x", "GET", "#/paths/~1a/get")
            .is_none());
    }
}
