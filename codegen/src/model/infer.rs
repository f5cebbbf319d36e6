//! What the spec implies where the config is silent: the crate's name and
//! version, the success envelope and the error-body pointers; and the one-line
//! summary of what was inferred and what was left out. Every inference is
//! conservative: it is made only when every relevant operation agrees.
//! (Error pointers: [`super::errors`]; pagination: [`super::paging`].)

use std::collections::BTreeMap;
use std::fmt;

use super::operations::{Content, Operation};
use super::types::{TypeKind, TypeRef, TypeSpace};
use super::Skipped;
use crate::config::{is_crate_name, CrateConfig, CrateSettings};

/// Names a generated crate must not take: the standard library's crates and
/// the generated crate's own dependencies (a crate named `serde` could not use serde).
const TAKEN_CRATE_NAMES: &[&str] = &["std", "core", "alloc", "proc_macro", "test"];

/// The runtime's manifest, whose dependencies every generated crate has.
const RUNTIME_MANIFEST: &str = include_str!("../../runtime/Cargo.toml");

/// The longest crate name taken from a title; longer titles are sentences.
const MAX_NAME_LEN: usize = 40;

fn dependency_names() -> impl Iterator<Item = String> {
    let mut inside = false;
    RUNTIME_MANIFEST.lines().filter_map(move |line| {
        if line.starts_with('[') {
            inside = line.trim() == "[dependencies]";
            return None;
        }
        let key = line.split('=').next()?.trim();
        (inside && !key.is_empty() && !key.starts_with('#')).then(|| key.replace('-', "_"))
    })
}

/// A crate name made of the ASCII words of `raw`, lowercased and joined by
/// `_` (`VoiceTel API` → `voicetel_api`), if that is a usable name.
fn crate_name_from(raw: &str) -> Option<String> {
    if !raw.is_ascii() {
        return None;
    }
    let words: Vec<String> = raw
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let name = words.join("_");
    let taken = TAKEN_CRATE_NAMES.contains(&name.as_str())
        || super::names::is_keyword(&name)
        || dependency_names().any(|d| d == name);
    (is_crate_name(&name) && name.len() <= MAX_NAME_LEN && !taken).then_some(name)
}

/// Whether `v` is a semantic version (`1.2.3`, `1.2.3-beta.1+build`), as Cargo requires.
fn is_semver(v: &str) -> bool {
    let (core, build) = v.split_once('+').map_or((v, None), |(c, b)| (c, Some(b)));
    let (core, pre) = core
        .split_once('-')
        .map_or((core, None), |(c, p)| (c, Some(p)));
    let numeric = |n: &str| {
        !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && (n == "0" || !n.starts_with('0'))
    };
    let ident_ok = |s: &str| {
        !s.is_empty()
            && s.split('.').all(|id| {
                !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| numeric(p))
        && pre.is_none_or(ident_ok)
        && build.is_none_or(ident_ok)
}

/// The crate identity: the config's parts, the rest from `info` and the spec's file name.
pub fn crate_settings(
    config: &CrateConfig,
    info: &openapiv3::Info,
    origin: &str,
) -> (CrateSettings, bool) {
    let stem = std::path::Path::new(origin)
        .file_name()
        .and_then(|n| n.to_str())
        .map(|n| n.split('.').next().unwrap_or(n))
        .unwrap_or_default();
    let inferred = config.name.is_none() || config.version.is_none();
    let name = config.name.clone().unwrap_or_else(|| {
        crate_name_from(&info.title)
            .or_else(|| crate_name_from(stem))
            .or_else(|| crate_name_from(&format!("{stem} api")))
            .unwrap_or_else(|| "api_client".to_owned())
    });
    let version = config.version.clone().unwrap_or_else(|| {
        let v = info.version.trim();
        if is_semver(v) {
            v.to_owned()
        } else {
            "0.1.0".to_owned()
        }
    });
    let settings = CrateSettings {
        name,
        version,
        description: config.description.clone(),
    };
    (settings, inferred)
}

/// Through aliases to the struct a type is, if it is one.
fn struct_fields<'t>(space: &'t TypeSpace, ty: &TypeRef) -> Option<&'t [super::types::Field]> {
    match &space.def_of(ty)?.kind {
        TypeKind::Struct(s) => Some(&s.fields),
        _ => None,
    }
}

/// Envelope members that describe the call rather than carry its result.
const STATUS_FIELDS: &[&str] = &[
    "status",
    "success",
    "ok",
    "code",
    "message",
    "status_code",
    "statusCode",
    "request_id",
    "requestId",
];

/// The envelope property, when every JSON success body is an object of one
/// payload property (the same name everywhere) beside status-like members.
pub fn envelope(space: &TypeSpace, ops: &[Operation]) -> Option<String> {
    let mut found: Option<String> = None;
    let mut bodies = 0;
    for op in ops {
        let Content::Json(ty) = &op.success.content else {
            continue;
        };
        bodies += 1;
        let fields = struct_fields(space, ty)?;
        let payload: Vec<&str> = fields
            .iter()
            .map(|f| f.wire.as_str())
            .filter(|w| !STATUS_FIELDS.contains(w))
            .collect();
        let has_status = fields.len() > payload.len();
        let [name] = payload.as_slice() else {
            return None;
        };
        if !has_status || found.as_deref().is_some_and(|f| f != *name) {
            return None;
        }
        found = Some((*name).to_owned());
    }
    // One wrapped body proves little; the pattern must repeat.
    found.filter(|_| bodies >= 2)
}

/// The construct behind an unsupported-construct message, without the
/// specifics of one occurrence, so left-out operations group by cause.
pub fn construct_of(message: &str) -> String {
    let mut text = message;
    for prefix in ["reference ", "parameter "] {
        if let Some(rest) = text.strip_prefix(prefix) {
            if let Some((_, after)) = rest.split_once(": ") {
                text = after;
            }
        }
    }
    let text = text.split("; ").next().unwrap_or(text);
    let mut out: String = text.chars().take(90).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// What the generator worked out for itself, and what it left out.
#[derive(Debug, Default)]
pub struct Summary {
    /// `name version`, when either was inferred.
    pub krate: Option<String>,
    /// The inferred envelope property.
    pub envelope: Option<String>,
    /// The inferred error code pointer.
    pub error_code: Option<String>,
    /// The inferred error message pointer.
    pub error_message: Option<String>,
    /// List operations that page: (inferred or configured, of these many list operations).
    pub paginated: usize,
    /// Operations that look like lists.
    pub lists: usize,
    /// List operations that return every item in one response.
    pub whole_lists: usize,
    /// Other list operations with no stream, with why.
    pub unpaged: Vec<(String, String)>,
    /// Left-out operations by construct.
    pub left_out: BTreeMap<String, usize>,
    /// Operations answering with a stream of events or lines, and how many
    /// of those have typed items.
    pub streams: (usize, usize),
}

impl Summary {
    /// Counts the left-out operations by construct.
    pub fn count_left_out(&mut self, skipped: &[Skipped]) {
        for s in skipped {
            *self.left_out.entry(s.construct.clone()).or_default() += 1;
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(k) = &self.krate {
            parts.push(format!("crate {k}"));
        }
        if let Some(e) = &self.envelope {
            parts.push(format!("envelope /{e}"));
        }
        let mut errors = Vec::new();
        if let Some(c) = &self.error_code {
            errors.push(format!("code {c}"));
        }
        if let Some(m) = &self.error_message {
            errors.push(format!("message {m}"));
        }
        if !errors.is_empty() {
            parts.push(format!("errors {}", errors.join(" ")));
        }
        if self.lists > 0 {
            // Lists page, come whole in one response, or have no stream (and say why).
            let mut p = format!("lists: {} paged", self.paginated);
            if self.whole_lists > 0 {
                p.push_str(&format!(", {} whole", self.whole_lists));
            }
            if !self.unpaged.is_empty() {
                let shown: Vec<&str> = self
                    .unpaged
                    .iter()
                    .take(5)
                    .map(|(id, _)| id.as_str())
                    .collect();
                let more = if self.unpaged.len() > 5 { ", ..." } else { "" };
                p.push_str(&format!(
                    ", {} with no stream: {}{more}",
                    self.unpaged.len(),
                    shown.join(", ")
                ));
            }
            parts.push(p);
        }
        let (streams, typed) = self.streams;
        if streams > 0 {
            parts.push(format!("streams: {streams} ({typed} typed)"));
        }
        write!(f, "inferred: ")?;
        if parts.is_empty() {
            write!(f, "nothing")?;
        } else {
            write!(f, "{}", parts.join("; "))?;
        }
        let total: usize = self.left_out.values().sum();
        if total > 0 {
            let by: Vec<String> = self
                .left_out
                .iter()
                .map(|(c, n)| format!("{c}: {n}"))
                .collect();
            write!(f, "; left out: {total} operations ({})", by.join(", "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_come_from_titles_or_file_names() {
        assert_eq!(
            crate_name_from("VoiceTel API").as_deref(),
            Some("voicetel_api")
        );
        assert_eq!(
            crate_name_from("Swagger Petstore - OpenAPI 3.0").as_deref(),
            Some("swagger_petstore_openapi_3_0")
        );
        assert_eq!(crate_name_from("3D Printing"), None);
        assert_eq!(crate_name_from("Ünïcode API"), None);
        assert_eq!(crate_name_from("Test"), None);
        assert_eq!(crate_name_from("Serde"), None);
        assert_eq!(crate_name_from("Type"), None);
        let info = openapiv3::Info {
            title: "élan".into(),
            version: "v2".into(),
            ..Default::default()
        };
        let (s, inferred) = crate_settings(&CrateConfig::default(), &info, "/x/klaviyo-api.json");
        assert!(inferred);
        assert_eq!(
            (s.name.as_str(), s.version.as_str()),
            ("klaviyo_api", "0.1.0")
        );
        let (s, _) = crate_settings(&CrateConfig::default(), &info, "test.yaml");
        assert_eq!(s.name, "test_api");
    }

    #[test]
    fn versions_must_be_semver() {
        for ok in [
            "1.0.0",
            "2.2.0",
            "0.1.0-beta.1",
            "1.2.3+build.5",
            "10.20.30",
        ] {
            assert!(is_semver(ok), "{ok}");
        }
        for bad in [
            "1",
            "1.0",
            "v1.0.0",
            "01.0.0",
            "1.0.0-",
            "2024-01-01",
            "1.0.0.0",
            "",
        ] {
            assert!(!is_semver(bad), "{bad}");
        }
    }

    #[test]
    fn constructs_drop_the_specifics() {
        assert_eq!(
            construct_of("request bodies of type [\"multipart/form-data\"]; supported: JSON"),
            "request bodies of type [\"multipart/form-data\"]"
        );
        assert_eq!(
            construct_of("reference \"#/a/b\": only `#/components/schemas/...` references are supported in schemas"),
            "only `#/components/schemas/...` references are supported in schemas"
        );
    }
}
