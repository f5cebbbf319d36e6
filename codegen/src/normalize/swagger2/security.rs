//! Security definitions: 2.0's `basic` is 3.0's HTTP basic scheme, `apiKey`
//! is the same in both, and an `oauth2` definition's one `flow` (with its
//! URLs and scopes) becomes the matching member of 3.0's `flows`.

use serde_json::{json, Map, Value};

use super::{member, Cx};
use crate::error::{Error, Result};

/// The `securityDefinitions` as 3.0 `securitySchemes`.
///
/// # Errors
/// A definition that is not an object, or whose `type` 2.0 does not have.
pub(super) fn schemes(definitions: Map<String, Value>, cx: &mut Cx) -> Result<Map<String, Value>> {
    cx.moved("#/components/securitySchemes", "#/securityDefinitions");
    let mut out = Map::new();
    for (name, definition) in definitions {
        let from = member("#/securityDefinitions", &name);
        let to = member("#/components/securitySchemes", &name);
        let Value::Object(definition) = definition else {
            return Err(Error::invalid(
                from,
                "a security definition must be an object",
            ));
        };
        let scheme = match definition.get("type").and_then(Value::as_str) {
            Some("basic") => {
                let mut scheme = Map::new();
                scheme.insert("type".into(), json!("http"));
                scheme.insert("scheme".into(), json!("basic"));
                keep(&definition, &["description"], &mut scheme);
                scheme
            }
            Some("apiKey") => definition,
            Some("oauth2") => oauth2(&definition, &from, &to, cx),
            Some(other) => {
                return Err(Error::invalid(
                    member(&from, "type"),
                    format!("security definition type {other:?}: 2.0 has basic, apiKey and oauth2"),
                ))
            }
            None => {
                return Err(Error::invalid(
                    from,
                    "a security definition needs a string `type`",
                ))
            }
        };
        out.insert(name, Value::Object(scheme));
    }
    Ok(out)
}

/// Copies `keys` and the extensions of `from` into `to`.
fn keep(from: &Map<String, Value>, keys: &[&str], to: &mut Map<String, Value>) {
    for (key, value) in from {
        if keys.contains(&key.as_str()) || key.starts_with("x-") {
            to.insert(key.clone(), value.clone());
        }
    }
}

/// An `oauth2` definition's flow as 3.0's `flows`.
fn oauth2(
    definition: &Map<String, Value>,
    from: &str,
    to: &str,
    cx: &mut Cx,
) -> Map<String, Value> {
    let mut scheme = Map::new();
    scheme.insert("type".into(), json!("oauth2"));
    keep(definition, &["description"], &mut scheme);
    let flow = definition.get("flow").and_then(Value::as_str);
    let (name, urls): (&str, &[&str]) = match flow {
        Some("implicit") => ("implicit", &["authorizationUrl"]),
        Some("password") => ("password", &["tokenUrl"]),
        Some("application") => ("clientCredentials", &["tokenUrl"]),
        Some("accessCode") => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
        _ => {
            cx.note(
                member(from, "flow"),
                "an oauth2 definition whose `flow` is not implicit, password, application or accessCode: no flow is declared (the client sends the token it is given as a bearer token)",
            );
            scheme.insert("flows".into(), json!({}));
            return scheme;
        }
    };
    let flow_at = member(&member(to, "flows"), name);
    let mut converted = Map::new();
    for url in urls {
        let value = match definition.get(*url) {
            Some(Value::String(value)) => value.clone(),
            _ => {
                cx.note(
                    from,
                    format!("the oauth2 `{name}` flow has no `{url}`: declared empty"),
                );
                String::new()
            }
        };
        cx.moved(member(&flow_at, url), member(from, url));
        converted.insert((*url).to_owned(), json!(value));
    }
    let scopes = match definition.get("scopes") {
        Some(Value::Object(scopes)) if scopes.values().all(Value::is_string) => {
            Value::Object(scopes.clone())
        }
        None => json!({}),
        Some(_) => {
            cx.note(
                member(from, "scopes"),
                "`scopes` is not an object of descriptions: declared without scopes",
            );
            json!({})
        }
    };
    cx.moved(member(&flow_at, "scopes"), member(from, "scopes"));
    converted.insert("scopes".into(), scopes);
    scheme.insert("flows".into(), json!({ name: converted }));
    cx.moved(to, from);
    scheme
}
