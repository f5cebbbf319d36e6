//! The generated README's sections on living with the client: credentials
//! replaced at run time (with the key exchange, when the spec has an
//! operation that trades something for a credential without sending one),
//! typed error bodies, and the escape hatches for what the spec leaves out.
//! Every example is a `no_run` doctest, so it compiles against the crate.

use std::fmt::Write;

use crate::model::{Api, Content, Operation, SchemeKind, Tag, TypeKind, TypeRef};

use super::rust::Emitter;

/// Field names (lower case, without `_` and `-`) that hold a credential in a response.
const CREDENTIAL_FIELDS: &[&str] = &[
    "apikey",
    "key",
    "token",
    "accesstoken",
    "authtoken",
    "bearertoken",
];

/// An operation that sends no credential, needs no input but its body, and
/// returns a credential in a string field: the key exchange (a login).
struct Exchange<'a> {
    tag: &'a Tag,
    op: &'a Operation,
    /// The Rust name of the credential field, and whether it is an `Option`.
    field: (String, bool),
}

fn find_exchange<'a>(e: &Emitter<'_>, api: &'a Api) -> Option<Exchange<'a>> {
    api.tags.iter().find_map(|tag| {
        tag.operations.iter().find_map(|&i| {
            let op = &api.operations[i];
            let body = op.body.as_ref()?;
            let only_body = body.required && op.params.iter().all(|p| !p.required);
            if !op.security.is_empty() || !only_body || op.success.optional {
                return None;
            }
            let Content::Json(TypeRef::Named(id)) = &op.success.content else {
                return None;
            };
            let def = e.space().get(*id);
            let TypeKind::Struct(s) = &def.kind else {
                return None;
            };
            s.fields.iter().find_map(|f| {
                let wire = f.wire.to_ascii_lowercase().replace(['_', '-'], "");
                let usable = matches!(f.ty, TypeRef::String)
                    && CREDENTIAL_FIELDS.contains(&wire.as_str())
                    // A `Nullable` field (optional and nullable in a type also sent) reads otherwise.
                    && !(!f.required && f.nullable && def.usage.request);
                usable.then(|| Exchange {
                    tag,
                    op,
                    field: (f.name.clone(), !f.required || f.nullable),
                })
            })
        })
    })
}

/// The sections, appended to the README after its errors section.
pub fn sections(e: &Emitter<'_>) -> String {
    let api = e.api;
    let krate = api.config.krate.name.replace('-', "_");
    let mut out = String::new();
    // The quick start's credential, unless it is a user name and password
    // (the example installs a single key).
    let token = api
        .quick_start
        .into_iter()
        .chain(0..api.credentials.len())
        .filter_map(|c| api.credentials.get(c))
        .find(|c| !matches!(c.kind, SchemeKind::Basic));
    if let Some(credential) = token {
        let setter = format!("set_{}", credential.setter);
        let _ = writeln!(
            out,
            "\n## Credentials that change\n\nA credential can be set or replaced while the client runs, with `client.{setter}(..)`: every clone of the client sends the new one from its next call, without a rebuild."
        );
        if let Some(x) = find_exchange(e, api) {
            let body_ty = e
                .ty(
                    &x.op
                        .body
                        .as_ref()
                        .map(|b| b.ty.clone())
                        .unwrap_or(TypeRef::String),
                    true,
                )
                .to_string()
                .replace(' ', "")
                .replace("types::", &format!("{krate}::types::"));
            let call = format!("client.{}().{}(body)", x.tag.module, x.op.method_name);
            let (field, optional) = &x.field;
            let install = if *optional {
                format!("    if let Some(key) = issued.{field} {{\n        client.{setter}(key)?;\n    }}")
            } else {
                format!("    client.{setter}(issued.{field})?;")
            };
            let _ = writeln!(
                out,
                "\n`{}` sends no credential: it exchanges what its body carries for one. Install what it returns, and fetch and install a new one whenever the old one stops being valid (after a password change, say):\n\n```rust,no_run\n# async fn run(client: {krate}::Client, login: {body_ty}, login_after_password_change: {body_ty}) -> Result<(), {krate}::Error> {{\nasync fn install_key(client: &{krate}::Client, body: {body_ty}) -> Result<(), {krate}::Error> {{\n    let issued = {call}.await?;\n{install}\n    Ok(())\n}}\n\ninstall_key(&client, login).await?;\n// ... the password changes ...\ninstall_key(&client, login_after_password_change).await?;\n# Ok(())\n# }}\n```",
                x.op.id
            );
        }
    }
    let _ = writeln!(
        out,
        "\n## Beyond the spec\n\nEvery request builder also takes extra headers and query parameters (`.header(name, value)`, `.query(name, value)`); `CallOptions` carries them for every call of a handle. `Client::request` calls an endpoint the spec does not list, with the client's credentials, timeouts, retries, hooks and tracing, and returns the undecoded response. A `Hook` added with `ClientBuilder::hook` sees every attempt's request before it is sent (and may change it) and every response. Successful responses keep their raw body and request id (`send_with_response()`, then `.body()` and `.request_id()`).\n\n```rust,no_run\n# async fn run(client: {krate}::Client) -> Result<(), {krate}::Error> {{\nlet raw = client\n    .request(reqwest::Method::GET, \"/not/in/the/spec\")\n    .query(\"limit\", 10)\n    .header(\"X-Feature\", \"beta\")\n    .send()\n    .await?;\nlet value = raw.json::<serde_json::Value>()?.into_inner();\n# let _ = value;\n# Ok(())\n# }}\n```"
    );
    out
}
