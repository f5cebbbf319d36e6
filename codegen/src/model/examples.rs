//! An operation's JSON examples (`example` and `examples` of its request
//! body's and responses' media types), pretty-printed for its documentation.
//! Examples are documentation only: one that cannot be resolved (a `$ref`
//! to nothing, an external value) is left out rather than failing generation.

use openapiv3::{MediaType, OpenAPI, ReferenceOr, RequestBody, Response, StatusCode};

/// Longer examples are left out: a method's docs should stay readable.
const MAX_EXAMPLE_CHARS: usize = 4_000;

/// How many `$ref` hops are followed before giving up on one.
const MAX_REF_HOPS: usize = 16;

/// One example of a request or response body.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// What it shows: `Request body`, `Response 200`, `Response 404`.
    pub what: String,
    /// Its key under `examples`, and its `summary`, when it has them.
    pub title: Option<String>,
    /// The value as pretty-printed JSON.
    pub json: String,
}

/// The examples of an operation: request body first, then the responses in spec order.
pub fn collect(spec: &OpenAPI, op: &openapiv3::Operation) -> Vec<Example> {
    let components = spec.components.as_ref();
    let mut out = Vec::new();
    if let Some(body) = op.request_body.as_ref().and_then(|b| {
        resolve(
            b,
            "#/components/requestBodies/",
            components.map(|c| &c.request_bodies),
        )
    }) {
        let body: &RequestBody = body;
        media_examples(spec, &body.content, "Request body", &mut out);
    }
    let responses = op
        .responses
        .default
        .iter()
        .map(|r| ("default".to_owned(), r));
    let responses = op
        .responses
        .responses
        .iter()
        .map(|(status, r)| {
            let code = match status {
                StatusCode::Code(c) => c.to_string(),
                StatusCode::Range(r) => format!("{r}XX"),
            };
            (code, r)
        })
        .chain(responses);
    for (status, response) in responses {
        let Some(response) = resolve(
            response,
            "#/components/responses/",
            components.map(|c| &c.responses),
        ) else {
            continue;
        };
        let response: &Response = response;
        media_examples(
            spec,
            &response.content,
            &format!("Response {status}"),
            &mut out,
        );
    }
    out
}

fn media_examples(
    spec: &OpenAPI,
    content: &indexmap::IndexMap<String, MediaType>,
    what: &str,
    out: &mut Vec<Example>,
) {
    let Some(media) = content
        .iter()
        .find(|(name, _)| is_json(name))
        .map(|(_, m)| m)
    else {
        return;
    };
    let mut push = |title: Option<String>, value: &serde_json::Value| {
        let Ok(json) = serde_json::to_string_pretty(value) else {
            return;
        };
        if json.len() <= MAX_EXAMPLE_CHARS {
            out.push(Example {
                what: what.to_owned(),
                title,
                json,
            });
        }
    };
    if let Some(value) = &media.example {
        push(None, value);
    }
    let examples = spec.components.as_ref().map(|c| &c.examples);
    for (name, example) in &media.examples {
        let Some(example) = resolve(example, "#/components/examples/", examples) else {
            continue;
        };
        let Some(value) = &example.value else {
            continue;
        };
        let title = match example.summary.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(summary) => format!("{name}: {summary}"),
            None => name.clone(),
        };
        push(Some(title), value);
    }
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json")
}

fn resolve<'a, T>(
    item: &'a ReferenceOr<T>,
    prefix: &str,
    map: Option<&'a indexmap::IndexMap<String, ReferenceOr<T>>>,
) -> Option<&'a T> {
    let mut current = item;
    for _ in 0..MAX_REF_HOPS {
        match current {
            ReferenceOr::Item(t) => return Some(t),
            ReferenceOr::Reference { reference } => {
                let name = reference
                    .strip_prefix(prefix)?
                    .replace("~1", "/")
                    .replace("~0", "~");
                current = map?.get(&name)?;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(yaml: &str) -> OpenAPI {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn request_and_response_examples_in_order() {
        let spec = spec(
            r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /m:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object}
            example: {to: "2015551234", text: hi}
      responses:
        '200':
          description: ok
          content:
            application/json:
              examples:
                sent: {summary: A sent message, value: {id: m-1}}
                shared: {$ref: '#/components/examples/Shared'}
                missing: {$ref: '#/components/examples/Nothing'}
        '404': {$ref: '#/components/responses/NotFound'}
components:
  examples:
    Shared: {value: {id: m-2}}
  responses:
    NotFound:
      description: no
      content:
        application/problem+json:
          example: {error: not found}
"##,
        );
        let op = spec.paths.paths["/m"]
            .as_item()
            .unwrap()
            .post
            .as_ref()
            .unwrap();
        let got: Vec<(String, Option<String>, String)> = collect(&spec, op)
            .into_iter()
            .map(|e| (e.what, e.title, e.json.replace([' ', '\n'], "")))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Request body".into(),
                    None,
                    r#"{"to":"2015551234","text":"hi"}"#.into()
                ),
                (
                    "Response 200".into(),
                    Some("sent: A sent message".into()),
                    r#"{"id":"m-1"}"#.into()
                ),
                (
                    "Response 200".into(),
                    Some("shared".into()),
                    r#"{"id":"m-2"}"#.into()
                ),
                (
                    "Response 404".into(),
                    None,
                    r#"{"error":"notfound"}"#.into()
                ),
            ]
        );
    }
}
