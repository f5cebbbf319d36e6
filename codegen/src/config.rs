//! The per-spec configuration: what the OpenAPI document cannot say about the
//! client crate (its name, the response envelope, where error details sit,
//! how list operations paginate). Read from `<spec>.codegen.yaml` beside the
//! spec; every part is optional and falls back to what the spec implies
//! ([`Settings`] is the resolved result), so a spec with no config at all
//! still becomes a client.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer};

use crate::error::{Error, Result};

/// The whole configuration file. Absent parts are inferred from the spec.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The generated crate's identity; by default from `info.title` and `info.version`.
    #[serde(rename = "crate", default)]
    pub krate: CrateConfig,
    /// The success envelope: absent, inferred where every operation agrees;
    /// `null`, none; else the property operations return.
    #[serde(default, deserialize_with = "present")]
    pub envelope: Option<Option<Envelope>>,
    /// Where the API puts its error code and message; each list inferred when absent.
    #[serde(default)]
    pub errors: ErrorPointersConfig,
    /// Pagination of list operations (others are inferred where unambiguous).
    #[serde(default)]
    pub pagination: Vec<Pagination>,
    /// What to do with an operation that uses a construct the generator does not
    /// support: stop with an error (the default in a config file), or leave it
    /// out, listing it in the crate's README, so the rest of a large spec still
    /// becomes a client (the default without a config file).
    #[serde(default)]
    pub unsupported: OnUnsupported,
    /// How the API signs its webhook deliveries, when the spec does not say.
    #[serde(default)]
    pub webhooks: Option<WebhooksConfig>,
    /// Operations whose response is a stream of events or lines, where the
    /// spec leaves out how it ends (the sentinel is otherwise read from
    /// their descriptions).
    #[serde(default)]
    pub streams: Vec<StreamConfig>,
    /// Overlay documents (OpenAPI Overlay 1.0/1.1) applied to the spec, in
    /// order, before it is normalised ([`crate::overlay`]). In the file,
    /// relative to its folder; [`Config::load`] resolves them, and overlays
    /// given on the command line are appended after these.
    #[serde(default)]
    pub overlays: Vec<PathBuf>,
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

/// How one operation's stream of events or lines ends.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamConfig {
    /// The operationId.
    pub operation: String,
    /// The data of the event or line that ends the stream (`"[DONE]"`);
    /// `null`: none, whatever the descriptions say; absent: as inferred.
    #[serde(default, deserialize_with = "present")]
    pub sentinel: Option<Option<String>>,
}

/// Tells an explicit `null` (`Some(None)`) from an absent key (`None`, via `default`).
fn present<'de, D, T>(de: D) -> std::result::Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(de).map(Some)
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

/// The generated crate's package metadata, each part optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    /// The crate name (snake_case or kebab-case).
    #[serde(default)]
    pub name: Option<String>,
    /// The crate version.
    #[serde(default)]
    pub version: Option<String>,
    /// A one-line description for `Cargo.toml`; defaults to the spec title.
    #[serde(default)]
    pub description: Option<String>,
}

/// The configured error pointers; an absent list is inferred.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorPointersConfig {
    /// Tried in order for the error code.
    #[serde(default)]
    pub code: Option<Vec<String>>,
    /// Tried in order for the error message.
    #[serde(default)]
    pub message: Option<Vec<String>>,
    /// Tried in order for a retry hint in the body (seconds, or an HTTP
    /// date), honoured when the response has no `Retry-After` header.
    #[serde(default)]
    pub retry_after: Option<Vec<String>>,
}

/// The configuration after inference: what the generated crate is made with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The crate's identity.
    pub krate: CrateSettings,
    /// The success envelope, if the API wraps its payloads.
    pub envelope: Option<Envelope>,
    /// Where the API puts its error code and message.
    pub errors: ErrorPointers,
    /// Configured pagination.
    pub pagination: Vec<Pagination>,
    /// See [`Config::unsupported`].
    pub unsupported: OnUnsupported,
    /// Configured stream endings.
    pub streams: Vec<StreamConfig>,
}

/// The generated crate's package metadata, resolved.
#[derive(Debug, Clone)]
pub struct CrateSettings {
    /// The crate name.
    pub name: String,
    /// The crate version.
    pub version: String,
    /// A one-line description for `Cargo.toml`.
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorPointers {
    /// Tried in order for the error code.
    pub code: Vec<String>,
    /// Tried in order for the error message.
    pub message: Vec<String>,
    /// Tried in order for a retry hint in the body (seconds, or an HTTP
    /// date), honoured when the response has no `Retry-After` header.
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
    /// Pointer to a "more pages follow" flag, in any style: `false` ends the walk.
    #[serde(default)]
    pub has_more: Option<String>,
    /// Pointer to a "this is the last page" flag, in any style: `true` ends the walk.
    #[serde(default)]
    pub is_last: Option<String>,
}

/// Where a request sends a paging value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamPlace {
    /// In the query string.
    #[default]
    Query,
    /// As a request header.
    Header,
    /// As a top-level member of the JSON request body (a search sent as
    /// POST, whose next request is the same body with the cursor set).
    Body,
}

/// The pagination styles the runtime can walk.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "style", rename_all = "snake_case")]
pub enum PaginationStyle {
    /// A page number parameter; ends at `total_pages`, a null `next_page`, a
    /// page shorter than the page size asked for, or an empty page.
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
        /// The first page's number, when it is not 1 (0 for lists counted from zero).
        #[serde(default)]
        first_page: Option<u64>,
    },
    /// An opaque cursor returned by each page; ends when it is empty or repeats.
    Cursor {
        /// The cursor query key (or body member).
        cursor_param: String,
        /// Pointer to the next cursor.
        next_cursor: String,
        /// Where it is sent back: the query string, or the JSON body.
        #[serde(default)]
        cursor_in: ParamPlace,
    },
    /// An item offset; ends at `total` items, on a short or empty page.
    Offset {
        /// The offset query key.
        offset_param: String,
        /// The page-size query key.
        #[serde(default)]
        limit_param: Option<String>,
        /// Pointer to the total item count.
        #[serde(default)]
        total: Option<String>,
    },
    /// The next page starts after the last item's id (Stripe's `starting_after`);
    /// ends on an empty or short page.
    AfterLast {
        /// The cursor query key.
        cursor_param: String,
        /// Pointer to the id within an item.
        item_id: String,
        /// The page-size query key, to tell a short last page.
        #[serde(default)]
        limit_param: Option<String>,
    },
    /// Each page carries the URL of the next one (JSON:API `links.next`),
    /// absolute or relative to the page's own URL; ends when it is null,
    /// absent or empty.
    NextUrl {
        /// Pointer to the next page's URL.
        next_url: String,
    },
    /// The next page's URL is in the `Link` response header (RFC 8288 `rel="next"`);
    /// ends when there is none.
    LinkHeader,
    /// A continuation token in a response header, sent back as a query
    /// parameter or a request header; ends when the header is absent or empty.
    HeaderCursor {
        /// The response header holding the next position.
        next_header: String,
        /// The query key or request header it is sent back as.
        cursor_param: String,
        /// Where it is sent back.
        #[serde(default)]
        cursor_in: ParamPlace,
    },
}

impl PaginationStyle {
    /// The style's name, as the config writes it.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Page { .. } => "page",
            Self::Cursor { .. } => "cursor",
            Self::Offset { .. } => "offset",
            Self::AfterLast { .. } => "after_last",
            Self::NextUrl { .. } => "next_url",
            Self::LinkHeader => "link_header",
            Self::HeaderCursor { .. } => "header_cursor",
        }
    }

    /// The query key the walk sets for each page, if it sets one.
    pub fn query_param(&self) -> Option<&str> {
        match self {
            Self::Page { page_param: p, .. }
            | Self::Cursor {
                cursor_param: p,
                cursor_in: ParamPlace::Query,
                ..
            }
            | Self::Offset {
                offset_param: p, ..
            }
            | Self::AfterLast {
                cursor_param: p, ..
            } => Some(p),
            Self::HeaderCursor {
                cursor_param,
                cursor_in: ParamPlace::Query,
                ..
            } => Some(cursor_param),
            Self::NextUrl { .. }
            | Self::LinkHeader
            | Self::Cursor { .. }
            | Self::HeaderCursor { .. } => None,
        }
    }

    /// The JSON body member the walk sets for each page, if it sets one.
    pub fn body_param(&self) -> Option<&str> {
        match self {
            Self::Cursor {
                cursor_param,
                cursor_in: ParamPlace::Body,
                ..
            }
            | Self::HeaderCursor {
                cursor_param,
                cursor_in: ParamPlace::Body,
                ..
            } => Some(cursor_param),
            _ => None,
        }
    }
}

impl Config {
    /// The config file that belongs to `spec`: `name.codegen.yaml` beside `name.yaml`.
    pub fn path_for(spec: &Path) -> PathBuf {
        let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
        spec.with_file_name(format!("{stem}.codegen.yaml"))
    }

    /// What a spec without a config file gets: everything inferred, and
    /// unsupported operations left out with a note (someone trying a spec
    /// wants a client for what works; a config can say `unsupported: fail`).
    pub fn without_file() -> Self {
        Self {
            unsupported: OnUnsupported::Skip,
            ..Self::default()
        }
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
        let mut config = Self::parse(&text).map_err(|message| Error::Config {
            path: path.to_owned(),
            message,
        })?;
        // Relative to the config's folder, as a user writing the file
        // expects, whatever folder the command runs from.
        let folder = path.parent().unwrap_or(Path::new(""));
        for overlay in &mut config.overlays {
            if overlay.is_relative() {
                *overlay = folder.join(&*overlay);
            }
        }
        Ok(config)
    }

    /// Parses config text.
    ///
    /// # Errors
    /// A message saying what is wrong.
    pub fn parse(text: &str) -> Result<Self, String> {
        let de = serde_yaml::Deserializer::from_str(text);
        // An empty file is an empty config, not an error.
        let config: Option<Config> = serde_path_to_error::deserialize(de)
            .map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))?;
        let config = config.unwrap_or_default();
        if let Some(name) = &config.krate.name {
            if !is_crate_name(name) {
                return Err(format!("crate.name {name:?} is not a valid crate name"));
            }
        }
        let errors = &config.errors;
        let pointers = [&errors.code, &errors.message, &errors.retry_after];
        for p in pointers.into_iter().flatten().flatten() {
            if !p.starts_with('/') {
                return Err(format!(
                    "error pointer {p:?} must be a JSON pointer starting with `/`"
                ));
            }
        }
        Ok(config)
    }
}

/// Whether `name` can name a package: an ASCII letter, then letters, digits, `_` or `-`.
pub fn is_crate_name(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
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
        assert_eq!(
            c.errors.retry_after.as_deref(),
            Some(&["/retryAfter".to_owned(), "/error/retry_after".to_owned()][..])
        );
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
    fn every_part_is_optional_and_null_says_none() {
        let c = Config::parse("").unwrap();
        assert!(c.krate.name.is_none() && c.envelope.is_none() && c.errors.code.is_none());
        assert_eq!(c.unsupported, OnUnsupported::Fail);
        let c = Config::parse("crate: {version: 2.0.0}\nenvelope: null\nerrors: {message: [/m]}")
            .unwrap();
        assert_eq!(c.krate.version.as_deref(), Some("2.0.0"));
        assert!(c.krate.name.is_none());
        assert!(
            matches!(c.envelope, Some(None)),
            "explicit null: no envelope"
        );
        assert!(c.errors.code.is_none(), "code still inferred");
        let c = Config::parse("envelope: {data: result}").unwrap();
        assert_eq!(c.envelope.unwrap().unwrap().data, "result");
        assert_eq!(Config::without_file().unsupported, OnUnsupported::Skip);
        let c = Config::parse("pagination:\n  - {operation: a, items: '', style: link_header}\n")
            .unwrap();
        assert_eq!(c.pagination[0].style, PaginationStyle::LinkHeader);
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
