//! Reading drift logs: JSON Lines, one record per line, each one way the
//! server departed from the spec at one place. Records are checked as they
//! are read (a wrong line is an error naming its file and line) and summed
//! by place and detail, whatever log or line they came from, so that the
//! overlay is the same for the same observations in any order.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use serde_json::{Map, Value};

use super::sketch::{JsonType, Sketch};
use crate::error::{Error, Result};

/// What a record says departed, beyond its place. The order is the order
/// in which changes apply to one place (a property is added before the
/// object is wrapped, a type widened before `null` is allowed) and in which
/// descriptions list them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Detail {
    /// `undeclared_property`: the property's name.
    Property(String),
    /// `unlisted_enum_value`: the value, as JSON text.
    EnumValue(String),
    /// `unlisted_enum_value` whose value was withheld (a secret's place).
    Redacted,
    /// `format_mismatch`.
    Format,
    /// `type_mismatch`.
    Type,
    /// `unexpected_null`.
    Null,
    /// `undeclared_status`: the status, and the content type if there was a body.
    Status {
        status: String,
        content_type: Option<String>,
    },
    /// `undeclared_content_type`: the declared response it came as (the
    /// key the record's pointer ends with: `200`, `4XX`, `default`) and
    /// the content type.
    ContentType {
        response: String,
        content_type: String,
    },
}

impl Detail {
    /// The record kind, as logs spell it.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Detail::Property(_) => "undeclared_property",
            Detail::EnumValue(_) | Detail::Redacted => "unlisted_enum_value",
            Detail::Format => "format_mismatch",
            Detail::Type => "type_mismatch",
            Detail::Null => "unexpected_null",
            Detail::Status { .. } => "undeclared_status",
            Detail::ContentType { .. } => "undeclared_content_type",
        }
    }
}

/// The kinds a record may have.
const KINDS: &str = "undeclared_property, unlisted_enum_value, unexpected_null, type_mismatch, format_mismatch, undeclared_status, undeclared_content_type";

/// How often something was seen, and where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Every record's `count`, summed.
    pub count: u64,
    /// The same, per operation.
    pub operations: BTreeMap<String, u64>,
    /// What the server sent, merged over the records (when they say).
    pub observed: Option<Sketch>,
    /// The enum value (`unlisted_enum_value`).
    pub value: Option<Value>,
}

impl Tally {
    /// Adds what `other` counted.
    pub(crate) fn absorb(&mut self, other: &Tally) {
        self.count = self.count.saturating_add(other.count);
        for (operation, count) in &other.operations {
            let mine = self.operations.entry(operation.clone()).or_default();
            *mine = mine.saturating_add(*count);
        }
        if let Some(theirs) = &other.observed {
            match &mut self.observed {
                Some(mine) => mine.merge(theirs),
                None => self.observed = Some(theirs.clone()),
            }
        }
        if self.value.is_none() {
            self.value.clone_from(&other.value);
        }
    }

    /// `numbersList, numbersGet`: the operations, most frequent first.
    pub(crate) fn operation_list(&self) -> String {
        let mut operations: Vec<(&String, &u64)> = self.operations.iter().collect();
        operations.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let names: Vec<&str> = operations.iter().map(|(name, _)| name.as_str()).collect();
        names.join(", ")
    }

    /// `Seen 12 times on numbersList, numbersGet`.
    pub(crate) fn seen(&self) -> String {
        let times = if self.count == 1 { "time" } else { "times" };
        format!("Seen {} {times} on {}", self.count, self.operation_list())
    }
}

/// The records of any number of drift logs, summed.
#[derive(Debug, Clone, Default)]
pub struct Logs {
    /// By the pointer as recorded (without `#`) and the detail.
    pub(crate) seen: BTreeMap<(String, Detail), Tally>,
    logs: usize,
    records: usize,
}

impl Logs {
    /// Reads the drift log at `path` and adds its records.
    ///
    /// # Errors
    /// An unreadable file ([`Error::Io`]), or a line that is no drift record
    /// ([`Error::Parse`] at `file:line`); nothing of the file is added then.
    pub fn read(&mut self, path: &Path) -> Result<()> {
        let file = std::fs::File::open(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        let origin = path.display().to_string();
        let mut more = Logs::default();
        for (index, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|e| Error::Parse {
                at: format!("{origin}:{}", index + 1),
                message: format!("cannot read the line: {e}"),
            })?;
            more.line(&line, &origin, index + 1)?;
        }
        self.add(more);
        Ok(())
    }

    /// Adds the records of one log's text; `origin` names it in errors.
    ///
    /// # Errors
    /// A line that is no drift record ([`Error::Parse`] at `origin:line`);
    /// nothing of the text is added then.
    pub fn add_text(&mut self, text: &str, origin: &str) -> Result<()> {
        let mut more = Logs::default();
        for (index, line) in text.lines().enumerate() {
            more.line(line, origin, index + 1)?;
        }
        self.add(more);
        Ok(())
    }

    /// The number of logs read.
    #[must_use]
    pub fn logs(&self) -> usize {
        self.logs
    }

    /// The number of records (lines) read.
    #[must_use]
    pub fn records(&self) -> usize {
        self.records
    }

    /// The number of observations: the records' counts, summed.
    #[must_use]
    pub fn observations(&self) -> u64 {
        self.seen
            .values()
            .fold(0, |sum, tally| sum.saturating_add(tally.count))
    }

    fn add(&mut self, more: Logs) {
        self.logs += 1;
        self.records += more.records;
        for (key, tally) in more.seen {
            self.seen.entry(key).or_default().absorb(&tally);
        }
    }

    /// One line: blank, or one record.
    fn line(&mut self, line: &str, origin: &str, number: usize) -> Result<()> {
        if line.trim().is_empty() {
            return Ok(());
        }
        let (pointer, detail, tally) = record(line).map_err(|message| Error::Parse {
            at: format!("{origin}:{number}"),
            message,
        })?;
        self.records += 1;
        self.seen
            .entry((pointer, detail))
            .or_default()
            .absorb(&tally);
        Ok(())
    }
}

/// One record: its pointer, detail and tally, or why the line is none.
fn record(line: &str) -> std::result::Result<(String, Detail, Tally), String> {
    let value: Value =
        serde_json::from_str(line).map_err(|e| format!("not a JSON drift record: {e}"))?;
    let Value::Object(fields) = value else {
        return Err("a drift record is a JSON object".into());
    };
    let kind = text(&fields, "kind")?;
    let operation = text(&fields, "operation")?;
    let schema = text(&fields, "schema")?;
    let pointer = schema.strip_prefix('#').unwrap_or(schema);
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return Err(format!(
            "`schema`: {schema:?} is not a JSON pointer into the spec (`/components/schemas/Number`)"
        ));
    }
    let count = match fields.get("count") {
        None => 1,
        Some(count) => count
            .as_u64()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("`count`: {count} is not a positive integer"))?,
    };
    let observed = match fields.get("observed") {
        None | Some(Value::Null) => None,
        Some(observed) => Some(Sketch::parse(observed, "observed")?),
    };
    let needs_observed = || {
        observed
            .clone()
            .ok_or_else(|| format!("a {kind} record needs `observed`"))
    };
    let mut tally = Tally {
        count,
        operations: BTreeMap::from([(operation.to_owned(), count)]),
        observed: observed.clone(),
        value: None,
    };
    let detail = match kind {
        "undeclared_property" => {
            needs_observed()?;
            Detail::Property(text(&fields, "property")?.to_owned())
        }
        "unlisted_enum_value" => {
            let redacted = match fields.get("redacted") {
                None => false,
                Some(Value::Bool(redacted)) => *redacted,
                Some(other) => return Err(format!("`redacted`: {other} is not true or false")),
            };
            match fields.get("value") {
                Some(value) if !redacted => {
                    tally.value = Some(value.clone());
                    Detail::EnumValue(value.to_string())
                }
                _ => Detail::Redacted,
            }
        }
        "unexpected_null" => Detail::Null,
        "type_mismatch" => {
            let observed = needs_observed()?;
            // `null` where a value was expected is the null kind, whatever a recorder calls it.
            if observed.types.iter().all(|t| *t == JsonType::Null) {
                tally.observed = None;
                Detail::Null
            } else {
                Detail::Type
            }
        }
        "format_mismatch" => Detail::Format,
        "undeclared_status" => Detail::Status {
            status: status(&fields)?,
            content_type: match fields.get("content_type") {
                None | Some(Value::Null) => None,
                Some(_) => Some(text(&fields, "content_type")?.to_owned()),
            },
        },
        "undeclared_content_type" => Detail::ContentType {
            response: pointer
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .replace("~1", "/")
                .replace("~0", "~"),
            content_type: text(&fields, "content_type")?.to_owned(),
        },
        other => return Err(format!("`kind`: unknown kind {other:?}; known: {KINDS}")),
    };
    Ok((pointer.to_owned(), detail, tally))
}

/// A field holding a non-empty string.
fn text<'a>(fields: &'a Map<String, Value>, name: &str) -> std::result::Result<&'a str, String> {
    match fields.get(name) {
        Some(Value::String(text)) if !text.is_empty() => Ok(text),
        Some(other) => Err(format!("`{name}`: {other} is not a non-empty string")),
        None => Err(format!("no `{name}`")),
    }
}

/// `status`: an HTTP status, a number or a string of one.
fn status(fields: &Map<String, Value>) -> std::result::Result<String, String> {
    let status = match fields.get("status") {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => return Err(format!("`status`: {other} is not an HTTP status")),
        None => return Err("no `status`".into()),
    };
    let is_code = status.len() == 3
        && status.bytes().all(|b| b.is_ascii_digit())
        && status.starts_with(['1', '2', '3', '4', '5']);
    if is_code {
        Ok(status)
    } else {
        Err(format!("`status`: {status:?} is not an HTTP status"))
    }
}
