//! The generated crate's `README.md`, which is also its rustdoc front page:
//! its examples are doctests (`no_run`), so they compile against the very
//! API they describe. Examples take the arguments an operation needs as
//! hidden function parameters, which keeps them short and valid for any spec.

use std::fmt::Write;

use crate::model::names::Namespace;
use crate::model::{
    Api, BodyKind, Content, Field, Location, Operation, SchemeKind, StructDef, Tag, TypeDef,
    TypeKind, TypeRef,
};

use super::rust::Emitter;

/// One operation as an example call: its accessor path, its required values
/// (as hidden parameters, given in order or named), and setters for some
/// optional ones.
struct Call<'a> {
    tag: &'a Tag,
    op: &'a Operation,
    krate: String,
}

impl Call<'_> {
    /// `client.tag().method(a, b)`.
    fn expr(&self) -> String {
        self.expr_with(str::to_owned)
    }

    /// The call with each argument written by `arg`: `a.clone()` where the
    /// arguments are used again. A method that takes its required values
    /// named takes them in its struct, by its path (`krate` is the crate's name).
    fn expr_with(&self, arg: impl Fn(&str) -> String) -> String {
        let mut names: Vec<&str> = self
            .op
            .params
            .iter()
            .filter(|p| p.required)
            .map(|p| p.name.as_str())
            .collect();
        if self.op.body.as_ref().is_some_and(|b| b.required) {
            names.push("body");
        }
        let args = match &self.op.required_name {
            Some(required) => {
                let fields: Vec<String> = names
                    .iter()
                    .map(|n| match arg(n) {
                        value if value == *n => value,
                        value => format!("{n}: {value}"),
                    })
                    .collect();
                format!(
                    "{}::apis::{}::{required} {{ {} }}",
                    self.krate,
                    self.tag.module,
                    fields.join(", ")
                )
            }
            None => names.iter().map(|n| arg(n)).collect::<Vec<_>>().join(", "),
        };
        format!(
            "client.{}().{}({args})",
            self.tag.module, self.op.method_name,
        )
    }

    /// Hidden parameters for the arguments, typed as the method takes them.
    fn params(&self, e: &Emitter<'_>, krate: &str) -> String {
        let mut out = String::new();
        for p in self.op.params.iter().filter(|p| p.required) {
            let _ = write!(out, ", {}: {}", p.name, rust_type(e, krate, &p.ty));
        }
        if let Some(b) = self.op.body.as_ref().filter(|b| b.required) {
            let ty = match &b.kind {
                BodyKind::Text(_) => "String".to_owned(),
                BodyKind::Bytes(_) => "Vec<u8>".to_owned(),
                BodyKind::Multipart(form) => {
                    format!("{krate}::apis::{}::{}", self.tag.module, form.name())
                }
                _ => rust_type(e, krate, &b.ty),
            };
            let _ = write!(out, ", body: {ty}");
        }
        out
    }
}

fn rust_type(e: &Emitter<'_>, krate: &str, ty: &TypeRef) -> String {
    e.ty(ty, true)
        .to_string()
        .replace(' ', "")
        .replace("types::", &format!("{krate}::types::"))
}

fn calls(api: &Api) -> impl Iterator<Item = Call<'_>> {
    api.tags.iter().flat_map(move |tag| {
        tag.operations.iter().map(move |&i| Call {
            tag,
            op: &api.operations[i],
            krate: api.config.krate.name.replace('-', "_"),
        })
    })
}

/// The quick start's builder call that sets the credential most operations
/// need ([`Api::quick_start`]), in the form its kind takes, from environment variables.
fn quick_start_credential(api: &Api) -> Option<String> {
    let c = api.credentials.get(api.quick_start?)?;
    let args = match c.kind {
        SchemeKind::Basic => "std::env::var(\"API_USERNAME\")?, std::env::var(\"API_PASSWORD\")?",
        _ => "std::env::var(\"API_KEY\")?",
    };
    Some(format!("\n    .{}({args})", c.setter))
}

/// `README.md`
pub fn readme(e: &Emitter<'_>) -> String {
    let api = e.api;
    let krate = api.config.krate.name.replace('-', "_");
    let auth = quick_start_credential(api).unwrap_or_default();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {krate}\n\nA typed async Rust client for **{}** (API version {}), generated from its OpenAPI spec by `cargo xtask codegen`. Do not edit: regenerate.\n",
        api.title, api.version
    );

    // Quick start: a whole program with the dependencies it needs, calling the simplest GET.
    let simple = calls(api).find(|c| {
        c.op.http_method == "GET" && c.op.params.iter().all(|p| !p.required) && c.op.body.is_none()
    });
    let _ = writeln!(
        out,
        "## Quick start\n\nIn `Cargo.toml`:\n\n```toml\n{}```\n\nIn `src/main.rs`:\n",
        super::crate_files::quick_start_dependencies(api)
    );
    let call = match &simple {
        Some(c) => format!(
            "    let value = {}.await?;\n    println!(\"{{value:?}}\");",
            c.expr()
        ),
        None => "    println!(\"{client:?}\");".to_owned(),
    };
    let auth = format!("{}{auth}", super::servers::quick_start_lines(api));
    let auth = auth.replace("\n    ", "\n        ");
    let _ = writeln!(out, "```rust,no_run\nuse {krate}::Client;\n\n#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {{\n    let client = Client::builder(){auth}\n        .build()?;\n{call}\n    Ok(())\n}}\n```\n");

    let _ = writeln!(out, "## Operations\n");
    for t in &api.tags {
        let feature = t
            .feature
            .as_ref()
            .map(|f| format!(" (feature `{f}`)"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- `client.{}()`: {} operation(s) tagged `{}`{feature}",
            t.module,
            t.operations.len(),
            t.name
        );
    }
    let _ = writeln!(
        out,
        "\nEach method takes the operation's required parameters and body and returns a request builder: set optional parameters with its methods, then `.await` it for the decoded value, or call `.send_with_response()` to keep the status and headers. Successful bodies decode leniently: unknown fields are ignored and enum values this version does not know land in an `Unknown` variant.\n"
    );
    if let Some(c) = calls(api).find(|c| {
        c.op.params
            .iter()
            .any(|p| !p.required && p.location == Location::Query)
    }) {
        let optional =
            c.op.params
                .iter()
                .find(|p| !p.required && p.location == Location::Query)
                .map(|p| p.name.clone())
                .unwrap_or_default();
        let _ = writeln!(
            out,
            "```rust,no_run\n# async fn run(client: {krate}::Client{}, {optional}: {}) -> Result<(), {krate}::Error> {{\nlet response = {}\n    .{optional}({optional})\n    .send_with_response()\n    .await?;\nprintln!(\"{{}} {{:?}}\", response.status(), response.headers().get(\"date\"));\nlet value = response.into_inner();\n# let _ = value;\n# Ok(())\n# }}\n```\n",
            c.params(e, &krate),
            rust_type(e, &krate, &c.op.params.iter().find(|p| p.name == optional).map(|p| p.ty.clone()).unwrap_or(TypeRef::String)),
            c.expr()
        );
    }

    out.push_str(&named_call_example(e, &krate));

    out.push_str(&super::servers::readme_section(api, &krate));

    if let Some(example) = body_example(e, &krate) {
        out.push_str(&example);
    }

    let (retried, unsafe_methods) = retried_methods(api);
    let _ = writeln!(
        out,
        "## Retries, timeouts, per-call options\n\n```rust,no_run\n# fn run() -> Result<(), {krate}::Error> {{\nuse std::time::Duration;\nuse {krate}::{{CallOptions, Client, RetryPolicy}};\n\nlet client = Client::builder()\n    .timeout(Duration::from_secs(10))          // each attempt, also with your own reqwest::Client\n    .connect_timeout(Duration::from_secs(3))\n    .retry(RetryPolicy {{\n        max_attempts: 5,\n        initial_backoff: Duration::from_millis(200),\n        max_retry_after: Duration::from_secs(20), // a longer Retry-After returns Error::RateLimited\n        ..RetryPolicy::default()\n    }})\n    .build()?;\n// A handle with other settings for some calls; every builder also has `.with_options(...)`.\nlet impatient = client.with_options(CallOptions::new().timeout(Duration::from_secs(2)).max_attempts(1));\n# let _ = impatient;\n# Ok(())\n# }}\n```\n\n{retried} are retried on connection failures, timeouts, 429, 500, 502, 503 and 504 (`RetryPolicy::statuses`), with exponential backoff and jitter, honouring `Retry-After` (seconds or an HTTP date) up to the cap. `ClientBuilder::deadline` (and `CallOptions::deadline`) bounds a whole call, every attempt and wait included. {unsafe_methods} are retried only when the request carries an idempotency key, so a call the server cannot deduplicate is never sent twice; a connection that could not be opened is retried for any method, since nothing was sent.\n"
    );

    if let Some(c) = calls(api).find(|c| c.op.idempotency_header.is_some()) {
        let setter =
            c.op.params
                .iter()
                .find(|p| Some(&p.wire) == c.op.idempotency_header.as_ref())
                .map(|p| p.name.clone())
                .unwrap_or_default();
        let _ = writeln!(
            out,
            "## Idempotency keys\n\n`{}` accepts an `{}` header. The client fills it with a fresh UUID for each call and reuses it on every retry, so retries are safe; set your own to make a call safe to repeat across restarts:\n\n```rust,no_run\n# async fn run(client: {krate}::Client{}) -> Result<(), {krate}::Error> {{\nlet result = {}\n    .{setter}(\"order-2024-11-23-0001\")\n    .await?;\n# let _ = result;\n# Ok(())\n# }}\n```\n",
            c.op.id,
            c.op.idempotency_header.clone().unwrap_or_default(),
            c.params(e, &krate),
            c.expr()
        );
    }

    if let Some(c) = calls(api).find(|c| c.op.pagination.is_some()) {
        let _ = writeln!(
            out,
            "## Pagination\n\nList operations walk their pages for you: `.pages()` fetches one page at a time, `.items()` is a `futures_core::Stream` of every item, which `.try_next()` and `.collect_all()` consume without a futures crate. A walk ends at the last page, on an empty page, and with an error if the server repeats a cursor or a page.\n\n```rust,no_run\n# async fn run(client: {krate}::Client{}) -> Result<(), {krate}::Error> {{\nlet mut pages = {}.pages();\nwhile let Some(page) = pages.next_page().await? {{\n    for item in page {{\n        println!(\"{{item:?}}\");\n    }}\n}}\n# Ok(())\n# }}\n```\n\nOr item by item:\n\n```rust,no_run\n# async fn run(client: {krate}::Client{}) -> Result<(), {krate}::Error> {{\nlet mut items = {}.items();\nwhile let Some(item) = items.try_next().await? {{\n    println!(\"{{item:?}}\");\n}}\n# Ok(())\n# }}\n```\n",
            c.params(e, &krate),
            c.expr(),
            c.params(e, &krate),
            c.expr()
        );
    }

    // The errors example needs some call: the simplest, else any, with its arguments as parameters.
    let errors_call = simple.or_else(|| calls(api).next());
    if !api.skipped.is_empty() {
        let _ = writeln!(
            out,
            "## Operations not generated\n\nThe generator config says to leave out operations that use constructs it does not support yet:\n"
        );
        for op in &api.skipped {
            let _ = writeln!(
                out,
                "- `{} {}` (`{}`): {}",
                op.method,
                op.path,
                op.id,
                super::doc::sanitize(&op.reason)
            );
        }
        let _ = writeln!(out);
    }

    let example_call = errors_call.as_ref().map(Call::expr).unwrap_or_default();
    let example_params = errors_call
        .as_ref()
        .map(|c| c.params(e, &krate))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "## Errors\n\nEvery call returns `Result<T, {krate}::Error>`; match on what happened:\n\n```rust,no_run\n# async fn run(client: {krate}::Client{example_params}) {{\nuse {krate}::Error;\n\nmatch {example_call}.await {{\n    Ok(value) => println!(\"{{value:?}}\"),\n    // The server answered with an error status: its code, message, raw body, headers, request id.\n    Err(Error::Api(e)) => eprintln!(\"{{}}: {{:?}} {{:?}} (request {{:?}})\", e.status, e.code, e.message, e.request_id),\n    // 429 (or 503 with Retry-After) after the retries, or a wait longer than the policy allows.\n    Err(Error::RateLimited {{ retry_after, .. }}) => eprintln!(\"rate limited, retry after {{retry_after:?}}\"),\n    Err(Error::Timeout {{ after, .. }}) => eprintln!(\"timed out after {{after:?}}\"),\n    Err(Error::Connection {{ source, .. }}) => eprintln!(\"connection failed: {{source}}\"),\n    // A success body that does not match the spec: where, why, and the raw body.\n    Err(Error::Decode(e)) => eprintln!(\"bad response at {{}}: {{}}\", e.path, e.message),\n    // With validation on: a parameter or field that breaks the spec, caught before sending.\n    Err(Error::Validation(e)) => eprintln!(\"invalid {{}}: {{}}\", e.field, e.reason),\n    Err(other) => eprintln!(\"{{other}}\"),\n}}\n# }}\n```\n\nError bodies are parsed whatever their shape: the spec's own, `{{\"code\", \"message\"}}` objects, lists of errors, plain text, HTML pages, or nothing. `err.is_not_found()`, `is_unauthorized()` (401 or 403), `is_rate_limited()`, `is_server_error()`, `is_timeout()` and `is_retryable()` answer the usual questions. The error statuses an operation declares come typed from `err.typed()`, as the operation's error enum (its builder's name followed by `Error`, one variant per status with the body decoded, and `Unknown`); each method's documentation lists them.\n\n## Validation\n\nBy default the client checks nothing before sending: a request goes out as built, so a value the server accepts is never refused because the spec's `pattern`, length, range or item count is stricter than the server. Turn the checks on for every call with `Client::builder().validate(true)`, for one call with `.validate(true)` on its request builder (or `CallOptions::new().validate(true)`), or check a value yourself with its `validate()` method; a failed check returns `Error::Validation` without sending anything.\n\n## Cargo features\n\n- `rustls-tls` (default): TLS with rustls; `native-tls`: the platform's TLS library instead (turn off default features).\n- `gzip`, `brotli`: accept compressed responses.\n- `http2`: HTTP/2 over TLS.\n- `patterns` (default): checks the spec's `pattern`s when validation is on, with the `regress` engine; without it those checks pass, for one dependency fewer.\n- `serialize`: `Serialize` on the types only responses carry too, to store or forward them as JSON (request types always have it; `mock` turns it on). Off by default: the derive on every response type is a sixth of a clean build.\n- `drift`: `ClientBuilder::record_drift`, recording where responses depart from the spec (see below).\n{}\n{}## Observability and secrets\n\nEach call is one `tracing` span (`api_call`) with the operation id, method, path template, attempt, status and latency. Credentials never appear in `Debug` output, error messages or traces. Requests carry `User-Agent: {}/<version>`.",
        tag_features(api),
        runtime_paragraph(api),
        api.config.krate.name
    );
    out.push_str(&super::readme_sdk::sections(e));
    out.push_str(&streams_section(e, &krate));
    out.push_str(&mock_section(e, &krate));
    out.push_str(&drift_section(&krate));
    out.push_str(&super::events::readme_section(e, &krate));
    out
}

/// The section on streamed responses, for an API with any: the first such
/// call read item by item. None for an API without.
fn streams_section(e: &Emitter<'_>, krate: &str) -> String {
    let Some((c, method)) = calls(e.api).find_map(|c| {
        let stream = crate::model::streams::of(c.op)?;
        Some((c, stream.method.clone()))
    }) else {
        return String::new();
    };
    let call = match method.as_str() {
        "send" => c.expr(),
        method => format!("{}.{method}()", c.expr()),
    };
    format!(
        "\n## Streams\n\nOperations that answer with Server-Sent Events or JSON Lines return a `runtime::EventStream` of typed items, read as they arrive; where the answer is one body unless the request asks for the stream, `send()` keeps the body and a method beside it returns the stream (each method's documentation says which). An item that does not decode is an `Err` item naming it (`Error::Decode`, its `item` and `path`), and the stream goes on; a documented sentinel (`data: [DONE]`) ends it. The timeout holds until the stream starts, then each wait for more is bounded by `ClientBuilder::idle_timeout`; a dropped GET event stream reconnects with `Last-Event-ID` within the retry policy.\n\n```rust,no_run\n# async fn run(client: {krate}::Client{}) -> Result<(), {krate}::Error> {{\nlet mut items = {call}.await?;\nwhile let Some(item) = items.next().await {{\n    match item {{\n        Ok(item) => println!(\"{{item:?}}\"),\n        Err(e) => eprintln!(\"skipped: {{e}}\"), // one item that did not decode\n    }}\n}}\n# Ok(())\n# }}\n```\n",
        c.params(e, krate),
    )
}

/// Where the runtime lives, for whoever vendors or publishes the crate: the
/// end of `## Cargo features`.
fn runtime_paragraph(api: &Api) -> String {
    let runtime = super::crate_files::runtime_crate(api);
    format!(
        "The runtime (transport, retries, auth, errors) is a crate of its own in `runtime/`, `{runtime}`, which this \
         one depends on by path and re-exports as `runtime`: a path or git dependency on this crate brings it \
         along, and rebuilding this crate after a spec change leaves it alone. To publish to a registry, \
         publish `{runtime}` first.\n\n"
    )
}

/// The section on the `drift` feature.
fn drift_section(krate: &str) -> String {
    format!(
        "\n## Where the server departs from the spec: the `drift` feature\n\n\
         With `features = [\"drift\"]`, a client built with `record_drift` checks every response against \
         the spec while decoding it as usual, and records each place where the server departs from it: \
         undeclared properties, enum values the spec does not list, unexpected `null`s, other types or \
         formats, undeclared statuses and media types. Records name the operation and the place in the \
         spec, are counted per place, and never carry a response's data.\n\n\
         ```rust,no_run\n# #[cfg(feature = \"drift\")]\n# fn run() -> Result<(), Box<dyn std::error::Error>> {{\n\
         let recorder = {krate}::DriftRecorder::json_lines(\"drift.jsonl\")?;\n\
         let client = {krate}::Client::builder().record_drift(recorder.clone()).build()?;\n\
         // ... use `client` ...\nrecorder.flush();\n# Ok(())\n# }}\n```\n\n\
         `DriftRecorder::callback` and `DriftRecorder::tracing` deliver to a function or to `tracing` \
         instead. The generator's `drift` command turns a log into an OpenAPI Overlay that makes the spec \
         say what the server does.\n"
    )
}

/// The section on the `mock` feature, with a stub of the first operation that
/// returns JSON (the success value is a hidden parameter of its own type).
fn mock_section(e: &Emitter<'_>, krate: &str) -> String {
    let Some(c) = calls(e.api).find(|c| matches!(c.op.success.content, Content::Json(_))) else {
        return String::new();
    };
    let Content::Json(ty) = &c.op.success.content else {
        return String::new();
    };
    let mut value_ty = rust_type(e, krate, ty);
    if c.op.success.optional {
        value_ty = format!("Option<{value_ty}>");
    }
    let call = c.expr();
    // The stub and the count each build the call: the stub's takes copies.
    let stub = c.expr_with(|a| format!("{a}.clone()"));
    format!(
        "\n## Testing your code: the `mock` feature\n\nWith `features = [\"mock\"]` (in your `[dev-dependencies]`), `{krate}::mock::MockServer` is a local server that answers this API's operations with values of their own types. A stub is written with the same request builder your code sends, so the compiler checks it like a real call; a request no stub matches gets a 501 whose message names the operation it looks like and the stubs there are. The default build compiles none of this.\n\n```rust,no_run\n# #[cfg(feature = \"mock\")]\n# async fn test(value: {value_ty}{}) {{\nuse {krate}::mock::MockServer;\n\nlet server = MockServer::start().await;\nlet client = server.client(); // pointed at the mock, placeholder credentials, no retries\n\n// The operation's own success type; `.fails(status, body)` gives a declared error instead.\nserver.on({stub}).returns(value).await;\n\n// ... run your code with `client` ...\n\nassert_eq!(server.calls(&{call}).await, 1);\nassert!(server.unexpected().is_empty());\n# }}\n```\n\n`.delay(duration)` answers slowly, `.times(n)` requires exactly `n` calls (checked when the server is dropped), `server.received(&builder)` returns the requests themselves.\n",
        c.params(e, krate),
    )
}

/// Where some method takes its required values named: what that means, and
/// the first such call (in tag order) as an example.
fn named_call_example(e: &Emitter<'_>, krate: &str) -> String {
    let Some(c) = calls(e.api).find(|c| c.op.required_name.is_some()) else {
        return String::new();
    };
    let module = format!("{krate}::apis::{}::", c.tag.module);
    let required = c.op.required_name.as_deref().unwrap_or_default();
    format!(
        "A method whose required values include two that could take each other's place (two strings, say) takes them named instead, in a struct beside its request builder named after it, with a public field each: a swap does not compile, and a value left out is a compile error naming it.\n\n```rust,no_run\n# async fn run(client: {krate}::Client{}) -> Result<(), {krate}::Error> {{\nuse {module}{required};\n\nlet value = {}.await?;\n# let _ = value;\n# Ok(())\n# }}\n```\n\n",
        c.params(e, krate),
        c.expr().replace(&module, ""),
    )
}

/// The `## Request bodies` section: the operation whose JSON body struct has
/// optional fields and the fewest required ones (at least one; the first
/// such in tag order), built with `new` and one `with_*` setter, the way
/// that keeps compiling when the spec adds optional fields; and where some
/// body's `new` takes its required fields named, what that means, with the
/// one of those with the fewest required fields.
fn body_example(e: &Emitter<'_>, krate: &str) -> Option<String> {
    let bodies: Vec<(Call<'_>, &TypeDef, &StructDef)> = calls(e.api)
        .filter_map(|c| {
            let body = c.op.body.as_ref().filter(|b| b.required)?;
            let TypeRef::Named(id) = &body.ty else {
                return None;
            };
            let def = e.space().get(*id);
            let TypeKind::Struct(s) = &def.kind else {
                return None;
            };
            let required = s.fields.iter().any(|f| f.required);
            (matches!(body.kind, BodyKind::Json) && def.usage.request && required)
                .then_some((c, def, s))
        })
        .collect();
    let required = |s: &StructDef| s.fields.iter().filter(|f| f.required).count();
    let (call, def, s) = bodies.iter().min_by_key(|(_, _, s)| {
        let no_optional = s.fields.iter().all(|f| f.required);
        (no_optional, required(s))
    })?;
    let mut out = format!(
        "## Request bodies\n\nBodies are built with `new`, which takes the required fields, and a `with_*` setter per optional field. Types are `#[non_exhaustive]`, so a field the API adds later is a new setter, never a compile error in code written today:\n\n{}",
        body_code(e, krate, call, def, s)
    );
    let named = bodies
        .iter()
        .filter(|(_, _, s)| s.required_name.is_some())
        .min_by_key(|(_, _, s)| required(s));
    if let Some((named_call, named_def, named_s)) = named {
        out.push_str("Where two required fields could take each other's place (two strings, say), `new` takes them named instead, in a struct named after the type with `Required` after it, with a public field each: a swap does not compile, and a field left out is a compile error naming it");
        if named_def.name == def.name {
            out.push_str(", as above.\n\n");
        } else {
            let code = body_code(e, krate, named_call, named_def, named_s);
            let _ = write!(out, ":\n\n{code}");
        }
    }
    Some(out)
}

/// An example that builds `def`, the body of `call`, with `new` (and one
/// setter, when the struct has optional fields) and sends it.
fn body_code(
    e: &Emitter<'_>,
    krate: &str,
    call: &Call<'_>,
    def: &TypeDef,
    s: &StructDef,
) -> String {
    let mut names = Namespace::with_taken(["client", "body"]);
    let mut params = String::new();
    for p in call.op.params.iter().filter(|p| p.required) {
        names.claim(p.name.clone());
        let _ = write!(params, ", {}: {}", p.name, rust_type(e, krate, &p.ty));
    }
    let mut param = |f: &Field| {
        let name = names.claim(f.name.clone());
        let mut ty = rust_type(e, krate, &f.ty);
        if f.required && f.nullable {
            ty = format!("Option<{ty}>");
        }
        let _ = write!(params, ", {name}: {ty}");
        name
    };
    let required: Vec<(String, String)> = s
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| (f.name.clone(), param(f)))
        .collect();
    let setter = s.fields.iter().find(|f| !f.required).map(|f| {
        let value = param(f);
        format!("\n    .with_{}({value})", f.name.trim_start_matches("r#"))
    });
    let name = &def.name;
    let (imports, new) = match &s.required_name {
        Some(r) => {
            let fields: Vec<String> = required
                .iter()
                .map(|(field, value)| {
                    if value == field {
                        format!("    {field},\n")
                    } else {
                        format!("    {field}: {value},\n")
                    }
                })
                .collect();
            (
                format!("{{{name}, {r}}}"),
                format!("{name}::new({r} {{\n{}}})", fields.concat()),
            )
        }
        None => {
            let values: Vec<&str> = required.iter().map(|(_, v)| v.as_str()).collect();
            (name.clone(), format!("{name}::new({})", values.join(", ")))
        }
    };
    format!(
        "```rust,no_run\n# async fn run(client: {krate}::Client{params}) -> Result<(), {krate}::Error> {{\nuse {krate}::types::{imports};\n\nlet body = {new}{setter};\nlet value = {}.await?;\nprintln!(\"{{value:?}}\");\n# Ok(())\n# }}\n```\n\n",
        call.expr(),
        setter = setter.unwrap_or_default(),
    )
}

/// The bullet on tag features in `## Cargo features`, with the dependency
/// line of an application that needs one tag; nothing without tag features.
fn tag_features(api: &Api) -> String {
    use crate::model::features::{kebab, ALL_APIS};
    let tags: Vec<(&Tag, &str)> = api
        .tags
        .iter()
        .filter_map(|t| Some((t, t.feature.as_deref()?)))
        .collect();
    // The example tag: the first of those with the most operations.
    let Some(&(example, feature)) = tags.iter().rev().max_by_key(|(t, _)| t.operations.len())
    else {
        return String::new();
    };
    let listed: Vec<String> = tags.iter().map(|(_, f)| format!("`{f}`")).collect();
    // How names are made: a module whose name has several words, and those that had to change.
    let (named, named_feature) = tags
        .iter()
        .find(|(t, f)| t.module.contains('_') && kebab(&t.module) == *f)
        .map_or((example, feature), |&(t, f)| (t, f));
    let renamed: Vec<String> = tags
        .iter()
        .filter(|(t, f)| kebab(&t.module) != *f)
        .map(|(t, f)| format!("`client.{}()` is `{f}`", t.module))
        .collect();
    let renamed = if renamed.is_empty() {
        "a `default` tag's would be `default-api`".to_owned()
    } else {
        renamed.join(", ")
    };
    let c = &api.config.krate;
    format!(
        "- `{ALL_APIS}` (default): every tag's operations, each tag with its own feature: {}.\n\nA tag's feature compiles its module, its `client.<tag>()` accessor and the types its operations use (an operation with several tags is in the module of its first), so an application that turns on only the tags it calls builds only those; types no operation uses (schemas only merged into others, say) come with `{ALL_APIS}`. With `default-features = false`, name a TLS feature too:\n\n```toml\n[dependencies]\n{} = {{ version = {}, default-features = false, features = [\"rustls-tls\", \"{feature}\"] }}\n```\n\nAdd `\"patterns\"` if you turn validation on. A tag's feature is its module's name in kebab case (`client.{}()` is `{named_feature}`), with `-api` added when a fixed feature or a dependency has that name ({renamed}).\n",
        listed.join(", "),
        c.name,
        super::crate_files::toml_string(&c.version),
        named.module,
    )
}

/// The methods the retry paragraph names as retried, and as retried only
/// with an idempotency key: QUERY and the API's methods of other names
/// (`PURGE`) join the usual ones where its operations use them.
fn retried_methods(api: &crate::model::Api) -> (String, String) {
    const USUAL: &[&str] = &[
        "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE",
    ];
    let mut others: Vec<&str> = api
        .operations
        .iter()
        .map(|op| op.http_method.as_str())
        .filter(|m| !USUAL.contains(m))
        .collect();
    others.sort_unstable();
    others.dedup();
    let list = |items: Vec<&str>| match items.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    let query = others.contains(&"QUERY");
    let mut retried = vec!["GET", "HEAD", "PUT", "DELETE"];
    retried.extend(query.then_some("QUERY"));
    let mut unsafe_methods = vec!["POST", "PATCH"];
    unsafe_methods.extend(others.into_iter().filter(|m| *m != "QUERY"));
    (list(retried), list(unsafe_methods))
}
