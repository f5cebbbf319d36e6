//! The credential a spec implies without declaring it: no security scheme,
//! but a header parameter whose name says it carries a credential
//! (`xi-api-key`, `X-Api-Token`, `Authorization`) on more than half of the
//! operations. The client then holds it and sends it on those operations.

use std::collections::BTreeMap;

use openapiv3::{Parameter, ReferenceOr};

use super::super::operations::component_ref;
use super::super::path_operations::{self, PathOperation};

/// The credential inferred from a header parameter.
#[derive(Debug)]
pub(super) struct Implied {
    /// The header's name, as most operations spell it.
    pub header: String,
    /// Its stand-in scheme (index into [`Security::schemes`](super::Security::schemes)).
    pub scheme: usize,
    /// Operations taking it.
    pub taking: usize,
    /// The spec's operations.
    pub of: usize,
}

/// Words of a header name that say it carries a credential.
const CREDENTIAL_WORDS: &[&str] = &[
    "key",
    "apikey",
    "token",
    "secret",
    "auth",
    "authorization",
    "authentication",
    "credential",
    "credentials",
    "password",
];

/// `xi-api-key` → `xi`, `api`, `key`; `XApiToken` → `x`, `api`, `token`.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            previous_lower = false;
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            continue;
        }
        if c.is_uppercase() && previous_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Whether a header's name says it carries a credential: a word such as
/// `key`, `token`, `secret` or `auth`, and not an idempotency key.
pub(super) fn names_a_credential(header: &str) -> bool {
    let words = words(header);
    words.iter().any(|w| CREDENTIAL_WORDS.contains(&w.as_str()))
        && !words.iter().any(|w| w.starts_with("idempoten"))
}

/// Every operation of the spec with its path item.
pub(super) fn operations(
    spec: &openapiv3::OpenAPI,
) -> Vec<(&openapiv3::PathItem, PathOperation<'_>)> {
    spec.paths
        .paths
        .values()
        .filter_map(ReferenceOr::as_item)
        .flat_map(|item| {
            path_operations::of(item)
                .into_iter()
                .map(move |operation| (item, operation))
        })
        .collect()
}

/// The names of the header parameters of an operation (its own and its path item's).
fn header_names<'a>(
    spec: &'a openapiv3::OpenAPI,
    item: &'a openapiv3::PathItem,
    op: &'a openapiv3::Operation,
) -> Vec<&'a str> {
    let components = spec.components.as_ref().map(|c| &c.parameters);
    let mut names: Vec<&str> = op
        .parameters
        .iter()
        .chain(&item.parameters)
        .filter_map(|p| component_ref(p, "#/components/parameters/", components, "").ok())
        .filter_map(|p| match p {
            Parameter::Header { parameter_data, .. } => Some(parameter_data.name.as_str()),
            _ => None,
        })
        .collect();
    names.sort_by_key(|n| n.to_ascii_lowercase());
    names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    names
}

/// The header that stands for a credential the spec does not declare: with
/// no security scheme, a header whose name says it carries a credential,
/// taken by more than half of the operations (the most taken such header; a
/// tie goes to the name first in sorted order, so spec order does not matter).
pub(super) fn implied_header(spec: &openapiv3::OpenAPI) -> Option<Implied> {
    let declared = spec
        .components
        .as_ref()
        .is_some_and(|c| !c.security_schemes.is_empty());
    if declared {
        return None;
    }
    // Per lower-cased name: how many operations take it, and each spelling's count.
    let mut taken: BTreeMap<String, (usize, BTreeMap<&str, usize>)> = BTreeMap::new();
    let mut of = 0;
    let all = operations(spec);
    for (item, operation) in &all {
        of += 1;
        for name in header_names(spec, item, &operation.op) {
            if names_a_credential(name) {
                let entry = taken.entry(name.to_ascii_lowercase()).or_default();
                entry.0 += 1;
                *entry.1.entry(name).or_default() += 1;
            }
        }
    }
    let (_, (taking, spellings)) = taken
        .into_iter()
        .rev()
        .max_by_key(|(_, (n, _))| *n)
        .filter(|(_, (n, _))| 2 * n > of)?;
    let header = spellings
        .into_iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map(|(s, _)| s.to_owned())?;
    Some(Implied {
        header,
        scheme: 0,
        taking,
        of,
    })
}
