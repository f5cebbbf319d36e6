//! One place where responses departed from the spec, as a sink receives it
//! and as a line of a drift log is written.

use std::fmt::Write;

use serde::Serialize;
use serde_json::Value;

/// How a response departed from its operation's spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DriftKind {
    /// An object carried a property its schema does not declare.
    UndeclaredProperty,
    /// A value the schema's `enum` does not list.
    UnlistedEnumValue,
    /// `null` where the schema is not nullable.
    UnexpectedNull,
    /// A value of another JSON type than the schema's.
    TypeMismatch,
    /// A string whose shape does not fit the schema's `format`.
    FormatMismatch,
    /// A status the operation declares no response for.
    UndeclaredStatus,
    /// A media type the matching declared response does not list.
    UndeclaredContentType,
}

/// One departure, with how often it was seen. Written as one JSON line:
/// `cargo xtask drift` turns such lines into an overlay that makes the spec
/// say what the server does.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct DriftRecord {
    /// The operation's `operationId`.
    pub operation: &'static str,
    /// JSON pointer to the operation in the spec.
    pub operation_pointer: &'static str,
    /// The response's HTTP status.
    pub status: u16,
    /// The response's media type (essence), when it had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// What departed.
    pub kind: DriftKind,
    /// JSON pointer into the spec: the schema of the value (for an undeclared
    /// property, of the object), or the responses to add to.
    pub schema: String,
    /// The undeclared property's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property: Option<String>,
    /// Where in the body, every array index and map key written `*`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// A sketch of what came: types and string formats, never values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed: Option<Value>,
    /// What the schema says, for a type or format that differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Value>,
    /// The enum value that is not listed (never one of a secret place).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// The value was left out because the place holds a secret.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub redacted: bool,
    /// Times seen since this place was last delivered to the sink.
    pub count: u64,
    /// The JSON type of what came (`observed`'s `type`), known before the
    /// sketch is made: part of the key.
    #[serde(skip)]
    pub(crate) observed_type: &'static str,
}

impl DriftRecord {
    /// A record of `kind` at `schema`, seen once, the rest unset.
    pub(crate) fn new(kind: DriftKind, schema: String) -> Self {
        Self {
            operation: "",
            operation_pointer: "",
            status: 0,
            content_type: None,
            kind,
            schema,
            property: None,
            at: None,
            observed: None,
            expected: None,
            value: None,
            redacted: false,
            count: 1,
            observed_type: "",
        }
    }

    /// What tells this place apart from others: all but the count and the
    /// details of what was seen beyond its JSON type, so that one place with
    /// different objects in it stays one record.
    pub(crate) fn key(&self) -> String {
        let mut key = String::with_capacity(128);
        // A separator no spec pointer, media type or value holds unescaped.
        for part in [
            self.operation,
            self.kind.name(),
            self.content_type.as_deref().unwrap_or(""),
            &self.schema,
            self.property.as_deref().unwrap_or(""),
            self.at.as_deref().unwrap_or(""),
            self.observed_type,
        ] {
            key.push_str(part);
            key.push('\u{0}');
        }
        let _ = write!(key, "{}", self.status);
        if let Some(value) = &self.value {
            let _ = write!(key, "\u{0}{value}");
        }
        key
    }
}

impl DriftKind {
    /// The name a log line has for it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            DriftKind::UndeclaredProperty => "undeclared_property",
            DriftKind::UnlistedEnumValue => "unlisted_enum_value",
            DriftKind::UnexpectedNull => "unexpected_null",
            DriftKind::TypeMismatch => "type_mismatch",
            DriftKind::FormatMismatch => "format_mismatch",
            DriftKind::UndeclaredStatus => "undeclared_status",
            DriftKind::UndeclaredContentType => "undeclared_content_type",
        }
    }
}
