//! The actions' semantics on small documents; the files, the command line
//! and generated code are `codegen/tests/overlay.rs`'s.

use std::path::Path;

use serde_json::{json, Value};

use super::{Applied, Overlay};

fn apply(doc: Value, overlay: &str) -> (Value, Applied) {
    try_apply(doc, overlay).unwrap_or_else(|e| panic!("{e}"))
}

fn try_apply(mut doc: Value, overlay: &str) -> crate::Result<(Value, Applied)> {
    let mut applied = Applied::default();
    Overlay::parse(overlay, Path::new("fix.yaml"))?.apply(&mut doc, &mut applied)?;
    Ok((doc, applied))
}

fn error(doc: Value, overlay: &str) -> String {
    try_apply(doc, overlay).unwrap_err().to_string()
}

const HEAD: &str = "overlay: 1.1.0\ninfo: {title: t, version: 1.0.0}\nactions:\n";
const HEAD_10: &str = "overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\nactions:\n";

#[test]
fn update_merges_objects_recursively_replacing_primitives_and_appending_arrays() {
    let doc = json!({"a": {"b": 1, "c": {"d": "x", "keep": true}, "list": [1]}});
    let (doc, applied) = apply(
        doc,
        &format!("{HEAD}  - target: $.a\n    update: {{b: 2, c: {{d: y, e: z}}, list: [2, 3], new: n}}\n"),
    );
    assert_eq!(
        doc,
        json!({"a": {"b": 2, "c": {"d": "y", "keep": true, "e": "z"}, "list": [1, 2, 3], "new": "n"}})
    );
    assert!(applied.notes.is_empty());
}

#[test]
fn update_of_an_array_appends_an_item_or_concatenates_an_array() {
    let doc = json!({"tags": [{"name": "a"}]});
    let (doc, _) = apply(
        doc,
        &format!("{HEAD}  - target: $.tags\n    update: {{name: b}}\n  - target: $.tags\n    update: [{{name: c}}, {{name: d}}]\n"),
    );
    assert_eq!(
        doc,
        json!({"tags": [{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "d"}]})
    );
}

#[test]
fn update_of_a_primitive_replaces_it_in_1_1_and_is_an_error_in_1_0() {
    let doc = json!({"info": {"title": "Old"}});
    let overlay = "  - target: $.info.title\n    update: New\n";
    let (updated, _) = apply(doc.clone(), &format!("{HEAD}{overlay}"));
    assert_eq!(updated, json!({"info": {"title": "New"}}));
    let err = error(doc, &format!("{HEAD_10}{overlay}"));
    assert!(
        err.starts_with(
            "fix.yaml: /actions/0/target: the target /info/title is a primitive value; Overlay 1.0"
        ),
        "{err}"
    );
}

#[test]
fn remove_takes_precedence_over_update() {
    let doc = json!({"paths": {"/a": {}, "/b": {}}});
    let (doc, _) = apply(
        doc,
        &format!("{HEAD}  - target: $.paths['/a']\n    update: {{x: 1}}\n    remove: true\n"),
    );
    assert_eq!(doc, json!({"paths": {"/b": {}}}));
}

#[test]
fn removing_several_array_items_removes_the_right_ones() {
    let doc = json!({"p": [{"n": "a"}, {"n": "dummy"}, {"n": "b"}, {"n": "dummy"}], "tags": ["x", "dummy"]});
    let (doc, _) = apply(
        doc,
        &format!("{HEAD}  - target: $.p[?@.n == 'dummy']\n    remove: true\n  - target: $.tags[?@ == 'dummy']\n    remove: true\n"),
    );
    assert_eq!(doc, json!({"p": [{"n": "a"}, {"n": "b"}], "tags": ["x"]}));
}

#[test]
fn actions_apply_in_order_each_target_on_the_document_as_left() {
    // The second action's target exists only after the first; the third
    // removes what the first made, the fourth makes it again.
    let doc = json!({"components": {}});
    let (doc, _) = apply(
        doc,
        &format!(
            "{HEAD}  - target: $.components\n    update: {{schemas: {{A: {{type: string}}}}}}\n  - target: $.components.schemas.A\n    update: {{format: uuid}}\n  - target: $.components.schemas.A\n    remove: true\n  - target: $.components.schemas\n    update: {{A: {{type: integer}}}}\n"
        ),
    );
    assert_eq!(
        doc,
        json!({"components": {"schemas": {"A": {"type": "integer"}}}})
    );
}

#[test]
fn target_forms_wildcard_filter_recursive_descent_union_and_index() {
    let doc = json!({"paths": {
        "/a": {"get": {"parameters": [{"name": "q", "in": "query"}, {"name": "id", "in": "path"}]}},
        "/b": {"get": {"parameters": []}, "post": {}}
    }});
    let overlay = format!(
        "{HEAD}  - target: $.paths.*.get\n    update: {{x-safe: true}}\n  - target: $.paths.*.get.parameters[?@.in == 'query']\n    update: {{required: true}}\n  - target: $..post\n    update: {{x-post: 1}}\n  - target: $.paths['/a','/b'].get\n    update: {{x-union: 1}}\n  - target: $.paths['/a'].get.parameters[1]\n    update: {{x-second: 1}}\n"
    );
    let (doc, _) = apply(doc, &overlay);
    assert_eq!(
        doc,
        json!({"paths": {
            "/a": {"get": {"parameters": [
                {"name": "q", "in": "query", "required": true},
                {"name": "id", "in": "path", "x-second": 1}
            ], "x-safe": true, "x-union": 1}},
            "/b": {"get": {"parameters": [], "x-safe": true, "x-union": 1}, "post": {"x-post": 1}}
        }})
    );
}

#[test]
fn root_target_merges_into_the_whole_document_and_blames_only_what_changed() {
    let doc = json!({"info": {"title": "t"}, "paths": {"/": {"get": {}}}});
    let (doc, applied) = apply(
        doc,
        &format!(
            "{HEAD}  - target: $\n    description: mark\n    update: {{info: {{x-mark: 1}}}}\n"
        ),
    );
    assert_eq!(doc["info"], json!({"title": "t", "x-mark": 1}));
    assert_eq!(
        applied.last_changed("#/info/title"),
        Some("fix.yaml action 0: \"mark\"")
    );
    assert_eq!(applied.last_changed("#/paths/~1/get"), None);
    assert_eq!(applied.last_changed("#/inform"), None);
}

#[test]
fn copy_merges_the_one_node_it_selects_into_each_target() {
    let doc = json!({"paths": {"/items": {"get": {"summary": "list"}}, "/some": {"delete": {}}}});
    let (doc, applied) = apply(
        doc,
        &format!("{HEAD}  - target: $.paths['/some']\n    copy: $.paths['/items']\n"),
    );
    assert_eq!(
        doc["paths"]["/some"],
        json!({"delete": {}, "get": {"summary": "list"}})
    );
    assert_eq!(
        applied.last_changed("/paths/~1some/get/summary"),
        Some("fix.yaml action 0")
    );
}

#[test]
fn copy_selecting_other_than_one_node_is_an_error() {
    let doc = json!({"a": {}, "b": {}, "c": {}});
    let err = error(
        doc.clone(),
        &format!("{HEAD}  - target: $.a\n    copy: $.*\n"),
    );
    assert_eq!(
        err,
        "fix.yaml: /actions/0/copy: $.* selects 3 nodes; `copy` needs exactly one"
    );
    let err = error(doc, &format!("{HEAD}  - target: $.a\n    copy: $.zzz\n"));
    assert!(err.contains("selects 0 nodes"), "{err}");
}

#[test]
fn a_target_selecting_nothing_is_a_note_naming_the_action() {
    let doc = json!({"paths": {}});
    let (after, applied) = apply(
        doc.clone(),
        &format!(
            "{HEAD}  - target: $.paths['/gone']\n    description: drop gone\n    remove: true\n"
        ),
    );
    assert_eq!(after, doc);
    assert_eq!(
        applied.notes,
        ["overlay fix.yaml action 0 (\"drop gone\"): target $.paths['/gone'] selects nothing; the action changed nothing"]
    );
}

#[test]
fn incompatible_merges_and_mixed_targets_are_errors_with_the_pointer_in_the_overlay() {
    let doc = json!({"a": {"list": [1], "o": {}}, "b": [], "c": 1});
    let err = error(
        doc.clone(),
        &format!("{HEAD}  - target: $.a\n    update: {{list: {{x: 1}}}}\n"),
    );
    assert!(
        err.starts_with(
            "fix.yaml: /actions/0/update/list: /a/list is an array in the spec and an object here"
        ),
        "{err}"
    );
    let err = error(
        doc.clone(),
        &format!("{HEAD}  - target: $.a\n    update: [1]\n"),
    );
    assert!(
        err.starts_with(
            "fix.yaml: /actions/0/update: the target /a is an object, and `update` is an array"
        ),
        "{err}"
    );
    let err = error(
        doc.clone(),
        &format!("{HEAD}  - target: $.*\n    update: {{x: 1}}\n"),
    );
    assert!(
        err.starts_with("fix.yaml: /actions/0/target: $.* selects objects and arrays together"),
        "{err}"
    );
    let err = error(doc, &format!("{HEAD}  - target: $\n    remove: true\n"));
    assert_eq!(
        err,
        "fix.yaml: /actions/0/target: selects the document's root, which cannot be removed"
    );
}

#[test]
fn invalid_overlay_documents_are_errors_with_the_pointer_in_the_overlay() {
    let cases = [
        ("overlay: [", "fix.yaml: "),
        ("- 1", "fix.yaml: not an Overlay document"),
        ("info: {title: t, version: v}\nactions: []", "fix.yaml: no `overlay` version"),
        ("overlay: 2.0.0\ninfo: {title: t, version: v}\nactions: []", "fix.yaml: /overlay: Overlay version \"2.0.0\""),
        ("overlay: 1.0.0\nactions: [{target: $, remove: true}]", "fix.yaml: no `info`"),
        ("overlay: 1.0.0\ninfo: {title: t}\nactions: [{target: $, remove: true}]", "fix.yaml: /info: no `version`"),
        ("overlay: 1.0.0\ninfo: {title: t, version: v}", "fix.yaml: no `actions`"),
        ("overlay: 1.0.0\ninfo: {title: t, version: v}\nactions: []", "fix.yaml: /actions: no actions"),
        ("overlay: 1.0.0\ninfo: {title: t, version: v}\nactions: [{remove: true}]", "fix.yaml: /actions/0: no `target`"),
        ("overlay: 1.0.0\ninfo: {title: t, version: v}\nactions: [{target: $.a}, {target: $.b}]", "fix.yaml: /actions/0: no `update`, `remove: true` or `copy`"),
        ("overlay: 1.0.0\ninfo: {title: t, version: v}\nactions: [{target: $.a, remove: true}, {target: '$.[', remove: true}]", "fix.yaml: /actions/1/target: not an RFC 9535 JSONPath query"),
        ("overlay: 1.0.0\ninfo: {title: t, version: v}\nactions: [{target: $.a, copy: $.b}]", "fix.yaml: /actions/0/copy: `copy` is an Overlay 1.1 action"),
        ("overlay: 1.1.0\ninfo: {title: t, version: v}\nactions: [{target: $.a, copy: '$[?'}]", "fix.yaml: /actions/0/copy: not an RFC 9535 JSONPath query"),
        ("overlay: 1.1.0\ninfo: {title: t, version: v}\nactions: [{target: $.a, copy: $.b, update: {}}]", "fix.yaml: /actions/0: both `update` and `copy`"),
        ("overlay: 1.1.0\ninfo: {title: t, version: v}\nactions: [{target: $.a, remove: yes}]", "fix.yaml: /actions/0/remove: not a boolean"),
        ("{\"overlay\": 1}", "fix.yaml: /overlay: 1 is no version string"),
    ];
    for (text, expected) in cases {
        let err = Overlay::parse(text, Path::new("fix.yaml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(expected), "{text:?}: {err}");
    }
}

#[test]
fn notes_name_the_action_that_changed_the_first_place_they_name() {
    let (_, applied) = apply(
        json!({"components": {"schemas": {"S": {}}}}),
        &format!("{HEAD}  - target: $.components.schemas.S\n    description: fix S\n    update: {{type: string}}\n"),
    );
    assert_eq!(
        applied.annotate_note("#/components/schemas/S/type: approximated".into()),
        "#/components/schemas/S/type: approximated (last changed by fix.yaml action 0: \"fix S\")"
    );
    assert_eq!(
        applied.annotate_note("left out x at #/components/schemas/T.".into()),
        "left out x at #/components/schemas/T."
    );
}
