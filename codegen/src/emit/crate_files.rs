//! The manifests of the generated crate and of its runtime crate beside it
//! (`runtime/`): the runtime's dependencies and features, transport options
//! as features of both, a feature per tag module, and what the README's
//! doctests need.

use crate::model::features::ALL_APIS;
use crate::model::Api;

/// The runtime's own manifest: its `[dependencies]` and `[features]` are
/// copied into the generated runtime crate's.
const RUNTIME_MANIFEST: &str = include_str!("../../runtime/Cargo.toml");

/// The runtime's choice of TLS, which the generated crates make a feature.
const RUNTIME_TLS: &str = r#""rustls-tls", "#;

/// The default features of the runtime and of every generated crate (which
/// adds its tags'): rustls, and `pattern` checks for when validation is on.
const RUNTIME_DEFAULT: &str = r#""rustls-tls", "patterns""#;

/// Transport options, each a reqwest feature: its name and what it is for.
/// `rustls-tls` is on by default, as in the runtime.
const TRANSPORT_FEATURES: &[(&str, &str)] = &[
    (
        "rustls-tls",
        "TLS with rustls and the webpki roots (no system libraries needed).",
    ),
    (
        "native-tls",
        "TLS with the platform's library (OpenSSL, Secure Transport, SChannel).",
    ),
    ("gzip", "Accept gzip- or brotli-compressed responses."),
    ("brotli", ""),
    ("http2", "HTTP/2, negotiated over TLS."),
];

/// The dependencies generated code names itself (reqwest's `Method`, serde's
/// derives, `serde_json::Value`); everything else it reaches through the runtime.
const DIRECT_DEPENDENCIES: &[&str] = &["reqwest", "serde", "serde_json"];

/// The feature that derives `Serialize` on the types only responses carry
/// (request types always have it): a derive on every response type was a
/// sixth of a clean build, and most applications only read responses.
const SERIALIZE: &str = "serialize";
const SERIALIZE_FEATURE: &str = "# `Serialize` on the types only responses carry too (request types always have it); on with `mock`.\nserialize = []\n";

/// What the README's quick start needs beyond the crate itself: doctests see
/// dev-dependencies, so the quick start compiles as the whole program it is.
const DEV_DEPENDENCIES: &str = r#"[dev-dependencies]
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
"#;

/// The package name of the runtime crate generated beside `api`'s crate.
pub fn runtime_crate(api: &Api) -> String {
    let name = &api.config.krate.name;
    let sep = if name.contains('-') { '-' } else { '_' };
    format!("{name}{sep}runtime")
}

/// The runtime's `[dependencies]` lines as written there, with reqwest's TLS
/// left to features.
fn runtime_dependencies() -> Vec<String> {
    table_lines("[dependencies]")
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            if line.starts_with("reqwest ") {
                line.replacen(RUNTIME_TLS, "", 1)
            } else {
                line.to_owned()
            }
        })
        .collect()
}

/// The lines of one table of the runtime's manifest: entries, and the `##`
/// comments meant for the generated crates' readers as `#` comments.
fn table_lines(table: &str) -> impl Iterator<Item = String> + '_ {
    let mut inside = false;
    RUNTIME_MANIFEST.lines().filter_map(move |line| {
        if line.starts_with('[') {
            inside = line.trim() == table;
            return None;
        }
        let trimmed = line.trim();
        if !inside || trimmed.is_empty() {
            return None;
        }
        match line.strip_prefix("##") {
            Some(comment) => Some(format!("#{comment}")),
            None if trimmed.starts_with('#') => None,
            None => Some(line.to_owned()),
        }
    })
}

/// The runtime's own features (`webhooks`, `mock`) with their comments: the
/// comment lines, then the feature's name.
fn runtime_features() -> Vec<(Vec<String>, String, String)> {
    let mut out = Vec::new();
    let mut comments = Vec::new();
    for line in table_lines("[features]") {
        if line.starts_with('#') {
            comments.push(line);
        } else if let Some((name, value)) = line.split_once('=') {
            out.push((
                std::mem::take(&mut comments),
                name.trim().to_owned(),
                value.trim().to_owned(),
            ));
        }
    }
    out
}

/// The `[features]` table; `target(name, own)` writes what a feature turns on
/// (`own`: the runtime's own list for its own features, `None` for transport).
fn features(default: &str, target: impl Fn(&str, Option<&str>) -> String) -> String {
    let mut out = format!("default = [{default}]\n");
    for (name, comment) in TRANSPORT_FEATURES {
        if !comment.is_empty() {
            out.push_str(&format!("# {comment}\n"));
        }
        out.push_str(&format!("{name} = [{}]\n", target(name, None)));
    }
    for (comments, name, value) in runtime_features() {
        for comment in comments {
            out.push_str(&comment);
            out.push('\n');
        }
        out.push_str(&format!("{name} = [{}]\n", target(&name, Some(&value))));
    }
    out
}

/// The `[dependencies]` lines an application needs for the README's quick start.
pub fn quick_start_dependencies(api: &Api) -> String {
    let c = &api.config.krate;
    format!(
        "[dependencies]\n{} = {}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
        c.name,
        toml_string(&c.version)
    )
}

pub(super) fn toml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

/// The `[package]` table.
fn package(name: &str, version: &str, description: &str) -> String {
    format!(
        "# @generated by `cargo xtask codegen`. Do not edit: regenerate.\n[package]\nname = {}\nversion = {}\ndescription = {}\nedition = \"2021\"\nrust-version = \"1.85\"\n",
        toml_string(name),
        toml_string(version),
        toml_string(description),
    )
}

/// The generated crate's `Cargo.toml`.
pub fn cargo_toml(api: &Api) -> String {
    let c = &api.config.krate;
    let description = c
        .description
        .clone()
        .unwrap_or_else(|| format!("Client for {}", api.title));
    let runtime = runtime_crate(api);
    let direct: Vec<String> = runtime_dependencies()
        .into_iter()
        .filter(|line| {
            let name = line.split([' ', '=']).next().unwrap_or_default();
            DIRECT_DEPENDENCIES.contains(&name)
        })
        .collect();
    let tags = tag_features(api);
    let default = if tags.is_empty() {
        RUNTIME_DEFAULT.to_owned()
    } else {
        format!("{RUNTIME_DEFAULT}, {}", toml_string(ALL_APIS))
    };
    format!(
        "{}\n[dependencies]\n{runtime} = {{ path = \"runtime\", version = {}, default-features = false }}\n{}\n\n[features]\n{}{SERIALIZE_FEATURE}{tags}\n{DEV_DEPENDENCIES}",
        package(&c.name, &c.version, &description),
        toml_string(&format!("={}", c.version)),
        direct.join("\n"),
        features(&default, |name, _| match name {
            // Stubs serialize the values they return, response types included.
            "mock" => format!("\"{runtime}/mock\", \"{SERIALIZE}\""),
            _ => format!("\"{runtime}/{name}\""),
        }),
    )
}

/// The runtime crate's `Cargo.toml` (`runtime/Cargo.toml`).
pub fn runtime_cargo_toml(api: &Api) -> String {
    let c = &api.config.krate;
    let description = format!(
        "The runtime of the `{}` client crate: transport, retries, auth, errors.",
        c.name
    );
    format!(
        "{}\n[lib]\npath = \"src/mod.rs\"\n\n[dependencies]\n{}\n\n[features]\n{}",
        package(&runtime_crate(api), &c.version, &description),
        runtime_dependencies().join("\n"),
        features(RUNTIME_DEFAULT, |name, own| match own {
            Some(value) => value.trim_matches(['[', ']']).to_owned(),
            None => format!("\"reqwest/{name}\""),
        }),
    )
}

/// The tag features, with the one that turns them all on; nothing for a
/// crate with a single tag module.
fn tag_features(api: &Api) -> String {
    let features: Vec<(&str, &crate::model::Tag)> = api
        .tags
        .iter()
        .filter_map(|t| Some((t.feature.as_deref()?, t)))
        .collect();
    if features.is_empty() {
        return String::new();
    }
    let names: Vec<String> = features.iter().map(|(f, _)| toml_string(f)).collect();
    let mut out = format!(
        "# Every tag's operations, and the types no operation uses (on by default). Each tag's\n# feature compiles its module, its accessor on `Client` and the types its operations use.\n{ALL_APIS} = [{}]\n",
        names.join(", ")
    );
    for (feature, tag) in features {
        // A comment ends at a line break or any other control character.
        let name = tag.name.replace(char::is_control, " ");
        out.push_str(&format!(
            "# `client.{}()`: operations tagged `{name}`.\n{feature} = []\n",
            tag.module
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_features_avoid_every_fixed_feature_and_dependency() {
        let reserved = crate::model::features::RESERVED;
        let dependency =
            |line: &String| line.split([' ', '=']).next().unwrap_or_default().to_owned();
        let mut names: Vec<String> = runtime_dependencies().iter().map(dependency).collect();
        names.extend(
            TRANSPORT_FEATURES
                .iter()
                .map(|(name, _)| (*name).to_owned()),
        );
        names.extend(runtime_features().into_iter().map(|f| f.1));
        names.extend(["default", ALL_APIS, "tokio"].map(str::to_owned));
        assert!(names.len() > 20, "{names:?}");
        for name in names {
            assert!(
                reserved.contains(&name.as_str()),
                "{name} is not in RESERVED"
            );
        }
    }

    #[test]
    fn tls_is_a_feature_not_a_fixed_choice() {
        assert!(
            RUNTIME_MANIFEST.contains(RUNTIME_TLS),
            "the runtime's reqwest line changed"
        );
        let deps = runtime_dependencies();
        let reqwest = deps.iter().find(|l| l.starts_with("reqwest ")).unwrap();
        assert!(!reqwest.contains("tls"), "{reqwest}");
        assert!(reqwest.contains("default-features = false"), "{reqwest}");
    }

    #[test]
    fn the_runtime_features_are_forwarded_with_their_comments() {
        let names: Vec<String> = runtime_features().into_iter().map(|f| f.1).collect();
        assert_eq!(names, ["patterns", "webhooks", "mock", "drift"]);
        let forwarded = features("\"rustls-tls\"", |name, _| format!("\"rt/{name}\""));
        assert!(forwarded.contains("mock = [\"rt/mock\"]"), "{forwarded}");
        assert!(forwarded.contains("# Typed test doubles"), "{forwarded}");
        let own = features("\"rustls-tls\"", |name, own| {
            own.map_or(format!("\"reqwest/{name}\""), |v| {
                v.trim_matches(['[', ']']).to_owned()
            })
        });
        assert!(own.contains("http2 = [\"reqwest/http2\"]"), "{own}");
        assert!(
            own.contains("mock = [\"dep:wiremock\", \"tokio/net\", \"tokio/rt\"]"),
            "{own}"
        );
    }
}
