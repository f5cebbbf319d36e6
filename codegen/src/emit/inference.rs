//! What the generator inferred about the API's protocol, written for people
//! and for checks: `.codegen/inference.json` inside the crate, and the same
//! facts as text for `--explain`. Per list operation the pagination style and
//! its fields (or why there is none), per credential the schemes it serves,
//! the base URL and servers, the error pointers, and per operation that
//! answers with a stream of events or lines its framing, item type and end.
//! Read from the model only.

use std::fmt::Write as _;

use serde_json::{json, Map, Value};

use crate::config::{PaginationStyle, ParamPlace};
use crate::model::{Api, Location, Operation, SchemeKind};

/// The runtime's generic error pointers, the very lists every client tries
/// after the spec's own: the report says where a client reads an error on
/// the wire, not only what the spec declared.
#[path = "../../runtime/src/error_fields.rs"]
mod error_fields;

/// The file's path inside the generated crate.
pub const PATH: &str = ".codegen/inference.json";

/// `.codegen/inference.json`: pretty JSON, keys in a fixed order.
pub fn json(api: &Api) -> String {
    let mut text = serde_json::to_string_pretty(&report(api)).unwrap_or_default();
    text.push('\n');
    text
}

/// The default base URL: the default server's URL with its variables'
/// defaults, what a client built with no `base_url` calls; null when no
/// URL can be formed (no server, a relative one, a variable without default).
fn base_url(api: &Api) -> Value {
    json!(api.servers.default_url())
}

/// Every server: its URL, description, variables (with default and allowed
/// values), how many operations call it, and whether it is the default.
fn servers(api: &Api) -> Vec<Value> {
    api.servers
        .list
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut entry = Map::new();
            entry.insert("url".into(), json!(s.url));
            if let Some(d) = &s.description {
                entry.insert("description".into(), json!(d));
            }
            let variables: Map<String, Value> = s
                .variables
                .iter()
                .map(|v| {
                    let mut var = Map::new();
                    var.insert("default".into(), json!(v.default));
                    if !v.enumeration.is_empty() {
                        var.insert("enum".into(), json!(v.enumeration));
                    }
                    (v.name.clone(), Value::Object(var))
                })
                .collect();
            entry.insert("variables".into(), Value::Object(variables));
            entry.insert("operations".into(), json!(s.operations));
            entry.insert("default".into(), json!(api.servers.default == Some(i)));
            Value::Object(entry)
        })
        .collect()
}

fn report(api: &Api) -> Value {
    let mut report = json!({
        "base_url": base_url(api),
        "servers": servers(api),
        "credentials": credentials(api),
        "errors": {
            "code": api.config.errors.code.first(),
            "message": api.config.errors.message.first(),
            "retry_after": api.config.errors.retry_after,
            "code_tried": tried(&api.config.errors.code, error_fields::CODE_POINTERS),
            "message_tried": tried(&api.config.errors.message, error_fields::MESSAGE_POINTERS),
        },
        "operations": api.operations.iter().filter_map(operation).collect::<Vec<_>>(),
    });
    // Only an API with streams has the key: the report of one without is as it was.
    let streams: Vec<Value> = api
        .operations
        .iter()
        .filter_map(|op| stream(api, op))
        .collect();
    if let (false, Some(entries)) = (streams.is_empty(), report.as_object_mut()) {
        entries.insert("streams".into(), Value::Array(streams));
    }
    report
}

/// The entry of an operation that answers with a stream: how it is framed,
/// its items, the method returning it, its sentinel and where that was read,
/// the flag asking for it, and whether a dropped stream reconnects.
fn stream(api: &Api, op: &Operation) -> Option<Value> {
    let s = crate::model::streams::of(op)?;
    let place = |p: &ParamPlace| match p {
        ParamPlace::Query => "query",
        ParamPlace::Header => "header",
        ParamPlace::Body => "body",
    };
    Some(json!({
        "id": op.id,
        "method": op.http_method,
        "path": op.path,
        "framing": s.framing.name(),
        "media_type": s.media_type,
        "item": s.item.as_ref().map(|t| crate::diff::render::type_ref(&api.types, t)),
        "returned_by": s.method,
        "sentinel": s.sentinel,
        "sentinel_from": s.sentinel_source,
        "flag": s.flag.as_ref().map(|f| json!({"name": f.name, "in": place(&f.place), "value": f.value})),
        "reconnects": s.reconnects,
    }))
}

/// A stream of the report in words.
fn stream_line(s: &Value) -> String {
    let text = |k: &str| s[k].as_str().unwrap_or("").to_owned();
    let items = match s["item"].as_str() {
        Some(item) => item.to_owned(),
        None if text("framing") == "sse" => "raw events".to_owned(),
        None => "raw lines".to_owned(),
    };
    let mut line = format!(
        "{} {} ({}): stream ({}) of {items}, returned by `.{}()`",
        text("method"),
        text("path"),
        text("id"),
        text("media_type"),
        text("returned_by")
    );
    if let Some(sentinel) = s["sentinel"].as_str() {
        let _ = write!(
            line,
            ", ends at {sentinel} (from {})",
            text("sentinel_from")
        );
    }
    if let Some(flag) = s["flag"].as_object() {
        let value = flag["value"]
            .as_str()
            .map_or("true".to_owned(), |v| format!("{v:?}"));
        let _ = write!(
            line,
            ", asked for with `{}: {value}` in the {}",
            flag["name"].as_str().unwrap_or(""),
            flag["in"].as_str().unwrap_or("")
        );
    }
    if s["reconnects"] == true {
        line.push_str(", reconnects with Last-Event-ID");
    }
    line
}

/// Where a paging value goes, in the words of the report.
fn place(place: ParamPlace) -> &'static str {
    match place {
        ParamPlace::Query => "query",
        ParamPlace::Header => "header",
        ParamPlace::Body => "body",
    }
}

/// Where a client looks for an error's code or message, in order: the
/// places the spec declares, then the common ones.
fn tried(declared: &[String], common: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = declared.to_vec();
    for p in common {
        if !out.iter().any(|d| d == p) {
            out.push((*p).to_owned());
        }
    }
    out
}

/// How a scheme's credential goes on the wire, in the words of the report.
fn kind(kind: &SchemeKind) -> String {
    match kind {
        SchemeKind::Bearer => "bearer".into(),
        SchemeKind::Basic => "basic".into(),
        SchemeKind::ApiKey { location, .. } => format!(
            "api_key_{}",
            match location {
                Location::Query => "query",
                Location::Cookie => "cookie",
                _ => "header",
            }
        ),
    }
}

/// One entry per credential the client holds: the schemes it serves (none
/// for one inferred from a header parameter, which says so), how it is sent,
/// its setter, how many operations accept it, and whether the quick start sets it.
fn credentials(api: &Api) -> Vec<Value> {
    api.credentials
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let schemes: Vec<&str> = match c.implied_from {
                Some(_) => Vec::new(),
                None => c
                    .schemes
                    .iter()
                    .map(|&s| api.schemes[s].key.as_str())
                    .collect(),
            };
            let mut entry = Map::new();
            entry.insert("schemes".into(), json!(schemes));
            entry.insert("kind".into(), json!(kind(&c.kind)));
            if let SchemeKind::ApiKey { name, .. } = &c.kind {
                entry.insert("name".into(), json!(name));
            }
            entry.insert("setter".into(), json!(c.setter));
            entry.insert("operations".into(), json!(c.operations));
            entry.insert("quick_start".into(), json!(api.quick_start == Some(i)));
            if let Some(from) = &c.implied_from {
                entry.insert("implied_from".into(), json!(from));
            }
            Value::Object(entry)
        })
        .collect()
}

/// The style's fields in the report's words: `param` is the query key (or
/// header) sent, `next` where the next position is read from.
fn style(style: &PaginationStyle) -> Map<String, Value> {
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        if !v.is_null() {
            m.insert(k.to_owned(), v);
        }
    };
    put("style", json!(style.name()));
    match style {
        PaginationStyle::Page {
            page_param,
            size_param,
            total_pages,
            next_page,
            first_page,
        } => {
            put("param", json!(page_param));
            put("size_param", json!(size_param));
            put("total_pages", json!(total_pages));
            put("next", json!(next_page));
            put("first_page", json!(first_page));
        }
        PaginationStyle::Cursor {
            cursor_param,
            next_cursor,
            cursor_in,
        } => {
            put("param", json!(cursor_param));
            if *cursor_in != ParamPlace::Query {
                put("param_in", json!(place(*cursor_in)));
            }
            put("next", json!(next_cursor));
        }
        PaginationStyle::Offset {
            offset_param,
            limit_param,
            total,
        } => {
            put("param", json!(offset_param));
            put("size_param", json!(limit_param));
            put("total", json!(total));
        }
        PaginationStyle::AfterLast {
            cursor_param,
            item_id,
            limit_param,
        } => {
            put("param", json!(cursor_param));
            put("item_id", json!(item_id));
            put("size_param", json!(limit_param));
        }
        PaginationStyle::NextUrl { next_url } => put("next", json!(next_url)),
        PaginationStyle::LinkHeader => {}
        PaginationStyle::HeaderCursor {
            next_header,
            cursor_param,
            cursor_in,
        } => {
            put("param", json!(cursor_param));
            put("param_in", json!(place(*cursor_in)));
            put("next_header", json!(next_header));
        }
    }
    m
}

/// The operation's entry: list operations only (those that page, and those
/// left without a stream, with why).
fn operation(op: &Operation) -> Option<Value> {
    let mut entry = Map::new();
    entry.insert("id".into(), json!(op.id));
    entry.insert("method".into(), json!(op.http_method));
    entry.insert("path".into(), json!(op.path));
    match &op.pagination {
        Some(p) => {
            let mut pagination = style(&p.style);
            pagination.insert("items".into(), json!(p.items));
            if let Some(more) = &p.more {
                let key = if more.inverted { "is_last" } else { "has_more" };
                pagination.insert(key.into(), json!(more.pointer));
            }
            pagination.insert("source".into(), json!(p.source.describe()));
            if let Some(note) = &p.note {
                pagination.insert("note".into(), json!(note));
            }
            entry.insert("pagination".into(), Value::Object(pagination));
        }
        None => {
            entry.insert("pagination".into(), Value::Null);
            entry.insert("reason".into(), json!(op.list_note.as_ref()?));
        }
    }
    Some(Value::Object(entry))
}

/// The base URL and the servers in words: what a client calls, and what
/// must be set when it cannot know.
fn explain_servers(api: &Api, report: &Value, out: &mut String) {
    let needs = match (
        api.servers.needs_base_url(),
        api.servers.required_variables().as_slice(),
    ) {
        (Some(path), _) if api.servers.list.is_empty() => {
            format!("none: the spec declares no server; set `base_url(\"https://…{path}\")`")
        }
        (Some(path), _) => {
            format!("none: a server has no host; set `base_url(\"https://…{path}\")`")
        }
        (None, []) => "none".to_owned(),
        (None, required) => {
            let setters: Vec<String> = required
                .iter()
                .map(|v| format!("`{}(…)`", v.setter))
                .collect();
            format!("none: set {}", setters.join(" and "))
        }
    };
    let _ = writeln!(
        out,
        "base URL: {}",
        report["base_url"].as_str().map_or(needs, str::to_owned)
    );
    let total = api.operations.len();
    for s in report["servers"].as_array().into_iter().flatten() {
        let mut line = format!(
            "server {}: {} of {total} operations",
            s["url"].as_str().unwrap_or(""),
            s["operations"]
        );
        if s["default"] == true {
            line.push_str(" (default)");
        }
        for (name, v) in s["variables"].as_object().into_iter().flatten() {
            let default = v["default"]
                .as_str()
                .map_or("no default".to_owned(), |d| format!("default {d:?}"));
            let _ = write!(line, "; variable {name}: {default}");
            if let Some(values) = v["enum"].as_array() {
                let values: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
                let _ = write!(line, ", one of {}", values.join(", "));
            }
        }
        let _ = writeln!(out, "{line}");
    }
}

/// A credential of the report in words: `credential (quick start): bearer
/// token for schemes ApiKeyAuth, AdminApiKeyAuth, set with `bearer_token`,
/// accepted by 288 operations`.
fn credential_line(c: &Value) -> String {
    let text = |k: &str| c[k].as_str().unwrap_or("").to_owned();
    let what = match text("kind").as_str() {
        "bearer" => "bearer token".to_owned(),
        "basic" => "user name and password (HTTP basic)".to_owned(),
        kind => format!(
            "API key in the {} `{}`",
            match kind {
                "api_key_query" => "query parameter",
                "api_key_cookie" => "cookie",
                _ => "header",
            },
            text("name")
        ),
    };
    let schemes: Vec<&str> = c["schemes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let source = match c["implied_from"].as_str() {
        Some(from) => format!("inferred from the {from} (no security scheme declared)"),
        None if schemes.len() == 1 => format!("for scheme {}", schemes[0]),
        None => format!("for schemes {}", schemes.join(", ")),
    };
    format!(
        "credential{}: {what} {source}, set with `{}`, accepted by {} operations",
        if c["quick_start"] == true {
            " (quick start)"
        } else {
            ""
        },
        text("setter"),
        c["operations"]
    )
}

/// The report as text, for `--explain`.
pub fn explain(api: &Api) -> String {
    let report = report(api);
    let mut out = String::new();
    explain_servers(api, &report, &mut out);
    for c in report["credentials"].as_array().into_iter().flatten() {
        let _ = writeln!(out, "{}", credential_line(c));
    }
    let pointer = |v: &Value| v.as_str().unwrap_or("none").to_owned();
    let _ = writeln!(
        out,
        "errors: code {}, message {}",
        pointer(&report["errors"]["code"]),
        pointer(&report["errors"]["message"])
    );
    for op in report["operations"].as_array().into_iter().flatten() {
        let head = format!(
            "{} {} ({})",
            op["method"].as_str().unwrap_or(""),
            op["path"].as_str().unwrap_or(""),
            op["id"].as_str().unwrap_or("")
        );
        match op["pagination"].as_object() {
            Some(p) => {
                let fields: Vec<String> = p
                    .iter()
                    .filter(|(k, _)| *k != "style")
                    .map(|(k, v)| format!("{k} {}", v.as_str().unwrap_or(&v.to_string())))
                    .collect();
                let _ = writeln!(
                    out,
                    "{head}: {} ({})",
                    p["style"].as_str().unwrap_or(""),
                    fields.join(", ")
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "{head}: no stream: {}",
                    op["reason"].as_str().unwrap_or("")
                );
            }
        }
    }
    for s in report["streams"].as_array().into_iter().flatten() {
        let _ = writeln!(out, "{}", stream_line(s));
    }
    out
}
