//! The per-spec configuration: what the OpenAPI document cannot say about the
//! client crate (its name, the response envelope, where error details sit,
//! how list operations paginate). Read from `<spec>.codegen.yaml` beside the spec.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// The whole configuration file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The generated crate's identity.
    #[serde(rename = "crate")]
    pub krate: CrateConfig,
    /// The success envelope, if the API wraps its payloads.
    #[serde(default)]
    pub envelope: Option<Envelope>,
    /// Where the API puts its error code and message.
    #[serde(default)]
    pub errors: ErrorPointers,
    /// Pagination of list operations.
    #[serde(default)]
    pub pagination: Vec<Pagination>,
    /// What to do with an operation that uses a construct the generator does not
    /// support: stop with an error (the default), or leave it out, listing it in
    /// the crate's README, so the rest of a large spec still becomes a client.
    #[serde(default)]
    pub unsupported: OnUnsupported,
    /// How the API signs its webhook deliveries, when the spec does not say.
    #[serde(default)]
    pub webhooks: Option<WebhooksConfig>,
}

/// The API's webhooks, beyond what the spec says.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhooksConfig {
    /// The signature scheme of deliveries.
    pub signature: SignatureScheme,
}

/// Webhook signature schemes the generated crate can verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureScheme {
    /// Standard Webhooks (also Svix's `svix-*` headers): HMAC-SHA256 of
    /// `id.timestamp.body` in `webhook-signature`.
    StandardWebhooks,
}

/// See [`Config::unsupported`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnUnsupported {
    /// Stop with the error.
    #[default]
    Fail,
    /// Leave the operation out and say so.
    Skip,
}

/// The generated crate's package metadata.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    /// The crate name (snake_case or kebab-case).
    pub name: String,
    /// The crate version.
    pub version: String,
    /// A one-line description for `Cargo.toml`; defaults to the spec title.
    #[serde(default)]
    pub description: Option<String>,
}

/// A success envelope such as `{"status": "success", "data": ...}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// The property whose value operations return.
    pub data: String,
}

/// JSON pointers to the error code and message in error bodies.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorPointers {
    /// Tried in order for the error code.
    #[serde(default)]
    pub code: Vec<String>,
    /// Tried in order for the error message.
    #[serde(default)]
    pub message: Vec<String>,
    /// Tried in order for a retry hint in the body (seconds, or an HTTP
    /// date), honoured when the response has no `Retry-After` header.
    #[serde(default)]
    pub retry_after: Vec<String>,
}

/// How one list operation paginates.
// No `deny_unknown_fields`: serde does not support it beside `flatten`.
#[derive(Debug, Clone, Deserialize)]
pub struct Pagination {
    /// The operationId.
    pub operation: String,
    /// JSON pointer to the item array within a (unwrapped) page.
    pub items: String,
    /// The style and its parameters.
    #[serde(flatten)]
    pub style: PaginationStyle,
}

/// The pagination styles the runtime can walk.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "style", rename_all = "snake_case")]
pub enum PaginationStyle {
    /// A page number parameter; ends at `total_pages`, a null `next_page`, or an empty page.
    Page {
        /// The page-number query key.
        page_param: String,
        /// The page-size query key.
        #[serde(default)]
        size_param: Option<String>,
        /// Pointer to the total page count.
        #[serde(default)]
        total_pages: Option<String>,
        /// Pointer to the next page number.
        #[serde(default)]
        next_page: Option<String>,
    },
    /// An opaque cursor returned by each page; ends when it is empty or repeats.
    Cursor {
        /// The cursor query key.
        cursor_param: String,
        /// Pointer to the next cursor.
        next_cursor: String,
    },
    /// An item offset; ends on a short or empty page.
    Offset {
        /// The offset query key.
        offset_param: String,
        /// The page-size query key.
        #[serde(default)]
        limit_param: Option<String>,
    },
}

impl Config {
    /// The config file that belongs to `spec`: `name.codegen.yaml` beside `name.yaml`.
    pub fn path_for(spec: &Path) -> PathBuf {
        let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
        spec.with_file_name(format!("{stem}.codegen.yaml"))
    }

    /// Reads and checks a config file.
    ///
    /// # Errors
    /// When the file is missing, is not YAML of this shape, or names an invalid crate.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text).map_err(|message| Error::Config {
            path: path.to_owned(),
            message,
        })
    }

    /// Parses config text.
    ///
    /// # Errors
    /// A message saying what is wrong.
    pub fn parse(text: &str) -> Result<Self, String> {
        let de = serde_yaml::Deserializer::from_str(text);
        let config: Config = serde_path_to_error::deserialize(de)
            .map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))?;
        let name = &config.krate.name;
        let valid = !name.is_empty()
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid {
            return Err(format!("crate.name {name:?} is not a valid crate name"));
        }
        let errors = &config.errors;
        for p in errors
            .code
            .iter()
            .chain(&errors.message)
            .chain(&errors.retry_after)
        {
            if !p.starts_with('/') {
                return Err(format!(
                    "error pointer {p:?} must be a JSON pointer starting with `/`"
                ));
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_hint_pointers_are_json_pointers() {
        let c = Config::parse(
            "crate: {name: x, version: 0.1.0}\nerrors: {retry_after: [/retryAfter, /error/retry_after]}\n",
        )
        .unwrap();
        assert_eq!(c.errors.retry_after, ["/retryAfter", "/error/retry_after"]);
        let err = Config::parse(
            "crate: {name: x, version: 0.1.0}\nerrors: {retry_after: [retryAfter]}\n",
        )
        .unwrap_err();
        assert!(err.contains("\"retryAfter\""), "{err}");
    }

    #[test]
    fn parses_every_pagination_style() {
        let c = Config::parse(
            "crate: {name: x, version: 0.1.0}\npagination:\n  - {operation: a, items: /data, style: page, page_param: page, total_pages: /meta/total}\n  - {operation: b, items: /items, style: cursor, cursor_param: cursor, next_cursor: /next}\n  - {operation: c, items: /items, style: offset, offset_param: offset, limit_param: limit}\n",
        )
        .unwrap();
        assert_eq!(c.pagination.len(), 3);
        assert!(matches!(
            c.pagination[1].style,
            PaginationStyle::Cursor { .. }
        ));
    }

    #[test]
    fn errors_say_where() {
        let e = Config::parse("crate: {name: x, version: 1, nme: y}").unwrap_err();
        assert!(e.contains("nme"), "{e}");
        let e = Config::parse("crate: {name: '9x', version: '1'}").unwrap_err();
        assert!(e.contains("not a valid crate name"), "{e}");
        let e = Config::parse("crate: {name: x, version: '1'}\nerrors: {code: [error/code]}")
            .unwrap_err();
        assert!(e.contains("JSON pointer"), "{e}");
    }
}
