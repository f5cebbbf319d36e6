//! Setter names: one builder method per credential, named after its kind
//! and, for several API keys, after their names; never after scheme keys or
//! the order of the spec.

use super::super::names;
use super::super::operations::Location;
use super::{Credential, SchemeKind};

fn location_word(location: Location) -> &'static str {
    match location {
        Location::Query => "query",
        Location::Cookie => "cookie",
        Location::Path => "path",
        Location::Header => "header",
    }
}

/// Names every credential's setter (see the module's documentation). With
/// several API keys, each is `api_key_` and its name in snake case; keys whose
/// names read the same add where they go (`_query`, `_cookie`), then a
/// number, in the order of (place, name), never of the spec.
pub(super) fn name_setters(credentials: &mut [Credential]) {
    let keys: Vec<usize> = (0..credentials.len())
        .filter(|&c| matches!(credentials[c].kind, SchemeKind::ApiKey { .. }))
        .collect();
    for c in credentials.iter_mut() {
        c.setter = match c.kind {
            SchemeKind::Bearer => "bearer_token".to_owned(),
            SchemeKind::Basic => "basic_auth".to_owned(),
            SchemeKind::ApiKey { .. } => "api_key".to_owned(),
        };
    }
    if keys.len() < 2 {
        return;
    }
    let wanted = |c: &Credential| -> (Location, String) {
        let SchemeKind::ApiKey { location, name } = &c.kind else {
            return (Location::Header, String::new());
        };
        let snake = names::field_name(name, "");
        let snake = snake.trim_start_matches("r#").trim_matches('_');
        let snake = if snake.is_empty() {
            location_word(*location)
        } else {
            snake
        };
        (*location, format!("api_key_{snake}"))
    };
    let mut order: Vec<(usize, u8, String, String)> = keys
        .iter()
        .map(|&c| {
            let (location, name) = wanted(&credentials[c]);
            let raw = match &credentials[c].kind {
                SchemeKind::ApiKey { name, .. } => name.to_ascii_lowercase(),
                _ => String::new(),
            };
            let rank = match location {
                Location::Header => 0,
                Location::Query => 1,
                Location::Cookie => 2,
                Location::Path => 3,
            };
            (c, rank, raw, name)
        })
        .collect();
    order.sort_by(|a, b| (a.1, &a.2).cmp(&(b.1, &b.2)));
    let mut namespace = names::Namespace::default();
    for i in 0..order.len() {
        let (c, _, _, name) = &order[i];
        let shared = order.iter().filter(|o| o.3 == *name).count() > 1;
        let name = match &credentials[*c].kind {
            SchemeKind::ApiKey { location, .. } if shared && *location != Location::Header => {
                format!("{name}_{}", location_word(*location))
            }
            _ => name.clone(),
        };
        credentials[*c].setter = namespace.claim(name);
    }
}
