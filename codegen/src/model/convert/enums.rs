//! Enum variants, named from what the spec says each value means: the names
//! an extension lists (`x-enum-varnames`, `x-enumNames`, `x-enum-names`,
//! Speakeasy's `x-speakeasy-enums`, the `name`s of Autorest's `x-ms-enum` and
//! Fern's `x-fern-enum`); else, for values that are codes rather than words
//! (integers, `"1"`), the short descriptions an extension gives each
//! (`x-enum-descriptions: [Instant Meeting, ...]`), or the names a
//! description pairs with them (`0 = Digest only` is `DigestOnly`, see
//! [`described`]); else the values themselves, where a leading `-` on a
//! sort key reads as descending (`-created_at` is `CreatedAtDesc`) and a
//! `+` as ascending when the plain key is listed too. Sort keys are the
//! values of an enum whose place is named for sorting (`sort`, `order_by`,
//! ...): elsewhere a leading `-` is as often a negated filter (`-bot`: any
//! author but a bot).
//!
//! A source names every variant or none: when one of its names is missing,
//! unusable or the same as another's, the next source names the whole enum,
//! so an enum is never half-named. Each variant's doc keeps the spec's words
//! for its value (from `x-enum-descriptions`, the per-value extensions or the
//! description's pairs).

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use openapiv3::SchemaData;
use serde_json::{Map, Value};

use super::described;
use crate::model::names::{self, Namespace};
use crate::model::types::{EnumDef, EnumRepr, EnumVariant, TypeKind};

/// Extensions that list a name per value, by key with case, `-` and `_`
/// ignored; the first of these the schema has is the one read.
const NAME_LISTS: &[&str] = &["xenumvarnames", "xenumnames", "xspeakeasyenums"];

/// Extensions that list a description per value, keyed the same way.
const DOC_LISTS: &[&str] = &["xenumdescriptions"];

/// Words a name read from a description may have: more is a sentence
/// (`a product will not appear in feeds if it is out of stock`), not a name.
const MAX_DESCRIBED_WORDS: usize = 6;

/// A string enum of `raw` (the schema's `enum`, `None` for `null`), at the
/// place `context` names (see [`is_sort`]).
pub(super) fn string_enum(raw: &[Option<String>], data: &SchemaData, context: &str) -> TypeKind {
    let values = if is_sort(context) {
        Values::SortKeys
    } else {
        Values::Strings
    };
    enumeration(raw, values, data)
}

/// An integer enum of `raw` (the schema's `enum`, `None` for `null`).
pub(super) fn integer_enum(raw: &[Option<i64>], data: &SchemaData) -> TypeKind {
    let raw: Vec<Option<String>> = raw.iter().map(|v| v.map(|v| v.to_string())).collect();
    enumeration(&raw, Values::Integers, data)
}

/// What an enum's values are, as far as naming them goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Values {
    Integers,
    Strings,
    /// Strings that are sort keys, perhaps with a direction.
    SortKeys,
}

/// Whether an enum at the place `context` names holds sort keys: the place
/// is called for sorting (`sort`, `sort_by`, `order`, `order_by`,
/// `ordering`; an array's items and a map's values count as their place).
fn is_sort(context: &str) -> bool {
    let snake = context.to_snake_case();
    let mut words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
    while matches!(words.last(), Some(&("item" | "value"))) {
        words.pop();
    }
    let last = words.last().copied().unwrap_or_default();
    let before = words.len().checked_sub(2).map_or("", |i| words[i]);
    matches!(
        last,
        "sort" | "sorting" | "sortby" | "order" | "ordering" | "orderby"
    ) || (matches!(before, "sort" | "sorting" | "order")
        && matches!(last, "by" | "key" | "keys" | "field" | "fields"))
}

fn enumeration(raw: &[Option<String>], kind: Values, data: &SchemaData) -> TypeKind {
    let repr = match kind {
        Values::Integers => EnumRepr::Integer,
        Values::Strings | Values::SortKeys => EnumRepr::String,
    };
    // A value listed twice is one variant (two would be an unreachable match arm).
    let mut listed = BTreeSet::new();
    let values: Vec<&str> = raw
        .iter()
        .flatten()
        .map(String::as_str)
        .filter(|v| listed.insert(*v))
        .collect();
    let extensions = Extensions::of(data);
    let pairs = data
        .description
        .as_deref()
        .and_then(|d| described::pairs(d, &values));
    let docs = extensions.docs(raw, &values);
    // Codes take their names from what describes them; words already are names.
    let codes = repr == EnumRepr::Integer
        || values
            .iter()
            .all(|v| !v.bytes().any(|b| b.is_ascii_alphabetic()));
    let described_names =
        |described: Option<Vec<String>>| usable(&described.filter(|_| codes)?, described_name);
    let names = extensions
        .names(raw, &values)
        .and_then(|n| usable(&n, |name| Some(name.to_owned())))
        .or_else(|| described_names(docs.iter().cloned().collect()))
        .or_else(|| described_names(pairs.clone()))
        .unwrap_or_else(|| value_names(&values, kind));
    let variants = values
        .iter()
        .zip(names)
        .enumerate()
        .map(|(i, (value, name))| EnumVariant {
            name,
            wire: (*value).to_owned(),
            doc: docs[i]
                .clone()
                .or_else(|| pairs.as_ref().map(|p| p[i].clone())),
        })
        .collect();
    TypeKind::Enum(EnumDef { variants, repr })
}

/// Rust names for `wanted` (one per value, through `pick`), when every one
/// is usable and no two are the same; `None` otherwise.
fn usable(wanted: &[String], pick: impl Fn(&str) -> Option<String>) -> Option<Vec<String>> {
    let mut seen = BTreeSet::from(["Unknown".to_owned()]);
    wanted
        .iter()
        .map(|w| {
            let raw = pick(w)?;
            if !raw.bytes().any(|b| b.is_ascii_alphabetic()) {
                return None;
            }
            let name = names::type_name(&raw, "");
            (!name.is_empty() && seen.insert(name.clone())).then_some(name)
        })
        .collect()
}

/// The name in a description's words for a value: up to the first clause
/// (`None (only with ssoCreate)` is `None`), when it is short enough to be one.
fn described_name(words: &str) -> Option<String> {
    let mut name = words;
    for stop in [" (", " - ", " \u{2013} ", " \u{2014} ", ", ", "; ", ": "] {
        if let Some(at) = name.find(stop) {
            name = &name[..at];
        }
    }
    let name = name
        .trim_end_matches(['.', '!', '?'])
        .trim()
        .trim_start_matches(['*', '_', '`', '"', '\'']);
    // An apostrophe joins its word (`user's` is `users`, not `user s`), and
    // a leading article says nothing a name needs (`a pending user`).
    let name: String = name
        .chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}'))
        .collect();
    let mut words: Vec<&str> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > 1 && ["a", "an", "the"].contains(&words[0].to_ascii_lowercase().as_str()) {
        words.remove(0);
    }
    let starts_with_letter = name.starts_with(|c: char| c.is_alphabetic());
    (starts_with_letter && (1..=MAX_DESCRIBED_WORDS).contains(&words.len()))
        .then(|| words.join(" "))
}

/// Names read from the values alone: numbers as `V2` / `Minus1`, strings as
/// words, a taken name with a numeric suffix.
fn value_names(values: &[&str], kind: Values) -> Vec<String> {
    let mut ns = Namespace::with_taken(["Unknown"]);
    values
        .iter()
        .map(|v| {
            ns.claim(match (kind, v.strip_prefix('-')) {
                (Values::Integers, Some(n)) => format!("Minus{n}"),
                (Values::Integers, None) => format!("V{v}"),
                (Values::SortKeys, _) => sort_key_name(v, values),
                (Values::Strings, _) => names::type_name(v, "Empty"),
            })
        })
        .collect()
}

/// A sort key's name; `-key` is a descending sort on `key`, and `+key` an
/// ascending one, which says so only beside `key` or `-key`.
fn sort_key_name(value: &str, values: &[&str]) -> String {
    let key_of = |sign: char| {
        value
            .strip_prefix(sign)
            .filter(|k| k.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'))
    };
    if let Some(key) = key_of('-') {
        return names::type_name(&format!("{key} desc"), "Empty");
    }
    if let Some(key) = key_of('+') {
        let minus = format!("-{key}");
        if values.iter().any(|v| *v == key || *v == minus) {
            return names::type_name(&format!("{key} asc"), "Empty");
        }
    }
    names::type_name(value, "Empty")
}

/// A schema's extensions, keyed with case, `-` and `_` ignored.
struct Extensions<'s> {
    by_key: std::collections::BTreeMap<String, &'s Value>,
}

impl<'s> Extensions<'s> {
    fn of(data: &'s SchemaData) -> Self {
        let mut sorted: Vec<(&String, &Value)> = data.extensions.iter().collect();
        sorted.sort_by_key(|(k, _)| *k);
        let mut by_key = std::collections::BTreeMap::new();
        for (key, value) in sorted {
            let normal: String = key
                .chars()
                .filter(|c| *c != '-' && *c != '_')
                .flat_map(char::to_lowercase)
                .collect();
            by_key.entry(normal).or_insert(value);
        }
        Self { by_key }
    }

    /// A name per value, from the first name list present, else from the
    /// per-value extensions.
    fn names(&self, raw: &[Option<String>], values: &[&str]) -> Option<Vec<String>> {
        match NAME_LISTS.iter().find_map(|k| self.by_key.get(*k)) {
            Some(list) => per_value(list, raw, values),
            None => values
                .iter()
                .map(|v| Some(self.entry(v)?.get("name")?.as_str()?.to_owned()))
                .collect(),
        }
    }

    /// A description per value where the extensions give one.
    fn docs(&self, raw: &[Option<String>], values: &[&str]) -> Vec<Option<String>> {
        let listed = DOC_LISTS
            .iter()
            .find_map(|k| self.by_key.get(*k))
            .and_then(|list| per_value(list, raw, values));
        values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let text = match &listed {
                    Some(list) => Some(list[i].clone()),
                    None => Some(self.entry(v)?.get("description")?.as_str()?.to_owned()),
                };
                text.filter(|t| !t.trim().is_empty())
            })
            .collect()
    }

    /// The object describing `value` in `x-ms-enum`'s `values` or in `x-fern-enum`.
    fn entry(&self, value: &str) -> Option<&'s Map<String, Value>> {
        let ms = self.by_key.get("xmsenum").and_then(|e| {
            e.get("values")?
                .as_array()?
                .iter()
                .filter_map(Value::as_object)
                .find(|entry| entry.get("value").is_some_and(|v| text(v) == value))
        });
        let fern = || self.by_key.get("xfernenum")?.get(value)?.as_object();
        ms.or_else(fern)
    }
}

/// The string a list extension gives each value: positionally, against the
/// `enum` as written (with its `null`s, or without them), or by value when
/// the extension maps values to strings.
fn per_value(list: &Value, raw: &[Option<String>], values: &[&str]) -> Option<Vec<String>> {
    let by_value: Vec<(&str, &Value)> = match list {
        Value::Array(items) if items.len() == raw.len() => raw
            .iter()
            .zip(items)
            .filter_map(|(v, item)| Some((v.as_deref()?, item)))
            .collect(),
        Value::Array(items) if items.len() == raw.iter().flatten().count() => raw
            .iter()
            .flatten()
            .map(String::as_str)
            .zip(items)
            .collect(),
        Value::Object(map) => values
            .iter()
            .map(|v| Some((*v, map.get(*v)?)))
            .collect::<Option<_>>()?,
        _ => return None,
    };
    values
        .iter()
        .map(|v| {
            let (_, item) = by_value.iter().find(|(w, _)| w == v)?;
            item.as_str().map(str::to_owned)
        })
        .collect()
}

/// A JSON scalar as the wire text it is compared by.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn data(schema: Value) -> SchemaData {
        serde_json::from_value(schema).unwrap()
    }

    /// The variants' names and docs.
    fn named(kind: TypeKind) -> Vec<(String, Option<String>)> {
        let TypeKind::Enum(e) = kind else {
            panic!("not an enum")
        };
        e.variants.into_iter().map(|v| (v.name, v.doc)).collect()
    }

    fn names_of(kind: TypeKind) -> Vec<String> {
        named(kind).into_iter().map(|(n, _)| n).collect()
    }

    fn ints(values: &[i64]) -> Vec<Option<i64>> {
        values.iter().copied().map(Some).collect()
    }

    fn strings(values: &[&str]) -> Vec<Option<String>> {
        values.iter().map(|v| Some((*v).to_owned())).collect()
    }

    #[test]
    fn integer_values_are_named_by_their_description() {
        let schema = data(
            json!({"description": "Authentication type: 0 = Digest only, 1 = IP allowlist only, 2 = Digest OR IP allowlist, 3 = Digest AND IP allowlist."}),
        );
        let variants = named(integer_enum(&ints(&[0, 1, 2, 3]), &schema));
        let names: Vec<&str> = variants.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "DigestOnly",
                "IpAllowlistOnly",
                "DigestOrIpAllowlist",
                "DigestAndIpAllowlist"
            ]
        );
        // The doc keeps the spec's words, capitals and all.
        assert_eq!(variants[2].1.as_deref(), Some("Digest OR IP allowlist"));
    }

    #[test]
    fn extensions_name_values_in_order() {
        for key in [
            "x-enum-varnames",
            "x-enumNames",
            "x-enum-names",
            "x-speakeasy-enums",
        ] {
            let schema = data(json!({ key: ["Low", "High"], "description": "1 = one, 2 = two" }));
            assert_eq!(
                names_of(integer_enum(&ints(&[1, 2]), &schema)),
                ["Low", "High"],
                "{key}"
            );
        }
        // A string enum takes them too, `null` counted or not.
        let schema = data(json!({"x-enum-varnames": ["MONDAY", "TUESDAY"]}));
        let raw = vec![Some("mon".to_owned()), None, Some("tue".to_owned())];
        assert_eq!(
            names_of(string_enum(&raw, &schema, "Day")),
            ["Monday", "Tuesday"]
        );
        let schema = data(json!({"x-enum-varnames": ["MONDAY", "NOTHING", "TUESDAY"]}));
        assert_eq!(
            names_of(string_enum(&raw, &schema, "Day")),
            ["Monday", "Tuesday"]
        );
        // Per-value objects, with their descriptions as docs.
        let schema = data(json!({"x-ms-enum": {"name": "Kind", "values": [
            {"value": 1, "name": "Geographic", "description": "A local number."},
            {"value": 2, "name": "TollFree"}
        ]}}));
        let variants = named(integer_enum(&ints(&[1, 2]), &schema));
        assert_eq!(
            variants,
            [
                ("Geographic".to_owned(), Some("A local number.".to_owned())),
                ("TollFree".to_owned(), None)
            ]
        );
        // Short descriptions name codes, before a description's pairs do.
        let schema = data(json!({
            "x-enum-descriptions": ["Instant Meeting", "Scheduled Meeting"],
            "description": "1 - Instant meeting. 2 - Meeting at a time set in advance."
        }));
        assert_eq!(
            names_of(integer_enum(&ints(&[1, 2]), &schema)),
            ["InstantMeeting", "ScheduledMeeting"]
        );
        let schema = data(json!({"x-fern-enum": {"1": {"name": "Low"}, "2": {"name": "High"}}}));
        assert_eq!(
            names_of(integer_enum(&ints(&[1, 2]), &schema)),
            ["Low", "High"]
        );
    }

    #[test]
    fn a_source_names_every_variant_or_none() {
        // Too few names: the description names them instead.
        let schema = data(json!({"x-enum-varnames": ["Low"], "description": "1 = one, 2 = two"}));
        assert_eq!(
            names_of(integer_enum(&ints(&[1, 2]), &schema)),
            ["One", "Two"]
        );
        // Names that collide, or say nothing, fall back as a whole.
        for names in [
            json!(["Same", "same"]),
            json!(["Low", "--"]),
            json!(["Low", "Unknown"]),
        ] {
            let schema = data(json!({ "x-enum-varnames": names }));
            assert_eq!(
                names_of(integer_enum(&ints(&[1, 2]), &schema)),
                ["V1", "V2"]
            );
        }
        // A sentence is no name: the values name the enum, the words document it.
        let schema = data(
            json!({"description": "`0`: a product will not appear in feeds if it is out of stock. `1`: Shown."}),
        );
        let variants = named(integer_enum(&ints(&[0, 1]), &schema));
        assert_eq!(variants[0].0, "V0");
        assert_eq!(variants[1], ("V1".to_owned(), Some("Shown".to_owned())));
        // Two values with one name.
        let schema = data(json!({"description": "1 = On, 2 = on."}));
        assert_eq!(
            names_of(integer_enum(&ints(&[1, 2]), &schema)),
            ["V1", "V2"]
        );
    }

    #[test]
    fn described_names_stop_at_the_first_clause() {
        let schema = data(
            json!({"description": "* `1` \u{2014} Basic.\n* `99` \u{2014} None (this can only be set with `ssoCreate`)."}),
        );
        assert_eq!(
            names_of(integer_enum(&ints(&[1, 99]), &schema)),
            ["Basic", "NoneValue"]
        );
        // Apostrophes join their word; leading articles go.
        let schema = data(
            json!({"x-enum-descriptions": ["a verified user email", "the user's email not verified"]}),
        );
        assert_eq!(
            names_of(integer_enum(&ints(&[1, 0]), &schema)),
            ["VerifiedUserEmail", "UsersEmailNotVerified"]
        );
    }

    #[test]
    fn words_name_themselves() {
        // A description pairing word values with other words renames nothing.
        let schema =
            data(json!({"description": "`started` - Poll started<br>`ended` - Poll ended"}));
        let variants = named(string_enum(
            &strings(&["started", "ended"]),
            &schema,
            "PollStatus",
        ));
        assert_eq!(
            variants,
            [
                ("Started".to_owned(), Some("Poll started".to_owned())),
                ("Ended".to_owned(), Some("Poll ended".to_owned()))
            ]
        );
        // Codes written as strings take the description's names.
        let schema = data(json!({"description": "1 = Monday, 2 = Tuesday"}));
        assert_eq!(
            names_of(string_enum(&strings(&["1", "2"]), &schema, "Day")),
            ["Monday", "Tuesday"]
        );
    }

    #[test]
    fn sort_keys_say_their_direction() {
        let none = SchemaData::default();
        assert_eq!(
            names_of(string_enum(
                &strings(&["created_at", "-created_at", "name"]),
                &none,
                "ListCallsSort"
            )),
            ["CreatedAt", "CreatedAtDesc", "Name"]
        );
        // The order of the values changes no name.
        assert_eq!(
            names_of(string_enum(
                &strings(&["-created_at", "created_at"]),
                &none,
                "ListCallsSort"
            )),
            ["CreatedAtDesc", "CreatedAt"]
        );
        assert_eq!(
            names_of(string_enum(
                &strings(&["+created_at", "-created_at"]),
                &none,
                "ListCallsSort"
            )),
            ["CreatedAtAsc", "CreatedAtDesc"]
        );
        // A lone `+key` is the key; `-1` is a number, not a sort.
        assert_eq!(
            names_of(string_enum(
                &strings(&["+name", "-1", "1"]),
                &none,
                "ListCallsSort"
            )),
            ["Name", "V1", "V1_2"]
        );
        assert_eq!(
            names_of(integer_enum(&ints(&[-1, 2]), &none)),
            ["Minus1", "V2"]
        );
        // Elsewhere a leading `-` is no direction (`-bot`: any author but a bot).
        assert_eq!(
            names_of(string_enum(&strings(&["bot", "-bot"]), &none, "AuthorType")),
            ["Bot", "Bot2"]
        );
    }

    #[test]
    fn places_named_for_sorting() {
        for sort in [
            "ListCallsSort",
            "SortBy",
            "OrderBy",
            "SearchOrderingItem",
            "SortField",
            "Order",
        ] {
            assert!(is_sort(sort), "{sort}");
        }
        for other in [
            "AuthorType",
            "OrderStatus",
            "ListOrdersItem",
            "Sorted",
            "SortOrderValue2",
        ] {
            assert!(!is_sort(other), "{other}");
        }
    }
}
