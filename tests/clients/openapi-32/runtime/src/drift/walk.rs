//! Checking one response against its operation's spec: the status, the media
//! type, and a JSON body value by value against its schema, collecting a
//! [`DriftRecord`] for each place that departs from it.
//!
//! The check reads a body the client has already decoded (or failed to):
//! it is a second, independent pass over the JSON, run only when recording is
//! on, so the decoding path every call takes stays as it is.

use serde_json::{json, Value};

use super::json::Json;

use super::record::{DriftKind, DriftRecord};
use super::shape::{Def, DefKind, Op, Spec, Ty};
use super::sketch::{fits, guess_format, json_type, sketch};

/// How deep a body is followed; serde_json parses no deeper than 128.
const MAX_DEPTH: usize = 64;

/// How many distinct places one response may add: a map the spec declares as
/// an object with fixed properties would otherwise add one per key.
const MAX_PER_RESPONSE: usize = 256;

/// What one response tells: its records, each with its key
/// ([`DriftRecord::key`]) and its count in this response.
pub(crate) fn check(
    spec: &Spec,
    op: &Op,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    secrets: &[String],
    known: &dyn Fn(&str) -> bool,
) -> Vec<(String, DriftRecord)> {
    let mut walker = Walker {
        spec,
        secrets,
        known,
        op,
        status,
        content_type,
        found: Vec::new(),
    };
    let empty = body.iter().all(u8::is_ascii_whitespace);
    let parsed = || Json::parse(body);
    let Some(response) = op.response(status) else {
        let schema = format!("{}/responses", op.pointer);
        let record = walker.record(DriftKind::UndeclaredStatus, schema);
        walker.push_with(record, |r| r.observed = parsed().map(|v| sketch(&v)));
        return walker.found;
    };
    if empty {
        return Vec::new();
    }
    let media = content_type.and_then(|actual| {
        response
            .content
            .iter()
            .find(|m| media_matches(m.media_type, actual))
    });
    let Some(media) = media else {
        let schema = format!(
            "{}/responses/{}",
            op.pointer,
            pointer_token(response.status)
        );
        let record = walker.record(DriftKind::UndeclaredContentType, schema);
        walker.push_with(record, |r| r.observed = parsed().map(|v| sketch(&v)));
        return walker.found;
    };
    if let (Some(ty), true) = (&media.body, content_type.is_some_and(is_json)) {
        if let Some(value) = parsed() {
            let schema = Schema::Body(op.pointer, response.status, media.media_type);
            walker.walk(ty, &value, schema, &mut String::new(), false, 0);
        }
    }
    walker.found
}

/// Whether a declared media type (`application/json`, `text/*`, `*/*`)
/// covers the response's.
fn media_matches(declared: &str, actual: &str) -> bool {
    if declared == "*/*" || declared.eq_ignore_ascii_case(actual) {
        return true;
    }
    match declared.strip_suffix("/*") {
        Some(kind) => actual
            .split_once('/')
            .is_some_and(|(k, _)| k.eq_ignore_ascii_case(kind)),
        None => false,
    }
}

/// `application/json`, `application/problem+json`, `text/json`.
fn is_json(essence: &str) -> bool {
    essence
        .rsplit(['/', '+'])
        .next()
        .is_some_and(|s| s.eq_ignore_ascii_case("json"))
}

/// RFC 6901 escaping of one pointer token.
fn pointer_token(token: &str) -> String {
    let mut escaped = String::with_capacity(token.len());
    push_token(&mut escaped, token);
    escaped
}

/// Appends `token` to a pointer, escaped, without a string of its own:
/// this runs for every property of every body checked.
fn push_token(pointer: &mut String, token: &str) {
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Where a value's schema is in the spec, written out only for a record:
/// most values fit, and building every value's pointer would cost the
/// check more than the rest of it.
#[derive(Clone, Copy)]
enum Schema<'a> {
    /// A pointer as it is.
    At(&'a str),
    /// A response body's schema: the operation, the response's key, the media type.
    Body(&'a str, &'a str, &'a str),
    /// A property of an object schema.
    Property(&'a Schema<'a>, &'a str),
    /// The items of an array schema.
    Items(&'a Schema<'a>),
    /// The values of a map schema.
    Values(&'a Schema<'a>),
}

impl Schema<'_> {
    fn render(&self) -> String {
        match self {
            Schema::At(pointer) => (*pointer).to_owned(),
            Schema::Body(op, status, media) => format!(
                "{op}/responses/{}/content/{}/schema",
                pointer_token(status),
                pointer_token(media)
            ),
            Schema::Property(object, name) => {
                format!("{}/properties/{}", object.render(), pointer_token(name))
            }
            Schema::Items(array) => format!("{}/items", array.render()),
            Schema::Values(map) => format!("{}/additionalProperties", map.render()),
        }
    }
}

struct Walker<'a> {
    spec: &'a Spec,
    secrets: &'a [String],
    /// Whether the recorder holds a place already: its record then needs
    /// only its key and count, not the sketch of what came.
    known: &'a dyn Fn(&str) -> bool,
    op: &'a Op,
    status: u16,
    content_type: Option<&'a str>,
    /// Each place's key and record, a place seen in every item of an array
    /// being one record with a count. Few per response: found by scanning.
    found: Vec<(String, DriftRecord)>,
}

impl<'a> Walker<'a> {
    /// A walker for one alternative of a union, whose records are kept only
    /// if it is the one the value fits best.
    fn trial(&self) -> Self {
        Walker {
            found: Vec::new(),
            ..*self
        }
    }

    fn push(&mut self, record: DriftRecord) {
        self.push_with(record, |_| {});
    }

    /// Adds `record`, given the details (`observed`, `expected`) by
    /// `details` only when it is a place the recorder does not hold yet: a
    /// place seen on every response costs its key and a count.
    fn push_with(&mut self, mut record: DriftRecord, details: impl FnOnce(&mut DriftRecord)) {
        let key = record.key();
        if let Some((_, seen)) = self.found.iter_mut().find(|(k, _)| *k == key) {
            seen.count += record.count;
        } else if self.found.len() < MAX_PER_RESPONSE {
            if !(self.known)(&key) {
                details(&mut record);
            }
            self.found.push((key, record));
        }
    }

    fn record(&self, kind: DriftKind, schema: String) -> DriftRecord {
        let mut record = DriftRecord::new(kind, schema);
        record.operation = self.op.id;
        record.operation_pointer = self.op.pointer;
        record.status = self.status;
        record.content_type = self.content_type.map(str::to_owned);
        record
    }

    fn at_record(&mut self, kind: DriftKind, schema: Schema<'_>, at: &str) -> DriftRecord {
        let mut record = self.record(kind, schema.render());
        record.at = Some(at.to_owned());
        record
    }

    /// Checks `value` against `ty`, whose schema is at `schema`; `at` is
    /// where it is in the body (restored on return), `secret` whether the
    /// place holds a secret.
    fn walk(
        &mut self,
        ty: &Ty,
        value: &Json<'_>,
        schema: Schema<'_>,
        at: &mut String,
        secret: bool,
        depth: usize,
    ) {
        if depth > MAX_DEPTH || matches!(ty, Ty::Any) {
            return;
        }
        if matches!(value, Json::Null) {
            let mut record = self.at_record(DriftKind::UnexpectedNull, schema, at);
            record.observed_type = "null";
            self.push_with(record, |r| r.observed = Some(json!({"type": "null"})));
            return;
        }
        let fits = match (ty, value) {
            (Ty::String(format), Json::String(s)) => {
                if let Some(format) = format {
                    if fits(format, s) == Some(false) {
                        let mut record = self.at_record(DriftKind::FormatMismatch, schema, at);
                        record.observed_type = "string";
                        self.push_with(record, |r| {
                            r.expected = Some(json!({"type": "string", "format": format}));
                            r.observed = Some(match guess_format(s) {
                                Some(seen) => json!({"type": "string", "format": seen}),
                                None => json!({"type": "string"}),
                            });
                        });
                    }
                }
                true
            }
            (Ty::Integer, Json::Number(n)) => n.is_i64() || n.is_u64(),
            (Ty::Number, Json::Number(_)) | (Ty::Boolean, Json::Bool(_)) => true,
            (Ty::List(item), Json::Array(items)) => {
                let len = at.len();
                at.push_str("/*");
                for v in items {
                    self.walk(item, v, Schema::Items(&schema), at, secret, depth + 1);
                }
                at.truncate(len);
                true
            }
            (Ty::Map(each), Json::Object(members)) => {
                let len = at.len();
                at.push_str("/*");
                for (_, v) in members {
                    self.walk(each, v, Schema::Values(&schema), at, secret, depth + 1);
                }
                at.truncate(len);
                true
            }
            (Ty::Named(i), _) => match self.spec.types.get(*i) {
                Some(def) => return self.walk_def(def, value, at, secret, depth),
                None => true,
            },
            _ => false,
        };
        if !fits {
            self.mismatch(expected(self.spec, ty), value, schema, at);
        }
    }

    fn mismatch(
        &mut self,
        expected: Option<Value>,
        value: &Json<'_>,
        schema: Schema<'_>,
        at: &str,
    ) {
        let mut record = self.at_record(DriftKind::TypeMismatch, schema, at);
        record.observed_type = json_type(value);
        self.push_with(record, |r| {
            r.expected = expected;
            r.observed = Some(sketch(value));
        });
    }

    fn walk_def(
        &mut self,
        def: &Def,
        value: &Json<'_>,
        at: &mut String,
        secret: bool,
        depth: usize,
    ) {
        let schema = Schema::At(def.pointer);
        match (&def.kind, value) {
            (DefKind::Alias(ty), _) => self.walk(ty, value, schema, at, secret, depth + 1),
            (DefKind::Object { fields, additional }, Json::Object(members)) => {
                for (key, v) in members {
                    let len = at.len();
                    at.push('/');
                    push_token(at, key);
                    if let Some(field) = fields.iter().find(|f| f.name == key) {
                        if !(matches!(v, Json::Null) && field.nullable) {
                            let secret = secret || field.secret;
                            let field_schema = Schema::Property(&schema, key);
                            self.walk(&field.ty, v, field_schema, at, secret, depth + 1);
                        }
                    } else if let Some(each) = additional {
                        at.truncate(len);
                        at.push_str("/*");
                        self.walk(each, v, Schema::Values(&schema), at, secret, depth + 1);
                    } else {
                        let mut record = self.at_record(DriftKind::UndeclaredProperty, schema, at);
                        record.property = Some(key.as_ref().to_owned());
                        record.observed_type = json_type(v);
                        self.push_with(record, |r| r.observed = Some(sketch(v)));
                    }
                    at.truncate(len);
                }
            }
            (DefKind::Enum(values), Json::String(_) | Json::Number(_)) => {
                let text = match value {
                    Json::String(s) => std::borrow::Cow::Borrowed(s.as_ref()),
                    other => std::borrow::Cow::Owned(other.to_value().to_string()),
                };
                if !values.contains(&&*text) {
                    let mut record = self.at_record(DriftKind::UnlistedEnumValue, schema, at);
                    record.observed_type = json_type(value);
                    if secret || self.secrets.iter().any(|s| *s == text) {
                        record.redacted = true;
                    } else {
                        record.value = Some(value.to_value());
                    }
                    let observed = json!({"type": record.observed_type});
                    self.push_with(record, |r| r.observed = Some(observed));
                }
            }
            (DefKind::OneOf(variants), _) => {
                self.walk_one_of(variants, value, schema, at, secret, depth)
            }
            (kind, _) => {
                let expected = match kind {
                    DefKind::Object { .. } => Some(json!({"type": "object"})),
                    DefKind::Enum(values) => Some(enum_type(values)),
                    _ => None,
                };
                self.mismatch(expected, value, schema, at);
            }
        }
    }

    /// The alternative the value fits best: one that fits whole, else the one
    /// with the fewest departures, whose departures are recorded.
    fn walk_one_of(
        &mut self,
        variants: &[Ty],
        value: &Json<'_>,
        schema: Schema<'_>,
        at: &mut String,
        secret: bool,
        depth: usize,
    ) {
        let mut best: Option<Walker<'_>> = None;
        for ty in variants {
            let mut trial = self.trial();
            // A named alternative has a pointer of its own; a primitive one
            // (`type: [string, integer]`, say) is the union's to widen.
            trial.walk(ty, value, schema, at, secret, depth + 1);
            if trial.found.is_empty() {
                return;
            }
            match &best {
                Some(b) if b.found.len() <= trial.found.len() => {}
                _ => best = Some(trial),
            }
        }
        for (_, record) in best.map(|b| b.found).unwrap_or_default() {
            self.push(record);
        }
    }
}

/// What the schema says a value is, for a record of a value that is not.
fn expected(spec: &Spec, ty: &Ty) -> Option<Value> {
    Some(match ty {
        Ty::Any => return None,
        Ty::String(Some(format)) => json!({"type": "string", "format": format}),
        Ty::String(None) => json!({"type": "string"}),
        Ty::Integer => json!({"type": "integer"}),
        Ty::Number => json!({"type": "number"}),
        Ty::Boolean => json!({"type": "boolean"}),
        Ty::List(_) => json!({"type": "array"}),
        Ty::Map(_) => json!({"type": "object"}),
        Ty::Named(i) => match &spec.types.get(*i)?.kind {
            DefKind::Object { .. } => json!({"type": "object"}),
            DefKind::Enum(values) => enum_type(values),
            DefKind::Alias(inner) => return expected(spec, inner),
            DefKind::OneOf(_) => return None,
        },
    })
}

/// An enum's JSON type: integers when every value is one.
fn enum_type(values: &[&str]) -> Value {
    let integers = !values.is_empty() && values.iter().all(|v| v.parse::<i64>().is_ok());
    json!({"type": if integers { "integer" } else { "string" }})
}
