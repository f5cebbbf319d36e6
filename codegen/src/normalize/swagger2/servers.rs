//! Servers: 2.0 says where the API is with `host`, `basePath` and
//! `schemes`, and Azure's documents with `x-ms-parameterized-host` (a host
//! template whose variables are described as parameters); 3.0 with
//! `servers`, URL templates with `variables`.

use serde_json::{json, Map, Value};

use super::{member, reference_token, Cx};
use crate::error::{Error, Result};

const EXTENSION: &str = "#/x-ms-parameterized-host";

/// The 3.0 `servers` of a 2.0 document, if it says where the API is.
///
/// # Errors
/// `host`, `basePath` or `schemes` of the wrong JSON type.
pub(super) fn servers(input: &Map<String, Value>, cx: &mut Cx) -> Result<Option<Value>> {
    let host = string_member(input, "host")?.filter(|h| !h.is_empty());
    let base = base_path(string_member(input, "basePath")?);
    let schemes = schemes(input)?;
    if let Some(servers) = input
        .get("x-ms-parameterized-host")
        .and_then(|ext| parameterized(ext, &schemes, &base, cx))
    {
        cx.scheme = Some(schemes[0].clone());
        cx.moved("#/servers", EXTENSION);
        return Ok(Some(servers));
    }
    let Some(host) = host else {
        if base.is_empty() {
            return Ok(None);
        }
        // Relative to wherever the document is served from, as 2.0 says.
        cx.moved("#/servers", "#/basePath");
        return Ok(Some(json!([{ "url": base }])));
    };
    let host = host.trim_end_matches('/');
    let urls: Vec<String> = if host.contains("://") {
        vec![format!("{host}{base}")]
    } else {
        schemes
            .iter()
            .map(|s| format!("{s}://{host}{base}"))
            .collect()
    };
    cx.scheme = Some(schemes[0].clone());
    cx.moved("#/servers", "#/host");
    Ok(Some(Value::Array(
        urls.into_iter().map(|url| json!({ "url": url })).collect(),
    )))
}

/// A top-level member that must be a string when present.
fn string_member<'m>(input: &'m Map<String, Value>, key: &str) -> Result<Option<&'m str>> {
    match input.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Error::invalid(
            format!("#/{key}"),
            format!("`{key}` must be a string"),
        )),
    }
}

/// `basePath` as a URL path suffix: `""` for none or `/`, else with one
/// leading slash and no trailing one.
fn base_path(base: Option<&str>) -> String {
    let trimmed = base.unwrap_or("").trim_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
    }
}

/// The HTTP schemes, `https` first (the one a client should use when the
/// API offers both); `https` when none is listed.
fn schemes(input: &Map<String, Value>) -> Result<Vec<String>> {
    let listed = match input.get("schemes") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|s| s.as_str().map(str::to_ascii_lowercase))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| Error::invalid("#/schemes", "`schemes` must be an array of strings"))?,
        Some(_) => {
            return Err(Error::invalid(
                "#/schemes",
                "`schemes` must be an array of strings",
            ))
        }
    };
    let mut schemes: Vec<String> = ["https", "http"]
        .into_iter()
        .filter(|s| listed.iter().any(|l| l == s))
        .map(str::to_owned)
        .collect();
    if schemes.is_empty() {
        schemes.push("https".into());
    }
    Ok(schemes)
}

/// Servers from `x-ms-parameterized-host`: `hostTemplate` (with the scheme
/// before it unless `useSchemePrefix` is false) and `basePath`, its
/// variables from the parameters that describe them. `None`, with a note,
/// when the extension has no template.
fn parameterized(ext: &Value, schemes: &[String], base: &str, cx: &mut Cx) -> Option<Value> {
    let Some(template) = ext.get("hostTemplate").and_then(Value::as_str) else {
        cx.note(
            EXTENSION,
            "`x-ms-parameterized-host` without a string `hostTemplate` is not read",
        );
        return None;
    };
    let prefix = ext
        .get("useSchemePrefix")
        .and_then(Value::as_bool)
        .unwrap_or(true)
        && !template.contains("://");
    let template = template.trim_end_matches('/');
    let urls: Vec<String> = if prefix {
        schemes
            .iter()
            .map(|s| format!("{s}://{template}{base}"))
            .collect()
    } else {
        vec![format!("{template}{base}")]
    };
    let described = described(ext, cx);
    let mut variables = Map::new();
    for name in template_variables(template) {
        let Some((parameter, from)) = described
            .iter()
            .find(|(p, _)| p.get("name").and_then(Value::as_str) == Some(name))
        else {
            cx.note(
                member(EXTENSION, "hostTemplate"),
                format!("`{{{name}}}` in the host template has no parameter describing it: a server variable without a default"),
            );
            variables.insert(name.to_owned(), json!({ "default": "" }));
            continue;
        };
        variables.insert(name.to_owned(), variable(parameter));
        for i in 0..urls.len() {
            cx.moved(format!("#/servers/{i}/variables/{name}"), from);
        }
    }
    let servers = urls
        .into_iter()
        .map(|url| {
            let mut server = Map::new();
            server.insert("url".into(), json!(url));
            if !variables.is_empty() {
                server.insert("variables".into(), Value::Object(variables.clone()));
            }
            Value::Object(server)
        })
        .collect();
    Some(Value::Array(servers))
}

/// The extension's parameters, each resolved when given by reference to a
/// top-level parameter, with its pointer in the input.
fn described(ext: &Value, cx: &Cx) -> Vec<(Map<String, Value>, String)> {
    let Some(list) = ext.get("parameters").and_then(Value::as_array) else {
        return Vec::new();
    };
    let at = member(EXTENSION, "parameters");
    let mut out = Vec::new();
    for (i, entry) in list.iter().enumerate() {
        let reference = entry.get("$ref").and_then(Value::as_str);
        match reference.and_then(|r| r.strip_prefix("#/parameters/")) {
            Some(token) => {
                let name = reference_token(token);
                if let Some(Value::Object(p)) = cx.parameters.get(&name) {
                    out.push((p.clone(), member("#/parameters", &name)));
                }
            }
            None => {
                if let Value::Object(p) = entry {
                    out.push((p.clone(), format!("{at}/{i}")));
                }
            }
        }
    }
    out
}

/// A server variable from the parameter describing it. OpenAPI 3.0 requires
/// a `default`; an empty one says the user must give the value.
fn variable(parameter: &Map<String, Value>) -> Value {
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(_) | Value::Bool(_) => Some(v.to_string()),
        _ => None,
    };
    let mut variable = Map::new();
    let default = parameter.get("default").and_then(text).unwrap_or_default();
    variable.insert("default".into(), json!(default));
    if let Some(Value::Array(values)) = parameter.get("enum") {
        let values: Vec<Value> = values.iter().filter_map(text).map(Value::String).collect();
        if !values.is_empty() {
            variable.insert("enum".into(), Value::Array(values));
        }
    }
    if let Some(description) = parameter.get("description").filter(|d| d.is_string()) {
        variable.insert("description".into(), description.clone());
    }
    Value::Object(variable)
}

/// The `{name}`s of a URL template, in order, once each.
fn template_variables(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for part in template.split('{').skip(1) {
        if let Some((name, _)) = part.split_once('}') {
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}
