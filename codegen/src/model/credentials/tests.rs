//! The grouping, naming, quick-start and implied-header rules, on small specs.

use super::implied::names_a_credential;
use super::SchemeKind;
use crate::model::{Api, Location};
use crate::Config;

fn model(yaml: &str) -> Api {
    let doc = crate::normalized(yaml, "spec.yaml").expect("the spec parses");
    crate::build_model(doc, Config::without_file()).expect("the model builds")
}

/// A spec with these `securitySchemes` and `paths` (YAML flow mappings),
/// and this top-level `security` line, if any.
fn spec(schemes: &str, top: &str, paths: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{top}\npaths:\n{paths}\ncomponents:\n  securitySchemes:\n{schemes}"
    )
}

fn op(path: &str, id: &str, security: &str) -> String {
    format!("  {path}:\n    get:\n      operationId: {id}\n{security}      responses: {{'200': {{description: ok}}}}\n")
}

fn setters(api: &Api) -> Vec<&str> {
    api.credentials.iter().map(|c| c.setter.as_str()).collect()
}

/// Per operation, its alternatives as scheme keys.
fn requirements(api: &Api) -> Vec<Vec<Vec<&str>>> {
    api.operations
        .iter()
        .map(|op| {
            op.security
                .iter()
                .map(|alt| alt.iter().map(|&s| api.schemes[s].key.as_str()).collect())
                .collect()
        })
        .collect()
}

const MIXED: &str = "    BearerAuth: {type: http, scheme: bearer}
    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://x/token', scopes: {}}}}
    basicA: {type: http, scheme: basic}
    appId: {type: apiKey, in: header, name: X-App-Id}
    bearerAuth: {type: http, scheme: bearer}
    basicB: {type: http, scheme: basic}
    appIdAgain: {type: apiKey, in: header, name: x-app-id}
    queryKey: {type: apiKey, in: query, name: api_key}
    cookieAppId: {type: apiKey, in: cookie, name: X-App-Id}
";

#[test]
fn schemes_of_one_kind_and_place_are_one_credential() {
    let paths = op("/a", "a", "      security: [{bearerAuth: []}]\n");
    let api = model(&spec(MIXED, "", &paths));
    let groups: Vec<Vec<&str>> = api
        .credentials
        .iter()
        .map(|c| {
            c.schemes
                .iter()
                .map(|&s| api.schemes[s].key.as_str())
                .collect()
        })
        .collect();
    assert_eq!(
        groups,
        [
            vec!["BearerAuth", "oauth", "bearerAuth"],
            vec!["basicA", "basicB"],
            vec!["appId", "appIdAgain"],
            vec!["queryKey"],
            vec!["cookieAppId"],
        ]
    );
    assert_eq!(
        setters(&api),
        [
            "bearer_token",
            "basic_auth",
            "api_key_x_app_id",
            "api_key_api_key",
            "api_key_x_app_id_cookie"
        ]
    );
}

#[test]
fn a_single_api_key_is_api_key_and_names_ignore_keys_and_order() {
    let one =
        "    k: {type: apiKey, in: header, name: X-Key}\n    b: {type: http, scheme: bearer}\n";
    let paths = op("/a", "a", "      security: [{k: []}]\n");
    assert_eq!(
        setters(&model(&spec(one, "", &paths))),
        ["api_key", "bearer_token"]
    );
    // Renamed and reordered schemes keep their setters.
    let reordered: String = MIXED
        .lines()
        .rev()
        .map(|l| format!("{}\n", l.replacen("    ", "    renamed", 1)))
        .collect();
    let paths = op("/a", "a", "      security: [{renamedbearerAuth: []}]\n");
    let api = model(&spec(&reordered, "", &paths));
    let mut names: Vec<(String, &str)> = api
        .credentials
        .iter()
        .map(|c| (format!("{:?}", c.kind), c.setter.as_str()))
        .collect();
    names.sort();
    let original = model(&spec(
        MIXED,
        "",
        &op("/a", "a", "      security: [{bearerAuth: []}]\n"),
    ));
    let mut expected: Vec<(String, &str)> = original
        .credentials
        .iter()
        .map(|c| (format!("{:?}", c.kind), c.setter.as_str()))
        .collect();
    expected.sort();
    // API key names compare case-insensitively: the kinds' spelling may differ.
    let lower = |v: Vec<(String, &str)>| -> Vec<(String, String)> {
        v.into_iter()
            .map(|(k, s)| (k.to_ascii_lowercase(), s.to_owned()))
            .collect()
    };
    assert_eq!(lower(names), lower(expected));
}

#[test]
fn requirements_name_one_scheme_per_credential_and_keep_and() {
    let paths = [
        op(
            "/a",
            "a",
            "      security: [{BearerAuth: []}, {bearerAuth: []}]\n",
        ),
        op(
            "/b",
            "b",
            "      security: [{bearerAuth: [], oauth: [], appId: []}]\n",
        ),
        op("/c", "c", "      security: [{basicB: []}, {}]\n"),
    ]
    .concat();
    let api = model(&spec(MIXED, "", &paths));
    assert_eq!(
        requirements(&api),
        [
            vec![vec!["BearerAuth"]],
            vec![vec!["bearerAuth", "appId"]],
            vec![vec!["basicB"], vec![]],
        ]
    );
}

#[test]
fn the_quick_start_credential_is_the_one_most_operations_accept() {
    let schemes = "    admin: {type: http, scheme: bearer}\n    basic: {type: http, scheme: basic}\n    user: {type: http, scheme: bearer}\n";
    // Two bearer schemes of different keys, one operation each, beat basic on one.
    let paths = [
        op("/a", "a", "      security: [{basic: []}]\n"),
        op("/b", "b", "      security: [{user: []}]\n"),
        op("/c", "c", "      security: [{admin: []}]\n"),
    ]
    .concat();
    let api = model(&spec(schemes, "", &paths));
    let quick = api.quick_start.map(|c| api.credentials[c].setter.as_str());
    assert_eq!(quick, Some("bearer_token"));
    assert_eq!(api.credentials[0].operations, 2);
    // A tie goes to the one named first in the first alternative.
    let top = "security: [{basic: []}, {user: []}]";
    let api = model(&spec(schemes, top, &op("/a", "a", "")));
    let quick = api.quick_start.map(|c| api.credentials[c].setter.as_str());
    assert_eq!(quick, Some("basic_auth"));
    let top = "security: [{user: []}, {basic: []}]";
    let api = model(&spec(schemes, top, &op("/a", "a", "")));
    let quick = api.quick_start.map(|c| api.credentials[c].setter.as_str());
    assert_eq!(quick, Some("bearer_token"));
    // Nothing accepts a credential: no quick-start credential.
    let api = model(&spec(schemes, "", &op("/a", "a", "      security: []\n")));
    assert_eq!(api.quick_start, None);
}

#[test]
fn schemes_never_required_are_accepted_by_every_operation() {
    let schemes =
        "    key: {type: apiKey, in: query, name: key}\n    token: {type: http, scheme: bearer}\n";
    let paths = [op("/a", "a", ""), op("/b", "b", "")].concat();
    let api = model(&spec(schemes, "", &paths));
    let any = vec![vec!["key"], vec!["token"], vec![]];
    assert_eq!(requirements(&api), [any.clone(), any]);
    assert_eq!(api.security, [vec![0], vec![1], vec![]]);
    assert!(
        api.notes
            .iter()
            .any(|n| n.contains("no operation requires one")),
        "{:?}",
        api.notes
    );
    // One requirement anywhere, and the others send nothing.
    let paths = [
        op("/a", "a", "      security: [{key: []}]\n"),
        op("/b", "b", ""),
    ]
    .concat();
    let api = model(&spec(schemes, "", &paths));
    assert_eq!(requirements(&api), [vec![vec!["key"]], vec![]]);
}

fn header_spec(header: &str, taking: usize, of: usize) -> String {
    let mut paths = String::new();
    for i in 0..of {
        let params = if i < taking {
            format!("      parameters: [{{name: {header}, in: header, required: {}, schema: {{type: string}}}}, {{name: q, in: query, schema: {{type: string}}}}]\n", i == 0)
        } else {
            String::new()
        };
        paths.push_str(&format!(
            "  /p{i}:\n    get:\n      operationId: op{i}\n{params}      responses: {{'200': {{description: ok}}}}\n"
        ));
    }
    format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{paths}")
}

#[test]
fn a_credential_header_on_most_operations_is_an_implied_api_key() {
    let api = model(&header_spec("xi-api-key", 3, 4));
    assert_eq!(setters(&api), ["api_key"]);
    let c = &api.credentials[0];
    assert_eq!(
        c.implied_from.as_deref(),
        Some("header parameter xi-api-key")
    );
    assert_eq!(c.operations, 3);
    assert_eq!(api.quick_start, Some(0));
    assert_eq!(
        c.kind,
        SchemeKind::ApiKey {
            location: Location::Header,
            name: "xi-api-key".into()
        }
    );
    // Taken off the operations that had it (required by the first only); the last is as it was.
    let params: Vec<Vec<&str>> = api
        .operations
        .iter()
        .map(|op| op.params.iter().map(|p| p.wire.as_str()).collect())
        .collect();
    assert_eq!(params, [vec!["q"], vec!["q"], vec!["q"], vec![]]);
    let alternatives: Vec<usize> = api.operations.iter().map(|op| op.security.len()).collect();
    assert_eq!(alternatives, [1, 2, 2, 0]);
    assert!(
        api.notes.iter().any(|n| n.contains("`xi-api-key`")),
        "{:?}",
        api.notes
    );
}

#[test]
fn an_implied_header_needs_a_majority_a_credential_name_and_no_scheme() {
    assert!(model(&header_spec("X-Api-Token", 2, 4))
        .credentials
        .is_empty());
    assert!(model(&header_spec("Idempotency-Key", 4, 4))
        .credentials
        .is_empty());
    assert!(model(&header_spec("X-Request-Id", 4, 4))
        .credentials
        .is_empty());
    assert_eq!(
        setters(&model(&header_spec("Authorization", 3, 5))),
        ["api_key"]
    );
    let declared = header_spec("X-Api-Token", 4, 4).replace(
        "paths:",
        "components: {securitySchemes: {b: {type: http, scheme: bearer}}}\npaths:",
    );
    let api = model(&declared);
    assert_eq!(setters(&api), ["bearer_token"]);
    assert!(api.operations[0]
        .params
        .iter()
        .any(|p| p.wire == "X-Api-Token"));
}

#[test]
fn credential_words_in_header_names() {
    for yes in [
        "xi-api-key",
        "X-Api-Token",
        "Authorization",
        "X_AUTH",
        "XApiKey",
        "apikey",
        "X-Client-Secret",
    ] {
        assert!(names_a_credential(yes), "{yes}");
    }
    for no in [
        "Idempotency-Key",
        "X-Request-Id",
        "revision",
        "Intercom-Version",
        "X-Author",
        "Keyword",
        "monkey",
    ] {
        assert!(!names_a_credential(no), "{no}");
    }
}

#[test]
fn an_unsupported_scheme_costs_only_the_operations_that_need_it() {
    let schemes = "    digest: {type: http, scheme: digest}\n    b: {type: http, scheme: bearer}\n";
    let paths = [
        op("/a", "a", "      security: [{digest: []}]\n"),
        op("/b", "b", "      security: [{digest: []}, {b: []}]\n"),
    ]
    .concat();
    let text = spec(schemes, "", &paths);
    let api = model(&text);
    assert_eq!(requirements(&api), [vec![vec!["b"]]]);
    assert_eq!(api.skipped.len(), 1);
    assert!(
        api.skipped[0].construct.contains("digest"),
        "{:?}",
        api.skipped[0]
    );
    assert!(api
        .notes
        .iter()
        .any(|n| n.contains("left out security scheme `digest`")));
    // With a config file that does not say `unsupported: skip`, the spec fails as before.
    let doc = crate::normalized(&text, "spec.yaml").unwrap();
    let err = crate::build_model(doc, Config::default()).unwrap_err();
    assert!(err.to_string().contains("digest"), "{err}");
}
