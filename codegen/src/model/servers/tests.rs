use super::*;
use crate::model::Api;

/// The model of a spec given as YAML (operations default to a 204 `get`).
fn model(yaml: &str) -> Api {
    let doc = crate::normalized(yaml, "servers.yaml").expect("the spec normalizes");
    crate::build_model(doc, crate::Config::without_file()).expect("the spec has a model")
}

fn urls(api: &Api) -> Vec<(&str, usize)> {
    api.servers
        .list
        .iter()
        .map(|s| (s.url.as_str(), s.operations))
        .collect()
}

/// The URL of the server `id` calls.
fn server_of<'a>(api: &'a Api, id: &str) -> &'a str {
    let op = api.operations.iter().find(|o| o.id == id).unwrap();
    &api.servers.list[op.server.unwrap()].url
}

const OK: &str = "responses: {'204': {description: ok}}";

#[test]
fn operations_call_their_own_then_their_path_items_then_the_top_level_server() {
    let api = model(&format!(
        "openapi: 3.0.3
info: {{title: T, version: '1'}}
servers: [{{url: 'https://api.example.io'}}, {{url: 'https://eu.example.io'}}]
paths:
  /a:
    get: {{operationId: a, {OK}}}
  /b:
    servers: [{{url: 'https://files.example.io/'}}]
    get: {{operationId: b, {OK}}}
    post: {{operationId: c, servers: [{{url: 'https://up.example.io'}}, {{url: 'https://api.example.io'}}], {OK}}}
  /d:
    servers: [{{url: 'https://files.example.io'}}]
    get: {{operationId: d, {OK}}}
"
    ));
    assert_eq!(server_of(&api, "a"), "https://api.example.io");
    assert_eq!(server_of(&api, "b"), "https://files.example.io/");
    assert_eq!(server_of(&api, "c"), "https://up.example.io");
    // A trailing slash names the same server.
    assert_eq!(server_of(&api, "d"), "https://files.example.io/");
    assert_eq!(
        urls(&api),
        [
            ("https://api.example.io", 1),
            ("https://eu.example.io", 0),
            ("https://files.example.io/", 2),
            ("https://up.example.io", 1),
        ]
    );
    // The default is the one most operations call, not the first declared.
    assert_eq!(api.servers.default, Some(2));
    assert_eq!(
        api.servers.default_url().as_deref(),
        Some("https://files.example.io/")
    );
    // The client's table: the default first, then the others operations call.
    assert_eq!(api.servers.slots(), [2, 0, 3]);
    let variants: Vec<&str> = api
        .servers
        .list
        .iter()
        .map(|s| s.variant.as_str())
        .collect();
    assert_eq!(variants, ["ApiExample", "", "FilesExample", "UpExample"]);
    let alternatives: Vec<Option<usize>> =
        api.servers.list.iter().map(|s| s.alternative_to).collect();
    assert_eq!(alternatives, [None, Some(0), None, None]);
}

#[test]
fn a_tie_goes_to_the_first_top_level_server() {
    let api = model(&format!(
        "openapi: 3.0.3
info: {{title: T, version: '1'}}
servers: [{{url: 'https://api.example.io'}}]
paths:
  /a:
    servers: [{{url: 'https://other.example.io'}}]
    get: {{operationId: a, {OK}}}
  /b:
    get: {{operationId: b, {OK}}}
"
    ));
    assert_eq!(api.servers.default, Some(0));
    // With no operation at all, the first top-level server.
    let api = model(
        "openapi: 3.0.3
info: {title: T, version: '1'}
servers: [{url: 'https://one.example.io'}, {url: 'https://two.example.io'}]
paths: {}
",
    );
    assert_eq!(
        api.servers.default_url().as_deref(),
        Some("https://one.example.io")
    );
}

#[test]
fn variables_take_their_defaults_and_one_without_is_required() {
    let api = model(&format!(
        "openapi: 3.0.3
info: {{title: T, version: '1'}}
servers:
  - url: 'https://{{region}}.api.example.io/{{version}}'
    variables:
      region: {{default: us, enum: [us, eu], description: Where.}}
      version: {{default: 2}}
      unused: {{default: x}}
paths:
  /a:
    get: {{operationId: a, {OK}}}
  /b:
    get:
      operationId: b
      servers:
        - url: 'https://{{endpoint}}/{{region}}'
          variables:
            endpoint: {{default: ''}}
            region: {{default: eu}}
      {OK}
  /c:
    servers: [{{url: 'https://{{tenant}}.example.io', variables: {{tenant: {{}}}}}}]
    get: {{operationId: c, {OK}}}
"
    ));
    let first = &api.servers.list[0];
    assert_eq!(
        first.resolved().as_deref(),
        Some("https://us.api.example.io/2")
    );
    assert_eq!(first.variables[0].enumeration, ["us", "eu"]);
    assert_eq!(
        first.variables.len(),
        2,
        "a declared variable the URL does not name is dropped"
    );
    // An empty default, or none at all, is no default.
    assert_eq!(api.servers.list[1].variables[0].default, None);
    assert_eq!(api.servers.list[1].resolved(), None);
    assert_eq!(api.servers.list[2].variables[0].default, None);
    assert_eq!(
        api.servers.default_url().as_deref(),
        Some("https://us.api.example.io/2")
    );
    // One setter per name, shared by the servers that use it.
    let setters: Vec<(&str, &str)> = api
        .servers
        .variables
        .iter()
        .map(|v| (v.name.as_str(), v.setter.as_str()))
        .collect();
    assert_eq!(
        setters,
        [
            ("region", "region"),
            ("version", "version"),
            ("endpoint", "endpoint"),
            ("tenant", "tenant")
        ]
    );
    let required: Vec<&str> = api
        .servers
        .required_variables()
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(required, ["endpoint", "tenant"]);
    assert_eq!(api.servers.needs_base_url(), None);
}

#[test]
fn setters_never_shadow_the_builders_methods() {
    let api = model(&format!(
        "openapi: 3.0.3
info: {{title: T, version: '1'}}
servers: [{{url: 'https://{{timeout}}.example.io/{{type}}', variables: {{timeout: {{default: a}}, type: {{default: b}}}}}}]
components:
  securitySchemes:
    region: {{type: http, scheme: bearer}}
paths:
  /a:
    get: {{operationId: a, {OK}}}
"
    ));
    let setters: Vec<&str> = api
        .servers
        .variables
        .iter()
        .map(|v| v.setter.as_str())
        .collect();
    assert_eq!(setters, ["server_timeout", "r#type"]);
}

#[test]
fn relative_and_unusable_urls_have_no_default() {
    let api = model(&format!(
        "openapi: 3.0.3
info: {{title: T, version: '1'}}
servers: [{{url: /api/v3/}}]
paths:
  /a:
    get: {{operationId: a, {OK}}}
"
    ));
    assert_eq!(api.servers.default_url(), None);
    assert_eq!(api.servers.needs_base_url().as_deref(), Some("/api/v3"));
    assert_eq!(api.servers.list[0].variant, "ApiV3");
    // A variable may bring the scheme and host.
    for (url, resolved) in [
        ("{base}/v1", Some("https://api.example.io/v1")),
        ("{scheme}://api.example.io", Some("https://api.example.io")),
        ("{host}/v1", None),
    ] {
        let api = model(&format!(
            "openapi: 3.0.3
info: {{title: T, version: '1'}}
servers:
  - url: '{url}'
    variables: {{base: {{default: 'https://api.example.io'}}, scheme: {{default: https}}, host: {{default: api.example.io}}}}
paths:
  /a:
    get: {{operationId: a, {OK}}}
"
        ));
        assert_eq!(api.servers.default_url().as_deref(), resolved, "{url}");
        assert_eq!(
            api.servers.needs_base_url().is_some(),
            resolved.is_none(),
            "{url}"
        );
    }
    for (url, why) in [
        ("ftp://files.example.io", "scheme"),
        ("https://{region.example.io", "pair"),
        ("https:///v1", "no host"),
        ("https://exa mple.io", "character"),
        ("https://api.example.io/v1?key=1", "query"),
    ] {
        let api = model(&format!(
            "openapi: 3.0.3
info: {{title: T, version: '1'}}
servers: [{{url: '{url}'}}]
paths:
  /a:
    get: {{operationId: a, {OK}}}
"
        ));
        assert_eq!(api.servers.default_url(), None, "{url}");
        assert!(api.servers.needs_base_url().is_some(), "{url}");
        assert!(
            api.notes.iter().any(|n| n.contains(url) && n.contains(why)),
            "{url}: {:?}",
            api.notes
        );
    }
}

#[test]
fn without_servers_the_descriptions_give_the_host() {
    let api = model(&format!(
        "openapi: 3.0.3
info: {{title: T, version: '1', description: 'Docs at https://docs.vendor.io/v1/voices.'}}
paths:
  /v1/voices:
    get:
      operationId: a
      description: 'curl https://api.vendor.io/v1/voices'
      {OK}
  /v1/voices/{{voice_id}}:
    get:
      operationId: b
      description: 'GET https://api.vendor.io/v1/voices/abc, or see https://docs.vendor.io/guide'
      parameters: [{{name: voice_id, in: path, required: true, schema: {{type: string}}}}]
      {OK}
"
    ));
    assert_eq!(
        api.servers.default_url().as_deref(),
        Some("https://api.vendor.io")
    );
    assert_eq!(api.servers.list[0].operations, 2);
    let description = api.servers.list[0].description.as_deref().unwrap();
    assert!(description.contains("descriptions"), "{description}");
    assert!(
        api.notes
            .iter()
            .any(|n| n.contains("https://api.vendor.io") && n.contains("no server")),
        "{:?}",
        api.notes
    );
    // Nothing in the text: no server, and no base URL.
    let api = model(&format!(
        "openapi: 3.0.3
info: {{title: T, version: '1'}}
paths:
  /v1/voices:
    get: {{operationId: a, description: 'See https://docs.vendor.io/guide', {OK}}}
"
    ));
    assert!(api.servers.list.is_empty());
    assert_eq!(api.servers.default_url(), None);
    assert_eq!(api.servers.needs_base_url().as_deref(), Some(""));
}

#[test]
fn variants_come_from_each_servers_own_host() {
    assert_eq!(
        variant_of("https://maps.googleapis.com", false),
        "MapsGoogleapis"
    );
    assert_eq!(
        variant_of("https://{region}.api.example.io/v1", false),
        "RegionApiExample"
    );
    assert_eq!(variant_of("http://localhost:8080", false), "Localhost8080");
    assert_eq!(variant_of("/api/v3", false), "ApiV3");
    assert_eq!(
        variant_of("https://api.example.io/v2", true),
        "ApiExampleIoV2"
    );
    let mut list: Vec<Server> = [
        "https://api.example.io/v1",
        "https://api.example.io/v2",
        "https://x.io",
    ]
    .iter()
    .map(|url| Server {
        url: (*url).to_owned(),
        description: None,
        variables: Vec::new(),
        operations: 1,
        variant: String::new(),
        alternative_to: None,
    })
    .collect();
    name_variants(&mut list, Some(0));
    let names: Vec<&str> = list.iter().map(|s| s.variant.as_str()).collect();
    assert_eq!(names, ["ApiExampleIoV1", "ApiExampleIoV2", "X"]);
}
